"""Common oxidation states and a charge-balance test: the chemistry that judges OCR repairs.

Why: periodictable parses formulas but knows nothing about valence, and a parsable string is
not yet a plausible compound (``Bi3S3`` parses; ``Bi2S3`` is what was printed).  A formula is
charge-balanced when every atom can take one of its element's *common* oxidation states and
the charges sum to zero.  The table below is general chemistry (the usual textbook "common
oxidation states"), ordered most common first; it is not derived from any corpus.  Chalcogens
and oxygen also carry -1 (per-/polychalcogenides: FeS2, CoSe2; peroxides: H2O2, Li2O2), because layered and pyrite
chalcogenides are the bread and butter of battery materials.

Mixed valence is allowed (Fe3O4, Co9S8, Fe7S8: different atoms of one element may take
different common states) but scores lower than a single state per element.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

__all__ = ["COMMON_OXIDATION_STATES", "GASEOUS_ELEMENTS", "METALS", "UNLIKELY_ELEMENTS", "Balance", "charge_balance"]

COMMON_OXIDATION_STATES: dict[str, tuple[int, ...]] = {
    "H": (1, -1), "He": (0,), "Li": (1,), "Be": (2,), "B": (3,), "C": (4, -4),
    "N": (-3, 3, 5), "O": (-2, -1), "F": (-1,), "Ne": (0,), "Na": (1,), "Mg": (2,),
    "Al": (3,), "Si": (4, -4), "P": (5, 3, -3), "S": (-2, -1, 6, 4), "Cl": (-1, 1, 3, 5, 7),
    "Ar": (0,), "K": (1,), "Ca": (2,), "Sc": (3,), "Ti": (4, 3, 2), "V": (5, 4, 3, 2),
    "Cr": (3, 6, 2), "Mn": (2, 4, 3, 7, 6), "Fe": (3, 2), "Co": (2, 3), "Ni": (2, 3),
    "Cu": (2, 1), "Zn": (2,), "Ga": (3,), "Ge": (4, 2, -4), "As": (3, 5, -3),
    "Se": (-2, -1, 4, 6), "Br": (-1, 1, 5), "Kr": (0,), "Rb": (1,), "Sr": (2,), "Y": (3,),
    "Zr": (4,), "Nb": (5, 4, 3), "Mo": (4, 6, 5, 3), "Tc": (7, 4), "Ru": (3, 4, 2),
    "Rh": (3,), "Pd": (2, 4), "Ag": (1,), "Cd": (2,), "In": (3, 1), "Sn": (4, 2, -4),
    "Sb": (3, 5, -3), "Te": (-2, -1, 4, 6), "I": (-1, 1, 5, 7), "Xe": (0,), "Cs": (1,),
    "Ba": (2,), "La": (3,), "Ce": (3, 4), "Pr": (3,), "Nd": (3,), "Sm": (3,), "Eu": (3, 2),
    "Gd": (3,), "Tb": (3,), "Dy": (3,), "Ho": (3,), "Er": (3,), "Tm": (3,), "Yb": (3,),
    "Lu": (3,), "Hf": (4,), "Ta": (5,), "W": (6, 4), "Re": (4, 7), "Os": (4,), "Ir": (3, 4),
    "Pt": (2, 4), "Au": (3, 1), "Hg": (2, 1), "Tl": (1, 3), "Pb": (2, 4), "Bi": (3,),
    "Th": (4,), "U": (6, 4),
}

# Pauling electronegativities of the elements whose sign of charge depends on the partner
# (metals not listed default to 1.5).  Used so that in a sulfide S is an anion and only in a
# sulfate (with the more electronegative O) may it be positive.
ELECTRONEGATIVITY: dict[str, float] = {
    "H": 2.20, "B": 2.04, "C": 2.55, "N": 3.04, "O": 3.44, "F": 3.98, "Si": 1.90, "P": 2.19,
    "S": 2.58, "Cl": 3.16, "Ge": 2.01, "As": 2.18, "Se": 2.55, "Br": 2.96, "Sn": 1.96,
    "Sb": 2.05, "Te": 2.10, "I": 2.66, "Bi": 2.02, "Mo": 2.16, "W": 2.36, "Pb": 2.33,
}

# Metals and metalloids that form alloys / intermetallics (no charge balance expected).
METALS: frozenset[str] = frozenset(
    "Li Be Na Mg Al K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag "
    "Cd In Sn Sb Cs Ba La Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl "
    "Pb Bi Th U Si".split()
)

# Elements that are gases at room temperature: a mixture of nothing else (H2/Ar, N2/H2) is
# an annealing atmosphere, and "O2/O3" a stacking notation of layered oxides, never a solid.
GASEOUS_ELEMENTS: frozenset[str] = frozenset("H He N O F Ne Cl Ar Kr Xe Rn".split())

TRANSITION_METALS: frozenset[str] = frozenset(
    "Sc Ti V Cr Mn Fe Co Ni Cu Zn Y Zr Nb Mo Ru Rh Pd Ag Cd Hf Ta W Re Os Ir Pt Au".split()
)
_CHALCOGENS = frozenset({"O", "S", "Se", "Te"})  # -1 only as X2 pairs (peroxide, persulfide)

# Radioactive / synthetic elements: a parse that needs one of them (``Sg`` in ``Fe7Sg``,
# ``No``, ``Es``) is almost certainly a misread in a materials text.
UNLIKELY_ELEMENTS: frozenset[str] = frozenset(
    "Tc Pm Po At Rn Fr Ra Ac Pa Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn "
    "Nh Fl Mc Lv Ts Og".split()
)


@dataclass(frozen=True)
class Balance:
    """Outcome of a charge-balance test.

    kind: "single" (one common state per element balances), "mixed" (balances only with
    mixed valence), "metal_rich" (more metal than non-metal atoms, balances only with metals
    below their common states), "interstitial" (transition-metal carbide/nitride),
    "intermetallic" (metals only; balance not expected), "polyanion" (catenated anions:
    polysulfides such as Li2S6, diphosphides such as RuP2), "element",
    "unbalanced", or "unknown" (an element without a tabulated state / non-integer counts
    that could not be scaled).  score: a prior in [0, 1] used to rank repair candidates.
    """

    kind: str
    score: float
    states: dict[str, int] | None = None


_SCORES = {"single": 1.0, "mixed": 0.8, "intermetallic": 0.7, "element": 0.5,
           "unknown": 0.4, "metal_rich": 0.55, "interstitial": 0.8, "polyanion": 0.8, "unbalanced": 0.15}
_PNICTOGENS = frozenset({"P", "As", "Sb"})  # -1 or -2 only as X2 pairs (FeP2, RuP2)


def _integerise(comp: dict[str, float], charge: int) -> tuple[dict[str, int], int] | None:
    """Scale fractional counts (Co0.9S, Cu1.75Se) to integers, up to a denominator of 100."""
    fracs = {el: Fraction(v).limit_denominator(100) for el, v in comp.items()}
    den = 1
    for f in fracs.values():
        den = den * f.denominator // _gcd(den, f.denominator)
    if den > 100:
        return None
    return {el: int(f * den) for el, f in fracs.items()}, charge * den


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _allowed_states(el: str, comp: dict[str, int]) -> tuple[int, ...]:
    """Common states of ``el`` whose sign fits its partners' electronegativities."""
    en = ELECTRONEGATIVITY.get(el, 1.5)
    others = [ELECTRONEGATIVITY.get(o, 1.5) for o in comp if o != el]
    more = any(o > en for o in others)
    less = any(o < en for o in others)
    states = tuple(s for s in COMMON_OXIDATION_STATES[el]
                   if (s > 0 and more) or (s < 0 and less) or s == 0
                   or (s > 0 and not more and not less))
    return states or COMMON_OXIDATION_STATES[el]


def _reachable(icomp: dict[str, int], states: dict[str, tuple[int, ...]]) -> set[int] | range:
    """Total charges the composition can carry. Fractional formulas scaled to integers
    (Na2.9375PS3.9375Cl0.0625 → Na47P16S63Cl) make the exact sets of sums large; past a
    budget, the sums are taken as filling the range between their extremes, as they do."""
    partial: set[int] | None = {0}
    lo = hi = 0
    for el, cnt in icomp.items():
        low, high = min(states[el]) * cnt, max(states[el]) * cnt
        if partial is not None and cnt <= 40 and len(partial) * (high - low + 1) <= 20000:
            partial = {p + t for p in partial for t in _totals(states[el], cnt)}
        else:
            partial = None
        lo, hi = lo + low, hi + high
    return partial if partial is not None else range(lo, hi + 1)


@lru_cache(maxsize=4096)
def _totals(states: tuple[int, ...], count: int) -> frozenset[int]:
    """All total charges ``count`` atoms can carry, each taking one of ``states`` (small
    counts only: ``_reachable`` takes large ones as a range)."""
    sums = {0}
    for _ in range(count):
        sums = {a + s for a in sums for s in states}
    return frozenset(sums)


def charge_balance(composition: dict[str, float], charge: int = 0) -> Balance:
    """Can the composition be neutral (or carry ``charge``) with common oxidation states?"""
    comp = {el: v for el, v in composition.items() if v}
    if not comp:
        return Balance("unknown", _SCORES["unknown"])
    if len(comp) == 1 and charge == 0:
        return Balance("element", _SCORES["element"])
    if any(el not in COMMON_OXIDATION_STATES for el in comp):
        return Balance("unknown", _SCORES["unknown"])
    scaled = _integerise(comp, charge)
    if scaled is None:
        return Balance("unknown", _SCORES["unknown"])
    icomp, icharge = scaled
    # Single state per element, most common states first.
    allowed = {el: _allowed_states(el, icomp) for el in icomp}
    best = _single_state(tuple(sorted(icomp.items())), icharge, allowed)
    if best is not None:
        # Prefer assignments that use each element's most common states (MoS2 over MoS3).
        rank = sum(COMMON_OXIDATION_STATES[el].index(st) for el, st in best.items())
        return Balance("single", max(0.7, _SCORES["single"] - 0.1 * rank), best)
    # Mixed valence: chalcogens stay at -2 here (-1 is for all-persulfide pairs such as FeS2,
    # handled by the single-state search), otherwise S-1 "balances" almost anything.
    mixed = {el: tuple(st for st in allowed[el] if not (el in _CHALCOGENS and st == -1)) or allowed[el]
             for el in icomp}
    partial = _reachable(icomp, mixed)
    if icharge in partial:
        return Balance("mixed", _SCORES["mixed"])
    if charge == 0 and all(el in METALS for el in comp):
        return Balance("intermetallic", _SCORES["intermetallic"])
    if charge == 0 and _catenated(icomp):
        return Balance("polyanion", _SCORES["polyanion"])
    # Interstitial borides/carbides/nitrides of transition metals (MoB, Mo2C, W2C, Fe3C) do
    # not follow ionic counting either.
    if charge == 0 and set(comp) - TRANSITION_METALS and set(comp) - TRANSITION_METALS <= {"B", "C", "N"} \
            and set(comp) & TRANSITION_METALS:
        return Balance("interstitial", _SCORES["interstitial"])
    # Metal-rich transition-metal chalcogenides/pnictides (Co9S8, Ni3S2) have metal-metal
    # bonding: the metals carry less charge than their lowest common state.  Plausible when
    # there are more metal than non-metal atoms; the score falls with the charge shortfall
    # per metal atom (Co9S8: 2 of 9 → fine; Co9S5: 8 of 9 → poor).
    tm = [el for el in icomp if el in TRANSITION_METALS]
    nonmetal_atoms = sum(c for el, c in icomp.items() if el not in METALS)
    metal_atoms = sum(c for el, c in icomp.items() if el in METALS)
    if charge == 0 and tm and nonmetal_atoms and metal_atoms > nonmetal_atoms:
        excess = [r for r in partial if r > 0]
        if excess and all(el in TRANSITION_METALS or el not in METALS for el in icomp):
            shortfall = min(excess) / sum(icomp[el] for el in tm)
            if shortfall <= 1.0:
                return Balance("metal_rich", round(_SCORES["metal_rich"] * (1 - shortfall / 2), 3))
    return Balance("unbalanced", _SCORES["unbalanced"])


_LONGEST_CHAIN = 8


def _catenated(icomp: dict[str, int]) -> bool:
    """A metal with a chain anion: the chalcogen as Xn(2-) chains of two or more atoms
    (Li2S6 is 2 Li+ and one S6(2-)), oxygen as superoxide O2(-) (LiO2, KO2), or the
    pnictogen as X2 pairs of charge -2 or -4 (FeP2, RuP2)."""
    if len(icomp) != 2:
        return False
    (a, na), (b, nb) = icomp.items()
    metal, nm, x, nx = (a, na, b, nb) if a in METALS else (b, nb, a, na)
    if metal not in METALS or x in METALS:
        return False
    totals = {s * nm for s in COMMON_OXIDATION_STATES[metal] if s > 0}
    if x == "O":
        return 2 * nm == nx and any(s == 1 for s in COMMON_OXIDATION_STATES[metal])
    if x in _CHALCOGENS:  # chains of 2 to 8 atoms: S8(2-) is the longest polysulfide batteries know
        return any(t % 2 == 0 and nx % (t // 2) == 0 and 2 <= nx // (t // 2) <= _LONGEST_CHAIN for t in totals)
    if x in _PNICTOGENS:
        return nx % 2 == 0 and bool(totals & {nx, 2 * nx})
    return False


def _single_state(items: tuple[tuple[str, int], ...], charge: int,
                  allowed: dict[str, tuple[int, ...]]) -> dict[str, int] | None:
    """Depth-first search over one state per element; returns the first (most common) fit."""
    best: list[dict[str, int]] = []

    def rec(k: int, acc: int, chosen: dict[str, int]) -> bool:
        if k == len(items):
            if acc == charge:
                best.append(dict(chosen))
                return True
            return False
        el, cnt = items[k]
        for st in allowed[el]:
            if st == -1 and el in _CHALCOGENS and cnt % 2:
                continue  # X(-1) comes in X2 pairs: FeS2, Li2O2, not FeO3
            chosen[el] = st
            if rec(k + 1, acc + st * cnt, chosen):
                return True
        del chosen[el]
        return False

    rec(0, 0, {})
    return best[0] if best else None
