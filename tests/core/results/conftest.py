"""A synthetic study stored through the ResultsDB API: two seeds, two latent sizes, four
variants on LunarLander; one seed on STL-10; a second (loss network, profile) group; decoders,
fits, references and diagnostics. The numbers are chosen so every table value is known."""

from __future__ import annotations

from pathlib import Path

import pytest

from percae_core.results.db import ResultsDB
from percae_core.results.rows import DiagnosticsRow, FitRow

# (variant, z) -> per seed (test distance px, validation loss) of the MLP predictor.
# P. AE: z=32 has the lower validation loss but the worse test value: "Any" must pick z=32.
LUNAR_MLP = {
    ("ae", 32): [(13.0, 0.50), (14.0, 0.52)],
    ("ae", 64): [(12.0, 0.40), (12.5, 0.41)],
    ("vae", 32): [(12.0, 0.30), (12.2, 0.30)],
    ("vae", 64): [(12.4, 0.35), (12.6, 0.35)],
    ("pae", 32): [(3.0, 0.05), (3.2, 0.05)],
    ("pae", 64): [(1.5, 0.08), (1.7, 0.09)],
    ("pvae", 32): [(2.0, 0.06), (2.4, 0.06)],
    ("pvae", 64): [(2.2, 0.07), (2.6, 0.07)],
}
# Lowest L1 per variant (at z=64; z=32 is 0.01 worse): AE is best -> 100, 75, 50, 60 %.
DECODER_L1 = {"ae": 0.030, "vae": 0.040, "pae": 0.060, "pvae": 0.050}
SECONDS_PER_EPOCH = {
    ("pixel", 32): 2.0,
    ("pixel", 64): 2.0,
    ("perceptual", 32): 2.5,
    ("perceptual", 64): 2.4,
}


def _cell(
    dataset: str, variant: str, z: int, seed: int, loss_net: str = "alexnet", profile: str = "quick"
) -> dict:
    return {
        "config_hash": f"{dataset}-{variant}-{z}-{seed}-{loss_net}-{profile}",
        "dataset": dataset,
        "variant": variant,
        "z": z,
        "loss_net": loss_net,
        "profile": profile,
        "seed": seed,
        "repeat": 0,
        "gamma": 0.01,
        "device": "cpu",
        "config": {"dataset": dataset, "variant": variant, "z": z, "seed": seed},
    }


def _fit(db: ResultsDB, cell_id: int, variant: str, z: int, seed: int) -> None:
    kind = "perceptual" if variant.startswith("p") else "pixel"
    per_epoch = SECONDS_PER_EPOCH[(kind, z)]
    db.cells.record_fit(
        cell_id,
        FitRow(
            epochs_run=8,
            best_epoch=6,
            best_val_loss=0.01,
            seconds=per_epoch * 8,
            seconds_per_epoch=per_epoch,
            images_per_s=1000 / per_epoch,
            device="cpu",
            versions={"torch": "2.x"},
            seed=seed,
            checkpoint=f"runs/{cell_id}/best.pt",
            rec_loss=1e-5 if kind == "perceptual" else 0.01,
            kld_loss=0.5,
            stopped_early=False,
        ),
    )


def make_study(path: Path) -> Path:
    with ResultsDB.open(path) as db:
        experiment = db.cells.create_experiment({"command": "bench", "profile": "quick"})
        for (variant, z), runs in LUNAR_MLP.items():
            for seed, (value, val_loss) in enumerate(runs):
                cell_id = db.cells.upsert(experiment, _cell("lunarlander", variant, z, seed))
                _fit(db, cell_id, variant, z, seed)
                db.cells.record_predictor(
                    cell_id, "mlp", "mlp 64-32 relu/none", val_loss, "distance_px", value
                )
                db.cells.record_predictor(
                    cell_id, "linear", "linear", val_loss * 2, "distance_px", value + 1.0
                )
                extra = 0.01 if z == 32 else 0.0
                db.cells.record_decoder(cell_id, DECODER_L1[variant] + extra, epochs=3)
                collapsed = variant == "pvae" and z == 32 and seed == 0
                db.cells.record_diagnostics(
                    cell_id,
                    DiagnosticsRow(
                        active_dims=0 if collapsed else z,
                        z=z,
                        kl_per_dim=(0.0, 0.02),
                        recon_mse=0.004,
                        recon_l1=0.03,
                        gamma=0.01,
                        warnings=(
                            "collapsed VAE: KLD weight gamma too large for the loss "
                            "scale; lower it with --gamma",
                        )
                        if collapsed
                        else (),
                    ),
                )
                db.cells.set_status(cell_id, "done")
        for seed, trivial in enumerate((20.8, 21.0)):
            for kind, predictor, value in (
                ("trivial", "mean", trivial),
                ("pixels", "mlp", 15.0),
                ("pixels", "linear", 18.0),
            ):
                db.references.record(
                    {
                        "config_hash": f"ref-lunarlander-quick-{seed}-{kind}-{predictor}",
                        "dataset": "lunarlander",
                        "profile": "quick",
                        "seed": seed,
                        "loss_net": None,
                        "kind": kind,
                        "predictor": predictor,
                        "metric": "distance_px",
                        "value": value,
                        "val_loss": None,
                        "features": None if kind == "trivial" else "pixels->64",
                    }
                )
        for variant, accuracy in (("ae", 0.40), ("vae", 0.09), ("pae", 0.62), ("pvae", 0.60)):
            cell_id = db.cells.upsert(experiment, _cell("stl10", variant, 64, 0))
            _fit(db, cell_id, variant, 64, 0)
            db.cells.record_predictor(
                cell_id, "mlp", "mlp 128 relu/softmax", 0.1, "accuracy", accuracy
            )
            db.cells.set_status(cell_id, "done")
        db.references.record(
            {
                "config_hash": "ref-stl10-quick-0-trivial-majority",
                "dataset": "stl10",
                "profile": "quick",
                "seed": 0,
                "loss_net": None,
                "kind": "trivial",
                "predictor": "majority",
                "metric": "accuracy",
                "value": 0.10,
            }
        )
        other = db.cells.create_experiment({"command": "bench", "profile": "smoke"})
        cell_id = db.cells.upsert(
            other, _cell("lunarlander", "pae", 32, 0, loss_net="alexnet-random", profile="smoke")
        )
        db.cells.record_predictor(cell_id, "mlp", "linear", 0.2, "distance_px", 9.5)
        db.cells.set_status(cell_id, "done")
    return path


@pytest.fixture(scope="session")
def study_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: the tests using it only read."""
    return make_study(tmp_path_factory.mktemp("study") / "results.sqlite")
