"""Table VIII marks the lowest retrained-decoder L1 only when the runs tell it apart from the
runner-up (paired t over runs, 95 %), shows each cell's mean with its t interval, and says in a
note why a row has no bold."""

from __future__ import annotations

from scipy import stats

from percae_core.results.decoder_table import decoder_table
from percae_core.results.paper import paper_tables


def _decoders(values: dict[str, list[float]], z: int = 32) -> list[dict]:
    return [
        {
            "dataset": "lunarlander",
            "variant": variant,
            "z": z,
            "predictor": "decoder",
            "metric": "recon_l1",
            "value": value,
            "seed": 0,
            "repeat": repeat,
            "profile": "quick",
        }
        for variant, runs in values.items()
        for repeat, value in enumerate(runs)
    ]


def _table(values: dict[str, list[float]]):
    return decoder_table(_decoders(values), paper_tables(), compare_paper=False)


def test_a_lowest_l1_the_runs_tell_apart_is_bold():
    table = _table({"ae": [0.030, 0.031, 0.029], "vae": [0.040, 0.042, 0.041]})
    assert table.columns[table.best[0]] == "AE"
    assert not any(note.startswith("No bold") for note in table.notes)


def test_a_lowest_l1_inside_the_noise_is_not_bold_and_the_note_gives_the_interval():
    ae, vae = [0.030, 0.050, 0.040], [0.036, 0.044, 0.042]
    table = _table({"ae": ae, "vae": vae})
    assert table.best == (None,)
    low, high = stats.ttest_rel(vae, ae).confidence_interval(0.95)
    (note,) = [n for n in table.notes if n.startswith("No bold")]
    assert "AE has the lowest L1 but is not told apart from VAE" in note
    assert f"n = 3: [{low:+.3g}, {high:+.3g}]" in note


def test_one_run_has_no_interval_so_nothing_is_bold():
    table = _table({"ae": [0.030], "vae": [0.060]})
    assert table.best == (None,)
    assert any("1 paired run: no interval" in note for note in table.notes)
    assert table.rows[0][1] == "100% (L1 0.03 (z=32))"


def test_each_cell_shows_its_mean_and_t_interval_over_runs():
    ae = [0.030, 0.031, 0.029]
    table = _table({"ae": ae, "vae": [0.040, 0.042, 0.041]})
    low, high = stats.t.interval(0.95, 2, loc=0.030, scale=stats.sem(ae))
    assert table.rows[0][1].startswith(f"100% (L1 0.03 [{low:.3g}")
    assert "n=3; z=32" in table.rows[0][1]
    assert any("mean and 95 % Student's t interval over runs" in note for note in table.notes)
