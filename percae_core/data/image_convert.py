"""One image file -> the autoencoder's input: 3 x s x s uint8 RGB (`percae data import images`).

The method, also stated in each imported dataset's cache metadata (`METHOD`) and the README:

1. the file is checked (``Image.verify``, unless ``--no-verify``) and decoded in full
   (``Image.load``): a truncated or corrupt file is refused, never padded;
2. any mode becomes RGB: a mode with transparency (RGBA, LA, PA, P with a transparent colour)
   is composited on black (a transparent pixel reads as black, as an unlit background), the
   others (L, 1, P, CMYK, I, F, ...) are converted by PIL's ``convert("RGB")``;
3. the aspect ratio is kept by cropping the centre square (the longer side loses equal margins);
4. the square is resized to s x s with PIL's bicubic filter, antialiased when shrinking, as the
   LunarLander frames are (`lunarlander_render.shrink`).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from percae_core.data.official_files import BadInputError

if TYPE_CHECKING:  # PIL loads when the first image is read
    from PIL.Image import Image as PilImage

METHOD = (
    "RGB (transparency composited on black), centre crop to a square, antialiased bicubic "
    "resize (PIL)"
)


def _to_rgb(image: PilImage) -> PilImage:
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        black = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
        return Image.alpha_composite(black, rgba).convert("RGB")
    return image.convert("RGB")


def _centre_square(image: PilImage) -> PilImage:
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return image.crop((left, top, left + side, top + side))


def load_model_image(path: Path, side: int, verify: bool = True) -> np.ndarray:
    """The image at ``path`` as 3 x ``side`` x ``side`` uint8 (see the module docstring);
    `BadInputError` naming the file when it cannot be read whole."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if verify:
                with Image.open(path) as probe:
                    probe.verify()
            with Image.open(path) as image:
                image.load()
                square = _centre_square(_to_rgb(image))
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Warning) as exc:
        raise BadInputError(
            f"The image {path} cannot be read ({exc}): it is truncated, corrupt or not an "
            "image; nothing was imported.",
            hint="Replace or remove that file and run the import again.",
        ) from exc
    if min(square.size) < 1:
        raise BadInputError(f"The image {path} has no pixels; nothing was imported.")
    small = square.resize((side, side), Image.Resampling.BICUBIC)
    return np.asarray(small, dtype=np.uint8).transpose(2, 0, 1)
