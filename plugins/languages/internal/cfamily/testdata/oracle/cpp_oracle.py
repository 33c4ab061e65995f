#!/usr/bin/env python3
"""Call-edge oracle for leveldb (C++): clang's AST per .cc file gives each
call's static callee (free functions, static and non-virtual or virtual
member calls by their declared callee). Compared with homer's non-dispatch
edges by qualified names (namespace.Class.method)."""
import json, subprocess, sys, os, sqlite3, re

repo = sys.argv[1]
flags = sys.argv[2].split()
files = sys.argv[3].split(',')

calls = set()       # (caller qn, callee qn)
callers = set()
defined = set()     # qns with a body somewhere
def decode_stream(s):
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        j = s.find('{', i)
        if j < 0:
            return out
        obj, i = dec.raw_decode(s, j)
        out.append(obj)

sys.setrecursionlimit(100000)
for f in files:
    out = subprocess.run(['clang++-14', '-fsyntax-only', '-Xclang', '-ast-dump=json', '-Xclang', '-ast-dump-filter=leveldb'] + flags + [f],
                         cwd=repo, capture_output=True, text=True)
    if 'error' in out.stderr:
        print('errors in', f, [l for l in out.stderr.splitlines() if 'error' in l][:2], file=sys.stderr)
    qn_of = {}   # decl id -> qualified name

    def fn_kinds(k):
        return k in ('FunctionDecl', 'CXXMethodDecl', 'CXXConstructorDecl', 'CXXDestructorDecl')

    def name_of(n, scope):
        nm = n.get('name', '')
        return '.'.join(scope + [nm]) if nm else None

    def collect(n, scope):
        k = n.get('kind')
        if k in ('NamespaceDecl', 'CXXRecordDecl', 'ClassTemplateDecl') and n.get('name'):
            qn = '.'.join(scope + [n['name']])
            qn_of[n['id']] = qn
            if k == 'ClassTemplateDecl':
                for c in n.get('inner', []):
                    collect(c, scope)
                return
            for c in n.get('inner', []):
                collect(c, scope + [n['name']] if k != 'CXXRecordDecl' or not n.get('isImplicit') else scope)
            return
        if fn_kinds(k) and n.get('name'):
            s = scope
            p = n.get('parentDeclContextId')
            if p and p in qn_of:
                s = qn_of[p].split('.')
            qn_of[n['id']] = '.'.join(s + [n['name']])
        for c in n.get('inner', []):
            collect(c, scope)

    def walk(n, caller):
        k = n.get('kind')
        if fn_kinds(k) and any(c.get('kind') == 'CompoundStmt' for c in n.get('inner', [])) and n['id'] in qn_of:
            caller = qn_of[n['id']]
            defined.add(caller)
            callers.add(caller)
        if caller and k == 'CallExpr':
            stack = list(n.get('inner', [])[:1])
            while stack:
                c = stack.pop()
                if c.get('kind') == 'DeclRefExpr':
                    r = c.get('referencedDecl', {})
                    if fn_kinds(r.get('kind')) and r.get('id') in qn_of:
                        calls.add((caller, qn_of[r['id']]))
                    break
                if c.get('kind') in ('ImplicitCastExpr', 'ParenExpr'):
                    stack.extend(c.get('inner', []))
        if caller and k == 'CXXMemberCallExpr':
            inner = n.get('inner', [])
            if inner and inner[0].get('kind') == 'MemberExpr':
                mid = inner[0].get('referencedMemberDecl')
                if mid in qn_of:
                    calls.add((caller, qn_of[mid]))
        for c in n.get('inner', []):
            walk(c, caller)

    docs = decode_stream(out.stdout)
    for d in docs:
        collect(d, [])
    for d in docs:
        walk(d, None)

db = sqlite3.connect(os.path.join(repo, '.homer/homer.db'))
homer = set()
for ident, conf, meta in db.execute("select identity, confidence, metadata from edges where kind='calls'"):
    if conf < 0.5 or json.loads(meta).get('via') == 'dispatch':
        continue
    _, a, b = ident.split('|')
    an = re.sub(r'~\d+$', '', a.split('#')[1])
    bn = re.sub(r'~\d+$', '', b.split('#')[1])
    if an in callers:
        homer.add((an, bn))
# The oracle's callee for a member call is the method as declared; homer's
# for a constructor or an override may be the class (constructors of a
# type): compare method and function calls only.
oracle = {(a, b) for a, b in calls if a != b and b.split('.')[-1] != b.split('.')[-2]}
homer = {(a, b) for a, b in homer if b.split('.')[-1] != (b.split('.')[-2] if '.' in b else '')}
tp = homer & oracle
print('callers', len(callers), 'oracle edges', len(oracle), 'homer edges judged', len(homer), 'agree', len(tp))
print('precision %.3f recall %.3f' % (len(tp) / max(1, len(homer)), len(tp) / max(1, len(oracle))))
import random
random.seed(1)
ho = sorted(homer - oracle); oo = sorted(oracle - homer)
print('--- homer only', len(ho))
for e in random.sample(ho, min(25, len(ho))): print(' ', e)
print('--- oracle only', len(oo))
for e in random.sample(oo, min(25, len(oo))): print(' ', e)
