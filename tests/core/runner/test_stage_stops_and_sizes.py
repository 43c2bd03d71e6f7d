"""A paused stage records nothing a table shows, and data too small for a study is refused
before any compute. On a tiny imported SVHN (official .mat files written by the test)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from official_format_writers import write_svhn_folder

from percae_core.data import svhn_import
from percae_core.errors import Interrupted, PercaeError
from percae_core.events import EpochFinished, FitStarted
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.tables import build_report
from percae_core.runner import bench
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest, Plan
from percae_core.stages import Stage

REQUEST = BenchRequest(
    datasets=("svhn",),
    profile="smoke",
    z=(4,),
    variants=("ae",),
    epochs=1,
    device="cpu",
    precision="fp32",
)


def _home_with_svhn(root: Path, tmp_path: Path, counts: dict[str, int] | None = None) -> Home:
    home = Home(root).ensure()
    folder = tmp_path / "svhn-files"
    write_svhn_folder(folder, **({"counts": counts} if counts else {}))
    svhn_import.import_svhn(home, folder, verify=False)
    return home


def _quick_plan(home: Home) -> Plan:
    """The smoke plan with a 2-epoch predictor grid (the grid's length is not under test)."""
    plan = prepare_plan(REQUEST, home)
    plan.profile = dataclasses.replace(plan.profile, predictor_epochs=2, predictor_patience=1)
    return plan


def _tables(home: Home) -> dict[str, object]:
    with ResultsDB.open(home.database) as db:
        return {table.key: table for s in build_report(db) for table in s.tables}


def test_pause_during_decoder_retraining_shows_no_table_viii_until_resumed(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the raw-pixel baselines are not under test here and cost the most on a tiny dataset
    monkeypatch.setattr(bench, "ensure_references", lambda *args, **kwargs: 0.1)
    home = _home_with_svhn(isolated_home, tmp_path)
    decoder_started: list[FitStarted] = []
    decoder_epochs: list[EpochFinished] = []

    def watch(event: object) -> None:
        if isinstance(event, FitStarted) and event.stage is Stage.DECODER:
            decoder_started.append(event)
        if isinstance(event, EpochFinished) and event.stage is Stage.DECODER:
            decoder_epochs.append(event)

    with pytest.raises(Interrupted):
        run_plan(
            _quick_plan(home),
            home,
            on_event=watch,
            should_stop=lambda: bool(decoder_started),  # the pause arrives as it starts
        )
    assert len(decoder_started) == 1 and decoder_epochs == []
    with ResultsDB.open(home.database) as db:
        assert [cell["status"] for cell in db.cells.all()] == ["interrupted"]
    assert "VIII" not in _tables(home) and "III" not in _tables(home)

    run_plan(_quick_plan(home), home)
    tables = _tables(home)
    assert [row[0] for row in tables["VIII"].rows] == ["SVHN"]
    assert "precision: fp32" in tables["VIII"].caption


def test_a_part_too_small_is_refused_when_planning(isolated_home: Path, tmp_path: Path) -> None:
    home = _home_with_svhn(isolated_home, tmp_path, {"train": 2, "test": 6, "extra": 20})
    with pytest.raises(PercaeError) as caught:
        prepare_plan(REQUEST, home)
    error = caught.value
    assert error.exit_code == 1
    assert "SVHN" in error.message and "train part" in error.message
    assert "has 2 images" in error.message and "at least 3" in error.message
    with ResultsDB.open(home.database) as db:
        assert db.cells.all() == []  # nothing planned, nothing computed
