import numpy as np
import pandas as pd

AA = "ACDEFGHIKLMNPQRSTVWY"
KD = {
    "A": 1.8, "R": -4.5, "N": -3.5, "D": -3.5, "C": 2.5, "Q": -3.5, "E": -3.5, "G": -0.4,
    "H": -3.2, "I": 4.5, "L": 3.8, "K": -3.9, "M": 1.9, "F": 2.8, "P": -1.6, "S": -0.8,
    "T": -0.7, "W": -0.9, "Y": -1.3, "V": 4.2,
}


def one_hot_window(seq, pos, width=7):
    half = width // 2
    out = np.zeros((width, len(AA)), dtype=np.float32)
    for i, j in enumerate(range(pos - half, pos + half + 1)):
        if 0 <= j < len(seq) and seq[j] in AA:
            out[i, AA.index(seq[j])] = 1.0
    return out


def hydro_delta(wt, mut):
    return KD.get(mut, 0.0) - KD.get(wt, 0.0)


def build_table(df):
    feats = pd.DataFrame(index=df.index)
    feats["hydro_delta"] = [hydro_delta(w, m) for w, m in zip(df.wt, df.mut)]
    feats["rel_pos"] = df.position / df.sequence.str.len()
    for aa in AA:
        feats[f"wt_{aa}"] = (df.wt == aa).astype(int)
        feats[f"mut_{aa}"] = (df.mut == aa).astype(int)
    return feats
