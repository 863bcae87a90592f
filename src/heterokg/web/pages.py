"""Pages for people: home, query editor, resources, search, ontology.

Every page reads the graph through the configured backend (embedded store or a remote SPARQL
endpoint) with plain SPARQL, so the same pages work over any SPARQL 1.1 endpoint whose default
graph is the union of the named graphs. Templates autoescape everything.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict, defaultdict
from pathlib import Path
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from heterokg.store import PREFIXES
from heterokg.web.executor import QueryFailed
from heterokg.web.sparql import (
    CLAIM_TYPES,
    JSONLD,
    NTRIPLES,
    RDFXML,
    TURTLE,
    ProtocolError,
    negotiate,
    rdf_response,
    result_response,
    state,
    text_response,
)

bp = Blueprint("pages", __name__)

HKG = PREFIXES["hkg"]
MATERIAL_TYPES = ["Material", "Compound", "Element", "CarbonMaterial", "MXene", "Polymer",
                  "FrameworkMaterial", "Heterostructure"]
MP_SEARCH = "https://next-gen.materialsproject.org/materials?formula="
#: Databases a material links to (graph/links), by the start of their IRIs.
LINK_DATABASES = (("https://next-gen.materialsproject.org/materials/", "Materials Project"),
                  ("http://www.wikidata.org/entity/", "Wikidata"),
                  ("https://pubchem.ncbi.nlm.nih.gov/compound/", "PubChem"),
                  ("http://purl.obolibrary.org/obo/CHEBI_", "ChEBI"))
PROLOGUE = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"
_URL_SAFE = "/%:@!$&'()*+,;=-._~"
_SAFE_IRI = re.compile(r'^[^\s<>"{}|^`\\]+$')
_FORMULA = re.compile(r"^(?:[A-Z][a-z]?\d*(?:\.\d+)?|\((?:[A-Z][a-z]?\d*)+\)\d*)+$")
SCHEME_NAMES = {
    "mechanism": "mechanism", "effect": "effect", "synthesis": "synthesis method",
    "system": "application", "role": "role", "interface": "interface type",
    "metric": "metric", "condition": "test condition", "materialclass": "material class",
    "arrangement": "arrangement", "species": "reacting species", "unit": "unit",
}


# --- helpers ----------------------------------------------------------------------------------

def cfg():
    return state()["config"]


def base() -> str:
    return cfg().base_iri


def q(sparql: str, row_cap: int | None = 5000, timeout: float | None = None) -> list[dict[str, str]]:
    """Run a SELECT through the backend; rows as {var: value}."""
    return state()["backend"].values(PROLOGUE + sparql, row_cap, timeout)


def lit(s: str) -> str:
    """A SPARQL string literal for ``s``."""
    return json.dumps(s, ensure_ascii=False)


def local_url(iri: str | None) -> str:
    """The page for an IRI: /resource/... for ours, the IRI itself otherwise."""
    if not iri:
        return "#"
    b = base()
    if iri.startswith(b):
        rest = iri[len(b):]
        if rest == "ontology" or rest.startswith("ontology#"):
            return url_for("pages.ontology") + ("#" + rest.split("#", 1)[1] if "#" in rest else "")
        # the IRI's path as it is (its %XX escapes kept), other unsafe characters escaped
        return request.script_root + "/resource/" + quote(rest, safe=_URL_SAFE)
    return iri


def short(iri: str | None) -> str:
    if not iri:
        return ""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and p != "k":
            return f"{p}:{iri[len(ns):]}"
    if iri.startswith(base()):
        return iri[len(base()):]
    return iri


def local_name(iri: str | None) -> str:
    if not iri:
        return ""
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def humanize(iri: str | None) -> str:
    """A readable name from an IRI's local name: ``BuiltInElectricField`` -> built in ..."""
    name = local_name(iri)
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ")
    return words[:1].upper() + words[1:] if words else name


def mp_link(formula: str | None) -> str | None:
    if formula and _FORMULA.match(formula):
        return MP_SEARCH + quote(formula)
    return None


def external_links(iris: list[str]) -> dict[str, list[dict]]:
    """The reviewed links out of these materials, as the RDF states them (close or exact match),
    so a page shows the chosen entry rather than a search for the formula."""
    iris = [i for i in iris if _SAFE_IRI.match(i)]
    if not iris:
        return {}
    rows = q(f"SELECT ?m ?p ?x WHERE {{ VALUES ?m {{ {' '.join(f'<{i}>' for i in iris)} }} "
             f"VALUES ?p {{ skos:closeMatch skos:exactMatch }} ?m ?p ?x FILTER(isIRI(?x)) }} ORDER BY ?m ?x", 500)
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for prefix, name in LINK_DATABASES:
            if r["x"].startswith(prefix):
                out[r["m"]].append({"href": r["x"], "database": name, "id": r["x"][len(prefix):],
                                    "exact": r["p"].endswith("exactMatch")})
    return out


def doi_url(doi: str | None) -> str | None:
    if not doi:
        return None
    doi = doi.strip()
    if doi.lower().startswith(("http://", "https://")):
        return doi
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def kind_of(iri: str) -> str:
    rest = iri[len(base()):] if iri.startswith(base()) else ""
    return rest.split("/", 1)[0] if "/" in rest else ""


for _name, _fn in (("local_url", local_url), ("short", short), ("humanize", humanize), ("doi_url", doi_url)):
    bp.add_app_template_filter(_fn, _name)


@bp.app_context_processor
def _globals():
    return {"site_title": cfg().title, "remote": bool(cfg().sparql_endpoint)}


@bp.app_errorhandler(404)
def _not_found(e):
    if request.path.startswith(("/sparql", "/api/")):
        return text_response(404, "not found")
    return render_template("error.html", status=404, message="Nothing here: no such resource in the graph."), 404


@bp.app_errorhandler(QueryFailed)
def _query_failed(e: QueryFailed):
    if request.path.startswith("/api/"):
        return jsonify({"error": str(e)}), e.status
    return render_template("error.html", status=e.status, message=str(e)), e.status


# --- home -------------------------------------------------------------------------------------

def home_stats() -> dict:
    def qs(sparql: str, row_cap: int | None = 5000):  # counts over the whole graph, once
        return q(sparql, row_cap, 4 * cfg().query_timeout)

    cache = state()["cache"]
    if "home" in cache:
        return cache["home"]
    claim_types = " ".join(f"hkg:{t}" for t in CLAIM_TYPES)
    mat_types = " ".join(f"hkg:{t}" for t in MATERIAL_TYPES)
    b = base()
    stats = {
        "claims": int(qs(f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ VALUES ?t {{ {claim_types} }} ?c a ?t }}")[0]["n"]),
        "materials": int(qs(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ VALUES ?t {{ {mat_types} }} ?m a ?t }}")[0]["n"]),
        "mechanisms": int(qs(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a skos:Concept "
                            f"FILTER(STRSTARTS(STR(?m), {lit(b + 'mechanism/')})) }}")[0]["n"]),
        "documents": int(qs(
            "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { { ?x hkg:inDocument ?d } UNION "
            "{ ?x prov:wasDerivedFrom ?d } UNION { ?d a bibo:Document } UNION { ?d a hkg:Document } "
            f"FILTER(STRSTARTS(STR(?d), {lit(b + 'document/')}) && !CONTAINS(STR(?d), \"/ref/\")) }}"
        )[0]["n"]),
    }
    methods = {r["method"]: int(r["n"]) for r in qs(
        "SELECT ?method (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c hkg:method ?method } GROUP BY ?method")}
    stats["curated"] = methods.get(HKG + "Curated", 0)
    stats["machine"] = methods.get(HKG + "MachineExtracted", 0)
    # the build's own measurement of its extractor: held-out documents are the honest estimate
    precision = {r["split"]: float(r["v"]) for r in qs(
        "SELECT ?split ?v WHERE { ?d a void:Dataset ; dqv:hasQualityMeasurement ?m . "
        "?m dqv:isMeasurementOf hkg:ExtractorPrecision ; hkg:claimGroup \"overall\" ; "
        "hkg:documentSplit ?split ; dqv:value ?v }")}
    stats["precision"] = precision.get("held_out", precision.get("all"))
    stats["precision_development"] = precision.get("development") if "held_out" in precision else None
    stats["mechanism_list"] = qs(
        "SELECT ?m (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?c) AS ?n) WHERE { ?m a skos:Concept "
        f"FILTER(STRSTARTS(STR(?m), {lit(b + 'mechanism/')})) OPTIONAL {{ ?m skos:prefLabel ?l }} "
        "OPTIONAL { ?c hkg:mechanism ?m } } GROUP BY ?m ORDER BY DESC(?n) ?label", 200)
    stats["document_list"] = qs(
        "SELECT ?d (SAMPLE(?t) AS ?title) (SAMPLE(?doi0) AS ?doi) (COUNT(DISTINCT ?c) AS ?n) WHERE { "
        "{ ?c prov:wasDerivedFrom ?d } UNION { ?c hkg:evidence/hkg:inDocument ?d } "
        "OPTIONAL { ?d dcterms:title ?t } OPTIONAL { ?d bibo:doi ?doi0 } } GROUP BY ?d ORDER BY ?d", 500)
    cache["home"] = stats
    return stats


@bp.route("/")
def index():
    return render_template("index.html", stats=home_stats())


# --- query editor -----------------------------------------------------------------------------

def example_queries() -> list[dict[str, str]]:
    from heterokg import paths

    folder = cfg().queries_dir or paths.queries_dir()
    out = []
    for f in sorted(Path(folder).glob("*.rq")) if Path(folder).is_dir() else []:
        text = f.read_text("utf-8")
        title = f.stem.replace("_", " ").replace("-", " ")
        for line in text.splitlines():
            m = re.match(r"#\s*(?:title:\s*)?(.+)", line.strip())
            if m:
                title = m.group(1).strip()
                break
        out.append({"name": f.stem, "title": title, "query": text})
    return out


@bp.route("/query")
def query_editor():
    examples = example_queries()
    default = examples[0]["query"] if examples else (
        PROLOGUE.split("\n")[0] + "\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?material ?label WHERE {\n  ?material a hkg:Material ; rdfs:label ?label .\n} LIMIT 20\n")
    return render_template("query.html", examples=examples, default_query=default,
                           endpoint=url_for("sparql.sparql", _external=True))


# --- search -----------------------------------------------------------------------------------

_SEARCH_FOLD = str.maketrans({**{chr(0x2080 + i): str(i) for i in range(10)},
                              **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"},
                              "\\": " "})


def normalise_term(term: str) -> str:
    """Subscript digits to digits, dashes to '-', no backslashes (no \\u escapes in SPARQL)."""
    return " ".join(term.translate(_SEARCH_FOLD).split())


def search(term: str, limit: int = 50) -> list[dict]:
    term = normalise_term(term)
    if not term:
        return []
    b = base()
    mat_types = " ".join(f"hkg:{t}" for t in MATERIAL_TYPES)
    needle = lit(term.lower())
    rows = q(f"""
SELECT ?x ?kind ?matched ?label WHERE {{
  {{ VALUES ?t {{ {mat_types} }} ?x a ?t ; rdfs:label|skos:altLabel|hkg:formula|hkg:reducedFormula ?matched .
     BIND("material" AS ?kind) }}
  UNION
  {{ ?x a skos:Concept ; skos:prefLabel|skos:altLabel|skos:hiddenLabel|rdfs:label ?matched .
     BIND("concept" AS ?kind) }}
  UNION
  {{ ?x dcterms:title|bibo:doi|hkg:fileName ?matched .
     FILTER(STRSTARTS(STR(?x), {lit(b + 'document/')}) && !CONTAINS(STR(?x), "/ref/"))
     BIND("document" AS ?kind) }}
  FILTER(CONTAINS(LCASE(STR(?matched)), {needle}))
  OPTIONAL {{ ?x rdfs:label|skos:prefLabel|dcterms:title ?label }}
}} LIMIT 2000""", 2000)
    t = term.lower()
    best: dict[str, dict] = {}
    kind_rank = {"material": 0, "concept": 1, "document": 2}
    for r in rows:
        m = r["matched"].lower()
        rank = 0 if m == t else 1 if m.startswith(t) else 2 if re.search(r"\b" + re.escape(t), m) else 3
        label = r.get("label") or r["matched"]
        kind = r["kind"]
        if kind == "concept":
            kind = SCHEME_NAMES.get(kind_of(r["x"]), "concept")
        key = (rank, kind_rank.get(r["kind"], 1), len(label), label.lower())
        cur = best.get(r["x"])
        if cur is None or key < cur["key"]:
            best[r["x"]] = {"iri": r["x"], "label": label, "kind": kind, "matched": r["matched"],
                            "url": local_url(r["x"]), "key": key,
                            "synonym": r["matched"] if r["matched"].lower() != label.lower() else None}
    hits = sorted(best.values(), key=lambda h: h["key"])[:limit]
    for h in hits:
        del h["key"]
    return hits


@bp.route("/search")
def search_page():
    term = request.args.get("q", "")
    hits = search(term, 200) if term.strip() else []
    if len(hits) == 1 and request.args.get("go"):
        return redirect(hits[0]["url"])
    return render_template("search.html", term=term, hits=hits)


@bp.route("/api/autocomplete")
def autocomplete():
    term = request.args.get("q", "")
    try:
        limit = max(1, min(50, int(request.args.get("limit", 10))))
    except ValueError:
        limit = 10
    return jsonify(search(term, limit) if term.strip() else [])


# --- resources --------------------------------------------------------------------------------

def first(rows: list[dict], key: str) -> str | None:
    for r in rows:
        if r.get(key):
            return r[key]
    return None


def outgoing(iri: str) -> dict[str, list[str]]:
    props: dict[str, list[str]] = defaultdict(list)
    for r in q(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"):
        if r["o"] not in props[r["p"]]:
            props[r["p"]].append(r["o"])
    return props


def claim_rows(where: str) -> list[dict]:
    """Claims matching ``where`` (binding ?c) with labels, evidence and source, one per claim."""
    rows = q(f"""
SELECT ?c ?kind ?mat ?matLabel ?mech ?mechLabel ?effect ?effectLabel ?system ?systemLabel
       ?role ?roleLabel ?method ?status ?conf ?quote ?part ?section ?doc ?docTitle ?doi WHERE {{
  {where}
  OPTIONAL {{ ?c a ?kind FILTER(?kind != hkg:Claim && STRSTARTS(STR(?kind), STR(hkg:))) }}
  OPTIONAL {{ ?c hkg:aboutMaterial ?mat OPTIONAL {{ ?mat rdfs:label|skos:prefLabel ?matLabel }} }}
  OPTIONAL {{ ?c hkg:mechanism ?mech OPTIONAL {{ ?mech skos:prefLabel ?mechLabel }} }}
  OPTIONAL {{ ?c hkg:effect ?effect OPTIONAL {{ ?effect skos:prefLabel ?effectLabel }} }}
  OPTIONAL {{ ?c hkg:system ?system OPTIONAL {{ ?system skos:prefLabel ?systemLabel }} }}
  OPTIONAL {{ ?c hkg:role ?role OPTIONAL {{ ?role skos:prefLabel ?roleLabel }} }}
  OPTIONAL {{ ?c hkg:method ?method }}
  OPTIONAL {{ ?c hkg:reviewStatus ?status }}
  OPTIONAL {{ ?c hkg:confidence ?conf }}
  OPTIONAL {{ ?c hkg:evidence ?e .
             OPTIONAL {{ ?e hkg:quote ?quote }} OPTIONAL {{ ?e hkg:sourcePart ?part }}
             OPTIONAL {{ ?e hkg:section ?section }} OPTIONAL {{ ?e hkg:inDocument ?edoc }} }}
  OPTIONAL {{ ?c prov:wasDerivedFrom ?pdoc }}
  BIND(COALESCE(?edoc, ?pdoc) AS ?doc)
  OPTIONAL {{ ?doc dcterms:title ?docTitle }}
  OPTIONAL {{ ?doc bibo:doi ?doi }}
}} ORDER BY ?c""", 20000)
    claims: OrderedDict[str, dict] = OrderedDict()
    multi = ("mech", "effect", "system", "role")
    for r in rows:
        c = claims.get(r["c"])
        if c is None:
            c = claims[r["c"]] = {"iri": r["c"], "id": r["c"].rsplit("/", 1)[-1]}
            for k in multi:
                c[k] = OrderedDict()
        for k in ("kind", "mat", "matLabel", "method", "status", "conf", "quote", "part",
                  "section", "doc", "docTitle", "doi"):
            if r.get(k) and not c.get(k):
                c[k] = r[k]
        for k in multi:
            if r.get(k):
                label = r.get(k + "Label") or c[k].get(r[k]) or humanize(r[k])
                if r[k] not in c[k] or r.get(k + "Label"):
                    c[k][r[k]] = label
    for c in claims.values():
        c["kindLabel"] = humanize(c.get("kind")).replace(" Claim", "") if c.get("kind") else "Claim"
        c["curated"] = c.get("method") == HKG + "Curated"
        c["matLabel"] = c.get("matLabel") or humanize(c.get("mat"))
    return list(claims.values())


def measurement_rows(material: str) -> list[dict]:
    rows = q(f"""
SELECT ?c ?m ?metric ?metricLabel ?value ?valueMax ?qualifier ?unit ?unitLabel ?surface
       ?cond ?param ?paramLabel ?cv ?cvMax ?cu ?cuLabel ?ctext ?system ?systemLabel ?doc WHERE {{
  ?c hkg:aboutMaterial <{material}> ; hkg:measurement ?m .
  OPTIONAL {{ ?m hkg:metric ?metric OPTIONAL {{ ?metric skos:prefLabel ?metricLabel }} }}
  OPTIONAL {{ ?m hkg:value ?value }} OPTIONAL {{ ?m hkg:valueMax ?valueMax }}
  OPTIONAL {{ ?m hkg:qualifier ?qualifier }} OPTIONAL {{ ?m hkg:surfaceForm ?surface }}
  OPTIONAL {{ ?m hkg:unit ?unit OPTIONAL {{ ?unit skos:prefLabel|rdfs:label|qudt:symbol ?unitLabel }} }}
  OPTIONAL {{ ?m hkg:condition ?cond .
     OPTIONAL {{ ?cond hkg:parameter ?param OPTIONAL {{ ?param skos:prefLabel ?paramLabel }} }}
     OPTIONAL {{ ?cond hkg:value ?cv }} OPTIONAL {{ ?cond hkg:valueMax ?cvMax }}
     OPTIONAL {{ ?cond hkg:textValue ?ctext }}
     OPTIONAL {{ ?cond hkg:unit ?cu OPTIONAL {{ ?cu skos:prefLabel|rdfs:label|qudt:symbol ?cuLabel }} }} }}
  OPTIONAL {{ ?c hkg:system ?system OPTIONAL {{ ?system skos:prefLabel ?systemLabel }} }}
  OPTIONAL {{ ?c hkg:evidence/hkg:inDocument ?doc }}
}} ORDER BY ?c ?m""", 20000)
    out: OrderedDict[str, dict] = OrderedDict()
    qual = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "approx": "≈", "upTo": "up to"}
    for r in rows:
        m = out.get(r["m"])
        if m is None:
            value = r.get("value")
            if value and r.get("valueMax"):
                value = f"{value}–{r['valueMax']}"
            if value and r.get("qualifier"):
                value = f"{qual.get(r['qualifier'], r['qualifier'])} {value}"
            m = out[r["m"]] = {
                "claim": r["c"], "metric": r.get("metric"),
                "metricLabel": r.get("metricLabel") or humanize(r.get("metric")),
                "value": value, "unit": r.get("unitLabel") or local_name(r.get("unit")),
                "surface": r.get("surface"), "system": r.get("systemLabel") or humanize(r.get("system")),
                "doc": r.get("doc"), "conditions": OrderedDict(),
            }
        if r.get("cond") and r["cond"] not in m["conditions"]:
            v = r.get("ctext") or r.get("cv") or ""
            if r.get("cvMax"):
                v = f"{v}–{r['cvMax']}"
            unit = r.get("cuLabel") or local_name(r.get("cu"))
            m["conditions"][r["cond"]] = (
                (r.get("paramLabel") or humanize(r.get("param"))), f"{v} {unit}".strip())
    return list(out.values())


def wants_html(allow_html: bool = True) -> str:
    """Negotiated media type for a resource: text/html or an RDF syntax."""
    fmt = request.args.get("format")
    if fmt in ("html", "htm"):
        return "text/html"
    if fmt:
        return negotiate("graph", fmt)
    if not request.headers.get("Accept"):
        return "text/html"
    best = request.accept_mimetypes.best_match(
        ["text/html", TURTLE, JSONLD, NTRIPLES, RDFXML, "application/xhtml+xml",
         "application/n-quads", "application/trig", "application/json"])
    if best in (None, "text/html", "application/xhtml+xml"):
        return "text/html"
    return negotiate("graph", best)


def resolve_path(path: str) -> str | None:
    """The IRI a /resource/ request names, or None.

    IRIs may carry percent-escapes (``material/Zn%7C%7CZn``) that the router decodes, so the
    raw request path is tried first, then its decoded form (``·`` in a hydrate's name).
    """
    from urllib.parse import unquote

    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    raw = raw.split("?", 1)[0]
    prefix = request.script_root + "/resource/"
    candidates = []
    if raw.startswith(prefix):
        candidates += [raw[len(prefix):], unquote(raw[len(prefix):])]
    candidates.append(path)
    seen = []
    for c in candidates:
        if c and c not in seen and _SAFE_IRI.match(base() + c):
            seen.append(c)
    if not seen:
        return None
    if len(seen) == 1:
        return base() + seen[0]
    backend = state()["backend"]
    for c in seen:
        iri = base() + c
        if c.startswith("graph/") or backend.ask(
                PROLOGUE + f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"):
            return iri
    return base() + seen[0]


@bp.route("/resource/<path:path>")
def resource(path: str):
    iri = resolve_path(path)
    if iri is None:
        abort(404)
    path = iri[len(base()):]
    if path == "ontology":
        return redirect(url_for("pages.ontology", **request.args), 303)
    if path in ("sparql", "void"):  # the w3id names of the endpoint and its description
        return redirect(url_for(f"sparql.{path}", **request.args), 303)
    try:
        mt = wants_html()
    except ProtocolError as e:
        return text_response(e.status, e.message)
    backend = state()["backend"]
    is_graph = path.startswith("graph/")
    if mt != "text/html":
        if is_graph:
            sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        else:
            sparql = f"DESCRIBE <{iri}>"
        result = backend.run(sparql, mt)  # the row cap holds here as on /sparql
        if not result.body.strip() or result.body.strip() in (b"[]", b"{}"):
            abort(404)
        resp = result_response(result, mt)
        resp.headers["Content-Location"] = request.path
        return resp
    if is_graph:
        return graph_page(iri)
    if not backend.ask(PROLOGUE + f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"):
        abort(404)
    props = outgoing(iri)
    types = set(props.get(PREFIXES["rdf"] + "type", []))
    kind = kind_of(iri)
    common = {"iri": iri, "props": props, "types": sorted(types), "alternates": alternates(path)}
    if kind == "material" or types & {HKG + t for t in MATERIAL_TYPES}:
        return material_page(iri, props, common)
    if types & {HKG + t for t in CLAIM_TYPES}:
        return claim_page(iri, common)
    if kind == "document" and "/ref/" not in iri:
        return document_page(iri, props, common)
    if PREFIXES["skos"] + "Concept" in types:
        return concept_page(iri, props, common)
    return generic_page(iri, common)


def alternates(path: str) -> list[tuple[str, str]]:
    u = request.script_root + "/resource/" + quote(path, safe=_URL_SAFE)
    return [("Turtle", u + "?format=ttl"), ("JSON-LD", u + "?format=jsonld"),
            ("N-Triples", u + "?format=nt")]


def label_of(props: dict, iri: str) -> str:
    for p in ("rdfs", "skos", "dcterms"):
        key = {"rdfs": PREFIXES["rdfs"] + "label", "skos": PREFIXES["skos"] + "prefLabel",
               "dcterms": PREFIXES["dcterms"] + "title"}[p]
        if props.get(key):
            return props[key][0]
    return humanize(iri)


def labels(iris) -> dict[str, str]:
    """prefLabel / label of each IRI (one query), for links."""
    iris = [i for i in dict.fromkeys(iris) if i and _SAFE_IRI.match(i)]
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris)
    return {r["x"]: r["label"] for r in q(
        f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?x {{ {values} }} "
        f"?x skos:prefLabel|rdfs:label ?l }} GROUP BY ?x", len(iris))}


def material_page(iri: str, props: dict, common: dict):
    label = label_of(props, iri)
    components = q(f"SELECT ?c (SAMPLE(?l) AS ?label) (SAMPLE(?f) AS ?formula) (SAMPLE(?rf) AS ?reduced) WHERE {{ "
                   f"<{iri}> hkg:hasComponent ?c OPTIONAL {{ ?c rdfs:label ?l }} "
                   f"OPTIONAL {{ ?c hkg:formula ?f }} OPTIONAL {{ ?c hkg:reducedFormula ?rf }} }} GROUP BY ?c ORDER BY ?label")
    links = external_links([iri] + [c["c"] for c in components])
    for c in components:
        c["links"] = links.get(c["c"], [])
        if not any(x["database"] == "Materials Project" for x in c["links"]):
            c["mp"] = mp_link(c.get("reduced") or c.get("formula") or c.get("label"))
    part_of = q(f"SELECT ?h (SAMPLE(?l) AS ?label) WHERE {{ ?h hkg:hasComponent <{iri}> "
                f"OPTIONAL {{ ?h rdfs:label ?l }} }} GROUP BY ?h ORDER BY ?label")
    formula = (props.get(HKG + "reducedFormula") or props.get(HKG + "formula") or [None])[0]
    claims = claim_rows(f"?c hkg:aboutMaterial <{iri}> .")
    by_mech: OrderedDict[str, dict] = OrderedDict()
    others: OrderedDict[str, list] = OrderedDict()
    for c in claims:
        if c["mech"]:
            for m, ml in c["mech"].items():
                by_mech.setdefault(m, {"iri": m, "label": ml, "claims": []})["claims"].append(c)
        else:
            others.setdefault(c["kindLabel"], []).append(c)
    return render_template(
        "material.html", label=label, formula=formula, links=links.get(iri, []),
        mp=None if any(x["database"] == "Materials Project" for x in links.get(iri, [])) else mp_link(formula),
        components=components, part_of=part_of,
        arrangement=(props.get(HKG + "arrangement") or [None])[0],
        spellings=sorted(set(props.get(PREFIXES["skos"] + "altLabel", []))),
        labels=labels(props.get(HKG + "arrangement", [])),
        by_mech=list(by_mech.values()), others=others, n_claims=len(claims),
        measurements=measurement_rows(iri), **common)


def concept_page(iri: str, props: dict, common: dict):
    skos = PREFIXES["skos"]
    label = label_of(props, iri)
    claims = claim_rows(f"?c ?link <{iri}> . FILTER(?link IN (hkg:mechanism, hkg:effect, hkg:system, "
                        f"hkg:role, hkg:synthesisMethod, hkg:interfaceType, hkg:aboutMaterial))")
    by_system: OrderedDict[str, dict] = OrderedDict()
    for c in claims:
        systems = c["system"] or {"": "unspecified application"}
        for s, sl in systems.items():
            group = by_system.setdefault(s, {"iri": s, "label": sl, "materials": OrderedDict()})
            group["materials"].setdefault(c.get("mat") or "", {"iri": c.get("mat"), "label": c["matLabel"],
                                                                "claims": []})["claims"].append(c)
    groups = sorted(by_system.values(), key=lambda g: (g["iri"] == "", g["label"].lower()))
    return render_template(
        "concept.html", label=label, scheme=SCHEME_NAMES.get(kind_of(iri), "concept"),
        alt=props.get(skos + "altLabel", []), definition=(props.get(skos + "definition") or [None])[0],
        broader=props.get(skos + "broader", []), narrower=props.get(skos + "narrower", []),
        labels=labels(props.get(skos + "broader", []) + props.get(skos + "narrower", [])),
        groups=groups, n_claims=len(claims),
        n_materials=len({c.get("mat") for c in claims}), **common)


def document_page(iri: str, props: dict, common: dict):
    title = (props.get(PREFIXES["dcterms"] + "title") or [None])[0]
    doi = (props.get(PREFIXES["bibo"] + "doi") or [None])[0]
    claims = claim_rows(f"{{ ?c prov:wasDerivedFrom <{iri}> }} UNION {{ ?c hkg:evidence/hkg:inDocument <{iri}> }}")
    return render_template("document.html", title=title, label=title or local_name(iri), doi=doi,
                           claims=claims, **common)


def claim_page(iri: str, common: dict):
    claims = claim_rows(f"BIND(<{iri}> AS ?c)")
    claim = claims[0] if claims else {"iri": iri, "id": local_name(iri)}
    meas = []
    if claim.get("mat"):
        meas = [m for m in measurement_rows(claim["mat"]) if m["claim"] == iri]
    contradicts = q(f"SELECT ?o WHERE {{ {{ <{iri}> hkg:contradicts ?o }} UNION {{ ?o hkg:contradicts <{iri}> }} }}")
    matches = q(f"SELECT ?o WHERE {{ {{ <{iri}> hkg:matchesCurated ?o }} UNION {{ ?o hkg:matchesCurated <{iri}> }} }}")
    # where the sentence is, and the primary studies it cites: provenance a reader can follow
    place = q(f"SELECT ?start ?end ?file WHERE {{ <{iri}> hkg:evidence ?e . ?e hkg:startOffset ?start ; "
              f"hkg:endOffset ?end OPTIONAL {{ ?e hkg:inDocument/hkg:fileName ?file }} }}")
    refs = q(f"SELECT ?r ?n ?text ?doi WHERE {{ <{iri}> cito:citesAsEvidence ?r "
             f"OPTIONAL {{ ?r hkg:referenceNumber ?n }} OPTIONAL {{ ?r rdfs:label ?text }} "
             f"OPTIONAL {{ ?r bibo:doi ?doi }} }}")
    refs.sort(key=lambda r: (int(r["n"]) if r.get("n", "").isdigit() else 10**9, r.get("n", "")))
    for r in refs:
        r["doi_url"] = doi_url(r.get("doi"))
    return render_template("claim.html", claim=claim, label=f"Claim {claim['id']}", measurements=meas,
                           contradicts=[r["o"] for r in contradicts], matches=[r["o"] for r in matches],
                           place=place[0] if place else None, refs=refs, **common)


def generic_page(iri: str, common: dict):
    incoming = q(f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT 500", 500)
    return render_template("resource.html", label=label_of(common["props"], iri), incoming=incoming,
                           **common)


def graph_page(iri: str):
    rows = q(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    n = int(rows[0]["n"]) if rows else 0
    if n == 0:
        abort(404)
    stem = iri.rsplit("/", 1)[-1]
    doc = base() + "document/" + stem if stem != "ontology" else None
    return render_template("graph.html", iri=iri, label=f"Named graph {stem}", n=n, doc=doc,
                           alternates=alternates(iri[len(base()):]))


# --- ontology ---------------------------------------------------------------------------------

def ontology_path() -> Path | None:
    from heterokg import paths

    try:
        p = Path(cfg().ontology_file or paths.ontology_file())
    except Exception:  # noqa: BLE001
        return None
    return p if p.is_file() else None


def ontology_html(path: Path) -> str | None:
    """The ontology's documentation page, rendered once per ontology version on this machine.

    Rendering (pyLODE) costs a second and tens of MiB; every web worker would pay both. The
    first one writes the page to a file named by the ontology's SHA-256 and the others read it.
    """
    import hashlib
    import os
    import tempfile

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    shared = Path(tempfile.gettempdir()) / f"heterokg-ontology-{digest}.html"
    try:
        return shared.read_text("utf-8")
    except OSError:
        pass
    try:
        from heterokg.ontology_docs import render_html

        html = render_html(path)
    except Exception as e:  # noqa: BLE001
        current_app.logger.warning("ontology documentation unavailable: %s", e)
        return None
    tmp = shared.with_name(f"{shared.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, "utf-8")
        os.replace(tmp, shared)  # whole or not at all, whichever worker writes last
    except OSError:
        tmp.unlink(missing_ok=True)
    return html


@bp.route("/ontology")
def ontology():
    try:
        mt = wants_html()
    except ProtocolError as e:
        return text_response(e.status, e.message)
    path = ontology_path()
    if mt != "text/html":
        if path is not None:
            return rdf_response(path.read_text("utf-8"))
        result = state()["backend"].run(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{base()}graph/ontology> {{ ?s ?p ?o }} }}",
            mt)
        return result_response(result, mt)
    cache = state()["cache"]
    if "ontology_html" not in cache:
        cache["ontology_html"] = ontology_html(path) if path is not None else None
    html = cache["ontology_html"]
    if html:
        return Response(html, content_type="text/html; charset=utf-8")
    terms = q("SELECT ?t ?type (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE { "
              "VALUES ?type { owl:Class owl:ObjectProperty owl:DatatypeProperty } ?t a ?type "
              "OPTIONAL { ?t rdfs:label ?l } OPTIONAL { ?t rdfs:comment|skos:definition ?c } "
              "FILTER(STRSTARTS(STR(?t), STR(hkg:))) } GROUP BY ?t ?type ORDER BY ?type ?t", 5000)
    return render_template("ontology.html", terms=terms, label="Ontology")
