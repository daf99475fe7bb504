import pandas as pd

from spaceflights_pricing.pipelines.data_science.nodes import split_data


def test_split_data_is_deterministic():
    data = pd.DataFrame({"engines": range(20), "price": range(20)})
    params = {"features": ["engines"], "test_size": 0.25, "random_state": 3}
    a = split_data(data, params)
    b = split_data(data, params)
    assert a[1].index.tolist() == b[1].index.tolist()
