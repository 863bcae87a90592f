"""Where queries go: the embedded store (through the killable executor) or a remote endpoint."""

from __future__ import annotations

import json
from collections.abc import Sequence

from heterokg.web.executor import (
    QueryBusy,
    QueryFailed,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
)

JSON_RESULTS = "application/sparql-results+json"


class Backend:
    """Answers SPARQL queries; subclasses run them locally or forward them."""

    remote = False

    def run(self, sparql: str, media_type: str = JSON_RESULTS,
            default_graph: Sequence[str] | None = None,
            named_graphs: Sequence[str] | None = None,
            row_cap: int | None = -1, timeout: float | None = None) -> QueryResult:
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
    def __init__(self, executor):
        self.executor = executor

    def run(self, sparql, media_type=JSON_RESULTS, default_graph=None, named_graphs=None,
            row_cap=-1, timeout=None) -> QueryResult:
        return self.executor.run(sparql, media_type, default_graph, named_graphs, row_cap, timeout)

    def close(self) -> None:
        self.executor.close()


class RemoteBackend(Backend):
    """Forwards queries to a SPARQL 1.1 endpoint (POST, form-encoded) with ``requests``."""

    remote = True

    def __init__(self, endpoint: str, timeout: float = 35.0):
        import requests

        self.endpoint = endpoint
        self.timeout = timeout
        self.session = requests.Session()

    def run(self, sparql, media_type=JSON_RESULTS, default_graph=None, named_graphs=None,
            row_cap=-1, timeout=None) -> QueryResult:
        import requests

        data = [("query", sparql)]
        data += [("default-graph-uri", g) for g in default_graph or []]
        data += [("named-graph-uri", g) for g in named_graphs or []]
        try:
            r = self.session.post(
                self.endpoint, data=data, headers={"Accept": media_type},
                timeout=timeout or self.timeout,
            )
        except requests.Timeout:
            raise QueryTimeout(f"the SPARQL endpoint {self.endpoint} did not answer in time") from None
        except requests.RequestException as e:
            err = QueryFailed(f"the SPARQL endpoint {self.endpoint} could not be reached: {e}")
            err.status = 502
            raise err from None
        if r.status_code == 400:
            raise QuerySyntaxError(r.text)
        if r.status_code in (503, 504):
            raise QueryBusy(f"the SPARQL endpoint answered {r.status_code}: {r.text[:500]}")
        if r.status_code >= 400:
            err = QueryFailed(f"the SPARQL endpoint answered {r.status_code}: {r.text[:500]}")
            err.status = r.status_code if r.status_code < 500 else 502
            raise err
        ct = r.headers.get("Content-Type", media_type).split(";")[0].strip() or media_type
        return QueryResult(ct, r.content)

    def close(self) -> None:
        self.session.close()
