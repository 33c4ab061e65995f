#!/usr/bin/env bash
# A cloned repository's own files try to make Homer write or read outside
# it, or run its code. Each case prints ok or FAIL. Usage:
# bench/probes/symlinks.sh REPO (HOMER names the binary, default bin/homer).
set -uo pipefail
repo=${1:?usage: symlinks.sh REPO}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$work/outside"
pass=0 cases=0
check() { # name, condition
	cases=$((cases + 1))
	if eval "$2"; then pass=$((pass + 1)); echo "ok    $1"; else echo "FAIL  $1"; fi
}
fresh() { rm -rf .homer AGENTS.md AGENTS.homer.md homer-risk.json homer.hcl docs-link; git checkout -q -- . 2>/dev/null; rm -rf "$out"; mkdir -p "$out"; }

fresh
echo "outside, keep me" >"$out/AGENTS.md"
ln -s "$out" docs-link
printf 'renderer "agents-md" {\n  output = "docs-link/AGENTS.md"\n}\n' >homer.hcl
"$homer" init . -q >/dev/null 2>&1
check "a) output through a symlinked directory leaves the outside file alone" '[ "$(cat "$out/AGENTS.md")" = "outside, keep me" ]'

fresh
ln -s "$out" .homer
"$homer" init . -q >/dev/null 2>&1
check "b) a .homer symlink puts no database outside" '[ -z "$(ls -A "$out")" ]'

fresh
mkdir .homer
ln -s "$out/created" .homer/.gitignore
"$homer" init . -q >/dev/null 2>&1
check "c) a dangling .homer/.gitignore symlink creates nothing outside" '[ ! -e "$out/created" ]'

fresh
echo "secret token 1234" >"$out/secret"
chmod 600 "$out/secret"
ln -s "$out/secret" AGENTS.md
printf 'renderer "agents-md" {\n  output = "AGENTS.md"\n  circularity = "merge"\n}\n' >homer.hcl
"$homer" init . -q >/dev/null 2>&1
check "d) AGENTS.md -> a secret with merge copies nothing into the repository" '! grep -rqs "secret token 1234" --exclude-dir=.git . && [ "$(cat "$out/secret")" = "secret token 1234" ]'

fresh
mkdir -p .homer/plugins
printf '#!/bin/sh\ntouch "%s/ran"\n' "$out" >.homer/plugins/homer-lang-evil
chmod +x .homer/plugins/homer-lang-evil
for cmd in "init ." "update ." "render ." "plugin list"; do "$homer" $cmd -q >/dev/null 2>&1; done
check "e) an executable in .homer/plugins does not run unallowed" '[ ! -e "$out/ran" ]'

fresh
sqlite3 "$out/foreign.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
before=$(md5sum <"$out/foreign.db")
printf 'homer {\n  db = "%s/foreign.db"\n}\n' "$out" >homer.hcl
"$homer" init . -q >/dev/null 2>&1
check "f) db naming a foreign SQLite file leaves it untouched" '[ "$(md5sum <"$out/foreign.db")" = "$before" ]'

fresh
echo "$pass/$cases cases hold"
