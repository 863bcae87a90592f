"""Values no metric of the ontology fits are kept with the words that name them (hkg:propertyText)."""

import pytest

from heterokg.claims.extract import candidates
from heterokg.claims.measurements import property_phrase
from heterokg.documents import load_bytes
from heterokg.vocabulary import load


@pytest.fixture(scope="module")
def vocab():
    return load()


@pytest.mark.parametrize("before, name", [
    ("The pellet heated for 1.5 h (relative density of ", "relative density"),
    ("The crystallite size of the Li3ScCl6 was determined to be ", "crystallite size"),
    ("The microstrain in Li3ErCl6 was found to be ", "microstrain"),
    ("The voltage gap of the solid cell is ", "voltage gap"),
    ("the optimized lattice constant of ", "optimized lattice constant"),
    ("a film with a thickness of about ", "thickness"),
    # how big the value is, said before it, is not what it measures
    ("pellets with porosities in  the  range  between ", "porosities"),
    ("a grain-boundary resistance on the order of ", "grain-boundary resistance"),
    ("the coverage of the foil is almost ", "coverage"),
    # the owner and where or how the value holds stand between the name and the verb
    ("The conductivity of Li3YCl6 at room temperature is ", "conductivity"),
    ("The extrapolated room temperature conductivity of LNOC in our calculations is ",
     "extrapolated room temperature conductivity"),
    # an aside in brackets does not end the clause; "=" links a name to its value
    ("The occupancy of the Li site (6g) is ", "occupancy"),
    ("The relative density of the pellet [ref. 12] was ", "relative density"),
    ("Li3YCl6 has a Pugh's ratio = ", "Pugh's ratio"),
    # the sample named after its material is whose property it is, not its name
    ("The density of the Li3YCl6 pellet is ", "density"),
    ("The relative density of LG-LPSCl pellets is ", "relative density"),
])
def test_the_words_before_a_value_name_its_property(before, name):
    assert property_phrase(before + "93 %", len(before)) == name


@pytest.mark.parametrize("before", ["The pellet was heated for ", "peaks appear at ", "It also shows ", "Li3ErCl6 was ",
                                    # "of" before a number introduces a value, not an owner
                                    "The cell at a current density of 0.1 mA cm-2 was ",
                                    # a symbol is no name; a caption's panel labels start a new statement
                                    "For the Li3YCl6 cell, R SEI = ",
                                    "cells pressed with a pressure for attaching lithium of (A and B) ",
                                    # an aside giving a value is a statement of its own; an adverb names nothing
                                    "the conductivity of denser pellets (with 90% compacity) of ",
                                    "a low Li content, typically between "])
def test_no_name_where_none_is_printed(before):
    assert property_phrase(before + "1.5 h", len(before)) is None


def test_a_value_without_a_metric_is_a_candidate_with_its_property_text(vocab):
    text = "The Li3YCl6 pellet reaches a relative density of 93 % after pressing.\n"
    found = [c for c in candidates(load_bytes("x.txt", text.encode()), vocab) if c.quantity]
    assert [(c.material.name, c.metric, c.property_text, c.quantity.value) for c in found] == [
        ("Li3YCl6", None, "relative density", 93.0)]


def _one(vocab, text):
    doc = load_bytes("x.txt", text.encode())
    return sorted(((c.material.name, c.metric, c.property_text, c.quantity.value)
                   for c in candidates(doc, vocab) if c.quantity), key=lambda t: tuple(map(str, t)))


def test_an_unqualified_conductivity_is_the_ionic_one(vocab):
    """"conductivity" alone in a battery paper is an electrolyte's ionic conductivity; the
    electronic one is proposed too only where the sentence speaks of electronic conduction."""
    assert _one(vocab, "The Li3YCl6 pellet shows a room-temperature conductivity of 1.2 mS cm-1 at 25 °C.\n") == [
        ("Li3YCl6", "IonicConductivity", None, 1.2)]
    mixed = "The carbon-coated Li3YCl6 composite is an electronic and ionic conductor, with a conductivity of 1.2 mS cm-1.\n"
    assert [c[1] for c in _one(vocab, mixed)] == ["ElectronicConductivity", "IonicConductivity"]


def test_a_unit_only_one_quantity_has_is_named_by_its_head_word_earlier_in_the_sentence(vocab):
    """A value in S cm-1 that no words right before it name is a conductivity when the sentence
    said "conductivity" before it; a qualifier of another kind ("bulk resistance") still
    keeps an ohmic value from the ontology's only resistance (charge transfer)."""
    text = "The spread of conductivities over the doped series is wide, from 2 mS/cm for Li3InCl6 to 12 mS/cm for Li3YBr6.\n"
    assert _one(vocab, text) == [("Li3InCl6", "IonicConductivity", None, 2.0), ("Li3YBr6", "IonicConductivity", None, 12.0)]
    assert _one(vocab, "The electronic conductivity of the carbon-coated MoS2, 4 S cm-1, is high.\n") == [
        ("MoS2", "ElectronicConductivity", None, 4.0)]
    assert _one(vocab, "The bulk resistance of the Li3YCl6 pellet, 30 Ω, is low.\n") == []


def test_a_property_varied_over_samples_is_measured_but_a_varied_test_condition_is_set(vocab):
    text = "The Li3YCl6 pellets were sintered to different relative densities (85% and 93%).\n"
    assert _one(vocab, text) == [("Li3YCl6", None, "relative densities", 85.0), ("Li3YCl6", None, "relative densities", 93.0)]
    assert _one(vocab, "The Li3YCl6 cells were cycled at different current densities (0.1 and 0.5 mA cm-2).\n") == []


def test_a_value_compared_with_an_earlier_one_measures_the_same_quantity(vocab):
    text = ("The stability window of Li3YCl6 and Li3YBr6 (2.5 V and 2.1 V) is wider than for Li3InCl6 and "
            "Li3ScCl6 (1.4 V and 1.2 V).\n")
    assert _one(vocab, text) == [("Li3InCl6", "VoltageWindow", None, 1.4), ("Li3ScCl6", "VoltageWindow", None, 1.2),
                                 ("Li3YBr6", "VoltageWindow", None, 2.1), ("Li3YCl6", "VoltageWindow", None, 2.5)]


def test_a_value_described_with_a_compared_material_is_its_own(vocab):
    text = "The Li3YCl6 pellet with a porosity of ~17% endures more strain compared with Li3InCl6 with a porosity of ~8%.\n"
    assert _one(vocab, text) == [("Li3InCl6", None, "porosity", 8.0), ("Li3YCl6", None, "porosity", 17.0)]
    text = "The Li3YCl6 electrolyte outperforms Li3InCl6, with a porosity of ~8%.\n"
    assert _one(vocab, text) == [("Li3YCl6", None, "porosity", 8.0)]


def test_values_compared_by_vs_pair_with_the_compared_materials(vocab):
    text = "With activation energies similar to Li3InCl6 (0.25 eV vs. 0.31 eV), the Li3YBr6 pellets conduct faster.\n"
    assert _one(vocab, text) == [("Li3InCl6", "ActivationEnergy", None, 0.31), ("Li3YBr6", "ActivationEnergy", None, 0.25)]
    text = "The two chlorides, Li3YCl6 and Li3ScCl6, have different ionic conductivities (0.5 mS/cm vs. 3 mS/cm).\n"
    assert _one(vocab, text) == [("Li3ScCl6", "IonicConductivity", None, 3.0), ("Li3YCl6", "IonicConductivity", None, 0.5)]


def test_values_each_read_on_a_reference_scale_are_one_series(vocab):
    text = "The CV of MnO2 shows two reduction peaks at 0.8 V versus Ag/AgCl and 0.3 V versus Ag/AgCl.\n"
    assert _one(vocab, text) == [("MnO2", None, "two reduction peaks", 0.3), ("MnO2", None, "two reduction peaks", 0.8)]


def test_an_ionic_radius_in_picometres_is_kept_in_its_unit(vocab):
    found = _one(vocab, "In LiScCl4 the Sc3+ cation has an ionic radius of 74.5 pm.\n")
    assert [(metric, value) for _, metric, _, value in found] == [("IonicRadius", 74.5)]


def test_an_ionic_radius_belongs_to_the_ion_printed_before_it(vocab):
    """A radius is the ion's, not the compound's: "(I− = 220 pm)" and "Ga3+ (62 pm)"; an element
    printed without a charge ("Y (90 pm)") may be a placeholder, and no ion is made of it."""
    found = _one(vocab, "The ionic radii in LiGaI4 differ widely (I− = 220 pm, Ga3+ (62 pm)).\n")
    assert [(name, metric, value) for name, metric, _, value in found] == [
        ("Ga3+", "IonicRadius", 62.0), ("I−", "IonicRadius", 220.0)]
    found = _one(vocab, "The ionic radii in LiGaI4 differ widely (Y (90 pm)).\n")
    assert [name for name, *_ in found] == ["LiGaI4"]


def test_a_head_word_qualified_by_another_noun_is_another_quantity(vocab):
    """"crystallite size" is neither a particle nor a pore size, "formation energy" none of the
    energies the ontology names: the words are kept as property text."""
    assert _one(vocab, "The crystallite size of Li3InCl6 is 48.2 nm from the Scherrer equation.\n") == [
        ("Li3InCl6", None, "crystallite size", 48.2)]
    assert [c[1:3] for c in _one(vocab, "The formation energy of Li3InCl6 is 0.12 eV.\n")] == [(None, "formation energy")]
    # a word of a metric's own label decides between the metrics of one head word
    assert [c[1] for c in _one(vocab, "SEM shows that the Li3InCl6 particles have a size of 300 nm.\n")] == ["ParticleSize"]


def test_a_test_setting_is_no_result(vocab):
    """A cut-off, applied or constant voltage says how the cell was run, not what it gave."""
    for text in ("The Li3InCl6 cell was charged with a constant voltage of 4.3 V.\n",
                 "A cut-off voltage of 4.5 V was set for the Li3InCl6 cell.\n",
                 "Impedance of the Li3InCl6 pellet was taken with a voltage amplitude of 15 mV.\n"):
        assert _one(vocab, text) == [], text
    # a lattice constant is a constant of the lattice, not a constant setting
    assert _one(vocab, "The refined lattice constant of Li3InCl6 is 6.41 Å.\n")[0][2:] == ("refined lattice constant", 6.41)


def test_an_energy_of_a_spectrum_is_no_property(vocab):
    """XPS and XANES print peak positions in the hundreds or thousands of eV; no property a
    material is claimed to have lies there."""
    assert _one(vocab, "The Li3InCl6 spectrum shows a main peak of 2472.4 eV and a shoulder of 2478.9 eV.\n") == []


def test_a_metric_label_in_the_plural_names_it(vocab):
    assert _one(vocab, "Li3YCl6 and Li3YBr6 show Li-ion conductivities of 1.2 mS cm-1.\n")[0][1] == "IonicConductivity"


def test_a_fractional_formula_is_a_material(vocab):
    """The decimals of Na2.88Sb0.88W0.12S4 are not the dots of an address or "e.g."."""
    from heterokg.normalise.materials import find_material_mentions

    text = "the highest conductivity of 32 mS cm-1 for a sintered body, Na2.88Sb0.88W0.12S4."
    assert [text[m.start:m.end] for m in find_material_mentions(text)] == ["Na2.88Sb0.88W0.12S4"]
    assert find_material_mentions("see fig.S1. and www.example.org") == []


def test_the_ion_and_the_reference_electrode_are_not_the_subject(vocab):
    """"Na ion conductivity" names the ion that moves; "vs. Li/Li+" the scale a potential is on."""
    assert [c[0] for c in _one(vocab, "Na3SbS4 shows a Na ion conductivity of 2.1 mS cm-1.\n")] == ["Na3SbS4"]
    assert {c[0] for c in _one(vocab, "Li3YCl6 is stable up to 4.2 V vs. Li/Li+ in cells.\n")} <= {"Li3YCl6"}


def test_a_quantity_symbol_names_its_metrics(vocab):
    """"σ 25 of ..." is a conductivity (ionic, unless the sentence speaks of electronic
    conduction), "E a of ..." an activation energy: the ontology's hkg:quantitySymbol, read
    before the value."""
    found = _one(vocab, "The pellet of Na3SbS4 has σ 25 of 1.7 × 10 -2 S cm -1 and E a of 19 kJ mol -1 .\n")
    assert [(c[1], c[3]) for c in found] == [("ActivationEnergy", 19.0), ("IonicConductivity", 0.017)]
    assert _one(vocab, "Each area of 5 eV in Na3SbS4 was used.\n") == [("Na3SbS4", None, "area", 5.0)]


def test_a_symbol_with_a_worded_subscript_names_its_metric(vocab):
    """"σ Bulk = ...", "E a,GB = ...": the subscript says which part of the sample the value is
    of (bulk, grain boundary), and the symbol still says what it measures."""
    found = _one(vocab, "For Li7La3Zr2O12 we find σ Bulk = 0.5 mS cm -1 and E a,GB = 0.41 eV.\n")
    assert sorted((c[1], c[3]) for c in found) == [("ActivationEnergy", 0.41), ("IonicConductivity", 0.5)]


def test_a_value_outside_the_metrics_bounds_is_not_that_metric(vocab):
    """003: "The strong peaks at binding energies of 513.3 eV (V 2p) ..." are XPS peak positions;
    the ontology bounds BindingEnergy (an adsorbate's bond energy) at ±50 eV."""
    found = _one(vocab, "The strong peaks of VN at binding energies of 513.3 eV (V 2p) are assigned to V-N bonds.\n")
    assert not [c for c in found if c[1] == "BindingEnergy"]
    assert [c[1] for c in _one(vocab, "The binding energy of Li2S6 on VN is 2.1 eV.\n")] == ["BindingEnergy"]


def test_a_metric_named_right_after_the_value_is_its_metric(vocab):
    """"a 900 h lifespan", "91.5 % capacity retention": the value qualifies the noun after it."""
    assert [c[1] for c in _one(vocab, "The ZnO-coated Zn anode sustains a 900 h lifespan in symmetric cells.\n")] == [
        "SymmetricCellLifespan"]
    assert [c[1] for c in _one(vocab, "After 500 cycles, NiO keeps 91.5% capacity retention.\n")] == [
        "CapacityRetention"]


def test_the_values_of_a_series_are_named_by_the_words_before_the_first(vocab):
    text = "Cells of Li3InCl6 and Li3YCl6 short at critical current densities of 0.6 and 1.1 mA cm-2, respectively.\n"
    got = {(c[0], c[3]) for c in _one(vocab, text) if c[1] == "CriticalCurrentDensity"}
    assert got == {("Li3InCl6", 0.6), ("Li3YCl6", 1.1)}


def test_a_material_right_after_the_value_owns_it(vocab):
    """"0.31 eV for X", "(3.1 eV) of X": the material after "for"/"of" is whose value it is."""
    got = {(c[0], c[3]) for c in _one(vocab, "The activation energies are 0.31 eV for Li3InCl6 and 0.42 eV for "
                                             "annealed Li3YCl6.\n") if c[1] == "ActivationEnergy"}
    assert got == {("Li3InCl6", 0.31), ("Li3YCl6", 0.42)}
    got = {(c[0], c[3]) for c in _one(vocab, "Compared with ZnO, the band gap (3.6 eV) of SnO2 is wider.\n")}
    assert got == {("SnO2", 3.6)}


def test_a_series_pairs_with_the_materials_listed_after_it(vocab):
    got = {(c[0], c[3]) for c in _one(vocab, "The band gaps are 2.9 and 3.6 eV for ZnO and SnO2, respectively.\n")}
    assert got == {("ZnO", 2.9), ("SnO2", 3.6)}


def test_a_reference_electrode_alone_is_not_the_subject(vocab):
    """With only "vs. Li/Li+" named, the value belongs to the paragraph's material."""
    text = "Li3InCl6 was pressed into pellets. It has a voltage window of 0.6 to 4.3 V (vs. Li/Li+).\n"
    assert {c[0] for c in _one(vocab, text)} == {"Li3InCl6"}


def test_a_value_opening_a_parenthesis_is_named_by_the_words_before_it(vocab):
    """"a low polarization (35 mV)": the head word names the metric; past whose property it is
    ("the oxidative stability of X (" names a property; "bare Na (" names a material)."""
    assert [c[1] for c in _one(vocab, "The ZnO-coated Zn shows a low polarization (35 mV) in symmetric cells.\n")] == [
        "Overpotential"]
    assert property_phrase("the high oxidative stability of Li3InCl6 (4.3 V", 42) == "oxidative stability"
    assert property_phrase("than that of bare Na (0.8 eV", 22) is None
    assert property_phrase("a current density still lower (0.1 mA", 31) is None


def test_a_value_no_sentence_or_paragraph_gives_a_material_is_the_papers_subject(vocab):
    """A research paper names its material far more often than any other; a value in a
    paragraph that names none is that material's, with less confidence. A review names many
    materials, none often enough, and such a value has no subject."""
    named = "".join(f"Sample {i} of Li3InCl6 was annealed. " for i in range(12)) + "LiCl was an impurity.\n\n"
    text = named + "The pellet shows an ionic conductivity of 2.1 mS cm-1.\n"
    doc = load_bytes("x.txt", text.encode())
    [c] = [c for c in candidates(doc, vocab) if c.quantity]
    assert (c.material.name, c.metric, c.confidence) == ("Li3InCl6", "IonicConductivity", 0.5)
    review = "".join(f"Sample {i} of Li3InCl6 was annealed. Li3YCl6 and LiCl were mixed. " for i in range(12)) + "\n\n"
    doc = load_bytes("x.txt", (review + "The pellet shows an ionic conductivity of 2.1 mS cm-1.\n").encode())
    assert not [c for c in candidates(doc, vocab) if c.quantity]


def test_a_metric_named_by_its_head_word_in_a_unit_the_ontology_does_not_declare(vocab):
    """"a calculated barrier (~320 meV)": a diffusion barrier, written in the metric's own unit."""
    got = [(c[1], c[3]) for c in _one(vocab, "Our calculated barrier in Na3Zr2Si2PO12 (~320 meV) is low.\n")]
    assert got == [("DiffusionBarrier", 320.0)]


def test_greater_than_qualifies_the_value_not_the_property(vocab):
    got = [(c[1], c[3]) for c in _one(vocab, "All Li3InCl6 pellets display conductivity greater than 2 mS/cm.\n")]
    assert got == [("IonicConductivity", 2.0)]


def test_an_acronym_defined_after_a_label_stands_for_that_label(vocab):
    """"the initial coulombic efficiency (CE)": this CE is the initial one, not an average."""
    text = "The Li3InCl6 cell shows an initial coulombic efficiency (CE) as high as 96.2%.\n"
    assert [c[1] for c in _one(vocab, text)] == ["InitialCoulombicEfficiency"]
    assert [c[1] for c in _one(vocab, "The Li3InCl6 cell keeps a CE of 99.2% over 100 cycles.\n")] == [
        "AverageCoulombicEfficiency"]


def test_values_each_with_its_unit_listed_together_are_a_series(vocab):
    """"(2.9 V and 2.4 V)" after "X and Y" pairs by position, as "2.9 and 2.4 V" does, and
    the second value is named by the words before the first."""
    text = "The voltage windows of Li3InCl6 and Li3YCl6 (2.9 V and 2.4 V) differ.\n"
    got = {(c[0], c[1], c[3]) for c in _one(vocab, text)}
    assert got == {("Li3InCl6", "VoltageWindow", 2.9), ("Li3YCl6", "VoltageWindow", 2.4)}


def test_at_after_a_feature_or_a_level_is_a_result_not_a_condition(vocab):
    """"peaks at 1.69 and 2.56 V" place the peaks; "remained at 86 mAh g-1" is the capacity kept.
    "delivers 600 mAh g-1 at 0.5 A g-1" still makes the current a condition."""
    text = "In the Li2S cell, there is one pair of reduction and oxidation peaks at 1.69 and 2.56 V.\n"
    assert [(c[2], c[3]) for c in _one(vocab, text)] == [("oxidation peaks", 1.69), ("oxidation peaks", 2.56)]
    got = _one(vocab, "The capacity of Li2S remained at 85.9 mAh g-1 after 100 cycles.\n")
    assert [(c[1], c[3]) for c in got] == [("CapacityAfterCycling", 85.9)]
    assert [(c[1], c[3]) for c in _one(vocab, "Li2S delivers 600 mAh g-1 at 0.5 A g-1.\n")] == [("RateCapacity", 600.0)]


def test_a_cell_edge_in_a_sentence_about_the_lattice_is_a_lattice_parameter(vocab):
    got = _one(vocab, "Li3InCl6 has a monoclinic structure ( a = 6.4132(3) Å , c = 18.2410(9) Å ).\n")
    assert got == [("Li3InCl6", None, "lattice parameter a", 6.4132), ("Li3InCl6", None, "lattice parameter c", 18.241)]
    # without a lattice named, "a = 5 nm" is no cell edge
    assert _one(vocab, "The Li3InCl6 flakes grow until a = 5 nm.\n") == []


def test_numbers_without_a_unit_named_as_unitless_quantities(vocab):
    """Ratios, site occupancies and transference numbers have no unit; compositions, ratios of
    amounts, counts and site labels are not such values."""
    assert _one(vocab, "Li3InCl6 has a low Pugh's ratio of 0.31 and is soft.\n") == [("Li3InCl6", None, "Pugh's ratio", 0.31)]
    assert _one(vocab, "The Cl occupancy of Li3InCl6 is 0.962(4) from refinement.\n") == [
        ("Li3InCl6", None, "Cl occupancy", 0.962)]
    assert [c[1] for c in _one(vocab, "The Li+ transference number of Li3InCl6 is 0.93.\n")] == ["TransferenceNumber"]
    # named by its symbol, beside the name or instead of it
    for text in ("Li3InCl6 shows a high transference number (t+ ≈ 0.93).\n", "Li3InCl6 gives tLi+ = 0.93.\n"):
        assert [c[1:] for c in _one(vocab, text)] == [("TransferenceNumber", None, 0.93)], text
    for text in ("Li3InCl6 with x = 0.5 was mixed in a molar ratio of 3 for 20 batches.\n",
                 "The Li3InCl6 sample was held at t = 5 for 3 batches.\n",
                 "The number of Li3InCl6 samples was 12.\n",
                 "The occupancy of the Na(1) and Na(2) sites of Na3InCl6 is shown in Figure 3.\n"):
        assert _one(vocab, text) == [], text


def test_a_voltage_a_material_is_stable_up_to_is_its_stability_limit(vocab):
    assert _one(vocab, "Li3InCl6 is thermodynamically stable up to 4.12 V versus Li.\n") == [
        ("Li3InCl6", None, "stability limit", 4.12)]
    assert _one(vocab, "The high oxidative stability of Li3InCl6 (>4.3 V versus Li) allows bare LiCoO2.\n") == [
        ("Li3InCl6", None, "oxidative stability limit", 4.3)]
    # a range it is stable within is its voltage window
    assert [c[1] for c in _one(vocab, "Li3InCl6 is stable within the working potential from 0.9 to 4.3 V.\n")] == [
        "VoltageWindow"]
    # and so is the width of a stability window, given as one value
    assert [c[1:] for c in _one(vocab, "The narrow electrochemical stability window of Li3InCl6 (1.23 V) limits its use.\n")] == [
        ("VoltageWindow", None, 1.23)]


def test_how_long_or_how_often_a_cell_cycles(vocab):
    assert [c[1:] for c in _one(vocab, "The Li/Li3InCl6/Li cell can be stably cycled for up to 800 hours.\n")] == [
        ("SymmetricCellLifespan", None, 800.0)]
    assert [c[1:] for c in _one(vocab, "Over 2,000 cycles can be achieved with Li3InCl6 as catholyte.\n")] == [
        ("CycleLife", None, 2000.0)]
    # hours or cycles named by the cycling they lasted, before it or in brackets after it
    for text, metric, value in (
            ("The Zn@ZnF2 anode offered a 2500 h cycling performance in the symmetric cell.\n", "SymmetricCellLifespan", 2500.0),
            ("The ZnSe coated anode showed a long cycling stability (1500 h) at 10 mA cm-2.\n", "SymmetricCellLifespan", 1500.0),
            ("Li3InCl6 gives a long cycle life (over 3800 h).\n", "SymmetricCellLifespan", 3800.0),
            ("The Li3InCl6 cell shows good cycling stability (over 800 cycles even at 5C).\n", "CycleLife", 800.0)):
        assert [c[1:] for c in _one(vocab, text) if c[1] == metric] == [(metric, None, value)], text
    # a time the text gives for something else is no lifespan
    assert _one(vocab, "Li3InCl6 was annealed for 12 h before the cycling performance test.\n") == []
    # nor a time a noun of its own names ("relaxation time", "milling time"), unlike the cycling time
    for text in ("Li3InCl6 shows a relaxation time of 5 s in the impedance spectra.\n",
                 "Li3InCl6 was made with a milling time of 10 h.\n"):
        assert all(c[1] != "SymmetricCellLifespan" for c in _one(vocab, text)), text
    assert [c[1] for c in _one(vocab, "The Li/Li3InCl6/Li cell reached a cycling time of 900 h.\n")] == [
        "SymmetricCellLifespan"]


def test_the_pressure_a_cell_is_held_under_is_a_condition(vocab):
    got = _one(vocab, "The Li/Li3InCl6/Li cell cycled stably for 1000 h under a stack pressure of 5 MPa.\n")
    assert [c[1:] for c in got] == [("SymmetricCellLifespan", None, 1000.0)]
    assert _one(vocab, "The Li3InCl6 pellet was densified at an applied pressure of 360 MPa.\n") == []


def test_an_instruments_settings_are_no_values_of_the_material(vocab):
    for text in ("XPS spectra of Li3InCl6 were collected with a pass energy of 20 eV and a step of 0.1 eV.\n",
                 "SEM images of Li3InCl6 were taken at an accelerating voltage of 15 kV.\n"):
        assert _one(vocab, text) == [], text


def test_a_resistance_a_noun_of_its_own_names_is_no_charge_transfer_resistance(vocab):
    got = _one(vocab, "The Li3InCl6 pellet shows a bulk resistance of 120 Ω and a grain boundary resistance of 30 Ω.\n")
    assert [c[1:] for c in got] == [(None, "bulk resistance", 120.0), (None, "grain boundary resistance", 30.0)]


def test_a_metric_named_before_an_earlier_value_is_not_the_next_ones(vocab):
    """"a thickness of 800 µm and a diameter of 10 mm": the diameter is no thickness."""
    got = _one(vocab, "The Li3InCl6 pellet had a thickness of 800 µm and a diameter of 10 mm.\n")
    assert [c[1:] for c in got if c[1] == "LayerThickness"] == [("LayerThickness", None, 800.0)]
    # a value the words before it do not name again keeps the earlier name
    got = _one(vocab, "The ionic conductivity of Li3InCl6 is 1.5 mS cm-1 at 25 °C and 5.2 mS cm-1 at 80 °C.\n")
    assert sorted(c[3] for c in got if c[1] == "IonicConductivity") == [1.5, 5.2]


def test_where_the_test_took_the_cell_is_a_condition(vocab):
    for text in ("The Li3InCl6 cell was charged to 4.3 V and tested between 2.5 and 4.3 V.\n",
                 "Li3InCl6 cells were cycled at different current densities between 0.1 and 1.8 mA cm-2.\n",
                 "The Li3InCl6 cell in a scan range of 0 to 5 V was used.\n"):
        assert _one(vocab, text) == [], text


def test_a_verb_between_a_property_and_its_value_is_no_part_of_its_name(vocab):
    assert [c[1] for c in _one(vocab, "The room temperature conductivity of Li3InCl6 will range between 1 and 3 mS/cm.\n")] \
        == ["IonicConductivity"]
    # an author is no property: "reported by Tanaka et al. of 10.7 mS/cm"
    assert all(c[2] != "Tanaka et al" for c in _one(vocab, "Li3InCl6 was reported by Tanaka et al. of 10.7 mS/cm.\n"))


def test_what_a_symmetric_cell_is_cycled_with_is_a_condition(vocab):
    """An areal capacity a cell is cycled "with", and a current no metric names, say how the
    test ran; a cycling stability "over 900 h" is the cell's lifespan."""
    assert _one(vocab, "The Li3InCl6-coated Zn symmetric cell was cycled at 2 mA cm-2 with a capacity of 1 mA h cm-2.\n") == []
    assert _one(vocab, "Discharge curves with current density 500 mA g-1 of Li3InCl6 cathodes.\n") == []
    assert [c[1] for c in _one(vocab, "The Li3InCl6-coated Zn cell shows a cycling stability over 900 h.\n")] == [
        "SymmetricCellLifespan"]
    # a change names no property: "increases from 0.5 to 4 mA cm-2"
    assert _one(vocab, "When the plating of Li3InCl6 increases to 1.0 mA h cm-2, the layer is smooth.\n") == []


def test_a_value_is_the_value_of_what_the_sentence_measures(vocab):
    text = "The conductivity of dense Li3InCl6 agrees with our computed value of ~0.170 S cm-1.\n"
    assert [c[1:] for c in _one(vocab, text)] == [("IonicConductivity", None, 0.17)]


def test_an_error_alone_or_a_state_of_charge_is_no_value(vocab):
    assert _one(vocab, "The Li3InCl6 model reproduces the migration barriers with an RMS error of ~±38 meV.\n") == []
    assert _one(vocab, "At the full charge state of 2.8 V, the peaks of Li3InCl6 vanish.\n") == []


def test_a_value_given_for_a_second_material_in_turn_is_what_the_first_is(vocab):
    text = "Grains showed grain sizes of <500 nm (Li3InCl6) and ~20-40 µm (Li3YCl6).\n"
    assert [c[:3] for c in _one(vocab, text)] == [("Li3InCl6", None, "grain sizes"), ("Li3YCl6", None, "grain sizes")]
    # a value of another kind after it is not paired with it
    assert _one(vocab, "The cell was cycled at 0.1 mA cm-2 (Li3InCl6) and 5 V.\n") == []


def test_the_time_a_failing_cell_lasted_is_its_lifespan(vocab):
    text = "The potential of the Li3InCl6 cell rises suddenly after ~12.5 h, indicating a short circuit.\n"
    assert [c[1:] for c in _one(vocab, text)] == [("SymmetricCellLifespan", None, 12.5)]
    # a time after which something is measured, in a cell that does not fail, is no lifespan
    assert _one(vocab, "The impedance of the Li3InCl6 cell was recorded after 12 h of rest.\n") == []


def test_a_share_of_the_capacity_kept_is_the_capacity_retention(vocab):
    """"keeps 81% of its capacity" names no metric label, but it is a capacity retention; a share
    of something else ("30% of the binder") is not."""
    assert _one(vocab, "The Na3SbS4 cell keeps 81% of its capacity after 300 cycles.\n") == [
        ("Na3SbS4", "CapacityRetention", None, 81.0)]
    assert [metric for _, metric, *_ in _one(vocab, "The Na3SbS4 cathode holds 30% of the binder.\n")] == [None]


def test_a_time_followed_by_the_cycling_it_lasted_is_a_lifespan(vocab):
    found = _one(vocab, "The Li|Li3InCl6|Li cell showed 1200 hours of steady lithium plating/stripping at 0.2 mA cm-2.\n")
    assert [(metric, value) for _, metric, _, value in found] == [("SymmetricCellLifespan", 1200.0)]
    # a time spent on something else is no lifespan
    assert [metric for _, metric, *_ in _one(
        vocab, "The Li3InCl6 powder needed 12 hours of ball milling before pressing.\n")] != ["SymmetricCellLifespan"]


def test_cycles_a_cell_cycled_over_are_its_cycle_life(vocab):
    """"can cycle over 900 cycles" is what the cell achieved; "after cycling for 100 cycles"
    is the condition of the value that follows."""
    found = _one(vocab, "The Na3SbS4 cell can cycle over 900 cycles with 85% capacity retention.\n")
    assert ("CycleLife", 900.0) in [(metric, value) for _, metric, _, value in found]
    found = _one(vocab, "After cycling for 100 cycles, the Na3SbS4 cell keeps 85% capacity retention.\n")
    assert [(metric, value) for _, metric, _, value in found] == [("CapacityRetention", 85.0)]


def test_a_voltage_gap_is_an_overpotential(vocab):
    found = _one(vocab, "The voltage gap of the Na3SbS4 cell is 420 mV.\n")
    assert [(metric, value) for _, metric, _, value in found] == [("Overpotential", 420.0)]


def test_a_length_printed_right_after_an_ion_is_its_radius(vocab):
    """No label of the metric is printed in "(Br−, 196 pm)", but a length given for an ion is its size."""
    found = _one(vocab, "In LiGaBr4 the anion is large (Br−, 196 pm) and soft.\n")
    assert [(name, metric, value) for name, metric, _, value in found] == [("Br−", "IonicRadius", 196.0)]


def test_a_value_of_a_coordinated_subject_belongs_to_each_member(vocab):
    """"A and B exhibit X": the predicate holds for each; a series is still paired by position
    and a value in parentheses after one member is still that member's."""
    assert _one(vocab, "Li3InCl6, Li3YCl6 and Li3ScCl6 show ionic conductivities above 1 mS cm-1.\n") == [
        ("Li3InCl6", "IonicConductivity", None, 1.0), ("Li3ScCl6", "IonicConductivity", None, 1.0),
        ("Li3YCl6", "IonicConductivity", None, 1.0)]
    assert _one(vocab, "The band gaps of SnO2 and SnSe2 are 3.8 and 1.0 eV, respectively.\n") == [
        ("SnO2", "BandGap", None, 3.8), ("SnSe2", "BandGap", None, 1.0)]
    assert [c[0] for c in _one(vocab, "The ionic conductivities of Li3YCl6 and Li3ScCl6 (1.5 mS cm-1) are high.\n")] == [
        "Li3ScCl6"]
    # the parts of one material are not its members: one value, as before
    assert len(_one(vocab, "A composite of Li3InCl6 and Li3YCl6 shows an ionic conductivity of 1 mS cm-1.\n")) == 1


def test_a_value_in_markdown_latex_is_read_like_plain_text(vocab):
    """Papers converted to Markdown print values as LaTeX ("${0.62}\\mathrm{\\;V}$"): the words
    around them name the metric and the material as in plain text, and the quote stays the
    source's."""
    text = "The MgV2O4 cathode shows a reduction peak at ${0.62}\\mathrm{\\;V}$ versus Ag/AgCl.\n"
    (c,) = [c for c in candidates(load_bytes("x.md", text.encode()), vocab) if c.quantity]
    assert (c.material.name, c.property_text, c.quantity.value, c.quantity.surface) == (
        "MgV2O4", "reduction peak", 0.62, "0.62}\\mathrm{\\;V}$")
    text = "The MgV2O4 cathode delivers a capacity of ${131}\\mathrm{\\;{mA}}$ .hour ${\\mathrm{g}}^{-1}$ at 1 A g-1.\n"
    assert _one(vocab, text) == [("MgV2O4", "RateCapacity", None, 131.0)]


def test_a_range_printed_from_its_upper_end_is_one_range(vocab):
    """"a plateau of 2.6 to 2.0 V" is the range 2.0-2.6 V (the guideline writes the smaller end
    first); "drops from 2.6 to 2.0 V" gives the two ends of a change, no range."""
    def ranges(text):
        doc = load_bytes("x.txt", text.encode())
        return [(c.quantity.value, c.quantity.value_max) for c in candidates(doc, vocab) if c.quantity]
    assert ranges("The MgV2O4 cell shows a discharge voltage plateau of 2.6 to 2.0 V.\n") == [(2.0, 2.6)]
    # (each end is a value of what changes, as labellers split changes)
    assert ranges("The discharge voltage of the MgV2O4 cell drops from 2.6 to 2.0 V.\n") == [(2.6, None), (2.0, None)]


def test_a_parenthesis_listing_values_of_several_samples_gives_the_property_before_it(vocab):
    """"its relative density (~85% for A, ~91% for B)" gives each sample's relative density; a
    single value in a parenthesis after describing words ("a high relative density (95%)") is
    not read as that property."""
    listed = "Li3YCl6 is stiffer than Li3InCl6 owing to its higher relative density (~85% for Li3YCl6, ~91% for Li3InCl6).\n"
    assert _one(vocab, listed) == [("Li3InCl6", None, "higher relative density", 91.0),
                                   ("Li3YCl6", None, "higher relative density", 85.0)]
    pair = "The Li3YCl6 pellets were pressed to relative densities (>70% and >90%).\n"
    assert [value for *_, value in _one(vocab, pair)] == [70.0, 90.0]
    assert _one(vocab, "The Li3YCl6 electrolyte shows a high relative density (95%).\n") == []


def test_a_part_of_a_ratio_and_the_window_after_a_value_are_no_results(vocab):
    """"(Li3YCl6:carbon = 70%:30%)" is a recipe, not a value of Li3YCl6; a range right after a
    capacity ("120 mA hour g-1 between 2.6 and 1.6 V") is the window it was measured in."""
    assert _one(vocab, "The Li3YCl6 composite (Li3YCl6:carbon black = 70%:30%) was pressed into pellets.\n") == []
    found = _one(vocab, "The MgV2O4 cathode delivers a specific capacity of 120 mA hour g-1 between 2.6 and 1.6 V.\n")
    assert found == [("MgV2O4", "SpecificCapacity", None, 120.0)]


def test_a_markdown_table_among_the_prose_is_not_read_as_a_sentence(vocab):
    """A pipe table that a conversion left in the text: its cells repeat a spanning header's
    words in every column, and no words before a cell name what it holds."""
    table = ("| Cathode (LiCoO2, 150 mAh g-1) | Cathode (LiCoO2, 150 mAh g-1) | Thickness |\n"
             "|---|---|---|\n| Loading | 12 | 80 |\n")
    assert _one(vocab, table) == []
    assert _one(vocab, "The LiCoO2 cathode delivers 150 mAh g-1 in the cell | shown above.\n") != []


def test_words_naming_a_family_end_whose_property_a_parenthesis_gives(vocab):
    text = "The conductivity values predicted in the Li3YCl6 family (2 mS/cm and 8 mS/cm) are high.\n"
    assert _one(vocab, text) == [("Li3YCl6", "IonicConductivity", None, 2.0), ("Li3YCl6", "IonicConductivity", None, 8.0)]


def test_an_impurity_is_not_the_subject_of_its_content(vocab):
    text = ("The Li3YCl6 powder was annealed at 500 °C for 5 h. The refinement shows that the content of "
            "LiCl impurity is about 3 wt%.\n")
    assert [(m, value) for m, metric, _, value in _one(vocab, text) if value == 3.0] == [("Li3YCl6", 3.0)]


def test_a_value_naming_a_reference_line_is_no_measurement(vocab):
    text = "The conductivity of Li3YCl6 only crosses the 1 mS/cm line, while Li3InCl6 reaches the 10 mS/cm and 100 mS/cm lines.\n"
    assert _one(vocab, text) == []
    assert _one(vocab, "The conductivity of Li3YCl6 is 1 mS/cm, above the line of its parent.\n") == [
        ("Li3YCl6", "IonicConductivity", None, 1.0)]


def test_a_range_in_brackets_is_the_value_of_the_property_named_before_them(vocab):
    text = "The Zn/MnO2 cell shows a sloping voltage plateau (1.6 to 1.3 V) and a long cycle life (800 cycles).\n"
    assert [(m, metric, phrase, value) for m, metric, phrase, value in _one(vocab, text) if metric != "CycleLife"] == [
        ("Zn/MnO2", None, "sloping voltage plateau", 1.3)]


def test_an_outlook_states_no_measured_value(vocab):
    for text in ("To achieve 400 Wh kg-1, the Li3InCl6 cathode loading should exceed 20 mg cm-2.\n",
                 "Future work on Li3InCl6 will target an ionic conductivity of 10 mS cm-1.\n",
                 "Li3InCl6 is expected to reach 5 mS cm-1 after doping.\n"):
        assert _one(vocab, text) == [], text
    # "it should be mentioned that" introduces a finding
    assert [c[1:] for c in _one(vocab, "It should be mentioned that Li3InCl6 shows an ionic conductivity of 1.5 mS cm-1.\n")] == [
        ("IonicConductivity", None, 1.5)]


def test_an_unqualified_potential_of_a_material_is_its_own(vocab):
    """Several metrics end in "potential"; a material's potential no words qualify further is its
    redox potential, not a catalyst's onset or half-wave potential."""
    got = _one(vocab, "Li metal has the lowest electrochemical potential of -3.04 V vs. SHE.\n")
    assert [c[1:] for c in got] == [("RedoxPotential", None, -3.04)]


def test_a_critical_current_density_is_a_result_the_currents_a_test_ran_at_are_not(vocab):
    assert [c[1:] for c in _one(vocab, "The Li/Li3InCl6/Li cell shows a critical current density of 0.8 mA cm-2.\n")] == [
        ("CriticalCurrentDensity", None, 0.8)]
    assert _one(vocab, "The Li/Li3InCl6/Li cell was cycled at current densities of 0.1, 0.2, 0.5 and 1.0 mA cm-2.\n") == []
    # where the cells fail at them, they are critical ones
    got = _one(vocab, "The Li/Li3InCl6/Li cells short-circuit at current densities of 0.4 and 0.9 mA cm-2.\n")
    assert {c[3] for c in got if c[1] == "CriticalCurrentDensity"} == {0.4, 0.9}


def test_a_verb_before_a_value_is_no_property_name(vocab):
    assert _one(vocab, "Li3InCl6 contains about 5 wt% LiCl.\n") == []
    assert all(c[2] != "loses" for c in _one(vocab, "Li3InCl6 loses 2% of its mass in the TGA curve.\n"))


def test_how_well_a_fit_matches_is_no_value_of_the_material(vocab):
    for text in ("Rietveld refinement of Li3InCl6 gives a weighted profile R factor of 5.2%.\n",
                 "The fit of the Li3InCl6 spectra leaves residuals of 0.5%.\n"):
        assert _one(vocab, text) == [], text


def test_a_specific_capacitance_in_farads_per_gram(vocab):
    from heterokg.vocabulary import parse_unit

    assert [c[1:] for c in _one(vocab, "The Ni-MOF/Co3O4 electrode exhibited a specific capacitance of 1200 F g-1 at 1 A g-1.\n")] == [
        ("SpecificCapacitance", None, 1200.0)]
    assert vocab.unit_for(parse_unit("farad / gram")).iri.endswith("FaradPerGram")


def test_a_conductivity_no_words_name_is_the_ionic_one(vocab):
    got = _one(vocab, "Sulfides such as Li10GeP2S12 (12 mS cm-1) and Li6PS5Cl (3 mS cm-1) are promising electrolytes.\n")
    assert [c[1:] for c in got] == [("IonicConductivity", None, 12.0), ("IonicConductivity", None, 3.0)]
    # an electronic one is named so
    got = _one(vocab, "The electronic conductivity of Li3InCl6 is low (2 × 10-9 S cm-1).\n")
    assert [c[1] for c in got] == ["ElectronicConductivity"]


def test_a_hyphenated_thickness_names_the_layer_after_it(vocab):
    got = _one(vocab, "XPS depth profiling reveals a 15-nm-thick LiF interphase on Li3InCl6.\n")
    assert got == [("LiF", "LayerThickness", None, 15.0)]


def test_a_corrosion_current_density_is_no_critical_or_exchange_one(vocab):
    got = _one(vocab, "The ZnS-coated Zn shows a corrosion current density of 0.2 mA cm-2.\n")
    assert not {c[1] for c in got} & {"CriticalCurrentDensity", "ExchangeCurrentDensity"}


def test_a_change_names_the_quantity_at_both_its_ends(vocab):
    """A change of a quantity no metric names, "decreases from A for X to B for Y and C for Z",
    "grows by", "increases it to": each value is that quantity, of the material after it; a cell
    edge is named by its letter before "increases from"."""
    got = _one(vocab, "The refined lattice parameter decreases from 9.86 Å for Li6PS5Cl (LPSC) to "
                      "9.83 Å for Li5.5PS4.5Cl1.5 (LPSC1.5) and 9.81 Å for Li5.3PS4.3Cl1.7 (LPSC1.7).\n")
    assert set(got) == {("Li6PS5Cl", None, "refined lattice parameter", 9.86),
                        ("Li5.5PS4.5Cl1.5", None, "refined lattice parameter", 9.83),
                        ("Li5.3PS4.3Cl1.7", None, "refined lattice parameter", 9.81)}
    got = _one(vocab, "In the unit cell of Na2ZrCl6, a increases from 6.74 Å to 6.81 Å, and the cell volume grows by 2.1 %.\n")
    assert {c[2:] for c in got} == {("lattice parameter a", 6.74), ("lattice parameter a", 6.81), ("cell volume", 2.1)}
    got = _one(vocab, "The crystallite size of Na2ZrCl6 is 18 nm, and annealing at 250 °C increases it to 45 nm.\n")
    assert {c[2:] for c in got} == {("crystallite size", 18.0), ("crystallite size", 45.0)}


def test_a_contrasting_clause_and_a_pronoun_say_whose_value_it_is(vocab):
    """A value after "while"/"whereas" belongs to the material that clause turns to, not to the
    composite the sentence began with; a value "for the cell with bare X" compared with the
    sentence's own is X's; "Its ..." is the last sentence's subject's, not the electrodes'
    it was measured with."""
    got = _one(vocab, "The Li|Li6PS5Cl|Li cell cycles for 1000 h, whereas the Li3PS4 cell short-circuits after 230 h.\n")
    assert ("Li3PS4", "SymmetricCellLifespan", None, 230.0) in got
    got = _one(vocab, "After 200 cycles, the LiNbO3@LiCoO2 cell retains 88 % of its capacity, "
                      "compared with 61 % for the cell with bare LiCoO2.\n")
    assert ("LiCoO2", "CapacityRetention", None, 61.0) in got
    got = _one(vocab, "Li3InCl6 conducts Li+ well. Its electronic conductivity, measured with blocking Au "
                      "electrodes, is as low as 3.2 × 10-9 S cm-1.\n")
    assert [c[:2] for c in got if c[1] == "ElectronicConductivity"] == [("Li3InCl6", "ElectronicConductivity")]


def test_a_current_density_the_test_applies_is_no_critical_or_exchange_one(vocab):
    """A current density the words name plainly ("increasing the current density to", "the
    current density stepwise from"), even after a critical current density's label, is the
    test's setting; a critical one named so, or "the current density at which" cells fail, is
    a result."""
    assert _one(vocab, "Increasing the current density to 0.3 mA cm−2 raises the overpotential of the "
                       "Li|Li3PS4|Li cell to 68 mV.\n") == [("Li|Li3PS4|Li", "Overpotential", None, 68.0)]
    assert _one(vocab, "The critical current density (CCD) of Li|Li3PS4|Li cells was determined by increasing "
                       "the current density stepwise from 0.1 mA cm−2 in steps of 0.1 mA cm−2.\n") == []
    assert _one(vocab, "The critical current density of the Li|Li3PS4|Li cell, the current density at which it "
                       "short-circuits, is 1.3 mA cm−2.\n") == [("Li|Li3PS4|Li", "CriticalCurrentDensity", None, 1.3)]


def test_a_failure_current_and_a_time_a_cell_lasted_are_read_by_their_verbs(vocab):
    """No label is printed, but the verbs say it: the current density a short circuit occurred
    at is the critical one (a compared one too); the hours a cell "is stable for" or "runs for"
    are its cycling lifespan, unless the sentence is about a sample kept in air."""
    got = _one(vocab, "Short circuit occurred at 1.3 mA cm−2 for Li6PS5Cl, compared with 0.7 mA cm−2 for Li3PS4.\n")
    assert got == [("Li3PS4", "CriticalCurrentDensity", None, 0.7), ("Li6PS5Cl", "CriticalCurrentDensity", None, 1.3)]
    assert _one(vocab, "The Na|Na3Zr2Si2PO12|Na cell is stable for more than 800 h.\n") == [
        ("Na|Na3Zr2Si2PO12|Na", "SymmetricCellLifespan", None, 800.0)]
    assert _one(vocab, "The Li3InCl6 cell runs for 1000 h.\n") == [("Li3InCl6", "SymmetricCellLifespan", None, 1000.0)]
    assert _one(vocab, "Li3InCl6 is stable for 24 h in humid air.\n") == []


def test_a_time_a_cell_or_anode_sustained_or_withstood_is_its_lifespan(vocab):
    """Reviews say a cell "sustained 800 h", "achieved 3000 h" or that an anode "withstood
    10 mA cm-2 for 500 h": the hours are its cycling lifespan; a sample kept in air is not."""
    assert _one(vocab, "The Li3InCl6 symmetric cell sustained 800 h at 0.5 mA cm−2.\n") == [
        ("Li3InCl6", "SymmetricCellLifespan", None, 800.0)]
    assert _one(vocab, "The Na3Zr2Si2PO12 symmetric cell achieved 3000 h.\n") == [
        ("Na3Zr2Si2PO12", "SymmetricCellLifespan", None, 3000.0)]
    assert _one(vocab, "With a Li3InCl6 layer, the anode withstood 10 mA cm−2 for 500 h.\n") == [
        ("Li3InCl6", "SymmetricCellLifespan", None, 500.0)]
    assert _one(vocab, "The Li3InCl6 pellet withstood exposure to humid air for 24 h.\n") == []


def test_a_time_a_sample_was_processed_or_a_measurement_taken_is_no_lifespan(vocab):
    """Hours spent making a sample ("ball milling for a longer time (20 h instead of 10 h)") or
    the moment a measurement was taken ("before and after 100 h of cycling", "during the first
    500 h") are settings; the hours after which a cell failed are its lifespan."""
    assert _one(vocab, "Ball milling Li3YCl6 for a longer time (20 h instead of 10 h) raises its conductivity "
                       "to 0.5 mS cm−1.\n") == [("Li3YCl6", "IonicConductivity", None, 0.5)]
    assert _one(vocab, "The overpotential of the Li|Li3PS4|Li cell increases from 18 to 24 mV during the first 500 h.\n") == [
        ("Li|Li3PS4|Li", "Overpotential", None, 18.0), ("Li|Li3PS4|Li", "Overpotential", None, 24.0)]
    assert _one(vocab, "Nyquist plots of the Li|Li3PS4|Li cell were recorded before and after 100 h of cycling.\n") == []
    assert _one(vocab, "The Li|Li3PS4|Li cell short-circuits after 230 h.\n") == [
        ("Li|Li3PS4|Li", "SymmetricCellLifespan", None, 230.0)]


def test_a_retained_share_and_a_small_polarization_are_read_by_their_words(vocab):
    """"only 54 % is retained after 100 cycles" is a capacity retention; "a small polarization of
    25 mV" an overpotential ("small" qualifies the head, it names no quantity of its own)."""
    got = _one(vocab, "With Li3PS4 in the cathode, only 54 % is retained after 100 cycles.\n")
    assert [c[1:] for c in got] == [("CapacityRetention", None, 54.0)]
    assert _one(vocab, "The Li|Li3PS4|Li cell shows a small polarization of 25 mV.\n") == [
        ("Li|Li3PS4|Li", "Overpotential", None, 25.0)]


def test_a_samples_acronym_owns_the_property_before_it_and_unity_is_no_name(vocab):
    """"the measured density of NZC is" names a density, of the sample the acronym stands for,
    as "of Na2ZrCl6" would; "close to unity (>0.999)" says how big a transference number is."""
    assert property_phrase("The measured density of NZC is 2.61 g cm-3", len("The measured density of NZC is ")) \
        == "measured density"
    got = _one(vocab, "We made Na2ZrCl6 (NZC). The measured density of NZC is 2.61 g cm-3.\n")
    assert got == [("Na2ZrCl6", None, "measured density", 2.61)]
    got = _one(vocab, "The electronic conductivity of Li3InCl6 is 4.5 × 10−10 S cm−1, which gives an ionic "
                      "transference number close to unity (>0.999).\n")
    assert ("Li3InCl6", "TransferenceNumber", None, 0.999) in got


def test_where_an_electrolyte_starts_to_decompose_is_its_stability_limit(vocab):
    """"an oxidation onset at 2.5 V", "the oxidation limit of X (2.6 V)", "is reduced below 1.1 V":
    the side's stability limit, though "at" or "below" would make a voltage a test's setting."""
    assert _one(vocab, "LSV of Li6PS5Cl shows an oxidation onset at 2.5 V vs. Li+/Li and a reduction onset at 1.7 V.\n") == [
        ("Li6PS5Cl", None, "oxidative stability limit", 2.5), ("Li6PS5Cl", None, "reductive stability limit", 1.7)]
    assert _one(vocab, "No appreciable current is observed below 3.8 V vs. Na+/Na for Na2ZrCl6, far above the "
                       "oxidation limit of Na3PS4 (2.6 V).\n") == [
        ("Na3PS4", None, "oxidative stability limit", 2.6)]
    assert _one(vocab, "In contrast, Na2ZrCl6 is reduced below 1.1 V.\n") == [("Na2ZrCl6", None, "reductive stability limit", 1.1)]
    assert _one(vocab, "The Li3InCl6 cell was charged at 4.3 V.\n") == []


def test_a_property_changed_to_its_value_and_a_samples_acronym_joined_by_at_or_slash(vocab):
    """"the X barrier at the interface is lowered to 0.52 eV": the participle links the name to
    the value and "at the interface" is where it holds; "the Y contribution of CMS@C increases
    from 58 %": a sample's acronym joined by "@" or "/" is whose the property is."""
    from heterokg.claims.measurements import property_phrase
    text = "The hydrogen spillover barrier at the interface is lowered to 0.52 eV."
    assert property_phrase(text, text.index("0.52")) == "hydrogen spillover barrier"
    text = "The capacitive contribution of CMS@C increases from 58 % at 0.1 mV s-1."
    assert property_phrase(text, text.index("58")) == "capacitive contribution"
    text = "The capacitive contribution of CNP/CC rises to 81 % at 1 mV s-1."
    assert property_phrase(text, text.index("81")) == "capacitive contribution"
    text = "The relative humidity was controlled to 35 % during the test."
    assert property_phrase(text, text.index("35")) is None  # a setting, not a change
