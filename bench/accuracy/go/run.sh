#!/usr/bin/env bash
# Scores Homer's Go call and import edges against the compiler's.
#
#   REPO=/path/to/a/go/repository bench/accuracy/go/run.sh
#   REPO_GO=/path/... make bench-accuracy                     # with the others
#   HOMER=/path/to/homer REPO=... bench/accuracy/go/run.sh   # a prebuilt binary
#   OUT=/tmp/x REPO=... bench/accuracy/go/run.sh             # where results go
#
# It fetches no repository: REPO is a local clone. It copies REPO (git clone
# of its HEAD, so the work tree is left alone), runs `homer init` on the
# copy, reads the call and import edges from .homer/homer.db, asks the
# oracle (oracle/, go/packages and go/types) for the compiler's, and prints
# precision and recall. The oracle's `go list` may download REPO's modules
# from the module proxy into the module cache, as any build of it would.
# See ../README.md for what is compared.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main=$(cd "$here/../../.." && pwd)
# `make bench-accuracy` runs every language's script: REPO_GO names this
# one's repository there, REPO when the script is run by itself.
REPO=${REPO_GO:-${REPO:-}}
if [ -z "$REPO" ]; then
	echo "go accuracy: skipped (set REPO_GO, or REPO, to a local clone of a Go repository)" >&2
	exit 0
fi
REPO=$(cd "$REPO" && pwd)
out=${OUT:-$main/bench/out/accuracy/go/$(basename "$REPO")}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -z "${HOMER:-}" ]; then
	make -s -C "$main" build
	HOMER=$main/bin/homer
fi

echo "building the oracle" >&2
(cd "$here/oracle" && GOFLAGS= GOWORK=off go build -o "$out/oracle" .)

. "$here/../lib.sh"
homer_edges "$REPO" "$out"

echo "oracle edges $copy" >&2
"$out/oracle" edges "$copy" >"$out/oracle.tsv" 2>"$out/oracle.log" || {
	tail -20 "$out/oracle.log" >&2
	exit 1
}

{
	echo "repository: $REPO ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo 'not git'))"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "homer init: %.1f s\n", e - s }'
	"$out/oracle" score "$out/oracle.tsv" "$out/homer.tsv"
} | tee "$out/report.txt"
echo "misses and wrong edges: $out/{missed,wrong}-*.tsv" >&2
