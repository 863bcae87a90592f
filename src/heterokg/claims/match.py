"""When is a machine claim the same claim as a curated one?

One definition serves two purposes: the build links a machine claim to the curated claim it
reproduces instead of adding a duplicate, and the evaluation counts those links as hits.
Two claims match when they come from the same place in the same document (overlapping
evidence), say the same thing (same key concept, or the same metric and value) and are
about the same subject.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .model import Claim


def key(claim: Claim) -> tuple:
    """What a claim asserts, independent of its subject and wording."""
    if claim.kind == "mechanism":
        return ("mechanism", claim.mechanism)
    if claim.kind == "effect":
        return ("effect", claim.effect)
    if claim.kind in ("performance", "property"):
        # three significant digits: conductivities of 1e-3 and 7.9e-8 S/cm must not share a key
        value = float(f"{claim.quantity.value:.3g}") if claim.quantity else None
        return ("measurement", claim.metric, value)
    if claim.kind == "synthesis":
        return ("synthesis", claim.synthesis)
    if claim.kind == "application":
        return ("application", claim.system, claim.role)
    return ("interface", claim.interface_type)


def name_key(s: str) -> str:
    """A material name compared without case, spacing or punctuation ("MoS2/ZnIn2S4" = "mos2znin2s4")."""
    return re.sub(r"[^0-9a-z]", "", s.lower())


@lru_cache(maxsize=4096)
def _reduced(formula: str | None) -> str | None:
    from ..normalise.formula import parse_formula

    info = parse_formula(formula) if formula else None
    return info.reduced_formula if info is not None else None


def same_subject(a: Claim, b: Claim) -> bool:
    if a.material.material_class or b.material.material_class:
        return a.material.material_class == b.material.material_class
    x, y = name_key(a.material.name), name_key(b.material.name)
    if not x or not y:
        return False
    if x == y:
        return True
    reduced = _reduced(a.material.formula)
    if reduced is not None and reduced == _reduced(b.material.formula):
        return True  # "sulfur" (S) and "S8", "MoS2" and "Mo2S4"
    # "MoS2" is the subject of "MoS2 nanosheets"; an element is that of "Na metal" or "Zn
    # anode", but not of "Na3SbS4" or "LiPON": a name of one or two characters contains
    # another only as its first word
    (short, short_name), (long_, long_name) = sorted(((x, a.material.name), (y, b.material.name)),
                                                     key=lambda k: len(k[0]))
    if len(short) > 2 and short in long_:
        return True
    if short and re.match(rf"{re.escape(short_name.strip())}[\s\-]+[a-z]", long_name.strip()):
        return True
    ca = {name_key(c) for c in a.material.components} or {x}
    cb = {name_key(c) for c in b.material.components} or {y}
    return bool(ca & cb) and (len(ca) > 1) == (len(cb) > 1)


def overlaps(a: Claim, b: Claim) -> bool:
    ea, eb = a.evidence, b.evidence
    return ea.document == eb.document and ea.start < eb.end and eb.start < ea.end


def matches(machine: Claim, curated: Claim) -> bool:
    return key(machine) == key(curated) and overlaps(machine, curated) and same_subject(machine, curated)


def by_key(claims: list[Claim]) -> dict[tuple, list[Claim]]:
    """Claims grouped by what they assert: a claim can match only one of the same key."""
    out: dict[tuple, list[Claim]] = {}
    for c in claims:
        out.setdefault(key(c), []).append(c)
    return out


def unmatched(machine: list[Claim], curated: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """Machine claims no curated claim matches, and curated claims no machine claim matches."""
    machine_by_key, curated_by_key = by_key(machine), by_key(curated)
    extra = [m for m in machine if not any(matches(m, c) for c in curated_by_key.get(key(m), ()))]
    missed = [c for c in curated if not any(matches(m, c) for m in machine_by_key.get(key(c), ()))]
    return extra, missed


def find_match(machine: Claim, curated: list[Claim]) -> Claim | None:
    return next((c for c in curated if matches(machine, c)), None)


def link_to_curated(machine: list[Claim], curated: list[Claim]) -> list[Claim]:
    """Curated claims, plus machine claims that no curated claim already holds.

    A matched machine claim is not emitted again; the curated claim records that the
    extractor found it too (``matches`` on the machine side, kept for evaluation). One that
    says the same thing from the same place about another subject is emitted with ``matches``
    naming the curated claim (``hkg:matchesCurated``).
    """
    out = list(curated)
    confirmed = {}
    curated_by_key = by_key(curated)
    for m in machine:
        same_key = curated_by_key.get(key(m), [])
        hit = find_match(m, same_key)
        if hit is not None:
            confirmed.setdefault(hit.id, m)
            continue
        # the same concept or value read from the same place, under another subject: most often
        # the extractor's wrong subject for the curated claim; kept, but linked to it, so that
        # views and counts that leave matched machine claims out leave it out too
        twin = next((c for c in same_key if overlaps(m, c)), None)
        out.append(replace(m, matches=twin.id) if twin is not None else m)
    return [replace(c, extractor=confirmed[c.id].extractor) if c.id in confirmed else c for c in out]
