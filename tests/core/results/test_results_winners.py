"""A row's best value is marked only when some variant beats the trivial predictor and the
verdict against its pixel-wise twin (or of its perceptual twin against it) resolves it; the
table's notes say which rows have no mark and why (the direction comes from the metric
registry)."""

from __future__ import annotations

from scipy import stats

from percae_core.results.export import render_markdown
from percae_core.results.tables import build_sections


def _record(
    dataset: str,
    metric: str,
    variant: str,
    z: int,
    value: float,
    val_loss: float,
    repeat: int = 0,
) -> dict:
    return {
        "dataset": dataset,
        "variant": variant,
        "z": z,
        "loss_net": "alexnet",
        "predictor": "mlp",
        "metric": metric,
        "value": value,
        "seed": 0,
        "repeat": repeat,
        "run_seed": repeat,
        "profile": "quick",
        "device": "cpu",
        "val_loss": val_loss,
        "cell_id": z,
    }


def _runs(dataset: str, metric: str, variant: str, z: int, values: list[float]) -> list[dict]:
    """One record per repeat (0, 1, ...), all with the same validation loss."""
    return [
        _record(dataset, metric, variant, z, value, 0.5, repeat)
        for repeat, value in enumerate(values)
    ]


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


def _cell(table, row: int, column: str) -> str:
    return table.rows[row][table.columns.index(column)]


def _table(records: list[dict], references: list[dict], key: str = "II"):
    (section,) = build_sections(records, [], references)
    table = section.table(key)
    assert table is not None
    return section, table


def test_no_winner_where_every_variant_is_below_the_majority_class():
    # Accuracy (higher is better), majority class 10 %: at z=32 both variants are below it.
    records = [
        *_runs("svhn", "accuracy", "ae", 32, [0.05, 0.04, 0.06]),
        *_runs("svhn", "accuracy", "pae", 32, [0.09, 0.085, 0.095]),
        *[_record("svhn", "accuracy", "ae", 64, v, 0.6, i) for i, v in enumerate([0.08, 0.09])],
        *[_record("svhn", "accuracy", "pae", 64, v, 0.1, i) for i, v in enumerate([0.30, 0.32])],
        _record("svhn", "accuracy", "ae", 64, 0.07, 0.6, 2),
        _record("svhn", "accuracy", "pae", 64, 0.29, 0.1, 2),
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
    assert "**9.0" not in markdown and "**30.3 [" in markdown
    legend = next(note for note in table.notes if "bold only where" in note)
    assert "z = any in `percae compare`" in legend, "two z: the Any row has its own comparison"


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


def test_a_winner_is_marked_when_its_verdict_resolves_it():
    records = [
        *_runs("lunarlander", "distance_px", "ae", 32, [25.0, 24.0, 26.0]),
        *_runs("lunarlander", "distance_px", "pae", 32, [12.0, 11.5, 12.5]),
    ]
    references = [_trivial("lunarlander", "distance_px", "mean", 20.0)]
    _, table = _table(records, references, "II")
    assert [table.columns[i] for i in table.best if i is not None] == ["P. AE", "P. AE"]
    assert _cell(table, 0, "P. AE").endswith(" ✓")
    assert _cell(table, 1, "P. AE").endswith(" ✓"), "the Any row of one z reads that z's verdict"
    assert not any(note.startswith("No best value") for note in table.notes)
    legend = next(note for note in table.notes if "bold only where" in note)
    assert 'The "Any" row is that z here' in legend and "z = any" not in legend


def test_a_lower_mean_inside_the_noise_is_not_bold():
    # The measured case: AE 8.32 ± 0.90 over P. AE 8.47 ± 0.10, a paired difference of
    # +0.15 px whose 95 % interval holds 0: neither is bold, P. AE carries "≈".
    records = [
        *_runs("lunarlander", "distance_px", "ae", 32, [7.42, 8.32, 9.22]),
        *_runs("lunarlander", "distance_px", "pae", 32, [8.37, 8.47, 8.57]),
    ]
    references = [_trivial("lunarlander", "distance_px", "mean", 20.0)]
    section, table = _table(records, references, "II")
    assert table.best == (None, None)
    assert _cell(table, 0, "P. AE").endswith(" ≈")
    assert not _cell(table, 0, "AE").endswith(("✓", "✗", "≈"))
    markdown = render_markdown([section])
    assert "**" not in markdown.split("### Table II")[1].split("###")[0]
    assert "| P. AE vs AE | 32 | 3 | +0.150 |" in markdown


def test_a_pixel_wise_best_is_bold_when_its_perceptual_twin_is_resolved_worse():
    records = [
        *_runs("lunarlander", "distance_px", "ae", 32, [5.0, 5.2, 4.9]),
        *_runs("lunarlander", "distance_px", "pae", 32, [9.0, 9.3, 8.8]),
    ]
    _, table = _table(records, [_trivial("lunarlander", "distance_px", "mean", 20.0)], "II")
    assert table.columns[table.best[0]] == "AE" and _cell(table, 0, "P. AE").endswith(" ✗")


def test_trivial_warnings_read_the_interval_over_runs_not_the_mean():
    # Three runs of AE against the training mean's 10 px: a mean of 9.67 px beats it, but the
    # 95 % t interval of the differences (+2, -7, +4 px) holds 0, so it is not shown better.
    noisy = _runs("lunarlander", "distance_px", "ae", 32, [12.0, 3.0, 14.0])
    steady = _runs("lunarlander", "distance_px", "pae", 32, [5.0, 5.5, 4.5])
    section, _ = _table([*noisy, *steady], [_trivial("lunarlander", "distance_px", "mean", 10.0)])
    low, high = stats.ttest_1samp([2.0, -7.0, 4.0], 0.0).confidence_interval(0.95)
    (warning,) = [w for w in section.warnings if "trivial" in w]
    assert warning.startswith("LunarLander AE z=32 (3 runs), mlp: 9.67 px is no better than")
    assert f"{low:+.3g} to {high:+.3g}" in warning
