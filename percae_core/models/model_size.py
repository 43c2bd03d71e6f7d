"""How much memory an autoencoder of a given latent width needs, checked before it is built.

The linear layers grow with the latent width z (encoder: two heads of flat x z, decoder:
z x 1024 g(H) g(W)), so a mistyped ``--z 1000000000`` would ask for terabytes and die in the
allocator with a traceback. The parameter count is computed from the architecture without
building anything; training needs about four copies of every parameter (weights, gradients and
Adam's two moments).
"""

from __future__ import annotations

import functools

from percae_core.errors import UsageError
from percae_core.memory import available_memory_bytes
from percae_core.models.image_size import ImageSize, image_size

TRAINING_BYTES_PER_PARAMETER = 16
"""float32 weights + gradients + Adam's two moments."""
WEIGHTS_BYTES_PER_PARAMETER = 4


def _linear_parameters(input_size: ImageSize, z: int) -> int:
    from percae_core.models.autoencoder import _encoded, _grid

    flat = 256 * _encoded(input_size[0]) * _encoded(input_size[1])
    projected = 1024 * _grid(input_size[0]) * _grid(input_size[1])
    return 2 * (flat * z + z) + (z * projected + projected)


@functools.lru_cache(maxsize=8)
def _fixed_parameters(input_size: ImageSize) -> int:
    """The convolutions' parameters, which do not depend on z (counted once on a z=1 model).

    Built under a forked random state: initialising it must not move the global one, or the
    first autoencoder a process builds after seeding would get different weights from the rest.
    """
    import torch

    from percae_core.models.autoencoder import ConvAutoencoder

    with torch.random.fork_rng(devices=[]):
        model = ConvAutoencoder(input_size, 1, False, check_memory=False)
    return sum(p.numel() for p in model.parameters()) - _linear_parameters(input_size, 1)


def parameter_count(input_size: ImageSize, z: int) -> int:
    """Parameters of the paper's autoencoder for these images and latent width."""
    size = image_size(input_size)
    return _fixed_parameters(size) + _linear_parameters(size, z)


def _gb(count: float) -> str:
    return f"{count / 1e9:,.1f} GB"


def check_model_memory(
    input_size: ImageSize,
    z: int,
    bytes_per_parameter: int = WEIGHTS_BYTES_PER_PARAMETER,
    available: int | None = None,
) -> None:
    """Refuse a latent width whose model would not fit in memory, before anything is allocated."""
    available = available_memory_bytes() if available is None else available
    if available is None:
        return
    needed = parameter_count(input_size, z) * bytes_per_parameter
    if needed > available:
        raise UsageError(
            f"An autoencoder with a latent of width {z:,} on {input_size[0]}x{input_size[1]} "
            f"images needs about {_gb(needed)} of memory ({parameter_count(input_size, z):,} "
            f"parameters), but only {_gb(available)} is available.",
            hint="Choose a smaller --z (the paper uses 32 to 1024).",
        )
