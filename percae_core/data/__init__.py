"""Datasets: preparation, import, on-disk caches and the study's parts (Table I)."""
