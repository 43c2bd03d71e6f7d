"""Table I parts by rollout: sizes, no shared rollouts, off-screen frames removed from the second half only."""

from __future__ import annotations

import numpy as np
import pytest

from percae_core.data.splits import (
    PART_NAMES,
    minimum_rollouts,
    part_rollout_counts,
    rollout_parts,
    table_one_rows,
)


def test_paper_sized_collection_gets_table_one_counts() -> None:
    assert part_rollout_counts(1400) == {
        "ae_train": 560,
        "ae_val": 140,
        "pred_train": 448,
        "pred_val": 112,
        "test": 140,
    }


def test_minimum_rollouts_is_the_first_count_filling_every_part() -> None:
    needed = minimum_rollouts()
    assert min(part_rollout_counts(needed).values()) >= 1
    assert min(part_rollout_counts(needed - 1).values()) == 0
    assert needed == 7


@pytest.mark.parametrize("rollouts", [7, 40, 1400])
def test_every_rollout_lands_in_exactly_one_part(rollouts: int) -> None:
    parts = rollout_parts(rollouts, seed=0)
    together = np.concatenate([parts[name] for name in PART_NAMES])
    assert sorted(together.tolist()) == list(range(rollouts))
    assert {name: len(ids) for name, ids in parts.items()} == part_rollout_counts(rollouts)
    half = rollouts // 2
    assert all(ids.max() < half for name, ids in parts.items() if name.startswith("ae_"))
    assert all(ids.min() >= half for name, ids in parts.items() if not name.startswith("ae_"))


def test_parts_are_seeded() -> None:
    first, again, other = rollout_parts(40, 1), rollout_parts(40, 1), rollout_parts(40, 2)
    assert all(np.array_equal(first[name], again[name]) for name in PART_NAMES)
    assert any(not np.array_equal(first[name], other[name]) for name in PART_NAMES)


def test_offscreen_frames_are_removed_from_the_second_half_only() -> None:
    rollouts, steps = 20, 10
    rollout_of_row = np.repeat(np.arange(rollouts), steps)
    keep = np.ones(rollouts * steps, dtype=bool)
    keep[::3] = False
    rows = table_one_rows(rollout_of_row, rollouts, keep, seed=0)
    ae = np.concatenate([rows["ae_train"], rows["ae_val"]])
    assert len(ae) == (rollouts // 2) * steps
    assert not keep[ae].all()
    second = np.concatenate([rows["pred_train"], rows["pred_val"], rows["test"]])
    assert keep[second].all()
    assert len(second) == keep[(rollouts // 2) * steps :].sum()
    seen: dict[int, str] = {}
    for name, picked in rows.items():
        assert np.all(np.diff(picked) > 0)
        for rollout in set(rollout_of_row[picked].tolist()):
            assert seen.setdefault(rollout, name) == name
