"""Material identity (issue #17): which printed names are one material, and its preferred name."""

from __future__ import annotations

import pytest

from heterokg.claims.identity import MaterialIdentities
from heterokg.claims.model import Claim, Evidence, Material
from heterokg.normalise.identity import identity_key


@pytest.mark.parametrize("a,b", [
    ("FeSe/Fe3Se4", "Fe3Se4/FeSe"),            # order of an unspecified arrangement
    ("RuP2-RuP", "RuP2/RuP"),                  # '-' and '/' are both unspecified
    ("Mo2S4", "MoS2"),                         # reduced formula
    ("CoO/Mo2C@CNFs", "Mo2C/CoO@CNF"),         # a support's plural
    ("bare Zn", "Zn"), ("metallic zinc", "Zn"), ("Zn nanoparticles", "Zn"), ("sulfur", "S"),
])
def test_same_key(a, b):
    assert identity_key(a) is not None and identity_key(a) == identity_key(b)


@pytest.mark.parametrize("a,b", [
    ("MoS2", "1T-MoS2"),                       # a phase prefix is another phase
    ("NiMoO4", "N-NiMoO4"),                    # a dopant
    ("Zn", "Zn2+"),                            # an ion is not the metal
    ("Sn/Al", "Sn/Al||Sn/Al"),                 # leaves are a multiset
    ("MoS2@ZnIn2S4", "MoS2-ZnIn2S4"),          # arrangements differ (merged later, by rule 2)
    ("MoS2@C", "MoS2|C"),
])
def test_different_key(a, b):
    assert identity_key(a) != identity_key(b)


@pytest.mark.parametrize("name,components", [
    ("polyamide", 0), ("PA", 0), ("(001)-faceted TiO2", 0), ("Co-doped FeSe/Fe3Se4", 2),
    ("ZnS-MoS2", 2),  # read as a doped MoS2 while the claim lists ZnS and MoS2
])
def test_no_key(name, components):
    assert identity_key(name, components=components) is None


def test_key_text():
    assert str(identity_key("MoS2@ZnIn2S4")) == "CoreShell(MoS2, ZnIn2S4)"
    assert str(identity_key("ZnIn2S4-MoS2")) == "Composite(MoS2, ZnIn2S4)"
    assert str(identity_key("Mo2S4")) == "MoS2"


def _claim(name: str, components: tuple[str, ...] = (), formula: str | None = None) -> Claim:
    return Claim(id=name, kind="property", material=Material(name, components, formula=formula),
                 evidence=Evidence("d.txt", 0, 1, "x"), method="curated", confidence=1.0)


def test_unspecified_joins_the_only_specified_arrangement():
    ids = MaterialIdentities.from_claims([
        _claim("MoS2-ZnIn2S4", ("MoS2", "ZnIn2S4")), _claim("MoS2-ZnIn2S4", ("MoS2", "ZnIn2S4")),
        _claim("MoS2@ZnIn2S4", ("MoS2", "ZnIn2S4"))])
    assert ids.of("MoS2-ZnIn2S4").name == ids.of("MoS2@ZnIn2S4").name == "MoS2@ZnIn2S4"
    assert str(ids.of("MoS2-ZnIn2S4").key) == "CoreShell(MoS2, ZnIn2S4)"
    assert ids.names("MoS2@ZnIn2S4") == ["MoS2-ZnIn2S4", "MoS2@ZnIn2S4"]


def test_unspecified_stays_apart_beside_two_specified_arrangements():
    ids = MaterialIdentities.from_claims([_claim("SnS-C", ("SnS", "C")), _claim("SnS@C", ("SnS", "C")),
                                          _claim("SnS|C", ("SnS", "C"))])
    assert len({ids.of(n).name for n in ("SnS-C", "SnS@C", "SnS|C")}) == 3


def test_preferred_name_reads_as_notation_then_is_most_printed():
    ids = MaterialIdentities.from_claims([_claim("bare Zn", formula="Zn")] * 3 + [_claim("Zn", formula="Zn")])
    assert ids.of("bare Zn").name == "Zn"
    ids = MaterialIdentities.from_claims([_claim("NiS/FeS", ("NiS", "FeS"))] * 2 + [_claim("FeS/NiS", ("FeS", "NiS"))])
    assert ids.of("FeS/NiS").name == "NiS/FeS"


def test_a_name_without_key_is_its_own_material():
    ids = MaterialIdentities.from_claims([_claim("polyamide"), _claim("PA")])
    assert ids.of("polyamide").name == "polyamide" and ids.of("polyamide").key is None
