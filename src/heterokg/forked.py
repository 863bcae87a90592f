"""Work done in forked worker processes: a list spread over the cores heaviest first, items
handed over one at a time while the caller builds the next, or one call run beside the
caller's own work.

Forked workers inherit what this process has loaded (the vocabulary, the scorer, the graphs
to validate or write), so nothing large is pickled on the way in. They are forked with the
heap frozen (:mod:`heterokg.heap`): their collections skip what they inherit.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Generic, TypeVar

from .heap import frozen

T = TypeVar("T")
R = TypeVar("R")
K = TypeVar("K", bound=Hashable)

_FORK = multiprocessing.get_context("fork")


def map_largest_first(fn: Callable[[T], R], items: Sequence[T], sizes: Sequence[float], workers: int,
                      meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[fn(x) for x in items]`` on ``workers`` forked processes, handed out one at a time in
    decreasing ``sizes``: the largest item started last would keep one core busy while the
    others idle. ``fn`` and the items are pickled (a module-level function and small arguments;
    what is large is better reached through a global the workers inherit). ``meanwhile`` is
    called in this process once the workers are at work, which it would otherwise wait for."""
    order = sorted(range(len(items)), key=lambda i: (-sizes[i], i))
    with frozen(), ProcessPoolExecutor(workers, mp_context=_FORK) as pool:
        outcomes = pool.map(fn, [items[i] for i in order])  # every item handed out, the workers forked
        if meanwhile is not None:
            meanwhile()
        done = dict(zip(order, outcomes))
    return [done[i] for i in range(len(items))]


class Forks(Generic[K, T, R]):
    """``fn(item)`` for items handed over one at a time, each in a child of its own: forked at
    once while fewer than ``workers`` children run, else as soon as one has ended, the largest
    waiting item first.

    A child sees its item as it is when forked (nothing is pickled on the way in), so the
    caller goes on building the next item while the first ones are at work; it must not
    change an item once handed over. Children that end are only noticed when the caller hands
    over an item or asks for :meth:`results`."""

    def __init__(self, fn: Callable[[T], R], workers: int) -> None:
        self._fn = fn
        self._workers = max(1, workers)
        self._waiting: list[tuple[float, K, T]] = []
        self._running: dict[K, Started[R]] = {}
        self._done: dict[K, R] = {}

    def submit(self, key: K, item: T, size: float) -> None:
        """Hand ``item`` over (``size`` orders the waiting ones); its result comes under ``key``."""
        self._waiting.append((size, key, item))
        self._collect(block=False)
        self._start()

    def results(self) -> dict[K, R]:
        """Every item's result by key, once all have ended; a child's error is raised as
        :meth:`Started.result` raises it."""
        while self._waiting or self._running:
            self._start()
            self._collect(block=True)
        return self._done

    def stop(self) -> None:
        """End the children still running; forget the items still waiting."""
        self._waiting.clear()
        for job in self._running.values():
            job.stop()
        self._running.clear()

    def _start(self) -> None:
        while self._waiting and len(self._running) < self._workers:
            largest = max(range(len(self._waiting)), key=lambda i: (self._waiting[i][0], -i))
            _size, key, item = self._waiting.pop(largest)
            self._running[key] = Started(self._fn, item)

    def _collect(self, block: bool) -> None:
        if not self._running:
            return
        ended = wait([job._pipe for job in self._running.values()], timeout=None if block else 0)
        for key, job in list(self._running.items()):
            if job._pipe in ended:
                del self._running[key]
                self._done[key] = job.result()


class Started(Generic[R]):
    """``fn(*args)`` running in a forked child from the moment this is made (nothing is
    pickled on the way in); :meth:`result` waits for its return value."""

    def __init__(self, fn: Callable[..., R], *args) -> None:
        self._name = getattr(fn, "__name__", repr(fn))
        self._pipe, child_end = _FORK.Pipe(duplex=False)
        self._process = _FORK.Process(target=_send_result, args=(child_end, fn, args), daemon=True)
        with frozen():
            self._process.start()
        child_end.close()

    def result(self) -> R:
        """The return value; an exception in the child is raised here as a RuntimeError that
        carries its traceback."""
        try:
            ok, value = self._pipe.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"{self._name} died in a worker (exit code {self._process.exitcode})") from None
        self._process.join()
        if not ok:
            raise RuntimeError(f"{self._name} failed in a worker:\n{value}")
        return value

    def stop(self) -> None:
        """End the child if it still runs (the caller no longer wants its result). The pipe
        is closed first: a child blocked sending a large result then fails at once."""
        self._pipe.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


@contextmanager
def started(fn: Callable[..., R], *args) -> Iterator[Started[R]]:
    """:class:`Started` for the ``with`` block: a block left without the result (an error)
    stops the child rather than leaving it running."""
    job = Started(fn, *args)
    try:
        yield job
    finally:
        job.stop()


def _send_result(conn, fn: Callable[..., R], args: tuple) -> None:
    # the parent may have turned SIGTERM into an exception (heterokg.cli does, to clean up);
    # here it must end the child, which stop() sends it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        conn.send((True, fn(*args)))
    except BaseException:  # noqa: BLE001 - whatever it was, the parent must hear of it
        conn.send((False, traceback.format_exc()))
    finally:
        conn.close()
