"""Preview images as rich renderables: the half-block cells and ASCII lines of
`percae_core.preview` drawn as rich ``Text``, and the paper's Fig. 6 as a rich grid.

The CLI (`percae preview`) and the TUI's Previews screen both draw through this module; the
engine module it reads (`percae_core/preview.py`) imports no UI library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from rich.style import Style
from rich.table import Table
from rich.text import Text

from percae_core.models.variants import variant_title
from percae_core.preview import GAP, LOWER_HALF, RGB, ROW_LABEL_WIDTH, ascii_lines, half_blocks

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet


def _hex(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def to_rich_text(image: np.ndarray, width: int | None = None, ascii_mode: bool = False) -> Text:
    """The image as a rich ``Text``: truecolor half-blocks, or plain ASCII lines."""
    if ascii_mode:
        return Text("\n".join(ascii_lines(image, width)), no_wrap=True, end="")
    text = Text(no_wrap=True, end="")
    styles: dict[tuple[RGB, RGB], Style] = {}
    for number, row in enumerate(half_blocks(image, width)):
        if number:
            text.append("\n")
        for cell in row:
            key = (cell.top, cell.bottom)
            style = styles.get(key)
            if style is None:
                style = styles[key] = Style(color=_hex(cell.bottom), bgcolor=_hex(cell.top))
            text.append(LOWER_HALF, style)
    return text


def figure_grid(preview: PreviewSet, image_width: int, ascii_mode: bool) -> Table:
    """The paper's Fig. 6 as a rich grid: a header row, then the reconstructions by the trained
    decoders (the original first) and by the retrained decoders."""
    grid = Table.grid(padding=(0, GAP, 1, 0))
    grid.add_column(width=ROW_LABEL_WIDTH)
    columns = ["Original", *(variant_title(r.variant) for r in preview.reconstructions)]
    columns += [f"{variant_title(v)} (none)" for v in preview.missing]
    for _ in columns:
        grid.add_column(width=image_width, no_wrap=True)
    grid.add_row("", *(Text(title, style="bold") for title in columns))

    def image(array: np.ndarray) -> Text:
        return to_rich_text(array, width=image_width, ascii_mode=ascii_mode)

    not_run = Text("not run", style="dim")
    grid.add_row(
        Text("trained\ndecoder", style="italic"),
        image(preview.original),
        *(image(r.before) for r in preview.reconstructions),
        *(not_run for _ in preview.missing),
    )
    grid.add_row(
        Text("retrained\ndecoder", style="italic"),
        Text(""),
        *(
            image(r.after) if r.after is not None else Text("no decoder.pt", style="dim")
            for r in preview.reconstructions
        ),
        *(Text("") for _ in preview.missing),
    )
    return grid
