"""plain_formula_text: typography → plain text, with a map back to the source."""

import pytest

from heterokg.normalise.text import plain_formula_text, plain_text_with_map


@pytest.mark.parametrize("src, plain", [
    ("MoS₂", "MoS2"),
    ("Na⁺", "Na+"),
    ("cm⁻²", "cm-2"),
    ("Zn²⁺", "Zn2+"),
    ("Mo$_2$C", "Mo2C"),
    ("$\\rm ZrO_2$", "ZrO2"),
    ("$Zn_5(OH)_8$", "Zn5(OH)8"),
    ("MoS_2", "MoS2"),
    ("Zn^{2+}", "Zn2+"),
    ("Cu_{2-x}S", "Cu2-xS"),
    ("$\\mathrm{Li_2CO_3}$", "Li2CO3"),
    ("Zn₄(OH)₆SO₄·xH₂O", "Zn4(OH)6SO4·xH2O"),
    ("CuSO4$\\cdot$5H2O", "CuSO4·5H2O"),
    ("mA h g−1", "mA h g-1"),
    ("−1.26 eV", "-1.26 eV"),
    ("plain text stays", "plain text stays"),
])
def test_plain(src, plain):
    assert plain_formula_text(src) == plain


def test_idempotent():
    once = plain_formula_text("MoS₂/Ni(OH)$_2$ at 10 mA cm⁻²")
    assert plain_formula_text(once) == once


@pytest.mark.parametrize("src, needle, surface", [
    ("The MoS₂/CoS₂ interface", "MoS2/CoS2", "MoS₂/CoS₂"),
    ("coated Mo$_2$C film", "Mo2C", "Mo$_2$C"),
    ("ions Zn^{2+} move", "Zn2+", "Zn^{2+}"),
])
def test_offsets_map_back_to_surface(src, needle, surface):
    pt = plain_text_with_map(src)
    start = pt.text.index(needle)
    assert pt.surface(start, start + len(needle)) == surface


def test_every_plain_character_maps_to_its_own_source_character():
    """Runs of ordinary text are copied whole: each of their characters must still map to
    exactly the source character it came from, before and after the marked-up parts."""
    src = "A thin film of MoS₂ on Cu_{2-x}S, then $\\rm ZrO_2$ coated at 10 mA cm⁻² twice"
    pt = plain_text_with_map(src)
    assert pt.text == "A thin film of MoS2 on Cu2-xS, then ZrO2 coated at 10 mA cm-2 twice"
    for word in ("A thin film of ", "on ", "then ", "coated at 10 mA ", "twice"):
        k = pt.text.index(word)
        assert pt.surface(k, k + len(word)) == word


def test_a_sign_opening_math_is_the_numbers_own():
    """TeX ignores spaces in math: "$- {2.37}$" prints -2.37; a minus between two symbols stays
    a minus between them."""
    pt = plain_text_with_map("a potential of $- {2.37}\\mathrm{\\;V}$ versus SHE")
    assert pt.text == "a potential of -2.37 V versus SHE"
    assert pt.surface(pt.text.index("-"), pt.text.index("V") + 1) == "- {2.37}\\mathrm{\\;V}$"
    assert plain_formula_text("$a - b$ and - 3 K") == "a - b and - 3 K"


def test_a_source_offset_is_placed_in_the_plain_text():
    pt = plain_text_with_map("the $\\mathrm{{MgCl}}_{2}$ salt")
    k = "the $\\mathrm{{MgCl}}_{2}$ salt".index("salt")
    assert pt.text[pt.plain_offset(k):] == "salt"
