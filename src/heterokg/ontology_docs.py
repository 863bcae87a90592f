"""HTML documentation of the ontology's classes and properties, rendered offline with pyLODE 3.3.4.

:func:`render_html` is a pure function of the file's content: the result is memoised on the
SHA-256 of the Turtle text, so callers (a web view, a docs build) may call it on every request
and re-render only when the ontology changed.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

__all__ = ["render_html", "without_vocabularies"]


def render_html(ttl_path: str | Path) -> str:
    """Render the ontology at ``ttl_path`` (Turtle) as a self-contained HTML page."""
    text = Path(ttl_path).read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _render(digest, text)


@lru_cache(maxsize=4)
def _render(digest: str, text: str) -> str:  # digest keys the cache; text is the input
    import rdflib  # noqa: PLC0415
    from pylode import OntPub  # noqa: PLC0415  (slow import, only when rendering)

    graph = without_vocabularies(rdflib.Graph().parse(data=text, format="turtle"))
    # pyLODE logs at INFO/DEBUG on the root logger; keep callers' logs quiet.
    root = logging.getLogger()
    level = root.level
    try:
        if level < logging.WARNING:
            root.setLevel(logging.WARNING)
        return OntPub(ontology=graph).make_html()
    finally:
        root.setLevel(level)


def without_vocabularies(graph):
    """``graph`` without its SKOS concept schemes and concepts (changed in place).

    pyLODE takes every concept scheme for a title of the document (the page named itself after
    the last one, "heterokg units") and lists each concept as an individual in one long page;
    the web server shows the vocabularies scheme by scheme instead (/ontology/<scheme>).
    """
    from rdflib import RDF, SKOS  # noqa: PLC0415

    for kind in (SKOS.ConceptScheme, SKOS.Concept):
        for subject in set(graph.subjects(RDF.type, kind)):
            graph.remove((subject, None, None))
    return graph
