import numpy as np
import torch

from percae_core.data.parts import Split
from percae_core.evaluation.embeddings import cached_embedding
from percae_core.models.autoencoder import ConvAutoencoder


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
    first = cached_embedding(tmp_path, "test", model, split, tile=1, device=torch.device("cpu"))
    calls = CountingAutoencoder.calls
    again = cached_embedding(tmp_path, "test", model, split, tile=1, device=torch.device("cpu"))
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
        tmp_path, "x", model, Split(images, np.arange(6)), tile=1, device=torch.device("cpu")
    )
    shorter = cached_embedding(
        tmp_path, "x", model, Split(images, np.arange(3)), tile=1, device=torch.device("cpu")
    )
    assert shorter.mu.shape == (3, 4)
