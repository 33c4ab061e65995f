# Shared by the accuracy scripts (sourced): copy a repository, run Homer on
# the copy, and read Homer's call and import edges.

# homer_edges REPO OUT: clones REPO (or copies a directory that is not a
# git work tree) to OUT/repo, runs `$HOMER init` there (exit 10, a run with
# warnings, is accepted), and writes OUT/homer.tsv: one line per edge,
# "call|import CONFIDENCE FROM TO". Sets copy, db and the init's start and
# end times (seconds).
homer_edges() {
	local repo=$1 out=$2 code
	copy=$out/repo
	rm -rf "$copy"
	if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
		git clone -q "$repo" "$copy"
	else
		cp -a "$repo" "$copy"
		rm -rf "$copy/.homer"
	fi

	echo "homer init $copy" >&2
	start=$(date +%s.%N)
	"$HOMER" init "$copy" >"$out/homer.log" 2>&1 || {
		code=$?
		if [ "$code" -ne 10 ]; then
			tail -20 "$out/homer.log" >&2
			exit "$code"
		fi
	}
	end=$(date +%s.%N)

	db=$copy/.homer/homer.db
	sqlite3 -separator $'\t' "$db" >"$out/homer.tsv" <<'SQL'
SELECT 'call', c.confidence, a.name, b.name
FROM call_edges c
JOIN nodes a ON a.id = c.caller
JOIN nodes b ON b.id = c.callee;
SELECT 'import', l.confidence, a.name, b.name
FROM link_edges l
JOIN nodes a ON a.id = l.src
JOIN nodes b ON b.id = l.dst
WHERE l.kind = 'imports';
SQL
}
