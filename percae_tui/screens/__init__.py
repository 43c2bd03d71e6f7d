"""One module per screen of `percae-tui`."""
