"""A family's answers: verdicts read the interval, agree with Holm, mind the metric's direction."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from percae_core.stats.compare import Question, answer_family, probability_of_improvement
from percae_core.stats.evidence import (
    TEST_SAMPLING_LABEL,
    RepeatEvidence,
    SingleRunEvidence,
)
from percae_core.stats.holm import holm_adjusted, holm_alphas
from percae_core.stats.sample_size import repeats_needed
from percae_core.stats.verdict import Verdict

# A distance (lower is better): the variant clearly lower, clearly higher, and undecided.
LOWER = RepeatEvidence((-2.0, -2.2, -1.9))
HIGHER = RepeatEvidence((1.5, 1.7, 1.6))
NOISE = RepeatEvidence((0.4, -0.5, 0.3))


def test_direction_of_the_metric_decides_better_or_worse():
    distance = answer_family([Question(LOWER, False), Question(HIGHER, False)])
    assert [a.verdict for a in distance] == [Verdict.BETTER, Verdict.WORSE]
    accuracy = answer_family([Question(LOWER, True), Question(HIGHER, True)])
    assert [a.verdict for a in accuracy] == [Verdict.WORSE, Verdict.BETTER]


def test_answers_carry_holm_p_and_the_interval_at_the_matching_level():
    questions = [Question(e, False) for e in (LOWER, HIGHER, NOISE)]
    answers = answer_family(questions)
    raw = [stats.ttest_1samp(e.differences, 0).pvalue for e in (LOWER, HIGHER, NOISE)]
    assert [a.p_holm for a in answers] == pytest.approx(holm_adjusted(raw))
    for answer, evidence in zip(answers, (LOWER, HIGHER, NOISE)):
        ci = stats.ttest_1samp(evidence.differences, 0).confidence_interval(answer.confidence)
        assert (answer.ci_low, answer.ci_high) == pytest.approx((ci.low, ci.high))
        assert answer.ci_low <= answer.mean_diff <= answer.ci_high
        assert (answer.verdict is not Verdict.UNRESOLVED) == (answer.p_holm <= 0.05)
    assert answers[2].verdict is Verdict.UNRESOLVED
    assert [a.confidence for a in answers] == pytest.approx([1 - a for a in holm_alphas(raw)])
    assert sorted(a.confidence for a in answers)[-1] == pytest.approx(1 - 0.05 / 3)


@pytest.mark.parametrize("seed", range(10))
def test_verdict_agrees_with_holm_on_random_families(seed):
    rng = np.random.default_rng(seed)
    questions = [
        Question(RepeatEvidence(tuple(rng.normal(rng.uniform(-1, 1), 0.5, 4))), bool(i % 2))
        for i in range(5)
    ]
    for answer in answer_family(questions):
        assert (answer.verdict is not Verdict.UNRESOLVED) == (answer.p_holm <= 0.05)


def test_probability_of_improvement_counts_pairs_where_the_variant_is_better():
    assert probability_of_improvement([-1.0, -0.5, 0.2, 0.0], higher_is_better=False) == 0.625
    assert probability_of_improvement([-1.0, -0.5, 0.2, 0.0], higher_is_better=True) == 0.375


def test_unresolved_with_repeats_says_how_many_repeats_would_resolve_it():
    (answer,) = answer_family([Question(RepeatEvidence((0.5, -0.1, 0.4)), False)])
    assert answer.verdict is Verdict.UNRESOLVED
    n = answer.repeats_needed
    assert n is not None and n > 3
    d = np.array([0.5, -0.1, 0.4])
    width = lambda k: stats.t.ppf(0.975, k - 1) * d.std(ddof=1) / np.sqrt(k)  # noqa: E731
    assert width(n) < abs(d.mean()) <= width(n - 1)


def test_no_difference_needs_no_finite_number_of_repeats():
    assert repeats_needed([0.2, -0.2], 0.05) is None


def test_a_single_run_gets_the_test_sampling_interval_and_its_label():
    d = np.random.default_rng(5).normal(-0.3, 1.0, 1000)
    (answer,) = answer_family([Question(SingleRunEvidence(d), False)])
    assert answer.n == 1
    assert answer.label == TEST_SAMPLING_LABEL
    assert answer.ci_high < 0 and answer.verdict is Verdict.BETTER
    assert answer.repeats_needed is None
    assert answer.prob_improvement == 1.0


def test_repeats_note_warns_a_single_run_and_names_the_counts():
    from percae_core.stats.notes import repeats_note

    assert "single run cannot separate" in repeats_note([1, 1])
    assert repeats_note([3, 3]).startswith("Repeats per cell: 3.")
    assert "single run" not in repeats_note([3])
    assert "1 to 3" in repeats_note([1, 3])
