"""Which figures and tables a span of text points to ("(Figure 6c)", "Fig. 3e and f", "Table 1").

A reader following a claim back to its source wants the figure or table that shows it; reviews
name it beside the sentence. References are normalised to "Figure 6c", "Figure S12",
"Table 1", "Scheme 2" (panels kept as printed letters), so that a query can group by them.
"""

from __future__ import annotations

import re

_KINDS = {"fig": "Figure", "figure": "Figure", "figs": "Figure", "figures": "Figure",
          "table": "Table", "tables": "Table", "scheme": "Scheme", "schemes": "Scheme"}
_REF = re.compile(
    r"\b(?P<kind>Fig(?:ure)?s?|Tables?|Schemes?)\.?\s*(?P<number>S?\d{1,2})"
    r"(?P<panel>\s?\(?[a-z](?![a-z]))?", re.I)


def figure_refs(text: str) -> tuple[str, ...]:
    """The figures, tables and schemes ``text`` names, normalised, in order, once each."""
    out: list[str] = []
    for m in _REF.finditer(text):
        kind = _KINDS[m.group("kind").lower()]
        panel = re.sub(r"[\s(]", "", m.group("panel") or "").lower()
        ref = f"{kind} {m.group('number').upper()}{panel}"
        if ref not in out:
            out.append(ref)
    return tuple(out)
