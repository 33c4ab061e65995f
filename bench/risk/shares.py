"""Shares of held-out bug-fix touches captured by the top 10% of files by
Homer's risk score and by past change count (see backtest.sh)."""
import json
import sys
from collections import Counter


def touches(path):
    c = Counter()
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("@"):
                c[line] += 1
    return c


def main(risk_path, past_path, fixes_path):
    with open(risk_path) as f:
        # The files Homer assesses: source code. Files it does not weigh
        # (docs, changelogs, configuration) are listed with score and
        # salience 0; both rankings are taken over the same assessed files.
        files = [x for x in json.load(f)["files"] if x["score"] > 0 or x["salience"] > 0]
    past, fixes = touches(past_path), touches(fixes_path)
    paths = [x["path"] for x in files]
    total = sum(fixes[p] for p in paths)
    k = max(1, len(paths) // 10)
    by_risk = sorted(files, key=lambda x: (-x["score"], x["path"]))
    by_count = sorted(paths, key=lambda p: (-past[p], p))
    by_oracle = sorted(paths, key=lambda p: (-fixes[p], p))

    def share(top):
        return sum(fixes[p] for p in top[:k]) / total if total else 0.0

    r = share([x["path"] for x in by_risk])
    h = share(by_count)
    o = share(by_oracle)
    print(f"files ranked {len(paths)}, top 10% = {k}, held-out bug-fix touches {total}")
    print(f"risk top 10%    {r:.3f}")
    print(f"hotspot top 10% {h:.3f}")
    print(f"oracle top 10%  {o:.3f}")
    print(f"risk / hotspot  {r / h if h else float('nan'):.2f}")
    levels = Counter(x["level"] for x in files)
    for lvl in ("high", "medium", "low"):
        sel = [x["path"] for x in files if x["level"] == lvl]
        if sel:
            print(f"mean fix touches, {lvl:6} ({len(sel):5} files): {sum(fixes[p] for p in sel) / len(sel):.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
