"""Compare heterokg measurement candidates (and kept claims) with hand labels of probe documents.

usage: PYTHONPATH=<worktree>/src python solid_electrolyte_probes_compare.py [DIR]
DIR (default: this file's folder) holds solid_electrolyte_probes.labels.tsv and the documents its
``doc`` column names (DOC.md). A label matches a measurement claim of its sentence (``TABLE``: a
table row) with the value within 1 %, the metric (``-`` for none, ``A|B`` either) and the subject
by ``claims.match.same_subject`` against any of the label's ``;``-separated names, also with the
abbreviations the documents define written out (``ABBR``). Status ``f`` labels are this paper's
findings and are scored; a ``c`` (cited) label is consumed only by a claim that carries its
citation, an ``a`` (ambiguous) label by any, neither scored. QUIET=1 prints the totals only.
"""
import csv, os, re, sys
from types import SimpleNamespace as NS
from heterokg.documents import load_bytes
from heterokg.vocabulary import load as lv
from heterokg.claims.extract import candidates, extract
from heterokg.claims.match import same_subject

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
vocab = lv()
labels = list(csv.DictReader(open(os.path.join(D, "solid_electrolyte_probes.labels.tsv")), delimiter="\t"))


ABBR = [("LPSC1.5", "Li5.5PS4.5Cl1.5"), ("LPSC1.7", "Li5.3PS4.3Cl1.7"), ("LPSC", "Li6PS5Cl"),
        ("NYZC", "Na2.25Y0.25Zr0.75Cl6"), ("NZC", "Na2ZrCl6"), ("NZSP", "Na3Zr2Si2PO12")]


def expand(name):
    """A label's subject with the abbreviations the text defines written out (the curated formula)."""
    out = name
    for a, f in ABBR:
        out = re.sub(rf"(?<![A-Za-z]){re.escape(a)}(?![\w.])", f, out)
    return out


def subj_ok(claim, alts):
    alts = alts.split(";")
    for a in alts + [expand(a) for a in alts]:
        lab = NS(material=NS(material_class=None, name=a, formula=a, components=()))
        if same_subject(claim, lab):
            return True
    return False


def in_place(claim, lab):
    q = claim.evidence.quote
    if lab["sentence"] == "TABLE":
        return claim.evidence.source_part == "table" if hasattr(claim.evidence, "source_part") else "|" in q
    return lab["sentence"] in q


def metric_ok(claim, lab):
    return (claim.metric or "-") in lab["metric"].split("|")


def value_ok(claim, lab):
    v, w = claim.quantity.value, float(lab["value"])
    return abs(v - w) <= 0.01 * abs(w)


def score(claims, labs, show):
    meas = [c for c in claims if c.kind in ("performance", "property") and c.quantity]
    used, tp, fps, fns = set(), 0, [], []
    for lab in labs:
        hit = next((i for i, c in enumerate(meas) if i not in used and in_place(c, lab) and value_ok(c, lab)
                    and metric_ok(c, lab) and subj_ok(c, lab["subject"])), None)
        if hit is not None and lab["status"] == "c" and not meas[hit].cited_refs:
            hit = None  # a cited value presented as the paper's own: stays a false positive
        if hit is not None:
            used.add(hit)
            if lab["status"] == "f":
                tp += 1
        elif lab["status"] == "f":
            near = [c for c in meas if in_place(c, lab) and value_ok(c, lab)]
            why = "; ".join(f"got {c.metric or '-'}/{c.property_text if hasattr(c,'property_text') else ''} subj={c.material.name}" for c in near) or "no candidate"
            fns.append(f"  MISS {lab['value']} {lab['unit']} {lab['metric']} [{lab['subject'].split(';')[0]}] <{lab['sentence'][:40]}> {why}")
    for i, c in enumerate(meas):
        if i in used:
            continue
        fps.append(f"  FP   {c.quantity.value:g} {c.quantity.unit} {c.metric} [{c.material.name}] pt={getattr(c,'property_text',None)} <{c.evidence.quote[:70]}>")
    n_f = sum(l["status"] == "f" for l in labs)
    n_pred = tp + len(fps)
    p = tp / n_pred if n_pred else 0
    r = tp / n_f if n_f else 0
    if show:
        print("\n".join(fns + fps))
    return tp, n_pred, n_f, p, r


tot = {}
for mode in ("candidates", "kept"):
    T = [0, 0, 0]
    for name in dict.fromkeys(l["doc"] for l in labels):
        text = open(os.path.join(D, name + ".md")).read()
        doc = load_bytes("t.md", text.encode())
        claims = candidates(doc, vocab) if mode == "candidates" else extract(doc, vocab)
        labs = [l for l in labels if l["doc"] == name]
        print(f"== {mode} {name}")
        tp, n_pred, n_f, p, r = score(claims, labs, show=os.environ.get("QUIET") is None)
        print(f"   {name} {mode}: TP {tp} predicted {n_pred} labelled {n_f}  P {p:.2f} R {r:.2f}")
        T[0] += tp; T[1] += n_pred; T[2] += n_f
    print(f"## {mode} TOTAL: TP {T[0]} / predicted {T[1]} / labelled {T[2]}  P {T[0]/max(T[1],1):.2f} R {T[0]/T[2]:.2f}")
