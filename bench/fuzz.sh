#!/usr/bin/env bash
# Runs Homer's native Go fuzz targets one after another (`make fuzz`) and
# prints, per target, how long it ran, how many inputs it tried and whether
# it failed. `go test` (so `make test`) already runs every target's seed
# corpus; this is the long search for new crashers.
#
# Environment:
#   FUZZTIME     how long each target runs, as -fuzztime takes it (10m)
#   FUZZ         run only the targets whose name or package matches this
#                extended regular expression (all)
#   MINIMIZE     how long Go may shrink each new input, as -fuzzminimizetime
#                takes it (0: never). Go's default, a minute per input,
#                stalls the search on every new input the size of a fixture
#                file, and a run whose time ends mid-shrink fails with
#                "context deadline exceeded". Set it (30s) to shrink a
#                crasher before reading it.
#   PARALLEL     fuzzing workers per target (Go's default: one per core);
#                1 leaves the other core to other work
#   FUZZ_OUT     where each target's log goes (bench/out/fuzz, git-ignored)
#
# A crasher is written by Go to the package's testdata/fuzz/<Target>/, where
# the seed pass of `go test` then replays it: fix the code, keep the file.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FUZZTIME=${FUZZTIME:-10m}
FUZZ=${FUZZ:-}
PARALLEL=${PARALLEL:-}
MINIMIZE=${MINIMIZE:-0}
OUT=${FUZZ_OUT:-$ROOT/bench/out/fuzz}
export GOFLAGS=${GOFLAGS:--tags=sqlite_fts5 -buildvcs=false}
GO=${GO:-go}

# Every fuzz target: the module's directory, the package within it, the
# target. The sdk is a module of its own, so its targets run from sdk/.
TARGETS="
. ./core/config FuzzDecode
. ./core/store FuzzUnpackChanges
. ./core/store FuzzUnpackPartners
. ./core/store FuzzUnpackBehaviour
. ./core/store FuzzUnpackScores
. ./core/store FuzzUnpackSource
. ./core/store FuzzUnpackByKeys
. ./core/store FuzzUnpackTexts
. ./plugins/sources/git FuzzLogParser
. ./plugins/sources/git FuzzMailmap
. ./plugins/sources/structure FuzzManifest
. ./plugins/sources/structure FuzzCommands
. ./plugins/sources/structure FuzzTOML
sdk . FuzzDecode
. ./plugins/languages/c FuzzParse
. ./plugins/languages/cpp FuzzParse
. ./plugins/languages/csharp FuzzParse
. ./plugins/languages/golang FuzzParse
. ./plugins/languages/java FuzzParse
. ./plugins/languages/javascript FuzzParse
. ./plugins/languages/kotlin FuzzParse
. ./plugins/languages/php FuzzParse
. ./plugins/languages/python FuzzParse
. ./plugins/languages/ruby FuzzParse
. ./plugins/languages/rust FuzzParse
. ./plugins/languages/swift FuzzParse
. ./plugins/languages/typescript FuzzParse
"

mkdir -p "$OUT"
failed=0
summary=()
while read -r mod pkg target; do
	[ -n "$target" ] || continue
	name="$mod/${pkg#./} $target"
	name=${name#./}
	if [ -n "$FUZZ" ] && ! [[ "$name" =~ $FUZZ ]]; then
		continue
	fi
	log="$OUT/$(echo "${mod}_${pkg}_$target" | tr -c 'A-Za-z0-9_\n' '_').log"
	echo "== $name for $FUZZTIME (log: $log)"
	args=(test -run '^$' -fuzz "^$target\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$MINIMIZE")
	[ -n "$PARALLEL" ] && args+=(-parallel "$PARALLEL")
	start=$(date +%s)
	(cd "$mod" && "$GO" "${args[@]}" "$pkg") >"$log" 2>&1
	code=$?
	took=$(($(date +%s) - start))
	# Go prints the inputs tried so far every 3 seconds; the last count is
	# the total.
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	result=ok
	if [ $code -ne 0 ]; then
		result=FAILED
		failed=1
		grep -A30 -- '--- FAIL' "$log" | head -40
	fi
	summary+=("$(printf '%-44s %6ss %12s  %s' "$name" "$took" "${execs:-?}" "$result")")
done <<<"$TARGETS"

echo
printf '%-44s %7s %12s  %s\n' target wall execs result
printf '%s\n' "${summary[@]}"
exit $failed
