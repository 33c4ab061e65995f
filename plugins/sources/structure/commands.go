package structure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
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
// order (so "test-build" is a test and "lint:fix" is lint).
var kindWords = []struct {
	kind  string
	words map[string]bool
}{
	{KindTest, set("test", "tests", "spec", "specs", "e2e", "integration", "unit", "coverage", "cover", "bench", "benchmark",
		"pytest", "jest", "vitest", "mocha", "rspec", "phpunit", "ctest", "nextest", "tox", "nox")},
	{KindLint, set("lint", "lints", "linter", "vet", "fmt", "format", "style", "check", "typecheck", "tsc", "clippy", "eslint",
		"prettier", "golangci", "staticcheck", "mypy", "ruff", "flake8", "pylint", "rubocop", "black", "isort", "gofmt",
		"goimports", "shellcheck", "stylelint", "ktlint", "detekt", "spotless", "checkstyle")},
	{KindBuild, set("build", "compile", "bundle", "dist", "package", "all", "generate", "gen", "assemble", "webpack", "vite", "rollup", "esbuild")},
	{KindRun, set("run", "start", "serve", "server", "dev", "watch", "preview", "up")},
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var wordSplit = regexp.MustCompile(`[^a-z0-9]+`)

// classify gives the kind of a target or script name (its words are
// checked in kind order).
func classify(text string) string {
	return classifyWords(wordSplit.Split(strings.ToLower(text), -1))
}

// runners run a project script or tool named by a later word:
// "npm run build" is a build, "poetry run pytest" a test.
var runners = set("npm", "yarn", "pnpm", "bun", "npx", "poetry", "uv", "pipenv", "pdm", "hatch", "bundle", "tox")

// classifyLine gives the kind of a command line by its program and
// subcommands: the first few words that are neither flags nor variable
// assignments, in order, the first that says something deciding
// ("cargo build --bin test-mem" builds). Installing things is not a build.
func classifyLine(line string) string {
	n := 0
	prev := ""
	for _, f := range strings.Fields(strings.ToLower(line)) {
		if strings.HasPrefix(f, "-") || strings.Contains(f, "=") && !strings.HasPrefix(f, "=") {
			continue
		}
		if n++; n > 4 || f == "|" || f == "&&" || f == ";" || f == "||" {
			break
		}
		switch {
		case f == "install" || f == "ci" || f == "add" || f == "i" || f == "upgrade" || f == "download":
			return KindOther
		case f == "pre-commit" || f == "precommit":
			return KindLint
		case (f == "run" || f == "exec" || f == "x") && runners[prev]:
			continue
		}
		prev = f
		if k := classifyWords(wordSplit.Split(f, -1)); k != KindOther {
			return k
		}
	}
	return KindOther
}

func classifyWords(words []string) string {
	for _, k := range kindWords {
		for _, w := range words {
			if k.words[w] {
				return k.kind
			}
		}
	}
	return KindOther
}

// commandSet collects build commands, first origin wins.
type commandSet struct {
	seen map[string]bool
	list []*sdk.BuildCommand
}

// addTarget adds a named entry point of a build file: every one of the
// root's, but only the test, lint, build and run ones of nested files
// (a generated docs/Makefile has thirty "other" targets).
func (s *commandSet) addTarget(file, kind, command, origin string) {
	if kind == KindOther && path.Dir(file) != "." {
		return
	}
	s.add(kind, command, origin)
}

func (s *commandSet) add(kind, command, origin string) {
	command = validUTF8(strings.TrimSpace(command))
	if command == "" || s.seen[command] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[command] = true
	s.list = append(s.list, &sdk.BuildCommand{Kind: kind, Command: command, Origin: validUTF8(origin)})
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

// makefileCommands lists a Makefile's targets, except dot targets,
// pattern rules, and targets that name files (a path or an extension)
// unless declared .PHONY.
func makefileCommands(p string, data []byte, out *commandSet) {
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
	phony := map[string]bool{}
	type target struct {
		name string
		n    int
	}
	var targets []target
	inDefine := false
	for _, l := range logical {
		text := l.text
		if strings.HasPrefix(text, "\t") {
			continue // a recipe line
		}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		trimmed := strings.TrimSpace(text)
		first, _, _ := strings.Cut(trimmed, " ")
		switch {
		case inDefine:
			inDefine = first != "endef"
			continue
		case first == "define":
			inDefine = true
			continue
		case trimmed == "" || contains(makeDirectives, first):
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
		if strings.ContainsAny(text[:colon], "$(){}'\",;") {
			continue // $(error ...: ...), computed targets and the like
		}
		names := strings.Fields(text[:colon])
		if len(names) == 1 && names[0] == ".PHONY" {
			for _, n := range strings.Fields(rest) {
				phony[n] = true
			}
			continue
		}
		for _, n := range names {
			targets = append(targets, target{n, l.n})
		}
	}
	prefix := "make "
	if dir := path.Dir(p); dir != "." {
		prefix = "make -C " + dir + " "
	}
	for _, t := range targets {
		n := t.name
		if strings.HasPrefix(n, ".") || strings.ContainsAny(n, "%$()") {
			continue
		}
		if !phony[n] && (strings.Contains(n, "/") || fileLike.MatchString(n)) {
			continue
		}
		out.addTarget(p, classify(n), prefix+n, fmt.Sprintf("%s:%d", p, t.n))
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

// packageScripts lists package.json scripts in file order with their
// lines; pre/post hooks of another script are left out.
func packageScripts(p string, data []byte, out *commandSet) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("not a JSON object")
	}
	type script struct {
		name string
		line int
	}
	var scripts []script
	names := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		if key != "scripts" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return fmt.Errorf("scripts is not an object")
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			name, _ := t.(string)
			line := lineOf(data, int(dec.InputOffset()))
			var body json.RawMessage
			if err := dec.Decode(&body); err != nil {
				return err
			}
			scripts = append(scripts, script{name, line})
			names[name] = true
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
	}
	prefix := "npm run "
	if dir := path.Dir(p); dir != "." {
		prefix = "npm --prefix " + dir + " run "
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
		out.addTarget(p, classify(s.name), prefix+s.name, fmt.Sprintf("%s:%d", p, s.line))
	}
	return nil
}

// shellSkip are first words of script lines that are plumbing, not a
// command worth telling an agent about.
var shellSkip = set("echo", "printf", "cd", "set", "export", "if", "then", "else", "elif", "fi", "for", "while", "do",
	"done", "case", "esac", "{", "}", "source", ".", "exit", "true", "false", "sleep", "mkdir", "rm", "cp", "mv", "cat",
	"ls", "chmod", "ln", "touch", "tar", "unzip", "curl", "wget", "git", "sudo", "apt-get", "apt", "brew", "pip",
	"pip3", "npm", "yarn", "pnpm", "env", "test", "[", "[[", "trap", "return", "local", "shift", "wait")

// scriptCommands splits a CI script into its commands (joining lines
// ended by a backslash) with their line numbers, and keeps those that
// test, lint, build or run something.
func scriptCommands(file, script string, firstLine int, workDir string, out *commandSet) {
	lines := strings.Split(script, "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		text := strings.TrimSpace(lines[i])
		for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
			i++
			text = strings.TrimSpace(strings.TrimSuffix(text, "\\")) + " " + strings.TrimSpace(lines[i])
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		body := text
		if strings.HasPrefix(body, "cd ") { // "cd web && npm test": judge what runs
			if _, after, ok := strings.Cut(body, "&&"); ok {
				body = strings.TrimSpace(after)
			}
		}
		first, _, _ := strings.Cut(body, " ")
		kind := classifyLine(body)
		if kind == KindOther {
			continue
		}
		if shellSkip[first] && !isRunner(body) {
			continue
		}
		cmd := text
		if workDir != "" {
			cmd = inDir(workDir, text)
		}
		out.add(kind, cmd, fmt.Sprintf("%s:%d", file, firstLine+start))
	}
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

func yamlRoot(data []byte) (*yaml.Node, error) {
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
	jobs := mapGet(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil
	}
	for i := 1; i < len(jobs.Content); i += 2 {
		job := resolve(jobs.Content[i])
		jobDir := ""
		if wd := mapGet(mapGet(mapGet(job, "defaults"), "run"), "working-directory"); wd != nil {
			jobDir = wd.Value
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
				dir = wd.Value
			}
			scriptCommands(p, run.Value, scalarStart(run), dir, out)
		}
	}
	return nil
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
				scriptCommands(p, n.Value, scalarStart(n), "", out)
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
func conventionCommands(manifests []*sdk.Manifest, hasGradlew map[string]bool, out *commandSet) {
	if out.has(KindTest) {
		return
	}
	conventions := []struct {
		file string
		cmd  func(dir string) string
	}{
		{"go.mod", func(string) string { return "go test ./..." }},
		{"Cargo.toml", func(string) string { return "cargo test" }},
		{"pom.xml", func(string) string { return "mvn test" }},
		{"build.gradle", func(dir string) string {
			if hasGradlew[dir] {
				return "./gradlew test"
			}
			return "gradle test"
		}},
	}
	for _, c := range conventions {
		var dirs []string
		root := false
		for _, m := range manifests {
			base := path.Base(m.GetPath())
			if base != c.file && !(c.file == "build.gradle" && base == "build.gradle.kts") {
				continue
			}
			dir := path.Dir(m.GetPath())
			root = root || dir == "."
			dirs = append(dirs, dir)
		}
		if root {
			dirs = []string{"."}
		}
		for _, dir := range dirs {
			out.add(KindTest, inDir(dir, c.cmd(dir)), path.Join(dir, c.file)+" (convention)")
		}
	}
}
