"""The reference baselines one table section reads: those of its profile and its off-screen rule.

A baseline measured under one off-screen rule is never pooled into a section of the other (its
trivial value decides the bold marks). Rows stored before percae recorded the rule have none;
for a dataset the rule does not apply to, that is the paper's rule, and for one it applies to a
section uses them only where it has no baseline of its own rule, and says so in a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.results.table_data import dataset_title, has_onscreen_rule

PAPER_RULE = "paper"


@dataclass(frozen=True)
class SectionReferences:
    """The baselines of one section and the datasets whose baselines have no recorded rule."""

    rows: tuple[dict, ...]
    unrecorded_rule: tuple[str, ...] = ()

    def note(self, dataset: str) -> str | None:
        """What a table of ``dataset`` says when its baselines have no recorded rule."""
        if dataset not in self.unrecorded_rule:
            return None
        return (
            f"The reference baselines of {dataset_title(dataset)} were stored before percae "
            "recorded their off-screen rule: they may pool both rules (a new study with a "
            "fresh --home stores them with it)."
        )


def reference_rule(reference: dict) -> str | None:
    """The off-screen rule a baseline was measured under; None where it is not known."""
    rule = reference.get("onscreen")
    if rule is None and not has_onscreen_rule(reference["dataset"]):
        return PAPER_RULE
    return rule


def section_references(
    references: list[dict], profile: object, onscreen: object
) -> SectionReferences:
    """The baselines of ``references`` measured with this profile and off-screen rule (None:
    the paper's, as for cells stored before the rule was recorded)."""
    onscreen = PAPER_RULE if onscreen is None else onscreen
    same_profile = [r for r in references if r.get("profile") == profile]
    rows: list[dict] = []
    unrecorded: list[str] = []
    for dataset in dict.fromkeys(r["dataset"] for r in same_profile):
        own = [r for r in same_profile if r["dataset"] == dataset]
        matching = [r for r in own if reference_rule(r) == onscreen]
        if not matching:
            matching = [r for r in own if reference_rule(r) is None]
            unrecorded += [dataset] if matching else []
        rows.extend(matching)
    return SectionReferences(tuple(rows), tuple(unrecorded))
