"""Scores Homer's call and import edges (homer.tsv) against the TypeScript
compiler's (oracle.tsv, from oracle.mjs).

  python3 score.py oracle.tsv homer.tsv [OUTDIR [PARSED]]

Only edges from files the oracle compiled are compared, and when PARSED
lists the files Homer parsed, only those (a generated bundle Homer leaves
out is no miss); an oracle edge into a file Homer did not parse is left out
too. A call edge of
Homer's is right when the compiler resolves the call to that definition
(static), or when it is an override or implementation that a call of an
abstract or interface method may reach (dispatch). Recall is over static
calls. Imports are compared file to file. Misses and wrong edges are written
to OUTDIR as missed-calls.tsv, wrong-calls.tsv, missed-imports.tsv and
wrong-imports.tsv.
"""
import os
import re
import sys

# Homer numbers repeated qualified names (a getter and its setter):
# "Options.agent~2". The compiler names both alike.
REPEAT = re.compile(r"~\d+$")


def read(path):
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts and parts[0]:
                yield parts


def main():
    oracle, homer = sys.argv[1], sys.argv[2]
    outdir = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(homer) or "."
    parsed = None
    if len(sys.argv) > 4:
        with open(sys.argv[4]) as f:
            parsed = {line.strip() for line in f if line.strip()}
    files, static, dispatch, imports = set(), set(), set(), set()
    for p in read(oracle):
        if p[0] == "file":
            files.add(p[1])
        elif p[0] == "call" and p[1] == "static":
            static.add((p[2], p[3]))
        elif p[0] == "call":
            dispatch.add((p[2], p[3]))
        elif p[0] == "import":
            imports.add((p[1], p[2]))
    if parsed is not None:
        files &= parsed
        keep = lambda e: e[0].split("#")[0] in files and e[1].split("#")[0] in files
        static = {e for e in static if keep(e)}
        dispatch = {e for e in dispatch if keep(e)}
        imports = {e for e in imports if keep(e)}
    calls, himports = [], set()
    for p in read(homer):
        if len(p) != 4:
            continue
        kind, conf, a, b = p[0], float(p[1]), REPEAT.sub("", p[2]), REPEAT.sub("", p[3])
        if a == b:
            continue
        if a.split("#")[0] not in files:
            continue
        if kind == "call":
            calls.append((a, b, conf))
        elif kind == "import" and b in files:
            himports.add((a, b))
    print(f"files compared: {len(files)}")
    print(f"oracle: {len(static)} static calls, {len(dispatch)} dispatch targets, {len(imports)} imports")
    right = static | dispatch
    for floor in (0.0, 0.5):
        got = {(a, b) for a, b, c in calls if c >= floor}
        ok = got & right
        p = len(ok) / len(got) if got else 0
        r = len(got & static) / len(static) if static else 0
        print(f"calls (confidence >= {floor}): {len(got)} edges, precision {p:.3f}, recall {r:.3f} ({len(got & static)}/{len(static)} static)")
        if floor == 0.5:
            write(outdir, "wrong-calls.tsv", sorted(got - right))
            write(outdir, "missed-calls.tsv", sorted(static - got))
    ok = himports & imports
    p = len(ok) / len(himports) if himports else 0
    r = len(ok) / len(imports) if imports else 0
    print(f"imports: {len(himports)} edges, precision {p:.3f}, recall {r:.3f} ({len(ok)}/{len(imports)})")
    write(outdir, "wrong-imports.tsv", sorted(himports - imports))
    write(outdir, "missed-imports.tsv", sorted(imports - himports))


def write(outdir, name, rows):
    with open(os.path.join(outdir, name), "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
