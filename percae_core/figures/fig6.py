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

import numpy as np

from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import Box, Drawn
from percae_core.figures.fig6_data import Fig6Images
from percae_core.figures.labels import figure_caption
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


def draw_fig6(images: Fig6Images) -> Drawn:
    """The grid as a figure; ``tiles[(row, column)]`` is each tile's pixel box in the PNG."""
    plt = pyplot()
    factor = scale_factor(images.originals[0])
    height, width = enlarged(images.originals[0], factor).shape[:2]
    columns = 1 + len(images.variants)
    rows = 2 * len(images.indices)
    fig_w = _LEFT + columns * (width + _GAP) + _GAP
    title = images.setting.titled(
        f"Fig. 6: {dataset_title(images.dataset)} test images and their reconstructions "
        f"(z={images.z})"
    )
    caption = figure_caption(images.cells, images.setting)
    note = (
        f"Images {', '.join(str(i) for i in images.indices)} of {images.count} test images; "
        f"enlarged {factor}x, nearest neighbour."
    )
    if images.missing:
        note += " Not shown: " + "; ".join(
            f"{variant_title(v)} ({why})" for v, why in images.missing.items()
        )
    text_width = fig_w - 2 * _MARGIN
    blocks = [
        (_wrapped(title, text_width, _TITLE_PT), _TITLE_PT, _TITLE_LINE, "bold"),
        (_wrapped(caption, text_width, _TEXT_PT), _TEXT_PT, _TEXT_LINE, "normal"),
        (_wrapped(note, text_width, _TEXT_PT), _TEXT_PT, _TEXT_LINE, "normal"),
    ]
    grid_top = _MARGIN + sum(len(lines) * line + _MARGIN for lines, _, line, _ in blocks) + _GAP
    fig_h = grid_top + _HEADER + rows * (height + _GAP) + (len(images.indices) - 1) * _GAP + _BOTTOM
    figure = plt.figure(figsize=(fig_w / DPI, fig_h / DPI), dpi=DPI, facecolor="white")
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

    tiles: dict[tuple[int, int], Box] = {}
    headers = ["test image", *(variant_title(v) for v in images.variants)]
    for column, header in enumerate(headers):
        left = _LEFT + _GAP + column * (width + _GAP)
        figure.text(
            (left + width / 2) / fig_w,
            1 - (grid_top + _HEADER / 2) / fig_h,
            header,
            ha="center",
            va="center",
            fontsize=11,
            weight="bold",
        )
    for image_number, original in enumerate(images.originals):
        for half, row_title in enumerate(_ROW_TITLES):
            row = 2 * image_number + half
            top = grid_top + _HEADER + row * (height + _GAP) + image_number * _GAP
            figure.text(
                (_LEFT - 6) / fig_w,
                1 - (top + height / 2) / fig_h,
                f"#{images.indices[image_number]}\n{row_title}",
                ha="right",
                va="center",
                fontsize=9.5,
            )
            row_images: list[np.ndarray | None] = [original]
            for variant in images.variants:
                source = images.before if half == 0 else images.after
                row_images.append(source[variant][image_number])
            for column, image in enumerate(row_images):
                left = _LEFT + _GAP + column * (width + _GAP)
                tile = _blank((height, width, 3)) if image is None else enlarged(image, factor)
                figure.figimage(tile, xo=left, yo=fig_h - top - height, origin="upper")
                tiles[(row, column)] = (left, top, width, height)
                if image is None:
                    figure.text(
                        (left + width / 2) / fig_w,
                        1 - (top + height / 2) / fig_h,
                        "no retrained\ndecoder",
                        ha="center",
                        va="center",
                        fontsize=8,
                    )
    name = f"fig6_{images.dataset}_z{images.z}_{images.setting.slug}"
    return Drawn("fig6", name, title, images.dataset, images.setting, figure, tiles, (caption,))
