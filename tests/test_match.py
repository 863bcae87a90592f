"""When a machine claim and a curated claim are about the same subject (claims.match)."""

import pytest

from heterokg.claims.match import same_subject
from heterokg.claims.model import Claim, Evidence, Material


def _about(name: str, formula: str | None = None, components: tuple[str, ...] = ()) -> Claim:
    return Claim(id="x", kind="mechanism", material=Material(name, components, None, formula),
                 evidence=Evidence("d", 0, 1, "q"), method="machine", confidence=1.0, mechanism="M")


@pytest.mark.parametrize("a, b, same", [
    (_about("MoS2"), _about("MoS2 nanosheets"), True),
    (_about("Na", "Na"), _about("Na metal"), True),
    (_about("Zn", "Zn"), _about("Zn anode"), True),
    (_about("sulfur", "S"), _about("S8", "S8"), True),
    # an element is not the compound whose formula starts with it
    (_about("Na", "Na"), _about("Na3SbS4", "Na3SbS4"), False),
    (_about("Li", "Li"), _about("LiPON"), False),
    (_about("Li6PS5Cl", "Li6PS5Cl"), _about("Li3YCl6", "Li3YCl6"), False),
])
def test_same_subject(a, b, same):
    assert same_subject(a, b) is same
    assert same_subject(b, a) is same
