"""`--loss-net a,b`: a cell per loss network for the perceptual variants, pixel variants once."""

from __future__ import annotations

import pytest

from percae_core.errors import UsageError
from percae_core.profiles import get_profile
from percae_core.runner.plan import BenchRequest, build_cells, requested_loss_nets


def test_a_sweep_holds_one_perceptual_cell_per_network_and_pixel_cells_once():
    request = BenchRequest(datasets=("lunarlander",), profile="smoke", loss_net="a, b,a")
    nets = requested_loss_nets(request)
    assert nets == ["a", "b"]
    cells = build_cells(request, get_profile("smoke"), nets, ["lunarlander"])
    perceptual = [c for c in cells if c.variant.perceptual]
    pixel = [c for c in cells if not c.variant.perceptual]
    assert len(perceptual) == 2 * len({c.variant.name for c in perceptual})
    assert len({c.config_hash for c in cells}) == len(cells), "every cell is its own identity"
    assert len(pixel) == len({c.variant.name for c in pixel})
    assert {c.label for c in perceptual} >= {f"lunarlander z=32 P. AE [{n}]" for n in nets}
    single = build_cells(request, get_profile("smoke"), "a", ["lunarlander"])
    assert {c.config_hash for c in single} < {c.config_hash for c in cells}, (
        "a sweep reuses the cells of a one-network study"
    )


def test_no_loss_net_flag_means_the_default_and_an_empty_list_is_refused():
    assert requested_loss_nets(BenchRequest()) == [None]
    with pytest.raises(UsageError):
        requested_loss_nets(BenchRequest(loss_net=" , "))
