import numpy as np
import pytest
import torch

from percae_core.data.parts import Split
from percae_core.errors import Interrupted
from percae_core.events import BatchFinished, EpochFinished, FitFinished
from percae_core.models.autoencoder import ConvDecoder
from percae_core.stages import Stage
from percae_core.training.decoder_retrain import reconstruction_errors, retrain_decoder


def blobs(n: int, seed: int) -> tuple[Split, torch.Tensor]:
    """Images of one bright square whose position is the 'embedding'."""
    rng = np.random.default_rng(seed)
    pos = rng.integers(0, 48, size=(n, 2))
    images = np.zeros((n, 3, 64, 64), dtype=np.uint8)
    for i, (y, x) in enumerate(pos):
        images[i, :, y : y + 16, x : x + 16] = 255
    mu = torch.tensor(pos / 48.0, dtype=torch.float32)
    return Split(images, np.arange(n)), mu


def test_fresh_decoder_learns_to_reconstruct_from_the_embedding():
    (train, mu_train), (val, mu_val), (test, mu_test) = blobs(96, 0), blobs(32, 1), blobs(32, 2)
    torch.manual_seed(0)
    untrained = ConvDecoder((64, 64), 2)
    before, _ = reconstruction_errors(untrained, mu_test, test, tile=1, device=torch.device("cpu"))
    events = []
    result = retrain_decoder(
        (64, 64),
        {"train": mu_train, "val": mu_val, "test": mu_test},
        {"train": train, "val": val, "test": test},
        tile=1,
        epochs=6,
        batch_size=16,
        seed=0,
        device=torch.device("cpu"),
        on_event=events.append,
    )
    assert result.test_l1 < 0.5 * before, (result.test_l1, before)
    assert 1 <= result.best_epoch <= result.epochs_run == 6
    assert [type(e) for e in events if isinstance(e, (EpochFinished, FitFinished))][
        -1
    ] is FitFinished


def test_reconstruction_errors_are_exact_per_element_means_over_uneven_batches():
    split, mu = blobs(5, 3)
    decoder = ConvDecoder((64, 64), 2).eval()
    l1, mse = reconstruction_errors(
        decoder, mu, split, tile=1, device=torch.device("cpu"), batch_size=2
    )
    with torch.no_grad():
        recon = decoder(mu)
    target = torch.from_numpy(split.gather()).float() / 255
    assert abs(l1 - (recon - target).abs().mean().item()) < 1e-6
    assert abs(mse - (recon - target).pow(2).mean().item()) < 1e-6


def test_a_stop_request_is_not_early_stopping_it_returns_no_decoder():
    """Paused after one epoch: Interrupted, never a one-epoch decoder passed off as finished."""
    (train, mu_train), (val, mu_val), (test, mu_test) = blobs(32, 0), blobs(16, 1), blobs(16, 2)
    finished = []
    with pytest.raises(Interrupted, match="epoch 2 of 6"):
        retrain_decoder(
            (64, 64),
            {"train": mu_train, "val": mu_val, "test": mu_test},
            {"train": train, "val": val, "test": test},
            tile=1,
            epochs=6,
            batch_size=16,
            seed=0,
            device=torch.device("cpu"),
            on_event=lambda e: finished.append(e) if isinstance(e, EpochFinished) else None,
            should_stop=lambda: len(finished) >= 1,
        )
    assert len(finished) == 1


def test_the_decoder_reports_every_batch_for_the_live_counter():
    (train, mu_train), (val, mu_val), (test, mu_test) = blobs(40, 0), blobs(16, 1), blobs(16, 2)
    events = []
    retrain_decoder(
        (64, 64),
        {"train": mu_train, "val": mu_val, "test": mu_test},
        {"train": train, "val": val, "test": test},
        tile=1,
        epochs=2,
        batch_size=16,
        seed=0,
        device=torch.device("cpu"),
        on_event=events.append,
    )
    batches = [e for e in events if isinstance(e, BatchFinished)]
    assert [(e.epoch, e.batch, e.batches) for e in batches] == [
        (1, 1, 3),
        (1, 2, 3),
        (1, 3, 3),
        (2, 1, 3),
        (2, 2, 3),
        (2, 3, 3),
    ]
    assert all(e.stage is Stage.DECODER and e.loss > 0 for e in batches)
