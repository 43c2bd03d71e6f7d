"""The datasets of the study, described in one place (torch-free); everything else iterates it.

Adding a dataset is one `register_dataset` call with its `DatasetDescription` plus its own module
(named by ``module``, defining ``SPEC``) that loads the images. The per-profile scales live here
too, so a profile never meets a dataset it knows nothing about.
"""

from __future__ import annotations

from pathlib import Path

from percae_core.data.description import DatasetDescription, PaperParts
from percae_core.data.geometry import PAPER_GEOMETRY, REFLECT_PAD
from percae_core.data.home_datasets import home_descriptions
from percae_core.data.scale import DatasetScale
from percae_core.errors import UsageError
from percae_core.paths import resolve_home
from percae_core.registry import Registry

#: Every dataset by name. Entries need not come from code: anything that builds a
#: `DatasetDescription` at run time (a user's own data) registers it here the same way.
_DATASETS: Registry[DatasetDescription] = Registry(
    "dataset", normalise=lambda name: name.strip().lower()
)


#: The home whose own datasets (`percae data import images`) the catalog lists after the built-in
#: ones; None: the home of ``PERCAE_HOME`` or the default, as `percae_core.paths` resolves it.
_home_root: Path | None = None


def use_home(root: Path | None) -> None:
    """List the datasets imported into the home at ``root`` (the CLI, the TUI and the queue
    worker call this with the home they use; None goes back to the environment's)."""
    global _home_root
    _home_root = None if root is None else Path(root)


def _home_entries() -> dict[str, DatasetDescription]:
    """The home's own datasets by name; a name a built-in dataset holds is never shadowed."""
    root = _home_root if _home_root is not None else resolve_home()
    return {d.name: d for d in home_descriptions(root) if d.name not in _DATASETS}


def _entry(name: str) -> DatasetDescription | None:
    return _DATASETS.get(name) or _home_entries().get(name)


def builtin_names() -> list[str]:
    """The datasets that come with percae (a user's import may not take these names)."""
    return list(_DATASETS)


def register_dataset(description: DatasetDescription) -> DatasetDescription:
    """Add a dataset; returns it, for module constants. A taken name is refused
    (`percae_core.registry.DuplicateEntryError`)."""
    return _DATASETS.register(description.name, description)


def unregister_dataset(name: str) -> None:
    """Remove a dataset (tests that register a toy one restore the catalog with this)."""
    _DATASETS.unregister(name)


def dataset_descriptions() -> list[DatasetDescription]:
    """Every dataset, in the paper's order; a user's own imports after them, by name."""
    builtin = sorted(_DATASETS.values(), key=lambda d: (d.order, d.name))
    return builtin + list(_home_entries().values())


def list_datasets() -> list[str]:
    return [description.name for description in dataset_descriptions()]


def describe(name: str) -> DatasetDescription:
    """The entry ``name`` (any case); a `UsageError` listing the datasets when unknown."""
    description = _entry(name.strip().lower())
    if description is None:
        raise UsageError(
            f"Unknown dataset {name!r}.",
            hint=f"Choose from: {', '.join(list_datasets())} (import your own images with "
            "`percae data import images PATH --name NAME`).",
        )
    return description


def dataset_title(name: str) -> str:
    """A dataset's title ("STL-10"), or the name itself when it is not registered."""
    description = _entry(name)
    return description.title if description else name


def dataset_rank(name: str | None) -> int:
    """Sort key: the paper's order; unknown names after every registered one."""
    description = _entry(name or "")
    return description.order if description else 1_000_000


LUNARLANDER = register_dataset(
    DatasetDescription(
        name="lunarlander",
        title="LunarLander",
        order=0,
        task="position",
        metric="distance_px",
        num_outputs=2,
        image_size=(64, 64),
        obtain=("prepare",),
        # Frames before the off-screen rule (about 10% of the second half goes).
        paper_parts=PaperParts(ae=105_000, predictor=84_000, test=21_000),
        paper_collection=(1400, 150),
        onscreen_rule=True,
        scales={
            "smoke": DatasetScale(z=(32,), rollouts=40, steps=50),
            "quick": DatasetScale(z=(32,), rollouts=200, steps=150),
            "paper": DatasetScale(z=(32, 64, 128, 256), rollouts=1400, steps=150),
        },
        module="percae_core.data.lunarlander",
    )
)

STL10 = register_dataset(
    DatasetDescription(
        name="stl10",
        title="STL-10",
        order=1,
        task="classification",
        metric="accuracy",
        num_outputs=10,
        image_size=(96, 96),
        obtain=("download", "import"),
        paper_parts=PaperParts(ae=100_000, predictor=5_000, test=8_000),
        scales={
            "smoke": DatasetScale(z=(64,), ae_images=512, pred_images=400, test_images=200),
            "quick": DatasetScale(z=(128,), ae_images=10_000, pred_images=5_000, test_images=2_000),
            "paper": DatasetScale(z=(64, 128, 256, 512)),
        },
        module="percae_core.data.stl10",
        stored_parts=("unlabeled", "train", "test"),
        importer="percae_core.data.stl10_import",
        import_source="stl10_binary.tar.gz or the stl10_binary folder extracted from it",
        geometries=(PAPER_GEOMETRY, REFLECT_PAD),
    )
)

SVHN = register_dataset(
    DatasetDescription(
        name="svhn",
        title="SVHN",
        order=2,
        task="classification",
        metric="accuracy",
        num_outputs=10,
        image_size=(64, 64),
        obtain=("download", "import"),
        paper_parts=PaperParts(ae=531_131, predictor=73_257, test=26_032),
        scales={
            "smoke": DatasetScale(z=(32,), ae_images=512, pred_images=400, test_images=200),
            "quick": DatasetScale(z=(64,), ae_images=20_000, pred_images=10_000, test_images=5_000),
            "paper": DatasetScale(z=(32, 64, 128)),
        },
        module="percae_core.data.svhn",
        stored_parts=("extra", "train", "test"),
        importer="percae_core.data.svhn_import",
        import_source="the folder holding train_32x32.mat, test_32x32.mat and extra_32x32.mat",
        geometries=(PAPER_GEOMETRY, REFLECT_PAD),
    )
)
