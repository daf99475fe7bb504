import numpy as np


def compute_fid(G):
    feats_real, feats_fake = features(), features(G)
    mu1, mu2 = feats_real.mean(0), feats_fake.mean(0)
    return float(np.sum((mu1 - mu2) ** 2))
