"""Families found on round fresh93 (repositories the auditor was never tuned on), each with a synthetic case."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, detections_by_tool, write_repo
from tests.rules.repo_helpers import dimension as _dim

TRAIN = (
    "import argparse, torch\nparser = argparse.ArgumentParser()\nparser.add_argument('--lr', type=float)\n"
    "args = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
    "for step in range(10):\n    opt.step()\ntorch.save(model.state_dict(), 'model.pt')\n"
)

UPSTREAM_MAIN = (
    "import subprocess, torch\nfrom tensorboardX import SummaryWriter\n"
    "commit = subprocess.check_output(['git', 'rev-parse', 'HEAD']).decode()\n"
    "writer = SummaryWriter('runs')\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters())\n"
    "for step in range(10):\n    opt.step()\n    writer.add_scalar('loss', 1.0, step)\n"
)


def _nested_copy(tmp_path, root_readme):
    write_repo(
        tmp_path,
        {
            "README.md": root_readme,
            "train.py": "from models.networks.flowlib_pytorch import models\n" + TRAIN,
            "models/networks/flowlib_pytorch/README.md": "# flowlib-pytorch\nTraining: python main.py\n",
            "models/networks/flowlib_pytorch/Dockerfile": "FROM nvidia/cuda:10.0-devel\nRUN pip install torch==1.0.0\n",
            "models/networks/flowlib_pytorch/main.py": UPSTREAM_MAIN,
            "models/networks/flowlib_pytorch/models.py": "import torch\nclass Net(torch.nn.Module):\n    pass\n",
        },
    )
    return run_audit(tmp_path)


def test_a_folder_named_as_the_upstream_repository_the_readme_links_is_not_the_project(tmp_path):
    readme = "# Video synthesis\nCompile [FlowLib](https://github.com/SomeLab/flowlib-pytorch) first.\n\npython train.py\n"
    result = _nested_copy(tmp_path, readme)
    assert "models/networks/flowlib_pytorch" in result.ctx.inventory.vendored
    assert "tensorboard" not in detections_by_tool(result)
    code = _dim(result, "code_versioning")
    assert code.score <= 2 and "flowlib" not in " ".join(code.reasons)
    assert "flowlib" not in " ".join(_dim(result, "environment_capture").reasons)


def test_a_folder_no_readme_links_to_a_repository_of_its_name_stays_the_project(tmp_path):
    readme = "# Video synthesis\nSee https://github.com/SomeLab/other-thing for the paper's page.\n\npython train.py\n"
    result = _nested_copy(tmp_path, readme)
    assert "models/networks/flowlib_pytorch" not in result.ctx.inventory.vendored


def test_the_projects_own_package_linked_as_the_project_is_not_a_copy(tmp_path):
    # the repository is checked out as flowlib_pytorch: its own name is no other project's
    root = tmp_path / "flowlib-pytorch"
    readme = "# FlowLib\nhttps://github.com/SomeLab/flowlib-pytorch\n"
    result = _nested_copy(root, readme)
    assert "models/networks/flowlib_pytorch" not in result.ctx.inventory.vendored


def _argv_run(copy_script: bool) -> str:
    return (
        "import argparse, os, sys, time, shutil, torch\n"
        "from ogb.linkproppred import PygLinkPropPredDataset\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--dataset', default='ogbl-collab')\n"
        "parser.add_argument('--lr', type=float, default=0.001)\nparser.add_argument('--batch_size', type=int, default=32)\n"
        "args = parser.parse_args()\n"
        "res_dir = os.path.join('results/{}{}'.format(args.dataset, time.strftime('%Y%m%d%H%M%S')))\n"
        "os.makedirs(res_dir)\n"
        + ("shutil.copy('train.py', res_dir)\n" if copy_script else "")
        + "log_file = os.path.join(res_dir, 'log.txt')\n"
        "cmd_input = 'python ' + ' '.join(sys.argv) + '\\n'\n"
        "with open(os.path.join(res_dir, 'cmd_input.txt'), 'a') as f:\n    f.write(cmd_input)\n"
        "with open(log_file, 'a') as f:\n    f.write('\\n' + cmd_input)\n"
        "dataset = PygLinkPropPredDataset(name=args.dataset)\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\n"
        "for epoch in range(10):\n    loss = opt.step()\n"
        "    with open(log_file, 'a') as f:\n        print(f'Epoch: {epoch:02d}, Loss: {loss:.4f}', file=f)\n"
        "    torch.save(model.state_dict(), os.path.join(res_dir, f'model_checkpoint{epoch}.pth'))\n"
    )


def test_a_command_line_written_under_a_name_beside_a_copy_of_its_script_is_every_option(tmp_path):
    write_repo(
        tmp_path,
        {"train.py": _argv_run(copy_script=True), "README.md": "# Link prediction\npython train.py\n"},
    )
    result = run_audit(tmp_path)
    config = result.ctx.records.config
    assert config and all("command line" in p.evidence.detail for p in config)
    assert not any("cmd_input" in p.evidence.detail for p in result.ctx.records.metrics)
    param = _dim(result, "parameter_logging")
    assert param.score == 4 and "command line" in param.reasons[0]
    et211 = next(f for f in result.findings if f.rule_id == "ET211")
    assert et211.status == "PASS"
    data = _dim(result, "data_versioning")
    assert data.score == 1 and "PygLinkPropPredDataset" in data.reasons[0]


def test_a_command_line_written_without_its_script_is_part_of_the_configuration(tmp_path):
    write_repo(tmp_path, {"train.py": _argv_run(copy_script=False)})
    result = run_audit(tmp_path)
    assert _dim(result, "parameter_logging").score == 3
    et211 = next(f for f in result.findings if f.rule_id == "ET211")
    assert et211.status == "WARN" and "defaults of the others are not recorded" in et211.message


def _subset_repo(tmp_path, lists):
    files = {
        "train.py": TRAIN.replace(
            "model = ",
            "keep = open(os.path.join(args.subset_path, f'{int(frac * 100)}percent.txt')).read()\nmodel = ",
        ).replace("import argparse", "import os, argparse"),
        "README.md": "# Semi-supervised\nTrain on ImageNet with the committed label subsets.\n",
        **lists,
    }
    write_repo(tmp_path, files)
    return run_audit(tmp_path)


def test_committed_subset_lists_of_sample_names_or_indices_are_split_files(tmp_path):
    names = "".join(f"n0144076{i % 10}_{1000 + i}.JPEG\n" for i in range(40))
    indices = "".join(f"{(i * 7919) % 50000}\n" for i in range(40))
    lists = {"imagenet_subsets/10percent.txt": names, "cifar10_subsets/spc.4000_split.152.txt": indices}
    configs = {
        "configs/imgnt.yaml": "data:\n  subset_path: imagenet_subsets/\n",
        "configs/cifar.yaml": "data:\n  subset_path: cifar10_subsets/\n",
    }
    result = _subset_repo(tmp_path / "a", {**lists, **configs})
    found = {e.path for e in result.ctx.taxonomy.split_files}
    assert {"imagenet_subsets/10percent.txt", "cifar10_subsets/spc.4000_split.152.txt"} <= found
    data = _dim(result, "data_versioning")
    assert data.score == 2 and "split files are committed" in data.reasons[0]
    # lists only a README's evaluation instructions mention (low-shot evaluation subsets) split no run's data
    readme = {
        "README.md": "# SSL\nEvaluate low-shot with the lists in imagenet_subsets/ and cifar10_subsets/.\n"
    }
    assert not _subset_repo(tmp_path / "b", {**lists, **readme}).ctx.taxonomy.split_files


def test_numbers_in_a_results_folder_are_no_split_files(tmp_path):
    numbers = "".join(f"{i * 3}\n" for i in range(40))
    result = _subset_repo(
        tmp_path, {"results/accuracy_by_epoch.txt": numbers, "notes/split.md": "# how we split\n"}
    )
    assert not result.ctx.taxonomy.split_files


MM_TRAIN = (
    "import argparse, mmcv\nfrom mmcv import Config\nfrom mmcv.utils import get_git_hash\n"
    "from mmdet import __version__\nfrom mmdet.apis import train_detector\nfrom mmdet.datasets import build_dataset\n"
    "from mmdet.models import build_detector\n"
    "parser = argparse.ArgumentParser()\nparser.add_argument('config')\nargs = parser.parse_args()\n"
    "cfg = Config.fromfile(args.config)\nmodel = build_detector(cfg.model)\ndatasets = [build_dataset(cfg.data.train)]\n"
    "if cfg.checkpoint_config is not None:\n"
    "    cfg.checkpoint_config.meta = dict(\n        mmdet_version=__version__ + {hash},\n"
    "        CLASSES=datasets[0].CLASSES)\n"
    "train_detector(model, datasets, cfg)\n"
)


def test_the_commit_put_in_the_checkpoint_hooks_meta_is_recorded_with_every_checkpoint(tmp_path):
    write_repo(tmp_path, {"tools/train.py": MM_TRAIN.replace("{hash}", "get_git_hash()[:7]")})
    commit = run_audit(tmp_path).ctx.records.commit_recorded
    assert commit and commit[0].path == "tools/train.py" and commit[0].line == 15
    # ... and in each copy of the script (detection and segmentation each record it)
    write_repo(
        tmp_path / "two",
        {f"{t}/tools/train.py": MM_TRAIN.replace("{hash}", "get_git_hash()[:7]") for t in ("det", "seg")},
    )
    assert {e.path for e in run_audit(tmp_path / "two").ctx.records.commit_recorded} == {
        "det/tools/train.py",
        "seg/tools/train.py",
    }


def test_a_version_string_without_the_commit_in_the_meta_records_no_commit(tmp_path):
    write_repo(tmp_path, {"tools/train.py": MM_TRAIN.replace("{hash}", "'-dev'")})
    assert not run_audit(tmp_path).ctx.records.commit_recorded


def test_an_options_path_set_per_run_below_reaches_the_helper_logger_it_is_handed(tmp_path):
    logger = (
        "import logging\n\ndef create_logger(filepath):\n    handler = logging.FileHandler(filepath, 'a')\n"
        "    logger = logging.getLogger()\n    logger.addHandler(handler)\n    return logger\n"
    )
    utils = (
        "import os, pickle, random\nfrom .logger import create_logger\n\n"
        "def initialize_exp(params):\n    get_dump_path(params)\n"
        "    pickle.dump(params, open(os.path.join(params.dump_path, 'params.pkl'), 'wb'))\n"
        "    logger = create_logger(os.path.join(params.dump_path, 'train.log'))\n    return logger\n\n"
        "def get_dump_path(params):\n    sweep_path = os.path.join(params.dump_path, params.exp_name)\n"
        "    chars = 'abcdefghijklmnopqrstuvwxyz0123456789'\n"
        "    if params.exp_id == '':\n        exp_id = os.environ.get('SLURM_JOB_ID')\n        if exp_id is None:\n"
        "            while True:\n                exp_id = ''.join(random.choice(chars) for _ in range(10))\n"
        "                if not os.path.isdir(os.path.join(sweep_path, exp_id)):\n                    break\n"
        "        params.exp_id = exp_id\n"
        "    params.dump_path = os.path.join(sweep_path, params.exp_id)\n    os.makedirs(params.dump_path)\n"
    )
    main = (
        "import argparse, torch\nfrom src.utils import initialize_exp\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--dump_path', default='./dumped/')\nparser.add_argument('--exp_name', default='')\nparser.add_argument('--exp_id', default='')\n"
        "params = parser.parse_args()\nlogger = initialize_exp(params)\nmodel = torch.nn.Linear(2, 2)\n"
        "opt = torch.optim.Adam(model.parameters())\nfor epoch in range(10):\n    opt.step()\n"
        "    logger.info('epoch %i loss %f' % (epoch, 0.1))\n"
        "    torch.save(model.state_dict(), os.path.join(params.dump_path, 'checkpoint.pth'))\n"
    )
    write_repo(
        tmp_path, {"src/__init__.py": "", "src/logger.py": logger, "src/utils.py": utils, "main.py": main}
    )
    result = run_audit(tmp_path)
    placed = [p for p in result.ctx.records.metrics if p.evidence.path == "src/utils.py"]
    assert placed and placed[0].per_run and "random.choice" in placed[0].target
    assert "random id per run" in placed[0].describe() and "timestamp" not in placed[0].describe()
    res = _dim(result, "result_persistence")
    assert not (res.review or "").startswith("`src/logger.py")


def test_a_timing_helper_read_into_a_csv_loggers_time_column_is_a_captured_timing(tmp_path):
    utils = (
        "import torch\n\ndef gpu_timer(closure):\n    start = torch.cuda.Event(enable_timing=True)\n"
        "    end = torch.cuda.Event(enable_timing=True)\n    start.record()\n    result = closure()\n"
        "    end.record()\n    torch.cuda.synchronize()\n    return result, start.elapsed_time(end)\n\n"
        "class CSVLogger:\n    def __init__(self, fname, *argv):\n        self.fname = fname\n"
        "        with open(self.fname, '+a') as f:\n            for v in argv:\n                print(v[1], end=',', file=f)\n\n"
        "    def log(self, *argv):\n        with open(self.fname, '+a') as f:\n"
        "            for v in argv:\n                print(v, end=',', file=f)\n\n"
        "class AverageMeter:\n    def update(self, val):\n        self.avg = val\n"
    )
    train = (
        "import os, torch\nfrom src.utils import gpu_timer, CSVLogger, AverageMeter\n\n"
        "def main(args):\n    folder = args['logging']['folder']\n"
        "    csv_logger = CSVLogger(os.path.join(folder, 'log.csv'), ('%d', 'epoch'), ('%.5f', 'loss'), ('%d', 'time (ms)'))\n"
        "    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    time_meter = AverageMeter()\n    for epoch in range(10):\n"
        "        def train_step():\n            loss = model(torch.ones(2)).sum()\n            loss.backward()\n"
        "            optimizer.step()\n            return float(loss)\n"
        "        loss, etime = gpu_timer(train_step)\n        time_meter.update(etime)\n"
        "        csv_logger.log(epoch + 1, loss, time_meter.avg)\n"
        "        torch.save(model.state_dict(), os.path.join(folder, 'latest.pth.tar'))\n"
    )
    main = "import yaml\nfrom src.train import main\nwith open('configs/a.yaml') as f:\n    main(yaml.safe_load(f))\n"
    write_repo(
        tmp_path,
        {
            "src/__init__.py": "",
            "src/utils.py": utils,
            "src/train.py": train,
            "main.py": main,
            "configs/a.yaml": "logging:\n  folder: out/\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")
    assert f.status == "PASS" and "time (ms)" in " ".join(e.detail for e in f.evidence)


def test_a_pretrained_checkpoints_url_named_best_is_no_best_model_selection(tmp_path):
    model = (
        "import torch\nfrom utils import get_model_from_url\n\nclass DepthModel:\n    def __init__(self):\n"
        "        path = get_model_from_url(\n"
        "            'https://storage.example.com/checkpoints/best_depth_net_G.pth', 'mc.pth')\n"
        "        self.net = torch.load(path)\n\n    def save(self, file_name):\n"
        "        torch.save(self.net.state_dict(), file_name)\n"
    )
    utils = "import os, shutil, urllib.request\n\ndef get_model_from_url(url, name):\n    urllib.request.urlretrieve(url, name)\n    shutil.copy(name, os.path.join('checkpoints', name))\n    return name\n"
    train = (
        "import argparse, torch\nfrom model import DepthModel\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--lr', type=float)\nargs = parser.parse_args()\nmodel = DepthModel()\n"
        "opt = torch.optim.Adam(model.net.parameters(), lr=args.lr)\nfor epoch in range(10):\n"
        "    loss = model.net(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
        "    model.save(f'checkpoints/{epoch:04d}.pth')\n"
    )
    readme = (
        "# Depth\npython train.py\n\n# Result Folder Structure\nThe folder holds:\n- depth maps\n- checkpoints\n"
        "- logs of each run, one folder per setting\n"
    )
    write_repo(tmp_path, {"model.py": model, "utils.py": utils, "train.py": train, "README.md": readme})
    result = run_audit(tmp_path)
    et310 = next(f for f in result.findings if f.rule_id == "ET310")
    assert not any("best_depth" in e.detail for e in et310.evidence)
    et602 = [f for f in result.findings if f.rule_id == "ET602"]
    assert not et602 or not any("Result Folder" in e.detail for e in et602[0].evidence)
    assert "results" not in _dim(result, "documentation").reasons[0]


def test_a_folder_whose_own_readme_links_a_repository_of_its_name_stays_the_project(tmp_path):
    # a method "originally implemented at github.com/triehh/triehh", moved into a collection
    write_repo(
        tmp_path,
        {
            "README.md": "# Research collection\n",
            "triehh/README.md": "# TrieHH\nOriginally implemented at <https://github.com/triehh/triehh>.\n",
            "triehh/requirements.txt": "tensorflow\n",
            "triehh/run.py": TRAIN,
        },
    )
    assert "triehh" not in run_audit(tmp_path).ctx.inventory.vendored


def test_options_logged_with_a_lazy_placeholder_into_the_runs_log_file_are_the_whole_configuration(tmp_path):
    train = (
        "import argparse, logging, os, sys, time, torch\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--lr', type=float, default=0.025)\nparser.add_argument('--save', default='EXP')\n"
        "args = parser.parse_args()\nargs.save = 'eval-{}-{}'.format(args.save, time.strftime('%Y%m%d-%H%M%S'))\n"
        "os.makedirs(args.save)\nlogging.basicConfig(stream=sys.stdout, level=logging.INFO)\n"
        "fh = logging.FileHandler(os.path.join(args.save, 'log.txt'))\nlogging.getLogger().addHandler(fh)\n\n"
        "def main():\n    logging.info('args = %s', args)\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(10):\n"
        "        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "        logging.info('train_acc %f', 0.5)\n"
        "        torch.save(model.state_dict(), os.path.join(args.save, 'weights.pt'))\n\nmain()\n"
    )
    write_repo(tmp_path, {"train.py": train})
    result = run_audit(tmp_path)
    config = result.ctx.records.config
    assert config and config[0].evidence.line == 13 and config[0].per_run
    assert _dim(result, "parameter_logging").score == 4
    # a message with two values is a log line, not the options
    write_repo(
        tmp_path / "b", {"train.py": train.replace("'args = %s', args", "'%s %s', args.lr, args.save")}
    )
    assert not run_audit(tmp_path / "b").ctx.records.config


def _runs_repo(tmp_path, default: int, readme: str):
    logger = (
        "import torch\n\nclass Logger:\n    def __init__(self, runs):\n        self.results = [[] for _ in range(runs)]\n\n"
        "    def add_result(self, run, result):\n        self.results[run].append(result)\n\n"
        "    def print_statistics(self):\n        r = torch.tensor(self.results)\n"
        "        print(f'Final Test: {r.mean():.2f} ± {r.std():.2f}')\n"
    )
    train = (
        "import argparse, torch\nfrom logger import Logger\nparser = argparse.ArgumentParser()\n"
        f"parser.add_argument('--runs', type=int, default={default})\nargs = parser.parse_args()\n"
        "logger = Logger(args.runs)\nfor run in range(args.runs):\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.Adam(model.parameters())\n    for epoch in range(10):\n"
        "        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "        logger.add_result(run, float(loss))\nlogger.print_statistics()\n"
    )
    write_repo(tmp_path, {"logger.py": logger, "train.py": train, "README.md": readme})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET321")


def test_training_repeated_over_several_runs_with_their_spread_is_repetition(tmp_path):
    f = _runs_repo(tmp_path / "a", 1, "# GNN\nAppend --runs 10 to repeat the experiment 10 times.\n")
    assert f.status == "PASS" and "--runs" in f.evidence[0].detail and f.evidence[0].line == 7
    assert _runs_repo(tmp_path / "b", 5, "# GNN\n").status == "PASS"


def test_a_runs_loop_whose_default_is_one_run_asks(tmp_path):
    f = _runs_repo(tmp_path, 1, "# GNN\npython train.py\n")
    assert f.status == "REVIEW" and "--runs" in f.question


def test_options_whose_help_says_they_name_files_are_paths_beside_hyperparameter_constants(tmp_path):
    train = (
        "from argparse import ArgumentParser\nimport torch\nEPOCHS = 2\nBATCH_SIZE = 8\nLEARNING_RATE = 0.000181\n"
        "WEIGHT_DECAY = 0.039428\n\ndef train(data_dir, in_model, out_weights):\n"
        "    model = torch.load(in_model)\n    opt = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)\n"
        "    for epoch in range(EPOCHS):\n        loss = model(torch.ones(BATCH_SIZE)).sum()\n        loss.backward()\n        opt.step()\n"
        "    torch.save(model.state_dict(), out_weights)\n\nif __name__ == '__main__':\n    parser = ArgumentParser()\n"
        "    parser.add_argument('--data-dir', type=str, required=True, help='Path to the recordings')\n"
        "    parser.add_argument('--in-model', type=str, required=True, help='Path to the .model file to be finetuned')\n"
        "    parser.add_argument('--out-weights', type=str, required=True, help='Path where finetuned weights will be saved')\n"
        "    args = parser.parse_args()\n    train(args.data_dir, args.in_model, args.out_weights)\n"
    )
    write_repo(tmp_path, {"behavioural_cloning.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET201")
    assert f.status == "WARN" and "sets only paths" in f.message and "LEARNING_RATE" in f.message
    write_repo(tmp_path / "b", {"bc.py": train.replace("Path to the .model file", "Which architecture")})
    assert next(f for f in run_audit(tmp_path / "b").findings if f.rule_id == "ET201").status == "PASS"


def _bc_repo(tmp_path, steps: bool | str):
    train = (
        "import glob, gym, torch\nfrom torch.utils.data import DataLoader\n\n"
        "def train(data_dir):\n    env = gym.make('MineRLBasaltFindCave-v0')\n"
        "    policy = torch.nn.Linear(env.observation_space.shape[0], env.action_space.n)\n"
        "    files = glob.glob(data_dir + '/*.mp4')\n    loader = DataLoader(files, batch_size=8)\n"
        "    opt = torch.optim.Adam(policy.parameters())\n    for batch in loader:\n"
        + (
            steps
            if isinstance(steps, str)
            else "        obs, reward, done, info = env.step(env.action_space.sample())\n"
            if steps
            else ""
        )
        + "        loss = policy(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "    torch.save(policy.state_dict(), 'out.weights')\n\nif __name__ == '__main__':\n    train('data')\n"
    )
    write_repo(tmp_path, {"behavioural_cloning.py": train, "README.md": "# BC\nDownload the recordings.\n"})
    return _dim(run_audit(tmp_path), "data_versioning")


def test_an_environment_made_only_to_build_the_agent_is_not_the_data(tmp_path):
    data = _bc_repo(tmp_path / "a", steps=False)
    assert "simulator" not in " ".join(data.reasons) and "gym.make" not in " ".join(data.reasons)
    stepped = _bc_repo(tmp_path / "b", steps=True)
    assert "simulator" in " ".join(stepped.reasons)
    # gym3's venv.act(ac) / venv.observe() step it too (procgen)
    acted = _bc_repo(
        tmp_path / "c",
        steps="        env.act(env.action_space.sample())\n        rew, ob, first = env.observe()\n",
    )
    assert "simulator" in " ".join(acted.reasons)


def test_a_validate_function_checking_settings_over_dict_items_is_no_evaluation(tmp_path):
    agent = (
        "ENV_KWARGS = dict(fov_range=[70, 70], frameskip=1)\n\n"
        "def validate_env(env):\n    for key, value in ENV_KWARGS.items():\n"
        "        if getattr(env.task, key) != value:\n            raise ValueError(f'setting {key} does not match {value}')\n\n"
        "class Agent:\n    def __init__(self, env):\n        validate_env(env)\n"
    )
    train = (
        "import torch\nfrom agent import Agent\n\ndef main(env):\n    agent = Agent(env)\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.Adam(model.parameters())\n    for step in range(10):\n"
        "        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "        print(loss.item())\n    torch.save(model.state_dict(), 'w.pt')\n"
    )
    write_repo(
        tmp_path, {"agent.py": agent, "train.py": train + "\nif __name__ == '__main__':\n    main(None)\n"}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET302")
    assert not any("validate_env" in e.detail for e in f.evidence)


def test_a_key_tested_in_the_datas_split_dict_is_no_option_a_run_is_given(tmp_path):
    utils = (
        "import random, torch\nimport numpy as np\n\ndef do_edge_split(data):\n    random.seed(234)\n    torch.manual_seed(234)\n"
        "    return data\n\ndef get_pos_edges(split, split_edge):\n    if 'edge' in split_edge['train']:\n"
        "        np.random.seed(123)\n        perm = np.random.permutation(10)\n    return perm\n"
    )
    train = (
        "import argparse, torch\nimport numpy as np\nfrom utils import do_edge_split, get_pos_edges\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--lr', type=float, default=0.1)\n"
        "args = parser.parse_args()\nsplit = do_edge_split({'train': {'edge': 1}})\nedges = get_pos_edges('train', split)\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\n"
        "for epoch in range(3):\n    x = np.random.rand(2)\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n"
        "    opt.step()\ntorch.save(model.state_dict(), 'm.pt')\n"
    )
    write_repo(tmp_path, {"utils.py": utils, "train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert "edge" not in f.message and f.status != "REVIEW"


def test_a_network_builders_repeated_layers_are_no_repeated_runs(tmp_path):
    train = (
        "import torch\nimport numpy as np\n\ndef block(planes, reps):\n    m = torch.nn.Sequential()\n"
        "    for _ in range(reps):\n        m.append(torch.nn.Linear(planes, planes))\n    return m\n\n"
        "model = block(4, 2)\nopt = torch.optim.Adam(model.parameters())\nlosses = []\nfor epoch in range(3):\n"
        "    loss = model(torch.ones(4)).sum()\n    loss.backward()\n    opt.step()\n    losses.append(float(loss))\n"
        "print(np.std(losses))\ntorch.save(model.state_dict(), 'm.pt')\n"
    )
    write_repo(tmp_path, {"train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET321")
    assert f.status == "WARN" and not f.evidence


def test_a_data_split_seed_in_a_logged_config_is_not_the_runs_random_seed(tmp_path):
    train = (
        "import os, yaml, torch\nimport numpy as np\n_GLOBAL_SEED = 0\nnp.random.seed(_GLOBAL_SEED)\n"
        "torch.manual_seed(_GLOBAL_SEED)\n\ndef main(args):\n    folder = args['logging']['folder']\n"
        "    with open(os.path.join(folder, 'params.yaml'), 'w') as f:\n        yaml.dump(args, f)\n"
        "    data_seed = args['data']['data_seed']\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args['optimization']['lr'])\n"
        "    for epoch in range(3):\n        x = np.random.rand(2)\n        loss = model(torch.ones(2)).sum()\n"
        "        loss.backward()\n        opt.step()\n    torch.save(model.state_dict(), os.path.join(folder, 'm.pt'))\n\n"
        "if __name__ == '__main__':\n    with open('configs/a.yaml') as f:\n        main(yaml.safe_load(f))\n"
    )
    config = "data:\n  data_seed: 152\noptimization:\n  lr: 0.1\nlogging:\n  folder: out/\n"
    write_repo(tmp_path, {"train.py": train, "configs/a.yaml": config})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET212")
    assert "data_seed" not in " ".join(e.detail for e in f.evidence)
    assert "constant" in f.message


def test_an_option_to_reload_a_pretrained_model_is_no_resume_option(tmp_path):
    train = (
        "import argparse, os, torch\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--reload_model', type=str, default='', help='Reload a pre-trained model')\n"
        "parser.add_argument('--dump_path', type=str, default='./dumped')\n"
        "args = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\nif args.reload_model:\n"
        "    model.load_state_dict(torch.load(args.reload_model))\nopt = torch.optim.Adam(model.parameters())\n"
        "start = 0\ncheckpoint_path = os.path.join(args.dump_path, 'checkpoint.pth')\n"
        "if os.path.isfile(checkpoint_path):\n    data = torch.load(checkpoint_path)\n"
        "    model.load_state_dict(data['model'])\n    opt.load_state_dict(data['opt'])\n    start = data['epoch']\n"
        "for epoch in range(start, 3):\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
        "    torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'epoch': epoch}, checkpoint_path)\n"
    )
    write_repo(tmp_path, {"train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")
    assert f.status == "PASS" and not any("reload_model" in e.detail for e in f.evidence)


def test_a_subclass_of_data_parallel_built_where_the_model_trains_is_data_parallel(tmp_path):
    replicate = (
        "import torch.nn as nn\n\nclass DataParallel(nn.parallel.DataParallel):\n    pass\n\n"
        "class DataParallelWithCallback(DataParallel):\n    def replicate(self, module, device_ids):\n"
        "        return super().replicate(module, device_ids)\n"
    )
    models = (
        "import torch.nn as nn\nfrom .sync_batchnorm.replicate import DataParallelWithCallback\n\n"
        "class MyModel(nn.Module):\n    def __init__(self, opt, model):\n        super().__init__()\n"
        "        self.model = DataParallelWithCallback(model, device_ids=opt.gpu_ids)\n"
    )
    train = (
        "import torch\nfrom models.models import MyModel\nmodel = MyModel(None, torch.nn.Linear(2, 2))\n"
        "opt = torch.optim.Adam(model.parameters())\nfor epoch in range(3):\n    loss = model(torch.ones(2)).sum()\n"
        "    loss.backward()\n    opt.step()\ntorch.save(model.state_dict(), 'm.pt')\n"
    )
    files = {
        "models/__init__.py": "",
        "models/sync_batchnorm/__init__.py": "",
        "models/sync_batchnorm/replicate.py": replicate,
        "models/models.py": models,
        "train.py": train,
    }
    write_repo(tmp_path, files)
    dp = detections_by_tool(run_audit(tmp_path)).get("data_parallel")
    assert dp is not None and any("DataParallelWithCallback" in e.detail for e in dp.evidence)
    # the classes defined, never built: no GPUs driven
    files["models/models.py"] = "import torch.nn as nn\n"
    write_repo(tmp_path / "b", files)
    assert "data_parallel" not in detections_by_tool(run_audit(tmp_path / "b"))


def test_scikit_optimize_minimisers_are_a_search_and_its_import_alone_is_not(tmp_path):
    run = "from skopt import gp_minimize\n\ndef f(x):\n    return (x[0] - 1) ** 2\n\nres = gp_minimize(f, [(-2.0, 2.0)], n_calls=20, random_state=0)\n"
    write_repo(tmp_path / "a", {"run.py": run, "train.py": TRAIN})
    skopt = detections_by_tool(run_audit(tmp_path / "a")).get("skopt")
    assert skopt is not None and skopt.usage == "used"
    write_repo(
        tmp_path / "b", {"tuner.py": "import skopt\n\nclass SkoptTuner:\n    pass\n", "train.py": TRAIN}
    )
    found = detections_by_tool(run_audit(tmp_path / "b")).get("skopt")
    assert found is None or found.usage != "used"


def test_a_library_release_that_is_one_choice_beside_a_local_image_folder_is_not_the_datas_version(tmp_path):
    datasets = (
        "from torchvision import datasets\n\ndef build_dataset(is_train, args):\n"
        "    if args.data_set == 'CIFAR':\n        dataset = datasets.CIFAR100(args.data_path, train=is_train, download=True)\n"
        "    elif args.data_set == 'IMNET':\n        dataset = datasets.ImageFolder(args.data_path)\n    return dataset\n"
    )
    train = (
        "import argparse, torch\nfrom datasets import build_dataset\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--data-set', default='IMNET')\nparser.add_argument('--data-path', default='/datasets/imagenet')\n"
        "args = parser.parse_args()\ndata = build_dataset(True, args)\nmodel = torch.nn.Linear(2, 2)\n"
        "opt = torch.optim.Adam(model.parameters())\nfor epoch in range(3):\n    loss = model(torch.ones(2)).sum()\n"
        "    loss.backward()\n    opt.step()\ntorch.save(model.state_dict(), 'm.pt')\n"
    )
    write_repo(tmp_path / "a", {"datasets.py": datasets, "main.py": train})
    f = next(f for f in run_audit(tmp_path / "a").findings if f.rule_id == "ET120")
    assert "checksums in its own code" not in f.message
    only = datasets.replace(
        "    elif args.data_set == 'IMNET':\n        dataset = datasets.ImageFolder(args.data_path)\n", ""
    )
    write_repo(tmp_path / "b", {"datasets.py": only, "main.py": train})
    f = next(f for f in run_audit(tmp_path / "b").findings if f.rule_id == "ET120")
    assert "checksums in its own code" in f.message


def test_a_seed_logged_whole_whose_default_leaves_runs_unseeded_says_so(tmp_path):
    train = (
        "import argparse, os, pickle, time, torch\nimport numpy as np\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--seed', type=int, default=-1, help='Random seed (-1 for random)')\n"
        "parser.add_argument('--dump_path', default='dumped')\nparams = parser.parse_args()\n"
        "params.dump_path = os.path.join(params.dump_path, time.strftime('%Y%m%d-%H%M%S'))\nos.makedirs(params.dump_path)\n"
        "pickle.dump(params, open(os.path.join(params.dump_path, 'params.pkl'), 'wb'))\nif params.seed >= 0:\n"
        "    np.random.seed(params.seed)\n    torch.manual_seed(params.seed)\nmodel = torch.nn.Linear(2, 2)\n"
        "opt = torch.optim.Adam(model.parameters())\nfor epoch in range(3):\n    x = np.random.rand(2)\n"
        "    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
        "torch.save(model.state_dict(), os.path.join(params.dump_path, 'm.pt'))\n"
    )
    write_repo(tmp_path, {"train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET212")
    assert "leave the seed unset" in f.message
    write_repo(tmp_path / "b", {"train.py": train.replace("default=-1", "default=0")})
    f = next(f for f in run_audit(tmp_path / "b").findings if f.rule_id == "ET212")
    assert f.status == "PASS" and "unset" not in f.message


def test_a_trainers_local_folder_is_not_the_launchers_option_of_the_same_name(tmp_path):
    launcher = (
        "import argparse, submitit\nfrom train import main\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--folder', type=str, default='/checkpoint/submitit/')\nargs = parser.parse_args()\n"
        "executor = submitit.AutoExecutor(folder=args.folder)\nexecutor.submit(main, {})\n"
    )
    train = (
        "import os, torch\n\ndef main(args):\n    folder = args['logging']['folder']\n"
        "    log_file = os.path.join(folder, 'train_log.csv')\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.Adam(model.parameters())\n    for epoch in range(3):\n"
        "        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "        with open(log_file, 'a') as f:\n            f.write(f'{epoch},{float(loss)}\\n')\n"
        "        torch.save(model.state_dict(), os.path.join(folder, 'latest.pth.tar'))\n"
    )
    write_repo(tmp_path, {"main_distributed.py": launcher, "train.py": train})
    result = run_audit(tmp_path)
    res = _dim(result, "result_persistence")
    assert "/checkpoint/submitit/" not in (res.review or "")
    from experiment_tracking.report.markdown import render_markdown

    assert "share its default" not in render_markdown(result)


def test_a_main_block_calling_main_without_its_required_argument_is_no_training_entry_point(tmp_path):
    train = (
        "import torch\n\ndef main(args):\n    model = torch.nn.Linear(2, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=args['lr'])\n"
        "    for epoch in range(3):\n        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "    torch.save(model.state_dict(), 'm.pt')\n\nif __name__ == '__main__':\n    main()\n"
    )
    launcher = (
        "import argparse, yaml\nfrom src.paws_train import main\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--fname', default='configs/a.yaml')\nargs = parser.parse_args()\n"
        "with open(args.fname) as f:\n    main(yaml.safe_load(f))\n"
    )
    write_repo(tmp_path, {"src/__init__.py": "", "src/paws_train.py": train, "main.py": launcher})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["main.py"]
    # main(*sys.argv[1:]) or a main with a default starts
    write_repo(
        tmp_path / "b",
        {
            "src/__init__.py": "",
            "src/paws_train.py": train.replace("def main(args):", "def main(args={'lr': 0.1}):"),
            "main.py": launcher,
        },
    )
    paths = {e.path for e in run_audit(tmp_path / "b").ctx.taxonomy.training_entry_points}
    assert "src/paws_train.py" in paths


def test_a_folder_built_with_an_aliased_join_in_init_reaches_the_writes_of_other_methods(tmp_path):
    trainer = (
        "import json, os, time, torch\nfrom os.path import join as pjoin\n\nclass Trainer:\n"
        "    def __init__(self, args):\n        self.out_dir = pjoin(args.root, time.strftime('%Y%m%d-%H%M%S'))\n"
        "        os.makedirs(self.out_dir, exist_ok=True)\n        self.model = torch.nn.Linear(2, 2)\n\n"
        "    def train(self):\n        opt = torch.optim.Adam(self.model.parameters())\n        for epoch in range(3):\n"
        "            loss = self.model(torch.ones(2)).sum()\n            loss.backward()\n            opt.step()\n"
        "            with open(pjoin(self.out_dir, 'loss.json'), 'w') as f:\n                json.dump({'loss': float(loss)}, f)\n"
    )
    main = (
        "import argparse\nfrom trainer import Trainer\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--root', default='runs')\nTrainer(parser.parse_args()).train()\n"
    )
    write_repo(tmp_path, {"trainer.py": trainer, "train.py": main})
    parts = [p for p in run_audit(tmp_path).ctx.records.metrics if p.evidence.path == "trainer.py"]
    assert parts and parts[0].keeping == "time" and "strftime" in parts[0].target


def test_seeds_read_from_the_clock_are_named_not_called_never_set(tmp_path):
    seeded = TRAIN.replace(
        "args = parser.parse_args()\n", "args = parser.parse_args()\ntorch.manual_seed(0)\n"
    )
    clocked = (
        "import random, time\nfrom datetime import datetime\nimport numpy as np\nimport torch\n"
        "np.random.seed(seed=int(time.time()))\nrandom.seed(datetime.now())\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        "    x = random.random() + np.random.rand()\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
        "torch.save(model.state_dict(), 'm.pt')\n"
    )
    write_repo(
        tmp_path, {"a/train.py": seeded, "b/search.py": clocked, "c/train.py": clocked, "d/train.py": clocked}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert "read from the clock" in f.message and "random is never seeded" not in f.message


def test_a_decorated_main_called_bare_is_handed_its_arguments_by_the_decorator(tmp_path):
    train = (
        "import hydra, torch\n\n@hydra.main(config_path='conf', config_name='config')\ndef main(cfg):\n"
        "    model = torch.nn.Linear(2, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)\n"
        "    for epoch in range(3):\n        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n"
        "    torch.save(model.state_dict(), 'm.pt')\n\nif __name__ == '__main__':\n    main()\n"
    )
    write_repo(
        tmp_path,
        {"train.py": train, "eval.py": train.replace("m.pt", "e.pt"), "conf/config.yaml": "lr: 0.1\n"},
    )
    assert "train.py" in {e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points}


def test_a_plot_saved_inside_if_false_is_no_output_of_any_run(tmp_path):
    train = TRAIN + (
        "if False:  # visualize some graphs\n    import matplotlib.pyplot as plt\n    f = plt.figure()\n"
        "    f.savefig('tmp_vis.png')\n"
    )
    write_repo(tmp_path, {"train.py": train})
    result = run_audit(tmp_path)
    assert not any("tmp_vis" in p.target for p in result.ctx.records.artifacts)
    f = next(f for f in result.findings if f.rule_id == "ET311")
    assert not any("savefig" in e.detail for e in f.evidence)


def test_research_codes_not_assessed_list_leaves_out_a_rule_the_audit_did_assess():
    from experiment_tracking.rules.facts import RESEARCH_NOT_ASSESSED, TEACHING_NOT_ASSESSED, without_assessed

    assert without_assessed(RESEARCH_NOT_ASSESSED, set()) == RESEARCH_NOT_ASSESSED
    assessed = without_assessed(RESEARCH_NOT_ASSESSED, {"ET602", "ET613"})
    assert "(ET602)" not in assessed and "CODEOWNERS file (ET613" in assessed
    # ... the teaching note too, an item of several rules only when all are assessed
    teaching = without_assessed(TEACHING_NOT_ASSESSED, {"ET601", "ET611"})
    assert (
        "(ET601)" not in teaching
        and "(ET611, ET612)" in teaching
        and "access and retention (ET614)" in teaching
    )


def test_a_python_version_a_pinned_package_does_not_work_with_is_no_minimum(tmp_path):
    readme = (
        "# Agent\n\n> Note: the pinned `torch==1.9.0` is incompatible with Python 3.10 or higher versions. "
        "If you are using Python 3.10 or higher, install a newer PyTorch.\n"
    )
    write_repo(tmp_path / "a", {"train.py": TRAIN, "README.md": readme, "requirements.txt": "torch==1.9.0\n"})
    f = next(f for f in run_audit(tmp_path / "a").findings if f.rule_id == "ET411")
    assert "3.10" not in f.message
    write_repo(tmp_path / "b", {"train.py": TRAIN, "README.md": "# Agent\nRequires Python 3.8 or higher.\n"})
    f = next(f for f in run_audit(tmp_path / "b").findings if f.rule_id == "ET411")
    assert "Python >= 3.8" in f.message


def test_a_folder_of_the_users_own_images_and_torchvisions_argument_checks_are_no_public_source(tmp_path):
    loader = (
        "from torchvision import datasets\nfrom torchvision.datasets.utils import verify_str_arg\n\n"
        "def build(root, split):\n    verify_str_arg(split, 'split', ('train', 'val'))\n"
        "    return datasets.ImageFolder(root)\n"
    )
    write_repo(
        tmp_path,
        {"data.py": loader, "train.py": "from data import build\nds = build('/data/x', 'train')\n" + TRAIN},
    )
    reasons = " ".join(_dim(run_audit(tmp_path), "data_versioning").reasons)
    assert "ImageFolder" not in reasons and "verify_str_arg" not in reasons


def test_a_commit_read_inline_into_a_log_line_of_the_runs_log_file_is_recorded(tmp_path):
    utils = (
        "import logging, subprocess\n\ndef log_to_file(path):\n    logging.getLogger().addHandler(logging.FileHandler(path))\n\n"
        "def log_versions():\n    logging.info('git hash: ' + str(subprocess.check_output(['git', 'rev-parse', 'HEAD']).strip()))\n"
    )
    train = (
        "import os, logging, torch\nfrom utils import log_to_file, log_versions\nexp_dir = os.path.join('runs', 'exp1')\n"
        "log_to_file(os.path.join(exp_dir, 'out.log'))\nlog_versions()\nmodel = torch.nn.Linear(2, 2)\n"
        "opt = torch.optim.Adam(model.parameters())\nfor epoch in range(3):\n    loss = model(torch.ones(2)).sum()\n"
        "    loss.backward()\n    opt.step()\n    logging.info('loss %f', float(loss))\n"
    )
    write_repo(tmp_path, {"utils.py": utils, "train.py": train})
    assert any(e.path == "utils.py" for e in run_audit(tmp_path).ctx.records.commit_recorded)


def test_a_link_named_as_the_training_data_documents_its_source(tmp_path):
    readme = "# Forecasting\n\n[Pre-processed Training Data - Globus Download Link](https://app.globus.org/file-manager?x=1)\n"
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    data = _dim(run_audit(tmp_path), "data_versioning")
    assert data.score == 1 and "README.md:3" in data.reasons[0]


def test_a_helpers_branch_for_an_argument_no_caller_gives_writes_nothing(tmp_path):
    utils = (
        "import os, shutil, torch\n\ndef create_exp_dir(path, scripts_to_save=None):\n    os.makedirs(path, exist_ok=True)\n"
        "    if scripts_to_save is not None:\n        os.makedirs(os.path.join(path, 'scripts'))\n"
        "        for script in scripts_to_save:\n"
        "            shutil.copyfile(script, os.path.join(path, 'scripts', os.path.basename(script)))\n\n"
        "def save_checkpoint(state, save_dir, is_best=False):\n    torch.save(state, os.path.join(save_dir, 'checkpoint.pt'))\n"
        "    if is_best:\n        shutil.copyfile(os.path.join(save_dir, 'checkpoint.pt'), os.path.join(save_dir, 'best.pt'))\n"
    )
    train = (
        "import argparse, glob, time, os, torch\nfrom utils import create_exp_dir, save_checkpoint\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--save', default='runs')\nargs = parser.parse_args()\n"
        "args.save = os.path.join(args.save, time.strftime('%Y%m%d-%H%M%S'))\nCALL\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters())\nfor epoch in range(3):\n"
        "    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
        "    save_checkpoint({'model': model.state_dict()}, args.save)\n"
    )
    write_repo(
        tmp_path / "a", {"utils.py": utils, "train.py": train.replace("CALL", "create_exp_dir(args.save)")}
    )
    result = run_audit(tmp_path / "a")
    assert not result.ctx.records.code
    assert not any("best" in p.target for p in result.ctx.records.checkpoints)
    passed = train.replace("CALL", "create_exp_dir(args.save, scripts_to_save=glob.glob('*.py'))")
    write_repo(tmp_path / "b", {"utils.py": utils, "train.py": passed})
    assert run_audit(tmp_path / "b").ctx.records.code


def test_a_committed_archive_that_is_a_saved_web_page_is_no_data(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Sign in - Google Accounts</title></head>"
        + "<div></div>" * 400
        + "</html>"
    )
    write_repo(tmp_path, {"train.py": TRAIN, "prepare_datasets/data/STAC_JSON.tar": page})
    commit_all(tmp_path)  # (committed data is what git tracks)
    reasons = " ".join(_dim(run_audit(tmp_path), "data_versioning").reasons)
    assert "STAC_JSON" not in reasons


def _flag_repo(tmp_path, readme: str):
    train = (
        "import argparse, os, torch\nparser = argparse.ArgumentParser()\nparser.add_argument('--exp', default='exp1')\n"
        "parser.add_argument('--save_content', action='store_true')\nargs = parser.parse_args()\n"
        "exp_path = os.path.join('./saved_info', args.exp)\nmodel = torch.nn.Linear(2, 2)\n"
        "opt = torch.optim.Adam(model.parameters())\nfor epoch in range(3):\n    loss = model(torch.ones(2)).sum()\n"
        "    loss.backward()\n    opt.step()\n    if args.save_content:\n"
        "        content = {'epoch': epoch, 'args': args, 'netG_dict': model.state_dict(), 'opt': opt.state_dict()}\n"
        "        torch.save(content, os.path.join(exp_path, 'content.pth'))\n"
    )
    write_repo(tmp_path, {"train_gan.py": train, "README.md": readme})
    return run_audit(tmp_path)


def test_a_record_behind_a_flag_every_documented_command_passes_is_every_documented_runs(tmp_path):
    both = (
        "# GAN\n```\npython3 train_gan.py --exp cifar \\\n--save_content\n```\n\n"
        "```\npython3 train_gan.py --exp lsun --save_content\n```\n"
    )
    result = _flag_repo(tmp_path / "a", both)
    assert any(p.in_checkpoint for p in result.ctx.records.config)
    assert "args.save_content" not in _dim(result, "parameter_logging").reasons[0]
    one = "# GAN\n```\npython3 train_gan.py --exp cifar --save_content\n```\n\n```\npython3 train_gan.py --exp lsun\n```\n"
    result = _flag_repo(tmp_path / "b", one)
    assert not result.ctx.records.config and result.ctx.records.optional


def test_a_tensorpack_trainer_keeps_events_stats_checkpoints_and_trackers_in_its_logger_directory(tmp_path):
    train = (
        "import argparse\nimport tensorflow as tf\nfrom tensorpack import *\n\nclass Model(ModelDesc):\n    pass\n\n"
        "if __name__ == '__main__':\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--logdir', default='train_log/run')\n"
        "    args = parser.parse_args()\n    logger.set_logger_dir(args.logdir, 'b')\n"
        "    callbacks = [PeriodicCallback(ModelSaver(max_to_keep=10), every_k_epochs=20), GPUMemoryTracker(), ThroughputTracker(100)]\n"
        "    traincfg = TrainConfig(model=Model(), callbacks=callbacks, steps_per_epoch=500, max_epoch=360)\n"
        "    launch_train_with_config(traincfg, SyncMultiGPUTrainerReplicated(8))\n"
    )
    write_repo(tmp_path, {"train.py": train})
    result = run_audit(tmp_path)
    assert detections_by_tool(result)["tensorboard"].usage == "used"
    assert any("set_logger_dir" in p.evidence.detail for p in result.ctx.records.metrics)
    statuses = {f.rule_id: f.status for f in result.findings}
    assert statuses["ET303"] == "PASS" and statuses["ET310"] != "FAIL"
