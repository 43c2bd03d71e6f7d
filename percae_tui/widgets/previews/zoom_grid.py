"""One variant at a time, as large as the terminal allows: the test image, its reconstruction
by the variant's trained decoder and by its retrained decoder, side by side (the paper's Fig. 6
for one column). Drawn with the same half-block/ASCII renderer as the full grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from percae_core.cli.preview_render import to_rich_text
from percae_core.models.variants import list_variants, variant_title

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet, Reconstruction

GAP = 2
IMAGES = 3
"""Original, trained decoder, retrained decoder."""
TITLE_LINES = 3
"""The titles above the images (up to two lines each) and the gap below them."""


def zoom_variants(preview: PreviewSet) -> list[str]:
    """The variants the zoom cycles through: those with a reconstruction, in the registry's
    order."""
    present = {r.variant for r in preview.reconstructions}
    return [v for v in list_variants() if v in present]


def zoom_width(preview: PreviewSet, width: int, height: int) -> int:
    """Columns per image so three images fit ``width`` x ``height`` cells (half-blocks draw two
    pixel rows per line); never wider than the image itself, at least 8."""
    image_height, image_width = preview.original.shape[:2]
    by_width = (width - GAP * (IMAGES - 1)) // IMAGES
    by_height = (height - TITLE_LINES) * 2 * image_width // max(image_height, 1)
    return max(8, min(int(image_width), by_width, by_height))


def zoom_grid(preview: PreviewSet, variant: str, image_width: int, ascii_mode: bool) -> Table:
    """The original, then ``variant``'s reconstructions before and after decoder retraining."""
    chosen: Reconstruction = next(r for r in preview.reconstructions if r.variant == variant)
    title = variant_title(variant)
    grid = Table.grid(padding=(0, GAP, 1, 0))
    for _ in range(IMAGES):
        grid.add_column(width=image_width, no_wrap=False)
    grid.add_row(
        *(
            Text(text, style="bold")
            for text in (
                "Original",
                f"{title}: trained decoder (before retraining)",
                f"{title}: retrained decoder (after)",
            )
        )
    )
    after = (
        to_rich_text(chosen.after, width=image_width, ascii_mode=ascii_mode)
        if chosen.after is not None
        else Text("no decoder.pt: its decoder was not retrained", style="dim")
    )
    grid.add_row(
        to_rich_text(preview.original, width=image_width, ascii_mode=ascii_mode),
        to_rich_text(chosen.before, width=image_width, ascii_mode=ascii_mode),
        after,
    )
    return grid
