"""Review mends of round fresh85: each case is a repository the first version of a fix got wrong, built by an
independent reviewer; the assertions say what is true of it."""

import pytest

from tests.rules.repo_helpers import audit_committed, dimension, finding, status_of

CASES = {
    "resume-helper-param": {
        "README.md": "# x\n",
        "train.py": 'import argparse\nimport os\n\nimport torch\nimport torch.nn as nn\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/exp")\nparser.add_argument("--epochs", type=int, default=100)\nparser.add_argument("--lr", type=float, default=0.01)\nargs = parser.parse_args()\n\n\ndef restore(model, path=""):\n    """Pick up an interrupted run where it stopped: the weights it saved last."""\n    if os.path.isfile(path):\n        model.load_state_dict(torch.load(path))\n\n\ndef main():\n    os.makedirs(args.out, exist_ok=True)\n    last = os.path.join(args.out, "last.pt")\n    model = nn.Linear(4, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    restore(model, last)\n    for epoch in range(args.epochs):\n        loss = model(torch.randn(8, 4)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        torch.save(model.state_dict(), last)\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "tf-eval-session": {
        "README.md": "# x\n",
        "evaluate.py": 'import tensorflow as tf\n\nfrom train import build\n\nFLAGS = tf.flags.FLAGS\ntf.flags.DEFINE_string("checkpoint_dir", "/tmp/tf/model", "Trained model to evaluate.")\n\n\ndef main(unused_argv):\n    loss = build()\n    with tf.train.SingularMonitoredSession(checkpoint_dir=FLAGS.checkpoint_dir) as sess:\n        print("test loss", sess.run(loss))\n\n\nif __name__ == "__main__":\n    tf.app.run()\n',
        "train.py": 'import os\n\nimport tensorflow as tf\n\nFLAGS = tf.flags.FLAGS\ntf.flags.DEFINE_string("checkpoint_dir", "/tmp/tf/model", "Where checkpoints are kept.")\ntf.flags.DEFINE_float("learning_rate", 1e-4, "Learning rate.")\n\n\ndef build():\n    x = tf.random_normal([8, 4])\n    w = tf.get_variable("w", [4, 1])\n    return tf.reduce_mean(tf.matmul(x, w))\n\n\ndef train(num_steps):\n    loss = build()\n    train_step = tf.train.RMSPropOptimizer(FLAGS.learning_rate).minimize(loss)\n    saver = tf.train.Saver()\n    with tf.Session() as sess:\n        sess.run(tf.global_variables_initializer())\n        for step in range(num_steps):\n            sess.run([train_step, loss])\n        saver.save(sess, os.path.join(FLAGS.checkpoint_dir, "model.ckpt"))\n\n\ndef main(unused_argv):\n    train(1000)\n\n\nif __name__ == "__main__":\n    tf.app.run()\n',
    },
    "printed-error": {
        "README.md": "# x\n\nRun `bash run.sh`.\n",
        "nli.py": 'import argparse\nimport sys\n\nimport numpy as np\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--dataset", default="xnli")\nparser.add_argument("--lr", type=float, default=0.001)\nparser.add_argument("--bsize", type=int, default=32)\nparser.add_argument("--seed", type=int, default=123)\nargs = parser.parse_args()\n\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\nif args.dataset not in ("xnli", "mnli"):\n    print("unknown dataset", args.dataset)\n    sys.exit(1)\nnet = torch.nn.Linear(4, 2)\noptimizer = torch.optim.Adam(net.parameters(), lr=args.lr)\nfor epoch in range(10):\n    loss = net(torch.randn(args.bsize, 4)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    print(" - epoch {:d} loss {:f}".format(epoch, loss.item()))\n',
        "run.sh": "#!/bin/bash\nfor lr in 0.001 0.01 ; do\npython3 nli.py --lr ${lr} > logs/nli.lr${lr}.log\ndone\n",
    },
    "printed-optimizer": {
        "README.md": "# x\n\nRun `bash run.sh`.\n",
        "run.sh": "#!/bin/bash\npython3 train.py > logs/train.log\n",
        "train.py": 'import torch\n\nLR = 0.001\ntorch.manual_seed(0)\nnet = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(net.parameters(), lr=LR)\nsched = torch.optim.lr_scheduler.StepLR(opt, 5)\nfor epoch in range(10):\n    loss = net(torch.randn(32, 4)).sum()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    sched.step()\n    print("epoch", epoch, "loss", loss.item(), "lr", opt.param_groups[0]["lr"])\n',
    },
    "params-json-weights": {
        "README.md": "# x\n",
        "train.py": 'import json\n\nimport numpy as np\n\nrng = np.random.default_rng(0)\nx = rng.normal(size=(200, 3))\ny = (x.sum(axis=1) > 0).astype(float)\nw, b, lr = np.zeros(3), 0.0, 0.1\nfor epoch in range(100):\n    p = 1 / (1 + np.exp(-(x @ w + b)))\n    grad = p - y\n    w -= lr * x.T @ grad / len(y)\n    b -= lr * grad.mean()\n    print("epoch", epoch, "loss", float(-(y * np.log(p + 1e-9)).mean()))\n\nparams = {"w": w.tolist(), "b": float(b)}\nwith open("params.json", "w") as f:\n    json.dump(params, f)\n',
    },
    "timestamp-fields": {
        "README.md": "# x\n",
        "train.py": 'import argparse\nimport datetime\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--output_dir", default="runs")\nparser.add_argument("--exp", default="base")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n\n\ndef main():\n    launched = str(datetime.datetime.now())\n    timestamp = launched.split(".")[0].replace(" ", "_").replace(":", "-")\n    save_path = os.path.join(args.output_dir, timestamp)\n    os.makedirs(save_path, exist_ok=True)\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(3):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        torch.save(model.state_dict(), os.path.join(save_path, "model_%d.pt" % epoch))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "interval-passed": {
        "README.md": "# x\n\n## Train\n\n```\npython train.py --save_interval 10\n```\n",
        "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_dir", default="checkpoints")\nparser.add_argument("--save_interval", type=int, default=0, help="epochs between checkpoints (0: none)")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n\n\ndef main():\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    os.makedirs(args.save_dir, exist_ok=True)\n    for epoch in range(100):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        if args.save_interval > 0:\n            if epoch % args.save_interval == 0:\n                torch.save(model.state_dict(), os.path.join(args.save_dir, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "imported-model-save": {
        "README.md": "# x\n",
        "net.py": 'from tensorflow import keras\n\nmodel = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])\nmodel.compile(optimizer="adam", loss="mse")\n',
        "train.py": 'import numpy as np\n\nfrom net import model\n\nx = np.random.rand(256, 8)\ny = np.random.rand(256, 1)\nmodel.fit(x, y, epochs=10, validation_split=0.2)\nmodel.save("model.h5")\n',
    },
    "readme-cd-env": {
        "README.md": "# Sparse trainer\n\nCode for the paper.\n\n## Experiments\n\nFrom the repository root:\n\n```\ncd src && CUDA_VISIBLE_DEVICES=0 python -m trainer.run --lr 0.05\n```\n\nOn a cluster:\n\n```\n(sparse) user@node:~/sparse$ srun --gres=gpu:1 python -m trainer.run\n```\n",
        "src/trainer/__init__.py": "",
        "src/trainer/run.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_dir", default="checkpoints")\nparser.add_argument("--save_interval", type=int, default=1000, help="steps between checkpoints")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n\n\ndef main():\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    os.makedirs(args.save_dir, exist_ok=True)\n    for step in range(10000):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        if args.save_interval > 0 and step % args.save_interval == 0:\n            torch.save(model.state_dict(), os.path.join(args.save_dir, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "requires-sentence": {
        "README.md": "# BERT port\n\nA port of the original model.\n\n## Pretrained weights\n\nYou will need to convert the original TensorFlow checkpoint to PyTorch first: run\n`python convert.py --tf_checkpoint bert_model.ckpt`.\n",
        "convert.py": 'import argparse\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--tf_checkpoint")\nargs = parser.parse_args()\ntorch.save({}, args.tf_checkpoint + ".pt")\n',
        "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_dir", default="checkpoints")\nparser.add_argument("--save_interval", type=int, default=1000, help="steps between checkpoints")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n\n\ndef main():\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    os.makedirs(args.save_dir, exist_ok=True)\n    for step in range(10000):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        if args.save_interval > 0 and step % args.save_interval == 0:\n            torch.save(model.state_dict(), os.path.join(args.save_dir, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "setup-deps": {
        "README.md": "# x\n",
        "setup.py": 'from setuptools import find_packages, setup\n\n\ndef deps():\n    return ["torch>=1.8", "numpy"]\n\n\nsetup(name="proj", version="0.1", packages=find_packages(), install_requires=deps())\n',
        "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_dir", default="checkpoints")\nparser.add_argument("--save_interval", type=int, default=1000, help="steps between checkpoints")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n\n\ndef main():\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    os.makedirs(args.save_dir, exist_ok=True)\n    for step in range(10000):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        if args.save_interval > 0 and step % args.save_interval == 0:\n            torch.save(model.state_dict(), os.path.join(args.save_dir, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
}

DATA_PACKAGE = {
    "README.md": "# NMT\n\n## Train\n\n```\npython train.py\n```\n",
    "nmt/__init__.py": "",
    "nmt/data/__init__.py": "from .base_dataset import BaseDataset\n",
    "nmt/data/base_dataset.py": "import random\n\nimport numpy as np\nimport torch\n\n\nclass BaseDataset(torch.utils.data.Dataset):\n    def __init__(self, path, seed=1):\n        self.path = path\n        random.seed(seed)\n        np.random.seed(seed)\n        self.items = [line.split() for line in open(path)]\n\n    def __len__(self):\n        return len(self.items)\n\n    def __getitem__(self, i):\n        return self.items[i]\n",
    "nmt/data/dataset_1.py": "from .base_dataset import BaseDataset\n\n\nclass Dataset1(BaseDataset):\n    def __getitem__(self, i):\n        return [t.lower() for t in self.items[i]][: 1]\n",
}

BPE_TRAIN = 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--data", default="data/bpe")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n\n\ndef read(split, lang):\n    with open(os.path.join(args.data, f"{split}.{lang}")) as f:\n        return [line.split() for line in f]\n\n\nsrc, tgt = read("train", "de"), read("train", "en")\nmodel = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(10):\n    loss = model(torch.randn(8, 4)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), "model.pt")\n'


def _audit(tmp_path, name, files=None):
    return audit_committed(tmp_path / name, files if files is not None else CASES[name])


def _configs(result):
    return [p for p in result.ctx.records.config]


def test_a_helper_handed_the_runs_own_checkpoint_still_resumes(tmp_path):
    # restore(model, last) with `last` the file every epoch saves: the run finds what an interrupted run left
    assert status_of(_audit(tmp_path, "resume-helper-param"), "ET511") == "PASS"


def test_an_evaluation_script_restoring_a_session_resumes_no_training(tmp_path):
    assert status_of(_audit(tmp_path, "tf-eval-session"), "ET511") != "PASS"


def test_an_option_printed_only_on_an_error_path_or_an_optimizers_field_is_no_parameter_record(tmp_path):
    for name in ("printed-error", "printed-optimizer"):
        result = _audit(tmp_path, name)
        assert not _configs(result), (name, _configs(result))
        assert status_of(result, "ET210") == "FAIL", name


def test_a_numpy_models_weights_dumped_to_params_json_are_no_configuration(tmp_path):
    result = _audit(tmp_path, "params-json-weights")
    assert not _configs(result), _configs(result)


def test_a_stamp_built_from_a_clock_reading_stays_per_run(tmp_path):
    result = _audit(tmp_path, "timestamp-fields")
    kept = [p.keeping for p in result.ctx.records.checkpoints]
    assert kept and all(k == "time" for k in kept), kept


def test_an_off_interval_the_documented_command_sets_saves_on_documented_runs(tmp_path):
    result = _audit(tmp_path, "interval-passed")
    assert result.ctx.records.checkpoints, result.ctx.records
    assert "only when a switch is on" not in finding(result, "ET310").message


def test_an_imported_model_object_saving_itself_to_a_path_is_a_checkpoint(tmp_path):
    result = _audit(tmp_path, "imported-model-save")
    assert [p.target for p in result.ctx.records.checkpoints] == ["model.h5"]


def test_run_commands_after_cd_environment_settings_and_prompts_are_run_instructions(tmp_path):
    assert status_of(_audit(tmp_path, "readme-cd-env"), "ET604") == "PASS"


def test_a_sentence_naming_packages_the_code_does_not_import_is_no_dependency_list(tmp_path):
    result = _audit(tmp_path, "requires-sentence")
    assert dimension(result, "environment_capture").score == 0


def test_a_setup_computing_its_dependencies_is_not_said_to_declare_none(tmp_path):
    message = finding(_audit(tmp_path, "setup-deps"), "ET410").message
    assert "could read" in message, message


def test_a_data_package_of_the_projects_code_is_audited(tmp_path):
    files = dict(DATA_PACKAGE)
    module = files["nmt/data/dataset_1.py"]
    for i in range(2, 57):
        files[f"nmt/data/dataset_{i}.py"] = module.replace("Dataset1", f"Dataset{i}")
    result = _audit(tmp_path, "data-package", files)
    assert "nmt/data" not in result.ctx.inventory.vendored
    assert "nmt/data/base_dataset.py" in result.ctx.index.modules


@pytest.mark.parametrize("kept", ["train.en", "train.de"])
def test_the_bpe_encoded_corpus_in_a_bpe_folder_is_training_data(tmp_path, kept):
    from experiment_tracking.rubric import committed_data

    lines = "\n".join(f"dog de@@ uft ns ru@@ {i} the a" for i in range(400)) + "\n"
    files = {
        "README.md": "# NMT\n",
        "train.py": BPE_TRAIN,
        "data/bpe/codes": "\n".join(f"d e{i}" for i in range(400)) + "\n",
        "data/bpe/train.en": lines,
        "data/bpe/train.de": lines,
    }
    committed = {f.path for f in committed_data(_audit(tmp_path, "bpe", files).ctx)}
    assert f"data/bpe/{kept}" in committed and "data/bpe/codes" not in committed, committed


def test_an_interval_named_only_in_the_readmes_prose_leaves_the_default_run_without_checkpoints(tmp_path):
    from tests.test_fresh85_families import TF1_HOOKED

    readme = (
        "# x\n\n```shell\n$ python train.py --learning_rate=0.001\n```\n\nCheckpointing is disabled by default. "
        "To enable, use the `checkpoint_interval` flag. E.g. `--checkpoint_interval=10000`.\n"
    )
    result = audit_committed(tmp_path / "r", {"train.py": TF1_HOOKED, "README.md": readme})
    assert status_of(result, "ET310") == "REVIEW", finding(result, "ET310").message
    # ... set on the documented command line, every documented run keeps checkpoints
    ran = readme.replace("--learning_rate=0.001", "--learning_rate=0.001 --checkpoint_interval=1000")
    result = audit_committed(tmp_path / "r2", {"train.py": TF1_HOOKED, "README.md": ran})
    assert status_of(result, "ET310") != "REVIEW", finding(result, "ET310").message


def test_a_module_importing_what_only_python_2_has_gets_a_python_2_fix(tmp_path):
    py2 = "import cPickle\nimport numpy as np\n\nnp.random.seed(1)\ncPickle.dump(np.zeros(3), open('w.pkl', 'wb'))\n"
    files = {"lasagne/train.py": py2, "README.md": "# x\n"}
    fix = finding(audit_committed(tmp_path / "r", files), "ET411").recommendation
    assert "2.7" in fix, fix
    # behind an ImportError fallback it runs on both
    both = (
        "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n" + py2.split("\n", 1)[1]
    )
    patched = {**files, "lasagne/train.py": both.replace("cPickle.dump", "pickle.dump")}
    fix = finding(audit_committed(tmp_path / "r2", patched), "ET411").recommendation
    assert "2.7" not in fix, fix
    # inside a function (a legacy helper nothing may call) only that function needs Python 2
    inner = (
        "import numpy as np\n\n\ndef dump(x):\n    import cPickle\n    cPickle.dump(x, open('w.pkl', 'wb'))\n"
    )
    fix = finding(
        audit_committed(tmp_path / "r3", {**files, "lasagne/train.py": inner}), "ET411"
    ).recommendation
    assert "2.7" not in fix, fix


def test_a_schedule_guarded_by_its_interval_is_no_switch(tmp_path):
    # `if config.snapshot_freq != 0 and task_id % config.snapshot_freq == 0:` saves on a schedule every run
    code = (
        "import json\nimport torch\n\nconfig = json.load(open('configs/run.json'))\nmodel = torch.nn.Linear(2, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor task_id in range(100):\n"
        "    loss = model(torch.randn(4, 2)).sum()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "    if config['snapshot_freq'] != 0 and task_id % config['snapshot_freq'] == 0:\n"
        "        torch.save(model.state_dict(), 'snapshot_{}.pt'.format(task_id))\n"
    )
    code = code.replace("config['snapshot_freq']", "config.snapshot_freq").replace(
        "config = json.load(open('configs/run.json'))",
        "from types import SimpleNamespace\nconfig = SimpleNamespace(**json.load(open('configs/run.json')))",
    )
    files = {"train.py": code, "configs/run.json": '{"snapshot_freq": 20}\n', "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert result.ctx.records.checkpoints, result.ctx.records
    assert status_of(result, "ET310") != "REVIEW" or "switch" not in finding(result, "ET310").message


def test_the_best_epoch_evidence_is_the_same_whatever_the_hash_seed(tmp_path):
    # several training scripts pick their best epoch: the one cited must not follow a set's iteration order
    import json
    import os
    import subprocess
    import sys

    from tests.rules.repo_helpers import commit_all, write_repo
    from tests.test_fresh85_families import ARGMAX_BEST

    root = write_repo(
        tmp_path / "r", {f"train_{k}.py": ARGMAX_BEST for k in ("a", "b", "c", "d")} | {"README.md": "# x\n"}
    )
    commit_all(root)
    cited = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        out = tmp_path / f"r{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed, "EXPERIMENT_TRACKING_CACHE_DIR": "off"}
        subprocess.run(
            [sys.executable, "-m", "experiment_tracking", "audit", str(root), "-o", str(tmp_path / "r.md"),
             "--json-file", str(out), "--quiet"],
            env=env, check=False, cwd=tmp_path,
        )  # fmt: skip
        found = json.loads(out.read_text())["findings"]
        cited.add(tuple(e["path"] for f in found if f["rule_id"] == "ET310" for e in f["evidence"]))
    assert len(cited) == 1, cited
