"""One LunarLander worker: seeded random-policy rollouts -> 64x64 uint8 frames and observations.

Also the geometry of gymnasium's `LunarLander-v3` screen, derived from its source
(`gymnasium/envs/box2d/lunar_lander.py`): the observation is
``x = (pos.x - W/2) / (W/2)`` and ``y = (pos.y - (helipad_y + LEG_DOWN/SCALE)) / (H/2)`` with
``W = VIEWPORT_W/SCALE``, ``H = VIEWPORT_H/SCALE``, ``helipad_y = H/4``; the renderer draws world
point ``p`` at ``p * SCALE`` and flips the image vertically. So, in a frame of ``w x h`` pixels
(x right, y down, the frame spanning ``[0, w] x [0, h]``, pixel ``(i, j)`` centred at
``(j + 0.5, i + 0.5)``)::

    x_px = (x + 1) * w / 2
    y_px = h * (1 - (y * VIEWPORT_H/2 + VIEWPORT_H/4 + LEG_DOWN) / VIEWPORT_H)

which at 64x64 is ``x_px = 32 (x + 1)`` and ``y_px = 45.12 - 32 y``: one observation unit is
32 pixels on both axes, as the paper says. The screen spans ``-1 <= x <= 1`` and
``-0.59 <= y <= 1.41``.

A frame is rendered after the step whose observation labels it (the original code rendered
before stepping, shifting labels by 0.4 px on average); the first frame of a rollout is the one
after ``reset``, labelled with the reset observation.

Process pools call `start_worker` once per process and then `render_in_worker` per rollout; the
worker writes its rows straight into the cache's memory-mapped arrays, so nothing large travels
between processes and the functions work under the spawn and forkserver start methods.
"""

from __future__ import annotations

import signal
from typing import Literal

import numpy as np

from percae_core.errors import PercaeError

ENV_ID = "LunarLander-v3"
VIEWPORT_W = 600
VIEWPORT_H = 400
SCALE = 30.0
LEG_DOWN = 18
HELIPAD_Y = VIEWPORT_H / SCALE / 4
LANDER_BODY_COLOUR = (128, 102, 230)
FRAME_SIZE = (64, 64)

OnEnd = Literal["continue", "reset"]
Onscreen = Literal["paper", "exact"]
ON_END_MODES: tuple[str, ...] = ("continue", "reset")
ONSCREEN_MODES: tuple[str, ...] = ("paper", "exact")

PAPER_BOUNDS = (-1.0, 1.0, -0.5, 1.5)


def screen_bounds() -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) of the rendered screen, in observation units."""
    half_h = VIEWPORT_H / 2
    y_of_bottom = -(VIEWPORT_H / 4 + LEG_DOWN) / half_h
    y_of_top = (VIEWPORT_H - VIEWPORT_H / 4 - LEG_DOWN) / half_h
    return (-1.0, 1.0, y_of_bottom, y_of_top)


def observation_to_pixels(
    observations: np.ndarray, size: tuple[int, int] = FRAME_SIZE
) -> np.ndarray:
    """Lander positions (N, 2) in pixels of an ``h x w`` frame from observations (N, >=2)."""
    h, w = size
    obs = np.asarray(observations, dtype=np.float64)
    x_px = (obs[:, 0] + 1.0) * w / 2.0
    height_px = obs[:, 1] * VIEWPORT_H / 2.0 + VIEWPORT_H / 4.0 + LEG_DOWN
    y_px = h * (1.0 - height_px / VIEWPORT_H)
    return np.stack([x_px, y_px], axis=1).astype(np.float32)


def onscreen_mask(observations: np.ndarray, mode: str) -> np.ndarray:
    """Which frames count as on screen: the paper's box, or the exact rendered screen."""
    if mode == "paper":
        x_min, x_max, y_min, y_max = PAPER_BOUNDS
    elif mode == "exact":
        x_min, x_max, y_min, y_max = screen_bounds()
    else:
        raise ValueError(f"unknown onscreen mode {mode!r}")
    x = observations[:, 0]
    y = observations[:, 1]
    return (x >= x_min) & (x <= x_max) & (y >= y_min) & (y <= y_max)


def rollout_rng(seed: int, rollout: int) -> tuple[int, np.random.Generator]:
    """The environment seed and the policy's generator of one rollout.

    Both come from ``(seed, rollout)`` alone, so the collection does not depend on how the
    rollouts are spread over workers.
    """
    sequence = np.random.SeedSequence([seed, rollout])
    env_seed = int(sequence.generate_state(1)[0])
    return env_seed, np.random.default_rng(sequence)


def shrink(frame: np.ndarray, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A rendered H x W x 3 frame as 3 x h x w uint8, resized with antialiased bicubic."""
    from PIL import Image

    h, w = size
    small = Image.fromarray(frame).resize((w, h), Image.Resampling.BICUBIC)
    return np.asarray(small).transpose(2, 0, 1)


def check_renderer() -> None:
    """Raise a PercaeError when gymnasium's Box2D LunarLander cannot run here."""
    try:
        import Box2D  # noqa: F401
        import gymnasium  # noqa: F401
        import pygame  # noqa: F401
    except ImportError as exc:
        raise PercaeError(
            f"LunarLander frames cannot be rendered: {exc}.",
            hint='Install the Box2D environments: pip install "gymnasium[box2d]".',
        ) from exc


class RolloutRenderer:
    """Renders whole rollouts into rows ``rollout * steps ...`` of the given arrays.

    A rollout is one episode stepped ``steps - 1`` times after its reset. When the episode ends
    early (crash, landing, leaving the screen sideways), ``on_end="continue"`` keeps stepping it
    with the policy's actions, so the lander stays where it came to rest (gymnasium 1.x steps a
    terminated LunarLander without complaint); ``on_end="reset"`` keeps the final frame and
    starts a fresh episode at the next one.
    """

    def __init__(
        self,
        steps: int,
        seed: int,
        on_end: str,
        images: np.ndarray,
        observations: np.ndarray,
    ) -> None:
        import gymnasium as gym

        self.steps = steps
        self.seed = seed
        self.on_end = on_end
        self.images = images
        self.observations = observations
        self.size = (int(images.shape[2]), int(images.shape[3]))
        self.env = gym.make(ENV_ID, render_mode="rgb_array", disable_env_checker=True)
        space = self.env.action_space
        if not isinstance(space, gym.spaces.Discrete):
            raise PercaeError(
                f"{ENV_ID} has a {type(space).__name__} action space here; the random policy "
                "picks one of its discrete actions.",
                hint='Reinstall the Box2D environments: pip install "gymnasium[box2d]>=1.0".',
            )
        self.actions = int(space.n)

    def _store(self, row: int, observation: np.ndarray) -> None:
        frame = self.env.render()
        if not isinstance(frame, np.ndarray):
            raise PercaeError(
                f"{ENV_ID} rendered {type(frame).__name__} instead of an RGB image.",
                hint='Reinstall the Box2D environments: pip install "gymnasium[box2d]>=1.0".',
            )
        self.images[row] = shrink(frame, self.size)
        self.observations[row] = observation

    def render_rollout(self, rollout: int) -> int:
        """Render one rollout; returns the number of frames written."""
        env_seed, policy = rollout_rng(self.seed, rollout)
        first = rollout * self.steps
        observation, _ = self.env.reset(seed=env_seed)
        self._store(first, observation)
        ended = False
        for step in range(1, self.steps):
            action = int(policy.integers(self.actions))
            if ended and self.on_end == "reset":
                observation, _ = self.env.reset()
                ended = False
            else:
                observation, _, terminated, truncated, _ = self.env.step(action)
                ended = ended or terminated or truncated
            self._store(first + step, observation)
        return self.steps

    def close(self) -> None:
        self.env.close()


_WORKER: RolloutRenderer | None = None


def start_worker(
    images_path: str, observations_path: str, steps: int, seed: int, on_end: str
) -> None:
    """Pool initializer: open the cache's arrays for writing and build this process's env.

    Ctrl-C is left to the parent, which stops the pool; a worker that saw it too would print
    its own traceback.
    """
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    images = np.load(images_path, mmap_mode="r+", allow_pickle=False)
    observations = np.load(observations_path, mmap_mode="r+", allow_pickle=False)
    _WORKER = RolloutRenderer(steps, seed, on_end, images, observations)


def render_in_worker(rollout: int) -> int:
    if _WORKER is None:
        raise RuntimeError("render_in_worker called before start_worker")
    return _WORKER.render_rollout(rollout)
