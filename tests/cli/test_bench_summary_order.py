"""The bench summary lists rows in the paper's order, not alphabetically."""

from __future__ import annotations

from percae_core.cli.bench_cmd import summary_order


def test_rows_follow_the_papers_dataset_and_variant_order():
    keys = [
        ("svhn", "ae", 32, 0, 0, ""),
        ("lunarlander", "vae", 32, 0, 0, ""),
        ("lunarlander", "pvae", 32, 0, 0, ""),
        ("lunarlander", "pae", 32, 0, 0, ""),
        ("lunarlander", "ae", 32, 0, 0, ""),
        ("lunarlander", "ae", 8, 0, 0, ""),
    ]
    ordered = [(k[0], k[2], k[1]) for k in sorted(keys, key=summary_order)]
    assert ordered == [
        ("lunarlander", 8, "ae"),
        ("lunarlander", 32, "ae"),
        ("lunarlander", 32, "vae"),
        ("lunarlander", 32, "pae"),
        ("lunarlander", 32, "pvae"),
        ("svhn", 32, "ae"),
    ]
