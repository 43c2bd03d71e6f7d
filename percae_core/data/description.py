"""What percae knows about a dataset before loading any of it: a torch-free `DatasetDescription`.

Names, titles, order, task and metric, image size, how much of it each profile uses, how a user
obtains it and the paper's part sizes (Table I). The catalog (`percae_core.data.catalog`) holds
one per dataset; the CLI's help, the terminal UI's choices, the ETA, tables and exports iterate
it. Loading the images is the job of the dataset's own module, named by `module`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from percae_core.data.geometry import PAPER_GEOMETRY
from percae_core.data.scale import DatasetScale
from percae_core.errors import UsageError

Task = Literal["position", "classification", "regression"]
Obtain = Literal["prepare", "import", "download"]

#: Tasks whose targets are vectors of numbers scored by mean Euclidean distance: LunarLander's
#: position (pixels) and a user's own regression targets (`percae data import images --targets`).
VECTOR_TASKS: tuple[Task, ...] = ("position", "regression")


def predicts_vector(task: str) -> bool:
    """True when ``task``'s targets are numbers (a distance metric), False for class labels."""
    return task in VECTOR_TASKS


@dataclass(frozen=True)
class PaperParts:
    """Image counts of the paper's parts (Table I): autoencoder, predictor, test."""

    ae: int
    predictor: int
    test: int


@dataclass(frozen=True)
class DatasetDescription:
    name: str
    title: str
    order: int
    """Position in the paper's tables (LunarLander, STL-10, SVHN)."""
    task: Task
    metric: str
    """A name in `percae_core.evaluation.metric_registry`."""
    num_outputs: int
    image_size: tuple[int, int]
    """Height and width the autoencoder sees."""
    obtain: tuple[Obtain, ...]
    """How a user gets it: ``prepare`` (percae builds it), ``import`` / ``download`` (official files)."""
    paper_parts: PaperParts
    scales: Mapping[str, DatasetScale] = field(default_factory=dict)
    """Per profile name, how much of this dataset the profile uses."""
    module: str = ""
    """The module that loads it; it defines ``SPEC``, a `percae_core.data.spec.DatasetSpec`."""
    paper_collection: tuple[int, int] | None = None
    """For a collection rendered by percae: the paper's (rollouts, steps); None otherwise."""
    onscreen_rule: bool = False
    """True when its predictor and test parts drop off-screen frames (`--onscreen` applies)."""
    stored_parts: tuple[str, ...] = ()
    """For an imported dataset: its official parts in Table I order (autoencoder, predictor, test)."""
    importer: str | None = None
    """For an imported dataset: the module defining ``IMPORTER``, a
    `percae_core.data.importer.DatasetImporter` that fills its cache from the official files."""
    import_source: str = ""
    """For an imported dataset: what ``percae data import NAME PATH`` takes as PATH (its help)."""
    geometries: tuple[str, ...] = (PAPER_GEOMETRY,)
    """The geometries (`geometry.py`) it can be loaded in; the paper's always."""
    in_home: bool = False
    """True for a user's own image collection (`percae data import images`): it lives in the
    home, this description stored beside its cache, and needs no module (`user_dataset.spec_for`)."""
    classes: tuple[str, ...] = ()
    """A user's classification dataset: the class names in label order (sorted folder names)."""
    targets: tuple[str, ...] = ()
    """A user's regression dataset: the target columns of its CSV, in output order."""

    @property
    def prepares_itself(self) -> bool:
        """True when percae builds the data itself (LunarLander renders it; others need files)."""
        return "prepare" in self.obtain

    def scale_for(self, profile: str) -> DatasetScale:
        try:
            return self.scales[profile]
        except KeyError:
            raise UsageError(
                f"The profile {profile!r} says nothing about how much of {self.title} to use.",
                hint=f"Use a profile that covers it ({', '.join(self.scales) or 'none yet'}), or "
                f"add a scale for {profile!r} to its entry in percae_core/data/catalog.py.",
            ) from None

    def ae_part_images(self, scale: DatasetScale) -> int:
        """Images in the autoencoder part (train + validation) at ``scale``, before its cap.

        A rendered collection's parts grow with its rollouts and steps; an imported dataset's
        autoencoder part is always the paper's.
        """
        if self.paper_collection is None:
            return self.paper_parts.ae
        rollouts, steps = self.paper_collection
        frames = (scale.rollouts or rollouts) * (scale.steps or steps)
        return self.paper_parts.ae * frames // (rollouts * steps)
