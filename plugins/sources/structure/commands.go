package structure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/homer-dev/homer/sdk"
)

// Build command kinds.
const (
	KindTest  = "test"
	KindLint  = "lint"
	KindBuild = "build"
	KindRun   = "run"
	KindOther = "other"
)

// Words that classify a target, script or command line, tried in this
// order (so "test-build" is a test and "lint:fix" is lint). A benchmark
// ("make bench") is no test: it checks nothing and may run for minutes,
// so it is "other" unless a word of a kind says more ("go test -bench").
var kindWords = []struct {
	kind  string
	words map[string]bool
}{
	{KindTest, set("test", "tests", "testing", "spec", "specs", "e2e", "integration", "unit", "coverage", "cover", "cov", "runtests",
		"pytest", "jest", "vitest", "mocha", "rspec", "phpunit", "pest", "ctest", "nextest", "tox", "nox")},
	{KindLint, set("lint", "lints", "linter", "linting", "vet", "fmt", "format", "style", "check", "typecheck", "type", "tsc", "tsd", "spellcheck", "spelling", "codespell", "cspell", "clippy", "eslint",
		"prettier", "golangci", "staticcheck", "mypy", "typing", "pyright", "ruff", "flake8", "pylint", "rubocop", "black", "isort", "gofmt",
		"goimports", "shellcheck", "stylelint", "ktlint", "detekt", "spotless", "checkstyle")},
	{KindBuild, set("build", "building", "compile", "compiling", "bundle", "dist", "package", "all", "generate", "gen", "assemble", "webpack", "vite", "rollup", "esbuild",
		"cmake")},
	{KindRun, set("run", "start", "serve", "server", "dev", "watch", "preview", "up")},
}

// buildScriptTarget is the kind of the target a repository's build script
// is asked for (NUKE's and Cake's "./build.sh --target spellcheck",
// FluentAssertions' CI "./build.sh UnitTests"): the script's name says
// build whatever it runs. "" when the line runs no such script, or its
// target says nothing.
func buildScriptTarget(line string) string {
	f := strings.Fields(line)
	if len(f) < 2 || !strings.Contains(f[0], "/") {
		return ""
	}
	switch path.Base(f[0]) {
	case "build.sh", "build.ps1", "build.cmd", "build.bat", "build":
	default:
		return ""
	}
	target := ""
	for i := 1; i < len(f); i++ {
		if f[i] == "--target" || f[i] == "-target" || f[i] == "-t" {
			if i+1 < len(f) {
				target = f[i+1]
			}
			break
		}
		if !strings.HasPrefix(f[i], "-") {
			target = f[i]
			break
		}
	}
	if k := classify(strings.Trim(target, `"'`)); k != KindOther {
		return k
	}
	return ""
}

// notProductBuild are the words of a build of something else than the
// product: its documentation's site, a container image, an app's secret
// key (Laravel's "php artisan key:generate" sets the environment up).
var notProductBuild = set("docs", "doc", "site", "website", "image", "docker", "container", "key")

// lintTools are linters by name: a word naming one says the line lints,
// whatever else it names.
var lintTools = set("prek", "govulncheck", "phpmd", "phpcs", "phpstan", "psalm", "eslint", "stylelint", "rubocop", "clippy", "golangci", "staticcheck", "ruff",
	"flake8", "pylint", "mypy", "pyright", "ktlint", "detekt", "checkstyle", "shellcheck")

// measureWords name what measures the code rather than checks it.
var measureWords = set("bench", "benchmark", "benchmarks", "perf", "performance", "profile", "profiling")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var wordSplit = regexp.MustCompile(`[^a-z0-9]+`)

// camelBreak finds where a camel-case word starts another: "allTests".
var camelBreak = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// classify gives the kind of a target or script name (its words are
// checked in kind order; a camel-case name is its words: lz4's
// platformTest tests).
func classify(text string) string {
	words := wordSplit.Split(strings.ToLower(camelBreak.ReplaceAllString(text, "$1-$2")), -1)
	if slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, "fuzz") }) {
		return KindOther // nlohmann/json's fuzz_testing prepares a fuzzer: no test run
	}
	if slices.Contains(words, "install") || slices.Contains(words, "uninstall") {
		return KindOther // tqdm's install_test installs what the tests need, install_dev the package: neither tests nor runs
	}
	return classifyWords(words)
}

// saysNothing tells a target name of no kind that says nothing either of
// what it is not (fuzz_testing, install_dev, bench): its recipe may tell.
func saysNothing(name string) bool {
	words := wordSplit.Split(strings.ToLower(name), -1)
	return classify(name) == KindOther && !slices.ContainsFunc(words, func(w string) bool {
		return strings.HasPrefix(w, "fuzz") || w == "install" || w == "uninstall" || measureWords[w] || w == "clean" || w == "distclean"
	})
}

// runners run a project script or tool named by a later word:
// "npm run build" is a build, "poetry run pytest" a test.
var runners = set("npm", "yarn", "pnpm", "bun", "npx", "poetry", "uv", "pipenv", "pdm", "hatch", "bundle", "tox", "pipx")

// classifyLine gives the kind of a command line by its program and
// subcommands: the first few words that are neither flags nor variable
// assignments, in order, the first that says something deciding
// ("cargo build --bin test-mem" builds). Installing things is not a build.
func classifyLine(line string) string {
	if k := toxEnvKind(line); k != "" {
		return k // "tox run -e typing" lints, "tox run -e changelog" neither tests nor lints, whatever "tox" alone would say
	}
	if benchFlag.MatchString(line) || benchTools[programOf(line)] || slices.ContainsFunc(strings.Fields(line), benchScript) {
		return KindOther // go test -run=- -bench=. measures; it is no test run
	}
	if coverageReport.MatchString(line) {
		return KindOther // a report of the tests run before it
	}
	if gradleCheck(line) {
		return KindTest // Gradle's check runs the tests with every other verification
	}
	if f := strings.Fields(line); len(f) > 1 && mavenProgram(f[0]) {
		skips := slices.ContainsFunc(f, func(w string) bool {
			return strings.HasPrefix(w, "-DskipTests") || strings.HasPrefix(w, "-Dmaven.test.skip")
		})
		if goals, _ := mavenArgs(f[1:]); !skips && (slices.Contains(goals, "verify") || slices.Contains(goals, "integration-test")) {
			return KindTest // Maven's verify runs the tests, then the checks bound after them (spring-petclinic's CI "./mvnw -B verify")
		}
	}
	if k := buildScriptTarget(line); k != "" {
		return k
	}
	if f := strings.Fields(line); len(f) >= 3 && f[0] == "go" && f[1] == "run" {
		if tool, _, _ := strings.Cut(path.Base(f[2]), "@"); lintTools[tool] {
			return KindLint // go run golang.org/x/vuln/cmd/govulncheck@latest runs a checker
		}
	}
	if f := strings.Fields(line); (slices.Contains(f, "--check") || slices.Contains(f, "--verify")) && !strings.Contains(line, " test") {
		return KindLint // go-github's "./script/generate.sh --check" checks the generated files, it writes none
	}
	for _, word := range strings.Fields(line) {
		if word == "&&" || word == "||" || word == ";" || word == "|" {
			break
		}
		if w := strings.ToLower(word); w == "install" || strings.HasPrefix(w, "install-") {
			return KindOther // CLI11's "prek install-hooks" and "pre-commit install" set hooks up, they lint nothing
		}
	}
	n := 0
	prev := ""
	skip, afterLongFlag := false, false
	for _, word := range strings.Fields(line) {
		f := strings.ToLower(word)
		if skip {
			skip = false
			continue
		}
		if valueFlags[f] {
			skip = true // "--group dev": a value, not a subcommand
			continue
		}
		if flagValue := afterLongFlag && strings.Contains(f, "/"); flagValue {
			// A path after a flag named for one is its value: cpp-httplib's
			// CI "abidiff --headers-dir1 previous/build ..." builds nothing
			// ("node --expose-gc scripts/test.js" still tests).
			afterLongFlag = false
			continue
		}
		afterLongFlag = strings.HasPrefix(f, "--") && !strings.Contains(f, "=") && pathFlag.MatchString(f)
		if strings.HasPrefix(f, "-") || strings.Contains(f, "=") && !strings.HasPrefix(f, "=") {
			continue
		}
		if n++; n > 4 || f == "|" || f == "&&" || f == ";" || f == "||" {
			break
		}
		if n == 1 && f == "bundle" {
			prev = f // Ruby's runner: "bundle exec rake" is rake, not a bundling step
			continue
		}
		switch {
		case f == "install" || f == "ci" || f == "add" || f == "i" || f == "upgrade" || f == "download" || f == "require" && prev == "composer" ||
			f == "generate-lockfile" || f == "lock" || f == "update" && n == 2 || f == "up" && prev == "bundle" ||
			(f == "remove" || f == "uninstall") && n == 2:
			// Installing, locking, updating and removing dependencies: no
			// build ("cargo +nightly generate-lockfile -Z minimal-versions"),
			// no run ("bundle up sidekiq" is bundle update), no lint
			// (composer/semver's "composer remove phpstan/phpstan --dev").
			return KindOther
		case f == "pre-commit" || f == "precommit":
			return KindLint
		case n == 2 && f == "config" && (prev == "npm" || prev == "yarn" || prev == "pnpm" || prev == "git" || prev == "pip"):
			return KindOther // morgan's CI "npm config set package-lock false" sets the tool up
		case n == 2 && (f == "list" || f == "ls" || f == "tree" || f == "outdated" || f == "why"):
			// A question about the dependencies ("go list -m all"): no build.
			return KindOther
		case (f == "run" || f == "exec" || f == "x") && runners[prev]:
			continue
		}
		prev = f
		if strings.Contains(word, "/") {
			if measures(word) {
				return KindOther // extras/profiling/run.py measures: no run, no test
			}
			// A path speaks by its file's name: scripts/test tests,
			// test_files/wait_for_ftp.php waits for a server.
			word = path.Base(word)
		}
		// A task named in camel case speaks by its words: Gradle's
		// testDebugUnitTest tests, spotlessCheck checks.
		if k := classifyWords(wordSplit.Split(strings.ToLower(camelBreak.ReplaceAllString(word, "$1-$2")), -1)); k != KindOther {
			return k
		}
	}
	return KindOther
}

// pathFlag is a long flag named for the path it takes: --headers-dir1,
// --output-file, --config-path.
var pathFlag = regexp.MustCompile(`dir|path|file|out|config|root`)

// benchScript tells a file named for benchmarks: pluggy's
// testing/benchmark.py, run by pytest, measures.
func benchScript(p string) bool {
	if path.Ext(p) == "" {
		return false
	}
	stem := strings.TrimSuffix(path.Base(strings.ToLower(p)), path.Ext(p))
	return stem == "benchmark" || stem == "benchmarks" || strings.HasPrefix(stem, "bench_") || strings.HasSuffix(stem, "_bench")
}

// measures tells a script path inside a directory of benchmarks or
// profiles.
func measures(p string) bool {
	if benchScript(p) {
		return true
	}
	return slices.ContainsFunc(strings.Split(path.Dir(p), "/"), sdk.BenchDir)
}

// gradleCheck tells a Gradle line that runs a project's check task
// (./gradlew check, ./gradlew :kotlinpoet:check).
func gradleCheck(line string) bool {
	f := strings.Fields(line)
	if len(f) < 2 || path.Base(f[0]) != "gradlew" && f[0] != "gradle" {
		return false
	}
	for _, w := range f[1:] {
		if i := strings.LastIndexByte(w, ':'); w[i+1:] == "check" {
			return true
		}
	}
	return false
}

// coverageReport is a line that reports or combines the coverage tests
// gathered, running none: coverage.py's report commands, diff-cover.
var coverageReport = regexp.MustCompile(`(?:^|\s)(?:coverage\s+(?:combine|xml|report|html|json|lcov|erase|annotate)|(?:c8|nyc)\s+report|diff-cover|diff-quality|lcov|gcovr|genhtml)(?:\s|$)`)

// benchTools run benchmarks: "asv run" measures, it runs nothing for a
// developer.
var benchTools = set("asv", "hyperfine")

// benchFlag is go test's flag that runs benchmarks.
var benchFlag = regexp.MustCompile(`(?:^|\s)-{1,2}bench(?:=|\s|$)`)

// toxEnvKind is the kind of the environment or session a tox or nox line
// names (-e typing, -s lint, -f lint for the environments of a factor), ""
// when it names none.
func toxEnvKind(line string) string {
	f := strings.Fields(strings.ToLower(line))
	for i, w := range f {
		if w != "tox" && w != "nox" {
			continue
		}
		for j := i + 1; j+1 < len(f); j++ {
			// nox's short flags combine: "nox -rs lint" reuses the
			// virtualenv and runs the session lint (urllib3's guide).
			short := strings.HasPrefix(f[j], "-") && !strings.HasPrefix(f[j], "--") && len(f[j]) > 2 && f[j][len(f[j])-1] == 's' && w == "nox"
			if f[j] == "-e" || f[j] == "-s" || f[j] == "-f" || f[j] == "--env" || f[j] == "--session" || f[j] == "--sessions" || f[j] == "--factor" || short {
				return envKind(f[j+1])
			}
		}
	}
	return ""
}

// pythonVersionEnv is a tox environment named for an interpreter: py312,
// py3.12, pypy3.
var pythonVersionEnv = regexp.MustCompile(`^(py|pypy)[0-9.]*$`)

// envKind is the kind of a tox environment or nox session by its name:
// one named for an interpreter runs the tests, one named for nothing the
// kinds know ("changelog" building the release notes) is other.
func envKind(name string) string {
	if pythonVersionEnv.MatchString(name) {
		return KindTest
	}
	return classify(name)
}

// envRunners run a program inside the project's environment: "uv run
// --group dev tox run -e typing" runs what "tox -e typing" runs.
var envRunners = set("uv", "poetry", "pipenv", "pdm", "hatch")

// variantFlags pick one variant of a build, a CI matrix's cell: log's CI
// builds with --features kv, "kv std", "kv kv_sval" and more, one command
// for an agent.
var variantFlags = set("--features", "-F", "--target")

// withoutVariant drops the variant flags and their values (quoted values
// of several words too) from a command's words.
func withoutVariant(f []string) []string {
	var out []string
	for i := 0; i < len(f); i++ {
		name, v, eq := strings.Cut(f[i], "=")
		if !variantFlags[name] {
			out = append(out, f[i])
			continue
		}
		if !eq {
			if i+1 == len(f) {
				break
			}
			i++
			v = f[i]
		}
		if v == "" || v[0] != '"' && v[0] != '\'' {
			continue
		}
		q := v[:1]
		for closed := len(v) > 1 && strings.HasSuffix(v, q); !closed && i+1 < len(f); {
			i++
			closed = strings.HasSuffix(f[i], q)
		}
	}
	return out
}

// sameCommand is the key commands are deduplicated on: the command with
// an environment runner's prefix dropped ("uv run --locked ... X" is X)
// tox's "run" subcommand dropped ("tox run -e x" is "tox -e x") and npm's
// "run" before test and start ("npm run test" is "npm test"; pnpm, yarn and
// bun run any script without it), so
// that CI's spelling of a command found in the project's own files is
// not listed again.
func sameCommand(cmd string) string {
	f := strings.Fields(cmd)
	if len(f) > 2 && envRunners[f[0]] && f[1] == "run" {
		i := 2
		for i < len(f) && strings.HasPrefix(f[i], "-") {
			if valueFlags[f[i]] && i+1 < len(f) {
				i++
			}
			i++
		}
		f = f[i:]
	}
	f = withoutVariant(f)
	if len(f) > 1 && f[0] == "tox" && (f[1] == "run" || f[1] == "r") {
		f = append([]string{"tox"}, f[2:]...)
	}
	if len(f) > 2 && f[1] == "run" && (f[0] == "npm" && (f[2] == "test" || f[2] == "start") || f[0] == "pnpm" || f[0] == "yarn" || f[0] == "bun") {
		f = append([]string{f[0]}, f[2:]...) // npm run test is npm test, pnpm run lint is pnpm lint
	}
	return strings.Join(f, " ")
}

// valueFlags take the next word as their value.
var valueFlags = set("--group", "--with", "--extra", "--features", "--exclude-features", "-p", "--package", "--target", "--profile", "-e", "--env",
	"--dir", "--prefix", "--cwd", "-C", "--filter", "--workspace", "-w", "--preset", "--workflow")

func classifyWords(words []string) string {
	for _, w := range words {
		if lintTools[w] {
			return KindLint // "phpmd-test" runs a linter over the tests
		}
		if measureWords[w] {
			return KindOther // immer's "test:perf" times the library: no test to run after a change
		}
		if w == "clone" || w == "download" || w == "fetch" {
			return KindOther // rspec-core's script/clone_all_rspec_repos fetches, it tests nothing
		}
	}
	for _, k := range kindWords {
		for _, w := range words {
			if !k.words[w] {
				continue
			}
			if k.kind == KindBuild && slices.ContainsFunc(words, func(w string) bool { return notProductBuild[w] }) {
				// The documentation's site or a container image, not the
				// product (the MCP TypeScript SDK's docs:build,
				// spring-petclinic's spring-boot:build-image).
				return KindOther
			}
			return k.kind
		}
	}
	return KindOther
}

// commandSet collects build commands, first origin wins.
type commandSet struct {
	seen map[string]bool
	list []*sdk.BuildCommand
	// scripts is the package manager that runs package.json scripts
	// here (scriptRunner); npm when unset.
	scripts string
	// repo is the name of the repository's directory, which a guide's
	// git clone of the repository itself makes ("" when unknown).
	repo string
}

// scriptRunner tells which package manager the repository runs its
// package.json scripts with: the root package.json's packageManager
// field, else the lockfile at the root, else npm.
func scriptRunner(entries []entry, rootPackage []byte) string {
	var doc struct {
		PackageManager string `json:"packageManager"`
	}
	if json.Unmarshal(rootPackage, &doc) == nil {
		name, _, _ := strings.Cut(doc.PackageManager, "@")
		if name == "npm" || name == "pnpm" || name == "yarn" || name == "bun" {
			return name
		}
	}
	for _, e := range entries {
		switch e.path {
		case "pnpm-lock.yaml":
			return "pnpm"
		case "yarn.lock":
			return "yarn"
		case "bun.lock", "bun.lockb":
			return "bun"
		}
	}
	return "npm"
}

// runScript is the command that runs the script of the package.json in
// dir with the repository's package manager.
func (s *commandSet) runScript(dir, script string) string {
	prog := s.scripts
	if prog == "" {
		prog = "npm"
	}
	if dir == "." {
		return prog + " run " + script
	}
	switch prog {
	case "npm":
		return "npm --prefix " + dir + " run " + script
	case "pnpm":
		return "pnpm --dir " + dir + " run " + script
	}
	return prog + " --cwd " + dir + " run " + script
}

// addTarget adds a named entry point of a build file: every one of the
// root's, but only the test, lint, build and run ones of nested files (a
// generated docs/Makefile has thirty "other" targets), and none of a
// nested file among benchmarks (immer's perf-testing/package.json builds
// and runs its benchmarks, not the project).
func (s *commandSet) addTarget(file, kind, command, origin string) {
	if path.Dir(file) != "." && (kind == KindOther || measures(file)) {
		return
	}
	s.add(kind, command, origin)
}

func (s *commandSet) add(kind, command, origin string) {
	command = validUTF8(strings.TrimSpace(command))
	key := sameCommand(command)
	if command == "" || s.seen[key] || notForAgents(command) {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[key] = true
	s.list = append(s.list, &sdk.BuildCommand{Kind: kind, Command: command, Origin: validUTF8(origin)})
}

// hasAtRoot tells a command of kind from a file at the repository's top:
// a contributed extra's Makefile (zlib's contrib/) builds no project.
func (s *commandSet) hasAtRoot(kind string) bool {
	for _, c := range s.list {
		if file, _, _ := strings.Cut(c.GetOrigin(), ":"); c.Kind == kind && !strings.Contains(file, "/") {
			return true
		}
	}
	return false
}

// conventionalBuild is the build command of a root manifest whose
// ecosystem builds the whole project with one command and no setup.
var conventionalBuild = map[string]string{"Cargo.toml": "cargo build", "go.mod": "go build ./...", "Package.swift": "swift build"}

// specialBuild marks a build for one target, with a nightly toolchain's
// flags or through a cross-compiling wrapper.
var specialBuild = regexp.MustCompile(`\s(-Z\s*\S|--target\b|\+nightly\b|ndk\b|cross\b)`)

// plainBuildAtRoot tells whether a build command found so far builds the
// root's project for the machine it runs on, with the toolchain a
// newcomer has.
func (s *commandSet) plainBuildAtRoot() bool {
	for _, c := range s.list {
		if c.Kind == KindBuild && !strings.HasPrefix(c.GetCommand(), "cd ") && !specialBuild.MatchString(" "+c.GetCommand()) {
			return true
		}
	}
	return false
}

func (s *commandSet) has(kind string) bool {
	for _, c := range s.list {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

// inDir prefixes a command to run it in dir (the root needs nothing).
func inDir(dir, command string) string {
	if dir == "." || dir == "" {
		return command
	}
	return "cd " + dir + " && " + command
}

// makeDirectives start lines that define no target.
var makeDirectives = []string{"ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "include", "-include", "sinclude",
	"export", "unexport", "override", "vpath", "undefine", "private"}

var fileLike = regexp.MustCompile(`\.[A-Za-z0-9]{1,5}$`)

// goalKind is the kind of "make" alone, by its default goal's name.
func goalKind(name string) string {
	kind := classify(name)
	if kind == KindOther && (strings.Contains(name, "/") || fileLike.MatchString(name)) {
		kind = KindBuild // the default goal makes a file: it builds
	}
	return kind
}

// goalKind is the kind of "make" alone here. A goal named all or default
// says no more than "make" does: what it runs is its prerequisites, so
// zap's "all: lint test" lints and tests and builds nothing. Of its
// prerequisites' kinds, a build wins, then a test, a lint, a run.
func (mf *makeRules) goalKind(goal *makeTarget) string {
	if goal.listsOnly() {
		return KindOther
	}
	if mf.compiled[goal.name] && saysNothing(goal.name) && path.Dir(goal.file) == "." {
		return KindBuild // linenoise's "linenoise_example: ...\n\t$(CC) ... -o linenoise_example"
	}
	if goal.name != "all" && goal.name != "default" || len(goal.prereqs) == 0 {
		return goalKind(goal.name)
	}
	if slices.ContainsFunc(goal.prereqs, func(p string) bool { return strings.ContainsAny(p, "$(") }) {
		return goalKind(goal.name) // a computed name, most often the program it builds
	}
	found := map[string]bool{}
	for _, p := range goal.prereqs {
		found[mf.taskKind(p)] = true
	}
	for _, k := range []string{KindBuild, KindTest, KindLint, KindRun} {
		if found[k] {
			return k
		}
	}
	return goalKind(goal.name)
}

// taskKind is the kind of a target a goal makes: one whose recipe compiles,
// or which only names files to make, builds whatever its name says
// (hiredis's "all: dynamic static hiredis-test pkgconfig" builds the
// libraries and the test program; it runs no test).
func (mf *makeRules) taskKind(name string) string {
	for _, t := range mf.targets {
		if t.name != name {
			continue
		}
		files := len(t.prereqs) > 0 && !slices.ContainsFunc(t.prereqs, func(p string) bool {
			return !strings.ContainsAny(p, "$(") && !fileLike.MatchString(p)
		})
		if mf.compiled[name] || t.recipe == 0 && files {
			return KindBuild
		}
		break
	}
	return goalKind(name)
}

// checkTests tells a target named check that makes a test among its
// prerequisites (hiredis's "check: hiredis-test"): as GNU's convention
// has it, it runs the tests; it lints nothing.
func (mf *makeRules) checkTests(name string) bool {
	if name != "check" {
		return false
	}
	for _, t := range mf.targets {
		if t.name == name && slices.ContainsFunc(t.prereqs, func(p string) bool { return goalKind(p) == KindTest }) {
			return true
		}
	}
	return false
}

// strongestKind is the kind of a task that runs the named tasks (a make
// goal's prerequisites, rake's default task's): of theirs, a build wins,
// then a test, a lint, a run; KindOther for none.
func strongestKind(tasks []string) string {
	found := map[string]bool{}
	for _, t := range tasks {
		found[goalKind(t)] = true
	}
	for _, k := range []string{KindBuild, KindTest, KindLint, KindRun} {
		if found[k] {
			return k
		}
	}
	return KindOther
}

// makefileCommands lists a Makefile's targets, except dot targets,
// pattern rules, and targets that name files (a path or an extension)
// unless declared .PHONY. Files it includes (include Makefile.common) are
// read through include, which gives a file's text by its path in the
// repository. Besides its targets, a Makefile offers "make" alone (its
// default goal) and the names a forwarding pattern rule makes
// ("%: common-%" lets "make lint" run common-lint).
func makefileCommands(p string, data []byte, include func(string) ([]byte, bool), out *commandSet) {
	var mf makeRules
	mf.phony = map[string]bool{}
	mf.read(p, data, include, map[string]bool{})
	prefix := "make"
	if dir := path.Dir(p); dir != "." {
		prefix = "make -C " + dir
	}
	concrete := map[string]bool{}
	for _, t := range mf.targets {
		concrete[t.name] = true
	}
	var offered *makeTarget // the default goal, when "make" alone says it all
	if goal := mf.defaultGoal(); goal != nil {
		if kind := mf.goalKind(goal); kind != KindOther {
			out.addTarget(p, kind, prefix, fmt.Sprintf("%s:%d", goal.file, goal.n))
			if goal.name == "all" || goal.name == "default" {
				offered = goal // a name that says no more than "make" does
			}
		}
	}
	for _, t := range mf.targets {
		n := t.name
		if offered != nil && n == offered.name && t.file == offered.file && t.n == offered.n {
			continue // "make all" is what "make" already runs
		}
		if t.file != p && path.Dir(p) != "." {
			continue // a nested Makefile's own targets only, not a shared file's
		}
		if t.computed || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || strings.ContainsAny(n, "%$()") {
			continue // a leading underscore marks a target the Makefile keeps to itself (nvm's _ensure-tag)
		}
		if !mf.phony[n] && (strings.Contains(n, "/") || fileLike.MatchString(n)) {
			continue
		}
		for _, fw := range mf.forwards {
			if short, ok := strings.CutPrefix(n, fw); ok && short != "" {
				n = short // reached through the forwarding rule by its short name
				break
			}
		}
		if n != t.name && concrete[n] {
			continue // the Makefile's own target of that name wins
		}
		if appleOnly.MatchString(n) {
			continue // for an Apple platform (swift-snapshot-testing's test-ios, test-tvos): agents here run on Linux
		}
		kind := classify(n)
		if mf.checkTests(n) {
			kind = KindTest
		} else if t.listsOnly() {
			kind = KindOther
		} else if mf.compiled[t.name] && saysNothing(n) && path.Dir(p) == "." {
			kind = KindBuild // its recipe runs the compiler (a nested Makefile's targets by their names only: zlib's contrib/)
		}
		out.addTarget(p, kind, prefix+" "+n, fmt.Sprintf("%s:%d", t.file, t.n))
	}
}

type makeTarget struct {
	name, file string
	n          int
	computed   bool // its name holds a variable (bin/gh$(EXE)): it may be the default goal, not a command
	prereqs    []string
	// recipe counts its recipe's lines, prints those that only print
	// (echo, printf).
	recipe, prints int
}

// compilers are the first words of a recipe line that compiles.
var compilers = set("$(CC)", "${CC}", "$(CXX)", "${CXX}", "cc", "gcc", "g++", "c++", "clang", "clang++")

// listsOnly tells a target whose recipe only prints, a list of the
// targets most often (nlohmann/json's "all"): it builds, tests or runs
// nothing.
func (t *makeTarget) listsOnly() bool {
	return len(t.prereqs) == 0 && t.recipe > 0 && t.prints == t.recipe
}

// makeRules is what makefileCommands needs of a Makefile and the files it
// includes, read in make's order.
type makeRules struct {
	targets  []makeTarget
	phony    map[string]bool
	forwards []string // prefixes of "%: prefix%" rules
	goal     string   // .DEFAULT_GOAL, when set
	patterns bool     // a match-anything rule (%: ...) that forwards to no prefix
	// compiled names the targets one of whose rules has a recipe line
	// that runs a C or C++ compiler: linenoise's first rule for
	// linenoise_example names its headers, the second compiles.
	compiled map[string]bool
}

// defaultGoal is the target "make" alone builds: .DEFAULT_GOAL, else the
// first target that is neither a dot target nor a pattern.
func (mf *makeRules) defaultGoal() *makeTarget {
	for i, t := range mf.targets {
		if mf.goal != "" && t.name == mf.goal || mf.goal == "" && !strings.HasPrefix(t.name, ".") && !strings.ContainsAny(t.name, "%") {
			return &mf.targets[i]
		}
	}
	return nil
}

var defaultGoal = regexp.MustCompile(`^\.DEFAULT_GOAL\s*:?=\s*(\S+)\s*$`)

func (mf *makeRules) read(p string, data []byte, include func(string) ([]byte, bool), seen map[string]bool) {
	seen[p] = true
	type line struct {
		n    int
		text string
	}
	var logical []line
	raw := strings.Split(string(data), "\n")
	for i := 0; i < len(raw); i++ {
		l := line{n: i + 1, text: raw[i]}
		for strings.HasSuffix(l.text, "\\") && i+1 < len(raw) {
			i++
			l.text = strings.TrimSuffix(l.text, "\\") + " " + raw[i]
		}
		logical = append(logical, l)
	}
	inDefine := false
	var rule []int // the targets of the rule whose recipe the lines below are
	for _, l := range logical {
		text := l.text
		if strings.HasPrefix(text, "\t") {
			// A recipe line: count those that only print.
			cmd := strings.TrimLeft(strings.TrimSpace(text), "@-+")
			w, _, _ := strings.Cut(strings.TrimSpace(cmd), " ")
			for _, i := range rule {
				mf.targets[i].recipe++
				if w == "echo" || w == "printf" || w == "" {
					mf.targets[i].prints++
				}
				if compilers[w] {
					if mf.compiled == nil {
						mf.compiled = map[string]bool{}
					}
					mf.compiled[mf.targets[i].name] = true
				}
			}
			continue
		}
		if strings.TrimSpace(text) != "" && !strings.HasPrefix(strings.TrimSpace(text), "#") {
			rule = nil
		}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		trimmed := strings.TrimSpace(text)
		first, rest0, _ := strings.Cut(trimmed, " ")
		switch {
		case inDefine:
			inDefine = first != "endef"
			continue
		case first == "define":
			inDefine = true
			continue
		case first == "include" || first == "-include" || first == "sinclude":
			for _, name := range strings.Fields(rest0) {
				inc := path.Join(path.Dir(p), name)
				if include == nil || strings.ContainsAny(name, "$*?[") || seen[inc] {
					continue
				}
				if data, ok := include(inc); ok {
					mf.read(inc, data, include, seen)
				}
			}
			continue
		case trimmed == "" || contains(makeDirectives, first):
			continue
		}
		if m := defaultGoal.FindStringSubmatch(trimmed); m != nil {
			mf.goal = m[1]
			continue
		}
		colon := strings.IndexByte(text, ':')
		if colon <= 0 {
			continue
		}
		if eq := strings.IndexByte(text, '='); eq >= 0 && eq < colon {
			continue // VAR = a:b
		}
		rest := text[colon+1:]
		if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":=") || strings.HasPrefix(rest, ":::=") {
			continue // VAR := value, VAR ::= value
		}
		rest = strings.TrimPrefix(rest, ":")
		if targetVar.MatchString(rest) {
			continue // target: VAR = value
		}
		if strings.TrimSpace(text[:colon]) == "%" {
			prereqs, _, _ := strings.Cut(rest, ";")
			if f := strings.Fields(prereqs); len(f) == 1 && strings.HasSuffix(f[0], "%") && strings.Count(f[0], "%") == 1 &&
				!strings.ContainsAny(f[0], "$()/") && len(f[0]) > 1 {
				mf.forwards = append(mf.forwards, strings.TrimSuffix(f[0], "%"))
			} else {
				mf.patterns = true
			}
			continue
		}
		if strings.ContainsAny(text[:colon], "$(){}'\",;") {
			// $(error ...: ...) and the like; a file name with a variable
			// in it is a target still, though no command.
			if t := strings.TrimSpace(text[:colon]); !strings.HasPrefix(t, "$") && !strings.ContainsAny(t, " \t'\",;") {
				mf.targets = append(mf.targets, makeTarget{name: t, file: p, n: l.n, computed: true})
			}
			continue
		}
		names := strings.Fields(text[:colon])
		if len(names) == 1 && names[0] == ".PHONY" {
			for _, n := range strings.Fields(rest) {
				mf.phony[n] = true
			}
			continue
		}
		prereqs, _, _ := strings.Cut(rest, ";")
		prereqs, _, _ = strings.Cut(prereqs, "|") // order-only prerequisites run nothing of their own
		for _, n := range names {
			rule = append(rule, len(mf.targets))
			mf.targets = append(mf.targets, makeTarget{name: n, file: p, n: l.n, prereqs: strings.Fields(prereqs)})
		}
	}
}

var targetVar = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_.-]*\s*[:+?!]?=`)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// npmLifecycle scripts run by npm itself, not by people.
var npmLifecycle = set("prepare", "prepublish", "prepublishOnly", "prepack", "postpack", "preinstall", "install",
	"postinstall", "preuninstall", "postuninstall", "preversion", "version", "postversion", "dependencies")

// script is a script of a package.json or composer.json, with its line.
type script struct {
	name string
	line int
	body string // the command, when the script is one string
}

// jsonScripts reads the scripts object of a package.json or composer.json
// in file order.
func jsonScripts(data []byte) ([]script, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var scripts []script
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		if key != "scripts" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return nil, fmt.Errorf("scripts is not an object")
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name, _ := t.(string)
			line := lineOf(data, int(dec.InputOffset()))
			var body json.RawMessage
			if err := dec.Decode(&body); err != nil {
				return nil, err
			}
			var text string
			_ = json.Unmarshal(body, &text) // composer's scripts may be lists
			scripts = append(scripts, script{name, line, text})
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
	}
	return scripts, nil
}

// composerScripts lists composer.json's scripts, run as `composer name`;
// the scripts Composer runs on its own events (post-install-cmd,
// pre-autoload-dump) are none to run by hand.
func composerScripts(p string, data []byte, out *commandSet) error {
	scripts, err := jsonScripts(data)
	if err != nil {
		return err
	}
	prefix := "composer "
	if dir := path.Dir(p); dir != "." {
		prefix = "composer --working-dir=" + dir + " "
	}
	for _, s := range scripts {
		if strings.HasPrefix(s.name, "pre-") || strings.HasPrefix(s.name, "post-") {
			continue
		}
		out.addTarget(p, scriptKind(s), prefix+s.name, fmt.Sprintf("%s:%d", p, s.line))
	}
	return nil
}

// scriptKind gives a package script's kind by its name, unless its body
// says otherwise: a test-named script that only reports coverage runs no
// test (yargs's "coverage": "c8 report --check-coverage"), and one whose
// body is a single linter's run lints (zustand's "test:lint": "eslint .",
// "test:format": "prettier . --list-different"). A body that chains
// commands is judged by its name alone: "standard && tape" tests.
func scriptKind(s script) string {
	kind := classify(s.name)
	if kind != KindTest {
		return kind
	}
	if coverageReport.MatchString(s.body) {
		return KindOther
	}
	if !strings.ContainsAny(s.body, "&|;") && classifyLine(s.body) == KindLint {
		return KindLint
	}
	return kind
}

// packageScripts lists package.json scripts in file order with their
// lines; pre/post hooks of another script are left out.
func packageScripts(p string, data []byte, out *commandSet) error {
	scripts, err := jsonScripts(data)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, s := range scripts {
		names[s.name] = true
	}
	for _, s := range scripts {
		if npmLifecycle[s.name] {
			continue
		}
		if base, ok := strings.CutPrefix(s.name, "pre"); ok && names[base] {
			continue
		}
		if base, ok := strings.CutPrefix(s.name, "post"); ok && names[base] {
			continue
		}
		out.addTarget(p, scriptKind(s), out.runScript(path.Dir(p), s.name), fmt.Sprintf("%s:%d", p, s.line))
	}
	return nil
}

// shellSkip are first words of script lines that are plumbing, not a
// command worth telling an agent about.
var shellSkip = set("echo", "printf", "which", "cd", "set", "export", "if", "then", "else", "elif", "fi", "for", "while", "do",
	"done", "case", "esac", "{", "}", "source", ".", "exit", "true", "false", "sleep", "mkdir", "rm", "cp", "mv", "cat",
	"ls", "chmod", "ln", "touch", "tar", "unzip", "curl", "wget", "git", "sudo", "apt-get", "apt", "brew", "pip",
	"pip3", "npm", "yarn", "pnpm", "env", "test", "[", "[[", "trap", "return", "local", "shift", "wait", "find", "xargs",
	"unset", "declare", "readonly", "typeset", "read", "diff", "cmp",
	// text tools: a CI step that edits a file or filters output in place
	// (`sed -i~ "s/src/dist/" vitest.config.mts`) runs nothing itself
	"sed", "awk", "tr", "cut", "head", "tail", "sort", "uniq", "wc", "tee")

// loopVar is the variable a shell or PowerShell loop binds: "for f in",
// "foreach ($package in".
var loopVar = regexp.MustCompile(`^(?:for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b|foreach\s*\(\s*\$([A-Za-z_][A-Za-z0-9_]*)\s+in\b)`)

// usesAny tells whether a command line reads one of vars ($x, ${x},
// ${x%/*}).
func usesAny(line string, vars []string) bool {
	for _, v := range vars {
		for _, ref := range []string{"$" + v, "${" + v} {
			for i := strings.Index(line, ref); i >= 0; {
				end := i + len(ref)
				if end == len(line) || !isNameByte(line[end]) {
					return true
				}
				j := strings.Index(line[end:], ref)
				if j < 0 {
					break
				}
				i = end + j
			}
		}
	}
	return false
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scriptCommands splits a CI script into its commands (joining lines
// ended by a backslash) with their line numbers, and keeps those that
// test, lint, build or run something. The bodies of shell functions the
// script defines are fragments, not commands; a call of one runs its
// arguments ("assert-nothing-changed go fmt ./..." runs go fmt). env holds
// the variables the step sets, which the command is given.
func scriptCommands(file, script string, firstLine int, workDir string, env *ciEnv, out *commandSet) {
	lines := strings.Split(script, "\n")
	funcs := map[string]bool{}
	var loopVars []string
	for _, l := range lines {
		if m := shellFunc.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			funcs[m[1]+m[2]] = true
		}
		if m := loopVar.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			loopVars = append(loopVars, m[1]+m[2])
		}
	}
	depth := 0     // inside a function body when > 0
	var quote byte // inside a quoted string that spans lines (a jq program) when not 0
	var wd workingDir
	for i := 0; i < len(lines); i++ {
		if quote != 0 {
			quote = openQuote(lines[i], quote)
			continue
		}
		start := i
		text := strings.TrimSpace(lines[i])
		for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
			i++
			text = strings.TrimSpace(strings.TrimSuffix(text, "\\")) + " " + strings.TrimSpace(lines[i])
		}
		if quote = openQuote(text, 0); quote != 0 {
			continue // its string goes on below: neither it nor the lines inside are commands
		}
		if shellFunc.MatchString(text) || depth > 0 {
			depth += strings.Count(text, "{") - strings.Count(text, "}")
			continue
		}
		if m := hereDoc.FindStringSubmatch(text); m != nil {
			// The document's lines are a file's text (a Dockerfile's RUN
			// written by cat <<EOF), not commands: skip to its end.
			for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != m[1] {
				i++
			}
			i++
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if f, rest, ok := strings.Cut(text, " "); ok && funcs[f] {
			text = strings.TrimSpace(rest)
		}
		if env != nil {
			text = withoutMatrix(text)
		}
		text, ok := wd.take(plainShell(text))
		if !ok {
			continue
		}
		body := runBody(text)
		first, _, _ := strings.Cut(body, " ")
		kind := classifyLine(body)
		if kind == KindOther && env != nil && runsDefaultTask(body) {
			// "bundle exec rake" in a step named "Run sinatra tests": the
			// default task the line runs is what the step's name says.
			kind = env.named
			if kind == KindOther && defaultTaskRunner(body) == "rake" {
				kind = KindTest // rake's default task is the tests by convention; the Rakefile says (verifyCommands)
			}
		}
		if kind == KindOther {
			continue
		}
		if (shellSkip[first] || shellSkip[programOf(body)]) && !isRunner(body) {
			continue
		}
		if env != nil && env.apple && appleOnly.MatchString(body) {
			continue // for a Mac; agents here run on Linux
		}
		if env != nil && env.credential && strings.Contains(first, "/") {
			continue // a repository script given the CI's credentials
		}
		if usesAny(body, loopVars) {
			continue // run once per item of a loop: no command of its own
		}
		cmd := wd.in(env.expand(text))
		if workDir != "" {
			cmd = inDir(workDir, cmd)
		}
		out.add(kind, cmd, fmt.Sprintf("%s:%d", file, firstLine+start))
	}
}

// runBody is what a line runs once it has entered its directory: the
// inside of a subshell, "(cd zapgrpc/internal/test && go mod download)",
// and what follows a leading cd, "cd web && npm test". A line is judged by
// its body, not by the directory's name, and listed whole.
func runBody(line string) string {
	if inner, ok := strings.CutPrefix(line, "("); ok && strings.HasSuffix(inner, ")") {
		line = strings.TrimSpace(strings.TrimSuffix(inner, ")"))
	}
	if strings.HasPrefix(line, "cd ") {
		if _, after, ok := strings.Cut(line, "&&"); ok {
			line = strings.TrimSpace(after)
		}
	}
	return line
}

// openQuote scans a shell line from inside quote q (0: outside any) and
// returns the quote still open at its end: 0, a single or a double quote. A comment
// outside quotes ends the scan.
func openQuote(line string, q byte) byte {
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case q == 0 && c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return 0
		case q == 0 && c == '\\':
			i++ // an escaped character
		case q == 0 && (c == '\'' || c == '"'):
			q = c
		case q == '"' && c == '\\':
			i++
		case c == q:
			q = 0
		}
	}
	return q
}

var shellFunc = regexp.MustCompile(`^(?:function\s+([A-Za-z_][A-Za-z0-9_-]*)|([A-Za-z_][A-Za-z0-9_-]*)\s*\(\s*\))\s*\{?\s*$`)

// ciEnv is the environment a CI step runs in: the variables its own env
// sets, and those the workflow and job set.
type ciEnv struct {
	step  [][2]string
	outer map[string]string
	// credential: the job or the step is given a secret or CI token. A
	// repository script run there (./test/integration/verify.sh in
	// cli/cli) talks to a service with it, which an agent cannot.
	credential bool
	// named is the kind the step's name says (Run tests), KindOther when
	// it says none.
	named string
	// apple: the job runs on macOS only, where Apple's tools are.
	apple bool
}

// appleOnly is a line that needs Apple's tools or an Apple platform's
// simulator: xcodebuild, xcrun, CocoaPods, a Gradle task for iOS or macOS
// targets (iosSimulatorArm64Test), CMake's Xcode generator and a build
// for iOS (libuv's "cmake -B build-ios -GXcode
// -DCMAKE_SYSTEM_NAME:STRING=iOS", then "cmake --build build-ios").
var appleOnly = regexp.MustCompile(`(?i)\b(?:xcodebuild|xcrun|simctl|pod|carthage)\b|-G\s*Xcode\b|(?:^|[\s:=-])(?:ios|macos|watchos|tvos|visionos)[A-Za-z0-9]*`)

// matrixFlags is a CI matrix value that holds extra flags, given as
// arguments of their own or as a variable set before the program:
// "phpunit ${{ matrix.phpunit-flags }}", "OPTS='${{ matrix.opts }}' x".
var matrixFlags = regexp.MustCompile(`(?:^|[ \t]+)(?:[A-Za-z_][A-Za-z0-9_]*=)?['"]?\$\{\{[ \t]*matrix\.[A-Za-z0-9_.-]*(?:flags|opts?|options|args)[ \t]*\}\}['"]?`)

// withoutMatrix drops from a CI line the extra flags one job of a matrix
// adds: "COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit
// ${{ matrix.phpunit-flags }}" runs vendor/bin/phpunit on a developer's
// machine. Any other matrix value (a package, a feature, a target) is
// part of what the line runs, and is left, so the line stays one that is
// not for agents.
func withoutMatrix(line string) string {
	if !strings.Contains(line, "${{") {
		return line
	}
	return strings.TrimSpace(matrixFlags.ReplaceAllString(line, ""))
}

// hereDoc finds a here-document's delimiter: cat <<'EOF' >Dockerfile.
var hereDoc = regexp.MustCompile(`<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?`)

// shellOptions opens a line with shell options for what follows ("set -o
// pipefail && swift test"); logPipe ends one with its output piped to a
// log formatter or a log file ("2>&1 | xcbeautify --renderer github-actions",
// "| tee test.log", "| cs2pr" that annotates a pull request).
var (
	shellOptions = regexp.MustCompile(`^set(?:[ \t]+(?:[-+][A-Za-z]+|-o[ \t]+[a-z]+))+[ \t]*(?:&&|;)[ \t]*`)
	logPipe      = regexp.MustCompile(`[ \t]*(?:2>&1[ \t]*)?\|[ \t]*(?:xcbeautify|xcpretty|tee|cs2pr)(?:[ \t][^|&;]*)?$`)
)

// plainShell is a CI line as a developer would type it: without the shell
// options set for it and without a formatter or log file its output is
// piped to. "set -o pipefail && swift test -c debug 2>&1 | xcbeautify"
// runs swift test -c debug.
func plainShell(line string) string {
	line = shellOptions.ReplaceAllString(line, "")
	return logPipe.ReplaceAllString(line, "")
}

// runsDefaultTask tells a line that runs a task runner's default task,
// which the line itself does not name: rake, make, just, gradle with no
// task, perhaps through bundle exec or an environment runner.
func runsDefaultTask(line string) bool { return defaultTaskRunner(line) != "" }

// defaultTaskRunner is the task runner a line runs with no task of its
// own ("rake", "make"), "" when the line names a task or runs none.
func defaultTaskRunner(line string) string {
	f := unwrapRunner(strings.Fields(line))
	if len(f) > 1 && f[0] == "ruby" {
		// The repository's own runner through the interpreter: rake's
		// CI runs "ruby -Ilib exe/rake".
		i := 1
		for i < len(f) && strings.HasPrefix(f[i], "-") {
			i++
		}
		if i < len(f) && strings.Contains(f[i], "/") {
			f = append([]string{path.Base(f[i])}, f[i+1:]...)
		}
	}
	if len(f) == 0 || !taskRunners[f[0]] {
		return ""
	}
	if mavenProgram(f[0]) {
		if goals, _ := mavenArgs(f[1:]); len(goals) == 0 {
			return f[0] // "mvn -f java": a flag's value is no goal
		}
		return ""
	}
	for _, w := range f[1:] {
		if !strings.HasPrefix(w, "-") && !strings.Contains(w, "=") {
			return "" // a task of its own
		}
	}
	return f[0]
}

// unwrapRunner is a command's words without the environment runner that
// runs it: "bundle exec rake" is rake, "uv run pytest" is pytest.
func unwrapRunner(words []string) []string {
	if len(words) > 2 && (words[0] == "bundle" && words[1] == "exec" || envRunners[words[0]] && words[1] == "run") {
		return words[2:]
	}
	return words
}

// taskRunners run a default task when given none.
var taskRunners = set("rake", "make", "gmake", "just", "gradle", "./gradlew", "mvn", "./mvnw", "invoke", "task")

// stepKind is the kind a CI step's name says: "Run sinatra tests" tests.
func stepKind(name string) string {
	words := wordSplit.Split(strings.ToLower(name), -1)
	if len(words) > 1 && words[0] == "run" {
		// "Run" is the step's verb, not what it runs: "Run Rake" says
		// no more than its line; "Run tests" tests.
		words = words[1:]
	}
	return classifyWords(words)
}

// credentialEnv tells an env: mapping that hands out a secret or the CI's
// token (${{ secrets.X }}, ${{ github.token }}).
func credentialEnv(env [][2]string) bool {
	for _, kv := range env {
		v := strings.ReplaceAll(kv[1], " ", "")
		if strings.Contains(v, "${{secrets.") || strings.Contains(v, "${{github.token}}") {
			return true
		}
	}
	return false
}

// expand gives a CI line as it runs there, to be typed elsewhere: the
// variables the step, the job or the workflow sets that the line expands
// are put in their place ("cargo test --locked \"${MSRV_FEATURES}\"" with
// MSRV_FEATURES=--all-features runs cargo test --locked --all-features: an
// assignment before the command would not reach its own line's
// expansions), and the other variables the step sets are assigned before
// it (a tool may read one unseen, as tox reads TOX_ENV). A value that is a
// CI expression is kept as is, so that the line is left out.
func (e *ciEnv) expand(line string) string {
	if e == nil {
		return line
	}
	skip := func(k string) bool {
		return strings.HasPrefix(k, "GITHUB_") || strings.Contains(strings.ToUpper(k), "TOKEN")
	}
	value := func(k string) (string, bool) {
		for _, kv := range e.step {
			if kv[0] == k {
				return kv[1], true
			}
		}
		v, ok := e.outer[k]
		return v, ok
	}
	used := map[string]bool{}
	line = envUse.ReplaceAllStringFunc(line, func(ref string) string {
		m := envUse.FindStringSubmatch(ref)
		k := m[1] + m[2] + m[3]
		v, ok := value(k)
		if !ok || skip(k) {
			return ref
		}
		used[k] = true
		if m[1] != "" && !plainWord.MatchString(v) {
			return shellQuote(v) // "${X}" holding spaces stays one word
		}
		return v
	})
	line = strings.Join(strings.Fields(line), " ")
	var b strings.Builder
	for _, kv := range e.step {
		if used[kv[0]] || skip(kv[0]) {
			continue
		}
		used[kv[0]] = true
		b.WriteString(kv[0] + "=" + shellQuote(kv[1]) + " ")
	}
	// The assignments go to the command after a leading cd, which they
	// would not reach before it: serde's step "cd serde_core && cargo miri
	// test" with MIRIFLAGS in its env.
	if rest, ok := strings.CutPrefix(line, "cd "); ok && b.Len() > 0 {
		if dir, after, ok := strings.Cut(rest, " && "); ok && !strings.ContainsAny(dir, " ;|&") {
			return "cd " + dir + " && " + b.String() + after
		}
	}
	return b.String() + line
}

// envUse is an expansion of a variable: either in double quotes as a word
// of its own ("${X}", "$X"), ${X}, or $X.
var envUse = regexp.MustCompile(`"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./:,=+@%-]*$`)

func shellQuote(v string) string {
	if v != "" && plainWord.MatchString(v) {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// envOf reads an env: mapping in file order.
func envOf(n *yaml.Node) [][2]string {
	env := mapGet(n, "env")
	if env == nil || env.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]string
	for i := 0; i+1 < len(env.Content); i += 2 {
		if v := resolve(env.Content[i+1]); v != nil && v.Kind == yaml.ScalarNode {
			out = append(out, [2]string{env.Content[i].Value, v.Value})
		}
	}
	return out
}

// isRunner reports package-manager lines that do run project scripts
// ("npm test", "yarn lint", "npm run build") rather than install things.
func isRunner(text string) bool {
	f := strings.Fields(text)
	if len(f) < 2 {
		return false
	}
	switch f[0] {
	case "npm", "yarn", "pnpm":
		return f[1] != "install" && f[1] != "ci" && f[1] != "i" && f[1] != "add"
	}
	return false
}

// scalarStart is the line where a scalar's text begins: block scalars
// (| and >) start on the line after their indicator.
func scalarStart(n *yaml.Node) int {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line + 1
	}
	return n.Line
}

func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// yamlRoot parses a YAML file. A lone carriage return is a line break to
// YAML but not to the line numbers commands cite (those count newlines,
// as grep -n and editors do), so it is read as a space: a line YAML
// reports is then the line an origin names.
func yamlRoot(data []byte) (*yaml.Node, error) {
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.Clone(data)
		for i, b := range data {
			if b == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
				data[i] = ' '
			}
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return resolve(doc.Content[0]), nil
}

// workflowCommands reads the run: steps of a GitHub Actions workflow.
func workflowCommands(p string, data []byte, out *commandSet) error {
	root, err := yamlRoot(data)
	if err != nil || root == nil {
		return err
	}
	if releaseWorkflow(p) {
		return nil
	}
	jobs := mapGet(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil
	}
	for i := 1; i < len(jobs.Content); i += 2 {
		job := resolve(jobs.Content[i])
		outer := map[string]string{}
		for _, kv := range append(envOf(root), envOf(job)...) {
			outer[kv[0]] = kv[1]
		}
		if windowsRunner(job) {
			continue // its lines are for Windows; agents here run a POSIX shell
		}
		jobSecret := credentialEnv(envOf(job))
		roots := rootMatrix(job)
		jobDir := ""
		if wd := mapGet(mapGet(mapGet(job, "defaults"), "run"), "working-directory"); wd != nil {
			jobDir = roots.Replace(wd.Value)
		}
		steps := mapGet(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for _, step := range steps.Content {
			step = resolve(step)
			run := mapGet(step, "run")
			if run == nil || run.Kind != yaml.ScalarNode {
				continue
			}
			dir := jobDir
			if wd := mapGet(step, "working-directory"); wd != nil {
				dir = roots.Replace(wd.Value)
			}
			stepEnv := envOf(step)
			env := &ciEnv{step: stepEnv, outer: outer, credential: jobSecret || credentialEnv(stepEnv), named: KindOther, apple: macRunner(job)}
			if name := mapGet(step, "name"); name != nil && name.Kind == yaml.ScalarNode {
				env.named = stepKind(name.Value)
			}
			scriptCommands(p, roots.Replace(run.Value), scalarStart(run), dir, env, out)
		}
	}
	return nil
}

// rootMatrix replaces, in a job's lines, each matrix value whose list
// holds the repository's root ("." or "./") with the root: the job run
// there runs the line for the whole repository ("cargo test
// --manifest-path ${{ matrix.workspace }}/Cargo.toml" over [".",
// examples]). Other matrix values stay, and so keep their lines from
// agents (withoutMatrix).
func rootMatrix(job *yaml.Node) *strings.Replacer {
	matrix := resolve(mapGet(mapGet(job, "strategy"), "matrix"))
	var pairs []string
	if matrix != nil && matrix.Kind == yaml.MappingNode {
		for i := 1; i < len(matrix.Content); i += 2 {
			values := resolve(matrix.Content[i])
			if values == nil || values.Kind != yaml.SequenceNode {
				continue
			}
			for _, v := range values.Content {
				if v.Kind == yaml.ScalarNode && (v.Value == "." || v.Value == "./") {
					key := matrix.Content[i-1].Value
					pairs = append(pairs, "${{ matrix."+key+" }}", ".", "${{matrix."+key+"}}", ".")
					break
				}
			}
		}
	}
	return strings.NewReplacer(pairs...)
}

// macRunner tells a job whose runs-on names only macOS machines
// (macos-14, [self-hosted, macOS], a matrix of macos-14 and macos-15).
func macRunner(job *yaml.Node) bool { return runsOn(job, "macos") }

// windowsRunner tells a job whose runs-on names only Windows machines
// (windows-latest, [self-hosted, windows], a matrix of Windows versions).
func windowsRunner(job *yaml.Node) bool { return runsOn(job, "windows") }

// matrixRef is a runs-on that a matrix's values fill in: ${{ matrix.os }}.
var matrixRef = regexp.MustCompile(`^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$`)

// runsOn tells a job whose runs-on has a label naming the system os, or
// takes it from a matrix all of whose values name it (libuv's build-ios
// job runs on [macos-14, macos-15]).
func runsOn(job *yaml.Node, os string) bool {
	n := mapGet(job, "runs-on")
	if n == nil {
		return false
	}
	labels := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		labels = n.Content
	}
	for _, l := range labels {
		if l.Kind != yaml.ScalarNode {
			continue
		}
		if strings.HasPrefix(strings.ToLower(l.Value), os) {
			return true
		}
		if m := matrixRef.FindStringSubmatch(strings.TrimSpace(l.Value)); m != nil {
			values := mapGet(mapGet(mapGet(job, "strategy"), "matrix"), m[1])
			if values == nil || values.Kind != yaml.SequenceNode || len(values.Content) == 0 {
				continue
			}
			all := true
			for _, v := range values.Content {
				all = all && v.Kind == yaml.ScalarNode && strings.HasPrefix(strings.ToLower(v.Value), os)
			}
			if all {
				return true
			}
		}
	}
	return false
}

// releaseWorkflow tells a workflow that releases, publishes or deploys
// by its file name (deployment.yml, publish.yaml): its builds are
// release builds.
func releaseWorkflow(p string) bool {
	for _, w := range wordSplit.Split(strings.ToLower(path.Base(p)), -1) {
		if releaseWords[w] {
			return true
		}
	}
	return false
}

// gitlabReserved are top-level keys of .gitlab-ci.yml that are not jobs.
var gitlabReserved = set("stages", "variables", "default", "include", "workflow", "image", "services",
	"before_script", "after_script", "cache", "pages:deploy")

// gitlabCommands reads the script: entries of GitLab CI jobs.
func gitlabCommands(p string, data []byte, out *commandSet) error {
	root, err := yamlRoot(data)
	if err != nil || root == nil || root.Kind != yaml.MappingNode {
		return err
	}
	// Each node is read once: aliases can make a few lines of YAML a tree
	// of 2^n paths (a list of two aliases of a list of two aliases...),
	// which took minutes at n = 26, and a node read again adds nothing.
	seen := map[*yaml.Node]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if gitlabReserved[root.Content[i].Value] {
			continue
		}
		script := mapGet(resolve(root.Content[i+1]), "script")
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			n = resolve(n)
			if seen[n] {
				return
			}
			seen[n] = true
			switch {
			case n == nil:
			case n.Kind == yaml.ScalarNode:
				scriptCommands(p, n.Value, scalarStart(n), "", nil, out)
			case n.Kind == yaml.SequenceNode:
				for _, c := range n.Content {
					walk(c)
				}
			}
		}
		walk(script)
	}
	return nil
}

var justRecipe = regexp.MustCompile(`^@?([A-Za-z_][A-Za-z0-9_-]*)(\s[^:]*)?:([^=]|$)`)

// justfileCommands lists public justfile recipes.
func justfileCommands(p string, data []byte, out *commandSet) {
	private := false
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			private = private || strings.Contains(line, "private")
			continue
		}
		first, _, _ := strings.Cut(line, " ")
		if contains([]string{"set", "alias", "export", "import", "mod"}, first) {
			private = false
			continue
		}
		mm := justRecipe.FindStringSubmatch(line)
		if mm == nil {
			private = false
			continue
		}
		name := mm[1]
		if !private && !strings.HasPrefix(name, "_") {
			out.addTarget(p, classify(name), inDir(path.Dir(p), "just "+name), fmt.Sprintf("%s:%d", p, i+1))
		}
		private = false
	}
}

// conventionCommands adds the ecosystem's standard test command for each
// manifest when no explicit test command was found: a root manifest gives
// one command, nested ones (without a root one) one each.
// wrappers holds the build tools' wrapper scripts at HEAD by path
// (gradlew, sub/mvnw): a project beside one runs its tool through it.
func conventionCommands(manifests []*sdk.Manifest, projects []string, wrappers map[string]bool, out *commandSet) {
	for _, p := range projects {
		if (p == "configure.ac" || p == "configure.in") && !out.has(KindBuild) {
			// autotools: the Makefile is written by configure, which
			// autoreconf writes from configure.ac.
			out.add(KindBuild, "autoreconf -i && ./configure && make", p+" (convention)")
		}
	}
	if slices.Contains(projects, "configure") && slices.Contains(projects, "Makefile.in") && !out.hasAtRoot(KindBuild) {
		// A configure script written by hand that writes the Makefile
		// from Makefile.in (zlib's).
		out.add(KindBuild, "./configure && make", "configure (convention)")
	}
	files := append([]string(nil), projects...)
	for _, m := range manifests {
		files = append(files, m.GetPath())
	}
	if !out.plainBuildAtRoot() {
		built := map[string]bool{}
		for _, f := range files {
			if cmd := conventionalBuild[f]; cmd != "" && !built[cmd] {
				// A project's own build, where the guides build only for
				// a target or a toolchain a newcomer lacks (log's CI
				// builds for thumbv6m-none-eabi and with nightly's -Z).
				built[cmd] = true
				out.add(KindBuild, cmd, f+" (convention)")
			}
		}
	}
	if out.has(KindTest) {
		return
	}
	// cmd is given the directory, and the file when it has others like it.
	conventions := []struct {
		is  func(base string) bool
		cmd func(dir, file string) string
		// parts: a project below another of its kind is the other's
		// part, tested with it (Gradle's and Maven's subprojects).
		parts bool
	}{
		{named("go.mod"), func(string, string) string { return "go test ./..." }, false},
		{named("Cargo.toml"), func(string, string) string { return "cargo test" }, false},
		{named("pom.xml"), func(dir, _ string) string {
			if wrappers[path.Join(dir, "mvnw")] {
				return "./mvnw test"
			}
			return "mvn test"
		}, true},
		{named("build.gradle", "build.gradle.kts"), func(dir, _ string) string {
			if wrappers[path.Join(dir, "gradlew")] {
				return "./gradlew test"
			}
			return "gradle test"
		}, true},
		{named("Package.swift"), func(string, string) string { return "swift test" }, false},
		// Given only for the root's CMakeLists.txt, and only when it
		// enables testing (cmakeTests).
		{named("CMakeLists.txt"), func(string, string) string {
			return "cmake -B build && cmake --build build && ctest --test-dir build"
		}, false},
		// dotnet refuses a directory of two solutions without one named.
		{dotnetSolution, func(_, file string) string { return strings.TrimSpace("dotnet test " + file) }, false},
		// PHPUnit reads its configuration from the directory it runs in;
		// composer installs it under vendor/bin.
		{named("phpunit.xml.dist", "phpunit.xml"), func(string, string) string { return "vendor/bin/phpunit" }, false},
		// automake's test suite, once configure has written the Makefile.
		{func(base string) bool { return base == "configure.ac" || base == "configure.in" }, func(string, string) string { return "make check" }, false},
	}
	type found struct{ cmd, origin string }
	var atRoot, nested []found
	for _, c := range conventions {
		var dirs []string
		root := false
		origin := map[string]string{}
		alike := map[string]int{}
		for _, f := range files {
			if !c.is(path.Base(f)) {
				continue
			}
			dir := path.Dir(f)
			if alike[dir]++; alike[dir] > 1 {
				continue // a directory of two solutions tests once
			}
			origin[dir] = f
			root = root || dir == "."
			dirs = append(dirs, dir)
		}
		if root {
			dirs = []string{"."}
		}
		if c.parts {
			// koin's projects/android/koin-android/ is a part of
			// projects/, whose wrapper tests it.
			dirs = slices.DeleteFunc(dirs, func(d string) bool {
				return slices.ContainsFunc(dirs, func(a string) bool { return a != d && strings.HasPrefix(d, a+"/") })
			})
		}
		for _, dir := range dirs {
			file := ""
			if alike[dir] > 1 {
				file = path.Base(origin[dir])
			}
			f := found{inDir(dir, c.cmd(dir, file)), origin[dir] + " (convention)"}
			if dir == "." {
				atRoot = append(atRoot, f)
			} else {
				nested = append(nested, f)
			}
		}
	}
	// The root's ecosystem is the project's: a nested one beside it is a
	// part (fmt's support/build.gradle packages it for Android).
	if len(atRoot) == 0 {
		atRoot = nested
	}
	for _, f := range atRoot {
		out.add(KindTest, f.cmd, f.origin)
	}
}

// cmakeTests tells a CMakeLists.txt that enables CTest's tests.
var cmakeTests = regexp.MustCompile(`(?im)^[ \t]*(?:enable_testing[ \t]*\(|include[ \t]*\([ \t]*CTest\b)`)

// named matches a file by its name.
func named(names ...string) func(string) bool {
	return func(base string) bool { return contains(names, base) }
}

// dotnetSolution tells a .NET solution file, which `dotnet test` runs the
// test projects of.
func dotnetSolution(base string) bool {
	return strings.HasSuffix(base, ".sln") || strings.HasSuffix(base, ".slnx")
}

// conventionProject tells a file that, without being a manifest Homer
// reads, names the ecosystem whose convention tests the project.
func conventionProject(p string) bool {
	base := path.Base(p)
	return base == "Package.swift" || dotnetSolution(base) || base == "phpunit.xml.dist" || base == "phpunit.xml" ||
		(base == "configure.ac" || base == "configure.in" || base == "configure" || base == "Makefile.in") && p == base
}

// releaseWords mark release, signing, publishing and deployment steps:
// an agent changing code has no business running them.
// nameFlags take a feature's, a package's, a target's or a build
// configuration's name, which says nothing of what the line does:
// Dapper's CI "dotnet test ... -c Release" runs the tests, and "cmake
// --build build --config Release" builds.
var nameFlags = set("--features", "--exclude-features", "-p", "--package", "--target", "-c", "--configuration", "--config")

var releaseWords = set("release", "releases", "publish", "push", "deploy", "deployment", "tag", "sign", "rpmbuild", "signing", "rpmsign", "codesign",
	"signtool", "notarize", "notarytool", "bump", "upload", "twine", "goreleaser", "macospkg", "pkgmacos")

// adminPrograms change the machine rather than the project, or debug a
// crash (gdb on a core file).
var adminPrograms = set("mknod", "mount", "umount", "sysctl", "chown", "chgrp", "useradd", "groupadd", "modprobe",
	"systemctl", "service", "ulimit", "losetup", "setcap", "dd", "swapon", "iptables", "pushd", "popd", "gdb", "lldb")

// windowsShell is a word only Windows' shell reads: a path with
// backslashes from the current directory or a drive, or a %VARIABLE%
// (Dapper's README "dotnet run --project .\benchmarks\Dapper.Tests.Performance\",
// its CI's "/p:PackageOutputPath=%CD%\.nupkgs"); date's +%Y%m%d is no
// variable.
var windowsShell = regexp.MustCompile(`(?:^|[\s=])(?:\.{1,2}|[A-Za-z]:)\\\w|%[A-Za-z_]\w+%`)

// ciMachinery tells a line that runs the CI's own scripts, kept under
// .github/ (the MCP Python SDK's conformance runs
// "./.github/actions/conformance/run-server.sh", and "node --test
// .github/scripts/pr_intake_gate.test.js" tests a pull-request bot): they
// serve the CI, not the code an agent changes. A linter given its
// settings from there still lints the code.
func ciMachinery(line string) bool {
	f := unwrapRunner(strings.Fields(line))
	for len(f) > 0 && isAssignment(f[0]) {
		f = f[1:]
	}
	if len(f) == 0 {
		return false
	}
	script := f[0]
	if scriptRunners[script] || script == "python" || script == "python3" {
		script = ""
		for _, a := range f[1:] {
			if !strings.HasPrefix(a, "-") {
				script = a
				break
			}
		}
	}
	script = strings.TrimPrefix(script, "./")
	return strings.HasPrefix(script, ".github/") || strings.HasPrefix(script, ".gitlab/") || strings.HasPrefix(script, ".circleci/")
}

// ciReporters turn a run's output or report into the CI service's
// annotations and uploads: PHPMailer's "cs2pr ./phpcs-report.xml" shows
// phpcs's findings on a pull request, and checks nothing itself.
var ciReporters = set("cs2pr", "codecov", "coveralls", "reviewdog")

// cmdlet is a PowerShell command (Invoke-WebRequest, Get-ChildItem).
var cmdlet = regexp.MustCompile(`^[A-Z][a-z]+-[A-Z][A-Za-z]+$`)

// notForAgents reports command lines an agent should not be told to run:
// release, signing and deployment steps; lines that still hold a CI
// expression (${{ ... }}), which no shell expands; system administration;
// Windows-only programs; and shell fragments (a program held in a
// variable, "$@", "|| STATUS=$?", a line that opens or closes a block).
// scaffolds tells a line that makes a new project from a template (npx
// degit, npm create, yarn create, npx create-vite): a reader's next
// project, not this one's build.
func scaffolds(line string) bool {
	var words []string
	for _, f := range strings.Fields(line) {
		if !isAssignment(f) && !strings.HasPrefix(f, "-") {
			words = append(words, f)
		}
	}
	if len(words) < 2 {
		return false
	}
	switch prog, sub := words[0], words[1]; prog {
	case "npx", "bunx", "pnpx":
		return sub == "degit" || strings.HasPrefix(sub, "create-")
	case "npm", "yarn", "pnpm", "bun":
		if sub == "dlx" || sub == "exec" || sub == "x" {
			return len(words) > 2 && (words[2] == "degit" || strings.HasPrefix(words[2], "create-"))
		}
		return sub == "create" || sub == "init" && len(words) > 2
	}
	return false
}

// versionOnly tells a line that only prints a tool's version or help
// (yarn tsc --version): a check of the machine, running nothing.
func versionOnly(line string) bool {
	if before, _, ok := strings.Cut(line, "|"); ok && !strings.Contains(line, "||") {
		line = strings.TrimSpace(before) // poetry's CI "poetry@build --version | grep ..." checks a version
	}
	f := strings.Fields(line)
	if len(f) < 2 {
		return false
	}
	switch f[len(f)-1] {
	case "--version", "-V", "--help", "-h", "version":
	default:
		return false
	}
	for _, w := range f[:len(f)-1] {
		if strings.HasPrefix(w, "-") {
			return false
		}
	}
	return true
}

// ciVariable is a variable the CI service sets for a run: GitHub's, a
// runner's, GitLab's.
var ciVariable = regexp.MustCompile(`\$\{?(?:GITHUB|RUNNER|CI)_[A-Z_]+`)

func notForAgents(line string) bool {
	if strings.Contains(line, "${{") || strings.Contains(line, "$@") || strings.Contains(line, "$*") || strings.Contains(line, "$?") ||
		strings.Contains(line, "[@]}") || strings.Contains(line, "[*]}") {
		return true // a script's own arguments or arrays ("${GRADLE_ARGS[@]}")
	}
	if ciVariable.MatchString(line) {
		return true // what the CI run gives it: --from-ref origin/${GITHUB_BASE_REF}
	}
	if scaffolds(line) || versionOnly(line) {
		return true
	}
	if f := strings.Fields(line); len(f) > 0 && (strings.HasSuffix(f[len(f)-1], ";;") || strings.HasSuffix(f[0], ")")) {
		return true // an arm of a shell case: ".preview.pr-comment.md|.stable.pr-comment.md) ;;"
	}
	if f := strings.Fields(line); len(f) > 0 && isAssignment(f[0]) && (strings.Contains(f[0], "=$(") || strings.Contains(f[0], "=`")) {
		return true // a variable set from a command's output: msw's "latest_version=$(npm show typescript dist-tags.latest)"
	}
	prog := programOf(line)
	if prog == "" || strings.HasPrefix(prog, "$") || strings.HasPrefix(prog, `"$`) || strings.HasPrefix(prog, `'`) ||
		strings.ContainsAny(prog[:1], "![{<>|&;=") {
		return true // a condition or a fragment, "! \"$run_attempt\" =~ ^[0-9]+$ ||"
	}
	if windowsShell.MatchString(line) {
		return true // agents here run a POSIX shell
	}
	if ciMachinery(line) {
		return true
	}
	if adminPrograms[prog] || ciReporters[prog] || cmdlet.MatchString(prog) || strings.HasSuffix(strings.ToLower(strings.Trim(prog, `"'`)), ".exe") {
		return true
	}
	t := strings.TrimSpace(line)
	if strings.HasSuffix(t, "{") || strings.HasSuffix(t, "(") || strings.HasPrefix(t, "}") || strings.HasSuffix(t, "\\") ||
		strings.HasSuffix(t, "||") || strings.HasSuffix(t, "&&") || strings.HasSuffix(t, "|") {
		return true // goes on below
	}
	if strings.HasSuffix(t, "&") && !strings.HasSuffix(t, "&&") {
		return true // a server CI starts in the background for the tests ("node tests/server.js &")
	}
	value := false
	for _, f := range strings.Fields(strings.ToLower(line)) {
		if value || strings.Contains(f, ",") {
			// A flag's value or a list, not what the line does: log's
			// "cargo hack test --exclude-features max_level_off,release_max_level_off"
			// tests.
			value = false
			continue
		}
		if strings.HasPrefix(f, "-") {
			value = nameFlags[f]
			continue // cargo test --release is a test
		}
		if f == "pack" {
			return true // dotnet pack, npm pack: a package to publish (wasm-pack is a tool's name)
		}
		prev := ""
		for _, w := range wordSplit.Split(f, -1) {
			if releaseWords[w] || w == "version" && versionSetters[prev] {
				return true
			}
			prev = w
		}
	}
	return false
}

// versionSetters are the words before "version" in a task that writes the
// release's version (fastify's build:sync-version), not one that checks it
// (axios' test:build:version).
var versionSetters = set("sync", "set", "bump", "update", "write", "inc", "increment")
