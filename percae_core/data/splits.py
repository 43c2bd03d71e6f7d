"""Seeded splits by group (rollout): the parts of Table I without ever cutting a rollout in two.

Table I for a collection of rollouts: the first half of the rollouts is the autoencoder part,
unaltered; the second half, with off-screen frames removed, is split 80% predictor / 20% test;
the autoencoder and predictor parts are each split 80% train / 20% validation. Every split is
by rollout, drawn from a generator seeded by the collection's seed, so the same collection
always gives the same parts.
"""

from __future__ import annotations

import numpy as np

HOLDOUT = 0.2
PART_NAMES = ("ae_train", "ae_val", "pred_train", "pred_val", "test")


def holdout_count(groups: int, fraction: float = HOLDOUT) -> int:
    """How many of ``groups`` go to the smaller side of a split (rounded half up)."""
    return int(groups * fraction + 0.5)


def split_groups(
    groups: np.ndarray, fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Split group ids into (kept, held out), ``fraction`` of them held out; both sorted."""
    shuffled = rng.permutation(np.asarray(groups))
    held = holdout_count(len(shuffled), fraction)
    cut = len(shuffled) - held
    return np.sort(shuffled[:cut]), np.sort(shuffled[cut:])


def part_rollout_counts(rollouts: int) -> dict[str, int]:
    """How many rollouts each part of Table I gets from a collection of ``rollouts``."""
    ae = rollouts // 2
    second = rollouts - ae
    test = holdout_count(second)
    pred = second - test
    ae_val = holdout_count(ae)
    pred_val = holdout_count(pred)
    return {
        "ae_train": ae - ae_val,
        "ae_val": ae_val,
        "pred_train": pred - pred_val,
        "pred_val": pred_val,
        "test": test,
    }


def minimum_rollouts() -> int:
    """The fewest rollouts that give every part of Table I at least one rollout."""
    rollouts = 1
    while min(part_rollout_counts(rollouts).values()) < 1:
        rollouts += 1
    return rollouts


def rollout_parts(rollouts: int, seed: int) -> dict[str, np.ndarray]:
    """The sorted rollout ids of each part of Table I."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x5B117]))
    ids = np.arange(rollouts)
    ae, second = ids[: rollouts // 2], ids[rollouts // 2 :]
    pred, test = split_groups(second, HOLDOUT, rng)
    ae_train, ae_val = split_groups(ae, HOLDOUT, rng)
    pred_train, pred_val = split_groups(pred, HOLDOUT, rng)
    return {
        "ae_train": ae_train,
        "ae_val": ae_val,
        "pred_train": pred_train,
        "pred_val": pred_val,
        "test": test,
    }


def table_one_rows(
    rollout_of_row: np.ndarray, rollouts: int, keep: np.ndarray, seed: int
) -> dict[str, np.ndarray]:
    """Row indices (sorted) of each part; ``keep`` masks the rows that stay in the second half.

    The autoencoder part ignores ``keep``: the paper leaves it unaltered.
    """
    rollout_of_row = np.asarray(rollout_of_row)
    keep = np.asarray(keep, dtype=bool)
    rows: dict[str, np.ndarray] = {}
    for name, ids in rollout_parts(rollouts, seed).items():
        member = np.isin(rollout_of_row, ids)
        if not name.startswith("ae_"):
            member &= keep
        rows[name] = np.flatnonzero(member)
    return rows
