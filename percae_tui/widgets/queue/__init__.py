"""Widgets of the Queue screen."""
