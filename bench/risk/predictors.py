"""Measure candidate risk predictors one by one on a repository's held-out
history, the way `homer backtest` scores the risk score.

For a clone it
  1. runs `homer backtest --format json` to learn the cut (and Homer's own
     figures);
  2. checks the cut out in a scratch clone and runs `homer init` there, so
     that the files risk assesses (those with a level) and their metrics
     come from the real pipeline;
  3. reads the history up to the cut with git (per file: changes, changes
     weighted by recency with a half-life of one year, past bug-fix commits
     by the same rule as risk.IsFix, authors, lines added and deleted) and
     the held-out bug-fix touches after it;
  4. prints, for each predictor alone (ties broken by git change count), the
     share of held-out bug-fix touches
     on its top 10% of assessed files, beside the hotspot ranking (past
     change count), and the ratio.

Usage: python3 bench/risk/predictors.py CLONE [SCRATCH]
  HOMER=path/to/homer (default bin/homer).
Paths are taken as they are in each commit (no rename following), so
history before a rename is not counted for the new path.
"""
import bisect
import collections
import json
import math
import os
import re
import sqlite3
import subprocess
import sys

# The same rule as core/analyze/risk.IsFix.
FIX_WORD = re.compile(r"(?i)\b(fix(es|ed|ing)?|bug(s|fix|fixes)?|hotfix(es)?|regressions?)\b")
COMMIT_TYPE = re.compile(r"^([A-Za-z]+)(\([^)]*\))?!?:")
NON_FIX_TYPES = {"build", "chore", "ci", "doc", "docs", "style", "test", "tests"}


class FixRule:
    """risk.IsFix: a fix word in the subject line, unless the subject opens
    with a Conventional Commits type that changes no behaviour."""

    def search(self, msg):
        subject = msg.lstrip(" \t\r\n").split("\n", 1)[0]
        t = COMMIT_TYPE.match(subject)
        if t and t.group(1).lower() in NON_FIX_TYPES:
            return False
        return bool(FIX_WORD.search(subject))


FIX = FixRule()
HALF_LIFE = 365 * 86400
MAX_FIX_FILES = 50


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, "-c", "core.quotepath=false", *args],
                          check=True, capture_output=True, text=True, errors="replace").stdout


def commits(repo, rng, numstat):
    fmt = "--format=\x01%H\x02%ct\x02%aE\x02%B\x03"
    try:
        out = git(repo, "log", "--no-merges", "--no-renames" if numstat else "-M",
                  "--numstat" if numstat else "--name-only", fmt, rng)
    except subprocess.CalledProcessError as e:
        if not numstat:
            raise
        # A snapshot without its large blobs cannot diff them: paths only.
        print(f"note: git log --numstat failed ({e.stderr.strip()[:120]}); line counts left at 0",
              file=sys.stderr)
        out, numstat = git(repo, "log", "--no-merges", "--no-renames", "--name-only", fmt, rng), False
    for chunk in out.split("\x01")[1:]:
        head, _, body = chunk.partition("\x03")
        _, t, author, msg = head.split("\x02", 3)
        files = []
        for line in body.strip().splitlines():
            if not line.strip():
                continue
            if numstat:
                parts = line.split("\t")
                if len(parts) == 3:
                    files.append((parts[2], int(parts[0]) if parts[0].isdigit() else 0,
                                  int(parts[1]) if parts[1].isdigit() else 0))
            else:
                files.append((line.strip(), 0, 0))
        yield int(t), author.lower(), msg, files


def percentiles(values):
    ordered = sorted(values)
    n = max(len(values) - 1, 1)
    return [bisect.bisect_left(ordered, v) / n for v in values]


def main(clone, scratch):
    homer = os.environ.get("HOMER", os.path.join(os.path.dirname(__file__), "..", "..", "bin", "homer"))
    report = json.loads(subprocess.run([homer, "-q", "backtest", "--format", "json", "."], cwd=clone,
                                       check=True, capture_output=True, text=True).stdout)
    cut, cut_time = report["cut"], report["cut_time"]

    subprocess.run(["rm", "-rf", scratch], check=True)
    subprocess.run(["git", "clone", "-q", "--no-checkout", clone, scratch], check=True)
    big = [line.split("\t")[1] for line in git(scratch, "ls-tree", "-r", "-l", cut).splitlines()
           if line.split()[3] != "-" and int(line.split()[3]) >= 4 << 20]
    if big:  # snapshots lack large blobs: leave them out of the checkout
        git(scratch, "sparse-checkout", "set", "--no-cone", "/*", *["!" + p for p in big])
    git(scratch, "-c", "advice.detachedHead=false", "checkout", "-q", cut)
    subprocess.run([homer, "-q", "init", "."], cwd=scratch, capture_output=True)  # a degraded run still stores metrics

    db = sqlite3.connect(os.path.join(scratch, ".homer", "homer.db"))
    metrics = {p: json.loads(d) for p, d in db.execute(
        "SELECT n.name, r.data FROM head_files h JOIN nodes n ON n.id = h.node_id "
        "JOIN results r ON r.node_id = n.id AND r.kind = 'metrics'")}
    assessed = [p for p, m in metrics.items() if (m.get("risk") or {}).get("level")]

    f = {p: collections.Counter() for p in assessed}
    authors = {p: set() for p in assessed}
    for t, author, msg, files in commits(clone, cut, True):
        w = 0.5 ** (max(cut_time - t, 0) / HALF_LIFE)
        fix = bool(FIX.search(msg)) and len(files) <= MAX_FIX_FILES
        for p, added, deleted in files:
            if p in f:
                f[p]["changes"] += 1
                f[p]["weighted changes"] += w
                f[p]["lines added+deleted"] += added + deleted
                f[p]["weighted lines added+deleted"] += (added + deleted) * w
                f[p]["fixes"] += fix
                f[p]["weighted fixes"] += w * fix
                authors[p].add(author)
    for p in assessed:
        m = metrics[p]
        f[p]["authors"] = len(authors[p])
        f[p]["lines"] = m.get("lines") or 0
        f[p]["pagerank"] = m.get("pagerank") or 0
        f[p]["fan-in"] = m.get("fan_in") or 0
        f[p]["salience"] = m.get("salience") or 0
        f[p]["homer risk score"] = m["risk"]["score"]
        f[p]["hotspot (homer's change count)"] = m.get("changes") or 0

    touches = collections.Counter()
    for _, _, msg, files in commits(clone, cut + "..HEAD", False):
        if FIX.search(msg) and len(files) <= MAX_FIX_FILES:
            for p, _, _ in files:
                if p in f:
                    touches[p] += 1
    total = sum(touches.values())
    top = math.ceil(len(assessed) / 10)

    def capture(key):
        ranked = sorted(assessed, key=lambda p: (-key(p), p))
        return sum(touches[p] for p in ranked[:top]) / total if total else 0.0

    hot = capture(lambda p: f[p]["hotspot (homer's change count)"] + 1e-9 * f[p]["changes"])
    print(f"{os.path.basename(clone)}: cut {cut[:12]}, {len(assessed)} assessed files, top 10% = {top}, "
          f"{total} held-out bug-fix touches; homer backtest says risk {report['risk']['homer']:.3f}, "
          f"hotspot {report['risk']['hotspot']:.3f}")
    names = sorted({k for c in f.values() for k in c})
    pct = {k: dict(zip(assessed, percentiles([f[p][k] for p in assessed]))) for k in names}
    for k in names:
        got = capture(lambda p: f[p][k] + 1e-9 * f[p]["changes"])
        print(f"  {k:32} {got:.3f}  x{got / hot if hot else float('nan'):.2f}")
    mix = {"weighted changes": 0.4, "lines": 0.3, "weighted fixes": 0.1, "authors": 0.1, "salience": 0.05}
    got = capture(lambda p: sum(w * (pct[k][p] if k != "salience" else f[p][k]) for k, w in mix.items()))
    print(f"  {'0.4 chg + 0.3 size + 0.1 fix + 0.1 auth + 0.05 sal (percentiles)':32} {got:.3f}  x{got / hot if hot else float('nan'):.2f}")


if __name__ == "__main__":
    clone = os.path.abspath(sys.argv[1])
    main(clone, sys.argv[2] if len(sys.argv) > 2 else "/tmp/homer-risk-predictors-" + os.path.basename(clone))
