"""Image folders the `percae data import images` tests write with PIL: PNG and JPEG, mixed sizes,
greyscale and RGBA among them.

`write_colour_classes`: one class per colour (red-, green-, blue-ish with noise), so an
embedding that keeps colour makes the classes easy. `write_spot_frames`: a bright spot drawn on
black at a random place; the targets CSV holds the spot's centre (x, y) in the 64x64 frame.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

COLOURS = {"blue": (30, 40, 210), "green": (30, 200, 40), "red": (210, 40, 30)}


def _save(image: Image.Image, folder: Path, index: int) -> Path:
    """Every fourth image greyscale, every fourth RGBA, every fourth JPEG (the rest RGB PNG)."""
    kind = index % 4
    if kind == 1:
        image = image.convert("L")
    elif kind == 2:
        image = image.convert("RGBA")
    path = folder / f"{index:04d}.{'jpg' if kind == 3 else 'png'}"
    image.save(path)
    return path


def write_colour_classes(root: Path, per_class: int = 20, seed: int = 0) -> Path:
    """``root/<colour>/NNNN.png|jpg``: noisy images of one colour per class, mixed sizes."""
    rng = np.random.default_rng(seed)
    for name, colour in COLOURS.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            width, height = (int(side) for side in rng.integers(40, 130, size=2))
            noise = rng.normal(0.0, 25.0, size=(height, width, 3))
            pixels = np.clip(np.array(colour) + noise, 0, 255).astype(np.uint8)
            _save(Image.fromarray(pixels), folder, index)
    return root


def write_spot_frames(root: Path, count: int = 80, seed: int = 1) -> Path:
    """``root/frames/NNNN.png`` with a white spot on black, and ``root/targets.csv`` (path, x, y)."""
    rng = np.random.default_rng(seed)
    (root / "frames").mkdir(parents=True, exist_ok=True)
    rows = ["path,x,y"]
    for index in range(count):
        x, y = (float(v) for v in rng.uniform(10.0, 54.0, size=2))
        image = Image.new("RGB", (64, 64))
        ImageDraw.Draw(image).ellipse([x - 5, y - 5, x + 5, y + 5], fill=(255, 255, 255))
        path = _save(image, root / "frames", index)
        rows.append(f"frames/{path.name},{x:.3f},{y:.3f}")
    (root / "targets.csv").write_text("\n".join(rows) + "\n")
    return root / "targets.csv"


def truncate(path: Path, keep: float = 0.5) -> None:
    """Cut a file to a fraction of its bytes (a download that stopped half-way)."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
