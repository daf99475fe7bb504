"""Trees of the code review of round fresh90's rules (one synthetic repository per wrong answer found),
read by tests/test_fresh90_mends.py."""

TREES = {
    "baselines_copy_extra_writes": {
        "requirements.txt": "torch==1.4.0\n",
        "rlproj/__init__.py": "",
        "rlproj/logger.py": "import datetime\n"
        "import json\n"
        "import os\n"
        "import os.path as osp\n"
        "import tempfile\n"
        "\n"
        "\n"
        "class CSVOutputFormat:\n"
        "    def __init__(self, filename):\n"
        '        self.file = open(filename, "w+t")\n'
        "\n"
        "    def writekvs(self, kvs):\n"
        '        self.file.write(",".join(str(v) for v in '
        'kvs.values()) + "\\n")\n'
        "\n"
        "\n"
        "class TensorBoardOutputFormat:\n"
        "    def __init__(self, dir):\n"
        "        import tensorflow as tf\n"
        "        from tensorflow.python import pywrap_tensorflow\n"
        "\n"
        "        self.tf = tf\n"
        "        self.writer = "
        "pywrap_tensorflow.EventsWriter(osp.join(dir, "
        '"events").encode())\n'
        "\n"
        "\n"
        'def make_output_format(format, ev_dir, log_suffix=""):\n'
        "    os.makedirs(ev_dir, exist_ok=True)\n"
        '    if format == "csv":\n'
        "        return CSVOutputFormat(osp.join(ev_dir, "
        '"progress%s.csv" % log_suffix))\n'
        '    elif format == "tensorboard":\n'
        "        return TensorBoardOutputFormat(osp.join(ev_dir, "
        '"tb%s" % log_suffix))\n'
        "    raise ValueError(format)\n"
        "\n"
        "\n"
        "def logkv(key, val):\n"
        "    pass\n"
        "\n"
        "\n"
        "def dumpkvs():\n"
        "    pass\n"
        "\n"
        "\n"
        "def configure(dir=None, format_strs=None):\n"
        "    if dir is None:\n"
        "        dir = osp.join(tempfile.gettempdir(), "
        'datetime.datetime.now().strftime("openai-%Y-%m-%d-%H-%M-%S-%f"))\n'
        '    format_strs = format_strs or ["stdout", "log", "csv"]\n'
        "    return [make_output_format(f, dir) for f in "
        "format_strs]\n"
        "\n"
        "\n"
        "_DIR = None\n"
        "\n"
        "\n"
        "def get_dir():\n"
        "    return _DIR\n"
        "\n"
        "\n"
        "def save_config(config):\n"
        '    """Keep the run\'s hyperparameters beside its progress '
        'files."""\n'
        '    with open(osp.join(get_dir(), "config.json"), "w") as '
        "f:\n"
        "        json.dump(config, f, indent=2, sort_keys=True)\n"
        "\n"
        "\n"
        'def save_model(model, name="model.pt"):\n'
        "    import torch\n"
        "\n"
        "    torch.save(model.state_dict(), osp.join(get_dir(), "
        "name))\n",
        "rlproj/ppo.py": "import torch\n"
        "\n"
        "from rlproj import logger\n"
        "\n"
        "\n"
        "def learn(model):\n"
        "    opt = torch.optim.Adam(model.parameters())\n"
        "    for step in range(10):\n"
        "        loss = model(torch.randn(2, 4)).sum()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        '        logger.logkv("loss", loss.item())\n'
        "        logger.dumpkvs()\n",
        "rlproj/train.py": "import argparse\n"
        "import os\n"
        "import time\n"
        "\n"
        "import torch\n"
        "\n"
        "from rlproj import logger\n"
        "from rlproj.ppo import learn\n"
        "\n"
        "\n"
        "def main():\n"
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=3e-4)\n'
        '    p.add_argument("--env", default="CartPole-v1")\n'
        "    args = p.parse_args()\n"
        '    log_dir = os.path.join("logs", args.env, '
        'time.strftime("%Y%m%d-%H%M%S"))\n'
        '    logger.configure(dir=log_dir, format_strs=["stdout", '
        '"log", "csv"])\n'
        "    logger.save_config(vars(args))\n"
        "    model = torch.nn.Linear(4, 2)\n"
        "    learn(model)\n"
        "    logger.save_model(model)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    main()\n",
    },
    "baselines_copy_flat_import": {
        "README.md": "# rl\n\n```\ncd src && python train.py --log_dir logs/run1\n```\n",
        "requirements.txt": "torch==1.4.0\n",
        "src/logger.py": "import datetime\n"
        "import json\n"
        "import os\n"
        "import os.path as osp\n"
        "import tempfile\n"
        "\n"
        "\n"
        "class CSVOutputFormat:\n"
        "    def __init__(self, filename):\n"
        '        self.file = open(filename, "w+t")\n'
        "\n"
        "    def writekvs(self, kvs):\n"
        '        self.file.write(",".join(str(v) for v in kvs.values()) + '
        '"\\n")\n'
        "\n"
        "\n"
        "class TensorBoardOutputFormat:\n"
        "    def __init__(self, dir):\n"
        "        import tensorflow as tf\n"
        "        from tensorflow.python import pywrap_tensorflow\n"
        "\n"
        "        self.tf = tf\n"
        "        self.writer = "
        "pywrap_tensorflow.EventsWriter(osp.join(dir, "
        '"events").encode())\n'
        "\n"
        "\n"
        'def make_output_format(format, ev_dir, log_suffix=""):\n'
        "    os.makedirs(ev_dir, exist_ok=True)\n"
        '    if format == "csv":\n'
        '        return CSVOutputFormat(osp.join(ev_dir, "progress%s.csv" '
        "% log_suffix))\n"
        '    elif format == "tensorboard":\n'
        '        return TensorBoardOutputFormat(osp.join(ev_dir, "tb%s" % '
        "log_suffix))\n"
        "    raise ValueError(format)\n"
        "\n"
        "\n"
        "def logkv(key, val):\n"
        "    pass\n"
        "\n"
        "\n"
        "def dumpkvs():\n"
        "    pass\n"
        "\n"
        "\n"
        "def configure(dir=None, format_strs=None):\n"
        "    if dir is None:\n"
        "        dir = osp.join(tempfile.gettempdir(), "
        'datetime.datetime.now().strftime("openai-%Y-%m-%d-%H-%M-%S-%f"))\n'
        '    format_strs = format_strs or ["stdout", "log", "csv"]\n'
        "    return [make_output_format(f, dir) for f in format_strs]\n",
        "src/ppo.py": "import torch\n"
        "\n"
        "import logger\n"
        "\n"
        "\n"
        "def learn(model):\n"
        "    opt = torch.optim.Adam(model.parameters())\n"
        "    for step in range(10):\n"
        "        loss = model(torch.randn(2, 4)).sum()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        '        logger.logkv("loss", loss.item())\n'
        "        logger.dumpkvs()\n",
        "src/train.py": "import argparse\n"
        "\n"
        "import torch\n"
        "\n"
        "import logger\n"
        "from ppo import learn\n"
        "\n"
        "\n"
        "def main():\n"
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--log_dir", default="logs")\n'
        "    a = p.parse_args()\n"
        '    logger.configure(dir=a.log_dir, format_strs=["stdout", "log", '
        '"csv"])\n'
        "    model = torch.nn.Linear(4, 2)\n"
        "    learn(model)\n"
        '    torch.save(model.state_dict(), "model.pt")\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    main()\n",
    },
    "baselines_copy_tb_csvstring": {
        "environment.yml": "dependencies:\n  - python=3.7.3\n  - pip\n  - pip:\n    - torch==1.4.0\n",
        "rlproj/__init__.py": "",
        "rlproj/logger.py": "import datetime\n"
        "import json\n"
        "import os\n"
        "import os.path as osp\n"
        "import tempfile\n"
        "\n"
        "\n"
        "class CSVOutputFormat:\n"
        "    def __init__(self, filename):\n"
        '        self.file = open(filename, "w+t")\n'
        "\n"
        "    def writekvs(self, kvs):\n"
        '        self.file.write(",".join(str(v) for v in '
        'kvs.values()) + "\\n")\n'
        "\n"
        "\n"
        "class TensorBoardOutputFormat:\n"
        "    def __init__(self, dir):\n"
        "        import tensorflow as tf\n"
        "        from tensorflow.python import pywrap_tensorflow\n"
        "\n"
        "        self.tf = tf\n"
        "        self.writer = "
        "pywrap_tensorflow.EventsWriter(osp.join(dir, "
        '"events").encode())\n'
        "\n"
        "\n"
        'def make_output_format(format, ev_dir, log_suffix=""):\n'
        "    os.makedirs(ev_dir, exist_ok=True)\n"
        '    if format == "csv":\n'
        "        return CSVOutputFormat(osp.join(ev_dir, "
        '"progress%s.csv" % log_suffix))\n'
        '    elif format == "tensorboard":\n'
        "        return TensorBoardOutputFormat(osp.join(ev_dir, "
        '"tb%s" % log_suffix))\n'
        "    raise ValueError(format)\n"
        "\n"
        "\n"
        "def logkv(key, val):\n"
        "    pass\n"
        "\n"
        "\n"
        "def dumpkvs():\n"
        "    pass\n"
        "\n"
        "\n"
        "def configure(dir=None, format_strs=None):\n"
        "    if dir is None:\n"
        "        dir = osp.join(tempfile.gettempdir(), "
        'datetime.datetime.now().strftime("openai-%Y-%m-%d-%H-%M-%S-%f"))\n'
        '    format_strs = format_strs or ["stdout", "log", "csv"]\n'
        "    return [make_output_format(f, dir) for f in "
        "format_strs]\n",
        "rlproj/ppo.py": "import torch\n"
        "\n"
        "from rlproj import logger\n"
        "\n"
        "\n"
        "def learn(model):\n"
        "    opt = torch.optim.Adam(model.parameters())\n"
        "    for step in range(10):\n"
        "        loss = model(torch.randn(2, 4)).sum()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        '        logger.logkv("loss", loss.item())\n'
        "        logger.dumpkvs()\n",
        "rlproj/train.py": "import argparse\n"
        "\n"
        "import torch\n"
        "\n"
        "from rlproj import logger\n"
        "from rlproj.ppo import learn\n"
        "\n"
        "\n"
        "def train_fn(log_dir, formats):\n"
        "    logger.configure(dir=log_dir, "
        'format_strs=formats.split(","))\n'
        "    model = torch.nn.Linear(4, 2)\n"
        "    learn(model)\n"
        '    torch.save(model.state_dict(), "model.pt")\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--log_dir", default="/tmp/rlproj")\n'
        "    # Baselines' own syntax for OPENAI_LOG_FORMAT\n"
        '    p.add_argument("--log_formats", '
        'default="stdout,log,csv,tensorboard")\n'
        "    a = p.parse_args()\n"
        "    train_fn(a.log_dir, a.log_formats)\n",
    },
    "devnull_silence": {
        "requirements.txt": "torch==1.12.1\npycocotools==2.0.6\n",
        "train.py": "import argparse\n"
        "import contextlib\n"
        "import os\n"
        "\n"
        "import torch\n"
        "from pycocotools.cocoeval import COCOeval\n"
        "\n"
        "\n"
        "def evaluate(coco_gt, coco_dt):\n"
        '    coco_eval = COCOeval(coco_gt, coco_dt, "bbox")\n'
        "    # pycocotools prints a wall of text: silence it\n"
        '    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):\n'
        "        coco_eval.evaluate()\n"
        "        coco_eval.accumulate()\n"
        "        coco_eval.summarize()\n"
        "    return coco_eval.stats[0]\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    model = torch.nn.Linear(8, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for epoch in range(args.epochs):\n"
        "        loss = model(torch.randn(4, 8)).sum()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        '        print(f"epoch {epoch} loss {loss.item():.4f}")\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=0.1)\n'
        '    p.add_argument("--epochs", type=int, default=10)\n'
        "    main(p.parse_args())\n",
    },
    "digest_default_param": {
        "README.md": "# EuroSAT\n"
        "\n"
        "The data (EuroSAT, https://github.com/phelber/EuroSAT) is downloaded and "
        "checked against its MD5 on first run.\n"
        "\n"
        "```\n"
        "python train.py\n"
        "```\n",
        "data/__init__.py": "",
        "data/eurosat.py": "import os\n"
        "\n"
        "import torch\n"
        "from torchvision.datasets import ImageFolder\n"
        "\n"
        "from utils.download import download_and_extract_archive\n"
        "\n"
        'EUROSAT_URL = "https://madm.dfki.de/files/sentinel/EuroSAT.zip"\n'
        'EUROSAT_MD5 = "c8fa014336c82ac7804f0398fcb19387"\n'
        "\n"
        "\n"
        "def prepare_eurosat(root, url=EUROSAT_URL, md5=EUROSAT_MD5):\n"
        '    """Download EuroSAT once, checking the archive against the '
        'published MD5."""\n'
        '    if not os.path.isdir(os.path.join(root, "2750")):\n'
        "        download_and_extract_archive(url, root, md5=md5)\n"
        '    return ImageFolder(os.path.join(root, "2750"))\n'
        "\n"
        "\n"
        "def loader(root, batch_size=64):\n"
        "    return torch.utils.data.DataLoader(prepare_eurosat(root), "
        "batch_size=batch_size, shuffle=True)\n",
        "requirements.txt": "torch==1.12.1\ntorchvision==0.13.1\n",
        "train.py": "import argparse\n"
        "\n"
        "import torch\n"
        "\n"
        "from data.eurosat import loader\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    model = torch.nn.Linear(64 * 64 * 3, 10)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for epoch in range(args.epochs):\n"
        "        for x, y in loader(args.data):\n"
        "            loss = torch.nn.functional.cross_entropy(model(x.flatten(1)), "
        "y)\n"
        "            opt.zero_grad()\n"
        "            loss.backward()\n"
        "            opt.step()\n"
        "        print(epoch, loss.item())\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--data", default="data/eurosat")\n'
        '    p.add_argument("--lr", type=float, default=0.1)\n'
        '    p.add_argument("--epochs", type=int, default=10)\n'
        "    main(p.parse_args())\n",
        "utils/__init__.py": "",
        "utils/download.py": "import hashlib\n"
        "import os\n"
        "import urllib.request\n"
        "\n"
        "\n"
        "def check_integrity(fpath, md5=None):\n"
        "    if md5 is None:\n"
        "        return os.path.isfile(fpath)\n"
        '    with open(fpath, "rb") as f:\n'
        "        return hashlib.md5(f.read()).hexdigest() == md5\n"
        "\n"
        "\n"
        "def download_url(url, root, filename=None, md5=None):\n"
        "    fpath = os.path.join(root, filename or os.path.basename(url))\n"
        "    urllib.request.urlretrieve(url, fpath)\n"
        "    if not check_integrity(fpath, md5):\n"
        '        raise RuntimeError("File not found or corrupted.")\n'
        "\n"
        "\n"
        "def download_and_extract_archive(url, download_root, "
        "filename=None, md5=None):\n"
        "    download_url(url, download_root, filename, md5)\n",
    },
    "fresh_dir_helper_module": {
        "pkg/__init__.py": "",
        "pkg/paths.py": "import time\n"
        "from pathlib import Path\n"
        "\n"
        'EXP_DIR = Path(__file__).resolve().parent.parent / "experiments"\n'
        "\n"
        "\n"
        "def get_exp_dir(job_id=None):\n"
        "    if job_id is not None:\n"
        '        dir_name = f"slurmjob_{job_id}"\n'
        "    else:\n"
        '        dir_name = f"local_{int(time.time() * 1000)}"\n'
        '    return EXP_DIR / "fairseq" / dir_name\n',
        "pkg/run.py": "import torch\n"
        "\n"
        "from pkg.paths import get_exp_dir\n"
        "from pkg.train import train\n"
        "\n"
        "\n"
        "def main():\n"
        "    exp_dir = get_exp_dir()\n"
        "    exp_dir.mkdir(parents=True, exist_ok=True)\n"
        "    train(torch.nn.Linear(8, 1), exp_dir=exp_dir)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    main()\n",
        "pkg/train.py": "import torch\n"
        "\n"
        "import json\n"
        "\n"
        "\n"
        "def train(model, exp_dir, lr=0.001):\n"
        "    if True:\n"
        "        opt = torch.optim.SGD(model.parameters(), lr=lr)\n"
        "        for step in range(100):\n"
        "            loss = model(torch.randn(4, 8)).sum()\n"
        "            opt.zero_grad()\n"
        "            loss.backward()\n"
        "            opt.step()\n"
        '            print(f"step {step} loss {loss.item()}")\n'
        '        torch.save(model.state_dict(), exp_dir / "model.pt")\n'
        '        with open(exp_dir / "metrics.json", "w") as f:\n'
        '            json.dump({"loss": loss.item()}, f)\n'
        "\n"
        "\n",
    },
    "fresh_param_model_train": {
        "pkg/__init__.py": "",
        "pkg/run.py": "import time\n"
        "from pathlib import Path\n"
        "\n"
        "import torch\n"
        "\n"
        "from pkg.train import train\n"
        "\n"
        "\n"
        "def get_exp_dir(job_id=None):\n"
        "    if job_id is not None:\n"
        '        dir_name = f"slurmjob_{job_id}"\n'
        "    else:\n"
        '        dir_name = f"local_{int(time.time() * 1000)}"\n'
        '    return Path("experiments") / "fairseq" / dir_name\n'
        "\n"
        "\n"
        "def prepare_exp_dir():\n"
        "    exp_dir = get_exp_dir()\n"
        "    exp_dir.mkdir(parents=True, exist_ok=True)\n"
        "    return exp_dir\n"
        "\n"
        "\n"
        "def main():\n"
        "    exp_dir = prepare_exp_dir()\n"
        "    train(torch.nn.Linear(8, 1), exp_dir=exp_dir)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    main()\n",
        "pkg/train.py": "import torch\n"
        "\n"
        "import json\n"
        "\n"
        "\n"
        "def train(model, exp_dir, lr=0.001):\n"
        "    if True:\n"
        "        opt = torch.optim.SGD(model.parameters(), lr=lr)\n"
        "        model.train()\n"
        "        for step in range(100):\n"
        "            loss = model(torch.randn(4, 8)).sum()\n"
        "            opt.zero_grad()\n"
        "            loss.backward()\n"
        "            opt.step()\n"
        '            print(f"step {step} loss {loss.item()}")\n'
        '        torch.save(model.state_dict(), exp_dir / "model.pt")\n'
        '        with open(exp_dir / "metrics.json", "w") as f:\n'
        '            json.dump({"loss": loss.item()}, f)\n'
        "\n"
        "\n",
    },
    "git_diff_stderr": {
        "requirements.txt": "torch==1.12.1\n",
        "train.py": "import argparse\n"
        "import json\n"
        "import os\n"
        "import subprocess\n"
        "import sys\n"
        "import time\n"
        "\n"
        "import torch\n"
        "\n"
        "\n"
        "def snapshot_code(run_dir):\n"
        "    # the commit and uncommitted changes this run was started from\n"
        '    with open(os.path.join(run_dir, "git_diff.patch"), "w") as f:\n'
        '        subprocess.run(["git", "diff", "HEAD"], stdout=f, stderr=sys.stderr, '
        "check=False)\n"
        '    with open(os.path.join(run_dir, "git_commit.txt"), "w") as f:\n'
        '        subprocess.run(["git", "rev-parse", "HEAD"], stdout=f, '
        "stderr=sys.stderr, check=False)\n"
        "\n"
        "\n"
        "def main(args):\n"
        '    run_dir = os.path.join("runs", time.strftime("%Y%m%d-%H%M%S"))\n'
        "    os.makedirs(run_dir)\n"
        "    snapshot_code(run_dir)\n"
        '    with open(os.path.join(run_dir, "args.json"), "w") as f:\n'
        "        json.dump(vars(args), f)\n"
        "    model = torch.nn.Linear(8, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for epoch in range(args.epochs):\n"
        "        loss = model(torch.randn(4, 8)).sum()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        '        print(f"epoch {epoch} loss {loss.item():.4f}")\n'
        '    torch.save(model.state_dict(), os.path.join(run_dir, "model.pt"))\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=0.1)\n'
        '    p.add_argument("--epochs", type=int, default=10)\n'
        "    main(p.parse_args())\n",
    },
    "model_summary": {
        "requirements.txt": "tensorflow==2.11.0\n",
        "train.py": "import argparse\n"
        "import os\n"
        "from contextlib import redirect_stdout\n"
        "\n"
        "import tensorflow as tf\n"
        "\n"
        "\n"
        "def build_model():\n"
        "    return tf.keras.Sequential([\n"
        '        tf.keras.layers.Dense(64, activation="relu", input_shape=(784,)),\n'
        '        tf.keras.layers.Dense(10, activation="softmax"),\n'
        "    ])\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    os.makedirs(args.out_dir, exist_ok=True)\n"
        "    model = build_model()\n"
        "    model.compile(optimizer=tf.keras.optimizers.Adam(args.lr), "
        'loss="sparse_categorical_crossentropy",\n'
        '                  metrics=["accuracy"])\n'
        "    # keep the architecture next to the outputs\n"
        '    with open(os.path.join(args.out_dir, "model_summary.txt"), "w") as f:\n'
        "        with redirect_stdout(f):\n"
        "            model.summary()\n"
        "    (x, y), _ = tf.keras.datasets.mnist.load_data()\n"
        "    x = x.reshape(-1, 784) / 255.0\n"
        "    model.fit(x, y, epochs=args.epochs, batch_size=128)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=1e-3)\n'
        '    p.add_argument("--epochs", type=int, default=5)\n'
        '    p.add_argument("--out_dir", default="outputs")\n'
        "    main(p.parse_args())\n",
    },
    "py_copy_shared_folder": {
        "README.md": "# ViT on CIFAR\n\n```\npython run_with_submitit.py --lr 0.1\n```\n",
        "main.py": "import argparse\n"
        "import json\n"
        "from pathlib import Path\n"
        "\n"
        "import torch\n"
        "\n"
        "from models.vit import VisionTransformer\n"
        "from utils.data import loader\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    model = VisionTransformer()\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    output_dir = Path(args.output_dir)\n"
        "    for epoch in range(args.epochs):\n"
        "        for x, y in loader():\n"
        "            loss = torch.nn.functional.cross_entropy(model(x), y)\n"
        "            opt.zero_grad()\n"
        "            loss.backward()\n"
        "            opt.step()\n"
        '        torch.save({"model": model.state_dict(), "epoch": epoch}, '
        'output_dir / "checkpoint.pth")\n'
        '        with (output_dir / "log.txt").open("a") as f:\n'
        '            f.write(json.dumps({"epoch": epoch, "train_loss": loss.item()}) '
        '+ "\\n")\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=0.1)\n'
        '    p.add_argument("--epochs", type=int, default=10)\n'
        '    p.add_argument("--output_dir", default="out")\n'
        "    main(p.parse_args())\n",
        "models/__init__.py": "",
        "models/vit.py": "import torch\n"
        "\n"
        "\n"
        "class VisionTransformer(torch.nn.Module):\n"
        "    def __init__(self, dim=64, classes=10):\n"
        "        super().__init__()\n"
        "        self.proj = torch.nn.Linear(3 * 32 * 32, dim)\n"
        "        self.head = torch.nn.Linear(dim, classes)\n"
        "\n"
        "    def forward(self, x):\n"
        "        return self.head(torch.relu(self.proj(x.flatten(1))))\n",
        "requirements.txt": "torch==1.12.1\ntorchvision==0.13.1\nsubmitit==1.4.5\n",
        "run_with_submitit.py": "import argparse\n"
        "import os\n"
        "import shutil\n"
        "from pathlib import Path\n"
        "\n"
        "import submitit\n"
        "\n"
        "import main as trainer\n"
        "\n"
        "\n"
        "def get_shared_folder() -> Path:\n"
        '    user = os.getenv("USER")\n'
        '    if Path("/checkpoint/").is_dir():\n'
        '        p = Path(f"/checkpoint/{user}/vit") / "shared"\n'
        "        p.mkdir(exist_ok=True)\n"
        "        return p\n"
        '    raise RuntimeError("No shared folder available")\n'
        "\n"
        "\n"
        'def copy_py(dst_folder, root="."):\n'
        "    if not os.path.exists(dst_folder):\n"
        '        print("Folder doesn\'t exist!")\n'
        "        return\n"
        "    for f in os.listdir(root):\n"
        '        if f.endswith(".py"):\n'
        "            shutil.copy2(f, dst_folder)\n"
        "\n"
        "\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--lr", type=float, default=0.1)\n'
        '    parser.add_argument("--epochs", type=int, default=10)\n'
        "    args = parser.parse_args()\n"
        "    shared_folder = get_shared_folder()\n"
        "    copy_py(shared_folder)\n"
        "    os.chdir(shared_folder)\n"
        '    args.output_dir = shared_folder / "job"\n'
        "    executor = submitit.AutoExecutor(folder=args.output_dir)\n"
        "    executor.submit(trainer.main, args)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    main()\n",
        "utils/__init__.py": "",
        "utils/data.py": "import torch\n"
        "import torchvision\n"
        "import torchvision.transforms as T\n"
        "\n"
        "\n"
        'def loader(root="data", batch_size=128):\n'
        "    ds = torchvision.datasets.CIFAR10(root, train=True, "
        "download=True, transform=T.ToTensor())\n"
        "    return torch.utils.data.DataLoader(ds, batch_size=batch_size, "
        "shuffle=True)\n",
    },
    "py_copy_toplevel": {
        "README.md": "# ViT on CIFAR\n\n```\npython run_with_submitit.py --lr 0.1\n```\n",
        "main.py": "import argparse\n"
        "import json\n"
        "from pathlib import Path\n"
        "\n"
        "import torch\n"
        "\n"
        "from models.vit import VisionTransformer\n"
        "from utils.data import loader\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    model = VisionTransformer()\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    output_dir = Path(args.output_dir)\n"
        "    for epoch in range(args.epochs):\n"
        "        for x, y in loader():\n"
        "            loss = torch.nn.functional.cross_entropy(model(x), y)\n"
        "            opt.zero_grad()\n"
        "            loss.backward()\n"
        "            opt.step()\n"
        '        torch.save({"model": model.state_dict(), "epoch": epoch}, output_dir / '
        '"checkpoint.pth")\n'
        '        with (output_dir / "log.txt").open("a") as f:\n'
        '            f.write(json.dumps({"epoch": epoch, "train_loss": loss.item()}) + '
        '"\\n")\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=0.1)\n'
        '    p.add_argument("--epochs", type=int, default=10)\n'
        '    p.add_argument("--output_dir", default="out")\n'
        "    main(p.parse_args())\n",
        "models/__init__.py": "",
        "models/vit.py": "import torch\n"
        "\n"
        "\n"
        "class VisionTransformer(torch.nn.Module):\n"
        "    def __init__(self, dim=64, classes=10):\n"
        "        super().__init__()\n"
        "        self.proj = torch.nn.Linear(3 * 32 * 32, dim)\n"
        "        self.head = torch.nn.Linear(dim, classes)\n"
        "\n"
        "    def forward(self, x):\n"
        "        return self.head(torch.relu(self.proj(x.flatten(1))))\n",
        "requirements.txt": "torch==1.12.1\ntorchvision==0.13.1\nsubmitit==1.4.5\n",
        "run_with_submitit.py": "import argparse\n"
        "import os\n"
        "import shutil\n"
        "import time\n"
        "\n"
        "import submitit\n"
        "\n"
        "import main as trainer\n"
        "\n"
        "\n"
        'def copy_py(dst_folder, root="."):\n'
        "    # keep the code the job ran next to its outputs\n"
        "    if not os.path.exists(dst_folder):\n"
        "        os.makedirs(dst_folder)\n"
        "    for f in os.listdir(root):\n"
        '        if f.endswith(".py"):\n'
        "            shutil.copy2(f, dst_folder)\n"
        "\n"
        "\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--lr", type=float, default=0.1)\n'
        '    parser.add_argument("--epochs", type=int, default=10)\n'
        "    args = parser.parse_args()\n"
        '    args.output_dir = os.path.join("jobs", '
        'time.strftime("%Y%m%d-%H%M%S"))\n'
        "    copy_py(args.output_dir)\n"
        "    executor = submitit.AutoExecutor(folder=args.output_dir)\n"
        "    executor.submit(trainer.main, args)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    main()\n",
        "utils/__init__.py": "",
        "utils/data.py": "import torch\n"
        "import torchvision\n"
        "import torchvision.transforms as T\n"
        "\n"
        "\n"
        'def loader(root="data", batch_size=128):\n'
        "    ds = torchvision.datasets.CIFAR10(root, train=True, download=True, "
        "transform=T.ToTensor())\n"
        "    return torch.utils.data.DataLoader(ds, batch_size=batch_size, "
        "shuffle=True)\n",
    },
    "py_files_as_data": {
        "README.md": "# char LM on Python code\n\n```\npython prepare_data.py\npython train.py\n```\n",
        "prepare_data.py": '"""Collect Python source files from a cloned corpus into a flat folder '
        'for tokenisation."""\n'
        "import argparse\n"
        "import glob\n"
        "import os\n"
        "import shutil\n"
        "\n"
        "\n"
        "def collect(corpus_dir, out_dir):\n"
        "    os.makedirs(out_dir, exist_ok=True)\n"
        '    for f in glob.glob(os.path.join(corpus_dir, "**", "*.py"), '
        "recursive=True):\n"
        "        if os.path.getsize(f) < 1_000_000:\n"
        "            shutil.copy(f, out_dir)\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--corpus_dir", default="corpus/github-python")\n'
        '    p.add_argument("--out_dir", default="data/python_files")\n'
        "    a = p.parse_args()\n"
        "    collect(a.corpus_dir, a.out_dir)\n",
        "requirements.txt": "torch==1.12.1\n",
        "train.py": "import argparse\n"
        "import glob\n"
        "import os\n"
        "\n"
        "import torch\n"
        "\n"
        "from prepare_data import collect\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    if not os.path.isdir(args.data_dir):\n"
        "        collect(args.corpus_dir, args.data_dir)\n"
        '    files = glob.glob(os.path.join(args.data_dir, "*.py"))\n'
        '    text = "".join(open(f).read() for f in files)\n'
        "    vocab = sorted(set(text))\n"
        "    model = torch.nn.Embedding(len(vocab), 64)\n"
        "    opt = torch.optim.Adam(model.parameters(), lr=args.lr)\n"
        "    for step in range(args.steps):\n"
        "        loss = model(torch.randint(0, len(vocab), (8,))).pow(2).mean()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        "        print(step, loss.item())\n"
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--corpus_dir", default="corpus/github-python")\n'
        '    p.add_argument("--data_dir", default="data/python_files")\n'
        '    p.add_argument("--lr", type=float, default=1e-3)\n'
        '    p.add_argument("--steps", type=int, default=100)\n'
        "    main(p.parse_args())\n",
    },
    "switch_raises_level": {
        "README.md": "# m\n\n`python main.py --lr 0.1 --save_results`\n",
        "main.py": "import argparse\n"
        "import json\n"
        "from pathlib import Path\n"
        "\n"
        "import torch\n"
        "\n"
        "\n"
        "def main(args):\n"
        "    model = torch.nn.Linear(8, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    output_dir = Path(args.output_dir)\n"
        "    output_dir.mkdir(parents=True, exist_ok=True)\n"
        "    for epoch in range(args.epochs):\n"
        "        loss = model(torch.randn(4, 8)).sum()\n"
        "        opt.zero_grad()\n"
        "        loss.backward()\n"
        "        opt.step()\n"
        '        print(f"epoch {epoch} loss {loss.item():.4f}")\n'
        "        if args.save_results:\n"
        '            torch.save({"model": model.state_dict(), "epoch": epoch}, '
        'output_dir / "checkpoint.pth")\n'
        '            with (output_dir / "log.txt").open("a") as f:\n'
        '                f.write(json.dumps({"train_loss": loss.item(), "epoch": '
        'epoch}) + "\\n")\n'
        "\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    p = argparse.ArgumentParser()\n"
        '    p.add_argument("--lr", type=float, default=0.1)\n'
        '    p.add_argument("--epochs", type=int, default=10)\n'
        '    p.add_argument("--output_dir", default="./output")\n'
        '    p.add_argument("--save_results", action="store_true")\n'
        "    main(p.parse_args())\n",
        "requirements.txt": "torch==1.12.1\n",
    },
}
