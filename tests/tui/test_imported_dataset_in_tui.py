"""A dataset imported with `percae data import images` appears in the terminal UI's experiment
form and Results filter of the home it was imported into, with no code edit."""

from __future__ import annotations

from image_folders import write_colour_classes
from textual.widgets import Select, SelectionList
from tui_waits import form_ready

from percae_core.data.image_import import ImageImportRequest, import_images
from percae_core.paths import Home
from percae_tui.app import PercaeApp

SIZE = (120, 40)


async def test_the_form_and_the_results_filter_offer_an_imported_dataset(tmp_path):
    other = Home(tmp_path / "other-home").ensure()  # not PERCAE_HOME: the app's own home counts
    source = write_colour_classes(tmp_path / "colours", per_class=6)
    import_images(other, ImageImportRequest(source=source, name="colours", profile="smoke"))
    app = PercaeApp(other)
    async with app.run_test(size=SIZE) as pilot:
        await form_ready(app, pilot)
        form_datasets = app.screen.query_one("#datasets", SelectionList)
        offered = [
            form_datasets.get_option_at_index(i).value for i in range(form_datasets.option_count)
        ]
        assert offered[-1] == "colours"
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#filter-dataset", Select).value = "colours"  # refused if absent
