"""The mechanism classifier: does a sentence assert how a material works, and by which mechanism.

Papers word most mechanisms in their own words ("the octahedra tilt in conjunction with Li
hops", "Li2S is first oxidised to Li2S2"), not by an ontology label, so matching labels alone
misses most of them. This model reads a sentence in two stages: the probability that it
asserts a mechanism at all, and, if it does, a distribution over the mechanism concepts. Its
features are the sentence's ordinary words (stems of lower-case words: no formula, acronym or
material name), the ontology's labels and cues it contains (with every concept above them)
and the cues of the sentence's type (cited, hedged, problem or outlook, caption). It is
trained by ``heterokg train`` and shipped as JSON weights (``models/mechanism-classifier.json``),
so applying it needs no learning library; a missing or corrupt file is a ModelError.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .scorer import load_model, sigmoid
from .terms import TermMatch, stems

FORMAT = "heterokg-mechanism-classifier/1"
#: The prefix of the features that are a sentence's words (the rest come from the ontology
#: and the sentence type).
WORD_FEATURE = "w="
#: The prefix of the features that are a mechanism concept a label of the sentence names.
LABEL_FEATURE = "label="

#: Generic cues of what a sentence does: explains a cause, reports a hedged finding, cites.
_CAUSE = re.compile(r"\b(?:due to|owing to|because|attribut\w*|ascrib\w*|originat\w*|aris\w*|result\w* (?:from|in)|"
                    r"leads? to|led to|enabl\w*|facilitat\w*|thus|therefore|hence|thereby|via|through|mechanism\w*)\b",
                    re.I)
_HEDGE = re.compile(r"\b(?:may|might|could|possibly|likely|suggest\w*|propos\w*|indicat\w*)\b", re.I)
_CITED = re.compile(r"\bet al\b|\b(?:reported|previous(?:ly)?|earlier)\b|\[\d", re.I)


def features(text: str, terms: list[TermMatch], cues: list[TermMatch], ancestors: dict[str, frozenset[str]],
             asserts: bool = True, caption: bool = False) -> dict[str, float]:
    """What the classifier reads of a sentence: its ordinary words; the ontology concepts its
    labels name (a mechanism with every concept above it, so that "band bending" also speaks
    for electronic-structure mechanisms) and the mechanisms its cues signal; the other schemes
    it names; and its type (explains a cause, hedged, cited, a problem or outlook, a caption)."""
    f = {WORD_FEATURE + s: 1.0 for s in stems(text)}
    for t in terms:
        if t.scheme == "mechanism":
            f[LABEL_FEATURE + t.local] = 1.0
            for a in ancestors.get(t.local, ()):
                f["under=" + a] = 1.0
        else:
            f["scheme=" + t.scheme] = 1.0
            f[f"{t.scheme}={t.local}"] = 1.0
    for c in cues:
        f["cue=" + c.local] = 1.0
    for name, rx in (("cause", _CAUSE), ("hedge", _HEDGE), ("cited", _CITED)):
        if rx.search(text):
            f["type=" + name] = 1.0
    if not asserts:
        f["type=problem or outlook"] = 1.0
    if caption:
        f["type=caption"] = 1.0
    return f


@dataclass(frozen=True)
class Linear:
    intercept: float
    weights: dict[str, float]

    def score(self, f: dict[str, float]) -> float:
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in f.items())


@dataclass(frozen=True)
class Classifier:
    asserts: Linear
    #: Platt scaling of the assertion score, fitted on scores cross-validated by document
    scale: tuple[float, float]
    concepts: dict[str, Linear]  # mechanism concept -> its softmax score
    #: the least support (P(asserts) · P(concept | asserts)) at which a concept no label of
    #: the sentence names is proposed as a candidate
    propose: float

    @property
    def proposes(self) -> bool:
        """Whether any concept can be proposed: a support is a probability, so a threshold above
        1 (what training sets when proposals never reached their precision) proposes none."""
        return self.propose <= 1.0

    def asserts_mechanism(self, f: dict[str, float]) -> float:
        """The calibrated probability that the sentence asserts a mechanism."""
        a, b = self.scale
        return sigmoid(a * self.asserts.score(f) + b)

    def concept_probabilities(self, f: dict[str, float]) -> dict[str, float]:
        """P(concept | the sentence asserts a mechanism), over the concepts the model knows."""
        if not self.concepts:
            return {}
        z = {c: m.score(f) for c, m in self.concepts.items()}
        top = max(z.values())
        e = {c: math.exp(v - top) for c, v in z.items()}
        total = sum(e.values())
        return {c: v / total for c, v in e.items()}

    def support(self, f: dict[str, float]) -> dict[str, float]:
        """Each known concept's probability of being asserted by the sentence."""
        p = self.asserts_mechanism(f)
        return {c: p * q for c, q in self.concept_probabilities(f).items()}

    def proposal(self, f: dict[str, float]) -> tuple[str, float] | None:
        """Of the concepts no label of the sentence names, the one the model supports most,
        with its support; None where it knows no such concept."""
        unnamed = {c: p for c, p in self.support(f).items() if LABEL_FEATURE + c not in f}
        best = max(unnamed, key=unnamed.get, default=None)
        return (best, unnamed[best]) if best is not None else None


def model_file() -> Path:
    return paths.project_root() / "models" / "mechanism-classifier.json"


def _linear(data: dict) -> Linear:
    return Linear(float(data["intercept"]), {str(k): float(v) for k, v in data["weights"].items()})


def from_json(data: dict) -> Classifier:
    """A classifier from its JSON form; ValueError/KeyError/TypeError on anything malformed."""
    if data.get("format") != FORMAT:
        raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
    asserts = _linear(data["asserts"])
    concepts = {str(c): _linear(m) for c, m in data["concepts"].items()}
    a, b = (float(x) for x in data["scale"])
    propose = float(data["propose"])
    numbers = [a, b, propose, asserts.intercept, *asserts.weights.values()]
    numbers += [x for m in concepts.values() for x in (m.intercept, *m.weights.values())]
    if not all(math.isfinite(x) for x in numbers):
        raise ValueError("a weight, scale or threshold is not a finite number")
    return Classifier(asserts, (a, b), concepts, propose)


def load(path: Path | None = None) -> Classifier:
    """The mechanism classifier at ``path`` (default: the project's
    ``models/mechanism-classifier.json``); a ModelError naming the file when it cannot be used."""
    return load_model(path or model_file(), "mechanism classifier", from_json)
