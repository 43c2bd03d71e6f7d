"""matplotlib, imported only when a figure is drawn, always with the headless Agg backend.

matplotlib is an optional extra (``pip install 'percae[figures]'``): nothing else in percae needs
it, and `percae --help` must not pay for importing it. `pyplot()` is the one door to it.
"""

from __future__ import annotations

from types import ModuleType

from percae_core.errors import PercaeError


class PlottingMissingError(PercaeError):
    """matplotlib is not installed."""


def pyplot() -> ModuleType:
    """``matplotlib.pyplot`` on the Agg backend (no display needed), or a clear error."""
    try:
        import matplotlib
    except ImportError:
        raise PlottingMissingError(
            "Drawing figures needs matplotlib, which is not installed.",
            hint="Install the figures extra: `pip install 'percae[figures]'` "
            "(or `pip install matplotlib`), then run the command again.",
        ) from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt
