"""Which division of a paper (introduction, methods, results, ...) each paragraph belongs to.

A paragraph's section is the nearest heading above it, most often a subsection
("Electrochemical characterization", "Synthesis of Li3YCl6"), which says nothing of whether
its values are the paper's findings or its methods' settings. The division is what a reader
knows from the top-level heading the subsection sits under: methods report settings, an
introduction reports cited work, results and discussion report findings. Read from the
headings' wording alone (the IMRaD names journals print, numbered or not), never from a
paper's topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Paragraph

__all__ = ["division_of", "divisions", "genre"]

#: Heading openings that name a division, in the order they are tried ("results and
#: discussion" is results; "summary and outlook" a conclusion before "summary" an abstract).
_DIVISIONS = (
    ("conclusion", ("conclusion", "summary and outlook", "outlook", "perspective")),
    ("front", ("abstract", "summary", "highlights", "graphical abstract", "in brief", "keywords")),
    ("introduction", ("introduction", "background")),
    ("methods", ("materials and methods", "methods", "experimental", "methodology",
                 "computational details", "computational methods", "experimental procedures")),
    ("results", ("results",)),
    ("discussion", ("discussion",)),
    ("back", ("references", "acknowledgement", "acknowledgment", "data availability",
              "code availability", "conflict of interest", "conflicts of interest",
              "author contributions", "supplementary", "notes", "funding")),
)
_OPENINGS = [(name, re.compile(rf"{re.escape(o)}s?(?: |$)")) for name, openings in _DIVISIONS
             for o in openings]
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+|\s+\d+(?:\.\d+)*\.?\s*$")
_TOP_NUMBER = re.compile(r"^\s*\d+\.?\s+\S")  # "2. Synthesis strategies", not "2.1 Direct ..."


def division_of(heading: str) -> str | None:
    """The division a heading names, or None for a topical heading."""
    h = re.sub(r"\s+", " ", _NUMBERING.sub("", heading.replace("*", " "))).strip(" .:").lower()
    for name, opening in _OPENINGS:
        if opening.match(h):
            return name
    return None


def divisions(paragraphs: Sequence[Paragraph]) -> list[str]:
    """Each paragraph's division ("" before any heading names one). A heading that names none
    is a subsection of the division above it, except after an introduction (introductions have
    no subsections in research papers; a review's topical sections follow its introduction) and
    when it is numbered as a top-level section ("2. Synthesis strategies"): both open the body."""
    out: list[str] = []
    current, section = "", None
    for p in paragraphs:
        if p.section != section:
            section = p.section
            named = division_of(section)
            if named is not None:
                current = named
            elif current in ("introduction", "front") or _TOP_NUMBER.match(section):
                current = "body"
        out.append(current)
    return out


def genre(divisions_: Sequence[str]) -> str:
    """"paper" when a document reports results or methods of its own, else "review"."""
    return "paper" if any(d in ("results", "methods") for d in divisions_) else "review"
