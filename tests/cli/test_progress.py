"""The CLI's progress at 120 columns: a finished fit leaves one readable line, not a bar."""

from __future__ import annotations

import io

from rich.console import Console

from percae_core.cli.progress import RichProgress
from percae_core.events import BatchFinished, EpochFinished, FitFinished, FitStarted


def test_a_finished_fit_becomes_one_line_with_its_time_and_losses():
    stream = io.StringIO()
    console = Console(file=stream, width=120, force_terminal=False, color_system=None)
    with RichProgress(console=console) as progress:
        progress(FitStarted("ae", epochs=2, batches_per_epoch=3, description="AE z=32"))
        for epoch in (1, 2):
            for batch in range(1, 4):
                progress(BatchFinished("ae", epoch, batch, 3, 0.05))
            progress(EpochFinished("ae", epoch, 2, 0.05, 0.06, 1.0, 180.0, 0.0, epoch == 2))
        progress(FitFinished("ae", 2, 2, 0.06, 2.0, False))
        assert progress.progress.tasks == []  # the bar is gone
    lines = [line for line in stream.getvalue().splitlines() if "AE z=32" in line]
    done = [line for line in lines if line.startswith("done")]
    assert len(done) == 1
    assert "ep 2/2 train 0.05 val 0.06* 180 img/s" in done[0] and "0m0" in done[0]
