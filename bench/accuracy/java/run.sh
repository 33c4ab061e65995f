#!/usr/bin/env bash
# Scores Homer's Java call and import edges against JavaParser's symbol
# solver on google/gson. See compare.py for what counts as an edge on each
# side, and Oracle.java for how the oracle names callers and callees.
#
#   bench/accuracy/java/run.sh                    # /tmp/gson, built homer
#   REPO_JAVA=/path/to/gson bench/accuracy/java/run.sh
#   REPO_JAVA=... make bench-accuracy          # with the other languages
#   HOMER=/path/to/homer bench/accuracy/java/run.sh
#   MISSES=50 EXTRA=50 bench/accuracy/java/run.sh # also list differences
#
# Needs a JDK (Debian's default-jdk-headless is installed when javac is
# missing), Maven (to fetch javaparser-symbol-solver-core and its
# dependencies from Maven Central into ~/.m2), python3 and git. The oracle is
# compiled into $ORACLE, outside the repository.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ORACLE=${ORACLE:-/tmp/oracle-java}
GSON=${REPO_JAVA:-${GSON:-}}
if [[ -z $GSON ]]; then
	echo "java accuracy: skipped (set REPO_JAVA to a local clone of google/gson)" >&2
	exit 0
fi
JAVAPARSER=${JAVAPARSER:-3.28.2}
MISSES=${MISSES:-0}
EXTRA=${EXTRA:-0}

if ! command -v javac >/dev/null; then
	apt-get update -qq && apt-get install -y -qq default-jdk-headless >&2
fi
m2=${M2_REPO:-$HOME/.m2/repository}
jars() {
	find "$m2" -name '*.jar' | grep -E "javaparser-(core|symbol-solver-core)-$JAVAPARSER\.jar|/guava-[0-9.]+-jre\.jar|/javassist-|/failureaccess-" | tr '\n' ':'
}
if [[ $(jars) != *symbol-solver* ]]; then
	mvn -q dependency:get -Dartifact="com.github.javaparser:javaparser-symbol-solver-core:$JAVAPARSER" >&2
fi
cp=$(jars)
mkdir -p "$ORACLE/classes"
if [[ ! -f $ORACLE/classes/Oracle.class || $here/Oracle.java -nt $ORACLE/classes/Oracle.class ]]; then
	javac -d "$ORACLE/classes" -cp "$cp" "$here/Oracle.java"
fi

if [[ ! -d $GSON/.git ]]; then
	echo "java accuracy: $GSON is not a git clone" >&2
	exit 1
fi
rev=$(git -C "$GSON" rev-parse HEAD)
out="$ORACLE/gson-$rev.tsv"
if [[ ! -s $out ]]; then
	start=$(date +%s)
	java -cp "$ORACLE/classes:$cp" Oracle "$GSON" >"$out.tmp" 2>"$ORACLE/oracle.log"
	mv "$out.tmp" "$out"
	echo "JavaParser resolved gson $rev in $(($(date +%s) - start)) s" >&2
fi

if [[ -z ${HOMER:-} ]]; then
	HOMER="$ORACLE/homer"
	(cd "$root" && GOFLAGS="-tags=sqlite_fts5 -buildvcs=false" go build -o "$HOMER" ./cmd/homer)
fi
rm -rf "$GSON/.homer"
# homer exits 10 when it finished with warnings (the snapshot lacks a large
# blob); the store is complete then.
rc=0
"$HOMER" init "$GSON" >&2 || rc=$?
[[ $rc == 0 || $rc == 10 ]] || exit "$rc"

echo "google/gson $rev"
python3 "$here/compare.py" "$out" "$GSON" "$GSON/.homer/homer.db" --misses "$MISSES" --extra "$EXTRA"
