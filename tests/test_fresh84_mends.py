"""Review mends for round fresh84: each case is a code reviewer's reproduction of a false claim (or a lost
true one) made by the round's first fixes."""

import pytest

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, status_of

CASES = {
    "srclayout_seed": {
        "README.md": "# proj\n\n`pip install -e .` then `python -m proj --seed 0`.\n",
        "pyproject.toml": '[project]\nname = "proj"\nversion = "0.1"\ndependencies = ["torch==2.1.0", "numpy==1.26.0"]\n',
        "src/proj/__init__.py": "",
        "src/proj/__main__.py": "from proj.train import main\n\nmain()\n",
        "src/proj/train.py": 'import argparse\nimport random\n\nimport numpy as np\nimport torch\n\n\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument("--seed", type=int, default=0)\n    p.add_argument("--epochs", type=int, default=3)\n    args = p.parse_args()\n    random.seed(args.seed)\n    np.random.seed(args.seed)\n    torch.manual_seed(args.seed)\n    model = torch.nn.Linear(4, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for epoch in range(args.epochs):\n        x = torch.from_numpy(np.random.randn(8, 4)).float()\n        loss = model(x).pow(2).mean()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        print(f"epoch {epoch} loss {loss.item():.4f}")\n    torch.save(model.state_dict(), "model.pt")\n',
        "scripts/download_data.py": 'import urllib.request\n\n\ndef main():\n    urllib.request.urlretrieve("https://example.org/data.csv", "data.csv")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "rng_resume": {
        "README.md": "# toy\n\n`python train.py --seed 0`; `python train.py --resume last.pt` continues.\n",
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "train.py": 'import argparse\nimport random\n\nimport numpy as np\nimport torch\n\n\ndef save_checkpoint(model, opt, epoch, path):\n    torch.save(\n        {\n            "model": model.state_dict(),\n            "opt": opt.state_dict(),\n            "epoch": epoch,\n            "torch_rng": torch.get_rng_state(),\n            "numpy_rng": np.random.get_state(),\n            "python_rng": random.getstate(),\n        },\n        path,\n    )\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=0)\nparser.add_argument("--epochs", type=int, default=10)\nparser.add_argument("--resume", default="")\nargs = parser.parse_args()\n\nrandom.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\n\nmodel = torch.nn.Linear(4, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nstart = 0\nif args.resume:\n    ckpt = torch.load(args.resume)\n    model.load_state_dict(ckpt["model"])\n    opt.load_state_dict(ckpt["opt"])\n    start = ckpt["epoch"] + 1\n    torch.set_rng_state(ckpt["torch_rng"])\n    np.random.set_state(ckpt["numpy_rng"])\n    random.setstate(ckpt["python_rng"])\n\nfor epoch in range(start, args.epochs):\n    x = torch.from_numpy(np.random.randn(8, 4)).float()\n    loss = model(x).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    print(f"epoch {epoch} loss {loss.item():.4f} seed {args.seed}")\n    save_checkpoint(model, opt, epoch, "last.pt")\n',
    },
    "fairseq_restore_last": {
        "README.md": "# WMT big\n\nRun `bash scripts/train.sh`; relaunching continues from checkpoint_last.pt.\n",
        "requirements.txt": "fairseq==0.12.2\ntorch==1.13.1\n",
        "scripts/train.sh": "#!/bin/bash\nSAVE=checkpoints/wmt_big\nfairseq-train data-bin/wmt16_en_de \\\n    --arch transformer_vaswani_wmt_en_de_big \\\n    --optimizer adam --lr 5e-4 \\\n    --max-tokens 4096 \\\n    --save-dir $SAVE \\\n    --restore-file $SAVE/checkpoint_last.pt\n",
    },
    "fairseq_ws1": {
        "README.md": "# IWSLT baseline\n\nRun `bash scripts/train.sh` on one GPU.\n\nfairseq==0.12.2\n",
        "requirements.txt": "fairseq==0.12.2\ntorch==1.13.1\n",
        "scripts/train.sh": "#!/bin/bash\n# single-GPU training\nCUDA_VISIBLE_DEVICES=0 fairseq-train data-bin/iwslt14.de-en \\\n    --arch transformer_iwslt_de_en \\\n    --optimizer adam --lr 5e-4 \\\n    --distributed-world-size 1 \\\n    --max-tokens 4096 \\\n    --save-dir checkpoints/iwslt\n",
    },
    "py3_iteritems": {
        "README.md": "# tabular\n\n`python train.py`\n",
        "data.py": "import pandas as pd\n\n\ndef load_table(path: str) -> pd.DataFrame:\n    return pd.read_csv(path)\n",
        "requirements.txt": "torch\npandas<2\n",
        "train.py": 'import argparse\n\nimport torch\n\nfrom data import load_table\n\n\ndef main() -> None:\n    p = argparse.ArgumentParser()\n    p.add_argument("--data", default="data/train.csv")\n    p.add_argument("--epochs", type=int, default=5)\n    args = p.parse_args()\n    df = load_table(args.data)\n    # normalise every feature column (pandas 1.x DataFrame.iteritems)\n    for name, col in df.iteritems():\n        df[name] = (col - col.mean()) / col.std()\n    x = torch.tensor(df.values, dtype=torch.float32)\n    model = torch.nn.Linear(x.shape[1], 1)\n    opt = torch.optim.Adam(model.parameters())\n    for epoch in range(args.epochs):\n        loss = model(x).pow(2).mean()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        print(f"epoch {epoch}: loss={loss.item():.4f}")\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "py23_compat": {
        "README.md": "# text\n\n`python train.py`\n",
        "requirements.txt": "torch\nsix\n",
        "tokenization.py": 'import six\n\n\ndef convert_to_unicode(text):\n    """Converts text to unicode on both Pythons."""\n    if six.PY3:\n        return text if isinstance(text, str) else text.decode("utf-8", "ignore")\n    return unicode(text, "utf-8", "ignore")  # noqa: F821  (Python 2 only branch)\n\n\ndef tokenize(text):\n    return convert_to_unicode(text).lower().split()\n',
        "train.py": 'import argparse\n\nimport torch\n\nfrom tokenization import tokenize\n\n\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument("--epochs", type=int, default=5)\n    args = p.parse_args()\n    vocab = {w: i for i, w in enumerate(sorted(set(tokenize("a b c d"))))}\n    model = torch.nn.EmbeddingBag(len(vocab), 1)\n    opt = torch.optim.Adam(model.parameters())\n    ids = torch.tensor([list(vocab.values())])\n    for epoch in range(args.epochs):\n        loss = model(ids).pow(2).mean()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        print(f"epoch {epoch}: loss={loss.item():.4f}")\n    torch.save(model.state_dict(), "model.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "doc_digest_model": {
        "README.md": "# Speech recogniser\n\n## Pre-trained model\n\nOur wav2vec fine-tuned on 960 h of LibriSpeech training data:\n\nhttps://dl.example.org/asr/w2v_large_960h.tar.gz\n\nMD5: 8c1b5ea2a4b7b0ba4d61c2ecdf1c1d2f\n\n## Training\n\nPrepare your own manifests with `python prepare.py /path/to/audio`, then `python train.py`.\n",
        "prepare.py": 'import os\nimport sys\n\nroot = sys.argv[1]\nwith open("train.tsv", "w") as f:\n    for name in sorted(os.listdir(root)):\n        f.write(name + "\\n")\n',
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import torch\n\nmodel = torch.nn.Linear(16, 4)\nopt = torch.optim.Adam(model.parameters())\nwith open("train.tsv") as f:\n    files = f.read().split()\nfor epoch in range(3):\n    loss = model(torch.randn(len(files) or 1, 16)).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
    "doc_digest_docker": {
        "README.md": "# Speech recogniser\n\n## Setup\n\nDownload the LibriSpeech data from https://www.openslr.org/12 and run the pinned container:\n\n    docker pull ghcr.io/example/asr@sha256:3d64db8180fb1b0207212f9032205064312b6907a3bbc81eabea10db2f5c7e9c\n\nThen `python prepare.py /path/to/audio` and `python train.py`.\n",
        "prepare.py": 'import os\nimport sys\n\nroot = sys.argv[1]\nwith open("train.tsv", "w") as f:\n    for name in sorted(os.listdir(root)):\n        f.write(name + "\\n")\n',
        "requirements.txt": "torch==2.1.0\n",
        "train.py": 'import torch\n\nmodel = torch.nn.Linear(16, 4)\nopt = torch.optim.Adam(model.parameters())\nwith open("train.tsv") as f:\n    files = f.read().split()\nfor epoch in range(3):\n    loss = model(torch.randn(len(files) or 1, 16)).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\ntorch.save(model.state_dict(), "model.pt")\n',
    },
    "loss_optim_name": {
        "README.md": "# grid\n\n`python train.py --loss l1 --optimizer sgd`, then `python summarize.py`.\n",
        "naming.py": 'def build(*parts):\n    return "_".join(str(p) for p in parts)\n',
        "requirements.txt": "torch==2.1.0\n",
        "summarize.py": 'import json\n\nfrom train import parse, run_name\n\nif __name__ == "__main__":\n    for loss in ("mse", "l1"):\n        for opt in ("adam", "sgd"):\n            args = parse(["--loss", loss, "--optimizer", opt])\n            with open(f"results/{run_name(args)}.json") as f:\n                print(loss, opt, json.load(f)["loss"])\n',
        "train.py": 'import argparse\nimport json\nimport os\n\nimport torch\n\nimport naming\n\n\ndef parse(argv=None):\n    p = argparse.ArgumentParser()\n    p.add_argument("--loss", default="mse")\n    p.add_argument("--optimizer", default="adam")\n    p.add_argument("--lr", type=float, default=1e-3)\n    return p.parse_args(argv)\n\n\ndef run_name(args):\n    return naming.build(args.loss, args.optimizer, args.lr)\n\n\ndef train(args):\n    model = torch.nn.Linear(4, 1)\n    opt = torch.optim.Adam(model.parameters(), lr=args.lr)\n    for step in range(100):\n        loss = model(torch.randn(8, 4)).pow(2).mean()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    os.makedirs("results", exist_ok=True)\n    with open(f"results/{run_name(args)}.json", "w") as f:\n        json.dump({"loss": loss.item()}, f)\n\n\nif __name__ == "__main__":\n    train(parse())\n',
    },
    "env_paren": {
        ".env": "POSTGRES_USER=mlops\nPOSTGRES_PASSWORD=Kx9vQ2mLr7Tz)\n",
        "README.md": "# x\n\n`python train.py`\n",
        "train.py": 'import os\n\nimport torch\n\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n    loss = model(torch.randn(4, 2)).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\nprint(os.environ["POSTGRES_PASSWORD"] != "")\n',
    },
    "fairseq_fixed_var": {
        "README.md": "# xsum\n\nRun `bash scripts/train.sh`.\n",
        "requirements.txt": "fairseq==0.12.2\ntorch==1.13.1\n",
        "scripts/train.sh": "#!/bin/bash\nNAME=bart_large_xsum\nfairseq-train data-bin/xsum \\\n    --save-dir checkpoints/$NAME \\\n    --tensorboard-logdir tensorboard_logs/$NAME \\\n    --arch bart_large \\\n    --lr 3e-05\n",
    },
}


def _audit(tmp_path, name):
    return audit_committed(tmp_path / name, CASES[name])


@pytest.mark.parametrize("name", ["srclayout_seed", "rng_resume"])
def test_seeds_of_the_training_path_still_count(tmp_path, name):
    # a src layout's `proj.train.main` is the project's main, not a library's; a checkpoint's generator
    # state restored at a script's top level does not undo the seed set above it
    assert status_of(_audit(tmp_path, name), "ET401") == "PASS"


def test_fairseq_restoring_the_runs_own_last_checkpoint_resumes(tmp_path):
    result = _audit(tmp_path, "fairseq_restore_last")
    assert result.ctx.records.resume, result.ctx.records.resume


def test_fairseq_on_one_process_is_no_ddp(tmp_path):
    assert "ddp" not in detections_by_tool(_audit(tmp_path, "fairseq_ws1"))


@pytest.mark.parametrize("name", ["py3_iteritems", "py23_compat"])
def test_python_3_code_with_a_python_2_name_gets_no_python_2_fix(tmp_path, name):
    result = _audit(tmp_path, name)
    fix = next(f for f in result.findings if f.rule_id == "ET411").recommendation
    assert "echo '2.7'" not in fix, fix


@pytest.mark.parametrize("name", ["doc_digest_model", "doc_digest_docker"])
def test_a_models_or_an_images_digest_is_no_data_checksum(tmp_path, name):
    data = dimension(_audit(tmp_path, name), "data_versioning")
    assert data.score < 3, data.reasons


def test_options_named_loss_and_optimizer_handed_to_a_naming_helper_train_nothing(tmp_path):
    result = _audit(tmp_path, "loss_optim_name")
    assert "summarize.py" not in {e.path for e in result.ctx.taxonomy.training_entry_points}


def test_a_password_ending_in_a_bracket_is_still_a_credential(tmp_path):
    assert status_of(_audit(tmp_path, "env_paren"), "ET204") == "FAIL"


def test_a_script_variable_set_to_a_literal_names_one_folder_for_every_run(tmp_path):
    result = _audit(tmp_path, "fairseq_fixed_var")
    assert dimension(result, "result_persistence").score == 2
