"""Every comparison of a perceptual variant with its pixel-wise twin, from the results records.

A twin is the variant with the same plain/variational kind and no perceptual loss (from the
variant registry). Both sides share the dataset, the setting (`settings`: one section), z and
the predictor, and are paired by (seed, repeat). Per z, and once for z = "any": per run, each
side at the z its predictor's validation loss chose, as the tables' "Any" row reads (the pair
may then differ in z; a run without validation losses has no "any" pair). A table of one z
has no "any" comparison: it would be that z's again, counted twice in the family. One table,
a family for Holm, is one (setting, dataset, predictor). With n >= 2 pairs the interval is
Student's t over the paired differences; with one pair it is the paired bootstrap over the two
runs' per-example test scores (a comparison without stored scores is left out). See `percae_core.stats` for the levels and the verdict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from percae_core.evaluation.metric_registry import find_metric
from percae_core.models.variants import VARIANTS, perceptual_variants, variant_with
from percae_core.results.settings import SETTING_KEYS, Setting, belongs, section_settings
from percae_core.stats.compare import Answer, Question, answer_family
from percae_core.stats.evidence import Evidence, RepeatEvidence, SingleRunEvidence

ANY_Z = "any"
ScoresLoader = Callable[[dict], np.ndarray | None]


@dataclass(frozen=True)
class ComparisonRecord:
    """One comparison as exported (DESIGN.md's `percae compare` contract, then extras)."""

    dataset: str
    variant: str
    baseline: str
    z: int | str
    predictor: str
    metric: str
    n: int
    mean_diff: float
    ci_low: float
    ci_high: float
    ci_method: str
    prob_improvement: float
    p_holm: float
    verdict: str
    loss_net: str | None
    profile: str | None
    gamma: float | None
    epochs: int | None
    batch_size: int | None
    onscreen: str | None
    precision: str | None
    distance: str | None
    input_norm: str | None
    geometry: str | None
    predictor_protocol: str | None
    confidence: float
    p_value: float
    repeats_needed: int | None
    label: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def twin_of(variant: str) -> str:
    """The pixel-wise variant a perceptual one is compared with."""
    return variant_with(perceptual=False, variational=VARIANTS[variant].variational).name


def run_scores_loader(runs: Path) -> ScoresLoader:
    """Reads a record's stored per-example test scores from ``runs/<config_hash>/``."""

    def load(record: dict) -> np.ndarray | None:
        from percae_core.evaluation.test_scores import load_test_scores

        return load_test_scores(runs / str(record["config_hash"]), record["predictor"])

    return load


Pair = tuple[dict, dict]


def _pairs(records: list[dict], variant: str, baseline: str) -> dict[object, list[Pair]]:
    """Per z, the (variant, baseline) records that share seed and repeat."""
    sides: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for record in records:
        if record["variant"] in (variant, baseline):
            sides[(record["z"], record["seed"], record["repeat"])][record["variant"]] = record
    by_z: dict[object, list[Pair]] = defaultdict(list)
    for (z, *_), found in sorted(sides.items(), key=lambda item: str(item[0])):
        if len(found) == 2:
            by_z[z].append((found[variant], found[baseline]))
    return by_z


def _any_pairs(records: list[dict], variant: str, baseline: str) -> list[Pair]:
    """Per (seed, repeat), each side's record at the z with the lowest validation loss (ties:
    the smaller z), paired when both sides have one."""
    runs: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        if record["variant"] in (variant, baseline) and record.get("val_loss") is not None:
            runs[(record["seed"], record["repeat"])][record["variant"]].append(record)
    pairs = []
    for run in (runs[key] for key in sorted(runs, key=str)):
        if run[variant] and run[baseline]:
            chosen = [
                min(run[side], key=lambda r: (r["val_loss"], r["z"]))
                for side in (variant, baseline)
            ]
            pairs.append((chosen[0], chosen[1]))
    return pairs


def _evidence(pairs: list[Pair], scores: ScoresLoader) -> Evidence | None:
    if len(pairs) >= 2:
        return RepeatEvidence(tuple(v["value"] - b["value"] for v, b in pairs))
    ((mine, theirs),) = pairs
    a, b = scores(mine), scores(theirs)
    if a is None or b is None or a.shape != b.shape or len(a) < 2:
        return None
    return SingleRunEvidence(a - b)


def family_comparisons(
    records: list[dict], setting: Setting, scores: ScoresLoader = lambda record: None
) -> list[ComparisonRecord]:
    """The comparisons of one table (one dataset and predictor in ``setting``), one Holm family."""
    if not records:
        return []
    first = records[0]
    info = find_metric(first["metric"])
    if info is None:
        return []
    questions: list[tuple[str, object, Evidence]] = []
    for variant in perceptual_variants():
        by_z = _pairs(records, variant, twin_of(variant))
        asked = sorted(by_z.items(), key=lambda item: str(item[0]))
        if len({record["z"] for record in records}) > 1:
            asked.append((ANY_Z, _any_pairs(records, variant, twin_of(variant))))
        for z, pairs in asked:
            evidence = _evidence(pairs, scores) if pairs else None
            if evidence is not None:
                questions.append((variant, z, evidence))
    answers = answer_family([Question(e, info.higher_is_better) for *_, e in questions])
    return [
        _record(first, variant, z, answer, setting)
        for (variant, z, _), answer in zip(questions, answers)
    ]


def _record(
    first: dict, variant: str, z: object, answer: Answer, setting: Setting
) -> ComparisonRecord:
    values: dict[str, Any] = dict(setting)
    return ComparisonRecord(
        dataset=first["dataset"],
        variant=variant,
        baseline=twin_of(variant),
        z=z if isinstance(z, int | str) else str(z),
        predictor=first["predictor"],
        metric=first["metric"],
        n=answer.n,
        mean_diff=answer.mean_diff,
        ci_low=answer.ci_low,
        ci_high=answer.ci_high,
        ci_method=answer.ci_method,
        prob_improvement=answer.prob_improvement,
        p_holm=answer.p_holm,
        verdict=answer.verdict.value,
        **{key: values.get(key) for key in SETTING_KEYS},
        confidence=answer.confidence,
        p_value=answer.p_value,
        repeats_needed=answer.repeats_needed,
        label=answer.label,
    )


def build_comparisons(
    records: Sequence[dict], scores: ScoresLoader = lambda record: None
) -> list[ComparisonRecord]:
    """Every comparison, grouped by setting, dataset and predictor (one Holm family each)."""
    usable = [
        r for r in records if find_metric(r["metric"]) is not None and r["variant"] in VARIANTS
    ]
    out: list[ComparisonRecord] = []
    for setting in section_settings(usable):
        families: dict[tuple, list[dict]] = defaultdict(list)
        for record in usable:
            if belongs(record, setting):
                families[(record["dataset"], record["predictor"])].append(record)
        for key in sorted(families):
            out.extend(family_comparisons(families[key], setting, scores))
    return out
