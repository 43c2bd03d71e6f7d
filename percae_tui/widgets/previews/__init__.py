"""Widgets of the Previews screen."""
