"""One registry type for every kind of named entry (datasets, trunks, loss networks, files).

Modelled on lm-evaluation-harness's ``lm_eval/api/registry.py``: a `Registry` maps names to
entries in the order they were registered, and `Registry.register` refuses a second entry under a
name already taken, so two modules can never silently claim one name. The CLI, the terminal UI,
the exports and the tests iterate a registry rather than restating its names.

It is a `MutableMapping` so that tests can lend an entry with ``monkeypatch.setitem`` (which
replaces and restores); code adds entries with `register` only. Unknown names are a
`UsageError` listing the known ones (`Registry.get`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Generic, TypeVar

from percae_core.errors import UsageError

T = TypeVar("T")


class DuplicateEntryError(ValueError):
    """A second entry under a name a registry already holds (a programming error, not a user's)."""


class Registry(MutableMapping[str, T], Generic[T]):
    """Entries of one kind by name, in registration order; a taken name is refused."""

    def __init__(self, kind: str, *, normalise: Callable[[str], str] = str) -> None:
        self.kind = kind
        """What an entry is, for messages ("dataset", "loss network")."""
        self._normalise = normalise
        self._entries: dict[str, T] = {}

    def register(self, name: str, entry: T) -> T:
        """Add ``entry`` under ``name``; `DuplicateEntryError` when the name is taken."""
        if name in self._entries:
            raise DuplicateEntryError(
                f"A {self.kind} named {name!r} is already registered; choose another name."
            )
        self._entries[name] = entry
        return entry

    def unregister(self, name: str) -> None:
        """Remove ``name`` if present (tests that lend an entry take it back with this)."""
        self._entries.pop(name, None)

    def lookup(self, name: str) -> T:
        """The entry ``name`` (normalised first), or a `UsageError` listing the known names."""
        try:
            return self._entries[self._normalise(name)]
        except KeyError:
            raise UsageError(
                f"Unknown {self.kind} {name!r}.",
                hint=f"Choose from: {', '.join(self._entries) or 'none registered'}.",
            ) from None

    def names(self) -> list[str]:
        return list(self._entries)

    def __getitem__(self, name: str) -> T:
        return self._entries[name]

    def __setitem__(self, name: str, entry: T) -> None:
        self._entries[name] = entry

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {self.names()})"
