#!/usr/bin/env bash
# Scores Homer's Python call and import edges against scip-python (pyright)
# on pallets/flask. See compare.py for what counts as an edge on each side.
#
#   REPO_PYTHON=/path/to/flask bench/accuracy/python/run.sh
#   REPO_PYTHON=... make bench-accuracy              # with the other languages
#   HOMER=/path/to/homer bench/accuracy/python/run.sh
#   MISSES=50 EXTRA=50 bench/accuracy/python/run.sh   # also list differences
#
# Needs node and npm (scip-python is installed into $ORACLE, outside the
# repository, on first use), python3 and git. It fetches no repository:
# REPO_PYTHON (or FLASK) is a local clone of pallets/flask; unset, the script
# says it is skipped.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ORACLE=${ORACLE:-/tmp/oracle-py}
FLASK=${REPO_PYTHON:-${FLASK:-}}
if [[ -z $FLASK ]]; then
	echo "python accuracy: skipped (set REPO_PYTHON to a local clone of pallets/flask)" >&2
	exit 0
fi
MISSES=${MISSES:-0}
EXTRA=${EXTRA:-0}

mkdir -p "$ORACLE"
scip="$ORACLE/node_modules/.bin/scip-python"
if [[ ! -x $scip ]]; then
	echo "installing @sourcegraph/scip-python into $ORACLE" >&2
	(cd "$ORACLE" && { [[ -f package.json ]] || npm init -y >/dev/null; } && npm install --silent @sourcegraph/scip-python >&2)
fi

if [[ ! -d $FLASK/.git ]]; then
	echo "python accuracy: $FLASK is not a git clone" >&2
	exit 1
fi
rev=$(git -C "$FLASK" rev-parse HEAD)

# The oracle indexes an exported copy, so that its configuration never
# touches the checkout Homer reads. Imports resolve to the repository: src/
# and every directory holding a Python project (and its src/) are search
# paths, as Homer's resolver takes them.
work="$ORACLE/work-$rev"
index="$ORACLE/flask-$rev.scip"
if [[ ! -s $index ]]; then
	rm -rf "$work" && mkdir -p "$work"
	git -C "$FLASK" archive HEAD | tar -x -C "$work"
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
	echo '[]' >"$ORACLE/environment.json" # no installed packages: offline, and no site-packages copy of flask
	start=$(date +%s)
	"$scip" index --quiet --project-name flask --project-version 0 --cwd "$work" \
		--environment "$ORACLE/environment.json" --output "$index" >&2
	echo "scip-python indexed flask $rev in $(($(date +%s) - start)) s" >&2
fi

if [[ -z ${HOMER:-} ]]; then
	HOMER="$ORACLE/homer"
	(cd "$root" && GOFLAGS="-tags=sqlite_fts5 -buildvcs=false" go build -o "$HOMER" ./cmd/homer)
fi
rm -rf "$FLASK/.homer"
"$HOMER" init "$FLASK" >&2

echo "pallets/flask $rev"
python3 "$here/compare.py" "$index" "$FLASK" "$FLASK/.homer/homer.db" --misses "$MISSES" --extra "$EXTRA"
