"""What the scorers print about call edges, shared by the languages whose
scorer is in Python (python/, rust/)."""

import argparse
import collections


def arguments():
    """The command line every SCIP scorer takes: INDEX CHECKOUT HOMER_DB
    [--misses N] [--extra N]; a scorer may add its own."""
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("checkout")
    ap.add_argument("db")
    ap.add_argument("--misses", type=int, default=0, help="print this many missed edges")
    ap.add_argument("--extra", type=int, default=0, help="print this many edges the oracle lacks")
    return ap


def score(label, got, want):
    """Prints precision and recall of the edges got against want."""
    tp = len(got & want)
    p = tp / len(got) if got else 0.0
    r = tp / len(want) if want else 0.0
    print("%-34s precision %.3f  recall %.3f  (homer %d, oracle %d, both %d)" % (label, p, r, len(got), len(want), tp))


def report(homer, oracle, conf, via, misses=0, extra=0):
    """Prints Homer's edges by how they were found, then up to misses
    edges only the oracle has and up to extra only Homer has."""
    by_via = collections.defaultdict(lambda: [0, 0])
    for e in homer:
        by_via[via[e]][0] += 1
        by_via[via[e]][1] += e in oracle
    print("calls by how Homer found them (edges, of which in the oracle): %s" %
          ", ".join("%s %d/%d" % (v or "?", n[0], n[1]) for v, n in sorted(by_via.items())))
    if misses:
        print("\n# missed (oracle, not Homer)")
        for e in sorted(oracle - homer)[:misses]:
            print("  %s -> %s" % e)
    if extra:
        print("\n# extra (Homer, not oracle)")
        for e in sorted(homer - oracle)[:extra]:
            print("  %s -> %s  %.2f %s" % (e[0], e[1], conf[e], via[e]))
