"""`percae perf`: how fast percae trains, renders and evaluates, beside a naive reference."""
