"""The Results screen's `h` writes the HTML report (what `percae report` writes) and says where."""

from __future__ import annotations

import pytest

from percae_tui.app import PercaeApp

pytest.importorskip("matplotlib")


async def test_results_h_writes_the_html_report_and_names_its_path(filled_home, monkeypatch):
    app = PercaeApp(filled_home, poll=False)
    messages: list[str] = []
    notify = app.notify

    def recording_notify(message: str, *args: object, **kwargs: object) -> object:
        messages.append(str(message))
        return notify(message, *args, **kwargs)

    monkeypatch.setattr(
        app, "notify", recording_notify
    )  # what the user is told, via the public API
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
    target = filled_home.root / "report.html"
    html = target.read_text("utf-8")
    assert "Table II" in html and "data:image/png;base64," in html
    assert any(str(target) in message for message in messages), messages
    # the fixture has no checkpoints: Fig. 6 is listed as skipped, the report is still written
    assert "Fig. 6" in html and "percae bench" in html
