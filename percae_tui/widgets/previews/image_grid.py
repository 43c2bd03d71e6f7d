"""The original test image beside each variant's reconstruction, before and after decoder
retraining (the paper's Fig. 6), drawn with `percae_core.preview`; or, zoomed, one variant at a
time as large as the view allows (`zoom_grid.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from percae_core.cli.preview_render import figure_grid
from percae_core.preview import figure_width
from percae_tui.widgets.previews.zoom_grid import zoom_grid, zoom_width

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet


ZOOM_HINT = (
    "\nThe whole figure is as wide as the screen; z shows one variant at a time as large as the "
    "screen allows (v: the next variant)."
)


class ImageGrid(Static):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.preview: PreviewSet | None = None
        self.ascii_mode = False
        self.zoom: str | None = None
        """The variant shown zoomed, or None for the whole figure."""
        self.grid: Table | None = None
        """The rich grid on screen (None while there is nothing to show)."""

    def show(
        self,
        preview: PreviewSet | None,
        ascii_mode: bool,
        empty_text: str = "",
        zoom: str | None = None,
    ) -> None:
        self.preview = preview
        self.ascii_mode = ascii_mode
        self.zoom = zoom
        if preview is None:
            self.grid = None
            self.update(empty_text)
            return
        width = self.size.width or 120
        if zoom is None:
            # five square images side by side: the width sets their size, and the lines left
            # below are where the zoom's hint goes
            self.grid = figure_grid(preview, figure_width(preview, width), ascii_mode)
            self.update(Group(self.grid, Text(ZOOM_HINT, style="dim")))
            return
        self.grid = zoom_grid(
            preview, zoom, zoom_width(preview, width, self._view_height()), ascii_mode
        )
        self.update(self.grid)

    def _view_height(self) -> int:
        """Lines of the scrolling view this grid sits in (the zoom fits it without scrolling)."""
        parent = self.parent
        height = parent.size.height if isinstance(parent, Widget) else 0
        return height or self.app.size.height

    def redraw(self) -> None:
        """Draw the same preview again for the current size."""
        if self.preview is not None:
            self.show(self.preview, self.ascii_mode, zoom=self.zoom)

    def on_resize(self) -> None:
        self.redraw()
