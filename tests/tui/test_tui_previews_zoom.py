"""Previews zoom (`z`): the original and one variant's reconstructions before and after decoder
retraining, larger than in the whole figure; `v` steps through the variants in the registry's
order; the caption says which variant is shown."""

from __future__ import annotations

import io

import numpy as np
from rich.console import Console
from textual.widgets import Label
from textual.worker import WorkerCancelled

from percae_core.models.variants import list_variants, variant_title
from percae_core.preview import figure_width
from percae_core.reconstructions import PreviewSet, Reconstruction
from percae_tui.app import PercaeApp
from percae_tui.widgets.previews.image_grid import ImageGrid

SIZE = (140, 45)


def synthetic_preview() -> PreviewSet:
    image = np.zeros((64, 64, 3), dtype=np.uint8)
    image[20:30, 28:36] = 255
    return PreviewSet(
        dataset="lunarlander",
        z=32,
        index=0,
        count=10,
        original=image,
        reconstructions=[
            Reconstruction(v, i, image // (i + 1), image) for i, v in enumerate(list_variants())
        ],
    )


def drawn(grid: ImageGrid) -> str:
    console = Console(width=SIZE[0], color_system="truecolor", record=True, file=io.StringIO())
    console.print(grid.grid)
    return console.export_text()


def shown_text(grid: ImageGrid) -> str:
    """What the widget shows, as text (its grid and any line under it)."""
    console = Console(width=SIZE[0], record=True, file=io.StringIO())
    console.print(grid.content)
    return console.export_text()


def image_columns(grid: ImageGrid) -> int:
    """The width of the widest line of half-blocks drawn in one image column."""
    assert grid.grid is not None
    return max(column.width or 0 for column in grid.grid.columns)


async def test_zoom_shows_one_variant_larger_and_cycles_in_registry_order(home):
    app = PercaeApp(home, poll=False)
    preview = synthetic_preview()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        app.screen.show_preview(preview)
        await pilot.pause()
        grid = app.screen.query_one(ImageGrid)
        whole = figure_width(preview, grid.size.width)
        # the whole figure is as wide as the screen, and says under it how to see it larger
        assert "z shows one variant at a time" in shown_text(grid)
        await pilot.press("z")
        await pilot.pause()
        caption = str(app.screen.query_one("#preview-caption", Label).render())
        first = list_variants()[0]
        assert f"Zoom: {variant_title(first)} (1 of {len(list_variants())})" in caption
        text = drawn(grid)
        assert "z shows one variant at a time" not in shown_text(grid)
        assert f"{variant_title(first)}: trained decoder (before retraining)" in text
        assert f"{variant_title(first)}: retrained decoder (after)" in text
        assert image_columns(grid) >= 2 * whole - 2, "the zoomed image is about twice as wide"
        assert grid.region.bottom <= app.screen.size.height, "it fits without scrolling"
        seen = [grid.zoom]
        for _ in list_variants():
            await pilot.press("v")
            await pilot.pause()
            seen.append(grid.zoom)
        assert seen == [*list_variants(), first]
        await pilot.press("z")
        await pilot.pause()
        assert grid.zoom is None and "Zoom" not in str(
            app.screen.query_one("#preview-caption", Label).render()
        )
