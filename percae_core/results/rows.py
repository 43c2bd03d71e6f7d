"""The rows a cell writes, as typed values: one epoch, the autoencoder's fit, its diagnostics.

`CellRecorder` (runner/cell_context.py), the cell store and a Ray task's `CapturedWrites` all take
these, so a misspelt field is a type error where it is made, never a NULL column. The store
writes one column per field (`sql_values.row_values`); every field defaults to None (not
recorded) so rows of older fits and hand-made test rows name only what they know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class EpochRow:
    """One finished epoch of an autoencoder fit; ``parts`` its validation loss terms by name."""

    epoch: int
    train_loss: float
    val_loss: float
    seconds: float
    images_per_s: float
    parts: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class FitRow:
    """A finished autoencoder fit (the ``fits`` table, one column per field)."""

    epochs_run: int | None = None
    best_epoch: int | None = None
    best_val_loss: float | None = None
    #: Training seconds summed over every session's epochs.
    seconds: float | None = None
    seconds_per_epoch: float | None = None
    images_per_s: float | None = None
    device: str | None = None
    #: Library versions and the training path (`library_versions()` plus ``training_path``).
    versions: Mapping[str, str] = field(default_factory=dict)
    seed: int | None = None
    checkpoint: str | None = None
    rec_loss: float | None = None
    kld_loss: float | None = None
    stopped_early: bool | None = None
    precision: str | None = None
    #: torch's intra-op thread count while the fit trained; None when not recorded.
    torch_threads: int | None = None
    #: Process CPU seconds summed over every session's epochs; None when not recorded.
    cpu_seconds: float | None = None


@dataclass(frozen=True, kw_only=True)
class DiagnosticsRow:
    """What `evaluation.diagnostics.embedding_diagnostics` says about one embedding, with the
    cell's warnings (the trivial-predictor comparison added) and the retrained decoder's MSE.

    Stored as columns ``active_dims`` and ``warnings`` and, whole, as the JSON ``data`` the
    diagnostics table, the figures and the exports read.
    """

    z: int | None = None
    active_dims: int | None = None
    active_threshold: float | None = None
    mu_variance: tuple[float, ...] | None = None
    kl_per_dim: tuple[float, ...] | None = None
    kl_total: float | None = None
    recon_mse: float | None = None
    recon_l1: float | None = None
    rec_loss: float | None = None
    kld_loss: float | None = None
    gamma: float | None = None
    weighted_kld: float | None = None
    rec_to_weighted_kld: float | None = None
    best_epoch: int | None = None
    epochs_run: int | None = None
    still_improving: bool | None = None
    warnings: tuple[str, ...] = ()
    retrained_recon_mse: float | None = None

    @classmethod
    def from_diagnostics(
        cls, info: Mapping[str, Any], *, warnings: tuple[str, ...], retrained_recon_mse: float
    ) -> DiagnosticsRow:
        """The row of an `embedding_diagnostics` result; an unknown key is a TypeError."""
        values = {key: value for key, value in info.items() if key != "warnings"}
        for key in ("mu_variance", "kl_per_dim"):
            if values.get(key) is not None:
                values[key] = tuple(values[key])
        return cls(**values, warnings=warnings, retrained_recon_mse=retrained_recon_mse)

    def data(self) -> dict[str, Any]:
        """Every field by name: the stored JSON."""
        return {item.name: getattr(self, item.name) for item in fields(self)}
