#!/usr/bin/env python3
"""Compares Homer's Rust call edges with rust-analyzer's SCIP index.

Usage: compare.py INDEX.scip CHECKOUT HOMER_DB [--misses N] [--extra N]

The oracle is rust-analyzer (`rust-analyzer scip`, every feature on), which
expands macros, infers receiver types and resolves paths as the compiler
does. A call is a reference to a repository function or method (a SCIP
symbol ending in `().`) that the source text calls: followed by `(`, or by a
turbofish and `(`. Its caller is the innermost function or method of Homer's
whose lines hold the call; a closure's calls belong to the function around
it. Callee definitions are matched to Homer's by file, name and lines.

Code that rust-analyzer leaves inactive (another platform's `cfg`, `loom`,
features that are not cargo features) has no occurrences, so both sides are
scored on definitions the index defines: an edge counts only when both its
caller and its callee are active there. Homer's edges whose callee is only
inactive code are counted apart.
"""

import collections
import json
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import scoring  # noqa: E402  (bench/accuracy/scoring.py)
import scip  # noqa: E402  (bench/accuracy/scip.py)

FUNCTIONS = ("function", "method")
METHOD_SYMBOL = re.compile(r"(?:r#)?`?([A-Za-z_][A-Za-z0-9_]*)`?\([^()]*\)\.$")


def base(name):
    """A definition's name without Homer's mark of a repeated name (~2)."""
    head, sep, tail = name.rpartition("~")
    return head if sep and tail.isdigit() else name


def called(line, col):
    """Whether the text from col on calls what ends there: `(`, or `::<..>(`."""
    i, n = col, len(line)
    while i < n and line[i] in " \t":
        i += 1
    if line.startswith("::<", i):
        depth, i = 0, i + 2
        while i < n:
            if line[i] == "<":
                depth += 1
            elif line[i] == ">":
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            i += 1
        while i < n and line[i] in " \t":
            i += 1
    return i < n and line[i] == "("


class Defs:
    """Homer's function and method definitions of one file, by lines."""

    def __init__(self):
        self.items = []  # (line, end, simple name, node name)

    def add(self, line, end, name, node):
        self.items.append((line, end, name, node))

    def innermost(self, line, name=None):
        best = None
        for first, end, n, node in self.items:
            if first <= line <= end and (name is None or n == name):
                if best is None or end - first < best[1] - best[0]:
                    best = (first, end, node)
        return best[2] if best else None


def main():
    ap = scoring.arguments()
    args = ap.parse_args()

    docs = scip.read_documents(args.index)
    db = sqlite3.connect(args.db)

    defs = collections.defaultdict(Defs)
    kinds = {}
    for name, meta in db.execute("select name, metadata from nodes where kind = 'definition'"):
        m = json.loads(meta)
        kinds[name] = m.get("kind")
        if m.get("kind") in FUNCTIONS:
            defs[name.split("#")[0]].add(m["line"], m.get("end", m["line"]), m.get("name"), name)

    # The index's function definitions, matched to Homer's. A symbol names
    # one definition per crate: each file of tests/ and benches/ is a crate
    # of its own, so `fn rt()` in two of them is one symbol, told apart by
    # the file the reference is in.
    sym_def = collections.defaultdict(dict)  # symbol -> {file: node}
    unmatched = 0
    for rel, occs in docs.items():
        for o in occs:
            if not o.definition:
                continue
            m = METHOD_SYMBOL.search(o.symbol)
            if not m:
                continue
            node = defs[rel].innermost(o.line + 1, m.group(1))
            if node is None:
                unmatched += 1
                continue
            sym_def[o.symbol][rel] = node
    active = {n for by_file in sym_def.values() for n in by_file.values()}

    def callee(sym, rel):
        by_file = sym_def.get(sym)
        if not by_file:
            return None
        if rel in by_file:
            return by_file[rel]
        if len(by_file) == 1:
            return next(iter(by_file.values()))
        return None  # one of several crates' definitions: not knowable here

    texts = {}

    def lines_of(rel):
        """The lines of a file of the checkout, read once; [] if unreadable."""
        if rel not in texts:
            try:
                with open(os.path.join(args.checkout, rel), encoding="utf-8", errors="replace") as f:
                    texts[rel] = f.read().split("\n")
            except OSError:
                texts[rel] = []
        return texts[rel]

    oracle = set()
    for rel, occs in docs.items():
        lines = lines_of(rel)
        for o in occs:
            if o.definition or o.end_line >= len(lines):
                continue
            target = callee(o.symbol, rel)
            if target is None:
                continue
            if not called(lines[o.end_line], o.end_col):
                continue
            caller = defs[rel].innermost(o.line + 1)
            if caller is None or caller not in active:
                continue
            a, b = base(caller), base(target)
            if a != b:
                oracle.add((a, b))

    covered = set(docs)
    homer, conf, via = set(), {}, {}
    skipped = collections.Counter()
    rows = db.execute("""
        select a.name, b.name, c.confidence, c.metadata from call_edges c
        join nodes a on a.id = c.caller join nodes b on b.id = c.callee""")
    for a, b, c, meta in rows:
        if a.split("#")[0] not in covered or b.split("#")[0] not in covered:
            skipped["a file outside the index"] += 1
            continue
        if kinds.get(a) not in FUNCTIONS or kinds.get(b) not in FUNCTIONS:
            skipped["not function to function"] += 1
            continue
        if a not in active:
            skipped["caller inactive in the index"] += 1
            continue
        if b not in active:
            skipped["callee inactive in the index"] += 1
            continue
        e = (base(a), base(b))
        homer.add(e)
        if c >= conf.get(e, 0):
            conf[e], via[e] = c, json.loads(meta).get("via", "")

    # A call site rust-analyzer did not resolve (no occurrence on the name:
    # a dev-dependency that depends back on the crate, a macro it could not
    # expand) cannot be judged: Homer's edges whose every site in the caller
    # is such are left out of both sides.
    spans = {}
    for path, ds in defs.items():
        for first, end, n, node in ds.items:
            spans[base(node)] = (path, first, end)
    at = {rel: {(o.line, o.col) for o in occs} for rel, occs in docs.items()}

    def unjudged(edge):
        a, b = edge
        if a not in spans:
            return False
        path, first, end = spans[a]
        lines = lines_of(path)
        name = b.rsplit("#", 1)[-1].rsplit(".", 1)[-1]
        site = re.compile(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"\b")
        sites = 0
        for ln in range(first - 1, min(end, len(lines))):
            text = lines[ln]
            for m in site.finditer(text):
                if not called(text, m.end()):
                    continue
                sites += 1
                if (ln, m.start()) in at.get(path, ()):
                    return False
        return sites > 0

    left = {e for e in homer - oracle if unjudged(e)}
    if left:
        skipped["every call site unresolved by the oracle"] = len(left)
        homer -= left

    print("files indexed: %d; function definitions matched: %d (not found in Homer's store: %d)" %
          (len(covered), len(active), unmatched))
    print("homer call edges left out: %s" % dict(skipped))
    scoring.score("calls, all edges", homer, oracle)
    scoring.score("calls, confidence >= 0.5", {e for e in homer if conf[e] >= 0.5}, oracle)
    # A dispatch edge reaches an implementation a trait method's call may
    # run; rust-analyzer records the one the types fix, so they are apart.
    scoring.score("calls, >= 0.5, without dispatch",
          {e for e in homer if conf[e] >= 0.5 and via[e] != "dispatch"}, oracle)
    scoring.report(homer, oracle, conf, via, args.misses, args.extra)


if __name__ == "__main__":
    sys.exit(main())
