"""A loss network whose layer a dataset's images cannot reach is refused when the plan is made,
naming the smallest size, before anything is trained."""

from __future__ import annotations

import pytest

from percae_core.errors import UsageError
from percae_core.models.loss_network_registry import LOSS_NETWORKS, LossNetworkSpec
from percae_core.paths import Home
from percae_core.runner.bench import prepare_plan
from percae_core.runner.plan import BenchRequest

#: Inception v3 up to Mixed_7a needs 75 px (its stride-2 3x3 has nothing left of 64 px).
TOO_DEEP = LossNetworkSpec(
    "inception_v3-random:mixed_7a",
    "inception_v3",
    ("Mixed_7a",),
    pretrained=False,
    imagenet_normalised=True,
    description="Inception v3 up to Mixed_7a, seeded random, frozen",
)


def test_a_layer_out_of_reach_of_lunarlanders_64_px_is_refused_before_training(
    tmp_path, monkeypatch
):
    monkeypatch.setitem(LOSS_NETWORKS, TOO_DEEP.name, TOO_DEEP)
    home = Home(tmp_path / "home").ensure()
    request = BenchRequest(
        datasets=("lunarlander",), profile="smoke", variants=("pae",), loss_net=TOO_DEEP.name
    )
    with pytest.raises(UsageError) as info:
        prepare_plan(request, home)
    text = str(info.value)
    assert "75 x 75" in text and "64 x 64" in text and "LunarLander" in text
    assert not list((home.root / "runs").rglob("checkpoint.pt"))
