"""The batched predictor grid: the paper's members, same results as one-at-a-time training,
learns easy tasks, keeps best-validation weights, seeded, and fails with clear errors."""

from __future__ import annotations

import pytest
import torch

from percae_core.errors import DeviceError, Interrupted, PercaeError, UsageError
from percae_core.evaluation import (
    PredictorSpec,
    evaluate,
    mean_distance_px,
    paper_grid,
    run_predictor_grid,
    run_predictor_grid_sequential,
    trivial_predictor_metric,
)
from percae_core.evaluation.predictor_protocols import get_protocol
from percae_core.events import TaskAdvanced, TaskFinished, TaskStarted

SMALL_GRID = [
    PredictorSpec("mlp", (32,), "relu", "none"),
    PredictorSpec("mlp", (64, 32), "sigmoid", "none"),
    PredictorSpec("mlp", (32,), "sigmoid", "softmax"),
    PredictorSpec("linear", (), "relu", "none"),
]


def position_problem(n: int, dim: int = 8, seed: int = 0, noise: float = 0.0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, dim, generator=g)
    y = 32 + 12 * x[:, :2] + 4 * torch.tanh(x[:, 2:4]) + noise * torch.randn(n, 2, generator=g)
    return x, y


def split(x, y, train: int, val: int):
    return (
        x[:train],
        y[:train],
        x[train : train + val],
        y[train : train + val],
        x[train + val :],
        y[train + val :],
    )


def test_paper_grid_has_36_mlps_and_the_linear_predictors():
    grid = paper_grid()
    mlps = [s for s in grid if s.kind == "mlp"]
    assert len(mlps) == 36
    assert [s.architecture for s in grid if s.kind == "linear"] == ["linear/none", "linear/softmax"]
    assert len({s.architecture for s in grid}) == len(grid)
    assert all(len(s.hidden) in (1, 2) and all(h in (32, 64, 128) for h in s.hidden) for s in mlps)
    assert all(s.hidden[-1] <= s.hidden[0] for s in mlps)
    assert (
        PredictorSpec("mlp", (128, 64), "relu", "softmax").architecture == "mlp 128-64 relu/softmax"
    )


def test_bad_specs_are_rejected():
    with pytest.raises(UsageError):
        PredictorSpec("mlp", (), "relu", "none")
    with pytest.raises(UsageError):
        PredictorSpec("mlp", (32,), "tanh", "none")


LEAKY_GRID = get_protocol("loss-networks2023").specs()


@pytest.mark.parametrize("specs", [SMALL_GRID, LEAKY_GRID], ids=["paper-kinds", "leaky-relu"])
def test_batched_grid_matches_sequential_training(specs):
    x, y = position_problem(260, noise=2.0)
    train_x, train_y, val_x, val_y, _, _ = split(x, y, 200, 60)
    options = dict(
        task="position", num_outputs=2, epochs=6, patience=2, seed=3, batch_size=64, specs=specs
    )
    batched = run_predictor_grid(train_x, train_y, val_x, val_y, **options)
    sequential = run_predictor_grid_sequential(train_x, train_y, val_x, val_y, **options)
    assert len(batched.predictors) == len(specs)
    assert batched.val_losses.keys() == sequential.val_losses.keys()
    for name, loss in sequential.val_losses.items():
        assert batched.val_losses[name] == pytest.approx(loss, rel=1e-4), name
        assert batched.get(name).best_epoch == sequential.get(name).best_epoch
    assert batched.best("mlp").spec == sequential.best("mlp").spec
    assert batched.best("linear").spec == sequential.best("linear").spec


def test_learns_an_easy_regression_far_below_the_trivial_predictor():
    x, y = position_problem(1400)
    train_x, train_y, val_x, val_y, test_x, test_y = split(x, y, 900, 250)
    result = run_predictor_grid(
        train_x,
        train_y,
        val_x,
        val_y,
        task="position",
        num_outputs=2,
        epochs=60,
        patience=10,
        seed=0,
        batch_size=32,
        specs=SMALL_GRID,
    )
    trivial = trivial_predictor_metric(train_y, test_y, "position")
    mlp = evaluate(result.best("mlp"), test_x, test_y, "position")
    linear = evaluate(result.best("linear"), test_x, test_y, "position")
    assert mlp < 0.2 * trivial
    assert linear < 0.3 * trivial
    predicted = result.best("mlp").predict(test_x)
    assert predicted.shape == (len(test_x), 2)
    assert mean_distance_px(predicted, test_y) == pytest.approx(mlp, rel=1e-6)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_learns_an_easy_classification(loss):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(1300, 6, generator=g)
    labels = (x[:, :4] @ torch.randn(4, 4, generator=g)).argmax(dim=1)
    train_x, train_y, val_x, val_y, test_x, test_y = split(x, labels, 800, 250)
    result = run_predictor_grid(
        train_x,
        train_y,
        val_x,
        val_y,
        task="classification",
        num_outputs=4,
        epochs=40,
        patience=8,
        seed=0,
        loss=loss,
        batch_size=32,
        specs=SMALL_GRID,
    )
    assert evaluate(result.best("mlp"), test_x, test_y, "classification") > 0.85
    assert trivial_predictor_metric(train_y, test_y, "classification") < 0.5


def test_early_stopping_keeps_each_members_best_weights():
    g = torch.Generator().manual_seed(2)
    train_x = torch.randn(300, 4, generator=g)
    train_y = 32 + 10 * train_x[:, :2]
    val_x = torch.randn(100, 4, generator=g)
    val_y = (
        32 - 10 * val_x[:, :2]
    )  # the opposite relation: fitting the training split hurts validation
    result = run_predictor_grid(
        train_x,
        train_y,
        val_x,
        val_y,
        task="position",
        num_outputs=2,
        epochs=40,
        patience=3,
        seed=0,
        batch_size=32,
        specs=SMALL_GRID,
    )
    for predictor in result.predictors:
        assert predictor.epochs_run == predictor.best_epoch + 3 < 40
        scaled = (
            predictor.predict(val_x) - predictor.scaling.target_mean
        ) / predictor.scaling.target_scale
        target = (val_y - predictor.scaling.target_mean) / predictor.scaling.target_scale
        recomputed = float((scaled - target).pow(2).mean())
        assert recomputed == pytest.approx(predictor.val_loss, rel=1e-4)


def test_same_seed_gives_the_same_grid_and_another_seed_does_not():
    x, y = position_problem(300, noise=1.0)
    train_x, train_y, val_x, val_y, _, _ = split(x, y, 220, 80)
    options = dict(
        task="position", num_outputs=2, epochs=4, patience=2, specs=SMALL_GRID, batch_size=64
    )
    first = run_predictor_grid(train_x, train_y, val_x, val_y, seed=5, **options)
    again = run_predictor_grid(train_x, train_y, val_x, val_y, seed=5, **options)
    other = run_predictor_grid(train_x, train_y, val_x, val_y, seed=6, **options)
    assert first.val_losses == again.val_losses
    assert first.val_losses != other.val_losses


def test_progress_events_and_ctrl_c():
    x, y = position_problem(120)
    args = split(x, y, 80, 40)[:4]
    events = []
    run_predictor_grid(
        *args,
        task="position",
        num_outputs=2,
        epochs=3,
        patience=5,
        seed=0,
        specs=SMALL_GRID,
        on_event=events.append,
    )
    assert isinstance(events[0], TaskStarted) and events[0].total == 3
    assert sum(isinstance(e, TaskAdvanced) for e in events) == 3
    assert isinstance(events[-1], TaskFinished)

    def interrupt(event):
        if isinstance(event, TaskAdvanced):
            raise KeyboardInterrupt

    with pytest.raises(Interrupted, match="epoch 1 of 3"):
        run_predictor_grid(
            *args,
            task="position",
            num_outputs=2,
            epochs=3,
            patience=5,
            seed=0,
            specs=SMALL_GRID,
            on_event=interrupt,
        )


def test_clear_errors_for_bad_inputs(monkeypatch):
    x, y = position_problem(60)
    train_x, train_y, val_x, val_y, _, _ = split(x, y, 40, 20)
    common = dict(num_outputs=2, epochs=1, patience=1, seed=0, specs=SMALL_GRID)
    broken = train_x.clone()
    broken[3, 1] = float("nan")
    with pytest.raises(PercaeError, match="NaN") as caught:
        run_predictor_grid(broken, train_y, val_x, val_y, task="position", **common)
    assert caught.value.hint
    with pytest.raises(UsageError, match="Cross-entropy"):
        run_predictor_grid(
            train_x, train_y, val_x, val_y, task="position", loss="cross_entropy", **common
        )
    with pytest.raises(UsageError, match="labels"):
        run_predictor_grid(train_x, train_y[:10], val_x, val_y, task="position", **common)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(DeviceError):
        run_predictor_grid(train_x, train_y, val_x, val_y, task="position", device="cuda", **common)


def test_repeated_architectures_are_refused():
    x, y = position_problem(60)
    with pytest.raises(UsageError, match="once"):
        run_predictor_grid(
            *split(x, y, 40, 20)[:4],
            task="position",
            num_outputs=2,
            epochs=1,
            patience=1,
            seed=0,
            specs=[PredictorSpec("linear"), PredictorSpec("linear")],
        )


def test_a_stop_request_stops_the_grid_without_a_result():
    """The TUI's pause reaches the predictor grid like every other stage: Interrupted, no grid."""
    x, y = position_problem(120)
    epochs_done = []

    def stop_in_epoch_two() -> bool:
        return len(epochs_done) >= 1

    with pytest.raises(Interrupted, match="epoch 2 of 5"):
        run_predictor_grid(
            *split(x, y, 80, 40)[:4],
            task="position",
            num_outputs=2,
            epochs=5,
            patience=5,
            seed=0,
            specs=SMALL_GRID,
            on_event=lambda e: epochs_done.append(e) if isinstance(e, TaskAdvanced) else None,
            should_stop=stop_in_epoch_two,
        )
