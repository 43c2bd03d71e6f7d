"""A finished smoke study written directly, in seconds: a tiny SVHN imported from files in the
official format, and for every variant a results-database cell with epochs, fit, predictors,
decoder, diagnostics and a real (untrained, seeded) checkpoint; the references too.

The P. VAE cell has no retrained decoder (``decoder.pt``), as after an interrupted retraining.
Every fit records its epochs, batch size and precision, as percae's own do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from official_format_writers import write_svhn_folder

from percae_core.data import svhn_import
from percae_core.evaluation.test_scores import save_test_scores
from percae_core.models.autoencoder import ConvAutoencoder, ConvDecoder
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.rows import DiagnosticsRow, EpochRow, FitRow
from percae_core.training.checkpoint import save_checkpoint
from percae_core.training.config import FitConfig
from percae_core.training.fit_record import FitProgress, checkpoint_state

DATASET = "svhn"
Z = 8
NET = "alexnet-random"
PROFILE = "smoke"
PRECISION = "fp32"
COUNTS = {"train": 12, "test": 6, "extra": 12}
#: variant -> (mlp accuracy, linear accuracy, decoder L1, seconds per epoch, active dims)
NUMBERS = {
    "ae": (0.25, 0.20, 0.061, 1.0, 6),
    "vae": (0.30, 0.25, 0.064, 1.1, 2),
    "pae": (0.50, 0.40, 0.071, 1.2, 8),
    "pvae": (0.45, 0.35, 0.075, 1.3, 5),
}
WITHOUT_DECODER = "pvae"
SCORE_EXAMPLES = 40


def _checkpoint(folder: Path, variant: str, seed: int) -> None:
    spec = VARIANTS[variant]
    torch.manual_seed(seed)
    model = ConvAutoencoder((64, 64), Z, spec.variational)
    config = FitConfig(
        variant=spec,
        z=Z,
        input_size=(64, 64),
        tile=2,
        epochs=2,
        batch_size=8,
        loss_net=NET if spec.perceptual else None,
        data_id="figure-study",
    )
    history = [
        {"epoch": e, "seconds": 1.0, "train_seconds": 1.0, "rec": 0.1, "kld": 0.0} for e in (1, 2)
    ]
    progress = FitProgress(2, 2, 0.1, 0, False, history, model.state_dict())
    signature = {"train": 12, "val": 4, "shape": [3, 32, 32], "rows": "x"}
    state = checkpoint_state(config, signature, torch.device("cpu"), progress, model, None, True)
    save_checkpoint(folder / "checkpoint.pt", state)
    if variant != WITHOUT_DECODER:
        torch.save(ConvDecoder((64, 64), Z).state_dict(), folder / "decoder.pt")


def _cells(gammas: tuple[float, ...]):
    """(config hash, variant, γ, numbers): every variant once, the variational ones once per γ
    (the numbers of a later γ shifted, so two settings never look alike)."""
    for variant, numbers in NUMBERS.items():
        if not VARIANTS[variant].variational:
            yield f"cell-{variant}", variant, None, numbers
            continue
        for place, gamma in enumerate(gammas):
            mlp, linear, l1, seconds, active = numbers
            shifted = (mlp - 0.1 * place, linear - 0.1 * place, l1, seconds, active - place)
            yield f"cell-{variant}" + (f"-g{place}" if place else ""), variant, gamma, shifted


def _write_scores(folder: Path, accuracies: dict[str, float]) -> None:
    """Per-example test scores (1 correct, 0 wrong) of each predictor over `SCORE_EXAMPLES`
    test images, the correct ones first, so a variant's scores hold its twin's."""
    for predictor, accuracy in accuracies.items():
        correct = round(accuracy * SCORE_EXAMPLES)
        scores = np.array([1.0] * correct + [0.0] * (SCORE_EXAMPLES - correct))
        save_test_scores(folder, predictor, scores, "0" * 64)


def make_figure_study(
    root: Path, gammas: tuple[float, ...] = (0.01,), *, scores: bool = False
) -> Home:
    """The study in ``root/home``; returns its Home. Several ``gammas``: the VAEs trained with
    each, a study with one setting (a table section) per γ. ``scores``: each run also stores
    its predictors' per-example test scores, so single runs get a test-sampling interval."""
    home = Home(root / "home").ensure()
    folder = root / "svhn-files"
    write_svhn_folder(folder, COUNTS)
    svhn_import.import_svhn(home, folder, verify=False)
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.create_experiment({"datasets": [DATASET], "profile": PROFILE})
        for seed, (config_hash, variant, gamma, numbers) in enumerate(_cells(gammas)):
            mlp, linear, l1, seconds, active = numbers
            perceptual = VARIANTS[variant].perceptual
            cell = db.cells.upsert(
                experiment,
                {
                    "config_hash": config_hash,
                    "dataset": DATASET,
                    "variant": variant,
                    "z": Z,
                    "loss_net": NET if perceptual else None,
                    "profile": PROFILE,
                    "seed": 0,
                    "repeat": 0,
                    "gamma": gamma,
                    "device": "cpu",
                    "config": {"variant": variant, "epochs": 3, "batch_size": 8},
                },
            )
            for epoch, loss in ((1, 0.08), (2, 0.05), (3, 0.06)):
                scale = 3.0 if perceptual else 1.0
                db.cells.record_epoch(
                    cell, EpochRow(epoch, loss * scale, loss * scale * 1.1, seconds, 50.0, {})
                )
            db.cells.record_fit(
                cell,
                FitRow(
                    epochs_run=3,
                    best_epoch=2,
                    best_val_loss=0.055,
                    seconds=3 * seconds,
                    seconds_per_epoch=seconds,
                    images_per_s=50.0,
                    device="cpu",
                    seed=0,
                    precision=PRECISION,
                    versions={"torch": torch.__version__, "percae": "0.1.0"},
                    checkpoint=str(home.runs / config_hash / "checkpoint.pt"),
                ),
            )
            db.cells.record_predictor(cell, "mlp", "mlp-64", 0.5, "accuracy", mlp)
            db.cells.record_predictor(cell, "linear", "linear", 0.6, "accuracy", linear)
            db.cells.record_decoder(cell, l1, 1)
            db.cells.record_diagnostics(cell, DiagnosticsRow(active_dims=active))
            _checkpoint(home.runs / config_hash, variant, seed)
            if scores:
                _write_scores(home.runs / config_hash, {"mlp": mlp, "linear": linear})
            db.cells.set_status(cell, "done")
        for kind, predictor, value in (("trivial", "majority", 0.1), ("pixels", "mlp", 0.3)):
            db.references.record(
                {
                    "config_hash": f"ref-{kind}-{predictor}",
                    "dataset": DATASET,
                    "profile": PROFILE,
                    "seed": 0,
                    "kind": kind,
                    "predictor": predictor,
                    "metric": "accuracy",
                    "value": value,
                    "features": "pixels" if kind == "pixels" else None,
                }
            )
    return home
