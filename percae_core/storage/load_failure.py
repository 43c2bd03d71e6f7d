"""Why torch could not load a file, said without torch's advice to load it unsafely (used for
checkpoints and pretrained weights alike)."""

from __future__ import annotations


def load_failure(exc: BaseException) -> str:
    """Why torch could not load a file, without torch's advice to load it unsafely.

    torch's message for a file holding pickled objects suggests ``weights_only=False``, which
    would run code from the file; percae never loads that way and never repeats the advice.
    """
    text = str(exc)
    if "weights_only" in text or "Weights only load failed" in text:
        return "it holds pickled objects, not only tensors, and percae loads only tensors"
    first = text.splitlines()[0].strip() if text.strip() else "no detail"
    return f"{type(exc).__name__}: {first}"
