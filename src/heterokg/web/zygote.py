"""A process that holds the graph in memory and forks query processes that share it.

Queries over an in-memory Oxigraph store run 5-25x faster than over the on-disk store, but a
query process must be killable, so each query process needs the store. Loading it once per
process costs time and memory; forking after the load shares its pages (copy on write). The
web worker cannot fork safely itself (it runs threads), so it starts this zygote, which
loads the TriG while it has a single thread, moves itself into a network namespace with no
interface, and then forks a query process whenever the web worker asks, handing it the
worker's pipes (passed over a Unix socket). Children are reaped automatically; a child whose
zygote is gone exits.

Protocol on the socket: the zygote writes ``ready <quads>\\n`` (or ``error <text>\\n``) once;
then for each request (``<memory budget> <recycling threshold>`` in bytes, as ASCII, with
three file descriptors: the child's end of the request pipe, of the answer pipe, and a pipe
for its standard error) it forks and writes ``<pid>\\n``.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["Zygote"]


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """The web worker's handle on its zygote (started on construction, stopped by close)."""

    def __init__(self, trig: Path, env: dict[str, str] | None = None, timeout: float = 600.0):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "heterokg.web.zygote", str(trig), str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env, close_fds=True)
        finally:
            theirs.close()
        self.sock = ours
        self._lock = threading.Lock()
        self.sock.settimeout(timeout)
        try:
            line = self._line()
        except (OSError, ZygoteError) as e:
            self.close()
            raise ZygoteError(f"the in-memory store could not be loaded from {trig}: {e}") from None
        if not line.startswith("ready "):
            self.close()
            raise ZygoteError(f"the in-memory store could not be loaded from {trig}: {line[6:]}")
        self.quads = int(line.split()[1])
        self.isolation = line.split(" ", 2)[2] if line.count(" ") >= 2 else ""
        self.sock.settimeout(30.0)

    def _line(self) -> str:
        data = b""
        while not data.endswith(b"\n"):
            chunk = self.sock.recv(1)
            if not chunk:
                raise ZygoteError("the zygote exited")
            data += chunk
        return data.decode().strip()

    def spawn(self, memory_bytes: int, recycle_bytes: int = 0) -> tuple[int, int, int, int]:
        """A new query process: (pid, request pipe to write, answer pipe to read, its stderr)."""
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            with self._lock:
                socket.send_fds(self.sock, [f"{memory_bytes} {recycle_bytes}".encode()],
                                [to_child_r, from_child_w, err_w])
                pid = int(self._line())
        except BaseException:
            for fd in (to_child_w, from_child_r, err_r):
                os.close(fd)
            raise
        finally:
            for fd in (to_child_r, from_child_w, err_w):
                os.close(fd)
        return pid, to_child_w, from_child_r, err_r

    def close(self) -> None:
        try:
            self.sock.close()
        finally:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.process.kill()
                self.process.wait(5)


# --- the zygote process --------------------------------------------------------------------


def main(trig: str, fd: int) -> None:  # pragma: no cover - runs as its own process
    from multiprocessing.connection import Connection

    from heterokg.store import load_store
    from heterokg.web import sandbox

    sock = socket.socket(fileno=fd)
    parent = os.getppid()
    isolation = sandbox.isolate_network()  # inherited by every query process
    try:
        store = load_store(Path(trig))  # in memory
        sock.sendall(f"ready {len(store)} {isolation}\n".encode())
    except Exception as e:  # noqa: BLE001
        sock.sendall(f"error {type(e).__name__}: {e}\n".replace("\n", " ").encode() + b"\n")
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the query processes
    import gc

    gc.freeze()  # the collector never touches what is already loaded: its pages stay shared
    zygote = os.getpid()
    while True:
        ready, _, _ = select.select([sock], [], [], 1.0)
        if os.getppid() != parent:
            return  # the web worker is gone
        if not ready:
            continue
        try:
            msg, fds, _, _ = socket.recv_fds(sock, 64, 3)
        except OSError:
            return
        if not msg or len(fds) != 3:
            return
        memory_bytes, recycle_bytes = (int(x) for x in msg.split())
        pid = os.fork()
        if pid == 0:
            try:
                sock.close()
                os.dup2(fds[2], 2)
                os.close(fds[2])
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                sandbox.run(lambda: store, Connection(fds[0], writable=False),
                            Connection(fds[1], readable=False), memory_bytes, zygote,
                            recycle_bytes)
            finally:
                os._exit(0)
        for f in fds:
            os.close(f)
        sock.sendall(f"{pid}\n".encode())


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1], int(sys.argv[2]))
