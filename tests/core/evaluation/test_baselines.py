"""The trivial predictor and raw-pixel features, the reference points of every embedding score."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from percae_core.errors import UsageError
from percae_core.evaluation import (
    PredictorSpec,
    evaluate,
    pixel_features,
    run_predictor_grid,
    trivial_predictor_metric,
)
from percae_core.evaluation.baselines import pixel_layout


def test_trivial_position_predictor_is_the_training_mean():
    train_y = torch.tensor([[10.0, 10.0], [30.0, 10.0]])
    test_y = torch.tensor([[20.0, 13.0], [20.0, 6.0]])
    assert trivial_predictor_metric(train_y, test_y, "position") == pytest.approx(3.5)


def test_trivial_classifier_predicts_the_majority_class():
    train_y = torch.tensor([2, 2, 1, 0, 2])
    test_y = torch.tensor([2, 1, 2, 2])
    assert trivial_predictor_metric(train_y, test_y, "classification") == pytest.approx(0.75)


@pytest.mark.parametrize(
    "dim, layout",
    [(48, (3, 4, False)), (768, (3, 16, False)), (256, (1, 16, False)), (128, (3, 7, True))],
)
def test_pixel_feature_layout(dim, layout):
    assert pixel_layout(dim) == layout
    images = np.random.default_rng(0).integers(0, 256, size=(5, 3, 64, 64), dtype=np.uint8)
    features = pixel_features(images, dim)
    assert features.shape == (5, dim) and features.dtype == torch.float32
    assert torch.equal(features, pixel_features(torch.from_numpy(images), dim))


def test_pixel_features_are_area_averages_of_the_image():
    images = np.zeros((1, 3, 64, 64), dtype=np.uint8)
    images[0, 0, :, :32] = 255  # left half red
    features = pixel_features(images, 48).view(3, 4, 4)
    assert torch.equal(features[0, :, :2], torch.ones(4, 2))
    assert torch.equal(features[0, :, 2:], torch.zeros(4, 2))
    assert float(features[1:].abs().max()) == 0.0
    grey = pixel_features(images, 16).view(4, 4)
    assert grey[:, :2].allclose(torch.full((4, 2), 1 / 3))


def test_pixel_features_reject_bad_input():
    with pytest.raises(UsageError):
        pixel_features(np.zeros((2, 64, 64), dtype=np.uint8), 48)
    with pytest.raises(UsageError):
        pixel_features(np.zeros((2, 3, 8, 8), dtype=np.uint8), 768)


def test_raw_pixels_locate_a_bright_square():
    rng = np.random.default_rng(0)
    n = 700
    corners = rng.integers(0, 28, size=(n, 2))
    images = np.zeros((n, 3, 32, 32), dtype=np.uint8)
    for image, (x, y) in zip(images, corners):
        image[:, y : y + 4, x : x + 4] = 255
    positions = torch.tensor(corners + 2, dtype=torch.float32)
    features = pixel_features(images, 64)  # grey 8 x 8
    result = run_predictor_grid(
        features[:450],
        positions[:450],
        features[450:550],
        positions[450:550],
        task="position",
        num_outputs=2,
        epochs=40,
        patience=8,
        seed=0,
        batch_size=32,
        specs=[PredictorSpec("mlp", (64,)), PredictorSpec("linear")],
    )
    trivial = trivial_predictor_metric(positions[:450], positions[550:], "position")
    assert evaluate(result.best("mlp"), features[550:], positions[550:], "position") < 0.3 * trivial
