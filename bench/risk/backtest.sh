#!/usr/bin/env bash
# Risk backtest: does Homer's risk ranking point at the files that bug fixes
# touch next? For each clone given, runs `homer backtest` (the newest 10% of
# first-parent commits held out; the store is trained at the cut in a
# temporary directory) and prints its risk part: the share of held-out
# bug-fix touches (risk.IsFix: a fix word in the subject line, not a docs,
# chore, ci, test, style or build commit; commits of at most 50 files) on the
# top 10% of the files risk assesses, by risk score, by past change count
# (hotspot) and by the touches themselves (oracle), and the ratio of the
# first two.
#
# Usage: bench/risk/backtest.sh CLONE...
#   HOMER=path/to/homer (default bin/homer), OUT=dir for the JSON reports
#   (default /tmp/homer-risk-backtest).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
homer=${HOMER:-$here/bin/homer}
out=${OUT:-/tmp/homer-risk-backtest}
mkdir -p "$out"
printf '%-14s %6s %8s %7s %7s %7s %6s\n' repository files touches risk hotspot oracle ratio
for src in "$@"; do
	name=$(basename "$(cd "$src" && pwd)")
	(cd "$src" && "$homer" -q backtest --format json .) >"$out/$name.json"
	python3 - "$out/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["risk"]
ratio = r["homer"] / r["hotspot"] if r["hotspot"] else float("nan")
print(f'{sys.argv[2]:<14} {r["files"]:6d} {r["touches"]:8d} {r["homer"]:7.3f} {r["hotspot"]:7.3f} {r["oracle"]:7.3f} {ratio:6.2f}')
PY
done
