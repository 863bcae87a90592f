"""Run SPARQL queries in killable worker processes, with a deadline and a row cap.

pyoxigraph has no query timeout, and a thread cannot be stopped, so each query runs in a
child process (a small pool): forked from a zygote that holds the graph in memory, or a
subprocess that opens the on-disk store read-only (graphs too big for memory). A query that
overruns its deadline gets its process killed (SIGKILL) and replaced; the caller gets
:class:`QueryTimeout` and answers 503. What runs inside the processes is
:mod:`heterokg.web.sandbox`. This module imports neither Flask nor requests.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from heterokg.store import QUERY_PREFIXES, TURTLE_PREFIXES as PREFIXES, query_dataset_kwargs
from heterokg.web.zygote import Zygote, ZygoteError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class QueryFailed(Exception):
    """A query could not be answered; ``status`` is the HTTP status to answer with."""

    status = 500


class QuerySyntaxError(QueryFailed):
    status = 400


class QueryTimeout(QueryFailed):
    status = 503


class QueryBusy(QueryFailed):
    status = 503


class QueryOutOfMemory(QueryFailed):
    status = 503


@dataclass
class QueryResult:
    content_type: str
    body: bytes
    truncated: bool = False
    rows: int | None = None
    """Rows (triples) in the answer, where they were counted: not when Oxigraph serialised it."""


# --- serialisation (runs in the children; also usable in-process) ------------------------


def term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        d = {"type": "literal", "value": term.value}
        if term.language:
            d["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            d["datatype"] = term.datatype.value
        return d
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def execute(
    store: ox.Store,
    sparql: str,
    media_type: str,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    row_cap: int | None = None,
    base_iri: str | None = None,
    byte_cap: int | None = None,
    own_dataset: bool | None = None,
) -> QueryResult:
    """Run ``sparql`` on ``store`` and serialise the answer as ``media_type`` (see
    :func:`serialise`). Raises SyntaxError for a malformed query. ``base_iri`` resolves
    relative IRIs (the endpoint's own URL, as the protocol expects). ``own_dataset``: see
    :func:`heterokg.store.query_dataset_kwargs`.

    SELECT answers are serialised by Oxigraph itself (:func:`native_solutions`); one that
    may pass the row or byte cap is evaluated again and cut row by row, as before.
    """
    dataset = query_dataset_kwargs(sparql, default_graph, named_graphs, own_dataset)

    def run():
        return store.query(sparql, base_iri=base_iri, prefixes=QUERY_PREFIXES, **dataset)

    result = run()
    if isinstance(result, ox.QuerySolutions):
        answer = native_solutions(result, media_type, row_cap, byte_cap)
        if answer is not None:
            return answer
        result = None  # the first evaluation (a sort holds every row) goes before the second
        result = run()
    return serialise(result, media_type, row_cap, byte_cap=byte_cap)


class _PastCap(Exception):
    pass


class _CappedWriter:
    """Oxigraph's SPARQL JSON output, stopped (:class:`_PastCap`) as soon as it may hold
    more than ``row_cap`` rows or passes ``byte_cap`` bytes.

    Rows are bounded, not counted: outside strings, ``},{`` occurs in Oxigraph's JSON only
    between two rows (a row and its terms are objects, the only array of objects is the
    bindings), and inside a string it only adds to the count, so rows <= occurrences + 1.
    """

    def __init__(self, row_cap: int | None, byte_cap: int | None):
        self.row_cap = row_cap
        self.byte_cap = byte_cap
        self.chunks: list[bytes] = []
        self.size = 0
        self.between_rows = 0
        self._tail = b""

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.byte_cap is not None and self.size > self.byte_cap:
            raise _PastCap
        if self.row_cap is not None:
            seen = self._tail + data  # a ``},{`` may straddle two writes
            self.between_rows += seen.count(b"},{")
            self._tail = seen[-2:]
            if self.between_rows + 1 > self.row_cap:
                raise _PastCap
        self.chunks.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def native_solutions(result: ox.QuerySolutions, media_type: str, row_cap: int | None,
                     byte_cap: int | None) -> QueryResult | None:
    """A SELECT answer serialised by Oxigraph (SPARQL JSON, then converted to XML, CSV or
    TSV as :func:`serialise` does), or None once it may pass a cap (the caller then cuts it
    row by row with :func:`serialise`).

    It is byte for byte the answer :func:`serialise` gives (tests/test_sparql_protocol.py),
    except that a literal's base direction (``its:dir``) is kept. The caps decide alike: the
    JSON text is longer than the terms' text that :func:`serialise` counts against
    ``byte_cap``, and it holds no more rows than ``row_cap`` when the writer let it through.
    Term by term in Python it took a query process about 0.25 ms a request more. An answer
    past a cap costs a second evaluation (cut at the cap, as before).
    """
    out = _CappedWriter(row_cap, byte_cap)
    try:
        result.serialize(out, format=ox.QueryResultsFormat.JSON)
    except _PastCap:
        return None
    body = b"".join(out.chunks)
    fmt = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
    if fmt != ox.QueryResultsFormat.JSON:
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
    return QueryResult(media_type, body)


def serialise(result, media_type: str, row_cap: int | None = None, deadline: float | None = None,
              byte_cap: int | None = None) -> QueryResult:
    """A pyoxigraph answer (boolean, solutions, or triples/quads as any iterable) as ``media_type``.

    SELECT results beyond ``row_cap`` rows (CONSTRUCT/DESCRIBE: triples) are dropped and the
    result is flagged ``truncated``; the rest of a lazy answer is never read. The embedded
    store's answers and a remote endpoint's parsed answers go through this one function, so
    both are capped and serialised alike. Past ``deadline`` (``time.monotonic()``) reading
    stops with :class:`QueryTimeout`: a remote that sends its answer slowly cannot hold the
    request longer than a query may run. ``byte_cap`` cuts the answer off the same way once
    the text of its terms passes that many bytes (one row can be huge: CONCAT, STRING
    repetition), so no answer grows without bound in the child or the web process.
    """
    if isinstance(result, ox.QueryBoolean):
        fmt = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
        return QueryResult(media_type, result.serialize(format=fmt))
    if not isinstance(result, ox.QuerySolutions):
        triples, truncated = _take((t.triple if isinstance(t, ox.Quad) else t for t in result),
                                   row_cap, byte_cap, deadline, lambda t: len(str(t)))
        fmt = RDF_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
        body = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(
            triples, format=fmt
        )
        return QueryResult(media_type, body, truncated, len(triples))
    variables = [v.value for v in result.variables]
    rows = ({v: term_json(t) for v, t in zip(variables, solution) if t is not None}
            for solution in result)
    bindings, truncated = _take(rows, row_cap, byte_cap, deadline,
                                lambda row: sum(len(v) + len(str(t)) for v, t in row.items()))
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fmt = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
    if fmt != ox.QueryResultsFormat.JSON:
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
    return QueryResult(media_type, body, truncated, len(bindings))


def _take(items, row_cap: int | None, byte_cap: int | None, deadline: float | None,
          size_of) -> tuple[list, bool]:
    """Items up to the row cap and the byte cap, and whether any were left (truncated); the
    rest of a lazy answer is never read."""
    kept, size = [], 0
    for item in items:
        if row_cap is not None and len(kept) >= row_cap:
            return kept, True
        _check(deadline)
        size += size_of(item)
        if byte_cap is not None and size > byte_cap:
            return kept, True
        kept.append(item)
    return kept, False


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the answer took longer than the time limit to arrive")


# --- the worker processes -------------------------------------------------------------------
# (what runs inside them is heterokg.web.sandbox)


def child_env() -> dict[str, str]:
    import heterokg

    src = str(Path(heterokg.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    # glibc reserves 64 MB of address space per malloc arena; the memory limit is on address space
    env.setdefault("MALLOC_ARENA_MAX", "2")
    return env


class _AnswerUnpickler(pickle.Unpickler):
    """Answers are tuples of strings, bytes, numbers, booleans and None, none of which names a
    class: a message that names one (a callable unpickling would run, here in the web worker,
    which has the network) is refused, so a subverted query process stays in its sandbox."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


class _Worker:
    """A query process, spoken to over two pipes (see :mod:`heterokg.web.sandbox`)."""

    pid: int
    _send: Connection
    _recv: Connection

    def send(self, msg) -> None:
        self._send.send(msg)

    def poll(self, timeout: float) -> bool:
        return self._recv.poll(timeout)

    def recv(self):
        """The process's message, unpickled as plain data only (:class:`_AnswerUnpickler`)."""
        data = self._recv.recv_bytes()
        try:
            return _AnswerUnpickler(io.BytesIO(data)).load()
        except Exception as e:  # noqa: BLE001 - whatever it is, the process is broken
            raise OSError(f"the query process sent something that is not an answer ({e})") from None

    def demote(self) -> None:
        """Run only on otherwise idle cores (SCHED_IDLE; else nice 19): a long query yields
        the cores to the short ones. Lowering the priority of a process of one's own user
        needs no privilege."""
        try:
            os.sched_setscheduler(self.pid, os.SCHED_IDLE, os.sched_param(0))
        except (OSError, AttributeError):  # pragma: no cover - no SCHED_IDLE here
            try:
                os.setpriority(os.PRIO_PROCESS, self.pid, 19)
            except OSError:  # the process is already gone
                pass

    def death(self) -> str:
        """Why the process ended, as the client should read it ("memory" for the limit)."""
        raise NotImplementedError

    def _close_pipes(self) -> None:
        for c in (self._send, self._recv):
            try:
                c.close()
            except Exception:  # noqa: BLE001
                pass

    def kill(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Ask the process to finish (it exits at the end of its current message)."""
        try:
            self._send.send(None)
        except Exception:  # noqa: BLE001
            pass
        self.kill()


class _StoreProcess(_Worker):
    """A child process (``python -m heterokg.web.sandbox``) opening the on-disk store.

    A plain subprocess rather than multiprocessing's spawn, which re-imports the parent's
    ``__main__`` (a gunicorn script, stdin, a test runner ...) in every child.
    """

    def __init__(self, location: str, memory_bytes: int):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "heterokg.web.sandbox", location,
                 str(to_child_r), str(from_child_w), str(memory_bytes)],
                pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL,
                env=child_env(), close_fds=True,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        self.pid = self.process.pid

    def death(self) -> str:
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            return "the query process stopped answering"
        if code in (-signal.SIGABRT, 3):
            return "memory"
        if code is not None and code < 0:
            return f"the query process crashed (signal {signal.Signals(-code).name})"
        return f"the query process ended (exit status {code})"

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        except Exception:  # noqa: BLE001
            pass
        self._close_pipes()

    def stop(self) -> None:
        try:
            self._send.send(None)
            self.process.wait(1)
        except Exception:  # noqa: BLE001
            pass
        if self.process.poll() is None:
            self.kill()
        else:
            self._close_pipes()


class _ForkedProcess(_Worker):
    """A query process forked by the zygote over the in-memory store.

    It is the zygote's child, not ours, so its exit status is not ours to read: its standard
    error comes to us instead, and Rust's "memory allocation of N bytes failed" there tells a
    memory limit from a crash.
    """

    def __init__(self, zygote, memory_bytes: int, recycle_bytes: int = 0):
        self.pid, w, r, self._err = zygote.spawn(memory_bytes, recycle_bytes)
        self._send = Connection(w, readable=False)
        self._recv = Connection(r, writable=False)

    def death(self) -> str:
        text = self._stderr()
        if "memory allocation" in text or "MemoryError" in text:
            return "memory"
        last = text.strip().splitlines()[-1:] or ["killed"]
        return f"the query process crashed ({last[0][:200]})"

    def _stderr(self) -> str:
        os.set_blocking(self._err, False)
        chunks = []
        try:
            while chunk := os.read(self._err, 65536):
                chunks.append(chunk)
        except (BlockingIOError, OSError):
            pass
        return b"".join(chunks).decode("utf-8", "replace")

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._close_pipes()
        try:
            os.close(self._err)
        except OSError:
            pass


class QueryExecutor:
    """Child processes answering queries over one on-disk store, with a fast and a slow lane.

    ``processes`` children serve the fast lane. A query still running after ``fast_budget``
    seconds moves to the slow lane: its process drops to the lowest CPU priority, a fresh
    child takes its place in the fast lane, and it runs on until its deadline. At most
    ``slow_processes`` queries are in the slow lane at once; a query that would be one more
    is stopped (503), so a stream of runaways cannot take the cores or memory from short
    queries. Each child may grow by ``memory_bytes`` of address space and has no network.
    """

    def __init__(self, location: Path | str | None, processes: int = 2, timeout: float = 30.0,
                 row_cap: int | None = 10000, *, memory_bytes: int = 512 * 1024 * 1024,
                 fast_budget: float = 2.0, slow_processes: int = 1,
                 byte_cap: int | None = 16 * 1024 * 1024, zygote=None, recycle_bytes: int = 0):
        if (location is None) == (zygote is None):
            raise ValueError("give the on-disk store's location or a zygote holding the graph")
        self.location = str(location) if location is not None else None
        self.zygote = zygote
        self.timeout = timeout
        self.row_cap = row_cap
        self.processes = max(1, processes)
        self.memory_bytes = memory_bytes
        self.fast_budget = fast_budget
        self.slow_processes = max(0, slow_processes)
        self.byte_cap = byte_cap
        self.recycle_bytes = recycle_bytes if zygote is not None else 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._slow = 0
        self._missing = 0  # processes that could not be replaced (see _replace), and why
        self._why_missing = ""
        self._closed = False
        self.killed = 0
        self.recycled = 0
        for _ in range(self.processes):
            self._add_worker()

    @classmethod
    def in_memory(cls, trig: Path | None, processes: int = 2, timeout: float = 30.0,
                  row_cap: int | None = 10000, *, zygote_socket: Path | None = None,
                  **limits) -> QueryExecutor:
        """Query processes forked from a zygote that holds ``trig`` in memory: one of our own,
        or the server's shared one listening at ``zygote_socket`` (``trig`` is then unused)."""
        zygote = (Zygote.connect(zygote_socket) if zygote_socket is not None
                  else Zygote(Path(trig), child_env()))
        return cls(None, processes, timeout, row_cap, zygote=zygote, **limits)

    def _add_worker(self) -> None:
        w = (_ForkedProcess(self.zygote, self.memory_bytes, self.recycle_bytes)
             if self.zygote is not None
             else _StoreProcess(self.location, self.memory_bytes))
        with self._lock:
            self._workers.add(w)
        self._idle.put(w)

    def _discard(self, w: _Worker, replace: bool = True) -> bool:
        """Kill ``w`` and, if ``replace``, start another in its place: False when none could
        be started (the next query tries again, see :meth:`_replace`)."""
        w.kill()
        with self._lock:
            self._workers.discard(w)
        return not replace or self._closed or self._replace()

    def _replace(self) -> bool:
        """Start a process in place of one that went, starting our own zygote again first if
        it has died; False if none could be started (a shared zygote gone, no fork), which the
        next query tries again (:meth:`_restore`)."""
        try:
            try:
                self._add_worker()
            except (OSError, ZygoteError):
                if self.zygote is None or not self.zygote.revive():
                    raise
                self._add_worker()
            return True
        except (OSError, ZygoteError) as e:
            with self._lock:
                self._missing += 1
                self._why_missing = str(e)
            return False

    def _restore(self) -> None:
        """Start the processes that could not be replaced before, or answer 503 at once
        rather than wait the whole time limit for a process that will never be free."""
        while self._missing and not self._closed:
            with self._lock:
                self._missing -= 1
            if not self._replace():
                raise self._unavailable()

    def _unavailable(self) -> QueryBusy:
        return QueryBusy(f"no query process could be started ({self._why_missing}); try again")

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._workers]

    def run(
        self,
        sparql: str,
        media_type: str = "application/sparql-results+json",
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        row_cap: int | None = -1,
        timeout: float | None = None,
        *,
        deadline: float | None = None,
        base_iri: str | None = None,
        own_dataset: bool | None = None,
    ) -> QueryResult:
        """Run one query; raises QueryTimeout, QueryBusy, QuerySyntaxError or QueryFailed.

        ``deadline`` (``time.monotonic()``) is when the answer is due, counted from the
        request's arrival: waiting for a free process uses up the query's time.
        ``own_dataset`` (the query has FROM, as the web process's lexer read it) spares the
        query process a second lexing.
        """
        if self._closed:
            raise QueryFailed("the query executor is closed")
        self._restore()
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit if deadline is None else deadline
        try:
            w = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryBusy(
                f"all {self.processes} query processes stayed busy for the whole time limit "
                f"of {limit:g} s; try again"
            ) from None
        msg = {
            "sparql": sparql,
            "media_type": media_type,
            "default_graph": list(default_graph or []),
            "named_graphs": list(named_graphs or []),
            "row_cap": self.row_cap if row_cap == -1 else row_cap,
            "base_iri": base_iri,
            "byte_cap": self.byte_cap,
            "own_dataset": own_dataset,
        }
        slow = False
        try:
            w.send(msg)
            answered = w.poll(max(0.0, min(self.fast_budget, deadline - time.monotonic())))
            if not answered and time.monotonic() < deadline:
                self._to_slow_lane(w)
                slow = True
                try:
                    answered = w.poll(max(0.0, deadline - time.monotonic()))
                finally:
                    with self._lock:
                        self._slow -= 1
            if not answered:
                self.killed += 1
                self._discard(w, replace=not slow)
                raise QueryTimeout(
                    f"the query ran longer than the time limit of {limit:g} s and was stopped"
                )
            status, payload = w.recv()
        except (QueryTimeout, QueryBusy):
            raise
        except (EOFError, OSError):
            reason = w.death()
            revivals = self.zygote.revivals if self.zygote is not None else 0
            if not self._discard(w, replace=not slow):  # gone with its zygote, most likely
                raise self._unavailable() from None
            if self.zygote is not None and self.zygote.revivals != revivals:
                raise QueryBusy("the query processes had died with their zygote, which was "
                                "started again; try again") from None
            if reason == "memory":
                raise _memory_error(self.memory_bytes) from None
            raise QueryFailed(reason) from None
        # a process past its memory limit is spent, so is one that says it holds too much
        # of the graph privately (WebConfig.query_recycle_mb); a slow one is replaced already
        spent = status == "ok" and payload[4]
        if status == "memory" or slow or spent:
            self.recycled += spent and not slow
            self._discard(w, replace=not slow)
            if status == "memory":
                raise _memory_error(self.memory_bytes)
        else:
            self._idle.put(w)
        return _answer(status, payload)

    def _to_slow_lane(self, w: _Worker) -> None:
        """Move a query past its fast budget out of the fast lane, or stop it (lane full)."""
        with self._lock:
            full = self._slow >= self.slow_processes
            if not full:
                self._slow += 1
        if full:
            self.killed += 1
            self._discard(w)
            raise QueryBusy(
                f"the query ran past {self.fast_budget:g} s while the server was already running "
                f"its {self.slow_processes} long queries; it was stopped, try again later")
        w.demote()
        if not self._closed:
            self._replace()  # the fast lane keeps its number of processes

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.stop()
        if self.zygote is not None:
            self.zygote.close()


def _answer(status: str, payload) -> QueryResult:
    if status == "ok":
        ct, body, truncated, rows, _spent = payload
        return QueryResult(ct, body, truncated, rows)
    if status == "syntax":
        raise QuerySyntaxError(payload)
    raise QueryFailed(payload)


def _memory_error(budget: int) -> QueryFailed:
    return QueryOutOfMemory(
        f"the query exceeded its memory limit ({budget // (1024 * 1024)} MiB) and was stopped")


class InProcessExecutor:
    """Runs queries in the calling thread (no time limit): for ``query_processes=0``."""

    def __init__(self, store: ox.Store, row_cap: int | None = 10000, timeout: float = 30.0,
                 byte_cap: int | None = 16 * 1024 * 1024):
        self.store = store
        self.row_cap = row_cap
        self.timeout = timeout
        self.byte_cap = byte_cap
        self.killed = 0

    def pids(self) -> list[int]:
        return []

    def run(self, sparql, media_type="application/sparql-results+json", default_graph=None,
            named_graphs=None, row_cap=-1, timeout=None, *, deadline=None,
            base_iri=None, own_dataset=None) -> QueryResult:
        try:
            return execute(self.store, sparql, media_type, default_graph, named_graphs,
                           self.row_cap if row_cap == -1 else row_cap, base_iri, self.byte_cap,
                           own_dataset)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from None
        except Exception as e:  # noqa: BLE001
            raise QueryFailed(f"{type(e).__name__}: {e}") from None

    def close(self) -> None:
        pass
