"""heterokg.forked: work handed to forked workers largest first comes back in the caller's order,
items handed over one at a time each go to a child of their own, which sees them as handed over;
a call started in a child returns its value or its error, and is stopped when not waited for."""

from __future__ import annotations

import gc
import os

import pytest

from heterokg.forked import Forks, map_largest_first, started


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


def _started_at(item: tuple[str, float]) -> tuple[str, float, int]:
    """The item's name, when its child began (a clock all processes share) and its pid."""
    import time

    began = time.monotonic()
    time.sleep(item[1])
    return item[0], began, os.getpid()


def test_items_handed_over_come_back_by_key_each_from_a_child_of_its_own():
    forks = Forks(_started_at, workers=2)
    for name in "abc":
        forks.submit(name, (name, 0.0), size=1)
    done = forks.results()
    assert sorted(done) == ["a", "b", "c"]
    pids = {pid for _, _, pid in done.values()}
    assert len(pids) == 3 and os.getpid() not in pids


def test_the_largest_waiting_item_starts_first():
    forks = Forks(_started_at, workers=1)
    forks.submit("running", ("running", 1.0), size=1)  # keeps the only slot while the others wait
    forks.submit("small", ("small", 0.0), size=1)
    forks.submit("large", ("large", 0.0), size=9)
    done = forks.results()
    assert done["running"][1] < done["large"][1] < done["small"][1]


def _length(items: list) -> int:
    return len(items)


def test_a_child_sees_the_item_as_it_was_handed_over():
    """The caller goes on building once an item is handed over: the child does not see that."""
    forks = Forks(_length, workers=2)
    items = [1, 2]
    forks.submit("first", items, size=1)
    items.append(3)  # after the fork: the child has its own copy
    assert forks.results() == {"first": 2}


def _fail_on(item: str) -> str:
    if item == "bad":
        raise ValueError("bad item")
    return item


def test_a_failing_child_raises_in_the_caller_and_stop_ends_the_others():
    forks = Forks(_fail_on, workers=2)
    forks.submit("good", "good", size=1)
    forks.submit("bad", "bad", size=1)
    with pytest.raises(RuntimeError, match="ValueError: bad item"):
        forks.results()
    forks.stop()
    assert not forks._running


def test_meanwhile_runs_in_the_caller_while_the_workers_work():
    import multiprocessing

    seen = []
    out = map_largest_first(_square_and_pid, [1, 2, 3], sizes=[1, 2, 3], workers=2,
                            meanwhile=lambda: seen.append((os.getpid(), len(multiprocessing.active_children()))))
    assert [r for r, _ in out] == [1, 4, 9]
    assert seen == [(os.getpid(), 2)]  # once, here, with both workers forked
