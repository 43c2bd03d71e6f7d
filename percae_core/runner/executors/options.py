"""How a study's cells are executed: the executor's name and its resource flags, checked early.

`ExecutorOptions` travels inside the `BenchRequest` (so a TUI queue item carries it too) and is
validated before any compute: a bad value is a usage error, not a failure after an hour.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.errors import UsageError

MAX_GPUS_PER_CELL = 8.0


@dataclass(frozen=True)
class ExecutorOptions:
    """`--executor NAME [--ray-address ADDR] [--gpus-per-cell F] [--cpus-per-cell N]
    [--max-concurrent N] [--fail-fast]`; ``gpus_per_cell`` None means "1 where GPUs exist,
    else 0"; ``fail_fast`` stops the study at the first failed cell (`executors/base.py`)."""

    name: str = "local"
    ray_address: str | None = None
    gpus_per_cell: float | None = None
    cpus_per_cell: int = 1
    max_concurrent: int | None = None
    fail_fast: bool = False

    def validate(self, known: list[str]) -> None:
        if self.name not in known:
            raise UsageError(
                f"Unknown executor {self.name!r}.", hint=f"Choose from: {', '.join(known)}."
            )
        gpus = self.gpus_per_cell
        if gpus is not None and not 0 <= gpus <= MAX_GPUS_PER_CELL:
            raise UsageError(
                f"--gpus-per-cell must be between 0 and {MAX_GPUS_PER_CELL:g}; got {gpus:g}.",
                hint="Use a fraction such as 0.25 to pack four cells on one GPU, "
                "or 0 to run cells on CPUs.",
            )
        if gpus is not None and gpus > 1 and gpus != int(gpus):
            raise UsageError(
                f"--gpus-per-cell above 1 must be a whole number; got {gpus:g}.",
                hint="Ray gives a task either a fraction of one GPU or whole GPUs.",
            )
        if self.cpus_per_cell < 1:
            raise UsageError(f"--cpus-per-cell must be at least 1; got {self.cpus_per_cell}.")
        if self.max_concurrent is not None and self.max_concurrent < 1:
            raise UsageError(f"--max-concurrent must be at least 1; got {self.max_concurrent}.")
        if self.name == "local" and (
            self.ray_address is not None
            or self.gpus_per_cell is not None
            or self.max_concurrent is not None
            or self.cpus_per_cell != 1
        ):
            raise UsageError(
                "--ray-address, --gpus-per-cell, --cpus-per-cell and --max-concurrent apply only "
                "to the Ray executor.",
                hint="Add --executor ray, or drop those flags to run cells one after another.",
            )
