#!/usr/bin/env bash
# Two `homer update`s at once, started a random 0-0.9 s apart, on an empty
# store; then updates against a write lock another process holds for 2 s.
# Every run must succeed and every store must end equal to a serial run.
# Usage: bench/probes/concurrent.sh REPO [PAIRS] (HOMER names the binary).
set -uo pipefail
repo=${1:?usage: concurrent.sh REPO [PAIRS]}
pairs=${2:-20}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ok_run init . -q || { echo "clean init failed"; exit 1; }
want=$(dump)
cp AGENTS.md "$work/AGENTS.want"
good=0
for i in $(seq 1 "$pairs"); do
	rm -rf .homer AGENTS.md homer-risk.json
	"$homer" update . -q >/dev/null 2>&1 &
	a=$!
	sleep "0.$((RANDOM % 10))"
	"$homer" update . -q >/dev/null 2>&1 &
	b=$!
	wait $a; ca=$?
	wait $b; cb=$?
	if { [ $ca -eq 0 ] || [ $ca -eq 10 ]; } && { [ $cb -eq 0 ] || [ $cb -eq 10 ]; } &&
		[ "$(dump)" = "$want" ] && cmp -s AGENTS.md "$work/AGENTS.want"; then
		good=$((good + 1))
	else
		echo "pair $i: exits $ca and $cb, store or AGENTS.md differs: $([ "$(dump)" = "$want" ] && echo no || echo yes)"
	fi
done
echo "concurrent updates: $good/$pairs pairs succeeded and ended equal to a serial run"
held=0
for i in 1 2 3 4 5; do
	rm -rf .homer AGENTS.md homer-risk.json
	ok_run init . -q
	git commit -q --allow-empty -m "probe $i"
	(printf 'BEGIN IMMEDIATE;\nINSERT INTO checkpoints (name, value) VALUES ('"'"'probe'"'"', '"'"'x'"'"') ON CONFLICT DO NOTHING;\n.shell sleep 2\nROLLBACK;\n' | sqlite3 .homer/homer.db) &
	s=$!
	sleep 0.3
	if ok_run update . -q; then held=$((held + 1)); else echo "held lock $i: update failed"; fi
	wait $s
done
echo "update against a write lock held 2 s: $held/5 succeeded"
