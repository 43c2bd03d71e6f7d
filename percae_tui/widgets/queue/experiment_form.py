"""The form that composes one experiment (a `BenchRequest`) and checks it before it is queued.

It is built from `FormChoices` (read in a worker thread), marks which datasets are ready, will
be prepared when the item runs, or need `percae data import/download` first, and refuses to
queue a dataset that cannot run. Besides the study's grid it offers the two settings the
diagnostics point to: the VAEs' KLD weight gamma and the number of autoencoder epochs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, SelectionList

from percae_core.errors import PercaeError, UsageError
from percae_core.models.variants import DEFAULT_GAMMA, VARIANTS, list_variants
from percae_core.profiles import PROFILES
from percae_tui.form_choices import FormChoices
from percae_tui.widgets.tick_list import TickList

if TYPE_CHECKING:
    from percae_core.runner.executors.options import ExecutorOptions
    from percae_core.runner.plan import BenchRequest

AUTO = "auto"
DEFAULT_PROFILE = "smoke"


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"32, 64"`` -> (32, 64); empty -> () (the profile's latent sizes)."""
    sizes = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or int(part) <= 0:
            raise UsageError(
                f"Latent size {part!r} is not a positive whole number.",
                hint="Write sizes separated by commas, e.g. 32,64, or leave the "
                "field empty for the profile's sizes.",
            )
        sizes.append(int(part))
    return tuple(dict.fromkeys(sizes))


def parse_count(text: str, name: str, minimum: int) -> int:
    if not text.strip().lstrip("-").isdigit() or int(text) < minimum:
        raise UsageError(f"{name} must be a whole number of at least {minimum}; got {text!r}.")
    return int(text)


def parse_gamma(text: str) -> float:
    try:
        gamma = float(text)
    except ValueError:
        gamma = -1.0
    if not gamma >= 0:
        raise UsageError(
            f"Gamma must be a number of at least 0; got {text!r}.",
            hint=f"The paper's value is {DEFAULT_GAMMA}; smaller weighs the KLD less.",
        )
    return gamma


class ExperimentForm(VerticalScroll):
    """Datasets, profile, latent sizes, variants, loss network, precision, gamma, epochs, seed,
    repeats, executor."""

    class Submitted(Message):
        def __init__(self, request: BenchRequest) -> None:
            super().__init__()
            self.request = request

    def __init__(self, choices: FormChoices, *, id: str | None = None) -> None:
        # not a Tab stop of its own: Tab goes straight to its first field
        super().__init__(id=id, can_focus=False)
        self.choices = choices

    def compose(self) -> ComposeResult:
        # loaded with the choices, in the worker thread: these modules import torch
        from percae_core.runner.executors import EXECUTORS
        from percae_core.training.precision import PRECISION_CHOICES

        profile = DEFAULT_PROFILE
        yield Label("Datasets", classes="field-label")
        yield TickList(
            *(
                (choice.label(profile), choice.name, choice.name == self.choices.datasets[0].name)
                for choice in self.choices.datasets
            ),
            id="datasets",
        )
        yield Label("Profile", classes="field-label")
        yield Select(
            [(name, name) for name in PROFILES], value=profile, allow_blank=False, id="profile"
        )
        yield Label(PROFILES[profile].description, id="profile-description", classes="wrapped")
        yield Label("Latent sizes z (empty: the profile's)", classes="field-label")
        yield Input(placeholder="e.g. 32,64", id="z")
        yield Label("Variants", classes="field-label")
        yield TickList(
            *((VARIANTS[name].title, name, True) for name in list_variants()), id="variants"
        )
        yield Label(
            "Loss network (auto: pretrained AlexNet, else the random fallback)",
            classes="field-label wrapped",
        )
        yield Select(
            [(AUTO, AUTO), *((name, name) for name in self.choices.loss_nets)],
            value=AUTO,
            allow_blank=False,
            id="loss-net",
        )
        yield Label(
            "Training precision (auto: bf16 where the device has it; the loss network is "
            "always fp32)",
            classes="field-label wrapped",
        )
        yield Select(
            [(name, name) for name in PRECISION_CHOICES],
            value=AUTO,
            allow_blank=False,
            id="precision",
        )
        with Horizontal(classes="pair"):
            yield Label("Gamma", classes="field-label")
            yield Input(str(DEFAULT_GAMMA), id="gamma")
            yield Label("Epochs", classes="field-label")
            yield Input(placeholder="auto", type="integer", id="epochs")
        with Horizontal(classes="pair"):
            yield Label("Seed", classes="field-label")
            yield Input("0", type="integer", id="seed")
            yield Label("Repeats", classes="field-label")
            yield Input("1", type="integer", id="repeats")
        yield Label("Executor (ray: cells in parallel)", classes="field-label")
        yield Select(
            [(name, name) for name in EXECUTORS], value="local", allow_blank=False, id="executor"
        )
        yield Label("Ray address (ray only)", classes="field-label")
        yield Input(placeholder="empty: this machine; auto; HOST:PORT", id="ray-address")
        yield Label("", id="form-error", classes="wrapped")
        yield Button("Add to queue", id="add", variant="primary")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "profile" and event.value in PROFILES:
            profile = str(event.value)
            self.query_one("#profile-description", Label).update(PROFILES[profile].description)
            listing = self.query_one("#datasets", SelectionList)
            for index, choice in enumerate(self.choices.datasets):
                listing.replace_option_prompt_at_index(index, choice.label(profile))

    def request(self) -> BenchRequest:
        """The request the form describes; raises `PercaeError` saying what is wrong."""
        from percae_core.runner.plan import BenchRequest, requested_datasets

        chosen = tuple(self.query_one("#datasets", SelectionList).selected)
        if not chosen:
            raise UsageError("Choose at least one dataset.")
        profile = str(self.query_one("#profile", Select).value)
        for name in chosen:
            choice = self.choices.dataset(name)
            if not choice.runnable(profile):
                raise UsageError(choice.missing_text())
        variants = tuple(self.query_one("#variants", SelectionList).selected)
        if not variants:
            raise UsageError("Choose at least one variant.")
        loss_net = str(self.query_one("#loss-net", Select).value)
        epochs_text = self.query_one("#epochs", Input).value.strip()
        request = BenchRequest(
            datasets=chosen,
            profile=profile,
            z=parse_sizes(self.query_one("#z", Input).value),
            variants=tuple(name for name in list_variants() if name in variants),
            loss_net=None if loss_net == AUTO else loss_net,
            seed=parse_count(self.query_one("#seed", Input).value, "Seed", 0),
            repeats=parse_count(self.query_one("#repeats", Input).value, "Repeats", 1),
            gamma=parse_gamma(self.query_one("#gamma", Input).value),
            epochs=parse_count(epochs_text, "Epochs", 1) if epochs_text else None,
            executor=self.executor(),
            precision=str(self.query_one("#precision", Select).value),
        )
        requested_datasets(request)
        return request

    def executor(self) -> ExecutorOptions:
        from percae_core.runner.executors import check_executor
        from percae_core.runner.executors.options import ExecutorOptions

        name = str(self.query_one("#executor", Select).value)
        address = self.query_one("#ray-address", Input).value.strip()
        if address and name == "local":
            raise UsageError(
                "A Ray address needs the ray executor.", hint="Choose ray or clear it."
            )
        options = ExecutorOptions(name=name, ray_address=address or None)
        check_executor(options)
        return options

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "add":
            return
        event.stop()
        error = self.query_one("#form-error", Label)
        try:
            request = self.request()
        except PercaeError as exc:
            error.update(f"{exc.message} {exc.hint or ''}".strip())
            error.add_class("shown")
            return
        error.update("")
        error.remove_class("shown")
        self.post_message(self.Submitted(request))
