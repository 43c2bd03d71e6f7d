"""A damaged decoder.pt or checkpoint.pt gives a clear error whose advice really recomputes the
cell and never suggests unsafe loading (issue #13, faults 8 and 10)."""

from __future__ import annotations

import io
import pathlib

import pytest
import torch

from percae_core.data.parts import Split, to_model_input
from percae_core.errors import CheckpointError
from percae_core.models.variants import get_variant
from percae_core.reconstructions import reconstruct
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder


@pytest.fixture(scope="module")
def cell_folder(tmp_path_factory):
    import numpy as np

    images = np.random.default_rng(0).integers(0, 255, size=(6, 3, 64, 64), dtype=np.uint8)
    folder = tmp_path_factory.mktemp("runs") / "0123456789abcdef"
    config = FitConfig(
        variant=get_variant("ae"), z=4, epochs=1, batch_size=4, seed=0, device="cpu", data_id="t"
    )
    fit_autoencoder(
        Split(images, np.arange(4)),
        Split(images, np.arange(4, 6)),
        config,
        loss_network=None,
        checkpoint=folder / "checkpoint.pt",
        run="t",
    )
    return folder, to_model_input(torch.from_numpy(images[:1]))


def _saved(value) -> bytes:
    buffer = io.BytesIO()
    torch.save(value, buffer)
    return buffer.getvalue()


def _assert_clear(error: CheckpointError) -> None:
    text = str(error)
    assert "--recompute 0123456789abcdef" in text
    assert "weights_only" not in text and "--restart" not in text


@pytest.mark.parametrize(
    "content",
    [b"\x00garbage" * 40, _saved({"weight": pathlib.PurePosixPath("a pickled object")})],
    ids=["garbage", "pickled-object"],
)
def test_a_damaged_decoder_is_a_clear_error_naming_the_recompute_flag(cell_folder, content):
    folder, image = cell_folder
    (folder / "decoder.pt").write_bytes(content)
    try:
        with pytest.raises(CheckpointError) as caught:
            reconstruct(folder, image)
        _assert_clear(caught.value)
    finally:
        (folder / "decoder.pt").unlink()


def test_a_damaged_checkpoint_names_the_recompute_flag_not_restart(cell_folder, tmp_path):
    folder, image = cell_folder
    broken = tmp_path / folder.name
    broken.mkdir()
    data = (folder / "checkpoint.pt").read_bytes()
    (broken / "checkpoint.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError) as caught:
        reconstruct(broken, image)
    _assert_clear(caught.value)
