"""The autoencoder's early-stopping patience, written once (torch-free, so profiles can use it).

The original code stops a fit after max(10, epochs / 20) epochs without a better validation loss:
10 for the paper's 50 epochs, more for longer fits.
"""

from __future__ import annotations


def default_patience(epochs: int) -> int:
    """The original code's patience for a fit of ``epochs`` epochs: max(10, epochs // 20)."""
    return max(10, epochs // 20)
