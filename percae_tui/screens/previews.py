"""Previews screen: a test image and its reconstructions by AE, VAE, P. AE and P. VAE, before
and after decoder retraining; half-block truecolor, or ASCII (automatic under NO_COLOR).

`z` zooms to one variant at a time (the original and that variant's reconstructions before and
after decoder retraining, as large as the terminal allows), `v` steps to the next variant in the
variants registry's order."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, Select

from percae_core.errors import PercaeError
from percae_core.image_numbers import image_label, image_number
from percae_core.models.variants import variant_title
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_tui.messages import PreviewLoaded
from percae_tui.screens.percae_screen import PercaeScreen
from percae_tui.widgets.previews.image_grid import ImageGrid
from percae_tui.widgets.previews.zoom_grid import zoom_variants

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet

EMPTY = (
    "No finished autoencoder yet. Run an experiment (Queue screen, F2); when its cells "
    "finish, their reconstructions appear here."
)


class PreviewsScreen(PercaeScreen):
    BINDINGS = [
        Binding("n", "step(1)", "Next", id="previews.next"),
        Binding("b", "step(-1)", "Previous", id="previews.previous"),
        Binding("a", "toggle_ascii", "ASCII/colour", id="previews.ascii"),
        Binding("s", "save_figure", "Save", id="previews.save"),
        Binding("z", "toggle_zoom", "Zoom", id="previews.zoom"),
        Binding("v", "next_variant", "Variant", id="previews.variant"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.ascii_mode = "NO_COLOR" in os.environ
        self.preview: PreviewSet | None = None
        self.zoom: str | None = None
        """The variant shown zoomed (`z`), or None for the whole figure."""
        self._choices: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="preview-controls"):
            yield Label("Dataset and latent size", classes="switch-label")
            yield Select([], id="preview-choice", prompt="no finished cells")
            yield Label("", id="preview-caption")
        with VerticalScroll():
            yield ImageGrid(id="image-grid")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ImageGrid).show(None, self.ascii_mode, EMPTY)
        self.load_choices()

    def on_screen_resume(self) -> None:
        self.load_choices()

    def load_choices(self) -> None:
        from percae_core.reconstructions import preview_choices

        try:
            with ResultsDB.open(self.percae_app.home.database) as db:
                choices = preview_choices(db)
        except PercaeError as exc:
            self.notify(exc.message, severity="error")
            return
        if choices == self._choices:
            return
        self._choices = choices
        select = self.query_one("#preview-choice", Select)
        select.set_options([(f"{dataset} z={z}", f"{dataset}:{z}") for dataset, z in choices])
        if choices:
            select.value = f"{choices[-1][0]}:{choices[-1][1]}"

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.BLANK:
            self.index = 0
            self.load_preview()

    def load_preview(self) -> None:
        value = self.query_one("#preview-choice", Select).value
        if value is Select.BLANK:
            return
        dataset, z = str(value).split(":")
        self.query_one("#preview-caption", Label).update(
            f"test image {image_number(self.index)} (loading…)"
        )
        self._reconstruct(dataset, int(z), self.index)

    @work(thread=True, exclusive=True, group="preview")
    def _reconstruct(self, dataset: str, z: int, index: int) -> None:
        """Load the test image and run the decoders off the event loop."""
        from percae_core.reconstructions import preview_set

        try:
            preview = preview_set(self.percae_app.home, dataset, z, index)
        except PercaeError as exc:
            self.post_message(PreviewLoaded(None, f"{exc.message} {exc.hint or ''}".strip()))
            return
        except Exception as exc:  # a bug must not take the UI down; say what failed
            self.post_message(
                PreviewLoaded(None, f"Could not draw the preview: {type(exc).__name__}: {exc}")
            )
            return
        self.post_message(PreviewLoaded(preview))

    def on_preview_loaded(self, message: PreviewLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=12)
        self.show_preview(message.preview)

    def show_preview(self, preview: PreviewSet | None) -> None:
        self.preview = preview
        if preview is not None:
            self.index = preview.index
            variants = zoom_variants(preview)
            if self.zoom is not None and self.zoom not in variants:
                self.zoom = variants[0] if variants else None
        self._draw()

    def _draw(self) -> None:
        preview = self.preview
        if preview is not None:
            self.query_one("#preview-caption", Label).update(self._caption(preview))
        self.query_one(ImageGrid).show(preview, self.ascii_mode, EMPTY, zoom=self.zoom)

    def _caption(self, preview: PreviewSet) -> str:
        caption = f"{preview.dataset} z={preview.z}: {image_label(preview.index, preview.count)}"
        if self.zoom is None:
            return caption
        variants = zoom_variants(preview)
        return (
            f"{caption}. Zoom: {variant_title(self.zoom)} ({variants.index(self.zoom) + 1} of "
            f"{len(variants)}) before and after decoder retraining (v: next variant, z: all)"
        )

    def action_toggle_zoom(self) -> None:
        if self.preview is None or not zoom_variants(self.preview):
            self.notify("No reconstruction to zoom into yet.", severity="warning")
            return
        self.zoom = None if self.zoom is not None else zoom_variants(self.preview)[0]
        self._draw()

    def action_next_variant(self) -> None:
        """Zoom into the next variant (the first when not zoomed yet)."""
        if self.preview is None or not zoom_variants(self.preview):
            self.notify("No reconstruction to zoom into yet.", severity="warning")
            return
        variants = zoom_variants(self.preview)
        at = variants.index(self.zoom) + 1 if self.zoom in variants else 0
        self.zoom = variants[at % len(variants)]
        self._draw()

    def on_resize(self) -> None:
        self.query_one(ImageGrid).redraw()

    def action_step(self, offset: int) -> None:
        if self.preview is None:
            self.notify("No finished cells to preview yet.", severity="warning")
            return
        self.index = (self.index + offset) % max(self.preview.count, 1)
        self.load_preview()

    def action_toggle_ascii(self) -> None:
        self.ascii_mode = not self.ascii_mode
        self.query_one(ImageGrid).show(self.preview, self.ascii_mode, EMPTY, zoom=self.zoom)

    def action_save_figure(self) -> None:
        if self.preview is None:
            self.notify("No preview to save yet.", severity="warning")
            return
        self.notify("Saving the Fig. 6 grid of this image…", timeout=5)
        preview = self.preview
        self._save_figure(self.percae_app.home, preview.dataset, preview.z, preview.index)

    @work(thread=True, exclusive=True, group="save-figure")
    def _save_figure(self, home: Home, dataset: str, z: int, index: int) -> None:
        """The current image's Fig. 6 grid as PNG in HOME/figures (`percae figures --kind fig6`)."""
        from percae_core.figures.make import FigureRequest, write_figures

        request = FigureRequest(datasets=[dataset], indices=[index], kinds=("fig6",), sizes=[z])
        try:
            written, skipped = write_figures(home, request, home.root / "figures")
        except PercaeError as exc:
            message, severity = f"{exc.message} {exc.hint or ''}".strip(), "error"
        else:
            message = "Saved " + ", ".join(str(p) for p in written) if written else "Nothing saved."
            message += "".join(f" Skipped {s.text}" for s in skipped)
            severity = "information" if written else "error"
        self.app.call_from_thread(
            self.notify, message, title="Figure", severity=severity, timeout=15
        )
