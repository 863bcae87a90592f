"""``heterokg link``: propose Materials Project entries for materials that have none.

Online, and only as proposals: a formula has several entries (polymorphs, deprecated and
predicted-only ones), so a candidate row (``reviewed`` false) goes into the linkset for a
person to accept; rows marked reviewed are never touched. The selection rule: the reduced
formula; a phase named in the label (2H, 1T, anatase, pyrite, alpha-Fe2O3 ...) fixes the space
group; deprecated and predicted-only entries are excluded; then the lowest energy above hull,
then the lowest id. With ``MP_API_KEY`` set it asks the mp-api summary endpoint, otherwise
the Materials Project OPTIMADE endpoint.

The provider-specific OPTIMADE field names read below (``_mp_*``) are assumptions not yet
checked against the live endpoint; the mp-api names are those of its summary documents.
"""

from __future__ import annotations

import datetime
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import linkset, paths

OPTIMADE = "https://optimade.materialsproject.org"
MP_API = "https://api.materialsproject.org"
#: Space group (Hermann-Mauguin) of a phase named in a label; (phase, reduced formula or None).
PHASES: dict[tuple[str, str | None], str] = {
    ("2h", None): "P6_3/mmc", ("1t", None): "P-3m1", ("3r", None): "R3m",
    ("anatase", "TiO2"): "I4_1/amd", ("rutile", None): "P4_2/mnm", ("wurtzite", None): "P6_3mc",
    ("zinc blende", None): "F-43m", ("zincblende", None): "F-43m", ("pyrite", "FeS2"): "Pa-3",
    ("marcasite", "FeS2"): "Pnnm", ("α", "Fe2O3"): "R-3c", ("hematite", "Fe2O3"): "R-3c",
}
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


class LinkError(RuntimeError):
    """The database could not be asked; the message says which URL and why."""


@dataclass(frozen=True)
class Entry:
    """One database entry for a formula, with what the rule needs."""

    id: str
    space_group: str
    e_above_hull: float | None
    deprecated: bool = False
    predicted_only: bool = False


def space_group_key(symbol: str) -> str:
    """Symbols compared without spaces, underscores or subscripts (P6_3/mmc = P 63/m m c)."""
    return symbol.translate(_SUBSCRIPTS).replace(" ", "").replace("_", "")


def optimade_formula(reduced: str) -> str:
    """OPTIMADE's chemical_formula_reduced: elements in alphabetical order, counts of 1 left out."""
    import periodictable

    atoms = periodictable.formula(reduced).atoms
    parts = []
    for el in sorted(atoms, key=lambda e: e.symbol):
        n = atoms[el]
        parts.append(el.symbol + ("" if n == 1 else str(int(n)) if float(n).is_integer() else str(n)))
    return "".join(parts)


def phase_of(label: str, reduced: str) -> tuple[str | None, str | None]:
    """The phase a label names and its space group; ("mixed", None) when it names two."""
    found = {}
    low = label.lower()
    for (phase, formula), sg in PHASES.items():
        if formula not in (None, reduced):
            continue
        if re.search(rf"(?<![a-z0-9]){re.escape(phase)}(?![a-z])", low):
            found[phase] = sg
    if len(set(found.values())) > 1:
        return "mixed", None
    return next(iter(found.items()), (None, None))


def _id_key(mp_id: str) -> tuple:
    local = mp_id.split("-", 1)[-1]
    return (0, int(local), "") if local.isdigit() else (1, len(local), local)


def choose(entries: list[Entry], space_group: str | None) -> Entry | None:
    """The rule: usable entries of the phase, lowest energy above hull, then lowest id."""
    pool = [e for e in entries if not e.deprecated and not e.predicted_only]
    if space_group:
        pool = [e for e in pool if space_group_key(e.space_group) == space_group_key(space_group)]
    return min(pool, key=lambda e: (math.inf if e.e_above_hull is None else e.e_above_hull, _id_key(e.id)),
               default=None)


def _get(url: str, params: dict, headers: dict | None = None) -> dict:
    import requests

    try:
        r = requests.get(url, params=params, headers=headers or {}, timeout=30)
        r.raise_for_status()
        return r.json()
    except (requests.RequestException, ValueError) as exc:
        raise LinkError(f"{url}: {exc}") from None


def _first(attrs: dict, *names: str):
    for name in names:
        value = attrs
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None


def optimade_entries(endpoint: str, reduced: str) -> list[Entry]:
    """Entries of a reduced formula from an OPTIMADE endpoint (all pages)."""
    url, params = f"{endpoint.rstrip('/')}/v1/structures", {"filter": f'chemical_formula_reduced="{optimade_formula(reduced)}"'}
    out: list[Entry] = []
    while url:
        body = _get(url, params)
        for d in body.get("data", []):
            a = d.get("attributes", {})
            out.append(Entry(str(d["id"]),
                             str(_first(a, "space_group_symbol_hermann_mauguin", "_mp_spacegroup_symbol", "_mp_symmetry.symbol") or ""),
                             _first(a, "_mp_energy_above_hull", "_mp_e_above_hull", "_mp_stability.gga_gga+u.e_above_hull"),
                             bool(_first(a, "_mp_deprecated")), bool(_first(a, "_mp_theoretical"))))
        url, params = (body.get("links") or {}).get("next"), {}
        url = url.get("href") if isinstance(url, dict) else url
    return out


def mp_api_entries(endpoint: str, reduced: str, key: str) -> list[Entry]:
    """Entries of a reduced formula from the mp-api summary endpoint."""
    body = _get(f"{endpoint.rstrip('/')}/materials/summary/",
                {"formula": reduced, "_fields": "material_id,symmetry,energy_above_hull,deprecated,theoretical",
                 "_limit": 1000}, {"X-API-KEY": key})
    return [Entry(str(d["material_id"]), str((d.get("symmetry") or {}).get("symbol") or ""), d.get("energy_above_hull"),
                  bool(d.get("deprecated")), bool(d.get("theoretical"))) for d in body.get("data", [])]


def graph_materials(trig: Path) -> dict[str, tuple[str, str]]:
    """Single-phase materials of a built graph with a reduced formula: IRI -> (label, formula).

    Components carry only their label; a label that is a plain formula counts as one."""
    from .rdf import _reduced_formula
    from .store import load_store

    store = load_store(trig)
    rows = store.query(
        "PREFIX hkg: <https://w3id.org/heterokg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?m (SAMPLE(?l) AS ?label) (SAMPLE(?r) AS ?rf) WHERE { ?m a ?t ; rdfs:label ?l "
        "FILTER(STRSTARTS(STR(?m), 'https://w3id.org/heterokg/material/')) OPTIONAL { ?m hkg:reducedFormula ?r } "
        "FILTER NOT EXISTS { ?m a hkg:Heterostructure } } GROUP BY ?m", use_default_graph_as_union=True)
    out = {}
    for row in rows:
        label = row["label"].value
        reduced = row["rf"].value if row["rf"] is not None else _label_formula(label, _reduced_formula)
        if reduced:
            out[row["m"].value] = (label, reduced)
    return out


def _label_formula(label: str, reduce) -> str | None:
    """The reduced formula of a label that is a plain formula, or a phase and a formula (2H-MoS2)."""
    m = re.fullmatch(r"(?:(\S+?)[- ])?([A-Za-z0-9()]+)", label)
    reduced = reduce(m.group(2)) if m else None
    if reduced and m.group(1) and phase_of(label, reduced)[0] in (None, "mixed"):
        return None
    return reduced


def propose(materials: dict[str, tuple[str, str]], table: linkset.Linkset, fetch, source: str) -> list[str]:
    """Replace the unreviewed Materials Project rows of each material without a reviewed one by
    the rule's candidate; return one line per material saying what happened."""
    reviewed = {table.expand(r["subject_id"]) for r in table.rows if linkset.is_reviewed(r)
                and (r["object_id"].startswith("mp:") or r["object_id"] == linkset.NO_TERM)}
    cache: dict[str, list[Entry]] = {}
    report, today = [], datetime.date.today().isoformat()
    for iri in sorted(materials):
        if iri in reviewed:
            continue
        label, reduced = materials[iri]
        phase, space_group = phase_of(label, reduced)
        if phase == "mixed":
            report.append(f"{label}: names two phases; no candidate")
            continue
        if reduced not in cache:
            cache[reduced] = fetch(reduced)
        best = choose(cache[reduced], space_group)
        if best is None:  # earlier candidates (ids stated in sources) stay for a person to judge
            report.append(f"{label}: no usable entry for {reduced}{' ' + space_group if space_group else ''}")
            continue
        table.rows = [r for r in table.rows if not (table.expand(r["subject_id"]) == iri and r["object_id"].startswith("mp:"))]
        table.rows.append({
            "subject_id": table.compact(iri), "subject_label": label, "predicate_id": "skos:closeMatch",
            "object_id": f"mp:{best.id}", "object_label": reduced, "mapping_justification": "semapv:LexicalMatching",
            "confidence": "0.5", "author_label": "heterokg link", "mapping_date": today, "reduced_formula": reduced,
            "phase_in_review": phase or "phase unspecified", "phase_of_entry": "", "space_group": best.space_group,
            "energy_above_hull": "" if best.e_above_hull is None else f"{best.e_above_hull:g}",
            "id_source": source, "reviewed": "false",
            "comment": f"candidate by the rule among {len(cache[reduced])} entries; review before setting reviewed=true",
        })
        report.append(f"{label}: {best.id} ({best.space_group}, {best.e_above_hull} eV/atom above hull)")
    return report


def run(endpoint: str | None, linkset_path: Path | None = None, graph: Path | None = None) -> list[str]:
    """Propose candidates for the materials of ``graph`` and write them into the linkset."""
    path = linkset_path or paths.curated_dir() / linkset.LINKS_FILE
    table = linkset.read(path)
    key = os.environ.get("MP_API_KEY")
    if key:
        base = endpoint or MP_API
        fetch, source = (lambda f: mp_api_entries(base, f, key)), f"Materials Project API {base}"
    else:
        base = endpoint or OPTIMADE
        fetch, source = (lambda f: optimade_entries(base, f)), f"Materials Project OPTIMADE {base}"
    report = propose(graph_materials(graph or paths.graph_file()), table, fetch, source)
    linkset.write(table, path)
    return report
