"""Checkpoints: atomic writes, refusing damaged or foreign files, --restart."""

from __future__ import annotations

import pytest
import torch
from training_images import make_splits

from percae_core.errors import CheckpointError, PercaeError
from percae_core.training.checkpoint import read_checkpoint, save_checkpoint
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder


def ae_config(**overrides) -> FitConfig:
    values = dict(variant="ae", z=8, epochs=1, batch_size=8, seed=1, device="cpu", data_id="t")
    values.update(overrides)
    return FitConfig(**values)


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A finished one-epoch AE fit; tests copy its checkpoint before touching it."""
    train, val = make_splits()
    checkpoint = tmp_path_factory.mktemp("fit") / "checkpoint.pt"
    fit_autoencoder(train, val, ae_config(), loss_network=None, checkpoint=checkpoint, run="ae")
    return checkpoint


def copy_of(checkpoint, tmp_path):
    target = tmp_path / "checkpoint.pt"
    target.write_bytes(checkpoint.read_bytes())
    return target


def test_checkpoint_of_another_configuration_is_refused(finished, tmp_path):
    train, val = make_splits()
    with pytest.raises(
        CheckpointError, match=r"another training configuration \(z 8 there vs 16 now"
    ) as info:
        fit_autoencoder(
            train,
            val,
            ae_config(z=16),
            loss_network=None,
            checkpoint=copy_of(finished, tmp_path),
            run="ae",
        )
    assert "--restart" in info.value.hint


def test_checkpoint_of_other_images_is_refused(finished, tmp_path):
    train, val = make_splits(train=9, val=3)
    with pytest.raises(CheckpointError, match="trained on other images"):
        fit_autoencoder(
            train,
            val,
            ae_config(),
            loss_network=None,
            checkpoint=copy_of(finished, tmp_path),
            run="ae",
        )


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_damaged_checkpoint_is_refused_and_restart_replaces_it(finished, tmp_path, damage):
    checkpoint = copy_of(finished, tmp_path)
    if damage == "truncate":
        checkpoint.write_bytes(checkpoint.read_bytes()[:5000])
    elif damage == "garbage":
        checkpoint.write_bytes(b"not a checkpoint at all" * 100)
    else:
        torch.save({"weights": torch.zeros(3)}, checkpoint)
    train, val = make_splits()
    with pytest.raises(CheckpointError, match="damaged|not a percae"):
        fit_autoencoder(train, val, ae_config(), loss_network=None, checkpoint=checkpoint, run="ae")

    result = fit_autoencoder(
        train, val, ae_config(), loss_network=None, checkpoint=checkpoint, run="ae", restart=True
    )
    assert not result.resumed and result.epochs_run == 1
    assert read_checkpoint(checkpoint)["complete"]


class Smuggled:
    """An arbitrary class: unpickling it would run code the checkpoint chose."""


def test_pickled_objects_are_never_loaded(tmp_path):
    """weights_only=True: a checkpoint smuggling an arbitrary object is refused, not run."""
    checkpoint = tmp_path / "evil.pt"
    torch.save(
        {"format": "percae-autoencoder-fit", "format_version": 1, "payload": Smuggled()}, checkpoint
    )
    with pytest.raises(CheckpointError, match="damaged"):
        read_checkpoint(checkpoint)


def test_failed_write_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    checkpoint = tmp_path / "c.pt"
    save_checkpoint(checkpoint, {"epoch": 1})

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(torch, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint(checkpoint, {"epoch": 2})
    assert read_checkpoint(checkpoint)["epoch"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["c.pt"]


def test_unwritable_checkpoint_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PercaeError, match="Could not write the training checkpoint"):
        save_checkpoint(blocker / "c.pt", {"epoch": 1})
