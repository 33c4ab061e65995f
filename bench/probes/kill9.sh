#!/usr/bin/env bash
# kill -9 during `homer init` (or `homer update` after 10 new commits) at
# random moments, then one `homer update`; each trial must end equal to a
# clean run (the stored results row by row, and AGENTS.md).
# Usage: bench/probes/kill9.sh REPO [TRIALS] [init|update] (HOMER names
# the binary, default bin/homer). It works in a scratch clone of REPO.
set -uo pipefail
repo=${1:?usage: kill9.sh REPO [TRIALS]}
trials=${2:-12}
during=${3:-init}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ok_run init . -q || { echo "clean init failed"; exit 1; }
want=$(dump)
cp AGENTS.md "$work/AGENTS.want"
new=$(git rev-parse HEAD)
ok=0
for i in $(seq 1 "$trials"); do
	rm -rf .homer AGENTS.md homer-risk.json
	if [ "$during" = update ]; then
		git reset -q --hard "$new~10"
		ok_run init . -q
		git reset -q --hard "$new"
	fi
	"$homer" "$during" . -q >/dev/null 2>&1 &
	pid=$!
	sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	ok_run update . -q
	if [ "$(dump)" = "$want" ] && cmp -s AGENTS.md "$work/AGENTS.want"; then
		ok=$((ok + 1))
	else
		echo "trial $i: differs from a clean run"
	fi
done
echo "kill -9 during $during: $ok/$trials equal to a clean run after one update"
