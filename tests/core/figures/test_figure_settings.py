"""Figures follow the tables' sections: two runs that differ only in γ get two separate sets of
figures, each titled and captioned with its own setting, never one figure averaging both; and
`--setting` names a section as the tables do."""

from __future__ import annotations

import pytest
from figure_study import DATASET, NET, PRECISION, PROFILE, make_figure_study

from percae_core.errors import UsageError
from percae_core.figures.drawn import SETTING_KINDS, Drawn, Skipped
from percae_core.figures.make import FigureRequest, chosen_settings, draw_figures
from percae_core.figures.study import load_study
from percae_core.results.db import ResultsDB
from percae_core.results.tables import build_report

pytest.importorskip("matplotlib")

GAMMAS = {"gamma-0.01": "γ = 0.01", "gamma-1e-05": "γ = 1e-05"}
SLUGS = {f"{NET}_{PROFILE}_{suffix}": title for suffix, title in GAMMAS.items()}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return make_figure_study(tmp_path_factory.mktemp("two-gammas"), gammas=(0.01, 1e-5))


@pytest.fixture(scope="module")
def figures(study) -> list[Drawn]:
    drawn = []
    for item in draw_figures(study, FigureRequest(indices=[0])):
        assert not isinstance(item, Skipped), item.text
        item.texts = " ".join(  # type: ignore[attr-defined]
            " ".join(
                t.get_text() for t in item.figure.findobj(lambda o: hasattr(o, "get_text"))
            ).split()
        )
        drawn.append(item)
    return drawn


def test_the_tables_hold_one_section_per_gamma(study):
    with ResultsDB.open(study.database) as db:
        headings = [section.heading for section in build_report(db)]
    assert headings == [
        f"Loss network {NET}, profile {PROFILE}, {t}" for t in ("γ = 1e-05", "γ = 0.01")
    ]


def test_every_kind_of_figure_is_drawn_once_per_setting(figures):
    by_setting = {slug: sorted(d.kind for d in figures if d.setting.slug == slug) for slug in SLUGS}
    # one table chart per predictor (MLP, linear), one figure of every other kind
    assert by_setting == {slug: sorted([*SETTING_KINDS, "table"]) for slug in SLUGS}
    assert len({d.name for d in figures}) == len(figures)
    for drawn in figures:
        assert drawn.name.removesuffix("_images1").endswith(drawn.setting.slug)  # --index 0


def test_each_figure_is_titled_and_captioned_with_its_own_setting_only(figures):
    for drawn in figures:
        mine = SLUGS[drawn.setting.slug]
        other = next(title for title in SLUGS.values() if title != mine)
        assert drawn.title.endswith(f"— {mine}") and drawn.title in drawn.texts
        gamma = mine.split("= ")[1]
        for fact in (NET, f"profile: {PROFILE}", f"precision: {PRECISION}", f"γ: {gamma}"):
            assert fact in drawn.texts, f"{drawn.name} does not say {fact!r}"
        assert f"setting: {drawn.setting.slug}" in drawn.texts
        assert other not in drawn.texts and f"γ: {other.split('= ')[1]}" not in drawn.texts


def test_a_table_chart_shows_each_gammas_own_vae_numbers(figures):
    heights = {}
    for drawn in figures:
        if drawn.kind == "table" and "_mlp_" in drawn.name:
            (bars,) = [c for c in drawn.figure.axes[0].containers if c.get_label() == "VAE"]
            heights[drawn.setting.slug] = [round(bar.get_height(), 6) for bar in bars]
    # figure_study: VAE MLP accuracy 30 % with the first γ, 20 % with the second, n=1 each
    assert heights == {
        f"{NET}_{PROFILE}_gamma-0.01": [30.0, 30.0],
        f"{NET}_{PROFILE}_gamma-1e-05": [20.0, 20.0],
    }


def test_setting_names_one_section_as_the_tables_do(study):
    loaded = load_study(study, [DATASET])

    def chosen(*wanted: str) -> list[str]:
        return [setting.slug for setting, _ in chosen_settings(loaded, wanted)]

    first, second = SLUGS
    assert chosen(first) == [first]
    assert chosen(f"Loss network {NET}, profile {PROFILE}, γ = 1e-05") == [second]
    assert chosen("γ = 0.01") == [first]
    assert chosen(PROFILE) == chosen(NET) == chosen(f"precision {PRECISION}") == [second, first]


def test_the_old_net_profile_form_is_refused_when_it_names_several_settings(study):
    with pytest.raises(UsageError) as caught:
        chosen_settings(load_study(study), [f"{NET}_{PROFILE}"])
    assert "gamma" in caught.value.message
    for slug, title in SLUGS.items():
        assert slug in caught.value.hint and title in caught.value.hint
