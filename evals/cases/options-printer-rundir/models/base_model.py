import os

import torch


class BaseModel:
    def __init__(self, opt):
        self.opt = opt
        self.gpu_ids = opt.gpu_ids
        self.save_dir = os.path.join(opt.checkpoints_dir, opt.name)
        self.net = torch.nn.Linear(4, 4)
        self.optimizer = torch.optim.Adam(self.net.parameters(), lr=opt.lr)

    def optimize_parameters(self, batch):
        self.optimizer.zero_grad()
        loss = self.net(batch).pow(2).mean()
        loss.backward()
        self.optimizer.step()
        return {"G": float(loss)}

    def save_networks(self, epoch):
        save_path = os.path.join(self.save_dir, "%s_net_G.pth" % epoch)
        if len(self.gpu_ids) > 0 and torch.cuda.is_available():
            torch.save(self.net.cpu().state_dict(), save_path)
            self.net.cuda(self.gpu_ids[0])
        else:
            torch.save(self.net.cpu().state_dict(), save_path)
