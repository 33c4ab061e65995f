#!/usr/bin/env python3
"""Call-edge oracle for a C repository: clang's AST (one TU per .c file)
gives each call's resolved callee; the callee's definition file comes from
the FunctionDecl with a body. Compares with homer's edges (confidence >= 0.5,
callee a function, not a macro)."""
import json, subprocess, sys, os, sqlite3, collections, re

repo, flags = sys.argv[1], sys.argv[2].split()
files = subprocess.check_output(['git', 'ls-files', '*.c'], cwd=repo, text=True).split()
skip = set(sys.argv[3].split(',')) if len(sys.argv) > 3 else set()
files = [f for f in files if f not in skip]

defs = collections.defaultdict(set)  # name -> files defining it (not static)
calls = set()                         # (caller file, caller, callee name, callee id)
id_file = {}                          # FunctionDecl id with body -> file
static_in = set()                     # (file, name) of static definitions

def rel(p):
    return os.path.relpath(os.path.normpath(os.path.join(repo, p)), repo)

sys.setrecursionlimit(100000)
for f in files:
    out = subprocess.run(['clang-14', '-fsyntax-only', '-Xclang', '-ast-dump=json'] + flags + [f],
                         cwd=repo, capture_output=True, text=True)
    if not out.stdout:
        print('no AST for', f, file=sys.stderr)
        continue
    ast = json.loads(out.stdout)
    cur = [None]

    def setfile(n):
        locs = []
        if 'loc' in n: locs.append(n['loc'])
        if 'range' in n: locs += [n['range'].get('begin', {}), n['range'].get('end', {})]
        for loc in locs:
            for l in (loc, loc.get('spellingLoc', {}), loc.get('expansionLoc', {})):
                if 'file' in l:
                    cur[0] = l['file']

    def walk(n, fn):
        setfile(n)
        kind = n.get('kind')
        if kind == 'FunctionDecl' and cur[0]:
            here = rel(cur[0])
            if any(c.get('kind') == 'CompoundStmt' for c in n.get('inner', [])) and not here.startswith('..'):
                id_file[n['id']] = here
                if n.get('storageClass') == 'static':
                    static_in.add((here, n['name']))
                else:
                    defs[n['name']].add(here)
                fn = (here, n['name'])
        if kind == 'CallExpr' and fn:
            stack, callee = list(n.get('inner', [])[:1]), None
            while stack:
                c = stack.pop()
                if c.get('kind') == 'DeclRefExpr':
                    callee = c.get('referencedDecl')
                    break
                if c.get('kind') in ('ImplicitCastExpr', 'ParenExpr'):
                    stack.extend(c.get('inner', []))
            if callee and callee.get('kind') == 'FunctionDecl':
                calls.add((fn[0], fn[1], callee['name'], callee['id']))
        for c in n.get('inner', []):
            walk(c, fn)

    walk(ast, None)

oracle = set()
for cf, caller, name, cid in calls:
    if cid in id_file:
        targets = [id_file[cid]]
    elif (cf, name) in static_in:
        targets = [cf]
    else:
        targets = sorted(defs.get(name, ()))  # defined in another TU
    for t in targets:
        oracle.add((cf, caller, t, name))

db = sqlite3.connect(os.path.join(repo, '.homer/homer.db'))
kinds = {}
for name, meta in db.execute("select name, metadata from nodes where kind='definition'"):
    try:
        kinds[name] = json.loads(meta).get('kind', '')
    except Exception:
        pass
callers = {(c[0], c[1]) for c in calls}
homer = set()
for ident, conf in db.execute("select identity, confidence from edges where kind='calls'"):
    _, a, b = ident.split('|')
    if conf < 0.5:
        continue
    af, an = a.split('#')
    bf, bn = b.split('#')
    if (af, re.sub(r'~\d+$', '', an)) not in callers:
        continue  # a caller the oracle did not compile
    if kinds.get(b, 'function') in ('macro', 'constant', 'variable'):
        continue  # macros are expanded away in clang's AST
    homer.add((af, re.sub(r'~\d+$', '', an), bf, re.sub(r'~\d+$', '', bn)))
tp = homer & oracle
print('callers compiled', len(callers and {(c[0], c[1]) for c in calls}), 'oracle edges', len(oracle), 'homer edges judged', len(homer), 'agree', len(tp))
print('precision %.3f recall %.3f' % (len(tp) / max(1, len(homer)), len(tp) / max(1, len(oracle))))
print('--- homer only')
for e in sorted(homer - oracle)[:30]:
    print(' ', e)
print('--- oracle only')
for e in sorted(oracle - homer)[:30]:
    print(' ', e)
