"""Why an embedding may be useless, in numbers and in words a user can act on.

`embedding_diagnostics` summarises one autoencoder's test embeddings (active dimensions, KL per
dimension for VAEs, reconstruction errors, the balance of reconstruction loss and weighted KLD,
where training stopped) and turns the telling patterns into warnings that name the likely cause
and the flag to change. `compare_with_trivial` flags a predictor score no better than the
input-blind predictor's.

Reference case (PAPER.md, "Measured here"): a perceptual VAE whose perceptual error (~1e-5) is
tiny beside gamma * KLD (gamma 0.01) collapses: mu is nearly constant and the predictors score
like the trivial predictor.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from percae_core.evaluation.metric_registry import get_metric
from percae_core.models.variants import perceptual_variants
from percae_core.stats.evidence import SingleRunEvidence
from percae_core.stats.holm import ALPHA
from percae_core.stats.verdict import Verdict, verdict_of

ACTIVE_VARIANCE = 0.01
CONSTANT_VARIANCE = 1e-8


def collapse_threshold(z: int) -> int:
    """A VAE with fewer active dimensions than this is called collapsed."""
    return max(2, z // 16)


def kl_per_dimension(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """Mean over samples of KL(N(mu, exp(logvar)) || N(0, 1)) for each latent dimension, in nats.

    The paper's KLD term, -mean(1 + logvar - mu^2 - exp(logvar)), equals twice the mean of these.
    """
    mu, logvar = mu.double(), logvar.double()
    return (0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar)).mean(dim=0)


def _format(value: float) -> str:
    return f"{value:.2g}"


def embedding_diagnostics(
    mu_test: torch.Tensor,
    logvar_test: torch.Tensor | None,
    *,
    variational: bool,
    rec_loss: float,
    kld_loss: float | None,
    gamma: float,
    best_epoch: int,
    epochs_run: int,
    recon_mse: float,
    recon_l1: float,
) -> dict[str, Any]:
    """Numbers and warnings about one autoencoder's embedding of the test part.

    ``rec_loss`` and ``kld_loss`` are the final validation loss terms of the autoencoder fit
    (``kld_loss`` in the paper's form; None for a plain AE), ``recon_mse``/``recon_l1`` its test
    reconstruction errors.
    """
    mu = mu_test.detach().double().cpu()
    z = int(mu.shape[1])
    variance = mu.var(dim=0, unbiased=False) if len(mu) > 1 else torch.zeros(z, dtype=torch.float64)
    active = int((variance > ACTIVE_VARIANCE).sum())
    kl = None
    if variational and logvar_test is not None:
        kl = kl_per_dimension(mu, logvar_test.detach().cpu())
        if kld_loss is None:
            kld_loss = float(2 * kl.mean())
    weighted_kld = gamma * kld_loss if (variational and kld_loss is not None) else None
    ratio = rec_loss / weighted_kld if weighted_kld else None
    info: dict[str, Any] = {
        "z": z,
        "active_dims": active,
        "active_threshold": ACTIVE_VARIANCE,
        "mu_variance": variance.tolist(),
        "kl_per_dim": None if kl is None else kl.tolist(),
        "kl_total": None if kl is None else float(kl.sum()),
        "recon_mse": float(recon_mse),
        "recon_l1": float(recon_l1),
        "rec_loss": float(rec_loss),
        "kld_loss": None if kld_loss is None else float(kld_loss),
        "gamma": float(gamma),
        "weighted_kld": weighted_kld,
        "rec_to_weighted_kld": ratio,
        "best_epoch": int(best_epoch),
        "epochs_run": int(epochs_run),
        "still_improving": int(best_epoch) == int(epochs_run),
        "warnings": [],
    }
    warnings: list[str] = info["warnings"]
    if variational and active < collapse_threshold(z):
        scale = ""
        if weighted_kld is not None:
            scale = (
                f" (reconstruction loss {_format(rec_loss)} vs gamma*KLD {_format(weighted_kld)})"
            )
        # A collapsed posterior has a KL term near zero, so the ratio after the fact says
        # little; what drives the collapse is the reconstruction loss being small beside the
        # weight of the KL term (the perceptual loss of a random or pretrained AlexNet is
        # ~1e-5 per element, against gamma = 0.01).
        if rec_loss > 0 and rec_loss < gamma:
            cause = (
                f"the KLD weight gamma={gamma:g} is too large for the loss scale{scale}: "
                f"lower gamma (--gamma, or Gamma in the TUI form), e.g. {_format(rec_loss / 10)}."
            )
        else:
            cause = (
                f"not the KLD weight (gamma={gamma:g} is small beside the loss scale{scale}) but too "
                f"little training ({epochs_run} epochs): train longer (more epochs, or the quick or paper profile)."
            )
        warnings.append(
            f"Collapsed VAE: only {active} of {z} latent dimensions are active (variance of mu over the "
            f"test part above {ACTIVE_VARIANCE}), so predictors get almost nothing from the embedding. "
            f"Likely cause: {cause}"
        )
    elif float(variance.max()) < CONSTANT_VARIANCE:
        warnings.append(
            f"Constant embedding: mu hardly varies over the test part (largest variance "
            f"{_format(float(variance.max()))}), so the encoder ignores its input. Train longer (--profile "
            "quick or paper) and check that the images are not blank."
        )
    return info


def compare_with_trivial(
    scores: np.ndarray,
    trivial_scores: np.ndarray,
    metric: str,
    perceptual: bool = False,
) -> str | None:
    """A warning unless the predictor is better than the trivial predictor on the same test
    examples: the paired bootstrap interval (`percae_core.stats`, 95 %) of the per-example
    difference must lie wholly on the improving side of 0; no margin beyond that. None when it
    is. The advice suggests the perceptual loss only to a variant that does not use it."""
    info = get_metric(metric)
    mine, theirs = float(np.mean(scores)), float(np.mean(trivial_scores))
    if not math.isfinite(mine):
        return f"The predictor's {info.title} is {mine}: training diverged; check the embedding for NaN values."
    difference = np.asarray(scores, dtype=float) - np.asarray(trivial_scores, dtype=float)
    low, high = SingleRunEvidence(difference).interval(1.0 - ALPHA)
    if verdict_of(low, high, higher_is_better=info.higher_is_better) is Verdict.BETTER:
        return None
    try_perceptual = (
        ""
        if perceptual
        else f", try the perceptual loss (variants {', '.join(perceptual_variants())})"
    )
    unit = info.suffix
    return (
        f"The embedding is no better than the trivial predictor: {info.title} "
        f"{info.text(info.shown(mine))}{unit} vs {info.text(info.shown(theirs))}{unit} from "
        f"{info.trivial_behaviour} (the 95 % interval of the difference over test examples, "
        f"{info.text(info.shown(low))} to {info.text(info.shown(high))}{unit}, does not lie on "
        "the better side of 0). The embedding carries little of the target: train the "
        f"autoencoder for more epochs (a larger profile, or more epochs){try_perceptual}, and check "
        "its active dimensions (a collapsed VAE has almost none)."
    )
