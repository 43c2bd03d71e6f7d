"""Every trunk a loss network can be cut from, each registered beside its builder and its file.

One module per family: `plain` (AlexNet, VGG), `residual` (DenseNet, ResNet, ResNeXt),
`inception` (GoogLeNet, Inception v3), `mobile` (SqueezeNet, EfficientNet); importing them
registers the trunks in the order of the authors' 2023 study. Importing this package imports no
torch (`percae weights status` lists the files without it): each builder imports torchvision when
it is called. The URLs, sizes and top-1 accuracies are those of the torchvision weights enum
named in the entry (a test compares them); the taps are named by what they are (`relu3_3`,
`layer2`, `inception4a`, `Mixed_6e`, `denseblock2`, `stage5`), and a test checks each against
the child of torchvision's model it names and the study's child indices.
"""

import importlib

#: The families in the order their trunks register (the study's order of architectures).
FAMILIES = ("plain", "residual", "inception", "mobile")

for _family in FAMILIES:
    importlib.import_module(f"{__name__}.{_family}")
