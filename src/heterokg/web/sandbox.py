"""Inside a query process: no network, bounded memory, a deep stack, one query at a time.

A query process is either started as ``python -m heterokg.web.sandbox STORE_DIR IN OUT MEM``
(it opens the on-disk store read-only) or forked by the zygote (``heterokg.web.zygote``),
which holds the graph in memory. Either way it ends in :func:`run`, which answers the
messages of :class:`heterokg.web.executor.QueryExecutor` until told to stop or until its
parent is gone.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

import pyoxigraph as ox

from heterokg.web.executor import execute

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
STACK_BYTES = 256 * 1024 * 1024
"""Stack of the thread that runs queries: Oxigraph recurses over the query's tree, and the
lexer's depth limit keeps well inside this (a 5,000-deep query overflows 8 MB)."""


def isolate_network() -> str:
    """Move this process into a network namespace of its own, with no interface up.

    pyoxigraph answers SERVICE by making HTTP requests and has no switch to stop it; the lexer
    refuses SERVICE, and this makes sure a spelling it missed reaches nothing. Must run while
    the process has one thread. Returns what was done, for the log.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as e:  # pragma: no cover - no libc
        return f"network NOT isolated: {e}"
    if libc.unshare(CLONE_NEWNET) == 0:
        return "network isolated"
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return "network isolated (user namespace)"
    return f"network NOT isolated: unshare failed ({os.strerror(ctypes.get_errno())})"


def _vm_size() -> int:
    """This process's address space in bytes (VmSize), the quantity RLIMIT_AS bounds."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


def limit_memory(budget_bytes: int) -> None:
    """Let this process grow by at most ``budget_bytes`` of address space from now on.

    Python raises MemoryError past it; Rust (Oxigraph) aborts with SIGABRT after printing
    "memory allocation of N bytes failed", which the parent reads as "query exceeded its
    memory limit".
    """
    import resource

    if budget_bytes > 0:
        limit = _vm_size() + budget_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def watch_parent(parent: int, requests_fd: int) -> None:  # pragma: no cover - in a child
    """Exit when the parent goes away, or the web worker that sends the queries (its end of
    the request pipe hangs up: a shared zygote outlives its workers), even in the middle of a
    query: orphans must not run."""
    import select

    hangup = select.poll()
    hangup.register(requests_fd, 0)  # no events asked: only a hangup or an error wakes it
    while not hangup.poll(1000) and os.getppid() == parent:
        pass
    os._exit(1)


def private_bytes() -> int:
    """Memory only this process holds (its private dirty pages), from smaps_rollup: 0.5-1.2 ms
    in a forked query process, as the kernel walks every page table of the graph it maps."""
    with open("/proc/self/smaps_rollup", "rb") as f:
        text = f.read()
    at = text.find(b"Private_Dirty:")
    return int(text[at + 14:text.index(b"kB", at)]) * 1024 if at >= 0 else 0


def page_faults() -> int:
    """Page faults this process has taken (all threads), a system call of a microsecond."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_minflt + usage.ru_majflt


PR_SET_THP_DISABLE = 41


def disable_huge_pages() -> bool:
    """No transparent huge pages for this process from now on (any size), so that each page
    fault adds at most one base page of private memory (see :class:`RecycleCheck`)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return False


class RecycleCheck:
    """Has this process's private memory passed ``threshold`` bytes? (``WebConfig.query_recycle_mb``)

    Reading smaps_rollup after every answer cost a forked query process more time than most
    catalogue queries take. A page becomes this process's own only through one of its page
    faults (a copy on write, or a fresh page): with huge pages off (``base_page_bytes`` per
    fault at most), private memory is at most what was read last plus a page per fault since.
    So smaps_rollup is read only when that bound could pass the threshold, and after
    ``every`` answers anyway: ``margin`` and that reading cover the few pages that become
    ours without a fault of ours (the zygote copying its own pages after it forked us).
    ``base_page_bytes=None`` (huge pages could not be turned off) reads at every answer.
    """

    def __init__(self, threshold: int, base_page_bytes: int | None, *, every: int = 64,
                 margin: int = 1 << 20, read_private=private_bytes, read_faults=page_faults):
        self.threshold = threshold
        self.page = base_page_bytes
        self.every = every
        self.margin = margin
        self._read_private = read_private
        self._read_faults = read_faults
        self._known = 0
        self._faults: int | None = None
        self._unread = 0
        self.readings = 0

    def spent(self) -> bool:
        """True when the process holds more than the threshold (it should be replaced)."""
        if self.threshold <= 0:
            return False
        faults = self._read_faults()
        if self.page is not None and self._faults is not None and self._unread < self.every:
            bound = self._known + (faults - self._faults) * self.page + self.margin
            if bound <= self.threshold:
                self._unread += 1
                return False
        self._known, self._faults, self._unread = self._read_private(), faults, 0
        self.readings += 1
        return self._known > self.threshold


def run(open_store: Callable[[], ox.Store], conn_in: Connection, conn: Connection,
        memory_bytes: int, parent: int, recycle_bytes: int = 0) -> None:  # pragma: no cover
    """Answer queries until told to stop; the queries run in a thread with a deep stack.

    With ``recycle_bytes`` (forked children), each answer says whether the process's private
    memory has grown past it, so that the parent replaces it (see ``WebConfig.query_recycle_mb``)."""
    threading.Thread(target=watch_parent, args=(parent, conn_in.fileno()), daemon=True).start()
    threading.stack_size(STACK_BYTES)
    t = threading.Thread(target=_serve,
                         args=(open_store, conn_in, conn, memory_bytes, recycle_bytes))
    t.start()
    t.join()


def _serve(open_store, conn_in, conn, memory_bytes: int,
           recycle_bytes: int) -> None:  # pragma: no cover
    import resource

    try:
        store = open_store()
        open_error = None
    except Exception as e:  # noqa: BLE001
        store, open_error = None, f"cannot open the store: {e}"
    limit_memory(memory_bytes)
    recycle = RecycleCheck(recycle_bytes, resource.getpagesize() if recycle_bytes
                           and disable_huge_pages() else None)
    while True:
        try:
            msg = conn_in.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        try:
            if store is None:
                conn.send(("error", open_error))
                continue
            r = execute(store, **msg)
            spent = recycle.spent()
            conn.send(("ok", (r.content_type, r.body, r.truncated, r.rows, spent)))
        except SyntaxError as e:
            conn.send(("syntax", str(e)))
        except MemoryError:
            conn.send(("memory", ""))
            os._exit(3)  # the heap may be in any state: the parent starts a fresh process
        except OSError as e:  # SERVICE that the lexer missed, failing in the sealed namespace
            conn.send(("error", f"the query could not be evaluated: {e}"))
        except Exception as e:  # noqa: BLE001
            conn.send(("error", f"{type(e).__name__}: {e}"))


def main(argv: list[str]) -> None:  # pragma: no cover - the on-disk child process
    location, fd_in, fd_out, memory = argv
    parent = os.getppid()
    isolation = isolate_network()
    if "NOT" in isolation:
        print(f"heterokg query process {os.getpid()}: {isolation}", file=sys.stderr)
    run(lambda: ox.Store.read_only(location), Connection(int(fd_in), writable=False),
        Connection(int(fd_out), readable=False), int(memory), parent)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
