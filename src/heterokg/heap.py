"""The build's long-lived objects kept out of the garbage collector's passes.

The build holds a large heap for its whole run (the vocabulary, every document and claim,
the dataset) and allocates many small objects besides; each full collection walked all of
it again, some 20 % of the time spent between extraction and validation. Frozen objects
(``gc.freeze``) are skipped by the collector; reference counting still frees them. Leaving
the outermost :func:`frozen` block unfreezes everything, so that whatever became cyclic
garbage meanwhile is collected as usual afterwards (a test run calls the build many times).
Forked workers inherit the frozen state, which the Python documentation advises before a
fork: their collections skip the inherited heap, and do not copy its pages by touching it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0


@contextmanager
def frozen() -> Iterator[None]:
    """Freeze what exists now, for the block; nested blocks unfreeze only at the outermost."""
    global _depth
    gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()


def keep() -> None:
    """Freeze what was made since (inside a :func:`frozen` block): it lives as long as the block."""
    gc.freeze()
