"""The ontology: it parses, is OWL 2 DL consistent (HermiT), passes its QC queries, keeps every
seed concept other people's data uses, and renders with pyLODE."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, OWL, SKOS, Literal, URIRef, Namespace

from heterokg.validate import load_ontology, ontology_checks

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "heterokg.ttl"
QC_DIR = ROOT / "ontology" / "qc"

BASE = "https://w3id.org/heterokg/"
HKG = Namespace(BASE + "ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
HU = Namespace(BASE + "unit/")

# The contract: concept local names that curated YAML and extractor output already use
# (/work/tmp/vocab-seed.md). Never rename or drop one of these.
SEED = {
    "mechanism": """ElectronicStructureMechanism BuiltInElectricField SpaceChargeLayer BandAlignment
        ChargeRedistribution QuantumTunnelling ElectronicStructureModulation StructuralMechanism
        LatticeStrain DefectActiveSites InterfaceBuffering CrystalOrientationRegulation
        SpatialConfinement InterfacialAffinity IonAdsorption Sodiophilicity Lithiophilicity
        Zincophilicity Zincophobicity PolysulfideAnchoring CatalyticConversion
        PolysulfideConversionCatalysis OxygenIntermediateCatalysis IonTransportRegulation
        Desolvation IonSieving DielectricPolarisation WaterBlocking ElectrochemicalMechanism
        MultiStepRedox InterfacialChargeStorage Pseudocapacitance SynergisticEffect SelfRepair""",
    "effect": """FasterIonDiffusion EnhancedReactionKinetics HigherElectronicConductivity MoreActiveSites
        StructuralStability DendriteSuppression UniformNucleation LowerNucleationOverpotential
        HomogenisedIonFlux CorrosionSuppression HydrogenEvolutionSuppression SideReactionSuppression
        ShuttleSuppression HigherCapacity LongerCycleLife BetterRateCapability
        HigherCoulombicEfficiency ImprovedReversibility EnhancedCatalyticActivity LowerPolarisation""",
    "synthesis": """Hydrothermal Solvothermal Calcination Pyrolysis Sulfurisation Selenisation Phosphidation
        EpitaxialGrowth PartialConversion Electrodeposition ChemicalVapourDeposition
        VapourSolidReaction MechanicalRolling ImmersionTreatment InSituAdditiveFormation BallMilling
        CoPrecipitation Templating MOFDerived MoltenSalt Electrospinning SprayDrying
        AtomicLayerDeposition Sputtering IonExchange SolutionCoating Exfoliation SolGel""",
    "system": """RechargeableBattery LithiumIonBattery SodiumIonBattery PotassiumIonBattery
        LithiumSulfurBattery MetalAirBattery ZincAirBattery LithiumOxygenBattery AqueousZincIonBattery
        SodiumMetalBattery LithiumMetalBattery ZincMetalBattery AqueousAluminiumIonBattery
        AqueousAmmoniumIonBattery Electrocatalysis HydrogenEvolutionReaction OxygenEvolutionReaction
        OxygenReductionReaction NitrogenReductionReaction OverallWaterSplitting Supercapacitor""",
    "role": """Anode Cathode Electrode Interlayer ProtectiveCoating ArtificialSEI Host SeparatorModifier
        CurrentCollectorModifier ElectrolyteAdditive Electrocatalyst""",
    "interface": """PNJunction SchottkyJunction MottSchottkyJunction NNJunction PPJunction OhmicContact
        EpitaxialInterface VanDerWaalsInterface CoherentInterface SemiCoherentInterface""",
    "metric": """SpecificCapacity CapacityAfterCycling RateCapacity ArealCapacity TheoreticalCapacity
        InitialCoulombicEfficiency AverageCoulombicEfficiency CapacityRetention SymmetricCellLifespan
        CycleLife Overpotential NucleationOverpotential ExchangeCurrentDensity ActivationEnergy
        ChargeTransferResistance BandGap LatticeMismatch AdsorptionEnergy BindingEnergy
        DiffusionBarrier DiffusionCoefficient InterlayerSpacing WorkFunction TransferenceNumber
        IonicConductivity ElectronicConductivity VoltageWindow SpecificCapacitance TafelSlope
        EnergyDensity PowerDensity HalfWavePotential OnsetPotential FaradaicEfficiency
        AmmoniaYieldRate AverageVoltage""",
    "condition": """CurrentDensity ArealCapacity CycleNumber CRate Temperature VoltageWindow CellType
        CounterElectrode Electrolyte Potential""",
    "materialclass": """Heterostructure MetalChalcogenide TransitionMetalChalcogenide MetalSulfide
        MetalSelenide MetalTelluride MetalOxide MetalPhosphide MetalNitride MetalCarbide MXene
        CarbonMaterial Polymer MetalOrganicFramework CovalentOrganicFramework MetalAlloy
        ArtificialInterphase SolidElectrolyteInterphase TwoDimensionalMaterial LayeredDoubleHydroxide""",
    "arrangement": "CoreShell SupportedOn Layered Composite",
}
KIND = {
    "mechanism": HKG.Mechanism, "effect": HKG.Effect, "synthesis": HKG.SynthesisMethod,
    "system": HKG.ApplicationSystem, "role": HKG.Role, "interface": HKG.InterfaceType,
    "metric": HKG.Metric, "condition": HKG.ConditionParameter,
    "materialclass": HKG.MaterialClass, "arrangement": HKG.Arrangement,
}
# seed broader relations stated in vocab-seed.md
SEED_BROADER = [
    ("mechanism", "BuiltInElectricField", "ElectronicStructureMechanism"),
    ("mechanism", "LatticeStrain", "StructuralMechanism"),
    ("mechanism", "Sodiophilicity", "InterfacialAffinity"),
    ("mechanism", "PolysulfideConversionCatalysis", "CatalyticConversion"),
    ("mechanism", "Desolvation", "IonTransportRegulation"),
    ("mechanism", "Pseudocapacitance", "ElectrochemicalMechanism"),
    ("effect", "LowerNucleationOverpotential", "UniformNucleation"),
    ("synthesis", "MOFDerived", "Templating"),
    ("system", "SodiumIonBattery", "RechargeableBattery"),
    ("system", "ZincAirBattery", "MetalAirBattery"),
    ("system", "MetalAirBattery", "RechargeableBattery"),
    ("system", "OverallWaterSplitting", "Electrocatalysis"),
]
# seed canonical units (vocab-seed.md), as unit IRIs
SEED_UNITS = {
    "SpecificCapacity": UNIT["MilliA-HR-PER-GM"], "ArealCapacity": HU.MilliampereHourPerSquareCentimetre,
    "InitialCoulombicEfficiency": UNIT.PERCENT, "CapacityRetention": UNIT.PERCENT,
    "SymmetricCellLifespan": UNIT.HR, "CycleLife": UNIT.NUM, "Overpotential": UNIT.MilliV,
    "ExchangeCurrentDensity": UNIT["MilliA-PER-CentiM2"], "ActivationEnergy": UNIT["KiloJ-PER-MOL"],
    "ChargeTransferResistance": UNIT.OHM, "BandGap": UNIT.EV, "LatticeMismatch": UNIT.PERCENT,
    "DiffusionCoefficient": HU.SquareCentimetrePerSecond, "InterlayerSpacing": UNIT.NanoM,
    "TransferenceNumber": UNIT.UNITLESS, "IonicConductivity": UNIT["S-PER-CentiM"],
    "VoltageWindow": UNIT.V, "SpecificCapacitance": HU.FaradPerGram, "TafelSlope": HU.MillivoltPerDecade,
    "EnergyDensity": HU.WattHourPerKilogram, "PowerDensity": UNIT["W-PER-KiloGM"],
    "AmmoniaYieldRate": HU.MicrogramPerHourPerMilligram,
}


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return load_ontology(ONTOLOGY_FILE)


def test_parses_and_has_header(onto):
    o = URIRef(BASE + "ontology")
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionIRI) == URIRef(BASE + "ontology/0.1.0")
    assert onto.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.created):
        assert onto.value(o, p) is not None, p


@pytest.mark.parametrize("scheme", sorted(SEED))
def test_seed_concepts_exist(onto, scheme):
    scheme_iri = URIRef(BASE + scheme)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in onto
    missing = []
    for local in SEED[scheme].split():
        c = URIRef(f"{BASE}{scheme}/{local}")
        ok = (
            (c, RDF.type, SKOS.Concept) in onto
            and (c, RDF.type, KIND[scheme]) in onto
            and (c, SKOS.inScheme, scheme_iri) in onto
        )
        if not ok:
            missing.append(local)
    assert not missing, f"seed concepts missing or mistyped in {scheme}/: {missing}"


def test_seed_hierarchy(onto):
    for scheme, narrower, broader in SEED_BROADER:
        assert (URIRef(f"{BASE}{scheme}/{narrower}"), SKOS.broader, URIRef(f"{BASE}{scheme}/{broader}")) in onto


def test_seed_canonical_units(onto):
    for local, unit in SEED_UNITS.items():
        assert onto.value(URIRef(f"{BASE}metric/{local}"), HKG.canonicalUnit) == unit, local


def test_extractor_synonyms(onto):
    """A few altLabels the extractor depends on (from the issue)."""
    expected = {
        "mechanism/BuiltInElectricField": ["BIEF", "BIEFs", "built in electric field", "internal electric field",
                                           "IEF", "interfacial electric field", "built-in field"],
        "mechanism/Sodiophilicity": ["sodiophilic"],
        "synthesis/Hydrothermal": ["hydrothermal", "hydrothermally"],
        "system/SodiumIonBattery": ["SIBs", "SIB", "Na-ion batteries"],
        "role/Anode": ["anodes"],
        "metric/InitialCoulombicEfficiency": ["ICE"],
    }
    for local, labels in expected.items():
        c = URIRef(BASE + local)
        have = {str(l) for l in onto.objects(c, SKOS.altLabel)} | {str(l) for l in onto.objects(c, SKOS.prefLabel)}
        assert set(labels) <= have, (local, set(labels) - have)


def test_claim_kinds_pairwise_disjoint(onto):
    kinds = {HKG[k] for k in ("MechanismClaim", "EffectClaim", "PerformanceClaim", "PropertyClaim",
                              "SynthesisClaim", "ApplicationClaim", "InterfaceClaim")}
    for k in kinds:
        assert (k, RDFS.subClassOf, HKG.Claim) in onto
    found = False
    for node in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = set(rdflib.collection.Collection(onto, onto.value(node, OWL.members)))
        found = found or members == kinds
    assert found


def test_material_hierarchy(onto):
    for cls, sup in [("Compound", "Material"), ("Element", "Material"), ("Metal", "Material"),
                     ("CarbonMaterial", "Material"), ("MXene", "Compound"), ("Polymer", "Material"),
                     ("FrameworkMaterial", "Material"), ("Heterostructure", "Composite"),
                     ("Composite", "Material"), ("Interphase", "Material")]:
        assert (HKG[cls], RDFS.subClassOf, HKG[sup]) in onto, cls
    for p in ("latticeMismatch", "bandAlignment", "workFunctionDifference"):
        assert onto.value(HKG[p], RDFS.domain) == HKG.Heterointerface
    for ind in (HKG.Curated, HKG.MachineExtracted):
        assert (ind, RDF.type, HKG.ExtractionMethod) in onto


def test_qc_queries_pass(onto):
    assert ontology_checks(onto, QC_DIR) == []


def test_qc_queries_catch_problems(onto):
    g = rdflib.Graph()
    g += onto
    mech = Namespace(BASE + "mechanism/")
    g.add((mech.SelfRepair, SKOS.altLabel, Literal("bief", lang="en")))        # shared altLabel
    g.add((mech.SelfRepair, SKOS.altLabel, Literal("Desolvation", lang="en")))  # = other prefLabel
    g.remove((URIRef(BASE + "metric/BandGap"), HKG.canonicalUnit, None))
    g.remove((UNIT.EV, HKG.pintExpression, None))
    g.add((mech.SelfRepair, SKOS.related, mech.NoSuchConcept))                 # dangling
    g.remove((mech.Desolvation, SKOS.definition, None))
    g.add((mech.Desolvation, HKG.falseFriend, Literal("layered structure", lang="en")))  # resembles no label
    g.add((mech.Desolvation, HKG.raises, Literal("desolvation", lang="en")))  # a mechanism changes nothing
    names = {p.split(":")[0] for p in ontology_checks(g, QC_DIR)}
    assert {"duplicate-altlabel", "altlabel-is-preflabel", "metric-unit", "unit-pint",
            "dangling-reference", "concept-definition", "false-friend-resembles-label",
            "direction-quality"} <= names
    both = rdflib.Graph()
    both += onto
    both.add((URIRef(BASE + "effect/LowerPolarisation"), HKG.lowers, Literal("Conductivity", lang="en")))
    assert any(p.startswith("direction-quality") for p in ontology_checks(both, QC_DIR))


def test_pint_expressions_parse(onto):
    pint = pytest.importorskip("pint")
    ureg = pint.UnitRegistry()
    for d in onto.objects(None, HKG.pintDefinition):
        ureg.define(str(d))
    units = set(onto.subjects(RDF.type, HKG.Unit))
    assert len(units) >= 20
    for u in units:
        expr = onto.value(u, HKG.pintExpression)
        assert expr is not None, u
        ureg(str(expr))  # raises if pint cannot parse it
    # the dimension of each allowed unit of a metric is the same as that of its canonical unit
    for metric in onto.subjects(RDF.type, HKG.Metric):
        canon = ureg(str(onto.value(onto.value(metric, HKG.canonicalUnit), HKG.pintExpression)))
        for allowed in onto.objects(metric, HKG.allowedUnit):
            q = ureg(str(onto.value(allowed, HKG.pintExpression)))
            if q.dimensionality != canon.dimensionality:
                # Documented exceptions: activation energies per particle (eV) or per mole
                # (kJ/mol); power densities per mass (W/kg) or per area (mW/cm², metal-air cells).
                ratio = dict((q / canon).dimensionality)
                # Cycle counts: unit:NUM is "cycle" (a count of cycles), unit:UNITLESS a plain number.
                assert ratio in ({"[substance]": 1}, {"[mass]": 1, "[length]": -2}, {"[cycle_count]": -1}), (
                    metric, allowed, ratio)


def test_owl_reasoner_consistent(onto, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "heterokg.nt"
    onto.serialize(str(path), format="nt", encoding="utf-8")  # owlready2 does not read Turtle
    world = owlready2.World()
    o = world.get_ontology(path.as_uri()).load(format="ntriples")
    with o:
        # raises OwlReadyInconsistentOntologyError if the ontology is inconsistent
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


def test_pylode_renders():
    from heterokg.ontology_docs import render_html

    html = render_html(ONTOLOGY_FILE)
    assert "<html" in html.lower()
    assert "heterokg ontology" in html
    assert "built-in electric field" in html.lower() or "heterostructure" in html.lower()


# Every external IRI the ontology maps to, each verified with the search tool (see the comment
# above the concept in ontology/heterokg.ttl). Adding a match means verifying it and adding it here.
EMMO_BATTERY = "https://w3id.org/emmo/domain/battery#battery_"
EMMO_ECHEM = "https://w3id.org/emmo/domain/electrochemistry#electrochemistry_"
VERIFIED_MATCHES = {
    ("role/Anode", EMMO_ECHEM + "b6319c74_d2ce_48c0_a75a_63156776b302"),
    ("role/Cathode", EMMO_ECHEM + "35c650ab_3b23_4938_b312_1b0dede2e6d5"),
    ("system/LithiumIonBattery", EMMO_BATTERY + "96addc62_ea04_449a_8237_4cd541dd8e5f"),
    ("system/SodiumIonBattery", EMMO_BATTERY + "42329a95_03fe_4ec1_83cb_b7e8ed52f68a"),
    ("system/PotassiumIonBattery", EMMO_BATTERY + "22cd1325_5cbb_4fb3_b6a6_ae7aab5554a5"),
    ("system/LithiumSulfurBattery", EMMO_BATTERY + "a5c1aa29_5404_4746_a9d0_0262c44ca419"),
    ("system/MetalAirBattery", EMMO_BATTERY + "9cfcb1d3_ed39_476a_9300_47ffb6de6cf0"),
    ("system/ZincAirBattery", EMMO_BATTERY + "e8eada73_3811_4bbe_8f65_f6ee089d439f"),
    ("system/LithiumOxygenBattery", EMMO_BATTERY + "aea9d6ae_7ac4_4dcd_b6ef_5afcde1ccd22"),
    ("system/LithiumMetalBattery", EMMO_BATTERY + "ada13509_4eed_4e40_a7b1_4cc488144154"),
    ("mechanism/SpaceChargeLayer", EMMO_ECHEM + "e3f6eacc_f661_404e_ac16_45d2fa1f5d89"),
    ("materialclass/SolidElectrolyteInterphase", EMMO_ECHEM + "ecf136cb_2584_4cb1_98b7_2d2b3d22e40d"),
    ("metric/SpecificCapacity", EMMO_ECHEM + "1e3dc60d_dd6b_47d6_8161_70004fc5ee30"),
    ("metric/DiffusionCoefficient", "https://w3id.org/emmo#EMMO_931a725b_926d_4f60_8955_61fe17fce98b"),
    ("metric/WorkFunction", "https://w3id.org/emmo#EMMO_a0c4322d_4de2_4770_991c_5fad4e6ec25b"),
    ("metric/EnergyDensity", "https://w3id.org/emmo#EMMO_e218c625_6a39_47a9_8d08_a2ef41c152a9"),
}
VERIFIED_QUDT_UNITS = {
    "MilliA-HR-PER-GM", "PERCENT", "HR", "NUM", "UNITLESS", "MilliV", "V", "MilliA-PER-CentiM2",
    "KiloJ-PER-MOL", "EV", "OHM", "NanoM", "S-PER-CentiM", "MilliS-PER-CentiM", "W-PER-KiloGM", "DEG_C",
    "MicroM", "ANGSTROM", "PicoM", "MegaPA", "GM-PER-CentiM3", "MilliGM-PER-CentiM2", "DAY",
}


def test_external_matches_are_the_verified_ones(onto):
    found = set()
    for p in (SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch):
        for s, o in onto.subject_objects(p):
            found.add((str(s).removeprefix(BASE), str(o)))
    assert found == VERIFIED_MATCHES


def test_qudt_units_are_the_verified_ones(onto):
    used = {str(u).removeprefix(str(UNIT)) for u in onto.subjects(RDF.type, HKG.Unit)
            if str(u).startswith(str(UNIT))}
    assert used == VERIFIED_QUDT_UNITS
    # every other unit is a local unit of the unit/ scheme with an SI conversion or a comment why not
    for u in onto.subjects(RDF.type, HKG.Unit):
        if not str(u).startswith(str(UNIT)):
            assert str(u).startswith(str(HU)), u
            assert (u, SKOS.inScheme, URIRef(BASE + "unit")) in onto
            assert onto.value(u, HKG.symbol) is not None
            assert onto.value(u, HKG.conversionMultiplier) is not None or onto.value(u, HKG.pintDefinition) is not None
