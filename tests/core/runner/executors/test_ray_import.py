"""`--executor ray` flags checked before any compute: ray missing, flags out of range."""

from __future__ import annotations

import socket
import sys

import pytest

from percae_core.cli.app import main

BENCH = ["bench", "-d", "lunarlander", "-p", "smoke"]


def run(args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    captured = capsys.readouterr()
    return exc.value.code, captured.out + captured.err


def test_ray_executor_without_ray_says_how_to_install_and_exits_1(
    monkeypatch, capsys, isolated_home
):
    monkeypatch.setitem(sys.modules, "ray", None)
    code, output = run([*BENCH, "--executor", "ray"], capsys)
    assert code == 1, output
    assert "percae[ray]" in output
    assert "Traceback" not in output
    datasets = isolated_home / "datasets"
    assert not datasets.exists() or not any(datasets.iterdir()), "nothing may be computed first"


def test_ray_only_flags_without_the_ray_executor_are_a_usage_error(capsys, isolated_home):
    code, output = run([*BENCH, "--gpus-per-cell", "0.5"], capsys)
    assert code == 2
    assert "--executor ray" in output


def test_gpus_per_cell_out_of_range_is_a_usage_error(capsys, isolated_home):
    code, output = run([*BENCH, "--executor", "ray", "--gpus-per-cell", "9"], capsys)
    assert code == 2
    assert "--gpus-per-cell must be between 0" in output


def test_an_unreachable_ray_address_says_so_and_exits_1(capsys, isolated_home):
    pytest.importorskip("ray")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    code, output = run([*BENCH, "--executor", "ray", "--ray-address", address], capsys)
    assert code == 1, output
    assert f"No Ray head answers at {address}" in output
    assert "ray start --head" in output
