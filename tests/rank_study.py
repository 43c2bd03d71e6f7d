"""A loss-network study stored through the ResultsDB API, no training: five pretrained and one
random network on LunarLander over three repeats with their pixel-wise AE, and one run each of
four networks on STL-10 with stored per-example test scores."""

from __future__ import annotations

import numpy as np

from percae_core.evaluation.test_scores import save_test_scores
from percae_core.paths import Home
from percae_core.results.db import ResultsDB

# loss network -> test distance (px) per repeat 0..2 of the P. AE's MLP; lower is better.
LUNAR = {
    "alexnet": [4.0, 4.4, 3.9],
    "alexnet:relu5": [6.0, 6.5, 6.1],
    "vgg16:relu2_2": [2.0, 2.2, 2.1],
    "resnet18:layer2": [3.0, 3.0, 3.3],
    "squeezenet1_1:fire9": [5.0, 5.6, 5.2],
    "squeezenet1_1-random:fire9": [9.0, 9.3, 8.8],
}
LUNAR_AE = [8.0, 8.2, 7.9]
# loss network -> per-example correctness of the STL-10 MLP on 200 test images (one run each).
STL_ACCURACY = {
    "alexnet": 0.50,
    "vgg16:relu2_2": 0.70,
    "resnet18:layer2": 0.60,
    "squeezenet1_1:fire9": 0.55,
}
STL_IMAGES = 200


def cell(dataset: str, variant: str, loss_net: str | None, repeat: int) -> dict:
    return {
        "config_hash": f"{dataset}-{variant}-{loss_net}-{repeat}".replace(":", "_"),
        "dataset": dataset,
        "variant": variant,
        "z": 64,
        "loss_net": loss_net,
        "profile": "smoke",
        "seed": 0,
        "repeat": repeat,
        "gamma": None,
        "device": "cpu",
        "config": {"epochs": 2, "batch_size": 32, "precision": "fp32", "run_seed": repeat},
    }


def correctness(accuracy: float) -> np.ndarray:
    """``STL_IMAGES`` 0/1 scores whose mean is ``accuracy``, in a fixed shuffled order."""
    scores = np.zeros(STL_IMAGES)
    scores[: round(accuracy * STL_IMAGES)] = 1.0
    return np.random.default_rng(7).permutation(scores)


def _store(db: ResultsDB, experiment: int, row: dict, value: float, metric: str) -> None:
    cell_id = db.cells.upsert(experiment, row)
    db.cells.record_predictor(cell_id, "mlp", "mlp", 0.1, metric, value)
    db.cells.set_status(cell_id, "done")


def make_rank_study(home: Home) -> Home:
    home.root.mkdir(parents=True, exist_ok=True)
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.create_experiment({"command": "bench", "profile": "smoke"})
        for net, runs in LUNAR.items():
            for repeat, value in enumerate(runs):
                row = cell("lunarlander", "pae", net, repeat)
                _store(db, experiment, row, value, "distance_px")
        for repeat, value in enumerate(LUNAR_AE):
            _store(db, experiment, cell("lunarlander", "ae", None, repeat), value, "distance_px")
        for net, accuracy in STL_ACCURACY.items():
            row = cell("stl10", "pae", net, 0)
            _store(db, experiment, row, accuracy, "accuracy")
            folder = home.runs / row["config_hash"]
            folder.mkdir(parents=True, exist_ok=True)
            save_test_scores(folder, "mlp", correctness(accuracy), "sha")
    return home
