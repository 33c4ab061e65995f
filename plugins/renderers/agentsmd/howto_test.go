package agentsmd

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// Change patterns keep source↔test, source↔generated and unexplained
// cross-directory pairs, each apart, and drop what tells an agent nothing.
func TestChangePatternsKeepWhatTheCodeDoesNotShow(t *testing.T) {
	t.Parallel()
	rel := func(p string, w float64, n int32) *sdk.Related { return &sdk.Related{Path: p, Weight: w, Count: n} }
	m := &sdk.Model{
		Summary: &sdk.Summary{Commits: 100},
		Files: []*sdk.FileModel{
			{Path: "src/app/cli.py", Changes: 40, CoChanges: []*sdk.Related{rel("tests/test_cli.py", 0.5, 20), rel("tests/test_main.py", 0.45, 18), rel("CHANGES.rst", 0.4, 16)}},
			{Path: "src/app/views.py", Language: "python", Lines: 120, Changes: 30, CoChanges: []*sdk.Related{rel("CHANGES.rst", 0.3, 9), rel("src/web/page.py", 0.4, 12)},
				Definitions: []*sdk.DefinitionModel{{QualifiedName: "views.index", Kind: "function"}}},
			// A sibling package's README does not describe it, however
			// often they changed together.
			{Path: "src/web/page.py", Language: "python", Lines: 80, Changes: 20, CoChanges: []*sdk.Related{rel("src/app/README.md", 0.6, 12)},
				Definitions: []*sdk.DefinitionModel{{QualifiedName: "page.render", Kind: "function"}}},
			// Files that define nothing (a package's doc comment) change
			// together in documentation passes: no code coupling.
			{Path: "src/app/package-info.java", Language: "java", Lines: 20, Changes: 13, CoChanges: []*sdk.Related{rel("src/web/package-info.java", 0.75, 6)}},
			{Path: "src/web/package-info.java", Language: "java", Lines: 18, Changes: 7},
			{Path: "src/app/README.md"},
			// A drawing is no source its rendering describes
			// (FluentValidation's logo).
			{Path: "logo/logo.vsdx", Changes: 3, CoChanges: []*sdk.Related{rel("logo/logo.png", 1, 3), rel("src/app/logo.py", 1, 3)}},
			{Path: "logo/logo.png"},
			{Path: "src/app/logo.py", Language: "python"},
			{Path: "parser/grammar.y", Changes: 10, CoChanges: []*sdk.Related{rel("parser/grammar.y.go", 0.9, 9)}},
			{Path: "parser/grammar.y.go", Changes: 12},
			{Path: "parser/a_string.go", Changes: 2, Generated: true}, // its head says so
			{Path: "parser/flag_string.go", Changes: 2},               // hand-written
			{Path: "parser/lex.go", Changes: 10, CoChanges: []*sdk.Related{rel("parser/lex_test.go", 0.6, 6)}},
			{Path: "parser/lex_test.go", IsTest: true},
			// A toolchain pin bumped with the compiler's expected output
			// is no source and its test.
			{Path: "macros/rust-toolchain", Changes: 7, CoChanges: []*sdk.Related{rel("macros/tests/fail/generic.stderr", 1, 7)}},
			{Path: "macros/tests/fail/generic.stderr", IsTest: true},
			{Path: "tests/test_cli.py", IsTest: true, CoChanges: []*sdk.Related{rel("tests/test_views.py", 0.9, 30)}},
			{Path: "tests/test_main.py", IsTest: true},
			{Path: "tests/test_views.py", IsTest: true},
			{Path: "tests/conftest.py", IsTest: true, TestRole: "support"},
			{Path: "docs/a.rst", CoChanges: []*sdk.Related{rel("docs/b.rst", 0.9, 10)}},
			{Path: "docs/b.rst", CoChanges: []*sdk.Related{rel("src/web/page.py", 0.5, 7)}},
			{Path: "term/term_unix.go", Changes: 9, CoChanges: []*sdk.Related{rel("term/term_windows.go", 0.9, 9)}},
			{Path: "term/term_windows.go"},
			// Of files no plugin parses (plug's Elixir) nothing says what
			// they import: no coupling the code "does not show".
			{Path: "lib/plug/test.ex", Language: "elixir", Changes: 60, CoChanges: []*sdk.Related{rel("lib/plug/adapters/test/conn.ex", 0.4, 26)}},
			{Path: "lib/plug/adapters/test/conn.ex", Language: "elixir"},
			// An IDE's scheme and the tests' Info.plist are no source and
			// its test (SwiftyJSON).
			{Path: "App.xcodeproj/xcshareddata/xcschemes/App macOS.xcscheme", Changes: 13, CoChanges: []*sdk.Related{rel("Tests/Info-macOS.plist", 0.3, 3)}},
			{Path: "Tests/Info-macOS.plist", IsTest: true},
			{Path: "go.mod", CoChanges: []*sdk.Related{rel("go.sum", 0.9, 30)}},
			{Path: "go.sum"},
			{Path: "CHANGES.rst"},
			{Path: "examples/a/app.py", CoChanges: []*sdk.Related{rel("examples/b/app.py", 0.9, 9)}},
			{Path: "examples/b/app.py"},
			{Path: "cmd/tool/main.go", Definitions: []*sdk.DefinitionModel{{QualifiedName: "main.main", Kind: "function"}}},
			// A module run as a program, of statements only; a browser
			// script's main() is a function like any.
			{Path: "src/app/__main__.py", TestRole: "declarations"},
			{Path: "docs/js/custom.js", Language: "javascript", Definitions: []*sdk.DefinitionModel{{QualifiedName: "main", Kind: "function"}}},
			// The documentation's programs illustrate it (libuv's docs/code/).
			{Path: "docs/code/cgi/main.c", Language: "c", Definitions: []*sdk.DefinitionModel{{QualifiedName: "main", Kind: "function"}}},
			// A generated single-file build holds a copy of the real main.
			{Path: "extras/amalgamated.cpp", Language: "cpp", Generated: true, Definitions: []*sdk.DefinitionModel{{QualifiedName: "main", Kind: "function"}}},
			// Not programs a user runs: a proc-macro crate's `main`
			// attribute, a build script, a test program.
			{Path: "macros/src/lib.rs", Definitions: []*sdk.DefinitionModel{{QualifiedName: "main", Kind: "function"}}},
			{Path: "build.rs", Definitions: []*sdk.DefinitionModel{{QualifiedName: "main", Kind: "function"}}},
			{Path: "tests-integration/src/bin/cat.rs", Definitions: []*sdk.DefinitionModel{{QualifiedName: "main", Kind: "function"}}},
			{Path: "pkg/httpmock/stub.go"},
			{Path: "website/1.x/retrofit-mock/script.js"}, // an old version's API pages
			{Path: "pkg/httpmock/registry.go"},
		},
		Commands: []*sdk.BuildCommand{
			{Kind: "lint", Command: "make check-grammar"},
			{Kind: "other", Command: "make grammar"},
			{Kind: "other", Command: "make lexer"},
		},
		ConventionFiles: []*sdk.ConventionFile{
			{Path: "CHANGES.rst", Scope: "src/", SourceCommits: 40, WithSource: 22, Commits: 30, ReleaseCommits: 3},
			{Path: "NEWS.md", Scope: "", SourceCommits: 40, WithSource: 4, Commits: 6, ReleaseCommits: 0},
			{Path: "crate/CHANGELOG.md", Scope: "crate/src/", SourceCommits: 50, WithSource: 2, Commits: 12, ReleaseCommits: 11},
		},
		Modules: []*sdk.ModuleModel{
			{Path: "src/app", Readme: "# app\n\n[![ci](x.svg)](y)\n\nThe **app** package holds the\ncommand line. It is thin.\n"},
		},
	}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, "Source and the tests that change with it, other than the test named after it (edit them with the code):\n\n"+
		"- `src/app/cli.py` → `tests/test_main.py` (18 of `cli.py`'s 40 commits)\n\n"+
		"Besides these, 2 source files change with the tests named after them (such as `src/app/cli.py` and `tests/test_cli.py`): edit them together.\n\n"+
		"Source and what is generated from it (regenerate, do not hand-edit):\n\n"+
		"- `parser/grammar.y` → `parser/grammar.y.go` (9 of `grammar.y`'s 10 commits)\n\n"+
		"Source and the documents that describe it (update them in the same change):\n\n"+
		"- `src/web/page.py` → `docs/b.rst` (7 commits together)\n\n"+
		"Files of different directories that change together though neither directory imports the other (the code does not show this):\n\n"+
		"- `src/app/views.py` ↔ `src/web/page.py` (12 of `views.py`'s 30 commits)\n", x.changePatterns())

	assert.Equal(t, "- Entry points (a `main`): `cmd/tool/main.go`, `src/app/__main__.py`.\n"+
		"- Test helpers and fixtures to reuse rather than rewrite: `tests/conftest.py`, `pkg/httpmock/`.\n"+
		"- Changes to `src/` usually come with an entry in `CHANGES.rst`: 22 of the 40 commits that changed the code now in `src/` changed it too.\n"+
		"- `crate/CHANGELOG.md` (2 of the 50 commits that changed the code now in `crate/src/` touched it; 11 of its 12 commits prepare a release) is left alone by code changes: do not add an entry with a change.\n"+
		"- Generated files: never edit them by hand; change their source and regenerate. `parser/grammar.y.go` (from `grammar.y`, by `make grammar`), `extras/amalgamated.cpp`, `parser/a_string.go`.\n", x.howToChange())

	assert.Equal(t, "The app package holds the command line.", purpose(m.Modules[0]))
}

// A product file named "helpers" is not a test helper; one in a tests
// directory is, and so is a testing package inside a helper package; the most imported helper comes first. Recurring
// add-patterns say where new code goes, with their commits, and a pattern
// of fewer than minPatternCommits commits is left out.
// Test support the tests share is a helper whatever its name, and a
// directory named helper/ among the tests that mirrors the product's package
// of that name is that package's tests (jsoup's).
func TestHelpersByTheirUsers(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "src/main/java/org/jsoup/helper/Validate.java", FanIn: 40},
		{Path: "src/main/java/org/jsoup/nodes/Element.java", FanIn: 30},
		{Path: "src/test/java11/org/jsoup/helper/HttpClientExecutorTest.java", IsTest: true},
		{Path: "src/test/java11/org/jsoup/helper/HttpClientTestAccess.java", TestRole: "support"},
		{Path: "src/test/java/org/jsoup/TextUtil.java", TestRole: "support"},
		{Path: "src/test/java/org/jsoup/integration/Benchmark.java", TestRole: "support"},
		{Path: "src/test/java/org/jsoup/nodes/ElementTest.java", IsTest: true},
		{Path: "src/test/java/org/jsoup/nodes/NodeTest.java", IsTest: true},
		{Path: "src/test/java/org/jsoup/nodes/DocumentTest.java", IsTest: true},
	}}
	for _, from := range []string{"src/test/java/org/jsoup/nodes/ElementTest.java", "src/test/java/org/jsoup/nodes/NodeTest.java", "src/test/java/org/jsoup/nodes/DocumentTest.java"} {
		m.FileEdges = append(m.FileEdges, &sdk.Edge{From: from, To: "src/test/java/org/jsoup/TextUtil.java", Kind: "imports"},
			&sdk.Edge{From: from, To: "src/test/java/org/jsoup/TextUtil.java", Kind: "calls"})
	}
	m.FileEdges = append(m.FileEdges, &sdk.Edge{From: "src/test/java/org/jsoup/nodes/ElementTest.java", To: "src/test/java/org/jsoup/integration/Benchmark.java", Kind: "imports"},
		&sdk.Edge{From: "src/test/java11/org/jsoup/helper/HttpClientExecutorTest.java", To: "src/test/java11/org/jsoup/helper/HttpClientTestAccess.java", Kind: "imports"})
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, []string{"src/test/java/org/jsoup/TextUtil.java"}, x.testHelpers(), "three tests use TextUtil; one uses the others")
}

// A product named like a helper (mockito) does not make its own files
// test helpers, nor its product code named for mocks: a test-support
// name besides its own still does.
func TestHelpersNotByTheProductsOwnName(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{RepoName: "mockito", Files: []*sdk.FileModel{
		{Path: "buildSrc/src/main/kotlin/MockitoJavadoc.kt", Language: "kotlin"},
		{Path: "config/javadoc/resources/mockito-theme.css", Language: "css"},
		{Path: "mockito-core/src/main/java/org/mockito/Mockito.java", Language: "java", FanIn: 35},
		{Path: "mockito-core/src/main/java/org/mockito/internal/stubbing/InvocationContainerImpl.java", Language: "java", FanIn: 9,
			Dependents: []*sdk.Related{{Path: "mockito-core/src/main/java/org/mockito/Mockito.java"}}},
		{Path: "mockito-core/src/test/java/org/mockitoutil/TestBase.java", Language: "java", TestRole: "support"},
		{Path: "mockito-core/src/test/java/org/mockito/MockitoTest.java", Language: "java", IsTest: true},
		{Path: "mockito-core/src/test/java/org/mockito/internal/stubbing/StubbedInvocationFake.java", Language: "java", TestRole: "support"},
		{Path: "mockito-core/src/main/java/org/mockito/mock/MockCreationSettings.java", Language: "java"},
		{Path: "mockito-core/src/main/java/org/mockito/internal/creation/bytebuddy/InlineByteBuddyMockMaker.java", Language: "java"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, []string{"mockito-core/src/test/java/org/mockito/internal/stubbing/StubbedInvocationFake.java"}, x.testHelpers())
}

// A package of test utilities named test-utils is listed once, not file by
// file (coil's internal/test-utils/, one file per platform).
func TestHelperPackageNamedTestUtils(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "internal/test-utils/src/commonMain/kotlin/coil3/test/utils/utils.kt", Language: "kotlin", FanIn: 30},
		{Path: "internal/test-utils/src/androidMain/kotlin/coil3/test/utils/utils.android.kt", Language: "kotlin", FanIn: 20},
		{Path: "coil-core/src/commonMain/kotlin/coil3/util/utils.kt", Language: "kotlin", FanIn: 40},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, []string{"internal/test-utils/"}, x.testHelpers())
}

// A test framework copied into the tests is a project of its own: its
// fixtures and helpers are not the repository's tests' (cJSON's Unity).
func TestHelpersNotOfAProjectInTheTests(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "tests/unity/README.md", Language: "markdown"},
		{Path: "tests/unity/src/unity.c", Language: "c", TestRole: "support", FanIn: 60},
		{Path: "tests/unity/test/rakefile_helper.rb", Language: "ruby", IsTest: true, TestRole: "support"},
		{Path: "tests/unity/extras/fixture/src/unity_fixture.c", Language: "c", TestRole: "support"},
		{Path: "tests/common.h", Language: "c", TestRole: "support", FanIn: 20},
		{Path: "tests/parse_value.c", Language: "c", IsTest: true},
		// The suite's own README beside its own src/ and tests/ is no project in it.
		{Path: "tests/README.md", Language: "markdown"},
		{Path: "tests/src/helpers.c", Language: "c", TestRole: "support"},
		{Path: "tests/tests/a.c", Language: "c", IsTest: true},
		// A googletest copied in (cpp-httplib's test/gtest/).
		{Path: "tests/gtest/include/gtest/gtest.h", Language: "cpp", TestRole: "support", FanIn: 9},
		{Path: "tests/gtest/src/gtest-all.cc", Language: "cpp", IsTest: true},
	}}
	x := newIndex(m, options{maxEntries: 12})
	for _, h := range x.testHelpers() {
		assert.NotContains(t, h, "unity", h)
		assert.NotContains(t, h, "gtest", h)
	}
	assert.Contains(t, x.testHelpers(), "tests/src/helpers.c")
}

func TestHowToChangeHelpersAndAddPatterns(t *testing.T) {
	t.Parallel()
	pc := func(instance string, atHead bool) *sdk.PatternCommit {
		return &sdk.PatternCommit{Sha: "abc", Instance: instance, AtHead: atHead}
	}
	m := &sdk.Model{
		Files: []*sdk.FileModel{
			{Path: "src/flask/helpers.py", FanIn: 11},
			{Path: "src/flask/debughelpers.py", FanIn: 2},
			{Path: "src/flask/testing.py", FanIn: 1},
			{Path: "test/helpers.go", FanIn: 1},
			// A product file's test helper uses it (cli's release/shared/fetch.go):
			// still the tests' helper package.
			{Path: "pkg/httpmock/stub.go", FanIn: 40, Dependents: []*sdk.Related{{Path: "pkg/cmd/release/shared/fetch.go"}}},
			{Path: "pkg/httpmock/registry.go", FanIn: 30, Dependents: []*sdk.Related{{Path: "pkg/cmd/release/shared/fetch.go"}}},
			{Path: "pkg/cmd/release/shared/fetch.go"},
			{Path: "pkg/cmd/repo/gitignore/gitignore.go"},
			// A testing package inside a product package named helper:
			// the testing package is the helper, not all of helper/.
			{Path: "lib/helper/testing/client.go"},
			// A package marker among tests, named for what they test, is
			// nothing to reuse.
			{Path: "tests/test_tutorial/test_testing/__init__.py"},
			{Path: "lib/helper/cookie/cookie.go", FanIn: 9},
			// A stub the product builds with is no test helper (libuv).
			{Path: "src/unix/darwin-stub.h", FanIn: 3, Dependents: []*sdk.Related{{Path: "src/unix/darwin.c"}}},
			{Path: "src/unix/darwin.c"},
			// A test project named for its product is no helper for the
			// "Helper" in it (CsvHelper.Tests).
			{Path: "tests/CsvHelper.Tests/Stuff.cs", TestRole: "support", FanIn: 50},
			{Path: "src/A/A.ncrunchproject"}, // no code
			// A shell script of the product named for mocks is run.
			{Path: "update_test_mocks.sh", Language: "shell", FanIn: 3},
			// A script named for stubs that nothing imports is no helper.
			{Path: "scripts/write-stub-package-jsons.ts", FanIn: 2},
			// A test suite named testing/ is no helper, its conftest is
			// (pytest's); the product's fixture machinery is none either.
			{Path: "testing/test_config.py", IsTest: true},
			{Path: "testing/conftest.py", TestRole: "support", FanIn: 1},
			{Path: "src/_pytest/fixtures.py", FanIn: 20, Dependents: []*sdk.Related{{Path: "src/_pytest/python.py"}}},
			{Path: "src/_pytest/python.py"},
			// A top directory of the product named for mocks, with a
			// suite of its own, is the product (googletest's googlemock/).
			{Path: "googlemock/src/gmock.cc", FanIn: 9},
			{Path: "googlemock/test/gmock_test.cc", IsTest: true},
			{Path: "mock/mock.go", TestRole: "support", FanIn: 30}, {Path: "mock/mock_test.go", IsTest: true, TestRole: "support"}, // testify's
			// A benchmark's helpers serve the benchmarks (Dapper's).
			{Path: "benchmarks/Dapper.Tests.Performance/Helpers/Ext.cs", TestRole: "support", FanIn: 40},
			// A test support package is listed once (jackson-core's).
			{Path: "src/test/java/com/acme/testsupport/MockDataInput.java", TestRole: "support", FanIn: 1},
			{Path: "src/test/java/com/acme/testsupport/StringWriterForTesting.java", TestRole: "support", FanIn: 1},
			// A test's own mocks beside it are nothing shared (msw's).
			{Path: "test/browser/cookies.mocks.ts", TestRole: "support", FanIn: 1},
			{Path: "test/browser/cookies.test.ts", IsTest: true},
			// The tests' data is read, not reused (black's cases).
			{Path: "tests/data/cases/nested_stub.py", TestRole: "support", FanIn: 3},
			// Faker is the product, not a fake (faker's lib/faker/).
			{Path: "lib/faker/default/omniauth.rb", FanIn: 60},
			{Path: "faker.gemspec", FanIn: 60},
		},
		AddPatterns: []*sdk.AddPattern{
			// An example app's directory is no place for new code.
			{Kind: "directory", Slot: "examples/<name>/",
				Files:   []*sdk.PatternFile{{Path: "examples/<name>/main.go", Created: true, Commits: 6}},
				Commits: []*sdk.PatternCommit{pc("examples/a/", true), pc("examples/b/", true), pc("examples/c/", true), pc("examples/d/", true)}},
			{Kind: "directory", Slot: "pkg/cmd/<parent>/<name>/",
				Files: []*sdk.PatternFile{
					{Path: "pkg/cmd/<parent>/<name>/<name>.go", Created: true, Commits: 5},
					{Path: "pkg/cmd/<parent>/<parent>.go", Commits: 4},
				},
				// The newest two are gone from HEAD (as the pattern makes them):
				// neither is cited as the example.
				Commits: []*sdk.PatternCommit{pc("pkg/cmd/gist/search/", false), pc("pkg/cmd/x/gone/", false), pc("pkg/cmd/repo/gitignore/", true), pc("pkg/cmd/a/b/", true), pc("pkg/cmd/c/d/", true), pc("pkg/cmd/e/f/", true)}},
			{Kind: "file", Slot: "docs/patterns/<name>.rst",
				Files:   []*sdk.PatternFile{{Path: "docs/patterns/<name>.rst", Created: true, Commits: 3}},
				Commits: []*sdk.PatternCommit{pc("docs/patterns/a.rst", true), pc("docs/patterns/b.rst", true), pc("docs/patterns/c.rst", true)}},
			// swift-log: its new top-level files were manifests for newer
			// toolchains, its new directories benchmarks.
			{Kind: "file", Slot: "<name>.swift",
				Files:   []*sdk.PatternFile{{Path: "<name>.swift", Created: true, Commits: 4}},
				Commits: []*sdk.PatternCommit{pc("Package@swift-6.1.swift", true), pc("Package@swift-6.0.swift", true), pc("Package@swift-5.9.swift", true), pc("Package@swift-5.8.swift", true)}},
			// CsvHelper: an IDE's settings beside each project.
			{Kind: "file", Slot: "src/A/<name>.ncrunchproject",
				Files:   []*sdk.PatternFile{{Path: "src/A/<name>.ncrunchproject", Created: true, Commits: 4}},
				Commits: []*sdk.PatternCommit{pc("src/A/A.ncrunchproject", true), pc("src/A/B.ncrunchproject", true), pc("src/A/C.ncrunchproject", true), pc("src/A/D.ncrunchproject", true)}},
			// junit4: contributors' pictures.
			{Kind: "file", Slot: "src/site/resources/images/<name>.png",
				Files:   []*sdk.PatternFile{{Path: "src/site/resources/images/<name>.png", Created: true, Commits: 4}},
				Commits: []*sdk.PatternCommit{pc("src/site/resources/images/a.png", true), pc("src/site/resources/images/b.png", true), pc("src/site/resources/images/c.png", true), pc("src/site/resources/images/d.png", true)}},
			{Kind: "directory", Slot: "<parent>/<name>/",
				Files:   []*sdk.PatternFile{{Path: "<parent>/<name>/Package.swift", Created: true, Commits: 4}},
				Commits: []*sdk.PatternCommit{pc("Benchmarks/MaxLogLevelNone/", true), pc("Benchmarks/NoTraits/", true), pc("Benchmarks/A/", true), pc("Benchmarks/B/", true)}},
		},
	}
	x := newIndex(m, options{maxEntries: 12})
	// By use (the support package's two files, one use each), then equal
	// use: the shallower first.
	assert.Equal(t, []string{"pkg/httpmock/", "src/test/java/com/acme/testsupport/", "test/helpers.go", "testing/conftest.py", "src/flask/testing.py", "lib/helper/testing/"}, x.testHelpers())
	assert.Equal(t, "- Where new code goes, as this repository's history does it:\n"+
		"  - A new directory `pkg/cmd/<parent>/<name>/` creates `pkg/cmd/<parent>/<name>/<name>.go` and edits `pkg/cmd/<parent>/<parent>.go` (6 commits, `pkg/cmd/<parent>/<name>/<name>.go` in 5 and `pkg/cmd/<parent>/<parent>.go` in 4 of them; the newest still here is `pkg/cmd/repo/gitignore/`).\n"+
		"- Test helpers and fixtures to reuse rather than rewrite: `pkg/httpmock/`, `src/test/java/com/acme/testsupport/`, `test/helpers.go`, `testing/conftest.py`, `src/flask/testing.py`, `lib/helper/testing/`.\n", x.howToChange())
}

// isGenerated says what the regular expression it replaced said, but for
// stringer's `_string.go`, which only the file's head can tell from a
// hand-written string flag (urfave/cli's flag_string.go).
func TestIsGeneratedMatchesTheExpression(t *testing.T) {
	was := regexp.MustCompile(`(\.[a-z]\.go|\.pb\.go|\.pb\.gw\.go|_pb2\.py|_pb2_grpc\.py|\.pb\.cc|\.pb\.h|_generated\.go|\.gen\.go|\.generated\.[a-z]+|\.y\.go|(^|/|_)bindata\.go)$|(^|/)zz_generated`)
	paths := []string{
		"api/v1/types.pb.go", "api/v1/types.pb.gw.go", "proto/x_pb2.py", "proto/x_pb2_grpc.py", "a/b.pb.cc", "a/b.pb.h",
		"pkg/deepcopy_generated.go", "pkg/x.gen.go", "web/ui/api.generated.ts", "web/ui/api.generated.TS", "web/ui/api.generated.",
		"parser/grammar.y.go", "kind_string.go", "assets/bindata.go", "lexer.l.go", "lexer.L.go", "a.go", ".go", "x/.a.go",
		"zz_generated.deepcopy.go", "pkg/zz_generated.conversion.go", "pkg/azz_generated.go", "pkg/azz_generated/zz_generated_x",
		"pkg/azz_generated/x.java", "src/main/java/org/Foo.java", "docs/generated.md", "a.generated.md/x", "mystring.go",
		"spring-boot-project/spring-boot/src/main/java/org/springframework/boot/SpringApplication.java",
		"bindata.go", "web/assets_bindata.go", "source/go_bindata/go-bindata.go", "internal/cli/build_go-bindata.go", // migrate's drivers are hand-written
	}
	for _, p := range paths {
		require.Equal(t, was.MatchString(p), isGenerated(p), p)
	}
}

// A Rust command that needs a nightly toolchain or a cross-compilation
// target says so and comes after those a stable host toolchain runs.
func TestNightlyCommandsSayIt(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Commands: []*sdk.BuildCommand{
		{Kind: "test", Command: "RUSTFLAGS='-Z sanitizer=address' cargo test --tests", Origin: ".github/workflows/ci.yml:9"},
		{Kind: "test", Command: "cargo nextest run -Zbuild-std -p tokio", Origin: ".github/workflows/ci.yml:12"},
		{Kind: "test", Command: "cargo test --all-features", Origin: "docs/contributing/pull-requests.md:84"},
		{Kind: "lint", Command: "cargo +nightly miri test --lib", Origin: "docs/contributing/pull-requests.md:162"},
		{Kind: "lint", Command: "cargo +1.88 clippy --all --tests", Origin: "docs/contributing/pull-requests.md:110"},
		{Kind: "build", Command: "cd tokio && cargo build --target x86_64-fortanix-unknown-sgx --features rt", Origin: ".github/workflows/ci.yml:20"},
		{Kind: "build", Command: "zip -Z bzip2 out.zip dist", Origin: "Makefile:3"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, "**Build**\n\n"+
		"- `zip -Z bzip2 out.zip dist` — Makefile:3\n"+
		"- `cd tokio && cargo build --target x86_64-fortanix-unknown-sgx --features rt` — .github/workflows/ci.yml:20 (needs the Rust target `x86_64-fortanix-unknown-sgx`)\n\n"+
		"**Test**\n\n"+
		"- `cargo test --all-features` — docs/contributing/pull-requests.md:84\n"+
		"- `RUSTFLAGS='-Z sanitizer=address' cargo test --tests` — .github/workflows/ci.yml:9 (needs a nightly Rust toolchain)\n"+
		"- `cargo nextest run -Zbuild-std -p tokio` — .github/workflows/ci.yml:12 (needs a nightly Rust toolchain)\n\n"+
		"**Lint**\n\n"+
		"- `cargo +1.88 clippy --all --tests` — docs/contributing/pull-requests.md:110\n"+
		"- `cargo +nightly miri test --lib` — docs/contributing/pull-requests.md:162 (needs a nightly Rust toolchain)\n", x.commands())
}

// Example apps and directories inside test directories are left out of
// the module map, however salient; example apps come last in its import
// lists.
func TestModuleMapPutsExamplesLast(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Modules: []*sdk.ModuleModel{
		{Path: "examples/mvc", Files: 2, Salience: 0.9, Imports: []string{"lib"}},
		{Path: "examples/search", Files: 1, Salience: 0.8, Imports: []string{"lib"}},
		{Path: "lib", Files: 6, Salience: 0.5, ImportedBy: []string{"examples/mvc", "examples/search", "test"}},
		{Path: "test", Files: 30, Salience: 0.1, Imports: []string{"lib"}},
		{Path: "test/apps/hello", Files: 2, Salience: 0.3, Imports: []string{"lib"}},
	}}
	x := newIndex(m, options{maxEntries: 2})
	assert.Equal(t, "Directories, most salient first, with what each imports and what imports it.\n\n"+
		"| Module | Files | Imports | Imported by |\n|---|---|---|---|\n"+
		"| `lib/` | 6 | — | `test/`, `examples/mvc/`, `examples/search/` |\n"+
		"| `test/` | 30 | `lib/` | — |\n\n"+
		"2 directories of example apps (under `examples/`) are left out.\n\n"+
		"1 directory inside test directories (fixtures, test apps) is left out.\n", x.moduleMap())
}

// Among a kind's commands from one place, the task named for the kind
// comes first (fastify's package.json lists "coverage" before "test").
func TestTaskNamedForItsKindFirst(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Commands: []*sdk.BuildCommand{
		{Kind: "test", Command: "npm run coverage", Origin: "package.json:15"},
		{Kind: "test", Command: "npm run test", Origin: "package.json:22"},
		{Kind: "test", Command: "npm run test:ci", Origin: "package.json:23"},
		{Kind: "test", Command: "npm run test:docs", Origin: "package.json:14"},
		{Kind: "lint", Command: "npm run lint:fix", Origin: "package.json:18"},
		{Kind: "lint", Command: "npm run lint", Origin: "package.json:17"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, "**Test**\n\n"+
		"- `npm run test` — package.json:22\n"+
		"- `npm run coverage` — package.json:15\n"+
		"- `npm run test:ci` — package.json:23\n"+
		"- `npm run test:docs` — package.json:14\n\n"+
		"**Lint**\n\n"+
		"- `npm run lint` — package.json:17\n"+
		"- `npm run lint:fix` — package.json:18\n", x.commands())
}

// A CI line that is a listed command plus the variables CI sets is said
// with that command; one that differs otherwise stays a line of its own.
// An example app's own commands are left out.
func TestCIVariantOfACommand(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Commands: []*sdk.BuildCommand{
		{Kind: "test", Command: "make test", Origin: "CONTRIBUTING.md:42"},
		{Kind: "test", Command: `make test GO_ONLY=1 test-flags=""`, Origin: ".github/workflows/ci.yml:122"},
		{Kind: "test", Command: "go test -race ./...", Origin: ".github/workflows/ci.yml:30"},
		{Kind: "test", Command: "GOFLAGS=-tags=x go test -race ./... -run Y", Origin: ".github/workflows/ci.yml:31"},
		{Kind: "test", Command: "make -C documentation/examples test", Origin: "documentation/examples/Makefile:3"},
		{Kind: "test", Command: "make -C documentation/examples/remote_storage", Origin: "Makefile.common:131"},
		{Kind: "build", Command: "go build ./...", Origin: "go.mod (convention)"},
		{Kind: "build", Command: "GOOS=wasip1 GOARCH=wasm go build ./...", Origin: ".github/workflows/ci.yml:53"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, "**Build**\n\n"+
		"- `go build ./...` — go.mod (convention)\n"+
		"- `GOOS=wasip1 GOARCH=wasm go build ./...` — .github/workflows/ci.yml:53\n\n"+
		"**Test**\n\n"+
		"- `make test` — CONTRIBUTING.md:42; CI runs it as `make test GO_ONLY=1 test-flags=\"\"` — .github/workflows/ci.yml:122\n"+
		"- `go test -race ./...` — .github/workflows/ci.yml:30\n"+
		"- `GOFLAGS=-tags=x go test -race ./... -run Y` — .github/workflows/ci.yml:31\n", x.commands())
}

// Deprecated areas are said with their reason and where it is written.
func TestDeprecatedAreas(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Deprecations: []*sdk.Deprecation{
		{Path: "context/", Reason: "use only for referencing git remotes", Origin: "docs/project-layout.md:13"},
		{Path: "test/", Origin: "docs/project-layout.md:15"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, "- Deprecated, as the repository's documents say (add nothing there): "+
		"`context/` (use only for referencing git remotes; docs/project-layout.md:13), `test/` (docs/project-layout.md:15).\n", x.howToChange())
}

// Key documents: the root README, then the guides (a part's README beside
// the root's, README-VIM.md, after them; a contributing/ directory's
// pages among them), then other READMEs, benchmarks' and examples last. A
// fixture's README is the tests' data, not a document, and one example
// app's README is left to the examples' own.
func TestKeyDocumentsOrder(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Documents: []string{"examples/README.md", "target-specs/README.md", "docs/contributing/pull-requests.md",
		"docs/contributing/README.md", "README.md", "ARCHITECTURE.md", "docs/notes.md", "_fixture/certs/README.md",
		"middleware/testdata/dist/public/assets/readme.md", "src/test/resources/htmltests/README", "examples/chat/README.md", "tests/syntax-tests/source/Plaintext/README.md", "tests/README.md", "README-fa.md", "Readme_zh-CN.md", "docs/zh-CN/guide.md", "docs/api-go.md", "README-VIM.md", "BUILD.md", "benchmarks/routers/README.md"}}
	x := newIndex(m, options{maxEntries: 16})
	assert.Equal(t, "Read these for intent and decisions the code does not show:\n\n"+
		"- `README.md`\n- `ARCHITECTURE.md`\n- `docs/contributing/README.md`\n- `docs/contributing/pull-requests.md`\n"+
		"- `BUILD.md`\n- `README-VIM.md`\n- `target-specs/README.md`\n- `tests/README.md`\n- `docs/api-go.md`\n- `docs/notes.md`\n- `README-fa.md`\n- `Readme_zh-CN.md`\n- `docs/zh-CN/guide.md`\n"+
		"- `examples/README.md`\n- `benchmarks/routers/README.md`\n", x.documents())
}

// A file's tests are named in the model's order, the file's own tests first
// as words rather than its own path.
func TestWhyNamesTestsInTheModelsOrder(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "src/glob.rs", TestedBy: []string{"src/glob.rs", "tests/glob_test.rs", "tests/a_test.rs"}},
		{Path: "src/lib.rs", TestedBy: []string{"tests/lib_test.rs", "tests/a_test.rs"}},
		{Path: "tests/glob_test.rs"}, {Path: "tests/a_test.rs"}, {Path: "tests/lib_test.rs"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Contains(t, x.why(m.Files[0]), "tested by its own tests, `tests/glob_test.rs` and 1 more")
	assert.Contains(t, x.why(m.Files[1]), "tested by `tests/lib_test.rs`, `tests/a_test.rs`")
}

// Files changed together mostly by passes over the tree (a formatter run,
// an edition migration, a move) are no change pattern; the same count of
// their own commits is.
func TestChangePatternsLeaveOutPasses(t *testing.T) {
	t.Parallel()
	defs := []*sdk.DefinitionModel{{QualifiedName: "run", Kind: "function"}}
	pair := func(from, to string, shared, sweeps int32) *sdk.FileModel {
		return &sdk.FileModel{Path: from, Language: "rust", Lines: 50, Changes: 8, Definitions: defs,
			CoChanges:        []*sdk.Related{{Path: to, Weight: 0.5, Count: shared}},
			CoChangePartners: []*sdk.Partner{{Path: to, SharedCommits: shared, Revs: 8, Confidence: 0.5, Sweeps: sweeps}}}
	}
	m := &sdk.Model{Files: []*sdk.FileModel{
		pair("cli/wtr.rs", "printer/lib.rs", 4, 3), {Path: "printer/lib.rs", Language: "rust", Lines: 50, Definitions: defs},
		pair("cli/proc.rs", "printer/json.rs", 4, 1), {Path: "printer/json.rs", Language: "rust", Lines: 50, Definitions: defs},
	}}
	got := newIndex(m, options{maxEntries: 12}).changePatterns()
	assert.NotContains(t, got, "wtr.rs")
	assert.Contains(t, got, "- `cli/proc.rs` ↔ `printer/json.rs` (4 of `proc.rs`'s 8 commits)")
}

// A command that names its own directory is not told where to run again.
func TestCommandDir(t *testing.T) {
	for cmd, want := range map[string]string{
		"make -C docs html":              "docs",
		"npm --prefix web run build":     "web",
		"pnpm --dir packages/a run lint": "packages/a",
		"yarn --cwd site run dev":        "site",
		"cd tokio && cargo build":        "tokio",
		"npm run build":                  "",
	} {
		dir, ok := commandDir(cmd)
		assert.Equal(t, want, dir, cmd)
		assert.Equal(t, want != "", ok, cmd)
	}
	assert.True(t, runsInExamples("pnpm --dir examples/app run dev"))
	assert.False(t, runsInExamples("pnpm --dir packages/app run dev"))
}

// Example apps live under examples/, samples/, demo/ and the like, at any
// depth; a file named so is none.
func TestUnderExamples(t *testing.T) {
	for p, want := range map[string]string{
		"samples/guide/src/main/java/okhttp3/recipes/kt/AccessHeaders.kt": "samples",
		"site/examples/a/b.go":      "site/examples",
		"examples/demo/src/App.jsx": "examples",
		"src/sample.go":             "",
		"sample":                    "",
		"pkg/demo/":                 "pkg/demo",
		"Demo/Demo/Kingfisher-Demo/ViewControllers/MainViewController.swift":   "Demo",
		"Sources/Documentation.docc/Resources/code-files/01-SwiftUI-1.swift":   "Sources/Documentation.docc",
		"packages/playground/src/api/jokes.ts":                                 "packages/playground",
		"tutorials/basics/main.go":                                             "tutorials",
		"src/main/java/org/springframework/samples/petclinic/owner/Owner.java": "",
		"samples/app/src/main/java/org/x/App.java":                             "samples",
		// nowinandroid: a flavour's source set and its package, no examples.
		"core/analytics/src/demo/kotlin/com/google/samples/apps/x/StubAnalytics.kt": "",
		"app/src/testDemo/kotlin/com/google/samples/apps/x/NavigationTest.kt":       "",
	} {
		assert.Equal(t, want, exampleRoot(p), p)
		assert.Equal(t, want != "", underExamples(p), p)
	}
}

// Benchmarks live under bench/, benches/, benchmarks/ or a project named
// for them.
func TestBenchTree(t *testing.T) {
	for p, want := range map[string]bool{
		"bench/Polly.Benchmarks/Workloads.cs":             true,
		"src/Polly.Core.Benchmarks/Utils/Helper.cs":       true,
		"fuzzing/cjson_read_fuzzer.c":                     true,
		"fuzz/fuzz_targets/parse.rs":                      true,
		"profiling/mix_small.py":                          true,
		"benches/parse.rs":                                true,
		"src/benchmark.go":                                false,
		"src/benchmark/executor.rs":                       false, // hyperfine: the product
		"perf-testing/immutability-profiling.mjs":         true,  // immer: not a test helper, nor key code
		"__performance_tests__/large-obj.mjs":             true,
		"benchmark.js":                                    true, // chalk
		"src/fuzz/target.rs":                              true,
		"src/Polly.Core/ResiliencePipelineBuilderBase.cs": false,
	} {
		assert.Equal(t, want, benchTree(p), p)
	}
}

// A test is named after its source beside it or in the test tree that
// mirrors the source's directories.
func TestNamedAfterInAMirroredTree(t *testing.T) {
	t.Parallel()
	for pair, want := range map[[2]string]bool{
		{"spec/shell/basic_spec.rb", "lib/thor/shell/basic.rb"}:                              true,
		{"spec/actions_spec.rb", "lib/thor/actions.rb"}:                                      true,
		{"src/test/java/com/x/FooTest.java", "src/main/java/com/x/Foo.java"}:                 true,
		{"tests/test_config.py", "httpie/config.py"}:                                         true,
		{"parser/lex_test.go", "parser/lex.go"}:                                              true,
		{"spec/shell/basic_spec.rb", "lib/thor/parser/basic.rb"}:                             false,
		{"src/test/java/com/y/FooTest.java", "src/main/java/com/x/Foo.java"}:                 false,
		{"other/lex_test.go", "parser/lex.go"}:                                               false,
		{"tests/test_config.py", "httpie/settings.py"}:                                       false,
		{"packages/pinia/test-dts/mapHelpers.test-d.ts", "packages/pinia/src/mapHelpers.ts"}: true,
		{"test/create.ts", "source/create.ts"}:                                               true,
		{"test/pagination.ts", "source/create.ts"}:                                           false,
		{"tests/authentication/test_authentication.py", "rest_framework/authentication.py"}:  true,
		{"test/test_rake_task_arguments.rb", "lib/rake/task_arguments.rb"}:                   true, // the package's name first
		{"test/test_rake_task_arguments.rb", "lib/rake/arguments.rb"}:                        false,
		{"test/stdio/handle-normal.js", "lib/stdio/handle.js"}:                               false, // a case of it, not it
		{"tests/test_musllinux.py", "src/packaging/_musllinux.py"}:                           true,  // a private module's
	} {
		assert.Equal(t, want, namedAfter(pair[0], pair[1]), "%s for %s", pair[0], pair[1])
	}
}

// A target that runs the tests makes no generated file, however its name
// meets the file's path; generated files among the tests' data and the
// examples are not the repository's to regenerate.
func TestGeneratorsAreNoTestTargets(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{
		Files: []*sdk.FileModel{
			{Path: "tests/unity/test/expectdata/testsample_cmd.c", Generated: true},
			{Path: "tests/runner_gen.c", Generated: true},
			{Path: "examples/app/api_gen.go", Generated: true},
			{Path: "parser/parser_gen.go", Generated: true},
		},
		Commands: []*sdk.BuildCommand{
			{Kind: "test", Command: "make tests"},
			{Kind: "other", Command: "make parser"},
		},
	}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, []string{"parser/parser_gen.go", "tests/runner_gen.c"}, x.generatedFiles())
	assert.Equal(t, []string{"`parser/parser_gen.go` (by `make parser`)", "`tests/runner_gen.c`"}, x.generators(x.generatedFiles()))
}

// A build file whose extension is a document's is configuration, and a
// benchmark's pairs say no more than an example's.
func TestRolesOfBuildFilesAndBenchmarks(t *testing.T) {
	t.Parallel()
	x := newIndex(&sdk.Model{}, options{maxEntries: 12})
	assert.Equal(t, roleConfig, x.role("CMakeLists.txt"))
	assert.Equal(t, roleConfig, x.role("timber/build.gradle"))
	assert.Equal(t, roleConfig, x.role("app/build.gradle.kts"))
	assert.Equal(t, roleDoc, x.role("doc/notes.txt"))
	assert.Equal(t, roleExample, x.role("benchmarks/db_bench.cc"))
	assert.Equal(t, roleSource, x.role("db/db_impl.cc"))
}

// A pair whose files went on changing apart for years is no pattern to
// follow now: tqdm's tests changed with _tqdm.py until 2019, when its code
// moved to std.py; the test changed on without it.
func TestStalePairsAreNoPattern(t *testing.T) {
	t.Parallel()
	year := int64(365 * 24 * 3600)
	partner := func(p string, last int64) *sdk.Partner {
		return &sdk.Partner{Path: p, SharedCommits: 20, Revs: 60, LastTime: last}
	}
	m := &sdk.Model{
		Summary: &sdk.Summary{Commits: 300},
		Files: []*sdk.FileModel{
			{Path: "pkg/_old.py", Changes: 40, LastChanged: 5 * year,
				CoChanges:        []*sdk.Related{{Path: "tests/tests_main.py", Weight: 0.4, Count: 20}},
				CoChangePartners: []*sdk.Partner{partner("tests/tests_main.py", 3*year)}},
			{Path: "pkg/std.py", Changes: 40, LastChanged: 4 * year,
				CoChanges:        []*sdk.Related{{Path: "tests/tests_io.py", Weight: 0.4, Count: 20}},
				CoChangePartners: []*sdk.Partner{partner("tests/tests_io.py", 4*year)}}, // both quiet since
			{Path: "tests/tests_main.py", IsTest: true, LastChanged: 10 * year},
			{Path: "tests/tests_io.py", IsTest: true, LastChanged: 4 * year},
		},
	}
	x := newIndex(m, options{maxEntries: 12})
	out := x.changePatterns()
	assert.NotContains(t, out, "_old.py", "the test changed on without it for five years")
	only := &sdk.Model{Summary: &sdk.Summary{Commits: 300}, Files: []*sdk.FileModel{
		{Path: "lib/rake/task.rb", Changes: 40, CoChanges: []*sdk.Related{{Path: "test/test_rake_task.rb", Weight: 0.4, Count: 20}}},
		{Path: "test/test_rake_task.rb", IsTest: true},
	}}
	assert.Equal(t, "1 source file changes with the test named after it (`lib/rake/task.rb` and `test/test_rake_task.rb`): edit them together.\n",
		newIndex(only, options{maxEntries: 12}).changePatterns(), "no list above it for \"these\"")
	assert.Contains(t, out, "`pkg/std.py` → `tests/tests_io.py`", "quiet since, together: still the pattern")
}

// MSBuild's project and property files are build files: a project bumped
// with its test project is no source and its test (Humanizer).
func TestMSBuildFilesAreConfiguration(t *testing.T) {
	t.Parallel()
	x := newIndex(&sdk.Model{}, options{maxEntries: 12})
	for _, p := range []string{"src/Humanizer/Humanizer.csproj", "tests/Humanizer.Tests/Humanizer.Tests.csproj", "src/A/A.props", "Directory.Build.targets", "Humanizer.slnx",
		"Package.swift", "Package@swift-6.1.swift", "MODULE.bazel", "tests/BUILD.bazel", "tools/defs.bzl", "meson.build",
		"jest.base.config.js", "vite.config.ts", "packages/a/rollup.config.mjs"} {
		assert.Equal(t, roleConfig, x.role(p), p)
	}
	assert.Equal(t, roleSource, x.role("src/Humanizer/Vocabulary.cs"))
}

// A generated file whose name tells no source is said to change with the
// source history pairs it with (go-github's generator programs).
func TestGeneratorFromHistory(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Summary: &sdk.Summary{Commits: 100}, Files: []*sdk.FileModel{
		{Path: "github/gen-iterators.go", Changes: 12, CoChanges: []*sdk.Related{{Path: "github/github-iterators.go", Weight: 0.6, Count: 9}}},
		{Path: "github/github-iterators.go", Generated: true, Changes: 20},
		{Path: "github/github-accessors.go", Generated: true, Changes: 600},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, []string{"`github/github-iterators.go` (changes with `gen-iterators.go`)", "`github/github-accessors.go`"},
		x.generators([]string{"github/github-accessors.go", "github/github-iterators.go"}))
}

// A changelog most of whose own commits are changes lists some of them
// (symfony/console's features): it is not left alone, though most changes
// do not touch it.
func TestChangelogWrittenWithSomeChanges(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Summary: &sdk.Summary{Commits: 2000}, ConventionFiles: []*sdk.ConventionFile{
		{Path: "CHANGELOG.md", SourceCommits: 1376, WithSource: 102, Commits: 121},
	}}
	assert.Equal(t, []string{
		"Some changes to source come with an entry in `CHANGELOG.md`, written with the change rather than at a release: 102 of the 1376 commits that changed today's source files touched it, and 102 of its 121 commits changed source.",
	}, newIndex(m, options{maxEntries: 12}).conventionFiles())
}

// A changelog written from fragments at a release (towncrier's news/)
// wants a fragment with a change, not an entry.
func TestChangelogFragments(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Summary: &sdk.Summary{Commits: 500}, ConventionFiles: []*sdk.ConventionFile{
		{Path: "NEWS.rst", Scope: "src/", SourceCommits: 400, WithSource: 20, Commits: 150, ReleaseCommits: 6, Fragments: "news/", WithFragment: 180},
		{Path: "CHANGES.md", Scope: "lib/", SourceCommits: 100, WithSource: 2, Commits: 30, ReleaseCommits: 20, Fragments: "changes/", WithFragment: 3},
	}}
	got := newIndex(m, options{maxEntries: 12}).conventionFiles()
	assert.Equal(t, []string{
		"A change worth a changelog note adds a fragment, a new file in `news/`, rather than an entry in `NEWS.rst`, which is written from them when a release is prepared: 180 of the 400 commits that changed the code now in `src/` added a fragment, 20 touched `NEWS.rst`.",
		"`CHANGES.md` (2 of the 100 commits that changed the code now in `lib/` touched it; 20 of its 30 commits prepare a release) is left alone by code changes: do not add an entry with a change.",
	}, got)

	// Changelogs written from one fragment directory: one sentence (mobx).
	m = &sdk.Model{Summary: &sdk.Summary{Commits: 500}, ConventionFiles: []*sdk.ConventionFile{
		{Path: "packages/mobx/CHANGELOG.md", Scope: "packages/mobx/src/", SourceCommits: 129, WithSource: 5, Commits: 90, Fragments: ".changeset/", WithFragment: 102},
		{Path: "packages/mobx-react/CHANGELOG.md", Scope: "packages/mobx-react/src/", SourceCommits: 17, WithSource: 1, Commits: 40, Fragments: ".changeset/", WithFragment: 15},
		{Path: "packages/lite/CHANGELOG.md", Scope: "packages/lite/src/", SourceCommits: 26, WithSource: 0, Commits: 30, Fragments: ".changeset/", WithFragment: 20},
	}}
	assert.Equal(t, []string{
		"A change worth a changelog note adds a fragment, a new file in `.changeset/`, rather than an entry in a changelog (`packages/mobx/CHANGELOG.md`, `packages/lite/CHANGELOG.md`, `packages/mobx-react/CHANGELOG.md`), which are written from them when a release is prepared: 137 of the 172 commits that changed their code (counted per changelog) added a fragment, 6 touched its changelog.",
	}, newIndex(m, options{maxEntries: 12}).conventionFiles())
}

// Where dependencies are declared: the product's projects, not its test and
// benchmark projects nor a project of no packages nor a tool's settings
// in a hidden directory, and the documentation's last (FluentValidation,
// Humanizer).
func TestManifestsOfTheProduct(t *testing.T) {
	t.Parallel()
	dep := func(names ...string) []*sdk.Dependency {
		var out []*sdk.Dependency
		for _, n := range names {
			out = append(out, &sdk.Dependency{Name: n})
		}
		return out
	}
	m := &sdk.Model{Manifests: []*sdk.Manifest{
		{Path: "docs/requirements.txt", Dependencies: dep("sphinx")},
		{Path: "src/App/App.csproj", Dependencies: dep("System.Memory")},
		{Path: "src/App.Tests/App.Tests.csproj", Dependencies: dep("xunit")},
		{Path: "src/App.Tests.Benchmarks/App.Tests.Benchmarks.csproj", Dependencies: dep("BenchmarkDotNet")},
		{Path: "src/App.Analyzers/App.Analyzers.csproj"},
		{Path: "src/latest/Latest.csproj", Dependencies: dep("Newtonsoft.Json")},
		{Path: ".teamcity/pom.xml", Dependencies: dep("configs-dsl-kotlin")},                     // the CI's own settings (kotlinx-datetime)
		{Path: "Src/AutoFixtureUnitTest/AutoFixtureUnitTest.csproj", Dependencies: dep("xunit")}, // a test project by its camel-case name
		{Path: "Src/Contest/Contest.csproj", Dependencies: dep("Humanizer")},
	}}
	assert.Equal(t, "Dependencies are declared in `Src/Contest/Contest.csproj` (1 dependency), `src/App/App.csproj` (1 dependency), `src/latest/Latest.csproj` (1 dependency) and `docs/requirements.txt` (1 dependency).\n",
		newIndex(m, options{maxEntries: 12}).manifests())
}

// Files of one PageRank share the best rank among them (morgan's only
// file, at 1.000, was "#11" behind ten of the same score).
func TestPageRankTiesShareTheirRank(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "a.js", Pagerank: 1}, {Path: "index.js", Pagerank: 1}, {Path: "b.js", Pagerank: 0.5}, {Path: "c.js", Pagerank: 0.5}, {Path: "d.js", Pagerank: 0.2},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, map[string]int{"a.js": 1, "index.js": 1, "b.js": 3, "c.js": 3, "d.js": 5}, x.prRank)
	assert.Contains(t, x.why(m.Files[1]), "PageRank #1 (1.000)")
}

// Commands by where they were found: a part's build file after the
// project's, its conventions and CI (zlib's contrib/*/Makefile came first).
func TestOriginRank(t *testing.T) {
	t.Parallel()
	order := []string{"CONTRIBUTING.md:3", "README.md:9", "Makefile:1", "configure (convention)", ".github/workflows/ci.yml:4", "contrib/minizip/Makefile:10"}
	for i := 1; i < len(order); i++ {
		assert.Less(t, originRank([]string{order[i-1]}), originRank([]string{order[i]}), order[i])
	}
}

// A module's files by language where they mix (markupsafe's C speedups
// beside its Python), and as the module says when the counts differ.
func TestModuleFilesByLanguage(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "src/markupsafe/__init__.py", Language: "python", Code: true}, {Path: "src/markupsafe/_native.py", Language: "python", Code: true},
		{Path: "src/markupsafe/_speedups.pyi", Language: "python", Code: true}, {Path: "src/markupsafe/_speedups.c", Language: "c", Code: true},
		{Path: "src/markupsafe/py.typed"}, {Path: "lib/a.go", Language: "go", Code: true},
		// Pages beside the code are no part of its count (cpp-httplib's root).
		{Path: "src/markupsafe/README.md", Language: "markdown"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, "3 python, 1 c", x.moduleFiles(&sdk.ModuleModel{Path: "src/markupsafe", Language: "python", Files: 4}))
	assert.Equal(t, "1 go", x.moduleFiles(&sdk.ModuleModel{Path: "lib", Language: "go", Files: 1}))
	assert.Equal(t, "5 python", x.moduleFiles(&sdk.ModuleModel{Path: "src/markupsafe", Language: "python", Files: 5}), "counts that do not add up")
	assert.Equal(t, "2", x.moduleFiles(&sdk.ModuleModel{Path: "docs", Files: 2}))
}

// A module of code no plugin read says its imports are not known, not
// that it has none (ecto's Elixir); one that was read and imports nothing
// shows a dash.
func TestModuleMapOfUnparsedCode(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{
		Files: []*sdk.FileModel{
			{Path: "lib/ecto/repo.ex", Language: "elixir", Code: true},
			{Path: "lib/ecto/schema.ex", Language: "elixir", Code: true},
			{Path: "tools/gen.py", Language: "python", Code: true, Lines: 40},
			{Path: "docs/intro.md", Language: "markdown"},
		},
		Modules: []*sdk.ModuleModel{
			{Path: "lib/ecto", Language: "elixir", Files: 2, Salience: 0.9},
			{Path: "tools", Language: "python", Files: 1, Salience: 0.5},
			{Path: "docs", Language: "markdown", Files: 1, Salience: 0.1},
		},
	}
	got := newIndex(m, options{maxEntries: 12}).moduleMap()
	assert.Contains(t, got, "| `lib/ecto/` | 2 elixir | not parsed | not parsed |\n")
	assert.Contains(t, got, "| `tools/` | 1 python | — | — |\n")
	assert.Contains(t, got, "| `docs/` | 1 markdown | — | — |\n")
}

// A pattern names the files all its commits touch and, of the others, the
// few that most do; the rest are counted (Polly's new telemetry files came
// with fourteen files edited in two of four commits).
func TestPatternFilesBoundsThePartlyTouched(t *testing.T) {
	t.Parallel()
	fs := []*sdk.PatternFile{{Path: "t/<name>.cs", Created: true, Commits: 4}}
	for i, n := range []int{2, 3, 2, 2, 3, 2} {
		fs = append(fs, &sdk.PatternFile{Path: fmt.Sprintf("f%d.cs", i), Commits: int32(n)})
	}
	got, others := patternFiles(fs, 4)
	var paths []string
	for _, f := range got {
		paths = append(paths, f.GetPath())
	}
	assert.Equal(t, []string{"t/<name>.cs", "f0.cs", "f1.cs", "f4.cs"}, paths)
	assert.Equal(t, 3, others)
	got, others = patternFiles(fs[:4], 4)
	assert.Len(t, got, 4)
	assert.Zero(t, others)
}

// Functions several callers rest on come before those one caller leads
// to, whatever their rank (pino's list was a chain below one entry
// point), and one nothing calls is left out; a type is ranked by its rank
// alone.
func TestKeyFunctionsSharedFirst(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{
		Files: []*sdk.FileModel{{Path: "lib/a.js", Language: "javascript", Lines: 90}},
		Entities: []*sdk.EntityModel{
			{QualifiedName: "buildStream", Kind: "function", Path: "lib/a.js", Line: 1, Salience: 0.9, Callers: 1, TopCallers: []string{"transport"}},
			{QualifiedName: "genLog", Kind: "function", Path: "lib/a.js", Line: 20, Salience: 0.8, Callers: 7, TopCallers: []string{"debug", "info"}},
			{QualifiedName: "Logger", Kind: "class", Path: "lib/a.js", Line: 40, Salience: 0.7},
			{QualifiedName: "redaction", Kind: "function", Path: "lib/a.js", Line: 60, Salience: 0.6, Callers: 2, TopCallers: []string{"child", "pino"}},
			{QualifiedName: "rawString", Kind: "method", Path: "lib/a.js", Line: 80, Salience: 0.95}, // nothing calls it
		},
	}
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(newIndex(m, options{maxEntries: 12}).entities()), "\n") {
		name, _, _ := strings.Cut(strings.TrimPrefix(l, "- `"), "`")
		names = append(names, name)
	}
	assert.Equal(t, []string{"genLog", "Logger", "redaction", "buildStream"}, names)
}

// A docstring's first line that only repeats the signature is not its lead.
func TestExcerptSkipsASignatureLine(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Return a new version with parts replaced.",
		excerpt("__replace__(*, epoch=..., release=..., local=...)\n\nReturn a new version with parts replaced.\n\nMore.", 120))
	assert.Equal(t, "parse(text) -> Version", excerpt("parse(text) -> Version", 120), "a signature alone stays")
	assert.Equal(t, "Opens the store (once).", excerpt("Opens the store (once).\nThen more.", 120))
	assert.Equal(t, "Break *iterable* into lists of length *n*.",
		excerpt("Break *iterable* into lists of length *n*:\n\n    >>> list(chunked([1, 2, 3, 4, 5, 6], 3))\n    [[1, 2, 3], [4, 5, 6]]\n", 120), "an example's session")
	assert.Equal(t, "Compare a >>> b.", excerpt("Compare a >>> b.\nMore.", 120), "an operator in prose")
	assert.Equal(t, "indirect returns the value, after dereferencing as many times as necessary to reach the base type (or nil).",
		excerpt("From html/template/content.go\nCopyright 2011 The Go Authors. All rights reserved.\nindirect returns the value, after dereferencing as many times\nas necessary to reach the base type (or nil).", 200), "provenance")
	assert.Equal(t, "From the cache, or the store.", excerpt("From the cache, or the store.", 120))
}

// The guides written for contributors and their agents come before the
// README's commands, the build files' and CI's.
func TestOriginRankOfAgentGuides(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 0, originRank([]string{"CLAUDE.md:10"}))
	assert.Equal(t, 0, originRank([]string{"AGENTS.md:3"}))
	assert.Equal(t, 1, originRank([]string{"README.md:162"}))
	assert.Equal(t, 4, originRank([]string{".github/workflows/ci.yml:5"}))
}

// A dotfile is a tool's settings wherever it sits: Laravel's
// storage/framework/testing/ holds a .gitignore alone, no test helper.
func TestDotfilesAreConfig(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{{Path: "storage/framework/testing/.gitignore"}, {Path: "tests/helpers.py", Language: "python", IsTest: true, TestRole: "support"}}}
	x := newIndex(m, options{maxEntries: 12})
	assert.Equal(t, roleConfig, x.role("storage/framework/testing/.gitignore"))
	assert.NotContains(t, x.testHelpers(), "storage/framework/testing/")
}

// A command about the documentation by its words, not its flags'.
func TestAboutDocs(t *testing.T) {
	t.Parallel()
	assert.True(t, aboutDocs("tox -e docs-coverage"))
	assert.True(t, aboutDocs("npm run test:docs"))
	assert.False(t, aboutDocs("cargo test --doc --features full"))
	assert.False(t, aboutDocs("make test"))
}

// Fuzzing harnesses are no entry points nor product, by any name of
// their directory (lz4's ossfuzz/); a fuzzy matcher is the product.
func TestFuzzTrees(t *testing.T) {
	t.Parallel()
	assert.True(t, testOrBenchTree("ossfuzz/standaloneengine.c"))
	assert.True(t, testOrBenchTree("tests/fuzz/x.go"))
	assert.False(t, testOrBenchTree("src/fuzzy/match.go"))
	assert.False(t, testOrBenchTree("programs/lz4cli.c"))
}

// One pattern beyond those shown is one "more such pattern".
func TestOneMorePattern(t *testing.T) {
	t.Parallel()
	pat := func(dir string) *sdk.AddPattern {
		var cs []*sdk.PatternCommit
		for _, n := range []string{"a", "b", "c", "d"} {
			cs = append(cs, &sdk.PatternCommit{Sha: n, Instance: dir + n + ".go", AtHead: true})
		}
		return &sdk.AddPattern{Kind: "file", Slot: dir + "<name>.go",
			Files: []*sdk.PatternFile{{Path: dir + "<name>.go", Created: true, Commits: 4}}, Commits: cs}
	}
	m := &sdk.Model{AddPatterns: []*sdk.AddPattern{pat("pkg/a/"), pat("pkg/b/")}}
	got := newIndex(m, options{maxEntries: 4}).buildHowToChange()
	assert.Contains(t, got, "  - and 1 more such pattern\n")
}
