#!/bin/sh
# Were risk-check's "usually changed together, but not in this change"
# warnings right? For each merged pull request (a merge commit B on the
# main line, A its first parent), Homer analyses the repository as it was
# at A (no later history leaks in), judges the range A...B, and each
# missing partner it names is looked up in the next N main-line commits
# after B: did one of them change it?
#
# usage: bench/partners/missing.sh REPO N MERGE...
#   REPO   a clone (it is cloned again to a temporary directory)
#   N      how many main-line commits after the merge count as "later"
# env: HOMER (default bin/homer)
# Prints one line per missing partner: merge, partner, with, together/of,
# and "later #K SHA" (the first of the next commits to change it, the
# K-th) or "not-later",
# then the totals.
set -eu
repo=$1 n=$2
shift 2
homer=${HOMER:-$(pwd)/bin/homer}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q --no-checkout "$repo" "$work/r"
main=$(git -C "$work/r" symbolic-ref --short HEAD)
total=0 later=0 prs=0 silent=0
for b in "$@"; do
	a=$(git -C "$work/r" rev-parse "$b^1")
	git -C "$work/r" checkout -q --detach "$a"
	rm -rf "$work/r/.homer"
	"$homer" init -q "$work/r" >/dev/null 2>&1 || [ $? -eq 10 ]
	out=$("$homer" risk-check --repo "$work/r" --no-update --threshold 1 --format json --diff "$a...$b")
	prs=$((prs + 1))
	next=$(git -C "$work/r" rev-list --first-parent --reverse "$b..$main" | head -n "$n")
	rows=$(printf '%s' "$out" | python3 -c '
import json, sys
for m in json.load(sys.stdin)["missing_partners"] or []:
    print(m["path"], m["with"], "%d/%d" % (m["together"], m["of"]))')
	[ -n "$rows" ] || { silent=$((silent + 1)); echo "$(echo "$b" | cut -c1-10) (no missing partner named)"; continue; }
	echo "$rows" | while read -r p with tog; do
		hit=not-later k=0
		for c in $next; do
			k=$((k + 1))
			if git -C "$work/r" diff --name-only "$c^1" "$c" -- "$p" | grep -q .; then
				hit="later #$k $(echo "$c" | cut -c1-10)"
				break
			fi
		done
		echo "$(echo "$b" | cut -c1-10) $p with $with $tog $hit"
	done
done > "$work/lines"
cat "$work/lines"
total=$(grep -c ' with ' "$work/lines" || true)
later=$(grep -c ' later ' "$work/lines" || true)
echo "pull requests: $#; without warnings: $(grep -c 'no missing' "$work/lines" || true); missing partners named: $total; changed in the next $n main-line commits: $later"
