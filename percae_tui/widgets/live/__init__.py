"""Widgets of the Live screen."""
