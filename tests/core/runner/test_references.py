"""A study's reference baselines are stored with the off-screen rule they were measured under."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import torch
from toy_entries import SPEC

from percae_core.data.parts import DatasetParts
from percae_core.events import ignore_events
from percae_core.paths import Home
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.runner.references import ensure_references

PROFILE = get_profile("smoke")


def _measure(path: Path, parts: DatasetParts) -> list[dict]:
    with ResultsDB.open(path) as db:
        ensure_references(
            db.references,
            parts,
            PROFILE,
            seed=0,
            pixel_dim=8,
            device=torch.device("cpu"),
            on_event=ignore_events,
        )
        return db.references.records()


def test_baselines_record_the_rule_of_their_parts_and_fill_in_older_rows(tmp_path: Path) -> None:
    paper = SPEC.load_parts(Home(tmp_path), PROFILE.scale("lunarlander"), ignore_events)
    exact = replace(paper, meta={"onscreen": "exact"})
    path = tmp_path / "r.sqlite"
    _measure(path, exact)
    records = _measure(path, paper)  # no rule in its meta: the paper's
    rules = {(r["kind"], r["onscreen"]) for r in records}
    assert rules == {(k, rule) for k in ("trivial", "pixels") for rule in ("exact", "paper")}

    conn = sqlite3.connect(path)  # as in a database stored before the rule was recorded
    with conn:
        conn.execute("UPDATE reference_results SET onscreen = NULL")
    conn.close()
    records = _measure(path, exact)  # found by key, so its rule is known: filled in
    assert sorted(str(r["onscreen"]) for r in records) == ["None"] * 3 + ["exact"] * 3
