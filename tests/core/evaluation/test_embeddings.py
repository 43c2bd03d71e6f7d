import numpy as np
import torch

from percae_core.data.parts import Split
from percae_core.evaluation.embeddings import cached_embedding
from percae_core.events import Notice
from percae_core.models.autoencoder import ConvAutoencoder

CPU = torch.device("cpu")


class CountingAutoencoder(ConvAutoencoder):
    calls = 0

    def encode(self, x):
        type(self).calls += 1
        return super().encode(x)


def test_embedding_is_computed_once_and_reused(tmp_path):
    torch.manual_seed(0)
    model = CountingAutoencoder((64, 64), 4, variational=True)
    images = np.random.default_rng(0).integers(0, 255, size=(10, 3, 64, 64), dtype=np.uint8)
    split = Split(images, np.arange(10))
    first = cached_embedding(
        tmp_path, "test", model, split, tile=1, device=CPU, checkpoint_sha256="c1"
    )
    calls = CountingAutoencoder.calls
    again = cached_embedding(
        tmp_path, "test", model, split, tile=1, device=CPU, checkpoint_sha256="c1"
    )
    assert CountingAutoencoder.calls == calls
    assert torch.equal(first.mu, again.mu) and first.mu.shape == (10, 4)
    model.eval()
    with torch.no_grad():
        mu, _ = ConvAutoencoder.encode(model, torch.from_numpy(images).float() / 255)
    torch.testing.assert_close(first.mu, mu)


def test_a_cache_of_the_wrong_length_is_recomputed(tmp_path):
    model = CountingAutoencoder((64, 64), 4, variational=False)
    images = np.zeros((6, 3, 64, 64), dtype=np.uint8)
    cached_embedding(
        tmp_path,
        "x",
        model,
        Split(images, np.arange(6)),
        tile=1,
        device=CPU,
        checkpoint_sha256="c1",
    )
    shorter = cached_embedding(
        tmp_path,
        "x",
        model,
        Split(images, np.arange(3)),
        tile=1,
        device=CPU,
        checkpoint_sha256="c1",
    )
    assert shorter.mu.shape == (3, 4)


def _cached(folder, model, split, checkpoint="c1", events=None):
    return cached_embedding(
        folder,
        "test",
        model,
        split,
        tile=1,
        device=CPU,
        checkpoint_sha256=checkpoint,
        on_event=(events.append if events is not None else lambda event: None),
    )


def test_a_zeroed_or_stale_cached_embedding_is_recomputed_with_a_notice(tmp_path):
    """Issue #13, fault 3: a zeroed test embedding was silently used (172 px instead of 9)."""
    torch.manual_seed(0)
    model = CountingAutoencoder((64, 64), 4, variational=False)
    images = np.random.default_rng(1).integers(0, 255, size=(6, 3, 64, 64), dtype=np.uint8)
    split = Split(images, np.arange(6))
    first = _cached(tmp_path, model, split)
    mu_file = tmp_path / "embedding-test-mu.npy"
    np.save(mu_file, np.zeros((6, 4), dtype=np.float32))
    events = []
    again = _cached(tmp_path, model, split, events=events)
    assert torch.equal(again.mu, first.mu)
    assert any(isinstance(e, Notice) and "checksum" in e.message for e in events)
    events.clear()
    _cached(tmp_path, model, split, checkpoint="another", events=events)
    assert any(isinstance(e, Notice) and "other inputs" in e.message for e in events)
