"""`to_image` turns a model batch back into the picture a person sees: the stored image exactly,
and a reconstruction's out-of-range values clamped instead of wrapped around."""

import numpy as np
import torch

from percae_core.data.parts import to_image, to_model_input


def test_a_stored_image_survives_the_model_input_round_trip():
    stored = np.random.default_rng(0).integers(0, 256, (2, 3, 5, 7), dtype=np.uint8)
    image = to_image(to_model_input(torch.from_numpy(stored)))
    assert image.dtype == np.uint8 and image.shape == (5, 7, 3)
    np.testing.assert_array_equal(image, stored[0].transpose(1, 2, 0))


def test_values_outside_zero_to_one_are_clamped():
    batch = torch.tensor([-0.5, 0.5, 1.5]).reshape(1, 3, 1, 1)
    assert to_image(batch)[0, 0].tolist() == [0, 128, 255]
