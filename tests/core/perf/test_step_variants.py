"""The side-by-side step comparison: every variant trains the same model to the same loss."""

from __future__ import annotations

import torch

from percae_core.perf.step_variants import DEFAULT, NAIVE, StepVariant, compare_variants


def test_variants_train_the_same_model_and_report_speed_and_agreement() -> None:
    threads = torch.get_num_threads()
    variants = {
        "naive": NAIVE,
        "default": DEFAULT,
        "nchw loop 1 thread": StepVariant(channels_last=False, optimizer="loop", threads=1),
        "cached": StepVariant(target="cached"),
    }
    found = compare_variants(64, "pixel", 2, 2, variants)
    measured = found["variants"]
    assert isinstance(measured, dict)
    assert set(measured) == {"naive", "default", "nchw loop 1 thread"}  # no p(X) to cache
    for summary in measured.values():
        assert summary["median_step_s"] > 0 and summary["first_step_s"] > 0
        low, high = summary["per_round_ratio_q1_q3"]
        assert low <= high
        assert summary["loss_rel_diff_vs_naive"] < 1e-4
    assert torch.get_num_threads() == threads


def test_perceptual_variants_agree_with_the_naive_target_pass() -> None:
    variants = {"naive": NAIVE, "cached": StepVariant(target="cached")}
    measured = compare_variants(64, "perceptual", 2, 1, variants)["variants"]
    assert isinstance(measured, dict)
    assert measured["cached"]["loss_rel_diff_vs_naive"] < 1e-3
