"""Autoencoder training: the fit loop (`fit`), its configuration (`config`), checkpoints,
devices, batches and precision. Import from the modules: this package imports nothing, so a
torch-free module in it (`precision`'s choices) loads without torch."""
