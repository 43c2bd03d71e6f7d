"""A row's best value is marked only when some variant beats the trivial predictor; the table's
notes say which rows have no mark and why (the direction comes from the metric registry)."""

from __future__ import annotations

from percae_core.results.export import render_markdown
from percae_core.results.tables import build_sections


def _record(dataset: str, metric: str, variant: str, z: int, value: float, val_loss: float):
    return {
        "dataset": dataset,
        "variant": variant,
        "z": z,
        "loss_net": "alexnet",
        "predictor": "mlp",
        "metric": metric,
        "value": value,
        "seed": 0,
        "repeat": 0,
        "profile": "quick",
        "device": "cpu",
        "val_loss": val_loss,
        "cell_id": z,
    }


def _trivial(dataset: str, metric: str, kind: str, value: float) -> dict:
    return {
        "dataset": dataset,
        "kind": "trivial",
        "predictor": kind,
        "metric": metric,
        "value": value,
        "seed": 0,
        "profile": "quick",
        "features": None,
    }


def _table(records: list[dict], references: list[dict], key: str):
    (section,) = build_sections(records, [], references)
    table = section.table(key)
    assert table is not None
    return section, table


def test_no_winner_where_every_variant_is_below_the_majority_class():
    # Accuracy (higher is better), majority class 10 %: at z=32 both variants are below it.
    records = [
        _record("svhn", "accuracy", "ae", 32, 0.08, 0.5),
        _record("svhn", "accuracy", "pae", 32, 0.09, 0.5),
        _record("svhn", "accuracy", "ae", 64, 0.08, 0.6),
        _record("svhn", "accuracy", "pae", 64, 0.30, 0.1),
    ]
    section, table = _table(records, [_trivial("svhn", "accuracy", "majority", 0.10)], "IV")
    labels = [row[0] for row in table.rows]
    assert table.best[labels.index("32")] is None
    assert table.columns[table.best[labels.index("64")]] == "P. AE"
    assert table.columns[table.best[labels.index("Any")]] == "P. AE"
    assert (
        "No best value is marked in z=32: every variant there is no better than the trivial "
        "predictor (majority class, 10.0 %), so none of them learned anything to rank."
    ) in table.notes
    markdown = render_markdown([section])
    assert "**9.0**" not in markdown and "**30.0**" in markdown


def test_no_winner_where_every_distance_is_above_the_training_mean():
    # Distance in pixels (lower is better): 25 and 30 px against the training mean's 20 px.
    records = [
        _record("lunarlander", "distance_px", "ae", 32, 25.0, 0.5),
        _record("lunarlander", "distance_px", "vae", 32, 30.0, 0.5),
    ]
    references = [_trivial("lunarlander", "distance_px", "mean", 20.0)]
    _, table = _table(records, references, "II")
    assert table.best == (None, None)
    assert any(note.startswith('No best value is marked in z=32, "Any"') for note in table.notes)


def test_a_winner_is_marked_when_one_variant_beats_the_baseline():
    records = [
        _record("lunarlander", "distance_px", "ae", 32, 25.0, 0.5),
        _record("lunarlander", "distance_px", "vae", 32, 12.0, 0.5),
    ]
    references = [_trivial("lunarlander", "distance_px", "mean", 20.0)]
    _, table = _table(records, references, "II")
    assert [table.columns[i] for i in table.best if i is not None] == ["VAE", "VAE"]
    assert not any(note.startswith("No best value") for note in table.notes)
