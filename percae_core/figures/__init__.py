"""Figures of a study for a paper: the Fig. 6 reconstruction grid, training curves, Tables
II-VII as bar charts, the perceptual loss's time overhead and the active latent dimensions.

One module per kind of figure; `make.draw_figures` decides which a study gets, `save` writes
them. matplotlib (the optional ``figures`` extra) is imported only when a figure is drawn.
"""
