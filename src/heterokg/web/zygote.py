"""A process that holds the graph in memory and forks query processes that share it.

Queries over an in-memory Oxigraph store run 5-25x faster than over the on-disk store, but a
query process must be killable, so each query process needs the store. Loading it once per
process costs time and memory; forking after the load shares its pages (copy on write). A web
worker cannot fork safely itself (it runs threads), so a zygote loads the TriG while it has a
single thread, moves itself into a network namespace with no interface, and then forks a query
process whenever a web worker asks, handing it the worker's pipes (passed over a Unix socket).
Children are reaped automatically; a child whose zygote is gone exits, and so does one whose
worker is gone (its request pipe hangs up, see :func:`heterokg.web.sandbox.watch_parent`).

Two ways to run one:

* :class:`Zygote` ``(trig)``: a worker's own zygote, its child over a socket pair; it exits
  when that worker closes the socket or dies (``QueryExecutor.in_memory``, the gunicorn
  command line, tests);
* :class:`SharedZygote`: one zygote for all the gunicorn workers of ``serve_production``,
  started by the arbiter before the workers, listening on a Unix socket in a private temporary
  directory (mode 0700); each worker connects (``Zygote.connect``), so two workers cost one copy
  of the graph. It exits when the arbiter does, and the directory is removed when it stops;
  one that dies before is started again by the arbiter (``revive``).

Protocol on each connection: the zygote writes ``ready <quads> <sha256> <isolation>\\n`` (or
``error <text>\\n``) once, the SHA-256 being that of the TriG it loaded; then for each request
(``<memory budget> <recycling threshold>`` in bytes, as ASCII, with three file descriptors: the
child's end of the request pipe, of the answer pipe, and a pipe for its standard error) it
forks and writes ``<pid>\\n`` (``error <text>\\n`` when the fork failed). Anything else a peer
sends ends that peer's connection, never the zygote.
"""

from __future__ import annotations

import atexit
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

__all__ = ["Zygote", "SharedZygote", "ZygoteError"]

SOCKET_NAME = "zygote.sock"
TEMP_PREFIX = "heterokg-zygote-"


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """A web worker's handle on a zygote: its own (started on construction) or a shared one
    (:meth:`connect`); ``close`` stops its own zygote, or only leaves a shared one."""

    process: subprocess.Popen | None = None
    _own: tuple | None = None
    """How a zygote of our own was started (trig, env, timeout): :meth:`revive` starts another."""
    revivals = 0

    def __init__(self, trig: Path, env: dict[str, str] | None = None, timeout: float = 600.0):
        self._own = (trig, env, timeout)
        self._reviving = threading.Lock()
        self._start_own()

    def _start_own(self) -> None:
        trig, env, timeout = self._own
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.process = _start(trig, theirs.fileno(), "pair", env)
        finally:
            theirs.close()
        self._greet(ours, timeout, f"the in-memory store could not be loaded from {trig}")

    def revive(self) -> bool:
        """Start our own zygote again if it has died (killed, out of memory): True when it
        did. No process watches it but its web process, which asks it for query processes. A
        shared zygote is its arbiter's to revive (:meth:`SharedZygote.revive`): False."""
        if self._own is None:
            return False
        with self._reviving:
            if self.process.poll() is None:
                return False
            self.sock.close()
            self._start_own()
            self.revivals += 1
            return True

    @classmethod
    def connect(cls, path: Path | str, timeout: float = 60.0) -> Zygote:
        """A handle on the shared zygote listening at ``path`` (see :class:`SharedZygote`)."""
        self = cls.__new__(cls)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(path))
        except OSError as e:
            sock.close()
            raise ZygoteError(f"no zygote at {path}: {e}") from None
        self._greet(sock, timeout, f"the shared zygote at {path} is not serving")
        return self

    def _greet(self, sock: socket.socket, timeout: float, failure: str) -> None:
        """Read the zygote's ``ready`` line (the graph is loaded) or its error."""
        self.sock = sock
        self._lock = threading.Lock()
        self.sock.settimeout(timeout)
        try:
            line = self._line()
        except (OSError, ZygoteError) as e:
            self.close()
            raise ZygoteError(f"{failure}: {e}") from None
        if not line.startswith("ready "):
            self.close()
            raise ZygoteError(f"{failure}: {line[6:]}")
        _, quads, self.version, self.isolation = line.split(" ", 3)
        self.quads = int(quads)
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
                reply = self._line()
            if not reply.isdigit():  # "error <why>": no process, the zygote serves on
                raise ZygoteError(reply.removeprefix("error "))
            pid = int(reply)
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
            if self.process is not None:
                _wait(self.process)


class SharedZygote:
    """One zygote for every web worker of a server (started here, in the arbiter).

    The socket lives in a directory only this user can enter (``mkdtemp``: mode 0700), named
    after this process, so that a server killed before it could clean up leaves a directory the
    next server removes (``paths.remove_orphans``). :meth:`stop` (also at exit) ends the zygote,
    whose query processes follow it, and removes the directory.
    """

    def __init__(self, trig: Path, env: dict[str, str] | None = None, timeout: float = 600.0):
        from heterokg import paths

        tmp = Path(tempfile.gettempdir())
        paths.remove_orphans(tmp, TEMP_PREFIX)
        self.directory = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=tmp))
        self.path = self.directory / SOCKET_NAME
        self.process = None
        self.owner = os.getpid()  # gunicorn's workers inherit the atexit hook: not theirs to run
        self._start = (trig, env, timeout)
        atexit.register(self.stop)
        try:
            self._launch()
        except BaseException:
            self.stop()
            raise

    def _launch(self) -> None:
        """Start a zygote listening at ``path`` and wait until it has loaded the graph."""
        trig, env, timeout = self._start
        self.path.unlink(missing_ok=True)  # a dead zygote's socket
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(str(self.path))
            listener.listen(64)
            self.process = _start(trig, listener.fileno(), "listen", env)
        probe = Zygote.connect(self.path, timeout)  # waits for the load
        self.quads, self.version, self.isolation = probe.quads, probe.version, probe.isolation
        probe.close()

    def revive(self) -> bool:
        """Start a new zygote at the same socket if this one has died (killed, out of memory):
        True when it did. The query processes died with the old one, and the workers' handles
        on it are broken: the caller replaces the workers, which connect to the new one."""
        if self.process is None or self.process.poll() is None:
            return False
        self._launch()
        return True

    def stop(self) -> None:
        """End the zygote (its query processes exit with it) and remove its directory; only
        in the process that started it (a forked worker that exits leaves both alone)."""
        if os.getpid() != self.owner:
            return
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            _wait(self.process)
        shutil.rmtree(self.directory, ignore_errors=True)


def _start(trig: Path, fd: int, mode: str, env: dict[str, str] | None) -> subprocess.Popen:
    """``python -m heterokg.web.zygote TRIG FD MODE``, holding only ``fd`` of ours."""
    return subprocess.Popen([sys.executable, "-m", "heterokg.web.zygote", str(trig), str(fd), mode],
                            pass_fds=(fd,), stdin=subprocess.DEVNULL, env=env, close_fds=True)


def _wait(process: subprocess.Popen) -> None:
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        process.kill()
        process.wait(5)


# --- the zygote process --------------------------------------------------------------------


def main(trig: str, fd: int, mode: str = "pair") -> None:  # pragma: no cover - its own process
    """Load ``trig`` and fork query processes on request until the parent is gone.

    ``mode`` "pair": ``fd`` is one connected socket (a worker's own zygote), and the zygote
    exits when it closes. "listen": ``fd`` is a listening socket; every worker that connects
    is greeted and served, and the zygote exits only when its parent (the arbiter) is gone.
    """
    from heterokg.store import load_store, trig_checksum
    from heterokg.web import sandbox

    parent = os.getppid()
    listener = socket.socket(fileno=fd) if mode == "listen" else None
    conns = [] if listener else [socket.socket(fileno=fd)]
    isolation = sandbox.isolate_network()  # inherited by every query process
    try:
        version = trig_checksum(Path(trig))  # what the workers' ETags name: the graph held here
        store = load_store(Path(trig))  # in memory
        greeting = f"ready {len(store)} {version} {isolation}\n".encode()
    except Exception as e:  # noqa: BLE001
        text = f"error {type(e).__name__}: {e}".replace("\n", " ").encode() + b"\n"
        if listener:
            listener.settimeout(30.0)
            conns.append(listener.accept()[0])  # the arbiter's probe: tell it why
        conns[0].sendall(text)
        return
    for conn in conns:
        conn.sendall(greeting)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the query processes
    import gc

    gc.freeze()  # the collector never touches what is already loaded: its pages stay shared
    while listener or conns:
        ready, _, _ = select.select(([listener] if listener else []) + conns, [], [], 1.0)
        if os.getppid() != parent:
            return  # the arbiter, or the web worker of a zygote of its own, is gone
        for sock in ready:
            if sock is listener:
                _accept(listener, conns, greeting)
            elif not _serve_one(sock, store, listener, conns):
                sock.close()
                conns.remove(sock)


def _accept(listener: socket.socket, conns: list[socket.socket],
            greeting: bytes) -> None:  # pragma: no cover - runs in the zygote
    try:
        conn, _ = listener.accept()
        conn.sendall(greeting)
    except OSError:
        return
    conns.append(conn)


def _limits(msg: bytes) -> tuple[int, int] | None:
    """A request's ``<memory budget> <recycling threshold>``, or None for anything else."""
    parts = msg.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def _serve_one(sock: socket.socket, store, listener: socket.socket | None,
               conns: list[socket.socket]) -> bool:  # pragma: no cover - runs in the zygote
    """Fork a query process for the request waiting on ``sock``; False when the worker left."""
    from multiprocessing.connection import Connection

    from heterokg.web import sandbox

    try:
        msg, fds, _, _ = socket.recv_fds(sock, 64, 3)
    except OSError:
        return False
    limits = _limits(msg)
    if limits is None or len(fds) != 3:  # not a worker's request: hang up on this peer alone
        for f in fds:
            os.close(f)
        return False
    memory_bytes, recycle_bytes = limits
    zygote = os.getpid()
    try:
        pid = os.fork()
        reply = str(pid)
    except OSError as e:  # no process to be had (a limit, no memory): this request fails
        pid, reply = None, f"error cannot start a query process: {e}"
    if pid == 0:
        try:
            for s in conns + ([listener] if listener else []):
                s.close()  # a query process holds no way to ask for more of itself
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
    try:
        sock.sendall(f"{reply}\n".encode())
    except OSError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:4])
