"""A full disk while a checkpoint (or any artefact) is written: the one-paragraph message naming
the folder and the space needed, the previous file kept, no traceback (issue #13, fault 6)."""

from __future__ import annotations

import errno

import pytest
import torch

from percae_core.errors import DiskFullError
from percae_core.training.checkpoint import read_checkpoint, save_checkpoint


def _save_onto_a_full_disk(obj, handle) -> None:
    """What torch.save does on a full disk: part of the file, then a RuntimeError whose
    context is the ENOSPC OSError."""
    handle.write(b"x" * 4096)
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos") from None


def test_a_full_disk_keeps_the_previous_checkpoint_and_says_what_is_needed(
    tmp_path, monkeypatch
) -> None:
    checkpoint = tmp_path / "runs" / "cell" / "checkpoint.pt"
    save_checkpoint(checkpoint, {"epoch": 1})
    monkeypatch.setattr(torch, "save", _save_onto_a_full_disk)
    with pytest.raises(DiskFullError) as caught:
        save_checkpoint(checkpoint, {"epoch": 2})
    message = str(caught.value)
    assert str(checkpoint.parent) in message and "full" in message and "MB" in message
    assert caught.value.exit_code == 1
    monkeypatch.undo()
    assert read_checkpoint(checkpoint)["epoch"] == 1
    assert [p.name for p in checkpoint.parent.iterdir()] == ["checkpoint.pt"]
