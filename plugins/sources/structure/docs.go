package structure

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// docFileKind tells whether p is an agents' guide, a contributing guide or
// a README whose commands are read: the root's AGENTS.md or CLAUDE.md and
// .github/copilot-instructions.md, CONTRIBUTING at the root or under docs/
// or .github/, and the pages of a contributing/ directory there.
// Contributing guides come first: they say how the maintainers work.
func docFileKind(p string) string {
	base := strings.ToUpper(path.Base(p))
	ext := path.Ext(base)
	if ext != "" && ext != ".MD" && ext != ".RST" && ext != ".TXT" && ext != ".MARKDOWN" && ext != ".RDOC" {
		return ""
	}
	name := strings.TrimSuffix(base, ext)
	dir := path.Dir(p)
	switch {
	case (name == "AGENTS" || name == "CLAUDE" || name == "GEMINI") && dir == "." || p == ".github/copilot-instructions.md":
		return "agents" // written for agents by the maintainers (not Homer's own: fileCommands)
	case name == "CONTRIBUTING" && (dir == "." || dir == "docs" || dir == ".github"):
		return "contributing"
	case name == "CONTRIBUTING" && strings.HasPrefix(dir, "docs/") && !translated(dir):
		return "contributing" // a documentation site's page: fastapi's docs/en/docs/contributing.md
	case dir == "docs/contributing" || dir == ".github/contributing" || dir == "contributing":
		return "contributing" // a guide split in pages (tokio's docs/contributing/pull-requests.md)
	case name == "README" && dir == ".":
		return "readme"
	}
	return ""
}

// languageDir is a directory named for a language: de, pt-BR, zh-hant.
var languageDir = regexp.MustCompile(`^[a-z]{2}([-_][A-Za-z]{2,4})?$`)

// translated tells a directory of a translation: one of its directories
// is named for a language other than English.
func translated(dir string) bool {
	for _, d := range strings.Split(dir, "/") {
		if languageDir.MatchString(d) && d != "en" && d != "en-US" && d != "en_US" {
			return true
		}
	}
	return false
}

// advisesAgainst is prose that names a command in order to warn off it.
var advisesAgainst = regexp.MustCompile(`(?i)\b(does not|doesn't|do not|don't|will not|won't|cannot|can't) (work|use|run)\b|\bnot (sufficient|enough|supported|recommended)\b|\binstead of\b|\bavoid\b|\bdeprecated\b`)

// requiredTool is the prose after a tool's name that says the tool is
// needed, not to be run: "`make` is also needed for the build".
var requiredTool = regexp.MustCompile(`(?i)^\s*(?:is|are)\s+(?:also\s+)?(?:needed|required|necessary)\b|^\s*(?:must|needs to|has to|should)\s+be\s+(?:installed|available|present)\b`)

// docPrograms are the programs whose command lines a guide's code is
// taken for: build tools, test runners and linters. Anything else in a
// guide (git, gh, brew, curl, a bare binary) is left out.
var docPrograms = set("make", "gmake", "go", "cargo", "npm", "yarn", "pnpm", "bun", "npx", "deno", "pytest", "tox", "nox",
	"uv", "poetry", "pdm", "hatch", "just", "./gradlew", "gradle", "mvn", "./mvnw", "bazel", "bazelisk", "cmake", "ctest",
	"rake", "bundle", "mix", "dotnet", "pre-commit", "golangci-lint", "ruff", "mypy", "flake8", "black", "eslint",
	"prettier", "tsc", "jest", "vitest", "task", "python", "python3")

// runVerb is prose that asks the reader to run what follows: "run",
// "build with:", "type", "using".
var runVerb = regexp.MustCompile(`(?i)\b(run|running|runs|use|using|execute|type|invoke|call|with|via|by|do|try|then)\b|:\s*$`)

// ranHere tells whether the words before a bare runner's name in a line
// (lead) say to run it: its own sentence where it has words before the
// name, else the line before ("To run the tests:" over "`tox`"). Having,
// installing or needing the tool is not running it: rich's "Or if you
// don't have `make`, run the following:".
func ranHere(before, lead string) bool {
	if strings.TrimSpace(lead) == "" {
		return runVerb.MatchString(before)
	}
	return runVerb.MatchString(lead) && !namedTool.MatchString(lead)
}

// articleBefore ends the words before a command that is named as a thing
// ("the `go test` tool", "through the normal `go test` capabilities").
var articleBefore = regexp.MustCompile(`(?i)\b(the|a|an|its|their|our|normal|standard|usual|built-in)\s+$`)

// sentenceBefore is the part of its sentence that comes before a point
// of a line.
func sentenceBefore(s string) string {
	if i := strings.LastIndexAny(s, ".!?:"); i >= 0 && i+1 < len(s) && s[i+1] == ' ' {
		return s[i+1:]
	}
	return s
}

// namedTool ends the words that name a tool rather than run it.
var namedTool = regexp.MustCompile(`(?i)\b(have|has|had|install|installed|installing|without|need|needs|require|requires)\s+$`)

// bareRunners run the project's default task when given no argument.
var bareRunners = set("make", "gmake", "just", "tox", "nox", "pytest", "rake", "mvn")

// programOf is a command line's program: its first word after leading
// VAR=value assignments.
func programOf(line string) string {
	for _, f := range strings.Fields(line) {
		if isAssignment(f) {
			continue
		}
		return f
	}
	return ""
}

var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

func isAssignment(word string) bool { return assignment.MatchString(word) }

// contextKind is the kind the prose around a command gives it, the verb
// "run" aside: "Always run before committing:" asks to execute what
// follows, it does not make it a program's run.
func contextKind(context string) string {
	words := wordSplit.Split(strings.ToLower(context), -1)
	words = slices.DeleteFunc(words, func(w string) bool { return w == "run" || w == "runs" || w == "running" })
	return classify(strings.Join(words, " "))
}

// docCommand tells whether line, found in a guide, is a command for an
// agent, and of which kind; context is the prose around it ("Run tests
// with:", a heading) which decides when the line itself does not ("make").
func docCommand(line, context string) (string, bool) {
	line = runBody(line) // libuv's README: "(cd build && ctest -C Debug --output-on-failure)"
	prog := programOf(line)
	if !docPrograms[prog] && !(strings.HasPrefix(prog, "./") && len(prog) > 2) {
		// A repository's own script is taken when its name says what it
		// does (coil's AGENTS.md: "`./test.sh`: full local validation");
		// the verifier drops it where HEAD has no such file.
		return "", false
	}
	if (prog == "python" || prog == "python3") && !strings.Contains(line, " -m ") {
		return "", false // python -m pytest, not python setup.py or a script
	}
	if installs(line) || len(strings.Fields(line)) == 1 && !bareRunners[prog] && !strings.HasPrefix(prog, "./") {
		return "", false // "`golangci-lint`" names a tool, it is no command
	}
	if synopsisSlot.MatchString(line) || placeholderName.MatchString(line) || scriptless(line) {
		return "", false // a synopsis ("npm run-script <command>", "go test -run TestName"), not a command
	}
	kind := classifyLine(line)
	if kind == KindOther && (bareRunners[prog] && len(strings.Fields(line)) == 1 || runsDefaultTask(line)) {
		kind = contextKind(context) // "Build with: `make`"
		if kind == KindOther && defaultTaskRunner(line) == "rake" {
			// grape's AGENTS.md: "Always run before committing: bundle
			// exec rake". Rake's default task is the tests by convention;
			// the Rakefile says (verifyCommands).
			kind = KindTest
		}
	}
	if kind == KindOther {
		return "", false
	}
	return kind, true
}

// synopsisSlot is a word a synopsis asks the reader to fill in: the
// <name> of "cargo test --test <name>", the {source_file_or_directory} of
// "black {source_file_or_directory}" and of nowinandroid's "./gradlew
// assemble{Variant}", the optional [match] of vite's "pnpm run test-serve
// [match]", an optional flag (yaml-cpp's "cmake [-G generator]
// [-DYAML_BUILD_SHARED_LIBS=on|OFF] ..") or an ellipsis standing for the
// rest ("uv run --frozen --python 3.10 pytest ..."). A shell's ${VAR} is
// no slot. A line holding one is a synopsis, not a command to run as
// written.
var synopsisSlot = regexp.MustCompile(`<[A-Za-z][\w.-]*>|(?:^|[^$])\{[A-Za-z_][\w.-]*\}|\s\[[A-Za-z_][\w.-]*(?:\.\.\.)?\](?:\s|$)|\s\[--?[A-Za-z][^\]]*\](?:\s|$)|\s(?:\.\.\.|…)(?:\s|$)`)

// placeholderName is a name a guide's example stands in for one of the
// reader's: "go test -run TestName/subtest_name ./...", "pytest -k
// test_name", any word of the reader's ("cargo test your_test", pflag's
// "go test /your/tests -run ^YourTest", factory_bot's "bundle exec rspec
// spec/path/to/spec.rb:123"), a name in the example package (--tests
// "com.example.myapp.MyTestClass"), and foo (the MCP Python SDK's
// "pytest tests/path/test_foo.py").
var placeholderName = regexp.MustCompile(`(?i)` + strings.Join([]string{
	// a test's or a file's name written for the reader's own
	`(?:^|[\s/=:'"])(?:test[_ ]?name|sub_?test_?name|my_?test[\w.]*|[\w.]*this_method|test_?file(?:_?name)?|path/to/[\w./-]*)(?:$|[\s/'":])`,
	// any word of the reader's: your_test, /your/tests
	`(?:^|[\s/=:'"^-])your[\w-]*(?:$|[\s/'"])`,
	// a name in the example package
	`\bcom\.example\.`,
	// the metasyntactic foo, alone or in a name: test_foo.py
	`(?:^|[\s/_.-])foo(?:[\s/_.-]|$)`,
}, "|"))

// scriptless tells a package manager's run that names no script ("npm
// run-script", "yarn run"): it lists the scripts, it runs none.
func scriptless(line string) bool {
	f := strings.Fields(line)
	return len(f) == 2 && (f[0] == "npm" || f[0] == "yarn" || f[0] == "pnpm" || f[0] == "bun") && (f[1] == "run" || f[1] == "run-script")
}

// installs reports lines that install or fetch things, which no context
// turns into a build.
func installs(line string) bool {
	for _, f := range strings.Fields(strings.ToLower(line))[1:] {
		if strings.HasPrefix(f, "-") {
			continue
		}
		switch f {
		case "install", "ci", "add", "i", "upgrade", "download", "get", "sync", "update", "init", "mod", "require":
			return true
		}
		return false
	}
	return false
}

var (
	// listItem opens a Markdown list item; the lines indented under it go
	// on with it, they are no code block.
	listItem    = regexp.MustCompile(`^\s{0,3}(?:[-*+]|\d+[.)])\s`)
	fence       = regexp.MustCompile("^\\s*(```+|~~~+)\\s*([A-Za-z0-9_+-]*)")
	inlineCode  = regexp.MustCompile("``?([^`]+)``?")
	mdHeading   = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*)$`)
	windowsOnly = regexp.MustCompile(`(?i)\b(windows|powershell|cmd\.exe)\b`)
)

// shellFences are code block languages that hold shell commands; a block
// with no language counts too.
var shellFences = set("", "sh", "bash", "shell", "console", "zsh", "shell-session", "sh-session", "terminal", "text")

// docCommands reads a Markdown, reStructuredText or RDoc guide: command lines in
// shell code blocks (with or without a "$ " prompt) and inline code in
// prose, each kept when it runs a build tool, test runner or linter.
func docCommands(p string, data []byte, out *commandSet) {
	lines := strings.Split(string(data), "\n")
	heading := ""
	prose := "" // the last line of prose before a code block
	inFence, shellBlock := false, false
	fenceMark := ""
	rstBlock, rstIndent := false, 0
	// Where a block's lines run: each block starts at the root, and a
	// guide's git clone is of the repository itself.
	wd := &workingDir{cloneIsHere: true, self: out.repo}
	newBlock := func() { *wd = workingDir{cloneIsHere: true, self: out.repo} }
	rdoc := strings.EqualFold(path.Ext(p), ".rdoc")
	rst := strings.EqualFold(path.Ext(p), ".rst")
	md := !rdoc && !rst
	// Markdown's indented code: lines four spaces in after a blank line,
	// where no list item goes on (django-rest-framework's "    ./runtests.py").
	indented, inList := false, false
	// release: the heading over the lines is a release's (releaseSection),
	// told once for each heading.
	release := false
	setHeading := func(h string) { heading, prose, release = h, "", releaseSection(h) }
	for i := 0; i < len(lines); i++ {
		raw := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimSpace(raw)
		origin := fmt.Sprintf("%s:%d", p, i+1)
		if rdoc {
			// RDoc: "= Title" headings, and verbatim text indented under
			// its paragraph, of which the "$ " prompt lines are commands
			// (rake's CONTRIBUTING.rdoc: "    $ rake").
			switch {
			case strings.HasPrefix(raw, "="):
				setHeading(strings.TrimSpace(strings.TrimLeft(raw, "=")))
			case raw != trimmed && strings.HasPrefix(trimmed, "$ ") && !release:
				blockLine(trimmed, heading+" "+prose, origin, wd, out)
			case trimmed != "":
				prose = trimmed
				newBlock()
			}
			continue
		}
		if m := fence.FindStringSubmatch(raw); m != nil && (!inFence || strings.HasPrefix(m[1], fenceMark) && m[2] == "") {
			if inFence {
				inFence = false
				continue
			}
			inFence, fenceMark = true, m[1][:3]
			shellBlock = shellFences[strings.ToLower(m[2])]
			newBlock()
			continue
		}
		if inFence {
			if shellBlock && !release {
				blockLine(trimmed, heading+" "+prose, origin, wd, out)
			}
			continue
		}
		if rstBlock {
			indent := len(raw) - len(strings.TrimLeft(raw, " \t"))
			if trimmed == "" {
				continue
			}
			if indent > rstIndent {
				if !release {
					blockLine(trimmed, heading+" "+prose, origin, wd, out)
				}
				continue
			}
			rstBlock = false
		}
		if md {
			spaced := strings.ReplaceAll(raw, "\t", "    ")
			indent := len(spaced) - len(strings.TrimLeft(spaced, " "))
			switch {
			case indented && (trimmed == "" || indent >= 4):
				if trimmed != "" && !release {
					blockLine(trimmed, heading+" "+prose, origin, wd, out)
				}
				continue
			case trimmed != "" && indent >= 4 && !inList && i > 0 && strings.TrimSpace(lines[i-1]) == "":
				indented = true
				newBlock()
				if !release {
					blockLine(trimmed, heading+" "+prose, origin, wd, out)
				}
				continue
			case trimmed != "" && indent < 4:
				indented = false
				inList = listItem.MatchString(raw)
			}
		}
		if trimmed == "" {
			continue
		}
		if m := mdHeading.FindStringSubmatch(raw); m != nil {
			setHeading(m[1])
			continue
		}
		if i+1 < len(lines) && rstUnderline(strings.TrimSpace(lines[i+1])) && !rstUnderline(trimmed) {
			setHeading(trimmed)
			i++
			continue
		}
		if strings.HasPrefix(trimmed, ".. code-block::") || strings.HasPrefix(trimmed, ".. code::") || strings.HasSuffix(trimmed, "::") && !strings.HasPrefix(trimmed, "..") {
			lang := strings.TrimSpace(trimmed[strings.LastIndex(trimmed, "::")+2:])
			rstBlock = shellFences[strings.ToLower(lang)] || strings.HasSuffix(trimmed, "::") && lang == ""
			newBlock()
			rstIndent = len(raw) - len(strings.TrimLeft(raw, " \t"))
			prose = trimmed
			continue
		}
		before := prose
		prose = trimmed
		if release {
			continue
		}
		text := inlineCode.ReplaceAllString(raw, "")
		if windowsOnly.MatchString(text) {
			continue // "Windows: `go run script\build.go`": agents here run a POSIX shell
		}
		if advisesAgainst.MatchString(text) {
			continue // "The `cargo fmt` command does not work on the Tokio codebase."
		}
		for _, at := range inlineCode.FindAllStringSubmatchIndex(raw, -1) {
			if rst && (at[1] < len(raw) && raw[at[1]] == '_' || !strings.HasPrefix(raw[at[0]:], "``")) {
				continue // reStructuredText's code is in double backquotes; `pytest collective`_ is a link
			}
			cmd := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(raw[at[2]:at[3]]), "$ "))
			if !strings.Contains(cmd, " ") && requiredTool.MatchString(raw[at[1]:]) {
				continue // a tool named as a requirement
			}
			if !strings.Contains(cmd, " ") && bareRunners[cmd] && !ranHere(before, raw[:at[0]]) {
				continue // named, not run: fastapi's "tests based on HTTPX and `pytest`"
			}
			if lead := sentenceBefore(raw[:at[0]]); articleBefore.MatchString(lead) && !runVerb.MatchString(lead) {
				continue // named as a thing, not run: testify's "out through the normal `go test` capabilities"
			}
			if kind, ok := docCommand(cmd, heading+" "+before+" "+text); ok {
				out.add(kind, cmd, origin)
			}
		}
	}
}

// releaseSection tells a guide's heading over the steps of a release
// (ruby/json's "### Release": "rake build", "gem push"): what an agent
// changing code runs is elsewhere.
func releaseSection(heading string) bool {
	for _, w := range wordSplit.Split(strings.ToLower(heading), -1) {
		if releaseHeadingWords[w] {
			return true
		}
	}
	return false
}

// releaseHeadingWords name a release in a heading; "push", "tag" or
// "sign" there may be a feature's ("Push notifications").
var releaseHeadingWords = set("release", "releases", "releasing", "publish", "publishing", "deploy", "deploying", "deployment")

// blockLine takes one line of a shell code block: a "$ " prompt is
// dropped, comments and output lines are not commands.
func blockLine(line, context, origin string, wd *workingDir, out *commandSet) {
	prompted := strings.HasPrefix(line, "$ ") || strings.HasPrefix(line, "% ")
	if !prompted && wd.prompted {
		return // in a block whose commands carry a prompt, a line without one is their output ("nox > Session test-3.10 was successful.")
	}
	wd.prompted = wd.prompted || prompted
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, "$ "), "% "))
	if line == "" || strings.HasPrefix(line, "#") {
		return
	}
	// A trailing comment says what the line is for: "make test  # all tests".
	if i := strings.Index(line, " #"); i > 0 {
		context = line[i+2:] + " " + context
		line = strings.TrimSpace(line[:i])
	}
	line, ok := wd.take(line)
	if !ok {
		return
	}
	if kind, ok := docCommand(line, context); ok {
		out.add(kind, wd.in(line), origin)
	}
}

// rstUnderline reports a reStructuredText section underline: three or
// more of one punctuation character.
func rstUnderline(s string) bool {
	if len(s) < 3 || !strings.ContainsRune("=-~^\"'`#*+", rune(s[0])) {
		return false
	}
	return strings.Count(s, s[:1]) == len(s)
}
