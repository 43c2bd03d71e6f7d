"""A user's own dataset as a loadable one: `spec_for` makes its `DatasetSpec` from its stored
description (`percae data import images`), so it needs no module of its own.

It is read like STL-10 and SVHN (`imported_dataset.ImportedDataset`): the uint8 cache under
``<home>/datasets/<name>/cache`` with its three stored parts (autoencoder, predictor, test),
the predictor and autoencoder parts split 80/20 into train and validation when loaded.
"""

from __future__ import annotations

from percae_core.data.description import DatasetDescription
from percae_core.data.imported_dataset import ImportedDataset
from percae_core.data.spec import DatasetSpec


def _kind(description: DatasetDescription) -> str:
    side = "x".join(str(n) for n in description.image_size)
    if description.task == "classification":
        return f"{side}-rgb-{description.num_outputs}-classes"
    return f"{side}-rgb-{description.num_outputs}-targets"


def _import_again(description: DatasetDescription) -> str:
    return (
        f"Import it again: `percae data import images {description.import_source} --name "
        f"{description.name} --force` (with the --targets/--size/--parts you used)."
    )


def spec_for(description: DatasetDescription) -> DatasetSpec:
    """The loadable dataset of a user's stored description."""
    dataset = ImportedDataset(
        catalog_entry=description,
        tile=1,
        description=_kind(description),
        how_to_get=_import_again(description),
        import_argument="PATH",
        repair=_import_again(description),
    )
    return dataset.spec()
