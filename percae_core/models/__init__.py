"""Models: the paper's convolutional autoencoder, its variants, loss networks, predictors."""
