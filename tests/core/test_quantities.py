"""Sizes and durations read the same in every command and screen."""

from __future__ import annotations

from percae_core.quantities import byte_size, duration


def test_byte_sizes_pick_a_unit_a_person_reads_at_a_glance() -> None:
    assert byte_size(512) == "512 B"
    assert byte_size(6_100) == "6.1 kB"  # LPIPS's small file does not read as 0.0 MB
    assert byte_size(233_087_000) == "233.1 MB"
    assert byte_size(1_500_000_000) == "1.5 GB"


def test_durations_show_minutes_and_seconds_or_hours_and_minutes() -> None:
    assert duration(245) == "4m05s"
    assert duration(2 * 3600 + 3 * 60 + 59) == "2h03m"  # whole minutes, as a clock shows
    assert duration(None) == "-"
    assert duration(-3) == "0m00s"
