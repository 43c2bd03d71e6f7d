"""The one registry type: names in registration order, a taken name refused, unknown names
explained."""

from __future__ import annotations

import pytest

from percae_core.errors import UsageError
from percae_core.registry import DuplicateEntryError, Registry


def test_entries_keep_their_order_and_a_taken_name_is_refused():
    registry: Registry[int] = Registry("thing")
    registry.register("b", 1)
    registry.register("a", 2)
    assert registry.names() == ["b", "a"] and dict(registry) == {"b": 1, "a": 2}
    with pytest.raises(DuplicateEntryError, match="thing named 'a' is already registered"):
        registry.register("a", 3)
    assert registry["a"] == 2


def test_lookup_normalises_and_an_unknown_name_lists_the_known_ones():
    registry: Registry[int] = Registry("thing", normalise=str.lower)
    registry.register("alpha", 1)
    assert registry.lookup("ALPHA") == 1
    with pytest.raises(UsageError) as info:
        registry.lookup("beta")
    assert "Unknown thing 'beta'" in info.value.message and "alpha" in (info.value.hint or "")
    registry.unregister("alpha")
    assert "alpha" not in registry
