"""A dataset and a loss network percae has never seen, each added with one registry entry, for
the tests that show that this is all it takes (docs/architecture.md).

This module is also the one module a new dataset brings: its description names it, and it
defines ``SPEC`` (64x64 images with 10 classes, made in memory: a bright square whose place says
the class). The loss network is a seeded-random VGG16 tapped at its first block, compared by a
distance of its own (``mean_abs_distance`` below, registered in `DISTANCES` as ``toy-mean-abs``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
import torch

from percae_core.data.catalog import register_dataset
from percae_core.data.description import DatasetDescription, PaperParts
from percae_core.data.parts import DatasetParts, Split
from percae_core.data.scale import DatasetScale
from percae_core.data.spec import DatasetSpec
from percae_core.events import EventSink
from percae_core.models.distances import DISTANCES, DistanceSpec
from percae_core.models.feature_distance import FeatureDistance
from percae_core.models.loss_network_registry import LOSS_NETWORKS, LossNetworkSpec
from percae_core.paths import Home
from percae_core.profiles import list_profiles

AE_IMAGES, PREDICTOR_IMAGES, TEST_IMAGES = 160, 60, 40

TOY = DatasetDescription(
    name="toyset",
    title="Toy Set",
    order=50,
    task="classification",
    metric="accuracy",
    num_outputs=10,
    image_size=(64, 64),
    obtain=("import",),
    paper_parts=PaperParts(ae=AE_IMAGES, predictor=PREDICTOR_IMAGES, test=TEST_IMAGES),
    scales={profile: DatasetScale(z=(8,), ae_images=AE_IMAGES) for profile in list_profiles()},
    module=__name__,
)
TOY_NET = LossNetworkSpec(
    "toy-vgg:relu1_2",
    "vgg16",
    ("relu1_2",),
    pretrained=False,
    imagenet_normalised=True,
    description="VGG16 up to relu1_2, seeded random, compared by mean absolute difference",
    distance="toy-mean-abs",
)
TOY_DISTANCE = DistanceSpec(
    "toy-mean-abs",
    "mean absolute difference",
    "mean absolute difference of the raw features (a test's)",
    f"{__name__}:mean_abs_distance",
)

#: How many times the toy distance compared features (the training test reads it).
DISTANCE_CALLS: list[int] = []


def register_toy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two entries; the caller removes the dataset again (`unregister_dataset`)."""
    register_dataset(TOY)
    monkeypatch.setitem(LOSS_NETWORKS, TOY_NET.name, TOY_NET)
    monkeypatch.setitem(DISTANCES, TOY_DISTANCE.name, TOY_DISTANCE)


def _parts(home: Home, scale: DatasetScale, on_event: EventSink) -> DatasetParts:
    total = AE_IMAGES + PREDICTOR_IMAGES + TEST_IMAGES
    rng = np.random.default_rng(0)
    labels = rng.integers(0, TOY.num_outputs, size=total)
    images = rng.integers(0, 40, size=(total, 3, *TOY.image_size), dtype=np.uint8)
    for row, label in enumerate(labels):
        x, y = 6 * int(label), 4 * int(label)
        images[row, :, y : y + 12, x : x + 12] = 255
    predictor_train = AE_IMAGES + PREDICTOR_IMAGES * 2 // 3
    bounds = [0, int(0.8 * AE_IMAGES), AE_IMAGES, predictor_train, AE_IMAGES + PREDICTOR_IMAGES]
    bounds.append(total)
    parts = [np.arange(start, stop) for start, stop in zip(bounds[:-1], bounds[1:])]
    ae_train, ae_val, pred_train, pred_val, test = parts
    return DatasetParts(
        dataset=TOY.name,
        image_size=TOY.image_size,
        task=TOY.task,
        num_outputs=TOY.num_outputs,
        ae_train=Split(images, ae_train),
        ae_val=Split(images, ae_val),
        pred_train=Split(images, pred_train, labels[pred_train]),
        pred_val=Split(images, pred_val, labels[pred_val]),
        test=Split(images, test, labels[test]),
    )


SPEC = DatasetSpec(
    description=TOY,
    how_to_get="made in memory by tests/toy_entries.py",
    is_ready=lambda home, scale: True,
    load_parts=_parts,
    status=lambda home, verify=False: [],
)


class MeanAbsDistance(FeatureDistance):
    """Mean absolute difference of the raw features, summed over the tapped layers."""

    def prepare(self, layer: int, activation: torch.Tensor) -> torch.Tensor:
        return activation.flatten(1)

    def forward(
        self, predicted: Sequence[torch.Tensor], target: Sequence[torch.Tensor]
    ) -> torch.Tensor:
        DISTANCE_CALLS.append(len(predicted))
        pairs = zip(predicted, target, strict=True)
        return torch.stack([(p.float() - t.float()).abs().mean() for p, t in pairs]).sum()


def mean_abs_distance(
    channels: tuple[int, ...], *, pretrained: bool, allow_download: bool, on_event: EventSink
) -> FeatureDistance:
    """The toy network's `DistanceBuilder`: no weights, so the arguments do not matter."""
    return MeanAbsDistance()
