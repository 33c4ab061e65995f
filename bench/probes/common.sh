# Shared by the probes: a scratch clone of REPO, Homer's binary, and a
# digest of a store (its results row by row) to compare runs by.
homer=$(realpath "${HOMER:-bin/homer}")
work=$(mktemp -d)
trap 'mountpoint -q "$work/r/.homer" 2>/dev/null && umount "$work/r/.homer"; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/r"
cd "$work/r"
dump() {
	sqlite3 "${1:-.homer/homer.db}" "SELECT n.kind, n.name, r.kind, r.digest FROM results r JOIN nodes n ON n.id = r.node_id ORDER BY 1, 2, 3" | md5sum
}
# runs Homer; 0 and 10 (partial: a snapshot without its largest blobs) are success
ok_run() {
	"$homer" "$@" >/dev/null 2>&1
	local c=$?
	[ $c -eq 0 ] || [ $c -eq 10 ]
}
