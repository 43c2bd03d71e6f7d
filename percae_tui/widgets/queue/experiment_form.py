"""The form that composes one experiment (a `BenchRequest`) and checks it before it is queued.

It is built from `FormChoices` (read in a worker thread), marks which datasets are ready, will
be prepared when the item runs, or need `percae data import/download` first, and refuses to
queue a dataset that cannot run. Besides the study's grid it offers the two settings the
diagnostics point to: the VAEs' KLD weight gamma and the number of autoencoder epochs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList

from percae_core.errors import PercaeError, UsageError
from percae_core.models.variants import DEFAULT_GAMMA, VARIANTS, list_variants
from percae_core.profiles import PROFILES
from percae_core.runner.executors import EXECUTORS, check_executor
from percae_core.runner.executors.options import ExecutorOptions
from percae_core.runner.plan import BenchRequest, requested_datasets
from percae_core.training.precision import PRECISION_CHOICES
from percae_tui.form_choices import FormChoices
from percae_tui.widgets.tick_list import TickList

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


class FieldError(Exception):
    """A form value that is wrong, with the id of the field it is in (its message goes there)."""

    def __init__(self, field: str, error: PercaeError) -> None:
        super().__init__(error.message)
        self.field = field
        self.error = error


@contextmanager
def at_field(field: str) -> Iterator[None]:
    """Name ``field`` as the place of any `PercaeError` raised inside."""
    try:
        yield
    except PercaeError as exc:
        raise FieldError(field, exc) from exc


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
            yield Input(f"{DEFAULT_GAMMA:g}", id="gamma")
            yield Label("Epochs", classes="field-label")
            yield Input(placeholder="profile", type="integer", valid_empty=True, id="epochs")
        with Horizontal(classes="pair"):
            yield Label("Seed", classes="field-label")
            yield Input("0", type="integer", id="seed")
            yield Label("Repeats", classes="field-label")
            yield Input("1", type="integer", id="repeats")
        yield Label("Executor (ray: cells in parallel)", classes="field-label")
        yield Select(
            [(name, name) for name in EXECUTORS], value="local", allow_blank=False, id="executor"
        )
        yield Label(
            "Ray address (ray only; empty: this machine, or auto, or HOST:PORT)",
            classes="field-label wrapped",
        )
        yield Input(placeholder="this machine", id="ray-address")
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
        """The request the form describes; raises `FieldError` saying what is wrong where."""
        profile = str(self.query_one("#profile", Select).value)
        with at_field("datasets"):
            chosen = self.chosen_datasets(profile)
        with at_field("variants"):
            variants = tuple(self.query_one("#variants", SelectionList).selected)
            if not variants:
                raise UsageError("Choose at least one variant.")
        with at_field("z"):
            z = parse_sizes(self.query_one("#z", Input).value)
        with at_field("gamma"):
            gamma = parse_gamma(self.query_one("#gamma", Input).value)
        epochs_text = self.query_one("#epochs", Input).value.strip()
        with at_field("epochs"):
            epochs = parse_count(epochs_text, "Epochs", 1) if epochs_text else None
        with at_field("seed"):
            seed = parse_count(self.query_one("#seed", Input).value, "Seed", 0)
        with at_field("repeats"):
            repeats = parse_count(self.query_one("#repeats", Input).value, "Repeats", 1)
        with at_field("ray-address"):
            executor = self.executor()
        loss_net = str(self.query_one("#loss-net", Select).value)
        request = BenchRequest(
            datasets=chosen,
            profile=profile,
            z=z,
            variants=tuple(name for name in list_variants() if name in variants),
            loss_net=None if loss_net == AUTO else loss_net,
            seed=seed,
            repeats=repeats,
            gamma=gamma,
            epochs=epochs,
            executor=executor,
            precision=str(self.query_one("#precision", Select).value),
        )
        with at_field("datasets"):
            requested_datasets(request)
        return request

    def chosen_datasets(self, profile: str) -> tuple[str, ...]:
        chosen = tuple(self.query_one("#datasets", SelectionList).selected)
        if not chosen:
            raise UsageError("Choose at least one dataset.")
        for name in chosen:
            choice = self.choices.dataset(name)
            if not choice.runnable(profile):
                raise UsageError(choice.missing_text())
        return chosen

    def executor(self) -> ExecutorOptions:
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
        except FieldError as exc:
            self.show_error(exc.field, exc.error)
            return
        error.update("")
        error.remove_class("shown")
        self.post_message(self.Submitted(request))

    def show_error(self, field: str, exc: PercaeError) -> None:
        """The message right under the field it is about, and that field focused."""
        error = self.query_one("#form-error", Label)
        error.update(f"{exc.message} {exc.hint or ''}".strip())
        error.add_class("shown")
        widget = self.query_one(f"#{field}")
        row: Widget = widget.parent if isinstance(widget.parent, Horizontal) else widget
        self.move_child(error, after=row)
        widget.focus()
        error.scroll_visible(animate=False)
