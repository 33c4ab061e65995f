#!/usr/bin/env bash
# Snapshot cost with and without a warm parse memo, and homer diff, on a
# clone that `homer init` has analysed.
#   HOMER=bin/homer bash bench/snapshots.sh /tmp/prometheus v3.13.0 v3.14.0
# Prints, for REF1: the first snapshot (the memo holds HEAD's parses only),
# the same again (every blob memoized), and one with the memo emptied (on a
# copy of the store); then homer diff REF1 REF2 with both snapshots stored.
set -euo pipefail
repo=$1 ref1=$2 ref2=$3
homer=$(realpath "${HOMER:-bin/homer}")
cd "$repo"
db=.homer/homer.db
t() { /usr/bin/time -f "  %e s wall, %M KB peak" "$@"; }
"$homer" snapshot delete "$ref1" >/dev/null 2>&1 || true
"$homer" snapshot delete "$ref2" >/dev/null 2>&1 || true
echo "$ref1, memo holding HEAD's parses:"; t "$homer" snapshot create "$ref1"
for i in 1 2 3; do
	"$homer" snapshot delete "$ref1" >/dev/null
	echo "$ref1, warm memo (run $i):"; t "$homer" snapshot create "$ref1"
done
echo "$ref2, memo holding HEAD's and $ref1's parses:"; t "$homer" snapshot create "$ref2"
echo "homer diff $ref1 $ref2, both stored:"; t "$homer" diff "$ref1" "$ref2" >/dev/null
# Empty memo: on a copy, restored afterwards.
"$homer" status >/dev/null 2>&1 || true
cp "$db" /tmp/snapshots-bench-store.db
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA foreign_keys = ON")
c.execute("DELETE FROM parse_memo")
c.execute("DELETE FROM snapshots")
c.commit()
PY
echo "$ref1, empty memo:"; t "$homer" snapshot create "$ref1"
cp /tmp/snapshots-bench-store.db "$db"
rm -f "$db-wal" "$db-shm"
