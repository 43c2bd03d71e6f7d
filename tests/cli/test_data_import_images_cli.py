"""`percae data import images`: bad input is refused with the file named, exit 1, nothing cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_invocation import run_cli
from image_folders import truncate, write_colour_classes, write_spot_frames


def cached(home: Path) -> list[str]:
    """Everything under the home's datasets folder (hidden partial folders included)."""
    folder = home / "datasets"
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def refused(capsys, home: Path, *args: str) -> str:
    """The error message (all whitespace removed: the console wraps long paths) of an import
    that must fail with exit code 1 and leave nothing in the home."""
    code, out, err = run_cli(capsys, "data", "import", "images", *args)
    assert code == 1, (out, err)
    assert cached(home) == []
    return "".join(err.split())


def squeezed(text: object) -> str:
    return "".join(str(text).split())


def test_a_class_folder_imports_and_says_how_to_run_it(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    code, out, err = run_cli(capsys, "data", "import", "images", str(source), "--name", "colours")
    assert code == 0, err
    said = " ".join(out.split())
    assert "Imported colours: 36 autoencoder / 12 predictor / 12 test images of 64x64" in said
    assert "3 classes (blue, green, red)" in said and "percae bench --dataset colours" in said
    code, out, _ = run_cli(capsys, "data", "status", "--verify")
    assert code == 0
    said = " ".join(out.split())
    assert "colours (colours): 1 prepared" in said
    assert (
        "images=autoencoder:36/predictor:12/test:12" in said and "kind=64x64-rgb-3-classes" in said
    )


def test_a_truncated_jpeg_is_refused_by_name_and_nothing_is_cached(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    broken = source / "green" / "0003.jpg"
    truncate(broken)
    err = refused(capsys, isolated_home, str(source), "--name", "colours")
    assert squeezed(broken) in err and "truncated" in err


def test_a_truncated_png_is_refused_even_without_verify(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    broken = source / "red" / "0000.png"
    truncate(broken)
    err = refused(capsys, isolated_home, str(source), "--name", "colours", "--no-verify")
    assert squeezed(broken) in err


def test_an_empty_class_folder_is_refused(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    (source / "violet").mkdir()
    err = refused(capsys, isolated_home, str(source), "--name", "colours")
    assert squeezed(source / "violet") in err and "holdsnoimage" in err


def test_one_class_only_is_refused(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    for name in ("green", "blue"):
        for path in (source / name).iterdir():
            path.unlink()
        (source / name).rmdir()
    err = refused(capsys, isolated_home, str(source), "--name", "colours")
    assert squeezed("only the class 'red'") in err and "atleasttwoclasses" in err


def test_a_csv_row_naming_a_missing_file_is_refused(capsys, isolated_home, tmp_path):
    csv_file = write_spot_frames(tmp_path / "spots")
    csv_file.write_text(csv_file.read_text() + "frames/absent.png,1,2\n")
    err = refused(
        capsys, isolated_home, str(csv_file.parent), "--name", "spots", "--targets", str(csv_file)
    )
    assert squeezed(f"{csv_file}, row 82 names frames/absent.png") in err and "nosuchfile" in err


def test_a_non_numeric_target_is_refused(capsys, isolated_home, tmp_path):
    csv_file = write_spot_frames(tmp_path / "spots")
    lines = csv_file.read_text().splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",left"
    csv_file.write_text("\n".join(lines) + "\n")
    err = refused(
        capsys, isolated_home, str(csv_file.parent), "--name", "spots", "--targets", str(csv_file)
    )
    assert squeezed(f"{csv_file}, row 6: the target 'y' is 'left', not a finite number") in err


@pytest.mark.parametrize("name", ["stl10", "LunarLander"])
def test_a_built_in_datasets_name_is_refused(capsys, isolated_home, tmp_path, name):
    source = write_colour_classes(tmp_path / "colours")
    code, _, err = run_cli(capsys, "data", "import", "images", str(source), "--name", name)
    if name == "stl10":
        assert code == 1 and "the name of a built-in dataset" in err
    else:  # not a lower-case name at all
        assert code == 2 and "is not a dataset name" in err
    assert cached(isolated_home) == []


def test_a_taken_name_needs_force(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    assert run_cli(capsys, "data", "import", "images", str(source), "--name", "c")[0] == 0
    before = cached(isolated_home)
    code, _, err = run_cli(capsys, "data", "import", "images", str(source), "--name", "c")
    assert code == 1 and "is taken" in err and "--force" in err
    assert cached(isolated_home) == before
    args = ("data", "import", "images", str(source), "--name", "c", "--force")
    assert run_cli(capsys, *args)[0] == 0


def test_too_few_images_says_how_many_are_needed(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours", per_class=3)
    err = refused(capsys, isolated_home, str(source), "--name", "colours")
    assert "holds9images" in err and "needsatleast13" in err


def test_image_options_are_refused_for_an_official_import(capsys, isolated_home, tmp_path):
    code, _, err = run_cli(capsys, "data", "import", "stl10", str(tmp_path), "--name", "x")
    assert code == 2 and "--name only apply to `percae data import images PATH`" in err


def test_a_size_the_autoencoder_cannot_take_is_refused(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    args = ("data", "import", "images", str(source), "--name", "c", "--size", "70")
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "--size 70" in err and cached(isolated_home) == []


def test_status_lists_an_import_whose_description_was_damaged(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    assert run_cli(capsys, "data", "import", "images", str(source), "--name", "c")[0] == 0
    (isolated_home / "datasets" / "c" / "description.json").write_text("{not json")
    code, out, _ = run_cli(capsys, "data", "status")
    assert code == 1
    assert "c: DAMAGED (its description.json is missing or unreadable" in " ".join(out.split())


def test_part_folders_that_are_missing_are_named(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    err = refused(capsys, isolated_home, str(source), "--name", "c", "--parts", "folders")
    assert "hasnoautoencoder,predictor,testsubfolder" in err


@pytest.mark.parametrize("parts", ["60/40", "50/-10/60", "halves", "column="])
def test_a_parts_value_that_is_no_split_is_a_usage_error(capsys, isolated_home, tmp_path, parts):
    source = write_colour_classes(tmp_path / "colours")
    args = ("data", "import", "images", str(source), "--name", "c", "--parts", parts)
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "is not a split" in err and cached(isolated_home) == []


def test_a_parts_column_needs_a_targets_csv(capsys, isolated_home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    args = ("data", "import", "images", str(source), "--name", "c", "--parts", "column=part")
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "no --targets CSV was given" in err and cached(isolated_home) == []
