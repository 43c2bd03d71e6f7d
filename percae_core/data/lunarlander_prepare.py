"""Building the LunarLander collection: rollouts rendered in parallel into an atomic cache.

The collection is a cache folder (`percae_core.data.cache`) under
``<home>/datasets/lunarlander/<key>``, the key naming every parameter that changes its content:

    images        uint8   (N, 3, 64, 64)
    observations  float32 (N, 8)     gymnasium's observation the frame is labelled with
    positions     float32 (N, 2)     lander centre in pixels of the 64x64 frame (x right, y down)
    rollout       int32   (N,)       rollout id of each frame
    step          int32   (N,)       index of the frame in its rollout

Rows are ordered by rollout, then step. Workers write straight into the memory-mapped arrays
that `CacheWriter.allocate` creates, so the collection (2.6 GB at paper size) is never held in
memory; the cache appears under its final name only when complete.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from percae_core import __version__
from percae_core.data.cache import Cache, CacheWriter, open_cache, read_meta
from percae_core.data.catalog import LUNARLANDER
from percae_core.data.lunarlander_render import (
    ENV_ID,
    FRAME_SIZE,
    ON_END_MODES,
    ONSCREEN_MODES,
    RolloutRenderer,
    check_renderer,
    observation_to_pixels,
    render_in_worker,
    start_worker,
)
from percae_core.data.pool_guard import guarded_initializer
from percae_core.data.splits import minimum_rollouts, part_rollout_counts
from percae_core.data.worker_cap import capped_workers
from percae_core.errors import Interrupted, PercaeError, UsageError
from percae_core.events import (
    EventSink,
    Notice,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
    ignore_events,
)
from percae_core.paths import Home
from percae_core.storage.locks import work_lock

DATASET = LUNARLANDER.name
RENDER_TASK = "lunarlander-frames"
OBSERVATION_SIZE = 8


@dataclass(frozen=True)
class CollectionParams:
    """Everything that decides a collection's content (defaults: the paper's 1,400 x 150)."""

    rollouts: int = 1400
    steps: int = 150
    seed: int = 0
    on_end: str = "continue"

    @property
    def frames(self) -> int:
        return self.rollouts * self.steps

    @property
    def key(self) -> str:
        return f"r{self.rollouts}-s{self.steps}-seed{self.seed}-{self.on_end}"

    def command(self, force: bool = False) -> str:
        """The `percae` command that prepares exactly this collection."""
        text = (
            f"percae data prepare lunarlander --rollouts {self.rollouts} --steps {self.steps} "
            f"--seed {self.seed} --on-end {self.on_end}"
        )
        return f"{text} --force" if force else text


def validate(params: CollectionParams, onscreen: str = "paper") -> None:
    """Raise a UsageError for parameters that cannot make a usable collection."""
    needed = minimum_rollouts()
    if params.rollouts < needed:
        counts = part_rollout_counts(max(params.rollouts, 0))
        raise UsageError(
            f"--rollouts {params.rollouts} is too few: the five parts of Table I (autoencoder "
            f"train/validation from the first half, predictor train/validation and test from "
            f"the second half, each split 80/20 by rollout) need at least one rollout each, "
            f"which takes at least {needed} rollouts (with {params.rollouts}: "
            + ", ".join(f"{name} {count}" for name, count in counts.items())
            + ").",
            hint=f"Use --rollouts {needed} or more (the paper uses 1400).",
        )
    if params.steps < 1:
        raise UsageError(
            f"--steps {params.steps} is not a number of frames per rollout.",
            hint="Use --steps 1 or more (the paper uses 150).",
        )
    if params.seed < 0:
        raise UsageError(f"--seed {params.seed} is negative.", hint="Use a seed of 0 or more.")
    if params.on_end not in ON_END_MODES:
        raise UsageError(
            f"Unknown --on-end mode {params.on_end!r}.", hint=f"Choose {' or '.join(ON_END_MODES)}."
        )
    if onscreen not in ONSCREEN_MODES:
        raise UsageError(
            f"Unknown --onscreen mode {onscreen!r}.", hint=f"Choose {' or '.join(ONSCREEN_MODES)}."
        )


def collection_dir(home: Home, params: CollectionParams) -> Path:
    return home.dataset_dir(DATASET) / params.key


REQUIRED_META = ("parameters",)
"""Keys a collection's meta.json must hold besides the array list (checked by `read_meta`)."""


def find_collection(home: Home, params: CollectionParams) -> dict[str, Any] | None:
    """The metadata of the prepared collection with these parameters, or None."""
    return read_meta(collection_dir(home, params), required=REQUIRED_META)


def _versions() -> dict[str, str]:
    versions = {"percae": __version__}
    for package in ("gymnasium", "numpy", "torch", "pillow", "box2d", "pygame-ce"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _meta(params: CollectionParams) -> dict[str, Any]:
    return {
        "dataset": DATASET,
        "parameters": asdict(params),
        "env_id": ENV_ID,
        "image_size": list(FRAME_SIZE),
        "policy": "uniform random discrete actions, numpy Generator seeded by (seed, rollout)",
        "frame_timing": "rendered after the step whose observation labels it; first frame "
        "rendered after reset",
        "positions": "lander centre in pixels of the 64x64 frame, x right, y down, frame "
        "spanning [0, 64]; x = 32 (obs_x + 1), y = 45.12 - 32 obs_y",
        "versions": _versions(),
    }


@dataclass
class Prepared:
    """A ready collection, opened and checked, and whether this call built it."""

    params: CollectionParams
    cache: Cache
    reused: bool
    seconds: float

    @property
    def frames_per_s(self) -> float:
        return self.params.frames / self.seconds if self.seconds > 0 and not self.reused else 0.0


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (no inherited threads or torch state), else spawn.

    The fork server preloads only the rendering module, not ``__main__``: by default it would
    import the whole `percae` command line (torch included) before the first frame.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["percae_core.data.lunarlander_render", "percae_core.data.pool_guard"]
    )
    return context


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now (not after their current rollout), then drop the queued work.

    `terminate_workers` arrived in Python 3.14; before it, the executor's worker table
    (``_processes``) is the only handle on its processes, and `shutdown` clears it, so the
    workers are collected first.
    """
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=10)


def _file_of(array: np.memmap) -> str:
    """The file behind a cache array, which the workers open for themselves."""
    if array.filename is None:
        raise PercaeError(
            "A LunarLander cache array has no file behind it, so the workers cannot write it.",
            hint="Run the command again; if it repeats, report it as a percae bug.",
        )
    return str(array.filename)


def _render_in_pool(
    params: CollectionParams,
    workers: int,
    images: np.memmap,
    observations: np.memmap,
    on_event: EventSink,
) -> None:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=guarded_initializer,
        initargs=(
            os.getpid(),
            start_worker,
            (
                _file_of(images),
                _file_of(observations),
                params.steps,
                params.seed,
                params.on_end,
            ),
        ),
    )
    try:
        pending: set[Future[int]] = {
            pool.submit(render_in_worker, rollout) for rollout in range(params.rollouts)
        }
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_event(TaskAdvanced(RENDER_TASK, future.result()))
    except BaseException as exc:
        _stop_pool(pool)
        if isinstance(exc, BrokenProcessPool):
            raise PercaeError(
                "A LunarLander worker process stopped unexpectedly (killed, or out of memory); "
                "the unfinished collection was removed.",
                hint="Run the command again, with fewer --workers if memory is short.",
            ) from exc
        raise
    pool.shutdown(wait=True)


def _render_here(
    params: CollectionParams, images: np.ndarray, observations: np.ndarray, on_event: EventSink
) -> None:
    renderer = RolloutRenderer(params.steps, params.seed, params.on_end, images, observations)
    try:
        for rollout in range(params.rollouts):
            on_event(TaskAdvanced(RENDER_TASK, renderer.render_rollout(rollout)))
    finally:
        renderer.close()


def _build(home: Home, params: CollectionParams, workers: int, on_event: EventSink) -> None:
    frames = params.frames
    with CacheWriter(collection_dir(home, params), _meta(params)) as writer:
        images = writer.allocate("images", (frames, 3, *FRAME_SIZE), np.uint8)
        observations = writer.allocate("observations", (frames, OBSERVATION_SIZE), np.float32)
        on_event(
            TaskStarted(
                RENDER_TASK,
                f"LunarLander: {params.rollouts} rollouts x {params.steps} steps",
                total=frames,
                unit="frames",
            )
        )
        if workers == 1:
            _render_here(params, images, observations, on_event)
        else:
            _render_in_pool(params, workers, images, observations, on_event)
        on_event(TaskFinished(RENDER_TASK))
        ids = np.arange(frames, dtype=np.int64)
        writer.put("rollout", (ids // params.steps).astype(np.int32))
        writer.put("step", (ids % params.steps).astype(np.int32))
        writer.put("positions", observation_to_pixels(np.asarray(observations), FRAME_SIZE))
        on_event(Notice("info", "Checking and saving the collection (SHA-256 of every file)..."))


def prepare_collection(
    home: Home,
    params: CollectionParams,
    workers: int | None = None,
    force: bool = False,
    on_event: EventSink = ignore_events,
) -> Prepared:
    """The collection with these parameters: reused when prepared before, else built.

    Ctrl-C stops the workers, removes the unfinished cache and raises `Interrupted`.
    """
    validate(params)
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers < 1:
        raise UsageError(
            f"--workers {workers} is not a number of processes.", hint="Use 1 or more."
        )
    workers, why_capped = capped_workers(workers)
    home.ensure()
    with work_lock(
        home.root, f"dataset-{DATASET}-{params.key}", f"LunarLander {params.key}", on_event
    ):  # a second identical prepare waits, then reuses the first one's collection
        return _prepare_locked(home, params, workers, why_capped, force, on_event)


def _prepare_locked(
    home: Home,
    params: CollectionParams,
    workers: int,
    why_capped: str | None,
    force: bool,
    on_event: EventSink,
) -> Prepared:
    target = collection_dir(home, params)
    fix = f"Rebuild it with `{params.command(force=True)}`."
    if not force and read_meta(target, fix, REQUIRED_META) is not None:
        cache = open_cache(target, verify=True, fix=fix, required=REQUIRED_META)
        on_event(
            Notice(
                "info",
                f"Reusing the LunarLander collection prepared before at {target} "
                f"({params.frames:,} frames); add --force to rebuild it.",
            )
        )
        return Prepared(params, cache, reused=True, seconds=0.0)
    check_renderer()
    if why_capped is not None:
        on_event(Notice("info", why_capped))
    started = time.perf_counter()
    try:
        _build(home, params, min(workers, params.rollouts), on_event)
    except KeyboardInterrupt:
        raise Interrupted(
            f"Preparing the LunarLander collection was interrupted; the unfinished files were "
            f"removed and {target} was left as it was.",
            hint=f"Run `{params.command(force=force)}` again to start over.",
        ) from None
    seconds = time.perf_counter() - started
    return Prepared(
        params,
        open_cache(target, verify=False, fix=fix, required=REQUIRED_META),
        reused=False,
        seconds=seconds,
    )
