"""Normalisation of chemistry and quantities in battery-materials text.

Everything here is general: vocabulary comes from chemistry (element symbols from
periodictable, formula grammar, common oxidation states) and from the field's general
abbreviations, never from lists of one corpus's materials.  Modules, one job each:

* :mod:`.text` — Unicode/LaTeX typography → plain text, with an offset map back.
* :mod:`.grammar` — strict grammar of one written formula.
* :mod:`.oxidation` — common oxidation states and charge balance (the repair validator).
* :mod:`.formula` — one formula token, OCR repair, ``is_formula_token``.
* :mod:`.materials` — composite names (``A/B@C``), mentions in text, abbreviations.
* :mod:`.identity` — the key that says two printed names are one material.
* :mod:`.quantities` — numbers with units (pint), and measurement conditions.
"""

from .formula import FormulaInfo, Repair, is_formula_token, parse_formula
from .materials import (Component, MaterialInfo, Mention, find_abbreviations,
                        find_material_mentions, is_support, parse_material)
from .quantities import Quantity, find_measurement_context, find_quantities
from .text import PlainText, plain_formula_text, plain_text_with_map

__all__ = [
    "Component", "FormulaInfo", "MaterialInfo", "Mention", "PlainText", "Quantity", "Repair",
    "find_abbreviations", "find_material_mentions", "find_measurement_context",
    "find_quantities", "is_formula_token", "is_support", "parse_formula", "parse_material",
    "plain_formula_text", "plain_text_with_map",
]
