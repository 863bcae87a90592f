"""One node per material: printed names grouped by identity key, with one preferred name.

Why: the RDF stage mints a material's IRI from a name, so every name that denotes the same
material must first be mapped to one name. The grouping is computed over all claims of a build
(every review), because material nodes are shared by the reviews' graphs.

The rule (see :mod:`heterokg.normalise.identity` for the key):

1. names with equal keys (same sorted leaves, same arrangement) are one material;
2. a name of the unspecified arrangement ("A/B", "A-B": ``Composite``) joins the material of the
   same leaves with a specified arrangement (core-shell, layered, supported on) when exactly one
   such arrangement is printed: "MoS2-ZnIn2S4" is "MoS2@ZnIn2S4". When two are ("A@B" and
   "A|B"), the unspecified name could be either, and stays apart;
3. a name without a key is its own material.

The preferred name of a material is, in order: one of the most specific arrangement, one that
reads as notation rather than words ("Zn", not "bare Zn"), the most often printed, the
shortest, the first in code-point order. Every other name is an alternative label.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..normalise.identity import IdentityKey, identity_key
from ..normalise.materials import parse_material
from .model import Claim, Material

__all__ = ["MaterialIdentities", "Identity"]


@dataclass(frozen=True)
class Identity:
    """The material a printed name denotes: its preferred name and key (None: no key)."""

    name: str
    key: IdentityKey | None


def _specificity(key: IdentityKey | None) -> int:
    return 2 if key is not None and key.specified else 1 if key is not None and key.arrangement else 0


def _reads_as_notation(name: str) -> bool:
    return all(p.role != "unknown" for p in parse_material(name).parts)


class MaterialIdentities:
    """Printed material names → the one material each denotes."""

    def __init__(self, keys: dict[str, IdentityKey | None], counts: Counter[str]):
        self._keys = dict(keys)
        merged = _merge_unspecified(k for k in keys.values() if k is not None)
        groups: dict[IdentityKey, list[str]] = defaultdict(list)
        for name, key in keys.items():
            if key is not None:
                groups[merged[key]].append(name)
        self._identity: dict[str, Identity] = {}
        for key, names in groups.items():
            best = min(names, key=lambda n: (-_specificity(keys[n]), not _reads_as_notation(n),
                                             -counts[n], len(n), n))
            for n in names:
                self._identity[n] = Identity(best, key)

    @classmethod
    def from_claims(cls, claims: Iterable[Claim],
                    named: Callable[[Material], bool] = lambda m: False) -> MaterialIdentities:
        """The identities of every material name the claims print, subjects and components.

        A subject filed under a material class is a material only when ``named`` says it names
        one (:class:`heterokg.claims.named.NamedMaterials`): "g-C3N4" may be printed elsewhere as
        a plain subject, and both must be one node; "MXenes" is no material's name."""
        keys: dict[str, IdentityKey | None] = {}
        counts: Counter[str] = Counter()
        for claim in claims:
            m = claim.material
            if m.material_class and not named(m):
                continue
            for name, material in ((m.name, m), *((c, Material(c)) for c in m.components)):
                counts[name] += 1
                if name not in keys:
                    keys[name] = identity_key(name, material.formula, len(material.components))
        return cls(keys, counts)

    def of(self, name: str) -> Identity:
        """The material ``name`` denotes; a name never seen is its own material."""
        found = self._identity.get(name)
        if found is not None:
            return found
        key = self._keys.get(name, identity_key(name))
        return Identity(name, key)

    def names(self, preferred: str) -> list[str]:
        """Every printed name of the material whose preferred name is ``preferred``."""
        return sorted(n for n, i in self._identity.items() if i.name == preferred)


def _merge_unspecified(keys: Iterable[IdentityKey]) -> dict[IdentityKey, IdentityKey]:
    """Each key → the key of its material: an unspecified arrangement becomes the one specified
    arrangement of the same leaves, if exactly one is printed (rule 2)."""
    keys = set(keys)
    specified: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k in keys:
        if k.specified:
            specified[k.leaves].add(k.arrangement)
    out = {}
    for k in keys:
        arrangements = specified.get(k.leaves, set())
        if not k.specified and k.arrangement is not None and len(arrangements) == 1:
            out[k] = k.with_arrangement(next(iter(arrangements)))
        else:
            out[k] = k
    return out
