package structure

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// headTree is what a command line may name, as HEAD has it: files,
// directories, and the targets, scripts and recipes its build files define.
// A guide that says `go run main.go` when there is no main.go, or `make
// docs` when no Makefile defines docs, would send an agent into an error:
// such commands are left out.
type headTree struct {
	files, dirs map[string]bool
	// read gives a build file's text by its path (Makefiles, their
	// includes, package.json, justfiles).
	read  func(string) ([]byte, bool)
	makes map[string]*makeRules
	// members maps a workspace package's name to its directory, read
	// from every package.json at HEAD when a command first names one.
	members map[string]string
}

func newHeadTree(entries []entry, read func(string) ([]byte, bool)) *headTree {
	t := &headTree{files: make(map[string]bool, len(entries)), dirs: map[string]bool{".": true}, read: read, makes: map[string]*makeRules{}}
	for _, e := range entries {
		t.files[e.path] = true
		for d := path.Dir(e.path); d != "." && !t.dirs[d]; d = path.Dir(d) {
			t.dirs[d] = true
		}
	}
	return t
}

// outputDirs hold what a build or an install makes: `./bin/gh` after
// `make` is not in the tree, and need not be, nor composer's
// vendor/bin/phpunit.
var outputDirs = set("bin", "build", "target", "dist", "out", "node_modules", ".venv", "venv", "_build", ".build", "vendor")

func (t *headTree) exists(p string) bool { return t.files[p] || t.dirs[p] }

// checkPath reports what is missing when arg, a path relative to dir,
// names nothing at HEAD; paths outside the repository, globs, variables
// and build outputs are not checked.
func (t *headTree) checkPath(dir, arg string) string {
	arg = strings.Trim(arg, `"'`)
	if arg == "" || strings.HasPrefix(arg, "/") || strings.HasPrefix(arg, "~") || strings.ContainsAny(arg, "*?[{$<>=") {
		return ""
	}
	p := path.Join(dir, strings.TrimSuffix(arg, "/..."))
	if p == ".." || strings.HasPrefix(p, "../") {
		return ""
	}
	first, _, _ := strings.Cut(p, "/")
	if outputDirs[first] || t.exists(p) {
		return ""
	}
	return "no " + p
}

// missing returns what cmd names that HEAD lacks ("no main.go", "no make
// target docs in Makefile"), or "" when all it names is there or is
// beyond checking.
func (t *headTree) missing(cmd string) string {
	dir := "."
	for _, seg := range splitShell(cmd) {
		words := strings.Fields(seg)
		for len(words) > 0 && isAssignment(words[0]) {
			words = words[1:]
		}
		words = unwrapRunner(words)
		if len(words) == 0 {
			continue
		}
		prog, args := words[0], words[1:]
		gen := configureScript(words)
		var why string
		switch {
		case gen != "" && path.Base(gen) != "configure":
			// They write configure, which the next part runs (for this
			// command only).
			if made := path.Join(dir, "configure"); !t.files[made] && (t.files[path.Join(dir, "configure.ac")] || t.files[path.Join(dir, "configure.in")]) {
				t.files[made] = true
				defer delete(t.files, made)
			}
			if strings.Contains(gen, "/") || gen != prog {
				why = t.checkPath(dir, gen) // ./autogen.sh, sh autogen.sh
			}
		case prog == "mkdir":
			// It makes what the next parts enter ("mkdir -p _build && cd
			// _build && cmake ..", for this command only).
			for _, a := range args {
				if made := path.Join(dir, a); !strings.HasPrefix(a, "-") && !t.dirs[made] {
					t.dirs[made] = true
					defer delete(t.dirs, made)
				}
			}
		case prog == "cd" && len(args) == 1:
			if why = t.checkPath(dir, args[0]); why == "" && !strings.ContainsAny(args[0], "$~") {
				dir = path.Join(dir, args[0])
			}
		case strings.Contains(prog, "/"):
			why = t.checkPath(dir, prog)
		case prog == "make" || prog == "gmake":
			why = t.makeMissing(dir, args)
		case prog == "npm" || prog == "pnpm" || prog == "yarn" || prog == "bun":
			why = t.scriptMissing(dir, prog, args)
		case mavenProgram(prog):
			if goals, file := mavenArgs(args); len(goals) == 0 && file != "" {
				pom := path.Join(dir, file)
				if _, ok := t.mavenDefaultGoal(pom); !ok && t.files[pom] {
					why = "no default goal in " + pom
				} else if !ok {
					why = "no " + pom
				}
			}
		case prog == "just":
			why = t.recipeMissing(dir, args)
		case prog == "composer":
			why = t.composerMissing(dir, args)
		case prog == "go":
			why = t.goMissing(dir, args)
		case prog == "pytest" || prog == "py.test":
			why = t.argsMissing(dir, args, pytestValueFlags, false)
		case prog == "python" || prog == "python3":
			if len(args) >= 2 && args[0] == "-m" {
				if args[1] == "pytest" {
					why = t.argsMissing(dir, args[2:], pytestValueFlags, false)
				}
				break
			}
			why = t.argsMissing(dir, args, nil, true)
		case scriptRunners[prog]:
			why = t.argsMissing(dir, args, nil, true)
		}
		if why != "" {
			return why
		}
	}
	return ""
}

// scriptArg is a word naming a program's source file: "server.py".
var scriptArg = regexp.MustCompile(`^[\w./-]+\.(?:py|js|mjs|cjs|ts|rb|php|go|rs|java|kt|sh)$`)

// scriptArgMissing checks the source files a guide's command names as its
// arguments, whatever runs them: the MCP Python SDK's README says "uv run
// mcp dev server.py" of a server.py the reader writes, which the
// repository has not. A command that changes directory is left to missing.
func (t *headTree) scriptArgMissing(cmd string) string {
	if strings.Contains(cmd, "cd ") {
		return ""
	}
	for _, seg := range splitShell(cmd) {
		words := strings.Fields(seg)
		for i := 1; i < len(words); i++ {
			if w, _, _ := strings.Cut(words[i], "::"); scriptArg.MatchString(w) && !strings.HasPrefix(w, "-") {
				if why := t.checkPath(".", w); why != "" {
					return why
				}
			}
		}
	}
	return ""
}

// scriptRunners run the script file named by their first argument.
var scriptRunners = set("node", "bash", "sh", "zsh", "ruby", "perl", "php", "deno", "tsx", "ts-node")

var pytestValueFlags = set("-k", "-m", "-p", "-c", "-o", "--rootdir", "--junitxml", "--basetemp", "--deselect", "--ignore", "--ignore-glob", "--cov", "--cov-report", "--tb", "-n", "--maxfail")

// argsMissing checks the positional arguments that look like paths (a
// slash or a file extension); with first set, only the first positional,
// which is a script its runner runs (the rest are the script's own).
func (t *headTree) argsMissing(dir string, args []string, valueFlags map[string]bool, first bool) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if valueFlags[a] {
			i++
			continue
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		a, _, _ = strings.Cut(a, "::") // pytest's tests/test_x.py::test_y
		if strings.Contains(a, "/") || fileLike.MatchString(a) {
			if why := t.checkPath(dir, a); why != "" {
				return why
			}
		}
		if first {
			return ""
		}
	}
	return ""
}

var goValueFlags = set("-o", "-run", "-bench", "-tags", "-ldflags", "-gcflags", "-asmflags", "-count", "-timeout", "-p", "-coverprofile",
	"-covermode", "-coverpkg", "-cpuprofile", "-memprofile", "-blockprofile", "-mutexprofile", "-trace", "-exec", "-mod", "-modfile",
	"-skip", "-parallel", "-benchtime", "-cpu", "-shuffle", "-fuzz", "-fuzztime", "-outputdir", "-pkgdir", "-buildmode", "-compiler",
	"-installsuffix", "-overlay", "-pgo", "-toolexec", "-vet", "-list")

// goMissing checks the packages and files a go command names: `go run
// main.go`, `go test ./pkg/...`, `go build -C tools ./cmd/x`. Import
// paths (golang.org/x/...) are not the tree's to check.
func (t *headTree) goMissing(dir string, args []string) string {
	if len(args) == 0 {
		return ""
	}
	sub := args[0]
	switch sub {
	case "run", "build", "test", "vet", "install", "generate", "list":
	default:
		return ""
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-C" && i+1 < len(args):
			if why := t.checkPath(dir, args[i+1]); why != "" {
				return why
			}
			dir = path.Join(dir, args[i+1])
			i++
			continue
		case a == "-args" || a == "--":
			return ""
		case goValueFlags[a]:
			i++
			continue
		case strings.HasPrefix(a, "-"):
			continue
		}
		if strings.HasPrefix(a, "./") || strings.HasPrefix(a, "../") || a == "." || strings.HasSuffix(a, ".go") {
			if why := t.checkPath(dir, a); why != "" {
				return why
			}
		}
		if sub == "run" && !strings.HasSuffix(a, ".go") {
			return "" // the rest are the program's arguments
		}
	}
	return ""
}

var makeValueFlags = set("-C", "-f", "--file", "--makefile", "-I", "-j", "-l", "-o", "-W", "--directory")

// makeMissing checks `make [-C dir] [-f file] targets`: the Makefile must
// exist and define each target, itself, through a file it includes or a
// pattern rule.
func (t *headTree) makeMissing(dir string, args []string) string {
	dir, file, targets := makeArgs(dir, args)
	if strings.ContainsAny(dir+file, "$~") {
		return ""
	}
	mf := t.makefileIn(dir, file)
	if in := path.Join(dir, "Makefile.in"); file == "" && t.files[in] && t.files[path.Join(dir, "configure")] {
		// configure writes the Makefile from Makefile.in, over any
		// Makefile there: zlib's only says to run configure first.
		mf = in
	}
	if mf == "" || !t.files[mf] {
		if file == "" && t.files[path.Join(dir, "Makefile.am")] {
			return "" // configure writes it, with automake's targets (all, check, install...)
		}
		return "no Makefile in " + dirName(dir)
	}
	rules := t.makeRules(mf)
	if rules == nil {
		return "" // unreadable here: not ours to judge
	}
	for _, target := range targets {
		if strings.ContainsAny(target, "$`") || rules.defines(target) {
			continue
		}
		return fmt.Sprintf("no make target %s in %s", target, mf)
	}
	return ""
}

// makeArgs reads make's arguments: the directory it runs in (-C), the
// Makefile it is given (-f), and the targets it is asked for.
func makeArgs(dir string, args []string) (string, string, []string) {
	file := ""
	var targets []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "-C" || a == "--directory") && i+1 < len(args):
			dir = path.Join(dir, args[i+1])
			i++
		case (a == "-f" || a == "--file" || a == "--makefile") && i+1 < len(args):
			file = args[i+1]
			i++
		case makeValueFlags[a]:
			i++
		case strings.HasPrefix(a, "-") || isAssignment(a) || makeAssignment(a):
		default:
			targets = append(targets, a)
		}
	}
	return dir, file, targets
}

// makefileIn is the Makefile make reads in dir: the one it is given, else
// the first of the names GNU make tries; "" when there is none.
func (t *headTree) makefileIn(dir, file string) string {
	if file != "" {
		return path.Join(dir, file)
	}
	for _, name := range []string{"GNUmakefile", "makefile", "Makefile"} {
		if p := path.Join(dir, name); t.files[p] {
			return p
		}
	}
	return ""
}

// defaultGoalKind gives the kind of a `make` asked for no target: that of
// the Makefile's default goal. httpie's guide says "run `make`", whose
// default goal lists the tasks: no build.
func (t *headTree) defaultGoalKind(cmd string) (string, bool) {
	f := strings.Fields(cmd)
	if len(f) == 0 || f[0] != "make" && f[0] != "gmake" || strings.ContainsAny(cmd, "|&;$`") {
		return "", false
	}
	dir, file, targets := makeArgs(".", f[1:])
	mf := t.makefileIn(dir, file)
	if len(targets) > 0 || mf == "" || !t.files[mf] {
		return "", false
	}
	rules := t.makeRules(mf)
	if rules == nil {
		return "", false
	}
	goal := rules.defaultGoal()
	if goal == nil {
		return "", false
	}
	return rules.goalKind(goal), true
}

// mavenProgram tells Maven or its wrapper.
func mavenProgram(prog string) bool { return prog == "mvn" || path.Base(prog) == "mvnw" }

// mavenValueFlags are Maven's options that take the next word as their
// value.
var mavenValueFlags = set("-P", "--activate-profiles", "-pl", "--projects", "-f", "--file", "-s", "--settings", "-gs",
	"--global-settings", "-T", "--threads", "-rf", "--resume-from", "-D", "--define", "-l", "--log-file", "-b", "--builder")

// mavenArgs reads Maven's arguments: the goals and phases it is asked for,
// and the build file it reads ("" when -f names a directory or a variable).
func mavenArgs(args []string) (goals []string, file string) {
	file = "pom.xml"
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "-f" || a == "--file") && i+1 < len(args):
			file = args[i+1]
			if strings.ContainsAny(file, "$~") {
				file = ""
			} else if path.Ext(file) != ".xml" {
				file = path.Join(file, "pom.xml")
			}
			i++
		case mavenValueFlags[a]:
			i++
		case strings.HasPrefix(a, "-"):
		default:
			goals = append(goals, a)
		}
	}
	return goals, file
}

// mavenDefault is a POM's default goal: what Maven runs when asked for
// none.
var mavenDefault = regexp.MustCompile(`<defaultGoal>\s*([^<]*?)\s*</defaultGoal>`)

// mavenDefaultGoal returns the goals and phases of the POM's first
// default goal (the build's, before its profiles'); false when it has
// none, and true with nothing when the POM is not readable here.
func (t *headTree) mavenDefaultGoal(pom string) ([]string, bool) {
	if !t.files[pom] {
		return nil, false
	}
	data, ok := t.read(pom)
	if !ok {
		return nil, true
	}
	m := mavenDefault.FindSubmatch(data)
	if m == nil {
		return nil, false
	}
	return strings.Fields(string(m[1])), true
}

// mavenDefaultKind gives the kind of a Maven run asked for no goal, by its
// POM's default goal: commons-lang's "clean verify apache-rat:check
// checkstyle:check ..." runs the tests and the checks. A phase that runs
// the tests wins, then one that builds, then what the goals' names say.
func (t *headTree) mavenDefaultKind(cmd string) (string, bool) {
	f := strings.Fields(cmd)
	if len(f) == 0 || !mavenProgram(f[0]) || strings.ContainsAny(cmd, "|&;") {
		return "", false
	}
	goals, file := mavenArgs(f[1:])
	if len(goals) > 0 || file == "" {
		return "", false
	}
	phases, ok := t.mavenDefaultGoal(file)
	if !ok || len(phases) == 0 {
		return "", false
	}
	build := false
	for _, p := range phases {
		switch p {
		case "test", "verify", "integration-test":
			return KindTest, true
		case "compile", "package", "install":
			build = true
		}
	}
	if build {
		return KindBuild, true
	}
	if k := strongestKind(phases); k != KindOther {
		return k, true
	}
	return "", false
}

// rakeDefault is the root Rakefile's default task and what it runs:
// "task default: [:spec, :features]", "task :default => :test".
var rakeDefault = regexp.MustCompile(`(?m)^\s*task\s*\(?\s*(?:default:|:default\s*=>|"default"\s*=>)\s*\[?([^\]\n]*)`)

// rakeDefaultKind gives the kind of a rake asked for no task, by what the
// Rakefile's default task runs: httparty's "task default: [:spec,
// :features]" tests. A build among them wins, then a test, a lint.
func (t *headTree) rakeDefaultKind(cmd string) (string, bool) {
	if defaultTaskRunner(cmd) != "rake" || strings.ContainsAny(cmd, "|&;") {
		return "", false
	}
	data, ok := t.read("Rakefile")
	if !ok {
		return "", false
	}
	m := rakeDefault.FindSubmatch(data)
	if m == nil {
		return "", false
	}
	tasks := strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ',' || r == ' ' || r == ':' || r == '"' || r == '\'' })
	if k := strongestKind(tasks); k != KindOther {
		return k, true
	}
	return "", false
}

// automakeCheck tells `make check` (or distcheck) where automake writes
// the Makefile: there check is the test suite, not a linter. The make may
// come after the lines that configure it ("sh autogen.sh && ./configure
// && make check").
func (t *headTree) automakeCheck(cmd string) bool {
	parts := splitShell(cmd)
	if len(parts) == 0 {
		return false
	}
	f := strings.Fields(parts[len(parts)-1])
	if len(f) < 2 || f[0] != "make" && f[0] != "gmake" {
		return false
	}
	dir, check := ".", false
	for i := 1; i < len(f); i++ {
		switch {
		case (f[i] == "-C" || f[i] == "--directory") && i+1 < len(f):
			dir = path.Join(dir, f[i+1])
			i++
		case f[i] == "check" || f[i] == "distcheck":
			check = true
		}
	}
	return check && t.files[path.Join(dir, "Makefile.am")]
}

// makeCheckTests tells `make check` (after the environment's assignments,
// if any) where the Makefile's check target makes a test (see
// makeRules.checkTests).
func (t *headTree) makeCheckTests(cmd string) bool {
	f := strings.Fields(cmd)
	i := slices.IndexFunc(f, func(w string) bool { return w == "make" || w == "gmake" })
	if i < 0 || i > 0 && !envAssignment.MatchString(f[0]) || strings.ContainsAny(cmd, "|&;`") {
		return false
	}
	dir, file, targets := makeArgs(".", f[i+1:])
	mf := t.makefileIn(dir, file)
	if len(targets) != 1 || mf == "" || !t.files[mf] {
		return false
	}
	rules := t.makeRules(mf)
	return rules != nil && rules.checkTests(targets[0])
}

// envAssignment opens a command line that sets a variable for it.
var envAssignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// makeAssignment tells a variable given on make's command line: make's
// variable names may hold '-' and '.' (test-flags="" in prometheus' CI),
// which a shell variable's may not.
func makeAssignment(a string) bool {
	name, _, ok := strings.Cut(a, "=")
	return ok && name != "" && !strings.ContainsAny(name, "/$ ")
}

func (t *headTree) makeRules(p string) *makeRules {
	if mf, ok := t.makes[p]; ok {
		return mf
	}
	var mf *makeRules
	if data, ok := t.read(p); ok {
		mf = &makeRules{phony: map[string]bool{}}
		mf.read(p, data, t.read, map[string]bool{})
	}
	t.makes[p] = mf
	return mf
}

// defines tells whether make can build target: a rule names it, a
// forwarding rule reaches it, or a pattern or computed name may match it
// (which this reader does not expand, so it gives the benefit of doubt).
func (mf *makeRules) defines(target string) bool {
	if mf.patterns {
		return true
	}
	for _, t := range mf.targets {
		if t.name == target || mf.phony[target] || patternMatch(t.name, target) {
			return true
		}
		if pre, _, _ := strings.Cut(t.name, "$"); t.computed && strings.HasPrefix(target, pre) {
			return true
		}
		for _, fw := range mf.forwards {
			if t.name == fw+target {
				return true
			}
		}
	}
	return false
}

// patternMatch tells whether a pattern rule's target (build-%) matches name.
func patternMatch(pattern, name string) bool {
	pre, suf, ok := strings.Cut(pattern, "%")
	return ok && len(name) > len(pre)+len(suf) && strings.HasPrefix(name, pre) && strings.HasSuffix(name, suf)
}

// scriptMissing checks `npm run x`, `npm test`, `yarn x`, `npm --prefix
// web run x` against the package.json scripts.
func (t *headTree) scriptMissing(dir, prog string, args []string) string {
	var words, members []string
	everywhere := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		flag, value, inline := strings.Cut(a, "=")
		switch {
		case (a == "--prefix" || a == "-C" || a == "--cwd" || a == "--dir") && i+1 < len(args):
			dir = path.Join(dir, args[i+1])
			i++
		case memberFlag(prog, flag) && (inline || i+1 < len(args)):
			// The script is a workspace member's: `pnpm --filter @x/y
			// test`, `npm -w pkg run build`.
			if !inline {
				value = args[i+1]
				i++
			}
			members = append(members, value)
		case a == "-r" || a == "--recursive" || a == "--workspaces" || a == "-ws":
			everywhere = true
		case strings.HasPrefix(a, "-"):
		default:
			words = append(words, a)
		}
	}
	if len(words) == 0 || everywhere {
		return ""
	}
	script := ""
	switch {
	case (words[0] == "run" || words[0] == "run-script") && len(words) > 1:
		script = words[1]
	case words[0] == "test" || words[0] == "t" && prog == "npm":
		script = "test"
	case words[0] == "start" && (prog == "npm" || prog == "pnpm"):
		// npm falls back to `node server.js` when there is no start
		// script; express' README says `npm start` for an app its
		// generator makes, not for express itself.
		if t.files[path.Join(dir, "server.js")] {
			return ""
		}
		script = "start"
	case prog == "yarn" && !yarnBuiltins[words[0]]:
		script = words[0]
	default:
		return ""
	}
	if strings.ContainsAny(dir, "$~") {
		return ""
	}
	for _, m := range members {
		d, ok := t.workspaceMember(m)
		if !ok {
			// A pattern (./packages/*, pkg..., !pkg) or a member this
			// reader cannot place: no claim either way.
			return ""
		}
		if why := t.scriptIn(d, script); why != "" {
			return why
		}
	}
	if len(members) > 0 {
		return ""
	}
	return t.scriptIn(dir, script)
}

// memberFlag tells whether flag names the workspace member a package
// manager runs a script in: pnpm's --filter, npm's --workspace. pnpm's -w
// is --workspace-root and takes no name.
func memberFlag(prog, flag string) bool {
	switch flag {
	case "--filter", "-F":
		return prog == "pnpm"
	case "--workspace":
		return true
	case "-w":
		return prog == "npm"
	}
	return false
}

// workspaceMember finds the directory of the package.json whose name is
// name. Anything but a plain package name (a path, a glob, pnpm's selector
// syntax) is not looked up.
func (t *headTree) workspaceMember(name string) (string, bool) {
	if !validPackageName(name) {
		return "", false
	}
	if t.members == nil {
		t.members = map[string]string{}
		for p := range t.files {
			if path.Base(p) != "package.json" || strings.Contains(p, "node_modules/") {
				continue
			}
			data, ok := t.read(p)
			if !ok {
				continue
			}
			var doc struct {
				Name string `json:"name"`
			}
			if json.Unmarshal(data, &doc) == nil && doc.Name != "" {
				t.members[doc.Name] = path.Dir(p)
			}
		}
	}
	d, ok := t.members[name]
	return d, ok
}

// validPackageName tells a scoped or plain npm name (@zod/core,
// lodash.merge) from a selector that only looks like one.
func validPackageName(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") || strings.Contains(name, "...") || strings.ContainsAny(name, "*{}[]!^$~") {
		return false
	}
	scope, rest, scoped := strings.Cut(name, "/")
	if scoped {
		return strings.HasPrefix(scope, "@") && len(scope) > 1 && rest != "" && !strings.Contains(rest, "/")
	}
	return true
}

// scriptIn checks that dir's package.json has script.
func (t *headTree) scriptIn(dir, script string) string {
	return t.jsonScriptIn(dir, "package.json", script)
}

// jsonScriptIn checks that the manifest named file in dir (package.json,
// composer.json) has script among its scripts.
func (t *headTree) jsonScriptIn(dir, file, script string) string {
	p := path.Join(dir, file)
	data, ok := t.read(p)
	if !ok {
		if t.files[p] {
			return ""
		}
		return "no " + file + " in " + dirName(dir)
	}
	var doc struct {
		Scripts map[string]json.RawMessage `json:"scripts"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return ""
	}
	if _, ok := doc.Scripts[script]; !ok {
		return fmt.Sprintf("no script %s in %s", script, p)
	}
	return ""
}

// composerMissing checks `composer name` against composer.json's
// scripts when name is none of Composer's own commands: Carbon's CI runs
// `composer build` in a checkout of another repository.
func (t *headTree) composerMissing(dir string, args []string) string {
	name := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "-d" || a == "--working-dir") && i+1 < len(args) {
			dir = path.Join(dir, args[i+1])
			i++
			continue
		}
		if v, ok := strings.CutPrefix(a, "--working-dir="); ok {
			dir = path.Join(dir, v)
			continue
		}
		if !strings.HasPrefix(a, "-") {
			name = a
			break
		}
	}
	if name == "run-script" || name == "run" {
		return "" // the script is the next word; not checked
	}
	if name == "" || composerBuiltins[name] || strings.ContainsAny(dir+name, "$~") {
		return ""
	}
	return t.jsonScriptIn(dir, "composer.json", name)
}

// composerBuiltins are Composer's own commands and their aliases.
var composerBuiltins = set("about", "archive", "audit", "browse", "home", "bump", "check-platform-reqs", "clear-cache", "clearcache", "cc",
	"completion", "config", "create-project", "depends", "why", "diagnose", "dump-autoload", "dumpautoload", "exec", "fund", "global",
	"help", "init", "install", "i", "licenses", "list", "outdated", "prohibits", "why-not", "reinstall", "remove", "rm", "require", "r",
	"search", "self-update", "selfupdate", "show", "info", "status", "suggests", "update", "u", "upgrade", "validate")

var yarnBuiltins = set("add", "install", "remove", "upgrade", "init", "info", "why", "workspace", "workspaces", "dlx", "exec",
	"node", "set", "config", "cache", "global", "link", "unlink", "pack", "publish", "login", "logout", "version", "audit", "outdated")

// recipeMissing checks `just recipe` against the justfile's recipes.
func (t *headTree) recipeMissing(dir string, args []string) string {
	recipe := ""
	for _, a := range args {
		if !strings.HasPrefix(a, "-") && !isAssignment(a) {
			recipe = a
			break
		}
	}
	for _, name := range []string{"justfile", "Justfile", ".justfile"} {
		p := path.Join(dir, name)
		data, ok := t.read(p)
		if !ok {
			if t.files[p] {
				return ""
			}
			continue
		}
		if recipe == "" {
			return ""
		}
		for _, line := range strings.Split(string(data), "\n") {
			if m := justRecipe.FindStringSubmatch(line); m != nil && m[1] == recipe {
				return ""
			}
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "alias" && f[1] == recipe {
				return ""
			}
		}
		return fmt.Sprintf("no recipe %s in %s", recipe, p)
	}
	return "no justfile in " + dirName(dir)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func dirName(dir string) string {
	if dir == "." {
		return "the root"
	}
	return dir + "/"
}

// splitShell cuts a command line at &&, ||, ; and |, outside quotes.
func splitShell(line string) []string {
	var out []string
	start, skip := 0, false
	unquoted(line, func(i int) bool {
		if skip {
			skip = false
			return true
		}
		if c := line[i]; c == ';' || c == '|' || c == '&' && i+1 < len(line) && line[i+1] == '&' {
			out = append(out, line[start:i])
			skip = i+1 < len(line) && (line[i+1] == '&' || line[i+1] == '|')
			start = i + 1
			if skip {
				start++
			}
		}
		return true
	})
	return append(out, line[start:])
}

// unquoted calls at with the index of each byte of line outside single
// and double quotes (the quotes themselves included), until it returns
// false.
func unquoted(line string, at func(i int) bool) {
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		default:
			if !at(i) {
				return
			}
		}
	}
}

// withoutCloneDir drops a guide's cd into its clone: "cd flask && pytest"
// from a block that follows the guide's git clone of pallets/flask runs
// pytest at the repository's root, where an agent already is. The
// directory is one plain name HEAD does not have (nor a build's output).
func (t *headTree) withoutCloneDir(cmd string) string {
	rest, ok := strings.CutPrefix(cmd, "cd ")
	if !ok {
		return cmd
	}
	dir, after, ok := strings.Cut(rest, " && ")
	if !ok || strings.ContainsAny(dir, "/$~\\\"'") || dir == "." || dir == ".." || outputDirs[dir] || t.exists(dir) {
		return cmd
	}
	return after
}

// verifyCommands leaves out the commands that name what HEAD lacks, and
// says which in one note (a guide out of date is worth telling, but
// nothing was lost).
func verifyCommands(t *headTree, cmds []*sdk.BuildCommand) ([]*sdk.BuildCommand, *sdk.Diagnostic) {
	kept, dropped := verifyEach(t, cmds)
	return kept, droppedNote(dropped)
}

// verifyEach keeps the commands that name nothing HEAD lacks, their kinds
// told by what they run, and says of each one left out why.
func verifyEach(t *headTree, cmds []*sdk.BuildCommand) (kept []*sdk.BuildCommand, dropped []string) {
	for _, c := range cmds {
		why := ""
		if file, _, _ := strings.Cut(c.GetOrigin(), ":"); docFileKind(file) != "" {
			c.Command = t.withoutCloneDir(c.GetCommand())
			why = t.scriptArgMissing(c.GetCommand())
		}
		if why == "" {
			why = t.missing(c.GetCommand())
		}
		if why != "" {
			dropped = append(dropped, fmt.Sprintf("%s `%s` (%s)", c.GetOrigin(), c.GetCommand(), why))
			continue
		}
		if t.automakeCheck(c.GetCommand()) {
			c.Kind = KindTest // automake's check target runs the test suite
		}
		if t.makeCheckTests(c.GetCommand()) {
			c.Kind = KindTest
		}
		if kind, ok := t.defaultGoalKind(c.GetCommand()); ok {
			c.Kind = kind
		}
		if kind, ok := t.rakeDefaultKind(c.GetCommand()); ok {
			c.Kind = kind
		}
		if kind, ok := t.mavenDefaultKind(c.GetCommand()); ok {
			c.Kind = kind
		}
		kept = append(kept, c)
	}
	return kept, dropped
}

// droppedNote is the one note that says which documented commands were
// left out, nil when none was.
func droppedNote(dropped []string) *sdk.Diagnostic {
	if len(dropped) == 0 {
		return nil
	}
	const most = 5
	shown := dropped
	if len(shown) > most {
		shown = shown[:most]
	}
	verb := "names what HEAD lacks and was"
	if len(dropped) > 1 {
		verb = "name what HEAD lacks and were"
	}
	summary := fmt.Sprintf("%d documented %s %s left out: %s", len(dropped), plural(len(dropped), "command", "commands"), verb, strings.Join(shown, "; "))
	if len(dropped) > most {
		summary += fmt.Sprintf("; and %d more", len(dropped)-most)
	}
	return &sdk.Diagnostic{Severity: sdk.SeverityInfo, Summary: validUTF8(summary)}
}
