"""Named materials of a class: "g-C3N4", "ZIF-8" and "polyimide" are one material each;
"MXenes", "heterostructure electrode materials" and "SEI film" speak of a class.

Why: a claim about one named material is filed under the material-class concept it belongs to
(a curator has no other place for a polymer without a formula), and a concept cannot be found
as a material: "which polymers are claimed to ..." or "what is claimed for g-C3N4" miss it. The
rule tells the two apart from the printed name and the ontology's own words; nothing here lists
materials.

A name filed under a class names one material when

1. its head (the last word outside brackets) is not plural ("heterostructures", "EHs", "films")
   and it says no "X-based", "X-type" or "X-like", which name a family; and
2. it holds notation that no concept of the ontology uses as a word: an acronym or a formula
   (two capitals in one word: "PA", "HsGDY", "ZIF-8", "COP-CMC", "g-C3N4", "ZnP") or elements
   joined by a hyphen ("Mg-Al"), where "SEI" in "SEI film", "LDH" or "MOF" are the ontology's
   words; or it is one word poly… that is no label ("polyimide", not "polymer").

A subject the extractor read as a word of its class (a label, or the review's acronym for the
class: "EH" for "epitaxial heterostructure") is the class however it is spelt
(``Material.class_word``).
"""

from __future__ import annotations

import re

from ..normalise.formula import parse_formula
from ..vocabulary import Vocabulary
from .model import Material
from .terms import WORD

__all__ = ["NamedMaterials", "names_one_material", "vocabulary_words"]

#: The words of a name: what whitespace, brackets and list punctuation separate.
_TOKEN = re.compile(r"[^\s()\[\],;:]+")
#: Parts of a word that hyphens, dashes and slashes join ("COP-CMC", "Mg-Al", "g-C3N4").
_JOINERS = re.compile(r"[-‐‑–/]")
#: "Mn-based", "alloy-type", "graphene-like": a family, not one material.
_FAMILY = re.compile(r"[-‐‑–](?:based|type|like)\b", re.I)
#: A plural head: "materials", "EHs", "CNTs"; not "gas", "-us", "-is".
_PLURAL = re.compile(r"(?<![suiSUI])s$")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def vocabulary_words(vocab: Vocabulary) -> frozenset[str]:
    """The ontology's own words, in lower case, which name no particular material: every word
    of the material classes' labels and their local names ("SEI", "LDH", "MOF", "polymer"), and
    every one-word label of any concept ("SIB", "polysulfides"). Words inside other schemes'
    longer labels are not among them: "ZIF-8-derived" (a synthesis) does not make ZIF-8 a word."""
    classes = vocab.concepts.get("materialclass", {}).values()
    words = {c.local.lower() for c in classes}
    words.update(w.lower() for c in classes for label in c.labels for w in WORD.findall(label))
    words.update(label.lower() for concepts in vocab.concepts.values() for c in concepts.values()
                 for label in c.labels if not any(ch.isspace() for ch in label))
    return frozenset(words)


def names_one_material(name: str, words: frozenset[str]) -> bool:
    """Does ``name``, filed under a material class, name one material rather than the class?
    ``words`` are the ontology's own (:func:`vocabulary_words`)."""
    if _FAMILY.search(name) or _plural(_head(name)):
        return False
    return _poly_word(name, words) or any(_is_notation(t, words) for t in _TOKEN.findall(name))


def _head(name: str) -> str:
    """The last word outside brackets: "carbon materials (hard carbon, graphene)" → materials."""
    words = _BRACKETED.sub(" ", name).split() or name.split()
    return words[-1].strip(".,;:") if words else ""


def _plural(head: str) -> bool:
    return len(head) > 2 and bool(_PLURAL.search(head))


def _own(word: str, words: frozenset[str]) -> bool:
    """A word of the ontology, or its plural ("MOFs", "SEIs")."""
    w = word.lower()
    return w in words or (w.endswith("s") and w[:-1] in words)


def _is_notation(token: str, words: frozenset[str]) -> bool:
    """An acronym or formula the ontology does not use: a part with two capitals ("ZIF",
    "C3N4", "HsGDY"), or parts that together read as a formula of two or more elements ("Mg-Al")."""
    parts = [p for p in _JOINERS.split(token) if p]
    if any(sum(c.isupper() for c in p) >= 2 and not _own(p, words) for p in parts):
        return True
    if len(parts) < 2 or any(_own(p, words) for p in parts):
        return False
    info = parse_formula("".join(parts))
    return info is not None and sum(1 for n in info.composition.values() if n) >= 2


def _poly_word(name: str, words: frozenset[str]) -> bool:
    """One word poly… that is not the ontology's ("polyimide", "polyamide"; not "polymeric")."""
    word = name.strip()
    return (len(word) > len("poly") and not any(c.isspace() for c in word)
            and word.lower().startswith("poly") and not _own(word, words))


class NamedMaterials:
    """The rule with one ontology's words, as a test on a claim's material, and the OWL class a
    named material of each class concept is typed with."""

    def __init__(self, vocab: Vocabulary):
        self._vocab = vocab
        self._words = vocabulary_words(vocab)

    def __call__(self, material: Material) -> bool:
        """Is this subject one named material of its class (False for any other subject)?"""
        return (material.material_class is not None and not material.class_word
                and names_one_material(material.name, self._words))

    def node_class(self, material_class: str) -> str | None:
        """The IRI of the OWL class of the concept (hkg:materialNodeClass), or of its nearest
        broader concept that has one; None if neither has."""
        seen: set[str] = set()
        todo = [material_class]
        while todo:
            local = todo.pop(0)
            if local in seen or not self._vocab.has("materialclass", local):
                continue
            seen.add(local)
            concept = self._vocab.concept("materialclass", local)
            if concept.node_class:
                return concept.node_class
            todo.extend(concept.broader)
        return None
