package structure

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// A command is checked against the tree it would run in: the files and
// directories it names, the make targets, npm scripts and just recipes.
func TestCommandsAreCheckedAgainstTheTree(t *testing.T) {
	t.Parallel()
	texts := map[string]string{
		"Makefile":                   "include Makefile.common\n\nbuild:\n\tgo build ./cmd/app\n\nbin/app$(EXE): build\n\ndocs-%:\n\techo $*\n",
		"Makefile.common":            "common-lint:\n\tgolangci-lint run\n\n%: common-%\n\t@true\n",
		"web/package.json":           `{"scripts": {"build": "vite build", "test": "vitest"}}`,
		"justfile":                   "alias t := test\n\ntest:\n    cargo test\n",
		"packages/core/package.json": `{"name": "@acme/core", "scripts": {"test:all": "vitest run"}}`,
	}
	var entries []entry
	for _, p := range []string{"Makefile", "Makefile.common", "web/package.json", "justfile", "cmd/app/main.go", "pkg/calc/calc.go",
		"scripts/check.sh", "tests/test_app.py", "tools/go.mod", "tools/gen/main.go", "packages/core/package.json"} {
		entries = append(entries, entry{path: p})
	}
	tree := newHeadTree(entries, func(p string) ([]byte, bool) { s, ok := texts[p]; return []byte(s), ok })
	for cmd, want := range map[string]string{
		"go run main.go":                            "no main.go",
		"go run ./cmd/app --port 8080":              "",
		"go run ./cmd/app main.go":                  "", // main.go is the program's argument
		"go test ./pkg/...":                         "",
		"go test ./internal/...":                    "no internal",
		"go test -run TestX ./pkg/calc":             "",
		"go build -o bin/app ./cmd/app":             "",
		"go build -C tools ./gen":                   "",
		"go test github.com/acme/x/...":             "",
		"make":                                      "",
		"make build":                                "",
		"make lint":                                 "", // forwarded to common-lint
		"make fmt":                                  "no make target fmt in Makefile",
		"make docs-html":                            "", // a pattern rule
		"make bin/app":                              "", // a computed name
		"GO_ONLY=1 make build":                      "",
		"make build GO_ONLY=1 test-flags=\"\"":      "", // make's variables may hold '-'
		"make build test-flags":                     "no make target test-flags in Makefile",
		"make -C web build":                         "no Makefile in web/",
		"cd web && npm run build":                   "",
		"npm --prefix web test":                     "",
		"npm --prefix web run lint":                 "no script lint in web/package.json",
		"npm run build":                             "no package.json in the root",
		"npm --prefix web start":                    "no script start in web/package.json",
		"cd frontend && npm test":                   "no frontend",
		"pnpm run --filter @acme/core test:all":     "", // a workspace member's script
		"pnpm --filter=@acme/core run lint":         "no script lint in packages/core/package.json",
		"npm -w @acme/core run test:all":            "",
		"pnpm --filter './packages/*' test":         "", // a selector, not placed
		"pnpm --filter @acme/gone test":             "",
		"pnpm -r run build":                         "",
		"just test":                                 "",
		"just t":                                    "",
		"just bench":                                "no recipe bench in justfile",
		"./scripts/check.sh":                        "",
		"./scripts/release.sh":                      "no scripts/release.sh",
		"bash scripts/check.sh --fast":              "",
		"./bin/app serve":                           "", // a build output
		"vendor/bin/phpunit":                        "", // what composer installs
		"pytest tests/test_app.py::test_index -x":   "",
		"bundle exec ruby myapp.rb":                 "no myapp.rb", // a README's example app
		"uv run pytest tests/test_cli.py":           "no tests/test_cli.py",
		"python -m pytest tests/test_cli.py":        "no tests/test_cli.py",
		"python -m pytest -k 'a/b'":                 "",
		"python setup.py test":                      "no setup.py",
		"cargo test --workspace":                    "",
		"go test ./... && ./scripts/missing.sh":     "no scripts/missing.sh",
		"echo 'a && ./nothere' | go test ./pkg/...": "",
	} {
		assert.Equal(t, want, tree.missing(cmd), cmd)
	}

	kept, note := verifyCommands(tree, []*sdk.BuildCommand{
		{Kind: "run", Command: "go run main.go", Origin: "README.md:12"},
		{Kind: "test", Command: "go test ./...", Origin: "go.mod (convention)"},
	})
	assert.Equal(t, []string{"test go test ./... go.mod (convention)"}, commandSummary(kept))
	if assert.NotNil(t, note) {
		assert.Equal(t, sdk.SeverityInfo, note.GetSeverity())
		assert.Equal(t, "1 documented command names what HEAD lacks and was left out: README.md:12 `go run main.go` (no main.go)", note.GetSummary())
	}
}

// A guide's cd into its clone, a name HEAD lacks, is dropped before the
// command is checked; a directory the command makes is there to enter.
func TestGuidesCloneDirectory(t *testing.T) {
	t.Parallel()
	tree := newHeadTree([]entry{{path: "Makefile"}, {path: "docs/conf.py"}, {path: "src/flask/app.py"}},
		func(p string) ([]byte, bool) { return []byte("test:\n\tpytest\n"), p == "Makefile" })
	kept, note := verifyCommands(tree, []*sdk.BuildCommand{
		{Kind: KindTest, Command: "cd flask && make test", Origin: "README.md:20"},
		{Kind: KindTest, Command: "cd flask && make test", Origin: "ci.yml:3"},
		{Kind: KindBuild, Command: "cd docs && make html", Origin: "CONTRIBUTING.md:9"},
		{Kind: KindBuild, Command: "mkdir -p _b && cd _b && cmake ..", Origin: "README.md:7"},
	})
	assert.Equal(t, []string{"test make test README.md:20", "build mkdir -p _b && cd _b && cmake .. README.md:7"}, commandSummary(kept))
	if assert.NotNil(t, note) {
		assert.Contains(t, note.GetSummary(), "ci.yml:3 `cd flask && make test` (no flask)")
	}
}

// A hand-written configure writes the Makefile from Makefile.in, over the
// stub Makefile beside it (zlib's says to run configure first): the
// targets to check are Makefile.in's.
func TestConfigureWritesTheMakefile(t *testing.T) {
	t.Parallel()
	texts := map[string]string{
		"Makefile":    "all:\n\t-@echo \"Please use ./configure first.  Thank you.\"\n\ndistclean:\n\tmake -f Makefile.in distclean\n",
		"Makefile.in": "all: static shared\n\ncheck: test\ntest: all teststatic testshared\n",
	}
	tree := newHeadTree([]entry{{path: "configure"}, {path: "Makefile"}, {path: "Makefile.in"}, {path: "zlib.h"}},
		func(p string) ([]byte, bool) { s, ok := texts[p]; return []byte(s), ok })
	assert.Empty(t, tree.missing("make test"))
	assert.Equal(t, "no make target fuzz in Makefile.in", tree.missing("make fuzz"))
}

// Where automake writes the Makefile, its targets are there to run, and
// check is the test suite.
func TestAutomakeTargets(t *testing.T) {
	t.Parallel()
	tree := newHeadTree([]entry{{path: "configure.ac"}, {path: "Makefile.am"}, {path: "autogen.sh"}, {path: "src/main.c"}}, func(string) ([]byte, bool) { return nil, false })
	kept, note := verifyCommands(tree, []*sdk.BuildCommand{
		{Kind: KindLint, Command: "make check", Origin: "README.md:51"},
		{Kind: KindBuild, Command: "make -j8 all", Origin: "README.md:50"},
		{Kind: KindLint, Command: "make -C docs check", Origin: "README.md:60"},
	})
	assert.Len(t, kept, 2)
	assert.Equal(t, KindTest, kept[0].GetKind())
	assert.Equal(t, KindBuild, kept[1].GetKind())
	assert.Contains(t, note.GetSummary(), "no Makefile in docs")
	assert.Empty(t, tree.missing("autoreconf -i && ./configure && make"), "autoreconf writes configure")
	assert.Empty(t, tree.missing("sh autogen.sh && ./configure && make check"), "autogen.sh writes configure")
	assert.True(t, tree.automakeCheck("sh autogen.sh && ./configure && make check"))
	assert.Equal(t, "no configure", tree.missing("./configure --prefix=/usr"), "which is not there before")
	var out commandSet
	conventionCommands(nil, []string{"configure.ac"}, nil, &out)
	assert.Equal(t, []string{"build autoreconf -i && ./configure && make configure.ac (convention)", "test make check configure.ac (convention)"},
		commandSummary(out.list))
}

// A guide's `make` with no target is of the kind of the Makefile's default
// goal: one that lists the tasks builds nothing.
func TestMakeAloneIsItsDefaultGoal(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"Makefile":     "default: list-tasks\n\nlist-tasks:\n\t@echo tasks\n\nbuild:\n\tpython -m build\n",
		"lib/Makefile": "all: lib.a\n\nlib.a:\n\tar rcs lib.a x.o\n",
	}
	read := func(p string) ([]byte, bool) { s, ok := files[p]; return []byte(s), ok }
	tree := newHeadTree([]entry{{path: "Makefile"}, {path: "lib/Makefile"}}, read)
	kept, note := verifyCommands(tree, []*sdk.BuildCommand{
		{Kind: KindBuild, Command: "make", Origin: "CONTRIBUTING.md:63"},
		{Kind: KindBuild, Command: "make build", Origin: "CONTRIBUTING.md:70"},
		{Kind: KindTest, Command: "make -C lib", Origin: "CONTRIBUTING.md:80"},
	})
	assert.Nil(t, note)
	require.Len(t, kept, 3)
	assert.Equal(t, KindOther, kept[0].GetKind(), "make lists the tasks")
	assert.Equal(t, KindBuild, kept[1].GetKind())
	assert.Equal(t, KindBuild, kept[2].GetKind(), "lib's default goal builds")
}

// rake asked for no task runs the Rakefile's default task: httparty's
// "task default: [:spec, :features]" tests, a "build" one builds.
func TestRakeAloneIsItsDefaultTask(t *testing.T) {
	t.Parallel()
	for rakefile, want := range map[string]string{
		"require 'rspec/core/rake_task'\n\ntask default: [:spec, :features]\n": KindTest,
		"task :default => :build\n":     KindBuild,
		"task :default => [:rubocop]\n": KindLint,
	} {
		read := func(p string) ([]byte, bool) { return []byte(rakefile), p == "Rakefile" }
		tree := newHeadTree([]entry{{path: "Rakefile"}}, read)
		kept, _ := verifyCommands(tree, []*sdk.BuildCommand{{Kind: KindTest, Command: "bundle exec rake", Origin: "ci.yml:24"}})
		require.Len(t, kept, 1)
		assert.Equal(t, want, kept[0].GetKind(), rakefile)
	}
	// In CI, a step named for the verb alone: the convention until the
	// Rakefile says.
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte("jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Run Rake\n        run: bundle exec rake\n"), &out))
	assert.Equal(t, []string{"test bundle exec rake ci.yml:6"}, commandSummary(out.list))
}

// A configure script written by hand beside Makefile.in builds the project
// (zlib's), where no build command is known; with configure.ac autoreconf
// writes it first.
func TestHandWrittenConfigure(t *testing.T) {
	t.Parallel()
	var out commandSet
	out.add(KindBuild, "make -C contrib/minizip", "contrib/minizip/Makefile:10") // an extra's build is not the project's
	conventionCommands(nil, []string{"configure", "Makefile.in"}, nil, &out)
	assert.Equal(t, []string{"build make -C contrib/minizip contrib/minizip/Makefile:10", "build ./configure && make configure (convention)"}, commandSummary(out.list))
	out = commandSet{}
	conventionCommands(nil, []string{"configure"}, nil, &out)
	assert.Empty(t, out.list, "a configure script alone writes no Makefile Homer knows of")
	out = commandSet{}
	conventionCommands(nil, []string{"configure.ac", "configure", "Makefile.in"}, nil, &out)
	assert.Equal(t, []string{"build autoreconf -i && ./configure && make configure.ac (convention)", "test make check configure.ac (convention)"},
		commandSummary(out.list))
}

// A Maven run asked for no goal runs the POM's default goal: its kind is
// the phases', and without one it fails (commons-lang's README: "run `mvn`
// without arguments to invoke the default Maven goal").
func TestMavenDefaultGoal(t *testing.T) {
	t.Parallel()
	poms := map[string]string{
		"pom.xml":     "<project><build><defaultGoal>clean verify apache-rat:check checkstyle:check</defaultGoal></build></project>",
		"lib/pom.xml": "<project><build><defaultGoal>install</defaultGoal></build></project>",
		"app/pom.xml": "<project><build></build></project>",
	}
	tree := newHeadTree([]entry{{path: "pom.xml"}, {path: "lib/pom.xml"}, {path: "app/pom.xml"}},
		func(p string) ([]byte, bool) { s, ok := poms[p]; return []byte(s), ok })
	var doc commandSet
	docCommands("README.md", []byte("From a command shell, run `mvn` without arguments to invoke the default Maven goal to run all tests and checks.\n"), &doc)
	kept, note := verifyCommands(tree, append(doc.list,
		&sdk.BuildCommand{Kind: KindBuild, Command: "mvn --errors --batch-mode -P strict -Ddoclint=all", Origin: "ci.yml:62"},
		&sdk.BuildCommand{Kind: KindTest, Command: "mvn -f lib", Origin: "ci.yml:70"},
		&sdk.BuildCommand{Kind: KindTest, Command: "mvn -f app/pom.xml", Origin: "ci.yml:71"},
		&sdk.BuildCommand{Kind: KindTest, Command: "mvn -f web", Origin: "ci.yml:72"},
		&sdk.BuildCommand{Kind: KindTest, Command: "mvn -f app/pom.xml test", Origin: "ci.yml:73"},
	))
	assert.Equal(t, []string{"test mvn README.md:1", "test mvn --errors --batch-mode -P strict -Ddoclint=all ci.yml:62", "build mvn -f lib ci.yml:70", "test mvn -f app/pom.xml test ci.yml:73"},
		commandSummary(kept))
	require.NotNil(t, note)
	assert.Contains(t, note.GetSummary(), "no default goal in app/pom.xml")
	assert.Contains(t, note.GetSummary(), "no web/pom.xml")
}

// A guide's command that names a source file HEAD lacks is the reader's
// example, whatever runs it (the MCP Python SDK's "uv run mcp dev
// server.py"); one naming the repository's own file stays.
func TestGuideScriptArguments(t *testing.T) {
	t.Parallel()
	tree := newHeadTree([]entry{{path: "examples/echo.py"}, {path: "pyproject.toml"}}, func(string) ([]byte, bool) { return nil, false })
	kept, note := verifyCommands(tree, []*sdk.BuildCommand{
		{Kind: KindRun, Command: "uv run mcp dev server.py", Origin: "README.md:78"},
		{Kind: KindRun, Command: "uv run mcp dev examples/echo.py", Origin: "README.md:80"},
		{Kind: KindRun, Command: "uv run mcp dev server.py", Origin: ".github/workflows/ci.yml:3"},
		{Kind: KindTest, Command: "", Origin: "README.md:90"},
	})
	assert.Equal(t, []string{"run uv run mcp dev examples/echo.py README.md:80", "run uv run mcp dev server.py .github/workflows/ci.yml:3", "test  README.md:90"}, commandSummary(kept))
	require.NotNil(t, note)
	assert.Contains(t, note.GetSummary(), "README.md:78 `uv run mcp dev server.py` (no server.py)")
}
