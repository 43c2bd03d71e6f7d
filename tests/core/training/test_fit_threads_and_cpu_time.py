"""Every fit records the torch thread count it trained with and its process CPU time (issue 23),
through resumes and reuse, as it records its wall time."""

from __future__ import annotations

import pytest
import torch
from training_images import make_splits

from percae_core.errors import Interrupted
from percae_core.events import EpochFinished
from percae_core.training.checkpoint import read_checkpoint, save_checkpoint
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder


def ae_config() -> FitConfig:
    return FitConfig(
        variant="ae", z=8, epochs=3, batch_size=4, seed=2, device="cpu", data_id="threads"
    )


@pytest.fixture
def threads():
    """Set torch's thread count for a test (OMP_NUM_THREADS=1 keeps the fit from changing it)."""
    before = torch.get_num_threads()
    yield torch.set_num_threads
    torch.set_num_threads(before)


def fit(checkpoint, **options):
    train, val = make_splits()
    return fit_autoencoder(
        train, val, ae_config(), loss_network=None, checkpoint=checkpoint, run="t", **options
    )


def test_the_thread_count_and_cpu_time_of_training_are_recorded(threads, tmp_path):
    threads(2)
    result = fit(tmp_path / "c.pt")
    assert result.torch_threads == torch.get_num_threads() == 2
    assert result.speed_path.endswith(", threads 2")
    assert result.cpu_seconds is not None and result.cpu_seconds > 0
    assert result.cpu_seconds == pytest.approx(sum(r["cpu_seconds"] for r in result.history))

    threads(1)
    reused = fit(tmp_path / "c.pt")
    assert reused.reused and reused.speed_path == ""
    assert (reused.torch_threads, reused.cpu_seconds) == (2, result.cpu_seconds)


def test_cpu_time_is_summed_over_resumed_sessions_and_the_last_thread_count_kept(threads, tmp_path):
    checkpoint = tmp_path / "c.pt"
    events: list[object] = []
    threads(2)
    with pytest.raises(Interrupted):
        fit(
            checkpoint,
            on_event=events.append,
            should_stop=lambda: any(isinstance(e, EpochFinished) for e in events),
        )
    first_session = read_checkpoint(checkpoint)["history"][0]["cpu_seconds"]
    assert first_session > 0

    threads(1)
    resumed = fit(checkpoint)
    assert resumed.resumed and resumed.epochs_run == 3
    assert resumed.history[0]["cpu_seconds"] == first_session
    assert resumed.cpu_seconds is not None and resumed.cpu_seconds > first_session
    assert resumed.cpu_seconds == pytest.approx(sum(r["cpu_seconds"] for r in resumed.history))
    assert resumed.torch_threads == 1 and resumed.speed_path.endswith(", threads 1")


def test_a_fit_saved_before_they_were_recorded_reports_none(tmp_path):
    checkpoint = tmp_path / "c.pt"
    fit(checkpoint)
    state = read_checkpoint(checkpoint)
    for key in ("format", "format_version", "torch_threads"):
        del state[key]
    for row in state["history"]:
        del row["cpu_seconds"]
    save_checkpoint(checkpoint, state)

    reused = fit(checkpoint)
    assert reused.reused and reused.epochs_run == 3
    assert (reused.torch_threads, reused.cpu_seconds) == (None, None)
