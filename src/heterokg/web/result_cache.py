"""Answers kept for the read-only graph, and the validators that let clients keep them too.

The served graph never changes under a running server, so an answer depends only on the
request (query, media type, dataset) and on which graph is served, unless the query calls a
function whose value differs at each run (``QueryShape.volatile``: never kept). Answers are kept in a
least-recently-used map bounded in bytes, and each carries an ETag made of the graph's
SHA-256 and the request, so a client or proxy revalidates with If-None-Match (304) and a
rebuilt graph invalidates every ETag at once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

from heterokg.web.executor import QueryResult

__all__ = ["ResultCache", "etag_for"]


def etag_for(graph_version: str, sparql: str, media_type: str, default_graphs: Sequence[str],
             named_graphs: Sequence[str]) -> str:
    """A strong ETag (unquoted): the same request over the same graph has the same answer."""
    h = hashlib.sha256()
    for part in (graph_version, sparql, media_type, *default_graphs, "|", *named_graphs):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


class ResultCache:
    """Thread-safe LRU of answers by ETag, holding at most ``max_bytes`` of answer bodies."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_entry: int = 4 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._items: OrderedDict[str, QueryResult] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> QueryResult | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: str, result: QueryResult) -> None:
        """Keep ``result`` unless it alone would take more than ``max_entry`` bytes."""
        size = len(result.body)
        if size > self.max_entry or self.max_bytes <= 0:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = result
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)
