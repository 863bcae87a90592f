"""Numbers with units in battery text (``592.2 mAh g-1``, ``0.01–3 V``, ``5C``, ``1000 cycles``).

Why our own grammar: general quantity extractors misread this field ("1000 cycles at" as
ampere-turns, "2C" as coulombs, "15 A g-1" as "per gram").  Battery papers use a small,
regular unit vocabulary written as space-separated atoms with exponents (``mA h cm-2``,
``S cm-1``, ``mV dec-1``); we tokenise that with a regular grammar and hand the result to pint
(as ``mA*h/cm**2``), which validates it and converts it to a canonical unit per dimension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import pint

from .text import plain_text_with_map

__all__ = ["Quantity", "find_quantities", "find_measurement_context", "ureg"]

# Deliberate redefinitions (so silenced): stock pint's "cycle" is an angle (one turn) and its
# "decade" is logarithmic; in battery text a cycle is a charge/discharge count and "dec" in
# "mV dec-1" is a decade of current.  Consumers parsing ``Quantity.unit`` with a stock
# registry should go by ``kind``/``canonical_unit`` for these two.
ureg = pint.UnitRegistry(on_redefinition="ignore")
# A C-rate is a rate of (dis)charge: nC empties the cell in 1/n hour.  Not coulombs.
ureg.define("c_rate = 1 / hour")
# Cycle counts are counts, but of a specific thing: keep them out of "dimensionless".
ureg.define("cycle = [cycle_count]")
ureg.define("decade = [log_decade] = dec")

#: An hour multiplying the unit before it: "mAh", "mA h", "mA·h", "W·hour", and "mA -hour" or
#: "W .hour", where a conversion printed the middle dot as a hyphen or a full stop.
_TIMES_HOUR = r"\s{0,2}(?:[·⋅∙*]\s{0,2}|[-.]\s{0,2}(?=hour))?(?:hours?\b|h)"
# (regex, pint expression); longer/more specific first.  Matched case-sensitively.
_ATOMS: list[tuple[str, str]] = [
    # units spelled out, as abstracts print them ("1 microsiemens per centimeter", "166.9
    # microampere hours per gram")
    (r"microsiemens", "uS"), (r"millisiemens", "mS"), (r"siemens", "S"),
    (r"microamperes?[ -]hours?", "uA*h"), (r"milliamperes?[ -]hours?", "mA*h"), (r"amperes?[ -]hours?", "A*h"),
    (r"microamperes?", "uA"), (r"milliamperes?", "mA"), (r"amperes?", "A"),
    (r"millivolts?", "mV"), (r"electron[ -]?volts?", "eV"), (r"volts?", "V"),
    (r"centimet(?:er|re)s?", "cm"), (r"millimet(?:er|re)s?", "mm"), (r"micromet(?:er|re)s?", "um"),
    (r"nanomet(?:er|re)s?", "nm"), (r"kilograms?", "kg"), (r"milligrams?", "mg"), (r"grams?", "g"),
    # "mAh", "mA h", "mA·h", "mA·hour" (a middle dot or the word, as some journals print it);
    # before the word, the dot may come out of a conversion as a hyphen or a full stop ("mA -hour")
    (rf"m\s{{0,2}}A{_TIMES_HOUR}", "mA*h"),
    (r"[μµu]\s?A\s?(?:[·⋅∙*]\s?)?(?:hours?\b|h)", "uA*h"), (r"A\s?(?:[·⋅∙*]\s?)?(?:hours?\b|h)", "A*h"),
    (rf"mW{_TIMES_HOUR}", "mW*h"), (rf"kW{_TIMES_HOUR}", "kW*h"), (rf"MW{_TIMES_HOUR}", "MW*h"),
    (rf"W{_TIMES_HOUR}", "W*h"),
    (r"meV", "meV"), (r"eV", "eV"),
    (r"[μµu]A", "uA"), (r"mA", "mA"), (r"kA", "kA"), (r"A", "A"),
    (r"[mkM]W", None), (r"W", "W"),
    (r"mV", "mV"), (r"kV", "kV"), (r"V", "V"),
    (r"[kM]J", None), (r"J", "J"),
    (r"mS", "mS"), (r"[μµ]S", "uS"), (r"S", "S"),
    (r"[mkM]Ω", None), (r"Ω|ohms?", "ohm"),
    (r"kg", "kg"), (r"mg", "mg"), (r"[μµ]g", "ug"), (r"g", "g"),
    # "1.1 m m": a PDF font's micro sign (the Symbol font's "m") cut from its metre; a metre
    # over a metre is no unit anyone prints, so the pair is a micrometre
    (r"cm", "cm"), (r"mm", "mm"), (r"[μµ]m", "um"), (r"m m(?![A-Za-z])|m m(?=(?:at|for|and|after|with|of)\b)", "um"), (r"nm", "nm"), (r"pm", "pm"), (r"Å", "angstrom"),
    (r"m", "m"),
    (r"mmol", "mmol"), (r"mol", "mol"), (r"dec", "dec"),
    (r"° ?C|℃", "degC"), (r"K", "K"),
    (r"kHz|MHz|mHz|Hz", None),
    # coulombs only per gram, a capacity ("909 C g-1"): a "C" elsewhere is a C-rate
    (r"C(?=\s?(?:g\s?[-−]\s?1|/\s?g)(?!\w|\.\d))", "C"),
    # farads only per gram or per square centimetre, a capacitance ("1200 F g-1", "250 mF cm-2"):
    # an "F" elsewhere is fluorine
    (r"m?F(?=\s?(?:g\s?[-−]\s?1|/\s?g|cm\s?[-−]\s?2|/\s?cm\s?2)(?!\w|\.\d))", None),
    (r"kPa|MPa|GPa|Pa", None),
    (r"mL|L", None), (r"M", "molar"),
    (r"min(?:utes?)?", "min"), (r"ms", "ms"), (r"hours?|hr?s?", "hour"), (r"s", "s"),
]
_PREFIXED = {"F": "F", "mF": "mF", "mW": "mW", "kW": "kW", "MW": "MW",
             "kJ": "kJ", "MJ": "MJ", "mΩ": "mohm", "kΩ": "kohm", "MΩ": "Mohm",
             "kHz": "kHz", "MHz": "MHz", "mHz": "mHz", "Hz": "Hz", "kPa": "kPa", "MPa": "MPa",
             "GPa": "GPa", "Pa": "Pa", "mL": "mL", "L": "L"}
_ATOM_COMPILED = [re.compile(rx) for rx, _ in _ATOMS]
_X = r"[-−]?\s?[1-4]|[-−]l"
_EXP = re.compile(rf"\s?\^?(?:\{{(?P<e1>{_X})\}}|\((?P<e2>{_X})\)|(?P<e3>{_X}))(?!\d|\.\d)")
#: What may follow the "2" or "3" of a length unit whose superscript a PDF printed apart ("0.028
#: µm 2 for the grain", "(1.2 µm 2)"): the end, punctuation, or a word that continues neither a
#: list nor a range of numbers.
_AFTER_SUPERSCRIPT = re.compile(r"(?:$|[,;:)\]]|\.(?!\d)|\s+(?!(?:and|or|to|nd|rd|th|times|fold)\b|[\d(\-–−])[a-z])")


def _lost_superscript(t: str, end: int, pint_name: str | None) -> bool:
    """Whether the unsigned "2"/"3" just before ``end``, after a space, is the exponent of the
    length unit before it (an area or a volume), not the next number. Only a unit's first atom:
    after another ("mA cm 2") it is most often a denominator whose minus the PDF lost."""
    return bool(pint_name) and _atom_dimensions(pint_name) == {str(ureg.meter.dimensionality)} \
        and bool(_AFTER_SUPERSCRIPT.match(t, end))


# Atoms that are denominators in this field: an OCR-dropped minus ("mAh g1") is restored.
_DENOMINATORS = {"g", "kg", "mg", "cm", "mol", "dec", "m"}

#: "4,200 mAh g-1" and "~ 8,000 S cm-1": thousands separated by commas are one number.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
#: The error of a value or the interval it lies in, printed before the unit they share:
#: "0.23 ± 0.03 eV", "1.56 (± 0.11) mS cm-1", "15.7 [4.7, 51.9] mS/cm".
_ERROR = (rf"\s?(?:±|\+/-)\s?{_NUMBER}|\s?\(\s?(?:±|\+/-)\s?{_NUMBER}\s?\)"
          rf"|\s?\[\s?{_NUMBER}\s?,\s?{_NUMBER}\s?\]")
_QTY = re.compile(
    rf"(?<![\w.\-−])(?P<neg>[-−](?=\d))?(?P<v1>{_NUMBER})(?P<esd>\(\d{{1,3}}\))?"
    rf"(?:\s?(?P<rsep>[-–—~∼]|to)\s?(?P<neg2>[-−](?=\d))?(?P<v2>{_NUMBER}))?"
    rf"(?:{_ERROR})?"
)
_QUALIFIER = re.compile(
    r"(?P<q>~|∼|≈|>|<|≥|≤|±|(?:about|approximately|approx\.|ca\.|around|nearly|almost|over|up to|"
    r"more than|less than|greater than|above|below|exceeding|as high as|as low as|only|under|at least|"
    r"at most|higher than|lower than|beyond|roughly))\s?$", re.IGNORECASE)
#: Scientific notation after a mantissa: "2 × 10 −4", "2.1x10^-3", "5 × 10⁻⁵" (superscripts are
#: plain by then); the exponent may be cut from its 10 by a space, as PDF text leaves it.
_SCI_POWER = r"\s?[×xX*·]\s?10\s?(?:\^\s?)?\(?(?P<exp>[-−+]?\s?\d{1,2})\)?"
_SCI = re.compile(_SCI_POWER + r"(?![\d.])")
_PERCENT = re.compile(r"\s?(?:%|(?:wt|at|weight|mass|mol|vol)\s?%|percent\b)")
#: What follows an author's initial in a list of names: ". Yu," ". Yu and", ". B. Li".
_INITIAL_AFTER = re.compile(r"\.\s+(?:[A-Z][\w'’-]*(?:,|\s+and\b|\s+[A-Z]\.)|[A-Z]\.)")
_CYCLES = re.compile(r"\s?(?:cycles?|cyc\.)(?=at|[^a-z]|$)")
_CRATE = re.compile(r"\s?C(?![\w°])")
_FIGURE = re.compile(r"(?:Fig(?:ure)?s?\.?|Table|Scheme|Eq\.?|Ref\.?|Section|Part)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A value with a unit, offsets into the text given to :func:`find_quantities`.

    value/value_max: a single value has ``value_max is None``; a range has both.
    unit: canonical pint string of the unit as written (``hour * milliampere / gram``);
    canonical_unit / magnitude_canonical: the value converted to the field's usual unit for
    that dimension (mAh/g, A/g, mA/cm², V, h, %...); kind: what it measures.
    """

    start: int
    end: int
    surface: str
    value: float
    value_max: float | None
    qualifier: str | None
    unit: str
    magnitude_canonical: float
    canonical_unit: str
    kind: str
    ocr_repaired: bool = False
    #: (position, length) in a slash series sharing one unit, "442.2/386.5 mAh g-1" → (0, 2), (1, 2).
    series: tuple[int, int] = (0, 1)


# Preferred unit per dimension (first match wins) and the name of what it measures.
_CANONICAL: list[tuple[str, str]] = [
    ("mA*h/g", "specific_capacity"), ("mA*h/cm**2", "areal_capacity"),
    ("A/g", "specific_current"), ("mA/cm**2", "current_density"), ("mA*h", "capacity"),
    ("mA", "current"), ("V", "voltage"), ("eV", "energy"), ("kJ/mol", "molar_energy"),
    ("hour", "time"), ("S/cm", "conductivity"), ("ohm", "resistance"),
    ("ohm*cm**2", "area_specific_resistance"), ("mV/dec", "tafel_slope"), ("mV/s", "scan_rate"),
    ("W*h/kg", "specific_energy"), ("W/kg", "specific_power"), ("W*h/L", "energy_density"),
    ("cycle", "cycle_count"), ("degC", "temperature"), ("nm", "length"),
    ("cm**2/s", "diffusion_coefficient"), ("m**2/g", "specific_surface_area"),
    ("mg/cm**2", "areal_loading"), ("molar", "concentration"), ("Pa", "pressure"),
    ("Hz", "frequency"), ("mg", "mass"), ("percent", "percentage"),
    ("F/g", "specific_capacitance"), ("mF/cm**2", "areal_capacitance"),
]


#: Units whose dimension cancels to that of another quantity: a yield per hour per mass of
#: catalyst (µg h-1 mg-1) is dimensionally a frequency, as is a C-rate ("5C" is set by its own
#: notation, never by its dimension).
_YIELD_RATE = ("microgram/hour/milligram", "yield_rate")


def _mass_per_mass(q) -> bool:
    """A mass over a mass (µg ... mg-1), which dimensional analysis cancels."""
    signs = {exp > 0 for name, exp in q.unit_items()
             if ureg.Quantity(1, name).dimensionality == ureg.gram.dimensionality}
    return signs == {True, False}


@lru_cache(maxsize=None)
def _canonical_for(dim: str, written: str | None = None) -> tuple[str, str] | None:
    """The preferred unit and kind of a dimension. Where quantities of two kinds share it (a
    pressure and an energy per volume are both J/m3), the kind whose unit's atoms measure what
    the written unit's atoms measure: "10 MPa" is a pressure, "500 Wh L-1" and "1 kJ cm-3"
    energy densities (the first listed wins a tie)."""
    found = [(unit, kind) for unit, kind in _CANONICAL if str(ureg.Quantity(1, unit).dimensionality) == dim]
    if len(found) < 2 or written is None:
        return found[0] if found else None
    measured = _atom_dimensions(written)
    return max(found, key=lambda c: len(_atom_dimensions(c[0]) & measured))


@lru_cache(maxsize=None)
def _atom_dimensions(unit: str) -> frozenset[str]:
    """What each atom of a unit measures: "W*h/L" -> power, time, volume."""
    return frozenset(str(ureg.Quantity(1, name).dimensionality) for name, _ in ureg.parse_expression(unit).unit_items())


_GLUE = re.compile(r"(?:at|for|and|after|with|of)\b")


def _longest_atom(t: str, j: int) -> tuple[int, re.Match[str]] | None:
    """The longest unit atom at ``j`` ("mol" not "m", "min" not "m")."""
    best = None
    for idx, (rx, _) in enumerate(_ATOMS):
        m = _ATOM_COMPILED[idx].match(t, j)
        if m and (best is None or len(m.group(0)) > len(best[1].group(0))):
            best = (idx, m)
    return best


#: A length joined to its number by a hyphen, in a compound adjective of size: "15-nm-thick",
#: "20-µm thick", "10-nm-sized".
_HYPHENATED_LENGTH = re.compile(r"-(?:nm|[µμu]m|mm|Å)[\s-]?(?:thick|long|wide|sized?|deep|high|diameter)\b")


def _parse_unit(t: str, pos: int) -> tuple[int, str, bool] | None:
    """Read a unit expression starting at ``pos``; returns (end, pint expression, ocr_fix)."""
    atoms: list[tuple[str, int, str]] = []  # (pint, exponent, surface atom)
    i = pos
    per = False
    ocr = False
    first = True
    broken = False
    ends: list[int] = []  # where the unit ended before each atom was added
    while True:
        j = i
        sep = ""
        if not first:
            # "S.cm -1": a full stop before a lower-case atom multiplies, as a middle dot does
            m = re.match(r"[ \t]?/[ \t]?|[ \t]per[ \t]|[ \t]?[·⋅][ \t]?|\.(?=[a-zµμ])|[ \t]{0,2}\n[ \t]?|[ \t]{1,2}|", t[j:])
            j += len(m.group(0))
            sep = " / " if m.group(0).strip() == "per" else m.group(0)  # "siemens per centimeter"
        else:
            # "455.9\nmAh g-1": a line break of the OCR'd column may stand between number and unit.
            lead = re.match(r"[ \t]{0,2}\n?[ \t]?", t[j:j + 4]).group(0)
            broken = "\n" in lead
            if not lead and _HYPHENATED_LENGTH.match(t, j):
                lead = "-"  # "a 15-nm-thick interphase", "a 5-nm thick layer"
            j += len(lead)
        m = _longest_atom(t, j)
        if not m:
            break
        idx, m = m
        surface = m.group(0)
        pint_name = _ATOMS[idx][1] or _PREFIXED.get(re.sub(r"\s", "", surface))
        k = m.end()
        exp = 1
        em = _EXP.match(t, k)
        e_txt = (em.group("e1") or em.group("e2") or em.group("e3")) if em else ""
        if em and not (t[k:k + 1] == " " and "-" not in e_txt and "−" not in e_txt
                       and not (first and e_txt.strip() in ("2", "3") and _lost_superscript(t, em.end(), pint_name))):
            e = e_txt.replace("−", "-").replace(" ", "")
            ocr = ocr or e == "-l"
            exp = -1 if e == "-l" else int(e)
            k = em.end()
        # An atom glued to the previous one ("mAhg-1") only with an explicit negative exponent;
        # an atom must not run into a word ("S atoms", "h at" are fine: they end at a space).
        if em is None and not first and surface in _DENOMINATORS and re.match(r"l(?![A-Za-z])", t[k:k + 2]):
            exp, ocr, k = -1, True, k + 1  # "mAh gl": the OCR'd superscript "-1" as "l"
        if not first and sep == "" and exp >= 0:
            break
        if exp == 1 and em and surface in _DENOMINATORS and not first and not per and sep != "/" \
                and t[m.end():k].strip() == "1":
            exp, ocr = -1, True
        if sep.strip() == "/":
            if per:
                break
            per = True
        if per and sep.strip() == "/":
            exp = -abs(exp)
        atoms.append((pint_name or "", exp, surface))
        ends.append(i)
        i = k
        first = False
    if not atoms or any(not a[0] for a in atoms):
        return None
    # Across a line break only an unmistakable unit counts ("2019\nA new ..." is not amperes).
    if broken and len(atoms) == 1 and len(atoms[0][2]) == 1:
        return None
    # A unit must not run into a word ("5 As", "3 Sb"), except OCR glue such as "g-1at"; a
    # word after a complete unit is not part of it ("mA h g-1 maintained": not "m").
    while len(atoms) > 1 and i < len(t) and t[i].isalpha() and not _GLUE.match(t, i) and t[ends[-1]] in " \t\n":
        atoms.pop()
        i = ends.pop()
    if i < len(t) and t[i].isalpha() and not _GLUE.match(t, i):
        return None
    # Lone ambiguous atoms are not units in running text ("2 S atoms", "3 m", "5 M").
    if len(atoms) == 1 and atoms[0][2] in ("S", "m", "M", "s", "K", "A", "g", "W", "J"):
        nxt = t[i:i + 12]
        if atoms[0][2] == "M" and re.match(r"\s?[A-Z(\[]", nxt):
            pass  # "2 M ZnSO4": molar concentration of a named salt
        elif atoms[0][2] in ("S", "m", "M", "W", "J") or re.match(r"\s?(?:atoms?|ions?|and|or|of)\b", nxt):
            return None
    # "23 A. Yu, B. Li": a one-letter unit followed by ". Surname," or another initial is an
    # author's initial; "2.56 V. In comparison" ends a sentence.
    if len(atoms) == 1 and len(atoms[0][2]) == 1 and _INITIAL_AFTER.match(t, i):
        return None
    expr = _expr(atoms)
    try:
        q = ureg.parse_expression(expr)
    except Exception:
        return None
    if len(atoms) > 1 and _canonical_for(str(q.dimensionality)) is None and atoms[-1][1] == 1 \
            and atoms[-1][2] in _DENOMINATORS:
        # "5 A g": the superscript -1 was lost; only the per-mass/per-area reading is a unit
        # this field uses.
        fixed = atoms[:-1] + [(atoms[-1][0], -1, atoms[-1][2])]
        if _canonical_for(str(ureg.parse_expression(_expr(fixed)).dimensionality)) is not None:
            return i, _expr(fixed), True
    return i, expr, ocr


def _expr(atoms: list[tuple[str, int, str]]) -> str:
    return "*".join(f"({a[0]})**{a[1]}" if a[1] != 1 else f"({a[0]})" for a in atoms)


def find_quantities(text: str) -> list[Quantity]:
    """Every number-with-unit in ``text`` (ranges, qualifiers, %, C-rates and cycle counts).

    Offsets are into ``text`` itself (Unicode exponents and U+2212 are handled through
    :mod:`heterokg.normalise.text`).  ``0.5 mA cm-2/1 mA h cm-2`` yields two quantities.
    """
    pt = plain_text_with_map(text)
    t = pt.text
    out: list[Quantity] = []
    taken = 0  # the end of the last scientific notation: its "10" is no value of its own
    for m in _QTY.finditer(t):
        start, end = m.start(), m.end()
        if start < taken or _FIGURE.search(t[max(0, start - 12):start]):
            continue
        if m.group("esd") and "." not in m.group("v1"):
            continue  # "7.1920(1) Å" gives a standard uncertainty; "2(1)" is no number of ours
        v1 = _float(m.group("v1")) * (-1 if m.group("neg") else 1)
        v2, sci = None, None
        if m.group("v2") is not None:
            v2 = _float(m.group("v2")) * (-1 if m.group("neg2") else 1)
            if v1 == 10 and m.group("rsep") in ("-", "–") and not m.group("neg2") and v2 == int(v2) \
                    and (0 < v2 < 10 or (10 <= v2 < 20 and _TINY_UNIT.match(t, end))):
                # "10 -4 S cm-1": a range never runs downwards, so this is a power of ten
                v1, v2 = 10.0 ** -v2, None
                if upper := _POWER_RANGE.match(t, end):
                    # "10-6 to 10-4 S cm-1": superscript powers of ten flattened, a range of two
                    v2, end = 10.0 ** -int(upper.group("exp")), upper.end()
                    taken = end
        elif sci := _SCI.match(t, end):
            v1 = _scientific(m.group("v1"), sci) * (-1 if m.group("neg") else 1)
            end = taken = sci.end()
            if upper := _SCI_RANGE.match(t, end):
                # "6.4 × 10 -3 to 6.7 × 10 -3 S cm -1": a range whose ends each carry their power
                power = _SCI.match(t, upper.end("v2"))
                v2 = _scientific(upper.group("v2"), power)
                end = taken = power.end()
        unit_expr, kind_override, ocr = None, None, False
        pm = _PERCENT.match(t, end)
        cyc = _CYCLES.match(t, end)
        cr = _CRATE.match(t, end) if not cyc else None
        if pm:
            unit_expr, uend = "percent", pm.end()
        elif cyc:
            unit_expr, uend = "cycle", cyc.end()
        else:
            parsed = _parse_unit(t, end)
            if parsed is not None:
                uend, unit_expr, ocr = parsed
            elif cr:
                unit_expr, uend, kind_override = "c_rate", cr.end(), "c_rate"
        if unit_expr is None:
            # "0.5 and 1 mA": a number whose unit is shared is reported with the last one's.
            continue
        try:
            q = ureg.Quantity(v1, ureg.parse_expression(unit_expr).units if unit_expr not in
                              ("percent", "cycle", "c_rate") else unit_expr)
        except Exception:
            continue
        dim = str(q.dimensionality)
        canon = _canonical_for(dim, str(q.units)) if unit_expr != "percent" else ("percent", "percentage")
        if unit_expr == "cycle":
            canon = ("cycle", "cycle_count")
        elif kind_override == "c_rate":
            canon = ("c_rate", "c_rate")
        elif dim == "1 / [time]" and _mass_per_mass(q):
            canon = _YIELD_RATE
        if canon is None:
            canon_unit, kind, mag = f"{q.units}", "other", v1
        else:
            canon_unit, kind = canon
            try:
                mag = float(q.to(canon_unit).magnitude)
            except Exception:
                canon_unit, kind, mag = f"{q.units}", "other", v1
        if kind_override:
            kind = kind_override
        qual = None
        qm = _QUALIFIER.search(t[max(0, start - 20):start])
        if qm:
            qual = qm.group("q")
        # the surface ends at the end of the unit, trailing spaces excluded
        while uend > end and t[uend - 1] == " ":
            uend -= 1
        qstart = start - (len(qm.group(0)) if qm else 0)
        if v2 is None and (low := _between(t, start)) is not None:
            # "between 200 and 500 nm": one range, from the first number
            qstart, lo = low
            mag, v1, v2, qual = (mag * lo / v1 if v1 else lo), lo, v1, None
        earlier = (_scientific_series_before(t, start) if sci else _series_before(t, start)) if v2 is None else []
        n = len(earlier) + 1
        for i, (vstart, v) in enumerate(earlier):
            ss, ee = pt.source_span(vstart, uend)
            out.append(Quantity(ss, ee, text[ss:ee], v, None, None, f"{q.units}", mag * v / v1 if v1 else v,
                                canon_unit, kind, ocr, (i, n)))
        ss, ee = pt.source_span(qstart, uend)
        out.append(Quantity(ss, ee, text[ss:ee], v1, v2, qual, f"{q.units}", mag, canon_unit, kind, ocr, (n - 1, n)))
    return _changes(text, _ranges_with_units(text, out))


#: Two values of one unit that print a range with the unit at each end: "(9 mS/cm to 137.5
#: mS/cm)", "ranging from 2 nm to 5 nm", "between 0.1 V and 0.3 V". After a bare "from" they
#: are a change ("decreases from 600 mAh g-1 to 400 mAh g-1"), not a range.
_UNIT_RANGE_JOIN = re.compile(r"\s*(?:to|[–—])\s*")
_CHANGE_FROM = re.compile(r"(?<!rang[ei]ng )(?<!ranges )(?<!range )\bfrom\s*$", re.I)
_BETWEEN_JOIN = re.compile(r"\s*and\s*")


def _ranges_with_units(text: str, found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if prev is not None and prev.unit == q.unit and prev.value_max is None and q.value_max is None \
                and prev.series == (0, 1) and q.series == (0, 1) and not q.qualifier \
                and prev.value < q.value and (
                    (_UNIT_RANGE_JOIN.fullmatch(text, prev.end, q.start)
                     and not _CHANGE_FROM.search(text, max(0, prev.start - 20), prev.start))
                    or (_BETWEEN_JOIN.fullmatch(text, prev.end, q.start)
                        and _BETWEEN.search(text, max(0, prev.start - 12), prev.start))):
            out[-1] = replace(prev, end=q.end, surface=text[prev.start:q.end], value_max=q.value)
            continue
        out.append(q)
    return out


#: A verb of change, then "from": "the conductivity increases from 0.1 to 0.8 mS cm-1" gives the
#: value before the change and the value after it, not a range.
_CHANGED_FROM = re.compile(
    r"\b(?:increas|decreas|ris(?:e|es|ing)\b|rose\b|drop|declin|fall|fell\b|improv|enhanc|reduc|lower|rais|boost|"
    r"grow|grew\b|shift|jump|climb|degrad|decay)\w*\s+(?:[^\s.;]+\s+){0,5}?from\s*$", re.I)
_TO = re.compile(r"\sto\s*")


def _changes(text: str, found: list[Quantity]) -> list[Quantity]:
    """Each range printed "from X to Y" after a verb of change, as the two values it names (a
    series of two sharing the unit)."""
    out: list[Quantity] = []
    for q in found:
        to = _TO.search(q.surface) if q.value_max is not None and q.series == (0, 1) else None
        if to is None or not _CHANGED_FROM.search(text, max(0, q.start - 80), q.start):
            out.append(q)
            continue
        scale = q.magnitude_canonical / q.value if q.value else 1.0
        after = q.start + to.end()
        out.append(replace(q, value_max=None, series=(0, 2)))
        out.append(replace(q, start=after, surface=text[after:q.end], value=q.value_max, value_max=None,
                           magnitude_canonical=q.value_max * scale, qualifier=None, series=(1, 2)))
    return out


#: The values before the last of a series sharing its unit, each perhaps negative ("are -1.56,
#: -1.46 and -1.36 eV", adsorption energies).
_SERIES = re.compile(rf"(?:(?<=[\s(])|^)((?:[-−]?{_NUMBER}\s?(?:/|,?\s?\b(?:and|or)\b|,)\s?)+)$")
_SIGNED = re.compile(rf"(?P<neg>[-−])?{_NUMBER}")
#: What stands before a "-1" that is the exponent of the unit before it ("S cm -1 and ..."), not
#: a value: a unit's last letter, at most a space between.
_UNIT_EXPONENT = re.compile(r".*[A-Za-zµμÅΩ]\s?")
#: "between 0.01 and 3 V" is a range, not two values.
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)


_BETWEEN_LOW = re.compile(rf"\bbetween\s(?P<neg>[-−])?(?P<lo>{_NUMBER})\s?and\s$", re.I)


def _between(t: str, start: int) -> tuple[int, float] | None:
    """The lower end of a range printed "between X and Y" before the number at ``start``
    (its offset and value), if any."""
    m = _BETWEEN_LOW.search(t, max(0, start - 40), start)
    if m is None:
        return None
    return m.start("neg") if m.group("neg") else m.start("lo"), _float(m.group("lo")) * (-1 if m.group("neg") else 1)


def _series_before(t: str, start: int) -> list[tuple[int, float]]:
    """Numbers that share the unit of the one at ``start``: "415.1/367 mA h g-1", "at 10/20 A g-1",
    "are 2.10 and 1.72 eV" (values given together and paired "respectively" with their
    conditions or the materials named in the same order)."""
    m = _SERIES.search(t, max(0, start - 60), start)
    if not m or _BETWEEN.search(t, max(0, m.start(1) - 12), m.start(1)):
        return []
    values = [(m.start(1) + n.start(), _float(n.group(0).lstrip("-−")) * (-1 if n.group("neg") else 1))
              for n in _SIGNED.finditer(m.group(1))]
    if values and _UNIT_EXPONENT.fullmatch(t, max(0, values[0][0] - 8), values[0][0]) \
            and values[0][1] in (-1, -2, -3, -4):
        values = values[1:]  # "S cm -1 and 7.3 × 10-5 S cm-1": the exponent of the unit before
    return values


#: Values in scientific notation before the last of a series sharing its unit: "6.9 × 10−4 and
#: 8.1 × 10−4 S cm−1" (a power of ten each, the unit once).
_SCI_ITEM = rf"(?P<v>{_NUMBER}){_SCI_POWER}"
_SCI_SERIES = re.compile(rf"(?:(?<=[\s(])|^)((?:{_SCI_ITEM.replace('?P<v>', '').replace('?P<exp>', '')}"
                         r"\s?(?:,?\s?\b(?:and|or)\b|,|/)\s?)+)$")


def _scientific_series_before(t: str, start: int) -> list[tuple[int, float]]:
    """Numbers in scientific notation that share the unit of the one at ``start`` (see
    :func:`_series_before`)."""
    m = _SCI_SERIES.search(t, max(0, start - 90), start)
    if not m or _BETWEEN.search(t, max(0, m.start(1) - 12), m.start(1)):
        return []
    return [(m.start(1) + n.start(), _scientific(n.group("v"), n)) for n in re.finditer(_SCI_ITEM, m.group(1))]


def _float(number: str) -> float:
    return float(number.replace(",", ""))


#: The upper end of a range of bare powers of ten, after the lower one: "10-6 to 10-4" (a dash
#: between them would be ambiguous).
_POWER_RANGE = re.compile(r"\s?(?:to|[–~∼])\s?10\s?[-−]\s?(?P<exp>1\d|[1-9])(?![\d.])")
#: The units of quantities whose values are small powers of ten, two-digit exponents and all
#: ("10 −11 cm2 s −1", "10-10 to 10-9 S cm-1"), where "10-11" read as a range of ten to eleven
#: would be absurd: a diffusion coefficient, a conductivity in S cm-1 (not mS cm-1).
_TINY_UNIT = re.compile(r"\s?(?:to\s?10\s?[-−]\s?\d{1,2}\s?)?(?:c?m\s?2\s?(?:s\s?[-−]\s?1|/\s?s)|S\s?(?:cm\s?[-−]\s?1|/\s?cm))")
#: The upper end of a range in scientific notation, after the lower one's power of ten.
_SCI_RANGE = re.compile(rf"\s?(?:[-–—~∼]|to)\s?(?P<v2>{_NUMBER})(?={_SCI.pattern})")


def _scientific(mantissa: str, sci: re.Match[str]) -> float:
    """A number in scientific notation as printed: "2.1 × 10 -3" is 2.1e-3, not the float
    noise of 2.1 * 10 ** -3 (0.0021000000000000003)."""
    exponent = int(re.sub(r"[\s+]", "", sci.group("exp")).replace("−", "-"))
    return float(f"{mantissa.replace(',', '')}e{exponent}")


_SENTENCE_END = re.compile(r"[.;](?=\s+[A-Z(\[]|\s*$)")
_NOT_END_BEFORE = re.compile(r"(?:\bal|\bFig|\bFigs|\bca|\bvs|\bRef|\bRefs|\beq|\bNo|\bapprox|\be\.g|\bi\.e)$")


def _ends(text: str, lo: int, hi: int) -> list[int]:
    return [m.start() for m in _SENTENCE_END.finditer(text, lo, hi)
            if not (text[m.start()] == "." and _NOT_END_BEFORE.search(text, 0, m.start()))]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (periods in "et al." and "Fig." do not end it)."""
    lefts = _ends(text, 0, start)
    left = lefts[-1] + 1 if lefts else 0
    rights = _ends(text, end, len(text))
    return left, rights[0] if rights else len(text)


#: Where a coordinate clause starts: a conjunction before a value or a noun phrase, or "and"
#: before a verb of what a cell does next ("delivers 221 mAh g-1 at 0.1 C and retains 82 % after
#: 200 cycles": the cycles are the retention's).
_CLAUSE = re.compile(r",?\s(?:and|while|whereas|but|respectively)\s(?=[-−]?\d|the\s|a\s|an\s|it\s)"
                     r"|,?\sand\s(?=(?:then\s|still\s|also\s)?(?:retain|keep|kept|maintain|deliver|show|exhibit|display|"
                     r"achiev|reach|remain|decay|drop|recover)\w*\s)")

_AFTER_BRACKET = re.compile(r"\s*(?:[,;]|and\b|while\b|whereas\b|but\b)")


def _closing_bracket(text: str, left: int, start: int, end: int, right: int) -> int | None:
    """Offset of the ")" closing a bracket opened before ``start``, if any, before ``right``."""
    depth = 0
    for ch in reversed(text[left:start]):
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                break
            depth -= 1
    else:
        return None
    depth = 0
    for i in range(end, right):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return None


_CONDITION_WORDS = {
    "cycles": re.compile(r"(?:after|over|for|of|upon|during|through|within|up to|beyond)\s*$", re.I),
    "at": re.compile(r"(?:at|under|with|of|and|,)\s*$", re.I),
}


def find_measurement_context(text: str, quantity: Quantity) -> dict[str, object]:
    """Conditions stated near a value, in the same sentence.

    Keys: ``cycles`` (int: "after 1000 cycles"), ``current_density`` / ``specific_current``
    (Quantity: "at 15 A g-1", "at 0.5 mA cm-2"), ``c_rate`` (Quantity: "at 5C"),
    ``areal_capacity`` (Quantity: "0.5 mA cm-2/1 mA h cm-2" or "with 1 mA h cm-2"),
    ``temperature``, ``voltage_window`` (a voltage range).  The nearest condition after the
    value wins, then the nearest before it; a quantity of the value's own kind is never its
    condition.
    """
    left, right = _sentence_bounds(text, quantity.start, quantity.end)
    near = [q for q in find_quantities(text[left:right])]
    near = [replace(q, start=q.start + left, end=q.end + left) for q in near]
    # A new coordinate clause ("... and 300 cycles at 5C") starts other conditions; the "and"
    # of a range ("between 2.4 and 1.6 V at 5 A g-1") is part of a value, not a clause.
    clauses = [m for m in _CLAUSE.finditer(text, left, right) if not any(q.start <= m.start() < q.end for q in near)]
    stop = next((m for m in clauses if m.start() >= quantity.end), None)
    stop_at = stop.start() if stop else right
    # "(up to 654.8 mAh g-1 at 10 A g-1) and superior cycling (... after 1000 cycles)": a value
    # in brackets that close before a new clause takes no condition from beyond them.
    close = _closing_bracket(text, left, quantity.start, quantity.end, stop_at)
    if close is not None and _AFTER_BRACKET.match(text, close + 1):
        stop_at = close
    back = [m.end() for m in clauses if m.end() <= quantity.start]
    start_at = back[-1] if back else left
    after = [q for q in near if quantity.end <= q.start < stop_at]
    # "645.5 mAh g-1 at 1 A g-1 and ... 592.2 mAh g-1 after 1000 cycles": a condition that
    # follows another value of the same kind belongs to that one (the values of one series,
    # "415.1/367 mAh g-1", share theirs)
    rivals = [o.start for o in after if o.kind == quantity.kind and o.start != quantity.start
              and not (o.series[1] > 1 and quantity.series[1] > 1 and o.start - quantity.end < 20)]
    if rivals:
        after = [q for q in after if q.start < rivals[0]]
    before = [q for q in reversed(near) if start_at <= q.start and q.end <= quantity.start]
    ctx: dict[str, object] = {}
    for q in after + before:
        if q.start == quantity.start or q.kind == quantity.kind and q.kind != "cycle_count":
            continue
        if q.series[1] == quantity.series[1] > 1 and q.series[0] != quantity.series[0]:
            continue  # "415.1/367 mA h g-1 ... at 10/20 A g-1, respectively": pair by position
        prefix = text[max(0, q.start - 14):q.start]
        if q.kind == "cycle_count":
            if quantity.kind == "cycle_count" or "cycles" in ctx:
                continue
            if _CONDITION_WORDS["cycles"].search(prefix) or q.start >= quantity.end:
                ctx["cycles"] = int(q.value) if q.value_max is None else (int(q.value), int(q.value_max))
        elif q.kind in ("current_density", "specific_current", "c_rate", "current"):
            key = q.kind
            if key not in ctx and (_CONDITION_WORDS["at"].search(prefix) or q.start >= quantity.end):
                ctx[key] = q
        elif q.kind == "areal_capacity":
            if "areal_capacity" not in ctx and quantity.kind != "specific_capacity":
                ctx["areal_capacity"] = q
        elif q.kind == "temperature":
            ctx.setdefault("temperature", q)
        elif q.kind == "voltage" and q.value_max is not None:
            ctx.setdefault("voltage_window", q)
    return ctx
