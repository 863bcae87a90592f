"""The sentence extractor on made-up sentences (no corpus text): terms by stems, subjects,
measurements and their conditions. Each case is something a reader of any review would
extract by hand; the expected values are read off the sentence itself."""

from __future__ import annotations

import pytest

from heterokg.claims.extract import candidates, extract
from heterokg.claims.terms import TermMatcher
from heterokg.documents import load_bytes
from heterokg.normalise import find_measurement_context, find_quantities
from heterokg.vocabulary import load as load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def matcher(vocab):
    return TermMatcher(vocab, ("mechanism", "effect", "synthesis", "system", "materialclass"))


def _found(matcher, text):
    return {(t.scheme, t.local) for t in matcher.find(text)}


def test_inflections_match_one_label(matcher):
    # "buffering", "sodiophilic", plural and line-broken forms of labels the ontology lists once.
    assert ("mechanism", "InterfaceBuffering") in _found(matcher, "an interfacial buffering layer")
    assert ("mechanism", "Sodiophilicity") in _found(matcher, "a sodiophilic VN interlayer")
    assert ("mechanism", "BuiltInElectricField") in _found(matcher, "strong built in\nelectric-fields formed")


def test_acronym_plural_but_not_inside_words(matcher):
    assert ("mechanism", "BuiltInElectricField") in _found(matcher, "The BIEFs accelerate Na+ diffusion.")
    assert _found(matcher, "the biefs and abiefs") == set()


def test_process_words_are_not_their_materials(matcher):
    # Snowball alone stems "carbonized" and "carbon" alike; a carbon support is no pyrolysis.
    assert ("synthesis", "Pyrolysis") in _found(matcher, "the precursor was carbonized at 700 °C")
    assert ("synthesis", "Pyrolysis") not in _found(matcher, "embedded in a carbon framework")
    assert ("synthesis", "Sulfurisation") not in _found(matcher, "metal sulfides and selenides")
    # "-ide(s)" names a compound, "-idation"/"-ided" the process that makes it.
    assert _found(matcher, "metal sulfides/selenides heterostructures") & {
        ("synthesis", "Sulfurisation"), ("synthesis", "Selenisation")} == set()
    assert ("synthesis", "Selenisation") in _found(matcher, "a surface selenidation route")
    assert ("synthesis", "Sulfurisation") in _found(matcher, "the film was then sulfided")


def test_a_process_named_by_its_participle_is_not_its_noun(matcher):
    # "dipping" and "immersed" are done to a material; "dips" in a curve and "phosphate" are not
    assert ("synthesis", "ImmersionTreatment") in _found(matcher, "the foil was dipped in the solution for 5 min")
    assert ("synthesis", "ImmersionTreatment") in _found(matcher, "after dipping, the film was dried")
    assert _found(matcher, "small dips in the potential profile appear after 20 h") == set()
    assert _found(matcher, "the soaks of the spectrum") == set()
    assert not any(s == "synthesis" for s, _ in _found(matcher, "a NASICON phosphate framework"))


def test_false_friends_name_nothing(matcher):
    # The ontology's hkg:falseFriend wordings contain a label but mean something else.
    assert _found(matcher, "a low-tortuosity 3D tunnel architecture for potassium storage") == set()
    assert _found(matcher, "completed in minutes with the assistance of an external electric field") == set()
    assert ("mechanism", "QuantumTunnelling") in _found(matcher, "electrons cross the layer by quantum tunnelling")
    assert ("mechanism", "BuiltInElectricField") in _found(matcher, "an electric field forms at the interface")


def _claims(vocab, text):
    doc = load_bytes("made-up.txt", text.encode("utf-8"))
    return extract(doc, vocab)


def test_general_statement_is_about_the_review_topic(vocab):
    text = ("Heterostructures are widely studied. Heterostructures combine two phases. "
            "Many heterostructures are used as anodes. Heterostructures can be made in many ways. "
            "Heterostructures are promising.\n\n"
            "Electrons flow across the interface until the Fermi levels align, which generates a built-in electric field.")
    mech = [c for c in _claims(vocab, text) if c.kind == "mechanism" and c.mechanism == "BuiltInElectricField"]
    assert mech and mech[0].material.material_class == "Heterostructure"
    assert mech[0].confidence < 0.8  # attributed, not read: lower confidence


def test_figure_permission_lines_are_not_claims(vocab):
    text = "Reproduced with permission from ref. 12, showing the built-in electric field of CoSe2/ZnSe."
    assert [c for c in _claims(vocab, text) if c.kind == "mechanism"] == []


def test_value_after_of_is_a_result_not_a_condition(vocab):
    text = "The MnO2/NiCo2O4 electrode delivered a reversible capacity of 612.5 mAh g-1 after 800 cycles at 2 A g-1."
    got = [c for c in _claims(vocab, text) if c.quantity]
    assert [(c.metric, c.quantity.value) for c in got] == [("CapacityAfterCycling", 612.5)]
    assert got[0].conditions["CycleNumber"] == 800


def test_capacity_at_a_current_is_a_rate_capacity(vocab):
    text = "The CuSe/ZnSe electrode kept 301 mAh g-1 at 20 A g-1."
    got = [c for c in _claims(vocab, text) if c.quantity]
    assert [(c.metric, c.quantity.value) for c in got] == [("RateCapacity", 301.0)]


def test_metric_label_over_a_line_break_and_acronym_case(vocab):
    text = "The FeS2/SnS electrode shows a high theoretical\ncapacity (950 mAh g-1) and an ICE\nof 81.5%."
    got = {(c.metric, c.quantity.value) for c in _claims(vocab, text) if c.quantity}
    assert ("TheoreticalCapacity", 950.0) in got
    assert ("InitialCoulombicEfficiency", 81.5) in got
    # "ce" inside "performance" is not the acronym CE.
    text = "The NiO/ZnO cell shows better performance with 92% of its capacity kept."
    assert all(c.metric != "AverageCoulombicEfficiency" for c in _claims(vocab, text) if c.quantity)


def test_slash_series_pair_with_conditions_respectively():
    text = "It retained 415.1/367 mA h g-1 after 2000 cycles at 10/20 A g-1, respectively."
    caps = [q for q in find_quantities(text) if q.kind == "specific_capacity"]
    assert [q.value for q in caps] == [415.1, 367.0]
    currents = [find_measurement_context(text, q)["specific_current"].value for q in caps]
    assert currents == [10.0, 20.0]


def test_brackets_closing_before_a_new_clause_keep_their_conditions():
    text = ("good rate capability (up to 480 mAh g-1 at 10 A g-1) and long cycling "
            "(up to 530 mAh g-1 after 900 cycles at 2 A g-1)")
    first = next(q for q in find_quantities(text) if q.value == 480)
    ctx = find_measurement_context(text, first)
    assert "cycles" not in ctx and ctx["specific_current"].value == 10.0


@pytest.mark.parametrize("text, value, unit", [
    ("a capacity of 455.9\nmAh g-1 after", 455.9, "hour * milliampere / gram"),  # OCR line break
    ("kept 405 mAh gl maintained", 405.0, "hour * milliampere / gram"),  # "-1" read as "l"
    ("kept 367 mA h g1 maintained", 367.0, "hour * milliampere / gram"),  # a word after the unit
    ("a theoretical capacity of 4,200 mAh g-1", 4200.0, "hour * milliampere / gram"),  # thousands
])
def test_ocr_printed_quantities(text, value, unit):
    qs = find_quantities(text)
    assert [(q.value, q.unit) for q in qs] == [(value, unit)]


def test_line_break_before_a_lone_letter_is_no_unit():
    assert find_quantities("published in 2019\nA new method") == []


def test_a_declared_unit_the_metric_does_not_allow_is_converted(vocab):
    """A review printing a voltage window in mV (declared unit, not allowed for the metric)
    must give V in the graph, not a shape violation that stops the build."""
    from heterokg.claims.model import Quantity
    from rdflib import Graph

    from heterokg.rdf import _Writer

    writer = _Writer(Graph(), vocab, "made-up")
    iri, low, high = writer.unit(Quantity(10.0, "millivolt", 3000.0), "VoltageWindow")
    assert str(iri) == "http://qudt.org/vocab/unit/V"
    assert (low, high) == (0.01, 3.0)


def _mechanisms(vocab, text):
    return {(c.mechanism, c.material.name) for c in _claims(vocab, text) if c.kind == "mechanism"}


def test_a_species_makes_a_general_mechanism_specific(vocab):
    # "adsorption" near polysulfides is polysulfide anchoring; "catalytic conversion" of them
    # is polysulfide conversion catalysis; the general mechanisms are not claimed beside them.
    found = _mechanisms(vocab, "The CoS2/MoS2 host shows strong adsorption toward lithium polysulfides.")
    assert found == {("PolysulfideAnchoring", "CoS2/MoS2")}
    found = _mechanisms(vocab, "The VN/TiO2 interlayer accelerates the catalytic conversion of polysulfides.")
    assert found == {("PolysulfideConversionCatalysis", "VN/TiO2")}
    found = _mechanisms(vocab, "The Co/CoO interface weakens the binding of ORR intermediates.")
    assert found == {("OxygenIntermediateCatalysis", "Co/CoO")}
    # A reaction the ontology relates to a species names the species: the ORR's intermediates.
    found = _mechanisms(vocab, "The Co/CoO interface lowers the energy barrier of the ORR.")
    assert found == {("OxygenIntermediateCatalysis", "Co/CoO")}


def test_a_species_is_known_by_its_formula_and_is_not_the_subject(vocab):
    # Na2S6 is a polysulfide by chemistry (Na2Sn, n >= 3), not the material the sentence is about.
    found = _mechanisms(vocab, "Compared with bare carbon, FeS2/ZnS binds Na2S6 strongly.")
    assert found == {("PolysulfideAnchoring", "FeS2/ZnS")}
    # No species, no specific mechanism: a bare cue is not a claim.
    assert _mechanisms(vocab, "The FeS2/ZnS electrode binds the binder strongly.") == set()


def test_grouping_concepts_and_problem_statements_are_not_claims(vocab):
    # "storage mechanism" and "ion transport" only group narrower mechanisms.
    assert _mechanisms(vocab, "The sodium storage mechanism of the FeS2/C electrode was studied by XRD.") == set()
    assert _mechanisms(vocab, "The SnS/C anode offers fast ion transport.") == set()
    # A problem to solve or work still to do claims no mechanism.
    assert _mechanisms(vocab, "Single-phase MoS2 suffers from a weak built-in electric field.") == set()
    assert _mechanisms(vocab, "Lattice strain in MoS2/WS2 should be explored with in situ TEM.") == set()


def test_hidden_wordings_of_mechanisms(vocab):
    assert ("BuiltInElectricField", "SnO2/SnSe2") in _mechanisms(
        vocab, "A strong electric field at the SnO2/SnSe2 interface pushes electrons to SnSe2.")
    assert ("ChargeRedistribution", "CoSe2/ZnSe") in _mechanisms(
        vocab, "In CoSe2/ZnSe, the charges around the interface are redistributed.")


def test_subject_is_the_heterostructure_not_an_element_or_a_component(vocab):
    text = ("The MoS2/ZnIn2S4 heterostructure was grown on carbon cloth. "
            "Electrons flowed from MoS2 to ZnIn2S4, forming a built-in electric field.")
    assert ("BuiltInElectricField", "MoS2/ZnIn2S4") in _mechanisms(vocab, text)
    # "Te atoms", "Se vacancy-rich": elements named as sites or dopants are not the subject.
    found = _mechanisms(vocab, "The built-in electric field modulates the charge of Te atoms in Bi2Te3/Sb2Te3.")
    assert found == {("BuiltInElectricField", "Bi2Te3/Sb2Te3")}


def test_the_review_topic_class_wins_among_classes(vocab):
    text = ("Heterostructures are widely studied. Heterostructures combine two phases. "
            "Many heterostructures are used as anodes. Heterostructures can be made in many ways. "
            "Heterostructures are promising.\n\n"
            "Inert oxides and carbon in heterostructures form an elastic buffer layer.")
    found = _mechanisms(vocab, text)
    assert found == {("InterfaceBuffering", "heterostructures")}


def test_vocabulary_order_is_stable(vocab):
    # Claims are numbered in the order concepts are visited; that order must not depend on
    # string hashing (PYTHONHASHSEED) or the committed graph would differ from build to build.
    assert all(list(concepts) == sorted(concepts) for concepts in vocab.concepts.values())


def test_the_baseline_of_a_comparison_is_not_the_subject(vocab):
    text = ("The amorphous layer of the coated electrode acts as a buffer that relieves mechanical stress, "
            "in stark contrast to the severe lattice expansion of pristine VO2.")
    assert {m for _, m in _mechanisms(vocab, text)} != {"VO2"}
    text = "CoP/MoS2 binds Li2S6 more strongly than bare MoS2 does."
    assert _mechanisms(vocab, text) == {("PolysulfideAnchoring", "CoP/MoS2")}


def test_a_value_before_its_comparison_is_not_the_baselines(vocab):
    """"the electrolyte gives 20 kJ mol-1, lower than that of Y" names Y only to compare with; the
    value is the paragraph's subject's. "the bare X anode shows 35 mV" is still bare X's."""
    text = ("We made Li3ErCl6 by ball milling. The electrolyte has an activation energy of 20 kJ mol-1, "
            "which is lower than that of Li3YCl6.")
    found = [c for c in candidates(load_bytes("x.txt", (text + "\n").encode()), vocab) if c.quantity]
    assert [(c.material.name, c.quantity.value) for c in found] == [("Li3ErCl6", 20.0)]
    text = "Its activation energy of 20 kJ mol-1 is lower than that of Li3YCl6."
    assert [c for c in candidates(load_bytes("x.txt", (text + "\n").encode()), vocab) if c.quantity] == []


@pytest.mark.parametrize("words", ["the best argyrodite-type", "the commercial", "all previously reported"])
def test_words_qualifying_a_baseline_keep_it_one(vocab, words):
    text = (f"We made Li3InCl6 by ball milling. The electrolyte reaches an ionic conductivity of 2 mS cm-1, "
            f"higher than that of {words} Li6PS5Cl.")
    found = [c for c in candidates(load_bytes("x.txt", (text + "\n").encode()), vocab) if c.quantity]
    assert [c.material.name for c in found] == ["Li3InCl6"]


def test_what_a_statement_excepts_is_not_its_subject(vocab):
    """"every sample but X" speaks of the others: X is named to be left out."""
    text = "All the Li3InCl6 pellets, except for stoichiometric Li3YCl6, show an ionic conductivity above 2 mS cm-1."
    found = [c for c in candidates(load_bytes("x.txt", (text + "\n").encode()), vocab) if c.quantity]
    assert [c.material.name for c in found] == ["Li3InCl6"]


TOPIC = ("Heterostructures are widely studied. Heterostructures combine two phases. "
         "Many heterostructures are used as anodes. Heterostructures can be made in many ways. "
         "Heterostructures are promising.\n\n")


def test_textbook_hypotheticals_about_no_material_are_not_claims(vocab):
    # What "will" happen when any two semiconductors meet explains physics; it reports nothing.
    text = TOPIC + "When two semiconductors come into contact, electrons will flow until a built-in electric field forms."
    assert _mechanisms(vocab, text) == set()
    # The same physics stated as what was found stays a claim about the topic.
    text = TOPIC + "Built-in electric fields at the interfaces accelerate the migration of sodium ions."
    assert _mechanisms(vocab, text) == {("BuiltInElectricField", "Heterostructure")}


def test_confidence_follows_how_the_subject_was_found(vocab):
    text = (TOPIC + "The NiS2/MoS2 heterostructure shows a strong built-in electric field. "
            "Lattice strain also lowers the diffusion barrier.\n\n"
            "Interfacial charge redistribution lowers the barrier of ion diffusion.")
    # the rules' prior (a feature of the scorer), before the scorer turns it into a probability
    doc = load_bytes("made-up.txt", text.encode("utf-8"))
    conf = {c.mechanism: c.confidence for c in candidates(doc, vocab) if c.kind == "mechanism"}
    named, carried, topic = conf["BuiltInElectricField"], conf["LatticeStrain"], conf["ChargeRedistribution"]
    assert named > carried and named > topic


def test_every_panel_of_a_caption_is_read_apart_from_its_licence():
    from heterokg.documents.model import Paragraph
    from heterokg.documents.sentences import segment

    text = ("Figure 3. (A) HRTEM image of CoP/MoS2. Reproduced with permission from ref. [4], under CC BY 4.0 license; "
            "(B) Energy-band diagram of CoP/MoS2 showing the built-in electric field.")
    p = Paragraph(text=text, start=0, end=len(text), kind="caption")
    segment([p])
    assert p.sentences[-1].text == "(B) Energy-band diagram of CoP/MoS2 showing the built-in electric field."
    assert all("license" not in s.text or "(B)" not in s.text for s in p.sentences)


def test_a_material_named_by_an_acronym_the_review_defines(vocab):
    from heterokg.claims.extract import _readers
    from heterokg.claims.names import defined_materials
    from heterokg.normalise.materials import find_abbreviations

    text = ("Yang et al. developed a crystalline-amorphous VO2 heterostructure (SR-VO) by etching. "
            "A zinc hydroxide chloride (ZHC) layer was grown on Cu. "
            "The N2 reduction reaction (NRR) makes NH3. Epitaxial MoS2 heterostructures (EHs) are common. "
            "Density functional theory (DFT) was used. Na3V2(PO4)3 (NVP) is a cathode.")
    found = defined_materials(text, find_abbreviations(text), _readers(vocab)[0])
    # named by formula or in words: materials; a reaction, a plural class, a method, or an
    # acronym already read as its formula (NVP): not
    assert set(found) == {"SR-VO", "ZHC"}
    claims = _mechanisms(vocab, text + "\n\nThe amorphous layer of SR-VO buffers the volume expansion.")
    assert ("InterfaceBuffering", "SR-VO") in claims


def test_a_polymer_named_by_its_acronym_is_a_material_of_the_polymer_class(vocab):
    from heterokg.claims.extract import _readers
    from heterokg.claims.names import defined_materials
    from heterokg.normalise.materials import find_abbreviations

    text = ("The gel uses polyethylene oxide (PEO) and poly(vinylidene fluoride) (PVDF) as hosts. "
            "The polycrystalline (PC) samples and the pulsed laser deposition (PLD) films were compared.")
    found = defined_materials(text, find_abbreviations(text), _readers(vocab)[0])
    assert {k: v.material_class for k, v in found.items()} == {"PEO": "Polymer", "PVDF": "Polymer"}
    measured = [(c.material.name, c.metric, c.quantity.value) for c in _claims(vocab, text + (
        "\n\nThe PEO shows an ionic conductivity of 1.2 mS cm-1.")) if c.quantity]
    assert measured == [("PEO", "IonicConductivity", 1.2)]


def test_the_cell_a_paper_built_is_the_subject_of_its_numbers(vocab):
    """A cell the paper presents as its own ("we designed ... (QSMB)") is what its numbers
    are about, also where the paper calls it "the battery"; a kind of cell an introduction
    names ("lithium-ion battery (LIB)") is no material."""
    from heterokg.claims.names import defined_devices

    intro = "The lithium-ion battery (LIB) dominates. Here, we designed a quasi-solid-state Mg-ion battery (QSMB). "
    assert set(defined_devices(intro, {})) == {"QSMB"}
    text = intro + ("\n\nThe QSMB delivers an energy density of 264 Wh kg-1. "
                    "Later, the battery retains 88% of its capacity after 900 cycles.")
    found = {(c.material.name, c.metric, c.quantity.value) for c in candidates(load_bytes("x.txt", text.encode()), vocab)
             if c.quantity and c.material.name == "QSMB" and c.confidence > 0.5}
    assert found == {("QSMB", "EnergyDensity", 264.0), ("QSMB", "CapacityRetention", 88.0)}
    # a paper that builds no cell of its own: "the battery" is nobody's
    other = "The lithium-ion battery (LIB) dominates.\n\nLater, the battery retains 88% of its capacity after 900 cycles.\n"
    assert not [c for c in candidates(load_bytes("x.txt", other.encode()), vocab) if c.quantity and c.material.name == "LIB"]


def test_a_negated_mechanism_is_not_claimed(vocab):
    text = ("The MoS2/SnS2 heterostructure is not confined to sodium storage. "
            "The MoS2/SnS2 heterostructure not only shows interfacial buffering but also a built-in electric field.")
    mech = {(c.evidence.quote[:30], c.mechanism) for c in _claims(vocab, text) if c.kind == "mechanism"}
    assert not any(m == "SpatialConfinement" for _, m in mech)
    assert {m for _, m in mech} == {"InterfaceBuffering", "BuiltInElectricField"}
    affirmed = _claims(vocab, "The MoS2/SnS2 heterostructure is confined in carbon.")
    assert [c.mechanism for c in affirmed if c.kind == "mechanism"] == ["SpatialConfinement"]


def test_each_mechanism_belongs_to_the_compound_named_before_it(vocab):
    text = ("ZnO with hydrophilic properties facilitates desolvation, "
            "while the adjacent Cu serves as a zincophilic site for nucleation.")
    mech = {(c.mechanism, c.material.name) for c in _claims(vocab, text) if c.kind == "mechanism"}
    assert mech == {("Hydrophilicity", "ZnO"), ("Desolvation", "ZnO"), ("Zincophilicity", "Cu")}


def test_the_heterostructure_points_back_but_the_heterostructures_are_the_class(vocab):
    text = ("Wang and co-workers prepared a MoO2/MoS2 catalyst by hydrothermal synthesis. "
            "The heterostructures generate a built-in electric field. "
            "The heterostructure shows strong interfacial buffering.")
    mech = {c.mechanism: (c.material.name, c.material.material_class)
            for c in _claims(vocab, text) if c.kind == "mechanism"}
    assert mech["BuiltInElectricField"] == ("heterostructures", "Heterostructure")
    assert mech["InterfaceBuffering"] == ("MoO2/MoS2", None)


def test_a_plural_acronym_names_the_class_its_long_form_ends_in(vocab):
    # "epitaxial heterostructures (EHs)": later "EHs" speak of heterostructures; "a X/Y EH" is still X/Y.
    text = ("Two phases with small lattice mismatch form epitaxial heterostructures (EHs), which attract attention. "
            "Pyrolysis is also a highly useful route for constructing EHs. "
            "A NiSe2/Ni(OH)2 EH was obtained by hydrothermal treatment.")
    syn = {(c.synthesis, c.material.name, c.material.material_class) for c in _claims(vocab, text) if c.kind == "synthesis"}
    assert syn == {("Pyrolysis", "EHs", "Heterostructure"), ("Hydrothermal", "NiSe2/Ni(OH)2", None)}
    assert _claims(vocab, "Pyrolysis is also a highly useful route for constructing EHs.") == []


def test_a_class_read_by_its_acronym_stays_the_class(vocab):
    # 000 defines "epitaxial heterostructures (EHs)" and later writes "a peony-like Ni/Co-LDH
    # (LDH = layered double hydroxide) EH": a singular "EH" is that class, though it looks like
    # the acronym of a named material, so the claim is marked as read from a class word
    text = ("Two phases with small lattice mismatch form epitaxial heterostructures (EHs), which attract attention. "
            "Pyrolysis is also a highly useful route for constructing an EH.")
    syn = [c.material for c in _claims(vocab, text) if c.kind == "synthesis"]
    assert [(m.name, m.material_class, m.class_word) for m in syn] == [("EH", "Heterostructure", True)]


def test_an_inert_atmosphere_is_not_the_subject(vocab):
    syn = {(c.synthesis, c.material.name) for c in _claims(vocab, "Pyrolysis in Ar or He yields heterostructures.")
           if c.kind == "synthesis"}
    assert syn == {("Pyrolysis", "heterostructures")}


@pytest.mark.parametrize("sentence, effects", [
    # a word of increase before a quality the effect raises, or a verb of change after it
    ("The carbon shell improved the electrical conductivity of MoS2.", {"HigherElectronicConductivity"}),
    ("In MoS2/SnS2, Na+ diffusion was greatly accelerated.", {"FasterIonDiffusion"}),
    # a burden lowered; the longest quality wins ("diffusion barrier" is lowered, not "diffusion" raised)
    ("The MoS2/SnS2 heterointerface reduced the Na+ diffusion barrier.", {"FasterIonDiffusion"}),
    ("The MoS2/SnS2 heterostructure alleviated the volume expansion.", {"StructuralStability"}),
    # an ion's conductivity is ion transport, not electronic conduction; "beneficial" is a word of increase
    ("Doping with Ta improves the Li-ion conductivity of Li7La3Zr2O12.", {"FasterIonDiffusion"}),
    ("The Cl-rich surface of Li6PS5Cl is beneficial for Li-ion transport.", {"FasterIonDiffusion"}),
    # the opposite direction is a problem, not the effect; an adjective after a quality is the next noun's
    ("MoS2 shows low conductivity.", set()),
    ("MoS2 shows slow kinetics and large volume expansion.", set()),
    # a quality given with its value is a measurement
    ("SnS2 has a high theoretical capacity (1136 mAh g-1).", set()),
    ("The VS2/VOx electrode showed excellent rate capability (up to 654.8 mAh g-1 at 10 A g-1).", set()),
    # a quality's bare name (a plot's title) is no effect; "excellent" makes it one
    ("c) Rate performance of VS2/VOx heterostructures.", set()),
    ("The VS2/VOx heterostructures showed excellent rate performance.", {"BetterRateCapability"}),
])
def test_effects_named_as_a_change_in_a_quality(vocab, sentence, effects):
    assert {c.effect for c in _claims(vocab, sentence) if c.kind == "effect"} == effects


def test_which_conductivity_a_paper_means(vocab):
    """A conductivity qualified by its ion is ionic however the PDF spaced the charge; an
    unqualified one is read in the sense the paper gives its qualified ones."""
    def effects(text):
        return [c.effect for c in _claims(vocab, text) if c.kind == "effect"]

    assert effects("Adding SiO4 gives a higher Na + conductivity in Na3Zr2Si2PO12.") == ["FasterIonDiffusion"]
    electrolytes = ("The ionic conductivity of Li3YCl6 is 0.5 mS cm-1. The Li-ion conductivity of Li3InCl6 is 1 mS cm-1.\n\n"
                    "Annealing gives Li3ScCl6 a higher conductivity.")
    assert effects(electrolytes) == ["FasterIonDiffusion"]
    electrodes = ("The electronic conductivity of MoS2 is low. The electrical conductivity of SnS2 is low.\n\n"
                  "The carbon shell gives MoS2/C a higher conductivity.")
    assert effects(electrodes) == ["HigherElectronicConductivity"]


def test_a_taxonomy_of_junctions_claims_no_interface(vocab):
    text = "Heterojunctions can be divided into p-n junctions, n-n junctions and Schottky junctions."
    assert [c for c in _claims(vocab, text) if c.kind == "interface"] == []
    # sorting a class's properties still claims them; a junction in a material is still one
    props = "The properties of heterostructures can be categorized into built-in electric fields and interfacial buffering."
    assert _mechanisms(vocab, props) == {("BuiltInElectricField", "heterostructures"), ("InterfaceBuffering", "heterostructures")}
    junction = [c.interface_type for c in _claims(vocab, "The SnS/SnO2 heterostructure forms a p-n junction.") if c.kind == "interface"]
    assert junction == ["PNJunction"]


def test_values_listed_in_the_order_of_materials_pair_by_position(vocab):
    text = "The band gaps of SnO2 and SnSe2 are 3.8 and 1.0 eV, respectively."
    got = {(c.material.name, c.quantity.value) for c in _claims(vocab, text) if c.metric == "BandGap"}
    assert got == {("SnO2", 3.8), ("SnSe2", 1.0)}
    # a slash series is a series of results, each with its own condition, not a condition itself
    text = "Compared with MoS2, the MoS2/C delivers 415/367 mAh g-1 at 1/2 A g-1."
    got = {(c.material.name, c.quantity.value, c.conditions["CurrentDensity"].value)
           for c in _claims(vocab, text) if c.quantity}
    assert got == {("MoS2/C", 415.0, 1.0), ("MoS2/C", 367.0, 2.0)}
    # "between 0.01 and 3 V" is a range, not a series: 0.01 V is no value of its own
    assert [(q.value, q.value_max) for q in find_quantities("cycled between 0.01 and 3 V")] == [(0.01, 3.0)]


def test_applications_for_every_system_named_and_for_classes(vocab):
    text = "Xu et al. reported a NiPS3/Ni2P heterostructure as a bifunctional electrocatalyst for both the HER and OER."
    apps = {(c.material.name, c.system, c.role) for c in _claims(vocab, text) if c.kind == "application"}
    assert apps == {("NiPS3/Ni2P", "HydrogenEvolutionReaction", "Electrocatalyst"),
                    ("NiPS3/Ni2P", "OxygenEvolutionReaction", "Electrocatalyst")}
    # a review outlining its own scope names a field to cover, not a use
    outline = "In this section, the recent advances of heterostructure anodes for SIBs will be discussed."
    assert [c for c in _claims(vocab, outline) if c.kind == "application"] == []
    text = "Transition metal selenides are regarded as promising anode materials for SIBs."
    apps = {(c.material.material_class, c.system, c.role) for c in _claims(vocab, text) if c.kind == "application"}
    assert apps == {("MetalSelenide", "SodiumIonBattery", "Anode")}


def _measured(vocab, text):
    return [(c.metric, c.quantity.value, c.quantity.unit, c.material.name)
            for c in _claims(vocab, text) if c.kind in ("performance", "property")]


def test_a_metric_in_any_unit_it_allows(vocab):
    # PowerDensity is canonically W kg-1; metal–air cells give it per electrode area.
    assert _measured(vocab, "The CeO2/ZnCoS cathode delivers a peak power density of 168.7 mW cm-2.") == [
        ("PowerDensity", 168.7, "milliwatt / centimeter ** 2", "CeO2/ZnCoS")]


def test_a_yield_per_hour_per_mass_is_not_a_c_rate(vocab):
    assert _measured(vocab, "The Cu2-xS/MoS2 catalyst reached an NH3 yield of 22.1 µg h-1 mg-1.") == [
        ("AmmoniaYieldRate", 22.1, "microgram / hour / milligram", "Cu2-xS/MoS2")]


@pytest.mark.parametrize("text, life", [
    ("The CeO2/ZnCoS cathode exhibits enhanced cycling stability over 865 cycles.", 865.0),
    ("These merits enable the NiCo2O4/MnO2-based electrode to achieve 800 cycles.", 800.0),
    ("The SnS/MoS2 anode has a cycle life of 2,000 cycles.", 2000.0),
    ("The SnS/MoS2 anode delivers 500 mAh g-1 after 800 cycles at 1 A g-1.", None),
    ("The SnS/MoS2 anode keeps 96% capacity retention after 800 cycles.", None),
])
def test_a_cycle_count_is_a_result_only_when_achieved(vocab, text, life):
    lives = [value for metric, value, _, _ in _measured(vocab, text) if metric == "CycleLife"]
    assert lives == ([life] if life else [])


def test_a_label_with_a_count_matches_its_subscript_printing(vocab):
    assert _measured(vocab, "The Cu2-xS/MoS2 catalyst reached an NH₃ yield of 22.1 µg h⁻¹ mg⁻¹.") == [
        ("AmmoniaYieldRate", 22.1, "microgram / hour / milligram", "Cu2-xS/MoS2")]


def test_a_molecule_of_gaseous_elements_is_a_product_not_the_subject(vocab):
    assert _measured(vocab, "Improved NRR performance with high NH3 selectivity and a Faradaic efficiency of 6.06% "
                            "was achieved.") == []


@pytest.mark.parametrize("text,subject", [
    # the metal anode is where a coating acts, not what the claim is about (issue 16's first cause)
    ("On the Zn anode, a ZrO2 coating suppresses dendrite growth.", "ZrO2"),
    ("On the Na metal surface, a NaF interphase suppresses dendrite growth.", "NaF"),
    # a sentence that names only the metal is still about the metal
    ("In aqueous cells, the Zn anode shows suppressed dendrite growth.", "Zn"),
])
def test_subject_is_the_coating_not_the_protected_metal(vocab, text, subject):
    # the rules' subject, whatever the trained scorer then keeps
    effects = [c for c in _claims_from(vocab, text) if c.kind == "effect"]
    assert effects and {c.material.name for c in effects} == {subject}


def test_critical_current_density_is_a_metric(vocab):
    """A solid-state interface's standard figure of merit (named in the development papers)."""
    claims = _claims(vocab, "The critical current density of Li6PS5Cl reaches 1.2 mA cm−2.")
    assert [(c.metric, c.quantity.value, c.material.name) for c in claims if c.quantity] == \
        [("CriticalCurrentDensity", 1.2, "Li6PS5Cl")]


def test_elements_named_in_words_are_materials(vocab):
    """Issue 16: "sodium metal", "metallic zinc" are materials; "sodium-ion" and "zinc ions"
    are not."""
    from heterokg.claims.names import find_elements_in_words

    found = find_elements_in_words("a sodium metal anode, metallic zinc and a copper foil; "
                                   "sodium-ion batteries move zinc ions")
    assert [(m.name, m.formula) for _, _, m in found] == [("Na", "Na"), ("Zn", "Zn"), ("Cu", "Cu")]
    claims = _claims(vocab, "The bare sodium metal anode shows a nucleation overpotential of 35 mV.")
    assert [(c.material.name, c.quantity.value) for c in claims if c.quantity] == [("Na", 35.0)]
    # a metal's film, substrate or current collector is that metal; a carbon "layer" or
    # "coating" stays a word (in a composite's paragraph it is the composite's carbon)
    found = find_elements_in_words("a nickel film on a copper current collector, a carbon layer")
    assert [(m.name, m.formula) for _, _, m in found] == [("Ni", "Ni"), ("Cu", "Cu")]
    claims = [c for c in candidates(load_bytes("made-up.txt", (
        "Solid electrolyte pellets\n\nThe Na3Zr2Si2PO12 (NZSP) pellets were pressed. "
        "A 90 nm thick silver film was then evaporated onto the NZSP pellet.\n").encode()), vocab)
        if c.metric == "LayerThickness"]
    assert [(c.material.name, c.quantity.value) for c in claims] == [("Ag", 90.0)]


def test_a_reaction_that_is_suppressed_is_not_the_system(vocab):
    """004: Zn-anode coatings "suppressing hydrogen evolution reaction" are not HER catalysts."""
    zn = _claims_from(vocab, "The ZnS coating on the Zn anode is zincophilic, suppressing the hydrogen evolution reaction.\n")
    assert all(c.system != "HydrogenEvolutionReaction" for c in zn)
    her = _claims_from(vocab, "MoS2/CoS2 is an efficient electrocatalyst for the hydrogen evolution reaction.\n")
    assert any(c.system == "HydrogenEvolutionReaction" for c in her)


def _claims_from(vocab, text):
    return candidates(load_bytes("made-up.txt", text.encode("utf-8")), vocab)


@pytest.mark.parametrize("sentence, subject", [
    # an element printed as the moving ion is not what the sentence is about
    ("Higher Na + conductivity in Na3Zr2Si2PO12 is reached by Si.", "Na3Zr2Si2PO12"),
    ("Li diffusion in Li3YCl6 is fast because of its lattice softness.", "Li3YCl6"),
    ("The lithium ion transport in Li3YCl6 is enhanced.", "Li3YCl6"),
])
def test_the_moving_ion_is_not_the_subject(vocab, sentence, subject):
    assert {c.material.name for c in _claims(vocab, sentence) if c.kind in ("effect", "mechanism")} == {subject}


@pytest.mark.parametrize("sentence", [
    "Concerted hopping in Li3YCl6 with lattice softness is worth studying.",
    "More efforts are needed to find how lattice strain acts in Li3YCl6.",
    "How lattice strain acts in Li3YCl6 remains to be shown.",
])
def test_an_outlook_claims_no_mechanism(vocab, sentence):
    assert not [c for c in _claims_from(vocab, sentence + "\n") if c.kind in ("mechanism", "effect")]


def test_a_reference_list_entry_among_the_text_is_no_claim(vocab):
    entry = "12. A. Carter, J. Dubois, Lattice strain and defects in Li3YCl6 conductors, J. Mater. 5, 12 (2020).\n"
    assert not _claims_from(vocab, entry)
    text = "As A. Carter and J. Dubois showed, lattice strain and defects in Li3YCl6 raise its conductivity.\n"
    assert _claims_from(vocab, text), "the same words in a sentence of the text are read"


def test_a_reference_electrode_in_latex_math_is_no_material():
    """Markdown from PDF converters prints "versus $\\mathrm{{Ag}}/\\mathrm{{AgCl}}$": the scale a
    potential is read on, as "versus Ag/AgCl" is."""
    from heterokg.claims.extract import _materials

    for text in (r"The KCuFe film shows a plateau at ${0.5}\mathrm{\;V}$ versus $\mathrm{{Ag}}/\mathrm{{AgCl}}$ here.",
                 "The KCuFe film shows a plateau at 0.5 V versus Ag/AgCl here."):
        assert [m.material.name for m in _materials(text, {})] == ["KCuFe"]


def test_phases_joined_by_plus_and_called_a_composite_are_one_material(vocab):
    """"a TiS2 + Li6PS5Cl + C composite" is the mixed electrode the value belongs to; a "+"
    between formulas with no such word is a reaction's or a list's and joins nothing."""
    text = "A TiS2 + Li6PS5Cl + C composite cathode delivers 180 mAh g-1 at 0.1 C.\n"
    (claim,) = [c for c in candidates(load_bytes("x.txt", text.encode()), vocab) if c.quantity]
    assert (claim.material.name, claim.material.components) == ("TiS2 + Li6PS5Cl + C", ("TiS2", "Li6PS5Cl", "C"))
    from heterokg.claims.extract import _materials

    assert [m.material.name for m in _materials("Li2S + CuS forms at 1.8 V, and the composite is heated.", {})] == [
        "Li2S", "CuS"]


def _proposed(vocab, text):
    """The rules' measurement candidates, before the scorer decides."""
    return [(c.metric, c.quantity.value, c.quantity.unit, c.material.name)
            for c in candidates(load_bytes("made-up.txt", text.encode("utf-8")), vocab) if c.quantity]


def test_reference_numbers_after_coordinated_materials_keep_them_one_subject(vocab):
    text = "Li3InCl6 12,13 and Li3YBr6 14 both exhibit ionic conductivities above 1 mS cm-1 at 25 °C."
    assert {m for _, _, _, m in _proposed(vocab, text)} == {"Li3InCl6", "Li3YBr6"}


def test_what_a_value_is_close_or_similar_to_is_not_its_subject(vocab):
    text = "With a low redox potential of -2.4 V, close to that of Li, Mg metal anodes promise a high energy."
    assert [(metric, value, m) for metric, value, _, m in _proposed(vocab, text)] == [("RedoxPotential", -2.4, "Mg")]


def test_a_bare_element_named_after_a_value_is_not_its_owner(vocab):
    """Named after the value and not as the metal, an element is the ion or a word in passing:
    the value is the paragraph's subject's."""
    text = ("The Li3YCl6 pellet was pressed at 300 MPa. Its conductivity of 1.1 mS cm-1 at 25 °C shows that "
            "Li stuffing is not needed.")
    assert [(value, m) for metric, value, _, m in _proposed(vocab, text) if metric == "IonicConductivity"] == [
        (1.1, "Li3YCl6")]


def test_an_element_named_in_words_with_its_own_value_or_property_is_a_material(vocab):
    """"tin (2 × 10-5 S cm-1)" and "bismuth has ..." name the elements as materials; "the sodium
    (Na) content" does not, and "sodium-ion" still names none."""
    from heterokg.claims.names import find_elements_in_words

    found = find_elements_in_words("Unlike tin (2 × 10-5 S cm-1), bismuth has a higher conductivity; "
                                   "the sodium (Na) content of sodium-ion cells")
    assert [m.name for _, _, m in found] == ["Sn", "Bi"]
    text = "Compared to tin (2 × 10-5 S cm-1), bismuth has a much higher electronic conductivity (3 × 10-3 S cm-1)."
    assert [(metric, value, m) for metric, value, _, m in _proposed(vocab, text)] == [
        ("ElectronicConductivity", 2e-05, "Sn"), ("ElectronicConductivity", 0.003, "Bi")]


def test_a_metric_acronym_a_paper_defines_names_the_metric_later(vocab):
    """'the electrochemical stability window (ESW)' once, then 'the ESW of X is 2.9 V'; a
    paper that defines no such acronym gets no window from the same sentence."""
    def windows(first: str) -> list:
        doc = load_bytes("made-up.txt", ("Halide electrolytes\n\n" + first +
                                         "The ESW of Li3YCl6 reaches 2.9 V.\n").encode())
        return [(c.material.name, c.quantity.value) for c in candidates(doc, vocab) if c.metric == "VoltageWindow"]

    assert windows("The electrochemical stability window (ESW) decides which cathodes pair with a halide. ") == [
        ("Li3YCl6", 2.9)]
    assert windows("A wide window decides which cathodes pair with a halide. ") == []


def test_a_value_of_a_coated_metal_anode_is_the_coatings(vocab):
    """"The CaCO3 coated Zn cell": the metal anode is where the value was measured, the coating
    what the sentence reports it for (as for mechanisms)."""
    text = "The porous CaCO3 coated Zn cell showed a symmetric cell lifespan of 836 h at 1 mA cm-2."
    got = [c for c in candidates(load_bytes("made-up.txt", text.encode()), vocab) if c.quantity]
    assert {(c.material.name, c.quantity.value) for c in got} == {("CaCO3", 836.0)}
    bare = "The bare Zn anode showed a symmetric cell lifespan of 90 h at 1 mA cm-2."
    got = [c for c in candidates(load_bytes("made-up.txt", bare.encode()), vocab) if c.quantity]
    assert {(c.material.name, c.quantity.value) for c in got} == {("Zn", 90.0)}


def test_a_value_in_brackets_after_a_baseline_and_its_form_is_the_baselines(vocab):
    """"than the bare Zn anode (500 h)": the bracketed value is the bare anode's, even with the
    word naming its form between; a property's words between ("a higher Li2S precipitation
    capacity (165 mAh g-1)") still make it the subject's."""
    text = ("The Zn anode coated with a 100 nm TiO2 layer cycled for 1500 h at 1 mA cm-2, "
            "three times longer than the bare Zn anode (500 h).")
    got = [c for c in candidates(load_bytes("made-up.txt", text.encode()), vocab) if c.quantity]
    assert {(c.material.name, c.quantity.value) for c in got if c.metric == "SymmetricCellLifespan"} == {
        ("TiO2", 1500.0), ("Zn", 500.0)}


def test_an_element_a_host_is_doped_with_is_no_subject(vocab):
    """"Doping Li3InCl6 with Zr raises its conductivity": the value is the doped host's."""
    text = "Doping Li3InCl6 with Zr raises its conductivity to 1.8 mS cm-1."
    got = [c for c in candidates(load_bytes("made-up.txt", text.encode()), vocab) if c.quantity]
    assert {(c.material.name, c.quantity.value) for c in got} == {("Li3InCl6", 1.8)}


def test_a_compared_value_given_for_a_baseline_is_the_baselines(vocab):
    text = "The nucleation overpotential of Zn on the ZnS-coated Cu is 25 mV, compared with 85 mV on bare Cu."
    got = [c for c in candidates(load_bytes("made-up.txt", text.encode()), vocab) if c.quantity]
    assert {(c.material.name, c.quantity.value) for c in got} == {("Cu@ZnS", 25.0), ("Cu", 85.0)}


def test_a_compound_a_process_acts_on_is_not_the_subject(vocab):
    # "Li2S nucleation capacity": what the VO2-VN host does to Li2S, the host's value
    text = ("VO2-VN was grown on graphene. Its Li2S nucleation capacity reached 284 mAh g-1, "
            "and the Li2S decomposition barrier is 0.95 eV.")
    claims = [c for c in _claims_from(vocab, text) if c.kind in ("performance", "property")]
    assert claims and {c.material.name for c in claims} == {"VO2-VN"}
