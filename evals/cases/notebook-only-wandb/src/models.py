import timm


def make_model(name: str = "resnet18", n_classes: int = 3, pretrained: bool = True):
    return timm.create_model(name, pretrained=pretrained, num_classes=n_classes)
