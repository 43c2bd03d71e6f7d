"""`export_study(..., "tensorboard", ...)` read back with TensorBoard's own event reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_study import NUMBERS, make_figure_study

from percae_core.errors import PercaeError
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.trackers.export import export_study

pytest.importorskip("tensorboard")
from google.protobuf import text_format
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import plugin_data_pb2
from tensorboard.plugins.projector import projector_config_pb2


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return make_figure_study(tmp_path_factory.mktemp("tb-study"))


def _reader(run: Path) -> EventAccumulator:
    reader = EventAccumulator(str(run), size_guidance={"scalars": 0, "images": 0, "tensors": 0})
    reader.Reload()
    return reader


def _run_of(folder: Path, variant_title: str) -> Path:
    (run,) = [p for p in folder.iterdir() if p.name.startswith(f"svhn_z=8_{variant_title}_")]
    return run


def test_one_run_per_cell_with_its_curves_tests_images_and_hparams(home, tmp_path):
    outcome = export_study(home, "tensorboard", tmp_path)
    assert len(outcome.runs) == len(NUMBERS) == len(list(tmp_path.iterdir()))
    assert outcome.replaced == 0
    reader = _reader(_run_of(tmp_path, "AE"))
    assert [(e.step, round(e.value, 6)) for e in reader.Scalars("loss/train")] == [
        (1, 0.08),
        (2, 0.05),
        (3, 0.06),
    ]
    assert [e.step for e in reader.Scalars("loss/val")] == [1, 2, 3]
    assert reader.Scalars("speed/images_per_s")[0].value == 50.0
    mlp, linear, l1, _, _ = NUMBERS["ae"]
    assert reader.Scalars("test/mlp_accuracy")[0].value == pytest.approx(mlp)
    assert reader.Scalars("test/linear_accuracy")[0].value == pytest.approx(linear)
    assert reader.Scalars("test/decoder_recon_l1")[0].value == pytest.approx(l1)
    assert reader.Scalars("predictor/mlp_val_loss")[0].value == pytest.approx(0.5)
    assert reader.Scalars("fit/best_val_loss")[0].value == pytest.approx(0.055)
    assert reader.Tags()["images"] == ["reconstructions"]
    start = reader.PluginTagToContent("hparams")["_hparams_/session_start_info"]
    hparams = plugin_data_pb2.HParamsPluginData.FromString(start).session_start_info.hparams
    assert hparams["z"].number_value == 8
    assert hparams["variant"].string_value == "ae"
    assert hparams["loss_net"].string_value == "none"
    assert hparams["batch_size"].number_value == 8


def test_reconstructions_show_the_test_images_and_both_decoders(home, tmp_path):
    export_study(home, "tensorboard", tmp_path)
    with_decoder = _reader(_run_of(tmp_path, "AE")).Images("reconstructions")[0]
    without = _reader(_run_of(tmp_path, "P._VAE")).Images("reconstructions")[0]
    # 64 x 64 tiles (SVHN tiled 2 x 2), 2-pixel gaps: three rows, or two without decoder.pt.
    assert with_decoder.height == 3 * 64 + 2 * 2
    assert without.height == 2 * 64 + 2
    assert with_decoder.width == 4 * 64 + 3 * 2


def test_the_projector_gets_the_test_embedding_with_its_labels(home, tmp_path):
    export_study(home, "tensorboard", tmp_path)
    run = _run_of(tmp_path, "AE")
    config = text_format.Parse(
        (run / "projector_config.pbtxt").read_text(), projector_config_pb2.ProjectorConfig()
    )
    (embedding,) = config.embeddings
    tensors = (run / embedding.tensor_path).read_text().splitlines()
    labels = (run / embedding.metadata_path).read_text().splitlines()
    assert len(tensors) == len(labels) == 6  # the study's six test images
    assert all(len(row.split("\t")) == 8 for row in tensors)  # z = 8
    assert set(labels) <= {str(digit) for digit in range(10)}


def test_exporting_again_replaces_each_run_and_says_so(home, tmp_path):
    export_study(home, "tensorboard", tmp_path)
    again = export_study(home, "tensorboard", tmp_path)
    assert again.replaced == len(NUMBERS)
    run = _run_of(tmp_path, "AE")
    assert len(list(run.glob("events.out.tfevents.*"))) == 1
    assert len(_reader(run).Scalars("loss/train")) == 3


def test_a_folder_percae_did_not_write_is_refused_and_kept(home, tmp_path):
    export_study(home, "tensorboard", tmp_path)
    run = _run_of(tmp_path, "AE")
    (run / ".percae-run").unlink()
    with pytest.raises(PercaeError, match="not written by percae"):
        export_study(home, "tensorboard", tmp_path)
    assert list(run.glob("events.out.tfevents.*"))


def test_a_missing_checkpoint_leaves_out_the_images_and_says_why(tmp_path):
    home = make_figure_study(tmp_path / "study")
    (home.runs / "cell-ae" / "checkpoint.pt").unlink()
    outcome = export_study(home, "tensorboard", tmp_path / "out")
    assert len(outcome.notes) == 1 and "checkpoint" in outcome.notes[0]
    reader = _reader(_run_of(tmp_path / "out", "AE"))
    assert reader.Tags()["images"] == [] and len(reader.Scalars("loss/train")) == 3


def test_dataset_filter_without_cells_is_an_error(home, tmp_path):
    with ResultsDB.open(home.database):
        pass
    with pytest.raises(PercaeError, match="No finished cells"):
        export_study(home, "tensorboard", tmp_path, datasets=["stl10"])
