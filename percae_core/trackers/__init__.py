"""Experiment trackers written from the results database, without a network: TensorBoard event
files and a local MLflow store, after the fact (`percae export NAME`) or live while a study runs
(`percae bench --track NAME`).

`registry.TRACKERS` names every tracker (the CLI iterates it); each lives in its own module and
imports its package only when it writes. What a tracker writes comes as typed records
(`cell_data`): a cell's identity and run name (`TrackedCell`), its epochs, test values and
parameters (`CellSummary`), and the files-backed parts, reconstructions and test embeddings
(`cell_media`).
"""
