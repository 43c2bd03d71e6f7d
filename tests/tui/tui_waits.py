"""Waiting for the terminal UI's workers in pilot tests."""

from __future__ import annotations

from textual.worker import WorkerCancelled


async def settle(app, pilot, rounds: int = 2) -> None:
    """Let the workers finish (a poll replaced by a newer one counts as finished); ``rounds``
    times, for workers that start more workers."""
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


async def form_ready(app, pilot) -> None:
    """The form appears once its choices are read in a worker thread (torch loads then)."""
    for _ in range(600):
        if app.screen.query("#z"):
            return
        await pilot.pause(0.1)
    raise AssertionError("the experiment form never appeared")


async def click_add(app, pilot) -> None:
    """Click the form's "Add to queue" button, scrolling the form to it first (as a user would
    when the terminal is shorter than the form)."""
    app.screen.query_one("#add").scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click("#add")
