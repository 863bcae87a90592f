"""Mechanisms made specific by what they act on.

Reviews rarely name "polysulfide anchoring"; they write "strong adsorption toward LiPSs". The
ontology says which mechanisms act on which species (hkg:actsOn), which words signal a kind of
mechanism (hkg:cue) and which compounds are a species (hkg:formulaPattern), so a sentence's
species and cues name the specific mechanism without any list in the code.
"""

from __future__ import annotations

import re

from ..vocabulary import Vocabulary
from .terms import TermMatch


def species_of(formula: str, vocab: Vocabulary) -> str | None:
    """The species a compound is by its formula as written (Li2S6: a polysulfide), if any."""
    return next((c.local for c in vocab.concepts.get("species", {}).values()
                 if any(re.fullmatch(p, formula) for p in c.formula_patterns)), None)


def related_species(terms: list[TermMatch], vocab: Vocabulary) -> list[TermMatch]:
    """Species a sentence speaks of by naming their reaction ("the ORR" is about oxygen
    intermediates): the species/ concepts the ontology relates to a term's concept."""
    species = {c.iri: c.local for c in vocab.concepts.get("species", {}).values()}
    return [TermMatch("species", species[iri], t.start, t.end, t.surface) for t in terms if t.scheme != "species"
            for iri in vocab.concept(t.scheme, t.local).related if iri in species]


def _ancestors(vocab: Vocabulary, local: str) -> set[str]:
    """A mechanism and every concept above it."""
    out, todo = set(), [local]
    while todo:
        x = todo.pop()
        if x not in out and vocab.has("mechanism", x):
            out.add(x)
            todo.extend(vocab.concept("mechanism", x).broader)
    return out


def specific_mechanisms(terms: list[TermMatch], cues: list[TermMatch], vocab: Vocabulary) -> list[TermMatch]:
    """The sentence's terms with its mechanisms made as specific as the sentence allows.

    A species and a cue of a broader mechanism name the narrower mechanism that acts on that
    species: "strong adsorption toward LiPSs" is polysulfide anchoring, "accelerates the
    conversion of polysulfides" polysulfide conversion catalysis. The general mechanism that
    led there is then not claimed as well, and a grouping concept (one with narrower
    concepts, such as "ion transport" or "storage mechanism") is never a claim by itself.
    """
    mechanisms = vocab.concepts.get("mechanism", {})
    species = [t for t in terms if t.scheme == "species"]
    named = [t for t in terms if t.scheme == "mechanism"]
    spans = [(t.start, t.end) for t in species]
    modes = {c.local for c in cues if not any(a < c.end and c.start < b for a, b in spans)}
    for t in named:
        modes |= _ancestors(vocab, t.local)
    chosen: list[TermMatch] = []
    for t in species:
        acting = [c for c in mechanisms.values() if t.local in c.acts_on]
        fit = [c for c in acting if (_ancestors(vocab, c.local) - {c.local}) & modes]
        if not fit and len(acting) == 1 and modes:
            fit = acting
        chosen += [TermMatch("mechanism", c.local, t.start, t.end, t.surface) for c in fit]
    superseded = set()
    for c in chosen:
        parents = set(mechanisms[c.local].broader)
        superseded |= _ancestors(vocab, c.local) - {c.local}
        superseded |= {t.local for t in named if set(mechanisms[t.local].broader) & parents
                       and not mechanisms[t.local].acts_on}
    grouping = {b for c in mechanisms.values() for b in c.broader}
    kept = [t for t in terms if t.scheme != "mechanism"
            or (t.local not in superseded and t.local not in grouping)]
    return kept + [c for c in chosen if c.local not in {t.local for t in named}]
