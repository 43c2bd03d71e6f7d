"""Images as terminal text: truecolor half-blocks, or an ASCII character ramp.

Half-block mode draws two image rows per text row: each character is ``▄`` with the upper pixel
as its background colour and the lower pixel as its foreground, so a 64x64 image takes 64 columns
by 32 rows (odd heights get a black row appended). ASCII mode maps each pixel pair's brightness to
a character of `RAMP` for terminals without colour (or with NO_COLOR). Works under tmux, unlike
sixel or kitty graphics.

This module is engine code and imports no UI library: `percae_core/cli/preview_render.py` turns
its cells into rich text for the CLI and the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet

LOWER_HALF = "▄"
RAMP = " .:-=+*#%@"
"""Dark to bright: a space for black, ``@`` for white."""

RGB = tuple[int, int, int]
ROW_LABEL_WIDTH = 11
GAP = 2


@dataclass(frozen=True)
class HalfBlock:
    """One character cell: ``top`` is drawn as the background, ``bottom`` as the foreground."""

    top: RGB
    bottom: RGB


def as_hwc_uint8(image: np.ndarray) -> np.ndarray:
    """An image as H x W x 3 uint8, from 3 x H x W or H x W x 3, uint8 or float in [0, 1]."""
    array = np.asarray(image)
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    if array.ndim != 3:
        raise ValueError(f"expected an image of 2 or 3 dimensions, got shape {array.shape}")
    if array.shape[0] in (1, 3) and array.shape[2] not in (1, 3):
        array = np.transpose(array, (1, 2, 0))
    if array.shape[2] == 1:
        array = np.repeat(array, 3, axis=2)
    if array.dtype != np.uint8:
        array = np.clip(np.rint(np.asarray(array, dtype=np.float64) * 255.0), 0, 255).astype(
            np.uint8
        )
    return array


def downscale(image: np.ndarray, width: int) -> np.ndarray:
    """Shrink an H x W x 3 uint8 image to ``width`` columns by averaging blocks (never enlarges)."""
    height, current = image.shape[:2]
    if width >= current or width < 1:
        return image
    factor = current / width
    new_height = max(1, int(round(height / factor)))
    rows = np.linspace(0, height, new_height + 1).astype(int)
    cols = np.linspace(0, current, width + 1).astype(int)
    out = np.empty((new_height, width, 3), dtype=np.uint8)
    for i in range(new_height):
        band = image[rows[i] : max(rows[i + 1], rows[i] + 1)].astype(np.float64)
        for j in range(width):
            block = band[:, cols[j] : max(cols[j + 1], cols[j] + 1)]
            out[i, j] = np.rint(block.mean(axis=(0, 1)))
    return out


def _even_rows(image: np.ndarray) -> np.ndarray:
    if image.shape[0] % 2 == 0:
        return image
    pad = np.zeros((1, *image.shape[1:]), dtype=image.dtype)
    return np.concatenate([image, pad], axis=0)


def _rgb(pixel: np.ndarray) -> RGB:
    return int(pixel[0]), int(pixel[1]), int(pixel[2])


def half_blocks(image: np.ndarray, width: int | None = None) -> list[list[HalfBlock]]:
    """Rows of half-block cells for ``image`` (optionally shrunk to ``width`` columns)."""
    pixels = as_hwc_uint8(image)
    if width is not None:
        pixels = downscale(pixels, width)
    pixels = _even_rows(pixels)
    rows: list[list[HalfBlock]] = []
    for top_row, bottom_row in zip(pixels[0::2], pixels[1::2]):
        rows.append(
            [HalfBlock(_rgb(top), _rgb(bottom)) for top, bottom in zip(top_row, bottom_row)]
        )
    return rows


def luminance(pixels: np.ndarray) -> np.ndarray:
    """Rec. 709 luma of H x W x 3 uint8 pixels, in [0, 1]."""
    weights = np.array([0.2126, 0.7152, 0.0722])
    return (pixels.astype(np.float64) @ weights) / 255.0


def ascii_lines(image: np.ndarray, width: int | None = None) -> list[str]:
    """The image as lines of `RAMP` characters, one line per two pixel rows (their mean)."""
    pixels = as_hwc_uint8(image)
    if width is not None:
        pixels = downscale(pixels, width)
    pixels = _even_rows(pixels)
    light = luminance(pixels)
    pairs = (light[0::2] + light[1::2]) / 2.0
    index = np.clip(np.rint(pairs * (len(RAMP) - 1)), 0, len(RAMP) - 1).astype(int)
    return ["".join(RAMP[i] for i in row) for row in index]


def figure_width(preview: PreviewSet, total_width: int) -> int:
    """Columns per image so the whole figure fits ``total_width`` (never wider than the image)."""
    columns = 1 + len(preview.reconstructions) + len(preview.missing)
    available = max(8, total_width - ROW_LABEL_WIDTH - GAP * (columns + 1))
    return max(8, min(int(preview.original.shape[1]), available // columns))
