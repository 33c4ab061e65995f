package testlink

import (
	"cmp"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/homer-dev/homer/sdk"

	"github.com/stretchr/testify/assert"
)

func files(code []string, tests []string) []File {
	var out []File
	for _, p := range code {
		f := File{Path: p}
		if path.Ext(p) != ".md" { // documents have no namespace
			f.Namespace = path.Dir(p)
		}
		out = append(out, f)
	}
	for _, p := range tests {
		// The fixtures' package tests say they cover their namespace, as
		// their language plugin would.
		out = append(out, File{Path: p, IsTest: true, Namespace: path.Dir(p), CoversNamespace: strings.HasSuffix(p, "_test.go")})
	}
	return out
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		code, tests []string
		imports     map[string][]string
		want        []Link
	}{
		"namespace: a package test tests the file named after it, reaches the rest of its package": {
			code:  []string{"pkg/x.go", "pkg/y.go", "other/z.go"},
			tests: []string{"pkg/x_test.go"},
			want:  []Link{{"pkg/x_test.go", "pkg/x.go", RuleNamespace}, {"pkg/x_test.go", "pkg/y.go", RuleIndirect}},
		},
		"namespace: what it calls it tests, the rest it is compiled with": {
			code:    []string{"pkg/a.go", "pkg/b.go", "pkg/c.go", "pkg/README.md", "other/c.go"},
			tests:   []string{"pkg/pkg_test.go", "pkg/helpers_test.go"},
			imports: map[string][]string{"pkg/pkg_test.go": {"pkg/b.go", "other/c.go"}},
			want: []Link{
				{"pkg/helpers_test.go", "pkg/a.go", RuleIndirect},
				{"pkg/helpers_test.go", "pkg/b.go", RuleIndirect},
				{"pkg/helpers_test.go", "pkg/c.go", RuleIndirect},
				{"pkg/pkg_test.go", "pkg/a.go", RuleIndirect},
				{"pkg/pkg_test.go", "pkg/b.go", RuleNamespace},
				{"pkg/pkg_test.go", "pkg/c.go", RuleIndirect},
			},
		},
		"python: test_foo.py in the same directory": {
			code:  []string{"app/foo.py", "lib/foo.py"},
			tests: []string{"app/test_foo.py"},
			want:  []Link{{"app/test_foo.py", "app/foo.py", RuleName}},
		},
		"python: foo_test.py finds the only foo.py": {
			code:  []string{"src/pkg/foo.py", "src/pkg/bar.py"},
			tests: []string{"tests/unit/foo_test.py"},
			want:  []Link{{"tests/unit/foo_test.py", "src/pkg/foo.py", RuleName}},
		},
		"c++: a test named after a source and its header tests both": {
			code:  []string{"db/dbformat.cc", "db/dbformat.h", "table/format.h"},
			tests: []string{"db/dbformat_test.cc"},
			want:  []Link{{"db/dbformat_test.cc", "db/dbformat.cc", RuleName}, {"db/dbformat_test.cc", "db/dbformat.h", RuleName}},
		},
		"ruby: the only site.rb among files named site": {
			code:  []string{"lib/jekyll/site.rb", "rake/site.rake"},
			tests: []string{"test/test_site.rb"},
			want:  []Link{{"test/test_site.rb", "lib/jekyll/site.rb", RuleName}},
		},
		"python: imports decide between two foo.py": {
			code:    []string{"a/foo.py", "b/foo.py", "b/util.py"},
			tests:   []string{"tests/test_foo.py"},
			imports: map[string][]string{"tests/test_foo.py": {"b/util.py", "b/foo.py"}},
			want:    []Link{{"tests/test_foo.py", "b/foo.py", RuleName}},
		},
		"python: tests/ directory tests its parent": {
			code:  []string{"pkg/foo.py", "other/foo.py"},
			tests: []string{"pkg/tests/test_foo.py"},
			want:  []Link{{"pkg/tests/test_foo.py", "pkg/foo.py", RuleName}},
		},
		"ts: foo.test.ts and foo.spec.tsx": {
			code:  []string{"src/foo.ts", "src/Button.tsx"},
			tests: []string{"src/foo.test.ts", "src/__tests__/Button.spec.tsx"},
			want: []Link{
				{"src/__tests__/Button.spec.tsx", "src/Button.tsx", RuleName},
				{"src/foo.test.ts", "src/foo.ts", RuleName},
			},
		},
		"java: FooTest.java": {
			code:  []string{"src/main/java/x/Foo.java"},
			tests: []string{"src/test/java/x/FooTest.java"},
			want:  []Link{{"src/test/java/x/FooTest.java", "src/main/java/x/Foo.java", RuleName}},
		},
		"generic: imports when no name matches": {
			code:    []string{"lib/a.rb", "lib/b.rb"},
			tests:   []string{"spec/integration_spec.rb", "spec/spec_helper.rb"},
			imports: map[string][]string{"spec/integration_spec.rb": {"lib/a.rb", "spec/spec_helper.rb", "gone.rb"}},
			want:    []Link{{"spec/integration_spec.rb", "lib/a.rb", RuleImport}},
		},
		"ambiguous name and no import: nothing": {
			code:  []string{"a/foo.py", "b/foo.py"},
			tests: []string{"tests/test_foo.py"},
			want:  nil,
		},
		"a test never tests a test": {
			code:    []string{"x.py"},
			tests:   []string{"test_x.py", "conftest.py", "test_conftest.py"},
			imports: map[string][]string{"test_x.py": {"conftest.py"}, "test_conftest.py": {"conftest.py"}},
			want:    []Link{{"test_x.py", "x.py", RuleName}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Analyze(Input{Files: files(tc.code, tc.tests), Imports: tc.imports})
			assert.Equal(t, tc.want, got.Links)
		})
	}
}

func TestMaps(t *testing.T) {
	t.Parallel()
	r := Analyze(Input{Files: files([]string{"p/a.go", "p/b.go", "q/c.py"}, []string{"p/b_test.go", "q/test_c.py"})})
	assert.Equal(t, map[string][]string{"p/b.go": {"p/b_test.go"}, "q/c.py": {"q/test_c.py"}}, r.TestedBy())
	assert.Equal(t, map[string][]string{"p/a.go": {"p/b_test.go"}}, r.TestedIndirectlyBy(), "compiled with the test, not named after or used by it")
	assert.Equal(t, map[string][]string{"p/b_test.go": {"p/a.go", "p/b.go"}, "q/test_c.py": {"q/c.py"}}, r.Targets())
}

// The test named after a file comes before the tests that only import it,
// though it sorts after them: a reader shown the first few sees it.
func TestTestedByNamedFirst(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "src/main/stream/JsonReader.java", Group: "java", Bodies: true},
			{Path: "src/main/Gson.java", Group: "java", Bodies: true},
			{Path: "extras/test/InterceptorTest.java", Group: "java", IsTest: true},
			{Path: "src/test/MixedStreamTest.java", Group: "java", IsTest: true},
			{Path: "src/test/stream/JsonReaderTest.java", Group: "java", IsTest: true},
		},
		Imports: map[string][]string{
			"extras/test/InterceptorTest.java":    {"src/main/stream/JsonReader.java", "src/main/Gson.java"},
			"src/test/MixedStreamTest.java":       {"src/main/stream/JsonReader.java"},
			"src/test/stream/JsonReaderTest.java": {"src/main/stream/JsonReader.java"},
		},
	}
	r := Analyze(in)
	assert.Equal(t, []string{"src/test/stream/JsonReaderTest.java", "extras/test/InterceptorTest.java", "src/test/MixedStreamTest.java"},
		r.TestedBy()["src/main/stream/JsonReader.java"])
	assert.Equal(t, []string{"extras/test/InterceptorTest.java"}, r.TestedBy()["src/main/Gson.java"])
}

// A source file holding tests of its own is tested by itself, before the
// tests named after it; a test file's or test support's own tests make no
// such link.
func TestInlineTests(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "src/glob.rs", Group: "rust", Bodies: true, InlineTests: true},
			{Path: "src/lib.rs", Group: "rust", Bodies: true},
			{Path: "src/util.rs", Group: "rust", Bodies: true},
			{Path: "tests/glob_test.rs", Group: "rust", IsTest: true, InlineTests: true},
			{Path: "tests/testutil/mod.rs", Group: "rust", Support: true, Bodies: true, InlineTests: true},
		},
		Imports: map[string][]string{"tests/glob_test.rs": {"src/glob.rs"}},
	}
	r := Analyze(in)
	assert.Equal(t, map[string][]string{"src/glob.rs": {"src/glob.rs", "tests/glob_test.rs"}}, r.TestedBy())
	assert.Equal(t, []string{"src/lib.rs", "src/util.rs"}, r.Untested())
	assert.Contains(t, r.Links, Link{Test: "src/glob.rs", Target: "src/glob.rs", Rule: RuleInline})

	// A module's own tests run what it uses beside it: searcher/mod.rs's
	// tests drive searcher/core.rs, not a file elsewhere.
	in = Input{
		Files: []File{
			{Path: "src/searcher/mod.rs", Group: "rust", Bodies: true, InlineTests: true},
			{Path: "src/searcher/core.rs", Group: "rust", Bodies: true},
			{Path: "src/sink.rs", Group: "rust", Bodies: true},
		},
		Imports: map[string][]string{"src/searcher/mod.rs": {"src/searcher/core.rs", "src/sink.rs"}},
	}
	r = Analyze(in)
	assert.Contains(t, r.Links, Link{Test: "src/searcher/mod.rs", Target: "src/searcher/core.rs", Rule: RuleIndirect})
	assert.Equal(t, []string{"src/sink.rs"}, r.Untested())
}

// A test reaches, through the package it imports, the files that package
// imports and calls within its own directory (at most Hops hops); those
// links are indirect, and files outside the package are not reached.
func TestAnalyzeIndirect(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "src/pkg/__init__.py", Group: "py"},
			{Path: "src/pkg/app.py", Group: "py", Bodies: true},
			{Path: "src/pkg/sansio/scaffold.py", Group: "py", Bodies: true},
			{Path: "src/pkg/sansio/deep.py", Group: "py", Bodies: true},
			{Path: "src/pkg/sansio/deeper.py", Group: "py", Bodies: true},
			{Path: "src/other/util.py", Group: "py", Bodies: true},
			{Path: "tests/test_basic.py", Group: "py", IsTest: true},
		},
		Imports: map[string][]string{
			"tests/test_basic.py":        {"src/pkg/__init__.py"},
			"src/pkg/__init__.py":        {"src/pkg/app.py", "src/other/util.py"},
			"src/pkg/app.py":             {"src/pkg/sansio/scaffold.py"},
			"src/pkg/sansio/scaffold.py": {"src/pkg/sansio/deep.py"},
			"src/pkg/sansio/deep.py":     {"src/pkg/sansio/deeper.py"},
		},
	}
	r := Analyze(in)
	assert.Equal(t, map[string][]string{"src/pkg/__init__.py": {"tests/test_basic.py"}}, r.TestedBy())
	assert.Equal(t, map[string][]string{
		"src/pkg/app.py":             {"tests/test_basic.py"},
		"src/pkg/sansio/scaffold.py": {"tests/test_basic.py"},
		"src/pkg/sansio/deep.py":     {"tests/test_basic.py"},
	}, r.TestedIndirectlyBy(), "three hops from the imported package, and none outside it")
	assert.Equal(t, []string{"src/other/util.py", "src/pkg/sansio/deeper.py"}, r.Untested())
}

// A test reaches what the helpers it loads load, one hop from them.
func TestAnalyzeThroughHelpers(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "lib/app/base.rb", Group: "rb", Bodies: true},
			{Path: "contrib/lib/app/runner.rb", Group: "rb", Bodies: true},
			{Path: "contrib/lib/app/pipe.rb", Group: "rb", Bodies: true},
			{Path: "lib/app/unused.rb", Group: "rb", Bodies: true},
			{Path: "test/integration_helper.rb", Group: "rb", IsTest: true, Support: true},
			{Path: "test/integration_test.rb", Group: "rb", IsTest: true},
		},
		Imports: map[string][]string{
			"test/integration_test.rb":   {"test/integration_helper.rb"},
			"test/integration_helper.rb": {"lib/app/base.rb", "contrib/lib/app/runner.rb"},
			"contrib/lib/app/runner.rb":  {"contrib/lib/app/pipe.rb"},
		},
	}
	r := Analyze(in)
	assert.Equal(t, map[string][]string{
		"lib/app/base.rb":           {"test/integration_test.rb"},
		"contrib/lib/app/runner.rb": {"test/integration_test.rb"},
	}, r.TestedIndirectlyBy())
	assert.Equal(t, []string{"contrib/lib/app/pipe.rb", "lib/app/unused.rb"}, r.Untested())
}

// Test support is neither a test nor untested, and no test's subject;
// a file without function bodies is not untested.
func TestAnalyzeRoles(t *testing.T) {
	t.Parallel()
	var fs []File
	for _, p := range []string{"tests/conftest.py", "tests/test_apps/hello/app.py", "pkg/testdata/gen.go", "internal/prompter/prompter_mock.go"} {
		isTest := strings.Contains(p, "test_apps") // a plugin may call a fixture app a test
		fs = append(fs, File{Path: p, IsTest: isTest && !IsSupport(p, isTest), Support: IsSupport(p, isTest), Bodies: true})
	}
	fs = append(fs, File{Path: "internal/gh/gh.go", Namespace: "internal/gh"}, // interfaces only
		File{Path: "pkg/lone.go", Namespace: "pkg", Bodies: true},
		File{Path: "tests/test_x.py", IsTest: true})
	r := Analyze(Input{Files: fs, Imports: map[string][]string{"tests/test_x.py": {"tests/conftest.py", "tests/test_apps/hello/app.py"}}})
	assert.Empty(t, r.Links, "support files are no test's subject")
	assert.Equal(t, RoleSupport, r.Roles["tests/conftest.py"])
	assert.Equal(t, RoleSupport, r.Roles["tests/test_apps/hello/app.py"])
	assert.Equal(t, RoleSupport, r.Roles["pkg/testdata/gen.go"])
	assert.Equal(t, RoleSupport, r.Roles["internal/prompter/prompter_mock.go"])
	assert.Equal(t, RoleDeclarations, r.Roles["internal/gh/gh.go"])
	assert.Equal(t, RoleTest, r.Roles["tests/test_x.py"])
	assert.Equal(t, []string{"pkg/lone.go"}, r.Untested())
}

func TestIsSupport(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"tests/conftest.py": true, "conftest.py": true, "tests/helpers.py": true, "spec/spec_helper.rb": true,
		"pkg/fixtures/a.json": true, "x/__mocks__/a.js": true, "pkg/mock/config.go": true, "a/b_mock.go": true,
		"core/src/main/java/org/acme/mock/MockName.java": false, "core/src/test/java/org/acme/mocks/Clock.java": true,
		"tests/test_pytest_mock.py": false, "discovery/moby/mock_test.go": true,
		"src/app.py": false, "pkg/latest/x.go": false, "tests/test_app.py": false,
		"src/AdapterTestUtilities/FilesystemAdapterTestCase.php": true, "src/AdapterTestUtilities/ToxiproxyManagement.php": true,
		"src/Ftp/FtpAdapterTestCase.php": true, "src/junit/framework/TestCase.java": false, "src/Contest.php": false,
		"test/App.Tests/Support/CollectingSink.cs": true, "spec/support/matchers.rb": true, "test/TestDummies/Console/Sink.cs": true,
		"test/App.Tests/FakeClockTests.cs": false, "test/App.Tests/Core/FakeClock.cs": true, "src/support/x.go": false,
		"src/Mockingbird.cs": false, "test/Mockingbird.cs": false, "test/test_support.py": false,
		"test-helpers/context.js": true, "packages/core/test-utils/render.tsx": true,
		"Tests/VaporTests/Utilities/TestLogging.swift": true, "src/utilities/x.go": false, "src/utils/html.test.ts": false,
		"test/specs/utils/forEach.spec.js": false, "tests/utils/test_paths.py": false,
	} {
		// As the language plugins say: C# calls every file of a test
		// project a test.
		isTest := strings.HasPrefix(path.Base(p), "test_") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, ".cs") && strings.HasPrefix(p, "test/") ||
			strings.Contains(path.Base(p), ".test.") || strings.Contains(path.Base(p), ".spec.") || strings.HasSuffix(p, ".swift") && strings.HasPrefix(p, "Tests/")
		assert.Equal(t, want, IsSupport(p, isTest), p)
	}
}

// Among tests named for their subjects, a file named otherwise is a helper;
// where no such convention holds, or the names are not CamelCase, nothing is.
func TestOffConvention(t *testing.T) {
	t.Parallel()
	got := OffConvention([]string{
		"Tests/RequestTests.swift", "Tests/SessionTests.swift", "Tests/InspectorEventMonitor.swift", "Tests/TestHelpers.swift",
		"Tests/BaseTestCase.swift", "Tests/CacheTests.swift", "Tests/DownloadTests.swift",
		"spec/Other/Helper.java", "spec/Other/OneTest.java",
		"tests/test_a.py", "tests/helpers.py", "tests/x_test.py", "tests/types.py",
		"web/__tests__/app.test.js", "web/__tests__/b.spec.ts", "rust/tests/cli.rs", "rust/tests/util.rs",
		"src/test/java/a/ParserTest.java", "src/test/java/a/TestLexer.java", "src/test/java/a/Fixtures.java",
	})
	assert.Equal(t, map[string]bool{
		"Tests/InspectorEventMonitor.swift": true, "Tests/BaseTestCase.swift": true, "src/test/java/a/Fixtures.java": true,
		"Tests/TestHelpers.swift": true, "tests/helpers.py": true, "tests/types.py": true,
	}, got)

	// Below tests named as tests, a directory of none so named holds what
	// they run (loguru's tests/exceptions/source/); where such files are
	// more than a third of the tests below, they are tests named otherwise.
	loguru := []string{"tests/test_a.py", "tests/test_b.py", "tests/test_c.py", "tests/test_d.py",
		"tests/exceptions/source/backtrace/nested.py", "tests/exceptions/source/modern/notes.py"}
	assert.Equal(t, map[string]bool{"tests/exceptions/source/backtrace/nested.py": true, "tests/exceptions/source/modern/notes.py": true}, OffConvention(loguru))
	scenarios := []string{"tests/App.Tests/FooTests.cs", "tests/App.Tests/BarTests.cs",
		"tests/App.Tests/Scenarios/WhenSaving.cs", "tests/App.Tests/Scenarios/WhenLoading.cs"}
	assert.Empty(t, OffConvention(scenarios))
	// A CamelCase subject's test named with a lower-case marker is named
	// as a test (msw's src/core/handlers/WebSocketHandler.test.ts).
	msw := []string{"src/core/bypass.test.ts", "src/core/ws.test.ts", "src/core/handlers/WebSocketHandler.test.ts", "src/core/handlers/HttpHandler.test.ts"}
	assert.Empty(t, OffConvention(msw))
	jest := []string{"src/a.test.js", "src/b.test.js", "src/c.test.js", "src/__tests__/d.js"}
	assert.Empty(t, OffConvention(jest), "every file of a __tests__ directory is a test")
	mixed := []string{"tests/test_a.py", "tests/test_b.py", "tests/test_c.py", "tests/test_d.py",
		"tests/unit/test_e.py", "tests/unit/cases.py"}
	assert.Empty(t, OffConvention(mixed), "beside a test named as one, the directory's own rule decides")
}

// A walk leaves its directory for a file of the same name: a test of a
// header reaches the file that implements it.
func TestAnalyzeReachesTheImplementation(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "include/lib/api.h", Group: "c", Bodies: true},
			{Path: "src/api.cc", Group: "c", Bodies: true},
			{Path: "src/other.cc", Group: "c", Bodies: true},
			{Path: "test/api-test.c", Group: "c", IsTest: true},
		},
		Imports: map[string][]string{
			"test/api-test.c":   {"include/lib/api.h"},
			"include/lib/api.h": {"src/api.cc", "src/other.cc"},
		},
	}
	r := Analyze(in)
	assert.Equal(t, map[string][]string{"src/api.cc": {"test/api-test.c"}}, r.TestedIndirectlyBy())
	assert.Equal(t, []string{"src/other.cc"}, r.Untested())
}

func TestNamedSubject(t *testing.T) {
	pkg := []string{"auth.go", "context.go", "gin.go"}
	assert.Equal(t, "context.go", NamedSubject("context_test.go", pkg), "named after one of its package's files")
	assert.Equal(t, "requests/utils.py", NamedSubject("tests/test_utils.py", []string{"requests/__init__.py", "requests/utils.py"}))
	assert.Equal(t, "", NamedSubject("benchmarks_test.go", pkg), "a package test named after none of them stands for none")
	assert.Equal(t, "src/app.ts", NamedSubject("test/integration.test.ts", []string{"src/app.ts"}), "the only file it tests")
	assert.Equal(t, "", NamedSubject("x_test.go", nil))
}

// A test tree that mirrors the source tree names its tests after the files
// they test, without a test marker, or after the file and a case (execa).
func TestMirroredTestTree(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "lib/return/result.js", Group: "js", Bodies: true},
			{Path: "lib/stdio/handle.js", Group: "js", Bodies: true},
			{Path: "lib/stdio/handle-async.js", Group: "js", Bodies: true},
			{Path: "lib/transform/split.js", Group: "js", Bodies: true},
			{Path: "lib/io/lines.js", Group: "js", Bodies: true},
			{Path: "lib/a/x.js", Group: "js", Bodies: true},
			{Path: "lib/b/a/x.js", Group: "js", Bodies: true},
			{Path: "index.js", Group: "js", Bodies: true},
			{Path: "test/return/result.js", Group: "js", IsTest: true},
			{Path: "test/stdio/handle-normal.js", Group: "js", IsTest: true},
			{Path: "test/stdio/handle-async-fail.js", Group: "js", IsTest: true},
			{Path: "test/transform/split-lines.js", Group: "js", IsTest: true},
			{Path: "test/stdio/lines-main.js", Group: "js", IsTest: true}, // lib/io/lines.js is not in the mirrored directory
			{Path: "test/a/x.js", Group: "js", IsTest: true},              // two files answer: lib/a/x.js and lib/b/a/x.js
			{Path: "test/index.js", Group: "js", IsTest: true},            // the test tree's own entry names no file
			// At the tree's top, a test named after a file of the source
			// root beside it (yargs), by its whole name.
			{Path: "lib/usage.js", Group: "js", Bodies: true},
			{Path: "test/usage.js", Group: "js", IsTest: true},
			{Path: "src/api.js", Group: "js", Bodies: true},
			{Path: "test/api-main.js", Group: "js", IsTest: true},
			// Else the one file of its name below the source root (bats'
			// test/common.bats); of two, neither.
			{Path: "lib/bats-core/common.bash", Group: "js", Bodies: true},
			{Path: "test/common.bats", Group: "js", IsTest: true},
			{Path: "lib/p/twice.js", Group: "js", Bodies: true},
			{Path: "lib/q/twice.js", Group: "js", Bodies: true},
			{Path: "test/twice.js", Group: "js", IsTest: true},
		},
	}
	r := Analyze(in)
	assert.Equal(t, map[string][]string{
		"lib/return/result.js":      {"test/return/result.js"},
		"lib/stdio/handle.js":       {"test/stdio/handle-normal.js"},
		"lib/stdio/handle-async.js": {"test/stdio/handle-async-fail.js"},
		"lib/transform/split.js":    {"test/transform/split-lines.js"},
		"lib/usage.js":              {"test/usage.js"},
		"lib/bats-core/common.bash": {"test/common.bats"},
	}, r.TestedBy())
}

// A gem's tests name their files with the package before them:
// test_rake_task.rb tests lib/rake/task.rb.
func TestPackagePrefixedNames(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "lib/rake/task.rb", Group: "rb", Bodies: true},
			{Path: "lib/rake/task_arguments.rb", Group: "rb", Bodies: true},
			{Path: "lib/rake/file_utils.rb", Group: "rb", Bodies: true},
			{Path: "lib/other/file_utils.rb", Group: "rb", Bodies: true},
			{Path: "test/test_rake_task.rb", Group: "rb", IsTest: true},
			{Path: "test/test_rake_task_arguments.rb", Group: "rb", IsTest: true},
			{Path: "test/test_rake_file_utils.rb", Group: "rb", IsTest: true},
			{Path: "test/test_rake_application_options.rb", Group: "rb", IsTest: true},
		},
	}
	r := Analyze(in)
	assert.Equal(t, map[string][]string{
		"lib/rake/task.rb":           {"test/test_rake_task.rb"},
		"lib/rake/task_arguments.rb": {"test/test_rake_task_arguments.rb"},
		"lib/rake/file_utils.rb":     {"test/test_rake_file_utils.rb"},
	}, r.TestedBy())
}

// Of two files of the test's name, the one whose directory ends as the
// test's does (junit4's AssertTest).
func TestNearestOfTwoNamesakes(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "src/main/java/junit/framework/Assert.java", Group: "java", Bodies: true},
			{Path: "src/main/java/org/junit/Assert.java", Group: "java", Bodies: true},
			{Path: "src/main/java/a/Util.java", Group: "java", Bodies: true},
			{Path: "src/main/java/b/Util.java", Group: "java", Bodies: true},
			{Path: "src/test/java/junit/tests/framework/AssertTest.java", Group: "java", IsTest: true},
			{Path: "src/test/java/c/UtilTest.java", Group: "java", IsTest: true}, // neither: nothing
		},
	}
	assert.Equal(t, map[string][]string{
		"src/main/java/junit/framework/Assert.java": {"src/test/java/junit/tests/framework/AssertTest.java"},
	}, Analyze(in).TestedBy())
}

// A packaging check in a hidden directory and a benchmark come after the
// suite's tests.
func TestOrderHiddenLast(t *testing.T) {
	t.Parallel()
	tests := []string{".conan/test_package/test_package.cpp", "tests/ExtraTests/X01.cpp", "tests/macros_test.cpp", "tests/benchmarks/test_speed.cpp"}
	Order("src/macros.hpp", tests)
	assert.Equal(t, []string{"tests/macros_test.cpp", "tests/ExtraTests/X01.cpp", ".conan/test_package/test_package.cpp", "tests/benchmarks/test_speed.cpp"}, tests,
		"a benchmark after the suite's tests too (fastapi's tests/benchmarks/)")

	tests = []string{"entry_bench_test.go", "logger_test.go", "hook_test.go"}
	Order("logger.go", tests)
	assert.Equal(t, []string{"logger_test.go", "hook_test.go", "entry_bench_test.go"}, tests, "a benchmark by its file's name (logrus)")

	tests = []string{"test/Serilog.PerformanceTests/AllocationsBenchmark.cs", "test/Serilog.Tests/Events/LogEventTests.cs", "test/Serilog.Tests/Core/LoggerTests.cs",
		"test/Perf/PipelineBenchmark.cs"}
	Order("src/Serilog/Events/LogEvent.cs", tests)
	assert.Equal(t, []string{"test/Serilog.Tests/Events/LogEventTests.cs", "test/Serilog.Tests/Core/LoggerTests.cs",
		"test/Perf/PipelineBenchmark.cs", "test/Serilog.PerformanceTests/AllocationsBenchmark.cs"}, tests,
		"a benchmark by its CamelCase name or its performance tests' project (serilog)")

	tests = []string{"examples/basic/test_loop_filter.py", "tests/test_api.py", "tests/test_environment.py"}
	Order("src/jinja2/environment.py", tests)
	assert.Equal(t, []string{"tests/test_environment.py", "tests/test_api.py", "examples/basic/test_loop_filter.py"}, tests,
		"an example's test after the suite's (jinja)")

	tests = []string{"guides/bug_report_templates/integration_test.rb", "test/devise_test.rb", "test/mapping_test.rb"}
	Order("lib/devise.rb", tests)
	assert.Equal(t, []string{"test/devise_test.rb", "test/mapping_test.rb", "guides/bug_report_templates/integration_test.rb"}, tests,
		"the documentation's template after the suite's (devise)")
}

// A source file whose own unit tests reach a file goes after the suite's
// test files, before benchmarks (the bytes crate's Bytes reached its
// buffers' module and was listed first); as the target itself it still
// comes first.
func TestSourcesHoldingTestsAfterTheSuite(t *testing.T) {
	t.Parallel()
	direct := map[string][]string{
		"src/bytes.rs":   {"src/bytes.rs", "tests/test_bytes.rs"},
		"src/buf/mod.rs": {"tests/test_buf.rs"},
	}
	indirect := map[string][]string{
		"src/buf/mod.rs": {"src/bytes.rs", "benches/buf.rs", "tests/test_chain.rs", "src/bytes_mut.rs"},
	}
	holders := Holders(direct)
	assert.Equal(t, map[string]bool{"src/bytes.rs": true}, holders)
	OrderAll(direct, holders)
	OrderAll(indirect, holders)
	assert.Equal(t, []string{"src/bytes.rs", "tests/test_bytes.rs"}, direct["src/bytes.rs"])
	assert.Equal(t, []string{"src/bytes_mut.rs", "tests/test_chain.rs", "src/bytes.rs", "benches/buf.rs"}, indirect["src/buf/mod.rs"],
		"the suite's tests by path (src/bytes_mut.rs holds none here), then sources holding tests, then benchmarks")
}

// OrderAll ranks each test once and keeps whether it goes last across
// targets; Order ranks each test once per sort. Both give every target's
// tests in the order of the comparator Order had before, which ranked
// both sides of every comparison.
func TestOrderAllAsRankedInEachComparison(t *testing.T) {
	t.Parallel()
	reference := func(target string, tests []string) {
		st := stem(path.Base(target))
		rank := func(test string) int {
			switch {
			case test == target:
				return 0
			case slices.Contains(subjectStems(path.Base(test)), st),
				slices.Contains(subjectStems(path.Base(test)), path.Base(path.Dir(target))+"_"+st):
				return 1
			case strings.HasPrefix(test, "."), measuring(test), slices.ContainsFunc(strings.Split(path.Dir(test), "/"), sdk.ExampleDir):
				return 3
			}
			return 2
		}
		slices.SortFunc(tests, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b)) })
	}
	tests := []string{".conan/test_package/test_package.cpp", "tests/ExtraTests/X01.cpp", "tests/macros_test.cpp", "tests/benchmarks/test_speed.cpp",
		"entry_bench_test.go", "logger_test.go", "hook_test.go", "examples/basic/test_loop_filter.py", "tests/test_api.py",
		"tests/test_environment.py", "test/rake/test_rake_task.rb", "src/own.c", "spec/httparty_spec.rb"}
	targets := []string{"src/macros.hpp", "logger.go", "src/jinja2/environment.py", "lib/rake/task.rb", "src/own.c", "lib/httparty.rb", "hook.go"}
	got, want := map[string][]string{}, map[string][]string{}
	r := rand.New(rand.NewPCG(7, 15))
	for _, target := range targets {
		ts := slices.Clone(tests)
		r.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
		ts = ts[:4+r.IntN(len(ts)-4)]
		if target == "src/own.c" && !slices.Contains(ts, target) {
			ts = append(ts, target)
		}
		got[target], want[target] = slices.Clone(ts), slices.Clone(ts)
		reference(target, want[target])
	}
	OrderAll(got, nil)
	assert.Equal(t, want, got)
	for _, target := range targets {
		ts := slices.Clone(tests)
		Order(target, ts)
		ref := slices.Clone(tests)
		reference(target, ref)
		assert.Equal(t, ref, ts, target)
	}
	own := slices.Clone(tests)
	Order("src/own.c", own)
	assert.Equal(t, "src/own.c", own[0], "the target itself first")
	assert.Equal(t, "tests/benchmarks/test_speed.cpp", own[len(own)-1], "a benchmark last")
}

// Above a test directory only a file of the test's extension is its
// subject: httparty's spec/httparty_spec tests lib/httparty, not the
// manifest named like it at the top.
func TestParentDirectoryWantsTheTestsExtension(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "httparty.gemspec", Group: "rb", Bodies: true},
			{Path: "lib/httparty.rb", Group: "rb", Bodies: true},
			{Path: "spec/httparty_spec.rb", Group: "rb", IsTest: true},
		},
	}
	assert.Equal(t, map[string][]string{"lib/httparty.rb": {"spec/httparty_spec.rb"}}, Analyze(in).TestedBy())
}

// A private module named with a leading underscore is the subject of the
// test named after it without (httpx's tests/test_decoders.py tests
// httpx/_decoders.py); a module of the plain name wins where both are.
func TestPrivateModuleSubject(t *testing.T) {
	t.Parallel()
	in := Input{
		Files: []File{
			{Path: "httpx/_decoders.py", Group: "python", Bodies: true},
			{Path: "httpx/__init__.py", Group: "python", Bodies: true},
			{Path: "httpx/utils.py", Group: "python", Bodies: true},
			{Path: "httpx/_utils.py", Group: "python", Bodies: true},
			{Path: "tests/test_decoders.py", Group: "python", IsTest: true},
			{Path: "tests/test_utils.py", Group: "python", IsTest: true},
		},
		Imports: map[string][]string{"tests/test_decoders.py": {"httpx/__init__.py"}, "tests/test_utils.py": {"httpx/__init__.py"}},
	}
	got := Analyze(in).TestedBy()
	assert.Equal(t, []string{"tests/test_decoders.py"}, got["httpx/_decoders.py"])
	assert.Equal(t, []string{"tests/test_utils.py"}, got["httpx/utils.py"])
	assert.Empty(t, got["httpx/_utils.py"])
}
