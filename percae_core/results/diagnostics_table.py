"""Per-autoencoder diagnostics as a table, and their warnings as lines a user can act on.

The diagnostics dict comes from `percae_core.evaluation.diagnostics`; the keys read here are
active_dims, kl_per_dim (a number or one per dimension), recon_mse, recon_l1, rec_loss,
kld_loss, gamma, best_epoch, epochs_run and warnings. Missing ones fall back to the fit's
columns, or show as "–".
"""

from __future__ import annotations

import statistics
from typing import Any

from percae_core.results.table_data import (
    VARIATIONAL_VARIANTS,
    Table,
    caption_for,
    dataset_title,
    run_label,
    variant_title,
)

_NONE = "–"


def _pick(record: dict, key: str) -> Any:
    diagnostics = record.get("diagnostics") or {}
    value = diagnostics.get(key)
    return record.get(key) if value is None else value


def _number(value: Any) -> str:
    if value is None:
        return _NONE
    if isinstance(value, (list, tuple)):
        if not value:
            return _NONE
        value = statistics.fmean(float(v) for v in value)
    return f"{float(value):.3g}"


def _scale(record: dict) -> str:
    """Reconstruction loss beside gamma x KLD: shows when the KLD term swamps the loss."""
    rec = _pick(record, "rec_loss")
    if record["variant"] not in VARIATIONAL_VARIANTS:
        return _number(rec)
    kld = _pick(record, "kld_loss")
    gamma = _pick(record, "gamma")
    weighted = None if kld is None or gamma is None else float(kld) * float(gamma)
    return f"{_number(rec)} : {_number(weighted)}"


def _epochs(record: dict) -> str:
    best, run = _pick(record, "best_epoch"), _pick(record, "epochs_run")
    if best is None and run is None:
        return _NONE
    text = f"{_NONE if best is None else best} / {_NONE if run is None else run}"
    return text + (" (early stop)" if record.get("stopped_early") else "")


def diagnostics_table(autoencoders: list[dict]) -> Table | None:
    if not autoencoders:
        return None
    rows = []
    for record in autoencoders:
        active = _pick(record, "active_dims")
        kl = _pick(record, "kl_per_dim") if record["variant"] in VARIATIONAL_VARIANTS else None
        rows.append(
            (
                dataset_title(record["dataset"]),
                variant_title(record["variant"]),
                str(record["z"]),
                run_label(record),
                _NONE if active is None else f"{active} / {record['z']}",
                _number(kl),
                _number(_pick(record, "recon_mse")),
                _number(_pick(record, "recon_l1")),
                _scale(record),
                _epochs(record),
            )
        )
    return Table(
        key="diagnostics",
        title="Diagnostics per autoencoder (test part)",
        caption=caption_for(autoencoders),
        columns=(
            "Dataset",
            "Variant",
            "z",
            "Run",
            "Active dims",
            "KL/dim",
            "Test MSE",
            "Test L1",
            "Rec : γ·KLD",
            "Best / run epochs",
        ),
        rows=tuple(rows),
        notes=(
            "Active dims: embedding dimensions that vary across the test part (variance of "
            "mu > 0.01); a VAE with few active dims has collapsed. Rec : γ·KLD compares "
            "the two loss terms at the best epoch.",
        ),
    )


def stored_warnings(autoencoders: list[dict]) -> list[str]:
    """The warnings recorded with each autoencoder's diagnostics, naming the autoencoder."""
    lines = []
    for record in autoencoders:
        for warning in (record.get("diagnostics") or {}).get("warnings") or []:
            lines.append(
                f"{dataset_title(record['dataset'])} {variant_title(record['variant'])}"
                f" z={record['z']} ({run_label(record)}): {warning}"
            )
    return lines
