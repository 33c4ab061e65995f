"""Print issue 9's two targets from `homer backtest --format json` reports.

Usage: python3 bench/backtest/table.py DIR [BASEDIR]

DIR holds NAME.json reports (bench/backtest/run.sh writes them). For each:

  co-change  recall@k, as a share of the ceiling; precision@k beside the
             pairwise baseline's; "met" when recall is at least 85% of the
             ceiling and precision at least the baseline's (the issue's
             target).
  risk       share of held-out bug-fix touches on the top 10% by Homer's
             score and by past change count (hotspot), their ratio, and the
             oracle's ratio (the bound any ranking has).

Repositories are grouped into the set risk weights are chosen on (gin, chi,
requests, tokio) and the set they are reported on (flask, express, cli,
prometheus), each with its means; other names are listed last. With
BASEDIR, each row also gives the same figures of the report of that name
there, and the differences.
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
    }


def main():
    d = sys.argv[1]
    base = sys.argv[2] if len(sys.argv) > 2 else None
    names = sorted(n[:-5] for n in os.listdir(d) if n.endswith(".json"))
    others = [n for n in names if n not in CHOOSE + REPORT]
    head = f"{'repository':<12} {'queries':>7} {'recall':>7} {'%ceil':>6} {'prec':>6} {'base p':>6} {'met':>3} | {'risk/hot':>8} {'oracle':>6}"
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
                    f"{f['base_precision']:6.4f} {'yes' if f['met'] else 'no':>3} | {f['risk']:8.3f} {f['oracle']:6.2f}")
            b = load(base, n) if base else None
            if b:
                g = figures(b)
                line += f" | {g['recall']:11.4f} {100 * (f['recall'] - g['recall']):+6.2f} {g['precision']:9.4f} {g['risk']:9.3f}"
            print(line)
        mean = lambda key: sum(f[key] for _, f in rows) / len(rows)
        print(f"   mean: {100 * mean('of_ceiling'):.2f}% of the ceiling, risk/hotspot {mean('risk'):.3f} (oracle {mean('oracle'):.2f})")


if __name__ == "__main__":
    main()
