"""heterokg.forked: work handed to forked workers largest first comes back in the caller's order;
a call started in a child returns its value or its error, and is stopped when not waited for."""

from __future__ import annotations

import gc
import os

import pytest

from heterokg.forked import map_largest_first, started


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


def _fail() -> None:
    raise ValueError("no such thing")


def _sleep() -> None:
    import time

    time.sleep(60)


def test_a_started_call_returns_its_value_from_another_process():
    with started(_square_and_pid, 12) as job:
        value, pid = job.result()
    assert value == 144 and pid != os.getpid()


def test_a_started_call_that_raises_raises_in_the_caller():
    with started(_fail) as job, pytest.raises(RuntimeError, match="ValueError: no such thing"):
        job.result()


def test_leaving_the_block_without_the_result_stops_the_child():
    with pytest.raises(KeyError), started(_sleep) as job:
        raise KeyError("the caller failed meanwhile")
    assert not job._process.is_alive()


def _large() -> str:
    return "x" * 5_000_000  # more than a pipe holds: the child blocks sending it


def _exit(signum, frame):
    raise SystemExit(128 + signum)


def test_a_child_blocked_sending_its_result_is_stopped():
    """Even when the parent turns SIGTERM into SystemExit, as heterokg build does."""
    import signal
    import time

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        with started(_large) as job:
            time.sleep(0.5)  # the child is done computing and waits on the pipe
        assert not job._process.is_alive()
    finally:
        signal.signal(signal.SIGTERM, previous)
