"""The bench summary lists rows in the tables' order (the paper's datasets and variants, not
alphabetically) and writes each number as the tables do (accuracy in percent, pixels)."""

from __future__ import annotations

from percae_core.results.cell_summary import cell_summary_rows
from percae_core.results.record_order import record_sort_key


def _record(dataset: str, variant: str, z: int, predictor: str, metric: str, value: float):
    return {
        "config_hash": f"{dataset}-{variant}-{z}",
        "dataset": dataset,
        "variant": variant,
        "z": z,
        "seed": 0,
        "repeat": 0,
        "loss_net": None,
        "predictor": predictor,
        "metric": metric,
        "value": value,
        "train_seconds": 12.0,
    }


def test_rows_follow_the_papers_dataset_and_variant_order_and_its_formats() -> None:
    records = [
        _record("svhn", "ae", 32, "mlp", "accuracy", 0.4567),
        _record("lunarlander", "vae", 32, "mlp", "distance_px", 8.361),
        _record("lunarlander", "pvae", 32, "mlp", "distance_px", 3.0),
        _record("lunarlander", "pae", 32, "mlp", "distance_px", 2.0),
        _record("lunarlander", "ae", 32, "mlp", "distance_px", 9.0),
        _record("lunarlander", "ae", 8, "mlp", "distance_px", 9.5),
        _record("lunarlander", "ae", 8, "decoder", "recon_l1", 0.03125),
    ]
    records.sort(key=record_sort_key)  # as `result_records` returns them
    rows = cell_summary_rows(records, {r["config_hash"] for r in records} - {"svhn-ae-64"})
    assert [(r.dataset, r.variant, r.z) for r in rows] == [
        ("lunarlander", "ae", 8),
        ("lunarlander", "ae", 32),
        ("lunarlander", "vae", 32),
        ("lunarlander", "pae", 32),
        ("lunarlander", "pvae", 32),
        ("svhn", "ae", 32),
    ]
    assert rows[-1].values == {"mlp": "45.7 %"}  # not the stored fraction 0.457
    assert rows[2].values == {"mlp": "8.36 px"}
    assert rows[0].values["decoder"] == "0.03125"


def test_only_the_cells_of_this_study_are_listed() -> None:
    records = [_record("svhn", "ae", 32, "mlp", "accuracy", 0.5)]
    assert cell_summary_rows(records, {"another-cell"}) == []
