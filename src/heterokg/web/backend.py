"""Where queries go: the embedded store (through the killable executor) or a remote endpoint."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import pyoxigraph as ox

from heterokg.web.executor import (
    RDF_FORMATS,
    QueryBusy,
    QueryFailed,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    serialise,
)

JSON_RESULTS = "application/sparql-results+json"


class Backend:
    """Answers SPARQL queries; subclasses run them locally or forward them."""

    remote = False
    version: str | None = None
    """The served graph's SHA-256 when it is known and fixed (answers may then be cached)."""

    def run(self, sparql: str, media_type: str = JSON_RESULTS,
            default_graph: Sequence[str] | None = None,
            named_graphs: Sequence[str] | None = None,
            row_cap: int | None = -1, timeout: float | None = None, *,
            deadline: float | None = None, base_iri: str | None = None,
            own_dataset: bool | None = None) -> QueryResult:
        """``deadline`` (``time.monotonic()``) counts from the request's arrival; ``base_iri``
        resolves relative IRIs in the query; ``own_dataset``: the query has FROM, as the
        caller's lexer read it (None: not read yet)."""
        raise NotImplementedError

    def select(self, sparql: str, row_cap: int | None = -1,
               timeout: float | None = None) -> list[dict[str, dict]]:
        """SELECT bindings as SPARQL JSON dicts: [{var: {"type", "value", ...}}]."""
        r = self.run(sparql, JSON_RESULTS, row_cap=row_cap, timeout=timeout)
        return json.loads(r.body)["results"]["bindings"]

    def values(self, sparql: str, row_cap: int | None = -1,
               timeout: float | None = None) -> list[dict[str, str]]:
        """SELECT bindings flattened to {var: lexical value}."""
        return [{k: v["value"] for k, v in b.items()} for b in self.select(sparql, row_cap, timeout)]

    def ask(self, sparql: str) -> bool:
        r = self.run(sparql, JSON_RESULTS)
        return bool(json.loads(r.body).get("boolean"))

    def close(self) -> None:
        pass


class LocalBackend(Backend):
    def __init__(self, executor, version: str | None = None):
        self.executor = executor
        self._version = version

    @property
    def version(self) -> str | None:
        """The SHA-256 of the graph the zygote holds now, if there is one: a zygote started
        again (``Zygote.revive``) loads the TriG as it is then, which may have been rebuilt."""
        zygote = getattr(self.executor, "zygote", None)
        return zygote.version if zygote is not None else self._version

    def run(self, sparql, media_type=JSON_RESULTS, default_graph=None, named_graphs=None,
            row_cap=-1, timeout=None, *, deadline=None, base_iri=None,
            own_dataset=None) -> QueryResult:
        return self.executor.run(sparql, media_type, default_graph, named_graphs, row_cap, timeout,
                                 deadline=deadline, base_iri=base_iri, own_dataset=own_dataset)

    def close(self) -> None:
        self.executor.close()


class RemoteBackend(Backend):
    """Forwards queries to a SPARQL 1.1 endpoint (POST, form-encoded) with ``requests``.

    The endpoint is asked for the two formats pyoxigraph parses lazily (SPARQL JSON results,
    N-Triples); its answer is streamed, cut at the row cap and serialised here as the client
    asked, so a huge answer from the remote is never held whole in memory, and a slow one is
    cut off at the time limit (requests' own timeout bounds each read, not the whole answer).
    """

    remote = True

    def __init__(self, endpoint: str, timeout: float = 35.0, row_cap: int | None = 10000):
        import requests

        self.endpoint = endpoint
        self.timeout = timeout
        self.row_cap = row_cap
        self.session = requests.Session()

    def run(self, sparql, media_type=JSON_RESULTS, default_graph=None, named_graphs=None,
            row_cap=-1, timeout=None, *, deadline=None, base_iri=None,
            own_dataset=None) -> QueryResult:
        import requests

        graph = media_type in RDF_FORMATS
        deadline = deadline or time.monotonic() + (timeout or self.timeout)
        data = [("query", sparql)]
        data += [("default-graph-uri", g) for g in default_graph or []]
        data += [("named-graph-uri", g) for g in named_graphs or []]
        try:
            r = self.session.post(
                self.endpoint, data=data, stream=True,
                timeout=max(0.1, deadline - time.monotonic()),
                headers={"Accept": _N_TRIPLES if graph else JSON_RESULTS},
            )
        except requests.Timeout:
            raise QueryTimeout(f"the SPARQL endpoint {self.endpoint} did not answer in time") from None
        except requests.RequestException as e:
            raise _bad_gateway(f"the SPARQL endpoint {self.endpoint} could not be reached: {e}") from None
        with r:
            _raise_for_status(r)
            r.raw.decode_content = True
            try:
                answer = (ox.parse(r.raw, format=ox.RdfFormat.N_TRIPLES) if graph
                          else ox.parse_query_results(r.raw, format=ox.QueryResultsFormat.JSON))
                return serialise(answer, media_type, self.row_cap if row_cap == -1 else row_cap, deadline)
            except requests.RequestException as e:  # the answer stopped coming
                raise QueryTimeout(f"the SPARQL endpoint {self.endpoint} stopped answering: {e}") from None
            except (SyntaxError, ValueError, OSError) as e:
                raise _bad_gateway(f"the SPARQL endpoint {self.endpoint} gave an answer that could not be read: {e}") from None

    def close(self) -> None:
        self.session.close()


_N_TRIPLES = "application/n-triples"


def _bad_gateway(message: str) -> QueryFailed:
    err = QueryFailed(message)
    err.status = 502
    return err


def _raise_for_status(r) -> None:
    """The remote's refusals as ours: 400 stays a syntax error, overload stays 503."""
    if r.status_code < 400:
        return
    text = r.text[:500]
    if r.status_code == 400:
        raise QuerySyntaxError(text)
    if r.status_code in (503, 504):
        raise QueryBusy(f"the SPARQL endpoint answered {r.status_code}: {text}")
    err = QueryFailed(f"the SPARQL endpoint answered {r.status_code}: {text}")
    err.status = r.status_code if r.status_code < 500 else 502
    raise err
