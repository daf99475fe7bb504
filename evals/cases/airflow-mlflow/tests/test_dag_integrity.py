from airflow.models import DagBag


def test_dags_import_without_errors():
    bag = DagBag(dag_folder="dags", include_examples=False)
    assert bag.import_errors == {}
    assert {"demand_retrain", "demand_batch_inference"} <= set(bag.dag_ids)
