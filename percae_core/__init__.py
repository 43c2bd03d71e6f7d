"""percae engine: datasets, autoencoders, perceptual loss networks, training, evaluation, results.

The engine never prints and never imports the terminal UI; it reports progress through
`percae_core.events` to whoever subscribes.
"""

__version__ = "0.1.0"
