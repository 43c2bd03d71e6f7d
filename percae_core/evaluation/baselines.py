"""Reference points for every embedding score: a predictor that ignores the input, and raw pixels.

`trivial_predictor_metric`: always the training mean position (distance in px), or always the
most frequent training class (accuracy). An embedding that does not beat it carries nothing of
the target.

`pixel_features`: the image itself, shrunk to a vector of ``dim`` numbers (the largest latent
size of the study), so the same predictor grid can answer "does the embedding beat raw pixels?".
Construction (deterministic, no learning):
  1. uint8 -> float in [0, 1];
  2. if ``dim`` = 3 s^2: area-average the RGB image to s x s (exact size, colour kept);
     elif ``dim`` = s^2: average the three channels to grey, area-average to s x s;
     else: area-average RGB to the smallest s x s with 3 s^2 >= dim, flatten, and project to
     ``dim`` with a fixed Gaussian matrix (generator seed 0, entries N(0, 1/(3 s^2)));
  3. flatten in channel, row, column order.
Area averaging is `adaptive_avg_pool2d`: each output pixel is the mean of its input block.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from percae_core.data.description import predicts_vector
from percae_core.errors import UsageError
from percae_core.evaluation.metrics import mean_distance_px

PROJECTION_SEED = 0
CHUNK = 1024


def trivial_predictor_metric(train_y: torch.Tensor, test_y: torch.Tensor, task: str) -> float:
    """The test metric of the input-blind predictor fitted on the training labels."""
    train_y, test_y = torch.as_tensor(train_y), torch.as_tensor(test_y)
    if len(train_y) == 0 or len(test_y) == 0:
        raise UsageError("The trivial predictor needs at least one training and one test label.")
    if predicts_vector(task):
        mean = train_y.double().mean(dim=0, keepdim=True)
        return mean_distance_px(mean.expand(len(test_y), -1), test_y.double())
    if task == "classification":
        train_labels = train_y.reshape(-1).long()
        majority = int(torch.bincount(train_labels).argmax())  # ties: the smallest label
        return float((test_y.reshape(-1).long() == majority).double().mean())
    raise UsageError(
        f"Unknown predictor task {task!r}.", hint="Use 'position' or 'classification'."
    )


def trivial_predictor_scores(train_y: torch.Tensor, test_y: torch.Tensor, task: str) -> np.ndarray:
    """The trivial predictor's per-example test scores (distance, or 1/0 correct), in test
    order; their mean is `trivial_predictor_metric`."""
    train_y, test_y = torch.as_tensor(train_y), torch.as_tensor(test_y)
    if predicts_vector(task):
        mean = train_y.double().mean(dim=0, keepdim=True)
        return torch.linalg.vector_norm(test_y.double() - mean, dim=1).numpy()
    majority = int(torch.bincount(train_y.reshape(-1).long()).argmax())
    return (test_y.reshape(-1).long() == majority).double().numpy()


def pixel_layout(dim: int) -> tuple[int, int, bool]:
    """(channels, side, projected) of the pixel features for a vector of ``dim`` numbers."""
    if dim <= 0:
        raise UsageError(f"The pixel feature size must be positive; got {dim}.")
    side = math.isqrt(dim // 3)
    if dim % 3 == 0 and 3 * side * side == dim:
        return 3, side, False
    side = math.isqrt(dim)
    if side * side == dim:
        return 1, side, False
    return 3, math.ceil(math.sqrt(dim / 3)), True


def pixel_features(images_uint8: np.ndarray | torch.Tensor, dim: int) -> torch.Tensor:
    """N x 3 x h x w uint8 images -> N x ``dim`` float32 features (see the module docstring)."""
    images = (
        torch.as_tensor(np.asarray(images_uint8))
        if isinstance(images_uint8, np.ndarray)
        else images_uint8
    )
    if images.dim() != 4 or images.shape[1] != 3:
        raise UsageError(
            f"Pixel features need N x 3 x h x w images; got shape {tuple(images.shape)}."
        )
    channels, side, projected = pixel_layout(dim)
    if side > min(images.shape[2], images.shape[3]):
        raise UsageError(
            f"Pixel features of size {dim} need images of at least {side}x{side}; "
            f"got {images.shape[2]}x{images.shape[3]}."
        )
    projection = None
    if projected:
        width = channels * side * side
        generator = torch.Generator().manual_seed(PROJECTION_SEED)
        projection = torch.randn(width, dim, generator=generator) / math.sqrt(width)
    out = []
    for start in range(0, len(images), CHUNK):
        x = images[start : start + CHUNK].float() / 255.0
        if channels == 1:
            x = x.mean(dim=1, keepdim=True)
        x = F.adaptive_avg_pool2d(x, side).flatten(1)
        out.append(x @ projection if projection is not None else x)
    if not out:
        return torch.zeros(0, dim)
    return torch.cat(out).contiguous()
