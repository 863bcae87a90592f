"""A heterostructure's components in RDF: every component a material node, even one that is
itself a heterostructure (the shapes check it; the build once stopped on such a component)."""

from __future__ import annotations

from rdflib.namespace import RDF

from heterokg.claims.model import Claim, Evidence, Material
from heterokg.documents.model import Metadata
from heterokg.rdf import HKG, document_graph, material_iri
from heterokg.validate import validate
from heterokg.vocabulary import load


def test_a_component_that_is_a_heterostructure_is_one_with_its_own_components():
    vocab = load()
    # made up: a catalyst mixed with a supported one, "A/C + B" read as the mixture of A/C and B
    mixture = Material("Ir/C + CoO", components=("Ir/C", "CoO"), arrangement="Composite")
    claim = Claim(id="c1", kind="effect", material=mixture, effect="UniformNucleation", method="curated",
                  confidence=1.0, evidence=Evidence("T.txt", 0, 4, "text"))
    g = document_graph("T", "T.txt", Metadata(), "0" * 64, [], [claim], vocab)
    supported = material_iri("Ir/C")
    assert (material_iri("Ir/C + CoO"), HKG.hasComponent, supported) in g
    assert (supported, RDF.type, HKG.Heterostructure) in g
    assert {str(g.value(c, HKG.formula)) for c in g.objects(supported, HKG.hasComponent)} == {"Ir", "C"}
    result = validate(g)
    assert result.conforms, [r for r in result.results if r[0] == "Violation"]
