"""`percae`: the root Typer app, global options, and the one place errors become exit codes.

Exit codes (DESIGN.md): 0 done; 1 error; 2 bad usage; 3 finished but some datasets skipped;
130 interrupted by Ctrl-C (everything finished before it is kept).
"""

from __future__ import annotations

import sys
import traceback

import typer

from percae_core import __version__
from percae_core.cli import (
    bench_cmd,
    compare_cmd,
    data_cmd,
    data_import_cmd,
    export_cmd,
    figures_cmd,
    perf_cmd,
    preview_cmd,
    rank_cmd,
    report_cmd,
    results_cmd,
    train_cmd,
    weights_cmd,
)
from percae_core.cli.command_order import WorkflowGroup, hide_flag_types
from percae_core.cli.console import err, show_error, show_stopped
from percae_core.cli.context import STATE
from percae_core.data.catalog import use_home
from percae_core.errors import Interrupted, PercaeError
from percae_core.memory import allocation_failure
from percae_core.paths import resolve_home

HELP_FLAGS = ["-h", "--help"]

app = typer.Typer(
    name="percae",
    cls=WorkflowGroup,
    help="Do autoencoders trained with a perceptual loss give better embeddings? "
    "Reproduce and extend Pihlgren et al. (IJCNN 2020).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": HELP_FLAGS},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"percae {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    home: str | None = typer.Option(
        None,
        "--home",
        help="Folder for all state (data, runs, database). Default: $PERCAE_HOME "
        "or the user data dir.",
        show_default=False,
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """percae command line."""
    STATE.home_arg = home
    STATE.debug = debug
    use_home(resolve_home(home))  # the catalog lists the datasets imported into this home


data_import_cmd.register(data_cmd.app)
app.add_typer(data_cmd.app, name="data")
app.add_typer(weights_cmd.app, name="weights")
app.command("results")(results_cmd.results)
bench_cmd.register(app)
preview_cmd.register(app)
train_cmd.register(app)
perf_cmd.register(app)
figures_cmd.register(app)
report_cmd.register(app)
compare_cmd.register(app)
rank_cmd.register(app)
export_cmd.register(app)

_GLOBAL_FLAGS = {"--debug"}
_GLOBAL_OPTIONS = {"--home"}


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let `--home DIR` and `--debug` appear anywhere (`percae data status --home X`)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif name in _GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        elif arg in _GLOBAL_OPTIONS and i + 1 < len(argv):
            front.extend([arg, argv[i + 1]])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    code: int = 0
    try:
        hide_flag_types(typer.main.get_command(app), HELP_FLAGS)(args=args, prog_name="percae")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        show_stopped(
            "Interrupted (Ctrl-C or SIGTERM).",
            hint="Everything finished before it was saved; run the same command again to go on "
            "from there.",
        )
        code = 130
    except Interrupted as exc:
        show_stopped(exc.message, exc.hint)
        code = exc.exit_code
    except PercaeError as exc:
        if STATE.debug:
            err.print(traceback.format_exc())
        show_error(exc.message, exc.hint)
        code = exc.exit_code
    except Exception as exc:
        code = _unexpected(exc)
    sys.exit(code)


def _unexpected(exc: Exception) -> int:
    """An exception no command turned into a message: running out of memory is the machine's
    limit (the device-memory message), anything else a bug (the traceback). The exit code."""
    memory = allocation_failure(exc)
    if memory is not None:
        if STATE.debug:
            err.print(traceback.format_exc())
        show_error(memory.message, memory.hint)
        return memory.exit_code
    err.print(traceback.format_exc())
    show_error(
        "percae hit an unexpected internal error (the traceback above).",
        hint="Please report it with the command you ran; results saved so far are kept.",
    )
    return 1


if __name__ == "__main__":
    main()
