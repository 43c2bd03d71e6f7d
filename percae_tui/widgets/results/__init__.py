"""Widgets of the Results screen."""
