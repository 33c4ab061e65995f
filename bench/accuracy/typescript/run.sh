#!/usr/bin/env bash
# Scores Homer's TypeScript and JavaScript call and import edges against the
# TypeScript compiler's.
#
#   REPO=/path/to/a/ts/repository bench/accuracy/typescript/run.sh
#   REPO_TYPESCRIPT=... make bench-accuracy                       # with the other languages
#   HOMER=/path/to/homer REPO=... bench/accuracy/typescript/run.sh  # a prebuilt binary
#   OUT=/tmp/x REPO=... bench/accuracy/typescript/run.sh            # where results go
#   TSDIR=/tmp/tsoracle ...                                         # where typescript is installed
#
# It fetches no repository: REPO is a local clone, copied (git clone of its
# HEAD) so its work tree is left alone. The oracle (oracle.mjs) runs the
# TypeScript compiler's checker over every .ts/.tsx/.js file of the copy
# (without its dependencies, which it does not need to resolve calls between
# the repository's own definitions); the typescript package is installed
# with npm into TSDIR, outside the project, on the first run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main=$(cd "$here/../../.." && pwd)
REPO=${REPO_TYPESCRIPT:-${REPO:-}}
if [[ -z $REPO ]]; then
	echo "typescript accuracy: skipped (set REPO_TYPESCRIPT, or REPO, to a local TypeScript or JavaScript repository)" >&2
	exit 0
fi
REPO=$(cd "$REPO" && pwd)
out=${OUT:-$main/bench/out/accuracy/typescript/$(basename "$REPO")}
tsdir=${TSDIR:-${TMPDIR:-/tmp}/homer-tsoracle}
mkdir -p "$out" "$tsdir"
out=$(cd "$out" && pwd)

if [ ! -f "$tsdir/node_modules/typescript/package.json" ]; then
	echo "installing typescript into $tsdir" >&2
	(cd "$tsdir" && npm install --silent --no-audit --no-fund typescript@5 >/dev/null)
fi

if [ -z "${HOMER:-}" ]; then
	make -s -C "$main" build
	HOMER=$main/bin/homer
fi

. "$here/../lib.sh"
homer_edges "$REPO" "$out"
sqlite3 "$db" "SELECT count(*) FROM nodes WHERE kind = 'definition'" >"$out/definitions.txt"
# The files Homer parsed at HEAD: generated bundles it leaves out (dist/)
# are not compared.
sqlite3 "$db" "SELECT n.name FROM head_files h JOIN nodes n ON n.id = h.node_id" |
	grep -E '\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$' >"$out/parsed.txt" || true

echo "oracle $copy" >&2
TYPESCRIPT=$tsdir/node_modules/typescript node "$here/oracle.mjs" "$copy" >"$out/oracle.tsv" 2>"$out/oracle.log" || {
	tail -20 "$out/oracle.log" >&2
	exit 1
}

{
	echo "repository: $REPO ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo 'not git'))"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "homer init: %.1f s\n", e - s }'
	echo "definitions: $(cat "$out/definitions.txt")"
	python3 "$here/score.py" "$out/oracle.tsv" "$out/homer.tsv" "$out" "$out/parsed.txt"
} | tee "$out/report.txt"
echo "misses and wrong edges: $out/{missed,wrong}-*.tsv" >&2
