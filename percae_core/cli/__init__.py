"""The `percae` command line (Typer + rich). The only part of percae_core that prints."""
