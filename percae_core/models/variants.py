"""The four variants of the study: pixel or perceptual loss x plain or variational."""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.errors import UsageError

DEFAULT_GAMMA = 0.01


@dataclass(frozen=True)
class Variant:
    name: str
    title: str
    perceptual: bool
    variational: bool


VARIANTS: dict[str, Variant] = {
    "ae": Variant("ae", "AE", perceptual=False, variational=False),
    "vae": Variant("vae", "VAE", perceptual=False, variational=True),
    "pae": Variant("pae", "P. AE", perceptual=True, variational=False),
    "pvae": Variant("pvae", "P. VAE", perceptual=True, variational=True),
}


def list_variants() -> list[str]:
    return list(VARIANTS)


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name.strip().lower()]
    except KeyError:
        raise UsageError(
            f"Unknown variant {name!r}.", hint=f"Choose from: {', '.join(VARIANTS)}."
        ) from None


def parse_variants(text: str) -> list[Variant]:
    """``"ae,pae"`` -> the variants, in the study's order, without duplicates."""
    chosen = {get_variant(part).name for part in text.split(",") if part.strip()}
    if not chosen:
        raise UsageError("No variant given.", hint=f"Choose from: {', '.join(VARIANTS)}.")
    return [VARIANTS[name] for name in VARIANTS if name in chosen]
