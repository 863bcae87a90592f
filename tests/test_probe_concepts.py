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


def _concepts(vocab, text):
    doc = load_bytes("made-up.md", f"# A paper\n\n## Results\n\n{text}\n".encode("utf-8"))
    return {(c.kind, c.mechanism or c.effect or c.synthesis or c.interface_type or c.system)
            for c in candidates(doc, vocab) if c.kind not in ("performance", "property")}


# (words, concept the matcher finds in them or not)
WORDINGS = [
    # "interlayer spacing" is the distance between a layered crystal's sheets, not a layer placed
    # between electrode and separator
    ("the interlayer spacing of MoS2 expands to 0.95 nm", ("role", "Interlayer"), False),
    ("a large interlayer distance of 0.62 nm", ("role", "Interlayer"), False),
    ("a MoS2 interlayer between the cathode and the separator", ("role", "Interlayer"), True),
    ("a dense, defect-free LiF coating", ("mechanism", "DefectActiveSites"), False),
    ("defect-rich MoS2 nanosheets", ("mechanism", "DefectActiveSites"), True),
    # "precipitation" alone is what Li2S, LiF or a discharge product does in a cell
    ("the precipitation of Li2S on the host", ("synthesis", "CoPrecipitation"), False),
    ("NiCo2O4 was made by co-precipitation", ("synthesis", "CoPrecipitation"), True),
    ("prepared by chemical precipitation from nitrates", ("synthesis", "CoPrecipitation"), True),
    # Snowball stems "anodic" and "anode" alike; "anodic stability" names no anode
    ("the anodic stability reaches 4.2 V", ("role", "Anode"), False),
    ("a reduction peak in the cathodic scan", ("role", "Cathode"), False),
    ("the MoS2 anodes", ("role", "Anode"), True),
    ("made by cathodic deposition", ("synthesis", "Electrodeposition"), True),  # a label's own adjective
    ("a built-in electrical field", ("mechanism", "BuiltInElectricField"), True),
    ("the hydrophilicity of the coating", ("mechanism", "Hydrophilicity"), True),
    # a pH buffer, a microscope, a mechanical test, a test cell's electrodes and a crystal's host
    # lattice are no interface buffering, tunnelling, lattice strain, electrode or host
    ("tested in 1.0 M phosphate buffer solution", ("mechanism", "InterfaceBuffering"), False),
    ("a LiNbO3 buffer layer between NCM and LPSCl", ("mechanism", "InterfaceBuffering"), True),
    ("scanning tunneling microscopy of MoS2 flakes", ("mechanism", "QuantumTunnelling"), False),
    ("the stress-strain curves of PEO at a strain rate of 1 mm/min", ("mechanism", "LatticeStrain"), False),
    ("a tensile strain at the CoSe2/NiSe2 interface", ("mechanism", "LatticeStrain"), True),
    ("with Au blocking electrodes", ("role", "Electrode"), False),
    ("Li foil as the counter electrode and reference electrode", ("role", "Electrode"), False),
    ("in the host lattice of Li3InCl6", ("role", "Host"), False),
    ("a 3D carbon host for Li metal", ("role", "Host"), True),
]


@pytest.mark.parametrize("words,concept,named", WORDINGS)
def test_what_words_name(matcher, words, concept, named):
    assert (concept in {(t.scheme, t.local) for t in matcher.find(words)}) is named


# (sentence, concept claimed from it or not)
SENTENCES = [
    ("The interlayer spacing of the MoS2 anode for sodium-ion batteries expands to 0.95 nm.",
     ("application", "SodiumIonBattery"), True),  # as the anode it is
    ("After cycling, the dense, defect-free LiF coating remained intact on the Li anode.",
     ("mechanism", "DefectActiveSites"), False),
    ("The precipitation of Li2S on the MXene host was observed in the SEM images.",
     ("synthesis", "CoPrecipitation"), False),
    ("The anodic stability of Li3YCl6 as the catholyte for all-solid-state lithium-ion batteries reaches 4.2 V.",
     ("application", "LithiumIonBattery"), False),
    # how something was done is no finding (guideline: a method sentence carries only routes) ...
    ("Lattice parameters and microstrain were refined from the XRD patterns of Na3PS4.",
     ("mechanism", "LatticeStrain"), False),
    ("The electric field distribution on the Zn anode surface was simulated using COMSOL Multiphysics.",
     ("mechanism", "BuiltInElectricField"), False),
    ("The sodiophilicity of the Na3Bi layer was evaluated by molten Na wetting tests.",
     ("mechanism", "Sodiophilicity"), False),
    # ... but what it found, and the route it names, still count, and so does a method told in a
    # clause the finding leads with
    ("DFT calculations were performed on CoSe2/NiSe2, revealing a lattice strain at the interface.",
     ("mechanism", "LatticeStrain"), True),
    ("Li6PS5Cl was synthesised by ball milling, and its conductivity was measured by impedance spectroscopy.",
     ("synthesis", "BallMilling"), True),
    ("Although the comparison was carried out on pellets pressed at 200 MPa, W substitution improves "
     "the Na-ion conductivity of the Na3SbS4 electrolyte.", ("effect", "FasterIonDiffusion"), True),
    # a concept denied, said to be poor, or one a material fails at, is lacked ...
    ("Unlike MoS2, the Ti3C2 MXene does not show any catalytic conversion of polysulfides.",
     ("mechanism", "PolysulfideConversionCatalysis"), False),
    ("The Li7La3Zr2O12 pellet showed poor corrosion resistance in humid air.",
     ("effect", "CorrosionSuppression"), False),
    ("The bare Cu current collector fails to suppress dendrite growth in lithium metal batteries.",
     ("effect", "DendriteSuppression"), False),
    ("The Al2O3 layer is unable to provide fast ion transport because of its low ionic conductivity.",
     ("effect", "FasterIonDiffusion"), False),
    ("The TiO2 coating hardly improves the Coulombic efficiency of the Zn anode.",
     ("effect", "HigherCoulombicEfficiency"), False),
    ("No Schottky barrier was observed at the Ni/Ni3S2 interface.", ("interface", "SchottkyJunction"), False),
    # ... a denial or failure elsewhere in the sentence does not reach the claim
    ("The MoS2 host does not dissolve, and it shows catalytic conversion of polysulfides.",
     ("mechanism", "PolysulfideConversionCatalysis"), True),
    ("The ZnO coating gives the Zn anode excellent corrosion resistance.", ("effect", "CorrosionSuppression"), True),
    ("The bare Cu foil fails after 50 cycles in the lithium metal cell, while the Ag-coated Cu "
     "current collector shows suppressed dendrite growth.", ("effect", "DendriteSuppression"), True),
    ("The heterointerface between Ni3S2 and MoS2 forms a Schottky junction that accelerates electron transfer.",
     ("interface", "SchottkyJunction"), True),
    # a closing hope claims no use; a use the paper shows does
    ("We believe this work may open a new avenue for designing MoS2/CoS2 heterostructure catalysts for "
     "lithium-sulfur batteries.", ("application", "LithiumSulfurBattery"), False),
    ("This strategy paves the way for Li3InCl6 electrolytes in all-solid-state lithium-ion batteries.",
     ("application", "LithiumSulfurBattery"), False),
    ("The MoS2/CoS2 heterostructure catalysts were used in lithium-sulfur batteries.",
     ("application", "LithiumSulfurBattery"), True),
    # a test cell's electrodes and a host lattice name no use in a battery
    ("The LLZO pellet with Au blocking electrodes shows a total ionic conductivity of 0.5 mS cm-1 for lithium "
     "metal batteries.", ("application", "LithiumMetalBattery"), False),
    ("In the host lattice of Li3InCl6, Zr substitution creates In vacancies that raise the conductivity for "
     "lithium-ion batteries.", ("application", "LithiumIonBattery"), False),
    # a cell's chemistry told with reaction words is not catalysed; a reaction sped up is
    ("The CV curves of the Li-S cell with the CoS2 host show two cathodic peaks corresponding to the reduction "
     "of S8 to Li2S4 and then to Li2S.", ("mechanism", "PolysulfideConversionCatalysis"), False),
    ("The lower plateau of the Li-S cell is attributed to the conversion from Li2S4 to Li2S2 and Li2S.",
     ("mechanism", "PolysulfideConversionCatalysis"), False),
    ("The Ni sites of the NiCo2O4 host supply electrons to Li2S6 to facilitate its reduction to Li2S.",
     ("mechanism", "PolysulfideConversionCatalysis"), True),
    # a metal anode plated in a cell is no synthesis; a metal deposited to make an electrode, and a
    # compound deposited, are routes
    ("The Zn electrodeposition on the bare Cu foil produced mossy deposits in the aqueous zinc-ion battery.",
     ("synthesis", "Electrodeposition"), False),
    ("Lithium electrodeposition at high current density leads to dendrites that penetrate the LLZO electrolyte.",
     ("synthesis", "Electrodeposition"), False),
    ("The electrodeposited lithium fills the pores of the Li6PS5Cl separator.", ("synthesis", "Electrodeposition"), False),
    ("The Zn anode was prepared by electrodeposition of Zn on carbon cloth.", ("synthesis", "Electrodeposition"), True),
    ("The MnO2 cathode was electrodeposited on carbon cloth.", ("synthesis", "Electrodeposition"), True),
    # the resistance of an interface or of grain boundaries in a solid electrolyte is ionic
    ("The LiNbO3 coating reduces the interfacial resistance between NCM811 and Li6PS5Cl.",
     ("effect", "HigherElectronicConductivity"), False),
    ("The Au interlayer lowers the interface resistance of the Li/LLZO cell from 1000 to 10 Ω.",
     ("effect", "HigherElectronicConductivity"), False),
    ("The carbon coating reduces the electrical resistance of the LiFePO4 particles.",
     ("effect", "HigherElectronicConductivity"), True),
]


@pytest.mark.parametrize("sentence,concept,claimed", SENTENCES)
def test_what_a_sentence_claims(vocab, sentence, concept, claimed):
    assert (concept in _concepts(vocab, sentence)) is claimed


def test_a_method_sentence_asserts_no_mechanism_at_all(vocab):
    got = _concepts(vocab, "DFT calculations of the electronic structure of CoP/MoS2 were performed with the VASP code.")
    assert not {k for k in got if k[0] == "mechanism"}


def test_every_concept_the_cases_name_is_in_the_ontology(vocab):
    """A "not claimed" case about a concept that does not exist would pass for nothing."""
    scheme = {"application": "system"}
    for _, (kind, local), _ in WORDINGS + SENTENCES:
        assert vocab.has(scheme.get(kind, kind), local), (kind, local)
