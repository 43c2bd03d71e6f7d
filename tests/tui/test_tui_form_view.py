"""What a newcomer sees of the experiment form: its top first, and ticks readable without colour."""

from __future__ import annotations

from textual.widgets import SelectionList
from tui_waits import form_ready, settle

from percae_tui.app import PercaeApp


def tick_marks(listing: SelectionList) -> list[str]:
    """The character inside each option's checkbox, as drawn."""
    marks = []
    for y in range(listing.option_count):
        strip = listing.render_line(y)
        marks.append(strip.text[1])
    return marks


async def test_first_launch_shows_the_form_from_its_top(home):
    for size in ((120, 40), (80, 24)):
        app = PercaeApp(home)
        async with app.run_test(size=size) as pilot:
            await form_ready(app, pilot)
            await settle(app, pilot)
            scrolled = [widget.scroll_y for widget in app.screen.query("#form, #experiment-form")]
            assert scrolled == [0, 0], size
            assert app.screen.query_one("#datasets").region.height > 0
            assert app.focused is not None and app.focused.id == "add"


async def test_checkboxes_show_their_state_without_colour(home, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = PercaeApp(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await form_ready(app, pilot)
        datasets = app.screen.query_one("#datasets", SelectionList)
        variants = app.screen.query_one("#variants", SelectionList)
        variants.deselect("vae")
        await pilot.pause()
        chosen = [
            datasets.get_option_at_index(i).value in datasets.selected
            for i in range(datasets.option_count)
        ]
        assert tick_marks(datasets) == ["X" if ticked else " " for ticked in chosen]
        assert chosen.count(True) == 1
        assert tick_marks(variants) == ["X", " ", "X", "X"]
