"""Each SHACL shape: one small Turtle snippet that violates it (reported with the expected
sh:sourceShape and severity) and snippets that conform.

All snippets are validated together in two pySHACL runs (one for the violating, one for the
conforming snippets); every snippet has its own IRIs, so results are told apart by focus node.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from heterokg.validate import load_ontology, load_shapes, validate

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/heterokg/"
SH = "https://w3id.org/heterokg/shapes#"

PREFIXES = """
@base <https://w3id.org/heterokg/> .
@prefix hkg: <https://w3id.org/heterokg/ontology#> .
@prefix mech: <https://w3id.org/heterokg/mechanism/> .
@prefix eff: <https://w3id.org/heterokg/effect/> .
@prefix syn: <https://w3id.org/heterokg/synthesis/> .
@prefix sys: <https://w3id.org/heterokg/system/> .
@prefix role: <https://w3id.org/heterokg/role/> .
@prefix itf: <https://w3id.org/heterokg/interface/> .
@prefix met: <https://w3id.org/heterokg/metric/> .
@prefix cond: <https://w3id.org/heterokg/condition/> .
@prefix mcl: <https://w3id.org/heterokg/materialclass/> .
@prefix arr: <https://w3id.org/heterokg/arrangement/> .
@prefix hu: <https://w3id.org/heterokg/unit/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix dqv: <http://www.w3.org/ns/dqv#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<document/T> a hkg:Document ; bibo:doi "10.1039/d2na00710j" .
<document/T2> a hkg:Document .
<document/T/ref/50> a hkg:Reference ; hkg:referenceNumber "50" .
"""

# A cited reference with no description yet: a case adds the triples it tests.
REF = '<document/T/ref/{c}> a hkg:Reference ; hkg:referenceNumber "70" ; '

# One measurement of the extractor's quality, as the build writes it into the dataset description.
QUALITY = """<dataset/quality/{c}> a dqv:QualityMeasurement ; dqv:isMeasurementOf hkg:ExtractorPrecision ;
    dqv:value "0.64"^^xsd:decimal ; dqv:computedOn <dataset> ; hkg:documentSplit "held_out" ; hkg:claimGroup "mechanism" ."""

# A complete, conforming curated performance claim. {c} is the case name.
GOOD = """
<claim/T/{c}> a hkg:PerformanceClaim ;
    hkg:aboutMaterial <material/T{c}-Bi2S3-CuS> ;
    hkg:system sys:SodiumIonBattery ;
    hkg:role role:Anode ;
    hkg:measurement <claim/T/{c}/m> ;
    hkg:evidence <claim/T/{c}/ev> ;
    hkg:method hkg:Curated ;
    hkg:reviewStatus "reviewed" ;
    prov:wasDerivedFrom <document/T> ;
    prov:wasGeneratedBy <activity/curation> ;
    cito:citesAsEvidence <document/T/ref/50> .
<claim/T/{c}/m> a hkg:Measurement ;
    hkg:metric met:CapacityAfterCycling ;
    hkg:value 592.2 ;
    hkg:unit unit:MilliA-HR-PER-GM ;
    hkg:surfaceForm "592.2" ;
    hkg:condition <claim/T/{c}/c1> .
<claim/T/{c}/c1> a hkg:TestCondition ;
    hkg:parameter cond:CurrentDensity ;
    hkg:value 8.0 ;
    hkg:unit hu:AmperePerGram .
<claim/T/{c}/ev> a hkg:Evidence ;
    hkg:inDocument <document/T> ;
    hkg:quote "Bi;S3-CuS 0.01-3 93.8 592.2/8/1000" ;
    hkg:startOffset 100 ;
    hkg:endOffset 134 ;
    hkg:sourcePart "table" .
<material/T{c}-Bi2S3-CuS> a hkg:Heterostructure ;
    rdfs:label "Bi2S3-CuS" ;
    hkg:compositionKey "Composite(Bi2S3, CuS)" ;
    hkg:hasComponent <material/T{c}-Bi2S3> , <material/T{c}-CuS> ;
    hkg:arrangement arr:Composite ;
    hkg:hasInterface <interface/T{c}> .
<material/T{c}-Bi2S3> a hkg:Compound ; rdfs:label "Bi2S3" ; hkg:reducedFormula "Bi2S3" ; hkg:formula "Bi2S3" ;
    hkg:compositionKey "Bi2S3" .
<material/T{c}-CuS> a hkg:Compound ; rdfs:label "CuS" .
<interface/T{c}> a hkg:Heterointerface ;
    hkg:latticeMismatch 3.2 ;
    hkg:bandAlignment "type-II" ;
    hkg:interfaceType itf:PNJunction ;
    hkg:betweenMaterial <material/T{c}-Bi2S3> , <material/T{c}-CuS> .
"""

# Aggregates as the build writes them into graph/aggregates. {c} is the case name.
PAIR = """<aggregate/T/contradiction/{c}> a hkg:ContradictionPair ; hkg:firstClaim <claim/T/{c}a> ;
    hkg:secondClaim <claim/T/{c}b> ; hkg:valuePair <aggregate/T/contradiction/{c}/v> .
<aggregate/T/contradiction/{c}/v> a hkg:ValuePair ; hkg:firstMeasurement <claim/T/{c}a/measurement> ;
    hkg:secondMeasurement <claim/T/{c}b/measurement> ; hkg:firstConditions "CurrentDensity=8" ;
    hkg:secondConditions "" ."""
TALLY = """<aggregate/T/claims/{c}> a hkg:ClaimTally ; hkg:tallyOf <document/T> ; hkg:countedMethod hkg:Curated ;
    hkg:countedKind hkg:MechanismClaim ; hkg:claimCount 3 ."""
REVIEWS = """<material/T{c}-Bi2S3-CuS> hkg:reviewCount 2 ; hkg:discussedIn <document/T> , <document/T2> ."""
DUPLICATE = """<material/T{c}-Bi2S3-CuS> hkg:duplicateOf <material/T{c}-CuS-Bi2S3> ."""
REPEATS = """<claim/T/{c}m> hkg:repeatsCurated <claim/T/{c}> ."""


def agg(template: str, *replacements: tuple[str, str]) -> str:
    """An aggregate snippet with ``replacements`` made (each must apply)."""
    for old, new in replacements:
        assert old in template, old
        template = template.replace(old, new)
    return template


LONG_QUOTE = "x" * 250
PARAGRAPH = "y" * 600
MACHINE = [("hkg:method hkg:Curated ;\n    hkg:reviewStatus \"reviewed\" ;",
            "hkg:method hkg:MachineExtracted ;\n    hkg:confidence 0.8 ;")]


def case(c: str, replace=(), add: str = "") -> str:
    text = GOOD.replace("{c}", c)
    for old, new in replace:
        old, new = old.replace("{c}", c), new.replace("{c}", c)
        assert old in text, (c, old)
        text = text.replace(old, new)
    return text + add.replace("{c}", c)


def drop(line: str):
    return (line, "")


# (case, replacements, extra turtle, expected source shape, severity, focus IRI relative to BASE)
BAD = [
    ("noMaterial", [drop("hkg:aboutMaterial <material/T{c}-Bi2S3-CuS> ;")], "", "Claim-aboutMaterial", "Violation", "claim/T/{c}"),
    ("twoMaterials", [], "<claim/T/{c}> hkg:aboutMaterial <material/T{c}-CuS> .", "Claim-aboutMaterial", "Violation", "claim/T/{c}"),
    ("materialIsSystem", [("hkg:aboutMaterial <material/T{c}-Bi2S3-CuS>", "hkg:aboutMaterial sys:SodiumIonBattery")], "", "Claim-aboutMaterialType", "Violation", "claim/T/{c}"),
    ("mechanismIsEffect", [], "<claim/T/{c}> hkg:mechanism eff:StructuralStability .", "Claim-mechanism", "Violation", "claim/T/{c}"),
    ("effectIsMechanism", [], "<claim/T/{c}> hkg:effect mech:BuiltInElectricField .", "Claim-effect", "Violation", "claim/T/{c}"),
    ("systemMisspelt", [("sys:SodiumIonBattery", "sys:SodiumIonBatteries")], "", "Claim-system", "Violation", "claim/T/{c}"),
    ("roleIsSystem", [("hkg:role role:Anode", "hkg:role sys:SodiumIonBattery")], "", "Claim-role", "Violation", "claim/T/{c}"),
    ("synthesisIsMechanism", [], "<claim/T/{c}> hkg:synthesisMethod mech:SelfRepair .", "Claim-synthesisMethod", "Violation", "claim/T/{c}"),
    ("interfaceIsArrangement", [], "<claim/T/{c}> hkg:interfaceType arr:Layered .", "Claim-interfaceType", "Violation", "claim/T/{c}"),
    ("measurementIsEvidence", [], "<claim/T/{c}> hkg:measurement <claim/T/{c}/ev> .", "Claim-measurement", "Violation", "claim/T/{c}"),
    ("noEvidence", [drop("hkg:evidence <claim/T/{c}/ev> ;")], "", "Claim-evidence", "Violation", "claim/T/{c}"),
    ("noDocument", [drop("prov:wasDerivedFrom <document/T> ;")], "", "Claim-derivedFrom", "Violation", "claim/T/{c}"),
    ("unknownMethod", [("hkg:method hkg:Curated", "hkg:method hkg:Guessed")], "", "Claim-method", "Violation", "claim/T/{c}"),
    ("confidenceTooHigh", [], "<claim/T/{c}> hkg:confidence 1.5 .", "Claim-confidence", "Violation", "claim/T/{c}"),
    ("badReviewStatus", [('"reviewed"', '"done"')], "", "Claim-reviewStatus", "Violation", "claim/T/{c}"),
    ("noProvenance", [drop("prov:wasGeneratedBy <activity/curation> ;")], "", "Claim-generatedBy", "Warning", "claim/T/{c}"),
    ("contradictsDocument", [], "<claim/T/{c}> hkg:contradicts <document/T> .", "Claim-contradicts", "Violation", "claim/T/{c}"),
    ("citationMismatchWithDocument", [], "<claim/T/{c}> hkg:citationMismatchWith <document/T> .", "Claim-citationMismatchWith", "Violation", "claim/T/{c}"),
    ("matchesDocument", [], "<claim/T/{c}> hkg:matchesCurated <document/T> .", "Claim-matchesCurated", "Violation", "claim/T/{c}"),
    ("citesDocument", [("cito:citesAsEvidence <document/T/ref/50>", "cito:citesAsEvidence <document/T2>")], "", "Claim-citesAsEvidence", "Violation", "claim/T/{c}"),
    ("saysNothing", [drop("hkg:system sys:SodiumIonBattery ;"), drop("hkg:role role:Anode ;"),
                     drop("hkg:measurement <claim/T/{c}/m> ;")], "", "ClaimContentShape", "Violation", "claim/T/{c}"),
    ("noKind", [("a hkg:PerformanceClaim", "a hkg:Claim")], "", "Claim-kind", "Violation", "claim/T/{c}"),
    ("twoKinds", [("a hkg:PerformanceClaim", "a hkg:PerformanceClaim , hkg:EffectClaim")], "", "Claim-kind", "Violation", "claim/T/{c}"),
    ("evidenceElsewhere", [("hkg:inDocument <document/T>", "hkg:inDocument <document/T2>")], "", "ClaimEvidenceDocumentShape", "Violation", "claim/T/{c}"),
    ("curatedLongQuote", [('"Bi;S3-CuS 0.01-3 93.8 592.2/8/1000"', f'"{LONG_QUOTE}"')], "", "CuratedQuoteLengthShape", "Violation", "claim/T/{c}"),
    ("curatedNoStatus", [drop('hkg:reviewStatus "reviewed" ;')], "", "CuratedReviewStatusShape", "Warning", "claim/T/{c}"),
    ("machineWithStatus", MACHINE, '<claim/T/{c}> hkg:reviewStatus "reviewed" .', "MachineReviewStatusShape", "Warning", "claim/T/{c}"),
    ("curatedMatchesCurated", [], "<claim/T/{c}> hkg:matchesCurated <claim/T/{c}> .", "MatchesCuratedShape", "Violation", "claim/T/{c}"),
    ("selfContradiction", [], "<claim/T/{c}> hkg:contradicts <claim/T/{c}> .", "SelfContradictionShape", "Violation", "claim/T/{c}"),
    ("mechanismKindEmpty", [("a hkg:PerformanceClaim", "a hkg:MechanismClaim")], "", "MechanismClaim-mechanism", "Warning", "claim/T/{c}"),
    ("effectKindEmpty", [("a hkg:PerformanceClaim", "a hkg:EffectClaim")], "", "EffectClaim-effect", "Warning", "claim/T/{c}"),
    ("performanceNoValue", [drop("hkg:measurement <claim/T/{c}/m> ;")], "", "PerformanceClaim-measurement", "Warning", "claim/T/{c}"),
    ("propertyNoValue", [("a hkg:PerformanceClaim", "a hkg:PropertyClaim"), drop("hkg:measurement <claim/T/{c}/m> ;")], "", "PropertyClaim-measurement", "Warning", "claim/T/{c}"),
    ("synthesisKindEmpty", [("a hkg:PerformanceClaim", "a hkg:SynthesisClaim")], "", "SynthesisClaim-synthesisMethod", "Warning", "claim/T/{c}"),
    ("applicationKindEmpty", [("a hkg:PerformanceClaim", "a hkg:ApplicationClaim"), drop("hkg:system sys:SodiumIonBattery ;"),
                              drop("hkg:role role:Anode ;")], "", "ApplicationClaimShape", "Warning", "claim/T/{c}"),
    ("interfaceKindEmpty", [("a hkg:PerformanceClaim", "a hkg:InterfaceClaim"), drop("hkg:measurement <claim/T/{c}/m> ;")], "", "InterfaceClaimShape", "Warning", "claim/T/{c}"),
    # evidence
    ("noQuote", [drop('hkg:quote "Bi;S3-CuS 0.01-3 93.8 592.2/8/1000" ;')], "", "Evidence-quote", "Violation", "claim/T/{c}/ev"),
    ("machineLongQuote", MACHINE + [('"Bi;S3-CuS 0.01-3 93.8 592.2/8/1000"', f'"{LONG_QUOTE}"')], "", "Evidence-quoteLengthInfo", "Info", "claim/T/{c}/ev"),
    ("machineParagraphQuote", MACHINE + [('"Bi;S3-CuS 0.01-3 93.8 592.2/8/1000"', f'"{PARAGRAPH}"')], "", "Evidence-quoteLength", "Warning", "claim/T/{c}/ev"),
    ("evidenceNoDocument", [drop("hkg:inDocument <document/T> ;")], "", "Evidence-inDocument", "Violation", "claim/T/{c}/ev"),
    ("negativeStart", [("hkg:startOffset 100", "hkg:startOffset -1")], "", "Evidence-startOffset", "Violation", "claim/T/{c}/ev"),
    ("endAsString", [("hkg:endOffset 134", 'hkg:endOffset "134"')], "", "EvidenceOffsetDatatypeShape", "Violation", "claim/T/{c}/ev"),
    ("negativeEnd", [("hkg:endOffset 134", "hkg:endOffset -1")], "", "Evidence-endOffset", "Violation", "claim/T/{c}/ev"),
    ("startAsDecimal", [("hkg:startOffset 100", "hkg:startOffset 100.0")], "", "EvidenceOffsetDatatypeShape", "Violation", "claim/T/{c}/ev"),
    ("reversedSpan", [("hkg:startOffset 100", "hkg:startOffset 200")], "", "Evidence-offsetOrder", "Violation", "claim/T/{c}/ev"),
    ("figurePart", [('hkg:sourcePart "table"', 'hkg:sourcePart "figure"')], "", "Evidence-sourcePart", "Violation", "claim/T/{c}/ev"),
    ("twoSections", [], '<claim/T/{c}/ev> hkg:section "Results" , "Discussion" .', "Evidence-section", "Warning", "claim/T/{c}/ev"),
    ("figureRefUnnormalised", [], '<claim/T/{c}/ev> hkg:figureRef "Fig. 2a" .', "Evidence-figureRef", "Violation", "claim/T/{c}/ev"),
    ("twoTableCategories", [], '<claim/T/{c}/ev> hkg:tableCategory "Oxides" , "Sulfides" .', "Evidence-tableCategory", "Violation", "claim/T/{c}/ev"),
    ("tableCategoryOfText", [('hkg:sourcePart "table"', 'hkg:sourcePart "text"')], '<claim/T/{c}/ev> hkg:tableCategory "Oxides" .', "TableCategory-sourcePart", "Violation", "claim/T/{c}/ev"),
    # measurements
    ("metricIsEffect", [("hkg:metric met:CapacityAfterCycling", "hkg:metric eff:HigherCapacity")], "", "Measurement-metric", "Violation", "claim/T/{c}/m"),
    ("valueAsString", [("hkg:value 592.2", 'hkg:value "592.2"')], "", "Measurement-value", "Violation", "claim/T/{c}/m"),
    ("valueMaxAsString", [], '<claim/T/{c}/m> hkg:valueMax "600" .', "Measurement-valueMax", "Violation", "claim/T/{c}/m"),
    ("rangeReversed", [], "<claim/T/{c}/m> hkg:valueMax 100.0 .", "Measurement-range", "Violation", "claim/T/{c}/m"),
    ("canonicalValueAsString", [], '<claim/T/{c}/m> hkg:canonicalValue "592.2" .', "CanonicalValue", "Violation", "claim/T/{c}/m"),
    ("twoCanonicalMaxima", [], "<claim/T/{c}/m> hkg:canonicalValueMax 600.0, 700.0 .", "CanonicalValueMax", "Violation", "claim/T/{c}/m"),
    ("badQualifier", [], '<claim/T/{c}/m> hkg:qualifier "about" .', "Measurement-qualifier", "Violation", "claim/T/{c}/m"),
    ("noUnit", [drop("hkg:unit unit:MilliA-HR-PER-GM ;")], "", "Measurement-unit", "Violation", "claim/T/{c}/m"),
    ("conditionIsEvidence", [], "<claim/T/{c}/m> hkg:condition <claim/T/{c}/ev> .", "Measurement-condition", "Violation", "claim/T/{c}/m"),
    ("surfaceFormNumber", [('hkg:surfaceForm "592.2"', "hkg:surfaceForm 592.2")], "", "Measurement-surfaceForm", "Warning", "claim/T/{c}/m"),
    ("flagNumber", [], "<claim/T/{c}/m> hkg:flag 1 .", "Measurement-flag", "Violation", "claim/T/{c}/m"),
    ("propertyTextNumber", [], "<claim/T/{c}/m> hkg:propertyText 1 .", "Measurement-propertyText", "Violation", "claim/T/{c}/m"),
    ("metricAndPropertyText", [], '<claim/T/{c}/m> hkg:propertyText "relative density" .', "MeasurementNamesItsProperty", "Violation", "claim/T/{c}/m"),
    ("neitherMetricNorPropertyText", [drop("hkg:metric met:CapacityAfterCycling ;")], "", "MeasurementNamesItsProperty", "Violation", "claim/T/{c}/m"),
    ("capacityInPercent", [("hkg:unit unit:MilliA-HR-PER-GM", "hkg:unit unit:PERCENT")], "", "MeasurementUnitShape", "Violation", "claim/T/{c}/m"),
    ("capacityInVolts", [("hkg:unit unit:MilliA-HR-PER-GM", "hkg:unit unit:V")], "", "MeasurementUnitShape", "Violation", "claim/T/{c}/m"),
    ("retentionAbove100", [("met:CapacityAfterCycling", "met:CapacityRetention"), ("hkg:value 592.2", "hkg:value 120.0"),
                           ("unit:MilliA-HR-PER-GM", "unit:PERCENT")], "", "MeasurementBoundsShape", "Violation", "claim/T/{c}/m"),
    ("iceAbove100", [("met:CapacityAfterCycling", "met:InitialCoulombicEfficiency"), ("hkg:value 592.2", "hkg:value 101.5"),
                     ("unit:MilliA-HR-PER-GM", "unit:PERCENT")], "", "MeasurementBoundsShape", "Violation", "claim/T/{c}/m"),
    ("negativeMismatch", [("met:CapacityAfterCycling", "met:LatticeMismatch"), ("hkg:value 592.2", "hkg:value -1.0"),
                          ("unit:MilliA-HR-PER-GM", "unit:PERCENT")], "", "MeasurementBoundsShape", "Violation", "claim/T/{c}/m"),
    ("zeroCapacity", [("hkg:value 592.2", "hkg:value 0.0")], "", "MeasurementBoundsShape", "Violation", "claim/T/{c}/m"),
    ("zeroLifespan", [("met:CapacityAfterCycling", "met:SymmetricCellLifespan"), ("hkg:value 592.2", "hkg:value 0.0"),
                      ("unit:MilliA-HR-PER-GM", "unit:HR")], "", "MeasurementBoundsShape", "Violation", "claim/T/{c}/m"),
    ("flagWithoutReason", [], '<claim/T/{c}/m> hkg:flag "retentionAbove100" .', "RetentionFlagShape", "Info", "claim/T/{c}/m"),
    # test conditions
    ("conditionNoValue", [("hkg:value 8.0 ;\n    hkg:unit hu:AmperePerGram .", "hkg:unit hu:AmperePerGram .")],
     "", "TestConditionShape", "Violation", "claim/T/{c}/c1"),
    ("parameterIsMetric", [("hkg:parameter cond:CurrentDensity", "hkg:parameter met:SpecificCapacity")], "", "TestCondition-parameter", "Violation", "claim/T/{c}/c1"),
    ("conditionValueString", [("hkg:value 8.0", 'hkg:value "8"')], "", "TestCondition-value", "Violation", "claim/T/{c}/c1"),
    ("conditionValueMaxString", [], '<claim/T/{c}/c1> hkg:valueMax "9" .', "TestCondition-valueMax", "Violation", "claim/T/{c}/c1"),
    ("conditionRangeReversed", [], "<claim/T/{c}/c1> hkg:valueMax 1.0 .", "TestCondition-range", "Violation", "claim/T/{c}/c1"),
    ("conditionUnitUnknown", [("hkg:unit hu:AmperePerGram", "hkg:unit <unit/AmpsPerGram>")], "", "TestCondition-unit", "Violation", "claim/T/{c}/c1"),
    ("conditionTextNumber", [], "<claim/T/{c}/c1> hkg:textValue 5 .", "TestCondition-textValue", "Violation", "claim/T/{c}/c1"),
    ("currentInPercent", [("hkg:unit hu:AmperePerGram", "hkg:unit unit:PERCENT")], "", "TestConditionUnitShape", "Violation", "claim/T/{c}/c1"),
    ("currentWithoutUnit", [("hkg:value 8.0 ;\n    hkg:unit hu:AmperePerGram .", "hkg:value 8.0 .")], "", "TestConditionUnitShape", "Violation", "claim/T/{c}/c1"),
    # materials
    ("materialNoLabel", [('<material/T{c}-CuS> a hkg:Compound ; rdfs:label "CuS" .', "<material/T{c}-CuS> a hkg:Compound .")], "", "Material-label", "Violation", "material/T{c}-CuS"),
    ("ocrFormula", [('hkg:formula "Bi2S3"', 'hkg:formula "Bi;S3"')], "", "Material-formula", "Violation", "material/T{c}-Bi2S3"),
    ("mxeneReduced", [('hkg:reducedFormula "Bi2S3"', 'hkg:reducedFormula "Ti3C2Tx"')], "", "Material-reducedFormula", "Violation", "material/T{c}-Bi2S3"),
    ("twoCompositionKeys", [], '<material/T{c}-Bi2S3-CuS> hkg:compositionKey "Composite(Bi2S3, CuS)" , "CoreShell(Bi2S3, CuS)" .', "Material-compositionKey", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("compositionKeyOneLeafArranged", [], '<material/T{c}-Bi2S3-CuS> hkg:compositionKey "Composite(Bi2S3)" .', "Material-compositionKey", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("twoPrefLabels", [], '<material/T{c}-Bi2S3-CuS> skos:prefLabel "Bi2S3-CuS" , "Bi2S3/CuS" .', "Material-prefLabel", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("materialClassIsSystem", [], '<material/T{c}-pa> a hkg:Polymer ; rdfs:label "PA" ; hkg:materialClass sys:SodiumIonBattery .',
     "Material-materialClass", "Violation", "material/T{c}-pa"),
    ("namedPolymerUntyped", [], '<material/T{c}-pa> a hkg:Material ; rdfs:label "PA" ; hkg:materialClass mcl:Polymer .',
     "NamedMaterialTypeShape", "Violation", "material/T{c}-pa"),
    ("componentIsConcept", [], "<material/T{c}-Bi2S3-CuS> hkg:hasComponent sys:SodiumIonBattery .", "Material-hasComponent", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("arrangementIsMechanism", [("hkg:arrangement arr:Composite", "hkg:arrangement mech:SelfRepair")], "", "Material-arrangement", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("oneComponent", [("hkg:hasComponent <material/T{c}-Bi2S3> , <material/T{c}-CuS>", "hkg:hasComponent <material/T{c}-Bi2S3>")], "", "Heterostructure-components", "Warning", "material/T{c}-Bi2S3-CuS"),
    ("heterostructureReduced", [], '<material/T{c}-Bi2S3-CuS> hkg:reducedFormula "Bi2CuS4" .', "Heterostructure-noReducedFormula", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("mismatchAbove100", [("hkg:latticeMismatch 3.2", "hkg:latticeMismatch 120.0")], "", "Heterointerface-latticeMismatch", "Violation", "interface/T{c}"),
    ("bandAlignmentWord", [('"type-II"', '"staggered"')], "", "Heterointerface-bandAlignment", "Violation", "interface/T{c}"),
    ("workFunctionString", [], '<interface/T{c}> hkg:workFunctionDifference "0.3 eV" .', "Heterointerface-workFunctionDifference", "Violation", "interface/T{c}"),
    ("interfaceTypeIsMechanism", [("hkg:interfaceType itf:PNJunction", "hkg:interfaceType mech:BuiltInElectricField")], "", "Heterointerface-interfaceType", "Violation", "interface/T{c}"),
    ("threeSidedInterface", [], "<interface/T{c}> hkg:betweenMaterial <material/T{c}-Bi2S3-CuS> .", "Heterointerface-betweenMaterial", "Violation", "interface/T{c}"),
    # links out (ids from ../shared/external-ids.md: Bi2S3 mp-22856, CuS Q416688 / CID 14831)
    ("closeMatchLiteral", [], '<material/T{c}-Bi2S3> skos:closeMatch "mp-22856" .', "Material-closeMatch", "Violation", "material/T{c}-Bi2S3"),
    ("exactMatchLiteral", [], '<material/T{c}-CuS> skos:exactMatch "Q416688" .', "Material-exactMatch", "Violation", "material/T{c}-CuS"),
    ("mpIdWithoutPrefix", [], '<material/T{c}-Bi2S3> hkg:mpId "22856" .', "Material-mpId", "Violation", "material/T{c}-Bi2S3"),
    ("noLinkReasonNumber", [], "<material/T{c}-Bi2S3> hkg:noLinkReason 1 .", "Material-noLinkReason", "Violation", "material/T{c}-Bi2S3"),
    ("linkAndReason", [], "<material/T{c}-Bi2S3> skos:closeMatch <https://next-gen.materialsproject.org/materials/mp-22856> ; "
                         'hkg:mpId "mp-22856" ; hkg:noLinkReason "no external id stated in a public source" .',
     "LinkOrReasonShape", "Violation", "material/T{c}-Bi2S3"),
    ("materialSameAs", [], "<material/T{c}-CuS> owl:sameAs <http://www.wikidata.org/entity/Q416688> .", "Material-noSameAs", "Violation", "material/T{c}-CuS"),
    ("mpIdWithoutPage", [], '<material/T{c}-Bi2S3> hkg:mpId "mp-22856" .', "MpIdPageShape", "Violation", "material/T{c}-Bi2S3"),
    ("mpPageExactMatch", [], "<material/T{c}-Bi2S3> skos:exactMatch <https://next-gen.materialsproject.org/materials/mp-22856> .",
     "MpIdPageShape", "Violation", "material/T{c}-Bi2S3"),
    ("heterostructureLinked", [], "<material/T{c}-Bi2S3-CuS> skos:closeMatch <http://www.wikidata.org/entity/Q416688> .",
     "Heterostructure-noLinks", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("seeAlsoNotDoi", [], '<document/T/ref/{c}> a hkg:Reference ; hkg:referenceNumber "8" ; rdfs:seeAlso <document/T> .',
     "Document-seeAlso", "Violation", "document/T/ref/{c}"),
    # documents and references
    ("doiWithPrefix", [], '<document/T{c}> a hkg:Document ; bibo:doi "https://doi.org/10.1039/d2na00710j" .', "Document-doi", "Violation", "document/T{c}"),
    ("referenceNoNumber", [], "<claim/T/{c}> cito:citesAsEvidence <document/T/ref/{c}> . <document/T/ref/{c}> a hkg:Reference .", "Reference-number", "Violation", "document/T/ref/{c}"),
    # the extractor's quality, as W3C DQV measurements
    ("qualityUnknownMetric", [], QUALITY.replace("hkg:ExtractorPrecision", "hkg:confidence"), "QualityMeasurement-metric", "Violation", "dataset/quality/{c}"),
    ("qualityAboveOne", [], QUALITY.replace('"0.64"', '"64"'), "QualityMeasurement-value", "Violation", "dataset/quality/{c}"),
    ("qualityNoSplit", [], QUALITY.replace('hkg:documentSplit "held_out" ;', ""), "QualityMeasurement-split", "Violation", "dataset/quality/{c}"),
    ("qualityUnknownGroup", [], QUALITY.replace('"mechanism"', '"mechanisms"'), "QualityMeasurement-group", "Violation", "dataset/quality/{c}"),
    ("referenceBadDoi", [], '<document/T/ref/{c}> a hkg:Reference ; hkg:referenceNumber "7" ; bibo:doi "doi:10.1/x" .', "Reference-doi", "Warning", "document/T/ref/{c}"),
    # bibliographic description of documents and cited works
    ("abridgedNotBoolean", [], REF + 'hkg:authorListAbridged "et al." .', "Reference-authorListAbridged", "Violation", "document/T/ref/{c}"),
    ("twoTitles", [], REF + 'dcterms:title "A" , "B" .', "Work-title", "Violation", "document/T/ref/{c}"),
    ("yearAsString", [], REF + 'dcterms:issued "2024" .', "Work-issued", "Violation", "document/T/ref/{c}"),
    ("journalAsIri", [], REF + "dcterms:isPartOf <document/T> .", "Work-journal", "Violation", "document/T/ref/{c}"),
    ("creatorAsIri", [], "<document/T{c}> a hkg:Document ; dcterms:creator <material/T{c}> .", "Work-creator", "Violation", "document/T{c}"),
    ("authorListNotSeq", [], REF + 'bibo:authorList <document/T/ref/{c}/authors> . <document/T/ref/{c}/authors> rdf:_1 "C. Huang" .',
     "Work-authorList", "Violation", "document/T/ref/{c}"),
    ("twoVolumes", [], REF + 'bibo:volume "36" , "37" .', "Work-volume", "Violation", "document/T/ref/{c}"),
    ("pageStartNumber", [], REF + "bibo:pageStart 1215 .", "Work-pageStart", "Violation", "document/T/ref/{c}"),
    ("twoPageEnds", [], REF + 'bibo:pageEnd "1225" , "25" .', "Work-pageEnd", "Violation", "document/T/ref/{c}"),
    ("pmidWithPrefix", [], REF + 'bibo:pmid "PMID:40877310" .', "Work-pmid", "Violation", "document/T/ref/{c}"),
    ("pmcidWithoutPrefix", [], REF + 'fabio:hasPubMedCentralId "12394511" .', "Work-pmcid", "Violation", "document/T/ref/{c}"),
    ("authorListWithoutFirst", [], REF + 'bibo:authorList <document/T/ref/{c}/authors> . '
                                         '<document/T/ref/{c}/authors> a rdf:Seq ; rdf:_2 "J. Yu" .',
     "AuthorList-first", "Violation", "document/T/ref/{c}/authors"),
    ("lastPageShortened", [], REF + 'bibo:pageStart "1215" ; bibo:pageEnd "25" .', "PageOrderShape", "Warning", "document/T/ref/{c}"),
    ("pairUnordered", [], agg(PAIR, ("{c}a>", "{c}x>"), ("{c}b>", "{c}a>"), ("{c}x>", "{c}b>")), "ContradictionPairShape", "Violation", "aggregate/T/contradiction/{c}"),
    ("pairNoFirst", [], agg(PAIR, ("hkg:firstClaim <claim/T/{c}a> ;", "")), "ContradictionPair-first", "Violation", "aggregate/T/contradiction/{c}"),
    ("pairSecondIsDocument", [], agg(PAIR, ("hkg:secondClaim <claim/T/{c}b>", "hkg:secondClaim <document/T>")), "ContradictionPair-second", "Violation", "aggregate/T/contradiction/{c}"),
    ("valuesNoFirst", [], agg(PAIR, ("hkg:firstMeasurement <claim/T/{c}a/measurement> ;", "")), "ValuePair-first", "Violation", "aggregate/T/contradiction/{c}/v"),
    ("valuesTwoSeconds", [], PAIR + " <aggregate/T/contradiction/{c}/v> hkg:secondMeasurement <claim/T/{c}c/measurement> .", "ValuePair-second", "Violation", "aggregate/T/contradiction/{c}/v"),
    ("valuesNoConditions", [], agg(PAIR, ('hkg:firstConditions "CurrentDensity=8" ;', "")), "ValuePair-firstConditions", "Violation", "aggregate/T/contradiction/{c}/v"),
    ("valuesConditionsNumber", [], agg(PAIR, ('hkg:secondConditions ""', "hkg:secondConditions 8")), "ValuePair-secondConditions", "Violation", "aggregate/T/contradiction/{c}/v"),
    ("tallyOfClaim", [], agg(TALLY, ("hkg:tallyOf <document/T>", "hkg:tallyOf <claim/T/{c}>")), "ClaimTally-document", "Violation", "aggregate/T/claims/{c}"),
    ("tallyUnknownMethod", [], agg(TALLY, ("hkg:Curated", "hkg:Guessed")), "ClaimTally-method", "Violation", "aggregate/T/claims/{c}"),
    ("tallyOfAllClaims", [], agg(TALLY, ("hkg:MechanismClaim", "hkg:Claim")), "ClaimTally-kind", "Violation", "aggregate/T/claims/{c}"),
    ("tallyZero", [], agg(TALLY, ("hkg:claimCount 3", "hkg:claimCount 0")), "ClaimTally-count", "Violation", "aggregate/T/claims/{c}"),
    ("duplicateOfDocument", [], agg(DUPLICATE, ("<material/T{c}-CuS-Bi2S3>", "<document/T>")), "DuplicateMaterial-other", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("duplicateFromClaim", [], agg(DUPLICATE, ("<material/T{c}-Bi2S3-CuS>", "<claim/T/{c}>")), "DuplicateMaterialShape", "Violation", "claim/T/{c}"),
    ("repeatsMaterial", [], agg(REPEATS, ("<claim/T/{c}> .", "<material/T{c}-Bi2S3> .")), "RepeatedCurated-curated", "Violation", "claim/T/{c}m"),
    ("repeatsFromMaterial", [], agg(REPEATS, ("<claim/T/{c}m>", "<material/T{c}-CuS>")), "RepeatedCuratedShape", "Violation", "material/T{c}-CuS"),
    ("reviewCountWrong", [], agg(REVIEWS, ("hkg:reviewCount 2", "hkg:reviewCount 3")), "MaterialReviewsShape", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("reviewCountText", [], agg(REVIEWS, ("hkg:reviewCount 2", 'hkg:reviewCount "2"')), "MaterialReviews-count", "Violation", "material/T{c}-Bi2S3-CuS"),
    ("discussedInClaim", [], agg(REVIEWS, ("<document/T2>", "<claim/T/{c}>")), "MaterialReviews-documents", "Violation", "material/T{c}-Bi2S3-CuS"),
]

GOOD_CASES = [
    ("quality", [], QUALITY),
    ("base", [], ""),
    ("machine", MACHINE, ""),
    ("retentionFlagged", [("met:CapacityAfterCycling", "met:CapacityRetention"), ("hkg:value 592.2", "hkg:value 104.0"),
                          ("unit:MilliA-HR-PER-GM", "unit:PERCENT")], '<claim/T/{c}/m> hkg:flag "retentionAbove100" .'),
    ("range", [], '<claim/T/{c}/m> hkg:valueMax 600.0 ; hkg:qualifier "approx" .'),
    ("overpotentialInVolts", [("met:CapacityAfterCycling", "met:Overpotential"), ("hkg:value 592.2", "hkg:value 0.05"),
                              ("unit:MilliA-HR-PER-GM", "unit:V")], ""),
    ("activationEnergyEv", [("met:CapacityAfterCycling", "met:ActivationEnergy"), ("hkg:value 592.2", "hkg:value 0.42"),
                            ("unit:MilliA-HR-PER-GM", "unit:EV")], ""),
    ("aboutMaterialClass", [("hkg:aboutMaterial <material/T{c}-Bi2S3-CuS>", "hkg:aboutMaterial mcl:MetalSelenide")], ""),
    # a named material of a class: typed with the concept's OWL class, or, for a concept without
    # one (nor a broader concept with one), a material with its concept only
    ("aboutNamedMaterial", [("hkg:aboutMaterial <material/T{c}-Bi2S3-CuS>", "hkg:aboutMaterial <material/T{c}-pa>")],
     '<material/T{c}-pa> a hkg:Polymer ; rdfs:label "PA" ; hkg:materialClass mcl:Polymer . '
     '<material/T{c}-mx> a hkg:MXene ; rdfs:label "Ti3C2Tx" ; hkg:materialClass mcl:MXene . '
     '<material/T{c}-ldh> a hkg:Material ; rdfs:label "Mg-Al LDH" ; hkg:materialClass mcl:LayeredDoubleHydroxide . '
     '<material/T{c}-tmd> a hkg:Material ; rdfs:label "WS2" ; hkg:materialClass mcl:TransitionMetalChalcogenide .'),
    ("tableRowWithCategory", [], '<claim/T/{c}/ev> hkg:tableCategory "Sulfides/sulfides heterostructures" ; hkg:figureRef "Table 1" .'),
    ("textCondition", [], "<claim/T/{c}/m> hkg:condition <claim/T/{c}/c2> . <claim/T/{c}/c2> a hkg:TestCondition ; "
                          'hkg:parameter cond:CellType ; hkg:textValue "half" .'),
    ("mechanismClaim", [("a hkg:PerformanceClaim", "a hkg:MechanismClaim")], "<claim/T/{c}> hkg:mechanism mech:BuiltInElectricField ."),
    ("formulas", [], '<material/T{c}-mx> a hkg:MXene ; rdfs:label "Ti3C2Tx MXene" ; hkg:formula "Ti3C2Tx" . '
                     '<material/T{c}-hyd> a hkg:Compound ; rdfs:label "ZHS" ; hkg:formula "Zn4SO4(OH)6·5H2O" . '
                     '<material/T{c}-nvp> a hkg:Compound ; rdfs:label "NVP" ; hkg:reducedFormula "Na3V2(PO4)3" ; hkg:formula "MoO3-x" . '
                     '<material/T{c}-nfm> a hkg:Compound ; rdfs:label "NFM" ; hkg:formula "NaNi1/3Fe1/3Mn1/3O2" .'),
    ("matchesCurated", MACHINE, "<claim/T/{c}> hkg:matchesCurated <claim/T/base> ."),
    ("links", [], "<material/T{c}-Bi2S3> skos:closeMatch <https://next-gen.materialsproject.org/materials/mp-22856> ; "
                  'hkg:mpId "mp-22856" . <material/T{c}-CuS> skos:exactMatch <http://www.wikidata.org/entity/Q416688> , '
                  "<https://pubchem.ncbi.nlm.nih.gov/compound/14831> . "
                  '<document/T/ref/{c}> a hkg:Reference ; hkg:referenceNumber "9" ; bibo:doi "10.1002/aenm.201900123" ; '
                  "rdfs:seeAlso <https://doi.org/10.1002/aenm.201900123> ."),
    ("reference", [], '<claim/T/{c}> cito:citesAsEvidence <document/T/ref/{c}> . '
                      '<document/T/ref/{c}> a hkg:Reference ; hkg:referenceNumber "12" ; bibo:doi "10.1002/aenm.201900123" .'),
    # reference 2 of review 002 as the build writes it: authors in order, "et al.", pages in full
    ("describedReference", [], REF + 'dcterms:title "Zero-strain Mn-rich layered cathode" ; dcterms:issued "2025"^^xsd:gYear ; '
                               'dcterms:isPartOf "Nat. Energy" ; dcterms:creator "G. Park" , "N. Park" ; '
                               'bibo:authorList <document/T/ref/{c}/authors> ; hkg:authorListAbridged true ; bibo:volume "10" ; '
                               'bibo:pageStart "1215" ; bibo:pageEnd "1225" ; bibo:pmid "40877310" ; '
                               'fabio:hasPubMedCentralId "PMC12394511" . '
                               '<document/T/ref/{c}/authors> a rdf:Seq ; rdf:_1 "G. Park" ; rdf:_2 "N. Park" .'),
    ("aggregates", [], PAIR + " " + TALLY + " " + REVIEWS + " " + DUPLICATE + " " + REPEATS),
]


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(ROOT / "ontology" / "heterokg.ttl")


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ROOT / "shapes")


def _graph(cases) -> rdflib.Graph:
    text = PREFIXES + "\n".join(case(name, repl, add) for name, repl, add, *_ in cases)
    return rdflib.Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def bad_result(ontology, shapes):
    return validate(_graph(BAD), ontology, shapes)


@pytest.fixture(scope="module")
def good_result(ontology, shapes):
    return validate(_graph(GOOD_CASES), ontology, shapes)


def test_case_names_unique():
    names = [c[0] for c in BAD] + [c[0] for c in GOOD_CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name,repl,add,shape,severity,focus", BAD, ids=[c[0] for c in BAD])
def test_violating_snippet_is_reported(bad_result, name, repl, add, shape, severity, focus):
    focus_iri = BASE + focus.replace("{c}", name)
    hits = [d for d in bad_result.details if d["focus"] == focus_iri and d["source_shape"] == SH + shape]
    assert hits, f"{shape} did not report {focus_iri}; got " + repr(
        [(d["source_shape"], d["severity"]) for d in bad_result.details if d["focus"] == focus_iri])
    assert {h["severity"] for h in hits} == {severity}
    assert all(h["message"] for h in hits)


def test_conforming_snippets(good_result):
    assert good_result.conforms
    assert good_result.counts == {"Violation": 0, "Warning": 0, "Info": 0}, good_result.results


def test_every_named_shape_has_a_violating_snippet(shapes):
    """Each named shape that carries a constraint has a test case above."""
    SHNS = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    constraint_preds = {SHNS[p] for p in (
        "minCount", "maxCount", "class", "datatype", "in", "pattern", "or", "sparql", "minInclusive",
        "qualifiedValueShape",
        "maxInclusive", "maxLength", "minLength", "lessThanOrEquals", "nodeKind")}
    named = {str(s) for s, p, _ in shapes if isinstance(s, rdflib.URIRef) and str(s).startswith(SH)
             and p in constraint_preds}
    tested = {SH + c[3] for c in BAD}
    assert named <= tested, sorted(named - tested)
