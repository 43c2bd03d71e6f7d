"""How every stage of a study stops on request (the TUI's pause, a queue item's cancel).

The autoencoder fit, the predictor grid and decoder retraining all poll the same
``should_stop`` callable between batches and, when it says so, raise `Interrupted`: a stopped
stage never returns a result, so nothing partial can be recorded as if it were finished.
"""

from __future__ import annotations

from collections.abc import Callable

from percae_core.errors import Interrupted

StopCheck = Callable[[], bool] | None


def stop_requested(should_stop: StopCheck) -> bool:
    return should_stop is not None and bool(should_stop())


RESTART_HINT = "Start it again to resume: finished stages are reused, this one is redone."


def stopped(
    stage: str,
    where: str,
    *,
    kept: str = "none of its results were kept",
    hint: str = RESTART_HINT,
    at: str = "during",
) -> Interrupted:
    """The error a stage raises when stopped on request; ``at`` and ``where`` say how far it got
    ("during epoch 2", "after epoch 1") and ``kept`` what was kept of it (the autoencoder fit
    keeps its finished epochs)."""
    return Interrupted(f"{stage} was stopped on request {at} {where}; {kept}.", hint=hint)
