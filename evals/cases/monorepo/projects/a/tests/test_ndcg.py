import numpy as np
import pandas as pd

from ranker.train import ndcg_at_10


def test_perfect_ranking_scores_one():
    df = pd.DataFrame({"qid": [1, 1, 1], "label": [2, 1, 0]})
    assert ndcg_at_10(df, np.array([3.0, 2.0, 1.0])) == 1.0
