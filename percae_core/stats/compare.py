"""One family of comparisons (one table) turned into results: intervals at Holm-matching
levels, adjusted p-values, the probability of improvement, verdicts and the repeats needed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from percae_core.stats.evidence import TEST_SAMPLING_LABEL, Evidence, RepeatEvidence
from percae_core.stats.holm import ALPHA, holm_adjusted, holm_alphas
from percae_core.stats.sample_size import repeats_needed
from percae_core.stats.verdict import Verdict, verdict_of


@dataclass(frozen=True)
class Question:
    """One comparison to make: its evidence and which direction of the metric is better."""

    evidence: Evidence
    higher_is_better: bool


@dataclass(frozen=True)
class Answer:
    """The outcome of one comparison (variant minus baseline, in the metric's unit)."""

    n: int
    """Pairs over repeats; 1 for a single run (then the interval is over test examples)."""
    mean_diff: float
    ci_low: float
    ci_high: float
    confidence: float
    """The interval's level, 1 - α / (m - k + 1) (see `holm`)."""
    ci_method: str
    prob_improvement: float
    """Share of pairs in which the variant is better (a tie counts one half)."""
    p_value: float
    p_holm: float
    verdict: Verdict
    repeats_needed: int | None
    """Unresolved with n >= 2: repeats the observed spread would need (`sample_size`)."""
    label: str | None
    """`TEST_SAMPLING_LABEL` for a single run, else None."""


def probability_of_improvement(differences: Sequence[float], higher_is_better: bool) -> float:
    """The share of pairs in which the variant is better; a tie counts one half."""
    sign = 1.0 if higher_is_better else -1.0
    wins = sum(1.0 if sign * d > 0 else 0.5 if d == 0 else 0.0 for d in differences)
    return wins / len(differences)


def _differences(evidence: Evidence) -> Sequence[float]:
    if isinstance(evidence, RepeatEvidence):
        return evidence.differences
    return (evidence.mean,)


def _answer(question: Question, p_value: float, p_holm: float, alpha: float) -> Answer:
    evidence = question.evidence
    low, high = evidence.interval(1.0 - alpha)
    verdict = verdict_of(low, high, higher_is_better=question.higher_is_better)
    needed = None
    if verdict is Verdict.UNRESOLVED and isinstance(evidence, RepeatEvidence):
        needed = repeats_needed(evidence.differences, alpha)
    return Answer(
        n=evidence.n,
        mean_diff=evidence.mean,
        ci_low=low,
        ci_high=high,
        confidence=1.0 - alpha,
        ci_method=evidence.method,
        prob_improvement=probability_of_improvement(
            _differences(evidence), question.higher_is_better
        ),
        p_value=p_value,
        p_holm=p_holm,
        verdict=verdict,
        repeats_needed=needed,
        label=None if isinstance(evidence, RepeatEvidence) else TEST_SAMPLING_LABEL,
    )


def answer_family(questions: Sequence[Question], alpha: float = ALPHA) -> list[Answer]:
    """Every comparison of one table, Holm-adjusted together, in the order given."""
    p_values = [question.evidence.p_value() for question in questions]
    adjusted = holm_adjusted(p_values)
    alphas = holm_alphas(p_values, alpha)
    return [
        _answer(question, p, p_holm, level)
        for question, p, p_holm, level in zip(questions, p_values, adjusted, alphas)
    ]
