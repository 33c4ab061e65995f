package structure

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/homer-dev/homer/sdk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLanguageAndTests(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		lang string
		test bool
	}{
		"cmd/app/main.go":                {"go", false},
		"cmd/app/main_test.go":           {"go", true},
		"internal/x/testdata/a.json":     {"json", true},
		"pkg/mod.py":                     {"python", false},
		"pkg/test_mod.py":                {"python", true},
		"pkg/mod_test.py":                {"python", true},
		"conftest.py":                    {"python", true},
		"src/a.ts":                       {"typescript", false},
		"src/a.spec.ts":                  {"typescript", true},
		"src/A.test.tsx":                 {"tsx", true},
		"src/__tests__/b.jsx":            {"javascript", true},
		"lib/x.mjs":                      {"javascript", false},
		"src/lib.rs":                     {"rust", false},
		"tests/it.rs":                    {"rust", true},
		"src/main/java/a/App.java":       {"java", false},
		"src/test/java/a/AppTest.java":   {"java", true},
		"src/test/kotlin/AppTests.kt":    {"kotlin", true},
		"app/models/user.rb":             {"ruby", false},
		"spec/models/user_spec.rb":       {"ruby", true},
		"lib/sinatra/test_helpers.rb":    {"ruby", false},
		"test_parser.rb":                 {"ruby", true},
		"Rakefile":                       {"ruby", false},
		"src/x.c":                        {"c", false},
		"src/x.h":                        {"c", false},
		"src/x.cc":                       {"cpp", false},
		"src/x_unittest.cc":              {"cpp", true},
		"Lib/Thing.cs":                   {"csharp", false},
		"Lib.Tests/ThingTests.cs":        {"csharp", true},
		"src/Thing.php":                  {"php", false},
		"Sources/App/App.swift":          {"swift", false},
		"Tests/AppTests/AppTests.swift":  {"swift", true},
		"init.lua":                       {"lua", false},
		"spec/init_spec.lua":             {"lua", true},
		"scripts/build.sh":               {"shell", false},
		"README.md":                      {"markdown", false},
		"ci.yaml":                        {"yaml", false},
		"Cargo.toml":                     {"toml", false},
		"Makefile":                       {"make", false},
		"Dockerfile.dev":                 {"dockerfile", false},
		"LICENSE":                        {"", false},
		"testing/helpers.go":             {"go", false},
		"src/Testimony.java":             {"java", false},
		"src/TestUtils.java":             {"java", true},
		"contest/main.py":                {"python", false},
		"lib/plug/adapters/test/conn.ex": {"elixir", false},
		"test/plug/conn_test.exs":        {"elixir", true},
		"test/support/helpers.ex":        {"elixir", true},
	}
	for p, want := range cases {
		assert.Equal(t, want.lang, languageOf(p), "language of %s", p)
		assert.Equal(t, want.test, isTest(p), "is %s a test", p)
	}
}

func TestDefaultExcludes(t *testing.T) {
	t.Parallel()
	f := newFilter(nil, nil, true)
	for p, excluded := range map[string]bool{
		"vendor/a/b.go": true, "sub/vendor/a.go": true, "web/node_modules/x/i.js": true,
		"target/debug/x": true, "crates/a/target/x": false, "dist/app.js": true, "build/x.o": true,
		"tools/build/gen.go": false, "cmd/dist/main.go": false, ".venv/lib/x.py": true, "a/__pycache__/x.pyc": true,
		"static/app.min.js": true, "x/api.pb.go": true, "x/api_pb2.py": true, "x/types.generated.ts": true,
		"zz_generated.deepcopy.go": true, "pkg/zz_generated_x.go": true, "Cargo.lock": true, "web/yarn.lock": true,
		"package-lock.json": true, "go.sum": true, "go.mod": false, "src/app.js": false, "vendored.go": false,
		"include/spdlog/fmt/bundled/format.h": true, "third_party/zlib/inflate.c": true, "src/pip/_vendor/rich/text.py": true,
		".yarn/releases/yarn-4.4.1.cjs": true, ".pnp.cjs": true,
		"src/bundle.go": false,
	} {
		assert.Equal(t, excluded, f.excluded(p), p)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	for name, kind := range map[string]string{
		"test": KindTest, "test-unit": KindTest, "e2e": KindTest, "coverage": KindTest, "test-bench": KindOther,
		"lint": KindLint, "lint:fix": KindLint, "fmt": KindLint, "vet": KindLint, "typecheck": KindLint, "check": KindLint,
		"build": KindBuild, "all": KindBuild, "generate": KindBuild, "build:prod": KindBuild,
		"run": KindRun, "dev": KindRun, "start": KindRun, "serve": KindRun,
		"clean": KindOther, "deploy": KindOther, "help": KindOther, "bench": KindOther, "bench-accuracy": KindOther,
		"platformTest": KindTest, "buildDocs": KindOther, "buildLib": KindBuild, "cxxtest": KindOther, "type": KindLint, "build:types": KindBuild, "cov": KindTest, "covall": KindOther, "docs:build": KindOther, "build-site": KindOther,
	} {
		assert.Equal(t, kind, classify(name), name)
	}
	for line, kind := range map[string]string{
		"go test -race ./...":                                  KindTest,
		"go test -run '^$' -bench . ./...":                     KindOther, // benchmarks, as make bench
		"make bench":                                           KindOther,
		"python -m pytest tests":                               KindTest,
		"cargo clippy --all-targets -- -D warnings":            KindLint,
		"golangci-lint run":                                    KindLint,
		"pre-commit run --all-files":                           KindLint,
		"go build -o bin/app ./cmd/app":                        KindBuild,
		"npm run build":                                        KindBuild,
		"pip install -r requirements.txt":                      KindOther,
		"npm ci":                                               KindOther,
		"CGO_ENABLED=0 go test ./...":                          KindTest,
		"docker compose up -d":                                 KindRun,
		"cargo +nightly generate-lockfile -Z minimal-versions": KindOther,
		"cargo update":                                         KindOther,
		"poetry lock":                                          KindOther,
		"bundle up sidekiq":                                    KindOther,
		"./gradlew spotlessCheck":                              KindLint,
		"./gradlew connectedDebugAndroidTest":                  KindTest,
		"make update-docs":                                     KindOther,
	} {
		assert.Equal(t, kind, classifyLine(line), line)
	}
}

func TestScriptLines(t *testing.T) {
	t.Parallel()
	var cmds commandSet
	scriptCommands("ci.yml", "curl -sSfL https://example.com/golangci-lint/install.sh | sh\n"+
		"# go test\n\ncd api && go test ./...\necho go test\nnpm test\nnpm install\nmake \\\n  build\n", 10, "", nil, &cmds)
	assert.Equal(t, []string{
		"test cd api && go test ./... ci.yml:13",
		"test npm test ci.yml:15",
		"build make build ci.yml:17",
	}, commandSummary(cmds.list))
}

func TestTOMLSubset(t *testing.T) {
	t.Parallel()
	doc, problems := parseTOML(`
# comment
title = "x" # trailing
"quoted key" = 'literal \n'
a.b.c = 1_000
multi = """
line one
line "two"\
  joined"""
lit = '''raw \ text'''
arr = [ "a", 'b',  # comment in array
  [1, 2], { x = true }, ]
date = 1979-05-27T07:32:00Z

[table]
inline = { version = "1.0", features = ["derive"], nested.key = "v" }

[table.sub]
k = -3.5

[[bin]]
name = "one"
[[bin]]
name = "two"

[target.'cfg(unix)'.dependencies]
libc = "0.2"
`)
	require.Empty(t, problems)
	assert.Equal(t, "x", doc["title"])
	assert.Equal(t, `literal \n`, doc["quoted key"])
	assert.Equal(t, 1000.0, doc["a"].(map[string]any)["b"].(map[string]any)["c"])
	assert.Equal(t, "line one\nline \"two\"joined", doc["multi"])
	assert.Equal(t, `raw \ text`, doc["lit"])
	assert.Equal(t, []any{"a", "b", []any{1.0, 2.0}, map[string]any{"x": true}}, doc["arr"])
	assert.Equal(t, "1979-05-27T07:32:00Z", doc["date"])
	table := doc["table"].(map[string]any)
	assert.Equal(t, map[string]any{"version": "1.0", "features": []any{"derive"}, "nested": map[string]any{"key": "v"}}, table["inline"])
	assert.Equal(t, -3.5, table["sub"].(map[string]any)["k"])
	assert.Len(t, doc["bin"], 2)
	assert.Equal(t, "two", doc["bin"].([]any)[1].(map[string]any)["name"])
	assert.Equal(t, "0.2", doc["target"].(map[string]any)["cfg(unix)"].(map[string]any)["dependencies"].(map[string]any)["libc"])

	_, problems = parseTOML("ok = 1\nnot toml at all\n[a\nb = \"unterminated\n")
	assert.Len(t, problems, 3)
}

func TestMakefileTargets(t *testing.T) {
	t.Parallel()
	var cmds commandSet
	makefileCommands("sub/Makefile", []byte("ifeq ($(X),1)\n$(error see http://example.com: now)\nendif\n"+
		"test: ; go test\nlint \\\n  fmt: deps\nbuild-%:\n\t@echo\nexport A := 1\nrun::\n\tgo run .\nclean:\n"), nil, &cmds)
	assert.Equal(t, []string{
		"test make -C sub sub/Makefile:4", // its default goal
		"test make -C sub test sub/Makefile:4",
		"lint make -C sub lint sub/Makefile:5",
		"lint make -C sub fmt sub/Makefile:5",
		"run make -C sub run sub/Makefile:10",
	}, commandSummary(cmds.list), "a nested Makefile keeps no other-kind targets")
}

func TestCompiledGlobsAgree(t *testing.T) {
	t.Parallel()
	globs := append([]string{"vendor/**", "**/x/**", "**/*.go", "**/Makefile", "**/zz_*", "src/**/*.ts", "*.md", "**/a/b/**"}, DefaultExcludes...)
	paths := []string{"vendor", "vendor/a.go", "a/vendor", "a/vendor/b.go", "vendorx/a.go", "a/vendorx/b", "x", "x/y", "a/x/b",
		"main.go", "a/b.go", ".go", "a/Makefile", "Makefile.am", "zz_gen.go", "a/zz_", "src/a.ts", "src/a/b/c.ts", "README.md",
		"docs/a.md", "a/b/c", "x/a/b/d", "build", "build/x", "a/build/x", "yarn.lock", "a/.lock", "lockfile", "go.sum",
		"a/b.min.js", "min.js", "x.generated.ts", "generated.ts", "node_modules/.bin/x", ".git/config", "a/.git/x",
		"a/.generated.", "x.generated.generated", "d.generated.x/file", "a.generated", "a/b.generated", "a/zz_generated.go"}
	for _, g := range globs {
		m := compileGlob(g)
		for _, p := range paths {
			want, err := doublestar.Match(g, p)
			require.NoError(t, err)
			assert.Equal(t, want, m.match(p), "glob %q on %q (shape %d)", g, p, m.shape)
		}
	}
	assert.Equal(t, shapeAnyDir, compileGlob("**/node_modules/**").shape)
	assert.Equal(t, shapeBaseContains, compileGlob("**/*.generated.*").shape)
	assert.Equal(t, shapeGlob, compileGlob("**/*").shape)

	// A list matches a path when one of its globs does, the globs of
	// shape **/dir/** met together in one pass.
	for _, list := range [][]string{globs, DefaultExcludes, {"**/x/**", "**/a/**"}, {"**/*.go"}, nil} {
		ms := compileGlobs(list)
		for _, p := range paths {
			want := false
			for _, g := range list {
				ok, err := doublestar.Match(g, p)
				require.NoError(t, err)
				want = want || ok
			}
			assert.Equal(t, want, ms.match(p), "%q on %q", list, p)
		}
	}
}

// A requirement continued with a backslash is one requirement (pip joins
// the lines); its marker on the next line is no dependency of its own.
// Found by FuzzManifest.
func TestRequirementsContinuedLines(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("requirements.txt", []byte("black>=24 \\\n  ; python_version > '3.9'\n\\\n\n;\npytest\n"))
	require.NoError(t, err)
	var got []string
	for _, d := range m.GetDependencies() {
		got = append(got, d.GetName()+"@"+d.GetVersion())
	}
	assert.Equal(t, []string{"black@>=24", "pytest@"}, got)

	// Nor is a "" key a dependency (found by FuzzManifest).
	for name, src := range map[string]string{
		"package.json": `{"name": "x", "dependencies": {"": "^18.0.0", "lodash": "^4"}}`,
		"Cargo.toml":   "[package]\nname = \"x\"\n[dependencies]\n\"\" = \"1\"\nlodash = \"4\"\n",
	} {
		m, err := parseManifest(name, []byte(src))
		require.NoError(t, err)
		require.Len(t, m.GetDependencies(), 1, name)
		assert.Equal(t, "lodash", m.GetDependencies()[0].GetName(), name)
	}
}

// Values are read recursively: deep nesting is a problem reported, not a
// stack overflow that kills the plugin (20 million "[" did).
func TestTOMLDeepNesting(t *testing.T) {
	t.Parallel()
	for _, open := range []string{"[", "{ a = "} {
		doc, problems := parseTOML("name = \"x\"\nv = " + strings.Repeat(open, 20_000_000) + "\nafter = 1\n")
		require.Len(t, problems, 1, open)
		assert.Contains(t, problems[0], "line 2: arrays and tables nested deeper than")
		assert.Equal(t, "x", doc["name"])
		assert.Equal(t, 1.0, doc["after"], "the lines after the deep value are read")
	}
}

// A GitLab script built of aliases of lists of aliases is a tree of 2^n
// paths in a few lines: it is read node by node, in no time (n = 26 took
// two minutes, each further level twice as long).
func TestGitLabAliasesAreReadOnce(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(".l0: &l0 [\"make test\", \"make lint\"]\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, ".l%d: &l%d [*l%d, *l%d]\n", i, i, i-1, i-1)
	}
	b.WriteString("job:\n  script: *l60\nother:\n  script: [*l1, \"make build\"]\n")
	var out commandSet
	start := time.Now()
	require.NoError(t, gitlabCommands(".gitlab-ci.yml", []byte(b.String()), &out))
	require.Less(t, time.Since(start), 10*time.Second)
	var got []string
	for _, c := range out.list {
		got = append(got, c.GetCommand()+" "+c.GetOrigin())
	}
	assert.Equal(t, []string{"make test .gitlab-ci.yml:1", "make lint .gitlab-ci.yml:1", "make build .gitlab-ci.yml:65"}, got)
}

// The checkpoint follows the package's code: editing a non-test file
// changes the hash, editing a test file does not.
func TestCodeHashFollowsTheCode(t *testing.T) {
	base := fstest.MapFS{
		"source.go":      {Data: []byte("package structure\n")},
		"source_test.go": {Data: []byte("package structure\n")},
	}
	edited := fstest.MapFS{
		"source.go":      {Data: []byte("package structure\n// changed\n")},
		"source_test.go": {Data: []byte("package structure\n")},
	}
	testOnly := fstest.MapFS{
		"source.go":      {Data: []byte("package structure\n")},
		"source_test.go": {Data: []byte("package structure\n// changed\n")},
	}
	require.NotEqual(t, hashCode(base), hashCode(edited))
	require.Equal(t, hashCode(base), hashCode(testOnly))
	a := settings{}.configHash()
	saved := codeHash
	codeHash = "other"
	defer func() { codeHash = saved }()
	require.NotEqual(t, a, settings{}.configHash(), "the code hash is part of the checkpoint")
}

// A repository's .h files are C++ where its C++ sources outnumber its C
// ones, and C otherwise.
func TestHeaderLanguage(t *testing.T) {
	t.Parallel()
	f := newFilter(nil, nil, true)
	entries := func(paths ...string) []entry {
		var out []entry
		for _, p := range paths {
			out = append(out, entry{path: p})
		}
		return out
	}
	assert.Equal(t, "cpp", headerLanguage(entries("include/a.h", "include/b.h", "src/a.cc", "src/b.cpp", "test/c-test.c"), f))
	assert.Equal(t, "c", headerLanguage(entries("include/a.h", "src/a.c", "src/b.c", "tools/x.cc"), f))
	assert.Equal(t, "c", headerLanguage(entries("a.h"), f), "with neither, C")
	assert.Equal(t, "c", headerLanguage(entries("a.h", "a.c", "vendor/x/a.cc", "vendor/x/b.cc"), f), "files left out do not count")
}

// composer.json: the packages a PHP project requires, development ones
// marked; the platform's own requirements are none.
func TestComposerManifest(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("composer.json", []byte(`{"name": "guzzlehttp/guzzle",
		"require": {"php": "^7.2.5 || ^8.0", "ext-json": "*", "guzzlehttp/promises": "^1.5.3 || ^2.0.1", "psr/http-client": "^1.0"},
		"require-dev": {"ext-curl": "*", "phpunit/phpunit": "^8.5.36 || ^9.6.15"}}`))
	require.NoError(t, err)
	assert.Equal(t, KindComposer, m.GetKind())
	assert.Equal(t, "guzzlehttp/guzzle", m.GetName())
	var got []string
	for _, d := range m.GetDependencies() {
		got = append(got, fmt.Sprintf("%s %s %v", d.GetName(), d.GetVersion(), d.GetDev()))
	}
	assert.Equal(t, []string{"guzzlehttp/promises ^1.5.3 || ^2.0.1 false", "psr/http-client ^1.0 false", "phpunit/phpunit ^8.5.36 || ^9.6.15 true"}, got)
	_, err = parseManifest("composer.json", []byte(`{"require": [}`))
	assert.Error(t, err)
}

// A package pinned once per Python version, or named in several groups,
// is one dependency (loguru's pyproject.toml named pytest three times and
// was said to have 30 dependencies); named at run time anywhere, it is not
// for development.
func TestManifestNamesAPackageOnce(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("pyproject.toml", []byte(`[project]
dependencies = ["colorama>=0.3.4 ; sys_platform=='win32'"]

[project.optional-dependencies]
dev = [
  "pytest==6.1.2 ; python_version<'3.8'",
  "pytest==8.4.1 ; python_version>='3.9'",
  "colorama==0.4.6 ; python_version>='3.8'",
]

[dependency-groups]
tests = ["pytest"]
typing = ["mypy", "pytest"]
`))
	require.NoError(t, err)
	var got []string
	for _, d := range m.GetDependencies() {
		got = append(got, fmt.Sprintf("%s %s %v", d.GetName(), d.GetVersion(), d.GetDev()))
	}
	assert.Equal(t, []string{"colorama >=0.3.4 false", "mypy  true", "pytest ==6.1.2 true"}, got)
}

// A Swift package's manifest names its dependencies by their urls (Nimble's
// Package.swift; its Gemfile, for CocoaPods' tools, was the only manifest
// AGENTS.md named).
func TestSwiftPackageManifest(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("Package.swift", []byte(`// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Nimble",
    dependencies: [
        .package(url: "https://github.com/mattgallagher/CwlPreconditionTesting.git", .upToNextMajor(from: "2.2.0")),
        .package(url: "https://github.com/apple/swift-docc-plugin", from: "1.0.0"),
        // .package(url: "https://github.com/old/Gone.git", from: "1.0.0"),
        /* .package(url: "https://example.com/x.git", exact: "0.1.0"), */
        .package(path: "../LocalKit"),
        .package(id: "mona.LinkedList", exact: "1.2.0"),
    ],
    targets: [.target(name: "Nimble", dependencies: [.product(name: "CwlPreconditionTesting", package: "CwlPreconditionTesting")])]
)
`))
	require.NoError(t, err)
	assert.Equal(t, KindSwiftPM, m.GetKind())
	assert.Equal(t, "Nimble", m.GetName())
	var got []string
	for _, d := range m.GetDependencies() {
		got = append(got, d.GetName()+" "+d.GetVersion())
	}
	assert.Equal(t, []string{"CwlPreconditionTesting .upToNextMajor(from:\"2.2.0\")", "LocalKit ", "mona.LinkedList exact:\"1.2.0\"", "swift-docc-plugin from:\"1.0.0\""}, got)
}

// A byte order mark before a manifest's text is no error (vite's
// playground/resolve/utf8-bom-package/package.json).
func TestManifestWithByteOrderMark(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("package.json", []byte("\ufeff{\"name\": \"bom\", \"dependencies\": {\"a\": \"1\"}}"))
	require.NoError(t, err)
	assert.Equal(t, "bom", m.GetName())
	var out commandSet
	require.NoError(t, fileCommands("npm", "package.json", []byte("\ufeff{\"scripts\": {\"test\": \"vitest\"}}"), nil, &out))
	assert.Equal(t, []string{"test npm run test package.json:1"}, commandSummary(out.list))
}

// .NET projects and Ruby's Gemfile and gemspec are manifests too:
// FluentValidation's dependencies were said to be only its documentation's
// requirements.txt.
func TestNuGetAndGemManifests(t *testing.T) {
	t.Parallel()
	deps := func(m *sdk.Manifest) []string {
		var out []string
		for _, d := range m.GetDependencies() {
			s := d.GetName() + "@" + d.GetVersion()
			if d.GetDev() {
				s += " dev"
			}
			out = append(out, s)
		}
		return out
	}
	m, err := parseManifest("src/FluentValidation/FluentValidation.csproj", []byte("\ufeff"+`<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFrameworks>net8.0</TargetFrameworks><PackageId>FluentValidation</PackageId></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.SourceLink.GitHub" Version="8.0.0" PrivateAssets="All" />
    <PackageReference Include="System.Memory"><Version>4.5.5</Version></PackageReference>
  </ItemGroup>
</Project>`))
	require.NoError(t, err)
	assert.Equal(t, KindNuGet, m.GetKind())
	assert.Equal(t, "FluentValidation", m.GetName())
	assert.Equal(t, []string{"System.Memory@4.5.5", "Microsoft.SourceLink.GitHub@8.0.0 dev"}, deps(m))

	m, err = parseManifest("src/App/App.fsproj", []byte(`<Project><ItemGroup><PackageReference Include="FSharp.Core" /></ItemGroup></Project>`))
	require.NoError(t, err)
	assert.Equal(t, "App", m.GetName(), "the file's name when the project names none")
	assert.Equal(t, []string{"FSharp.Core@"}, deps(m))

	m, err = parseManifest("Directory.Packages.props", []byte(`<Project><ItemGroup><PackageVersion Include="xunit" Version="2.9.0" /></ItemGroup></Project>`))
	require.NoError(t, err)
	assert.Equal(t, "", m.GetName())
	assert.Equal(t, []string{"xunit@2.9.0"}, deps(m))

	_, err = parseManifest("Broken.csproj", []byte(`<Project><ItemGroup>`))
	assert.Error(t, err)

	m, err = parseManifest("Gemfile", []byte(`source "https://rubygems.org"
gemspec

gem "rake", "~> 13.0"
gem 'rails' # the framework
gem "pry", group: :development

group :development, :test do
  gem "rspec"
  platforms :jruby do
    gem "jruby-openssl"
  end
end

gem "puma"
`))
	require.NoError(t, err)
	assert.Equal(t, KindGem, m.GetKind())
	assert.Equal(t, []string{"puma@", "rails@", "rake@~> 13.0", "jruby-openssl@ dev", "pry@ dev", "rspec@ dev"}, deps(m))

	m, err = parseManifest("devise.gemspec", []byte(`Gem::Specification.new do |s|
  s.name        = "devise"
  s.add_dependency("warden", "~> 1.2.3")
  s.add_runtime_dependency "bcrypt", "~> 3.0"
  s.add_development_dependency "minitest"
end
`))
	require.NoError(t, err)
	assert.Equal(t, "devise", m.GetName())
	assert.Equal(t, []string{"bcrypt@~> 3.0", "warden@~> 1.2.3", "minitest@ dev"}, deps(m))
}

// Gradle's version catalog is where a modern build declares its libraries,
// and its build files name them by accessor (koin's only counted
// dependencies were its BOM's two).
func TestGradleVersionCatalog(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("projects/gradle/libs.versions.toml", []byte(`[versions]
coroutines = "1.10.2"

[libraries]
kotlin-coroutines = { module = "org.jetbrains.kotlinx:kotlinx-coroutines-core", version.ref = "coroutines" }
extras-uuid = { group = "com.benasher44", name = "uuid", version = "0.8.4" }
junit = "junit:junit:4.13.2"

[plugins]
kotlin = { id = "org.jetbrains.kotlin.jvm", version.ref = "coroutines" }
`))
	require.NoError(t, err)
	assert.Equal(t, KindGradle, m.GetKind())
	var got []string
	for _, d := range m.GetDependencies() {
		got = append(got, d.GetName()+"@"+d.GetVersion())
	}
	assert.Equal(t, []string{"com.benasher44:uuid@0.8.4", "junit:junit@4.13.2", "org.jetbrains.kotlinx:kotlinx-coroutines-core@1.10.2"}, got)
	assert.Equal(t, "", manifestKind("config/libs.versions.toml"), "a catalog lives in gradle/")

	g, err := parseManifest("projects/core/koin-core/build.gradle.kts", []byte(`kotlin {
    sourceSets {
        commonMain.dependencies {
            implementation(libs.extras.stately)
//            api(libs.extras.uuid)
        }
    }
}
dependencies {
    testImplementation(libs.junit)
    implementation("com.squareup.okio:okio:3.9.0")
}
`))
	require.NoError(t, err)
	got = nil
	for _, d := range g.GetDependencies() {
		got = append(got, fmt.Sprintf("%s@%s %v", d.GetName(), d.GetVersion(), d.GetDev()))
	}
	assert.Equal(t, []string{"com.squareup.okio:okio@3.9.0 false", "libs.extras.stately@ false", "libs.junit@ true"}, got)
}

// setuptools' declarative setup.cfg declares a package's dependencies
// (flake8's are only there), and a dev-requirements.txt its developers'.
func TestSetupCfgManifest(t *testing.T) {
	t.Parallel()
	m, err := parseManifest("setup.cfg", []byte("[metadata]\nname = flake8\n\n[options]\npackages = find:\ninstall_requires =\n    mccabe>=0.7.0,<0.8.0\n"+
		"    pycodestyle>=2.14.0,<2.15.0\n    importlib-metadata; python_version<\"3.8\"\npython_requires = >=3.10\ntests_require = pytest; coverage\n\n"+
		"[options.extras_require]\ndocs =\n    sphinx\ncli = click>=8\n\n[flake8]\nmax-line-length = 88\n"))
	require.NoError(t, err)
	assert.Equal(t, KindPyPI, m.GetKind())
	assert.Equal(t, "flake8", m.GetName())
	var got []string
	for _, d := range m.GetDependencies() {
		got = append(got, fmt.Sprintf("%s %s %t", d.GetName(), d.GetVersion(), d.GetDev()))
	}
	assert.Equal(t, []string{"click >=8 false", "importlib-metadata  false", "mccabe >=0.7.0,<0.8.0 false", "pycodestyle >=2.14.0,<2.15.0 false",
		"coverage  true", "pytest  true", "sphinx  true"}, got)
	assert.Equal(t, KindPyPI, manifestKind("dev-requirements.txt"))
	assert.Equal(t, "", manifestKind("support/cmake-format-requirements.txt"), "a tool's own pins")
	assert.Equal(t, "", manifestKind("requirements.in"))
}

// A test its attributes or decorators skip is no example to run (serde's
// compiletest ui on a stable toolchain).
func TestSkippedAbove(t *testing.T) {
	t.Parallel()
	src := "#[rustversion::attr(not(nightly), ignore = \"requires nightly\")]\n#[test]\nfn ui() {}\n\n#[test]\nfn plain() {}\n"
	var starts []int
	for _, m := range rustTestFunc.FindAllStringSubmatchIndex(src, -1) {
		starts = append(starts, m[0])
	}
	require.Len(t, starts, 2)
	assert.True(t, skippedAbove([]byte(src), starts[0]))
	assert.False(t, skippedAbove([]byte(src), starts[1]))
	py := "import pytest\n\n@pytest.mark.skip(reason=\"slow\")\ndef test_slow():\n    pass\n"
	assert.True(t, skippedAbove([]byte(py), strings.Index(py, "def test_slow")))
}

// A bare Test(t) runs a framework's whole suite: no single test to show.
func TestGoSuiteHookIsNoSingleTest(t *testing.T) {
	t.Parallel()
	assert.Nil(t, goTestFunc.FindStringSubmatch("package yaml_test\n\nfunc Test(t *testing.T) { TestingT(t) }\n"))
	assert.Equal(t, "TestDecode", goTestFunc.FindStringSubmatch("func TestDecode(t *testing.T) {}\n")[1])
}

// A test that skips itself at once unless something is set is no example
// to run.
func TestSkipsAtOnce(t *testing.T) {
	t.Parallel()
	src := "func TestIntegration(t *testing.T) {\n\tif os.Getenv(\"DB\") == \"\" {\n\t\tt.Skip(\"no DB\")\n\t}\n}\n\nfunc TestParse(t *testing.T) {\n\tgot := Parse(\"x\")\n\t_ = got\n}\n"
	ms := goTestFunc.FindAllStringSubmatchIndex(src, -1)
	require.Len(t, ms, 2)
	assert.True(t, skipsAtOnce([]byte(src), ms[0][1]))
	assert.False(t, skipsAtOnce([]byte(src), ms[1][1]))
}
