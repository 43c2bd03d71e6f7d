"""The fit loop: learning, best weights, exact resume, reuse of a finished fit, events."""

from __future__ import annotations

import pytest
import torch
from training_images import make_splits

from percae_core.errors import CheckpointError, Interrupted
from percae_core.events import BatchFinished, EpochFinished, FitFinished, FitStarted, Notice
from percae_core.models.loss_networks import build_loss_network
from percae_core.models.variants import VARIANTS, get_variant
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder, load_trained_autoencoder


def config_for(variant: str, **overrides) -> FitConfig:
    values = dict(
        variant=get_variant(variant),
        z=8,
        epochs=3,
        batch_size=4,
        seed=3,
        device="cpu",
        loss_net="alexnet-random" if get_variant(variant).perceptual else None,
        data_id="test",
    )
    values.update(overrides)
    return FitConfig(**values)


def random_alexnet_network():
    return build_loss_network("alexnet-random", allow_download=False)


def assert_same_weights(a: torch.nn.Module, b: torch.nn.Module) -> None:
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        assert torch.equal(sa[key], sb[key]), key


def without_timing(history: list[dict]) -> list[dict]:
    return [
        {k: v for k, v in row.items() if "second" not in k and "per_s" not in k} for row in history
    ]


@pytest.fixture(scope="module")
def straight(tmp_path_factory):
    """One uninterrupted 3-epoch P. VAE fit (8 + 4 images, 2 batches an epoch) and its events.

    A P. VAE covers the trickiest state: shuffling, sampling noise, Adam, the loss network.
    """
    train, val = make_splits()
    events = []
    checkpoint = tmp_path_factory.mktemp("straight") / "checkpoint.pt"
    result = fit_autoencoder(
        train,
        val,
        config_for("pvae"),
        loss_network=random_alexnet_network(),
        checkpoint=checkpoint,
        run="straight",
        on_event=events.append,
    )
    return result, events


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_training_lowers_the_loss_of_every_variant(variant, random_alexnet, tmp_path):
    train, _ = make_splits(train=4, val=0)
    result = fit_autoencoder(
        train,
        train,
        config_for(variant, epochs=3, lr=3e-4),
        loss_network=random_alexnet,
        checkpoint=tmp_path / "c.pt",
        run=variant,
    )
    losses = [row["train_loss"] for row in result.history]
    assert losses[-1] < losses[0]
    assert result.history[-1]["rec"] < result.history[0]["rec"]
    assert not result.model.training
    assert (result.final_kld > 0) == get_variant(variant).variational


def test_result_holds_the_best_validation_epoch(straight):
    result, _ = straight
    val_losses = [row["val_loss"] for row in result.history]
    assert result.epochs_run == 3
    assert result.best_val_loss == min(val_losses)
    assert result.best_epoch == val_losses.index(min(val_losses)) + 1
    best = result.history[result.best_epoch - 1]
    assert (result.final_rec, result.final_kld) == (best["rec"], best["kld"])
    assert result.seconds == pytest.approx(sum(result.seconds_per_epoch))
    assert result.images_per_s > 0 and result.device == "cpu" and not result.resumed


def _stop_after_first_epoch(events):
    return lambda: sum(isinstance(e, EpochFinished) for e in events) >= 1


def _ctrl_c_in_second_epoch(events):
    batches = iter(range(10**6))

    def check() -> bool:
        if next(batches) == 3:  # 2 batches an epoch: the 2nd batch of epoch 2
            raise KeyboardInterrupt
        return False

    return check


@pytest.mark.parametrize(
    "stop, message",
    [
        (_stop_after_first_epoch, "stopped on request after epoch 1; the 1 finished epoch"),
        (_ctrl_c_in_second_epoch, "interrupted during epoch 2; the 1 finished epoch"),
    ],
)
def test_resumed_fit_equals_uninterrupted_fit(straight, stop, message, tmp_path):
    reference, _ = straight
    train, val = make_splits()
    checkpoint = tmp_path / "cut.pt"
    events = []
    with pytest.raises(Interrupted, match=message):
        fit_autoencoder(
            train,
            val,
            config_for("pvae"),
            loss_network=random_alexnet_network(),
            checkpoint=checkpoint,
            run="cut",
            on_event=events.append,
            should_stop=stop(events),
        )
    with pytest.raises(CheckpointError, match="not finished"):
        load_trained_autoencoder(checkpoint)
    torch.manual_seed(12345)  # whatever ran in between must not matter
    resumed = fit_autoencoder(
        train,
        val,
        config_for("pvae"),
        loss_network=random_alexnet_network(),
        checkpoint=checkpoint,
        run="cut",
    )

    assert resumed.resumed
    assert_same_weights(reference.model, resumed.model)
    assert without_timing(resumed.history) == without_timing(reference.history)
    assert len(resumed.seconds_per_epoch) == 3


def test_finished_fit_is_reused_not_retrained(straight):
    first, _ = straight
    train, val = make_splits()
    events = []
    again = fit_autoencoder(
        train,
        val,
        config_for("pvae"),
        loss_network=random_alexnet_network(),
        checkpoint=first.checkpoint,
        run="again",
        on_event=events.append,
    )
    assert not any(isinstance(e, BatchFinished) for e in events)
    assert any(isinstance(e, Notice) and "already trained" in e.message for e in events)
    assert again.resumed and again.best_val_loss == first.best_val_loss
    assert_same_weights(first.model, again.model)

    model, summary = load_trained_autoencoder(first.checkpoint)
    assert_same_weights(first.model, model)
    assert summary.history == first.history
    assert summary.config.fingerprint() == first.config.fingerprint()


def test_events_arrive_in_order(straight):
    _, events = straight
    kinds = [type(e).__name__ for e in events if not isinstance(e, Notice)]
    assert kinds == (
        ["FitStarted"] + (["BatchFinished"] * 2 + ["EpochFinished"]) * 3 + ["FitFinished"]
    )
    started, finished = events[0], events[-1]
    assert isinstance(started, FitStarted) and started.batches_per_epoch == 2
    assert isinstance(finished, FitFinished) and finished.epochs_run == 3
    epochs = [e for e in events if isinstance(e, EpochFinished)]
    assert [e.epoch for e in epochs] == [1, 2, 3]
    assert epochs[0].eta_s > 0 and epochs[-1].eta_s == 0
    assert set(epochs[0].loss_parts) == {"rec", "kld"} and epochs[0].is_best
