import json
import os
import pickle

import torch

from gan.metrics import compute_fid


def training_loop(run_dir, resume, batch, lr):
    G, D = build_networks()
    opt = torch.optim.Adam(G.parameters(), lr=lr)
    if resume is not None:
        with open(resume, "rb") as f:
            snap = pickle.load(f)
        G.load_state_dict(snap["G"])
    stats = open(os.path.join(run_dir, "stats.jsonl"), "at")
    for tick in range(100):
        loss = step(G, D, opt, batch)
        loss.backward()
        opt.step()
        stats.write(json.dumps({"tick": tick, "loss/G": float(loss)}) + "\n")
        stats.flush()
        if tick % 10 == 0:
            fid = compute_fid(G)
            with open(os.path.join(run_dir, "metric-fid.jsonl"), "at") as f:
                f.write(json.dumps({"tick": tick, "fid": fid}) + "\n")
            snapshot = {"G": G.state_dict(), "D": D.state_dict()}
            with open(os.path.join(run_dir, f"network-snapshot-{tick:06d}.pkl"), "wb") as f:
                pickle.dump(snapshot, f)
