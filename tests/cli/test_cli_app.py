import pytest

from percae_core.cli.app import hoist_global_options, main


def run(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    captured = capsys.readouterr()
    return exc.value.code, captured.out, captured.err


def test_global_options_may_follow_the_command():
    assert hoist_global_options(["data", "status", "--home", "/x", "--debug"]) == [
        "--home",
        "/x",
        "--debug",
        "data",
        "status",
    ]
    assert hoist_global_options(["data", "status", "--home=/x"]) == ["--home=/x", "data", "status"]


def test_version_and_help(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("percae ")
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "bench" in out and "data" in out


def test_unknown_command_is_a_usage_error(capsys):
    code, _, err = run(["frobnicate"], capsys)
    assert code == 2
    assert "frobnicate" in err
