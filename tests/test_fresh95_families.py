"""Families from round fresh95 (unseen repositories), each decided by what the code does, each failing on
the build before its fix:

- A library's training script adapted as the project's own (timm's train.py kept as main.py with its
  upstream header) is what the project's commands run: its DDP is the project's, not a copy's option.
- Options rebuilt as a Namespace after an argument file is merged in, then dumped whole, are the whole
  configuration.
- Version files are read, not matched by name: requirements/runtime.txt holding a pip list pins no Python.
- `pkg==latest` names no release; `cupy-cuda101` is a package, not a CUDA version; `nvidia-smi` shown
  before a `read -p "Which GPU to use?"` prompt records nothing.
- A tracker behind a user's option and a guarded import (`if args.log_wandb: if has_wandb:`) is asked
  about by the option, whose committed default decides, not by whether the package is installed.
- TF1 summary ops nobody writes are called, to no effect: not "never called".
- timm's `_parse_args()` returns the options and their YAML dump; the dump written per run is the whole
  configuration.
- Records appended one per example ({"image_id", "caption"}) and dumped are predictions, not metrics.
- Files written into a folder the same function deletes (`shutil.rmtree(tmpdir)`) are scratch, not a record.
- OpenMMLab: the train script hands the config to the library's launcher (train_detector, or the project's
  own copy of it); the logger hooks the Python configs name (TextLoggerHook, a TensorBoard hook left
  commented out) decide the trackers, and the runner's timestamped JSON log is the run's metrics.
"""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo


def _present(result) -> dict[str, str]:
    return {d.tool: d.usage for d in result.ctx.detections if d.present}


def test_a_library_training_script_run_as_the_projects_main_keeps_its_ddp(tmp_path):
    header = "# Copyright (c) 2021-2022, NVIDIA Corporation & Affiliates. All rights reserved.\n#\n"
    helpers = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n\n" for i in range(170))
    main = (
        header
        + "import argparse\nimport os\n\nimport torch\nfrom torch.nn.parallel import DistributedDataParallel\n\n"
        "from models import build\n\n\n" + helpers + "def main():\n"
        "    parser = argparse.ArgumentParser()\n    parser.add_argument('--lr', type=float, default=0.1)\n"
        "    parser.add_argument('--local_rank', type=int, default=0)\n    args = parser.parse_args()\n"
        "    distributed = int(os.environ.get('WORLD_SIZE', 1)) > 1\n    model = build()\n"
        "    if distributed:\n        torch.cuda.set_device(args.local_rank)\n"
        "        torch.distributed.init_process_group(backend='nccl', init_method='env://')\n"
        "        model = DistributedDataParallel(model, device_ids=[args.local_rank])\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for epoch in range(10):\n        loss = model(torch.randn(2, 3)).sum()\n"
        "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {
        "main.py": main,
        "README.md": "# Model\n\n```\npython -m torch.distributed.launch --nproc_per_node=8 main.py --lr 0.1\n```\n",
        "models/__init__.py": "from .net import build\n",
        "models/net.py": "import torch\n\n\ndef build():\n    return torch.nn.Linear(3, 1)\n",
        "models/blocks.py": "import torch\n\n\nclass Block(torch.nn.Module):\n    pass\n",
        "utils.py": "def avg(xs):\n    return sum(xs) / len(xs)\n",
    }
    write_repo(tmp_path, files)
    assert _present(run_audit(tmp_path)).get("ddp") == "used"


def test_options_rebuilt_as_a_namespace_after_merging_an_argument_file_are_written_whole(tmp_path):
    train = (
        "import argparse\nimport json\nimport os\nfrom argparse import Namespace\n\nimport torch\n\n\n"
        "def get_arguments():\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--arg-file', default=None)\n    parser.add_argument('--exp-name', default='x')\n"
        "    parser.add_argument('--snapshot-dir', default='snapshots')\n"
        "    parser.add_argument('--learning-rate', type=float, default=1e-3)\n"
        "    parser.add_argument('--batch-size', type=int, default=8)\n    return parser.parse_args()\n\n\n"
        "def main():\n    args = get_arguments()\n    args_dict = vars(args)\n"
        "    if args.arg_file is not None:\n        with open(args.arg_file) as f:\n"
        "            args_dict.update(json.loads(f.read()))\n            args = Namespace(**args_dict)\n"
        "    args_str = '{}'.format(json.dumps(vars(args), sort_keys=False, indent=4))\n"
        "    os.makedirs(os.path.join(args.snapshot_dir, args.exp_name), exist_ok=True)\n"
        "    with open(os.path.join(args.snapshot_dir, args.exp_name, 'exp_args.json'), 'w') as f:\n"
        "        print(args_str, file=f)\n"
        "    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.Adam(model.parameters(), lr=args.learning_rate)\n"
        "    for i in range(10):\n        loss = model(torch.randn(args.batch_size, 2)).sum()\n"
        "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"train.py": train})
    result = run_audit(tmp_path)
    f211 = next(f for f in result.findings if f.rule_id == "ET211")
    assert f211.status == "PASS", f211.message
    # printed into a file named for the options: a file of its own, not a line of a log
    assert "line of its log" not in dimension(result, "parameter_logging").reasons[0]


TRAIN_GPU = (
    "import torch\n\nmodel = torch.nn.Linear(2, 1).cuda()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for step in range(100):\n    loss = model(torch.randn(4, 2).cuda()).sum()\n"
    "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
    "torch.save(model.state_dict(), 'model.pt')\n"
)


def _finding(tmp_path, files, rid):
    write_repo(tmp_path, files)
    return next((f for f in run_audit(tmp_path).findings if f.rule_id == rid), None)


def test_a_pip_list_named_runtime_txt_pins_no_python(tmp_path):
    files = {"train.py": TRAIN_GPU, "requirements/runtime.txt": "matplotlib\nnumpy\ntorch\n"}
    assert _finding(tmp_path / "a", files, "ET411").status != "PASS"
    files = {"train.py": TRAIN_GPU, "runtime.txt": "python-3.10.12\n"}
    assert _finding(tmp_path / "b", files, "ET411").status == "PASS"


def test_equals_latest_is_no_exact_pin():
    from experiment_tracking.index.manifests import classify_pin

    assert classify_pin("==latest") != "exact"
    assert classify_pin("==1.7.1") == "exact"


def test_a_cuda_build_of_a_package_and_a_gpu_prompt_document_no_hardware(tmp_path):
    readme = "# Net\n\n## Results\n\n| model | top-1 |\n|---|---|\n| net | 76.1 |\n\n```\npip install cupy-cuda101\n```\n"
    script = (
        '#!/bin/bash\nnvidia-smi\nread -e -p "Which GPU to use? : " -i "0" GPU\n'
        "CUDA_VISIBLE_DEVICES=$GPU python train.py\n"
    )
    f = _finding(tmp_path, {"train.py": TRAIN_GPU, "README.md": readme, "run.sh": script}, "ET413")
    assert f is not None and f.status == "WARN", (f.status, f.message, f.evidence)


def test_a_tracker_behind_an_option_and_a_guarded_import_is_asked_about_by_the_option(tmp_path):
    train = (
        "import argparse\n\nimport torch\n\ntry:\n    import wandb\n\n    has_wandb = True\n"
        "except ImportError:\n    has_wandb = False\n\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--log-wandb', action='store_true', default=False)\n"
        "parser.add_argument('--lr', type=float, default=0.1)\n\n\n"
        "def main():\n    args = parser.parse_args()\n    if args.log_wandb:\n        if has_wandb:\n"
        "            wandb.init(project='x', config=args)\n"
        "    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for step in range(10):\n        loss = model(torch.randn(4, 2)).sum()\n"
        "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n"
        "        if args.log_wandb and has_wandb:\n            wandb.log({'loss': loss.item()})\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"train.py": train, "requirements.txt": "torch==2.1.0\n"})
    result = run_audit(tmp_path)
    questions = [f.question for f in result.findings if f.rule_id == "ET420"]
    assert questions and "args.log_wandb" in questions[0] and "installed" not in questions[0], questions


def test_tf1_summary_ops_nobody_writes_are_called_not_never_called(tmp_path):
    code = (
        "import tensorflow as tf\n\n\nclass Model:\n    def optimizer(self):\n"
        "        lr = tf.get_variable('learning_rate', initializer=0.1, trainable=False)\n"
        "        tf.summary.scalar('learning_rate-summary', lr)\n"
        "        return tf.train.MomentumOptimizer(lr, 0.9)\n"
    )
    train = (
        "import tensorflow as tf\n\nfrom model import Model\n\n\ndef main():\n    opt = Model().optimizer()\n"
        "    x = tf.Variable(1.0)\n    step = opt.minimize(x * x)\n    with tf.Session() as sess:\n"
        "        for i in range(100):\n            sess.run(step)\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    f = _finding(tmp_path, {"model.py": code, "train.py": train}, "ET102")
    assert f is not None and "never called" not in f.message and "model.py:7" in f.message, f.message


def test_options_text_returned_beside_the_options_and_written_per_run_is_the_whole_configuration(tmp_path):
    # timm's train.py: _parse_args() returns the namespace and its YAML dump; main writes the text to
    # args.yaml in a timestamped run folder
    train = (
        "import argparse\nimport os\nfrom datetime import datetime\n\nimport torch\nimport yaml\n\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--lr', type=float, default=0.1)\n"
        "parser.add_argument('--output', default='output')\n\n\n"
        "def _parse_args():\n    args = parser.parse_args()\n"
        "    args_text = yaml.safe_dump(args.__dict__, default_flow_style=False)\n    return args, args_text\n\n\n"
        "def main():\n    args, args_text = _parse_args()\n"
        "    output_dir = os.path.join(args.output, datetime.now().strftime('%Y%m%d-%H%M%S'))\n"
        "    os.makedirs(output_dir)\n"
        "    with open(os.path.join(output_dir, 'args.yaml'), 'w') as f:\n        f.write(args_text)\n"
        "    model = torch.nn.Linear(2, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for epoch in range(10):\n        loss = model(torch.randn(4, 2)).sum()\n"
        "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n"
        "        torch.save(model.state_dict(), os.path.join(output_dir, f'checkpoint-{epoch}.pth'))\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"train.py": train})
    result = run_audit(tmp_path)
    assert next(f for f in result.findings if f.rule_id == "ET211").status == "PASS"
    param = dimension(result, "parameter_logging")
    assert param.score == 5, param


def test_records_of_each_examples_output_dumped_as_json_are_predictions_not_metrics(tmp_path):
    train = (
        "import argparse\nimport json\n\nimport torch\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--exp_name', default='x')\nargs = parser.parse_args()\n"
        "model = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for epoch in range(10):\n    for step in range(100):\n        loss = model(torch.randn(4, 2)).sum()\n"
        "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n"
        "    result = []\n    for image_id in range(50):\n        out = model(torch.randn(1, 2))\n"
        "        result.append({'image_id': image_id, 'caption': str(out.item())})\n"
        "    json.dump(result, open(f'results/caption_results_{args.exp_name}.json', 'w'))\n"
        "    torch.save(model.state_dict(), f'logging/{args.exp_name}/model.pt')\n"
    )
    write_repo(tmp_path, {"train.py": train})
    result = run_audit(tmp_path)
    rec = result.ctx.records
    assert not any("caption_results" in p.target for p in rec.metrics), rec.metrics
    assert any("caption_results" in p.target for p in rec.artifacts), rec.artifacts


MM_TRAIN = (
    "import argparse\nimport os.path as osp\nimport time\n\nfrom mmcv import Config\n"
    "from mmdet.apis import train_detector\nfrom mmdet.models import build_detector\n"
    "from mmdet.datasets import build_dataset\n\n\n"
    "def main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('config')\n"
    "    parser.add_argument('--work-dir')\n    parser.add_argument('--launcher', default='none')\n"
    "    args = parser.parse_args()\n    cfg = Config.fromfile(args.config)\n"
    "    cfg.work_dir = args.work_dir or osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])\n"
    "    cfg.dump(osp.join(cfg.work_dir, osp.basename(args.config)))\n"
    "    timestamp = time.strftime('%Y%m%d_%H%M%S', time.localtime())\n"
    "    model = build_detector(cfg.model)\n    datasets = [build_dataset(cfg.data.train)]\n"
    "    train_detector(model, datasets, cfg, distributed=False, validate=True, timestamp=timestamp)\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)
MM_RUNTIME = (
    "checkpoint_config = dict(interval=1)\n"
    "log_config = dict(\n    interval=50,\n    hooks=[\n        dict(type='TextLoggerHook'),\n"
    "        # dict(type='TensorboardLoggerHook')\n    ])\n"
    "dist_params = dict(backend='nccl')\nlog_level = 'INFO'\nload_from = None\nresume_from = None\n"
)


def test_openmmlab_logger_hooks_named_in_the_configs_are_the_runs_trackers(tmp_path):
    write_repo(
        tmp_path,
        {
            "tools/train.py": MM_TRAIN,
            "configs/_base_/default_runtime.py": MM_RUNTIME,
            "configs/retinanet.py": "_base_ = ['./_base_/default_runtime.py']\nmodel = dict(type='RetinaNet')\n",
            "README.md": "# Det\n\n```\npython tools/train.py configs/retinanet.py\n```\n",
        },
    )
    result = run_audit(tmp_path)
    present = _present(result)
    assert present.get("custom_logging") == "configured" and "tensorboard" not in present, present
    assert next(f for f in result.findings if f.rule_id == "ET303").status == "PASS"
    logs = [p for p in result.ctx.records.metrics if p.target.endswith(".log.json")]
    assert logs and logs[0].per_run, result.ctx.records.metrics


def test_the_projects_own_copy_of_the_openmmlab_launcher_starts_the_same_runner(tmp_path):
    train = MM_TRAIN.replace(
        "from mmdet.apis import train_detector", "from mmdet_custom.apis.train import train_detector"
    )
    copy = (
        "from mmcv.runner import EpochBasedRunner\n\n\n"
        "def train_detector(model, dataset, cfg, distributed=False, validate=False, timestamp=None):\n"
        "    runner = EpochBasedRunner(model, work_dir=cfg.work_dir)\n"
        "    runner.register_training_hooks(cfg.lr_config, cfg.optimizer_config, cfg.checkpoint_config, cfg.log_config)\n"
        "    runner.run(dataset, cfg.workflow)\n"
    )
    write_repo(
        tmp_path,
        {
            "tools/train.py": train,
            "mmdet_custom/__init__.py": "",
            "mmdet_custom/apis/__init__.py": "",
            "mmdet_custom/apis/train.py": copy,
            "configs/_base_/default_runtime.py": MM_RUNTIME,
        },
    )
    assert _present(run_audit(tmp_path)).get("custom_logging") == "configured"


def test_files_written_into_a_folder_the_function_then_deletes_are_scratch(tmp_path):
    code = (
        "import os.path as osp\nimport pickle\nimport shutil\nimport tempfile\n\n\n"
        "def collect_results(result_part, rank, world_size):\n    tmpdir = tempfile.mkdtemp()\n"
        "    pickle.dump(result_part, open(osp.join(tmpdir, f'part_{rank}.pkl'), 'wb'))\n"
        "    parts = [pickle.load(open(osp.join(tmpdir, f'part_{i}.pkl'), 'rb')) for i in range(world_size)]\n"
        "    shutil.rmtree(tmpdir)\n    return parts\n"
    )
    from experiment_tracking.index.python_facts import parse_python

    m = parse_python("test_utils.py", code)
    assert not [w for w in m.writes if "part_" in w.target], m.writes


def test_a_folder_the_readme_calls_unmaintained_is_not_the_main_training_path(tmp_path):
    files = {
        "README.md": (
            "# Pose\n\nThis repository contains code for [training](train) and [inference](inference).\n\n"
            "The [original version](CoRL) of the code used for the paper is also included\n"
            "for reference, but is no longer being maintained.\n"
        ),
        "CoRL/train.py": TRAIN_GPU,
        "train/train.py": TRAIN_GPU,
        "train/README.md": "```\npython train.py --data PATH\n```\n",
    }
    write_repo(tmp_path, files)
    entries = run_audit(tmp_path).ctx.taxonomy.training_entry_points
    assert entries[0].path == "train/train.py", entries


def test_the_torch_release_of_the_training_comes_from_its_own_manifest_not_a_side_projects(tmp_path):
    train = (
        "import random\n\nimport numpy as np\nimport torch\nfrom torch.utils.data import DataLoader, Dataset\n\n\n"
        "class Frames(Dataset):\n    def __len__(self):\n        return 100\n\n"
        "    def __getitem__(self, i):\n        return np.random.rand(3) + random.random()\n\n\n"
        "def main():\n    torch.manual_seed(0)\n    loader = DataLoader(Frames(), num_workers=4)\n"
        "    model = torch.nn.Linear(3, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for x in loader:\n        loss = model(x.float()).sum()\n        opt.zero_grad()\n"
        "        loss.backward()\n        opt.step()\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    files = {
        "train/train.py": train,
        "requirements.txt": "torch>=2.1.0\nnumpy\n",
        "ros1/requirements.txt": "torch==1.6.0\n",
        "ros1/node.py": "import torch\n\nmodel = torch.load('model.pth')\n",
    }
    f = _finding(tmp_path, files, "ET404")
    assert "1.7" not in (f.recommendation or "") and f.status == "PASS", (
        f.status,
        f.message,
        f.recommendation,
    )


def test_guides_a_package_readme_links_from_its_folder_are_documentation(tmp_path):
    guide = "# Training\n\nInstall:\n\n```\npip install -e .\n```\n\nRun:\n\n```\npython tools/train.py --lr 0.1\n```\n"
    files = {
        "README.md": "# Zoo\n\nModels for video. See [c2](c2/README.md).\n",
        "c2/README.md": "# C2\n\nMore in the [model zoo](tutorials/model_zoo.md) and [training](tutorials/train.md).\n",
        "c2/tutorials/model_zoo.md": "# Model zoo\n\n| model | top-1 |\n|---|---|\n| r2plus1d | 79.5 |\n",
        "c2/tutorials/train.md": guide,
        "c2/tutorials/test.md": guide.replace("Training", "Testing"),
        "c2/tutorials/install.md": guide.replace("Training", "Installation"),
        "c2/tools/train.py": TRAIN_GPU,
    }
    write_repo(tmp_path, files)
    doc = dimension(run_audit(tmp_path), "documentation")
    assert "4 documentation page(s)" in doc.reasons[0] or "5 documentation page(s)" in doc.reasons[0], doc


def test_an_html_results_table_with_two_measurements_per_cell_is_a_results_table(tmp_path):
    readme = (
        "# Detector\n\n## Results\n\n<table><tbody>\n<th>Method</th><th>COCO</th><th>VOC</th>\n"
        '<tr><td>ours</td>\n<td align="center">21.1&nbsp;|&nbsp;29.6</td>\n'
        '<td align="center">36.6&nbsp;|&nbsp;41.0</td></tr>\n'
        '<tr><td>prev</td>\n<td align="center">9.6&nbsp;|&nbsp;12.6</td>\n'
        '<td align="center"><b>15.9</b>&nbsp;|&nbsp;21.3</td></tr>\n</tbody></table>\n'
    )
    write_repo(tmp_path, {"README.md": readme, "train.py": TRAIN_GPU})
    from experiment_tracking.rules.phase6_governance import results_tables

    assert results_tables(run_audit(tmp_path).ctx)


def test_a_file_given_only_its_header_line_records_nothing(tmp_path):
    code = (
        "import os\n\n\ndef main(outf):\n    with open(os.path.join(outf, 'loss_train.csv'), 'w') as file:\n"
        "        file.write('epoch,batchid,loss\\n')\n    for epoch in range(3):\n        loss = epoch * 0.1\n"
        "        # with open(os.path.join(outf, 'loss_train.csv'), 'a') as file:\n"
        "        #     file.write(f'{epoch},{loss}\\n')\n"
    )
    from experiment_tracking.index.python_facts import parse_python

    m = parse_python("train.py", code)
    assert not [w for w in m.writes if w.kind == "stream"], m.writes
    kept = code.replace("        # with", "        with").replace("        #     file", "            file")
    assert [w for w in parse_python("train.py", kept).writes if w.kind == "stream"]


def test_openmmlab_set_random_seed_seeds_python_numpy_and_torch_only():
    from experiment_tracking.rules.facts import seeded_by

    assert seeded_by("mmdet.apis.set_random_seed") == ("random", "numpy", "torch")
    assert seeded_by("mmseg.apis.train.set_random_seed") == ("random", "numpy", "torch")


def test_code_imported_from_a_declared_submodule_the_commit_does_not_hold_is_missing_from_a_clone(tmp_path):
    from tests.rules.repo_helpers import audit_committed

    gitmodules = '[submodule "tps_stn_pytorch"]\n\tpath = tps_stn_pytorch\n\turl = https://github.com/x/tps_stn_pytorch.git\n'
    files = {
        ".gitmodules": gitmodules,
        ".gitignore": "*.pyc\n",
        "tps/warp.py": "from tps_stn_pytorch.tps_grid_gen import TPSGridGen\n",
        "train.py": "from tps.warp import TPSGridGen\n" + TRAIN_GPU,
    }
    code = dimension(audit_committed(tmp_path / "a", files), "code_versioning")
    assert code.score == 1 and "tps_stn_pytorch" in code.reasons[0], code
    # declared but imported by nothing (left from a removal): plain git
    files["tps/warp.py"] = "import torch\n"
    assert dimension(audit_committed(tmp_path / "b", files), "code_versioning").score == 2


def test_a_results_file_given_only_its_header_is_no_result_logging(tmp_path):
    train = TRAIN_GPU + (
        "\nwith open('out/test_metric.csv', 'w') as file:\n    file.write('epoch, passed, total \\n')\n"
        "# with open('out/test_metric.csv', 'a') as file:\n#     file.write(f'{epoch},{passed},{total}\\n')\n"
    )
    write_repo(tmp_path, {"train.py": train})
    assert "custom_logging" not in _present(run_audit(tmp_path))


def test_mmcv_imwrite_takes_the_image_first_and_the_path_second():
    from experiment_tracking.index.python_facts import parse_python

    code = "import mmcv\n\n\ndef show(img, seg, out_file=None):\n    img = img * 0.5 + seg * 0.5\n    mmcv.imwrite(img, out_file)\n"
    writes = [w for w in parse_python("vis.py", code).writes if w.kind == "artifact"]
    assert writes and writes[0].target == "{out_file}", writes
