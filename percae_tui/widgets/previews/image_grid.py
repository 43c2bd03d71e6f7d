"""The original test image beside each variant's reconstruction, before and after decoder
retraining (the paper's Fig. 6), drawn with `percae_core.preview`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from textual.widgets import Static

from percae_core.cli.preview_render import figure_grid
from percae_core.preview import figure_width

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet


class ImageGrid(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.preview: PreviewSet | None = None
        self.ascii_mode = False
        self.grid: Table | None = None
        """The rich grid on screen (None while there is nothing to show)."""

    def show(self, preview: PreviewSet | None, ascii_mode: bool, empty_text: str = "") -> None:
        self.preview = preview
        self.ascii_mode = ascii_mode
        if preview is None:
            self.grid = None
            self.update(empty_text)
            return
        width = figure_width(preview, self.size.width or 120)
        self.grid = figure_grid(preview, width, ascii_mode)
        self.update(self.grid)

    def on_resize(self) -> None:
        if self.preview is not None:
            self.show(self.preview, self.ascii_mode)
