#!/usr/bin/env bash
# Scores Homer's Rust call edges against rust-analyzer (`rust-analyzer scip`)
# on tokio-rs/tokio. See compare.py for what counts as an edge on each side.
#
#   REPO_RUST=/path/to/tokio bench/accuracy/rust/run.sh
#   REPO_RUST=... make bench-accuracy                 # with the other languages
#   HOMER=/path/to/homer bench/accuracy/rust/run.sh
#   MISSES=50 EXTRA=50 bench/accuracy/rust/run.sh      # also list differences
#
# Needs cargo and rust-analyzer (`rustup component add rust-analyzer`; the
# script adds it when rustup is there), python3 and git. rust-analyzer runs
# `cargo metadata`, which downloads the workspace's dependencies from
# crates.io into cargo's cache. It fetches no repository: REPO_RUST is a
# local clone; unset, the script says it is skipped.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ORACLE=${ORACLE:-/tmp/oracle-rust}
REPO=${REPO_RUST:-}
if [[ -z $REPO ]]; then
	echo "rust accuracy: skipped (set REPO_RUST to a local clone of tokio-rs/tokio)" >&2
	exit 0
fi
MISSES=${MISSES:-0}
EXTRA=${EXTRA:-0}
if [[ ! -d $REPO/.git ]]; then
	echo "rust accuracy: $REPO is not a git clone" >&2
	exit 1
fi
if ! rust-analyzer --version >/dev/null 2>&1; then
	echo "adding rust-analyzer with rustup" >&2
	rustup component add rust-analyzer >&2
fi
rev=$(git -C "$REPO" rev-parse HEAD)
name=$(basename "$REPO")

# The oracle indexes an exported copy with every cargo feature on, so that
# its build files never touch the checkout Homer reads.
mkdir -p "$ORACLE"
work="$ORACLE/work-$rev"
index="$ORACLE/$name-$rev.scip"
if [[ ! -s $index ]]; then
	rm -rf "$work" && mkdir -p "$work"
	git -C "$REPO" archive HEAD | tar -x -C "$work"
	echo '{"cargo": {"features": "all"}}' >"$ORACLE/config.json"
	start=$(date +%s)
	(cd "$work" && rust-analyzer scip . --output "$index" --config-path "$ORACLE/config.json") >&2
	echo "rust-analyzer indexed $name $rev in $(($(date +%s) - start)) s" >&2
fi

if [[ -z ${HOMER:-} ]]; then
	HOMER="$ORACLE/homer"
	(cd "$root" && GOFLAGS="-tags=sqlite_fts5 -buildvcs=false" go build -o "$HOMER" ./cmd/homer)
fi
copy="$ORACLE/homer-$rev"
rm -rf "$copy"
git clone -q "$REPO" "$copy"
"$HOMER" init "$copy" >&2 || [[ $? -eq 10 ]]

echo "$name $rev"
python3 "$here/compare.py" "$index" "$work" "$copy/.homer/homer.db" --misses "$MISSES" --extra "$EXTRA"
