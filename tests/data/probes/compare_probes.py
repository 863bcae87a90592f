"""Compare extractor output on the probe documents with hand labels (TSV).

Usage: PYTHONPATH=src python tests/data/probes/compare_probes.py [--kept] [--verbose] [FOLDER]
(FOLDER: another folder of probes, e.g. tests/data/probes-fresh; default this one)
A candidate matches a label when its evidence overlaps the label's sentence, the value is
within 1 %, the metric is the same (label "X|null" accepts X or no metric) and the subject is
the same by claims.match.same_subject against any of the label's alternative names.
"""
import csv, os, re, sys
from dataclasses import replace
from pathlib import Path
from heterokg.documents import load_bytes
from heterokg.vocabulary import load as lv
from heterokg.claims.extract import candidates, extract
from heterokg.claims.match import same_subject
from heterokg.claims.model import Claim, Material, Evidence

HERE = next((Path(a) for a in sys.argv[1:] if not a.startswith("--")), Path(__file__).parent)
KEPT = "--kept" in sys.argv
VERB = "--verbose" in sys.argv
DOCS = [(p.name, p.name[:-3] + ".labels.tsv") for p in sorted(HERE.glob("*.md")) if p.name != "README.md"]
vocab = lv()

def sentence_span(src, snippet):
    i = src.find(snippet)
    assert i >= 0, snippet
    if snippet.startswith("|"):
        return i, src.find("\n", i)
    m = re.compile(r"[.;](?=\s+[A-Z(]|\s*$)|\n").search(src, i + len(snippet))
    return i, m.end() if m else len(src)

def fake(name, c):
    return Claim(id="x", kind="property", material=Material(name=name), evidence=c.evidence, method="curated", confidence=1)

tot = dict(tp=0, fp=0, fn=0)
errors = []
for dname, lname in DOCS:
    src = (HERE / dname).read_text()
    doc = load_bytes(dname, src.encode())
    cs = [c for c in (extract(doc, vocab) if KEPT else candidates(doc, vocab)) if c.kind in ("performance", "property")]
    labels = [r for r in csv.reader(open(HERE / lname), delimiter="\t") if r and not r[0].startswith("#")]
    L = []
    for r in labels:
        _, snip, v, vmax, qual, unit, metric, ptext, mat, part, cond, note = (r + [""] * 12)[:12]
        s, e = sentence_span(src, snip)
        L.append(dict(snip=snip, s=s, e=e, v=float(v), metric=set(m if m != "null" else "" for m in metric.split("|")),
                      ptext=ptext, mats=mat.split("|"), unit=unit, used=False))
    def value_ok(c, l):
        q = c.quantity
        return q is not None and abs(q.value - l["v"]) <= 0.01 * abs(l["v"])
    def overl(c, l):
        return c.evidence.start < l["e"] and l["s"] < c.evidence.end
    for c in cs:
        hit = None
        for l in L:
            if l["used"] or not overl(c, l) or not value_ok(c, l):
                continue
            if (c.metric or "") in l["metric"] and any(same_subject(c, fake(m, c)) for m in l["mats"]):
                hit = l; break
        if hit:
            hit["used"] = True; tot["tp"] += 1
        else:
            tot["fp"] += 1
            # why: a label at the place with this value?
            near = [l for l in L if overl(c, l) and value_ok(c, l)]
            why = "FP"
            if near:
                l = near[0]
                why = "FP-wrongmetric" if (c.metric or "") not in l["metric"] else "FP-wrongsubject(label %s)" % l["mats"][0]
            errors.append((dname[:14], why, c.metric or "pt:%s" % c.property_text, c.quantity.value, c.material.name, c.evidence.quote[:110].replace("\n", " ")))
    for l in L:
        if not l["used"]:
            tot["fn"] += 1
            near = [c for c in cs if overl(c, l) and value_ok(c, l)]
            if near:
                c = near[0]
                why = "MISS-othermetric(%s)" % (c.metric or "pt:%s" % c.property_text) if (c.metric or "") not in l["metric"] else "MISS-othersubject(%s)" % c.material.name
            else:
                from heterokg.normalise.quantities import find_quantities
                qs = [q for q in find_quantities(src[l["s"]:l["e"]]) if abs(q.value - l["v"]) <= 0.01 * abs(l["v"])]
                why = "MISS-nocand(qty read)" if qs else "MISS-qty-not-read"
            errors.append((dname[:14], why, "/".join(sorted(l["metric"])) or "pt:" + l["ptext"], l["v"], l["mats"][0], l["snip"]))
tp, fp, fn = tot["tp"], tot["fp"], tot["fn"]
P = tp / (tp + fp) if tp + fp else 0; R = tp / (tp + fn) if tp + fn else 0
print(f"{'KEPT' if KEPT else 'CANDIDATES'}: tp={tp} fp={fp} fn={fn}  P={P:.2f} R={R:.2f}")
if VERB:
    for e in sorted(errors, key=lambda x: (x[0], x[1])):
        print(" | ".join(str(x) for x in e))
