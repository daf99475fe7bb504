"""Repositories of the fresh96 code review's cases (tests/test_fresh96_mends.py): each a family the round's
rules got wrong, written small."""

_WORDS = (
    "goal",
    "team",
    "late",
    "against",
    "away",
    "season",
    "vote",
    "minister",
    "bill",
    "party",
    "strong",
    "weak",
)
# a class-per-file text dataset: headlines of five to nine words, one per line
_HEADLINES = [
    "".join(
        " ".join(_WORDS[(i * 7 + j * (k + 3)) % len(_WORDS)] for j in range(5 + i % 5)).capitalize() + "\n"
        for i in range(120)
    )
    for k in range(2)
]
# a space-aligned metadata table: padded cells, a numeric last column
_PADDED_TABLE = "".join(
    ", ".join(f"{v:<14}" for v in (f"img_{i:04d}", ("cat", "dog", "bird")[i % 3], "train", "flickr", "bob"))
    + f", {0.9 + (i % 10) / 100:.2f}\n"
    for i in range(60)
)

CASES = {
    "copytree_data_pkg_name": {
        "README.md": "# Cls\n\nTrain: `python train.py --data-root /datasets/flowers --scratch /tmp/work --out runs/a`\n",
        "data/__init__.py": "",
        "data/dataset.py": "import os\n\nimport torch\n\n\nclass Flowers(torch.utils.data.Dataset):\n    def __init__(self, root):\n        self.files = sorted(os.listdir(root))\n\n    def __len__(self):\n        return len(self.files)\n\n    def __getitem__(self, i):\n        return torch.randn(2), 0\n",
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import argparse\nimport os\nimport shutil\n\nimport torch\n\nfrom data.dataset import Flowers\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--data-root", required=True)\nparser.add_argument("--scratch", default="/tmp/work")\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\ntorch.manual_seed(0)\n# stage the dataset on the node\'s local disk for faster reads\nlocal = os.path.join(args.scratch, "data")\nif not os.path.exists(local):\n    shutil.copytree(args.data_root, local)\nds = Flowers(local)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in torch.utils.data.DataLoader(ds, batch_size=4):\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()\nos.makedirs(args.out, exist_ok=True)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "d2_bare_setup_logger": {
        "README.md": "# Det\n\nTrain: `python train.py --out runs/a`\n",
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import argparse\nimport os\n\nimport torch\nfrom detectron2.utils.env import seed_all_rng\nfrom detectron2.utils.logger import setup_logger\nfrom detectron2.modeling import build_model\nfrom detectron2.config import get_cfg\n\nlogger = setup_logger()\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=1234)\nparser.add_argument("--lr", type=float, default=0.01)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nseed_all_rng(args.seed)\ncfg = get_cfg()\nmodel = build_model(cfg)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor it in range(100):\n    loss = sum(model([{"image": torch.rand(3, 64, 64)}]).values())\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    logger.info("iter %d loss %.3f", it, loss.item())\nos.makedirs(args.out, exist_ok=True)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pth"))\n',
    },
    "d2_iteration_timer_no_writer": {
        "README.md": "# Det\n\nTrain: `python train.py --output-dir runs/exp`\n",
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import argparse\nimport json\nimport os\n\nimport torch\nfrom detectron2.config import get_cfg\nfrom detectron2.engine import SimpleTrainer, hooks\nfrom detectron2.modeling import build_model\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--output-dir", default="runs/exp")\nparser.add_argument("--max-iter", type=int, default=20000)\nargs = parser.parse_args()\ntorch.manual_seed(0)\ncfg = get_cfg()\nmodel = build_model(cfg)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.01)\nloader = [[{"image": torch.rand(3, 64, 64)}]] * 10\ntrainer = SimpleTrainer(model, loader, optimizer)\ntrainer.register_hooks([hooks.IterationTimer()])\ntrainer.train(0, args.max_iter)\nos.makedirs(args.output_dir, exist_ok=True)\nwith open(os.path.join(args.output_dir, "final.json"), "w") as f:\n    json.dump({"loss": float(trainer.storage.history("total_loss").latest())}, f)\ntorch.save(model.state_dict(), os.path.join(args.output_dir, "model_final.pth"))\n',
    },
    "d2_seed_from_option": {
        "README.md": "# Det\n\nTrain: `python train_net.py --config-file configs/a.yaml`\n",
        "configs/a.yaml": "MODEL:\n  WEIGHTS: x.pkl\nSOLVER:\n  BASE_LR: 0.01\n",
        "requirements.txt": "torch==2.1.0\n",
        "train_net.py": 'from detectron2.config import get_cfg\nfrom detectron2.engine import DefaultTrainer, default_argument_parser, default_setup, launch\n\n\ndef setup(args):\n    cfg = get_cfg()\n    cfg.merge_from_file(args.config_file)\n    cfg.merge_from_list(args.opts)\n    cfg.SEED = args.seed\n    cfg.freeze()\n    default_setup(cfg, args)\n    return cfg\n\n\ndef main(args):\n    cfg = setup(args)\n    trainer = DefaultTrainer(cfg)\n    trainer.resume_or_load(resume=args.resume)\n    return trainer.train()\n\n\nif __name__ == "__main__":\n    parser = default_argument_parser()\n    parser.add_argument("--seed", type=int, default=0)\n    args = parser.parse_args()\n    launch(main, args.num_gpus, args=(args,))\n',
    },
    "docker_install_notes_from": {
        "README.md": "# Cls\n\nInstall: `pip install -r requirements.txt`\n\nTrain: `python train.py`\n\nA container is described in docker/INSTALL.\n",
        "docker/Dockerfile": "FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime@sha256:0f4b5ac9ed6a1e0d6f5a4d2c8a5b9f9a0c6d3e2b1a0f9e8d7c6b5a4f3e2d1c0b\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
        "docker/INSTALL": "Building the image\n\nFrom the repository root, run\n\n    docker build -f docker/Dockerfile -t cls .\n\nthen start a shell in it with docker run --gpus all -it cls.\n",
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import numpy as np\nimport torch\n\ntorch.manual_seed(0)\nnp.random.seed(0)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor _ in range(3):\n    opt.zero_grad()\n    model(torch.randn(4, 2)).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
    "et604_python_usage_block": {
        "README.md": '# tinyfid\n\nComputes the Frechet Inception Distance between two folders of images.\n\n## Usage\n\n```python\nfrom tinyfid.fid import fid_from_folders\n\nscore = fid_from_folders("real/", "generated/")\nprint(score)\n```\n',
        "requirements.txt": "torch==2.1.0\nscipy==1.11.0\n",
        "tinyfid/__init__.py": "",
        "tinyfid/fid.py": "import os\n\nimport numpy as np\nimport torch\nfrom scipy import linalg\n\n\ndef _stats(folder):\n    feats = np.stack([np.random.default_rng(0).normal(size=8) for _ in os.listdir(folder)])\n    return feats.mean(0), np.cov(feats, rowvar=False)\n\n\ndef fid_from_folders(a, b):\n    m1, s1 = _stats(a)\n    m2, s2 = _stats(b)\n    covmean = linalg.sqrtm(s1.dot(s2)).real\n    return float(((m1 - m2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))\n",
    },
    "gin_skip_unknown_flag_off": {
        "README.md": "# Interp\n\nTrain: `python train.py --gin_config=config/a.gin`\n",
        "config/a.gin": "train.learning_rate = 0.001\ntrain.iterations = 1000\n",
        "requirements.txt": "tensorflow==2.15.0\ngin-config==0.5.0\n",
        "train.py": 'from absl import app, flags\nimport gin\nimport tensorflow as tf\n\n_CONFIG = flags.DEFINE_string("gin_config", None, "Gin file.")\n_BINDINGS = flags.DEFINE_multi_string("gin_bindings", [], "Gin bindings.")\n_SKIP = flags.DEFINE_bool("gin_skip_unknown", False, "Ignore unknown configurables (for old configs).")\n\n\n@gin.configurable("train")\ndef train(learning_rate=gin.REQUIRED, iterations=gin.REQUIRED):\n    tf.random.set_seed(0)\n    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), loss="mse")\n    model.fit(tf.random.normal((8, 2)), tf.random.normal((8, 2)), epochs=iterations)\n    model.save("model.keras")\n\n\ndef main(_):\n    gin.parse_config_files_and_bindings([_CONFIG.value], _BINDINGS.value, skip_unknown=_SKIP.value)\n    train()\n\n\nif __name__ == "__main__":\n    app.run(main)\n',
    },
    "gin_skip_unknown_list": {
        "README.md": "# Interp\n\nTrain: `python train.py --gin_config=config/a.gin`\n",
        "config/a.gin": "train.learning_rate = 0.001\ntrain.iterations = 1000\n",
        "requirements.txt": "tensorflow==2.15.0\ngin-config==0.5.0\n",
        "train.py": 'from absl import app, flags\nimport gin\nimport tensorflow as tf\n\n_CONFIG = flags.DEFINE_string("gin_config", None, "Gin file.")\n_BINDINGS = flags.DEFINE_multi_string("gin_bindings", [], "Gin bindings.")\n\n\n@gin.configurable("train")\ndef train(learning_rate=gin.REQUIRED, iterations=gin.REQUIRED):\n    tf.random.set_seed(0)\n    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), loss="mse")\n    model.fit(tf.random.normal((8, 2)), tf.random.normal((8, 2)), epochs=iterations)\n    model.save("model.keras")\n\n\ndef main(_):\n    gin.parse_config_files_and_bindings([_CONFIG.value], _BINDINGS.value, skip_unknown=["tpu_config"])\n    train()\n\n\nif __name__ == "__main__":\n    app.run(main)\n',
    },
    "image_url_dataset_download": {
        "README.md": "# Cls\n\nBuild the training set (fetches each image listed in `urls.txt`):\n\n```\npython crawl.py\n```\n\nTrain: `python train.py`\n",
        "crawl.py": 'import io\nimport os\n\nimport requests\nfrom PIL import Image\n\n\ndef main():\n    os.makedirs("data/images", exist_ok=True)\n    for i, row in enumerate(open("urls.txt")):\n        url, label = row.strip().split("\\t")\n        resp = requests.get(url, timeout=10)\n        img = Image.open(io.BytesIO(resp.content)).convert("RGB")\n        img.save(os.path.join("data/images", f"{i:06d}_{label}.jpg"))\n\n\nif __name__ == "__main__":\n    main()\n',
        "requirements.txt": "torch==2.1.0\nrequests==2.31.0\nPillow==10.0.0\n",
        "train.py": 'import os\n\nimport torch\nfrom PIL import Image\n\ntorch.manual_seed(0)\nfiles = sorted(os.listdir("data/images"))\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor name in files:\n    img = Image.open(os.path.join("data/images", name))\n    opt.zero_grad()\n    model(torch.randn(4, 2)).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
        "urls.txt": "https://example.org/img/1.jpg\\tcat\nhttps://example.org/img/2.jpg\\tdog\nhttps://example.org/img/3.jpg\\tcat\n",
    },
    "others_weights_inference_tool": {
        "README.md": "# MaskCut-Tool\n\nAn interactive annotation tool that proposes masks with Segment Anything.\n\n## Installation\n\n```\npip install -r requirements.txt\n```\n\n## Pretrained models\n\nThe tool runs the SAM ViT-H checkpoint released by Meta:\n[sam_vit_h_4b8939.pth](https://dl.fbaipublicfiles.com/segment_anything/sam_vit_h_4b8939.pth).\nPut it in `checkpoints/`.\n\n## Usage\n\n```\npython annotate.py --images my_images/ --ckpt checkpoints/sam_vit_h_4b8939.pth\n```\n",
        "annotate.py": 'import argparse\nimport os\n\nimport cv2\nfrom segment_anything import SamPredictor, sam_model_registry\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--images", required=True)\nparser.add_argument("--ckpt", required=True)\nargs = parser.parse_args()\nsam = sam_model_registry["vit_h"](checkpoint=args.ckpt)\npredictor = SamPredictor(sam)\nfor name in sorted(os.listdir(args.images)):\n    image = cv2.imread(os.path.join(args.images, name))\n    predictor.set_image(image)\n    masks, _, _ = predictor.predict(point_coords=None, box=None)\n    cv2.imwrite(os.path.join(args.images, name + ".mask.png"), masks[0].astype("uint8") * 255)\n',
        "requirements.txt": "torch==2.1.0\nsegment-anything==1.0\nopencv-python==4.8.0.76\n",
    },
    "prep_regex_convert_weights": {
        "README.md": "# Seg\n\n## Data\n\nDownload the dataset and unzip it under `data/`:\n\n```\nwget https://example.org/cityparts/cityparts_v2.zip\nunzip cityparts_v2.zip -d data/\n```\n\n## Pretrained backbone\n\nConvert the ImageNet backbone to our format:\n\n```\npython tools/convert_pretrained_weights.py resnet50.pth backbone.pth\n```\n\n## Train\n\n`python train.py --data data/cityparts_v2`\n",
        "requirements.txt": "torch==2.1.0\n",
        "tools/convert_pretrained_weights.py": 'import sys\n\nimport torch\n\nsrc = torch.load(sys.argv[1], map_location="cpu")\nout = {("backbone." + k): v for k, v in src.items() if not k.startswith("fc.")}\ntorch.save(out, sys.argv[2])\n',
        "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--data", default="data/cityparts_v2")\nargs = parser.parse_args()\ntorch.manual_seed(0)\ndata = torch.load(os.path.join(args.data, "train.pt"))\nmodel = torch.nn.Linear(2, 2)\nmodel.load_state_dict(torch.load("backbone.pth"), strict=False)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x in data:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
    "prep_unseeded_split": {
        "README.md": "# Cls\n\n## Data\n\nDownload the flowers dataset and extract it:\n\n```\nwget https://example.org/flowers/flowers_v1.tar.gz\ntar xzf flowers_v1.tar.gz -C data/raw\npython scripts/prepare_splits.py data/raw data/splits\n```\n\n## Train\n\n`python train.py --data data/splits`\n",
        "requirements.txt": "torch==2.1.0\nscikit-learn==1.3.0\nnumpy==1.26.0\n",
        "scripts/prepare_splits.py": 'import os\nimport sys\n\nimport numpy as np\nfrom sklearn.model_selection import train_test_split\n\nsrc, dst = sys.argv[1], sys.argv[2]\nnames = sorted(os.listdir(src))\nrng = np.random.default_rng()\nnames = list(rng.permutation(names))\ntrain, val = train_test_split(names, test_size=0.1)\nos.makedirs(dst, exist_ok=True)\nfor split, items in (("train", train), ("val", val)):\n    with open(os.path.join(dst, split + ".txt"), "w") as f:\n        f.write("\\n".join(items))\n',
        "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--data", default="data/splits")\nargs = parser.parse_args()\ntorch.manual_seed(0)\nnames = open(os.path.join(args.data, "train.txt")).read().split()\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor n in names:\n    opt.zero_grad()\n    model(torch.randn(4, 2)).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
    "results_name_detection_word": {
        "README.md": "# Det\n\nTrain: `python train.py --out runs/a`\n",
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/exp")\nparser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args()\ntorch.manual_seed(0)\nos.makedirs(args.out, exist_ok=True)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n\n\ndef evaluate(model):\n    with torch.no_grad():\n        return {"mAP": float(model(torch.randn(4, 2)).mean()), "mAP50": 0.5}\n\n\nwith open(os.path.join(args.out, "detection_results.txt"), "a") as f:\n    for epoch in range(args.epochs):\n        opt.zero_grad()\n        model(torch.randn(4, 2)).sum().backward()\n        opt.step()\n        stats = evaluate(model)\n        for key, value in stats.items():\n            f.write(f"epoch {epoch} {key} = {value}\\n")\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "seed_comment_block": {
        "README.md": "# Proj\n\nTrain: `python train.py --seed 42 --out runs/a`\n",
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import argparse, os, random\n\nimport numpy as np\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=None)\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nif args.seed is None:\n    # No seed on the command line: draw one, and\n    # print it below so that the run can be\n    # repeated by passing it back with --seed.\n    args.seed = random.randint(0, 100000)\nprint("seed", args.seed)\nrandom.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    loss.backward()\n    opt.step()\nos.makedirs(args.out, exist_ok=True)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "seed_else_branch": {
        "README.md": "# Proj\n\nTrain: `python train.py --seed 42 --out runs/a`\n",
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import argparse, os, random\n\nimport numpy as np\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=None)\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nif args.seed is not None:\n    print(\'seed given\', args.seed)\nelse:\n    args.seed = random.randint(0, 100000)\nrandom.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    loss.backward()\n    opt.step()\nos.makedirs(args.out, exist_ok=True)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "seed_helper_none_option": {
        "README.md": "# VQ\n\nTrain: `python main.py --out runs/a`\n",
        "main.py": 'import argparse\nimport json\nimport os\n\nimport torch\n\nfrom utils import set_seed\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=None, help="random seed (drawn if not given)")\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nset_seed(args.seed)\nos.makedirs(args.out, exist_ok=True)\nwith open(os.path.join(args.out, "run_args.json"), "w") as f:\n    json.dump(vars(args), f)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor _ in range(3):\n    model(torch.randn(4, 2)).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "utils.py": "import random\n\nimport numpy as np\nimport torch\n\n\ndef set_seed(seed=None):\n    if seed is None:\n        seed = random.getrandbits(32)\n    random.seed(seed)\n    np.random.seed(seed)\n    torch.manual_seed(seed)\n    return seed\n",
    },
    "seed_oneline_if": {
        "README.md": "# Proj\n\nTrain: `python train.py --seed 42 --out runs/a`\n",
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import argparse, os, random\n\nimport numpy as np\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=None)\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nif args.seed is None: args.seed = random.randint(0, 100000)\nrandom.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    loss.backward()\n    opt.step()\nos.makedirs(args.out, exist_ok=True)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "sentinel_seed_other_script_default": {
        "README.md": "# Proj\n\nTrain: `python train.py --out runs/a`\n\nEvaluate: `python evaluate.py --ckpt runs/a/model.pt`\n",
        "evaluate.py": 'import argparse\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--ckpt", required=True)\nparser.add_argument("--seed", type=int, default=0)\nargs = parser.parse_args()\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(2, 2)\nmodel.load_state_dict(torch.load(args.ckpt))\nprint(model(torch.randn(4, 2)).mean().item())\n',
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import argparse, os, random\n\nimport numpy as np\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=-1)\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nif args.seed < 0:\n    args.seed = random.randint(0, 100000)\nrandom.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    loss.backward()\n    opt.step()\nos.makedirs(args.out, exist_ok=True)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "sentinel_seed_saved_before_draw": {
        "README.md": "# Proj\n\nTrain: `python train.py --out runs/a`\n",
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import argparse, json, os, random\n\nimport numpy as np\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=None)\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--out", default="runs/exp")\nargs = parser.parse_args()\nos.makedirs(args.out, exist_ok=True)\nwith open(os.path.join(args.out, "options.json"), "w") as f:\n    json.dump(vars(args), f)\nif args.seed is None:\n    args.seed = random.randint(0, 100000)\nrandom.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    loss.backward()\n    opt.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    },
    "text_dataset_in_categories_dir": {
        "README.md": "# Headlines\n\nA headline topic classifier trained on the headlines committed under `data/categories/`.\n\nTrain: `python train.py`\n",
        "data/categories/politics.txt": _HEADLINES[0],
        "data/categories/sports.txt": _HEADLINES[1],
        "requirements.txt": "torch==2.1.0\nscikit-learn==1.3.0\n",
        "train.py": 'import glob\nimport os\n\nimport torch\nfrom sklearn.feature_extraction.text import HashingVectorizer\n\ntorch.manual_seed(0)\ntexts, labels = [], []\nfor i, path in enumerate(sorted(glob.glob("data/categories/*.txt"))):\n    for line in open(path):\n        texts.append(line.strip())\n        labels.append(i)\nx = torch.tensor(HashingVectorizer(n_features=64).transform(texts).toarray(), dtype=torch.float32)\ny = torch.tensor(labels)\nmodel = torch.nn.Linear(64, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor epoch in range(5):\n    opt.zero_grad()\n    torch.nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
    "tfagents_checkpointer_in_eval": {
        "README.md": "# DQN\n\nTrain: `python train.py --root_dir=runs/a`\n\nEvaluate: `python evaluate.py --ckpt_dir=runs/a/policy_19000`\n",
        "evaluate.py": 'from absl import app, flags\nimport tensorflow as tf\nfrom tf_agents.agents.dqn import dqn_agent\nfrom tf_agents.environments import suite_gym, tf_py_environment\nfrom tf_agents.networks import q_network\nfrom tf_agents.utils import common\n\nFLAGS = flags.FLAGS\nflags.DEFINE_string("ckpt_dir", None, "Checkpoint to evaluate.")\n\n\ndef main(_):\n    env = tf_py_environment.TFPyEnvironment(suite_gym.load("CartPole-v1"))\n    q_net = q_network.QNetwork(env.observation_spec(), env.action_spec())\n    agent = dqn_agent.DqnAgent(env.time_step_spec(), env.action_spec(), q_network=q_net,\n                               optimizer=tf.keras.optimizers.Adam(1e-3))\n    common.Checkpointer(ckpt_dir=FLAGS.ckpt_dir, agent=agent)\n    policy = agent.policy\n    time_step = env.reset()\n    total = 0.0\n    while not time_step.is_last():\n        time_step = env.step(policy.action(time_step).action)\n        total += float(time_step.reward)\n    print("return", total)\n\n\nif __name__ == "__main__":\n    app.run(main)\n',
        "requirements.txt": "tensorflow==2.15.0\ntf-agents==0.19.0\n",
        "train.py": 'import os\n\nfrom absl import app, flags\nimport tensorflow as tf\nfrom tf_agents.agents.dqn import dqn_agent\nfrom tf_agents.environments import suite_gym, tf_py_environment\nfrom tf_agents.networks import q_network\nfrom tf_agents.policies import policy_saver\n\nFLAGS = flags.FLAGS\nflags.DEFINE_string("root_dir", "runs/exp", "Output directory.")\nflags.DEFINE_integer("num_iterations", 20000, "Training iterations.")\n\n\ndef main(_):\n    tf.random.set_seed(0)\n    env = tf_py_environment.TFPyEnvironment(suite_gym.load("CartPole-v1"))\n    q_net = q_network.QNetwork(env.observation_spec(), env.action_spec())\n    agent = dqn_agent.DqnAgent(env.time_step_spec(), env.action_spec(), q_network=q_net,\n                               optimizer=tf.keras.optimizers.Adam(1e-3))\n    agent.initialize()\n    saver = policy_saver.PolicySaver(agent.policy)\n    writer = tf.summary.create_file_writer(FLAGS.root_dir)\n    for step in range(FLAGS.num_iterations):\n        experience = None\n        loss = agent.train(experience).loss\n        with writer.as_default():\n            tf.summary.scalar("loss", loss, step=step)\n        if step % 1000 == 0:\n            saver.save(os.path.join(FLAGS.root_dir, "policy_%d" % step))\n\n\nif __name__ == "__main__":\n    app.run(main)\n',
    },
    "vocab_regex_padded_table": {
        "README.md": "# Pets\n\nThe image metadata is committed under `data/labels/`; train with `python train.py`.\n",
        "data/labels/meta.txt": _PADDED_TABLE,
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import glob\n\nimport torch\n\ntorch.manual_seed(0)\nrows = []\nfor path in sorted(glob.glob("data/labels/*.txt")):\n    rows += [r.split(",") for r in open(path).read().splitlines()[1:]]\ny = torch.tensor([["cat", "dog", "bird"].index(r[1].strip()) for r in rows])\nx = torch.tensor([[float(r[9])] for r in rows])\nmodel = torch.nn.Linear(1, 3)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor epoch in range(5):\n    opt.zero_grad()\n    torch.nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
}
