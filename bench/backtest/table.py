"""Print issue 9's two targets from `homer backtest --format json` reports.

Usage: python3 bench/backtest/table.py DIR [BASEDIR]

DIR holds NAME.json reports (bench/backtest/run.sh writes them). For each:

  co-change  recall@k, as a share of the ceiling; precision@k beside the
             pairwise baseline's; "met" when recall is at least 85% of the
             ceiling and precision at least the baseline's (the issue's
             target).
  risk       share of held-out bug-fix touches on the top 10% by Homer's
             score and by past change count (hotspot), their ratio with
             its 90% bootstrap interval (reports that have it), and the
             oracle's ratio (the bound any ranking has).

Repositories are grouped into the set risk weights are chosen on (gin, chi,
requests, tokio) and the set they are reported on (flask, express, cli,
prometheus), each with its means; other names are listed last. With
BASEDIR, each row also gives the same figures of the report of that name
there, and the differences.

Reports of other cuts (NAME@SHARE.json, bench/backtest/run.sh's HOLDOUTS)
add a second table: per repository, recall as a share of the ceiling at
each cut and their mean, and the bug-fix touches the top 10% by risk and
by hotspot captured, summed over the cuts, with their ratio. The cuts
overlap (the newest 30% holds the newest 10%), but each trains on a
different history, and together they weigh more touches than one.
"""
import json
import os
import sys

CHOOSE = ["gin", "chi", "requests", "tokio"]
REPORT = ["flask", "express", "cli", "prometheus"]


def load(d, name):
    p = os.path.join(d, name + ".json")
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return None
    with open(p) as f:
        return json.load(f)


def figures(r):
    c, k = r["co_change"], r["risk"]
    hot = k["hotspot"]
    return {
        "queries": c["queries"],
        "recall": c["homer"]["recall"],
        "of_ceiling": c["homer"]["recall"] / c["ceiling"] if c["ceiling"] else float("nan"),
        "precision": c["homer"]["precision"],
        "base_precision": c["baseline"]["precision"],
        "met": c["ceiling"] > 0 and c["homer"]["recall"] >= 0.85 * c["ceiling"]
        and c["homer"]["precision"] >= c["baseline"]["precision"],
        "risk": k["homer"] / hot if hot else float("nan"),
        "oracle": k["oracle"] / hot if hot else float("nan"),
        "interval": k.get("ratio_interval", [float("nan")] * 2),
    }


def captured(r):
    """Touches on the top 10% by risk and by hotspot (shares times touches)."""
    k = r["risk"]
    return round(k["homer"] * k["touches"]), round(k["hotspot"] * k["touches"])


def pooled(d, names):
    """The second table: each repository over all its cuts."""
    cuts = {}
    for n in sorted(os.listdir(d)):
        if n.endswith(".json") and "@" in n:
            name, share = n[:-5].split("@", 1)
            cuts.setdefault(name, []).append(share)
    if not cuts:
        return
    print()
    print(f"{'pooled':<12} {'cuts':<16} {'%ceil at each cut':<26} {'mean':>6} | {'risk':>5} {'hot':>5} {'ratio':>6}")
    for title, group in (("weights chosen on", CHOOSE), ("reported on", REPORT), ("other", [n for n in names if n not in CHOOSE + REPORT])):
        rows = []
        for n in group:
            reports = [("0.1", load(d, n))] + [(s, load(d, n + "@" + s)) for s in sorted(cuts.get(n, []))]
            reports = [(s, r) for s, r in reports if r]
            if len(reports) < 2:
                continue
            ceil = [100 * figures(r)["of_ceiling"] for _, r in reports]
            h = sum(captured(r)[0] for _, r in reports)
            hot = sum(captured(r)[1] for _, r in reports)
            rows.append((n, [s for s, _ in reports], ceil, h, hot))
        if not rows:
            continue
        print(f"-- {title}")
        for n, shares, ceil, h, hot in rows:
            print(f"{n:<12} {' '.join(shares):<16} {' '.join(f'{c:6.2f}' for c in ceil):<26} {sum(ceil) / len(ceil):6.2f} | "
                  f"{h:5d} {hot:5d} {h / hot if hot else float('nan'):6.3f}")
        m = lambda xs: sum(xs) / len(xs)
        print(f"   mean: {m([m(c) for _, _, c, _, _ in rows]):.2f}% of the ceiling, risk/hotspot {m([h / hot for _, _, _, h, hot in rows if hot]):.3f}")


def main():
    d = sys.argv[1]
    base = sys.argv[2] if len(sys.argv) > 2 else None
    names = sorted(n[:-5] for n in os.listdir(d) if n.endswith(".json") and "@" not in n)
    others = [n for n in names if n not in CHOOSE + REPORT]
    head = f"{'repository':<12} {'queries':>7} {'recall':>7} {'%ceil':>6} {'prec':>6} {'base p':>6} {'met':>3} | {'risk/hot':>8} {'90% interval':>13} {'oracle':>6}"
    if base:
        head += f" | {'main recall':>11} {'Δ pts':>6} {'main prec':>9} {'main risk':>9}"
    print(head)
    for title, group in (("weights chosen on", CHOOSE), ("reported on", REPORT), ("other", others)):
        rows = [(n, load(d, n)) for n in group]
        rows = [(n, figures(r)) for n, r in rows if r]
        if not rows:
            continue
        print(f"-- {title}")
        for n, f in rows:
            line = (f"{n:<12} {f['queries']:7d} {f['recall']:7.4f} {100 * f['of_ceiling']:6.2f} {f['precision']:6.4f} "
                    f"{f['base_precision']:6.4f} {'yes' if f['met'] else 'no':>3} | {f['risk']:8.3f} {f['interval'][0]:6.2f}–{f['interval'][1]:<6.2f} {f['oracle']:6.2f}")
            b = load(base, n) if base else None
            if b:
                g = figures(b)
                line += f" | {g['recall']:11.4f} {100 * (f['recall'] - g['recall']):+6.2f} {g['precision']:9.4f} {g['risk']:9.3f}"
            print(line)
        mean = lambda key: sum(f[key] for _, f in rows) / len(rows)
        print(f"   mean: {100 * mean('of_ceiling'):.2f}% of the ceiling, risk/hotspot {mean('risk'):.3f} (oracle {mean('oracle'):.2f})")
    pooled(d, names)


if __name__ == "__main__":
    main()
