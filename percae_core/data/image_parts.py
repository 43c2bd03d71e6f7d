"""The three parts of Table I for a user's image collection, and how much each profile uses.

Parts (`--parts`): a seeded split with stated fractions (``60/20/20`` of autoencoder /
predictor / test by default; any three numbers, as percentages of the images), or ``folders``
(top-level ``autoencoder``, ``predictor``, ``test`` folders) or ``column=NAME`` (a column of the
targets CSV), both read by `image_sources`. The seeded split draws one permutation from
``numpy.random.default_rng(seed)``, so the same folder and seed always give the same parts.

Scales per profile (`user_scales`), from the dataset's own size: smoke uses at most 512 / 400 /
200 images of the three parts, quick at most 10,000 / 5,000 / 2,000, paper all of them; the
latent sizes are those of the built-in dataset of the same image size (SVHN's for 64x64,
STL-10's for 96x96; the nearest for other sizes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from percae_core.data.image_sources import SourceListing
from percae_core.data.part_sizes import PART_ROLES, needed_images
from percae_core.data.scale import DatasetScale
from percae_core.errors import UsageError

DEFAULT_PARTS = "60/20/20"
FOLDERS = "folders"
COLUMN = "column="

_CAPS = {"smoke": (512, 400, 200), "quick": (10_000, 5_000, 2_000), "paper": (None, None, None)}
_Z = {
    64: {"smoke": (32,), "quick": (64,), "paper": (32, 64, 128)},
    96: {"smoke": (64,), "quick": (128,), "paper": (64, 128, 256, 512)},
}


@dataclass(frozen=True)
class PartsChoice:
    """How the images are divided: ``fractions`` (a seeded split) or where the parts are named."""

    fractions: tuple[float, float, float] | None = None
    folders: bool = False
    column: str | None = None

    @property
    def text(self) -> str:
        if self.folders:
            return FOLDERS
        if self.column is not None:
            return f"{COLUMN}{self.column}"
        assert self.fractions is not None
        return "/".join(f"{100 * share:g}" for share in self.fractions)


def parse_parts(text: str) -> PartsChoice:
    """``60/20/20``, ``folders`` or ``column=NAME``; a `UsageError` for anything else."""
    text = text.strip()
    if text == FOLDERS:
        return PartsChoice(folders=True)
    if text.startswith(COLUMN) and text[len(COLUMN) :].strip():
        return PartsChoice(column=text[len(COLUMN) :].strip())
    try:
        shares = [float(piece) for piece in text.split("/")]
    except ValueError:
        shares = []
    if len(shares) != 3 or min(shares) <= 0:
        raise UsageError(
            f"--parts {text!r} is not a split.",
            hint=f"Give three positive percentages of autoencoder/predictor/test images (e.g. "
            f"{DEFAULT_PARTS}), `{FOLDERS}` (autoencoder/, predictor/ and test/ folders) or "
            f"`{COLUMN}NAME` (a column of the --targets CSV).",
        )
    total = sum(shares)
    ae, predictor, test = (share / total for share in shares)
    return PartsChoice(fractions=(ae, predictor, test))


def assign_parts(listing: SourceListing, choice: PartsChoice, seed: int) -> np.ndarray:
    """Per image of ``listing``, its part's index in `PART_ROLES` (0 autoencoder, 1 predictor,
    2 test)."""
    if choice.fractions is None:
        return np.array([PART_ROLES.index(str(image.part)) for image in listing.images])
    count = len(listing.images)
    _, predictor, test = choice.fractions
    n_test, n_predictor = round(count * test), round(count * predictor)
    order = np.random.default_rng(seed).permutation(count)
    part = np.zeros(count, dtype=np.int64)
    part[order[:n_test]] = 2
    part[order[n_test : n_test + n_predictor]] = 1
    return part


def images_needed(choice: PartsChoice) -> int:
    """The fewest images a seeded split with these fractions gives every part enough of."""
    if choice.fractions is None:
        return sum(needed_images(role) for role in PART_ROLES)
    count = 1
    while True:
        sizes = _split_sizes(count, choice.fractions)
        if all(size >= needed_images(role) for role, size in zip(PART_ROLES, sizes)):
            return count
        count += 1


def _split_sizes(count: int, shares: tuple[float, ...]) -> tuple[int, int, int]:
    test, predictor = round(count * shares[2]), round(count * shares[1])
    return count - test - predictor, predictor, test


def user_scales(side: int, counts: tuple[int, int, int]) -> dict[str, DatasetScale]:
    """How much of a user's dataset of ``side`` x ``side`` images each profile uses."""
    nearest = min(_Z, key=lambda known: abs(known - side))
    scales = {}
    for profile, caps in _CAPS.items():
        ae, predictor, test = (
            None if cap is None or cap >= stored else cap for cap, stored in zip(caps, counts)
        )
        scales[profile] = DatasetScale(
            z=_Z[nearest][profile], ae_images=ae, pred_images=predictor, test_images=test
        )
    return scales
