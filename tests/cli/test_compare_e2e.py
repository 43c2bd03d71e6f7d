"""`percae compare` on the shared smoke study (one run per cell): every P. AE vs AE comparison
per z has n = 1 and the test-sampling interval, labelled as such, that holds its difference."""

from __future__ import annotations

import json

import pytest
from smoke_study import percae

from percae_core.models.variants import perceptual_variants
from percae_core.results.comparisons import twin_of
from percae_core.stats.evidence import BOOTSTRAP_METHOD, TEST_SAMPLING_LABEL

pytestmark = pytest.mark.slow


def test_a_single_run_gives_a_labelled_test_sampling_interval(smoke_study):
    done = percae(smoke_study.home, "compare", "--format", "json")
    assert done.returncode == 0, done.stderr
    comparisons = json.loads(done.stdout)
    per_z = [c for c in comparisons if c["z"] != "any"]
    variants = {c["variant"] for c in per_z}
    assert variants == set(perceptual_variants())
    values = {
        (r["variant"], r["z"], r["predictor"]): r["value"]
        for r in json.loads(percae(smoke_study.home, "results", "--format", "json").stdout)
    }
    for c in per_z:
        assert c["baseline"] == twin_of(c["variant"])
        assert (c["n"], c["ci_method"], c["label"]) == (1, BOOTSTRAP_METHOD, TEST_SAMPLING_LABEL)
        expected = values[(c["variant"], c["z"], c["predictor"])]
        expected -= values[(c["baseline"], c["z"], c["predictor"])]
        assert c["mean_diff"] == pytest.approx(expected, abs=1e-9)
        assert c["ci_low"] <= c["mean_diff"] <= c["ci_high"]
