"""The official STL-10 and SVHN files percae checks imports against are torchvision's: the copy
kept so that `percae data status` starts without torch matches torchvision's dataset classes."""

from __future__ import annotations

from torchvision.datasets import STL10, SVHN

from percae_core.data.official_files import STL10_FILES, SVHN_FILES


def test_stl10_archive_and_members_are_torchvisions():
    assert (STL10_FILES.archive.name, STL10_FILES.archive.md5, STL10_FILES.archive.url) == (
        STL10.filename,
        STL10.tgz_md5,
        STL10.url,
    )
    official = dict(STL10.train_list + STL10.test_list)
    assert {name: f.md5 for name, f in STL10_FILES.members.items()} == official


def test_svhn_files_are_torchvisions():
    assert {split: [f.url, f.name, f.md5] for split, f in SVHN_FILES.items()} == SVHN.split_list
