#!/usr/bin/env bash
# Runs `homer backtest --format json` on each clone given and prints both
# parts of issue 9's targets per repository, with the means of the two sets
# that risk weights are chosen on and reported on (bench/backtest/table.py).
#
# Usage: bench/backtest/run.sh CLONE...
#   HOMER=path/to/homer (default bin/homer)
#   OUT=dir for the JSON reports (default /tmp/homer-backtest); a report is
#     named after its clone's directory, so clones named gin, chi, requests,
#     tokio, flask, express, cli and prometheus fall into the two sets.
#   BASE=dir of earlier reports to print beside (for example main's).
#   HOLDOUTS=the held-out shares to cut at (default 0.1). The report of
#     0.1 is NAME.json, another's NAME@SHARE.json; with more than one, the
#     table adds each repository's figures pooled over the cuts, which
#     choosing weights on a few small repositories needs (one file in or
#     out of a top 10% of 35 moves the risk figure by 0.03 or more).
# Each backtest's wall, user CPU seconds and peak RSS go to OUT/NAME.time
# (NAME@SHARE.time).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
homer=${HOMER:-$here/bin/homer}
out=${OUT:-/tmp/homer-backtest}
mkdir -p "$out"
out=$(cd "$out" && pwd)
for src in "$@"; do
	name=$(basename "$(cd "$src" && pwd)")
	for h in ${HOLDOUTS:-0.1}; do
		report=$name
		if [ "$h" != 0.1 ]; then report=$name@$h; fi
		(cd "$src" && /usr/bin/time -f '%e s wall, %U s user, %M KB peak RSS' -o "$out/$report.time" \
			"$homer" -q backtest --holdout "$h" --format json .) >"$out/$report.json"
	done
done
python3 "$here/bench/backtest/table.py" "$out" ${BASE:+"$BASE"}
