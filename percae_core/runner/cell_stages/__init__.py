"""A cell's stages, one function each (`Stage.FIT` ... `Stage.DIAGNOSTICS`), in the order
`runner/cell_run.py` runs them. Each writes its result through the context's recorder as soon
as it exists and returns it as a frozen dataclass for the stages after it."""
