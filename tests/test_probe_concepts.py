"""Concept claims on made-up sentences of the kind any battery paper holds (methods, results,
captions): probes of what the rules claim wrongly, not text of any paper. Each case is what a
reader would (not) record by docs/annotation-guideline.md."""

from __future__ import annotations

import pytest

from heterokg.claims.extract import candidates
from heterokg.claims.terms import TermMatcher
from heterokg.documents import load_bytes
from heterokg.vocabulary import load as load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def matcher(vocab):
    return TermMatcher(vocab, ("mechanism", "effect", "synthesis", "system", "role", "interface"))


def _found(matcher, text):
    return {(t.scheme, t.local) for t in matcher.find(text)}


def _concepts(vocab, text):
    doc = load_bytes("made-up.md", f"# A paper\n\n## Results\n\n{text}\n".encode("utf-8"))
    return {(c.kind, c.mechanism or c.effect or c.synthesis or c.interface_type or c.system)
            for c in candidates(doc, vocab) if c.kind not in ("performance", "property")}


def test_a_crystal_spacing_is_no_interlayer(matcher, vocab):
    # "interlayer spacing" is the distance between a layered crystal's sheets, not a layer placed
    # between electrode and separator
    assert ("role", "Interlayer") not in _found(matcher, "the interlayer spacing of MoS2 expands to 0.95 nm")
    assert ("role", "Interlayer") not in _found(matcher, "a large interlayer distance of 0.62 nm")
    assert ("role", "Interlayer") in _found(matcher, "a MoS2 interlayer between the cathode and the separator")
    got = _concepts(vocab, "The interlayer spacing of the MoS2 anode for sodium-ion batteries expands to 0.95 nm.")
    assert ("application", "SodiumIonBattery") in got  # as the anode it is


def test_defect_free_is_no_defect(matcher, vocab):
    assert ("mechanism", "DefectActiveSites") not in _found(matcher, "a dense, defect-free LiF coating")
    assert ("mechanism", "DefectActiveSites") in _found(matcher, "defect-rich MoS2 nanosheets")
    assert ("mechanism", "DefectActiveSites") not in _concepts(
        vocab, "After cycling, the dense, defect-free LiF coating remained intact on the Li anode.")


def test_a_product_precipitating_in_a_cell_is_no_synthesis(matcher, vocab):
    # "precipitation" alone is what Li2S, LiF or a discharge product does in a cell
    assert ("synthesis", "CoPrecipitation") not in _found(matcher, "the precipitation of Li2S on the host")
    assert ("synthesis", "CoPrecipitation") in _found(matcher, "NiCo2O4 was made by co-precipitation")
    assert ("synthesis", "CoPrecipitation") in _found(matcher, "prepared by chemical precipitation from nitrates")
    assert ("synthesis", "CoPrecipitation") not in _concepts(
        vocab, "The precipitation of Li2S on the MXene host was observed in the SEM images.")


def test_an_adjective_is_not_the_noun_its_stem_shares(matcher, vocab):
    # Snowball stems "anodic" and "anode" alike; "anodic stability" names no anode
    assert ("role", "Anode") not in _found(matcher, "the anodic stability reaches 4.2 V")
    assert ("role", "Cathode") not in _found(matcher, "a reduction peak in the cathodic scan")
    assert ("role", "Anode") in _found(matcher, "the MoS2 anodes")
    assert ("synthesis", "Electrodeposition") in _found(matcher, "made by cathodic deposition")  # a label's own adjective
    assert ("mechanism", "BuiltInElectricField") in _found(matcher, "a built-in electrical field")
    assert ("mechanism", "Hydrophilicity") in _found(matcher, "the hydrophilicity of the coating")
    assert ("application", "LithiumIonBattery") not in _concepts(
        vocab, "The anodic stability of Li3YCl6 as the catholyte for all-solid-state lithium-ion batteries reaches 4.2 V.")


def test_a_method_sentence_asserts_no_mechanism(vocab):
    # how something was done is no finding (guideline: a method sentence carries only routes)
    assert not {k for k in _concepts(vocab, "DFT calculations of the electronic structure of CoP/MoS2 were "
                                            "performed with the VASP code.") if k[0] == "mechanism"}
    assert ("mechanism", "LatticeStrain") not in _concepts(
        vocab, "Lattice parameters and microstrain were refined from the XRD patterns of Na3PS4.")
    assert ("mechanism", "BuiltInElectricField") not in _concepts(
        vocab, "The electric field distribution on the Zn anode surface was simulated using COMSOL Multiphysics.")
    assert ("mechanism", "Sodiophilicity") not in _concepts(
        vocab, "The sodiophilicity of the Na3Bi layer was evaluated by molten Na wetting tests.")
    # ... but what it found, and the route it names, still count
    assert ("mechanism", "LatticeStrain") in _concepts(
        vocab, "DFT calculations were performed on CoSe2/NiSe2, revealing a lattice strain at the interface.")
    assert ("synthesis", "BallMilling") in _concepts(
        vocab, "Li6PS5Cl was synthesised by ball milling, and its conductivity was measured by impedance spectroscopy.")
    # a method told in a clause the finding leads with
    assert ("effect", "FasterIonDiffusion") in _concepts(
        vocab, "Although the comparison was carried out on pellets pressed at 200 MPa, W substitution improves "
               "the Na-ion conductivity of the Na3SbS4 electrolyte.")


def test_a_denied_or_poor_concept_is_not_claimed(vocab):
    assert ("mechanism", "PolysulfideConversionCatalysis") not in _concepts(
        vocab, "Unlike MoS2, the Ti3C2 MXene does not show any catalytic conversion of polysulfides.")
    assert ("effect", "CorrosionSuppression") not in _concepts(
        vocab, "The Li7La3Zr2O12 pellet showed poor corrosion resistance in humid air.")
    # a material that fails at it lacks it
    assert ("effect", "DendriteSuppression") not in _concepts(
        vocab, "The bare Cu current collector fails to suppress dendrite growth in lithium metal batteries.")
    assert ("effect", "FasterIonDiffusion") not in _concepts(
        vocab, "The Al2O3 layer is unable to provide fast ion transport because of its low ionic conductivity.")
    assert ("effect", "HigherCoulombicEfficiency") not in _concepts(
        vocab, "The TiO2 coating hardly improves the Coulombic efficiency of the Zn anode.")
    # a denial elsewhere in the sentence does not reach the claim
    assert ("mechanism", "PolysulfideConversionCatalysis") in _concepts(
        vocab, "The MoS2 host does not dissolve, and it shows catalytic conversion of polysulfides.")
    assert ("effect", "CorrosionSuppression") in _concepts(
        vocab, "The ZnO coating gives the Zn anode excellent corrosion resistance.")


def test_a_closing_hope_claims_no_use(vocab):
    got = _concepts(vocab, "We believe this work may open a new avenue for designing MoS2/CoS2 heterostructure "
                           "catalysts for lithium-sulfur batteries.")
    assert ("application", "LithiumSulfurBattery") not in got
    assert ("application", "LithiumSulfurBattery") not in _concepts(
        vocab, "This strategy paves the way for Li3InCl6 electrolytes in all-solid-state lithium-ion batteries.")
    # a use the paper shows still counts
    assert ("application", "LithiumSulfurBattery") in _concepts(
        vocab, "The MoS2/CoS2 heterostructure catalysts were used in lithium-sulfur batteries.")


def test_words_of_instruments_and_test_cells_name_no_concept(matcher, vocab):
    # a pH buffer, a microscope, a mechanical test, a test cell's electrodes and a crystal's host
    # lattice are no interface buffering, tunnelling, lattice strain, electrode or host
    assert ("mechanism", "InterfaceBuffering") not in _found(matcher, "tested in 1.0 M phosphate buffer solution")
    assert ("mechanism", "InterfaceBuffering") in _found(matcher, "a LiNbO3 buffer layer between NCM and LPSCl")
    assert ("mechanism", "QuantumTunnelling") not in _found(matcher, "scanning tunneling microscopy of MoS2 flakes")
    assert ("mechanism", "LatticeStrain") not in _found(matcher, "the stress-strain curves of PEO at a strain rate of 1 mm/min")
    assert ("mechanism", "LatticeStrain") in _found(matcher, "a tensile strain at the CoSe2/NiSe2 interface")
    assert ("role", "Electrode") not in _found(matcher, "with Au blocking electrodes")
    assert ("role", "Electrode") not in _found(matcher, "Li foil as the counter electrode and reference electrode")
    assert ("role", "Host") not in _found(matcher, "in the host lattice of Li3InCl6")
    assert ("role", "Host") in _found(matcher, "a 3D carbon host for Li metal")
    assert ("application", "LithiumMetalBattery") not in _concepts(
        vocab, "The LLZO pellet with Au blocking electrodes shows a total ionic conductivity of 0.5 mS cm-1 "
               "for lithium metal batteries.")
    assert ("application", "LithiumIonBattery") not in _concepts(
        vocab, "In the host lattice of Li3InCl6, Zr substitution creates In vacancies that raise the conductivity "
               "for lithium-ion batteries.")


def test_a_reaction_told_is_not_catalysed(vocab):
    # a cell's chemistry told with reaction words: no catalysis claimed for it
    assert ("mechanism", "PolysulfideConversionCatalysis") not in _concepts(
        vocab, "The CV curves of the Li-S cell with the CoS2 host show two cathodic peaks corresponding to "
               "the reduction of S8 to Li2S4 and then to Li2S.")
    assert ("mechanism", "PolysulfideConversionCatalysis") not in _concepts(
        vocab, "The lower plateau of the Li-S cell is attributed to the conversion from Li2S4 to Li2S2 and Li2S.")
    # ... but a reaction sped up is
    assert ("mechanism", "PolysulfideConversionCatalysis") in _concepts(
        vocab, "The Ni sites of the NiCo2O4 host supply electrons to Li2S6 to facilitate its reduction to Li2S.")


def test_plating_a_metal_anode_is_no_synthesis(vocab):
    for text in ("The Zn electrodeposition on the bare Cu foil produced mossy deposits in the aqueous zinc-ion battery.",
                 "Lithium electrodeposition at high current density leads to dendrites that penetrate the LLZO electrolyte.",
                 "The electrodeposited lithium fills the pores of the Li6PS5Cl separator."):
        assert ("synthesis", "Electrodeposition") not in _concepts(vocab, text), text
    # a metal deposited to make an electrode, and a compound deposited, are routes
    assert ("synthesis", "Electrodeposition") in _concepts(
        vocab, "The Zn anode was prepared by electrodeposition of Zn on carbon cloth.")
    assert ("synthesis", "Electrodeposition") in _concepts(vocab, "The MnO2 cathode was electrodeposited on carbon cloth.")


def test_a_denied_interface_is_not_claimed(vocab):
    assert ("interface", "SchottkyJunction") not in _concepts(
        vocab, "No Schottky barrier was observed at the Ni/Ni3S2 interface.")
    assert ("interface", "SchottkyJunction") in _concepts(
        vocab, "The heterointerface between Ni3S2 and MoS2 forms a Schottky junction that accelerates electron transfer.")


def test_an_interfacial_resistance_is_no_electronic_one(vocab):
    # the resistance of an interface or of grain boundaries in a solid electrolyte is ionic
    for text in ("The LiNbO3 coating reduces the interfacial resistance between NCM811 and Li6PS5Cl.",
                 "The Au interlayer lowers the interface resistance of the Li/LLZO cell from 1000 to 10 Ω."):
        assert ("effect", "HigherElectronicConductivity") not in _concepts(vocab, text), text
    assert ("effect", "HigherElectronicConductivity") in _concepts(
        vocab, "The carbon coating reduces the electrical resistance of the LiFePO4 particles.")


def test_a_failure_far_before_does_not_deny(vocab):
    assert ("effect", "DendriteSuppression") in _concepts(
        vocab, "The bare Cu foil fails after 50 cycles in the lithium metal cell, while the Ag-coated Cu "
               "current collector shows suppressed dendrite growth.")
