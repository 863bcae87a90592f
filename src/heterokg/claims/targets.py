"""Mechanisms made specific by what they act on.

Reviews rarely name "polysulfide anchoring"; they write "strong adsorption toward LiPSs". The
ontology says which mechanisms act on which species (hkg:actsOn), which words signal a kind of
mechanism (hkg:cue) and which compounds are a species (hkg:formulaPattern), so a sentence's
species and cues name the specific mechanism without any list in the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import Vocabulary
from .terms import TermMatch


@dataclass(frozen=True)
class Targets:
    """What the ontology says about species and mechanisms, read once per vocabulary."""

    ancestors: dict[str, frozenset[str]]  # mechanism -> itself and every concept above it
    broader: dict[str, frozenset[str]]  # mechanism -> its direct broader concepts
    targeted: frozenset[str]  # mechanisms that act on a species
    acting: dict[str, tuple[str, ...]]  # species -> the mechanisms acting on it
    grouping: frozenset[str]  # mechanisms with narrower concepts
    patterns: tuple[tuple[re.Pattern, str], ...]  # formula pattern -> species
    related: dict[tuple[str, str], tuple[str, ...]]  # (scheme, concept) -> species it is related to

    @classmethod
    def of(cls, vocab: Vocabulary) -> "Targets":
        mechanisms = vocab.concepts.get("mechanism", {})
        species = vocab.concepts.get("species", {})
        by_iri = {c.iri: c.local for c in species.values()}

        def above(local: str) -> frozenset[str]:
            out, todo = set(), [local]
            while todo:
                x = todo.pop()
                if x not in out and x in mechanisms:
                    out.add(x)
                    todo.extend(mechanisms[x].broader)
            return frozenset(out)

        return cls(
            ancestors={m: above(m) for m in mechanisms},
            broader={m: frozenset(c.broader) for m, c in mechanisms.items()},
            targeted=frozenset(m for m, c in mechanisms.items() if c.acts_on),
            acting={s: tuple(m for m, c in mechanisms.items() if s in c.acts_on) for s in species},
            grouping=frozenset(b for c in mechanisms.values() for b in c.broader),
            patterns=tuple((re.compile(p), s) for s, c in species.items() for p in c.formula_patterns),
            related={(scheme, c.local): tuple(by_iri[i] for i in c.related if i in by_iri)
                     for scheme, concepts in vocab.concepts.items() for c in concepts.values()
                     if any(i in by_iri for i in c.related)},
        )

    def species_of(self, formula: str) -> str | None:
        """The species a compound is by its formula as written (Li2S6: a polysulfide), if any."""
        return next((s for p, s in self.patterns if p.fullmatch(formula)), None)

    def related_species(self, terms: list[TermMatch]) -> list[TermMatch]:
        """Species a sentence speaks of by naming their reaction ("the ORR" is about oxygen
        intermediates): the species/ concepts the ontology relates to a term's concept."""
        return [TermMatch("species", s, t.start, t.end, t.surface)
                for t in terms for s in self.related.get((t.scheme, t.local), ())]

    def specific_mechanisms(self, terms: list[TermMatch], cues: list[TermMatch]) -> list[TermMatch]:
        """The sentence's terms with its mechanisms made as specific as the sentence allows.

        A species and a cue of a broader mechanism name the narrower mechanism that acts on
        that species: "strong adsorption toward LiPSs" is polysulfide anchoring, "accelerates
        the conversion of polysulfides" polysulfide conversion catalysis. The general mechanism
        that led there is then not claimed as well, and a grouping concept (one with narrower
        concepts, such as "ion transport" or "storage mechanism") is never a claim by itself.
        """
        species = [t for t in terms if t.scheme == "species"]
        named = [t for t in terms if t.scheme == "mechanism"]
        spans = [(t.start, t.end) for t in species]
        modes = {c.local for c in cues if not any(a < c.end and c.start < b for a, b in spans)}
        for t in named:
            modes |= self.ancestors[t.local]
        chosen: list[TermMatch] = []
        for t in species:
            acting = self.acting.get(t.local, ())
            fit = [m for m in acting if (self.ancestors[m] - {m}) & modes]
            if not fit and len(acting) == 1 and modes:
                fit = list(acting)
            chosen += [TermMatch("mechanism", m, t.start, t.end, t.surface) for m in fit]
        superseded = set()
        for c in chosen:
            superseded |= self.ancestors[c.local] - {c.local}
            superseded |= {t.local for t in named if self.broader[t.local] & self.broader[c.local]
                           and t.local not in self.targeted}
        kept = [t for t in terms if t.scheme != "mechanism"
                or (t.local not in superseded and t.local not in self.grouping)]
        named_locals = {t.local for t in named}
        return kept + [c for c in chosen if c.local not in named_locals]
