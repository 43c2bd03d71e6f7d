"""Every dataset the catalog says is imported or downloaded has an importer keeping the contract
(`percae_core/data/importer.py`); one that breaks it is refused by name."""

from __future__ import annotations

import inspect
import types
from dataclasses import replace

import pytest

from percae_core.data.catalog import STL10, dataset_descriptions
from percae_core.data.importer import DatasetImporter, load_importer

FILE_BASED = [d for d in dataset_descriptions() if {"import", "download"} & set(d.obtain)]


@pytest.mark.parametrize("description", FILE_BASED, ids=lambda d: d.name)
def test_every_file_based_entry_has_an_importer_keeping_the_contract(description):
    importer = load_importer(description)
    assert isinstance(importer, DatasetImporter)
    assert list(inspect.signature(importer.import_files).parameters)[:4] == [
        "home",
        "source",
        "verify",
        "on_event",
    ]
    assert list(inspect.signature(importer.download).parameters)[:2] == ["home", "on_event"]
    assert description.import_source, "the import help needs to say what PATH is"
    assert len(description.stored_parts) == 3


def test_a_module_without_an_importer_is_refused_by_name(monkeypatch):
    module = types.ModuleType("percae_test_broken_importer")
    module.import_files = lambda home, source: {}  # the old, unwritten contract
    monkeypatch.setitem(__import__("sys").modules, module.__name__, module)
    with pytest.raises(TypeError, match="percae_test_broken_importer.IMPORTER"):
        load_importer(replace(STL10, importer=module.__name__))
