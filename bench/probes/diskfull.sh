#!/usr/bin/env bash
# `homer init` with .homer on a tmpfs too small for the store, at POINTS
# sizes from 256 KiB up to what a clean run leaves on disk; then the
# tmpfs grows and `homer update` runs once. Each store must end equal to a
# clean run (results row by row, and AGENTS.md). Needs root (mount).
# Usage: bench/probes/diskfull.sh REPO [POINTS] (HOMER names the binary).
set -uo pipefail
repo=${1:?usage: diskfull.sh REPO [POINTS]}
points=${2:-20}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ok_run init . -q || { echo "clean init failed"; exit 1; }
want=$(dump)
cp AGENTS.md "$work/AGENTS.want"
need=$(du -sk .homer | cut -f1)
good=0 failed=0
for i in $(seq 1 "$points"); do
	rm -rf .homer AGENTS.md homer-risk.json
	mkdir .homer
	size=$((256 + (need - 256) * (i - 1) / points))
	mount -t tmpfs -o size=${size}k tmpfs .homer
	"$homer" init . -q >/dev/null 2>&1
	c=$?
	[ $c -ne 0 ] && [ $c -ne 10 ] && failed=$((failed + 1))
	mount -o remount,size=$((need * 4))k .homer
	ok_run update . -q
	u=$?
	if [ $u -eq 0 ] && [ "$(dump)" = "$want" ] && cmp -s AGENTS.md "$work/AGENTS.want"; then
		good=$((good + 1))
	else
		echo "point $i (${size} KiB, init exit $c): update exit $u, store or AGENTS.md differs"
	fi
	umount .homer
done
echo "disk full: init failed at $failed/$points sizes; $good/$points stores equal to a clean run after one update"
