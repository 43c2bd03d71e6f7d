"""The form that composes one experiment (a `BenchRequest`) and checks it before it is queued."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, SelectionList

from percae_core.data.catalog import dataset_descriptions
from percae_core.errors import PercaeError, UsageError
from percae_core.models.loss_networks import list_loss_networks
from percae_core.models.variants import VARIANTS, list_variants
from percae_core.profiles import PROFILES
from percae_core.runner.plan import BenchRequest, requested_datasets

AUTO = "auto"


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


class ExperimentForm(VerticalScroll):
    """Datasets, profile, latent sizes, variants, loss network, seed, repeats."""

    class Submitted(Message):
        def __init__(self, request: BenchRequest) -> None:
            super().__init__()
            self.request = request

    def compose(self) -> ComposeResult:
        yield Label("Datasets", classes="field-label")
        yield SelectionList[str](
            *((d.title, d.name, d.prepares_itself) for d in dataset_descriptions()),
            id="datasets",
        )
        yield Label("Profile", classes="field-label")
        yield Select(
            [(name, name) for name in PROFILES], value="smoke", allow_blank=False, id="profile"
        )
        yield Label(PROFILES["smoke"].description, id="profile-description")
        yield Label("Latent sizes z (empty: the profile's)", classes="field-label")
        yield Input(placeholder="e.g. 32,64", id="z")
        yield Label("Variants", classes="field-label")
        yield SelectionList[str](
            *((VARIANTS[name].title, name, True) for name in list_variants()), id="variants"
        )
        yield Label(
            "Loss network (auto: pretrained AlexNet, else the random fallback)",
            classes="field-label",
        )
        yield Select(
            [(AUTO, AUTO), *((name, name) for name in list_loss_networks())],
            value=AUTO,
            allow_blank=False,
            id="loss-net",
        )
        with Horizontal(classes="pair"):
            yield Label("Seed", classes="field-label")
            yield Input("0", type="integer", id="seed")
            yield Label("Repeats", classes="field-label")
            yield Input("1", type="integer", id="repeats")
        yield Label("", id="form-error")
        yield Button("Add to queue", id="add", variant="primary")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "profile" and event.value in PROFILES:
            self.query_one("#profile-description", Label).update(PROFILES[event.value].description)

    def request(self) -> BenchRequest:
        """The request the form describes; raises `PercaeError` saying what is wrong."""
        chosen = tuple(self.query_one("#datasets", SelectionList).selected)
        if not chosen:
            raise UsageError("Choose at least one dataset.")
        variants = tuple(self.query_one("#variants", SelectionList).selected)
        if not variants:
            raise UsageError("Choose at least one variant.")
        loss_net = str(self.query_one("#loss-net", Select).value)
        request = BenchRequest(
            datasets=chosen,
            profile=str(self.query_one("#profile", Select).value),
            z=parse_sizes(self.query_one("#z", Input).value),
            variants=tuple(name for name in list_variants() if name in variants),
            loss_net=None if loss_net == AUTO else loss_net,
            seed=parse_count(self.query_one("#seed", Input).value, "Seed", 0),
            repeats=parse_count(self.query_one("#repeats", Input).value, "Repeats", 1),
        )
        requested_datasets(request)
        return request

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
