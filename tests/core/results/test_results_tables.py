"""The paper's tables built from the synthetic study of conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from scipy import stats

from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.tables import build_report, build_sections


def _sections(path: Path, **filters):
    with ResultsDB.open(path) as db:
        return build_report(db, **filters)


def _ci(*runs: float) -> str:
    """The mean and its 95 % Student's t interval over ``runs`` as a table writes them,
    computed by scipy."""
    mean = float(sum(runs) / len(runs))
    low, high = stats.t.interval(0.95, len(runs) - 1, loc=mean, scale=stats.sem(runs))
    return f"{mean:.2f} [{low:.2f}, {high:.2f}]"


def _row(table, label: str) -> dict[str, str]:
    row = next(row for row in table.rows if row[0] == label)
    return dict(zip(table.columns, row))


def test_table_ii_shows_mean_interval_and_n_per_latent_size(study_db: Path) -> None:
    quick = _sections(study_db, profile="quick")[0]
    table = quick.table("II")
    assert table.title.startswith("Table II: LunarLander, MLP predictor")
    assert table.columns == ("z", "AE", "VAE", "P. AE", "P. VAE")
    assert [row[0] for row in table.rows] == ["32", "64", "Any"]
    assert _row(table, "32")["AE"] == f"{_ci(13.0, 14.0)} (n=2)"
    # P. AE minus AE at z=64 over the two seeds: -10.5 and -10.8 px, resolved better
    assert _row(table, "64")["P. AE"] == f"{_ci(1.5, 1.7)} (n=2) ✓"
    assert "alexnet" in table.caption and "quick" in table.caption and "cpu" in table.caption
    assert "mean and 95 % Student's t interval over runs (n = 2 runs)" in table.caption
    assert "verdicts: paired t over repeats, Holm-adjusted over the table's 6 comparisons" in (
        table.caption
    )


def test_any_row_picks_z_by_validation_loss_not_by_test_value(study_db: Path) -> None:
    table = _sections(study_db, profile="quick")[0].table("II")
    any_row = _row(table, "Any")
    # P. AE: z=64 has the better test distance (1.60) but z=32 the lower validation loss.
    assert any_row["P. AE"] == f"{_ci(3.0, 3.2)} (n=2; z=32) ✓"
    assert any_row["AE"] == f"{_ci(12.0, 12.5)} (n=2; z=64)"
    assert any_row["P. VAE"] == f"{_ci(2.0, 2.4)} (n=2; z=32) ✓"
    # lowest distance of the row, and resolved better than its twin (VAE)
    assert table.columns[table.best[-1]] == "P. VAE"


def test_accuracy_tables_show_percent_and_reference_rows(study_db: Path) -> None:
    quick = _sections(study_db, profile="quick")[0]
    table = quick.table("III")
    # one run and no stored per-example scores: no verdict, so the highest value is not bold
    assert _row(table, "64")["P. AE"] == "62.0" and table.best[0] is None
    assert "verdicts: none" in table.caption and "n = 1, no interval" in table.caption
    assert "Reference, trivial predictor (majority class): 10.0 %" in table.notes
    lunar_linear = quick.table("V")
    # two seeds of the trivial predictor: mean and 95 % t interval, as every cell of the table
    low, high = stats.t.interval(0.95, 1, loc=20.90, scale=stats.sem([20.8, 21.0]))
    assert (
        f"Reference, trivial predictor (training-mean position): 20.90 [{low:.2f}, {high:.2f}] "
        "(n=2) px" in lunar_linear.notes
    )
    assert any(
        "linear regressor on raw pixels (pixels->64): 18.00" in n for n in lunar_linear.notes
    )
    assert not any("MLP predictor on raw pixels" in n for n in lunar_linear.notes)


def test_table_viii_is_each_variants_best_relative_to_the_best(study_db: Path) -> None:
    table = _sections(study_db, profile="quick")[0].table("VIII")
    row = _row(table, "LunarLander")
    assert row["AE"].startswith("100% (L1 0.03") and "z=64" in row["AE"]
    assert [row[v].split("%")[0] for v in ("VAE", "P. AE", "P. VAE")] == ["75", "50", "60"]
    assert [s.mean for s in table.numbers[0]] == pytest.approx([100, 75, 50, 60])


def test_compare_paper_puts_the_papers_value_beside_each_cell(study_db: Path) -> None:
    quick = _sections(study_db, profile="quick", compare_paper=True)[0]
    assert _row(quick.table("II"), "Any")["P. AE"] == f"{_ci(3.0, 3.2)} (n=2; z=32; paper 1.44) ✓"
    assert _row(quick.table("III"), "64")["AE"] == "40.0 (paper 38.5)"
    viii = _row(quick.table("VIII"), "LunarLander")
    assert "paper 93%" in viii["AE"] and "paper 73%" in viii["P. VAE"]


def test_overhead_pairs_perceptual_with_pixel_fits(study_db: Path) -> None:
    table = _sections(study_db, profile="quick")[0].table("overhead")
    lunar = _row(table, "LunarLander")
    # per seed and repeat, P. AE vs AE and P. VAE vs VAE: +25 % at z=32, +20 % at z=64
    ratios = [25.0] * 4 + [20.0] * 4
    low, high = stats.ttest_1samp(ratios, 0.0).confidence_interval(0.95)
    assert lunar["Overhead [95 % interval]"] == f"+22.5% [{low:+.1f}%, {high:+.1f}%]"
    assert lunar["Pairs"] == "8" and lunar["Paper"] == "+12 ± 3% (GPU)"
    assert int(_row(table, "All")["Pairs"]) == 8 + int(_row(table, "STL-10")["Pairs"])


def test_diagnostics_and_warnings_name_the_autoencoder(study_db: Path) -> None:
    quick = _sections(study_db, profile="quick")[0]
    diagnostics = quick.table("diagnostics")
    collapsed = [row for row in diagnostics.rows if row[1] == "P. VAE" and row[4] == "0 / 32"]
    assert len(collapsed) == 1 and collapsed[0][3] == "seed 0"
    assert any(
        w.startswith("LunarLander P. VAE z=32 (seed 0): collapsed VAE") for w in quick.warnings
    )
    assert any(
        w.startswith("STL-10 VAE z=64 (seed 0), mlp: 9.0 % is no better than the trivial")
        for w in quick.warnings
    )


def test_sections_per_loss_net_and_profile_and_filters(study_db: Path) -> None:
    sections = _sections(study_db)
    assert [(s.loss_net, s.profile) for s in sections] == [
        ("alexnet", "quick"),
        ("alexnet-random", "smoke"),
    ]
    random_table = sections[1].table("II")
    assert "random weights" in random_table.caption
    assert [s.loss_net for s in _sections(study_db, loss_net="alexnet")] == ["alexnet"]
    only_stl = _sections(study_db, datasets=["stl10"])[0]
    assert only_stl.table("II") is None and only_stl.table("III") is not None
    assert _sections(study_db, loss_net="vgg16") == []


def test_pixel_cells_without_a_loss_net_join_every_section_of_their_profile() -> None:
    def record(variant: str, loss_net: str | None, value: float) -> dict:
        return {
            "dataset": "svhn",
            "variant": variant,
            "z": 32,
            "loss_net": loss_net,
            "predictor": "mlp",
            "metric": "accuracy",
            "value": value,
            "seed": 0,
            "repeat": 0,
            "profile": "quick",
            "device": "cuda",
            "val_loss": 0.1,
            "cell_id": 1,
        }

    records = [
        record("ae", None, 0.5),
        record("pae", "alexnet", 0.7),
        record("pae", "alexnet-random", 0.6),
    ]
    sections = build_sections(records, [], [])
    assert [s.loss_net for s in sections] == ["alexnet", "alexnet-random"]
    for section, perceptual in zip(sections, ("70.0", "60.0")):
        assert _row(section.table("IV"), "32")["AE"] == "50.0"
        assert _row(section.table("IV"), "32")["P. AE"] == perceptual


def test_markdown_has_every_table_in_the_papers_order(study_db: Path) -> None:
    text = render_markdown(_sections(study_db, compare_paper=True))
    order = [
        "## Loss network alexnet, profile quick",
        "### Table II:",
        "### Table III:",
        "### Table V:",
        "### Table VIII:",
        "### Training-time overhead",
        "### Diagnostics per autoencoder",
        "### Warnings",
        "## Loss network alexnet-random, profile smoke",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert f"| Any | {_ci(12.0, 12.5)} (n=2; z=64; paper 13.22) |" in text
    assert f"**{_ci(2.0, 2.4)} (n=2; z=32; paper 1.15) ✓** |" in text
