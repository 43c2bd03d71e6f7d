"""The study's test metrics, described once (torch-free): unit, direction, display, trivial predictor.

Modelled on lm-eval's ``register_metric(higher_is_better=...)``: each metric is one
`register_metric` call, and everything that writes, compares or captions a metric (the runner,
the reference baselines, diagnostics, tables, summaries, the CLI) asks this registry instead of
restating it. Computing a metric is `percae_core.evaluation.metrics`' job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from percae_core.errors import UsageError

TrivialPredictor = Literal["mean", "majority"]


@dataclass(frozen=True)
class MetricInfo:
    name: str
    task: str
    """The predictor task it scores (a dataset's ``task``)."""
    higher_is_better: bool
    unit: str
    """Shown after numbers in tables ("px", "%")."""
    percent: bool
    """Stored as a fraction in [0, 1], shown times 100."""
    decimals: int
    """Decimals in tables (the paper's precision)."""
    caption: str
    """What a table of it shows, for captions."""
    trivial_predictor: TrivialPredictor
    """The input-blind baseline: always the training ``mean`` or the ``majority`` class."""
    trivial_description: str
    """That baseline in a table note ("training-mean position")."""
    trivial_behaviour: str
    """What that baseline does, in a warning ("always predicting the training mean")."""
    title: str
    """What it measures, short, for a figure's axis ("test accuracy")."""

    def shown(self, value: float) -> float:
        """A stored value in the unit tables show."""
        return value * 100.0 if self.percent else value

    def text(self, value: float) -> str:
        """An already shown value with this metric's decimals."""
        return f"{value:.{self.decimals}f}"

    @property
    def suffix(self) -> str:
        """The unit as written right after a number in sentences (" px", or "" for fractions)."""
        return "" if self.percent else f" {self.unit}"


_METRICS: dict[str, MetricInfo] = {}


def register_metric(
    name: str,
    *,
    task: str,
    higher_is_better: bool,
    unit: str,
    percent: bool = False,
    decimals: int = 2,
    caption: str,
    trivial_predictor: TrivialPredictor,
    trivial_description: str,
    trivial_behaviour: str,
    title: str,
) -> MetricInfo:
    """Add a metric (one per task); returns its `MetricInfo`."""
    info = MetricInfo(
        name,
        task,
        higher_is_better,
        unit,
        percent,
        decimals,
        caption,
        trivial_predictor,
        trivial_description,
        trivial_behaviour,
        title,
    )
    _METRICS[name] = info
    return info


def list_metrics() -> list[str]:
    return list(_METRICS)


def find_metric(name: str) -> MetricInfo | None:
    """The registered metric ``name``, or None (old rows may carry names no longer registered)."""
    return _METRICS.get(name)


def get_metric(name: str) -> MetricInfo:
    try:
        return _METRICS[name]
    except KeyError:
        raise UsageError(
            f"Unknown metric {name!r}.", hint=f"Known metrics: {', '.join(_METRICS)}."
        ) from None


def metric_for_task(task: str) -> MetricInfo:
    """The metric that scores predictors of ``task``."""
    for info in _METRICS.values():
        if info.task == task:
            return info
    tasks = ", ".join(sorted({info.task for info in _METRICS.values()}))
    raise UsageError(f"Unknown predictor task {task!r}.", hint=f"Use one of: {tasks}.")


def metric_caption(name: str) -> str:
    """What a table of metric ``name`` shows; the name itself when it is not registered."""
    info = _METRICS.get(name)
    return info.caption if info else name


def trivial_predictor_title(kind: str) -> str:
    """A trivial predictor ("mean") in words ("training-mean position"); ``kind`` if unknown."""
    for info in _METRICS.values():
        if info.trivial_predictor == kind:
            return info.trivial_description
    return kind


DISTANCE_PX = register_metric(
    "distance_px",
    task="position",
    higher_is_better=False,
    unit="px",
    decimals=2,
    caption="mean distance to the true position in pixels (lower is better)",
    trivial_predictor="mean",
    trivial_description="training-mean position",
    trivial_behaviour="always predicting the training mean",
    title="mean distance to the true position",
)
ACCURACY = register_metric(
    "accuracy",
    task="classification",
    higher_is_better=True,
    unit="%",
    percent=True,
    decimals=1,
    caption="test accuracy in % (higher is better)",
    trivial_predictor="majority",
    trivial_description="majority class",
    trivial_behaviour="always predicting the most frequent class",
    title="test accuracy",
)
DISTANCE = register_metric(
    "distance",
    task="regression",
    higher_is_better=False,
    unit="units",
    decimals=3,
    caption="mean Euclidean distance to the true targets, in the targets' own unit "
    "(lower is better)",
    trivial_predictor="mean",
    trivial_description="training-mean targets",
    trivial_behaviour="always predicting the training mean",
    title="mean distance to the true targets",
)
