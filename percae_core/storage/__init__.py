"""Writing and checking files on disk: the one atomic writer and the one file hasher."""
