"""Review mends for round fresh82: each case is a small repository a reviewer built where the first fix
read real code wrong; the assertion is the behaviour the case needs."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, status_of

CASES = {
    "args_str": {
        "train.py": 'import argparse\nimport os\nimport sys\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", default="runs/exp")\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--epochs", type=int, default=3)\n    parser.add_argument("--hidden", type=int, default=16)\n    args = parser.parse_args()\n    os.makedirs(args.out, exist_ok=True)\n    args_str = " ".join(sys.argv[1:])\n    with open(os.path.join(args.out, "args.txt"), "w") as f:\n        f.write(args_str)\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(args.epochs):\n        opt.zero_grad()\n        model(torch.randn(4, 2)).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "bibtex_two": {
        "README.md": "# FlowReg\n\nRegularising normalising flows with optimal transport.\n\n## Training\n\n```\npython train.py --lr 0.1\n```\n\n## Citation\n\nIf you use this code, please cite our paper:\n\n```\n@inproceedings{smith2021flowreg,\n  title     = {Regularising Normalising Flows with Optimal Transport},\n  author    = {Smith, Jane and Doe, John},\n  booktitle = {Proceedings of the 38th International Conference on Machine Learning},\n  pages     = {1001--1011},\n  year      = {2021},\n  url       = {https://proceedings.mlr.press/v139/smith21a.html}\n}\n```\n\nand the software:\n\n```\n@misc{flowreg_code,\n  author       = {Smith, Jane},\n  title        = {FlowReg},\n  year         = {2021},\n  howpublished = {\\url{https://github.com/jsmith/flowreg}}\n}\n```\n",
        "requirements.txt": "torch==1.8.1\nnumpy==1.19.5\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Conv2d(3, 8, 3).cuda()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 3, 8, 8).cuda()).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "ci_script": {
        "README.md": "# Conv\n\n```\npip install -r requirements.txt\npython train.py\n```\n",
        "ci/lint.sh": "#!/bin/bash\nset -e\npip install flake8 black isort pytest\nflake8 .\nblack --check .\nisort --check-only .\npytest tests\n",
        "requirements.txt": "torch==1.8.1\nnumpy==1.19.5\nscipy==1.5.4\ntqdm==4.60.0\npyyaml==5.4.1\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Conv2d(3, 8, 3).cuda()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 3, 8, 8).cuda()).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "covered_pins": {
        "README.md": "# mypkg\n\n## Install\n\n```\npip install -e .\n```\n\nOr build the image in docker/.\n\n## Train\n\n```\npython train.py --lr 0.1\n```\n",
        "docker/Dockerfile": "FROM nvidia/cuda:11.1-cudnn8-runtime-ubuntu20.04\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip3 install torch numpy scipy pyyaml tqdm tensorboard pillow matplotlib\nCOPY . /app\nRUN pip3 install -e /app\n",
        "mypkg/__init__.py": "",
        "setup.py": "from setuptools import setup, find_packages\n\nsetup(\n    name='mypkg',\n    packages=find_packages(),\n    install_requires=[\n        'torch==1.8.1',\n        'numpy==1.19.5',\n        'scipy==1.5.4',\n        'pyyaml==5.4.1',\n        'tqdm==4.60.0',\n        'tensorboard==2.4.1',\n        'pillow==8.2.0',\n        'matplotlib==3.3.4',\n    ],\n)\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 2)).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "cuda_list": {
        "README.md": "# Conv\n\n## Prerequisites\n\n1. [CUDA](https://developer.nvidia.com/cuda-toolkit)\n2. [cuDNN](https://developer.nvidia.com/cudnn)\n3. Python packages: `pip install -r requirements.txt`\n\n## Training\n\n```\npython train.py --lr 0.1\n```\n",
        "requirements.txt": "numpy\ntorch==1.8.1\ntorchvision==0.9.1\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Conv2d(3, 8, 3).cuda()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 3, 8, 8).cuda()).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "events_client": {
        "logger.py": 'import os\n\nimport tensorflow as tf\nfrom tensorflow.core.util import event_pb2\nfrom tensorflow.python.client import _pywrap_events_writer\nfrom tensorflow.python.util import compat\n\n\nclass TensorBoardOutputFormat(object):\n    def __init__(self, dir):\n        os.makedirs(dir, exist_ok=True)\n        self.step = 1\n        path = os.path.join(os.path.abspath(dir), "events")\n        self.writer = _pywrap_events_writer.EventsWriter(compat.as_bytes(path))\n\n    def writekvs(self, kvs):\n        summary = tf.compat.v1.Summary(\n            value=[tf.compat.v1.Summary.Value(tag=k, simple_value=float(v)) for k, v in kvs.items()]\n        )\n        event = event_pb2.Event(wall_time=0.0, summary=summary)\n        event.step = self.step\n        self.writer.WriteEvent(event)\n        self.writer.Flush()\n        self.step += 1\n',
        "train.py": 'import argparse\n\nimport numpy as np\n\nfrom logger import TensorBoardOutputFormat\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--log_dir", default="logs")\n    parser.add_argument("--lr", type=float, default=0.01)\n    args = parser.parse_args()\n    out = TensorBoardOutputFormat(args.log_dir)\n    w = np.zeros(3)\n    for it in range(100):\n        g = np.random.randn(3)\n        w -= args.lr * g\n        out.writekvs({"loss": float((w ** 2).sum())})\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "gin_results": {
        "config.gin": "train.steps = 5\n",
        "train.py": 'import json\nimport os\nimport pickle\n\nimport gin\nimport numpy as np\nfrom absl import app, flags\n\nflags.DEFINE_string("out", "/tmp/out", "Where results go.")\nFLAGS = flags.FLAGS\n\n\n@gin.configurable\ndef train(learning_rate=0.1, steps=10):\n    w = np.zeros(3)\n    losses = []\n    for step in range(steps):\n        w -= learning_rate * np.random.randn(3)\n        losses.append(float((w ** 2).sum()))\n    return w, losses\n\n\ndef main(argv):\n    gin.parse_config_files_and_bindings(["config.gin"], [])\n    w, losses = train()\n    os.makedirs(FLAGS.out, exist_ok=True)\n    with open(os.path.join(FLAGS.out, "model.pkl"), "wb") as f:\n        pickle.dump({"weights": w, "gin": gin.operative_config_str()}, f)\n    with open(os.path.join(FLAGS.out, "results.json"), "w") as f:\n        json.dump({"final_loss": losses[-1], "losses": losses, "gin": gin.operative_config_str()}, f)\n\n\nif __name__ == "__main__":\n    app.run(main)\n',
    },
    "nightly_elsewhere": {
        "README.md": "# Lin\n\nTested with TensorFlow 1.15 and Python 3.7.\n\n```\npip install -r requirements.txt\npython train.py\n```\n",
        "docs/tpu.md": "# Running on Cloud TPU\n\nThe TPU variant (not part of the paper) needs `pip install tf-nightly` on the TPU VM.\n",
        "requirements.txt": "numpy\ntensorflow-gpu\nscipy\ntqdm\npillow\n",
        "train.py": 'import argparse\n\nimport numpy as np\nimport tensorflow as tf\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    args = parser.parse_args()\n    np.random.seed(0)\n    tf.set_random_seed(0)\n    x = tf.placeholder(tf.float32, [None, 2])\n    w = tf.Variable(tf.zeros([2, 1]))\n    loss = tf.reduce_sum(tf.matmul(x, w) ** 2)\n    train_op = tf.train.GradientDescentOptimizer(args.lr).minimize(loss)\n    saver = tf.train.Saver()\n    with tf.Session() as sess:\n        sess.run(tf.global_variables_initializer())\n        for step in range(100):\n            sess.run(train_op, {x: np.random.randn(4, 2)})\n        saver.save(sess, "ckpt/model.ckpt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "notwork_line": {
        "README.md": "# Conv\n\n## Requirements\n\n- Python 3.6, PyTorch 1.4 (the code does not work with PyTorch 1.5 or later because of the autograd change)\n\n```\npip install -r requirements.txt\npython train.py\n```\n",
        "requirements.txt": "numpy\ntorch\ntorchvision\nscipy\ntqdm\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Conv2d(3, 8, 3).cuda()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 3, 8, 8).cuda()).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "resume_branch2": {
        "train.py": 'import argparse\nimport os\n\nimport torch\n\n\ndef run_epochs(model, optimizer, start_epoch, epochs, out_dir):\n    for epoch in range(start_epoch, epochs):\n        optimizer.zero_grad()\n        model(torch.randn(4, 2)).sum().backward()\n        optimizer.step()\n        torch.save(\n            {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch},\n            os.path.join(out_dir, "last.pt"),\n        )\n\n\ndef train(model, optimizer, epochs, out_dir):\n    run_epochs(model, optimizer, 0, epochs, out_dir)\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--epochs", type=int, default=10)\n    parser.add_argument("--out_dir", default="runs")\n    parser.add_argument("--resume", default=None, help="checkpoint to continue training from")\n    args = parser.parse_args()\n    os.makedirs(args.out_dir, exist_ok=True)\n    model = torch.nn.Linear(2, 1)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    if args.resume is None:\n        train(model, optimizer, args.epochs, args.out_dir)\n    else:\n        ckpt = torch.load(args.resume)\n        model.load_state_dict(ckpt["model"])\n        run_epochs(model, optimizer, ckpt["epoch"] + 1, args.epochs, args.out_dir)\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "side_init": {
        "tools/plot_results.py": 'import argparse\nimport json\n\nimport matplotlib.pyplot as plt\n\n\nclass Figure(plt.Figure):\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n        self.add_subplot(111)\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("log")\n    args = parser.parse_args()\n    fig = Figure()\n    fig.axes[0].plot(json.load(open(args.log)))\n    fig.savefig("loss.png")\n',
        "train.py": 'import argparse\n\nfrom trainer import Trainer\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.01)\n    parser.add_argument("--seed", type=int, default=0)\n    parser.add_argument("--steps", type=int, default=100)\n    args = parser.parse_args()\n    Trainer(args.lr, args.seed).fit(args.steps)\n\n\nif __name__ == "__main__":\n    main()\n',
        "trainer.py": "import random\n\nimport numpy as np\nimport tensorflow as tf\n\n\nclass Trainer:\n    def __init__(self, lr, seed):\n        self._set_seed(seed)\n        self.w = tf.Variable(np.zeros(3, dtype=np.float32))\n        self.opt = tf.keras.optimizers.SGD(lr)\n\n    def _set_seed(self, seed):\n        random.seed(seed)\n        np.random.seed(seed)\n        tf.random.set_seed(seed)\n\n    def fit(self, steps):\n        for step in range(steps):\n            with tf.GradientTape() as tape:\n                loss = tf.reduce_sum((self.w - tf.random.normal([3])) ** 2)\n            grads = tape.gradient(loss, [self.w])\n            self.opt.apply_gradients(zip(grads, [self.w]))\n            print(step, float(loss))\n",
    },
    "split_dirs": {
        "README.md": "# Lin\n\n```\npip install -r train/requirements.txt\npython train/main.py\n```\n",
        "test/expected_shapes.json": '{"weight": [1, 2]}\n',
        "test/test_model.py": 'import json\n\nimport torch\n\n\ndef test_shapes():\n    expected = json.load(open("test/expected_shapes.json"))\n    assert list(torch.nn.Linear(2, 1).weight.shape) == expected["weight"]\n',
        "train/hparams.json": '{"seed": 0, "lr": 0.1, "steps": 10}\n',
        "train/main.py": 'import argparse\nimport json\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--config", default="train/hparams.json")\n    args = parser.parse_args()\n    cfg = json.load(open(args.config))\n    torch.manual_seed(cfg["seed"])\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"])\n    for step in range(cfg["steps"]):\n        opt.zero_grad()\n        model(torch.randn(4, 2)).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
        "train/requirements.txt": "torch==1.8.1\n",
    },
    "tmp_collide2": {
        "train.py": 'import argparse\n\nimport torch\n\nfrom trainer import Trainer\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--output_dir", default="outputs")\n    parser.add_argument("--lr", type=float, default=0.1)\n    args = parser.parse_args()\n    trainer = Trainer(torch.nn.Linear(2, 1), args.lr)\n    for epoch, loss in trainer.train(3):\n        trainer.log_metrics({"epoch": epoch, "loss": loss}, args.output_dir)\n    trainer.save_model(args.output_dir)\n\n\nif __name__ == "__main__":\n    main()\n',
        "trainer.py": 'import json\nimport os\nimport tempfile\n\nimport torch\n\n\nclass Trainer:\n    def __init__(self, model, lr):\n        self.model = model\n        self.opt = torch.optim.SGD(model.parameters(), lr=lr)\n\n    def save_model(self, output_dir):\n        os.makedirs(output_dir, exist_ok=True)\n        torch.save(\n            {"model": self.model.state_dict(), "optimizer": self.opt.state_dict()},\n            os.path.join(output_dir, "pytorch_model.bin"),\n        )\n\n    def log_metrics(self, metrics, output_dir):\n        with open(os.path.join(output_dir, "metrics.jsonl"), "a") as f:\n            f.write(json.dumps(metrics) + "\\n")\n\n    def push_to_hub(self, repo_id):\n        # the model is written into a throw-away folder and uploaded from there\n        with tempfile.TemporaryDirectory() as output_dir:\n            self.save_model(output_dir)\n            print("would upload", output_dir, "to", repo_id)\n\n    def train(self, epochs):\n        for epoch in range(epochs):\n            self.opt.zero_grad()\n            loss = self.model(torch.randn(4, 2)).sum()\n            loss.backward()\n            self.opt.step()\n            yield epoch, loss.item()\n',
    },
    "tmp_persisted": {
        "train.py": 'import argparse\nimport json\nimport os\nimport tempfile\n\nimport torch\nfrom ray import train\nfrom ray.train import Checkpoint, RunConfig, ScalingConfig\nfrom ray.train.torch import TorchTrainer\n\n\nclass Classifier(torch.nn.Module):\n    def __init__(self, hidden):\n        super().__init__()\n        self.hidden = hidden\n        self.fc = torch.nn.Linear(2, hidden)\n\n    def forward(self, x):\n        return self.fc(x)\n\n    def save(self, dp):\n        with open(os.path.join(dp, "args.json"), "w") as fp:\n            json.dump({"hidden": self.hidden}, fp)\n        torch.save(self.state_dict(), os.path.join(dp, "model.pt"))\n\n\ndef train_loop_per_worker(config):\n    model = Classifier(config["hidden"])\n    opt = torch.optim.Adam(model.parameters(), lr=config["lr"])\n    for epoch in range(config["epochs"]):\n        opt.zero_grad()\n        loss = model(torch.randn(8, 2)).pow(2).mean()\n        loss.backward()\n        opt.step()\n        # Ray copies the reported checkpoint folder into the run\'s storage (storage_path/<run>/checkpoint_<n>)\n        with tempfile.TemporaryDirectory() as dp:\n            model.save(dp)\n            train.report({"epoch": epoch, "loss": loss.item()}, checkpoint=Checkpoint.from_directory(dp))\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=1e-3)\n    parser.add_argument("--epochs", type=int, default=3)\n    parser.add_argument("--storage", default="/tmp/ray_runs")\n    args = parser.parse_args()\n    trainer = TorchTrainer(\n        train_loop_per_worker,\n        train_loop_config={"lr": args.lr, "epochs": args.epochs, "hidden": 16},\n        scaling_config=ScalingConfig(num_workers=1),\n        run_config=RunConfig(storage_path=args.storage),\n    )\n    trainer.fit()\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "we_have_pretrained": {
        "README.md": "# SelfSup\n\nSelf-supervised pretraining for small convolutional networks.\n\n## Method\n\nBefore fine-tuning on the downstream tasks, we have pretrained models on [ImageNet](http://www.image-net.org/) for 100 epochs\nwith the contrastive objective of [SimCLR](https://github.com/google-research/simclr). Train your own with:\n\n```\npython train.py --lr 0.1\n```\n",
        "requirements.txt": "torch==1.8.1\nnumpy==1.19.5\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Conv2d(3, 8, 3).cuda()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 3, 8, 8).cuda()).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "zoo_table": {
        "README.md": "# ConvSeg\n\nCode for our semantic segmentation method.\n\n## Model Zoo\n\n| Backbone | Dataset | mIoU | Download |\n|----------|---------|------|----------|\n| R-50     | ADE20K  | 44.2 | [model](https://cloud.tsinghua.edu.cn/f/3f1c2a7b9d/) \\| [log](https://cloud.tsinghua.edu.cn/f/77aa01c2e4/) |\n| R-101    | ADE20K  | 45.9 | [model](https://cloud.tsinghua.edu.cn/f/8d02b1e6c5/) \\| [log](https://cloud.tsinghua.edu.cn/f/19c3d4e5f6/) |\n\n## Training\n\n```\npython train.py --lr 0.1\n```\n",
        "requirements.txt": "torch==1.8.1\nnumpy==1.19.5\n",
        "train.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    torch.manual_seed(args.seed)\n    model = torch.nn.Conv2d(3, 8, 3).cuda()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(3):\n        opt.zero_grad()\n        model(torch.randn(4, 3, 8, 8).cuda()).sum().backward()\n        opt.step()\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
}


def _audit(tmp_path, name):
    return audit_committed(tmp_path / name, CASES[name])


def test_the_command_line_text_written_as_args_str_is_not_the_whole_config(tmp_path):
    result = _audit(tmp_path, "args_str")
    assert not any(p.whole for p in result.ctx.records.config), result.ctx.records.config


def test_a_dict_holding_the_gin_string_beside_the_weights_is_a_checkpoint(tmp_path):
    result = _audit(tmp_path, "gin_results")
    assert result.ctx.records.checkpoints, result.ctx.records.to_dict()
    assert status_of(result, "ET310") != "FAIL"


def test_a_seed_in_a_method_run_on_construction_is_a_training_seed(tmp_path):
    result = _audit(tmp_path, "side_init")
    assert status_of(result, "ET401") == "PASS"


def test_exact_pins_in_setup_py_stay_beside_a_loose_dockerfile(tmp_path):
    result = _audit(tmp_path, "covered_pins")
    reasons = " ".join(dimension(result, "environment_capture").reasons)
    assert "setup.py" in reasons, reasons


def test_a_version_before_the_negation_is_the_stated_one(tmp_path):
    from experiment_tracking.rules.phase4_reproducibility import _pinned_version

    assert _pinned_version(_audit(tmp_path, "notwork_line").ctx, "torch") == (1, 4)


def test_a_nightly_on_another_docs_page_leaves_the_stated_release(tmp_path):
    from experiment_tracking.rules.phase4_reproducibility import _pinned_version

    assert _pinned_version(_audit(tmp_path, "nightly_elsewhere").ctx, "tensorflow") == (1, 15)


def test_a_markdown_list_of_cuda_links_states_no_version(tmp_path):
    result = _audit(tmp_path, "cuda_list")
    messages = [f.message for f in result.findings if f.rule_id == "ET413"]
    assert not any("CUDA stack is stated" in m for m in messages), messages


def test_a_package_folder_and_a_test_folder_at_the_root_hold_no_split_files(tmp_path):
    result = _audit(tmp_path, "split_dirs")
    assert result.ctx.taxonomy.split_files == []


def test_a_ci_lint_script_is_no_environment_file(tmp_path):
    result = _audit(tmp_path, "ci_script")
    assert status_of(result, "ET410") == "PASS"


def test_a_model_zoo_table_linking_models_is_a_release(tmp_path):
    from experiment_tracking.scoring import released_weights

    assert released_weights(_audit(tmp_path, "zoo_table").ctx) is not None


def test_we_have_pretrained_models_on_imagenet_is_the_verb(tmp_path):
    from experiment_tracking.scoring import released_weights

    assert released_weights(_audit(tmp_path, "we_have_pretrained").ctx) is None


def test_a_papers_entry_before_a_software_entry_still_cites_the_paper(tmp_path):
    from experiment_tracking.rules.facts import research_release

    assert research_release(_audit(tmp_path, "bibtex_two").ctx) is not None


def test_the_branch_a_resume_option_chooses_still_resumes(tmp_path):
    result = _audit(tmp_path, "resume_branch2")
    assert status_of(result, "ET511") == "PASS"


def test_tfs_client_events_writer_is_tensorboard(tmp_path):
    from tests.rules.repo_helpers import detections_by_tool

    assert "tensorboard" in detections_by_tool(_audit(tmp_path, "events_client"))


def test_a_temporary_folder_handed_to_the_trackers_checkpoint_is_kept(tmp_path):
    result = _audit(tmp_path, "tmp_persisted")
    assert any(p.target.endswith("model.pt") for p in result.ctx.records.checkpoints), (
        result.ctx.records.to_dict()
    )


def test_a_temporary_folder_in_another_function_does_not_hide_a_same_named_output_dir(tmp_path):
    result = _audit(tmp_path, "tmp_collide2")
    assert status_of(result, "ET301") == "PASS"
