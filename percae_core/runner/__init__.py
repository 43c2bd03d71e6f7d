"""The study runner: plan the grid of cells, run each one, record every result as it is made."""
