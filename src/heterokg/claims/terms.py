"""Find the ontology's concepts in running text by their labels and synonyms.

Labels are compared word by word on Snowball stems, so one label covers the inflections
prose uses ("buffering", "buffers"; "sodiophilic" and "sodiophilicity"; "heterointerfaces")
without the ontology listing them; process nouns are kept apart from the materials they
are made from ("carbonization" is not "carbon"). Words may be
joined by spaces, line breaks or any hyphen, as OCR'd text joins them ("built-in electric
field", "built in electric-field"). Short all-capital abbreviations (BIEF, IEF, SIB) are
compared case-sensitively, plural "s" allowed, so that an acronym never fires inside
ordinary words. Where labels overlap, the longest wins ("nucleation overpotential" over
"overpotential"); a concept's false friends ("tunnel structure" for quantum tunnelling) are
matched the same way and name nothing, so they hide the shorter label inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import snowballstemmer

from ..vocabulary import Concept, Vocabulary

#: A word as labels and texts are split into (letters and digits, any script).
WORD = re.compile(r"[^\W_]+")
#: What may stand between two words of one label.
_JOINER = re.compile(r"[\s\-‐‑–]*")
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class TermMatch:
    scheme: str
    local: str
    start: int
    end: int
    surface: str


#: Snowball also strips derivational endings, which in chemistry turn a material into a
#: process ("carbon" → "carbonization", "sulfide" → "sulfidation"). Those stay apart.
#: A compound's name ends in "-ide(s)" ("sulfides"), its process in "-idation", "-ided" or "-iding".
_PROCESS = re.compile(r"(?:iz|is)(?:ations?|e[ds]?|ing)$|id(?:ations?|ed|ing)$")
_COMPOUND = re.compile(r"ides?$")
_PARTICIPLE = re.compile(r"(?:ing|ed)$", re.I)
#: An adjective in "-ic(al)" is not the noun its stem shares: "anodic stability" and "a cathodic
#: scan" name no anode or cathode. Such a word of a text matches a label's word only where a
#: label has the "-ic" form there too ("kinetic" stands for "kinetics"); a noun may still stand
#: for a label's adjective ("electron coupling").
_ADJECTIVE = re.compile(r"ic(?:al)?(?:ly)?s?$", re.I)


def _adjectives(words) -> tuple[bool, ...]:
    return tuple(bool(_ADJECTIVE.search(w)) for w in words)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's Snowball stem, with a process noun kept apart from its material (see above)."""
    w = word.lower()
    mark = "~process" if _PROCESS.search(w) else "~compound" if _COMPOUND.search(w) else ""
    return _STEMMER.stemWord(w) + mark


def stems(text: str) -> set[str]:
    """The stems of a text's ordinary words: lower-case words of three or more letters (a
    formula, an acronym or a capitalised name is a material or a paper's own term, which a
    model of any paper must not learn)."""
    return {stem(w) for w in WORD.findall(text) if len(w) >= 3 and w.isalpha() and w.islower()}


def is_acronym(label: str) -> bool:
    """Short labels with capitals after the first letter (BIEF, SIB, ICE) are abbreviations."""
    return len(label) <= 6 and any(c.isupper() for c in label[1:]) and " " not in label


def _acronym_key(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word


class TermMatcher:
    """All concepts of the given schemes, found by their labels' word stems."""

    def __init__(self, vocab: Vocabulary, schemes: tuple[str, ...],
                 wordings: Callable[[Concept], tuple[str, ...]] = lambda c: c.labels):
        """``wordings`` picks what to match of each concept: its labels, or its cues."""
        entries: list[tuple[str, str, str]] = []
        for scheme in schemes:
            for c in vocab.concepts.get(scheme, {}).values():
                entries.extend((label, scheme, c.local) for label in wordings(c) if len(label) >= 2)
                entries.extend((wording, "", "") for wording in c.false_friends)
        # Longest label first, so that of two concepts sharing a stemmed label the more
        # specific wording's concept is kept; then by text for a stable choice.
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
        self._stemmed: dict[tuple[str, ...], tuple[str, str]] = {}
        self._acronyms: dict[tuple[str, ...], tuple[str, str]] = {}
        for label, scheme, local in entries:
            words = tuple(WORD.findall(label))
            if not words:
                continue
            if is_acronym(label):
                self._acronyms.setdefault(words, (scheme, local))
            else:
                self._stemmed.setdefault(tuple(stem(w) for w in words), (scheme, local))
        # a route labelled only by a participle ("dipping", "immersed") is a process done to a
        # material; the noun its stem shares ("dips in the potential profile") is not. (Other
        # schemes' verbs keep every form: "X binds polysulfides" is binding.)
        forms: dict[tuple[str, ...], set[bool]] = {}
        for label, scheme, _ in entries:
            words = tuple(WORD.findall(label))
            if scheme == "synthesis" and len(words) == 1 and not is_acronym(label):
                forms.setdefault((stem(words[0]),), set()).add(bool(_PARTICIPLE.search(words[0])))
        self._participles = {k for k, seen in forms.items() if seen == {True}}
        # which words of each stemmed label are "-ic" adjectives in some label sharing its stems
        self._adjective_at: dict[tuple[str, ...], tuple[bool, ...]] = {}
        for label, _, _ in entries:
            words = tuple(WORD.findall(label))
            if words and not is_acronym(label):
                key, seen = tuple(stem(w) for w in words), _adjectives(words)
                known = self._adjective_at.get(key, (False,) * len(key))
                self._adjective_at[key] = tuple(a or b for a, b in zip(known, seen))
        self._longest = max((len(k) for k in (*self._stemmed, *self._acronyms)), default=0)
        # most words begin no label: one set lookup skips them
        self._first_stems = {k[0] for k in self._stemmed}
        self._first_acronyms = {k[0] for k in self._acronyms}

    def find(self, text: str) -> list[TermMatch]:
        tokens = [m for m in WORD.finditer(text)]
        word_stems = [stem(t.group(0)) for t in tokens]
        keys = [_acronym_key(t.group(0)) for t in tokens]
        # joined[i]: token i and i+1 stand next to each other, as the words of a label do.
        joined = [_JOINER.fullmatch(text, tokens[i].end(), tokens[i + 1].start()) is not None
                  for i in range(len(tokens) - 1)]
        found: list[TermMatch] = []
        i = 0
        while i < len(tokens):
            hit = self._longest_at(i, tokens, word_stems, keys, joined)
            if hit is None:
                i += 1
                continue
            n, (scheme, local) = hit
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            if scheme:  # a false friend names nothing
                found.append(TermMatch(scheme, local, start, end, text[start:end]))
            i += n
        return found

    def _longest_at(self, i, tokens, word_stems, keys, joined):
        if word_stems[i] not in self._first_stems and keys[i] not in self._first_acronyms:
            return None
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            if n > 1 and not all(joined[i:i + n - 1]):
                continue
            hit = self._acronyms.get(tuple(keys[i:i + n]))
            if hit is None:
                hit = self._stemmed.get(tuple(word_stems[i:i + n]))
                if hit is not None and any(a and not b for a, b in zip(
                        _adjectives(t.group(0) for t in tokens[i:i + n]), self._adjective_at[tuple(word_stems[i:i + n])])):
                    hit = None
            if hit is not None and n == 1 and (word_stems[i],) in self._participles \
                    and not _PARTICIPLE.search(tokens[i].group(0)):
                return None
            if hit is not None:
                return n, hit
        return None
