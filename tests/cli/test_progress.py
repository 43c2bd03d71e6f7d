"""The CLI's progress at 120 columns: fixed columns, one line per finished fit, a calm stop."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from percae_core.cli.progress import RichProgress
from percae_core.events import (
    BatchFinished,
    EpochFinished,
    FitFinished,
    FitStarted,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
)


def _console(stream: io.StringIO) -> Console:
    return Console(file=stream, width=120, force_terminal=False, color_system=None)


def _epoch(run: str, epoch: int, best: bool = True) -> EpochFinished:
    return EpochFinished(run, epoch, 2, 0.05, 0.06, 1.0, 180.0, 0.0, best)


def test_a_finished_fit_becomes_one_line_with_its_time_rate_and_losses():
    stream = io.StringIO()
    with RichProgress(console=_console(stream)) as progress:
        progress(FitStarted("ae", epochs=2, batches_per_epoch=3, description="AE z=32"))
        for epoch in (1, 2):
            for batch in range(1, 4):
                progress(BatchFinished("ae", epoch, batch, 3, 0.05))
            progress(_epoch("ae", epoch, epoch == 2))
        progress(FitFinished("ae", 2, 2, 0.06, 2.0, False))
        assert progress.progress.tasks == []  # the bar is gone
    lines = [line for line in stream.getvalue().splitlines() if "AE z=32" in line]
    done = [line for line in lines if line.startswith("done")]
    assert len(done) == 1
    assert "0m00s  180 img/s  ep 2/2 train 0.05 val 0.06*" in done[0]


def _rendered_columns(progress: RichProgress) -> list[str]:
    stream = io.StringIO()
    console = _console(stream)
    console.print(progress.progress.make_tasks_table(progress.progress.tasks))
    return stream.getvalue().splitlines()


def test_columns_keep_their_width_when_the_losses_arrive():
    """Elapsed, ETA and the bar stay readable; the losses and img/s get their own columns."""
    progress = RichProgress(console=_console(io.StringIO()))
    progress(FitStarted("ae", epochs=2, batches_per_epoch=3, description="P. VAE z=32, alexnet"))
    progress(BatchFinished("ae", 1, 1, 3, 0.05))
    before = _rendered_columns(progress)[0]
    progress(_epoch("ae", 1))
    progress(
        EpochFinished("ae", 1, 2, 9.14e-05, 0.0001318, 1.0, 12345.0, 0.0, True)
    )  # a long status
    after = _rendered_columns(progress)[0]
    assert "…" not in after.split("ep 1/2")[0]  # nothing before the losses is cut
    assert "1/6" in after and "12,345 img/s" in after and "ETA " in after
    assert "ep 1/2 train 9.14e-05 val 0.000132*" in after  # the losses fit whole at 120 columns
    assert "0m00s" in after
    assert before.index("1/6") == after.index("1/6")  # the count did not move
    assert "img/s" not in after.split("ep 1/2")[1]  # img/s is not in the losses' text


def test_ctrl_c_stops_each_bar_once_and_never_says_done():
    stream = io.StringIO()
    with pytest.raises(KeyboardInterrupt), RichProgress(console=_console(stream)) as progress:
        progress(TaskStarted("study", "study", total=4, unit="cells"))
        progress(TaskAdvanced("study", 1))
        progress(TaskStarted("predictor-grid", "predictor grid", total=100, unit="epochs"))
        for _ in range(37):
            progress(TaskAdvanced("predictor-grid"))
        try:
            raise KeyboardInterrupt
        finally:  # what the engine does: the task ends while the interrupt passes
            progress(TaskFinished("predictor-grid"))
    text = stream.getvalue()
    assert "100/100" not in text
    assert "stopped predictor grid at 37/100" in text
    assert "done" not in text
    assert sum(line.count("study") for line in text.splitlines()) == 1
    assert "stopped study at 1/4" in text
