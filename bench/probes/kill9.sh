#!/usr/bin/env bash
# kill -9 during `homer init` at random moments, then one `homer update`;
# each trial must end equal to a clean run (the stored results row by row,
# and AGENTS.md). Usage: bench/probes/kill9.sh REPO [TRIALS] (HOMER names
# the binary, default bin/homer). It works in a copy of REPO's clone.
set -euo pipefail
repo=${1:?usage: kill9.sh REPO [TRIALS]}
trials=${2:-12}
homer=$(realpath "${HOMER:-bin/homer}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/r"
cd "$work/r"
dump() {
	sqlite3 .homer/homer.db "SELECT n.kind, n.name, r.kind, r.digest FROM results r JOIN nodes n ON n.id = r.node_id ORDER BY 1, 2, 3" | md5sum
}
"$homer" init . -q 2>/dev/null || [ $? -eq 10 ]  # 10: partial (a snapshot without large blobs)
want=$(dump)
cp AGENTS.md "$work/AGENTS.want"
ok=0
for i in $(seq 1 "$trials"); do
	rm -rf .homer AGENTS.md homer-risk.json
	"$homer" init . -q >/dev/null 2>&1 &
	pid=$!
	sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	"$homer" update . -q >/dev/null 2>&1 || true
	if [ "$(dump)" = "$want" ] && cmp -s AGENTS.md "$work/AGENTS.want"; then
		ok=$((ok + 1))
	else
		echo "trial $i: differs from a clean run"
	fi
done
echo "kill -9 during init: $ok/$trials equal to a clean run after one update"
