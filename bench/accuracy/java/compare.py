#!/usr/bin/env python3
"""Compares Homer's Java call and import edges with JavaParser's symbol solver.

Usage: compare.py ORACLE.tsv CHECKOUT HOMER_DB [--misses N] [--extra N]

ORACLE.tsv is what Oracle.java prints: every method call, object creation,
explicit constructor call and method reference in the repository, with its
caller and the repository definition the solver resolved it to (see
Oracle.java for the naming, which is Homer's: path#Outer.Inner.member).

Both sides are compared as caller -> callee pairs of definitions. Overloads
share a qualified name in Homer, told apart by "~N" in node names (the N-th
definition of that name in its file); the oracle numbers them the same way.
Pairs are scored twice: by qualified name ("~N" dropped on both sides), and
exactly, overload by overload.

A definition calling itself (or, on Homer's side, an overload of its own
name) is left out of both sides: Homer keeps no self edges.

A call site the solver could not resolve (most are calls on types of
libraries outside the repository, such as JUnit and Truth) says nothing: a
Homer edge from the same caller to a callee of the same name is left out of
precision, since the oracle cannot judge it.

Homer's dispatch edges (an abstract or interface method's overrides, which
a call may reach at run time) are scored twice: strictly, where only the
statically resolved declaration counts, and as dispatch, where an edge
counts as right when the oracle resolved the same caller's call of that name
to some declaration.

Import edges: single-type and static imports the solver placed in the
repository, against Homer's import edges from the same files, leaving out
edges the file's wildcard imports could explain (the oracle does not expand
them).
"""

import argparse
import collections
import os
import re
import sqlite3
import sys


def strip(node):
    return re.sub(r"~\d+$", "", node)


def member_name(node):
    q = node.split("#", 1)[1]
    return q.rsplit(".", 1)[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("oracle")
    ap.add_argument("checkout")
    ap.add_argument("db")
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--extra", type=int, default=0)
    args = ap.parse_args()

    oracle_exact = set()
    unknown = set()  # (caller, name) the oracle failed on
    sites = collections.Counter()
    oracle_imports = set()
    for line in open(args.oracle):
        f = line.rstrip("\n").split("\t")
        if f[0] == "import":
            oracle_imports.add((f[1], f[2]))
            continue
        sites[f[0]] += 1
        kind, caller, callee, name = f[1], f[2], f[3], f[4]
        if f[0] == "call":
            if strip(caller) == strip(callee):
                continue  # recursion: Homer keeps no edge from a definition to itself
            oracle_exact.add((caller, callee))
        elif f[0] == "unknown":
            unknown.add((strip(caller), name))

    db = sqlite3.connect(args.db)
    homer_exact = {}  # (caller, callee) -> (confidence, via)
    for frm, to, conf, meta in db.execute("""select a.name, b.name, c.confidence, c.metadata from call_edges c
            join nodes a on a.id = c.caller join nodes b on b.id = c.callee"""):
        if not (frm.split("#")[0].endswith(".java") and to.split("#")[0].endswith(".java")):
            continue
        if strip(frm) == strip(to):
            continue  # an overload calling another: the oracle's pair was dropped as recursion
        via = re.search(r'"via":"(\w+)"', meta)
        key = (frm, to)
        prev = homer_exact.get(key)
        if prev is None or conf > prev[0]:
            homer_exact[key] = (conf, via.group(1) if via else "")

    print(f"oracle call sites: {sites['call']} resolved in the repository, {sites['external']} outside it, "
          f"{sites['unknown']} not resolved")

    def collapse(pairs):
        out = {}
        for (a, b), v in pairs.items():
            k = (strip(a), strip(b))
            if k not in out or v[0] > out[k][0]:
                out[k] = v
        return out

    for mode in ("by qualified name", "overload by overload"):
        if mode == "by qualified name":
            oracle = {(strip(a), strip(b)) for a, b in oracle_exact}
            homer = collapse(homer_exact)
        else:
            oracle, homer = oracle_exact, homer_exact
        resolved_names = {(strip(a), member_name(strip(b))) for a, b in oracle}
        print(f"\n== {mode}: oracle pairs {len(oracle)}, homer pairs {len(homer)}")
        for label, floor in (("all", 0.0), ("confidence >= 0.5", 0.5)):
            h = {k: v for k, v in homer.items() if v[0] >= floor}
            judged = {k: v for k, v in h.items()
                      if (strip(k[0]), member_name(strip(k[1]))) not in unknown or k in oracle}
            right = sum(1 for k in judged if k in oracle)
            dispatch_ok = lambda k, v: v[1] == "dispatch" and (strip(k[0]), member_name(strip(k[1]))) in resolved_names
            plausible = sum(1 for k, v in judged.items() if k in oracle or dispatch_ok(k, v))
            found = sum(1 for k in oracle if k in h)
            print(f"{label}: {len(h)} homer pairs, {len(judged)} judged")
            print(f"  precision (strict)        {right / max(len(judged), 1):.4f}  ({right}/{len(judged)})")
            print(f"  precision (dispatch ok)   {plausible / max(len(judged), 1):.4f}  ({plausible}/{len(judged)})")
            print(f"  recall                    {found / max(len(oracle), 1):.4f}  ({found}/{len(oracle)})")
            nd = {k: v for k, v in judged.items() if v[1] != "dispatch"}
            nd_right = sum(1 for k in nd if k in oracle)
            print(f"  precision without dispatch edges {nd_right / max(len(nd), 1):.4f}  ({nd_right}/{len(nd)})")
            if floor == 0.5:
                wrong = [(k, v) for k, v in judged.items() if k not in oracle and not dispatch_ok(k, v)]
                by_via = collections.Counter(v[1] for _, v in wrong)
                print(f"  unexplained extra pairs by via: {dict(by_via)}")
                for k, v in sorted(wrong)[: args.extra]:
                    print(f"    extra {v[1]} {k[0]} -> {k[1]}")
                missing = sorted(k for k in oracle if k not in h)
                for k in missing[: args.misses]:
                    print(f"    miss {k[0]} -> {k[1]}")

    # Imports.
    wild = collections.defaultdict(set)  # file -> package directories of its wildcard imports
    hfiles = set()
    for frm, to in db.execute("""select a.name, b.name from link_edges l
            join nodes a on a.id = l.src join nodes b on b.id = l.dst
            where l.kind = 'imports'"""):
        if frm.endswith(".java") and to.endswith(".java"):
            hfiles.add((frm, to))
    for frm in {f for f, _ in hfiles} | {f for f, _ in oracle_imports}:
        try:
            src = open(os.path.join(args.checkout, frm), encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        for m in re.finditer(r"(?m)^\s*import\s+(static\s+)?([\w.]+)\.\*\s*;", src):
            wild[frm].add(m.group(2).replace(".", "/"))
    def explained(frm, to):
        d = os.path.dirname(to)
        stem = os.path.splitext(to)[0]
        return any(d.endswith(w) or stem.endswith(w) for w in wild[frm])
    judged = {e for e in hfiles if e in oracle_imports or not explained(*e)}
    right = len(judged & oracle_imports)
    found = len(oracle_imports & hfiles)
    print(f"\nimports: oracle {len(oracle_imports)}, homer {len(hfiles)} ({len(judged)} judged)")
    print(f"  precision {right / max(len(judged), 1):.4f}  ({right}/{len(judged)})")
    print(f"  recall    {found / max(len(oracle_imports), 1):.4f}  ({found}/{len(oracle_imports)})")
    for e in sorted(judged - oracle_imports)[: args.extra]:
        print(f"    extra import {e[0]} -> {e[1]}")
    for e in sorted(oracle_imports - hfiles)[: args.misses]:
        print(f"    missed import {e[0]} -> {e[1]}")


if __name__ == "__main__":
    sys.exit(main())
