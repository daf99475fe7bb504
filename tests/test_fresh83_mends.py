"""Review mends for round fresh83: each case is a code reviewer's reproduction of a false claim (or a lost
true one) made by the round's first fixes."""

import pytest

from tests.rules.repo_helpers import audit_committed, dimension, status_of

CASES = {
    "unbuilt_options_class": {
        "disc.py": 'import torch\nfrom torch import nn\n\n\nclass Critic(nn.Module):\n    """Auxiliary critic used only by the analysis notebook."""\n\n    def __init__(self, args):\n        super().__init__()\n        self.args = args\n        self.fc = nn.Linear(4, 1)\n\n    def forward(self, x):\n        return self.fc(x)\n',
        "train.py": 'import argparse\n\nimport torch\nimport torchvision\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    args = parser.parse_args()\n    model = torchvision.models.resnet18()\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for _ in range(3):\n        loss = model(torch.zeros(1, 3, 32, 32)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    torch.save(model, "resnet.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "configuration_json": {
        "train.py": 'import json\nimport os\nimport sys\n\nimport torch\nimport yaml\n\n\ndef main():\n    with open(sys.argv[1]) as f:\n        setup = yaml.safe_load(f)\n    out_dir = setup["out_dir"]\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=setup["lr"])\n    with open(os.path.join(out_dir, "configuration.json"), "w") as f:\n        json.dump(setup, f, indent=2)\n    for _ in range(3):\n        loss = model(torch.zeros(1, 2)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    torch.save(model.state_dict(), os.path.join(out_dir, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "one_hyperparameter_key": {
        "train.py": 'import logging\n\nimport numpy as np\nimport xgboost as xgb\n\nlogging.basicConfig(filename="train.log", level=logging.INFO)\n\n\ndef main():\n    X = np.random.rand(100, 4)\n    y = (X[:, 0] > 0.5).astype(int)\n    dtrain = xgb.DMatrix(X, label=y)\n    params = {"objective": "binary:logistic", "eta": 0.3, "max_depth": 6}\n    logging.info(params)\n    booster = xgb.train(params, dtrain, num_boost_round=10)\n    booster.save_model("model.json")\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "epochs_with_vars": {
        "train.py": 'import argparse\nimport os\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--epochs", type=int, default=10)\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--save", default="runs/a")\n    args = parser.parse_args()\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    with open(os.path.join(args.save, "log.txt"), "w") as f:\n        f.write("training for {} epochs with {}\\n".format(args.epochs, vars(args)))\n    for epoch in range(args.epochs):\n        loss = model(torch.zeros(1, 2)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    torch.save(model.state_dict(), os.path.join(args.save, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "library_save_model": {
        "train.py": 'import argparse\n\nimport mlflow.pytorch\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--export", default="exported_model")\n    args = parser.parse_args()\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for _ in range(3):\n        loss = model(torch.zeros(1, 2)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    mlflow.pytorch.save_model(model, args.export)\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "inline_cache_dir": {
        "export.py": 'import os\n\nimport tensorflow as tf\n\nflags = tf.compat.v1.flags\nFLAGS = flags.FLAGS\nflags.DEFINE_string("cache_dir", None, "where downloads are cached")\n\n\ndef fetch_via_variable(archive_name, temp_directory):\n    cache_path = os.path.join(FLAGS.cache_dir, archive_name)\n    tf.io.gfile.copy(cache_path, os.path.join(temp_directory, archive_name), overwrite=True)\n\n\ndef fetch_inline(archive_name, temp_directory):\n    tf.io.gfile.copy(\n        os.path.join(FLAGS.cache_dir, archive_name), os.path.join(temp_directory, archive_name), overwrite=True\n    )\n',
        "train.py": 'import tensorflow as tf\n\nfrom export import fetch_inline\n\nFLAGS = tf.compat.v1.flags.FLAGS\n\n\ndef main(_):\n    fetch_inline("bert_base.zip", "/tmp/work")\n    x = tf.Variable(1.0)\n    opt = tf.compat.v1.train.AdamOptimizer(0.1)\n    train_op = opt.minimize(x * x)\n    with tf.compat.v1.Session() as sess:\n        for _ in range(10):\n            sess.run(train_op)\n\n\nif __name__ == "__main__":\n    tf.compat.v1.app.run(main)\n',
    },
    "logger_dump_path": {
        "train.py": 'import argparse\nimport os\n\nimport torch\nfrom rl_tools import logger\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", default="runs/a")\n    args = parser.parse_args()\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for step in range(100):\n        loss = model(torch.zeros(1, 2)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        logger.record("loss", loss.item())\n    logger.dump(os.path.join(args.out, "progress.json"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "hdf5_class_weights": {
        "prepare_data.py": 'import argparse\n\nimport h5py\nimport numpy as np\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", default="data/train.h5")\n    args = parser.parse_args()\n    images = np.zeros((100, 32, 32, 3), dtype=np.uint8)\n    labels = np.zeros(100, dtype=np.int64)\n    class_weights = np.bincount(labels, minlength=10) / len(labels)\n    with h5py.File(args.out, "w") as f:\n        f.create_dataset("images", data=images)\n        f.create_dataset("labels", data=labels)\n        f.create_dataset("class_weights", data=class_weights)\n\n\nif __name__ == "__main__":\n    main()\n',
        "train.py": 'import h5py\nimport torch\n\n\ndef main():\n    with h5py.File("data/train.h5", "r") as f:\n        x = torch.tensor(f["images"][:]).float().flatten(1)\n    model = torch.nn.Linear(x.shape[1], 10)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for _ in range(3):\n        loss = model(x).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "model_name_folder": {
        "train.py": 'import argparse\nimport json\nimport os\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--model_name", default="mdp", help="the name of the folder to save the model in")\n    parser.add_argument("--log_dir", default="logs")\n    parser.add_argument("--lr", type=float, default=1e-4)\n    args = parser.parse_args()\n    log_path = os.path.join(args.log_dir, args.model_name)\n    with open(os.path.join(log_path, "opt.json"), "w") as f:\n        json.dump(vars(args), f)\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(10):\n        loss = model(torch.zeros(1, 2)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        torch.save(model.state_dict(), os.path.join(log_path, "models", "weights_{}".format(epoch), "model.pth"))\n\n\nif __name__ == "__main__":\n    main()\n',
    },
    "fstring_path_dump": {
        "train.py": 'import argparse\nimport os\n\nimport torch\nfrom mmcv import Config\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("config")\n    parser.add_argument("--work_dir", default="work_dirs/a")\n    args = parser.parse_args()\n    cfg = Config.fromfile(args.config)\n    dump_path = os.path.join(args.work_dir, os.path.basename(args.config))\n    cfg.dump(f"{dump_path}")\n    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)\n    for _ in range(3):\n        loss = model(torch.zeros(1, 2)).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n\n\nif __name__ == "__main__":\n    main()\n',
    },
}


def _audit(tmp_path, name):
    return audit_committed(tmp_path / name, CASES[name])


def test_a_model_save_credits_no_options_to_a_class_nothing_builds(tmp_path):
    result = _audit(tmp_path, "unbuilt_options_class")
    assert result.ctx.records.config == [], result.ctx.records.config
    assert dimension(result, "parameter_logging").score == 1


@pytest.mark.parametrize("name", ["configuration_json", "epochs_with_vars", "fstring_path_dump"])
def test_options_files_kept_by_the_fixes(tmp_path, name):
    # configuration.json; "{} epochs with {}".format(args.epochs, vars(args)); cfg.dump(f"{dump_path}")
    result = _audit(tmp_path, name)
    assert result.ctx.records.config, name
    assert status_of(result, "ET210") == "PASS"


def test_one_hyperparameter_named_eta_handed_to_a_log_call_is_no_timing(tmp_path):
    result = _audit(tmp_path, "one_hyperparameter_key")
    assert status_of(result, "ET303") != "PASS"


def test_a_librarys_save_model_of_the_model_to_an_option_saves_there(tmp_path):
    result = _audit(tmp_path, "library_save_model")
    assert [p.target for p in result.ctx.records.checkpoints] == ["{args.export}"], (
        result.ctx.records.checkpoints
    )


def test_an_inline_copy_from_a_cache_folder_option_is_no_config(tmp_path):
    result = _audit(tmp_path, "inline_cache_dir")
    assert result.ctx.records.config == [], result.ctx.records.config


def test_a_loggers_dump_to_a_path_writes_that_file(tmp_path):
    result = _audit(tmp_path, "logger_dump_path")
    assert [p.evidence.line for p in result.ctx.records.metrics] == [20], result.ctx.records.metrics


def test_class_weights_stored_with_the_dataset_are_no_checkpoint(tmp_path):
    result = _audit(tmp_path, "hdf5_class_weights")
    assert result.ctx.records.checkpoints == [], result.ctx.records.checkpoints


def test_a_model_name_option_naming_the_runs_folder_still_names_each_run(tmp_path):
    result = _audit(tmp_path, "model_name_folder")
    assert dimension(result, "result_persistence").score == 3
