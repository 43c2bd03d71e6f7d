"""Reconstructions of one test image by each variant's autoencoder, before and after decoder
retraining (the paper's Fig. 6), from the finished cells of a percae home.

A finished cell's run folder (``home.runs/<config_hash>``) holds ``checkpoint.pt`` (the trained
autoencoder) and ``decoder.pt`` (the decoder retrained pixel-wise on the frozen embeddings).
Images come back as H x W x 3 uint8 arrays, ready for `percae_core.preview`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from percae_core.data.parts import DatasetParts, to_image, to_model_input
from percae_core.data.registry import get_dataset
from percae_core.errors import CheckpointError, DataMissingError, PercaeError
from percae_core.models.autoencoder import ConvDecoder
from percae_core.models.variants import list_variants
from percae_core.paths import Home
from percae_core.profiles import get_profile
from percae_core.recompute_advice import recompute_hint
from percae_core.results.db import ResultsDB
from percae_core.statuses import CellStatus
from percae_core.storage.artefact import artefact_problem, record_path
from percae_core.storage.load_failure import load_failure
from percae_core.training.fit import load_trained_autoencoder


@dataclass(frozen=True)
class Reconstruction:
    variant: str
    cell_id: int
    before: np.ndarray
    after: np.ndarray | None
    """None when the cell has no retrained decoder (``decoder.pt``)."""


@dataclass
class PreviewSet:
    dataset: str
    z: int
    index: int
    count: int
    original: np.ndarray
    reconstructions: list[Reconstruction] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Variants with no finished cell for this dataset and z."""


def finished_cells(
    db: ResultsDB, dataset: str | None = None, z: int | None = None, profile: str | None = None
) -> dict[str, dict]:
    """The newest finished cell of each variant for ``dataset`` and ``z``."""
    chosen: dict[str, dict] = {}
    for cell in db.cells.all():
        if cell["status"] != CellStatus.DONE or (dataset and cell["dataset"] != dataset):
            continue
        if (z is not None and cell["z"] != z) or (profile and cell["profile"] != profile):
            continue
        chosen[cell["variant"]] = cell
    return chosen


def preview_choices(db: ResultsDB) -> list[tuple[str, int]]:
    """(dataset, z) pairs that have at least one finished cell, in a stable order."""
    pairs = {(c["dataset"], int(c["z"])) for c in db.cells.all() if c["status"] == CellStatus.DONE}
    return sorted(pairs)


def _load_decoder(path: Path, decoder: ConvDecoder) -> ConvDecoder:
    """The retrained decoder's weights, checked against their checksum record when there is one."""
    problem = artefact_problem(path) if record_path(path).exists() else None
    if problem is None:
        try:
            decoder.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
            return decoder
        except Exception as exc:  # torch raises many kinds on a damaged file
            problem = load_failure(exc)
    raise CheckpointError(
        f"The retrained decoder {path} is damaged and cannot be used ({problem}).",
        hint=recompute_hint(path.parent.name),
    )


def reconstruct(
    folder: Path, images: torch.Tensor, device: str | torch.device = "cpu"
) -> tuple[np.ndarray, np.ndarray | None]:
    """The cell's reconstruction of a model-input batch of one image, before and after
    retraining (the latter None without ``decoder.pt``)."""
    try:
        model, _ = load_trained_autoencoder(folder / "checkpoint.pt", map_location=device)
    except CheckpointError as exc:  # its own hint names `percae train`'s --restart
        raise CheckpointError(exc.message, hint=recompute_hint(folder.name)) from exc
    model.eval()
    x = images.to(device)
    with torch.no_grad():
        mu, _ = model.encode(x)
        before = to_image(model.decoder(mu))
        after = None
        decoder_file = folder / "decoder.pt"
        if decoder_file.exists():
            decoder = _load_decoder(decoder_file, ConvDecoder(model.input_size, model.z))
            decoder.to(device).eval()
            after = to_image(decoder(mu))
    return before, after


def load_test_parts(home: Home, cell: dict) -> DatasetParts:
    """The cell's dataset parts, only if already prepared (a preview never renders or downloads)."""
    spec = get_dataset(cell["dataset"])
    scale = get_profile(cell["profile"] or "quick").scale(spec.name)
    if not spec.is_ready(home, scale):
        raise DataMissingError(
            f"The {spec.title} data this cell was trained on is not in {home.datasets} any more.",
            hint=spec.how_to_get,
        )
    return spec.load_parts(home, scale, lambda event: None)


def preview_set(
    home: Home, dataset: str, z: int, index: int = 0, profile: str | None = None
) -> PreviewSet:
    """Test image ``index`` (wrapped into range) of ``dataset`` and every variant's
    reconstructions by its newest finished cell with latent size ``z``."""
    with ResultsDB.open(home.database) as db:
        cells = finished_cells(db, dataset, z, profile)
    if not cells:
        raise PercaeError(
            f"No finished autoencoder for {dataset} with z={z} in {home.root}.",
            hint=f"Run a study first, e.g. `percae bench --profile smoke --dataset {dataset}`.",
        )
    for finished in cells.values():
        checkpoint = home.runs / finished["config_hash"] / "checkpoint.pt"
        if not checkpoint.exists():
            raise CheckpointError(
                f"The checkpoint of the finished {finished['variant']} cell ({checkpoint}) "
                "is missing.",
                hint=recompute_hint(finished["config_hash"]),
            )
    first = cells[next(v for v in list_variants() if v in cells)]
    parts = load_test_parts(home, first)
    count = len(parts.test)
    index = index % count
    images = to_model_input(torch.from_numpy(parts.test.gather(np.array([index]))), parts.tile)
    result = PreviewSet(dataset=dataset, z=z, index=index, count=count, original=to_image(images))
    for variant in list_variants():
        cell = cells.get(variant)
        if cell is None:
            result.missing.append(variant)
            continue
        before, after = reconstruct(home.runs / cell["config_hash"], images)
        result.reconstructions.append(Reconstruction(variant, int(cell["id"]), before, after))
    return result
