#!/usr/bin/env bash
# Branch switches (issue 10): `homer init` at REPO's HEAD, then `homer update` after
# checking out BRANCH, and again after checking the first branch out again; then a
# fresh `init` of a copy, whose store the switched one must equal.
#
#   bench/switch.sh REPO BRANCH    REPO: a local repository or mirror (not changed);
#                                  BRANCH: a branch of REPO whose history diverges
#
# Environment:
#   SWITCH_WORK  scratch directory, outside the project (/tmp/homer-switch)
#   HOMER        homer binary (bin/homer, built when absent)
#
# Branches are switched with `git symbolic-ref` and `git read-tree`, which move
# HEAD and the index without writing the work tree: Homer reads objects only, and
# a snapshot without its largest blobs could not check them out. CPU is user plus
# system seconds of the whole process tree (bench/measure). The stores are compared
# table by table through the sqlite3 shell (results by digest, row ids left out;
# the parse memo, a cache by content, doc freshness's past results, a memo by
# inputs, and the stage-times record are not state).
# The git source's warnings are a reminder of what its last read met: an update
# that reads only the commits that differ may meet fewer missing blobs than init.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: bench/switch.sh REPO BRANCH" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
BRANCH=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRATCH=${SWITCH_WORK:-/tmp/homer-switch} SCRATCH_VAR=SWITCH_WORK
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
measure() { local l=$1; shift; "$WORK/measure" -o "$WORK/$l.m" -interval 0 -- "$@"; }
# took LOG STAGE: the stage's time in a -v log
took() { awk -v s="$2" '$1 == s && $2 ~ /^\+/ { print $3 }' "$WORK/$1.log"; }

git clone -q --no-checkout "$SRC" "$WORK/repo"
cd "$WORK/repo"
MAIN=$(git symbolic-ref --short HEAD)
git branch -q "$BRANCH" "origin/$BRANCH"
checkout() { git symbolic-ref HEAD "refs/heads/$1" && git read-tree HEAD; }
OWN=$(git rev-list --count "$MAIN..$BRANCH")
LACKS=$(git rev-list --count "$BRANCH..$MAIN")

measure init "$HOMER" -v init . >"$WORK/init.log" 2>&1 || true
checkout "$BRANCH"
measure away "$HOMER" -v update . >"$WORK/away.log" 2>&1 || true
checkout "$MAIN"
measure back "$HOMER" -v update . >"$WORK/back.log" 2>&1 || true

dump() {
	local db=$1
	# Through the store's driver (bench/sqlq): the views call Homer's
	# functions (unpack, result_data, change_rows), which sqlite3 lacks.
	q() { echo "== $1"; "$WORK/sqlq" "$db" "$2" | sort; }
	q nodes "SELECT kind, name, content_hash, metadata FROM nodes"
	q edges "SELECT e.kind, e.id, e.confidence, e.metadata, (SELECT group_concat(m.position || ':' || m.role || ':' || n.kind || ':' || n.name, ' ; ')
		FROM edge_members m JOIN nodes n ON n.id = m.node_id WHERE m.edge_id = e.id) FROM edges e"
	q links "SELECT l.kind, a.name, b.name, l.confidence, l.metadata FROM link_edges l JOIN nodes a ON a.id = l.src JOIN nodes b ON b.id = l.dst"
	q calls "SELECT a.name, b.name, c.confidence, c.metadata FROM call_edges c JOIN nodes a ON a.id = c.caller JOIN nodes b ON b.id = c.callee"
	q commits "SELECT lower(hex(cm.sha)), a.name, cm.commit_time + cm.author_lag, cm.commit_time, cm.parents, cm.message FROM commits cm
		JOIN nodes a ON a.id = cm.author_id"
	q changes "SELECT lower(hex(c.sha)), f.name, ch.status, ch.added, ch.deleted, ch.binary, coalesce(o.name, '-') FROM changes ch
		JOIN commits c ON c.node_id = ch.commit_id JOIN nodes f ON f.id = ch.file_id LEFT JOIN nodes o ON o.id = ch.old_file_id"
	q head_files "SELECT n.name, h.blob_id, h.language, h.size, h.is_test FROM head_files h JOIN nodes n ON n.id = h.node_id"
	q results "SELECT n.kind, n.name, r.kind, r.digest FROM results r JOIN nodes n ON n.id = r.node_id"
	q checkpoints "SELECT name, value FROM checkpoints WHERE name NOT IN ('stage-times', 'analyze.doc-freshness.past')"
	q search "SELECT kind, ref, body FROM search"
}
# The copy's path ends as the clone's does: the artifacts name the repository
# after it (NAME/repo reads as NAME).
FRESH=$WORK/fresh/$NAME/repo
mkdir -p "$(dirname "$FRESH")"
cp -a "$WORK/repo" "$FRESH"
rm -rf "$FRESH/.homer"
(cd "$FRESH" && "$HOMER" init . >"$WORK/fresh.log" 2>&1) || true
dump "$WORK/repo/.homer/homer.db" >"$WORK/switched.dump"
dump "$FRESH/.homer/homer.db" >"$WORK/fresh.dump"
diff "$WORK/fresh.dump" "$WORK/switched.dump" >"$WORK/dump.diff" || true

say "$NAME: $MAIN at $(git rev-parse --short "$MAIN") ($(git rev-list --count "$MAIN") commits); $BRANCH has $OWN commits of its own and lacks $LACKS of $MAIN's"
say "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
say ""
say "| | wall | CPU | source.git | exit |"
say "|---|---|---|---|---|"
for leg in init away back; do
	say "| $leg | $(field $leg wall) s | $(field $leg cpu) s | $(took $leg source.git) | $(field $leg exit) |"
done
say ""
if [[ -s $WORK/dump.diff ]]; then
	say "the switched store differs from a fresh init's ($(grep -c '^[<>]' "$WORK/dump.diff") lines, $WORK/dump.diff)"
else
	say "the switched store equals a fresh init's"
fi
say "logs and stage times (-v): $WORK"
