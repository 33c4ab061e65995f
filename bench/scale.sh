#!/usr/bin/env bash
# Homer at scale (issue 10): one real repository through init and update beside
# `git log --numstat --no-renames`, the baseline, in the same run.
#
#   bench/scale.sh REPO          REPO: a local repository or mirror (not changed)
#
# Environment:
#   SCALE_WORK   scratch directory, outside the project (/tmp/homer-scale)
#   HOMER        homer binary (bin/homer, built when absent)
#   BACK         commits the clone starts behind REPO's HEAD, along first parents;
#                the last update brings it forward to HEAD (10)
#   PROFILE=1    also write CPU and heap profiles of `homer init` (init.cpu, init.mem,
#                and init.cpu.KIND-NAME, init.mem.KIND-NAME for each built-in plugin)
#
# CPU is user plus system seconds of the whole process tree (bench/measure): on
# a shared machine it moves far less with the load than wall time does.
# Memory is the peak of the summed RSS of the whole process tree (homer, its
# plugins, git), sampled from /proc every 100 ms by bench/measure. The database
# figure is homer.db after the command (the WAL is checkpointed at exit), with
# SQLite's dbstat per table and index. Logs stay in the scratch directory.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: bench/scale.sh REPO" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BACK=${BACK:-10}
SCRATCH=${SCALE_WORK:-/tmp/homer-scale} SCRATCH_VAR=SCALE_WORK
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
MEASURE=$WORK/measure
# measure LABEL CMD...: run CMD, sampling the process tree; the result line goes to LABEL.m
measure() { local l=$1; shift; "$MEASURE" -o "$WORK/$l.m" -interval 100ms -- "$@"; }

# Two clones sharing objects with the source: one for the baseline (missing blobs
# replaced by a placeholder, so git can read every commit), one for Homer (which
# must skip and report them itself). Homer's clone starts BACK commits behind.
git clone -q --no-checkout "$SRC" "$WORK/base"
git clone -q --no-checkout "$SRC" "$WORK/repo"
TIP=$(git -C "$WORK/repo" rev-parse HEAD)
git -C "$WORK/repo" reset -q --soft "HEAD~$BACK"
NEW=$(git -C "$WORK/repo" rev-list --count "HEAD..$TIP")
COMMITS=$(git -C "$WORK/base" rev-list --count HEAD)
FILES=$(git -C "$WORK/base" ls-tree -r HEAD | wc -l)

baseline() { measure baseline git -C "$WORK/base" log --numstat --no-renames HEAD >/dev/null 2>"$WORK/baseline.err"; }
if ! baseline; then
	# A snapshot without its large blobs: point each missing blob at a placeholder.
	ph=$(echo "placeholder for a blob missing from this copy" | git -C "$WORK/base" hash-object -w --stdin)
	git -C "$WORK/base" rev-list --objects --missing=print HEAD | sed -n 's/^?//p' >"$WORK/missing.txt"
	# `git replace` wants the type of the replaced object, which a missing one has not:
	# write the replace refs directly.
	while read -r oid; do git -C "$WORK/base" update-ref "refs/replace/$oid" "$ph"; done <"$WORK/missing.txt"
	echo "scale: $(wc -l <"$WORK/missing.txt") missing blobs replaced for the baseline" >&2
	rm -f "$WORK/baseline.m"
	baseline
fi

PROF=()
[[ ${PROFILE:-0} == 1 ]] && PROF=(HOMER_CPUPROFILE="$WORK/init.cpu" HOMER_MEMPROFILE="$WORK/init.mem")
cd "$WORK/repo"
env "${PROF[@]}" "$MEASURE" -o "$WORK/init.m" -interval 100ms -- "$HOMER" -v init . >"$WORK/init.log" 2>&1 || true
DB=$WORK/repo/.homer/homer.db
db_bytes=$(stat -c %s "$DB")
sqlite3 "$DB" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC" >"$WORK/dbstat.txt"
measure noop "$HOMER" -v update . >"$WORK/noop.log" 2>&1 || true
git -C "$WORK/repo" reset -q --soft "$TIP"
measure update "$HOMER" -v update . >"$WORK/update.log" 2>&1 || true

mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
b=$(field baseline wall) i=$(field init wall)
say "$NAME: $COMMITS commits, $FILES files at HEAD; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
say ""
say "| | measured | target |"
say "|---|---|---|"
bc=$(field baseline cpu) ic=$(field init cpu)
say "| \`git log --numstat --no-renames\` | $b s (CPU $bc s), $(mb "$(field baseline tree_peak_kb)") | the baseline |"
say "| \`homer init\` | $i s ($(ratio "$i" "$b") the baseline), CPU $ic s ($(ratio "$ic" "$bc") the baseline's), exit $(field init exit) | ≤ 1.0× the baseline |"
say "| peak RSS, whole process tree | $(mb "$(field init tree_peak_kb)") | ≤ 300 MB |"
say "| database | $(awk -v n="$db_bytes" 'BEGIN { printf "%.1f MB", n / 1e6 }') | ≤ 30 MB |"
say "| \`homer update\` after $NEW commits | $(field update wall) s (CPU $(field update cpu) s), $(mb "$(field update tree_peak_kb)"), exit $(field update exit) | ≤ 0.5 s |"
say "| \`homer update\` with nothing new | $(field noop wall) s, exit $(field noop exit) | ≤ 0.2 s |"
say ""
say "init's processes, largest RSS of each kind (KiB): $(field init procs)"
say "init's processes when the tree peaked (KiB): $(field init at_peak)"
say ""
say "database by table and index (MB):"
awk -F'|' '{ printf "  %-32s %7.1f\n", $1, $2 / 1e6 }' "$WORK/dbstat.txt" | head -25 | tee -a "$WORK/report.txt"
say ""
say "logs, stage times (-v) and profiles: $WORK"
