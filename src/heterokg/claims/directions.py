"""Effects written as a change in a quality: "improved the electrical conductivity",
"Na+ diffusion was accelerated", "alleviated the volume expansion", "lower polarization".

Reviews name an effect by pairing any verb or adjective of change with the quality it
changes, far more ways than labels can list. The ontology gives each effect the qualities it
raises and the burdens it lowers (``hkg:raises``, ``hkg:lowers``); this module finds them
by their labels' stems and claims the effect when a word of the matching direction governs
them in the same clause. The opposite direction ("low conductivity", "large volume
expansion") is a problem, not the effect, and names nothing. The words of direction are
plain English, not the field's vocabulary, so they live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import Vocabulary
from .terms import WORD, TermMatch, TermMatcher

_UP = re.compile(
    r"(?:(?:improv|enhanc|increas|boost|promot|acceler|facilit|strengthen|optimi[sz]|heighten|rais|"
    r"high|excellent|good|better|best|superior|outstanding|remarkabl|fast|rapid|quick|swift|strong|"
    r"large|abundant|rich|great|efficient|exceptional|expos|elevat|ultrahigh|ultrafast|benefi|favou?r|"
    r"facile|maximi)\w*|more)$", re.I)
_DOWN = re.compile(
    r"(?:reduc|lower|low|decreas|small|minim|allevia|mitiga|reliev|suppress|inhibit|restrain|prevent|"
    r"avoid|shorten|buffer|accommodat|less|fewer|curb|weaken|eliminat|narrow|diminish|limit)\w*$", re.I)
#: What ends the reach of a word of direction: the end of a clause or a new one beginning.
_CLAUSE = re.compile(r"[.;:()\[\]]|\b(?:which|that|while|whereas|but|because|due|owing|thanks|although)\b", re.I)
#: After its quality a word of direction is a verb ("diffusion was accelerated", "resistance
#: decreases"); an adjective there describes the next noun ("slow kinetics and large volume expansion").
_VERB = re.compile(r"(?:ed|es)$")
_VALUE_AFTER = re.compile(r"\s*(?:[(:]|of\b|up to\b|reaching\b)?\s*(?:up to\s*|over\s*|about\s*|~\s*)?\d")
#: How many words a word of direction may stand before its quality ("improved the electrical
#: conductivity", "enhanced the stability of ...") or after it ("diffusion was greatly accelerated").
_BEFORE, _AFTER = 4, 4


class DirectionMatcher:
    """Effects named by a direction and the quality it changes."""

    def __init__(self, vocab: Vocabulary):
        self._raises = TermMatcher(vocab, ("effect",), wordings=lambda c: c.raises)
        self._lowers = TermMatcher(vocab, ("effect",), wordings=lambda c: c.lowers)

    def find(self, text: str, taken: list[TermMatch] = ()) -> list[TermMatch]:
        """Effects in ``text`` outside the spans of terms already found (a label wins)."""
        found = []
        qualities = [(q, _UP) for q in self._raises.find(text)] + [(q, _DOWN) for q in self._lowers.find(text)]
        # the longest quality first, so that "diffusion barrier" (lowered) hides "diffusion" (raised)
        qualities.sort(key=lambda x: x[0].start - x[0].end)
        spans = [(t.start, t.end) for t in taken]
        for q, direction in qualities:
            if any(s < q.end and q.start < e for s, e in spans):
                continue
            spans.append((q.start, q.end))
            start = _governed(text, q, direction)
            if start is not None:
                lo, hi = min(start, q.start), max(start, q.end)
                found.append(TermMatch("effect", q.local, lo, hi, text[lo:hi]))
        return sorted(found, key=lambda t: t.start)


def _governed(text: str, quality: TermMatch, direction: re.Pattern[str]) -> int | None:
    """Where the word of ``direction`` that governs ``quality`` starts, if one does."""
    before = _clause_tail(text[:quality.start])
    for m in reversed(list(WORD.finditer(before))[-_BEFORE:]):
        if direction.match(m.group(0)):
            return quality.start - len(before) + m.start()
    after = _clause_head(text[quality.end:])
    for m in list(WORD.finditer(after))[:_AFTER]:
        if direction.match(m.group(0)) and _VERB.search(m.group(0)):
            return quality.end + m.start()
    return None


def _clause_tail(text: str) -> str:
    found = list(_CLAUSE.finditer(text))
    return text[found[-1].end():] if found else text


def _clause_head(text: str) -> str:
    m = _CLAUSE.search(text)
    return text[:m.start()] if m else text


def given_with_value(text: str, term: TermMatch) -> bool:
    """Whether an effect is stated with its value ("high theoretical capacity (1022 mAh g-1)",
    "excellent rate capability (up to 654.8 mAh g-1)", "a capacity of 1167 mA h g-1"): then it
    is a measurement, which the measurement reader claims, not a bare effect."""
    return bool(_VALUE_AFTER.match(text, term.end))


#: Words that say which conductivity is meant: ions' ("ionic", "Li-ion", "Na +": a cation
#: with its charge, however the PDF spaced it) or electrons' ("electronic", "electrical").
_CONDUCTIVITY = re.compile(r"(?:\b(?P<ion>ionic|ion|[A-Z][a-z]?[- ]ion)|(?P<cation>\b[A-Z][a-z]?\s?\+)|\b(?P<electron>"
                           r"electronic|electrical|electron))[\s-]+conductivit", re.I)
_BARE = re.compile(r"conductivit", re.I)


@dataclass(frozen=True)
class ConductivitySense:
    """Which effect a conductivity names: the ontology's effects that raise the electronic
    and the ionic one, and what a document means when it does not say (one sense per document)."""
    electronic: str | None
    ionic: str | None
    bare_is_ionic: bool = False

    def read(self, terms: list[TermMatch]) -> list[TermMatch]:
        """``terms`` with each effect the ontology reads as a higher electronic conductivity
        read as the ionic one where the words say so ("higher Na + conductivity", which a
        PDF's spacing hides from the label "Na+ conductivity") or leave it to the document
        and the document means ions."""
        if not (self.electronic and self.ionic):
            return terms
        return [TermMatch(t.scheme, self.ionic, t.start, t.end, t.surface) if self._ionic(t) else t for t in terms]

    def _ionic(self, t: TermMatch) -> bool:
        if t.scheme != "effect" or t.local != self.electronic or not _BARE.search(t.surface):
            return False
        said = _CONDUCTIVITY.search(t.surface)
        return not said.group("electron") if said else self.bare_is_ionic


def conductivity_sense(text: str, vocab: Vocabulary) -> ConductivitySense:
    """How a document words its conductivities. One that qualifies them as ionic more often
    than as electronic (a paper on solid electrolytes) means the ionic one by "higher
    conductivity"; elsewhere (a review of electrode heterostructures) the ontology's own
    reading, the electronic one, holds."""
    said = [m.group("electron") is None for m in _CONDUCTIVITY.finditer(text)]
    return ConductivitySense(_raising(vocab, "electronic conductivity"), _raising(vocab, "ionic conductivity"),
                             sum(said) > len(said) - sum(said))


def _raising(vocab: Vocabulary, quality: str) -> str | None:
    """The effect whose hkg:raises names ``quality``."""
    return next((c.local for c in vocab.concepts.get("effect", {}).values() if quality in c.raises), None)
