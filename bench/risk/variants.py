"""Measure risk rankings not in Homer yet on a repository's held-out history,
the way `homer backtest` scores the risk score (share of held-out bug-fix
touches on the top 10% of the files risk assesses).

For a clone it runs `homer backtest --format json` for the cut, then `homer
init` on a checkout of the cut (kept in SCRATCH and reused when its cut is
the same), and reads Homer's score, change count and the files risk
assesses from that store. Then, from git, up to the cut:

  fixcache       FixCache (Kim et al., "Predicting faults from cached
                 history", 2007): a cache of the top-10% size, least
                 recently used out, fed over the training history by bug
                 fixes (the fixed files and their BLOCK strongest co-change
                 partners so far), by files added, and (variant) by every
                 changed file. Its content at the cut is its top 10%;
                 files it holds fewer of are taken by change count.
  blame          `git blame -w -M` of each assessed file at the cut: per
                 line the commit that last changed it. From it
                   fix lines      lines last changed by a bug-fix commit
                   fix defs       definitions (spans from the parser, via
                                  the store's definition nodes) holding
                                  such a line: fixes counted per function
                   young lines    lines last changed in the year before
                                  the cut (the age of the code)
                   mean age       mean age of its lines (younger first)

Each is printed alone (ties by change count) and mixed into Homer's own
score as (1-w)·score + w·percentile, beside hotspot.

Usage: python3 bench/risk/variants.py CLONE [SCRATCH]   (HOMER=bin/homer)
Prints one JSON line per repository after the table, for tabulating.
"""
import bisect
import collections
import concurrent.futures
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from predictors import FIX  # noqa: E402  (the one copy of risk.IsFix's rule here)
MAX_FIX_FILES = 50
YEAR = 365 * 86400


def git(repo, *args, check=True):
    return subprocess.run(["git", "-C", repo, "-c", "core.quotepath=false", *args],
                          check=check, capture_output=True, text=True, errors="replace").stdout


def history(repo, rng):
    """Non-merge commits oldest first: (sha, time, msg, [(status, path)])."""
    fmt = "--format=\x01%H\x02%ct\x02%B\x03"
    try:
        out = git(repo, "log", "--no-merges", "--reverse", "-M", "--name-status", fmt, rng)
    except subprocess.CalledProcessError:
        out = git(repo, "log", "--no-merges", "--reverse", "--no-renames", "--name-status", fmt, rng)
    cs = []
    for chunk in out.split("\x01")[1:]:
        head, _, body = chunk.partition("\x03")
        sha, t, msg = head.split("\x02", 2)
        files = []
        for line in body.strip().splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                files.append((parts[0][0], parts[-1]))
        cs.append((sha, int(t), msg, files))
    return cs


def json_dict():
    """The preset dictionary of the store's packed JSON (core/store/pack.go)."""
    src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "store", "pack.go")).read()
    block = src[src.index("const jsonDict ="):]
    return "".join(re.findall(r"`([^`]*)`", block[:block.index("\n\n")])).encode()


def unpack(b):
    """A packed value of the store: a format byte, then the data raw or DEFLATEd."""
    if b[0] == 0:
        return b[1:]
    d = zlib.decompressobj(-15, zdict=json_dict()) if b[0] == 2 else zlib.decompressobj(-15)
    return d.decompress(b[1:]) + d.flush()


def result_data(packed, name):
    """The view results' function (core/store/pack.go, format 0x04): a
    result stored without its first member's value, its node's name, given
    back whole (format byte 0x00, then the JSON)."""
    rest = unpack(packed[1:])
    i = rest.index(b'":') + 2
    name = name.decode() if isinstance(name, bytes) else name
    return b"\x00" + rest[:i] + json.dumps(name).encode() + b"," + rest[i:]


def percentiles(values):
    ordered = sorted(values)
    n = max(len(values) - 1, 1)
    return [bisect.bisect_left(ordered, v) / n for v in values]


def fixcache(train, assessed, size, block, changed, new):
    cache = collections.OrderedDict()
    together = collections.defaultdict(collections.Counter)

    def load(p):
        if p in assessed:
            cache[p] = True
            cache.move_to_end(p)
            while len(cache) > size:
                cache.popitem(last=False)

    for _, _, msg, files in train:
        if len(files) > MAX_FIX_FILES:
            continue
        paths = [p for _, p in files]
        if FIX.search(msg):
            for p in paths:
                load(p)
                for q, _ in together[p].most_common(block):
                    load(q)
        for st, p in files:
            if (new and st == "A") or (changed and st in "MR"):
                load(p)
        for p in paths:
            for q in paths:
                if q != p:
                    together[p][q] += 1
    return list(cache)[::-1]  # most recently loaded first


def blame(repo, cut, p):
    out = git(repo, "blame", "-w", "-M", "--line-porcelain", cut, "--", p, check=False)
    lines, times = [], {}
    sha = None
    for line in out.splitlines():
        if line.startswith("\t"):
            lines.append(sha)
            continue
        parts = line.split(" ")
        if len(parts[0]) == 40 and len(parts) >= 3 and parts[1].isdigit():
            sha = parts[0]
        elif parts[0] == "committer-time" and len(parts) > 1 and parts[1].isdigit():
            times[sha] = int(parts[1])
    return lines, times


def main(clone, scratch):
    homer = os.environ.get("HOMER", os.path.join(os.path.dirname(__file__), "..", "..", "bin", "homer"))
    name = os.path.basename(clone.rstrip("/"))
    report = json.loads(subprocess.run([homer, "-q", "backtest", "--format", "json", "."], cwd=clone,
                                       check=True, capture_output=True, text=True).stdout)
    cut, cut_time = report["cut"], report["cut_time"]
    db_path = os.path.join(scratch, ".homer", "homer.db")
    stamp = os.path.join(scratch, ".homer-variants-cut")
    if not (os.path.exists(db_path) and os.path.exists(stamp) and open(stamp).read() == cut):
        subprocess.run(["rm", "-rf", scratch], check=True)
        subprocess.run(["git", "clone", "-q", "--no-checkout", clone, scratch], check=True)
        big = [line.split("\t")[1] for line in git(scratch, "ls-tree", "-r", "-l", cut).splitlines()
               if line.split()[3] != "-" and (not line.split()[3].isdigit() or int(line.split()[3]) >= 4 << 20)]
        if big:  # snapshots lack large blobs ("BAD" size): leave them out of the checkout
            git(scratch, "sparse-checkout", "set", "--no-cone", "/*", *["!" + p for p in big])
        git(scratch, "-c", "advice.detachedHead=false", "checkout", "-q", cut)
        subprocess.run([homer, "-q", "init", "."], cwd=scratch, capture_output=True)
        open(stamp, "w").write(cut)

    db = sqlite3.connect(db_path)
    db.text_factory = bytes
    db.create_function("result_data", 2, result_data)
    metrics = {p.decode(): json.loads(unpack(d)) for p, d in db.execute(
        "SELECT n.name, r.data FROM head_files h JOIN nodes n ON n.id = h.node_id "
        "JOIN results r ON r.node_id = n.id AND r.kind = 'metrics'")}
    assessed = sorted(p for p, m in metrics.items() if (m.get("risk") or {}).get("level"))
    aset = set(assessed)
    score = {p: metrics[p]["risk"]["score"] for p in assessed}
    changes = {p: metrics[p].get("changes") or 0 for p in assessed}
    spans = collections.defaultdict(list)
    for node, meta in db.execute("SELECT name, metadata FROM nodes WHERE kind = 'definition'"):
        m, f = json.loads(meta), node.decode().partition("#")[0]
        if f in aset and m.get("kind") in ("function", "method") and m.get("line") and m.get("end"):
            spans[f].append((int(m["line"]), int(m["end"])))

    train = history(clone, cut)
    touches = collections.Counter()
    for _, _, msg, files in history(clone, cut + "..HEAD"):
        if FIX.search(msg) and len(files) <= MAX_FIX_FILES:
            for _, p in files:
                if p in aset:
                    touches[p] += 1
    total = sum(touches.values())
    top = math.ceil(len(assessed) / 10)

    def capture(ranked):
        return sum(touches[p] for p in ranked[:top]) / total if total else 0.0

    def by(key):
        return capture(sorted(assessed, key=lambda p: (-key(p), -changes[p], p)))

    hot = capture(sorted(assessed, key=lambda p: (-changes[p], p)))
    oracle = capture(sorted(assessed, key=lambda p: (-touches[p], p)))
    rows = {"homer": capture(sorted(assessed, key=lambda p: (-score[p], p))), "hotspot": hot, "oracle": oracle}

    fixes = {sha for sha, _, msg, files in train if FIX.search(msg) and len(files) <= MAX_FIX_FILES}
    feats = {k: {} for k in ("fix lines", "fix defs", "young lines", "young share", "mean age")}

    def one(p):
        return p, blame(clone, cut, p)

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for p, (lines, times) in ex.map(one, assessed):
            fl = [i + 1 for i, s in enumerate(lines) if s in fixes]
            feats["fix lines"][p] = len(fl)
            feats["fix defs"][p] = sum(1 for a, b in spans[p] if any(a <= i <= b for i in fl))
            ages = [cut_time - times.get(s, cut_time) for s in lines]
            young = sum(1 for a in ages if a < YEAR)
            feats["young lines"][p] = young
            feats["young share"][p] = young / len(ages) if ages else 0
            feats["mean age"][p] = -(sum(ages) / len(ages)) if ages else -1e12

    for k, v in feats.items():
        rows[k] = by(lambda p: v[p])
    for block in (0, 2, 5):
        for changed in (False, True):
            cached = fixcache(train, aset, top, block, changed, True)
            rest = sorted((p for p in assessed if p not in set(cached)), key=lambda p: (-changes[p], p))
            rows[f"fixcache block {block}{' +changed' if changed else ''}"] = capture(cached + rest)
    cached = set(fixcache(train, aset, top, 2, False, True))
    feats["in fixcache"] = {p: float(p in cached) for p in assessed}
    for k, v in feats.items():
        pc = dict(zip(assessed, percentiles([v[p] for p in assessed])))
        for w in (0.1, 0.2, 0.3):
            rows[f"homer + {w} {k}"] = capture(sorted(assessed, key=lambda p: (-((1 - w) * score[p] + w * pc[p]), p)))

    print(f"{name}: cut {cut[:12]}, {len(assessed)} assessed, top {top}, {total} touches, "
          f"{len(fixes)} training fix commits, {sum(len(s) for s in spans.values())} definitions")
    for k, v in rows.items():
        print(f"  {k:36} {v:.3f}  x{v / hot if hot else float('nan'):.3f}")
    print(json.dumps({"repo": name, "files": len(assessed), "top": top, "touches": total,
                      "rows": {k: round(v, 4) for k, v in rows.items()}}))


if __name__ == "__main__":
    clone = os.path.abspath(sys.argv[1])
    main(clone, sys.argv[2] if len(sys.argv) > 2 else "/tmp/homer-risk-variants-" + os.path.basename(clone))
