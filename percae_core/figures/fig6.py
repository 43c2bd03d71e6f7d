"""The paper's Fig. 6 as a figure: chosen test images beside each variant's reconstructions,
by the trained autoencoder and by the decoder retrained pixel-wise on its frozen embedding.

Layout: one pair of rows per test image ("autoencoder", "retrained decoder"), one column for
the test image and one per variant. Every image is placed pixel for pixel (``figimage``): it is
enlarged by the whole factor ``ceil(TILE_PIXELS / longer side)`` with nearest-neighbour
repetition, never interpolated, so the tiles of a PNG are exactly the images scaled up.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np

from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import Box, Drawn
from percae_core.figures.fig6_data import Fig6Images
from percae_core.figures.labels import figure_caption
from percae_core.image_numbers import image_number, images_label
from percae_core.results.table_data import dataset_title, variant_title

#: Tiles are enlarged to at least this many pixels on their longer side.
TILE_PIXELS = 128
DPI = 100
_GAP = 8
_LEFT = 170
_MARGIN = 8
_HEADER = 28
#: Font sizes (points) and line heights (pixels at DPI) of the title and the text below it.
_TITLE_PT, _TITLE_LINE = 13, 22
_TEXT_PT, _TEXT_LINE = 8.5, 14
_BOTTOM = 16
_ROW_TITLES = ("autoencoder", "retrained decoder")


def scale_factor(image: np.ndarray) -> int:
    """The whole enlargement factor of a tile (documented above)."""
    return max(1, math.ceil(TILE_PIXELS / max(image.shape[:2])))


def enlarged(image: np.ndarray, factor: int) -> np.ndarray:
    """H x W x 3 uint8 -> (H*f) x (W*f) x 3 by repeating every pixel f x f times."""
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def _blank(shape: tuple[int, ...]) -> np.ndarray:
    return np.full(shape, 225, dtype=np.uint8)


def _wrapped(text: str, pixels: int, points: float) -> list[str]:
    """``text`` in lines that fit ``pixels`` (a generous average glyph width of 0.62 em):
    matplotlib places but does not measure wrapped figure text, so the layout wraps it."""
    columns = max(20, int(pixels / (points * DPI / 72 * 0.62)))
    return textwrap.wrap(text, columns, break_on_hyphens=False, break_long_words=False)


def figure_name(images: Fig6Images) -> str:
    """The file's stem; a grid of named images (``--index``, the previews' ``s``) adds their
    numbers, so it never overwrites the seeded grid `percae figures` writes."""
    name = f"fig6_{images.dataset}_z{images.z}_{images.setting.slug}"
    if images.chosen:
        name += "_images" + "-".join(str(image_number(i)) for i in images.indices)
    return name


def _texts(images: Fig6Images, factor: int) -> tuple[str, str, str]:
    """The title, the settings caption and the note on which images are shown."""
    title = images.setting.titled(
        f"Fig. 6: {dataset_title(images.dataset)} test images and their reconstructions "
        f"(z={images.z})"
    )
    caption = figure_caption(images.cells, images.setting)
    shown = images_label(images.indices, images.count)
    note = f"{shown[0].upper()}{shown[1:]}; enlarged {factor}x, nearest neighbour."
    if images.missing:
        note += " Not shown: " + "; ".join(
            f"{variant_title(v)} ({why})" for v, why in images.missing.items()
        )
    return title, caption, note


_Block = tuple[list[str], float, int, str]


def _blocks(texts: tuple[str, str, str], text_width: int) -> list[_Block]:
    title, caption, note = texts
    return [
        (_wrapped(title, text_width, _TITLE_PT), _TITLE_PT, _TITLE_LINE, "bold"),
        (_wrapped(caption, text_width, _TEXT_PT), _TEXT_PT, _TEXT_LINE, "normal"),
        (_wrapped(note, text_width, _TEXT_PT), _TEXT_PT, _TEXT_LINE, "normal"),
    ]


def _draw_blocks(figure: Any, blocks: list[_Block], fig_w: int, fig_h: int) -> None:
    y = _MARGIN
    for lines, points, line, weight in blocks:
        figure.text(
            _MARGIN / fig_w,
            1 - y / fig_h,
            "\n".join(lines),
            va="top",
            fontsize=points,
            weight=weight,
            linespacing=line / (points * DPI / 72),
        )
        y += len(lines) * line + _MARGIN


@dataclass(frozen=True)
class _Grid:
    """Where the grid lies in the figure (pixels) and how much each tile is enlarged."""

    factor: int
    width: int
    height: int
    top: int
    fig_w: int
    fig_h: int

    def left(self, column: int) -> int:
        return _LEFT + _GAP + column * (self.width + _GAP)

    def row_top(self, row: int) -> int:
        return self.top + _HEADER + row * (self.height + _GAP) + row // 2 * _GAP

    def at(self, x: float, y: float) -> tuple[float, float]:
        """Figure coordinates of the pixel (x, y) counted from the top left."""
        return x / self.fig_w, 1 - y / self.fig_h


def _draw_headers(figure: Any, grid: _Grid, variants: list[str]) -> None:
    headers = ["test image", *(variant_title(v) for v in variants)]
    for column, header in enumerate(headers):
        x, y = grid.at(grid.left(column) + grid.width / 2, grid.top + _HEADER / 2)
        figure.text(x, y, header, ha="center", va="center", fontsize=11, weight="bold")


def _draw_row(
    figure: Any, grid: _Grid, images: Fig6Images, row: int, tiles: dict[tuple[int, int], Box]
) -> None:
    """One row: the test image, then each variant's reconstruction (before or after)."""
    image_number_in_grid, half = divmod(row, 2)
    top = grid.row_top(row)
    x, y = grid.at(_LEFT - 6, top + grid.height / 2)
    number = image_number(images.indices[image_number_in_grid])
    figure.text(x, y, f"#{number}\n{_ROW_TITLES[half]}", ha="right", va="center", fontsize=9.5)
    source = images.before if half == 0 else images.after
    row_images: list[np.ndarray | None] = [images.originals[image_number_in_grid]]
    row_images += [source[variant][image_number_in_grid] for variant in images.variants]
    for column, image in enumerate(row_images):
        left = grid.left(column)
        blank = _blank((grid.height, grid.width, 3))
        tile = blank if image is None else enlarged(image, grid.factor)
        figure.figimage(tile, xo=left, yo=grid.fig_h - top - grid.height, origin="upper")
        tiles[(row, column)] = (left, top, grid.width, grid.height)
        if image is None:
            x, y = grid.at(left + grid.width / 2, top + grid.height / 2)
            text = "no retrained\ndecoder"
            figure.text(x, y, text, ha="center", va="center", fontsize=8)


def draw_fig6(images: Fig6Images) -> Drawn:
    """The grid as a figure; ``tiles[(row, column)]`` is each tile's pixel box in the PNG."""
    plt = pyplot()
    factor = scale_factor(images.originals[0])
    height, width = enlarged(images.originals[0], factor).shape[:2]
    rows = 2 * len(images.indices)
    fig_w = _LEFT + (1 + len(images.variants)) * (width + _GAP) + _GAP
    texts = _texts(images, factor)
    blocks = _blocks(texts, fig_w - 2 * _MARGIN)
    grid_top = _MARGIN + sum(len(lines) * line + _MARGIN for lines, _, line, _ in blocks) + _GAP
    fig_h = grid_top + _HEADER + rows * (height + _GAP) + (len(images.indices) - 1) * _GAP + _BOTTOM
    figure = plt.figure(figsize=(fig_w / DPI, fig_h / DPI), dpi=DPI, facecolor="white")
    _draw_blocks(figure, blocks, fig_w, fig_h)
    grid = _Grid(factor, width, height, grid_top, fig_w, fig_h)
    _draw_headers(figure, grid, images.variants)
    tiles: dict[tuple[int, int], Box] = {}
    for row in range(rows):
        _draw_row(figure, grid, images, row, tiles)
    title, caption, _ = texts
    return Drawn(
        "fig6",
        figure_name(images),
        title,
        images.dataset,
        images.setting,
        figure,
        tiles,
        footnote=caption,  # drawn in the image's own text block: not repeated beside it
    )
