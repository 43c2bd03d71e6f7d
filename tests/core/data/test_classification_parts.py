"""A classification dataset's parts are read under the names and class count of its entry."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from percae_core.data.cache import CacheWriter, open_cache
from percae_core.data.catalog import STL10
from percae_core.data.classification_parts import classification_parts
from percae_core.data.scale import DatasetScale


def test_parts_and_class_count_come_from_the_entry(tmp_path):
    entry = replace(STL10, name="birds", stored_parts=("wild", "tagged", "held"), num_outputs=3)
    rng = np.random.default_rng(0)
    with CacheWriter(tmp_path / "cache", {"dataset": entry.name}) as writer:
        for part, count in (("wild", 50), ("tagged", 20), ("held", 10)):
            writer.put(f"{part}_images", rng.integers(0, 255, (count, 3, 8, 8), dtype=np.uint8))
            if part != "wild":
                writer.put(f"{part}_labels", rng.integers(0, 3, count).astype(np.int64))
    parts = classification_parts(
        open_cache(tmp_path / "cache"), description=entry, tile=1, scale=DatasetScale(z=(8,))
    )
    assert parts.num_outputs == 3 and parts.dataset == "birds"
    assert (len(parts.ae_train), len(parts.ae_val)) == (40, 10)
    assert (len(parts.pred_train), len(parts.pred_val), len(parts.test)) == (16, 4, 10)
