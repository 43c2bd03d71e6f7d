"""What the two loss-network figures share: the figure setting of a ranking, its file-name part,
and its title."""

from __future__ import annotations

from collections.abc import Sequence

from percae_core.figures.labels import Setting
from percae_core.models.variants import variant_title
from percae_core.results.loss_net_rank import Ranking
from percae_core.results.settings import SETTING_KEYS, difference_title, differing_keys, value_text
from percae_core.results.settings import Setting as SettingValues
from percae_core.results.table_data import dataset_title

RANKING_HEADING = "Which loss network?"
#: Stands for "every loss network" in the setting of a ranking's figures (their file names).
EVERY_NETWORK = "loss-networks"


def ranking_settings(rankings: Sequence[Ranking]) -> list[Setting]:
    """Per ranking, its figure setting: the ranking's setting with every loss network, titled
    by what differs between the rankings' settings (so two never share a file name)."""
    full = [_with_every_network(r.setting) for r in rankings]
    keys = tuple(differing_keys(full))
    return [
        Setting(values, RANKING_HEADING, difference_title(values, keys) if keys else "", keys)
        for values in full
    ]


def _with_every_network(setting: SettingValues) -> SettingValues:
    """A ranking's setting in `SETTING_KEYS` order, ``loss_net`` standing for every network (and
    ``input_norm`` None, each network's own, where the ranking does not fix one)."""
    values = dict(setting)
    return tuple(
        (key, EVERY_NETWORK if key == "loss_net" else values.get(key)) for key in SETTING_KEYS
    )


def ranking_title(what: str, ranking: Ranking, setting: Setting) -> str:
    return setting.titled(
        f"{what}: {dataset_title(ranking.dataset)}, {ranking.predictor}, "
        f"{variant_title(ranking.variant)} z={ranking.z}"
    )


def ranking_name(kind: str, ranking: Ranking, setting: Setting) -> str:
    return f"{kind}_{ranking.dataset}_{ranking.predictor}_{ranking.variant}-z{ranking.z}_{setting.slug}"


def ranking_facts(ranking: Ranking) -> str:
    """The setting the ranking's cells share, as the tables write it."""
    return ", ".join(value_text(key, value) for key, value in ranking.setting if value is not None)
