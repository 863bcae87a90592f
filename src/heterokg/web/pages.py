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
_PRINTABLE_ASCII = "".join(map(chr, range(0x21, 0x7F)))
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
            if "#" not in rest:
                return url_for("pages.ontology")
            return url_for("pages.ontology_terms") + "#" + rest.split("#", 1)[1]
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


#: The most IRIs one /api/labels request names (the query page asks in batches of this size).
LABEL_BATCH = 500


@bp.route("/api/labels", methods=["POST"])
def api_labels():
    """Labels and page addresses of IRIs, so the query page shows names a researcher reads,
    linked to this server's pages rather than to the w3id host the IRIs are named under.

    Body: ``{"iris": [...]}`` (at most LABEL_BATCH); answer: ``{iri: {"label", "url"}}``,
    the label falling back to the IRI's prefixed name.
    """
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested past the parser's depth: not a ValueError, so not silent
        body = None
    iris = body.get("iris") if isinstance(body, dict) else None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        return jsonify({"error": 'expected a JSON body {"iris": [...]}'}), 400
    if len(iris) > LABEL_BATCH:
        return jsonify({"error": f"at most {LABEL_BATCH} IRIs per request"}), 413
    names = labels(iris)
    return jsonify({i: {"label": names.get(i) or short(i), "url": local_url(i)} for i in iris})


# --- search -----------------------------------------------------------------------------------

_SEARCH_FOLD = str.maketrans({**{chr(0x2080 + i): str(i) for i in range(10)},
                              **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"},
                              "\\": " "})


def normalise_term(term: str) -> str:
    """Subscript digits to digits, dashes to '-', no backslashes (no \\u escapes in SPARQL)."""
    return " ".join(term.translate(_SEARCH_FOLD).split())


#: Words too common to rank by when the search has other words ("interfaces in", "the SEI").
_STOPWORDS = frozenset("a an and at by for in of on or the to with".split())
#: At most this many words of a search count; each is one CONTAINS per candidate string.
MAX_SEARCH_WORDS = 8
#: Match tiers, best first: a name equal to the search, starting with it, a synonym equal to
#: it or starting with it, a name or synonym merely containing it, then a claim's quote.
_TIERS = {("label", 0): 0, ("label", 1): 1, ("alt", 0): 2, ("alt", 1): 3, ("label", 2): 4,
          ("alt", 2): 5}
_EVIDENCE_TIER = 6
_KIND_RANK = {"material": 0, "concept": 1, "document": 2, "evidence": 3}


def search_words(term: str) -> list[str]:
    """The lower-cased words a search ranks by: stopwords left out unless nothing else is left."""
    words = list(dict.fromkeys(term.lower().split()))
    return ([w for w in words if w not in _STOPWORDS] or words)[:MAX_SEARCH_WORDS]


def words_matched(var: str, words: list[str]) -> str:
    """A SPARQL expression: how many of ``words`` the lower-cased string ``var`` contains.

    Each word is a SPARQL literal (:func:`lit`), never raw user text in the query."""
    return " + ".join(f"IF(CONTAINS({var}, {lit(w)}), 1, 0)" for w in words)


def relation(text: str, targets: list[str]) -> int:
    """0: ``text`` equals a target, 1: starts with one, 2: only contains one."""
    return min((0 if text == t else 1 if text.startswith(t) else 2 for t in targets if t in text),
               default=2)


def rank_key(field: str, matched: str, phrase: str, words: list[str]) -> tuple[int, int, int]:
    """Sort key of one match, smallest first: more of the words matched, the whole phrase
    present, then the tier (name > synonym > quote; equal > prefix > contained)."""
    text = matched.lower()
    n = sum(w in text for w in words)
    whole = phrase in text
    if field == "evidence":
        tier = _EVIDENCE_TIER
    else:
        tier = _TIERS[(field, relation(text, [phrase] if whole else [w for w in words if w in text]))]
    return (-n, 0 if whole else 1, tier)


def search_candidates(phrase: str, words: list[str]) -> list[dict[str, str]]:
    """Names, synonyms and formulas of materials, concepts and documents, and claims' quotes,
    that contain any of ``words``; those with most words first, within each query's cap."""
    mat_types = " ".join(f"hkg:{t}" for t in MATERIAL_TYPES)
    count = words_matched("?m", words)
    rank = f"ORDER BY DESC(?n) DESC(CONTAINS(?m, {lit(phrase)}))"
    names = q(f"""
SELECT ?x ?kind ?field ?matched ?label ?n WHERE {{
  {{ VALUES ?t {{ {mat_types} }} ?x a ?t ; rdfs:label|hkg:formula|hkg:reducedFormula ?matched .
     BIND("material" AS ?kind) BIND("label" AS ?field) }}
  UNION
  {{ VALUES ?t {{ {mat_types} }} ?x a ?t ; skos:altLabel ?matched . BIND("material" AS ?kind) BIND("alt" AS ?field) }}
  UNION
  {{ ?x a skos:Concept ; skos:prefLabel|rdfs:label ?matched . BIND("concept" AS ?kind) BIND("label" AS ?field) }}
  UNION
  {{ ?x a skos:Concept ; skos:altLabel|skos:hiddenLabel ?matched . BIND("concept" AS ?kind) BIND("alt" AS ?field) }}
  UNION
  {{ ?x dcterms:title|bibo:doi|hkg:fileName ?matched .
     FILTER(STRSTARTS(STR(?x), {lit(base() + 'document/')}) && !CONTAINS(STR(?x), "/ref/"))
     BIND("document" AS ?kind) BIND("label" AS ?field) }}
  BIND(LCASE(STR(?matched)) AS ?m) BIND({count} AS ?n) FILTER(?n > 0)
  OPTIONAL {{ ?x rdfs:label|skos:prefLabel|dcterms:title ?label }}
}} {rank} LIMIT 2000""", 2000)
    quotes = q(f"""
SELECT ?x ?kind ?field ?matched ?label ?n WHERE {{
  ?x hkg:evidence/hkg:quote ?matched .
  BIND(LCASE(STR(?matched)) AS ?m) BIND({count} AS ?n) FILTER(?n > 0)
  BIND("evidence" AS ?kind) BIND("evidence" AS ?field)
  OPTIONAL {{ ?x hkg:aboutMaterial/rdfs:label ?label }}
}} {rank} LIMIT 500""", 500)
    return names + quotes


def search_hit(r: dict[str, str], key: tuple) -> dict:
    """One result for a page or the autocomplete API: what it is, its name and page, and
    the synonym or quote it was found by."""
    if r["kind"] == "evidence":
        claim = r["x"][len(base()):].removeprefix("claim/")
        about = r.get("label")
        return {"iri": r["x"], "label": f"{about} (claim {claim})" if about else f"Claim {claim}",
                "kind": "evidence", "matched": r["matched"], "url": local_url(r["x"]), "key": key,
                "synonym": None, "quote": r["matched"]}
    label = r.get("label") or r["matched"]
    kind = SCHEME_NAMES.get(kind_of(r["x"]), "concept") if r["kind"] == "concept" else r["kind"]
    return {"iri": r["x"], "label": label, "kind": kind, "matched": r["matched"],
            "url": local_url(r["x"]), "key": key, "quote": None,
            "synonym": r["matched"] if r["matched"].lower() != label.lower() else None}


def search(term: str, limit: int = 50) -> list[dict]:
    """Resources whose names, synonyms or claim quotes contain the words of ``term``, best
    first (see :func:`rank_key`), one entry per resource."""
    phrase = normalise_term(term).lower()
    words = search_words(phrase)
    if not words:
        return []
    best: dict[str, dict] = {}
    for r in search_candidates(phrase, words):
        label = r.get("label") or r["matched"]
        key = rank_key(r["field"], r["matched"], phrase, words) + (
            _KIND_RANK[r["kind"]], len(label), label.lower())
        if r["x"] not in best or key < best[r["x"]]["key"]:
            best[r["x"]] = search_hit(r, key)
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
        return redirect(with_query_string(url_for("pages.ontology")), 303)
    if path in ("sparql", "void"):  # the w3id names of the endpoint and its description
        return redirect(with_query_string(url_for(f"sparql.{path}")), 303)
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
    if kind == "document" and HKG + "Document" in types:  # not a cited reference, not an author list
        return document_page(iri, props, common)
    if PREFIXES["skos"] + "ConceptScheme" in types and _SCHEME_NAME.match(path):
        return redirect(url_for("pages.ontology_scheme", name=path), 303)
    if PREFIXES["skos"] + "Concept" in types:
        return concept_page(iri, props, common)
    return generic_page(iri, common)


def with_query_string(url: str) -> str:
    """``url`` with this request's query string exactly as the client sent it (every value of
    a repeated parameter). Not through url_for's keywords: there a parameter named
    ``endpoint`` or ``_method`` is an error and ``_external`` an address built from the
    client's Host header."""
    qs = quote(request.query_string, safe=_PRINTABLE_ASCII)  # other bytes %-escaped, once
    return f"{url}?{qs}" if qs else url


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
        classes=sorted(set(props.get(HKG + "materialClass", []))),
        spellings=sorted(set(props.get(PREFIXES["skos"] + "altLabel", []))),
        labels=labels([*props.get(HKG + "arrangement", []), *props.get(HKG + "materialClass", [])]),
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
    in_scheme = any(s["name"] == kind_of(iri) for s in concept_schemes())
    return render_template(
        "concept.html", label=label, scheme=SCHEME_NAMES.get(kind_of(iri), "concept"),
        scheme_url=url_for("pages.ontology_scheme", name=kind_of(iri), _anchor=local_name(iri))
        if in_scheme else None,
        alt=props.get(skos + "altLabel", []), definition=(props.get(skos + "definition") or [None])[0],
        broader=props.get(skos + "broader", []), narrower=props.get(skos + "narrower", []),
        labels=labels(props.get(skos + "broader", []) + props.get(skos + "narrower", [])),
        groups=groups, n_claims=len(claims),
        n_materials=len({c.get("mat") for c in claims}), **common)


def works(iris: list[str]) -> dict[str, dict]:
    """Title, authors in the order printed, journal, year, volume, pages and DOI of documents or
    cited works, in two queries however many: a claim page cites dozens.

    Authors come from ``bibo:authorList``; a graph that has only ``dcterms:creator`` (built
    before the list was written) gives them in alphabetical order, which is better than none."""
    iris = [i for i in dict.fromkeys(iris) if i and _SAFE_IRI.match(i)]
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris)
    out: dict[str, dict] = {i: {"authors": []} for i in iris}
    for r in q(f"""SELECT ?w (SAMPLE(?t) AS ?title) (SAMPLE(?j) AS ?journal) (SAMPLE(?y) AS ?year)
  (SAMPLE(?v) AS ?volume) (SAMPLE(?fp) AS ?first) (SAMPLE(?lp) AS ?last) (SAMPLE(?d) AS ?doi)
  (SAMPLE(?ab) AS ?abridged) WHERE {{ VALUES ?w {{ {values} }}
  OPTIONAL {{ ?w dcterms:title ?t }} OPTIONAL {{ ?w dcterms:isPartOf ?j FILTER(isLiteral(?j)) }}
  OPTIONAL {{ ?w dcterms:issued ?y }} OPTIONAL {{ ?w bibo:volume ?v }} OPTIONAL {{ ?w bibo:pageStart ?fp }}
  OPTIONAL {{ ?w bibo:pageEnd ?lp }} OPTIONAL {{ ?w bibo:doi ?d }} OPTIONAL {{ ?w hkg:authorListAbridged ?ab }}
}} GROUP BY ?w""", len(iris)):
        out[r["w"]].update({k: v for k, v in r.items() if k != "w"})
        out[r["w"]]["abridged"] = r.get("abridged") in ("true", "1")
    names = q(f"""SELECT ?w ?name ?i WHERE {{ VALUES ?w {{ {values} }}
  {{ ?w bibo:authorList ?l . ?l ?p ?name FILTER(STRSTARTS(STR(?p), STR(rdf:_)))
     BIND(xsd:integer(STRAFTER(STR(?p), STR(rdf:_))) AS ?i) }}
  UNION {{ ?w dcterms:creator ?name FILTER(isLiteral(?name) && NOT EXISTS {{ ?w bibo:authorList ?any }}) }}
}}""")
    for r in sorted(names, key=lambda r: (int(r.get("i") or 10**9), r["name"])):
        out[r["w"]]["authors"].append(r["name"])
    return out


def document_page(iri: str, props: dict, common: dict):
    work = works([iri]).get(iri, {"authors": []})
    claims = claim_rows(f"{{ ?c prov:wasDerivedFrom <{iri}> }} UNION {{ ?c hkg:evidence/hkg:inDocument <{iri}> }}")
    return render_template("document.html", work=work, label=work.get("title") or local_name(iri),
                           claims=claims, **common)


def claim_page(iri: str, common: dict):
    claims = claim_rows(f"BIND(<{iri}> AS ?c)")
    claim = claims[0] if claims else {"iri": iri, "id": local_name(iri)}
    meas = []
    if claim.get("mat"):
        meas = [m for m in measurement_rows(claim["mat"]) if m["claim"] == iri]
    contradicts = q(f"SELECT DISTINCT ?o ?citation WHERE {{ {{ <{iri}> hkg:contradicts ?o }} UNION {{ ?o hkg:contradicts <{iri}> }} "
                    f"BIND(EXISTS {{ <{iri}> hkg:citationMismatchWith|^hkg:citationMismatchWith ?o }} AS ?citation) }}")
    matches = q(f"SELECT ?o WHERE {{ {{ <{iri}> hkg:matchesCurated ?o }} UNION {{ ?o hkg:matchesCurated <{iri}> }} }}")
    # where the sentence is, and the primary studies it cites: provenance a reader can follow
    place = q(f"SELECT ?start ?end ?file ?category WHERE {{ <{iri}> hkg:evidence ?e . ?e hkg:startOffset ?start ; "
              f"hkg:endOffset ?end OPTIONAL {{ ?e hkg:inDocument/hkg:fileName ?file }} "
              f"OPTIONAL {{ ?e hkg:tableCategory ?category }} }}")
    figures = [r["f"] for r in q(f"SELECT ?f WHERE {{ <{iri}> hkg:evidence/hkg:figureRef ?f }} ORDER BY ?f")]
    refs = q(f"SELECT ?r ?n ?text WHERE {{ <{iri}> cito:citesAsEvidence ?r "
             f"OPTIONAL {{ ?r hkg:referenceNumber ?n }} OPTIONAL {{ ?r rdfs:label ?text }} }}")
    refs.sort(key=lambda r: (int(r["n"]) if r.get("n", "").isdigit() else 10**9, r.get("n", "")))
    described = works([r["r"] for r in refs])
    for r in refs:
        r.update(described.get(r["r"], {"authors": []}))
    return render_template("claim.html", claim=claim, label=f"Claim {claim['id']}", measurements=meas,
                           contradicts=[r["o"] for r in contradicts if r.get("citation") != "true"],
                           citation_mismatches=[r["o"] for r in contradicts if r.get("citation") == "true"],
                           matches=[r["o"] for r in matches],
                           place=place[0] if place else None, refs=refs, figures=figures, **common)


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


_ONTOLOGY_DOCS = Path(__file__).resolve().parents[1] / "ontology_docs.py"


def ontology_html(path: Path) -> str | None:
    """The ontology's documentation page, rendered once per ontology version on this machine.

    Rendering (pyLODE) costs a second and tens of MiB; every web worker would pay both. The
    first one writes the page to a file named by the ontology's SHA-256 and the others read it.
    """
    import hashlib
    import os
    import tempfile

    # keyed on the renderer's source too: a page an older renderer wrote is never served
    digest = hashlib.sha256(path.read_bytes() + _ONTOLOGY_DOCS.read_bytes()).hexdigest()[:16]
    shared = Path(tempfile.gettempdir()) / f"heterokg-ontology-{digest}.html"
    kept = read_own_file(shared)
    if kept is not None:
        return kept
    try:
        from heterokg.ontology_docs import render_html

        html = render_html(path)
    except Exception as e:  # noqa: BLE001
        current_app.logger.warning("ontology documentation unavailable: %s", e)
        return None
    tmp = None
    try:  # a new file of our own (mode 0600), never one whose name another user could foresee
        fd, tmp = tempfile.mkstemp(prefix=f"{shared.name}.", suffix=".tmp", dir=shared.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.replace(tmp, shared)  # whole or not at all, whichever worker writes last
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return html


def read_own_file(path: Path) -> str | None:
    """The text of ``path`` if it is a file of this user that no one else can change, else
    None: the temporary directory is shared by every user of the machine, and a name made of
    a public ontology's digest is one anyone can foresee and fill first."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, encoding="utf-8") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
            return None
        try:
            return f.read()
        except (OSError, UnicodeDecodeError):
            return None


def ontology_source(mt: str) -> Response:
    """The ontology as RDF: the edited Turtle file, or the graph's ontology graph without it."""
    path = ontology_path()
    if path is not None:
        return rdf_response(path.read_text("utf-8"))
    result = state()["backend"].run(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{base()}graph/ontology> {{ ?s ?p ?o }} }}", mt)
    return result_response(result, mt)


def ontology_header() -> dict[str, str]:
    """Title, description and version the ontology gives itself, for its pages' headings."""
    rows = q("SELECT ?o ?title ?description ?version WHERE { ?o a owl:Ontology "
             "OPTIONAL { ?o dcterms:title|rdfs:label ?title } "
             "OPTIONAL { ?o dcterms:description|rdfs:comment ?description } "
             "OPTIONAL { ?o owl:versionInfo ?version } "
             f"FILTER(STRSTARTS(STR(?o), {lit(base())})) }} ORDER BY ?o", 50)
    return {"title": first(rows, "title") or "Ontology", "description": first(rows, "description"),
            "version": first(rows, "version")}


def concept_schemes() -> list[dict]:
    """This graph's concept schemes (declared, or named by a concept's skos:inScheme) with
    their titles, definitions and numbers of concepts; read once per process."""
    cache = state()["cache"]
    if "ontology_schemes" not in cache:
        rows = q("SELECT ?s (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?definition) "
                 "(COUNT(DISTINCT ?c) AS ?n) WHERE { { ?s a skos:ConceptScheme } UNION { ?c0 skos:inScheme ?s } "
                 "OPTIONAL { ?s skos:prefLabel|dcterms:title|rdfs:label ?t } "
                 "OPTIONAL { ?s skos:definition|dcterms:description|rdfs:comment ?d } "
                 f"OPTIONAL {{ ?c skos:inScheme ?s }} FILTER(STRSTARTS(STR(?s), {lit(base())})) }} "
                 "GROUP BY ?s", 5000)
        schemes = [{"iri": r["s"], "name": r["s"][len(base()):], "title": r.get("title") or humanize(r["s"]),
                    "definition": r.get("definition"), "n": int(r.get("n") or 0)}
                   for r in rows if _SCHEME_NAME.match(r["s"][len(base()):])]
        cache["ontology_schemes"] = sorted(schemes, key=lambda x: x["title"].lower())
    return cache["ontology_schemes"]


_SCHEME_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_SKOS_FIELDS = {"prefLabel": "label", "altLabel": "alt", "definition": "definition", "broader": "broader"}


def scheme_concepts(scheme: str) -> list[dict]:
    """The concepts of ``scheme`` with their label, synonyms, definition and broader concepts,
    in label order; anchors are the IRIs' local names."""
    rows = q(f"SELECT ?c ?p ?o WHERE {{ {{ ?c skos:inScheme <{scheme}> }} UNION "
             f"{{ ?c skos:topConceptOf <{scheme}> }} UNION {{ <{scheme}> skos:hasTopConcept ?c }} "
             "VALUES ?p { skos:prefLabel skos:altLabel skos:definition skos:broader } ?c ?p ?o } "
             "ORDER BY ?c ?o", 5000)
    concepts: OrderedDict[str, dict] = OrderedDict()
    for r in rows:
        c = concepts.setdefault(r["c"], {"iri": r["c"], "anchor": local_name(r["c"]), "label": None,
                                         "alt": [], "definition": None, "broader": [], "narrower": []})
        field = _SKOS_FIELDS[local_name(r["p"])]
        if isinstance(c[field], list):
            if r["o"] not in c[field]:
                c[field].append(r["o"])
        elif c[field] is None:
            c[field] = r["o"]
    for c in concepts.values():
        c["label"] = c["label"] or humanize(c["iri"])
        for b in c["broader"]:
            if b in concepts:
                concepts[b]["narrower"].append(c["iri"])
    return sorted(concepts.values(), key=lambda c: c["label"].lower())


def concept_tree(concepts: list[dict]) -> list[dict]:
    """The scheme's hierarchy for its table of contents: concepts with no broader concept in
    the scheme at the top, each with its narrower ones (a concept under every broader one;
    a cycle is cut where it closes, and whatever it hides goes to the top)."""
    by_iri = {c["iri"]: c for c in concepts}
    placed: set[str] = set()

    def node(c: dict, path: frozenset) -> dict:
        placed.add(c["iri"])
        return {"concept": c, "children": [node(by_iri[n], path | {n}) for n in c["narrower"]
                                           if n not in path]}

    tops = [node(c, frozenset([c["iri"]])) for c in concepts
            if not any(b in by_iri for b in c["broader"])]
    return tops + [node(c, frozenset([c["iri"]])) for c in concepts if c["iri"] not in placed]


@bp.route("/ontology")
def ontology():
    """The ontology: RDF by content negotiation; for people, an index of its concept schemes
    and a link to the documentation of its classes and properties."""
    try:
        mt = wants_html()
    except ProtocolError as e:
        return text_response(e.status, e.message)
    if mt != "text/html":
        return ontology_source(mt)
    header = ontology_header()
    return render_template("ontology.html", label=header["title"], header=header,
                           schemes=concept_schemes())


@bp.route("/ontology/terms")
def ontology_terms():
    """Classes and properties: pyLODE's page, or a table of them from the graph without it."""
    cache = state()["cache"]
    if "ontology_html" not in cache:
        path = ontology_path()
        cache["ontology_html"] = ontology_html(path) if path is not None else None
    html = cache["ontology_html"]
    if html:
        return Response(html, content_type="text/html; charset=utf-8")
    terms = q("SELECT ?t ?type (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE { "
              "VALUES ?type { owl:Class owl:ObjectProperty owl:DatatypeProperty } ?t a ?type "
              "OPTIONAL { ?t rdfs:label ?l } OPTIONAL { ?t rdfs:comment|skos:definition ?c } "
              "FILTER(STRSTARTS(STR(?t), STR(hkg:))) } GROUP BY ?t ?type ORDER BY ?type ?t", 5000)
    return render_template("ontology_terms.html", terms=terms, label="Classes and properties")


@bp.route("/ontology/<name>")
def ontology_scheme(name: str):
    """One concept scheme: a table of contents by broader/narrower and every concept with its
    label, definition, synonyms and broader concepts, each linked to its /resource page."""
    scheme = next((s for s in concept_schemes() if s["name"] == name), None)
    if scheme is None:
        abort(404)
    concepts = scheme_concepts(scheme["iri"])
    return render_template("ontology_scheme.html", label=scheme["title"], scheme=scheme,
                           schemes=concept_schemes(), concepts=concepts, tree=concept_tree(concepts),
                           by_iri={c["iri"]: c for c in concepts}, iri=scheme["iri"])
