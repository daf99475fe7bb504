import torch

from models.base_model import BaseModel
from options.base_options import BaseOptions
from util.visualizer import Visualizer

if __name__ == "__main__":
    opt = BaseOptions().parse()
    model = BaseModel(opt)
    visualizer = Visualizer(opt)
    final = {}
    for epoch in range(opt.n_epochs):
        losses = model.optimize_parameters(torch.randn(8, 4))
        visualizer.print_current_losses(epoch, epoch * 8, losses)
        if epoch % 5 == 0:
            model.save_networks(epoch)
        model.save_networks("latest")
        final = dict(losses)
    final.update(vars(opt))
    with open("log", "a") as f:
        f.write(str(final) + "\n")
