"""The report's record of how each autoencoder was made: its setting, device, precision,
epochs and seed, its torch threads and CPU seconds, and the library versions its fit recorded;
plus each experiment's settings."""

from __future__ import annotations

import json
from html import escape

from percae_core.figures.labels import precision_of
from percae_core.results.table_data import dataset_title, run_label, variant_title


def _versions(record: dict) -> str:
    versions = record.get("versions") or {}
    return ", ".join(f"{name} {version}" for name, version in sorted(versions.items())) or "–"


def _optional(value: float | None, form: str) -> str:
    """A recorded number in ``form``, or a dash for fits made before it was recorded."""
    return "–" if value is None else form.format(value)


def runs_html(autoencoders: list[dict], experiments: list[dict]) -> str:
    """One row per finished autoencoder, then each experiment's settings as stored."""
    header = (
        "Dataset",
        "Variant",
        "z",
        "Run",
        "Loss network",
        "Profile",
        "Device",
        "Precision",
        "γ",
        "Epochs (best / run)",
        "s / epoch",
        "Threads",
        "CPU s",
        "Library versions",
        "Cell",
    )
    rows = []
    for record in autoencoders:
        seconds = record.get("seconds_per_epoch")
        cells = (
            dataset_title(record["dataset"]),
            variant_title(record["variant"]),
            str(record["z"]),
            run_label(record),
            record.get("loss_net") or "–",
            record.get("profile") or "–",
            record.get("device") or "–",
            precision_of([record]),
            "–" if record.get("gamma") is None else f"{record['gamma']:g}",
            f"{record.get('best_epoch') or '–'} / {record.get('epochs_run') or '–'}",
            "–" if seconds is None else f"{seconds:.2f}",
            _optional(record.get("torch_threads"), "{}"),
            _optional(record.get("cpu_seconds"), "{:.1f}"),
            _versions(record),
            str(record.get("config_hash") or "–"),
        )
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    runs = (
        '<table class="runs"><thead><tr>'
        + "".join(f"<th>{escape(h)}</th>" for h in header)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    settings = "".join(
        f"<li>Experiment {experiment['id']} ({escape(str(experiment['created_at']))}): "
        f"<code>{escape(json.dumps(experiment['config'], sort_keys=True))}</code></li>"
        for experiment in experiments
    )
    return runs + (f'<ul class="experiments">{settings}</ul>' if settings else "")
