"""`percae bench --recompute CELL` deletes one cell's files and resets it (issue #13, fault 10)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from percae_core.errors import UsageError
from percae_core.paths import home_from
from percae_core.results.db import ResultsDB
from percae_core.runner.recompute import forget_cells


def test_the_named_cell_is_forgotten_and_the_others_kept(tmp_path):
    home = home_from(tmp_path / "home").ensure()
    cells = [SimpleNamespace(config_hash=h, label=f"cell {h}") for h in ("aaaa1111", "bbbb2222")]
    plan = SimpleNamespace(cells=cells)
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.create_experiment({"profile": "smoke"})
        for cell in cells:
            cell_id = db.cells.upsert(
                experiment,
                {
                    "config_hash": cell.config_hash,
                    "dataset": "lunarlander",
                    "variant": "ae",
                    "z": 8,
                    "profile": "smoke",
                    "seed": 0,
                    "device": "cpu",
                },
            )
            db.cells.set_status(cell_id, "done")
            (home.runs / cell.config_hash).mkdir()
            (home.runs / cell.config_hash / "decoder.pt").write_bytes(b"damaged")
        assert forget_cells(plan, ["aaaa"], home, db) == [cells[0]]
        assert db.cells.get("aaaa1111")["status"] != "done"
        assert db.cells.get("bbbb2222")["status"] == "done"
        with pytest.raises(UsageError, match="matches no cell"):
            forget_cells(plan, ["cccc"], home, db)
    assert not (home.runs / "aaaa1111").exists() and (home.runs / "bbbb2222").exists()


@pytest.mark.parametrize("name", ["", "   ", "a", "aaa"])
def test_a_blank_or_short_name_is_refused_and_nothing_is_forgotten(tmp_path, name):
    home = home_from(tmp_path / "home").ensure()
    plan = SimpleNamespace(cells=[SimpleNamespace(config_hash="aaaa1111", label="cell aaaa1111")])
    (home.runs / "aaaa1111").mkdir()
    with ResultsDB.open(home.database) as db:
        with pytest.raises(UsageError, match="at least 4"):
            forget_cells(plan, [name], home, db)
    assert (home.runs / "aaaa1111").exists()
