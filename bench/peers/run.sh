#!/usr/bin/env bash
# Scores two peer tools' call edges, GitNexus and codegraph, with the same
# oracles and scorers as Homer's (bench/accuracy/go and bench/accuracy/python),
# and records each tool's wall time and peak RSS.
#
#   REPO_GO=/path/to/cli/cli REPO_PYTHON=/path/to/flask bench/peers/run.sh
#   PEERS=/tmp/peers OUT=/tmp/peers-out REPO_GO=... bench/peers/run.sh
#
# A repository whose variable is unset is skipped. No repository is fetched:
# each is a local clone, cloned again (its HEAD) once per tool so that neither
# tool sees the other's files. The tools are installed from npm into $PEERS
# (outside the repository) with --ignore-scripts: onnxruntime-node's install
# script downloads from nuget.org, which fails offline; tree-sitter grammars
# and LadybugDB load from their bundled prebuilds. GitNexus runs with
# HOME=$PEERS/home so that its registry stays there.
#
# Edges are read from each tool's store (codegraph: .codegraph/codegraph.db,
# edges of kind calls and instantiates; GitNexus: `gitnexus cypher`,
# CodeRelation of type CALLS) and mapped onto the oracles' definition names by
# convert.py (path, name, line); see its doc for what is left out.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
main=$(cd "$here/../.." && pwd)
PEERS=${PEERS:-/tmp/peers}
OUT=${OUT:-$main/bench/out/peers}
ORACLE=${ORACLE:-/tmp/oracle-py}
GITNEXUS_VERSION=${GITNEXUS_VERSION:-1.6.3}
CODEGRAPH_VERSION=${CODEGRAPH_VERSION:-1.6.1}
REPO_GO=${REPO_GO:-}
REPO_PYTHON=${REPO_PYTHON:-}
if [[ -z $REPO_GO && -z $REPO_PYTHON ]]; then
	echo "peers: skipped (set REPO_GO to a clone of cli/cli, REPO_PYTHON to one of pallets/flask)" >&2
	exit 0
fi
mkdir -p "$PEERS" "$OUT"
OUT=$(cd "$OUT" && pwd)

if [[ ! -x $PEERS/node_modules/.bin/gitnexus || ! -x $PEERS/node_modules/.bin/codegraph ]]; then
	echo "installing gitnexus@$GITNEXUS_VERSION and @colbymchenry/codegraph@$CODEGRAPH_VERSION into $PEERS" >&2
	(cd "$PEERS" && { [[ -f package.json ]] || npm init -y >/dev/null; } &&
		npm install --silent --ignore-scripts "gitnexus@$GITNEXUS_VERSION" "@colbymchenry/codegraph@$CODEGRAPH_VERSION" >&2)
fi
GN=$PEERS/node_modules/.bin/gitnexus
CG=$PEERS/node_modules/.bin/codegraph
mkdir -p "$PEERS/home"

# clone SRC DEST: a fresh clone of SRC's HEAD.
clone() {
	rm -rf "$2"
	git clone -q "$1" "$2"
}

# measure LOG CMD...: runs CMD under /usr/bin/time -v; prints "WALL RSS_MB".
measure() {
	local log=$1
	shift
	/usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1 </dev/null || {
		echo "failed: $* (see $log)" >&2
		tail -5 "$log" >&2
		return 1
	}
	awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
		/Maximum resident/ { r = $2 / 1024 }
		END { printf "%.1f s %.0f MB\n", w, r }' "$log.time"
}

# edges TOOL COPY NAME: the tool's raw edges, written to $dir/TOOL.edges.
edges() {
	case $1 in
	codegraph)
		measure "$dir/codegraph.log" "$CG" init "$2" >"$dir/codegraph.cost"
		python3 "$here/convert.py" codegraph "$2/.codegraph/codegraph.db" >"$dir/codegraph.edges"
		;;
	gitnexus)
		measure "$dir/gitnexus.log" env HOME="$PEERS/home" "$GN" analyze --skip-agents-md "$2" >"$dir/gitnexus.cost"
		HOME="$PEERS/home" "$GN" cypher -r "$2" "MATCH (a)-[r:CodeRelation {type:'CALLS'}]->(b) RETURN a.filePath, a.name, a.startLine, label(a), b.filePath, b.name, b.startLine, label(b), r.confidence" \
			>"$dir/gitnexus.json" 2>"$dir/gitnexus.cypher.log"
		python3 "$here/convert.py" gitnexus "$dir/gitnexus.json" >"$dir/gitnexus.edges"
		;;
	esac
}

if [[ -n $REPO_GO ]]; then
	REPO_GO=$(cd "$REPO_GO" && pwd)
	name=$(basename "$REPO_GO")
	base=$OUT/go-$name
	mkdir -p "$base"
	echo "building the Go oracle" >&2
	(cd "$main/bench/accuracy/go/oracle" && GOFLAGS= GOWORK=off go build -o "$base/oracle" .)
	clone "$REPO_GO" "$base/repo"
	"$base/oracle" defs "$base/repo" >"$base/defs.tsv"
	echo "oracle edges $base/repo" >&2
	"$base/oracle" edges "$base/repo" >"$base/oracle.tsv" 2>"$base/oracle.log"
	for tool in codegraph gitnexus; do
		dir=$base/$tool
		mkdir -p "$dir"
		clone "$REPO_GO" "$dir/repo"
		echo "$tool on $dir/repo" >&2
		edges "$tool" "$dir/repo"
		python3 "$here/convert.py" go "$base/defs.tsv" <"$dir/$tool.edges" >"$dir/peer.tsv" 2>"$dir/convert.log"
		{
			echo "== $tool $(cat "$dir/$tool.cost") on $REPO_GO ($(git -C "$REPO_GO" rev-parse --short HEAD))"
			echo "raw edges: $(wc -l <"$dir/$tool.edges"); mapping: $(grep -v '^unmapped:' "$dir/convert.log" | tr '\n' ';')"
			"$base/oracle" score "$base/oracle.tsv" "$dir/peer.tsv"
		} | tee "$dir/report.txt"
	done
fi

if [[ -n $REPO_PYTHON ]]; then
	REPO_PYTHON=$(cd "$REPO_PYTHON" && pwd)
	rev=$(git -C "$REPO_PYTHON" rev-parse HEAD)
	base=$OUT/python-$(basename "$REPO_PYTHON")
	mkdir -p "$base" "$ORACLE"
	# The scip-python index, built as bench/accuracy/python/run.sh builds it
	# (and shared with it through $ORACLE).
	scip="$ORACLE/node_modules/.bin/scip-python"
	if [[ ! -x $scip ]]; then
		(cd "$ORACLE" && { [[ -f package.json ]] || npm init -y >/dev/null; } && npm install --silent @sourcegraph/scip-python >&2)
	fi
	index="$ORACLE/flask-$rev.scip"
	if [[ ! -s $index ]]; then
		work="$ORACLE/work-$rev"
		rm -rf "$work" && mkdir -p "$work"
		git -C "$REPO_PYTHON" archive HEAD | tar -x -C "$work"
		python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
paths = ["src"]
for d, _, files in os.walk(work):
    if d != work and ("pyproject.toml" in files or "setup.py" in files):
        rel = os.path.relpath(d, work)
        paths.append(rel)
        if os.path.isdir(os.path.join(d, "src")):
            paths.append(os.path.join(rel, "src"))
json.dump({"extraPaths": paths}, open(os.path.join(work, "pyrightconfig.json"), "w"))
PY
		echo '[]' >"$ORACLE/environment.json"
		"$scip" index --quiet --project-name flask --project-version 0 --cwd "$work" \
			--environment "$ORACLE/environment.json" --output "$index" >&2
	fi
	for tool in codegraph gitnexus; do
		dir=$base/$tool
		mkdir -p "$dir"
		clone "$REPO_PYTHON" "$dir/repo"
		echo "$tool on $dir/repo" >&2
		edges "$tool" "$dir/repo"
		python3 "$here/convert.py" python "$dir/repo" "$dir/peer.db" <"$dir/$tool.edges" 2>"$dir/convert.log"
		{
			echo "== $tool $(cat "$dir/$tool.cost") on $REPO_PYTHON (${rev:0:9})"
			echo "raw edges: $(wc -l <"$dir/$tool.edges"); mapping: $(grep -v '^unmapped:' "$dir/convert.log" | tr '\n' ';')"
			python3 "$main/bench/accuracy/python/compare.py" "$index" "$dir/repo" "$dir/peer.db"
		} | tee "$dir/report.txt"
	done
fi
