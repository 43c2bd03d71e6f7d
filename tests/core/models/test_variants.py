"""The variant registry: the paper's order, titles and one distinct colour per variant."""

from __future__ import annotations

import re

import pytest

from percae_core.models.variants import (
    VARIANTS,
    list_variants,
    parse_variants,
    perceptual_variants,
    variant_title,
    variant_with,
    variational_variants,
)
from percae_core.results.paper import paper_tables


def test_order_titles_and_flags_are_the_papers():
    assert [VARIANTS[name].title for name in list_variants()] == ["AE", "VAE", "P. AE", "P. VAE"]
    assert [VARIANTS[name].order for name in list_variants()] == sorted(
        v.order for v in VARIANTS.values()
    )
    assert all(VARIANTS[name].perceptual for name in perceptual_variants())
    assert all(VARIANTS[name].variational for name in variational_variants())
    assert variant_title("not-a-variant") == "not-a-variant"


@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_variant_has_its_own_valid_colour_and_is_found_by_its_flags(name):
    variant = VARIANTS[name]
    assert re.fullmatch(r"#[0-9a-f]{6}", variant.colour)
    assert [v.colour for v in VARIANTS.values()].count(variant.colour) == 1
    assert all(0 <= channel <= 255 for channel in variant.rgb)
    assert variant_with(perceptual=variant.perceptual, variational=variant.variational) is variant
    assert parse_variants(f" {name.upper()} ,{name}") == [variant]


def test_the_papers_table_columns_map_to_every_variant():
    paper = paper_tables()
    seen = {key[3] for key in paper.values}
    assert seen == set(VARIANTS)
