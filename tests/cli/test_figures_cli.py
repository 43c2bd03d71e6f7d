"""`percae figures` and `percae report` through the command line: files, exit codes, messages,
and a `--help` that does not import matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from figure_study import make_figure_study

from percae_core.cli.app import main

pytest.importorskip("matplotlib")


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(args)
    captured = capsys.readouterr()
    return caught.value.code, captured.out, captured.err


@pytest.fixture(scope="module")
def study_root(tmp_path_factory) -> Path:
    return make_figure_study(tmp_path_factory.mktemp("cli-study")).root


def test_figures_writes_one_file_per_figure_and_exits_0(study_root, tmp_path, capsys):
    code, out, err = _run(
        ["--home", str(study_root), "figures", "--out", str(tmp_path), "--kind", "table"], capsys
    )
    assert code == 0, err
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "table-IV_svhn_mlp_alexnet-random_smoke.png",
        "table-VII_svhn_linear_alexnet-random_smoke.png",
    ]
    assert all(name in out for name in written)


def test_figures_skips_what_it_cannot_make_and_exits_3(study_root, tmp_path, capsys):
    code, _, err = _run(
        [
            "--home",
            str(study_root),
            "figures",
            "--out",
            str(tmp_path),
            "--kind",
            "overhead",
            "--dataset",
            "svhn",
            "--dataset",
            "stl10",
        ],
        capsys,
    )
    text = " ".join(err.split())
    assert code == 3 and "STL-10" in text and "percae bench --profile smoke --dataset stl10" in text
    assert [p.suffix for p in tmp_path.iterdir()] == [".png"]


def test_figures_without_results_exits_1_naming_the_command(tmp_path, capsys):
    code, _, err = _run(["--home", str(tmp_path / "empty"), "figures"], capsys)
    assert code == 1 and "No results yet" in err and "percae bench" in " ".join(err.split())


def test_an_unknown_format_or_setting_is_bad_usage(study_root, capsys):
    assert _run(["--home", str(study_root), "figures", "--format", "gif"], capsys)[0] == 2
    code, _, err = _run(["--home", str(study_root), "figures", "--setting", "vgg"], capsys)
    assert code == 2 and "alexnet-random_smoke" in err


@pytest.mark.parametrize("command", ["figures", "report"])
def test_no_images_or_a_negative_seed_is_refused_before_any_work(command, study_root, capsys):
    code, _, err = _run(["--home", str(study_root), command, "--images", "0"], capsys)
    assert code == 2 and "--images" in err
    code, _, err = _run(["--home", str(study_root), command, "--seed", "-1"], capsys)
    assert code == 2 and "--seed" in err


def test_report_writes_one_html_file(study_root, tmp_path, capsys):
    target = tmp_path / "out" / "study.html"
    code, _, err = _run(
        ["--home", str(study_root), "report", "--out", str(target), "--images", "1"], capsys
    )
    assert code == 0, err
    html = target.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "data:image/png;base64," in html
    assert str(target) in " ".join(err.split()).replace(" ", "") or target.name in err


def test_help_does_not_import_matplotlib():
    code = (
        "import sys; from percae_core.cli.app import main\n"
        "for cmd in ('figures', 'report'):\n"
        "    try: main([cmd, '--help'])\n"
        "    except SystemExit: pass\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported by --help'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", ["figures", "report"])
def test_an_unknown_dataset_is_bad_usage_as_in_the_other_commands(
    command, study_root, tmp_path, capsys
):
    code, _, err = _run(
        ["--home", str(study_root), command, "--dataset", "nope", "--out", str(tmp_path / "x")],
        capsys,
    )
    assert code == 2 and "Unknown dataset 'nope'" in " ".join(err.split())
