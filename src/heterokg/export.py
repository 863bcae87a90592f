"""Every claim as one flat row, for spreadsheets and pandas.

Rows are read back from RDF (the shipped graph, or the graph just extracted), so the export
shows exactly what the graph says; columns are fixed and documented in the README.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pyoxigraph as ox

from .rdf import PREFIXES

COLUMNS = (
    "claim", "document", "kind", "material", "components", "formula", "mechanism", "effect", "system", "role",
    "synthesis", "interface_type", "metric", "property_text", "qualifier", "value", "value_max", "unit", "canonical_value",
    "canonical_value_max", "canonical_unit", "conditions", "cited_refs", "evidence",
    "evidence_start", "evidence_end", "source_part", "table_category", "method", "confidence", "contradicts",
)
_PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
_KIND = {"MechanismClaim": "mechanism", "EffectClaim": "effect", "PerformanceClaim": "performance",
         "PropertyClaim": "property", "SynthesisClaim": "synthesis", "ApplicationClaim": "application",
         "InterfaceClaim": "interface"}

_MAIN = _PREFIX + """
SELECT ?claim ?type ?file ?material ?formula ?mechanism ?effect ?system ?role ?synthesis ?interface ?metric
       ?propertyText ?qualifier ?value ?valueMax ?unit ?cv ?cvMax ?cu ?quote ?start ?end ?part ?category ?method ?confidence ?subject ?m
WHERE {
  ?claim hkg:evidence ?e ; a ?type ; hkg:aboutMaterial ?subject ; hkg:method ?method ; hkg:confidence ?confidence .
  FILTER(STRSTARTS(STR(?type), STR(hkg:)) && STRENDS(STR(?type), "Claim") && ?type != hkg:Claim)
  ?e hkg:quote ?quote ; hkg:startOffset ?start ; hkg:endOffset ?end ; hkg:sourcePart ?part ; hkg:inDocument ?doc .
  ?doc hkg:fileName ?file .
  OPTIONAL { ?e hkg:tableCategory ?category }
  OPTIONAL { ?claim hkg:subjectText ?material }
  OPTIONAL { ?subject hkg:reducedFormula ?formula }
  OPTIONAL { ?claim hkg:mechanism ?mechanism } OPTIONAL { ?claim hkg:effect ?effect }
  OPTIONAL { ?claim hkg:system ?system } OPTIONAL { ?claim hkg:role ?role }
  OPTIONAL { ?claim hkg:synthesisMethod ?synthesis } OPTIONAL { ?claim hkg:interfaceType ?interface }
  OPTIONAL { ?claim hkg:measurement ?m . OPTIONAL { ?m hkg:metric ?metric } OPTIONAL { ?m hkg:propertyText ?propertyText }
             OPTIONAL { ?m hkg:value ?value }
             OPTIONAL { ?m hkg:valueMax ?valueMax } OPTIONAL { ?m hkg:unit ?unit }
             OPTIONAL { ?m hkg:qualifier ?qualifier }
             OPTIONAL { ?m hkg:canonicalValue ?cv ; hkg:metric/hkg:canonicalUnit ?cu }
             OPTIONAL { ?m hkg:canonicalValueMax ?cvMax } }
}"""
_COMPONENTS = _PREFIX + "SELECT ?s ?label WHERE { ?s hkg:hasComponent ?c . ?c rdfs:label ?label }"
_CONDITIONS = _PREFIX + """SELECT ?m ?param ?value ?valueMax ?unit ?text WHERE {
  ?m hkg:condition ?c . ?c hkg:parameter ?param .
  OPTIONAL { ?c hkg:value ?value } OPTIONAL { ?c hkg:valueMax ?valueMax } OPTIONAL { ?c hkg:unit ?unit }
  OPTIONAL { ?c hkg:textValue ?text } }"""
_UNIT_SYMBOL = _PREFIX + "SELECT ?u ?symbol WHERE { ?u hkg:symbol ?symbol }"
_REFS = _PREFIX + "SELECT ?claim ?n WHERE { ?claim cito:citesAsEvidence ?r . OPTIONAL { ?r hkg:referenceNumber ?num } BIND(COALESCE(?num, REPLACE(STR(?r), '^.*/ref/', '')) AS ?n) }"
_CONTRA = _PREFIX + "SELECT ?claim ?other WHERE { ?claim hkg:contradicts ?other }"


_COUNT_SYMBOLS = {"", "cycles", "cycle", "1"}


def _number(text: str):
    f = float(text)
    return int(f) if f.is_integer() else f


def _local(term) -> str:
    s = term.value
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _val(term) -> str:
    return "" if term is None else term.value


def rows(store: ox.Store) -> list[dict[str, str]]:
    """One dict per claim, keys in COLUMNS order, sorted by document and evidence offset."""
    q = lambda text: store.query(text, use_default_graph_as_union=True)  # noqa: E731
    components: dict[str, list[str]] = defaultdict(list)
    for r in q(_COMPONENTS):
        components[r["s"].value].append(r["label"].value)
    symbols = {r["u"].value: r["symbol"].value for r in q(_UNIT_SYMBOL)}
    conditions: dict[str, dict[str, str]] = defaultdict(dict)
    for r in q(_CONDITIONS):
        param = _local(r["param"])
        if r["text"] is not None:
            conditions[r["m"].value][param] = r["text"].value
            continue
        value = _val(r["value"])
        if r["valueMax"] is not None:
            value += "-" + _val(r["valueMax"])
        symbol = symbols.get(r["unit"].value, _local(r["unit"])) if r["unit"] is not None else ""
        if symbol in _COUNT_SYMBOLS and r["valueMax"] is None:
            conditions[r["m"].value][param] = _number(value)  # a count stays a number for pandas
            continue
        conditions[r["m"].value][param] = f"{value} {symbol}".strip()
    refs: dict[str, list[str]] = defaultdict(list)
    for r in q(_REFS):
        refs[r["claim"].value].append(r["n"].value)
    contra: dict[str, list[str]] = defaultdict(list)
    for r in q(_CONTRA):
        contra[r["claim"].value].append(r["other"].value)
    out = []
    seen = set()
    for r in q(_MAIN):
        claim = r["claim"].value
        if claim in seen:
            continue
        seen.add(claim)
        m = r["m"].value if r["m"] is not None else None
        subject = r["subject"].value
        out.append({
            "claim": claim,
            "document": r["file"].value,
            "kind": _KIND.get(_local(r["type"]), _local(r["type"])),
            "material": _val(r["material"]),
            "components": ";".join(sorted(components.get(subject, []))),
            "formula": _val(r["formula"]),
            "mechanism": _local(r["mechanism"]) if r["mechanism"] else "",
            "effect": _local(r["effect"]) if r["effect"] else "",
            "system": _local(r["system"]) if r["system"] else "",
            "role": _local(r["role"]) if r["role"] else "",
            "synthesis": _local(r["synthesis"]) if r["synthesis"] else "",
            "interface_type": _local(r["interface"]) if r["interface"] else "",
            "metric": _local(r["metric"]) if r["metric"] else "",
            "property_text": _val(r["propertyText"]),
            "qualifier": _val(r["qualifier"]),  # "less than 15 %" is not 15 %
            "value": _val(r["value"]),
            "value_max": _val(r["valueMax"]),
            "unit": _local(r["unit"]) if r["unit"] else "",
            "canonical_value": _val(r["cv"]),
            "canonical_value_max": _val(r["cvMax"]),
            "canonical_unit": _local(r["cu"]) if r["cu"] else "",
            "conditions": json.dumps(conditions[m], ensure_ascii=False, sort_keys=True) if m and conditions.get(m) else "",
            "cited_refs": ";".join(sorted(refs.get(claim, []), key=_refkey)),
            "evidence": r["quote"].value,
            "evidence_start": r["start"].value,
            "evidence_end": r["end"].value,
            "source_part": r["part"].value,
            "table_category": _val(r["category"]),
            "method": "curated" if _local(r["method"]) == "Curated" else "machine",
            "confidence": r["confidence"].value,
            "contradicts": ";".join(sorted(contra.get(claim, []))),
        })
    out.sort(key=lambda row: (row["document"], int(row["evidence_start"]), row["claim"]))
    return out


def _refkey(n: str):
    return (0, int(n), "") if n.isdigit() else (1, 0, n)


def write(rows_: list[dict[str, str]], fmt: str, stream: io.TextIOBase) -> None:
    if fmt == "csv":
        w = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows_)
    elif fmt == "jsonl":
        for row in rows_:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"--format {fmt!r}: use csv or jsonl")
