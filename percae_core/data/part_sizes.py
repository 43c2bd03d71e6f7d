"""Every part of Table I big enough before any compute: checked when a study is planned.

An imported STL-10 or SVHN can hold far fewer images than a study needs (a test import of two
training images, say). Such data would pass the import and then fail in the middle of a study;
instead, planning compares each stored part (after the profile's cap) with the fewest images its
train/validation split needs and stops with a message naming the dataset, the part, the size
found and the size needed.
"""

from __future__ import annotations

from collections.abc import Mapping

from percae_core.data.classification_parts import VALIDATION_FRACTION
from percae_core.data.scale import DatasetScale
from percae_core.errors import PercaeError

#: What each stored part of an imported dataset is for, in its stored order.
PART_ROLES = ("autoencoder", "predictor", "test")


def smallest_split_part() -> int:
    """The fewest images whose 80/20 train/validation split leaves both sides an image."""
    images = 1
    while (
        int(round(images * VALIDATION_FRACTION)) < 1
        or images - round(images * VALIDATION_FRACTION) < 1
    ):
        images += 1
    return images


def needed_images(role: str) -> int:
    """The fewest images the part with ``role`` needs (the test part is not split)."""
    return 1 if role == "test" else smallest_split_part()


def _cap(role: str, scale: DatasetScale) -> int | None:
    return {
        "autoencoder": scale.ae_images,
        "predictor": scale.pred_images,
        "test": scale.test_images,
    }[role]


def check_part_sizes(
    title: str, counts: Mapping[str, int], scale: DatasetScale, hint: str | None = None
) -> None:
    """Raise (exit code 1) when a stored part of dataset ``title`` is too small to study.

    ``counts``: stored part name -> images, in the dataset's stored order (autoencoder part,
    predictor part, test part); ``hint``: what to do instead of importing the full files."""
    for role, (part, stored) in zip(PART_ROLES, counts.items()):
        cap = _cap(role, scale)
        used = int(stored) if cap is None else min(int(stored), cap)
        needed = needed_images(role)
        if used < needed:
            raise PercaeError(
                f"{title}'s {part} part (the {role} part) has {used} image"
                f"{'s' if used != 1 else ''}, but a study needs at least {needed} there.",
                hint=hint
                or f"Import the full {title} files (percae data import or percae data "
                "download); nothing was computed.",
            )
