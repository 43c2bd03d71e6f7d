"""What a widget drew in a pilot test: its colours and its text, read from its rendered lines."""

from __future__ import annotations


def drawn_colours(widget) -> set[tuple[int, int, int]]:
    """Every foreground colour a widget draws (as RGB), from its rendered lines."""
    colours = set()
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            colour = segment.style.color if segment.style else None
            if colour is not None and colour.triplet is not None:
                colours.add(tuple(colour.triplet))
    return colours


def drawn_text(widget) -> str:
    """The widget's rendered lines as plain text."""
    return "\n".join(
        "".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height)
    )
