"""Curated claims: reviewed YAML, one file per document, read into the claim model.

Curators write concept local names and unit spellings as they read them in papers; this
module turns them into the same typed claims the extractor produces, and refuses anything
it cannot interpret, naming the file and the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import CONCEPT_FIELDS, KINDS, QUALIFIERS, SOURCE_PARTS, Claim, Evidence, Material, Quantity

#: Curated YAML condition keys → ontology condition concepts.
CONDITION_KEYS = {
    "current_density": "CurrentDensity",
    "areal_capacity": "ArealCapacity",
    "cycles": "CycleNumber",
    "c_rate": "CRate",
    "temperature": "Temperature",
    "voltage_window": "VoltageWindow",
    "cell_type": "CellType",
    "counter_electrode": "CounterElectrode",
    "electrolyte": "Electrolyte",
    "potential": "Potential",
    "site": "Site",
    "adsorbate": "Adsorbate",
}


#: libyaml's safe loader where PyYAML was built with it (5x faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CuratedError(ValueError):
    pass


@dataclass
class CuratedDocument:
    document: str
    metadata: dict
    claims: list[Claim] = field(default_factory=list)


def load_file(path: Path) -> CuratedDocument:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise CuratedError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or "document" not in data or not isinstance(data.get("claims"), list):
        raise CuratedError(f"{path}: expected a mapping with 'document' and a 'claims' list")
    doc = str(data["document"])
    out = CuratedDocument(doc, dict(data.get("metadata") or {}))
    seen: set[str] = set()
    expanded: dict[str, list[str]] = {}
    for i, raw in enumerate(data["claims"]):
        where = f"{path}: claim {raw.get('id', f'#{i + 1}') if isinstance(raw, dict) else f'#{i + 1}'}"
        try:
            claims = [_claim(doc, r) for r in _expand(raw)]
        except (KeyError, TypeError, ValueError) as exc:
            raise CuratedError(f"{where}: {exc}") from None
        if str(raw["id"]) in expanded:
            raise CuratedError(f"{where}: duplicate id")
        expanded[str(raw["id"])] = [c.id for c in claims]
        out.claims.extend(claims)
    for c in out.claims:
        for key in ("contradicts", "citation_mismatch"):
            ids = getattr(c, key)
            missing = [x for x in ids if x not in expanded]
            if missing:
                raise CuratedError(f"{path}: claim {c.id}: {key} unknown ids {missing}")
            setattr(c, key, tuple(x for other in ids for x in expanded[other]))
    return out


def _expand(raw: dict) -> list[dict]:
    """A claim listing several concepts in a field ("effect: [A, B]") is several claims.

    "BIEF speeds ion diffusion and electron transfer in SIBs and PIBs" asserts each
    combination, so the lists expand to their product; ids get a suffix (c0012-1, c0012-2).
    """
    import itertools

    if not isinstance(raw, dict):
        raise TypeError("a claim must be a mapping")
    listed = [f for f in (*CONCEPT_FIELDS, "material_class") if isinstance(raw.get(f), list) and raw.get(f)]
    if not listed:
        return [raw]
    out = []
    for n, combo in enumerate(itertools.product(*(raw[f] for f in listed)), start=1):
        r = dict(raw, **dict(zip(listed, combo)))
        r["id"] = f"{raw['id']}-{n}"
        out.append(r)
    return out


def load_dir(directory: Path) -> dict[str, CuratedDocument]:
    """Curated documents keyed by the document file name (files named ``_*.yaml`` are settings)."""
    docs = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        cd = load_file(path)
        docs[cd.document] = cd
    return docs


def _quantity(value, unit, value_max=None, qualifier=None, surface="") -> Quantity:
    from ..vocabulary import parse_unit

    u = parse_unit(str(unit or "dimensionless"))
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier {qualifier!r} is not one of {QUALIFIERS}")
    return Quantity(float(value), str(u), float(value_max) if value_max is not None else None, qualifier, surface)


def parse_condition_value(key: str, value):
    """``"15 A/g"`` → Quantity; ints stay counts; words stay text."""
    if isinstance(value, bool):
        raise ValueError(f"condition {key}: {value!r} is not a value")
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    if key == "c_rate" and (m := re.match(r"^(\d+(?:\.\d+)?)(?:/(\d+))?\s*C$", text)):
        rate = float(m.group(1)) / (float(m.group(2)) if m.group(2) else 1.0)  # "5C", "1/3C"
        return Quantity(rate, "c_rate", surface=text)
    m = re.match(r"^([-+−]?\d+(?:\.\d+)?)(?:\s*[-–~]\s*(\d+(?:\.\d+)?))?\s*(.*)$", text)
    if m and m.group(3):
        try:
            return _quantity(m.group(1).replace("−", "-"), m.group(3), m.group(2), surface=text)
        except (ValueError, AttributeError, TypeError):  # pint: not a unit, so the words are the value
            pass
    return text


def _claim(document: str, raw: dict) -> Claim:
    if not isinstance(raw, dict):
        raise TypeError("a claim must be a mapping")
    kind = raw["kind"]
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {KINDS}")
    part = raw.get("source_part") or "text"
    if part not in SOURCE_PARTS:
        raise ValueError(f"source_part {part!r} is not one of {SOURCE_PARTS}")
    if raw.get("table_category") and part != "table":
        raise ValueError(f"table_category is for table rows, and source_part is {part!r}")
    quote = raw["quote"]
    start, end = int(raw["start"]), int(raw["end"])
    material = Material(
        name=str(raw["material"]),
        components=tuple(str(c) for c in raw.get("components") or ()),
        arrangement=raw.get("arrangement"),
        formula=raw.get("formula"),
        material_class=raw.get("material_class"),
    )
    quantity = None
    if raw.get("value") is not None:
        quantity = _quantity(raw["value"], raw.get("unit"), raw.get("value_max"), raw.get("qualifier"))
    conditions = {}
    for key, value in (raw.get("conditions") or {}).items():
        if key not in CONDITION_KEYS:
            raise ValueError(f"unknown condition key {key!r} (known: {sorted(CONDITION_KEYS)})")
        if value is None:
            continue
        conditions[CONDITION_KEYS[key]] = parse_condition_value(key, value)
    claim = Claim(
        id=str(raw["id"]),
        kind=kind,
        material=material,
        evidence=Evidence(document, start, end, str(quote), part, str(raw.get("section") or ""),
                          str(raw.get("table_category") or "")),
        method="curated",
        confidence=1.0 if raw.get("status", "reviewed") == "reviewed" else 0.7,
        quantity=quantity,
        property_text=raw.get("property_text") or None,
        conditions=conditions,
        cited_refs=tuple(str(r) for r in raw.get("cited_refs") or ()),
        contradicts=tuple(str(c) for c in raw.get("contradicts") or ()),
        citation_mismatch=tuple(str(c) for c in raw.get("citation_mismatch") or ()),
        status=raw.get("status", "reviewed"),
        note=raw.get("note"),
    )
    for f in CONCEPT_FIELDS:
        setattr(claim, f, raw.get(f) or None)
    return claim


def problems(docs: dict[str, CuratedDocument], vocab) -> list[str]:
    """Everything in the curated files the ontology cannot express: unknown concepts, units
    that fit neither a declared unit nor the metric's canonical unit."""
    from ..vocabulary import parse_unit

    out = []
    for name, cd in sorted(docs.items()):
        for c in cd.claims:
            where = f"curated claim {name} {c.id}"
            for f, scheme in CONCEPT_FIELDS.items():
                value = getattr(c, f)
                if value and not vocab.has(scheme, value):
                    out.append(f"{where}: {f} {value!r} is not a concept of the {scheme} scheme")
            if c.material.material_class and not vocab.has("materialclass", c.material.material_class):
                out.append(f"{where}: material_class {c.material.material_class!r} is not a concept")
            if c.material.arrangement and not vocab.has("arrangement", c.material.arrangement):
                out.append(f"{where}: arrangement {c.material.arrangement!r} is not a concept")
            quantities = [("value", c.quantity, c.metric)] + [(k, v, None) for k, v in c.conditions.items() if isinstance(v, Quantity)]
            for label, q, metric in quantities:
                if q is None:
                    continue
                unit = parse_unit(q.unit)
                if vocab.unit_for(unit) is not None:
                    continue
                canonical = vocab.unit_by_iri(vocab.canonical_unit.get(metric or "", ""))
                if canonical is None or parse_unit(canonical.pint_expression).dimensionality != unit.dimensionality:
                    out.append(f"{where}: {label} unit {q.unit!r} is not declared and does not convert to the metric's unit")
    return out
