"""Material identity: the key that says two printed names denote one material.

Why: one material is printed many ways ("MoS2@ZnIn2S4" in a review's text, "MoS2-ZnIn2S4" in
its table; "FeSe/Fe3Se4" and "Fe3Se4/FeSe"; "Zn", "bare Zn" and "metallic zinc"), and a graph
with one node per spelling splits what is said about one material over several nodes.

The key is the normalised composition and the arrangement:

* each leaf of the written notation (:func:`~heterokg.normalise.materials.parse_material`) is
  compared as its reduced formula, with what makes it another phase kept: a phase prefix
  (``1T-MoS2`` is not ``MoS2``), dopants (``N-NiMoO4``), water of hydration and a charge
  (``Zn2+`` is an ion, not the metal); a support by its abbreviation in the singular (CNFs, CNF);
* the leaves are compared as a multiset in a canonical (sorted) order, so "A/B" is "B/A" and
  "Sn/Al||Sn/Al" (four leaves) is not "Sn/Al" (two);
* the arrangement is the top-level one the notation writes (@ core-shell, | layered, a trailing
  support). ``Composite`` ("A/B", "A-B") states no geometry: it is the unspecified arrangement,
  which :mod:`heterokg.claims.identity` merges with the one specified arrangement of the same
  leaves, if there is exactly one.

A name that does not read as notation (a polymer's name, a phrase) has no key: it is its own
material, and never merged on a guess. A single phase named in words with only words of form
or morphology ("bare Zn", "metallic zinc", "Zn nanoparticles", "sodium metal anode") is keyed
by its element or formula: the form is how a sample is made, not which material it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .grammar import ELEMENTS
from .materials import Component, parse_material

__all__ = ["IdentityKey", "UNSPECIFIED", "identity_key"]

#: The arrangement that states no geometry ("A/B", "A-B").
UNSPECIFIED = "Composite"

#: Words of form and morphology that do not change which material a single phase is.
_FORM_WORDS = frozenset({
    "bare", "pristine", "pure", "fresh", "commercial", "metallic", "metal", "anode", "anodes",
    "foil", "foils", "electrode", "electrodes", "powder", "powders", "particles", "nanoparticles",
    "nps", "nanosheets", "nss", "nanorods", "nrs", "nanowires", "nws", "qds", "plate", "plates",
    "disc", "discs", "disk", "disks", "sheet", "sheets", "mesh",
})
#: Carbon's allotropes (graphite, graphene, hard carbon) are different materials: "carbon" in
#: words is never keyed as the element.
_NOT_ELEMENT_WORDS = frozenset({"carbon"})


@dataclass(frozen=True, order=True)
class IdentityKey:
    """Sorted leaves and the top-level arrangement (None for a single phase)."""

    leaves: tuple[str, ...]
    arrangement: str | None = None

    @property
    def specified(self) -> bool:
        """The notation states a geometry (core-shell, layered, supported on)."""
        return self.arrangement not in (None, UNSPECIFIED)

    def with_arrangement(self, arrangement: str | None) -> IdentityKey:
        return IdentityKey(self.leaves, arrangement)

    def __str__(self) -> str:
        """``MoS2`` for a single phase, ``CoreShell(MoS2, ZnIn2S4)`` for a composite."""
        if self.arrangement is None:
            return self.leaves[0]
        return f"{self.arrangement}({', '.join(self.leaves)})"


def _leaf_key(part: Component) -> str:
    """A leaf as compared: reduced formula with prefix, dopants, hydrate and charge kept."""
    f = part.formula
    if f is None:
        return re.sub(r"(?<=[A-Z])s$", "", part.name)  # CNTs, CNFs, MXenes: a support, singular
    out = f"{f.phase_prefix}-" if f.phase_prefix else ""
    out += f"{','.join(f.dopants)}-" if f.dopants else ""
    out += (f.reduced_formula or f.formula) + (f.hydrate or "")
    if f.charge:
        out += (str(abs(f.charge)) if abs(f.charge) != 1 else "") + ("+" if f.charge > 0 else "-")
    return out


@lru_cache(maxsize=1)
def _element_names() -> dict[str, str]:
    import periodictable

    return {e.name: e.symbol for e in periodictable.elements if e.number > 0}


def _worded_key(name: str, formula: str | None) -> IdentityKey | None:
    """"bare Zn", "metallic zinc", "sodium metal anode", "sulfur", "S" (a lone symbol, which
    the formula reader refuses outside a composite): a formula or an element's name with
    words of form only, agreeing with the claim's formula where it has one."""
    words = [w for w in re.split(r"[\s-]+", name.strip()) if w]
    rest = [w for w in words if w.lower() not in _FORM_WORDS]
    if len(rest) != 1:
        return None
    word = rest[0]
    symbol = word if word in ELEMENTS else (
        _element_names().get(word.lower()) if word.lower() not in _NOT_ELEMENT_WORDS else None)
    if symbol is None and len(words) == 1:
        return None  # a word that is no element's name ("polyamide"): a named material
    key = IdentityKey((symbol,)) if symbol else _notation_key(word)
    if key is None or key.arrangement is not None or (formula and key.leaves != (formula,)):
        return None
    return key


def _notation_key(name: str) -> IdentityKey | None:
    info = parse_material(name)
    if not info.parts or any(p.role == "unknown" for p in info.parts):
        return None
    if len(info.parts) > 1 and not info.valid:
        return None
    leaves = tuple(sorted(_leaf_key(p) for p in info.parts))
    return IdentityKey(leaves, info.arrangement if len(leaves) > 1 else None)


def identity_key(name: str, formula: str | None = None, components: int = 0) -> IdentityKey | None:
    """The identity key of a printed material name, or None if the name does not read as one.

    ``formula`` and ``components`` are what the claim says besides the name: a name read as one
    phase while the claim lists two or more components ("ZnS-MoS2", read as a doped MoS2) is
    ambiguous, and gets no key rather than a wrong one."""
    key = _notation_key(name)
    if key is None:
        return _worded_key(name, formula)
    if key.arrangement is None and components > 1:
        return None
    return key
