"""The four variants of the study: pixel or perceptual loss x plain or variational.

This module is the only place that names them: everything that lists, orders, titles or colours
variants (tables, exports, previews, the terminal UI's charts, the CLI's help) reads it. It imports
no torch, so the lightest modules can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.errors import UsageError

DEFAULT_GAMMA = 0.01
#: the largest KLD weight accepted: beyond it the KLD swamps the loss and training diverges
MAX_GAMMA = 1000.0


@dataclass(frozen=True)
class Variant:
    name: str
    title: str
    perceptual: bool
    variational: bool
    order: int
    """Position in the paper's tables (AE, VAE, P. AE, P. VAE)."""
    colour: str
    """A ``#rrggbb`` colour for this variant's lines in charts; distinct per variant."""

    @property
    def rgb(self) -> tuple[int, int, int]:
        """`colour` as (red, green, blue) 0..255, for plotting libraries that take tuples."""
        hex_digits = self.colour.lstrip("#")
        return (int(hex_digits[0:2], 16), int(hex_digits[2:4], 16), int(hex_digits[4:6], 16))


VARIANTS: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant("ae", "AE", perceptual=False, variational=False, order=0, colour="#1f77b4"),
        Variant("vae", "VAE", perceptual=False, variational=True, order=1, colour="#ff7f0e"),
        Variant("pae", "P. AE", perceptual=True, variational=False, order=2, colour="#2ca02c"),
        Variant("pvae", "P. VAE", perceptual=True, variational=True, order=3, colour="#9467bd"),
    )
}


def list_variants() -> list[str]:
    """Every variant's name, in the paper's order."""
    return [v.name for v in sorted(VARIANTS.values(), key=lambda v: v.order)]


def perceptual_variants() -> tuple[str, ...]:
    """Names of the variants trained with a perceptual loss, in the paper's order."""
    return tuple(name for name in list_variants() if VARIANTS[name].perceptual)


def variational_variants() -> tuple[str, ...]:
    """Names of the variational variants, in the paper's order."""
    return tuple(name for name in list_variants() if VARIANTS[name].variational)


def variant_title(name: str) -> str:
    """The paper's title of a variant ("P. AE"), or the name itself when it is not one."""
    variant = VARIANTS.get(name)
    return variant.title if variant else name


def variant_with(*, perceptual: bool, variational: bool) -> Variant:
    """The variant with this loss and this kind of autoencoder."""
    return next(
        v for v in VARIANTS.values() if v.perceptual == perceptual and v.variational == variational
    )


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name.strip().lower()]
    except KeyError:
        raise UsageError(
            f"Unknown variant {name!r}.", hint=f"Choose from: {', '.join(list_variants())}."
        ) from None


def parse_variants(text: str) -> list[Variant]:
    """``"ae,pae"`` -> the variants, in the study's order, without duplicates."""
    chosen = {get_variant(part).name for part in text.split(",") if part.strip()}
    if not chosen:
        raise UsageError("No variant given.", hint=f"Choose from: {', '.join(list_variants())}.")
    return [VARIANTS[name] for name in list_variants() if name in chosen]
