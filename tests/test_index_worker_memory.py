"""A parsing worker forked while the parent pauses its collector inherits the pause: each chunk it
indexes frees the cycles parsing left behind, or a worker's memory grows by a chunk's garbage each time."""

from __future__ import annotations

import gc

from experiment_tracking.index.build import _index_chunk


class _Node:
    def __init__(self):
        self.me = self


def test_a_chunk_indexed_with_the_collector_paused_leaves_no_cycles(tmp_path):
    was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(1000):
            _Node()  # cyclic garbage, as a paused collector leaves it
        assert _index_chunk(str(tmp_path), [], (), worker=True) == []
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
