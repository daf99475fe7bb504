from hydra import compose, initialize


def test_train_config_composes():
    with initialize(version_base="1.3", config_path="../configs"):
        cfg = compose(config_name="train.yaml", overrides=["logger=csv", "trainer=ddp"])
    assert cfg.trainer.strategy == "ddp"
    assert "csv" in cfg.logger
