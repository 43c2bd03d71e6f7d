"""The terminal image renderers, on images whose pixels are known."""

import numpy as np
import pytest

from percae_core.cli.preview_render import to_rich_text
from percae_core.preview import (
    LOWER_HALF,
    RAMP,
    as_hwc_uint8,
    ascii_lines,
    downscale,
    half_blocks,
)


def four_pixels() -> np.ndarray:
    """2 x 2: red, green on top; blue, white below (H x W x 3 uint8)."""
    return np.array([[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [255, 255, 255]]], dtype=np.uint8)


def test_half_block_takes_upper_pixel_as_background_and_lower_as_foreground():
    rows = half_blocks(four_pixels())
    assert len(rows) == 1 and len(rows[0]) == 2
    assert rows[0][0].top == (255, 0, 0) and rows[0][0].bottom == (0, 0, 255)
    assert rows[0][1].top == (0, 255, 0) and rows[0][1].bottom == (255, 255, 255)


def test_rich_text_uses_truecolor_lower_half_blocks():
    text = to_rich_text(four_pixels())
    assert text.plain == LOWER_HALF * 2
    styles = [span.style for span in text.spans]
    assert str(styles[0].bgcolor.triplet.hex) == "#ff0000"
    assert str(styles[0].color.triplet.hex) == "#0000ff"
    assert str(styles[1].bgcolor.triplet.hex) == "#00ff00"


def test_odd_height_is_padded_to_even_with_black():
    image = np.full((3, 1, 3), 200, dtype=np.uint8)
    rows = half_blocks(image)
    assert len(rows) == 2
    assert rows[1][0].top == (200, 200, 200) and rows[1][0].bottom == (0, 0, 0)


def test_ascii_ramp_maps_black_to_space_and_white_to_at_sign():
    image = np.zeros((2, 3, 3), dtype=np.uint8)
    image[:, 1] = 255
    image[:, 2] = 128
    assert ascii_lines(image) == [" @" + RAMP[round(128 / 255 * (len(RAMP) - 1))]]


def test_ascii_text_carries_no_colour():
    text = to_rich_text(four_pixels(), ascii_mode=True)
    assert text.spans == [] and set(text.plain) <= set(RAMP)


def test_channel_first_float_images_are_accepted():
    chw = np.transpose(four_pixels(), (2, 0, 1)).astype(np.float32) / 255.0
    np.testing.assert_array_equal(as_hwc_uint8(chw), four_pixels())


def test_downscale_averages_blocks_and_keeps_aspect():
    image = np.zeros((4, 4, 3), dtype=np.uint8)
    image[:2, :2] = 200
    small = downscale(image, 2)
    assert small.shape == (2, 2, 3)
    assert small[0, 0, 0] == 200 and small[1, 1, 0] == 0
    assert len(half_blocks(np.zeros((64, 64, 3), np.uint8), width=16)) == 8


def test_a_non_image_is_refused():
    with pytest.raises(ValueError):
        as_hwc_uint8(np.zeros(5))
