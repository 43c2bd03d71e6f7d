"""Tables never merge settings: one section per setting, "Any" per run, each fit counted once."""

from __future__ import annotations

from percae_core.results.export import render_markdown
from percae_core.results.tables import build_sections


def _record(variant: str, value: float, **overrides: object) -> dict:
    record = {
        "dataset": "lunarlander",
        "variant": variant,
        "z": 32,
        "loss_net": None,
        "predictor": "mlp",
        "metric": "distance_px",
        "value": value,
        "val_loss": 0.5,
        "seed": 0,
        "repeat": 0,
        "run_seed": 0,
        "profile": "smoke",
        "gamma": 0.01 if variant == "vae" else None,
        "epochs": 3,
        "batch_size": 64,
        "onscreen": "paper",
        "precision": "fp32",
        "device": "cpu",
        "cell_id": id(overrides) + int(value * 1000),
    }
    record.update(overrides)
    return record


def _cell(table, label: str, column: str) -> str:
    row = next(row for row in table.rows if row[0] == label)
    return row[table.columns.index(column)]


def test_two_gammas_give_two_sections_with_one_run_each() -> None:
    records = [
        _record("ae", 9.0),
        _record("vae", 8.6, gamma=0.01),
        _record("vae", 8.7, gamma=1e-5),
    ]
    sections = build_sections(records, [], [])
    assert [s.heading for s in sections] == [
        "Loss network none (pixel-wise variants only), profile smoke, γ = 1e-05",
        "Loss network none (pixel-wise variants only), profile smoke, γ = 0.01",
    ]
    for section, vae in zip(sections, ("8.70", "8.60")):
        table = section.table("II")
        assert _cell(table, "32", "VAE") == vae  # n=1: no "± ... (n=2)"
        assert _cell(table, "32", "AE") == "9.00"  # the AE (no gamma) belongs to both
        assert "(n=" not in _cell(table, "Any", "VAE")
    text = render_markdown(sections)
    assert "γ = 1e-05" in text and "γ = 0.01" in text


def test_epochs_batch_size_onscreen_and_precision_each_split_sections() -> None:
    for key, other in (
        ("epochs", 5),
        ("batch_size", 32),
        ("onscreen", "exact"),
        ("precision", "bf16"),
    ):
        sections = build_sections([_record("ae", 9.0), _record("ae", 7.0, **{key: other})], [], [])
        assert len(sections) == 2, key
        assert all("(n=" not in _cell(s.table("II"), "32", "AE") for s in sections), key


def test_captions_show_the_precision_and_the_setting() -> None:
    table = build_sections([_record("vae", 8.6)], [], [])[0].table("II")
    assert "precision: fp32" in table.caption
    assert "γ: 0.01" in table.caption and "epochs: 3" in table.caption
    assert "batch size: 64" in table.caption


def test_any_is_chosen_per_run_whatever_device_each_z_ran_on() -> None:
    records = [
        _record("ae", 9.0, z=32, val_loss=0.4, device="cpu"),
        _record("ae", 5.0, z=64, val_loss=0.6, device="cuda:0"),
    ]
    table = build_sections(records, [], [])[0].table("II")
    # one run: z=32 has the lower validation loss; not two runs averaged (7.00 ± ..., n=2)
    assert _cell(table, "Any", "AE") == "9.00 (z=32)"


def test_the_same_fit_stored_twice_is_counted_once() -> None:
    """Cells made before randomness came from (seed, repeat): seed 1 of repeat 1 of a --seed 0
    study is the same fit as repeat 0 of a --seed 1 study (same run seed)."""
    records = [
        _record("ae", 9.0, seed=1, repeat=1, run_seed=1),
        _record("ae", 9.0, seed=1, repeat=0, run_seed=1),
        _record("ae", 8.0, seed=0, repeat=0, run_seed=0),
    ]
    table = build_sections(records, [], [])[0].table("II")
    assert _cell(table, "32", "AE") == "8.50 ± 0.71 (n=2)"


def test_table_notes_say_the_papers_any_appears_test_selected() -> None:
    table = build_sections([_record("ae", 9.0)], [], [])[0].table("II")
    assert any("appear selected on the test set" in note for note in table.notes)
