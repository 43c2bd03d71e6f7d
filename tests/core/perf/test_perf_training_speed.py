"""percae's training path vs the naive loop: the pair measurement and the report's arithmetic."""

from __future__ import annotations

import pytest
import torch

from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.perf.naive_loop import NaiveTrainer
from percae_core.perf.report import PerfReport
from percae_core.perf.training_speed import TrainSpeed, measure_training_pair, synthetic_images
from percae_core.training.speed import SpeedPlan, SpeedSettings, resolve_speed


@pytest.fixture(autouse=True)
def one_thread(monkeypatch):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("loss", ["pixel", "perceptual"])
def test_pair_measures_both_implementations_on_the_same_configuration(loss):
    plan = resolve_speed(SpeedSettings(), torch.device("cpu"))
    steps: list[int] = []
    naive, percae = measure_training_pair(
        loss, 64, 4, 2, torch.device("cpu"), plan, warmup=1, on_step=lambda: steps.append(1)
    )
    assert (naive.impl, percae.impl) == ("naive", "percae")
    for speed in (naive, percae):
        assert (speed.loss, speed.input, speed.batch_size, speed.steps) == (loss, 64, 4, 2)
        assert len(speed.step_seconds) == 2 and speed.images_per_s > 0
        assert set(speed.record()) >= {"impl", "loss", "input", "batch_size", "images_per_s"}
    assert len(steps) == 2 * 3  # warm-up + measured steps, for each implementation


def test_naive_loop_trains_in_fp32_from_float32_copies():
    images = synthetic_images(8, 64)
    torch.manual_seed(0)
    trainer = NaiveTrainer(
        images,
        ConvAutoencoder((64, 64), 8, False),
        torch.device("cpu"),
        loss_network=None,
        batch_size=4,
    )
    stored = trainer.loader.dataset.tensors[0]
    assert stored.dtype == torch.float32 and stored.shape == (8, 3, 64, 64)
    before = trainer.evaluate(images, 4)
    for _ in range(3):
        trainer.train_epoch()
    assert trainer.evaluate(images, 4) < before


def _speed(impl: str, loss: str, ips: float) -> TrainSpeed:
    return TrainSpeed(impl, loss, 64, 512, ips, 1, [512 / ips])


def test_report_derives_ratio_and_perceptual_overhead():
    report = PerfReport(
        "cpu",
        512,
        train=[
            _speed("naive", "pixel", 100.0),
            _speed("percae", "pixel", 250.0),
            _speed("naive", "perceptual", 80.0),
            _speed("percae", "perceptual", 200.0),
        ],
    )
    assert report.ratios() == pytest.approx({"pixel 64": 2.5, "perceptual 64": 2.5})
    assert report.overhead_percent() == pytest.approx({"naive 64": 25.0, "percae 64": 25.0})
    data = report.to_json()
    assert [r["impl"] for r in data["train"]] == ["naive", "percae", "naive", "percae"]
    assert data["ratios"]["pixel 64"] == 2.5


def test_speed_defaults_follow_the_hardware(monkeypatch):
    import percae_core.training.speed as speed

    monkeypatch.setattr(speed, "cpu_has_native_bf16", lambda: False)
    assert resolve_speed(SpeedSettings(), torch.device("cpu")) == SpeedPlan(
        "cpu", False, True, False
    )
    monkeypatch.setattr(speed, "cpu_has_native_bf16", lambda: True)
    assert resolve_speed(SpeedSettings(), torch.device("cpu")).bf16
    chosen = resolve_speed(
        SpeedSettings(bf16=False, channels_last=False, compile=True), torch.device("cpu")
    )
    assert chosen == SpeedPlan("cpu", False, False, True, fused_optimizer=True)
    assert chosen.describe() == "fp32, NCHW, torch.compile, fused Adam"
    loop = resolve_speed(SpeedSettings(fused_optimizer=False), torch.device("cpu"))
    assert not loop.fused_optimizer and loop.describe().endswith(", Adam")


def test_fit_records_the_path_it_trained_with(tmp_path):
    import numpy as np

    from percae_core.data.parts import Split
    from percae_core.training.config import FitConfig
    from percae_core.training.fit import fit_autoencoder

    images = synthetic_images(6, 64)
    config = FitConfig(variant="ae", z=4, epochs=1, batch_size=4, device="cpu", data_id="t")
    result = fit_autoencoder(
        Split(images, np.arange(4)),
        Split(images, np.arange(4, 6)),
        config,
        loss_network=None,
        checkpoint=tmp_path / "c.pt",
        run="r",
        speed=SpeedSettings(bf16=False, channels_last=False, fused_optimizer=True),
    )
    threads = torch.get_num_threads()
    assert result.speed_path == f"fp32, NCHW, eager, fused Adam, threads {threads}"


def test_ratio_spread_comes_from_neighbouring_step_pairs():
    naive = TrainSpeed("naive", "pixel", 64, 4, 4.0, 4, [1.0, 2.0, 1.0, 2.0])
    percae = TrainSpeed("percae", "pixel", 64, 4, 8.0, 4, [0.5, 0.5, 1.0, 1.0])
    report = PerfReport("cpu", 4, train=[naive, percae])
    low, high = report.ratio_spread()["pixel 64"]
    assert 1.0 <= low <= 2.0 <= high <= 4.0
    assert report.to_json()["ratio_spread"]["pixel 64"] == [round(low, 2), round(high, 2)]


def test_agreement_scores_both_implementations_per_seed():
    from percae_core.perf.agreement import compare_training

    found = compare_training("pixel", seeds=(0, 1), epochs=1, images=16, batch_size=8)
    for impl in ("naive", "percae"):
        assert len(found[impl]["val_loss"]) == 2
        assert 0 < found[impl]["mean"] < 0.5  # an MSE of [0, 1] images
