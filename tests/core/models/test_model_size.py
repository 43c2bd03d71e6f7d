"""A latent too wide for memory is refused before anything is allocated (issue #13, fault 7)."""

from __future__ import annotations

import pytest
import torch

from percae_core.cli.app import main
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.model_size import check_model_memory, parameter_count


def test_the_parameter_count_matches_the_built_model() -> None:
    for size, z in (((64, 64), 32), ((96, 96), 7)):
        model = ConvAutoencoder(size, z, variational=True)
        assert parameter_count(size, z) == sum(p.numel() for p in model.parameters())


def test_a_model_larger_than_the_memory_is_refused_with_its_size() -> None:
    with pytest.raises(Exception) as caught:
        check_model_memory((64, 64), 1_000_000, available=1_000_000_000)
    assert "needs about" in str(caught.value) and "--z" in str(caught.value)


@pytest.mark.parametrize("command", [["bench", "--profile", "smoke"], ["train", "--variant", "ae"]])
def test_z_of_a_billion_is_a_usage_error_not_an_allocation_traceback(command, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--dataset", "lunarlander", "--z", "1000000000"])
    assert caught.value.code == 2
    assert "needs about" in " ".join(capsys.readouterr().err.split())


def test_the_memory_check_leaves_the_seeded_weights_alone() -> None:
    """The first model built after seeding gets the same weights as any later one."""
    from percae_core.models import model_size

    model_size._fixed_parameters.cache_clear()
    weights = []
    for _ in range(2):
        torch.manual_seed(0)
        model = ConvAutoencoder((64, 64), 8, False)
        weights.append(torch.cat([p.detach().flatten() for p in model.parameters()]))
    assert torch.equal(weights[0], weights[1])
