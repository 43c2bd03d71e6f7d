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
    colour: str
    """Hex colour of this variant in charts (distinct per variant, readable on dark and light)."""


VARIANTS: dict[str, Variant] = {
    "ae": Variant("ae", "AE", perceptual=False, variational=False, colour="#5b8def"),
    "vae": Variant("vae", "VAE", perceptual=False, variational=True, colour="#50c878"),
    "pae": Variant("pae", "P. AE", perceptual=True, variational=False, colour="#ef5b5b"),
    "pvae": Variant("pvae", "P. VAE", perceptual=True, variational=True, colour="#f0b429"),
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
