"""Widgets of `percae-tui`, one folder per screen."""
