"""find_quantities / find_measurement_context: battery units through pint."""

import pytest

from heterokg.normalise.quantities import find_measurement_context, find_quantities


def one(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text, value, canonical, kind", [
    ("592.2 mAh g-1", 592.2, "mA*h/g", "specific_capacity"),
    ("592.2 mAh g⁻¹", 592.2, "mA*h/g", "specific_capacity"),
    ("316 mA h g−1", 316, "mA*h/g", "specific_capacity"),
    ("15 A g-1", 15, "A/g", "specific_current"),
    ("10 mA cm⁻²", 10, "mA/cm**2", "current_density"),
    ("1 mA h cm-2", 1, "mA*h/cm**2", "areal_capacity"),
    ("95.1%", 95.1, "percent", "percentage"),
    ("36 mV", 0.036, "V", "voltage"),
    ("1060 h", 1060, "hour", "time"),
    ("5C", 5, "c_rate", "c_rate"),
    ("1000 cycles", 1000, "cycle", "cycle_count"),
    ("~1.8 eV", 1.8, "eV", "energy"),
    ("25 Ω", 25, "ohm", "resistance"),
    ("1.2 S cm-1", 1.2, "S/cm", "conductivity"),
    ("45 kJ mol-1", 45, "kJ/mol", "molar_energy"),
    ("65 mV dec-1", 65, "mV/dec", "tafel_slope"),
    ("25 °C", 25, "degC", "temperature"),
    ("2 M ZnSO4", 2, "molar", "concentration"),
    # a pressure and an energy per volume share a dimension: the written unit tells them apart
    ("10 MPa", 1e7, "Pa", "pressure"),
    ("0.3 GPa", 3e8, "Pa", "pressure"),
    ("500 Wh L-1", 500, "W*h/L", "energy_density"),
    ("1.2 kJ cm-3", 1200 / 3.6, "W*h/L", "energy_density"),
])
def test_units(text, value, canonical, kind):
    q = one(text)
    assert q.magnitude_canonical == pytest.approx(value)
    assert q.canonical_unit == canonical and q.kind == kind
    assert q.surface == text.split(" ZnSO4")[0]


def test_pint_unit_string_is_canonical():
    assert one("592.2 mAh g-1").unit == "hour * milliampere / gram"
    assert one("10 mA cm-2").unit == "milliampere / centimeter ** 2"


def test_c_rate_is_not_coulombs():
    q = one("cycled at 5C for")
    assert q.kind == "c_rate" and "coulomb" not in q.unit


def test_two_quantities_across_slash():
    qs = find_quantities("0.5 mA cm-2/1 mA h cm-2")
    assert [(q.kind, q.value) for q in qs] == [("current_density", 0.5), ("areal_capacity", 1.0)]


@pytest.mark.parametrize("text, lo, hi", [("0.01-3 V", 0.01, 3.0), ("0.01–3.0 V", 0.01, 3.0),
                                          ("0.5 to 4 mA cm-2", 0.5, 4.0),
                                          # the unit printed at both ends
                                          ("values (4 mS/cm to 12.5 mS/cm) at 25", 4.0, 12.5),
                                          ("ranging from 3 nm to 8 nm", 3.0, 8.0),
                                          ("between 0.2 V and 0.7 V", 0.2, 0.7)])
def test_ranges(text, lo, hi):
    q = one(text)
    assert (q.value, q.value_max) == (lo, hi)


@pytest.mark.parametrize("text", ["decreases from 640 mAh g-1 to 410 mAh g-1", "at 2 V and 3 V",
                                  "from 5 nm to 2 nm"])
def test_two_values_of_one_unit_that_are_no_range(text):
    # a change ("from ... to"), two values named together, or a pair running downwards
    assert [q.value_max for q in find_quantities(text)] == [None, None]


@pytest.mark.parametrize("text, value", [("−1.26 eV", -1.26), ("-0.76 V", -0.76), ("(−2.3 eV)", -2.3)])
def test_negative_values(text, value):
    assert one(text).value == value


@pytest.mark.parametrize("text, qualifier", [("over 1060 h", "over"), ("up to 99.5%", "up to"),
                                             ("~1.8 eV", "~"), ("approximately 3 nm", "approximately")])
def test_qualifiers(text, qualifier):
    q = one(text)
    assert q.qualifier == qualifier and q.surface == text


def test_offsets_point_into_original_text():
    text = "a lifespan of over 1060 h at 0.5 mA cm⁻²."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.surface
    assert [q.surface for q in find_quantities(text)] == ["over 1060 h", "0.5 mA cm⁻²"]


@pytest.mark.parametrize("text", ["Fig. 5C shows", "the 2 S atoms", "In 2019, Co9S8", "MoS2 and 2H phase",
                                  "Table 1", "ref. 12"])
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_ocr_lost_minus_is_restored_and_flagged():
    q = one("721.6 mAh g1 after")
    assert q.kind == "specific_capacity" and q.ocr_repaired


def test_context_cycles_and_current():
    text = "It delivered 592.2 mAh g-1 after 1000 cycles at 15 A g-1."
    cap = find_quantities(text)[0]
    ctx = find_measurement_context(text, cap)
    assert ctx["cycles"] == 1000
    assert ctx["specific_current"].value == 15


def test_context_c_rate():
    text = "a retention of 96% at 5C after 500 cycles"
    q = find_quantities(text)[0]
    ctx = find_measurement_context(text, q)
    assert ctx["c_rate"].value == 5 and ctx["cycles"] == 500


def test_context_areal_capacity():
    text = "a lifespan (over 1060 h at 0.5 mA cm⁻²/1 mA h cm⁻²) was achieved"
    q = find_quantities(text)[0]
    ctx = find_measurement_context(text, q)
    assert ctx["current_density"].value == 0.5
    assert ctx["areal_capacity"].value == 1.0


def test_context_stops_at_new_clause():
    text = "It ran 1060 h at 0.5 mA cm-2 and 300 cycles at 5C."
    q = find_quantities(text)[0]
    ctx = find_measurement_context(text, q)
    assert "c_rate" not in ctx and "cycles" not in ctx


@pytest.mark.parametrize("text, kind, unit", [
    ("an NH3 yield of 22.1 µg h-1 mg-1", "yield_rate", "microgram / hour / milligram"),
    ("cycled at 5C", "c_rate", "c_rate"),
    ("an AC signal of 100 Hz", "frequency", "hertz"),
])
def test_quantities_of_one_dimension_are_told_apart_by_their_units(text, kind, unit):
    [q] = find_quantities(text)
    assert (q.kind, q.unit) == (kind, unit)


@pytest.mark.parametrize("text,value,unit", [
    # scientific notation as PDF text leaves it: spaced, U+2212 minus, caret or none
    ("a conductivity of 2 × 10 −4 S cm −1 at 25 °C", 2e-4, "siemens / centimeter"),
    ("1.2 × 10−3 S/cm", 1.2e-3, "siemens / centimeter"),
    ("D = 5x10^-10 cm2 s-1", 5e-10, "centimeter ** 2 / second"),
])
def test_scientific_notation(text, value, unit):
    (q,) = [q for q in find_quantities(text) if q.unit == unit]
    assert q.value == pytest.approx(value) and "10" in q.surface


def test_a_value_in_scientific_notation_is_the_number_printed():
    """2.1 × 10-3 is 0.0021, not the float noise of 2.1 * 10 ** -3 (0.0021000000000000003)."""
    assert [q.value for q in find_quantities("a σ of 2.1 × 10 -3 S cm -1 and 7.3 × 10−5 S cm−1")] == [0.0021, 7.3e-05]


@pytest.mark.parametrize("text,value", [
    ("a conductivity of 10 -4 S cm -1", 1e-4),   # a bare power of ten, as PDF text prints 10⁻⁴
    ("over 10 −2 S cm −1", 1e-2),
])
def test_a_downward_range_from_ten_is_a_power_of_ten(text, value):
    (q,) = find_quantities(text)
    assert q.value == pytest.approx(value) and q.value_max is None


def test_an_upward_range_from_ten_stays_a_range():
    (q,) = find_quantities("particles of 10-20 nm")
    assert (q.value, q.value_max) == (10, 20)


@pytest.mark.parametrize("text", ["139.1 mA·hour g -1", "139.1 mA·h g−1", "139.1 mA h g-1",
                                  # the middle dot converted to a hyphen or a full stop
                                  "139.1 mA -hour g-1", "139.1 mA .hour g−1"])
def test_milliamp_hours_with_a_middle_dot_or_the_word(text):
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (139.1, "hour * milliampere / gram")


def test_a_hyphen_or_full_stop_after_milliamps_joins_only_the_word_hour():
    """"5 mA. Hours later" is a current and a new sentence; "0.5 mA -h" is no unit printed anywhere."""
    assert [(q.value, q.unit) for q in find_quantities("cycled at 5 mA. Hours later")] == [(5.0, "milliampere")]
    assert [(q.value, q.unit) for q in find_quantities("cycled at 0.5 mA -h")] == [(0.5, "milliampere")]


def test_ionic_radii_in_picometres():
    found = [(q.value, q.value_max, q.unit) for q in find_quantities("radii from 86 to 102 pm (Y3+ = 90 pm)")]
    assert found == [(86.0, 102.0, "picometer"), (90.0, None, "picometer")]


def test_a_standard_uncertainty_in_parentheses_belongs_to_the_number():
    """Crystallographers print "7.1920(1) Å": the value is 7.1920; "Eq. 2(1)" is no number."""
    found = [(q.value, q.unit) for q in find_quantities("a cubic cell ( a = 7.1920(1) Å , c = 7.2376(12) Å )")]
    assert found == [(7.192, "angstrom"), (7.2376, "angstrom")]
    assert [q.value for q in find_quantities("from 2(1) we get 5 V")] == [5.0]


def test_a_condition_after_another_value_belongs_to_that_value():
    """001: "a high discharged capacity of 645.5 mAhg-1 at 1 Ag-1 and obtained a high reversible
    capacity of 592.2 mAh g-1 after 1000 cycles at 15 A g-1": the cycles are 592.2's only."""
    text = ("displayed a high discharged capacity of 645.5 mAh g-1 at 1 A g-1 and obtained a high "
            "reversible capacity of 592.2 mAh g-1 after 1000 cycles at 15 A g-1.")
    first, *_, = [q for q in find_quantities(text) if q.value == 645.5]
    second = next(q for q in find_quantities(text) if q.value == 592.2)
    assert "cycles" not in find_measurement_context(text, first)
    assert find_measurement_context(text, second)["cycles"] == 1000
    series = "delivered 415.1/367 mAh g-1 after 500 cycles"
    assert all(find_measurement_context(series, q).get("cycles") == 500
               for q in find_quantities(series) if q.kind == "specific_capacity")


@pytest.mark.parametrize("text, value, value_max, unit", [
    # the error or interval of a value stands between it and the unit they share
    ("an energy of 0.41 ± 0.05 eV was computed", 0.41, None, "electron_volt"),
    ("a conductivity of 8.2 [3.1, 20.4] mS/cm was found", 8.2, None, "millisiemens / centimeter"),
    ("a conductivity of 2.31 (± 0.08) mS cm-1 at 25 °C", 2.31, None, "millisiemens / centimeter"),
    # a range in scientific notation, each end with its own power of ten
    ("values from 1.2 × 10−4 to 3 × 10−3 S cm−1 were", 1.2e-4, 3e-3, "siemens / centimeter"),
    ("between pellets, 5.5 × 10 -3 - 6.1 × 10 -3 S cm -1", 5.5e-3, 6.1e-3, "siemens / centimeter"),
    # "between X and Y" is one range
    ("grains between 150 and 400 nm across", 150.0, 400.0, "nanometer"),
    # the Symbol font's micro sign printed as "m", cut from the metre
    ("a roughness of 2.3 m m (sample A)", 2.3, None, "micrometer"),
    ("a crack of 12 m mfor the pellet", 12.0, None, "micrometer"),
    # units spelled out, and the letter-like signs of the ångström and the ohm
    ("stable for over 700 hours in", 700.0, None, "hour"),
    ("annealed for 45 minutes", 45.0, None, "minute"),
    ("a spacing of 3.1 \u212b between layers", 3.1, None, "angstrom"),
    ("a conductivity above 2 microsiemens per centimeter.", 2.0, None, "microsiemens / centimeter"),
    ("a capacity of 151.2 milliampere hours per gram at", 151.2, None, "hour * milliampere / gram"),
    ("a resistance of 40 \u2126 after", 40.0, None, "ohm"),
])
def test_errors_intervals_ranges_and_printed_units(text, value, value_max, unit):
    (q, *_) = find_quantities(text)
    assert (q.value, q.value_max, q.unit) == (value, value_max, unit)


def test_a_millimetre_and_a_metre_beside_a_word_stay_what_they_are():
    assert [q.unit for q in find_quantities("a 5 mm thick disc")] == ["millimeter"]
    assert find_quantities("at 3 m may") == []


@pytest.mark.parametrize("text, value, unit", [
    ("the peak sits at 2.48 V. In the second cycle", 2.48, "volt"),
    ("a conductivity of 3.2 S.cm-1 was measured", 3.2, "siemens / centimeter"),
    ("an impurity content of 2.5 weight % was found", 2.5, "percent"),
    ("it melts at 80 ° C in air", 80.0, "degree_Celsius"),
    # an hour joined by a middle dot that a conversion printed as a full stop
    ("an energy density of 68 W .hour kg-1 was", 68.0, "hour * watt / kilogram"),
    ("a capacity of ${52}\\mathrm{\\;{mA}}$ .hour ${\\mathrm{g}}^{-1}$ and", 52.0, "hour * milliampere / gram"),
    ("a power of 2 mW·hour was", 2.0, "hour * milliwatt"),
    # a length hyphenated to its number in an adjective of size
    ("a 15-nm-thick interphase", 15.0, "nanometer"),
    ("a 5-nm thick Al2O3 layer", 5.0, "nanometer"),
    ("a 20-µm-thick film", 20.0, "micrometer"),
])
def test_sentence_ends_and_printed_variants_of_units(text, value, unit):
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)


def test_an_authors_initial_is_no_unit():
    assert find_quantities("see 23 A. Yu, B. Li, and 12 K. Zhang and L. Wu") == []


def test_the_and_of_a_range_starts_no_clause():
    """"between 2.4 and 1.6 V at 5 A g-1": the current is the capacity's condition; "and" is
    the range's, not a new clause's."""
    text = "a capacity of 100 mAh g-1 between 2.4 and 1.6 V at 5 A g-1 was kept."
    q = next(q for q in find_quantities(text) if q.value == 100)
    ctx = find_measurement_context(text, q)
    assert ctx["specific_current"].value == 5.0 and ctx["voltage_window"].value_max is not None


def test_a_range_of_flattened_powers_of_ten():
    """"$10^{-6}$ to $10^{-4}$ S cm-1" flattens to "10-6 to 10-4 S cm-1": one range of two powers
    of ten, not a lone 10^-4."""
    (q,) = find_quantities("conductivities of ${10}^{-6}$ to ${10}^{-4}\\mathrm{\\;S}{\\mathrm{\\;{cm}}}^{-1}$ in")
    assert (q.value, q.value_max, q.unit) == (1e-06, 1e-04, "siemens / centimeter")


@pytest.mark.parametrize("text, unit", [
    ("grains of 0.028 µm 2 for the sample", "micrometer ** 2"),  # a superscript the PDF printed apart
    ("an electrode of 1 cm 2.", "centimeter ** 2"),
    ("(20 nm 3)", "nanometer ** 3"),
    ("particles of 5 µm 2 to 3 µm", "micrometer"),  # a range goes on
    ("a 20 nm 3 times thicker layer", "nanometer"),
    ("10 mA cm 2 current", "centimeter * milliampere"),  # after another atom: not read as cm²
])
def test_a_length_units_exponent_printed_apart(text, unit):
    assert str(find_quantities(text)[0].unit) == unit



def test_a_series_of_negative_values_shares_the_last_ones_unit():
    """Adsorption energies are printed as a list of negative values with one unit at the end."""
    got = find_quantities("the adsorption energy on the four sites is -1.56, -1.46, -1.83 and -1.36 eV, respectively")
    assert [(q.value, q.unit, q.series) for q in got] == [
        (-1.56, "electron_volt", (0, 4)), (-1.46, "electron_volt", (1, 4)),
        (-1.83, "electron_volt", (2, 4)), (-1.36, "electron_volt", (3, 4))]
    # the "-1" of the unit before is no value of the series that follows it
    assert [q.value for q in find_quantities("2.1 × 10 -3 S cm -1 and 7.3 × 10−5 S cm−1")] == [0.0021, 7.3e-05]


@pytest.mark.parametrize("text", ["a capacity up to 909 C g⁻¹ for", "a capacity of 909 C/g.", "909 C g-1."])
def test_coulombs_per_gram_are_a_capacity_not_a_c_rate(text):
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.kind) == (909.0, "coulomb / gram", "specific_capacity")


@pytest.mark.parametrize("text", ["cycled at 2 C for", "at 1 C g", "from 5 C to 10 C"])
def test_a_c_without_per_gram_is_still_a_c_rate(text):
    assert {q.kind for q in find_quantities(text)} == {"c_rate"}


@pytest.mark.parametrize("text,value,unit,kind", [
    ("a specific capacitance of 1200 F g-1 at 1 A g-1", 1200.0, "farad / gram", "specific_capacitance"),
    ("a capacitance of 1200 F/g.", 1200.0, "farad / gram", "specific_capacitance"),
    ("an areal capacitance of 250 mF cm-2", 250.0, "millifarad / centimeter ** 2", "areal_capacitance"),
])
def test_farads_per_gram_or_area_are_a_capacitance(text, value, unit, kind):
    (q,) = [q for q in find_quantities(text) if q.kind == kind]
    assert (q.value, q.unit) == (value, unit)


def test_an_f_that_is_fluorine_is_no_farad():
    assert find_quantities("F-doped carbon with 5 F atoms per cell") == []


def test_every_metric_unit_the_ontology_writes_is_read_back():
    """A value printed with the symbol of any unit a metric allows is read in that unit's
    dimension: the ontology names no unit the extractor could not find in a text."""
    from heterokg.vocabulary import load, parse_unit

    vocab = load()
    missing = []
    for metric, iris in vocab.allowed_units.items():
        for iri in iris:
            unit = vocab.unit_by_iri(iri)
            if not vocab.has("metric", metric) or unit is None or unit.iri.endswith("/UNITLESS"):
                continue
            dims = parse_unit(unit.pint_expression).dimensionality
            found = find_quantities(f"a value of 5 {unit.symbol} was found")
            if not any(q.unit and parse_unit(q.unit).dimensionality == dims for q in found):
                missing.append((metric, unit.symbol))
    assert missing == []


def test_a_change_from_one_value_to_another_is_two_values_not_a_range():
    got = find_quantities("the conductivity increases from 0.1 to 0.8 mS cm-1 after Ta doping")
    assert [(q.value, q.value_max, q.series) for q in got] == [(0.1, None, (0, 2)), (0.8, None, (1, 2))]
    got = find_quantities("the overpotential was reduced from 120 to 35 mV at 1 mA cm-2")
    assert [(q.value, q.value_max) for q in got if q.kind == "voltage"] == [(120.0, None), (35.0, None)]
    # a range is still a range: no verb of change before its "from", or no "from" at all
    assert [(q.value, q.value_max) for q in find_quantities("particles ranging from 2 to 5 nm")] == [(2.0, 5.0)]
    assert [(q.value, q.value_max) for q in find_quantities("a voltage plateau of 2.6 to 2.0 V")] == [(2.6, 2.0)]


def test_a_hyphen_outside_an_adjective_of_size_joins_no_unit():
    assert find_quantities("4-V-class cathodes and a 2-h anneal") == []
