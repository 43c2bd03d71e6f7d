"""`--distance`, `--input-norm` and `--geometry` on `bench` and `train`: listed in the help, an
unknown name or a geometry the dataset lacks refused with exit 2 before anything is computed."""

from __future__ import annotations

import pytest
from cli_invocation import run_cli

from percae_core.data.geometry import GEOMETRIES
from percae_core.models.distances import DISTANCES
from percae_core.models.input_norms import INPUT_NORMS

COMMANDS = {
    "bench": ["--dataset", "lunarlander", "--profile", "smoke"],
    "train": ["--dataset", "lunarlander", "--variant", "pae", "--z", "8", "--profile", "smoke"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_help_lists_every_registered_name(command, capsys):
    code, out, _ = run_cli(capsys, command, "--help")
    text = " ".join(out.split())
    assert code == 0
    for name in [*DISTANCES, *INPUT_NORMS, *GEOMETRIES]:
        assert f"{name}:" in text, name


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(
    "flags, known",
    [
        (["--distance", "l1"], list(DISTANCES)),
        (["--input-norm", "zscore"], list(INPUT_NORMS)),
        (["--geometry", "crop"], list(GEOMETRIES)),
    ],
)
def test_unknown_names_are_usage_errors_listing_the_known_ones(
    command, flags, known, capsys, isolated_home
):
    code, _, err = run_cli(capsys, command, *COMMANDS[command], *flags)
    text = " ".join(err.split())
    assert code == 2 and all(name in text for name in known)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_geometry_the_dataset_lacks_is_refused_before_any_data(command, capsys, isolated_home):
    code, _, err = run_cli(capsys, command, *COMMANDS[command], "--geometry", "reflect-pad")
    assert code == 2 and "LunarLander has no 'reflect-pad' geometry" in " ".join(err.split())
    datasets = isolated_home / "datasets"
    assert not datasets.exists() or not any(datasets.iterdir())
