package structure

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/agentsfile"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func readCommandsTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "commands", name))
	require.NoError(t, err)
	return data
}

// Each source kind read alone, from a small file written for it.
func TestCommandSources(t *testing.T) {
	t.Parallel()
	include := func(p string) ([]byte, bool) {
		data, err := os.ReadFile(filepath.Join("testdata", "commands", p))
		return data, err == nil
	}
	cases := map[string]struct {
		file, as string
		want     []string
	}{
		"contributing: inline code by its prose, code blocks, no Windows, no tool names, no installs, nothing it warns off, no synopsis": {
			"CONTRIBUTING.md", "contributing", []string{
				"build make CONTRIBUTING.md:6",
				"test go test ./... CONTRIBUTING.md:9",
				"test make test CONTRIBUTING.md:19",
			}},
		"contributing in RDoc: prompt lines of its verbatim text, rake alone by its heading": {
			"CONTRIBUTING.rdoc", "contributing", []string{
				"test rake CONTRIBUTING.rdoc:12",
				"lint bundle exec rubocop CONTRIBUTING.rdoc:18",
			}},
		"readme in reStructuredText: a literal block with prompts": {
			"README.rst", "readme", []string{"test pytest -x README.rst:10", "lint tox -e lint README.rst:17"}},
		"makefile: default goal, forwarded names from the included file, no release target": {
			"Makefile", "make", []string{
				"build make Makefile:2",
				"lint make lint Makefile.common:3",
				"test make test Makefile:7",
			}},
		"tox: the first test environment, lint ones, and pytest": {
			"tox.ini", "tox", []string{
				"test tox -e py312 tox.ini:2",
				"lint tox -e style tox.ini:2",
				"test pytest tox.ini:10",
			}},
		"nox: sessions by name, release left out": {
			"noxfile.py", "nox", []string{
				"test nox -s tests noxfile.py:4",
				"lint nox -s lint noxfile.py:9",
			}},
		"workflow: env in place, CI expressions, shell fragments, signing and admin lines, scripts given credentials left out": {
			"ci.yml", "actions", []string{
				"test cargo test --features full,test-util ci.yml:8", // the variable's value in its place

				"test GO_ONLY=1 make test ci.yml:12",
				"lint go fmt ./... ci.yml:19",
				"test cargo test --release --lib ci.yml:25",
				"test go test -tags=integration ./... ci.yml:32",
				"lint cargo clippy --locked --all-features ci.yml:35", // not MSRV_FEATURES=... before it: "${MSRV_FEATURES}" would be empty
			}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out commandSet
			require.NoError(t, fileCommands(c.as, c.file, readCommandsTestdata(t, c.file), include, &out))
			assert.Equal(t, c.want, commandSummary(out.list))
		})
	}
}

func TestNotForAgents(t *testing.T) {
	t.Parallel()
	for line, drop := range map[string]bool{
		"go test ./...":                   false,
		"cargo test --release":            false,
		`! "$run_attempt" =~ ^[0-9]+$ ||`: true, // a condition's fragment
		"make lint &&":                    true, // goes on below
		"latest_version=$(npm show typescript dist-tags.latest)": true, // a variable set (msw's CI)
		"CI=1 npm test": false,
		"cargo hack test --exclude-features max_level_off,release_max_level_off": false, // features' names
		"cargo build --features release_max_level_off":                           false,
		"tox -e release":                                                        true,
		"cs2pr ./phpcs-report.xml":                                              true,  // annotates a pull request (PHPMailer's CI)
		"dotnet test tests/A.Tests.csproj -c Release":                           false, // a build configuration (Dapper's CI)
		"cmake --build build --config Release":                                  false,
		"bash -c 'npm publish'":                                                 true,
		"npm run build:sync-version":                                            true,  // writes the release's version (fastify's prepublishOnly)
		"make check-tag":                                                        true,  // a release's precondition (guzzle/psr7)
		"wasm-pack test --headless --firefox":                                   false, // a tool's name (reqwest)
		`go build -ldflags "-X main.date=$(date +%Y%m%d)" ./...`:                false, // date's format, no Windows variable
		"rpmbuild -v -bb ./contrib/rpm/bats.spec":                               true,
		"./.github/actions/conformance/run-server.sh --suite all":               true, // the CI's own machinery (MCP Python SDK)
		"node --test .github/scripts/pr_intake_gate.test.js":                    true,
		"markdownlint -c .github/linters/.markdown-lint.yml docs/":              false, // a linter with its settings from there
		"go test -tags integration ./...":                                       false,
		"npm run test:build:version":                                            false, // checks it (axios)
		`dotnet run --project .\benchmarks\Perf\ -c Release`:                    true,  // Windows' paths (Dapper's README)
		`dotnet pack Build.csproj -c Release`:                                   true,  // a package to publish
		`dotnet build /p:OutputPath=%CD%\out`:                                   true,
		`printf '%s\n' a`:                                                       false, // a format, no variable
		`go test -run 'A|B' ./...`:                                              false,
		"make test GO_ONLY=1":                                                   false,
		"cargo test --target ${{ matrix.t }}":                                   true,
		`./gradlew samples:view:assembleDebug "${GRADLE_ARGS[@]}"`:              true,
		`gdb -batch -ex "thread apply all bt" ./jq core`:                        true,
		"script/sign dist/x.zip":                                                true,
		"rpmsign --addsign dist/*.rpm":                                          true,
		`"${MSBUILD_PATH}\MSBuild.exe" ./a.proj`:                                true,
		"Get-ChildItem -Path .":                                                 true,
		"mknod /dev/null c 1 3":                                                 true,
		`"$@" >/dev/null || return 1`:                                           true,
		"./scripts/ui_release.sh --publish x":                                   true,
		"gh release create v1":                                                  true,
		"package_cloud push golang-migrate/migrate/ubuntu/focal dist/x.deb":     true, // migrate's
		"docker push ghcr.io/acme/app:latest":                                   true,
		"pushd dist":                                                            true,
		"make site-bump":                                                        true,
		"bin/lint run || STATUS=$?":                                             true,
		"./vendor/bin/http_test_server &":                                       true,
		"make test && make lint":                                                false,
		"uv run prek run --from-ref origin/${GITHUB_BASE_REF} --to-ref HEAD":    true,
		"pytest --basetemp=$RUNNER_TEMP/x":                                      true,
		"npx degit reduxjs/redux-templates/packages/vite-template-redux my-app": true,
		"npm create vite@latest my-app":                                         true,
		"TEST_DIST=true yarn tsc --version":                                     true,
		"cargo --version":                                                       true,
		"yarn tsc -p tsconfig.json":                                             false,
		".preview.pr-comment.md|.stable.pr-comment.md) ;;":                      true,
		"*) make test ;;":                                                       true,
	} {
		assert.Equal(t, drop, notForAgents(line), line)
	}
}

// Through the real plugin: guides come before the Makefile, the Makefile
// before CI, and a single test names a real test function of the tree.
func TestCommandsOfAFixtureRepository(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	for p, c := range map[string]string{
		"go.mod":                "module example.com/acme\n\ngo 1.22\n",
		"main.go":               "package main\n\nfunc main() {}\n",
		"pkg/calc/calc.go":      "package calc\n\nfunc Add(a, b int) int { return a + b }\n",
		"pkg/calc/calc_test.go": "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal()\n\t}\n}\n",
		// A module of its own nearer the root, with a smaller test: `go
		// test ./sdk` from the root would fail, so it is not the example.
		"sdk/go.mod":                    "module example.com/acme/sdk\n\ngo 1.22\n",
		"sdk/a_test.go":                 "package sdk\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n",
		".github/CONTRIBUTING.md":       "# Contributing\n\nRun tests with: `go test ./...`\n",
		"README.md":                     "# acme\n\nIn your own project:\n\n```sh\ngo run example.go\nmake fmt\n```\n",
		"Makefile":                      "build:\n\tgo build .\n\nlint:\n\tgo vet ./...\n",
		".github/workflows/ci.yml":      "jobs:\n  t:\n    steps:\n      - run: go test -race ./...\n      - run: go build -o x ${{ matrix.out }}\n",
		".github/workflows/release.yml": "jobs:\n  r:\n    steps:\n      - run: go build -o dist/acme .\n",
		// A fixture package among the tests: its build is not the project's.
		"test/module/ts/package.json": `{"name": "ts-fixture", "scripts": {"build": "tsc"}}`,
	} {
		r.Write(p, c)
	}
	r.Commit(testrepo.Alice, testrepo.Day(0), "fixture")
	res := extract(t, sdktest.SourceWith(t, New().(*Source), nil), r.Dir(), "")
	assert.Equal(t, []string{
		"test go test ./... .github/CONTRIBUTING.md:3",
		"build make Makefile:1",
		"build make build Makefile:1",
		"lint make lint Makefile:4",
		"test-one go test ./pkg/calc -run '^TestAdd$' pkg/calc/calc_test.go:5",
		"test go test -race ./... .github/workflows/ci.yml:4",
	}, commandSummary(res.commands))
	// The README's commands name what the tree lacks: left out, and said.
	assert.Contains(t, res.warnings, "2 documented commands name what HEAD lacks and were left out: "+
		"README.md:6 `go run example.go` (no example.go); README.md:7 `make fmt` (no make target fmt in Makefile)")
}

// Through the real plugin, the Rakefile and the POM read: a guide's run
// of rake's or Maven's default task takes the kind of what that task runs
// (httparty's "Run `bundle exec rake`" over "task default: [:spec,
// :features]"; commons-lang's "run `mvn`").
func TestDefaultTasksOfAFixtureRepository(t *testing.T) {
	t.Parallel()
	res := extractFixture(t, map[string]string{
		"Rakefile":        "require 'rspec/core/rake_task'\nRSpec::Core::RakeTask.new(:spec)\n\ntask default: [:spec, :features]\n",
		"lib/acme.rb":     "module Acme\nend\n",
		"CONTRIBUTING.md": "## Workflow\n\n* Make your feature addition or bug fix.\n* Run `bundle exec rake` before you commit.\n",
		"java/pom.xml":    "<project><artifactId>acme</artifactId><build><defaultGoal>clean verify</defaultGoal></build></project>\n",
		"README.md":       "# acme\n\nTo build the Java side, run `mvn -f java` and then ship it.\n",
	})
	assert.Equal(t, []string{"test bundle exec rake CONTRIBUTING.md:4", "test mvn -f java README.md:3"}, commandSummary(res.commands))
}

// A guide's command left out for naming what HEAD lacks does not keep a
// convention out: fmt's README names "make speed-test" of another
// repository's Makefile, and CMake's tests are still the tests.
func TestConventionAfterGuidesAreChecked(t *testing.T) {
	t.Parallel()
	res := extractFixture(t, map[string]string{
		"CMakeLists.txt": "project(fmt)\nenable_testing()\nadd_test(NAME t COMMAND t)\n",
		"src/a.cc":       "int main() { return 0; }\n",
		"README.md":      "# fmt\n\nThen you can run the speed test:\n\n    $ make speed-test\n",
	})
	assert.Equal(t, []string{"test cmake -B build && cmake --build build && ctest --test-dir build CMakeLists.txt (convention)"}, commandSummary(res.commands))
	assert.Contains(t, res.warnings, "1 documented command names what HEAD lacks and was left out: README.md:5 `make speed-test` (no Makefile in the root)")
}

// extractFixture runs the real plugin over a repository of one commit
// holding files.
func extractFixture(t *testing.T, files map[string]string) *result {
	t.Helper()
	r := testrepo.New(t)
	for p, c := range files {
		r.Write(p, c)
	}
	r.Commit(testrepo.Alice, testrepo.Day(0), "fixture")
	return extract(t, sdktest.SourceWith(t, New().(*Source), nil), r.Dir(), "")
}

// Rust: one test of a crate's integration tests, with the crate named
// for a workspace; a file gated on features or cfg is passed over, as
// its tests do not exist without them.
func TestSingleRustTest(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	for p, c := range map[string]string{
		"Cargo.toml":                "[workspace]\nmembers = [\"crates/acme-io\"]\n",
		"crates/acme-io/Cargo.toml": "[package]\nname = \"acme-io\"\nversion = \"0.1.0\"\n",
		"crates/acme-io/src/lib.rs": "pub fn add(a: i32, b: i32) -> i32 { a + b }\n",
		"crates/acme-io/tests/a.rs": "#![cfg(all(feature = \"full\", unix))]\n#[test]\nfn gated() {}\n",
		"crates/acme-io/tests/b.rs": "#[cfg(feature = \"full\")]\n#[test]\nfn gated() {}\n",
		"crates/acme-io/tests/read_all.rs": "use acme_io::add;\n\n#[tokio::test(flavor = \"current_thread\")]\n" +
			"async fn reads_everything() {\n    assert_eq!(add(1, 2), 3);\n}\n",
	} {
		r.Write(p, c)
	}
	r.Commit(testrepo.Alice, testrepo.Day(0), "fixture")
	res := extract(t, sdktest.SourceWith(t, New().(*Source), nil), r.Dir(), "")
	assert.Contains(t, commandSummary(res.commands),
		"test-one cargo test -p acme-io --test read_all reads_everything crates/acme-io/tests/read_all.rs:3")
	for _, c := range res.commands {
		assert.NotContains(t, c.GetCommand(), "gated")
	}

	// A file whose one gate is a feature runs with that feature on.
	r3 := testrepo.New(t)
	r3.Write("Cargo.toml", "[workspace]\nmembers = [\"rt\"]\n")
	r3.Write("rt/Cargo.toml", "[package]\nname = \"rt\"\nversion = \"0.1.0\"\n")
	r3.Write("rt/src/lib.rs", "pub fn one() -> i32 { 1 }\n")
	r3.Write("rt/tests/io.rs", "#![warn(rust_2018_idioms)]\n#![cfg(feature = \"full\")]\n\n#[test]\nfn reads() {}\n")
	r3.Commit(testrepo.Alice, testrepo.Day(0), "fixture")
	res = extract(t, sdktest.SourceWith(t, New().(*Source), nil), r3.Dir(), "")
	assert.Contains(t, commandSummary(res.commands), "test-one cargo test -p rt --features full --test io reads rt/tests/io.rs:4")

	// A single crate at the root needs no -p.
	r2 := testrepo.New(t)
	r2.Write("Cargo.toml", "[package]\nname = \"solo\"\nversion = \"0.1.0\"\n")
	r2.Write("src/lib.rs", "pub fn one() -> i32 { 1 }\n")
	r2.Write("tests/one.rs", "#[test]\nfn is_one() {\n    assert_eq!(solo::one(), 1);\n}\n")
	r2.Commit(testrepo.Alice, testrepo.Day(0), "fixture")
	res = extract(t, sdktest.SourceWith(t, New().(*Source), nil), r2.Dir(), "")
	assert.Contains(t, commandSummary(res.commands), "test-one cargo test --test one is_one tests/one.rs:1")
}

// CI's spelling of a command the project's files already give is not
// listed again, and a tox environment's name decides its kind.
func TestSameCommandOnce(t *testing.T) {
	t.Parallel()
	var out commandSet
	out.add(KindLint, "tox -e typing", "pyproject.toml:172")
	out.add(classifyLine("uv run --locked --no-default-groups --group dev tox run -e typing"),
		"uv run --locked --no-default-groups --group dev tox run -e typing", ".github/workflows/tests.yaml:63")
	out.add(classifyLine("uv run --group dev tox run -e py3.13"), "uv run --group dev tox run -e py3.13", ".github/workflows/tests.yaml:60")
	assert.Equal(t, []string{"lint tox -e typing pyproject.toml:172", "test uv run --group dev tox run -e py3.13 .github/workflows/tests.yaml:60"},
		commandSummary(out.list))
	var js commandSet
	js.add(KindTest, "npm test", "README.md:171")
	js.add(KindTest, "npm run test", "package.json:94")
	js.add(KindTest, "npm run test-ci", "package.json:95")
	assert.Equal(t, []string{"test npm test README.md:171", "test npm run test-ci package.json:95"}, commandSummary(js.list))
	var pn commandSet
	pn.add(KindLint, "pnpm format", "CONTRIBUTING.md:60")
	pn.add(KindLint, "pnpm run format", "package.json:69")
	assert.Equal(t, []string{"lint pnpm format CONTRIBUTING.md:60"}, commandSummary(pn.list))
	assert.Equal(t, KindLint, classifyLine("uv run --group dev tox run -e typing"))
	assert.Equal(t, KindLint, classifyLine("nox -s lint"))
	assert.Equal(t, KindTest, classifyLine("tox"))
	assert.Equal(t, KindOther, classifyLine("uv run tox run -e changelog"), "the environment says what runs")
	assert.Equal(t, KindTest, classifyLine("tox -e py312"))
	assert.Equal(t, KindTest, classifyLine("vendor/bin/pest --parallel"), "Pest runs PHP's tests")
	assert.Equal(t, KindLint, classifyLine("uv run --only-group tox tox run -f typing"), "a factor selects the environments")
	// A benchmark run measures; it is no test run.
	assert.Equal(t, KindOther, classifyLine(`go test -run="-" -bench=".*" -count=8 ./... > benchmark.txt`))
	assert.Equal(t, KindOther, classifyLine("go test -bench . ./..."))
	assert.Equal(t, KindTest, classifyLine("go test -benchtime=1x -race ./..."))
	assert.Equal(t, KindOther, classifyLine("python extras/profiling/run.py --fresh --complex --file output.txt"))
	// Gradle's check task runs the tests; a task named for one check lints.
	assert.Equal(t, KindTest, classifyLine("./gradlew :kotlinpoet:check"))
	assert.Equal(t, KindTest, classifyLine("gradle check --stacktrace"))
	assert.Equal(t, KindLint, classifyLine("./gradlew spotlessCheck"))
	assert.Equal(t, KindRun, classifyLine("python scripts/run.py"))
	// Coverage reports run no test; coverage run does.
	assert.Equal(t, KindOther, classifyLine("uv run coverage combine coverage"))
	assert.Equal(t, KindOther, classifyLine("uv run coverage report --fail-under 98"))
	assert.Equal(t, KindOther, classifyLine("uv run diff-cover coverage.xml --format html:index.html"))
	assert.Equal(t, KindTest, classifyLine("coverage run -m pytest"))
	assert.Equal(t, KindOther, classifyLine("npx c8 report --check-coverage"))
	assert.Equal(t, KindOther, classifyLine("composer remove phpstan/phpstan --dev --no-update"), "removing a linter lints nothing")
	assert.Equal(t, KindOther, classifyLine("pip uninstall -y pytest"))
	assert.Equal(t, KindOther, classifyLine("abidiff --headers-dir1 previous/build --headers-dir2 current/build a.so b.so"), "a long flag's path value")
	assert.Equal(t, KindTest, classifyLine("node --expose-gc scripts/test.js"))
	// A script named coverage that only reports (yargs's) runs no test.
	var scripts commandSet
	require.NoError(t, packageScripts("package.json", []byte(`{"scripts": {"test": "c8 mocha", "coverage": "c8 report --check-coverage", "cover": "c8 mocha"}}`), &scripts))
	assert.Equal(t, []string{"test npm run test package.json:1", "other npm run coverage package.json:1", "test npm run cover package.json:1"}, commandSummary(scripts.list))
}

// A test-named script whose body is one linter's run lints (zustand's
// test:lint, test:format and test:types); one that chains a linter before
// the tests is still a test.
func TestTestNamedScriptsThatOnlyLint(t *testing.T) {
	t.Parallel()
	var scripts commandSet
	require.NoError(t, packageScripts("package.json", []byte(`{"scripts": {
  "test": "pnpm run \"/^test:.*/\"",
  "test:format": "prettier . --list-different",
  "test:types": "tsc --noEmit",
  "test:lint": "eslint .",
  "test:spec": "vitest run",
  "test:all": "eslint . && vitest run"
}}`), &scripts))
	assert.Equal(t, []string{
		"test npm run test package.json:2",
		"lint npm run test:format package.json:3",
		"lint npm run test:types package.json:4",
		"lint npm run test:lint package.json:5",
		"test npm run test:spec package.json:6",
		"test npm run test:all package.json:7",
	}, commandSummary(scripts.list))
}

// package.json scripts are run with the package manager the repository
// uses: its packageManager field, else its lockfile.
func TestScriptsRunWithTheRepositorysPackageManager(t *testing.T) {
	t.Parallel()
	entries := func(paths ...string) []entry {
		var es []entry
		for _, p := range paths {
			es = append(es, entry{path: p})
		}
		return es
	}
	for _, c := range []struct {
		files  []entry
		root   string
		want   string
		nested string
	}{
		{entries("package.json", "package-lock.json"), `{}`, "npm run build", "npm --prefix web run build"},
		{entries("package.json"), `{}`, "npm run build", "npm --prefix web run build"},
		{entries("package.json", "pnpm-lock.yaml"), `{}`, "pnpm run build", "pnpm --dir web run build"},
		{entries("package.json", "web/yarn.lock"), `{}`, "npm run build", "npm --prefix web run build"},
		{entries("package.json", "yarn.lock"), `{}`, "yarn run build", "yarn --cwd web run build"},
		{entries("package.json", "bun.lock"), `{}`, "bun run build", "bun --cwd web run build"},
		{entries("package.json", "package-lock.json"), `{"packageManager": "pnpm@9.1.0+sha512.abc"}`, "pnpm run build", "pnpm --dir web run build"},
		{entries("package.json"), `{"packageManager": "cargo@1"}`, "npm run build", "npm --prefix web run build"},
	} {
		out := commandSet{scripts: scriptRunner(c.files, []byte(c.root))}
		assert.Equal(t, c.want, out.runScript(".", "build"), c.root)
		assert.Equal(t, c.nested, out.runScript("web", "build"), c.root)
	}

	// Each spelling is one that the check against the tree accepts.
	texts := map[string]string{"web/package.json": `{"scripts": {"build": "vite build"}}`}
	tree := newHeadTree(entries("web/package.json"), func(p string) ([]byte, bool) { s, ok := texts[p]; return []byte(s), ok })
	for _, cmd := range []string{"npm --prefix web run build", "pnpm --dir web run build", "yarn --cwd web run build", "bun --cwd web run build"} {
		assert.Equal(t, "", tree.missing(cmd), cmd)
		assert.Equal(t, "no script lint in web/package.json", tree.missing(strings.Replace(cmd, "build", "lint", 1)), cmd)
	}
}

// mocha: one test of the directories the test script names, run with the
// script's own setup (--require, --check-leaks) and picked by a plain title.
func TestSingleMochaTest(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	for p, c := range map[string]string{
		"package.json":        `{"name": "web", "scripts": {"test": "mocha --require test/support/env --reporter spec --bail --check-leaks test/ test/acceptance/"}}`,
		"index.js":            "module.exports = function () { return 1 }\n",
		"test/support/env.js": "process.env.NODE_ENV = 'test'\n",
		"test/app.js": "var app = require('..')\n\ndescribe('app', function () {\n  it('handles a $ in its title', function () {})\n" +
			"  it(\"returns one\", function () {\n    if (app() !== 1) throw new Error('no')\n  })\n})\n",
		"test/acceptance/big.js": "describe('big', function () {\n  it('does a great deal of work in a long title here', function () {})\n" +
			strings.Repeat("// padding\n", 40) + "})\n",
	} {
		r.Write(p, c)
	}
	r.Commit(testrepo.Alice, testrepo.Day(0), "fixture")
	res := extract(t, sdktest.SourceWith(t, New().(*Source), nil), r.Dir(), "")
	assert.Contains(t, commandSummary(res.commands),
		"test-one npx mocha --require test/support/env --check-leaks test/app.js --grep 'returns one' test/app.js:5")
}

// A CI step that runs a task runner's default task is what the step's
// name says it is; bundle is Ruby's runner, not a bundling step.
func TestStepNameTellsTheDefaultTask(t *testing.T) {
	t.Parallel()
	yml := `jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Install gems
        run: bundle install --jobs=3
      - name: Run sinatra tests
        run: bundle exec rake
      - name: Run contrib tests
        working-directory: contrib
        run: |
          bundle install
          bundle exec rake
      - name: Run the linter
        run: make
      - name: Run tests
        run: ./scripts/setup-db.sh
      - name: Build the docs
        run: bundle exec rake docs
      - name: Run test
        run: ruby -Ilib exe/rake
      - name: Run the script
        run: ruby -w script/hello.rb
`
	var out commandSet
	require.NoError(t, workflowCommands(".github/workflows/test.yml", []byte(yml), &out))
	assert.Equal(t, []string{
		"test bundle exec rake .github/workflows/test.yml:8",
		"test cd contrib && bundle exec rake .github/workflows/test.yml:13",
		"lint make .github/workflows/test.yml:15",
		"test ruby -Ilib exe/rake .github/workflows/test.yml:21", // the repository's own rake
	}, commandSummary(out.list), "a task the line names is judged by its own name")
	assert.Equal(t, KindOther, classifyLine("bundle install"))
	assert.Equal(t, KindTest, classifyLine("bundle exec rspec"))
}

// A matrix job's extra flags are left out of a CI line; any other matrix
// value is part of what runs, and stays (so the line is not for agents).
func TestWithoutMatrix(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]string{
		"COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit ${{ matrix.phpunit-flags }}": "vendor/bin/phpunit",
		"cargo test ${{ matrix.test-args }} --workspace":                                              "cargo test --workspace",
		"go build -o x ${{ matrix.out }}":                                                             "go build -o x ${{ matrix.out }}",
		"DB=${{ matrix.db }} rake test":                                                               "DB=${{ matrix.db }} rake test",
		"make test":                                                                                   "make test",
		"cmake -S . -B . -D ZLIB_BUILD_EXAMPLES=OFF ${{ matrix.os.cmake-opt }}":                       "cmake -S . -B . -D ZLIB_BUILD_EXAMPLES=OFF", // zlib's CI
	} {
		assert.Equal(t, want, withoutMatrix(line), line)
	}
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte("jobs:\n  t:\n    steps:\n      - run: php test_files/wait_for_ftp.php 2121\n"+
		"      - run: ssh-add ./test_files/sftp/id_rsa\n      - run: COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit ${{ matrix.phpunit-flags }}\n"+
		"      - run: ./scripts/test\n"), &out))
	assert.Equal(t, []string{"test vendor/bin/phpunit ci.yml:6", "test ./scripts/test ci.yml:7"}, commandSummary(out.list),
		"a path speaks by its file's name, not its directory's")
}

// A matrix value that lists the repository's root is the root in the
// job's lines: that job runs them for the whole repository. A matrix
// without the root leaves the line to its jobs.
func TestMatrixOverTheRoot(t *testing.T) {
	t.Parallel()
	yml := `jobs:
  test:
    strategy:
      matrix:
        rust: [stable, beta]
        workspace: [".", examples]
    steps:
      - name: Run tests
        run: cargo test --locked --workspace --manifest-path ${{ matrix.workspace }}/Cargo.toml
      - run: cargo +${{ matrix.rust }} build
  crates:
    strategy:
      matrix:
        dir: [core, extra]
    defaults:
      run:
        working-directory: ${{matrix.dir}}
    steps:
      - run: cargo test
`
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte(yml), &out))
	assert.Equal(t, []string{"test cargo test --locked --workspace --manifest-path ./Cargo.toml ci.yml:9"}, commandSummary(out.list))
}

// A CI line is given as a developer types it: without the shell options
// set for it and the log formatter its output is piped to. A job that
// runs on Windows gives no commands, one on macOS none that need Apple's
// tools, and a step that edits a file with sed runs nothing, even in a
// step named for tests.
func TestPlainShellAndWindowsJobs(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]string{
		"set -o pipefail && swift test -c debug 2>&1 | xcbeautify --renderer github-actions": "swift test -c debug",
		"set -eux; make test | tee test.log":                                                 "make test",
		"composer lint -- --checkstyle | cs2pr":                                              "composer lint -- --checkstyle",
		"go test ./... | grep -v ok":                                                         "go test ./... | grep -v ok",
		"settings apply":                                                                     "settings apply",
	} {
		assert.Equal(t, want, plainShell(line), line)
	}
	yml := `jobs:
  mac:
    runs-on: macos-15
    steps:
      - name: Test SPM
        run: set -o pipefail && swift test -c debug 2>&1 | xcbeautify --renderer github-actions
      - run: ./gradlew iosSimulatorArm64Test macosArm64Test
      - run: xcodebuild test -scheme Kingfisher -destination 'platform=iOS Simulator'
  windows:
    runs-on: windows-latest
    steps:
      - run: swift build --build-tests -c debug -Xlinker /INCREMENTAL:NO -v
  hosted:
    runs-on: [self-hosted, Windows]
    steps:
      - run: swift build -c release
  matrix:
    runs-on: ${{ matrix.os }}
    steps:
      - run: swift build --build-tests
      - name: Test built files
        run: sed -i~ "s/resolve('\\.\\/src\\(.*\\)\\.ts')/resolve('\\.\\/dist\\1.js')/" vitest.config.mts
  windows-matrix:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [windows-2022, windows-2025]
    steps:
      - run: cmake --build build-win
  ios:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [macos-14, macos-15]
    steps:
      - run: cmake -B build-ios -GXcode -DCMAKE_SYSTEM_NAME:STRING=iOS
      - run: cmake --build build-ios
`
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte(yml), &out))
	assert.Equal(t, []string{"test swift test -c debug ci.yml:6", "build swift build --build-tests ci.yml:20"}, commandSummary(out.list),
		"a Mac's own tools and targets are left to a Mac, and a matrix of Windows or Mac machines is one")
}

// A here-document's lines are a file's text, not commands: a Dockerfile
// written by cat <<EOF in a CI step runs nothing here.
func TestHereDocuments(t *testing.T) {
	t.Parallel()
	yml := `jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - name: Create Dockerfile
        run: |
          cat <<'EOF' >Dockerfile
          FROM scratch
          RUN ["/jq", "--version"]
          EOF
          make -j4 test
`
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte(yml), &out))
	assert.Equal(t, []string{"test make -j4 test ci.yml:11"}, commandSummary(out.list))
}

// A command run for each item of a loop the script makes (a shell for, a
// PowerShell foreach) is no command an agent can run as written.
func TestLoopBodies(t *testing.T) {
	t.Parallel()
	yml := `jobs:
  pack:
    runs-on: ubuntu-latest
    steps:
      - run: |
          foreach ($package in $packages) {
            dotnet validate package local $package
          }
          for pkg in ./cmd/*; do go test $pkg; done
          for d in a b; do
            go vet ./${d}/...
          done
          for target in $(go tool dist list); do
            GOOS=${target%/*} GOARCH=${target#*/} go build ./...
          done
          go build ./...
          dotnet test $packagesDir
`
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte(yml), &out))
	assert.Equal(t, []string{"build go build ./... ci.yml:16", "test dotnet test $packagesDir ci.yml:17"}, commandSummary(out.list))
}

// A root Cargo.toml, go.mod or Package.swift is built by its ecosystem's
// command where no build found builds for this machine with the usual
// toolchain: log's CI builds only for a target and with nightly's flags.
func TestConventionalBuild(t *testing.T) {
	t.Parallel()
	var out commandSet
	out.add(KindBuild, "cargo build --verbose -Z avoid-dev-deps --features kv", ".github/workflows/main.yml:91")
	out.add(KindBuild, "cargo build --verbose --target=thumbv6m-none-eabi", ".github/workflows/main.yml:144")
	out.add(KindBuild, "cd fuzz && cargo build", "fuzz/README.md:3")
	out.add(KindTest, "cargo test", ".github/workflows/main.yml:40")
	conventionCommands([]*sdk.Manifest{{Path: "Cargo.toml"}, {Path: "fuzz/Cargo.toml"}}, nil, nil, &out)
	assert.Contains(t, commandSummary(out.list), "build cargo build Cargo.toml (convention)")
	out = commandSet{}
	out.add(KindBuild, "cargo build --release", "README.md:9")
	conventionCommands([]*sdk.Manifest{{Path: "Cargo.toml"}}, nil, nil, &out)
	assert.Equal(t, []string{"build cargo build --release README.md:9", "test cargo test Cargo.toml (convention)"}, commandSummary(out.list))
}

// With no test command known, a Swift package and a .NET solution are
// tested by their ecosystem's convention, where they are.
func TestSwiftAndDotnetConventions(t *testing.T) {
	t.Parallel()
	var out commandSet
	conventionCommands(nil, []string{"Package.swift", "App.sln", "tools/Gen/Gen.sln", "tools/Gen/Gen.Tests.sln"}, nil, &out)
	assert.Equal(t, []string{
		"build swift build Package.swift (convention)",
		"test swift test Package.swift (convention)",
		"test dotnet test App.sln (convention)",
	}, commandSummary(out.list), "the root's solution covers the others")
	out = commandSet{}
	conventionCommands(nil, []string{"tools/Gen/Gen.sln", "tools/Gen/Gen.Tests.sln"}, nil, &out)
	assert.Equal(t, []string{"test cd tools/Gen && dotnet test Gen.sln tools/Gen/Gen.sln (convention)"}, commandSummary(out.list),
		"of two solutions in a directory, one is named")
	out = commandSet{}
	conventionCommands([]*sdk.Manifest{{Path: "support/build.gradle"}}, []string{"CMakeLists.txt"}, nil, &out)
	assert.Equal(t, []string{"test cmake -B build && cmake --build build && ctest --test-dir build CMakeLists.txt (convention)"},
		commandSummary(out.list), "the root's ecosystem is the project's")
	out = commandSet{}
	conventionCommands([]*sdk.Manifest{{Path: "composer.json"}}, []string{"phpunit.xml.dist", "phpunit.xml"}, nil, &out)
	assert.Equal(t, []string{"test vendor/bin/phpunit phpunit.xml.dist (convention)"}, commandSummary(out.list),
		"a PHPUnit configuration is run by composer's phpunit, once")
	out = commandSet{}
	conventionCommands([]*sdk.Manifest{{Path: "pom.xml"}, {Path: "build.gradle"}}, nil, map[string]bool{"mvnw": true, "gradlew": true}, &out)
	assert.Equal(t, []string{"test ./mvnw test pom.xml (convention)", "test ./gradlew test build.gradle (convention)"}, commandSummary(out.list),
		"the wrappers beside the projects run their tools")
	out = commandSet{}
	conventionCommands([]*sdk.Manifest{{Path: "projects/build.gradle.kts"}, {Path: "projects/android/koin-android/build.gradle.kts"},
		{Path: "projects/core/koin-core/build.gradle.kts"}, {Path: "tools/build.gradle"}}, nil, map[string]bool{"projects/gradlew": true}, &out)
	assert.Equal(t, []string{"test cd projects && ./gradlew test projects/build.gradle.kts (convention)", "test cd tools && gradle test tools/build.gradle (convention)"},
		commandSummary(out.list), "a subproject is tested with the project above it (koin)")
	assert.True(t, cmakeTests.MatchString("if (FMT_TEST)\n  enable_testing()\nendif()"))
	assert.True(t, cmakeTests.MatchString("include(CTest)"))
	assert.False(t, cmakeTests.MatchString("# call enable_testing() to test\nproject(x)"))
	out = commandSet{}
	out.add(KindTest, "make test", "Makefile:3")
	conventionCommands(nil, []string{"Package.swift"}, nil, &out)
	assert.Equal(t, []string{"test make test Makefile:3", "build swift build Package.swift (convention)"}, commandSummary(out.list),
		"a known test command wins; with no build known, the package builds as Swift packages do")
}

// An agents' guide the maintainers wrote is read first; the one Homer
// wrote is not read back.
func TestAgentsGuides(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "agents", buildFileKind("AGENTS.md"))
	assert.Equal(t, "agents", buildFileKind("CLAUDE.md"))
	assert.Equal(t, "agents", buildFileKind(".github/copilot-instructions.md"))
	assert.Empty(t, buildFileKind("docs/AGENTS.md"))
	guide := "# Guidelines\n\n## Build, Test, and Development Commands\n- `./gradlew allTests testDebugUnitTest`: run core unit tests quickly.\n"
	var out commandSet
	require.NoError(t, fileCommands("agents", "AGENTS.md", []byte(guide), nil, &out))
	assert.Equal(t, []string{"test ./gradlew allTests testDebugUnitTest AGENTS.md:4"}, commandSummary(out.list))
	out = commandSet{}
	require.NoError(t, fileCommands("agents", "AGENTS.md", []byte(agentsfile.Marker+"\n"+guide), nil, &out))
	assert.Empty(t, out.list, "Homer's own file")
}

// A tool a guide names as a requirement is not a command to run; the same
// name as an instruction is.
func TestRequiredToolIsNoCommand(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("README.md", []byte("## From source\n\n`make` is also needed for the build, and `cargo` must be installed.\n\nThen build with `make`.\n\n"+
		"## Features\n\n* **WebSockets**\n* extremely easy tests based on HTTPX and `pytest`\n"+
		"\nEach func takes a `testing.T`.  This is how it writes errors through the normal `go test` capabilities.\n"+
		"\nRun the `go test ./...` suite before you push.\n"), &out) // fastapi, testify: named, not run
	assert.Equal(t, []string{"build make README.md:5", "test go test ./... README.md:14"}, commandSummary(out.list))
	// rich's: the sentence that names the tool says what to do, not the
	// instruction above the block before it.
	out = commandSet{}
	docCommands("CONTRIBUTING.md", []byte("### Tests\n\nRun tests with the following command:\n\n```\nmake test\n```\n\n"+
		"Or if you don't have `make`, run the following:\n\n```\npytest tests/\n```\n"), &out)
	assert.Equal(t, []string{"test make test CONTRIBUTING.md:6", "test pytest tests/ CONTRIBUTING.md:12"}, commandSummary(out.list))
}

// composer.json's scripts run as `composer name`, but those Composer runs
// on its events; a script named for a linter lints. A `composer name` that
// is neither Composer's command nor a script names what HEAD lacks.
func TestComposerScripts(t *testing.T) {
	t.Parallel()
	data := []byte(`{
  "name": "nesbot/carbon",
  "scripts": {
    "phpmd-test": "phpmd tests text /tests/phpmd-test.xml",
    "phpunit": "phpunit",
    "test": ["@phpunit", "@style-check"],
    "post-autoload-dump": "php artisan package:discover",
    "sponsors": "php sponsors.php"
  }
}`)
	var out commandSet
	require.NoError(t, composerScripts("composer.json", data, &out))
	assert.Equal(t, []string{"lint composer phpmd-test composer.json:4", "test composer phpunit composer.json:5", "test composer test composer.json:6",
		"other composer sponsors composer.json:8"},
		commandSummary(out.list))
	tree := newHeadTree([]entry{{path: "composer.json"}}, func(p string) ([]byte, bool) { return data, p == "composer.json" })
	assert.Equal(t, "no script build in composer.json", tree.missing("composer build"))
	assert.Empty(t, tree.missing("composer test"))
	assert.Empty(t, tree.missing("composer install --prefer-dist"))
	assert.Equal(t, "no composer.json in docs/", tree.missing("composer --working-dir=docs test"))
}

// tox's env list spells factors in braces and may hold comments: the first
// test environment of a range of versions, each linter of a factor list,
// and no comment's words.
func TestToxFactorsAndComments(t *testing.T) {
	t.Parallel()
	ini := "[tox]\nenv_list =\n    lint-{ruff,pre-commit},\n    3.1{0-5}-tests,\n    pypy3.11-tests,\n    # Mypy needs to run within the respective Python version\n    changelog\n"
	var out commandSet
	toxCommands("tox.ini", []byte(ini), &out)
	assert.Equal(t, []string{"lint tox -e lint-ruff tox.ini:2", "lint tox -e lint-pre-commit tox.ini:2", "test tox -e 3.10-tests tox.ini:2"},
		commandSummary(out.list))
}

// A guide's example that names a test for the reader to pick is a synopsis.
func TestPlaceholderTestNames(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("CLAUDE.md", []byte("```bash\nmake test\nblack {source_file_or_directory}\ngo test -run TestName ./...\ngo test -run TestName/subtest_name ./...\npytest -k test_name\npytest path/to/test_file.py\nbundle exec rspec spec/path/to/spec.rb:123\ngo test -run TestNamespace ./...\npnpm run test-serve [match]\npnpm run test-serve assets\n./gradlew assemble{Variant}\n./gradlew demoDebugTest --tests \"com.example.myapp.MyTestClass\"\nmake test TAGS=${TAGS}\ngo test /your/tests -run ^YourTest -v --your-test-pflags\ngo test ./yourself\ncmake [-G generator] [-DYAML_BUILD_SHARED_LIBS=on|OFF] ..\nuv run --frozen --python 3.10 pytest ...\nuv run --frozen coverage run -m pytest tests/path/test_foo.py\n./runtests.py MyTestCase\n./runtests.py MyTestCase.test_this_method\n./runtests.py test_this_method\n```\n"), &out)
	assert.Equal(t, []string{"test make test CLAUDE.md:2", "test go test -run TestNamespace ./... CLAUDE.md:9", "test pnpm run test-serve assets CLAUDE.md:11", "test make test TAGS=${TAGS} CLAUDE.md:14"},
		commandSummary(out.list), "vite's optional [match] is the reader's")
}

// A default goal named all runs its prerequisites: zap's "all: lint test"
// tests and builds nothing, and "all: build test" builds.
func TestDefaultGoalByItsPrerequisites(t *testing.T) {
	t.Parallel()
	for mk, want := range map[string][]string{
		".PHONY: all\nall: lint test\n\nlint:\n\tgolangci-lint run\ntest:\n\tgo test ./...\n": {
			"test make Makefile:2", "lint make lint Makefile:4", "test make test Makefile:6"},
		"all: build test\nbuild:\n\tgo build ./...\ntest:\n\tgo test ./...\n": {
			"build make Makefile:1", "build make build Makefile:2", "test make test Makefile:4"},
		"all: $(BIN) | lint\n$(BIN):\n\tgo build -o $@\nlint:\n\tvet\n": {
			"build make Makefile:1", "lint make lint Makefile:4"},
		"all:\n\tgo build ./...\n": {"build make Makefile:1"},
		// nlohmann/json: "all" lists the targets; a fuzzer is no test run.
		"all:\n\t@echo \"amalgamate - amalgamate files\"\n\t@echo \"fuzz_testing - prepare fuzz testing\"\n\nfuzz_testing:\n\tclang++ fuzz.cpp\n\ntest:\n\tctest\n": {
			"other make all Makefile:1", "other make fuzz_testing Makefile:5", "test make test Makefile:8"},
		// linenoise: a target whose recipe runs the compiler builds (at
		// the top; a nested Makefile's targets by their names).
		"linenoise_example: linenoise.h linenoise.c\n\nlinenoise_example: linenoise.c example.c\n\t$(CC) -Wall -W -Os -g -o linenoise_example linenoise.c example.c\n\nclean:\n\trm -f linenoise_example\n_ensure-tag:\n\ttest -n \"$(TAG)\"\n": {
			"build make Makefile:1", "build make linenoise_example Makefile:1", "other make clean Makefile:6"},
		// hiredis: all makes the libraries and the test program (it runs
		// no test), and check, which makes the test program, runs tests.
		"all: dynamic static hiredis-test\ndynamic: $(DYLIBNAME)\nstatic: $(STLIBNAME)\nhiredis-test: test.o $(TEST_LIBS)\n\t$(CC) -o $@ $^\ntest: hiredis-test\n\t./hiredis-test\ncheck: hiredis-test\n\t./test.sh\n": {
			"build make Makefile:1", "other make dynamic Makefile:2", "other make static Makefile:3", "test make hiredis-test Makefile:4",
			"test make test Makefile:6", "test make check Makefile:8"},
		"check: fmt vet\nfmt:\n\tgofmt -l .\nvet:\n\tgo vet ./...\n": {
			"lint make Makefile:1", "lint make check Makefile:1", "lint make fmt Makefile:2", "lint make vet Makefile:4"},
		// swift-snapshot-testing: an Apple platform's targets are left to
		// a Mac.
		"test-linux:\n\tswift test\ntest-ios:\n\txcodebuild test -scheme S\ntest-macos:\n\txcodebuild test -scheme S\n": {
			"test make Makefile:1", "test make test-linux Makefile:1"},
	} {
		var out commandSet
		makefileCommands("Makefile", []byte(mk), nil, &out)
		assert.Equal(t, want, commandSummary(out.list), mk)
	}
}

// A subshell that enters a directory is judged by what it runs: zap's
// "(cd zapgrpc/internal/test && go mod download)" downloads, it tests
// nothing.
func TestSubshellJudgedByWhatItRuns(t *testing.T) {
	t.Parallel()
	var out commandSet
	scriptCommands("go.yml", "go mod download\n(cd zapgrpc/internal/test && go mod download)\n(cd exp && go test ./...)\n", 10, "", nil, &out)
	assert.Equal(t, []string{"test (cd exp && go test ./...) go.yml:12"}, commandSummary(out.list))
	out = commandSet{}
	scriptCommands("shellcheck.yml", "which shellcheck\nshellcheck --version\nshellcheck -s bash nvm.sh\n", 10, "", nil, &out)
	assert.Equal(t, []string{"lint shellcheck -s bash nvm.sh shellcheck.yml:12"}, commandSummary(out.list), "which asks where a tool is (nvm)")
}

// A target that installs is no build, test or run, whatever else its
// name says (tqdm's install_build, install_test, install_dev), and a
// benchmark runner runs nothing for a developer (asv run).
func TestInstallTargetsAndBenchmarkRunners(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"install_build": KindOther, "install-test": KindOther, "install_dev": KindOther, "uninstall": KindOther,
		"build": KindBuild, "test": KindTest, "postinstall": KindOther,
		"test:perf": KindOther, "build-and-benchmark": KindOther, "build-and-profile": KindOther, // immer
	} {
		assert.Equal(t, want, classify(name), name)
	}
	assert.Equal(t, KindOther, classifyLine("asv run -j 8 --interleave-processes --skip-existing v3.2.0..HEAD"))
	assert.Equal(t, KindOther, classifyLine("hyperfine 'fd -e rs' 'find . -name *.rs'"))
	assert.Equal(t, KindOther, classifyLine("uv run pytest testing/benchmark.py"), "a benchmark by its file's name")
	assert.Equal(t, KindLint, classifyLine("./script/generate.sh --check"), "it checks what it would write")
	assert.Equal(t, KindLint, classifyLine("./capi/gen_header.sh --verify"), "hyper's: it verifies the header")
	assert.Equal(t, KindOther, classifyLine("script/clone_all_rspec_repos"), "it fetches repositories")
	assert.Equal(t, KindOther, classifyLine("npm config set package-lock false"), "it sets the tool up")
	assert.Equal(t, KindLint, classifyLine("black --check ."))
	assert.Equal(t, KindOther, classifyLine("pnpm docs:build"), "the documentation's site")
	assert.Equal(t, KindOther, classifyLine("./mvnw spring-boot:build-image"), "a container image")
	assert.Equal(t, KindOther, classifyLine("php artisan key:generate"), "an app's secret key")
	assert.Equal(t, KindBuild, classifyLine("pipx run build"), "pipx runs the build tool")
	assert.Equal(t, KindLint, classifyLine("./build.sh --target spellcheck"), "a build script's target decides (FluentAssertions)")
	assert.Equal(t, KindTest, classifyLine("./build.sh UnitTests"))
	assert.Equal(t, KindBuild, classifyLine("./build.sh"))
	assert.True(t, versionOnly("poetry@build --version | grep $(poetry version --short)"), "a version check")
	assert.Equal(t, KindTest, classifyLine("./mvnw -B verify"), "Maven's verify runs the tests")
	assert.NotEqual(t, KindTest, classifyLine("mvn clean verify artifact:compare -Dmaven.test.skip --projects '!metrics'"), "unless told to skip them (gson's reproducibility check)")
	assert.Equal(t, KindBuild, classifyLine("./mvnw -B package -DskipTests"))
	assert.Equal(t, KindBuild, classifyLine("pnpm build:all"))
	assert.Equal(t, KindLint, classifyLine("go run golang.org/x/vuln/cmd/govulncheck@latest"), "a vulnerability check")
	assert.Equal(t, KindOther, classifyLine("composer require --dev roave/backward-compatibility-check"), "it adds a dependency (doctrine/inflector's CI)")
}

// A preset's name says nothing of what the line does: CLI11's `cmake
// --preset dev` configures a build, it runs nothing.
func TestCMakePresets(t *testing.T) {
	t.Parallel()
	assert.Equal(t, KindBuild, classifyLine("cmake --preset dev"))
	assert.Equal(t, KindBuild, classifyLine("cmake --workflow dev"))
	assert.Equal(t, KindBuild, classifyLine("cmake --build --preset dev"))
	assert.Equal(t, KindTest, classifyLine("ctest --preset dev"))
	assert.Equal(t, KindOther, classifyLine("npm -w mobx run test:performance"), "a workspace's name is no word of the line")
	assert.Equal(t, KindTest, classifyLine("meson test -C build-meson"))
	assert.Equal(t, KindOther, classifyLine("cd build && lcov --ignore-errors gcov,mismatch --directory . --capture --output-file coverage.info"), "a coverage report")
	assert.Equal(t, KindOther, classifyLine("prek install-hooks"), "it installs hooks")
}

// A CI matrix's variants of one build are one command for an agent (log
// builds with --features kv, "kv std", "kv kv_sval" and more).
func TestBuildVariantsOnce(t *testing.T) {
	t.Parallel()
	var out commandSet
	for i, c := range []string{
		"cargo build --verbose -Z avoid-dev-deps --features kv",
		`cargo build --verbose -Z avoid-dev-deps --features "kv std"`,
		`cargo build --verbose -Z avoid-dev-deps --features 'kv kv_sval kv_serde'`,
		"cargo build --verbose -Z avoid-dev-deps --features=kv,std",
		"cargo build --verbose --target=thumbv6m-none-eabi",
		"cargo build --verbose --target riscv32imc-unknown-none-elf",
		"cargo build --verbose -Z minimal-versions --features kv",
	} {
		out.add(KindBuild, c, fmt.Sprintf("main.yml:%d", i+1))
	}
	assert.Equal(t, []string{
		"build cargo build --verbose -Z avoid-dev-deps --features kv main.yml:1",
		"build cargo build --verbose --target=thumbv6m-none-eabi main.yml:5",
		"build cargo build --verbose -Z minimal-versions --features kv main.yml:7",
	}, commandSummary(out.list))
	assert.Equal(t, []string{"cargo", "test", "--all"}, withoutVariant([]string{"cargo", "test", "--features", `"a`, "b", `c"`, "--all"}))
}

// A quoted string that spans lines (a jq program in a CI script) holds no
// commands, and a directory given to a package manager is no script name
// (Humanizer's CI: ".name == \"build\"" was a build command, "pnpm --dir
// website run build" a run).
func TestQuotedStringsAndDirectoryFlags(t *testing.T) {
	t.Parallel()
	script := `jobs="$(
  gh api repos/x/jobs |
    jq -r '
      [ .[].jobs[]
        | select(
            .name == "build"
          )
      ]'
)"
echo 'it''s fine' # don't stop here
IFS=$'\t' read -r run_id run_attempt <<<"$prior"
make test
`
	var out commandSet
	scriptCommands("ci.yml", script, 1, "", nil, &out)
	assert.Equal(t, []string{"test make test ci.yml:12"}, commandSummary(out.list))
	assert.Equal(t, KindBuild, classifyLine("pnpm --dir website run build"))
	assert.Equal(t, KindLint, classifyLine("pnpm --dir website run check:content"))
	assert.Equal(t, byte('\''), openQuote("jq -r '", 0))
	assert.Equal(t, byte(0), openQuote(`echo "it's" # it's`, 0))
}

// What a CI script runs after it leaves the repository is not the
// repository's (fiber's dependabot image), and a question about the
// dependencies builds nothing (go list -m all).
func TestAwayFromTheRepository(t *testing.T) {
	t.Parallel()
	var out commandSet
	scriptCommands("ci.yml", "cd /tmp/dependabot-script\ndocker build -t x -f Dockerfile .\nmake build\ncd $GITHUB_WORKSPACE\nmake test\n", 1, "", nil, &out)
	assert.Equal(t, []string{"test make test ci.yml:5"}, commandSummary(out.list))
	assert.Equal(t, KindOther, classifyLine("go list -m -mod=readonly all"))
	assert.Equal(t, KindOther, classifyLine("npm ls"))
}

// What a CI script or a guide's block runs after "mkdir build; cd build"
// is written as typed from the root (cJSON's "cmake .." ran inside build/),
// a failing command's fallback is no part of it ("|| (rm -rf * && ...)"),
// a guide's cd into its own clone is the root, and a CI's cd into another
// repository's clone leaves the repository.
func TestCommandsRunWhereTheirLinesWent(t *testing.T) {
	t.Parallel()
	var ci commandSet
	scriptCommands("ci.yml", "mkdir -p build\ncd build\ncmake .. $OPTS || (rm -rf * && cmake .. $OPTS)\ncmake --build .\nmake test\ncd ..\nmake lint\nbin/golangci-lint run || STATUS=$?\n", 1, "", nil, &ci)
	assert.Equal(t, []string{
		"build mkdir -p build && cd build && cmake .. $OPTS ci.yml:3",
		"build mkdir -p build && cd build && cmake --build . ci.yml:4",
		"test mkdir -p build && cd build && make test ci.yml:5",
		"lint make lint ci.yml:7",
		"lint bin/golangci-lint run ci.yml:8", // the fallback keeps its status for later
	}, commandSummary(ci.list))

	var other commandSet
	scriptCommands("ci.yml", "git clone https://github.com/acme/plugin\ncd plugin\nmake test\n", 1, "", nil, &other)
	assert.Empty(t, other.list, "another repository's tests")

	// A guide's clone of another repository (fmt's README clones
	// format-benchmark) leaves this one; its own clone is the root.
	bench := commandSet{repo: "fmt"}
	docCommands("README.md", []byte("## Benchmarks\n\n```\ngit clone --recursive https://github.com/fmtlib/format-benchmark.git\ncd format-benchmark\ncmake .\n```\n\n"+
		"## Tests\n\n```\ngit clone https://github.com/fmtlib/fmt.git\ncd fmt\nmake test\n```\n"), &bench)
	assert.Equal(t, []string{"test make test README.md:14"}, commandSummary(bench.list))
	assert.Equal(t, "format-benchmark", cloneName([]string{"--recursive", "https://github.com/fmtlib/format-benchmark.git"}))
	assert.Equal(t, "bench", cloneName([]string{"https://github.com/fmtlib/format-benchmark.git", "bench"}))

	var doc commandSet
	docCommands("README.md", []byte("## Build\n\n```\nmkdir build\ncd build\ncmake ..\n```\n\nThen:\n\n```\nmake\n```\n\n"+
		"## Tests\n\n```sh\ngit clone https://github.com/acme/lib\ncd lib\nmake test\n```\n\n```sh\ncd web\nnpm test\n```\n"), &doc)
	assert.Equal(t, []string{
		"build mkdir -p build && cd build && cmake .. README.md:6",
		"build make README.md:12",
		"test make test README.md:20",
		"test cd web && npm test README.md:25",
	}, commandSummary(doc.list))
	assert.Equal(t, "cmake ..", withoutFallback("cmake .. || (rm -rf * && cmake ..)"))
	assert.Equal(t, `sh -c "a || b"`, withoutFallback(`sh -c "a || b"`))
	assert.Equal(t, "(make || true) && make test", withoutFallback("(make || true) && make test"))
}

// A make after the lines that configure the build is listed with them, as
// a fresh checkout needs it (libuv's README: "sh autogen.sh", "./configure",
// "make", "make check"), and a guide's subshell is judged by what it runs
// ("(cd build && ctest -C Debug)").
func TestMakeAfterItsConfigure(t *testing.T) {
	t.Parallel()
	var doc commandSet
	docCommands("README.md", []byte("To build with autotools:\n\n```bash\n$ sh autogen.sh\n$ ./configure\n$ make\n$ make check\n$ make install\n```\n\n"+
		"With CMake:\n\n```bash\n$ cmake -B build -DBUILD_TESTING=ON\n$ cmake --build build\n\n# Run tests:\n$ (cd build && ctest -C Debug --output-on-failure)\n```\n"), &doc)
	assert.Equal(t, []string{
		"build sh autogen.sh && ./configure && make README.md:6",
		"lint sh autogen.sh && ./configure && make check README.md:7", // the tests where automake writes the Makefile (verifyCommands)
		"build cmake -B build -DBUILD_TESTING=ON README.md:14",
		"build cmake --build build README.md:15",
		"test (cd build && ctest -C Debug --output-on-failure) README.md:18",
	}, commandSummary(doc.list))

	var ci commandSet
	scriptCommands("ci.yml", "./autogen.sh\ncd src\n../configure --enable-debug\nmake test\ncd ..\nmake lint\n", 1, "", nil, &ci)
	assert.Equal(t, []string{
		"test cd src && ../configure --enable-debug && make test ci.yml:4",
		"lint make lint ci.yml:6",
	}, commandSummary(ci.list), "configure steps of another directory are not those of the root's make")
}

// In a block whose commands carry a prompt, the lines without one are
// their output, and nox's combined short flags name the session
// (urllib3's contributing guide).
func TestGuideBlockOutputAndNoxSessions(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("docs/contributing.rst", []byte("Format with ``nox -rs format`` and lint with ``nox -rs lint``.\n\nRunning the tests\n-----------------\n\nRun::\n\n  $ nox --reuse-existing-virtualenvs --sessions test\n  .......\n  nox > Session test-3.10 was successful.\n"), &out)
	assert.Equal(t, []string{"lint nox -rs format docs/contributing.rst:1", "lint nox -rs lint docs/contributing.rst:1",
		"test nox --reuse-existing-virtualenvs --sessions test docs/contributing.rst:8"}, commandSummary(out.list))
}

// Markdown's indented code blocks hold commands too (django-rest-framework's
// "    ./runtests.py"); a list item's indented lines, an admonition's, are
// prose.
func TestMarkdownIndentedCode(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("docs/contributing.md", []byte("### Testing\n\nTo run the tests:\n\n    # Run the tests\n    ./runtests.py\n\n"+
		"!!! tip\n    make test is what CI runs.\n\n1. Lint:\n\n    make lint\n\nThen run:\n\n    tox\n"), &out)
	assert.Equal(t, []string{"test ./runtests.py docs/contributing.md:6", "test tox docs/contributing.md:17"}, commandSummary(out.list))
}

// A guide's section on releasing holds the release's steps, not an
// agent's (ruby/json's "### Release": "rake build", "gem push").
func TestGuidesReleaseSection(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("README.md", []byte("### Testing\n\n```bash\nbundle exec rake test\n```\n\n### Release\n\nRun `rake build` first.\n\n```\nrake build\ngem push pkg/json-2.3.0.gem\n```\n\n## Building\n\n```\nrake compile\n```\n"), &out)
	assert.Equal(t, []string{"test bundle exec rake test README.md:4", "build rake compile README.md:19"}, commandSummary(out.list))
}

// A guide's run of a task runner's default task takes its kind from the
// prose, else rake's is the tests (grape's "Always run before committing:").
func TestGuidesDefaultTask(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("AGENTS.md", []byte("## After Making Code Changes\n\nAlways run before committing:\n\n```\nbundle exec rake\n```\n\n## Docs\n\nBuild the docs with:\n\n```\nbundle exec rake\n```\n"), &out)
	assert.Equal(t, []string{"test bundle exec rake AGENTS.md:6"}, commandSummary(out.list))
}

// A guide's ./script is a command when its name says what it does (coil's
// "`./test.sh`: full local validation"); one that says nothing is not.
func TestGuidesOwnScripts(t *testing.T) {
	t.Parallel()
	var out commandSet
	docCommands("AGENTS.md", []byte("## Commands\n- `./test.sh`: full local validation.\n- `./configure --prefix=/usr`\n- `./bin/app --help`\n- Lint with `./scripts/lint.sh --fix`.\n"), &out)
	assert.Equal(t, []string{"test ./test.sh AGENTS.md:2", "lint ./scripts/lint.sh --fix AGENTS.md:5"}, commandSummary(out.list))
}

// A documentation site's contributing page is a guide, its translations
// are not read again (fastapi's docs/en/docs/contributing.md).
func TestContributingPageOfADocumentationSite(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]string{
		"docs/en/docs/contributing.md": "contributing",
		"docs/de/docs/contributing.md": "",
		"docs/pt-BR/contributing.md":   "",
		"docs/CONTRIBUTING.md":         "contributing",
		"docs/guide/contributing.rst":  "contributing",
		"src/contributing.md":          "",
	} {
		assert.Equal(t, want, docFileKind(p), p)
	}
}

// A nested build file keeps its test, lint, build and run targets, unless
// it sits among benchmarks: immer's perf-testing/package.json builds and
// runs its benchmarks. The root's targets are kept whatever they are.
func TestNestedTargetsAmongBenchmarks(t *testing.T) {
	t.Parallel()
	var s commandSet
	s.addTarget("web/package.json", KindBuild, "npm --prefix web run build", "web/package.json:3")
	s.addTarget("web/package.json", KindOther, "npm --prefix web run clean", "web/package.json:4")
	s.addTarget("perf-testing/package.json", KindBuild, "yarn --cwd perf-testing run build", "perf-testing/package.json:8")
	s.addTarget("benchmarks/Makefile", KindTest, "make -C benchmarks test", "benchmarks/Makefile:2")
	s.addTarget("package.json", KindOther, "npm run coveralls", "package.json:36")
	var got []string
	for _, c := range s.list {
		got = append(got, c.GetCommand())
	}
	assert.Equal(t, []string{"npm --prefix web run build", "npm run coveralls"}, got)
}

// A step's environment goes to the command after a leading cd, which it
// would not reach written before it (serde's miri steps).
func TestStepEnvAfterCd(t *testing.T) {
	t.Parallel()
	yml := `jobs:
  miri:
    steps:
      - run: cd serde_core && cargo miri test --features rc,unstable
        env:
          MIRIFLAGS: -Zmiri-strict-provenance
      - run: cargo test --features unstable
        env:
          RUSTFLAGS: --cfg x
`
	var out commandSet
	require.NoError(t, workflowCommands("ci.yml", []byte(yml), &out))
	assert.Equal(t, []string{"test cd serde_core && MIRIFLAGS=-Zmiri-strict-provenance cargo miri test --features rc,unstable ci.yml:4",
		"test RUSTFLAGS='--cfg x' cargo test --features unstable ci.yml:7"}, commandSummary(out.list))
}
