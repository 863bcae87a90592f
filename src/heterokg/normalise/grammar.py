"""A strict grammar for one chemical formula as written in materials papers.

Why a grammar of our own: periodictable validates compositions but rejects the notations
reviews use every day (``MoS2-x``, ``Co1-xS``, ``VOx``, ``Ti3C2Tx``), and it silently accepts
strings such as ``Fe7Sg`` (seaborgium).  This module only answers "does this string follow
formula grammar, and what does it say?"; plausibility and OCR repair live in ``formula.py``.

Grammar (after :func:`heterokg.normalise.text.plain_formula_text`)::

    body   := unit+ [termination]
    unit   := ELEMENT [count] | "(" body ")" [count] | "[" body "]" [count]
    count  := NUMBER [("-"|"+") VAR] | VAR [("-"|"+") NUMBER]
    NUMBER := integer without leading zero | decimal "0.9", "1.75" | proper fraction "1/3"
    VAR    := x | y | δ
    termination := "T" ("x"|"z")      # MXene surface terminations (O, OH, F), not tritium

A count holding a variable makes the formula nonstoichiometric; its *nominal* value is the
number with the variable set to zero (``2-x`` → 2, ``x`` → 0, ``1+x`` → 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import periodictable

__all__ = ["ELEMENTS", "Parsed", "parse_body"]

ELEMENTS: frozenset[str] = frozenset(el.symbol for el in periodictable.elements if el.number > 0)

_COUNT = re.compile(
    r"(?:(?P<num>(?:[1-9]\d*|0)(?:\.\d+)?)(?:/(?P<den>[1-9]\d?))?(?:(?P<op>[-+])(?P<var>[xyδ]))?"
    r"|(?P<var2>[xyδ])(?:(?P<op2>[-+])(?P<num2>[1-9]\d*(?:\.\d+)?))?)"
)


@dataclass
class Parsed:
    """What the grammar saw: per-atom counts in order of appearance, nominal composition."""

    text: str
    sequence: list[tuple[str, str]] = field(default_factory=list)  # (symbol, written count)
    composition: dict[str, float] = field(default_factory=dict)     # nominal, flattened
    variable_counts: dict[str, str] = field(default_factory=dict)
    termination: str | None = None
    has_groups: bool = False
    adjacent_repeat: bool = False  # "MoOO2": the same element written twice in a row


class _Fail(Exception):
    pass


def _count_value(m: re.Match[str]) -> tuple[float, str | None]:
    if m.group("num") is not None:
        num = m.group("num")
        if len(num) > 1 and num[0] == "0" and num[1] != ".":
            raise _Fail("leading zero")
        if num == "0":
            raise _Fail("zero count")
        value = float(num)
        if m.group("den"):  # "Ni1/3" as in layered oxides NaNi1/3Fe1/3Mn1/3O2: a share of one site
            if not value < int(m.group("den")):
                raise _Fail("improper fraction")
            value = round(value / int(m.group("den")), 6)
            num = f"{num}/{m.group('den')}"
        var = m.group("var")
        return value, (num + m.group("op") + var) if var else None
    var = m.group("var2")
    if m.group("op2"):
        return 0.0, var + m.group("op2") + m.group("num2")
    return 0.0, var


def parse_body(text: str) -> Parsed | None:
    """Parse ``text`` as a formula body; None when it does not follow the grammar."""
    if not text:
        return None
    out = Parsed(text)
    try:
        pos, comp = _parse_seq(text, 0, out, top=True, mult=1.0)
    except _Fail:
        return None
    if pos != len(text) or not comp:
        return None
    out.composition = {k: v for k, v in comp.items()}
    return out


def _parse_seq(s: str, pos: int, out: Parsed, top: bool, mult: float) -> tuple[int, dict[str, float]]:
    comp: dict[str, float] = {}
    last_symbol: str | None = None
    while pos < len(s):
        c = s[pos]
        if c in "([":
            close = ")" if c == "(" else "]"
            out.has_groups = True
            inner_out = Parsed(s)
            pos2, inner = _parse_seq(s, pos + 1, inner_out, top=False, mult=1.0)
            if pos2 >= len(s) or s[pos2] != close or not inner:
                raise _Fail("unclosed group")
            pos = pos2 + 1
            m = _COUNT.match(s, pos)
            k = 1.0
            if m and m.end() > pos:
                k, var = _count_value(m)
                if var:
                    raise _Fail("variable group count")
                pos = m.end()
            for el, v in inner.items():
                comp[el] = comp.get(el, 0.0) + v * k
            out.sequence.extend(inner_out.sequence)
            out.variable_counts.update(inner_out.variable_counts)
            last_symbol = None
            continue
        if c in ")]":
            if top:
                raise _Fail("unbalanced")
            return pos, comp
        if c == "T" and top and pos + 2 == len(s) and s[pos + 1] in "xz" and comp:
            out.termination = "T" + s[pos + 1]
            return pos + 2, comp
        sym = None
        if c.isupper():
            if pos + 1 < len(s) and s[pos + 1].islower() and s[pos:pos + 2] in ELEMENTS:
                sym = s[pos:pos + 2]
            elif c in ELEMENTS:
                sym = c
        if sym is None:
            raise _Fail(f"unexpected {c!r} at {pos}")
        pos += len(sym)
        m = _COUNT.match(s, pos)
        written = ""
        value, var = 1.0, None
        if m and m.end() > pos:
            value, var = _count_value(m)
            written = m.group(0)
            pos = m.end()
        if sym == last_symbol:
            out.adjacent_repeat = True
        last_symbol = sym
        out.sequence.append((sym, written))
        if var:
            out.variable_counts[sym] = var
        if value:
            comp[sym] = comp.get(sym, 0.0) + value * mult
        elif sym not in comp:
            comp.setdefault(sym, 0.0)
    return pos, comp
