"""Two of the 2023 study's new networks (seeded random, small) each train one smoke cell end to
end on SVHN imported from official-format .mat files; nothing is downloaded."""

from __future__ import annotations

import json
import math

from cli_invocation import run_cli
from official_format_writers import write_svhn_folder

from percae_core.models.loss_network_registry import get_loss_network_spec

NETWORKS = ("vgg11-random:relu2_1", "resnet50-random:layer1")


def test_two_new_random_networks_train_a_smoke_cell_each_on_svhn(capsys, isolated_home, tmp_path):
    write_svhn_folder(tmp_path / "svhn", {"train": 40, "test": 20, "extra": 60})
    code, _, err = run_cli(capsys, "data", "import", "svhn", str(tmp_path / "svhn"), "--no-verify")
    assert code == 0, err
    code, _, err = run_cli(
        capsys,
        *("bench", "--dataset", "svhn", "--profile", "smoke", "--variants", "pae"),
        *("--z", "8", "--epochs", "1", "--batch-size", "16", "--device", "cpu"),
        *("--loss-net", ",".join(NETWORKS)),
    )
    assert code == 0, err
    code, out, _ = run_cli(capsys, "results", "--format", "json")
    rows = json.loads(out)
    assert {row["loss_net"] for row in rows} == set(NETWORKS)
    assert all(math.isfinite(row["value"]) for row in rows)
    assert all(not get_loss_network_spec(name).pretrained for name in NETWORKS)
