"""`percae results`: formats, filters, --out, the empty database and bad usage."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from percae_core.cli.app import main
from percae_core.evaluation.test_scores import save_test_scores
from percae_core.results.db import ResultsDB
from percae_core.results.rows import FitRow


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(args)
    captured = capsys.readouterr()
    return caught.value.code, captured.out, captured.err


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "home"


def _fill(home: Path) -> None:
    with ResultsDB.open(home / "results.sqlite") as db:
        experiment = db.cells.create_experiment({"profile": "smoke"})
        for variant, z, value, val_loss in (
            ("ae", 32, 20.0, 0.3),
            ("ae", 64, 18.0, 0.4),
            ("pae", 32, 4.0, 0.1),
            ("pae", 64, 3.0, 0.2),
        ):
            for dataset, metric, number in (
                ("lunarlander", "distance_px", value),
                ("svhn", "accuracy", 1 / value),
            ):
                cell_id = db.cells.upsert(
                    experiment,
                    {
                        "config_hash": f"{dataset}{variant}{z}",
                        "dataset": dataset,
                        "variant": variant,
                        "z": z,
                        "loss_net": "alexnet-random",
                        "profile": "smoke",
                        "seed": 0,
                        "device": "cpu",
                    },
                )
                db.cells.record_fit(cell_id, FitRow(seconds=3.0, seconds_per_epoch=1.5))
                db.cells.record_predictor(
                    cell_id, "mlp", "mlp 32 relu/none", val_loss, metric, number
                )
                db.cells.set_status(cell_id, "done")


def test_empty_database_says_no_results_yet_and_exits_0(home: Path, capsys) -> None:
    code, out, err = _run(["results"], capsys)
    assert code == 0 and out == ""
    assert "No results yet" in err and "percae bench" in err
    assert not (home / "results.sqlite").exists()  # reading does not create the database


def test_markdown_to_stdout_with_the_paper_beside(home: Path, capsys) -> None:
    _fill(home)
    code, out, _ = _run(["results", "--compare-paper"], capsys)
    assert code == 0
    assert "### Table II: LunarLander, MLP predictor" in out
    # one run per cell and no per-example scores: "any" takes each run at its chosen z, so it is
    # one pair like every z; nothing is marked, and the caption says why and what gives verdicts
    assert "| Any | 20.00 (z=32; paper 13.22) | – | 4.00 (z=32; paper 1.44) | – |" in out
    assert "### Table IV: SVHN" in out and "| Any | 5.0 (z=32; paper 81.9) | – | 25.0 (z=32;" in out
    assert "✓" not in out and "≈" not in out and "alexnet-random" in out
    assert out.count("verdicts: none (one run each, and no intact per-example test scores") == 2


def test_single_runs_are_compared_with_their_stored_test_scores(home: Path, capsys) -> None:
    _fill(home)
    # per-example distances of LunarLander's 50 test images, their means the stored values
    for variant, z, value in (
        ("ae", 32, 20.0),
        ("ae", 64, 18.0),
        ("pae", 32, 4.0),
        ("pae", 64, 3.0),
    ):
        spread = np.linspace(-1.0, 1.0, 50)
        (home / "runs" / f"lunarlander{variant}{z}").mkdir(parents=True, exist_ok=True)
        save_test_scores(
            home / "runs" / f"lunarlander{variant}{z}", "mlp", value + spread, "0" * 64
        )
    code, out, _ = _run(["results"], capsys)
    assert code == 0
    assert "| 32 | 20.00 | – | **4.00 ✓** | – |" in out
    assert "verdicts: paired bootstrap over test examples" in out
    assert "| P. AE vs AE | 32 | 1 | -16.000 |" in out
    assert "n = 1: test sampling only; training variance unknown (n = 1)." in out


def test_json_and_csv_carry_the_records(home: Path, capsys) -> None:
    _fill(home)
    code, out, _ = _run(["results", "--format", "json", "--dataset", "svhn"], capsys)
    records = json.loads(out)
    assert code == 0 and len(records) == 4 and {r["dataset"] for r in records} == {"svhn"}
    assert records[0]["train_seconds"] == 3.0
    code, out, _ = _run(["results", "--format", "csv", "--compare-paper"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 8
    svhn_pae_64 = next(
        r for r in rows if r["dataset"] == "svhn" and r["variant"] == "pae" and r["z"] == "64"
    )
    assert float(svhn_pae_64["paper_value"]) == pytest.approx(0.822)


def test_out_file_is_written_and_reported(home: Path, tmp_path: Path, capsys) -> None:
    _fill(home)
    target = tmp_path / "tables.md"
    code, out, err = _run(["results", "--out", str(target), "--loss-net", "alexnet-random"], capsys)
    assert code == 0 and out == ""
    assert "Wrote" in err and str(target) in err.replace("\n", "")
    assert target.read_text().startswith("# percae results")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tables")] == []


def test_filters_that_match_nothing_say_so(home: Path, capsys) -> None:
    _fill(home)
    code, out, err = _run(["results", "--loss-net", "alexnet"], capsys)
    assert code == 0 and out == "" and "No results match" in err


@pytest.mark.parametrize(
    "args", [["--format", "xlsx"], ["--dataset", "mnist"], ["--profile", "huge"]]
)
def test_bad_usage_exits_2(home: Path, capsys, args: list[str]) -> None:
    _fill(home)
    code, _, err = _run(["results", *args], capsys)
    assert code == 2 and "Choose from" in err


def test_unwritable_out_is_a_clear_error(home: Path, tmp_path: Path, capsys) -> None:
    _fill(home)
    (tmp_path / "a-file").write_text("not a folder")
    code, _, err = _run(["results", "--out", str(tmp_path / "a-file" / "t.md")], capsys)
    assert code == 1 and "Cannot write the results" in err


def test_an_unknown_profile_is_bad_usage_even_in_an_empty_home(isolated_home, capsys) -> None:
    code, _, err = _run(["results", "--profile", "nope"], capsys)
    assert code == 2 and "Unknown profile" in err
