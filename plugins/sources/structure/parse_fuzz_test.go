package structure

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

// The fuzz targets pick the file's name from these lists by a number the
// fuzzer chooses, so that every reader sees every content.
var (
	manifestNames = []string{"go.mod", "package.json", "web/package.json", "Cargo.toml", "pyproject.toml",
		"requirements.txt", "requirements-dev.txt", "pom.xml", "build.gradle", "app/build.gradle.kts"}
	buildFileNames = []string{"Makefile", "docs/Makefile", "justfile", "package.json", "web/package.json",
		".github/workflows/ci.yml", ".gitlab-ci.yml"}
)

// seedFiles are real files of Homer's own tree and of its fixtures, with
// the kinds of file that tree lacks written here, each a typical one.
func seedFiles(tb testing.TB) map[string][]byte {
	seeds := map[string][]byte{
		"pyproject.toml": []byte(`[build-system]
requires = ["hatchling"]

[project]
name = "shop"
dependencies = [
  "requests>=2.31 ; python_version >= '3.8'",
  "click[extra]~=8.1",
  "pkg @ https://example.com/pkg.tar.gz",
]

[project.optional-dependencies]
dev = ["pytest>=8", 'ruff']

[dependency-groups]
docs = ["sphinx"]

[tool.poetry.dependencies]
python = "^3.11"
flask = { version = "^3.0", extras = ["async"] }

[tool.poetry.group.test.dependencies]
hypothesis = "*"
`),
		"requirements-dev.txt": []byte("-r requirements.txt\npytest==8.2.0 # tests\nblack>=24\\\n  ; python_version>'3.9'\n" +
			"git+https://example.com/x.git\nname @ https://example.com/name.whl\n"),
		"pom.xml": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>1</version></parent>
  <artifactId>shop</artifactId>
  <dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0.0-jre</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
  </dependencies>
</project>
`),
		"build.gradle": []byte(`plugins { id 'java' }
dependencies {
    implementation 'com.google.guava:guava:33.0.0-jre'
    testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")
    api "org.slf4j:slf4j-api"
    unknownConf 'a:b:c'
}
`),
		"justfile": []byte("set shell := [\"bash\", \"-c\"]\n\n# Run the tests.\ntest *args:\n    go test ./... {{args}}\n\n" +
			"[private]\nhelper:\n    echo hi\n\n@lint:\n    golangci-lint run\n\n_hidden:\n    true\nalias t := test\n"),
		".github/workflows/ci.yml": []byte(`name: ci
on: [push, pull_request]
defaults: &defaults
  run:
    working-directory: web
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: |
          npm run lint
          npm test -- --coverage \
            --ci
      - name: build
        working-directory: api
        run: go build ./...
  web:
    defaults: *defaults
    runs-on: ubuntu-latest
    steps:
      - run: "cd web && npm run build"
`),
		".gitlab-ci.yml": []byte(`stages: [test, build]
variables:
  GOFLAGS: -mod=readonly
.base: &base
  image: golang:1.22
test:
  <<: *base
  stage: test
  script:
    - go vet ./...
    - - go test -race ./...
build:
  script: >
    make build
`),
	}
	for name, file := range map[string]string{
		"go.mod":       "../../../go.mod",
		"Makefile":     "../../../Makefile",
		"package.json": "../../languages/javascript/testdata/fixture/package.json",
		"Cargo.toml":   "../../languages/rust/testdata/fixture/Cargo.toml",
	} {
		data, err := os.ReadFile(file)
		require.NoError(tb, err)
		seeds[name] = data
	}
	return seeds
}

// addSeeds adds the seed for each of names, found by its path or its
// base name.
func addSeeds(f *testing.F, names []string) {
	seeds := seedFiles(f)
	for i, name := range names {
		data, ok := seeds[name]
		if !ok {
			data, ok = seeds[path.Base(name)]
		}
		if ok {
			f.Add(uint8(i), data)
		}
	}
}

// FuzzManifest feeds every manifest reader any content. Beyond not
// panicking: the manifest comes back with its path and kind, it marshals
// as protobuf (every string valid UTF-8), so is its problem when it has
// one, and every dependency has a name.
func FuzzManifest(f *testing.F) {
	addSeeds(f, manifestNames)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := manifestNames[int(which)%len(manifestNames)]
		m, err := parseManifest(name, data)
		require.NotNil(t, m)
		require.Equal(t, name, m.GetPath())
		require.Equal(t, manifestKind(name), m.GetKind())
		_, merr := proto.Marshal(m)
		require.NoError(t, merr, "the manifest does not marshal")
		for _, d := range m.GetDependencies() {
			require.NotEmpty(t, d.GetName(), "a dependency without a name (version %q)", d.GetVersion())
		}
		if err != nil {
			checkWarning(t, name, err)
		}
	})
}

// FuzzCommands feeds every build-file reader (Makefile, justfile,
// package.json scripts, GitHub and GitLab CI) any content. Beyond not
// panicking, each command must be one the core can store and an agent
// can follow back: a known kind, text, protobuf-safe strings, and an
// origin that names the file and a line of it.
func FuzzCommands(f *testing.F) {
	addSeeds(f, buildFileNames)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := buildFileNames[int(which)%len(buildFileNames)]
		var out commandSet
		err := fileCommands(buildFileKind(name), name, data, nil, &out)
		if err != nil {
			checkWarning(t, name, err)
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, c := range out.list {
			require.Contains(t, []string{KindTest, KindLint, KindBuild, KindRun, KindOther}, c.GetKind())
			require.NotEmpty(t, c.GetCommand())
			_, merr := proto.Marshal(c)
			require.NoError(t, merr, "command %q does not marshal", c.GetCommand())
			file, line, ok := strings.Cut(c.GetOrigin(), ":")
			require.True(t, ok, "origin %q", c.GetOrigin())
			require.Equal(t, name, file)
			n, aerr := strconv.Atoi(line)
			require.NoError(t, aerr, "origin %q", c.GetOrigin())
			require.True(t, n >= 1 && n <= lines, "command %q from line %d of %d", c.GetCommand(), n, lines)
		}
	})
}

// checkWarning asserts that a reader's error can travel as the warning
// build makes of it.
func checkWarning(t *testing.T, name string, err error) {
	t.Helper()
	d := warning(name, "%s: %v", name, err)
	_, merr := proto.Marshal(d)
	require.NoError(t, merr, "the warning %q does not marshal", d.GetSummary())
}

// FuzzTOML feeds the TOML subset reader any text. Beyond not panicking,
// every value is of a type the manifest readers expect (string, number,
// boolean, array or table), and every problem names a line of the text.
func FuzzTOML(f *testing.F) {
	seeds := seedFiles(f)
	f.Add(string(seeds["Cargo.toml"]))
	f.Add(string(seeds["pyproject.toml"]))
	f.Add("a.'b c'.\"d\" = [1, 2.5, -3_000, true, 1979-05-27T07:32:00Z, { x = 'y' }]\n" +
		"s = \"\"\"\nmulti\\\"line\"\"\"\nt = '''raw\n'''\n[[bin]]\nname = \"x\"\n[[bin]]\nname = \"y\"\n[broken\nk =\n")
	f.Fuzz(func(t *testing.T, src string) {
		doc, problems := parseTOML(src)
		require.NotNil(t, doc)
		checkTOMLValue(t, doc)
		lines := strings.Count(src, "\n") + 1
		for _, p := range problems {
			var n int
			_, err := fmt.Sscanf(p, "line %d:", &n)
			require.NoError(t, err, "problem %q names no line", p)
			require.True(t, n >= 1 && n <= lines, "problem %q of %d lines", p, lines)
		}
	})
}

func checkTOMLValue(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case string, float64, bool:
	case []any:
		for _, x := range v {
			checkTOMLValue(t, x)
		}
	case map[string]any:
		for _, x := range v {
			checkTOMLValue(t, x)
		}
	default:
		t.Fatalf("a value of type %T", v)
	}
}
