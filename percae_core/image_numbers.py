"""How a test image is numbered wherever a user reads it: from 1, as in "test image 200 of 200".

Stored positions (``--index``, the arrays) count from 0; every label shows ``position + 1``, so
the previews, `percae preview` and the Fig. 6 grid agree on which image is which.
"""

from __future__ import annotations


def image_number(position: int) -> int:
    """The number a user reads for the test image at ``position`` (0-based)."""
    return position + 1


def image_label(position: int, count: int) -> str:
    """``"test image 200 of 200"`` for position 199 of 200."""
    return f"test image {image_number(position)} of {count}"


def images_label(positions: list[int], count: int) -> str:
    """``"test images 2, 5 of 200"`` for positions 1 and 4."""
    numbers = ", ".join(str(image_number(p)) for p in positions)
    return f"test image{'s' if len(positions) != 1 else ''} {numbers} of {count}"
