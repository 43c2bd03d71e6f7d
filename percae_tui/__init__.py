"""percae-tui: the Textual terminal UI over the percae engine and results database."""
