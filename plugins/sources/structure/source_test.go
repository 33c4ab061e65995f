package structure

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

const makefile = `# Build the project.
GO ?= go
VERSION := $(shell git describe)
BIN = bin/app

.PHONY: all build test lint run clean docs.html

all: build

build: ## compile
	$(GO) build ./...

test:
	$(GO) test ./...

lint vet:
	golangci-lint run

run: build
	./bin/app

clean:
	rm -rf bin

bin/app: main.go
	go build -o $@

%.o: %.c
	cc -c $<

docs.html:
	pandoc

out.txt:
	touch out.txt

.DEFAULT_GOAL := all
define HELP
fake: target
endef
test: BIN = bin/test
`

const packageJSON = `{
  "name": "@acme/web",
  "version": "1.0.0",
  "scripts": {
    "build": "vite build",
    "pretest": "echo before",
    "test": "vitest run",
    "lint": "eslint .",
    "dev": "vite",
    "postinstall": "patch-package",
    "release": "semantic-release"
  },
  "dependencies": {"react": "^18.2.0"},
  "devDependencies": {"vitest": "^1.0.0", "eslint": "^8"}
}
`

const workflow = `name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Lint
        run: golangci-lint run ./...
      - name: Test
        run: |
          echo "testing"
          go test -race \
            ./...
          cd web && npm test
      - name: Web build
        working-directory: web
        run: npm run build
      - run: make test
`

const gitlab = `stages: [test]
variables:
  GO: "1.22"
.template: &tpl
  image: golang
unit:
  <<: *tpl
  script:
    - go vet ./...
    - cargo clippy --all
  after_script:
    - echo done
`

const justfile = `set shell := ["bash", "-c"]
version := "1.0"

# Run the tests
test *args:
    cargo test {{args}}

[private]
helper:
    echo hidden

_internal:
    echo hidden

@fmt:
    cargo fmt
`

const cargo = `[package]
name = "acme-core" # the crate
version = "0.1.0"
edition = "2021"

[dependencies]
serde = { version = "1.0", features = ["derive"] }
tokio = "1.35"
rand_core = { package = "rand", version = "0.8" }

[dependencies.regex]
version = "1.10"

[dev-dependencies]
proptest = "1.4"

[target.'cfg(unix)'.dependencies]
libc = "0.2"
`

const pyproject = `[project]
name = "acme-tools"
dependencies = [
    "requests>=2.31",
    "click[extra] ==8.1.7 ; python_version >= '3.8'",
]

[project.optional-dependencies]
test = ["pytest>=7"]
`

const gomod = `module github.com/acme/app

go 1.22

require github.com/stretchr/testify v1.9.0

require (
	golang.org/x/mod v0.14.0 // indirect
	gopkg.in/yaml.v3 v3.0.1
)

replace example.com/x => ./x
`

// buildRepo makes a repository with a bit of everything structure reads.
func buildRepo(t testing.TB) *testrepo.Repo {
	t.Helper()
	r := testrepo.New(t)
	files := map[string]string{
		"main.go":                                "package main\n",
		"main_test.go":                           "package main\n",
		"go.mod":                                 gomod,
		"go.sum":                                 "x h1:y\n",
		"pkg/util/util.go":                       "package util\n",
		"pkg/util/util_test.go":                  "package util\n",
		"pkg/util/testdata/in.txt":               "data\n",
		"pkg/util/testdata/go.mod":               "module fixture\n",
		"pkg/api/api.pb.go":                      "package api\n",
		"pkg/api/zz_generated.deepcopy.go":       "package api\n",
		"web/package.json":                       packageJSON,
		"web/yarn.lock":                          "lock\n",
		"web/src/app.ts":                         "export {}\n",
		"web/src/App.tsx":                        "export {}\n",
		"web/src/app.test.ts":                    "test\n",
		"web/src/__tests__/x.js":                 "test\n",
		"web/node_modules/left-pad/index.js":     "module.exports = 1\n",
		"web/node_modules/left-pad/package.json": `{"name": "left-pad"}`,
		"web/static/app.min.js":                  "x\n",
		"vendor/github.com/x/y/y.go":             "package y\n",
		"dist/bundle.js":                         "x\n",
		"build/out.js":                           "x\n",
		"tools/build/gen.go":                     "package build\n",
		"Cargo.toml":                             cargo,
		"src/lib.rs":                             "pub fn f() {}\n",
		"tests/integration.rs":                   "#[test] fn t() {}\n",
		"pyproject.toml":                         pyproject,
		"requirements.txt":                       "# deps\nrequests==2.31.0\nflask>=2 ; python_version > '3'\n-r other.txt\n--index-url https://x\n\n",
		"requirements-dev.txt":                   "pytest\n",
		"acme_tools/cli.py":                      "print(1)\n",
		"acme_tools/test_cli.py":                 "def test(): pass\n",
		"scripts/deploy.sh":                      "#!/bin/sh\n",
		"Makefile":                               makefile,
		"justfile":                               justfile,
		".github/workflows/ci.yml":               workflow,
		".gitlab-ci.yml":                         gitlab,
		"docs/guide.md":                          "# Guide\n",
		"config/settings.yaml":                   "a: 1\n",
		"java/src/main/java/App.java":            "class App {}\n",
		"java/src/test/java/AppTest.java":        "class AppTest {}\n",
		"java/pom.xml": `<project><groupId>com.acme</groupId><artifactId>app</artifactId>
  <dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13</version><scope>test</scope></dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0</version></dependency>
  </dependencies></project>`,
		"android/build.gradle.kts": "dependencies {\n    implementation(\"androidx.core:core-ktx:1.12.0\")\n    testImplementation(\"junit:junit:4.13.2\")\n}\n",
	}
	for p, c := range files {
		r.Write(p, c)
	}
	r.Submodule("third_party/lib", "https://example.com/lib.git")
	require.NoError(t, os.Symlink("main.go", r.Path("link.go")))
	r.Commit(testrepo.Alice, testrepo.Day(0), "structure fixture")
	// The work tree is never read: neither untracked files nor edits.
	r.Write("untracked.go", "package main\n")
	r.Write("go.mod", "module github.com/acme/edited\n")
	return r
}

type result struct {
	batches   []*sdk.RecordBatch
	files     map[string]*sdk.FileEntry
	modules   map[string]*sdk.Module
	manifests map[string]*sdk.Manifest
	commands  []*sdk.BuildCommand
	warnings  []string
}

func (r *result) checkpoint() string { return r.batches[len(r.batches)-1].GetCheckpoint() }

func (r *result) paths() []string {
	var out []string
	for p := range r.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (r *result) command(cmd string) *sdk.BuildCommand {
	for _, c := range r.commands {
		if c.GetCommand() == cmd {
			return c
		}
	}
	return nil
}

func extract(t testing.TB, src sdk.Source, root, checkpoint string) *result {
	t.Helper()
	res := &result{files: map[string]*sdk.FileEntry{}, modules: map[string]*sdk.Module{}, manifests: map[string]*sdk.Manifest{}}
	err := src.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: root, Checkpoint: checkpoint}, func(b *sdk.RecordBatch) error {
		res.batches = append(res.batches, b)
		for _, rec := range b.GetRecords() {
			switch {
			case rec.GetFile() != nil:
				res.files[rec.GetFile().GetPath()] = rec.GetFile()
			case rec.GetModule() != nil:
				res.modules[rec.GetModule().GetPath()] = rec.GetModule()
			case rec.GetManifest() != nil:
				res.manifests[rec.GetManifest().GetPath()] = rec.GetManifest()
			case rec.GetCommand() != nil:
				res.commands = append(res.commands, rec.GetCommand())
			}
		}
		for _, d := range b.GetDiagnostics() {
			res.warnings = append(res.warnings, d.GetSummary())
		}
		return nil
	})
	require.NoError(t, err)
	return res
}

func backends() map[string]*Source {
	return map[string]*Source{
		"binary": New().(*Source),
		"go-git": {useBinary: false, useDefaults: true},
	}
}

func TestStructureOfHead(t *testing.T) {
	t.Parallel()
	r := buildRepo(t)
	for name, s := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, s, nil), r.Dir(), "")
			assert.Empty(t, res.warnings)
			require.NotEmpty(t, res.batches)
			assert.True(t, res.batches[0].GetReplaceAll(), "a snapshot replaces the previous one")
			tree := r.Git("rev-parse", "HEAD^{tree}")
			assert.True(t, strings.HasPrefix(res.checkpoint(), tree+":"), res.checkpoint())

			assert.Equal(t, []string{
				".github/workflows/ci.yml", ".gitlab-ci.yml", ".gitmodules", "Cargo.toml", "Makefile",
				"acme_tools/cli.py", "acme_tools/test_cli.py", "android/build.gradle.kts", "config/settings.yaml",
				"docs/guide.md", "go.mod", "java/pom.xml", "java/src/main/java/App.java", "java/src/test/java/AppTest.java",
				"justfile", "main.go", "main_test.go", "pkg/util/testdata/go.mod", "pkg/util/testdata/in.txt",
				"pkg/util/util.go", "pkg/util/util_test.go", "pyproject.toml", "requirements-dev.txt", "requirements.txt",
				"scripts/deploy.sh", "src/lib.rs", "tests/integration.rs", "tools/build/gen.go",
				"web/package.json", "web/src/App.tsx", "web/src/__tests__/x.js", "web/src/app.test.ts", "web/src/app.ts",
			}, res.paths(), "default excludes, no submodule, no symlink, nothing from the work tree")

			main := res.files["main.go"]
			assert.Equal(t, "go", main.GetLanguage())
			assert.Equal(t, r.Git("rev-parse", "HEAD:main.go"), main.GetBlobId())
			assert.EqualValues(t, len("package main\n"), main.GetSize())
			assert.False(t, main.GetIsTest())
			for p, lang := range map[string]string{"web/src/App.tsx": "tsx", "web/src/app.ts": "typescript", "src/lib.rs": "rust",
				"acme_tools/cli.py": "python", "scripts/deploy.sh": "shell", "docs/guide.md": "markdown", "Makefile": "make",
				"config/settings.yaml": "yaml", "web/package.json": "json", "Cargo.toml": "toml", "java/src/main/java/App.java": "java",
				"android/build.gradle.kts": "kotlin", "requirements.txt": "text"} {
				assert.Equal(t, lang, res.files[p].GetLanguage(), p)
			}
			for _, p := range []string{"main_test.go", "pkg/util/util_test.go", "pkg/util/testdata/in.txt", "web/src/app.test.ts",
				"web/src/__tests__/x.js", "tests/integration.rs", "acme_tools/test_cli.py", "java/src/test/java/AppTest.java"} {
				assert.True(t, res.files[p].GetIsTest(), p)
			}

			assert.Equal(t, map[string]string{
				".": "go:2", "acme_tools": "python:2", "java/src/main/java": "java:1", "java/src/test/java": "java:1",
				"pkg/util": "go:2", "scripts": "shell:1", "src": "rust:1", "tests": "rust:1", "tools/build": "go:1",
				"web/src": "typescript:3", "web/src/__tests__": "javascript:1", "android": "kotlin:1",
			}, moduleSummary(res.modules))

			assert.Equal(t, []string{"Cargo.toml", "android/build.gradle.kts", "go.mod", "java/pom.xml", "pyproject.toml",
				"requirements-dev.txt", "requirements.txt", "web/package.json"}, keys(res.manifests),
				"manifests, none from fixtures or node_modules")
			gm := res.manifests["go.mod"]
			assert.Equal(t, "go", gm.GetKind())
			assert.Equal(t, "github.com/acme/app", gm.GetName(), "from HEAD, not the edited work tree")
			assert.Equal(t, []string{"github.com/stretchr/testify@v1.9.0", "golang.org/x/mod@v0.14.0", "gopkg.in/yaml.v3@v3.0.1"}, deps(gm))
			pj := res.manifests["web/package.json"]
			assert.Equal(t, "@acme/web", pj.GetName())
			assert.Equal(t, []string{"react@^18.2.0", "eslint@^8 (dev)", "vitest@^1.0.0 (dev)"}, deps(pj))
			ct := res.manifests["Cargo.toml"]
			assert.Equal(t, "cargo", ct.GetKind())
			assert.Equal(t, "acme-core", ct.GetName())
			assert.Equal(t, []string{"libc@0.2", "rand@0.8", "regex@1.10", "serde@1.0", "tokio@1.35", "proptest@1.4 (dev)"}, deps(ct))
			pp := res.manifests["pyproject.toml"]
			assert.Equal(t, "acme-tools", pp.GetName())
			assert.Equal(t, []string{"click@==8.1.7", "requests@>=2.31", "pytest@>=7 (dev)"}, deps(pp))
			assert.Equal(t, []string{"flask@>=2", "requests@==2.31.0"}, deps(res.manifests["requirements.txt"]))
			assert.Equal(t, []string{"pytest (dev)"}, deps(res.manifests["requirements-dev.txt"]))
			assert.Equal(t, "com.acme:app", res.manifests["java/pom.xml"].GetName())
			assert.Equal(t, []string{"com.google.guava:guava@33.0", "junit:junit@4.13 (dev)"}, deps(res.manifests["java/pom.xml"]))
			assert.Equal(t, []string{"androidx.core:core-ktx@1.12.0", "junit:junit@4.13.2 (dev)"}, deps(res.manifests["android/build.gradle.kts"]))

			assert.Equal(t, []string{
				"build make Makefile:8", // the default goal
				"build make build Makefile:10",
				"test make test Makefile:13",
				"lint make lint Makefile:16",
				"lint make vet Makefile:16",
				"run make run Makefile:19",
				"other make clean Makefile:22",
				"other make docs.html Makefile:31",
				"build npm --prefix web run build web/package.json:5",
				"test npm --prefix web run test web/package.json:7",
				"lint npm --prefix web run lint web/package.json:8",
				"run npm --prefix web run dev web/package.json:9",
				"test just test justfile:5",
				"lint just fmt justfile:15",
				"lint golangci-lint run ./... .github/workflows/ci.yml:9",
				"test go test -race ./... .github/workflows/ci.yml:13",
				"test cd web && npm test .github/workflows/ci.yml:15",
				"build cd web && npm run build .github/workflows/ci.yml:18",
				"lint go vet ./... .gitlab-ci.yml:9",
				"lint cargo clippy --all .gitlab-ci.yml:10",
			}, commandSummary(res.commands))
			assert.Nil(t, res.command("npm --prefix web run release"), "nested build files give only test, lint, build and run entries")
		})
	}
}

func moduleSummary(ms map[string]*sdk.Module) map[string]string {
	out := map[string]string{}
	for p, m := range ms {
		out[p] = fmt.Sprintf("%s:%d", m.GetLanguage(), m.GetFiles())
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func deps(m *sdk.Manifest) []string {
	var out []string
	for _, d := range m.GetDependencies() {
		s := d.GetName()
		if d.GetVersion() != "" {
			s += "@" + d.GetVersion()
		}
		if d.GetDev() {
			s += " (dev)"
		}
		out = append(out, s)
	}
	return out
}

func commandSummary(cs []*sdk.BuildCommand) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.GetKind()+" "+c.GetCommand()+" "+c.GetOrigin())
	}
	return out
}

func TestGlobs(t *testing.T) {
	t.Parallel()
	r := buildRepo(t)
	cases := map[string]struct {
		values map[string]*sdk.Value
		want   []string
	}{
		"include with ** reaches every depth": {
			values: map[string]*sdk.Value{"include": sdk.List("**/*.go")},
			want:   []string{"main.go", "main_test.go", "pkg/util/util.go", "pkg/util/util_test.go", "tools/build/gen.go"},
		},
		"a single * stays in its directory": {
			values: map[string]*sdk.Value{"include": sdk.List("*.go")},
			want:   []string{"main.go", "main_test.go"},
		},
		"exclude wins over include": {
			values: map[string]*sdk.Value{"include": sdk.List("**/*.go"), "exclude": sdk.List("pkg/**", "**/*_test.go")},
			want:   []string{"main.go", "tools/build/gen.go"},
		},
		"default excludes can be turned off": {
			values: map[string]*sdk.Value{"include": sdk.List("**/*.go", "**/*.js"), "use_default_excludes": sdk.Bool(false)},
			want: []string{"build/out.js", "dist/bundle.js", "main.go", "main_test.go", "pkg/api/api.pb.go",
				"pkg/api/zz_generated.deepcopy.go", "pkg/util/util.go", "pkg/util/util_test.go", "tools/build/gen.go",
				"vendor/github.com/x/y/y.go", "web/node_modules/left-pad/index.js", "web/src/__tests__/x.js", "web/static/app.min.js"},
		},
		"default excludes apply under include": {
			values: map[string]*sdk.Value{"include": sdk.List("web/**")},
			want:   []string{"web/package.json", "web/src/App.tsx", "web/src/__tests__/x.js", "web/src/app.test.ts", "web/src/app.ts"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, New().(*Source), tc.values), r.Dir(), "")
			assert.Equal(t, tc.want, res.paths())
			// Commands and manifests do not depend on include.
			assert.NotNil(t, res.command("make test"))
			assert.Contains(t, res.manifests, "go.mod")
		})
	}
}

func TestInvalidGlobsAreConfigErrors(t *testing.T) {
	t.Parallel()
	diags := New().Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{
		"include": sdk.List("src/[a-"), "exclude": sdk.List("/abs/**"),
	}})
	require.Len(t, diags, 2)
	attrs := []string{diags[0].GetAttribute(), diags[1].GetAttribute()}
	assert.ElementsMatch(t, []string{"include", "exclude"}, attrs)
	for _, d := range diags {
		assert.Equal(t, sdk.SeverityError, d.GetSeverity())
	}
}

func TestUnchangedTreeIsFast(t *testing.T) {
	t.Parallel()
	r := buildRepo(t)
	for name, s := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sdktest.SourceWith(t, s, nil)
			first := extract(t, src, r.Dir(), "")
			begin := time.Now()
			again := extract(t, src, r.Dir(), first.checkpoint())
			elapsed := time.Since(begin)
			require.Len(t, again.batches, 1)
			assert.Empty(t, again.batches[0].GetRecords())
			assert.False(t, again.batches[0].GetReplaceAll())
			assert.Equal(t, first.checkpoint(), again.checkpoint())
			t.Logf("%s: unchanged tree in %v", name, elapsed)
			assert.Less(t, elapsed, time.Second)

			// Another configuration is another checkpoint: a full snapshot.
			other := sdktest.SourceWith(t, s, map[string]*sdk.Value{"exclude": sdk.List("docs/**")})
			res := extract(t, other, r.Dir(), first.checkpoint())
			assert.NotEqual(t, first.checkpoint(), res.checkpoint())
			assert.NotContains(t, res.files, "docs/guide.md")
			assert.True(t, res.batches[0].GetReplaceAll())
		})
	}
}

func TestBackendsAgree(t *testing.T) {
	t.Parallel()
	r := buildRepo(t)
	bare := filepath.Join(t.TempDir(), "bare.git")
	r.Git("clone", "-q", "--bare", r.Dir(), bare)
	var results []*result
	for _, s := range []*Source{New().(*Source), {useBinary: false, useDefaults: true}} {
		for _, root := range []string{r.Dir(), bare, r.GitDir(), r.Path("pkg")} {
			results = append(results, extract(t, sdktest.SourceWith(t, s, nil), root, ""))
		}
	}
	for i, res := range results[1:] {
		assert.Equal(t, results[0].files, res.files, "run %d", i+1)
		assert.Equal(t, results[0].modules, res.modules, "run %d", i+1)
		assert.Equal(t, results[0].manifests, res.manifests, "run %d", i+1)
		assert.Equal(t, results[0].commands, res.commands, "run %d", i+1)
		assert.Equal(t, results[0].checkpoint(), res.checkpoint(), "run %d", i+1)
	}
}

func TestEmptyRepositoryAndErrors(t *testing.T) {
	t.Parallel()
	empty := testrepo.New(t)
	dir := t.TempDir()
	for name, s := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sdktest.SourceWith(t, s, nil)
			res := extract(t, src, empty.Dir(), "")
			require.Len(t, res.batches, 1)
			assert.True(t, res.batches[0].GetReplaceAll())
			assert.Empty(t, res.batches[0].GetRecords())
			assert.Empty(t, res.checkpoint())

			err := src.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: dir}, func(*sdk.RecordBatch) error { return nil })
			require.Error(t, err)
			assert.Contains(t, err.Error(), dir)
			assert.Contains(t, err.Error(), "not a git repository")
		})
	}
}

func TestBadFilesAreWarnings(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Write("package.json", "{not json")
	r.Write(".github/workflows/ci.yml", "jobs: [unclosed\n")
	r.Write("Cargo.toml", "[package]\nname = \"ok\"\nbroken line\n[dependencies]\nserde = \"1\"\n")
	r.Write("go.mod", "module example.com/m\n")
	r.Commit(testrepo.Alice, testrepo.Day(0), "bad files")
	res := extract(t, sdktest.SourceWith(t, New().(*Source), nil), r.Dir(), "")
	require.Len(t, res.warnings, 3, "%q", res.warnings)
	assert.Equal(t, "ok", res.manifests["Cargo.toml"].GetName())
	assert.Equal(t, []string{"serde@1"}, deps(res.manifests["Cargo.toml"]), "the rest of a damaged file is read")
	assert.Equal(t, []string{"build cargo build Cargo.toml (convention)", "build go build ./... go.mod (convention)",
		"test go test ./... go.mod (convention)", "test cargo test Cargo.toml (convention)"}, commandSummary(res.commands))
}

func TestManyFilesComeInSeveralBatches(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	for i := range batchRecords + 10 {
		r.Write(fmt.Sprintf("d%d/f%d.go", i%50, i), "package d\n")
	}
	r.Commit(testrepo.Alice, testrepo.Day(0), "many files")
	res := extract(t, sdktest.SourceWith(t, New().(*Source), nil), r.Dir(), "")
	require.Len(t, res.batches, 2)
	assert.True(t, res.batches[0].GetReplaceAll())
	assert.Empty(t, res.batches[0].GetCheckpoint(), "a partial snapshot has no checkpoint")
	assert.False(t, res.batches[1].GetReplaceAll())
	assert.NotEmpty(t, res.batches[1].GetCheckpoint())
	assert.Len(t, res.files, batchRecords+10)
	assert.Len(t, res.modules, 50)
}

func TestMissingBlobsAreWarnings(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Write("go.mod", gomod)
	r.Write("main.go", "package main\n")
	r.Commit(testrepo.Alice, testrepo.Day(0), "two files")
	blob := r.Git("rev-parse", "HEAD:go.mod")
	require.NoError(t, os.Remove(filepath.Join(r.GitDir(), "objects", blob[:2], blob[2:])))
	for name, s := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, s, nil), r.Dir(), "")
			assert.Equal(t, []string{"go.mod", "main.go"}, res.paths())
			assert.Equal(t, blob, res.files["go.mod"].GetBlobId())
			assert.Zero(t, res.files["go.mod"].GetSize())
			assert.EqualValues(t, len("package main\n"), res.files["main.go"].GetSize())
			assert.Empty(t, res.manifests)
			require.Len(t, res.warnings, 2, "%q", res.warnings)
			assert.Equal(t, "1 file(s) at HEAD have blobs missing from the object store (partial clone, or a snapshot without large files); their sizes are reported as 0: go.mod", res.warnings[0])
			assert.Contains(t, res.warnings[1], "go.mod")
		})
	}
}

// The warning names the files whose blobs are missing, the first
// shownUnsized of them in path order, and counts the rest.
func TestDescribeUnsizedNamesThePaths(t *testing.T) {
	t.Parallel()
	var entries []entry
	var missing []string
	for i := range shownUnsized + 3 {
		id := fmt.Sprintf("%040x", i+1)
		entries = append(entries, entry{path: fmt.Sprintf("big/%02d.bin", shownUnsized+2-i), id: id})
		missing = append(missing, id)
	}
	entries = append(entries, entry{path: "small.txt", id: strings.Repeat("f", 40), size: 3})
	slices.Sort(missing)
	got := describeUnsized(entries, missing)
	assert.True(t, strings.HasPrefix(got, fmt.Sprintf("%d file(s) at HEAD have blobs missing", shownUnsized+3)), got)
	assert.Contains(t, got, "reported as 0: big/00.bin, big/01.bin, ")
	assert.True(t, strings.HasSuffix(got, fmt.Sprintf("big/%02d.bin and 3 more", shownUnsized-1)), got)
	assert.NotContains(t, got, "small.txt")
	assert.NotContains(t, got, fmt.Sprintf("big/%02d.bin", shownUnsized))
}
