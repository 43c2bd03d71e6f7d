"""Help screen: every key binding of the app, and what the study measures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown

FIRST_STEPS = """\
## First steps

1. **F2 Queue**: in the form on the left, keep LunarLander and the `smoke` profile (a
   two-minute check on 2 CPU cores that proves nothing), press **Add to queue**.
2. Press **s** to start the highlighted item; the queue runs top to bottom, in its own
   process (quitting can leave it running).
3. **F3 Live** shows each stage, its progress, the loss curves and the ETA.
4. **F4 Results** shows whether each perceptual variant beat its pixel-wise twin, then the
   paper's tables beside its numbers; **c** lists every comparison, **e** exports Markdown.
5. **F5 Previews** shows reconstructions of a test image.

For STL-10 or SVHN, first run `percae data download stl10` (or `percae data import`) in a shell.
The keys of every screen are listed below.
"""

ABOUT = """\
## What percae measures

Pihlgren et al. (IJCNN 2020) asked whether an autoencoder trained with a **perceptual loss**
(the distance between AlexNet features of the image and of its reconstruction) learns a more
useful **embedding** than the same autoencoder trained **pixel-wise** (mean squared error).
Four variants are trained per dataset and latent size z: AE, VAE, P. AE and P. VAE.

* **Tables II-VII** - small predictors (an MLP and a linear model) trained on the frozen
  embeddings: the lander's position on LunarLander (pixels, lower is better) and the class on
  STL-10 and SVHN (accuracy, higher is better). The paper found the perceptual variants far
  better on LunarLander and STL-10.
* **Table VIII** - each decoder retrained pixel-wise on the frozen embedding: how much of the
  image the embedding keeps (L1 error relative to the best variant).
* **Overhead** - the perceptual loss's cost in training time (paper: +12 ± 3% on a GPU).
* **Diagnostics** - an embedding no better than a trivial predictor, or a collapsed VAE
  latent, is flagged: such a result says nothing about the loss.

Profiles: `smoke` checks the pipeline in about 2 minutes on 2 CPU cores (1m47s measured) and proves nothing; `quick` shows the
effect on a CPU; `paper` is the full grid. `alexnet-random` (random frozen AlexNet) is an
ablation and the offline fallback, labelled wherever it appears.
"""


def binding_rows(app_bindings: Sequence[Any]) -> list[tuple[str, str, str]]:
    """(where, key, what) for every binding of the running app and its screens."""
    from percae_tui.screens.previews import PreviewsScreen
    from percae_tui.screens.queue import QueueScreen
    from percae_tui.screens.quit_dialog import QuitDialog
    from percae_tui.screens.results import ResultsScreen

    scopes = (
        ("Everywhere", app_bindings),
        ("Queue", QueueScreen.BINDINGS),
        ("Results", ResultsScreen.BINDINGS),
        ("Previews", PreviewsScreen.BINDINGS),
        ("Quit dialog", QuitDialog.BINDINGS),
    )
    rows = []
    for scope, bindings in scopes:
        for binding in bindings:
            if isinstance(binding, Binding):
                rows.append((scope, binding.key.replace(",", " / "), binding.description))
    rows.append(
        ("Everywhere", "ctrl+p", "Command palette: screens, queue, export, report, dataset")
    )
    rows.append(("Forms", "tab / shift+tab", "Next / previous field"))
    return rows


class HelpScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Markdown(FIRST_STEPS, id="first-steps")
            yield DataTable(id="bindings", cursor_type="none", zebra_stripes=True)
            yield Markdown(ABOUT, id="about")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#bindings", DataTable)
        table.add_columns("Where", "Key", "Does")
        for row in binding_rows(type(self.app).BINDINGS):
            table.add_row(*row)
