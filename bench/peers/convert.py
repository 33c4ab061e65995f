#!/usr/bin/env python3
"""Maps a peer tool's call edges onto the accuracy oracles' definition names.

  convert.py codegraph DB > peer-edges.tsv          # .codegraph/codegraph.db
  convert.py gitnexus CYPHER.json > peer-edges.tsv  # `gitnexus cypher` output
  convert.py go GODEFS.tsv < peer-edges.tsv > homer-format.tsv
  convert.py python CHECKOUT OUT.db < peer-edges.tsv

The first two write the peer's call edges between definitions, one a line:
caller path, name, 1-based line, kind; callee path, name, line, kind;
confidence (empty when the peer gives none). The last two map both ends onto
the names the oracles use, by path, bare name and line (the exact line when
one matches, else the nearest definition of that name in that file):

- go: onto the Go oracle's `defs` list (its own naming), written as
  "call CONF CALLER CALLEE" lines, the input of `oracle score`;
- python: onto the definitions Python's own parser finds in CHECKOUT, named
  PATH#Qualified.name (~2 for a repeat) and stored as a minimal Homer store
  (nodes, edges, edge_members) that bench/accuracy/python/compare.py reads in
  place of .homer/homer.db. A call of a class goes to its __init__ (its own,
  else the first found through bases named in the repository), as the oracle
  counts it.

Edges whose caller is not a function or method (a file, a module-level
variable, a class body) are left out: the oracles give such calls no caller.
Edges whose callee is a type are left out unless mapped to a constructor as
above. Counts of what was left out and of what could not be mapped go to
stderr.
"""

import ast
import collections
import json
import os
import sqlite3
import sys

FUNC_KINDS = {"function", "method", "constructor"}
GO_CALLEE_KINDS = FUNC_KINDS | {"variable"}
CLASS_KINDS = {"class", "struct"}


def out_row(*f):
    sys.stdout.write("\t".join("" if x is None else str(x) for x in f) + "\n")


def codegraph(db):
    con = sqlite3.connect(db)
    rows = con.execute("""
        select a.file_path, a.name, a.start_line, a.kind,
               b.file_path, b.name, b.start_line, b.kind,
               json_extract(e.metadata, '$.confidence')
        from edges e join nodes a on a.id = e.source join nodes b on b.id = e.target
        where e.kind in ('calls', 'instantiates')""")
    for r in rows:
        out_row(*r)


def gitnexus(path):
    # `gitnexus cypher` prints {"markdown": "| h | ... |\n| --- |\n| v | ... |"}.
    text = open(path).read()
    md = json.loads(text[text.index("{"):])["markdown"]
    lines = md.split("\n")[2:]
    for ln in lines:
        c = [x.strip() for x in ln.strip().strip("|").split("|")]
        if len(c) != 9:
            sys.stderr.write("gitnexus: unreadable row: %s\n" % ln)
            continue
        # startLine is 0-based in GitNexus's store.
        a_line = int(c[2]) + 1 if c[2] not in ("", "NULL", "null") else 0
        b_line = int(c[6]) + 1 if c[6] not in ("", "NULL", "null") else 0
        out_row(c[0], c[1], a_line, c[3].lower(), c[4], c[5], b_line, c[7].lower(), c[8])


def read_peer():
    for ln in sys.stdin:
        f = ln.rstrip("\n").split("\t")
        if len(f) != 9:
            continue
        f[2], f[6] = int(f[2] or 0), int(f[6] or 0)
        yield f


def pick(cands, line, lines_of):
    """The candidate whose line (any of lines_of(c)) equals line, else the
    nearest."""
    if not cands:
        return None
    for c in cands:
        if line in lines_of(c):
            return c
    return min(cands, key=lambda c: min(abs(l - line) for l in lines_of(c)))


def go(defs_path):
    defs = collections.defaultdict(list)
    for ln in open(defs_path):
        path, line, name, node = ln.rstrip("\n").split("\t")
        defs[(path, name)].append((int(line), node))
    stats = collections.Counter()
    seen = set()
    for a_path, a_name, a_line, a_kind, b_path, b_name, b_line, b_kind, conf in read_peer():
        stats["peer edges"] += 1
        if a_kind not in FUNC_KINDS:
            stats["left out: caller is a " + a_kind] += 1
            continue
        if b_kind not in GO_CALLEE_KINDS:
            stats["left out: callee is a " + b_kind] += 1
            continue
        a = pick(defs.get((a_path, a_name)), a_line, lambda c: [c[0]])
        b = pick(defs.get((b_path, b_name)), b_line, lambda c: [c[0]])
        if a is None or b is None:
            stats["unmapped"] += 1
            sys.stderr.write("unmapped: %s:%s:%s -> %s:%s:%s\n" % (a_path, a_line, a_name, b_path, b_line, b_name))
            continue
        if a[1] == b[1]:
            stats["left out: self-call"] += 1
            continue
        key = (a[1], b[1])
        c = float(conf) if conf not in ("", "None", "NULL", "null") else 0.0
        if key in seen:
            stats["duplicates (same pair)"] += 1
        seen.add(key)
        out_row("call", c, a[1], b[1])
        stats["mapped"] += 1
    report(stats)


class PyDef:
    def __init__(self, path, qn, node, kind):
        self.path, self.qn, self.node, self.kind = path, qn, node, kind
        self.first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        self.name = None
        self.methods = {}


def py_defs(checkout):
    """{(path, bare name): [PyDef]} for every .py file under checkout."""
    out = collections.defaultdict(list)
    for d, dirs, files in os.walk(checkout):
        dirs[:] = [x for x in dirs if not x.startswith(".") and x != "node_modules"]
        for fn in files:
            if not fn.endswith(".py"):
                continue
            full = os.path.join(d, fn)
            rel = os.path.relpath(full, checkout)
            try:
                tree = ast.parse(open(full, encoding="utf-8", errors="replace").read())
            except SyntaxError:
                continue
            count = collections.Counter()

            def walk(body, stack):
                for n in body:
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        qn = ".".join([s.node.name for s in stack] + [n.name])
                        if isinstance(n, ast.ClassDef):
                            kind = "class"
                        elif stack and stack[-1].kind == "class":
                            kind = "method"
                        else:
                            kind = "function"
                        p = PyDef(rel, qn, n, kind)
                        count[qn] += 1
                        p.name = rel + "#" + qn + ("~%d" % count[qn] if count[qn] > 1 else "")
                        if stack and stack[-1].kind == "class":
                            stack[-1].methods.setdefault(n.name, p)
                        out[(rel, n.name)].append(p)
                        walk(n.body, stack + [p])
                    else:
                        for f in ("body", "orelse", "finalbody", "handlers"):
                            sub = getattr(n, f, None)
                            if isinstance(sub, list):
                                walk(sub, stack)
            walk(tree.body, [])
    return out


def python(checkout, out_db):
    defs = py_defs(checkout)
    classes = collections.defaultdict(list)
    for (path, name), ds in defs.items():
        for d in ds:
            if d.kind == "class":
                classes[name].append(d)

    def init_of(cls, seen=()):
        if "__init__" in cls.methods:
            return cls.methods["__init__"]
        for b in cls.node.bases:
            bn = b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else None
            cands = classes.get(bn, [])
            if len(cands) == 1 and cands[0] not in seen:
                r = init_of(cands[0], seen + (cls,))
                if r:
                    return r
        return None

    if os.path.exists(out_db):
        os.remove(out_db)
    con = sqlite3.connect(out_db)
    con.executescript("""
        create table nodes (id integer primary key, kind text, name text, metadata text);
        create table edges (id integer primary key, kind text, confidence real, metadata text);
        create table edge_members (edge_id integer, role text, node_id integer);""")
    ids = {}
    for ds in defs.values():
        for d in ds:
            ids[d.name] = len(ids) + 1
            con.execute("insert into nodes values (?, 'definition', ?, ?)", (ids[d.name], d.name, json.dumps(
                {"path": d.path, "line": d.first, "name": d.node.name, "kind": d.kind})))
    stats = collections.Counter()
    best = {}
    for a_path, a_name, a_line, a_kind, b_path, b_name, b_line, b_kind, conf in read_peer():
        stats["peer edges"] += 1
        if a_kind not in FUNC_KINDS:
            stats["left out: caller is a " + a_kind] += 1
            continue
        if b_kind not in FUNC_KINDS | CLASS_KINDS:
            stats["left out: callee is a " + b_kind] += 1
            continue
        lines = lambda d: [d.node.lineno, d.first]
        a = pick(defs.get((a_path, a_name)), a_line, lines)
        b = pick(defs.get((b_path, b_name)), b_line, lines)
        if a is None or b is None:
            stats["unmapped"] += 1
            sys.stderr.write("unmapped: %s:%s:%s -> %s:%s:%s\n" % (a_path, a_line, a_name, b_path, b_line, b_name))
            continue
        if b.kind == "class":
            b = init_of(b)
            if b is None:
                stats["left out: class without a repository __init__"] += 1
                continue
        if a.kind == "class":
            stats["left out: caller is a class"] += 1
            continue
        c = float(conf) if conf not in ("", "None", "NULL", "null") else 0.0
        key = (a.name, b.name)
        if key in best:
            stats["duplicates (same pair)"] += 1
        best[key] = max(best.get(key, 0.0), c)
        stats["mapped"] += 1
    for i, ((a, b), c) in enumerate(sorted(best.items()), 1):
        con.execute("insert into edges values (?, 'calls', ?, '{}')", (i, c))
        con.execute("insert into edge_members values (?, 'caller', ?)", (i, ids[a]))
        con.execute("insert into edge_members values (?, 'callee', ?)", (i, ids[b]))
    con.commit()
    report(stats)


def report(stats):
    for k in sorted(stats):
        sys.stderr.write("%s: %d\n" % (k, stats[k]))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "codegraph" and len(sys.argv) == 3:
        codegraph(sys.argv[2])
    elif cmd == "gitnexus" and len(sys.argv) == 3:
        gitnexus(sys.argv[2])
    elif cmd == "go" and len(sys.argv) == 3:
        go(sys.argv[2])
    elif cmd == "python" and len(sys.argv) == 4:
        python(sys.argv[2], sys.argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2


if __name__ == "__main__":
    sys.exit(main())
