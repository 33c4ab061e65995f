#!/usr/bin/env python3
"""Compares Homer's Python call and import edges with a SCIP index.

Usage: compare.py INDEX.scip CHECKOUT HOMER_DB [--misses N] [--extra N]

The oracle is scip-python (pyright): every call site in a function body whose
callee name pyright resolved to a function or method defined in the
repository gives a caller -> callee pair. A call of a repository class gives
a pair to the first __init__ found on the class and its repository bases.
Callers are the innermost enclosing def; calls in decorators, defaults and
annotations belong to the enclosing scope, as Python evaluates them there.
Definitions are named as Homer names them (path#qualified_name), found in
Homer's store by path, first line and name.

Homer's side is its `calls` edges whose caller and callee are functions or
methods in files the index covers. Edges to classes (constructor calls) and
from class bodies are left out of both sides.

Import edges: each import statement's modules (the module of `from m import
x`, each module of `import a.b`, and names that are submodules) as files.
"""

import ast
import collections
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import scoring  # noqa: E402  (bench/accuracy/scoring.py)
import scip  # noqa: E402  (bench/accuracy/scip.py)


def read_index(path):
    """Returns {relative_path: [(line, col, symbol, roles)]}."""
    return {rel: [(o.line, o.col, o.symbol, o.roles) for o in occs]
            for rel, occs in scip.read_documents(path).items()}


# --- the syntax side, from Python's own parser ---------------------------

class Def:
    def __init__(self, qn, kind, node, path):
        self.qn, self.kind, self.node, self.path = qn, kind, node, path
        self.first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        self.name = None  # Homer's node name, filled in later
        self.bases = []  # symbols, classes only
        self.methods = {}  # name -> Def, classes only


def name_pos(src_lines, node):
    """0-based (line, col) of a def's or class's name."""
    line = src_lines[node.lineno - 1]
    kw = "class" if isinstance(node, ast.ClassDef) else "def"
    i = line.find(kw + " ", node.col_offset)
    i = line.find(node.name, i + len(kw))
    return node.lineno - 1, i


def callee_pos(func):
    if isinstance(func, ast.Name):
        return func.lineno - 1, func.col_offset
    if isinstance(func, ast.Attribute):
        return func.end_lineno - 1, func.end_col_offset - len(func.attr)
    return None


class Walker(ast.NodeVisitor):
    """Collects definitions, and call sites with their innermost def."""

    def __init__(self, path, lines):
        self.path, self.lines = path, lines
        self.stack = []  # enclosing Defs
        self.defs = []
        self.calls = []  # (caller Def or None, (line, col))
        self.imports = []  # ast import nodes

    def _define(self, node, kind):
        qn = ".".join([d.node.name for d in self.stack] + [node.name])
        d = Def(qn, kind, node, self.path)
        if self.stack and self.stack[-1].kind == "class":
            self.stack[-1].methods.setdefault(node.name, d)
        self.defs.append(d)
        return d

    def _func(self, node):
        d = self._define(node, "function")
        for dec in node.decorator_list:
            self.visit(dec)
        self.visit(node.args)
        if node.returns:
            self.visit(node.returns)
        self.stack.append(d)
        for st in node.body:
            self.visit(st)
        self.stack.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _func

    def visit_ClassDef(self, node):
        d = self._define(node, "class")
        for dec in node.decorator_list:
            self.visit(dec)
        for b in node.bases + [k.value for k in node.keywords]:
            self.visit(b)
        self.stack.append(d)
        for st in node.body:
            self.visit(st)
        self.stack.pop()

    def visit_Call(self, node):
        pos = callee_pos(node.func)
        if pos:
            self.calls.append((self.stack[-1] if self.stack else None, pos))
        self.generic_visit(node)

    def visit_Import(self, node):
        self.imports.append(node)

    visit_ImportFrom = visit_Import


# Homer's kinds of definitions with a body that runs when called.
FUNCTIONS = ("function", "method", "constructor", "property")


def base(name):
    """A definition's name without Homer's mark of a repeated qualified
    name (overloads, a property's setter): path#a.b~2 is path#a.b."""
    head, sep, tail = name.rpartition("~")
    return head if sep and tail.isdigit() else name


def mod_name(sym):
    """The dotted module of a SCIP module symbol (`a.b`/__init__:)."""
    return sym.rsplit(" ", 1)[-1][:-len("/__init__:")].replace("`", "")


def homer_names(db):
    """{(path, first line, name): node name} of Homer's definitions."""
    out = {}
    for name, meta in db.execute("select name, metadata from nodes where kind = 'definition'"):
        m = json.loads(meta)
        path = m.get("path") or name.split("#", 1)[0]  # the store names a definition PATH#NAME
        out.setdefault((path, m.get("line"), m.get("name")), name)
    return out


def main():
    ap = scoring.arguments()
    ap.add_argument("--min-confidence", type=float, default=0.0)
    args = ap.parse_args()

    docs = read_index(args.index)
    db = sqlite3.connect(args.db)
    names = homer_names(db)

    walkers, by_pos = {}, {}
    sym_def, module_file = {}, {}
    unnamed = 0
    for rel, occs in docs.items():
        src = open(os.path.join(args.checkout, rel), encoding="utf-8", errors="replace").read()
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        lines = src.split("\n")
        w = Walker(rel, lines)
        w.visit(tree)
        walkers[rel] = w
        pos = {}
        for line, col, sym, roles in occs:
            pos.setdefault((line, col), []).append((sym, roles))
            if roles & 1 and sym.endswith("/__init__:"):
                module_file[sym] = rel
        by_pos[rel] = pos
        for d in w.defs:
            d.name = names.get((rel, d.first, d.node.name))
            if d.name is None:
                unnamed += 1
                d.name = rel + "#?" + d.qn
            for sym, roles in pos.get(name_pos(lines, d.node), []):
                if roles & 1:
                    sym_def[sym] = d
            if d.kind == "class":
                for b in d.node.bases:
                    p = callee_pos(b)
                    if p:
                        d.bases += [s for s, _ in pos.get(p, [])]

    def init_of(cls):
        seen, queue = set(), [cls]
        while queue:
            c = queue.pop(0)
            if id(c) in seen:
                continue
            seen.add(id(c))
            if "__init__" in c.methods:
                return c.methods["__init__"]
            queue += [sym_def[s] for s in c.bases if s in sym_def and sym_def[s].kind == "class"]
        return None

    oracle = set()
    for rel, w in walkers.items():
        for caller, p in w.calls:
            if caller is None or caller.kind != "function":
                continue
            for sym, roles in by_pos[rel].get(p, []):
                d = sym_def.get(sym)
                if d is None or roles & 1:
                    continue
                if d.kind == "class":
                    d = init_of(d)
                    if d is None:
                        continue
                if base(caller.name) != base(d.name):  # Homer keeps no self-loops
                    oracle.add((base(caller.name), base(d.name)))

    # Modules by dotted name, from the symbol each document defines for
    # itself; a relative import's module symbols are written relative to
    # the importing package.
    modules = {mod_name(sym): rel for sym, rel in module_file.items()}
    own = {rel: mod_name(sym) for sym, rel in module_file.items()}
    oracle_imports = set()
    for rel, w in walkers.items():
        pos = by_pos[rel]
        package = own.get(rel, "")
        if not rel.endswith("__init__.py"):
            package = package.rpartition(".")[0]
        for node in w.imports:
            pkg_base = ""
            if isinstance(node, ast.ImportFrom) and node.level:
                parts = package.split(".") if package else []
                pkg_base = ".".join(parts[:len(parts) - (node.level - 1)])
            found = set()
            for (line, col), syms in pos.items():
                if not node.lineno - 1 <= line <= node.end_lineno - 1:
                    continue
                for sym, _ in syms:
                    if not sym.endswith("/__init__:"):
                        continue
                    name = mod_name(sym)
                    if pkg_base and name != pkg_base and not name.startswith(pkg_base + "."):
                        name = pkg_base + "." + name
                    if name in modules:
                        found.add(modules[name])
            if isinstance(node, ast.ImportFrom):
                start = ".".join(p for p in (pkg_base, node.module or "") if p)
                for a in node.names:
                    sub = start + "." + a.name if start else a.name
                    if sub in modules:
                        found.add(modules[sub])
            for f in found:
                if f != rel:
                    oracle_imports.add((rel, f))

    covered = set(walkers)
    kinds = {n: json.loads(m).get("kind") for n, m in
             db.execute("select name, metadata from nodes where kind = 'definition'")}
    homer, homer_conf, homer_via = set(), {}, {}
    rows = db.execute("""
        select a.name, b.name, c.confidence, c.metadata from call_edges c
        join nodes a on a.id = c.caller join nodes b on b.id = c.callee""")
    edges = collections.defaultdict(dict)
    for caller, callee, conf, meta in rows:
        e = edges[(caller, callee)]
        e["caller"], e["callee"], e["conf"] = caller, callee, conf
        e["via"] = json.loads(meta).get("via", "")
    skipped = collections.Counter()
    for e in edges.values():
        a, b = e.get("caller"), e.get("callee")
        if not a or not b:
            continue
        if a.split("#")[0] not in covered or b.split("#")[0] not in covered:
            skipped["outside the index"] += 1
            continue
        if kinds.get(a) not in FUNCTIONS:
            skipped["caller not a function"] += 1
            continue
        if kinds.get(b) not in FUNCTIONS:
            skipped["callee not a function"] += 1
            continue
        a, b = base(a), base(b)
        homer.add((a, b))
        if e["conf"] >= homer_conf.get((a, b), 0):
            homer_conf[(a, b)], homer_via[(a, b)] = e["conf"], e["via"]

    homer_imports = set()
    tables = {r[0] for r in db.execute("select name from sqlite_master")}
    if "link_edges" in tables:  # Homer's store
        import_rows = db.execute("""
            select fa.name, fb.name from link_edges l
            join nodes fa on fa.id = l.src join nodes fb on fb.id = l.dst where l.kind = 'imports'""")
    else:  # a peer's edges, as bench/peers/convert.py writes them
        import_rows = db.execute("""
            select fa.name, fb.name from edges e
            join edge_members ma on ma.edge_id = e.id and ma.role = 'from' join nodes fa on fa.id = ma.node_id
            join edge_members mb on mb.edge_id = e.id and mb.role = 'to' join nodes fb on fb.id = mb.node_id
            where e.kind = 'imports'""")
    for a, b in import_rows:
        if a in covered and b in covered:
            homer_imports.add((a, b))

    print("files indexed: %d; definitions not found in Homer's store: %d" % (len(covered), unnamed))
    print("homer call edges left out: %s" % dict(skipped))
    scoring.score("calls, all edges", homer, oracle)
    scoring.score("calls, confidence >= 0.5", {e for e in homer if homer_conf[e] >= 0.5}, oracle)
    # Dispatch edges reach the overrides an abstract method's call may run;
    # pyright records only the declaration, so they are scored apart.
    scoring.score("calls, >= 0.5, without dispatch",
          {e for e in homer if homer_conf[e] >= 0.5 and homer_via[e] != "dispatch"}, oracle)
    scoring.score("imports (file level)", homer_imports, oracle_imports)
    if args.extra:
        print("\n# extra imports (Homer, not oracle)")
        for e in sorted(homer_imports - oracle_imports)[:args.extra]:
            print("  %s -> %s" % e)
        print("# missed imports (oracle, not Homer)")
        for e in sorted(oracle_imports - homer_imports)[:args.extra]:
            print("  %s -> %s" % e)
    scoring.report(homer, oracle, homer_conf, homer_via, args.misses, args.extra)


if __name__ == "__main__":
    sys.exit(main())
