"""Materials named by their family: "sulfide SEs", "close-packed halides", "oxide cathodes",
"garnets", "NASICON-type conductors".

Why: research papers compare their material with whole families ("higher than sulfide SEs
(10-30 mS/cm)", "close-packed halides lose their superionic conductivity at 60 °C"), and a
reader files such a value or mechanism under the family, not under whichever formula the
sentence also names. A formula finder cannot see them: they hold no formula.

A family is named by chemistry, not by a list of materials:

* an anion family (the "-ide" name of a non-metal, derived from the element's name:
  chlorine → chloride, sulfur → sulfide; the group names halide, chalcogenide and pnictide;
  "oxy-"/"thio-" mixed anions: oxychloride), followed by a head noun that says what kind of
  material ("electrolytes", "SEs", "conductors", "cathodes") or standing alone in the plural
  ("halides");
* a crystal-structure prototype of the textbooks ("garnet", "perovskite", "NASICON",
  "argyrodite"), alone or as "X-type", with or without a head noun.

One hyphenated modifier before it is kept ("close-packed", "solid-state"): it tells one
family from another. A family word followed directly by a formula is an apposition ("the
halide Li3YCl6", "argyrodite Li6PS5Cl"): the formula is the material, not the family.

A family whose words are a label of one of the ontology's material classes ("oxides",
"sulfides") is left to the concept (the extractor reads it as that class, see ``extract``);
one with a head noun ("sulfide SEs") names electrolytes or cathodes of that chemistry, which no
class of the ontology holds: it keeps its printed name, as labellers write it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import periodictable

from .model import Material
from .terms import TermMatcher

#: Elements that form "-ide" anions in battery materials (the non-metals and metalloids of
#: groups 13-17 and hydrogen).
_ANION_ELEMENTS = ("H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "As", "Se", "Br", "Sb", "Te", "I")
#: How an element's name loses its ending before "-ide": oxygen → ox, chlorine → chlor,
#: phosphorus → phosph, sulfur → sulf, carbon → carb, arsenic → arsen, antimony → antimon.
_NAME_ENDING = re.compile(r"(?:ygen|ogen|ine|ium|orus|ur|on|ic|y)$")
#: Group names of anions.
_GROUPS = ("halide", "chalcogenide", "pnictide")
#: Crystal-structure prototypes that name families of ion conductors and electrodes (textbook
#: solid-state chemistry).
_PROTOTYPES = (r"garnets?", r"(?:anti-?)?perovskites?", r"spinels?", r"olivines?", r"NASICONs?", r"(?:thio-?)?LISICONs?",
               r"argyrodites?", r"(?:β|beta)[\s-]*aluminas?", r"fluorites?", r"pyrochlores?")
#: What a family names: electrolytes, conductors, electrodes, compounds.
_HEAD = (r"(?:solid[\s-]+(?:state[\s-]+)?)?electrolytes?|S?SEs?|(?:superionic\s+|ionic\s+|ion\s+)?conductors?|"
         r"compounds?|materials?|cathodes?|anodes?|glass(?:es)?|glass-ceramics?|ceramics?|frameworks?")
#: One hyphenated modifier: "close-packed", "non-close-packed", "solid-state", "corner-sharing".
_MODIFIER = r"(?:(?:non-)?[a-z]+-[a-z]+\s+)?"
#: A formula or an acronym right after the family word: an apposition ("the halide Li3YCl6").
_APPOSITION = re.compile(r"\s*(?:\(\s*)?[A-Z][A-Za-z]*\d|\s+[A-Z]{2,}")


def _ide(symbol: str) -> str:
    """The "-ide" stem of an element's name: chlorine → chlorid, sulfur → sulfid."""
    name = periodictable.elements.symbol(symbol).name
    return _NAME_ENDING.sub("", name) + "id"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """One pattern for every family: modifier, family word, head noun."""
    stems = sorted({_ide(s) for s in _ANION_ELEMENTS} | {g[:-1] for g in _GROUPS}, key=len, reverse=True)
    stems = [s.replace("sulfid", "sul(?:f|ph)id") for s in stems]
    anion = rf"(?:oxy|thio)?(?:{'|'.join(stems)})e"
    prototype = "|".join(_PROTOTYPES)
    return re.compile(
        rf"(?<![\w-])(?P<modifier>{_MODIFIER})(?:"
        rf"(?P<anion>{anion})(?:s(?![\w-])|\s+(?P<head>{_HEAD})(?![\w-]))"
        rf"|(?P<prototype>{prototype})(?:-type)?(?:\s+(?P<phead>{_HEAD}))?(?![\w-]))",
        re.I)


def find_families(text: str, matcher: TermMatcher) -> list[tuple[int, int, Material]]:
    """Where ``text`` names a family of materials the ontology has no class for, as (start,
    end, material); ``matcher`` finds the ontology's material classes."""
    out = []
    for m in _pattern().finditer(text):
        if _APPOSITION.match(text, m.end()) or _ontology_class(m, matcher):
            continue
        out.append((m.start(), m.end(), Material(name=m.group(0), class_word=True)))
    return out


def _ontology_class(m: re.Match, matcher: TermMatcher) -> bool:
    """Is this a bare plural family ("sulfides") that is a label of a material class?"""
    if not m.group("anion") or m.group("head"):
        return False
    word = m.group(0)[m.start("anion") - m.start():]
    return any(t.scheme == "materialclass" and t.start == 0 and t.end == len(word) for t in matcher.find(word))
