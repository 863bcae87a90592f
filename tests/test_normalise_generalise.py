"""Made-up sentences, not from any corpus: the rules must generalise to unseen reviews."""

from heterokg.normalise import (find_abbreviations, find_material_mentions, find_measurement_context,
                                find_quantities, parse_formula, parse_material)


def test_unseen_composites_and_ocr():
    text = ("Here, a hierarchical NiCo2O4@MnO2/rGO electrode and a Li4Ti5O12-TiO2 composite were "
            "compared with LaFeO3; the SnzS3 phase was absent.")
    names = [m.info.name for m in find_material_mentions(text)]
    assert "NiCo2O4@MnO2/rGO" in names
    assert "Li4Ti5O12-TiO2" in names
    assert "LaFeO3" in names
    assert "Sn2S3" in names   # 'z' read for '2', validated by Sn(II)/Sn(IV) mixed valence


def test_unseen_structure():
    info = parse_material("CeO2@Co3O4/CNTs")
    assert info.arrangement == "CoreShell"
    assert info.structure == ("CoreShell", ["CeO2", ("SupportedOn", ["Co3O4", "CNTs"])])


def test_unseen_ordinary_words_refused():
    text = ("In the As-prepared sample, No obvious change occurred. The HER and OER activity, "
            "measured by CV and EIS, is discussed in Section 3. We thank the NSFC.")
    assert find_material_mentions(text) == []


def test_unseen_ocr_validated_by_chemistry():
    assert parse_formula("Li;TiO3").formula == "Li2TiO3"
    assert parse_formula("Ca0").formula == "CaO"
    assert parse_formula("Al;O3").formula == "Al2O3"
    assert parse_formula("MgzSiO4").formula == "Mg2SiO4"


def test_unseen_quantities_and_context():
    text = ("The K||KVPO4F cell retained 88.2% of its capacity after 2000 cycles at 2 A g−1, "
            "and its Tafel slope was 48 mV dec⁻¹.")
    qs = find_quantities(text)
    kinds = [q.kind for q in qs]
    assert kinds == ["percentage", "cycle_count", "specific_current", "tafel_slope"]
    ctx = find_measurement_context(text, qs[0])
    assert ctx["cycles"] == 2000 and ctx["specific_current"].value == 2


def test_unseen_abbreviation():
    text = "Lithium lanthanum zirconate (LLZO) and Li7La3Zr2O12 (LLZ) were both sintered. LLZ was denser."
    ab = find_abbreviations(text)
    assert ab["LLZ"] == "Li7La3Zr2O12"
    assert ab["LLZO"].lower() == "lithium lanthanum zirconate"
    resolved = [m for m in find_material_mentions(text, ab) if m.resolved_from == "LLZ"]
    assert resolved and resolved[0].info.name == "Li7La3Zr2O12"
