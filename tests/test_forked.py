"""heterokg.forked: work handed to forked workers largest first comes back in the caller's order."""

from __future__ import annotations

import gc
import os

from heterokg.forked import map_largest_first


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_in_the_order_of_the_items_whatever_their_sizes():
    items = list(range(7))
    out = map_largest_first(_square_and_pid, items, sizes=[3, 9, 1, 9, 0, 5, 2], workers=2)
    assert [r for r, _ in out] == [x * x for x in items]
    assert all(pid != os.getpid() for _, pid in out)  # done in the workers


def test_the_heap_is_unfrozen_afterwards():
    map_largest_first(_square_and_pid, [1, 2], sizes=[1, 2], workers=2)
    assert gc.get_freeze_count() == 0
