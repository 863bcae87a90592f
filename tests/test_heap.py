"""heterokg.heap: frozen blocks nest, and leaving the outermost unfreezes everything."""

from __future__ import annotations

import gc

from heterokg import heap


def test_nested_blocks_unfreeze_at_the_outermost_only():
    with heap.frozen():
        assert gc.get_freeze_count() > 0
        with heap.frozen():
            pass
        assert gc.get_freeze_count() > 0  # the inner block left the outer one's objects frozen
        made = [[] for _ in range(100)]
        before = gc.get_freeze_count()
        heap.keep()
        assert gc.get_freeze_count() >= before + len(made)
    assert gc.get_freeze_count() == 0
