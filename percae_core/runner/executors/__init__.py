"""The executors that run a study's cells, by name: `local` (this process, one cell after
another) and `ray` (a Ray task per cell on a machine's or a cluster's GPUs and cores).

Ray is imported only when the ray executor is made, so everything else works without it.
"""

from __future__ import annotations

from collections.abc import Callable

from percae_core.runner.executors.base import Executor
from percae_core.runner.executors.options import ExecutorOptions


def _local(options: ExecutorOptions) -> Executor:
    from percae_core.runner.executors.local import LocalExecutor

    return LocalExecutor(fail_fast=options.fail_fast)


def _ray(options: ExecutorOptions) -> Executor:
    from percae_core.runner.executors.ray_executor import RayExecutor

    return RayExecutor(options)


EXECUTORS: dict[str, Callable[[ExecutorOptions], Executor]] = {"local": _local, "ray": _ray}


def check_executor(options: ExecutorOptions) -> None:
    """The checks that need no connection: flag values, and that ray imports when asked for."""
    options.validate(list(EXECUTORS))
    if options.name == "ray":
        from percae_core.runner.executors.ray_import import import_ray

        import_ray()


def make_executor(options: ExecutorOptions) -> Executor:
    check_executor(options)
    return EXECUTORS[options.name](options)
