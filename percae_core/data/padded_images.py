"""A stored uint8 image array seen reflect-padded, padded only as rows are read.

`ReflectPadded(images, pad)` looks like an N x 3 x (h + 2 pad) x (w + 2 pad) uint8 array (shape,
dtype, len, indexing by rows) over the N x 3 x h x w array it wraps, which stays as it is on disk:
numpy's ``reflect`` mode mirrors without repeating the edge pixel, as ``torch.nn.ReflectionPad2d``
and ``torchvision.transforms.Pad(pad, 0, 'reflect')`` do. ``stored`` is the wrapped array.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class ReflectPadded:
    """Rows of ``stored`` reflect-padded by ``pad`` pixels on each side, computed when read."""

    def __init__(self, stored: Any, pad: int) -> None:
        if pad < 1 or pad >= min(stored.shape[2:]):
            raise ValueError(f"a reflect pad must be from 1 to the image side less 1; got {pad}")
        self.stored = stored
        self.pad = pad
        height, width = stored.shape[2:]
        self.shape = (stored.shape[0], stored.shape[1], height + 2 * pad, width + 2 * pad)
        self.dtype = stored.dtype

    def __len__(self) -> int:
        return int(self.shape[0])

    def __getitem__(self, rows: Any) -> np.ndarray:
        images = np.asarray(self.stored[rows])
        spatial = (self.pad, self.pad)
        leading = ((0, 0),) * (images.ndim - 2)
        return np.pad(images, (*leading, spatial, spatial), mode="reflect")
