"""Python facts from one ast parse: aliases, calls, decorators, bases, guards, literals."""

from __future__ import annotations

import textwrap

from experiment_tracking.index.python_facts import Dyn, module_package, parse_python


def facts(src: str, path: str = "pkg/sub/train.py"):
    f = parse_python(path, textwrap.dedent(src))
    assert f.error == "", f.error
    return f


def call_names(f) -> list[str]:
    return [c.name for c in f.calls]


def call(f, name: str):
    matches = [c for c in f.calls if c.name == name]
    assert matches, f"{name} not in {call_names(f)}"
    return matches[0]


def test_import_alias_is_resolved():
    f = facts(
        """
        import mlflow as mf
        import torch.utils.tensorboard as tb
        mf.log_param("lr", 0.1)
        w = tb.SummaryWriter("runs")
        """
    )
    assert call(f, "mlflow.log_param").line == 4
    assert "torch.utils.tensorboard.SummaryWriter" in call_names(f)
    assert [i.module for i in f.imports] == ["mlflow", "torch.utils.tensorboard"]
    assert f.imported("mlflow") and f.imported("torch.utils") and not f.imported("torch.util")


def test_from_import_and_as():
    f = facts(
        """
        from wandb import init
        from mlflow import log_metric as lm
        init(project="p")
        lm("acc", 0.9)
        """
    )
    assert call(f, "wandb.init").kw("project") == "p"
    assert call(f, "mlflow.log_metric").args == ("acc", 0.9)
    assert {i.module for i in f.imports} == {"wandb.init", "mlflow.log_metric"}


def test_relative_imports_resolve_against_the_package():
    f = facts(
        """
        from . import utils
        from .models import Net
        from ..common.log import setup as s
        utils.go()
        Net()
        s()
        """,
        path="src/proj/train/run.py",
    )
    assert module_package("src/proj/train/run.py") == "proj.train"
    assert {i.module for i in f.imports} == {
        "proj.train.utils",
        "proj.train.models.Net",
        "proj.common.log.setup",
    }
    assert {"proj.train.utils.go", "proj.train.models.Net", "proj.common.log.setup"} <= set(call_names(f))


def test_variable_assigned_from_a_call_carries_the_call():
    f = facts(
        """
        import wandb
        run = wandb.init(project="p")
        run.log({"loss": 0.1})
        run.config.update({"lr": 1})
        with wandb.init() as r2:
            r2.finish()
        """
    )
    assert call(f, "wandb.init().log").line == 4
    assert "wandb.init().config.update" in call_names(f)
    assert "wandb.init().finish" in call_names(f)


def test_reassignment_drops_the_alias():
    f = facts(
        """
        import mlflow as m
        m = 3
        m.log_param("a", 1)
        """
    )
    assert "mlflow.log_param" not in call_names(f)


def test_decorators():
    f = facts(
        """
        import hydra
        from sacred import Experiment
        from kfp import dsl
        from prefect import flow
        ex = Experiment("e")

        @hydra.main(config_path="conf", config_name="config", version_base=None)
        def main(cfg):
            pass

        @ex.automain
        def run():
            pass

        @dsl.pipeline(name="p")
        def pipe():
            pass

        @flow
        def f():
            pass
        """
    )
    decos = {d.name: d for d in f.decorators}
    assert decos["hydra.main"].kw("config_name") == "config"
    assert decos["hydra.main"].kw("version_base") is None
    assert decos["hydra.main"].line == 8
    assert "sacred.Experiment().automain" in decos
    assert "kfp.dsl.pipeline" in decos
    assert "prefect.flow" in decos
    assert ("main", 9, 0, 10) in f.functions


def test_class_bases():
    f = facts(
        """
        import pytorch_lightning as pl
        from metaflow import FlowSpec, step

        class Model(pl.LightningModule):
            pass

        class Train(FlowSpec):
            @step
            def start(self):
                pass
        """
    )
    assert ("Model", "pytorch_lightning.LightningModule", 5, 0) in f.bases
    assert ("Train", "metaflow.FlowSpec", 8, 0) in f.bases
    assert "metaflow.step" in {d.name for d in f.decorators}


def test_main_guard():
    f = facts(
        """
        def main():
            pass

        if __name__ == "__main__":
            main()
        """
    )
    assert f.main_guard == 5
    f2 = facts('if "__main__" == __name__:\n    main()\n')
    assert f2.main_guard == 1
    # a placeholder guard (`pass` only) runs nothing: no entry point
    assert facts('if __name__ == "__main__":\n    pass\n').main_guard == 0
    assert facts("if __name__ == 'x':\n    pass\n").main_guard == 0


def test_guarded_imports_and_none_fallback_keeps_alias():
    f = facts(
        """
        try:
            import wandb
        except ImportError:
            wandb = None
        try:
            import neptune as nep
        except (ModuleNotFoundError, OSError):
            nep = None
        import mlflow

        def go():
            if wandb is not None:
                wandb.log({"a": 1})
            nep.init_run()
        """
    )
    guarded = {i.module: i.guarded for i in f.imports}
    assert guarded == {"wandb": True, "neptune": True, "mlflow": False}
    assert {"wandb.log", "neptune.init_run"} <= set(call_names(f))


def test_literal_kwargs():
    f = facts(
        """
        import optuna
        optuna.create_study(
            direction="minimize",
            n=-3,
            lr=-0.5,
            neg_expr=-x,
            flag=True,
            none=None,
            tags=["a", "b", 1],
            cfg={"lr": 0.1, "layers": [64, 32], "nested": {"k": -1}},
            tup=(1, 2),
            fn=optuna.samplers.TPESampler(seed=42),
            **extra,
        )
        """
    )
    c = call(f, "optuna.create_study")
    assert c.kw("direction") == "minimize"
    assert c.kw("n") == -3 and c.kw("lr") == -0.5
    assert isinstance(c.kw("neg_expr"), Dyn)
    assert c.kw("flag") is True and c.kw("none") is None and c.has_kw("none")
    assert c.kw("tags") == ["a", "b", 1]
    assert c.kw("cfg") == {"lr": 0.1, "layers": [64, 32], "nested": {"k": -1}}
    assert c.kw("tup") == [1, 2]
    assert c.kw("fn") == Dyn("optuna.samplers.TPESampler()")
    assert c.has_kw("**")
    assert call(f, "optuna.samplers.TPESampler").kw("seed") == 42


def test_assignments_to_attributes_are_recorded():
    f = facts(
        """
        import torch
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        """
    )
    assigns = {a.target: (a.value, a.line) for a in f.assigns}
    assert assigns["torch.backends.cudnn.deterministic"] == (True, 3)
    assert assigns["torch.backends.cudnn.benchmark"] == (False, 4)


def test_calls_inside_nested_scopes_and_comprehensions():
    f = facts(
        """
        import mlflow
        class T:
            def fit(self):
                [mlflow.log_metric("m", v) for v in range(3) if check(v)]
                lambda: mlflow.end_run()
                match x:
                    case 1:
                        mlflow.set_tag("a", "b")
        """
    )
    assert {"mlflow.log_metric", "check", "mlflow.set_tag"} <= set(call_names(f))


def test_syntax_error_is_reported_not_raised():
    f = parse_python("bad.py", "def f(:\n  pass\n")
    assert f.error.startswith("syntax error at line 1")
    assert f.calls == [] and f.imports == []


def test_deep_nesting_is_an_error_not_a_crash():
    f = parse_python("deep.py", "x = " + "(" * 100_000 + ")" * 100_000 + "\n")
    assert f.error
    f = parse_python("deep2.py", "x = " + "-" * 100_000 + "1\n")
    assert isinstance(f.error, str)


def test_line_count():
    assert parse_python("a.py", "a = 1\nb = 2\n").lines == 3
