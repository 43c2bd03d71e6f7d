"""The order in which result, autoencoder and reference records are listed everywhere.

Datasets follow the catalog, variants their registry, predictors `PREDICTOR_ORDER`; a name no
order knows comes last, alphabetically.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from percae_core.data.catalog import dataset_rank
from percae_core.models.variants import list_variants, perceptual_variants, variational_variants

VARIANT_ORDER = tuple(list_variants())
PERCEPTUAL_VARIANTS = perceptual_variants()
VARIATIONAL_VARIANTS = variational_variants()
PREDICTOR_ORDER = ("mlp", "linear", "decoder")


def record_sort_key(record: dict) -> tuple:
    """Dataset, setting, variant, z, seed, repeat, predictor: how tables and exports list rows.

    The setting's optional keys (loss network, gamma: `settings.OPTIONAL_KEYS`), which pixel-wise
    or plain variants leave unset, come after the variant, so that a section's variants read in
    the paper's order (AE, VAE, P. AE, P. VAE) rather than unset-last."""

    def rank(order: Sequence[str], name: Any) -> tuple:
        return (order.index(name), "") if name in order else (len(order), str(name))

    return (
        (dataset_rank(record.get("dataset")), str(record.get("dataset"))),
        str(record.get("profile")),
        *(str(record.get(key)) for key in ("epochs", "batch_size", "onscreen")),
        str(record.get("precision")),
        rank(VARIANT_ORDER, record.get("variant")),
        str(record.get("loss_net")),
        str(record.get("gamma")),
        record.get("z") or 0,
        record.get("seed") or 0,
        record.get("repeat") or 0,
        rank(PREDICTOR_ORDER, record.get("predictor")),
    )
