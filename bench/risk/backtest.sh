#!/usr/bin/env bash
# Risk backtest: does Homer's risk ranking point at the files that bug fixes
# touch next? For a clone of a repository, it
#   1. picks the cut: the commit at 90% of the history (oldest first, by date);
#   2. checks the cut out in a scratch clone and runs `homer init` there;
#   3. ranks the files of homer-risk.json by score, and the same files by
#      their plain change count up to the cut (the hotspot ranking);
#   4. counts, after the cut, the touches of those files by bug-fix commits
#      (message matches fix|bug|regression, case-insensitive, no merges),
#      and prints the share that each ranking's top 10% captures, beside the
#      oracle (the best possible 10%).
#
# Usage: bench/risk/backtest.sh SOURCE_REPO [SCRATCH_DIR]
#   HOMER=path/to/homer (default bin/homer), HOLDOUT=10 (percent held out).
set -euo pipefail
src=$(cd "$1" && pwd)
scratch=${2:-/tmp/homer-risk-backtest-$(basename "$src")}
here=$(cd "$(dirname "$0")/../.." && pwd)
homer=${HOMER:-$here/bin/homer}
holdout=${HOLDOUT:-10}

mapfile -t commits < <(git -C "$src" log --format=%H --date-order --reverse HEAD)
n=${#commits[@]}
cut=${commits[$(( n * (100 - holdout) / 100 - 1 ))]}
echo "repository $(basename "$src"): $n commits, cut at $cut ($(git -C "$src" log -1 --format=%cs "$cut"))"

rm -rf "$scratch"
git clone -q --no-checkout "$src" "$scratch"
# Snapshots may lack large blobs; leave out what cannot be checked out.
git -C "$scratch" -c advice.detachedHead=false checkout -q "$cut" 2>/dev/null || {
	git -C "$scratch" ls-tree -r -l "$cut" | awk '$4 != "-" && $4 >= 4194304 {print $5}' >"$scratch.big"
	git -C "$scratch" sparse-checkout set --no-cone '/*' $(sed 's/^/!/' "$scratch.big")
	git -C "$scratch" -c advice.detachedHead=false checkout -q "$cut"
}
# Every file in the risk map, low ones too; the configuration lives outside
# the scratch clone so that it is not part of the analysed tree.
printf 'renderer "risk-map" {\n  include_low = true\n}\n' >"$scratch.hcl"
"$homer" -q --config "$scratch.hcl" init "$scratch" >/dev/null || echo "homer init exited $? (a degraded run still writes the risk map)"
risk=$scratch/homer-risk.json
[ -f "$risk" ] || risk=$(find "$scratch" -name homer-risk.json -not -path '*/.git/*' | head -1)

git -C "$src" log --no-merges --format=@%H --name-only "$cut" >"$scratch.past"
git -C "$src" log --no-merges -i -E --grep='fix|bug|regression' --format=@%H --name-only "$cut..HEAD" >"$scratch.fixes"
python3 "$here/bench/risk/shares.py" "$risk" "$scratch.past" "$scratch.fixes"
