"""Find the ontology's concepts in running text by their labels and synonyms.

Labels are matched on word boundaries. Short all-capital abbreviations (BIEF, IEF, SIB) are
matched case-sensitively so that an acronym never fires inside ordinary words; longer
labels ignore case and tolerate the hyphen/space variation of OCR'd text
("built-in electric field", "built in electric field", "built‑in electric-field").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import Vocabulary


@dataclass(frozen=True)
class TermMatch:
    scheme: str
    local: str
    start: int
    end: int
    surface: str


def _label_pattern(label: str) -> str:
    parts = re.split(r"[\s\-‐‑–]+", label.strip())
    return r"[\s\-‐‑–]*".join(re.escape(p) for p in parts if p)


def _is_acronym(label: str) -> bool:
    return len(label) <= 6 and any(c.isupper() for c in label[1:]) and " " not in label


class TermMatcher:
    """All concepts of the given schemes, longest label first so "nucleation overpotential" beats "overpotential"."""

    def __init__(self, vocab: Vocabulary, schemes: tuple[str, ...]):
        entries: list[tuple[str, str, str]] = []
        for scheme in schemes:
            for c in vocab.concepts.get(scheme, {}).values():
                for label in c.labels:
                    if len(label) >= 2:
                        entries.append((label, scheme, c.local))
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
        self._lookup_ci: dict[str, tuple[str, str]] = {}
        self._lookup_cs: dict[str, tuple[str, str]] = {}
        ci, cs = [], []
        for label, scheme, local in entries:
            key = _norm(label)
            if _is_acronym(label):
                self._lookup_cs.setdefault(key, (scheme, local))
                cs.append(_label_pattern(label))
            else:
                self._lookup_ci.setdefault(key.lower(), (scheme, local))
                ci.append(_label_pattern(label))
        # Plurals ("built-in electric fields", "heterointerfaces") without listing them all.
        self._ci = re.compile(r"(?<![\w-])(?:" + "|".join(ci) + r")(?:e?s)?(?![\w])", re.I) if ci else None
        self._cs = re.compile(r"(?<![\w-])(?:" + "|".join(cs) + r")(?![\w])") if cs else None

    def find(self, text: str) -> list[TermMatch]:
        found: list[TermMatch] = []
        taken: list[tuple[int, int]] = []
        for rx, table, lower in ((self._ci, self._lookup_ci, True), (self._cs, self._lookup_cs, False)):
            if rx is None:
                continue
            for m in rx.finditer(text):
                key = _norm(m.group(0))
                key = key.lower() if lower else key
                hit = table.get(key)
                if hit is None and lower:
                    hit = table.get(key[:-1]) if key.endswith("s") else None
                    if hit is None and key.endswith("es"):
                        hit = table.get(key[:-2])
                if hit is None or any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found.append(TermMatch(hit[0], hit[1], m.start(), m.end(), m.group(0)))
        found.sort(key=lambda t: t.start)
        return found


def _norm(label: str) -> str:
    return " ".join(re.split(r"[\s\-‐‑–]+", label.strip()))
