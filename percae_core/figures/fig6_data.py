"""The images of the Fig. 6 grid: chosen test images of one dataset, and each variant's
reconstructions of them before and after decoder retraining, for one setting and latent size.

Reuses `percae_core.reconstructions` (the terminal preview's loader): the same checkpoints
(``runs/<config_hash>/checkpoint.pt`` and ``decoder.pt``) and the same model input (the stored
uint8 image in [0, 1], SVHN's tiled 2 x 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from percae_core.figures.labels import Setting, variant_names
from percae_core.paths import Home


@dataclass
class Fig6Images:
    dataset: str
    z: int
    setting: Setting
    indices: list[int]
    count: int
    originals: list[np.ndarray]
    """Per chosen image: the model input as H x W x 3 uint8 (what the autoencoders saw)."""
    variants: list[str]
    before: dict[str, list[np.ndarray]] = field(default_factory=dict)
    after: dict[str, list[np.ndarray | None]] = field(default_factory=dict)
    cells: list[dict] = field(default_factory=list)
    """The finished fits shown (`ResultsDB.autoencoder_records`), for the caption."""
    missing: dict[str, str] = field(default_factory=dict)
    """Variant -> why it is not in the grid (no finished cell, checkpoint deleted)."""
    missing_cells: dict[str, str] = field(default_factory=dict)
    """Variant -> the config hash of its cell whose checkpoint is missing."""
    chosen: bool = False
    """The images were named (``--index``, the previews' save) rather than picked by seed."""


def newest_finished(
    autoencoders: list[dict], dataset: str, z: int, setting: Setting
) -> dict[str, dict]:
    """The newest finished fit of each variant for this dataset, z and setting."""
    chosen: dict[str, dict] = {}
    for record in sorted(autoencoders, key=lambda r: r["cell_id"]):
        if record["dataset"] == dataset and record["z"] == z and setting.includes(record):
            chosen[record["variant"]] = record
    return chosen


def choose_indices(count: int, number: int, seed: int, wanted: list[int] | None) -> list[int]:
    """``wanted`` (wrapped into range) when given, else ``number`` distinct seeded picks."""
    if count <= 0:
        return []
    if wanted:
        return [index % count for index in wanted]
    rng = np.random.default_rng(seed)
    return sorted(int(i) for i in rng.choice(count, size=min(number, count), replace=False))


def fig6_images(
    home: Home,
    autoencoders: list[dict],
    dataset: str,
    z: int,
    setting: Setting,
    number: int = 4,
    seed: int = 0,
    wanted: list[int] | None = None,
) -> Fig6Images | None:
    """The grid's images, from ``autoencoders`` (finished fits with their settings); None when
    no variant has a usable checkpoint (otherwise ``missing`` says why a variant is absent).
    Raises DataMissingError when the dataset's files are gone."""
    import torch

    from percae_core.data.parts import to_image, to_model_input
    from percae_core.reconstructions import load_test_parts, reconstruct

    finished = newest_finished(autoencoders, dataset, z, setting)
    usable: dict[str, dict] = {}
    missing: dict[str, str] = {}
    missing_cells: dict[str, str] = {}
    for variant in variant_names(finished):
        checkpoint = home.runs / finished[variant]["config_hash"] / "checkpoint.pt"
        if checkpoint.exists():
            usable[variant] = finished[variant]
        else:
            missing[variant] = f"its checkpoint {checkpoint} is missing"
            missing_cells[variant] = finished[variant]["config_hash"]
    if not usable:
        return None
    parts = load_test_parts(home, next(iter(usable.values())))
    count = len(parts.test)
    indices = choose_indices(count, number, seed, wanted)
    result = Fig6Images(
        dataset,
        z,
        setting,
        indices,
        count,
        [],
        list(usable),
        missing=missing,
        missing_cells=missing_cells,
        chosen=bool(wanted),
    )
    batches = []
    for index in indices:
        stored = torch.from_numpy(parts.test.gather(np.array([index])))
        batch = to_model_input(stored, parts.tile)
        batches.append(batch)
        result.originals.append(to_image(batch))
    for variant, cell in usable.items():
        folder = home.runs / cell["config_hash"]
        pairs = [reconstruct(folder, batch) for batch in batches]
        result.before[variant] = [before for before, _ in pairs]
        result.after[variant] = [after for _, after in pairs]
        result.cells.append(cell)
    return result
