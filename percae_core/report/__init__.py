"""`percae report`: one self-contained HTML file of a study (tables beside the paper's values,
the figures embedded as data URIs, warnings, diagnostics, each run's settings and library
versions) that opens offline, needs no JavaScript and prints."""
