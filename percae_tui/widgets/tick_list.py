"""A selection list whose checkboxes read the same without colour: "X" when ticked, blank when not.

Textual's `SelectionList` draws an "X" in every box and tells ticked from unticked by colour
alone, so under ``NO_COLOR`` (or on a monochrome terminal) every box looks ticked.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "X"
UNTICKED = " "
MARK_INDEX = 1
"""The box's inner character in a line drawn by `SelectionList` (left edge, mark, right edge)."""


class TickList(SelectionList[str]):
    """`SelectionList` whose mark shows the state by its character, not only its colour."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) <= MARK_INDEX:
            return strip
        mark = TICKED if selection.value in self.selected else UNTICKED
        text, style, control = segments[MARK_INDEX]
        segments[MARK_INDEX] = Segment(mark * len(text), style, control)
        return Strip(segments, strip.cell_length)
