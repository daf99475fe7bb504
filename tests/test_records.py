"""Run records from data flow: hand-written run directories, TF1 writers, checkpoints holding the
options, flag-gated trackers and vendored trees, each scored by the rubric's levels."""

from __future__ import annotations

from experiment_tracking.audit import discover, run_audit
from experiment_tracking.index.python_facts import parse_python
from tests.rules.repo_helpers import write_repo

HAND_ROLLED = """
import argparse, json, os, time
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--outdir", default="runs")
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--resume", default=None)
opts = parser.parse_args()

def main():
    torch.manual_seed(opts.seed)
    run_dir = os.path.join(opts.outdir, f"{time.strftime('%Y%m%d-%H%M%S')}-lr{opts.lr}")
    os.makedirs(run_dir)
    with open(os.path.join(run_dir, "training_options.json"), "wt") as f:
        json.dump(vars(opts), f, indent=2)
    if opts.resume:
        state = torch.load(opts.resume)
        model.load_state_dict(state["model"])
    stats = open(os.path.join(run_dir, "stats.jsonl"), "at")
    for epoch in range(10):
        loss = train_one_epoch()
        stats.write(json.dumps({"epoch": epoch, "loss": loss}) + "\\n")
        torch.save({"model": model.state_dict(), "epoch": epoch}, os.path.join(run_dir, f"snapshot-{epoch}.pt"))

if __name__ == "__main__":
    main()
"""


def _dims(result):
    return {d.name: d.score for d in result.scorecard.dimensions}


def test_write_facts_trace_object_path_and_mode():
    m = parse_python("train.py", HAND_ROLLED.lstrip())
    dump = next(w for w in m.writes if w.call == "json.dump")
    assert dump.what == "vars(opts)"
    assert any("parse_args" in r for r in dump.roots)
    assert dump.target.endswith("/training_options.json")
    assert "time" in dump.origins  # the directory is timestamped
    stream = next(w for w in m.writes if w.kind == "stream")
    assert stream.mode == "at" and stream.target.endswith("/stats.jsonl")


def test_hand_rolled_run_directory_is_a_run_record(tmp_path):
    write_repo(tmp_path, {"train.py": HAND_ROLLED, "README.md": "# x\n"})
    ctx, _ = discover(tmp_path)
    rec = ctx.records
    assert [p.evidence.line for p in rec.whole_config(per_run=True)] == [16]
    assert rec.metrics and rec.metrics[0].per_run and rec.metrics[0].evidence.line == 23
    assert rec.checkpoints and rec.checkpoints[0].per_run
    assert rec.resume, "an option naming a checkpoint plus a load is a resume path"
    result = run_audit(tmp_path)
    dims = _dims(result)
    assert dims["parameter_logging"] == 5  # whole options written into a per-run directory
    assert dims["result_persistence"] == 4  # structured per-run logs beside checkpoints


def test_fixed_path_checkpoint_with_config_is_partial_and_overwritten(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import torch
            out_dir = "out"
            config = {"lr": 0.1}
            def main():
                checkpoint = {"model": model.state_dict(), "config": config}
                torch.save(checkpoint, out_dir + "/ckpt.pt")
            main()
            """
        },
    )
    ctx, _ = discover(tmp_path)
    part = ctx.records.config[0]
    assert part.in_checkpoint and part.keeping == "fixed" and not part.per_run
    assert "overwritten" in part.describe()
    assert _dims(run_audit(tmp_path))["parameter_logging"] == 3


def test_output_dir_from_the_command_line_is_a_review_question(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import argparse, json, os
            p = argparse.ArgumentParser(); p.add_argument("--output_dir")
            a = p.parse_args()
            with open(os.path.join(a.output_dir, "options.json"), "w") as f:
                f.write(json.dumps(vars(a), sort_keys=True, indent=4))
            """
        },
    )
    result = run_audit(tmp_path)
    param = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert param.score == 4
    assert "own directory" in param.review and "train.py:5" in param.review


def test_tracker_behind_a_flag_is_optional(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import argparse
            import wandb
            p = argparse.ArgumentParser(); p.add_argument("--track", action="store_true")
            args = p.parse_args()
            if args.track:
                wandb.init(project="x", config=vars(args))
            for step in range(3):
                if args.track:
                    wandb.log({"loss": 1.0})
            """
        },
    )
    ctx, _ = discover(tmp_path)
    wb = ctx.has("wandb", "tracking")
    assert wb is not None and wb.scope == "optional"
    # Credited as partial recording, never as every run's record.
    assert _dims(run_audit(tmp_path))["parameter_logging"] == 3


def test_vendored_trees_are_not_the_project(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": "import torch\ntorch.manual_seed(0)\n",
            "LICENSE": "MIT\n",
            "third_party/lib/README.md": "# Model card\n## Intended use\n",
            "third_party/lib/setup.py": "import setuptools\n",
            "native/kenlm/LICENSE": "LGPL\n",
            "native/kenlm/setup.py": "from setuptools import setup\nsetup(install_requires=['torch==2.0'])\n",
            "native/kenlm/wandb_use.py": "import wandb\nwandb.init()\n",
            ".gitmodules": '[submodule "ext"]\n\tpath = ext/sub\n\turl = https://example.invalid/x.git\n',
            # inference/efficiency/dependencies/<upstream>: a benchmark's pinned environment, not ours
            "bench/dependencies/harness/requirements.txt": "torch==2.0.1\nnumpy==1.24.0\n",
        },
    )
    (tmp_path / "ext" / "sub").mkdir(parents=True)
    ctx, _ = discover(tmp_path)
    inv = ctx.inventory
    assert set(inv.vendored) == {"third_party", "native/kenlm", "ext/sub", "bench/dependencies"}
    assert inv.missing_submodules == ["ext/sub"]
    assert not any(f.path.startswith(("third_party/", "native/kenlm/")) for f in inv.files)
    assert ctx.has("wandb") is None  # a vendored file's tracker is not the project's
    from experiment_tracking.report.markdown import render_markdown

    text = render_markdown(run_audit(tmp_path))
    assert "vendored third-party tree(s)" in text and "not checked out" in text


def test_summary_writer_and_saver_make_a_tf1_run_record(tmp_path):
    write_repo(
        tmp_path,
        {
            "model.py": """
            import tensorflow as tf
            import argparse
            p = argparse.ArgumentParser(); p.add_argument("--output_dir"); p.add_argument("--checkpoint")
            a = p.parse_args()
            tf.summary.scalar("loss", loss)
            sv = tf.train.Supervisor(logdir=a.output_dir, save_summaries_secs=0)
            saver = tf.train.Saver(max_to_keep=1)
            with sv.managed_session() as sess:
                if a.checkpoint is not None:
                    checkpoint = tf.train.latest_checkpoint(a.checkpoint)
                    saver.restore(sess, checkpoint)
                saver.save(sess, a.output_dir + "/model", global_step=sv.global_step)
            """
        },
    )
    ctx, _ = discover(tmp_path)
    rec = ctx.records
    assert [p.evidence.line for p in rec.metrics] == [6]
    assert [p.evidence.line for p in rec.checkpoints] == [12]
    assert rec.resume


def test_pathlib_open_append_stream_and_custom_logging_detection(tmp_path):
    write_repo(
        tmp_path,
        {
            "main_train.py": """
            import argparse, json
            from pathlib import Path
            import torch
            p = argparse.ArgumentParser(); p.add_argument("--output_dir")
            args = p.parse_args()
            def main():
                for epoch in range(3):
                    torch.save({"model": model.state_dict(), "args": args}, Path(args.output_dir) / "checkpoint.pth")
                    with (Path(args.output_dir) / "log.txt").open("a") as f:
                        f.write(json.dumps({"epoch": epoch, "loss": loss.item()}) + "\\n")
            if __name__ == "__main__":
                main()
            """
        },
    )
    ctx, _ = discover(tmp_path)
    assert [p.evidence.line for p in ctx.records.metrics] == [10]
    det = ctx.has("custom_logging", "tracking")
    assert det is not None and det.scope == "core"
    assert any(e.path == "main_train.py" and e.line == 10 for e in det.evidence)
    param = next(d for d in run_audit(tmp_path).scorecard.dimensions if d.name == "parameter_logging")
    assert param.score == 4 and "each checkpoint" in param.reasons[0]


def test_writes_in_a_function_called_only_behind_a_switch_are_when_enabled(tmp_path):
    write_repo(
        tmp_path,
        {
            "agent.py": """
            import torch
            class Agent:
                def save(self, filename):
                    torch.save(self.actor.state_dict(), filename + "_actor.pt")
            """,
            "main.py": """
            import argparse
            import numpy as np
            import agent
            p = argparse.ArgumentParser(); p.add_argument("--save_model", action="store_true")
            args = p.parse_args()
            policy = agent.Agent()
            for t in range(10):
                np.save(f"./results/{args.seed}", evaluations)
                if args.save_model:
                    policy.save(f"./models/{args.seed}")
            """,
        },
    )
    ctx, _ = discover(tmp_path)
    assert ctx.records.checkpoints == []  # saved only when --save_model is given
    assert {p.evidence.path for p in ctx.records.optional} == {"agent.py", "main.py"}


def test_a_tracker_behind_a_switch_raises_review_questions(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import wandb
            wandb_log = False
            def main():
                if wandb_log:
                    wandb.init(project="p", config={"lr": 0.1})
                for it in range(10):
                    loss = step()
                    if wandb_log:
                        wandb.log({"loss": loss})
            main()
            """
        },
    )
    result = run_audit(tmp_path)
    review = {f.rule_id: f for f in result.findings if f.status == "REVIEW"}
    assert "ET301" in review and "`wandb_log` is true (train.py:9)" in review["ET301"].question
    assert "ET420" in review
    row = next(r for r in result.summary if r["area"] == "Code-Data Linkage")
    assert row["status"] in ("WARN", "FAIL")  # an open question is never a pass


def test_commit_read_but_never_written_is_not_recorded(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import subprocess
            import torch
            sha = subprocess.check_output(["git", "rev-parse", "HEAD"]).decode()
            print("git:", sha)
            for step in range(10):
                loss.backward()
            """
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET420")
    assert f.status == "WARN" and "never written" in f.message


def test_project_evaluation_and_resume_options(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import click
            import torch
            from training import loop
            @click.command()
            @click.option("--snapshot", help="Resume training from a snapshot.")
            def main(snapshot):
                loop.run(snapshot)
            if __name__ == "__main__":
                main()
            """,
            "training/loop.py": """
            import torch
            def evaluate(model):
                return (model(x).argmax(1) == y).float().mean()
            def run(snapshot):
                if snapshot is not None:
                    model.load_state_dict(torch.load(snapshot))
                for epoch in range(3):
                    loss.backward()
                    acc = evaluate(model)
            """,
        },
    )
    result = run_audit(tmp_path)
    by = {f.rule_id: f for f in result.findings}
    assert by["ET511"].status == "PASS" and any(e.path == "train.py" for e in by["ET511"].evidence)
    assert any("evaluation function evaluate()" in e.detail for e in by["ET302"].evidence)


def test_trainer_output_dir_is_a_framework_record(tmp_path):
    write_repo(
        tmp_path,
        {
            "finetune.py": """
            import fire
            import transformers
            def train(output_dir: str = "./out"):
                args = transformers.TrainingArguments(output_dir=output_dir, eval_steps=200, evaluation_strategy="steps")
                trainer = transformers.Trainer(args=args)
                trainer.train()
            fire.Fire(train)
            """
        },
    )
    ctx, _ = discover(tmp_path)
    rec = ctx.records
    assert rec.metrics and rec.metrics[0].framework and rec.checkpoints
    assert rec.config and rec.config[0].in_checkpoint  # training_args.bin inside each checkpoint
    result = run_audit(tmp_path)
    assert next(f for f in result.findings if f.rule_id == "ET302").status == "PASS"


def test_switches_are_on_off_conditions_not_choices_process_guards_or_given_paths(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import argparse, json, os
            import mlflow
            import torch
            p = argparse.ArgumentParser()
            p.add_argument("--output_dir", default=".")
            p.add_argument("--tb_dir", default="")
            p.add_argument("--mode", default="train")
            p.add_argument("--model_name", default="lgbm")
            args = p.parse_args()
            if args.model_name == "lgbm":
                mlflow.lightgbm.autolog()
            else:
                mlflow.sklearn.autolog()
            if args.output_dir and is_main_process():
                with open(os.path.join(args.output_dir, "log.txt"), "a") as f:
                    f.write(json.dumps(stats) + "\\n")
            if args.tb_dir:
                writer = torch.utils.tensorboard.SummaryWriter(args.tb_dir)
            if args.mode == "eval":
                json.dump(vars(args), open(os.path.join(args.output_dir, "flags.json"), "w"))
            else:
                torch.save(model.state_dict(), os.path.join(args.output_dir, "model.pt"))
            """
        },
    )
    ctx, _ = discover(tmp_path)
    rec = ctx.records
    assert [p.evidence.line for p in rec.metrics] == [16]  # a given path and rank 0 are no switch
    assert [p.evidence.line for p in rec.checkpoints] == [22]  # the else branch of a side mode runs
    assert sorted(p.evidence.line for p in rec.optional) == [18, 20]  # empty-default dir; eval mode
    assert ctx.has("mlflow").scope == "core"  # a choice of model flavour is not a switch


def test_logger_classes_copied_configs_and_a_written_githash(tmp_path):
    write_repo(
        tmp_path,
        {
            "utils.py": """
            import argparse, json, os, subprocess
            def get_hparams(init=True):
                p = argparse.ArgumentParser(); p.add_argument("-m", "--model", required=True)
                p.add_argument("-c", "--config", default="configs/base.json")
                args = p.parse_args()
                model_dir = os.path.join("./logs", args.model)
                if init:
                    with open(args.config) as f:
                        data = f.read()
                    with open(os.path.join(model_dir, "config.json"), "w") as f:
                        f.write(data)
                return json.loads(data)
            def check_git_hash(model_dir):
                cur_hash = subprocess.getoutput("git rev-parse HEAD")
                open(os.path.join(model_dir, "githash"), "w").write(cur_hash)
            """,
            "train.py": """
            import torch
            import utils
            hps = utils.get_hparams()
            utils.check_git_hash(hps.model_dir)
            for step in range(3):
                loss.backward()
            """,
        },
    )
    ctx, _ = discover(tmp_path)
    rec = ctx.records
    assert [(p.evidence.line, p.whole, p.keeping) for p in rec.config] == [(11, True, "named")]
    assert [e.line for e in rec.commit_recorded] == [15]
    result = run_audit(tmp_path)
    assert next(f for f in result.findings if f.rule_id == "ET420").status == "PASS"
    assert next(f for f in result.findings if f.rule_id == "ET210").status == "PASS"


def test_a_pass_resting_only_on_switched_code_becomes_a_question(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import argparse
            import wandb
            p = argparse.ArgumentParser(); p.add_argument("--track", action="store_true")
            args = p.parse_args()
            if args.track:
                wandb.init(project="p", tags=["baseline"], config=vars(args))
            for step in range(3):
                loss.backward()
            """
        },
    )
    result = run_audit(tmp_path)
    f111 = next(f for f in result.findings if f.rule_id == "ET111")
    assert f111.status == "REVIEW" and "`args.track`" in f111.question


def test_run_records_are_in_the_json_audit_and_valid(tmp_path):
    from experiment_tracking.audit import audit_dict
    from experiment_tracking.schemas import validator

    write_repo(tmp_path, {"train.py": HAND_ROLLED})
    d = audit_dict(run_audit(tmp_path))
    validator("audit.schema.json").validate(d)
    assert d["run_records"]["config"][0]["per_run"] is True
    assert d["run_records"]["config"][0]["evidence"]["line"] == 16
