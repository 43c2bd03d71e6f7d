"""`models/weights.py` answers `percae weights status` without torch: its copies of torchvision's
file addresses and sizes, and its torch-free cache folder, agree with torchvision and torch.hub."""

from __future__ import annotations

import json
import subprocess
import sys

from torchvision.models import AlexNet_Weights, ResNet18_Weights, VGG16_Weights

from percae_core.models.weights import PRETRAINED_FILES

TORCHVISION = {
    "alexnet": AlexNet_Weights.IMAGENET1K_V1,
    "vgg16": VGG16_Weights.IMAGENET1K_V1,
    "resnet18": ResNet18_Weights.IMAGENET1K_V1,
}

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
    for model, enum in TORCHVISION.items():
        assert PRETRAINED_FILES[model].url == enum.url
        assert PRETRAINED_FILES[model].expected_mb == enum.meta["_file_size"]


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
