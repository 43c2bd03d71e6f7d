"""The dataset catalog is the one description of every dataset: every profile covers it, its
metric is registered, its loader agrees with it, and the registry never imports the loaders."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import percae_core.data.registry as registry_module
from percae_core.data.catalog import dataset_descriptions, dataset_rank, dataset_title, describe
from percae_core.data.registry import get_dataset, list_datasets
from percae_core.errors import UsageError
from percae_core.evaluation.metric_registry import get_metric
from percae_core.profiles import get_profile, list_profiles

DATASETS = [description.name for description in dataset_descriptions()]


@pytest.mark.parametrize("profile", list_profiles())
@pytest.mark.parametrize("dataset", DATASETS)
def test_every_profile_says_how_much_of_every_dataset_it_uses(dataset, profile):
    scale = get_profile(profile).scale(dataset)
    assert scale.z and all(z > 0 for z in scale.z)
    description = describe(dataset)
    assert 0 < description.ae_part_images(scale) <= 10 * description.paper_parts.ae


@pytest.mark.parametrize("dataset", DATASETS)
def test_description_metric_loader_and_paper_sizes_agree(dataset):
    description = describe(dataset)
    metric = get_metric(description.metric)
    assert metric.task == description.task
    spec = get_dataset(dataset)
    assert spec.description is description
    assert (spec.name, spec.title, spec.image_size) == (
        description.name,
        description.title,
        description.image_size,
    )
    assert description.obtain and spec.how_to_get
    assert description.prepares_itself or description.importer
    parts = description.paper_parts
    assert min(parts.ae, parts.predictor, parts.test) > 0
    assert description.ae_part_images(get_profile("paper").scale(dataset)) == parts.ae
    assert dataset_title(dataset) == description.title


def test_catalog_order_is_the_papers_and_unknown_names_sort_last():
    assert list_datasets() == DATASETS
    assert [dataset_rank(name) for name in DATASETS] == sorted(
        dataset_rank(name) for name in DATASETS
    )
    assert dataset_rank("not-a-dataset") > max(dataset_rank(name) for name in DATASETS)
    assert dataset_title("not-a-dataset") == "not-a-dataset"


def test_unknown_dataset_or_missing_scale_is_a_usage_error_not_a_key_error():
    with pytest.raises(UsageError, match="Unknown dataset") as unknown:
        get_profile("smoke").scale("no-such-dataset")
    assert DATASETS[0] in (unknown.value.hint or "")
    description = describe(DATASETS[0])
    with pytest.raises(UsageError, match="says nothing about") as missing:
        description.scale_for("no-such-profile")
    assert "catalog.py" in (missing.value.hint or "")


def test_the_registry_does_not_import_the_dataset_modules_that_import_it():
    tree = ast.parse(Path(registry_module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    loaders = {description.module for description in dataset_descriptions()}
    assert loaders and not imported & loaders
    assert "percae_core.data" not in imported  # no `from percae_core.data import lunarlander`


def test_a_second_dataset_under_a_taken_name_is_refused():
    from dataclasses import replace

    from percae_core.data.catalog import STL10, register_dataset
    from percae_core.registry import DuplicateEntryError

    with pytest.raises(DuplicateEntryError, match="dataset named 'stl10'"):
        register_dataset(replace(STL10, title="Another STL-10"))
    assert describe("stl10").title == "STL-10"
