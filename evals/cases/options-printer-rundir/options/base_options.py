import argparse
import os


class BaseOptions:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--dataroot", required=True)
        self.parser.add_argument("--name", default="experiment_name")
        self.parser.add_argument("--checkpoints_dir", default="./checkpoints")
        self.parser.add_argument("--lr", type=float, default=0.0002)
        self.parser.add_argument("--n_epochs", type=int, default=200)
        self.parser.add_argument("--gpu_ids", default="0")
        self.parser.add_argument("--phase", default="train")

    def print_options(self, opt):
        message = "----------------- Options ---------------\n"
        for k, v in sorted(vars(opt).items()):
            message += "{:>25}: {:<30}\n".format(str(k), str(v))
        print(message)
        expr_dir = os.path.join(opt.checkpoints_dir, opt.name)
        os.makedirs(expr_dir, exist_ok=True)
        file_name = os.path.join(expr_dir, "{}_opt.txt".format(opt.phase))
        with open(file_name, "wt") as opt_file:
            opt_file.write(message)

    def parse(self):
        opt = self.parser.parse_args()
        self.print_options(opt)
        opt.gpu_ids = [int(x) for x in opt.gpu_ids.split(",") if x]
        return opt
