"""Work spread over forked worker processes, heaviest first, results in the caller's order.

Forked workers inherit what this process has loaded (the vocabulary, the scorer, the graphs
to validate), so nothing large is pickled on the way in. While they run, the objects this
process already holds are frozen out of the garbage collector (``gc.freeze``, as the Python
documentation advises before a fork): each worker's collections then skip the inherited heap
instead of walking it again and again, and touching it would copy its pages besides.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_largest_first(fn: Callable[[T], R], items: Sequence[T], sizes: Sequence[float], workers: int) -> list[R]:
    """``[fn(x) for x in items]`` on ``workers`` forked processes, handed out one at a time in
    decreasing ``sizes``: the largest item started last would keep one core busy while the
    others idle. ``fn`` and the items are pickled (a module-level function and small arguments;
    what is large is better reached through a global the workers inherit)."""
    order = sorted(range(len(items)), key=lambda i: (-sizes[i], i))
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            done = dict(zip(order, pool.map(fn, [items[i] for i in order])))
    finally:
        gc.unfreeze()
    return [done[i] for i in range(len(items))]
