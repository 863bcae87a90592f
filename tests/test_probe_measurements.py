"""Measurement claims on made-up sentences of the kind any results section holds, written
from probes of text the extractor was never developed on (a coated cathode in a solid-state
cell, a heterostructure interlayer in a Li-S cell). Each case is what a reader would record
by hand from the sentence alone."""

from __future__ import annotations

import pytest

from heterokg.claims.extract import candidates
from heterokg.claims.names import named_samples
from heterokg.documents import load_bytes
from heterokg.normalise.materials import find_material_mentions
from heterokg.vocabulary import load as load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _measured(vocab, text: str) -> list[tuple]:
    doc = load_bytes("made-up.md", ("# A paper\n\n## Results\n\n" + text + "\n").encode("utf-8"))
    return [(c.metric, c.quantity.value, c.material.name) for c in candidates(doc, vocab)
            if c.kind in ("performance", "property")]


def test_a_sample_named_core_at_shell_with_its_own_acronyms_is_a_material():
    # "@" is the notation of a coated or encapsulated material: the name is the sample's even
    # where chemistry reads none of its parts
    found = {m.surface: m.info.components for m in find_material_mentions(
        "the LNO1@NCM cathode and the MSN@NCNF-modified separator and the LNO@NCM samples")}
    assert found == {"LNO1@NCM": ["LNO1", "NCM"], "MSN@NCNF": ["MSN", "NCNF"], "LNO@NCM": ["LNO", "NCM"]}


def test_an_acronym_before_a_comma_is_not_repaired_into_a_formula():
    # "NCNF," is not an OCR'd "NCNF4"
    assert [m.surface for m in find_material_mentions("for MSN@NCNF and MoS2@NCNF, respectively")] == [
        "MSN@NCNF", "MoS2@NCNF"]


def test_values_of_a_sample_named_by_acronyms(vocab):
    assert _measured(vocab, "The LNO1@NCM cathode retains 178 and 149 mAh g-1 at 0.2 and 1 C, respectively.") == [
        ("RateCapacity", 178.0, "LNO1@NCM"), ("RateCapacity", 149.0, "LNO1@NCM")]


_TABLE = """# A paper

## Results

The cells were cycled at 30 °C.

Table 1. Electrochemical data of the interlayers.

| Sample | Coating thickness (nm) | Capacity at 0.2 C (mAh g−1) | ICE (%) | Eads of Li2S6 (eV) | R int (Ω cm2) |
|---|---|---|---|---|---|
| NCM83 | – | 181.2 | 79.5 | −1.12 | 196 |
| LNO1@NCM | 4 | 203.4 | 88.6 | −2.87 | 38 |

The coated sample is better.
"""


def test_a_markdown_table_after_its_caption_is_read_by_its_column_headers(vocab):
    # each value by the header of its column (a label's words, an acronym, or a capacity in
    # mAh g-1 as prose prints one), about the row's first cell; a column whose header names
    # no metric (Ω cm2) is left alone
    doc = load_bytes("made-up.md", _TABLE.encode("utf-8"))
    found = sorted((c.metric, c.quantity.value, c.material.name, c.kind, c.evidence.source_part)
                   for c in candidates(doc, vocab) if c.kind in ("performance", "property"))
    assert found == sorted([
        ("SpecificCapacity", 181.2, "NCM83", "performance", "table"),
        ("InitialCoulombicEfficiency", 79.5, "NCM83", "performance", "table"),
        ("AdsorptionEnergy", -1.12, "NCM83", "property", "table"),
        ("LayerThickness", 4.0, "LNO1@NCM", "property", "table"),
        ("SpecificCapacity", 203.4, "LNO1@NCM", "performance", "table"),
        ("InitialCoulombicEfficiency", 88.6, "LNO1@NCM", "performance", "table"),
        ("AdsorptionEnergy", -2.87, "LNO1@NCM", "property", "table"),
    ])


def test_an_initial_capacity_at_a_rate_is_no_point_of_the_rate_test(vocab):
    # a stated rate makes a capacity a rate-test point, but the first cycle's capacity is the
    # specific capacity every test starts with; one after N cycles is still a cycled capacity
    assert _measured(vocab, "At 0.1 C, the LNO1@NCM cathode delivers an initial discharge capacity of 203.4 mAh g-1.") == [
        ("SpecificCapacity", 203.4, "LNO1@NCM")]
    assert _measured(vocab, "Cycling of the MSN@NCNF cell at 1 C shows an initial capacity of 1023 mAh g-1 and "
                            "745 mAh g-1 after 1000 cycles.") == [
        ("SpecificCapacity", 1023.0, "MSN@NCNF"), ("CapacityAfterCycling", 745.0, "MSN@NCNF")]
    assert _measured(vocab, "The LNO1@NCM cathode delivers a discharge capacity of 165 mAh g-1 at 0.5 C.") == [
        ("RateCapacity", 165.0, "LNO1@NCM")]


def test_a_share_kept_over_cycles_is_a_capacity_retention(vocab):
    # "retains 84 % over the same 300 cycles": no word of capacity, but what a cell keeps over
    # its cycles is its capacity; a share kept of something else over no cycles is not
    assert _measured(vocab, "The thickest coating (LNO2@NCM) retains 84.0 % over the same 300 cycles.") == [
        ("CapacityRetention", 84.0, "LNO2@NCM")]
    assert _measured(vocab, "The LNO1@NCM cathode delivers 221.3 mAh g-1 at 0.1 C and retains 82.5 % after 200 cycles.")[-1] == (
        "CapacityRetention", 82.5, "LNO1@NCM")
    assert [m for m in _measured(vocab, "The LNO1@NCM powder retains 5 % of the LiOH impurity.") if m[0]] == []


def test_a_bare_baseline_owns_the_values_of_its_contrasting_clause(vocab):
    # "bare" marks what a coating is compared with, but in a clause of its own ("whereas that
    # of bare X grows ...") the values told are the bare material's
    assert _measured(vocab, "The Rct of the LNO1@NCM cell grows from 12.4 to 21.7 Ω, whereas that of bare "
                            "LiNiO2 grows from 45.2 to 310.5 Ω.") == [
        ("ChargeTransferResistance", 12.4, "LNO1@NCM"), ("ChargeTransferResistance", 21.7, "LNO1@NCM"),
        ("ChargeTransferResistance", 45.2, "LiNiO2"), ("ChargeTransferResistance", 310.5, "LiNiO2")]
    # a value compared with the bare one stays the subject's
    assert _measured(vocab, "The Rct of the LNO1@NCM cell, while lower than bare LiNiO2, is 12.4 Ω.") == [
        ("ChargeTransferResistance", 12.4, "LNO1@NCM")]


def test_a_c_rate_before_a_full_stop_ends_the_sentence():
    # "2 C." is no initial: the next sentence's values take no condition from this one
    from heterokg.documents.sentences import split_spans

    text = "The bare electrode delivers only 62 mAh g-1 at 2 C. When the rate is returned to 0.1 C, 198 mAh g-1 is recovered."
    assert [text[a:b] for a, b in split_spans(text)] == [
        "The bare electrode delivers only 62 mAh g-1 at 2 C.",
        "When the rate is returned to 0.1 C, 198 mAh g-1 is recovered."]


def test_a_polarization_potential_is_an_overpotential(vocab):
    assert _measured(vocab, "The polarization potential of the MSN@NCNF cell between its plateaus is 148 mV.") == [
        ("Overpotential", 148.0, "MSN@NCNF")]


def test_a_length_told_of_a_layer_is_its_thickness(vocab):
    assert _measured(vocab, "The HRTEM image of LNO1@NCM shows a ∼4 nm LiNbO3 layer.") == [
        ("LayerThickness", 4.0, "LiNbO3")]
    assert _measured(vocab, "The Li anode is covered by a porous passivation layer of 42 μm.") == [
        ("LayerThickness", 42.0, "Li")]
    # the grains a layer is made of are no thickness
    assert [m[0] for m in _measured(vocab, "The LiNbO3 forms a layer of 5 nm particles.")] != ["LayerThickness"]


def test_an_absolute_difference_is_no_value_of_the_metric(vocab):
    # "40 mV higher than" is by how much, not a voltage of either electrode; a share ("~10%
    # higher than") is the relative difference papers report, and stays
    assert _measured(vocab, "The average discharge voltage of LNO1@NCM is 3.78 V, and it is 40 mV higher than that of "
                            "the pristine electrode.") == [("AverageVoltage", 3.78, "LNO1@NCM")]


def test_what_a_value_is_some_times_is_its_baseline(vocab):
    # "nearly three times that of Y": Y is what the value is compared with, so the value falls
    # to the paragraph's subject, not to Y
    text = ("The MSN@NCNF interlayer shows a pore size of 3.8 nm. Its electronic conductivity is 12.5 S cm-1, "
            "nearly three times that of MoS2@NCNF.")
    assert ("ElectronicConductivity", 12.5, "MSN@NCNF") in _measured(vocab, text)


def test_and_before_what_a_cell_does_next_starts_a_clause_of_its_own():
    # the 200 cycles are the retention's, not the capacity's
    from heterokg.normalise import find_measurement_context, find_quantities

    text = "The cathode delivers 221.3 mAh g-1 at 0.1 C and retains 82.5 % after 200 cycles."
    capacity = next(q for q in find_quantities(text) if q.value == 221.3)
    assert sorted(find_measurement_context(text, capacity)) == ["c_rate"]


def test_two_digit_powers_of_ten_of_a_diffusion_coefficient():
    # "10 −11" is a superscript flattened; ten to eleven cm2 s-1 is no diffusion coefficient
    from heterokg.normalise import find_quantities

    def read(text):
        return [(q.value, q.value_max) for q in find_quantities(text)]

    assert read("in the range of 10 −11 to 10 −10 cm2 s −1") == [(1e-11, 1e-10)]
    assert read("a D of 10 −11 cm2 s −1") == [(1e-11, None)]
    assert read("an electronic conductivity of 10-11 S cm-1") == [(1e-11, None)]
    # a range of ten to twelve is one where such values exist
    assert read("a conductivity of 10-12 mS cm-1") == [(10.0, 12.0)]
    assert read("grains of 10-12 nm") == [(10.0, 12.0)]


# From probes on Li-metal-anode and polymer-electrolyte text.

def test_a_cells_capacity_ratio_is_no_material():
    # "N/P" (negative to positive capacity) and "E/S" (electrolyte to sulfur) read as element
    # symbols joined by a slash, but they are a cell's settings
    text = "a thin LiF@Li foil (N/P = 2.5) and an N/P ratio of 3 with an E/S ratio of 5"
    assert [text[m.start:m.end] for m in find_material_mentions(text)] == ["LiF@Li"]


def test_values_of_a_full_cell_with_its_capacity_ratio_are_the_cells(vocab):
    found = _measured(vocab, "With a thin Li3N@Li foil (N/P = 2.5), the full cell shows a capacity retention "
                             "of 84.2% after 200 cycles.")
    assert [(m, v) for m, v, _ in found] == [("CapacityRetention", 84.2)]
    assert found[0][2] != "N/P"


def test_samples_named_in_words_are_materials():
    # the composites are named by a list after "denoted", not by formulas
    text = ("Composite electrolytes were prepared from PEO and LiTFSI with 0, 5 and 10 wt% of Li7La3Zr2O12, "
            "and they are denoted PL, PL-5 and PL-10, respectively. PL-10 is the best.")
    assert set(named_samples(text, {})) == {"PL", "PL-5", "PL-10"}


def test_names_after_denoted_need_a_material_in_the_sentence():
    # a name given to something that is no material ("the two regimes are denoted RA and RB")
    assert named_samples("The two regimes of the curve are denoted RA and RB, respectively.", {}) == {}


def test_a_name_in_brackets_after_a_formula_abbreviates_the_formula():
    assert named_samples("Na1+ x Zr2Si x P3 -x O12 (hereafter referred as NASICON) leverage mixed "
                         "polyanion frameworks.", {}) == {}
    assert set(named_samples("The LiF-treated Li3N foil (hereafter referred to as TF) was used.", {})) == {"TF"}


def test_values_of_samples_named_in_words(vocab):
    text = ("Composite electrolytes were prepared from PEO and LiTFSI with 0 and 10 wt% of Li7La3Zr2O12, "
            "and they are denoted PL and PL-10. PL-10 exhibits an ionic conductivity of 1.8 × 10−4 S cm−1 "
            "at 30 °C, whereas PL shows 2.1 × 10−5 S cm−1.")
    assert ("IonicConductivity", 1.8e-4, "PL-10") in _measured(vocab, text)


def test_a_share_kept_of_it_over_cycles_is_a_capacity_retention(vocab):
    found = _measured(vocab, "The Li3N@Li||LiFePO4 cell delivers an initial discharge capacity of 158.2 mAh g−1 "
                             "at 1 C and retains 91.5% of it after 500 cycles.")
    assert ("CapacityRetention", 91.5, "Li3N@Li||LiFePO4") in found


def test_an_initial_capacity_is_no_capacity_after_cycling(vocab):
    # the cycles the sentence goes on to are those the retention is measured over
    found = _measured(vocab, "The Li3N@Li||LiFePO4 cell retains 71.2% of its initial capacity of 148.6 mAh g−1 "
                             "after 300 cycles.")
    assert ("SpecificCapacity", 148.6, "Li3N@Li||LiFePO4") in found


def test_a_header_that_spells_a_narrower_metric_names_that_one(vocab):
    # "Nucleation overpotential" spells "overpotential" too
    doc = load_bytes("made-up.md", """# A paper

## Results

Table 1. Anodes.

| Anode | Nucleation overpotential (mV) | Lifespan (h) |
|---|---|---|
| Li3N@Li | 18 | 1800 |
""".encode("utf-8"))
    found = [(c.metric, c.quantity.value) for c in candidates(doc, vocab) if c.kind in ("performance", "property")]
    assert ("NucleationOverpotential", 18.0) in found


def test_a_symbol_then_the_one_name_it_is_of(vocab):
    found = _measured(vocab, "The tLi+ of Li3N@Li is 0.47, higher than before.")
    assert ("TransferenceNumber", 0.47, "Li3N@Li") in found


def test_values_each_given_for_its_material_side_by_side(vocab):
    # the second material is a baseline ("bare"), but its value is given for it
    found = _measured(vocab, "The activation energy is 48.2 kJ mol−1 for Li3N@Li and 71.5 kJ mol−1 for bare Li.")
    assert found == [("ActivationEnergy", 48.2, "Li3N@Li"), ("ActivationEnergy", 71.5, "Li")]


def test_values_in_scientific_notation_sharing_one_unit():
    from heterokg.normalise.quantities import find_quantities
    found = find_quantities("The conductivities at 60 °C are 6.9 × 10−4 and 8.1 × 10−4 S cm−1, respectively.")
    assert [(q.value, q.series) for q in found if q.kind != "temperature"] == [(6.9e-4, (0, 2)), (8.1e-4, (1, 2))]


def test_a_value_told_by_a_pronoun_is_not_the_compared_materials(vocab):
    # "Its Tafel slope ... than those of Y (...) and Z (...)": the first value is the subject's
    # of the sentence before, not of Z, a material printed with a value of its own
    assert _measured(vocab, "The CoP/Ni2P heterojunction needs an overpotential of 92 mV at 10 mA cm-2. "
                     "Its Tafel slope of 61 mV dec-1 is smaller than those of CoP (104 mV dec-1) and Ni2P "
                     "(88 mV dec-1).")[-3:] == [
        ("TafelSlope", 61.0, "CoP/Ni2P"), ("TafelSlope", 104.0, "CoP"), ("TafelSlope", 88.0, "Ni2P")]
    # "it retains ..., whereas Y fades to ...": the clause that turns to Y does not own the value before it
    found = _measured(vocab, "The MoSe2/MoS2 anode delivers 512 mAh g-1 at 0.1 A g-1. After 300 cycles at 1 A g-1, "
                      "it retains a reversible capacity of 401 mAh g-1, whereas MoS2 fades to 198 mAh g-1.")
    assert ("CapacityAfterCycling", 401.0, "MoSe2/MoS2") in found and ("CapacityAfterCycling", 198.0, "MoS2") in found


def test_initial_discharge_and_charge_capacities_are_no_rate_test(vocab):
    # the first cycle's capacities, named together, are each a specific capacity, though a
    # current is stated: every test starts with them
    assert _measured(vocab, "At 0.2 A g-1, the MoSe2/MoS2 anode delivers initial discharge and charge capacities "
                     "of 934 and 688 mAh g-1.") == [
        ("SpecificCapacity", 934.0, "MoSe2/MoS2"), ("SpecificCapacity", 688.0, "MoSe2/MoS2")]


def test_a_share_of_an_earlier_cycles_value_is_a_capacity_retention(vocab):
    # "93.5 % of the second-cycle value" in a sentence about a capacity: the share kept
    found = _measured(vocab, "After 150 cycles, the MoSe2/MoS2 anode keeps 455 mAh g-1, i.e. 93.5 % of the "
                      "second-cycle value.")
    assert ("CapacityRetention", 93.5, "MoSe2/MoS2") in found
    # ... but not where nothing of a capacity is said
    assert ("CapacityRetention", 80.0, "MoSe2/MoS2") not in _measured(
        vocab, "The conductivity of MoSe2/MoS2 falls to 80 % of the initial value after 10 days in air.")


def test_a_length_told_of_particles_is_their_size(vocab):
    # "Cu2O nanocrystals of 3-5 nm": the particles' size, though no word of size is printed
    assert ("ParticleSize", 3.0, "Cu2O") in _measured(vocab, "TEM images show Cu2O nanocrystals of 3–5 nm on the "
                                                      "Cu nanowires.")


def test_a_sample_named_in_words_inside_a_parenthesis_is_a_material_as_printed(vocab):
    # "the A/B heterojunction grown on carbon cloth (denoted CNP/CC)": the sample's name, kept
    # as printed (not its formula, and not another phase named in the phrase)
    found = _measured(vocab, "The CoP/Ni2P heterojunction supported on carbon cloth (denoted CNP/CC) was made. "
                      "CNP/CC needs an overpotential of 95 mV at 10 mA cm-2, lower than CoP/CC (163 mV).")
    assert ("Overpotential", 95.0, "CNP/CC") in found and ("Overpotential", 163.0, "CoP/CC") in found


def test_values_each_with_its_unit_pair_with_the_materials_listed_after_them(vocab):
    # "6.1 Ω and 9.8 Ω for X and Y, respectively": the first value is X's, though the unit is
    # printed after each value
    found = _measured(vocab, "EIS gives a charge-transfer resistance of 2.3 Ω for CoP/Ni2P, compared with "
                      "6.1 Ω and 9.8 Ω for CoP/CC and Ni2P/CC, respectively.")
    assert ("ChargeTransferResistance", 6.1, "CoP/CC") in found and ("ChargeTransferResistance", 9.8, "Ni2P/CC") in found


def test_a_unit_only_one_metric_is_given_in_names_that_metric(vocab):
    # "reached 42.3 Wh kg-1", "(198 F g-1)", "produced only 9.8 µg h-1 mg-1": no words name the
    # quantity, but its unit is one metric's own
    found = _measured(vocab, "Asymmetric supercapacitors of NiS2/Ti3C2Tx reached 42.3 Wh kg-1. "
                      "This is nearly twice that of pure Ti3C2Tx (198 F g-1). "
                      "For comparison, the bare MoS2 catalyst produced only 9.8 µg h-1 mg-1.")
    assert ("EnergyDensity", 42.3, "NiS2/Ti3C2Tx") in found
    assert ("SpecificCapacitance", 198.0, "Ti3C2Tx") in found
    assert ("AmmoniaYieldRate", 9.8, "MoS2") in found
    # ... not a unit of the same dimension that is no metric's (Hz is no yield rate), nor a
    # duration, which a test setting is as often
    found = _measured(vocab, "Impedance was recorded from 1 MHz to 0.1 Hz on Li6PS5Cl. Li6PS5Cl was kept at 80 °C for 12 h.")
    assert not [f for f in found if f[0] in ("AmmoniaYieldRate", "SymmetricCellLifespan")]


def test_a_voltage_needed_to_reach_a_current_is_an_overpotential(vocab):
    # "needed 278 and 465 mV to reach the same current density": what a catalyst needs for a
    # current, though the sentence prints no word of overpotential
    found = _measured(vocab, "Pristine MoS2 and Ti3C2Tx, in contrast, needed 278 and 465 mV to reach the same "
                      "current density.")
    assert ("Overpotential", 278.0, "MoS2") in found and ("Overpotential", 465.0, "Ti3C2Tx") in found
    assert ("Overpotential", 150.0, "CoP") in _measured(vocab, "CoP requires only 150 mV to drive 10 mA cm-2.")
    # ... but not a cell's voltage, nor a voltage no current follows
    assert not [f for f in _measured(vocab, "The Li6PS5Cl cell was charged to 4.3 V to reach full capacity.")
                if f[0] == "Overpotential"]


def test_a_share_of_this_capacity_kept_over_cycles_is_a_capacity_retention(vocab):
    # "delivered 1040 mAh g-1 ..., and retained 86 % of this capacity after 300 cycles"
    found = _measured(vocab, "VS2/rGO delivered 1040 mAh g-1 at 0.1 A g-1, and retained 86 % of this capacity "
                      "after 300 cycles.")
    assert ("CapacityRetention", 86.0, "VS2/rGO") in found
