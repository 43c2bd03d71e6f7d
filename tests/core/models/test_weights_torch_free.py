"""`models/weights.py` answers `percae weights status` without torch: its copies of torchvision's
file addresses and sizes, and its torch-free cache folder, agree with torchvision and torch.hub."""

from __future__ import annotations

import json
import subprocess
import sys

import torchvision.models

from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.weights import PRETRAINED_FILES

# The folder found without torch for each environment, then torch.hub's for the same ones.
PROBE = """
import json, os, sys
from pathlib import Path
from percae_core.models.weights import cache_dir
envs = json.loads(sys.argv[1])

def each():
    found = []
    for env in envs:
        for key in ("TORCH_HOME", "XDG_CACHE_HOME"):
            os.environ.pop(key, None)
        os.environ.update(env)
        found.append(str(cache_dir()))
    return found

mine = each()
loaded_early = "torch" in sys.modules
import torch.hub
theirs = each()
print(json.dumps({"mine": mine, "theirs": theirs, "loaded_early": loaded_early}))
"""


def test_the_copied_addresses_and_sizes_are_torchvisions():
    for model, entry in TRUNKS.items():
        assert entry.weights is not None and entry.torchvision_weights is not None
        enum_name, member = entry.torchvision_weights.split(".")
        enum = getattr(getattr(torchvision.models, enum_name), member)
        assert PRETRAINED_FILES[model] is entry.weights
        assert PRETRAINED_FILES[model].url == enum.url
        assert PRETRAINED_FILES[model].expected_mb == enum.meta["_file_size"]
        assert entry.imagenet_top1 == enum.meta["_metrics"]["ImageNet-1K"]["acc@1"]
        assert PRETRAINED_FILES[model].hash_prefix in enum.url


def test_the_14_architectures_of_the_2023_study_have_a_trunk_each():
    # The study's `architecture_attributes` with `used_in_experiments=True`, in its order.
    assert [name for name, entry in TRUNKS.items() if entry.study_layers] == [
        *("alexnet", "vgg11", "vgg16", "vgg16_bn", "vgg19", "densenet121", "resnet18"),
        *("resnet50", "resnext50_32x4d", "googlenet", "inception_v3", "squeezenet1_1"),
        *("efficientnet_b0", "efficientnet_b7"),
    ]


def test_the_cache_folder_is_torch_hubs_without_loading_torch(tmp_path):
    envs = [{"TORCH_HOME": str(tmp_path / "th")}, {"XDG_CACHE_HOME": str(tmp_path / "xdg")}, {}]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(envs)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert not found["loaded_early"]
    assert found["mine"] == found["theirs"]
    assert found["mine"][0] == str(tmp_path / "th" / "hub" / "checkpoints")
