# shellcheck shell=bash
# What the bench scripts that run Homer on one repository share. Source it
# with SRC (the repository), ROOT (the project), SCRATCH (the scratch root)
# and SCRATCH_VAR (the variable that sets it, for the error) set. It sets
# NAME and WORK (SCRATCH/NAME, emptied), builds bench/measure into WORK and
# Homer when HOMER is unset, and defines say and field.
export GOFLAGS=${GOFLAGS:--tags=sqlite_fts5 -buildvcs=false}
NAME=$(basename "$SRC")
[[ $NAME == repo ]] && NAME=$(basename "$(dirname "$SRC")") # a mirror: owner+name/repo
WORK=$SCRATCH/$NAME
case "$WORK/" in "$ROOT"/*) echo "$(basename "$0" .sh): $SCRATCH_VAR must be outside the project" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK"
# say LINE...: print and append to WORK/report.txt
say() { printf '%s\n' "$*" | tee -a "$WORK/report.txt"; }

(cd "$ROOT" && go build -o "$WORK/measure" ./bench/measure && go build -o "$WORK/sqlq" ./bench/sqlq)
if [[ -z ${HOMER:-} ]]; then
	(cd "$ROOT" && go build -o bin/homer ./cmd/homer)
	HOMER=$ROOT/bin/homer
fi
# field LABEL KEY: KEY's value in LABEL.m, the line bench/measure wrote
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$WORK/$1.m" | tail -1; }
