#!/usr/bin/env bash
# Homer speed benchmark (`make bench`); bench/README.md explains the output.
#
# Environment:
#   SIZES               synthetic sizes, FILES/COMMITS pairs or names (small=1000/5000,
#                       medium=5000/25000, large=12000/60000, huge=50000/250000, all:
#                       the four, the default); with two or more, the growth curves
#                       and their fitted exponents follow the tables
#   FILES COMMITS       one synthetic size instead of SIZES
#   SEED                seed of the synthetic repositories (1)
#   APPEND              commits added before the second update (10)
#   RUNS                repetitions of each scenario; walls are medians (1)
#   BENCH_REPO          also benchmark a copy of this real repository
#   BENCH_OUT           work directory (bench/out, git-ignored)
#   HOMER               use this homer binary instead of building ./cmd/homer
#   NO_HOMER=1          measure generation and git only
#   HIST=0              skip the history-only extraction after each init
#   CURVES_ONLY=1       measure nothing: print the growth curves of SIZES from the
#                       figures recorded in bench/out/curves/ by earlier runs, so
#                       that sizes measured at different times fit together
#   STRICT=1            exit 1 when a target is missed
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [[ -n ${FILES:-}${COMMITS:-} ]]; then
	SIZES="${FILES:-1000}/${COMMITS:-5000}"
fi
SIZES=${SIZES:-all}
SEED=${SEED:-1}
# expand_sizes: SIZES as "FILES/COMMITS" words, names replaced.
expand_sizes() {
	local w
	for w in ${SIZES//,/ }; do
		case $w in
		all) echo 1000/5000 5000/25000 12000/60000 50000/250000 ;;
		small) echo 1000/5000 ;;
		medium) echo 5000/25000 ;;
		large) echo 12000/60000 ;;
		huge) echo 50000/250000 ;;
		[0-9]*/[0-9]*) echo "$w" ;;
		*) echo "bench: SIZES: '$w' is neither a name (small medium large huge all) nor FILES/COMMITS" >&2; exit 2 ;;
		esac
	done
}
SIZE_LIST=$(expand_sizes) || exit 2
APPEND=${APPEND:-10}
RUNS=${RUNS:-1}
OUT=${BENCH_OUT:-$ROOT/bench/out}
STRICT=${STRICT:-0}
export GOFLAGS=${GOFLAGS:--tags=sqlite_fts5 -buildvcs=false}

# Targets on the 2-core reference machine, 1,000 files and 5,000 commits.
T_INIT=10 T_NOOP=0.3 T_UPDATE=1

mkdir -p "$OUT/tools" "$OUT/cache" "$OUT/logs"
OUT=$(cd "$OUT" && pwd)
LOGS=$OUT/logs
# A configuration that runs history extraction alone, into its own database.
HIST_CFG=$OUT/history-only.hcl
cat >"$HIST_CFG" <<HCL
homer {
  db = "$OUT/history-only.db"
}
pipeline "history" {
  sources = ["git"]
}
HCL
REPORT=$OUT/report.txt
: >"$REPORT"
say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
note() { printf 'bench: %s\n' "$*" >&2; }

go build -o "$OUT/tools/gen" ./bench/gen
go build -o "$OUT/tools/measure" ./bench/measure
GEN=$OUT/tools/gen
MEASURE=$OUT/tools/measure

if [[ ${NO_HOMER:-0} == 1 ]]; then
	HOMER=
elif [[ -n ${HOMER:-} ]]; then
	HOMER=$(cd "$(dirname "$HOMER")" && pwd)/$(basename "$HOMER")
elif [[ -d cmd/homer ]]; then
	note "building bin/homer"
	go build -o bin/homer ./cmd/homer
	HOMER=$ROOT/bin/homer
else
	note "no ./cmd/homer yet: measuring git only"
	HOMER=
fi

# step KEY STDOUT CMD...: run CMD under measure; stdout to STDOUT, stderr to
# $LOGS/KEY.log ('#' becomes '.'). Results land in WALL, MAXRSS, TREE,
# PROCS and RC, keyed by KEY ("synth.init#2": step init of run 2).
# The process tree is sampled (tree RSS, largest processes) in the last run
# only: sampling /proc slows the command it watches, so the other runs time
# it undisturbed, and with RUNS of 3 or more the median wall is theirs.
declare -A WALL CPU MAXRSS TREE PROCS RC
step() {
	local key=$1 stdout=$2 res rc=0 kv log=$LOGS/${1//#/.}.log interval=0
	shift 2
	[[ $key == *"#$RUNS" || $key != *"#"* ]] && interval=50ms
	res=$(mktemp)
	"$MEASURE" -interval "$interval" -o "$res" -- "$@" >"$stdout" 2>"$log" || rc=$?
	for kv in $(tail -n1 "$res"); do
		case ${kv%%=*} in
		wall) WALL[$key]=${kv#*=} ;;
		cpu) CPU[$key]=${kv#*=} ;;
		maxrss_kb) MAXRSS[$key]=${kv#*=} ;;
		tree_peak_kb) TREE[$key]=${kv#*=} ;;
		procs) PROCS[$key]=${kv#*=} ;;
		esac
	done
	rm -f "$res"
	RC[$key]=$rc
	if ((rc != 0)); then
		note "$key failed (exit $rc), see $log"
	fi
}

# db_size REPO: bytes of .homer/homer.db with its -wal and -shm files.
db_size() {
	local n=0 f
	for f in "$1"/.homer/homer.db "$1"/.homer/homer.db-wal "$1"/.homer/homer.db-shm; do
		[[ -f $f ]] && n=$((n + $(stat -c %s "$f")))
	done
	echo "$n"
}

# homer_steps NAME RUN REPO BEFORE_UPDATE: init, no-op update, BEFORE_UPDATE
# (which adds APPEND commits), update; then the database size.
homer_steps() {
	local name=$1 r=$2 repo=$3 before=$4
	[[ -n $HOMER ]] || return 0
	step "$name.init#$r" "$LOGS/$name.init.$r.out" "$HOMER" init -v "$repo"
	# History alone: the git source into its own database, nothing else
	# running beside it (in init, parsing shares the two cores with it).
	# The baseline runs again just before it: the ratio of the pair does
	# not move with the machine's speed as a ratio of medians taken a
	# minute apart does.
	if [[ ${HIST:-1} == 1 ]]; then
		rm -f "$OUT"/history-only.db*
		step "$name.gitlogh#$r" /dev/null git -C "$repo" log --numstat --no-renames
		step "$name.hist#$r" "$LOGS/$name.hist.$r.out" "$HOMER" --config "$HIST_CFG" run history -v "$repo"
	fi
	step "$name.noop#$r" "$LOGS/$name.noop.$r.out" "$HOMER" update -v "$repo"
	$before "$repo"
	step "$name.update#$r" "$LOGS/$name.update.$r.out" "$HOMER" update -v "$repo"
	DB[$name]=$(db_size "$repo")
	DIRSIZE[$name]=$(du -sb "$repo/.homer" 2>/dev/null | cut -f1 || echo 0)
	(cd "$repo" && "$HOMER" status) >"$LOGS/$name.status.out" 2>&1 || true
}
declare -A DB DIRSIZE

synth_append() { "$GEN" -out "$1" -append "$APPEND" -q; }
real_forward() { git -C "$1" reset -q --hard "$REAL_HEAD"; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# medianof KEY [cpu]: the median wall (or CPU seconds) of KEY over the runs
# (0 when it did not run or failed).
medianof() {
	local r w=() v
	for ((r = 1; r <= RUNS; r++)); do
		[[ -n ${WALL[$1#$r]:-} && ${RC[$1#$r]:-1} == 0 ]] || { echo 0; return; }
		v=${WALL[$1#$r]}
		[[ ${2:-} == cpu ]] && v=${CPU[$1#$r]:-0}
		w+=("$v")
	done
	median "${w[@]}"
}
maxof() { printf '%s\n' "$@" | sort -g | tail -n1; }
mb() { awk -v k="${1:-0}" 'BEGIN{printf "%.1f MB", k/1024}'; }

# row LABEL KEY TARGET: one table line aggregated over the runs.
MISSED=0
row() {
	local label=$1 key=$2 target=${3:-} r walls=() rss=() tree=() rcs=() w verdict=""
	for ((r = 1; r <= RUNS; r++)); do
		[[ -n ${WALL[$key#$r]:-} ]] || return 0
		walls+=("${WALL[$key#$r]}")
		rss+=("${MAXRSS[$key#$r]:-0}")
		tree+=("${TREE[$key#$r]:-0}")
		rcs+=("${RC[$key#$r]:-1}")
	done
	w=$(median "${walls[@]}")
	if [[ $(maxof "${rcs[@]}") != 0 ]]; then
		verdict="FAILED (see $LOGS)"
		MISSED=1
	elif [[ -n $target ]]; then
		if awk -v w="$w" -v t="$target" 'BEGIN{exit !(w < t)}'; then
			verdict="ok (< ${target} s)"
		else
			verdict="MISSED (< ${target} s)"
			MISSED=1
		fi
	fi
	if ((RUNS > 1)); then
		verdict="$verdict  [$(printf '%s\n' "${walls[@]}" | sort -g | head -n1)..$(maxof "${walls[@]}") s]"
	fi
	say "$(printf '  %-34s %8.3f s %11s %11s   %s' "$label" "$w" \
		"$(mb "$(maxof "${rss[@]}")")" "$(mb "$(maxof "${tree[@]}")")" "$verdict")"
}

# stage_seconds STAGE LOG: a stage's wall time from `homer -v` output.
stage_seconds() {
	[[ -f $2 ]] || return 0 # HIST=0: no history-only log
	awk -v s="$1" '$1 == s { d = $2; if (d ~ /ms$/) { sub(/ms$/, "", d); d /= 1000 } else { sub(/s$/, "", d) } print d }' "$2" 2>/dev/null | head -n1
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "n/a" }'; }

# report NAME TITLE TARGETS(0/1)
report() {
	local name=$1 title=$2 targets=$3 r walls_git=() walls_init=()
	say ""
	say "$title"
	say "$(printf '  %-34s %10s %11s %11s   %s' step wall "max RSS" "tree RSS" target)"
	row "git log --numstat --no-renames" "$name.gitlog"
	if [[ -n $HOMER ]]; then
		row "homer init" "$name.init" "$( ((targets)) && echo $T_INIT)"
		row "homer update (no new commits)" "$name.noop" "$( ((targets)) && echo $T_NOOP)"
		row "homer update (+$APPEND commits)" "$name.update" "$( ((targets)) && echo $T_UPDATE)"
		for ((r = 1; r <= RUNS; r++)); do
			walls_git+=("${WALL[$name.gitlog#$r]:-0}")
			walls_init+=("${WALL[$name.init#$r]:-0}")
		done
		say "  homer init / git log: $(ratio "$(median "${walls_init[@]}")" "$(median "${walls_git[@]}")")" \
			"   (history extraction alone should be < 1.5x)"
		say "  database: $(mb $((DB[$name] / 1024))) (homer.db with -wal/-shm), .homer/ $(mb $((DIRSIZE[$name] / 1024)))"
		local procs=${PROCS[$name.init#$RUNS]:-}
		say "  largest processes in init (RSS, KB): ${procs//,/, }"
		# `-v` prints each stage's wall time; source.git is history
		# extraction (git log, parsing, streaming to the core, storing).
		# Medians over the runs, with their range.
		local hist alone hists=() alones=() pairs=() x
		for ((r = 1; r <= RUNS; r++)); do
			x=$(stage_seconds source.git "$LOGS/$name.init.$r.out")
			[[ -n $x ]] && hists+=("$x")
			x=$(stage_seconds source.git "$LOGS/$name.hist.$r.out")
			if [[ -n $x ]]; then
				alones+=("$x")
				pairs+=("$(awk -v a="$x" -v b="${WALL[$name.gitlogh#$r]:-0}" 'BEGIN{ if (b > 0) printf "%.3f", a/b }')")
			fi
		done
		if ((${#alones[@]})); then
			alone=$(median "${alones[@]}")
			say "  history extraction alone (run history): $(printf '%.3f' "$alone") s = $(ratio "$alone" "$(median "${walls_git[@]}")") git log   (target < 1.5x)  [$(printf '%s\n' "${alones[@]}" | sort -g | head -n1)..$(maxof "${alones[@]}") s]"
			say "    each against the git log run just before it: median $(median "${pairs[@]}")x  [$(printf '%s\n' "${pairs[@]}" | sort -g | head -n1)..$(maxof "${pairs[@]}")x]"
		fi
		if ((${#hists[@]})); then
			hist=$(median "${hists[@]}")
			say "  history extraction inside init (parsing beside it): $(printf '%.3f' "$hist") s = $(ratio "$hist" "$(median "${walls_git[@]}")") git log"
		fi
	fi
}

say "Homer benchmark $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(git --version), $(go version | cut -d' ' -f3)"
say "homer: ${HOMER:-none}; runs per scenario: $RUNS; logs in $LOGS"

# Synthetic scenarios, smallest first: each size is generated once into the
# cache and copied per run. Each size's figures for the growth curves go to
# $CURVES/FILES-COMMITS-SEED, one line: files commits gen gitlog init noop
# update init_tree_kb update_tree_kb db_bytes load1 date gitlog_cpu init_cpu
# update_cpu (walls and CPU seconds are medians over the runs); a later run (or
# CURVES_ONLY=1) fits every size of SIZES that has such a line.
CURVES=$OUT/curves
mkdir -p "$CURVES"
for size in $SIZE_LIST; do
	[[ ${CURVES_ONLY:-0} == 1 ]] && break
	FILES=${size%/*} COMMITS=${size#*/}
	name=synth$FILES-$COMMITS
	CACHE=$OUT/cache/synth-$FILES-$COMMITS-$SEED
	if ! git -C "$CACHE" config --get synth.head >/dev/null 2>&1 || [[ $(git -C "$CACHE" config synth.appended) != 0 ]]; then
		note "generating $CACHE"
		rm -rf "$CACHE"
		step "gen.$name" /dev/null "$GEN" -out "$CACHE" -files "$FILES" -commits "$COMMITS" -seed "$SEED" -q
		[[ ${RC[gen.$name]} == 0 ]] || { note "generation failed, see $LOGS/gen.$name.log"; exit 1; }
		GENNOTE="generated in ${WALL[gen.$name]} s"
		git -C "$CACHE" config synth.genwall "${WALL[gen.$name]}"
	else
		GENNOTE="cached; generated in $(git -C "$CACHE" config synth.genwall || echo '?') s"
	fi
	WORK=$OUT/synth
	for ((r = 1; r <= RUNS; r++)); do
		note "synthetic $FILES files / $COMMITS commits, run $r/$RUNS"
		rm -rf "$WORK"
		cp -a "$CACHE" "$WORK"
		git -C "$WORK" log --numstat --no-renames >/dev/null # warm the page cache
		step "$name.gitlog#$r" /dev/null git -C "$WORK" log --numstat --no-renames
		homer_steps "$name" "$r" "$WORK" synth_append
	done
	targets=0
	[[ $FILES == 1000 && $COMMITS == 5000 ]] && targets=1
	report "$name" "Synthetic: $FILES files, $COMMITS commits, seed $SEED ($GENNOTE; $(git -C "$WORK" rev-list --count HEAD) commits at the end; load $(cut -d' ' -f1-3 /proc/loadavg))" $targets
	if [[ -n $HOMER ]]; then
		echo "$FILES $COMMITS $(git -C "$CACHE" config synth.genwall || echo 0) $(medianof "$name.gitlog") $(medianof "$name.init") $(medianof "$name.noop") $(medianof "$name.update") ${TREE[$name.init#$RUNS]:-0} ${TREE[$name.update#$RUNS]:-0} ${DB[$name]:-0} $(cut -d' ' -f1 /proc/loadavg) $(date -u +%Y-%m-%dT%H:%MZ) $(medianof "$name.gitlog" cpu) $(medianof "$name.init" cpu) $(medianof "$name.update" cpu)" >"$CURVES/$FILES-$COMMITS-$SEED"
	fi
	rm -rf "$WORK"
done
CURVE=()
for size in $SIZE_LIST; do
	f=$CURVES/${size%/*}-${size#*/}-$SEED
	[[ -s $f ]] && CURVE+=("$(cat "$f")")
done

# Growth curves: each figure against the number of commits (files grow in
# the same proportion, five commits per file), with the exponent b of
# figure = a * commits^b fitted by least squares on the logarithms.
if ((${#CURVE[@]} >= 2)); then
	say ""
	say "Growth curves from $CURVES (walls are medians over the runs; CPU is user + system seconds of the"
	say "whole process tree, which moves far less with the load than wall; RSS is the whole tree's peak;"
	say "load: 1-minute load average when the size finished)"
	printf '%s\n' "${CURVE[@]}" | awk -v append="$APPEND" '
	{ n++; for (i = 1; i <= NF; i++) v[n, i] = $i }
	function mb(k) { return sprintf("%.1f", k / 1024) }
	function fit(col,   i, x, y, sx, sy, sxx, sxy, m, b, a, ss, st, r2, yy) {
		m = 0; sx = sy = sxx = sxy = 0
		for (i = 1; i <= n; i++) {
			if (v[i, col] <= 0) continue
			x = log(v[i, 2]); y = log(v[i, col])
			sx += x; sy += y; sxx += x * x; sxy += x * y; m++; X[m] = x; Y[m] = y
		}
		if (m < 2 || m * sxx - sx * sx == 0) return "   n/a"
		b = (m * sxy - sx * sy) / (m * sxx - sx * sx); a = (sy - b * sx) / m
		ss = st = 0
		for (i = 1; i <= m; i++) { yy = a + b * X[i]; ss += (Y[i] - yy) ^ 2; st += (Y[i] - sy / m) ^ 2 }
		r2 = st > 0 ? 1 - ss / st : 1
		return sprintf("%6.2f (r² %.3f)", b, r2)
	}
	END {
		printf "  %-13s %8s %8s %8s %8s %8s %8s %7s %8s %8s %8s %9s %9s %7s %5s  %s\n", "files/commits", "gen s", "gitlog s", "CPU s", "init s", "CPU s", "init/gl", "CPU/CPU", "no-op s", "+" append " s", "CPU s", "init RSS", "upd RSS", "DB MB", "load", "measured"
		for (i = 1; i <= n; i++)
			printf "  %-13s %8.2f %8.2f %8.2f %8.2f %8.2f %7.2fx %7.2fx %8.3f %8.2f %8.2f %9s %9s %7.1f %5s  %s\n", v[i, 1] "/" v[i, 2], v[i, 3], v[i, 4], v[i, 13], v[i, 5], v[i, 14], rat(v[i, 5], v[i, 4]), rat(v[i, 14], v[i, 13]), v[i, 6], v[i, 7], v[i, 15], mb(v[i, 8]), mb(v[i, 9]), v[i, 10] / 1048576, v[i, 11], v[i, 12]
		for (i = 1; i <= n; i++) { v[i, 16] = rat(v[i, 5], v[i, 4]); v[i, 17] = rat(v[i, 14], v[i, 13]) }
		print "  fitted exponent b (figure ~ commits^b):"
		printf "    git log wall %s, CPU %s\n", fit(4), fit(13)
		printf "    init wall %s, CPU %s; init/git log wall %s, CPU %s\n", fit(5), fit(14), fit(16), fit(17)
		printf "    no-op update wall %s; update +%s wall %s, CPU %s\n", fit(6), append, fit(7), fit(15)
		printf "    init RSS %s, update RSS %s, database %s, generation %s\n", fit(8), fit(9), fit(10), fit(3)
	}
	function rat(a, b) { return b > 0 ? a / b : 0 }
	' | tee -a "$REPORT"
fi

# Real repository: a local clone, rewound by APPEND first-parent commits so
# that the last update has real new commits to read.
if [[ -n ${BENCH_REPO:-} && ${CURVES_ONLY:-0} != 1 ]]; then
	REAL=$OUT/real
	for ((r = 1; r <= RUNS; r++)); do
		note "real-repository run $r/$RUNS ($BENCH_REPO)"
		rm -rf "$REAL"
		git clone -q "$BENCH_REPO" "$REAL"
		REAL_HEAD=$(git -C "$REAL" rev-parse HEAD)
		git -C "$REAL" reset -q --hard "HEAD~$APPEND"
		git -C "$REAL" log --numstat --no-renames >/dev/null || true
		step "real.gitlog#$r" /dev/null git -C "$REAL" log --numstat --no-renames
		homer_steps real "$r" "$REAL" real_forward
	done
	report real "Real: $BENCH_REPO ($(git -C "$REAL" rev-list --count HEAD) commits, $(git -C "$REAL" ls-files | wc -l) files at HEAD)" 0
fi

say ""
say "report saved to $REPORT"
if ((STRICT && MISSED)); then
	exit 1
fi
