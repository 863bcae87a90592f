"""parse_material / find_material_mentions / find_abbreviations."""

import pytest

from heterokg.normalise.materials import (find_abbreviations, find_material_mentions, is_support,
                                          parse_material)


@pytest.mark.parametrize("name, arrangement, components", [
    ("MoS2/SnS@C", "CoreShell", ["MoS2", "SnS", "C"]),
    ("Bi2S3-CuS", "Composite", ["Bi2S3", "CuS"]),
    ("Bi2S3–CuS", "Composite", ["Bi2S3", "CuS"]),
    ("d-Co9S8@MoS2/S-", "CoreShell", ["d-Co9S8", "MoS2", "S"]),
    ("H-NiS/NiS2@C", "CoreShell", ["H-NiS", "NiS2", "C"]),
    ("CoSe2/ZnSe", "Composite", ["CoSe2", "ZnSe"]),
    ("VN", "Single", ["VN"]),
    ("Na/VN", "Composite", ["Na", "VN"]),
    ("g-C3N4", "Single", ["g-C3N4"]),
    ("1T-MoS2", "Single", ["1T-MoS2"]),
    ("MoS2/rGO", "SupportedOn", ["MoS2", "rGO"]),
    ("MoS2 on carbon cloth", "SupportedOn", ["MoS2", "carbon cloth"]),
    ("A@B@C".replace("A", "Fe3O4").replace("B", "SiO2").replace("C", "TiO2"), "CoreShell",
     ["Fe3O4", "SiO2", "TiO2"]),
    ("Zn|ZnF2", "Layered", ["Zn", "ZnF2"]),
    ("Co1-xS-CoS2/CNF", "SupportedOn", ["Co1-xS", "CoS2", "CNF"]),
    # fractional counts of layered oxides are not composites; a phase prefix after a slash is
    ("NaNi1/3Fe1/3Mn1/3O2", "Single", ["NaNi1/3Fe1/3Mn1/3O2"]),
    ("LiNi1/3Co1/3Mn1/3O2/C", "SupportedOn", ["LiNi1/3Co1/3Mn1/3O2", "C"]),
    ("Co9S8/1T-MoS2", "Composite", ["Co9S8", "1T-MoS2"]),
    ("Fe-MoO2/MoO3", "Composite", ["Fe-MoO2", "MoO3"]),
])
def test_parse_material(name, arrangement, components):
    info = parse_material(name)
    assert info.valid
    assert info.arrangement == arrangement
    assert info.components == components


def test_nested_structure_keeps_order():
    info = parse_material("MoS2/SnS@C")
    assert info.structure == ("CoreShell", [("Composite", ["MoS2", "SnS"]), "C"])


@pytest.mark.parametrize("name, repaired", [
    ("Bi;S3-CuS", "Bi2S3-CuS"),
    ("d-Co9Ss@MoSz/S-", "d-Co9S8@MoS2/S-"),
    ("H-NiS/NiS,@C", "H-NiS/NiS2@C"),
    ("MOS_2/COS_2", "MoS2/CoS2"),       # a capitalised sibling makes CO read as Co
    ("Mo0O2/MoS,@NSC", "MoO2/MoS2@NSC"),
    ("SnS/Fe;03-G", "SnS/Fe2O3-G"),
])
def test_ocr_repaired_composites(name, repaired):
    info = parse_material(name)
    assert info.valid and info.name == repaired
    assert info.repairs


@pytest.mark.parametrize("s", ["rGO", "GO", "G", "C", "NC", "NSC", "N-C", "CNT", "CNTs", "NCNT", "CNF", "CNFs",
                               "PCF", "MXene", "Ti3C2Tx", "graphene", "carbon cloth", "CC", "NF", "nickel foam",
                               "N-doped carbon", "reduced graphene oxide"])
def test_supports(s):
    assert is_support(s)


def test_cnt_refused_as_formula_but_accepted_as_support():
    from heterokg.normalise.formula import is_formula_token
    assert not is_formula_token("CNT")
    info = parse_material("MnO2/CNT")
    assert info.valid and info.parts[1].role == "support" and info.arrangement == "SupportedOn"


@pytest.mark.parametrize("words", ["intercalation/deintercalation", "Mott-Schottky", "p-n", "and/or",
                                   "Wiley-VCH", "Ti-O-Fe"])
def test_words_are_not_materials(words):
    assert not parse_material(words).valid or words == "Ti-O-Fe"
    assert find_material_mentions(f"the {words} junction") == []


def test_mentions_with_offsets():
    text = "Yin et al. prepared hollow Sb/ZnS@C heterostructures. In this review, the CNT and MoS2 work."
    ms = find_material_mentions(text)
    surfaces = [m.surface for m in ms]
    assert surfaces == ["Sb/ZnS@C", "MoS2"]
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_mentions_unicode_surface_is_original():
    text = "The NiSe₂/Ni(OH)₂ EH and Na⁺ ions."
    ms = find_material_mentions(text)
    assert [m.surface for m in ms] == ["NiSe₂/Ni(OH)₂", "Na⁺"]
    assert ms[0].info.name == "NiSe2/Ni(OH)2"
    assert ms[1].info.parts[0].formula.charge == 1


def test_mentions_corpus_like_examples():
    text = ("The MoS2/SnS@C, Bi2S3-CuS and d-Co9Ss@MoSz/S- anodes; H-NiS/NiS2@C; "
            "CoSe2/ZnSe heterostructure; VN and Na/VN; g-C3N4 or 1T-MoS2.")
    names = [m.info.name for m in find_material_mentions(text)]
    assert names == ["MoS2/SnS@C", "Bi2S3-CuS", "d-Co9S8@MoS2/S-", "H-NiS/NiS2@C", "CoSe2/ZnSe", "VN",
                     "Na/VN", "g-C3N4", "1T-MoS2"]


def test_trailing_colon_kept_out_of_mention_when_punctuation():
    ms = find_material_mentions("Two phases exist in ZnS: cubic and hexagonal.")
    assert [m.surface for m in ms] == ["ZnS"]


def test_hyphenated_word_keeps_formula_head():
    ms = find_material_mentions("MoS2-based anodes")
    assert [m.surface for m in ms] == ["MoS2"]


def test_star_ion_in_text():
    ms = find_material_mentions("accelerate the migration of Na* and electrons")
    assert ms[0].surface == "Na*" and ms[0].info.parts[0].formula.charge == 1


def test_et_al_is_not_an_element():
    assert find_material_mentions("Li et al. reported WS2/ZnS.")[0].surface == "WS2/ZnS"


def test_abbreviations():
    text = ("A full cell pairs a NaTi2(PO4)3 (NTP) anode with a Na3V2(PO4)3 (NVP) cathode, and "
            "nitrogen-doped carbon (NC) coats it; the solid electrolyte interphase (SEI) grows. "
            "Later, NVP and NTP were cycled.")
    ab = find_abbreviations(text)
    assert ab["NTP"] == "NaTi2(PO4)3"
    assert ab["NVP"] == "Na3V2(PO4)3"
    assert ab["NC"] == "nitrogen-doped carbon"
    assert ab["SEI"] == "solid electrolyte interphase"
    ms = [m for m in find_material_mentions(text, ab) if m.resolved_from]
    assert {m.resolved_from for m in ms} >= {"NVP", "NTP"}
    assert any(m.info.name == "Na3V2(PO4)3" for m in ms)


def test_parenthesised_formula_is_not_an_abbreviation():
    assert find_abbreviations("the anode (MoS2) and Ni(OH)2 layer") == {}


def test_an_abbreviation_with_a_decimal_count_names_its_formula():
    """A sample named by its composition's acronym and count ("(LPSC1.5)", "(NMC0.8)") is defined
    like any acronym: its decimal point does not end it, and the formula OCR repair could read
    into it ("PSC1.5", a stray L dropped) does not make it a restated formula."""
    ab = find_abbreviations("Li6PS5Cl (LPSC) and Li5.5PS4.5Cl1.5 (LPSC1.5) differ; "
                            "the glass Li6PS5Cl0.5Br0.5 (LPSCB0.5) too, at (1.5) and (MoS2).")
    assert ab == {"LPSC": "Li6PS5Cl", "LPSC1.5": "Li5.5PS4.5Cl1.5", "LPSCB0.5": "Li6PS5Cl0.5Br0.5"}


def test_cell_separator_binds_loosest():
    info = parse_material("Zn@ZnF2||Zn@ZnF2")
    assert info.structure == ("Layered", [("CoreShell", ["Zn", "ZnF2"]), ("CoreShell", ["Zn", "ZnF2"])])


def test_morphology_suffix_and_bracketed_support():
    assert parse_material("CeO2NRs").components == ["CeO2"]
    info = parse_material("(CNT)@MnO2/carbon")
    assert info.valid and [p.role for p in info.parts] == ["support", "phase", "support"]
    assert parse_material("SnS/SnSe2@3DC").valid


def test_descriptor_prefixes():
    assert parse_formula_prefix("nano-CaCO3") == ("nano", "CaCO3")
    assert parse_formula_prefix("L-CeO2") == ("L", "CeO2")


def parse_formula_prefix(tok):
    from heterokg.normalise.formula import parse_formula
    info = parse_formula(tok)
    return info.phase_prefix, info.formula


def test_surnames_after_initials_are_not_elements():
    text = "- 6 D. Wang, Y. Liu, G. Li, C. Qin and G.-Q. Lu, Li metal anodes with Co foam."
    assert [m.surface for m in find_material_mentions(text)] == ["Li", "Co"]


def test_a_citation_glued_to_a_name_is_not_part_of_it():
    from heterokg.normalise.materials import find_material_mentions

    names = [m.info.name for m in find_material_mentions("channels in MoB/Si3N4[33]. and Fe3O4[12,13]")]
    assert names == ["MoB/Si3N4", "Fe3O4"]


def test_fractional_counts_are_a_share_of_a_site():
    info = parse_material("NaNi1/3Fe1/3Mn1/3O2")
    assert info.valid
    comp = info.parts[0].formula.composition
    assert comp["Na"] == 1 and comp["O"] == 2 and abs(comp["Ni"] + comp["Fe"] + comp["Mn"] - 1) < 1e-4


def test_a_mixture_of_gases_is_an_atmosphere_not_a_material():
    from heterokg.normalise.materials import find_material_mentions

    text = "annealed under H2/Ar and then Ar/H2 at 500 °C; the O2/O3 intergrowth of NiO/Ni and MoS2/N-C"
    assert [m.info.name for m in find_material_mentions(text)] == ["NiO/Ni", "MoS2/N-C"]


@pytest.mark.parametrize("text, name, surface", [
    ("The ZnO-coated Zn anode cycled for 1000 h.", "Zn@ZnO", "ZnO-coated Zn"),
    ("Zn anodes coated with TiO2 deposit evenly.", "Zn@TiO2", "Zn anodes coated with TiO2"),
    ("a Zn foil protected by a thin ZnS layer", "Zn@ZnS", "Zn foil protected by a thin ZnS"),
    ("SnO2 wrapped in Ti3C2Tx", "SnO2@Ti3C2Tx", "SnO2 wrapped in Ti3C2Tx"),
])
def test_a_coating_and_what_it_coats_are_one_core_shell_material(text, name, surface):
    [m] = find_material_mentions(text)
    assert (m.info.name, m.info.arrangement, m.surface) == (name, "CoreShell", surface)


def test_materials_side_by_side_are_not_a_coating():
    names = [m.info.name for m in find_material_mentions("MoS2-based and Zn anodes; Zn anodes with TiO2")]
    assert names == ["MoS2", "Zn", "Zn", "TiO2"]


def test_a_hyphenated_word_built_on_a_composite_keeps_the_composite():
    ms = find_material_mentions("the NiCo2O4/MnO2-based electrode and Bi2S3-CuS-derived anodes")
    assert [(m.surface, m.info.components) for m in ms] == [
        ("NiCo2O4/MnO2", ["NiCo2O4", "MnO2"]), ("Bi2S3-CuS", ["Bi2S3", "CuS"])]


def test_a_family_written_as_a_generic_formula_is_a_material():
    ms = find_material_mentions("Li3MCl6 (M = Y, Er) halides and the LiMXCl4 systems, unlike NMC811,")
    # NMC811 is no generic formula; it is read as the layered oxide its ratio names (below)
    assert [(m.surface, m.info.name) for m in ms if "M" in m.surface] == [
        ("Li3MCl6", "Li3MCl6"), ("LiMXCl4", "LiMXCl4"), ("NMC811", "NMC811")]
    assert all(m.info.valid for m in ms)
    assert [m.info.parts[0].formula.formula for m in ms if m.surface == "NMC811"] == ["LiNi0.8Mn0.1Co0.1O2"]


@pytest.mark.parametrize("text, surfaces", [
    # PDF text prints subscripts apart from their symbols: joined, they balance
    ("the band gap of Na 2 S2 is wider than that of Na2S.", ["Na 2 S2", "Na2S"]),
    ("a LiNi 0.8 Mn 0.1 Co 0.1 O 2 cathode", ["LiNi 0.8 Mn 0.1 Co 0.1 O 2"]),
    ("In Na 2 S, the sodium", ["Na 2 S"]),
    # XPS levels are not counts of a formula
    ("peaks of Fe 2p and N 1s", ["Fe"]),
])
def test_a_formula_whose_counts_are_printed_apart_is_one_material(text, surfaces):
    assert [m.surface for m in find_material_mentions(text)] == surfaces


def test_a_numeric_label_after_a_compound_names_a_sample_of_it():
    """"Li3InCl6-350" is Li3InCl6 made at 350 °C, not Li3InCl6 with "SOO" misread for "350"."""
    info = parse_material("Li3InCl6-350")
    assert (info.name, info.components, info.valid) == ("Li3InCl6-350", ["Li3InCl6"], True)


@pytest.mark.parametrize("text, surfaces", [
    ("the LiMXCl4 family and Li3MCl6 halides", ["LiMXCl4", "Li3MCl6"]),
    ("a Na3M2(PO4)3 framework", ["Na3M2(PO4)3"]),
    # acronyms and pure placeholders are no family of compounds
    ("MXene, MOF-5, NASICON, MX2 and M2X", []),
])
def test_a_formula_with_placeholders_names_a_family(text, surfaces):
    assert [m.surface for m in find_material_mentions(text)] == surfaces


@pytest.mark.parametrize("text", ["as listed in Table S8.", "(Figures S2-S9)", "see Note S4 and S8 for details"])
def test_a_supplementary_label_is_not_sulfur(text):
    assert [m.surface for m in find_material_mentions(text)] == []


def test_sulfur_printed_as_s8_is_still_read():
    assert [m.surface for m in find_material_mentions("S8 is reduced to Li2S in Figure 3.")] == ["S8", "Li2S"]


def test_an_acronym_spelt_by_the_element_symbols_of_the_formula_before_it():
    # the acronym's capitals begin the formula's element symbols in order, though not its first
    # word's first letter ("NCM"), and a formula printed with its counts apart is joined
    text = ("Cells of LiNi0.6Co0.2Mn0.2O2 (NCM622), Li 6 PS 5 Br (LPSB) and Li3InCl6 (LIC) were built; "
            "NCM622 and LPSB were then pressed, and the SEM of Li2S (SEM) is shown.")
    found = find_abbreviations(text)
    assert found["NCM622"] == "LiNi0.6Co0.2Mn0.2O2" and found["LPSB"] == "Li6PS5Br" and found["LIC"] == "Li3InCl6"
    assert found.get("SEM") != "Li2S"  # no element symbol of Li2S begins with E or M
    names = [m.info.name for m in find_material_mentions(text, found)]
    assert names.count("Li6PS5Br") == 3 and names.count("LiNi0.6Co0.2Mn0.2O2") == 3


def test_a_formula_printed_with_a_space_after_its_counts():
    # PDF text breaks a formula after a subscript: the pieces join when none is a compound alone
    got = [m.info.name for m in find_material_mentions("pellets of Na2.9 PS3.9 Cl0.1 and Li5.5 PS4.5 Cl1.5")]
    assert got == ["Na2.9PS3.9Cl0.1", "Li5.5PS4.5Cl1.5"]
    # two compounds side by side stay two
    assert [m.info.name for m in find_material_mentions("a MoS2 WS2 stack")] == ["MoS2", "WS2"]


def test_cell_notation_with_spaced_bars_is_one_layered_material():
    """"Na | Na3PS4 | Na" is a stack of phases in contact, as "Na|Na3PS4|Na" is; a bar between
    a material and something else joins nothing."""
    from heterokg.normalise.materials import find_material_mentions

    found = [(m.surface, m.info.arrangement) for m in find_material_mentions(
        "Symmetric Na | Na3PS4 | Na cells and the Cu | x ratio were tested.")]
    assert found == [("Na | Na3PS4 | Na", "Layered"), ("Cu", "Single")]


def test_names_given_in_words_after_a_list_of_formulas():
    """"A and B are denoted as X and Y, respectively", "A (hereafter referred to as X)": each
    formula takes the name at its place; lists of unequal length, names of fewer than two
    capitals and names that are formulas as printed define nothing."""
    assert find_abbreviations("The compounds LiTaOCl4, LiNbOCl4, and LiHfFCl4 are denoted as LTOC, LNOC, and LHFC, "
                              "respectively.") == {"LTOC": "LiTaOCl4", "LNOC": "LiNbOCl4", "LHFC": "LiHfFCl4"}
    assert find_abbreviations("We made Na3Zr2Si2PO12 (hereafter referred to as NZSP) pellets.") == {"NZSP": "Na3Zr2Si2PO12"}
    assert find_abbreviations("Li6PS5Cl, hereafter denoted LPSCl, was used.") == {"LPSCl": "Li6PS5Cl"}
    assert find_abbreviations("Li3YCl6 and Li3InCl6 are denoted as LYC.") == {}
    assert find_abbreviations("Li3YCl6 and Li3InCl6 are called halides.") == {}
    assert find_abbreviations("The two phases LiCl and YCl3 are denoted as LiCl and YCl3.") == {}


def test_an_acronym_in_a_composite_is_not_repaired_into_a_formula():
    """OCR repair reads "Z" as a lost "2" or "3" in formula subscripts; in an acronym of capitals
    ("NZSP", "LLZO") there is no subscript to restore: "Na|NZSP" is no "Na|N3SP"."""
    from heterokg.claims.extract import _materials

    assert all("N3SP" not in m.material.name for m in _materials("the resistance of Na|NZSP drops to 10 Ω", {}))
    # an OCR'd formula in a composite is still repaired
    assert [m.material.name for m in _materials("the MOS2/rGO composite", {})] == ["MoS2/rGO"]


@pytest.mark.parametrize("text, name, formula", [
    ("The NCM811 cathode delivers 200 mAh g-1.", "NCM811", "LiNi0.8Co0.1Mn0.1O2"),
    ("bare NMC622 shows", "NMC622", "LiNi0.6Mn0.2Co0.2O2"),  # the letters give the metals' order
    ("NCM523 was used", "NCM523", "LiNi0.5Co0.2Mn0.3O2"),
])
def test_a_layered_oxide_named_by_its_metals_ratio_is_that_oxide(text, name, formula):
    found = find_material_mentions(text)
    assert [(m.info.name, m.info.parts[0].formula.formula) for m in found] == [(name, formula)]


def test_a_layered_oxide_by_ratio_is_a_component_of_a_cell():
    found = find_material_mentions("Li||NCM811 full cells retain 90%.")
    assert [m.info.components for m in found] == [["Li", "NCM811"]]


def test_a_substrates_abbreviation_before_punctuation_is_no_lost_subscript():
    # "NF," ending a composite is nickel foam before a comma, not NF3; "MoS," alone stays MoS2
    found = find_material_mentions("compared with Ni3S2/NF, MoS2/NF and the MoS, phase")
    assert [m.info.name for m in found] == ["Ni3S2/NF", "MoS2/NF", "MoS2"]
