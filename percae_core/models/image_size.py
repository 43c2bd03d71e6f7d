"""The (height, width) of the autoencoder's input images, as one type.

Sizes arrive as lists (a checkpoint's JSON identity, a dataset's metadata) or tuples; the models
and their lru-cached size arithmetic take exactly two ints, so every caller converts here.
"""

from __future__ import annotations

from collections.abc import Iterable

from percae_core.errors import UsageError

ImageSize = tuple[int, int]


def image_size(values: Iterable[int]) -> ImageSize:
    """``(height, width)`` from any two ints; anything else is not an image size."""
    sides = tuple(int(v) for v in values)
    if len(sides) != 2:
        raise UsageError(
            f"An image size is two numbers, height and width; got {sides}.",
            hint="Pass the images' height and width, e.g. (64, 64).",
        )
    return sides[0], sides[1]
