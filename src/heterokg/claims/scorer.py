"""Which candidate claims to keep, and how far to trust them.

The rules of ``extract`` propose broadly (every number with a unit, every concept a sentence
names, for the subject the rules find); a logistic model trained on labelled development
documents (``heterokg train``) decides. It reads what a candidate says and the sentence it
stands in, gives a calibrated probability that the candidate is a claim a reader would
label, and abstains below a threshold per claim group. The model is a JSON file of feature
weights, so applying it needs no learning library and its every weight can be read.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from .. import paths
from ..normalise.text import plain_text_with_map
from .model import GROUPS, Claim
from .terms import stems

FORMAT = "heterokg-claim-scorer/1"
T = TypeVar("T")

_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")
_HEDGE = re.compile(r"\b(?:may|might|could|can|possibly|likely|potentially|would)\b", re.I)
_OWN = re.compile(r"\b(?:we|our|here|herein|this work|this study)\b", re.I)
_OTHERS = re.compile(r"\bet al\b|\b(?:reported|previous(?:ly)?|earlier|pioneer\w*)\b", re.I)


class ModelError(Exception):
    """A model file that cannot be used, named with the reason: never a silent fall-back to rules."""


def model_file() -> Path:
    return paths.project_root() / "models" / "claim-scorer.json"


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _concept(claim: Claim) -> str:
    if claim.kind in ("performance", "property"):
        return f"metric:{claim.metric}" if claim.metric else "metric:(property text)"
    value = {"mechanism": claim.mechanism, "effect": claim.effect, "synthesis": claim.synthesis,
             "interface": claim.interface_type, "application": claim.system}.get(claim.kind)
    return f"{claim.kind}:{value}"


@lru_cache(maxsize=4096)
def _plain(quote: str):
    """A quote's plain text, once per sentence (each of its candidates asks)."""
    return plain_text_with_map(quote)


def features(claim: Claim) -> dict[str, float]:
    """What the model reads of a candidate: its kind and concept, how the rules found its
    subject (their prior confidence), what the subject is, and the sentence's words and
    cues for its type (cited work, own finding, hedged, caption, table). The words are the
    stems of ordinary lower-case words (``terms.stems``): a formula or an acronym lower-cased
    ("licoo", "lpscl") is one paper's material, which a model of any paper must not learn."""
    group = GROUPS[claim.kind]
    # the words as a reader sees them: Markdown LaTeX ("${\\mathrm{{MgCl}}}_{2}$") flattened
    plain = _plain(claim.evidence.quote)
    quote = plain.text
    lowered = quote.lower()
    m = claim.material
    subject = ("class" if m.material_class or m.class_word else "composite" if m.components else
               "element" if m.formula and re.fullmatch(r"[A-Z][a-z]?", m.formula) else
               "compound" if m.formula else "named")
    f: dict[str, float] = {
        "bias:" + group: 1.0,
        "concept=" + _concept(claim): 1.0,
        f"prior={claim.confidence:.1f}": 1.0,
        f"{group}&prior={claim.confidence:.1f}": 1.0,
        "subject=" + subject: 1.0,
        f"{group}&subject={subject}": 1.0,
        "part=" + claim.evidence.source_part: 1.0,
        f"words={min(len(quote.split()) // 10, 6)}": 1.0,
    }
    name = m.name.lower()
    if name and name in lowered:
        f["subject named"] = 1.0
        f[f"{group}&subject named"] = 1.0
    for cue, rx in (("refs", None), ("year", _YEAR), ("hedge", _HEDGE), ("own", _OWN), ("others", _OTHERS)):
        present = bool(claim.cited_refs) if rx is None else bool(rx.search(quote))
        if present:
            f[f"{group}&{cue}"] = 1.0
    if claim.evidence.genre:
        f["genre=" + claim.evidence.genre] = 1.0
        f[f"{group}&genre={claim.evidence.genre}"] = 1.0
        if claim.cited_refs:
            f[f"{group}&refs&genre={claim.evidence.genre}"] = 1.0
    if claim.evidence.division:
        f["division=" + claim.evidence.division] = 1.0
        f[f"{group}&division={claim.evidence.division}"] = 1.0
    q = claim.quantity
    if q is not None:
        f["unit=" + q.unit] = 1.0
        if q.qualifier:
            f["qualifier=" + q.qualifier] = 1.0
        if q.value_max is not None:
            f["range"] = 1.0
        for k in claim.conditions:
            f["condition=" + k] = 1.0
        f[f"conditions={min(len(claim.conditions), 3)}"] = 1.0
        if claim.property_text:
            for w in stems(claim.property_text):
                f["property word=" + w] = 1.0
        if name and name in lowered and q.surface and q.surface in plain.source:
            at = plain.plain_offset(plain.source.index(q.surface))  # the surface is the source's
            f["subject before value" if lowered.index(name) < at else "subject after value"] = 1.0
    if claim.support is not None:  # the mechanism classifier's word on the sentence
        f[f"{group}&support"] = claim.support
        f[f"{group}&support={min(int(claim.support * 5), 4)}"] = 1.0
        f[f"{group}&{'proposed' if claim.proposed else 'labelled'}"] = 1.0
    for w in stems(quote):
        f["w=" + w] = 1.0
        f[f"{group}&w={w}"] = 1.0
    return f


@dataclass(frozen=True)
class Scorer:
    weights: dict[str, float]
    intercept: float
    #: Platt scaling of the linear score, fitted on cross-validated scores: p = σ(a·z + b)
    scale: tuple[float, float]
    #: group → the probability below which the model abstains
    thresholds: dict[str, float]

    def probability(self, claim: Claim) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features(claim).items())
        a, b = self.scale
        return sigmoid(a * z + b)

    def apply(self, claims: list[Claim]) -> list[Claim]:
        """The candidates the model keeps, each with its probability as confidence (2 places)."""
        out = []
        for c in claims:
            p = self.probability(c)
            if p >= self.thresholds.get(GROUPS[c.kind], 0.5):
                out.append(replace(c, confidence=round(p, 2)))
        return out


def from_json(data: dict) -> Scorer:
    """A scorer from its JSON form; ValueError/KeyError/TypeError on anything malformed."""
    if data.get("format") != FORMAT:
        raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    thresholds = {str(k): float(v) for k, v in data["thresholds"].items()}
    unknown = set(thresholds) - set(GROUPS.values())
    if unknown:
        raise ValueError(f"thresholds for unknown claim groups {sorted(unknown)}")
    a, b = (float(x) for x in data["scale"])
    if not all(math.isfinite(x) for x in (*weights.values(), *thresholds.values(), a, b, float(data["intercept"]))):
        raise ValueError("a weight, threshold or scale is not a finite number")
    return Scorer(weights, float(data["intercept"]), (a, b), thresholds)


_LOADED: dict[tuple[str, int, str], object] = {}


def load_model(path: Path, what: str, parse: Callable[[dict], T]) -> T:
    """The model ``what`` ("claim scorer") that ``parse`` reads from the JSON file at ``path``,
    parsed once per file version (path and modification time). Anything missing or malformed
    is a ModelError naming the file: the extractor never silently runs without its models."""
    try:
        key = (str(path), path.stat().st_mtime_ns, what)
    except OSError:
        raise ModelError(f"{path}: no {what} here (train one with `heterokg train`)") from None
    if key not in _LOADED:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the {what}: {exc.strerror}") from None
        except ValueError as exc:
            raise ModelError(f"{path}: not a {what}: invalid JSON ({exc})") from None
        try:
            _LOADED[key] = parse(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{path}: not a usable {what}: {exc}") from None
    return _LOADED[key]


def load(path: Path | None = None) -> Scorer:
    """The claim scorer at ``path`` (default: the project's ``models/claim-scorer.json``)."""
    return load_model(path or model_file(), "claim scorer", from_json)
