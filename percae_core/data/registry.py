"""The datasets of the study, loadable, by name; the CLI, the runner, the TUI and the tests iterate it.

The names, order and descriptions come from `percae_core.data.catalog`; each description names
the module that loads the dataset (it defines ``SPEC``). That module is imported by name only when
a dataset is loaded, so this registry imports none of the modules that import it. A user's own
dataset (`percae data import images`) has no module: its spec is made from its stored
description (`user_dataset.spec_for`).
"""

from __future__ import annotations

import importlib

from percae_core.data.catalog import dataset_descriptions, describe, list_datasets
from percae_core.data.spec import DatasetSpec
from percae_core.data.user_dataset import spec_for

__all__ = ["DatasetSpec", "datasets", "get_dataset", "list_datasets"]


def get_dataset(name: str) -> DatasetSpec:
    """The loadable dataset ``name``; `UsageError` when it is not registered."""
    description = describe(name)
    if description.in_home:
        return spec_for(description)
    spec = importlib.import_module(description.module).SPEC
    if not isinstance(spec, DatasetSpec):
        raise TypeError(f"{description.module}.SPEC is not a DatasetSpec")
    return spec


def datasets() -> dict[str, DatasetSpec]:
    """Every loadable dataset, in the paper's order."""
    return {
        description.name: get_dataset(description.name) for description in dataset_descriptions()
    }
