"""A dataset and a loss network percae has never seen, each added with one registry entry, train
a study end to end (docs/architecture.md: "adding a dataset or a loss network").

The toy dataset brings its own module (``SPEC``: 64x64 images with 10 classes, made in memory);
the toy loss network is a seeded-random VGG16 tapped at its first block, compared by a distance
of its own (``module:function`` in the same module). Nothing else is edited: the study's rows
name both, the perceptual cell optimised the toy distance, and the classification metric is the
one the toy dataset's description names.
"""

from __future__ import annotations

import importlib
import math

import pytest

from percae_core.data.catalog import register_dataset, unregister_dataset
from percae_core.data.description import DatasetDescription, PaperParts
from percae_core.data.scale import DatasetScale
from percae_core.models.loss_network_registry import LOSS_NETWORKS, LossNetworkSpec
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.profiles import list_profiles
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest

MODULE = "toy_study_entries"
TOY = DatasetDescription(
    name="toyshapes",
    title="Toy Shapes",
    order=60,
    task="classification",
    metric="accuracy",
    num_outputs=10,
    image_size=(64, 64),
    obtain=("import",),
    paper_parts=PaperParts(ae=160, predictor=60, test=40),
    scales={profile: DatasetScale(z=(8,)) for profile in list_profiles()},
    module=MODULE,
)
TOY_NET = LossNetworkSpec(
    "toy-vgg:relu1_2",
    "vgg16",
    ("relu1_2",),
    pretrained=False,
    imagenet_normalised=True,
    description="VGG16 up to relu1_2, seeded random, compared by mean absolute difference",
    distance=f"{MODULE}:mean_abs_distance",
)

# The one module a new dataset brings (and, here, the new loss network's distance).
ENTRIES = """
import numpy as np
import torch
from torch import nn

from percae_core.data.parts import DatasetParts, Split
from percae_core.data.spec import DatasetSpec
from percae_core.models.feature_distance import FeatureDistance
from test_registered_toy_study import TOY

DISTANCE_CALLS = []


def _parts(home, scale, on_event):
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, size=260)
    images = np.zeros((260, 3, 64, 64), dtype=np.uint8)
    for row, label in enumerate(labels):  # a bright square whose place says the class
        x, y = 6 * int(label), 4 * int(label)
        images[row, :, y : y + 12, x : x + 12] = 255
    images += rng.integers(0, 40, size=images.shape, dtype=np.uint8)
    rows = np.arange(260)

    def split(start, stop, labelled):
        part = rows[start:stop]
        return Split(images, part, labels[part] if labelled else None)

    return DatasetParts(
        dataset=TOY.name,
        image_size=TOY.image_size,
        task=TOY.task,
        num_outputs=TOY.num_outputs,
        ae_train=split(0, 128, False),
        ae_val=split(128, 160, False),
        pred_train=split(160, 200, True),
        pred_val=split(200, 220, True),
        test=split(220, 260, True),
    )


SPEC = DatasetSpec(
    description=TOY,
    how_to_get="made in memory by the test",
    is_ready=lambda home, scale: True,
    load_parts=_parts,
    status=lambda home, verify=False: [],
)


class MeanAbsDistance(FeatureDistance):
    def prepare(self, layer, activation):
        return activation.flatten(1)

    def forward(self, predicted, target):
        DISTANCE_CALLS.append(len(predicted))
        return torch.stack(
            [(p.float() - t.float()).abs().mean() for p, t in zip(predicted, target)]
        ).sum()


def mean_abs_distance(channels, *, pretrained, allow_download, on_event):
    return MeanAbsDistance()
"""


@pytest.fixture
def registered(monkeypatch, tmp_path):
    """The toy dataset and loss network, one entry each; the registries restored after."""
    folder = tmp_path / "entries"
    folder.mkdir()
    (folder / f"{MODULE}.py").write_text(ENTRIES)
    (folder / "test_registered_toy_study.py").write_text(f"from {__name__} import TOY\n")
    monkeypatch.syspath_prepend(str(folder))
    register_dataset(TOY)
    monkeypatch.setitem(LOSS_NETWORKS, TOY_NET.name, TOY_NET)
    yield importlib.import_module(MODULE)
    unregister_dataset(TOY.name)


def test_a_new_dataset_and_loss_network_train_a_study_and_name_its_rows(registered, tmp_path):
    home = Home(tmp_path / "home").ensure()
    perceptual = next(v.name for v in VARIANTS.values() if v.perceptual and not v.variational)
    pixel = next(v.name for v in VARIANTS.values() if not v.perceptual and not v.variational)
    request = BenchRequest(
        datasets=(TOY.name,),
        profile="smoke",
        variants=(pixel, perceptual),
        loss_net=TOY_NET.name,
        epochs=1,
        batch_size=32,
    )
    run_plan(prepare_plan(request, home), home)

    assert registered.DISTANCE_CALLS, "the perceptual cell trained through the toy distance"
    with ResultsDB.open(home.database) as db:
        records = db.cells.result_records()
        statuses = {cell["variant"]: cell["status"] for cell in db.cells.all()}
    assert statuses == {pixel: "done", perceptual: "done"}
    by_variant = {(r["variant"], r["predictor"]): r for r in records}
    for variant in (pixel, perceptual):
        row = by_variant[(variant, "mlp")]
        assert row["dataset"] == TOY.name and row["metric"] == TOY.metric
        assert 0.0 <= row["value"] <= 1.0
        assert math.isfinite(by_variant[(variant, "decoder")]["value"])
    assert by_variant[(perceptual, "mlp")]["loss_net"] == TOY_NET.name
    assert by_variant[(pixel, "mlp")]["loss_net"] in (None, "")
