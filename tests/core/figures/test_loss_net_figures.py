"""The loss-network figures of a ranking: a trunk x depth heatmap and the score against ImageNet
top-1, drawn per ranking, written as files that decode, and absent (silently) from a study
without a ranking unless asked for by name."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from rank_study import LUNAR, make_rank_study

from percae_core.figures.drawn import KINDS, LOSS_NET_ACCURACY, LOSS_NET_HEATMAP, Drawn, Skipped
from percae_core.figures.loss_net_figures import ranking_figures
from percae_core.figures.make import FigureRequest, write_figures
from percae_core.paths import Home
from percae_core.results.db import ResultsDB

pytest.importorskip("matplotlib")


@pytest.fixture
def home(isolated_home) -> Home:
    return make_rank_study(Home(isolated_home))


def _records(home: Home) -> list[dict]:
    with ResultsDB.open(home.database) as db:
        return db.cells.result_records()


def test_each_ranking_gets_a_heatmap_and_an_accuracy_figure(home, tmp_path):
    request = FigureRequest(kinds=[LOSS_NET_HEATMAP, LOSS_NET_ACCURACY])
    written, skipped = write_figures(home, request, tmp_path / "figures")
    names = sorted(path.name for path in written)
    assert skipped == []
    assert names == [
        "loss-net-accuracy_lunarlander_mlp_pae-z64_loss-networks_smoke.png",
        "loss-net-accuracy_stl10_mlp_pae-z64_loss-networks_smoke.png",
        "loss-net-heatmap_lunarlander_mlp_pae-z64_loss-networks_smoke.png",
        "loss-net-heatmap_stl10_mlp_pae-z64_loss-networks_smoke.png",
    ]
    for path in written:
        pixels = np.asarray(Image.open(path).convert("L"))
        assert pixels.std() > 10, f"{path.name} is blank"


def test_heatmap_shows_every_network_with_its_value_and_n(home):
    items = list(ranking_figures(home, _records(home), [LOSS_NET_HEATMAP]))
    lunar = next(i for i in items if isinstance(i, Drawn) and i.dataset == "lunarlander")
    texts = [t.get_text() for t in lunar.figure.axes[0].texts]
    assert len(texts) == len(LUNAR), "one cell per network tapping a single layer"
    assert "relu2_2\n2.10\nn=3" in texts
    rows = [label.get_text() for label in lunar.figure.axes[0].get_yticklabels()]
    assert rows[-1] == "squeezenet1_1-random", "random trunks below the pretrained ones"


def test_accuracy_figure_states_rho_and_leaves_random_networks_out(home):
    items = list(ranking_figures(home, _records(home), [LOSS_NET_ACCURACY]))
    lunar = next(i for i in items if isinstance(i, Drawn) and i.dataset == "lunarlander")
    assert "ImageNet top-1: rho = -0.82" in lunar.notes[0] and "n = 5" in lunar.notes[0]
    labels = [t.get_text() for t in lunar.figure.axes[0].texts]
    assert "squeezenet1_1-random:fire9" not in labels and "vgg16:relu2_2" in labels


def test_no_ranking_no_figures_unless_asked_for_by_name(home):
    pixel_only = [r for r in _records(home) if r["loss_net"] is None]
    assert list(ranking_figures(home, pixel_only, KINDS)) == []
    (skipped,) = ranking_figures(home, pixel_only, [LOSS_NET_HEATMAP])
    assert isinstance(skipped, Skipped) and "--study loss-networks" in skipped.hint
