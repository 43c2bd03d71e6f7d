"""The paper's reported numbers (Tables II-VIII of Pihlgren et al. 2020), read from the packaged
``assets/paper_tables.csv``, for `percae results --compare-paper` and for the tables' numbering.

The CSV's columns are ``table, dataset, predictor, metric, z, AE, VAE, P.AE, P.VAE``; ``z`` is a
latent size, ``any`` (best by validation loss) or ``best`` (Table VIII). Accuracies are in
percent, distances in pixels, Table VIII in percent of the best variant.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from percae_core.models.variants import VARIANTS

#: The paper's column headers are the variants' titles without spaces ("P.AE").
_COLUMN_VARIANT = {variant.title.replace(" ", ""): name for name, variant in VARIANTS.items()}

#: "Perceptual loss added 12 ± 3% to autoencoder training time" (the paper, on a GPU).
PAPER_OVERHEAD_PCT = (12.0, 3.0)


@dataclass(frozen=True)
class PaperTables:
    """Table number per (dataset, predictor) and value per (dataset, predictor, z, variant)."""

    numbers: dict[tuple[str, str], str]
    values: dict[tuple[str, str, str, str], float]

    def table_number(self, dataset: str, predictor: str) -> str | None:
        """ "II" for ("lunarlander", "mlp"); "VIII" for (dataset, "decoder"); None if absent."""
        key = "decoder_retrained" if predictor == "decoder" else predictor
        return self.numbers.get((dataset, key))

    def value(self, dataset: str, predictor: str, z: int | str, variant: str) -> float | None:
        """The paper's value of one table cell (``z``: a size, "any", or "best" for the
        decoder table), in the paper's unit (accuracy in percent)."""
        key = "decoder_retrained" if predictor == "decoder" else predictor
        return self.values.get((dataset, key, str(z).lower(), variant))


def parse_paper_tables(text: str) -> PaperTables:
    numbers: dict[tuple[str, str], str] = {}
    values: dict[tuple[str, str, str, str], float] = {}
    for row in csv.DictReader(io.StringIO(text)):
        dataset, predictor = row["dataset"].strip(), row["predictor"].strip()
        numbers[(dataset, predictor)] = row["table"].strip()
        for column, variant in _COLUMN_VARIANT.items():
            cell = (row.get(column) or "").strip()
            if cell:
                values[(dataset, predictor, row["z"].strip().lower(), variant)] = float(cell)
    return PaperTables(numbers, values)


@lru_cache(maxsize=1)
def paper_tables() -> PaperTables:
    text = resources.files("percae_core").joinpath("assets/paper_tables.csv").read_text("utf-8")
    return parse_paper_tables(text)
