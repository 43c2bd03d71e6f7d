"""Screens reach the running app through one typed accessor, checked when it is used."""

from __future__ import annotations

import pytest
from textual.app import App

from percae_tui.app import PercaeApp
from percae_tui.screens.percae_screen import PercaeAppApi, PercaeScreen


def test_the_percae_app_offers_everything_its_screens_call(home):
    assert isinstance(PercaeApp(home, poll=False), PercaeAppApi)


async def test_the_screens_get_the_running_percae_app(home):
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PercaeScreen)
        assert app.screen.percae_app is app


async def test_a_percae_screen_in_another_app_names_the_mistake():
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = PercaeScreen()
        await app.push_screen(screen)
        await pilot.pause()
        with pytest.raises(TypeError, match="percae's app"):
            screen.percae_app  # noqa: B018
