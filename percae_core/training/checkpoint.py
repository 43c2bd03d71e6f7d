"""Training checkpoints: state dicts only, written atomically, read back with weights_only=True.

A checkpoint is one dict of tensors and plain values (no pickled objects), saved after every
epoch through the one atomic writer (`percae_core/storage/atomic_write.py`), so a crash, a kill or a
power loss leaves either the previous epoch's checkpoint or the new one, never half of one. It
records the configuration's fingerprint; resuming from a checkpoint of another configuration,
or from a damaged file, is refused with a `CheckpointError` instead of silently mixing runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from percae_core.errors import CheckpointError, PercaeError
from percae_core.storage.atomic_write import write_with_atomically
from percae_core.storage.load_failure import load_failure

FORMAT = "percae-autoencoder-fit"
FORMAT_VERSION = 1


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    """Write ``state`` to ``path`` atomically (temp file, fsync, os.replace)."""
    path = Path(path)
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, **state}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_with_atomically(path, lambda handle: torch.save(payload, handle))
    except OSError as exc:  # a full disk is already a DiskFullError (storage/atomic_write.py)
        why = exc.strerror or str(exc)
        raise PercaeError(
            f"Could not write the training checkpoint {path} ({why}); the previous checkpoint, "
            "if any, is unchanged.",
            hint="Free some space or fix the folder's permissions (or choose another home with "
            "--home), then run the same command again to resume.",
        ) from exc


def read_checkpoint(path: Path, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    """Load a checkpoint written by `save_checkpoint`; a damaged or foreign file is an error."""
    path = Path(path)
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except FileNotFoundError:
        raise CheckpointError(
            f"There is no training checkpoint at {path}.",
            hint="Train the autoencoder first (`percae train ...`).",
        ) from None
    except Exception as exc:  # torch raises many kinds on a damaged file (zip, pickle, EOF)
        raise CheckpointError(
            f"The training checkpoint {path} is damaged and cannot be read ({load_failure(exc)}).",
            hint="Start this fit over with --restart (the damaged file is replaced), or delete it.",
        ) from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(
            f"{path} is not a percae autoencoder checkpoint.",
            hint="Start this fit over with --restart, or move the file away.",
        )
    if state.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"The checkpoint {path} has format version {state.get('format_version')}; this "
            f"percae reads version {FORMAT_VERSION}.",
            hint="Start the fit over with --restart, or use the percae version that wrote it.",
        )
    return state


def check_configuration(
    state: dict[str, Any], fingerprint: str, config: dict[str, Any], path: Path
) -> None:
    """Refuse a checkpoint whose fingerprint differs from the current configuration's."""
    if state.get("fingerprint") == fingerprint:
        return
    saved = state.get("config", {})
    differences = [
        f"{key} {saved.get(key)!r} there vs {config.get(key)!r} now"
        for key in sorted(set(saved) | set(config))
        if saved.get(key) != config.get(key)
    ]
    detail = "; ".join(differences) if differences else "its data or format differ"
    raise CheckpointError(
        f"The checkpoint {path} belongs to another training configuration ({detail}).",
        hint="Run with --restart to discard it and train with the current settings, or use "
        "the settings it was made with.",
    )
