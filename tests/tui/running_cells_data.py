"""Two cells running at once (as under the Ray executor), for the Live screen's tests, and the
queue request of a small smoke study the queue tests add."""

from __future__ import annotations

from typing import Any

from percae_core.events import CellKey
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.rows import EpochRow
from percae_core.runner.progress_record import CellProgress, ProgressRecord, StepProgress
from percae_core.stages import Stage

AE_32 = CellKey("lunarlander", "ae", 32, None, 0, "lunarlander z=32 AE")
PAE_64 = CellKey("lunarlander", "pae", 64, "alexnet-random", 0, "lunarlander z=64 P. AE")
#: A queue item's request: the smoke study of AE and P. AE on LunarLander at z = 32.
SMOKE_REQUEST: dict[str, Any] = {
    "datasets": ["lunarlander"],
    "profile": "smoke",
    "z": [32],
    "variants": ["ae", "pae"],
    "seed": 0,
    "repeats": 1,
}


def fitting_cell(key: CellKey, **fields: Any) -> CellProgress:
    """A cell in epoch 1 of 2 of its fit, batch 3 of 5."""
    return CellProgress(
        label=key.label,
        key=key,
        stage=Stage.FIT,
        fitting=True,
        epoch=1,
        epochs=2,
        batch=3,
        batches=5,
        batch_loss=0.041,
        **fields,
    )


def running_record(cells: list[CellProgress], cells_total: int) -> ProgressRecord:
    """A study two cells into ``cells_total``, 40 s in, with ``cells`` running on the CPU."""
    return ProgressRecord(
        running=cells,
        cells_total=cells_total,
        cells_done=2,
        plan_eta_s=100.0,
        elapsed_s=40.0,
        device="cpu",
        loss_net="alexnet-random",
    )


TWO_CELLS = running_record(
    [
        fitting_cell(AE_32, images_per_s=100.0),
        CellProgress(
            label=PAE_64.label,
            key=PAE_64,
            stage=Stage.PREDICTOR_GRID,
            epoch=2,
            epochs=2,
            train_loss=0.06,
            val_loss=0.066,
            images_per_s=50.0,
            step=StepProgress("predictor grid", 12, 38, "epochs"),
        ),
    ],
    cells_total=6,
)


def add_z64_cells(home: Home) -> None:
    """A second group (z=64) with epochs, so the charts can follow either running cell."""
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
        for variant in ("ae", "pae"):
            cell_id = db.cells.upsert(
                experiment,
                {
                    "config_hash": f"hash-{variant}-64",
                    "dataset": "lunarlander",
                    "variant": variant,
                    "z": 64,
                    "loss_net": "alexnet-random" if variant == "pae" else None,
                    "profile": "smoke",
                    "seed": 0,
                    "repeat": 0,
                    "gamma": None,
                    "device": "cpu",
                    "config": {},
                },
            )
            db.cells.record_epoch(cell_id, EpochRow(1, 0.07, 0.08, 1.0, 100.0, {}))
            db.cells.set_status(cell_id, "running")
