"""What a newcomer sees of the experiment form: its top first, and ticks readable without colour."""

from __future__ import annotations

from textual.widgets import Input, Label, SelectionList
from tui_waits import click_add, form_ready, settle

from percae_tui.app import PercaeApp
from percae_tui.screens.quit_dialog import QuitDialog


def tick_marks(listing: SelectionList) -> list[str]:
    """The character inside each option's checkbox, as drawn."""
    marks = []
    for y in range(listing.option_count):
        strip = listing.render_line(y)
        marks.append(strip.text[1])
    return marks


def drawn(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


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


async def test_form_fields_read_as_meant_and_errors_sit_by_their_field(home):
    app = PercaeApp(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await form_ready(app, pilot)
        screen = app.screen
        epochs = screen.query_one("#epochs", Input)
        epochs.focus()
        await pilot.press("tab")
        await pilot.pause()
        assert not epochs.has_class("-invalid"), "empty epochs means the profile's: not an error"
        gamma = screen.query_one("#gamma", Input)
        assert "0.01" in drawn(gamma)
        ray = screen.query_one("#ray-address", Input)
        assert ray.placeholder in drawn(ray), "the placeholder is not cut"
        screen.query_one("#seed", Input).value = "-3"
        await click_add(app, pilot)
        await settle(app, pilot)
        error = screen.query_one("#form-error", Label)
        assert "Seed" in str(error.render())
        seed_row = screen.query_one("#seed").parent
        assert error.region.y == seed_row.region.bottom, "the message is right under its field"
        assert app.focused is screen.query_one("#seed")


async def test_arrow_keys_move_between_the_quit_dialogs_buttons(home):
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(QuitDialog(1, "lunarlander smoke"))
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "leave"
        await pilot.press("right")
        assert app.focused.id == "stop"
        await pilot.press("right")
        assert app.focused.id == "stay"
        await pilot.press("left")
        assert app.focused.id == "stop"
