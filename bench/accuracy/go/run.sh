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

copy=$out/repo
rm -rf "$copy"
if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
	git clone -q "$REPO" "$copy"
else
	cp -a "$REPO" "$copy"
	rm -rf "$copy/.homer"
fi

echo "homer init $copy" >&2
start=$(date +%s.%N)
"$HOMER" init "$copy" >"$out/homer.log" 2>&1 || {
	code=$?
	# 10 is a run finished with warnings; anything else failed.
	if [ "$code" -ne 10 ]; then
		tail -20 "$out/homer.log" >&2
		exit "$code"
	fi
}
end=$(date +%s.%N)

db=$copy/.homer/homer.db
sqlite3 -separator $'\t' "$db" >"$out/homer.tsv" <<'SQL'
SELECT 'call', e.confidence, a.name, b.name
FROM edges e
JOIN edge_members ma ON ma.edge_id = e.id AND ma.role = 'caller'
JOIN nodes a ON a.id = ma.node_id
JOIN edge_members mb ON mb.edge_id = e.id AND mb.role = 'callee'
JOIN nodes b ON b.id = mb.node_id
WHERE e.kind = 'calls';
SELECT 'import', e.confidence, a.name, b.name
FROM edges e
JOIN edge_members ma ON ma.edge_id = e.id AND ma.role = 'from'
JOIN nodes a ON a.id = ma.node_id
JOIN edge_members mb ON mb.edge_id = e.id AND mb.role = 'to'
JOIN nodes b ON b.id = mb.node_id
WHERE e.kind = 'imports';
SQL

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
