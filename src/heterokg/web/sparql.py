"""The SPARQL 1.1 Protocol endpoint (/sparql), its service description and VoID (/void)."""

from __future__ import annotations

import codecs
import time
from datetime import datetime, timezone

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from heterokg.sparql_lexer import QueryRefused, QueryShape, read_query
from heterokg.store import PREFIXES
from heterokg.web.executor import QueryFailed, QueryResult, QuerySyntaxError
from heterokg.web.result_cache import etag_for

bp = Blueprint("sparql", __name__)

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"

# candidate media types per query form, preferred first; aliases map to a canonical type
RESULT_TYPES = [JSON, XML, CSV, TSV, "application/json", "application/xml", "text/xml"]
RDF_TYPES = [TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD, RDFXML, "application/x-turtle",
             "application/json", "application/xml", "text/xml", "text/plain"]
ALIASES = {
    "application/json": {"results": JSON, "graph": JSONLD},
    "application/xml": {"results": XML, "graph": RDFXML},
    "text/xml": {"results": XML, "graph": RDFXML},
    "application/x-turtle": {"graph": TURTLE},
    "text/plain": {"graph": NTRIPLES},
}
FORMAT_NAMES = {
    "json": {"results": JSON, "graph": JSONLD},
    "srj": {"results": JSON},
    "xml": {"results": XML, "graph": RDFXML},
    "srx": {"results": XML},
    "csv": {"results": CSV},
    "tsv": {"results": TSV},
    "ttl": {"graph": TURTLE},
    "turtle": {"graph": TURTLE},
    "nt": {"graph": NTRIPLES},
    "ntriples": {"graph": NTRIPLES},
    "n-triples": {"graph": NTRIPLES},
    "nq": {"graph": NQUADS},
    "nquads": {"graph": NQUADS},
    "n-quads": {"graph": NQUADS},
    "trig": {"graph": TRIG},
    "jsonld": {"graph": JSONLD},
    "json-ld": {"graph": JSONLD},
    "rdf": {"graph": RDFXML},
    "rdfxml": {"graph": RDFXML},
    "rdf+xml": {"graph": RDFXML},
}
CLAIM_TYPES = ["Claim", "MechanismClaim", "EffectClaim", "PerformanceClaim", "PropertyClaim",
               "SynthesisClaim", "ApplicationClaim", "InterfaceClaim"]


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def state() -> dict:
    return current_app.extensions["heterokg"]


def text_response(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status,
                    content_type="text/plain; charset=utf-8")


def negotiate(form: str, fmt: str | None, default: str | None = None) -> str:
    """The media type to answer with: ``format`` parameter first, then Accept."""
    default = default or (JSON if form == "results" else TURTLE)
    if fmt:
        f = fmt.strip().lower()
        if f in FORMAT_NAMES and form in FORMAT_NAMES[f]:
            return FORMAT_NAMES[f][form]
        mt = f.split(";")[0].strip()
        mt = ALIASES.get(mt, {}).get(form, mt)
        if mt in (RESULT_TYPES if form == "results" else RDF_TYPES):
            return mt
        raise ProtocolError(400, f"unsupported format {fmt!r} for this query form")
    if not request.headers.get("Accept"):
        return default
    candidates = RESULT_TYPES if form == "results" else RDF_TYPES
    best = request.accept_mimetypes.best_match(candidates)
    if best is None:
        raise ProtocolError(
            406, "none of the accepted media types can be produced; this query form can give "
            + ", ".join(c for c in candidates if c not in ALIASES)
        )
    return ALIASES.get(best, {}).get(form, best)


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"more than one {name!r} parameter")
    return values[0] if values else None


def read_request() -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri list, named-graph-uri list) from the protocol request."""
    cfg = state()["config"]
    args = request.args
    if request.method in ("GET", "HEAD"):
        if "update" in args:
            raise ProtocolError(403, "SPARQL Update is not allowed on this endpoint")
        query = _single(args.getlist("query"), "query")
        params = args
    elif request.method == "POST":
        mt = request.mimetype
        if mt == "application/sparql-update":
            raise ProtocolError(403, "SPARQL Update is not allowed on this endpoint")
        if mt == "application/x-www-form-urlencoded":
            form = request.form
            if "update" in form or "update" in args:
                raise ProtocolError(403, "SPARQL Update is not allowed on this endpoint")
            query = _single(form.getlist("query") + args.getlist("query"), "query")
            if query is None:
                raise ProtocolError(400, "missing 'query' parameter")
            params = form
        elif mt == "application/sparql-query":
            if "query" in args:
                raise ProtocolError(400, "a 'query' parameter and a query body: give one")
            raw = request.get_data(cache=False)
            if len(raw) > cfg.max_query_bytes:
                raise ProtocolError(413, f"query longer than {cfg.max_query_bytes} bytes")
            query = decode_body(raw, request.mimetype_params.get("charset", "utf-8"))
            params = args
        else:
            raise ProtocolError(
                415, f"unsupported media type {mt or '(none)'!r}: POST "
                "application/x-www-form-urlencoded or application/sparql-query"
            )
    else:  # pragma: no cover - routing restricts methods
        raise ProtocolError(405, "method not allowed")
    default_graphs = params.getlist("default-graph-uri") + (
        args.getlist("default-graph-uri") if params is not args else [])
    named_graphs = params.getlist("named-graph-uri") + (
        args.getlist("named-graph-uri") if params is not args else [])
    return query, default_graphs, named_graphs


TEXT_CHARSETS = frozenset({"utf-8", "utf-8-sig", "ascii", "iso8859-1", "cp1252", "utf-16",
                           "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
"""Codecs a query body may name (by Python's name for them). SPARQL is UTF-8; these are
plain text encodings, decoded in linear time. Any other codec Python knows is refused: the
escape codecs make lone surrogates, punycode decodes in quadratic time (300 KB: 6 s of the
web process, which has no time limit), others are not text at all."""


def decode_body(raw: bytes, charset: str) -> str:
    """An ``application/sparql-query`` body as text (415 for a charset not in TEXT_CHARSETS,
    400 for bytes that are not text in it)."""
    try:
        known = codecs.lookup(charset).name in TEXT_CHARSETS
    except LookupError:
        known = False
    if not known:
        raise ProtocolError(415, f"unsupported charset {charset!r}: send the query in UTF-8")
    try:
        return raw.decode(charset)
    except UnicodeError:
        raise ProtocolError(400, f"the query body is not valid {charset} text") from None


def check_query(query: str) -> QueryShape:
    """Refuse what must not run; return what the lexer read (its ``form``, "results" or
    "graph", and whether it names its own dataset, which the query process need not read again).

    Nothing here parses or evaluates the query: the lexer reads its form and what it uses,
    and the query process's parser reports syntax errors (400) in its own words.
    """
    cfg = state()["config"]
    if not query.strip():
        raise ProtocolError(400, "empty query")
    if len(query.encode("utf-8")) > cfg.max_query_bytes:
        raise ProtocolError(413, f"query longer than {cfg.max_query_bytes} bytes")
    try:
        shape = read_query(query)
    except QueryRefused as e:
        raise ProtocolError(e.status, e.message) from None
    if shape.uses_service and not cfg.allow_service:
        raise ProtocolError(403, "federated queries (SERVICE) are not allowed on this endpoint; "
                                 "a word containing SERVICE is read as SERVICE by the query engine")
    return shape


def check_graphs(names: list[str], parameter: str) -> None:
    """``default-graph-uri`` / ``named-graph-uri`` values must be absolute IRIs (else 400)."""
    for name in names:
        try:
            ox.NamedNode(name)
        except ValueError as e:
            raise ProtocolError(400, f"{parameter}: {name!r} is not an absolute IRI ({e})") from None


def endpoint_url() -> str:
    """This endpoint's public URL, from the configuration (never the client's Host header)."""
    return state()["config"].root_url() + "sparql"


def result_response(result: QueryResult, media_type: str) -> Response:
    ct = result.content_type or media_type
    if ct.startswith("text/") or ct.endswith(("json", "xml", "turtle", "trig", "triples",
                                              "quads")):
        ct += "; charset=utf-8"
    resp = Response(result.body, content_type=ct)
    if result.truncated:
        cfg = state()["config"]
        resp.headers["X-Heterokg-Truncated"] = (
            f"results cut off at the row cap ({cfg.row_cap}) or the size cap "
            f"({cfg.max_result_bytes} bytes)")
    return resp


CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; frame-ancestors 'none'")


@bp.after_app_request
def cors(resp: Response) -> Response:
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    if resp.mimetype == "text/html":
        # no inline scripts anywhere: text from documents can never run, even if unescaped
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("Referrer-Policy", "same-origin")
    if request.path.startswith(("/sparql", "/void", "/resource", "/api", "/ontology")):
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        resp.headers["Access-Control-Expose-Headers"] = "X-Heterokg-Truncated, Content-Type"
        resp.headers["Access-Control-Max-Age"] = "86400"
        if request.path.startswith(("/sparql", "/resource", "/void", "/ontology")):
            resp.vary.add("Accept")
    return resp


@bp.app_errorhandler(HTTPException)
def http_error(e: HTTPException):
    """Refusals that come before the view (a body past Flask's limit: 413, a method: 405) in
    plain text on the endpoint, like its own; other paths keep their pages."""
    if not request.path.startswith("/sparql") or e.code is None or e.code < 400:
        return e
    resp = text_response(e.code, e.description or e.name)
    resp.headers.extend((k, v) for k, v in e.get_headers() if k.lower() != "content-type")
    return resp


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    arrival = time.monotonic()
    try:
        query, default_graphs, named_graphs = read_request()
        if query is None:
            if request.method in ("GET", "HEAD") and not set(request.args) - {"format"}:
                return service_description()
            raise ProtocolError(400, "missing 'query' parameter")
        shape = check_query(query)
        check_graphs(default_graphs, "default-graph-uri")
        check_graphs(named_graphs, "named-graph-uri")
        media_type = negotiate(shape.form, request.values.get("format"))
        backend = state()["backend"]
        etag = (etag_for(backend.version, query, media_type, default_graphs, named_graphs)
                if backend.version and not shape.volatile else None)
        if etag and request.if_none_match.contains(etag):
            return cacheable(Response(status=304), etag)
        result = state()["results"].get(etag) if etag else None
        if result is None:
            deadline = arrival + state()["config"].query_timeout
            result = backend.run(query, media_type, default_graphs, named_graphs,
                                 deadline=deadline, base_iri=endpoint_url(),
                                 own_dataset=shape.has_from)
            if etag:
                state()["results"].put(etag, result)
        resp = result_response(result, media_type)
        return cacheable(resp, etag) if etag else resp
    except ProtocolError as e:
        return text_response(e.status, e.message)
    except QuerySyntaxError as e:
        return text_response(400, f"malformed query: {e}")
    except QueryFailed as e:
        return text_response(e.status, str(e))


def cacheable(resp: Response, etag: str) -> Response:
    """Answers over the fixed graph may be kept: 5 minutes, then revalidated by ETag."""
    resp.set_etag(etag)
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


# --- service description and VoID ------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def prefers_html() -> bool:
    """A browser (HTML preferred over Turtle) and no ``format`` parameter."""
    if request.args.get("format") or not request.headers.get("Accept"):
        return False
    return request.accept_mimetypes.best_match([TURTLE, "text/html"]) == "text/html"


def rdf_response(turtle: str, default: str = TURTLE, title: str | None = None) -> Response:
    """Turtle text, converted to the negotiated RDF syntax (or shown in a page to browsers)."""
    if title and prefers_html():
        from flask import render_template

        return Response(render_template("rdf_text.html", label=title, turtle=turtle),
                        content_type="text/html; charset=utf-8")
    try:
        mt = negotiate("graph", request.args.get("format"), default)
    except ProtocolError as e:
        return text_response(e.status, e.message)
    if mt in (TURTLE, "application/x-turtle"):
        body = turtle.encode("utf-8")
        mt = TURTLE
    else:
        quads = ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        fmt = ox.RdfFormat.from_media_type(mt)
        triples = [q.triple for q in quads]
        if fmt in (ox.RdfFormat.RDF_XML,):
            body = ox.serialize(triples, format=fmt, prefixes=PREFIXES)
        else:
            body = ox.serialize(triples, format=fmt)
    return Response(body, content_type=f"{mt}; charset=utf-8")


def dataset_iri() -> str:
    return state()["config"].base_iri + "dataset"


def service_description() -> Response:
    cfg = state()["config"]
    endpoint = endpoint_url()
    void_url = cfg.root_url() + "void"
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
               "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD",
               "RDF_XML"]
    features = ["sd:UnionDefaultGraph"] + (["sd:BasicFederatedQuery"] if cfg.allow_service else [])
    ttl = f"""@prefix sd: <{SD}> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {", ".join(f"<{FORMATS}{f}>" for f in formats)} ;
    sd:feature {", ".join(features)} ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    dcterms:title "{cfg.title} SPARQL endpoint" ;
    rdfs:comment "Read-only SPARQL 1.1 Query endpoint. The default graph is the union of the named graphs (one per document, plus the ontology). Queries stop after {cfg.query_timeout:g} s (503); answers are cut off after {cfg.row_cap} rows. Queries are evaluated under simple entailment over a graph in which the build has materialised the ontology's class and property hierarchies (rdfs:subClassOf and rdfs:subPropertyOf, rules rdfs9 and rdfs7) and its owl:inverseOf pairs, in the named graph of their premises: ?c a hkg:Claim finds every kind of claim. Domain and range typing is not materialised." ;
    sd:defaultDataset <{dataset_iri()}> ;
    rdfs:seeAlso <{void_url}> .
<{dataset_iri()}> a sd:Dataset , void:Dataset ;
    sd:defaultGraph [ a sd:Graph ; rdfs:comment "the union of all named graphs" ] ;
    void:sparqlEndpoint <{endpoint}> ;
    rdfs:seeAlso <{void_url}> .
"""
    resp = rdf_response(ttl, title="SPARQL endpoint")
    resp.headers["Link"] = f'<{void_url}>; rel="describedby"'
    return resp


def void_statistics() -> dict:
    """Counts for /void, computed once per process (the data never changes under a server)."""
    cache = state()["cache"]
    if "void" in cache:
        return cache["void"]
    backend = state()["backend"]
    hkg = PREFIXES["hkg"]
    # computed once, over the whole graph: allowed longer than a client's query
    slow = 4 * state()["config"].query_timeout
    per_graph = {
        r["g"]: {"triples": int(r["n"])}
        for r in backend.values(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", None, slow)
    }
    types = " ".join(f"<{hkg}{t}>" for t in CLAIM_TYPES)
    for r in backend.values(
        f"SELECT ?g (COUNT(DISTINCT ?c) AS ?n) WHERE {{ VALUES ?t {{ {types} }} "
        f"GRAPH ?g {{ ?c a ?t }} }} GROUP BY ?g", None, slow
    ):
        per_graph.setdefault(r["g"], {"triples": 0})["claims"] = int(r["n"])
    totals = backend.values(
        "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) "
        "(COUNT(DISTINCT ?o) AS ?objects) WHERE { GRAPH ?g { ?s ?p ?o } }", None, slow)[0]
    classes = backend.values(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } }", None, slow)[0]["n"]
    stats = {
        "triples": sum(g["triples"] for g in per_graph.values()),
        "graphs": len(per_graph),
        "claims": sum(g.get("claims", 0) for g in per_graph.values()),
        "distinctSubjects": int(totals["subjects"]),
        "distinctObjects": int(totals["objects"]),
        "properties": int(totals["properties"]),
        "classes": int(classes),
        "per_graph": dict(sorted(per_graph.items())),
        "computed": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    # what the build itself says about the dataset (title, version, extractor quality ...)
    skip = {"http://rdfs.org/ns/void#" + p for p in (
        "triples", "sparqlEndpoint", "distinctSubjects", "distinctObjects", "properties",
        "classes", "subset", "classPartition", "entities")}
    # the build's own description: the dataset's triples and its quality measurements' (DQV)
    ds = dataset_iri()
    described = backend.select(
        f"SELECT ?s ?p ?o WHERE {{ {{ <{ds}> ?p ?o BIND(<{ds}> AS ?s) }} UNION "
        f"{{ <{ds}> <http://www.w3.org/ns/dqv#hasQualityMeasurement> ?s . ?s ?p ?o }} }}", 5000)
    stats["described"] = [(b["s"]["value"], b["p"]["value"], nt_term(b["o"])) for b in described
                          if b["p"]["value"] not in skip and b["o"]["type"] != "bnode"]
    cache["void"] = stats
    return stats


def nt_term(binding: dict) -> str:
    """A SPARQL JSON term as N-Triples/Turtle text."""
    if binding["type"] == "uri":
        return f"<{binding['value']}>"
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    text = ox.Literal(binding["value"])  # oxigraph escapes the lexical form
    lexical = str(text)
    if "xml:lang" in binding:
        return f"{lexical}@{binding['xml:lang']}"
    if "datatype" in binding:
        return f"{lexical}^^<{binding['datatype']}>"
    return lexical


@bp.route("/void")
def void():
    try:
        stats = void_statistics()
    except QueryFailed as e:
        return text_response(e.status, f"the statistics could not be computed: {e}")
    endpoint = endpoint_url()
    ds = dataset_iri()
    hkg = PREFIXES["hkg"]
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        f"@prefix hkg: <{hkg}> .",
        "",
        f"<{ds}> a void:Dataset ;",
        f'    dcterms:title "{state()["config"].title}" ;',
        f"    void:sparqlEndpoint <{endpoint}> ;",
        f"    void:uriSpace \"{state()['config'].base_iri}\" ;",
        "    void:feature <http://www.w3.org/ns/formats/TriG> ;",
        f"    void:triples {stats['triples']} ;",
        f"    void:distinctSubjects {stats['distinctSubjects']} ;",
        f"    void:distinctObjects {stats['distinctObjects']} ;",
        f"    void:properties {stats['properties']} ;",
        f"    void:classes {stats['classes']} ;",
        f"    void:classPartition [ void:class hkg:Claim ; void:entities {stats['claims']} ] ;",
        f'    dcterms:modified "{stats["computed"]}"^^xsd:dateTime .',
    ]
    for s, p, o in stats.get("described", []):
        if s == ds and p == "http://purl.org/dc/terms/title" and o.startswith('"'):
            continue  # the title above stands
        lines.append(f"<{s}> <{p}> {o} .")
    for i, (g, s) in enumerate(stats["per_graph"].items()):
        sub = f"<{state()['config'].root_url()}void#graph-{i}>"
        lines += [
            f"<{ds}> void:subset {sub} .",
            f"{sub} a void:Dataset , sd:NamedGraph ; sd:name <{g}> ;",
            f"    void:triples {s['triples']} ;",
            f"    void:classPartition [ void:class hkg:Claim ; void:entities {s.get('claims', 0)} ] .",
        ]
    return rdf_response("\n".join(lines) + "\n", title="Dataset description (VoID)")
