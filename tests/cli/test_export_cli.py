"""`percae export NAME` and `percae bench --track NAME` through the command line, read back
with each tracker's own reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_invocation import run_cli
from figure_study import NUMBERS, make_figure_study

from percae_core.trackers.registry import list_trackers

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def _scalars(run: Path, tag: str) -> list[tuple[int, float]]:
    reader = EventAccumulator(str(run), size_guidance={"scalars": 0})
    reader.Reload()
    return [(event.step, event.value) for event in reader.Scalars(tag)]


@pytest.fixture(scope="module")
def study_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_figure_study(tmp_path_factory.mktemp("export-cli")).root


@pytest.mark.parametrize("name", list_trackers())
def test_export_writes_a_run_per_cell_and_says_a_second_export_replaces(
    name, study_root, tmp_path, capsys
):
    pytest.importorskip(name)
    args = ("--home", str(study_root), "export", name, "--out", str(tmp_path))
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert len(out.split()) == len(NUMBERS)
    assert f"Wrote {len(NUMBERS)}" in err and "0 of them replacing" in err
    code, out, err = run_cli(capsys, *args)
    assert code == 0 and f"{len(NUMBERS)} of them replacing an earlier export" in err
    assert "never duplicates" in err


def test_export_without_results_is_a_clear_error(tmp_path, capsys):
    code, _, err = run_cli(
        capsys, "--home", str(tmp_path / "empty"), "export", "tensorboard", "--out", str(tmp_path)
    )
    assert code == 1 and "No results yet" in err and "percae bench" in err


def test_bench_track_writes_each_cell_live(tiny_lunarlander, isolated_home, tmp_path, capsys):
    folder = tmp_path / "tb"
    code, _, err = run_cli(
        capsys,
        "bench",
        "--profile",
        "smoke",
        "--dataset",
        "lunarlander",
        "--variants",
        "ae,pae",
        "--epochs",
        "2",
        "--track",
        "tensorboard",
        "--track-dir",
        str(folder),
    )
    assert code == 0, err
    runs = sorted(path.name for path in folder.iterdir())
    assert [name.rsplit("_", 1)[0] for name in runs] == [
        "lunarlander_z=8_AE",
        "lunarlander_z=8_P._AE_alexnet-random",
    ]
    for run in runs:
        assert [step for step, _ in _scalars(folder / run, "loss/train")] == [1, 2]
        assert len(_scalars(folder / run, "test/mlp_distance_px")) == 1
