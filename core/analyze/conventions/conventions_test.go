package conventions

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

func TestStyles(t *testing.T) {
	t.Parallel()
	for name, want := range map[string][]string{
		"parse_args":  {Snake},
		"_parse_args": {Snake},
		"__new__":     {Snake, Camel},
		"run":         {Snake, Camel},
		"parseArgs":   {Camel},
		"ParseArgs":   {Pascal},
		"MAX_SIZE":    {Screaming},
		"ID":          {Screaming, Pascal},
		"Test_foo":    nil,
		"__":          nil,
		"x2":          {Snake, Camel},
		"finished?":   {Snake, Camel},
		"deep_merge!": {Snake},
		"read_only=":  {Snake},
		"<=>":         nil,
	} {
		assert.Equal(t, want, Styles(name), name)
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"parse", "HTTP", "Request"}, Words("parseHTTPRequest"))
	assert.Equal(t, []string{"_", "load", "config"}, Words("_load_config"))
	assert.Equal(t, []string{"New", "Server"}, Words("NewServer"))
	assert.Equal(t, []string{"MAX", "SIZE"}, Words("MAX_SIZE"))
	assert.Equal(t, []string{"new"}, Words("__new__"), "a magic name is not private")
}

// Planted: 17 exported functions, 14 of them PascalCase (10 starting with
// New, 4 ending in Handler), 3 snake_case; 8 unexported camelCase
// functions; 6 types; constants too few to judge.
func TestNamingAdherence(t *testing.T) {
	t.Parallel()
	var names []Name
	add := func(kind, name string, exported bool) {
		names = append(names, Name{Language: "l", Kind: kind, Name: name, Exported: exported})
	}
	for i := range 10 {
		add("function", fmt.Sprintf("New%cThing", 'A'+i), true)
	}
	for i := range 4 {
		add("method", fmt.Sprintf("Serve%cHandler", 'A'+i), true)
	}
	add("function", "make_thing", true)
	add("function", "get_it", true)
	add("function", "LegacyHandler_v2", true) // fits nothing
	for i := range 8 {
		add("function", fmt.Sprintf("do%cWork", 'A'+i), false)
	}
	add("function", "<=>", false) // an operator, not counted
	for _, n := range []string{"Server", "Client", "Config", "RouterHandler", "ErrorHandler", "ID"} {
		add("struct", n, true)
	}
	add("constant", "MAX", true)
	add("field", "ignored_field", true)

	got := Naming(names)
	require.Len(t, got, 3)
	ex := got[0]
	assert.Equal(t, "function", ex.Kind)
	assert.Equal(t, "exported", ex.Visibility)
	assert.Equal(t, Pascal, ex.Style)
	assert.Equal(t, record.NewShare(14, 17), ex.Adherence)
	assert.ElementsMatch(t, []string{"make_thing", "get_it", "LegacyHandler_v2"}, ex.Exceptions)
	require.NotEmpty(t, ex.Prefixes)
	assert.Equal(t, "New", ex.Prefixes[0].Affix)
	assert.Equal(t, 10, ex.Prefixes[0].Count)
	require.Len(t, ex.Suffixes, 2)
	assert.Equal(t, record.NewAffix("Thing", 11, 17), ex.Suffixes[0], "NewXThing and make_thing")
	assert.Equal(t, record.NewAffix("Handler", 4, 17), ex.Suffixes[1], "LegacyHandler_v2 ends in v2")

	un := got[1]
	assert.Equal(t, "unexported", un.Visibility)
	assert.Equal(t, Camel, un.Style)
	assert.Equal(t, record.NewShare(8, 8), un.Adherence)

	ty := got[2]
	assert.Equal(t, "type", ty.Kind)
	assert.Equal(t, Pascal, ty.Style)
	assert.Equal(t, record.NewShare(6, 6), ty.Adherence)
}

func TestTests(t *testing.T) {
	t.Parallel()
	files := []File{
		{Path: "a/x_test.src", Language: "l", IsTest: true, Imports: []string{"testing", "fmt"}},
		{Path: "a/y_test.src", Language: "l", IsTest: true, Imports: []string{"testing", "assert"}},
		{Path: "a/z_test.src", Language: "l", IsTest: true, Imports: []string{"testing"}},
		{Path: "tests/test_w.src", Language: "l", IsTest: true, Imports: []string{"testing"}},
		{Path: "a/x.src", Language: "l", Imports: []string{"fmt"}},
		{Path: "a/y.src", Language: "l", Imports: []string{"fmt"}, InlineTests: 2},
		{Path: "a/z.src", Language: "m"},
	}
	got := Tests(files)
	require.Len(t, got, 1)
	c := got[0]
	assert.Equal(t, "*_test.src", c.Pattern, "EXT written as the tests' extension")
	assert.Equal(t, record.NewShare(3, 4), c.Adherence)
	require.Len(t, c.Frameworks, 2, "fmt is as common outside tests")
	assert.Equal(t, "testing", c.Frameworks[0].Affix)
	assert.Equal(t, record.NewShare(4, 4), c.Frameworks[0].Of())
	assert.Equal(t, "assert", c.Frameworks[1].Affix)
	assert.Equal(t, record.NewShare(1, 2), c.InSource)
}

// Tests kept in a directory and mostly named as tests there are said to
// be both; a directory whose tests are named every which way is said
// alone.
func TestTestsInADirectoryNamedAsTests(t *testing.T) {
	t.Parallel()
	named := []File{
		{Path: "tests/basic.test.tsx", Language: "l", IsTest: true},
		{Path: "tests/ssr.test.tsx", Language: "l", IsTest: true},
		{Path: "tests/vanilla/basic.test.ts", Language: "l", IsTest: true},
		{Path: "tests/setup.ts", Language: "l", IsTest: true},
	}
	got := Tests(named)
	require.Len(t, got, 1)
	assert.Equal(t, "tests/**/*.test.tsx", got[0].Pattern, "the extension most of them have")
	assert.Equal(t, record.NewShare(2, 4), got[0].Adherence, "the .test.ts one does not follow it")

	mixed := []File{
		{Path: "test/a.src", Language: "l", IsTest: true},
		{Path: "test/b_test.src", Language: "l", IsTest: true},
		{Path: "test/c.src", Language: "l", IsTest: true},
	}
	got = Tests(mixed)
	require.Len(t, got, 1)
	assert.Equal(t, "test/**", got[0].Pattern)
	assert.Equal(t, record.NewShare(3, 3), got[0].Adherence)
}

func TestDocs(t *testing.T) {
	t.Parallel()
	files := []File{{Path: "a.src", Language: "l", Definitions: []Definition{
		{Name: "Open", Kind: "function", Exported: true, Doc: "Open opens it.", DocStyle: "line"},
		{Name: "Close", Kind: "function", Exported: true, Doc: "Shuts it.", DocStyle: "line"},
		{Name: "File", Kind: "struct", Exported: true, Doc: "A File is a file.", DocStyle: "block"},
		{Name: "Read", Kind: "method", Exported: true},
		{name(), "function", false, "", ""},
		{Name: "Limit", Kind: "constant", Exported: true},
	}}, {Path: "a_test.src", Language: "l", IsTest: true, Definitions: []Definition{{Name: "TestOpen", Kind: "function", Exported: true}}}}
	got := Docs(files)
	require.Len(t, got, 1)
	assert.Equal(t, record.NewShare(3, 4), got[0].Coverage)
	assert.Equal(t, "line", got[0].Style)
	assert.Equal(t, record.NewShare(2, 3), got[0].Adherence)
	assert.Equal(t, record.NewShare(2, 3), got[0].StartsWithName)
}

func name() string { return "helper" }

// Planted: 20 non-merge commits, 13 Conventional Commits (feat 6, fix 5,
// chore 2), 3 "area: subject", 4 free; 5 merges left out.
func TestCommitsConventional(t *testing.T) {
	t.Parallel()
	var cs []Commit
	for i := range 6 {
		cs = append(cs, Commit{Message: fmt.Sprintf("feat(api): add endpoint %d\n\nbody", i)})
	}
	for i := range 5 {
		cs = append(cs, Commit{Message: fmt.Sprintf("fix: crash %d", i)})
	}
	cs = append(cs, Commit{Message: "chore!: drop support"}, Commit{Message: "Chore(deps): bump"})
	cs = append(cs, Commit{Message: "net/http: tidy"}, Commit{Message: "README.md: typo"}, Commit{Message: "runtime: faster"})
	cs = append(cs, Commit{Message: "Fix the thing"}, Commit{Message: "wip"}, Commit{Message: "feature: no space"}, Commit{Message: "fix:nospace"})
	for range 5 {
		cs = append(cs, Commit{Message: "Merge branch 'x'", Merge: true})
	}
	got := Commits(cs)
	assert.Equal(t, "conventional", got.Style)
	assert.Equal(t, record.NewShare(13, 20), got.Conventional)
	assert.Equal(t, record.NewShare(4, 20), got.Component, "feature: is an area, not a type")
	require.Len(t, got.Types, 3)
	assert.Equal(t, record.NewAffix("feat", 6, 20), got.Types[0])
	assert.Equal(t, "fix", got.Types[1].Affix)
	assert.Equal(t, "chore", got.Types[2].Affix)
	assert.Contains(t, got.Exceptions, "net/http: tidy")

	// Adopted late: 250 free subjects, then 150 conventional ones.
	var late []Commit
	for i := range 400 {
		msg := fmt.Sprintf("Change %d", i)
		if i >= 250 {
			msg = fmt.Sprintf("fix: change %d", i)
		}
		late = append(late, Commit{Message: msg})
	}
	adopted := Commits(late)
	assert.Equal(t, "free", adopted.Style)
	assert.Equal(t, record.NewShare(150, 400), adopted.Conventional)
	assert.Equal(t, record.NewShare(150, 200), adopted.RecentConventional)

	free := Commits([]Commit{{Message: "Add x"}, {Message: "fix: y"}, {Message: "Tidy"}})
	assert.Equal(t, "free", free.Style)
	assert.Equal(t, record.NewShare(1, 3), free.Conventional)
}

func TestErrors(t *testing.T) {
	t.Parallel()
	got := Errors([]File{
		{Language: "l", ErrorShapes: map[string]int{"return": 6, "wrap": 3}},
		{Language: "l", ErrorShapes: map[string]int{"panic": 1}},
		{Language: "l", IsTest: true, ErrorShapes: map[string]int{"panic": 40}},
	})
	require.Len(t, got, 1)
	assert.Equal(t, "return", got[0].Style)
	assert.Equal(t, record.NewShare(6, 10), got[0].Adherence)
	assert.Len(t, got[0].Shapes, 3)
}

// A test file's patterns: its name's, then its directory's, placed at the
// root only when the directory is there.
func TestTestPatterns(t *testing.T) {
	t.Parallel()
	for p, want := range map[string][]string{
		"tests/test_app.py": {"test_*.EXT", "tests/**"},
		"moshi/src/test/java/com/squareup/moshi/JsonReaderTest.java": {"*Test.EXT", "**/test/**"},
		"pkg/calc/calc_test.go":   {"*_test.EXT"},
		"web/__tests__/a.js":      {"**/__tests__/**"},
		"src/__tests__/b.test.ts": {"*.test.EXT", "**/__tests__/**"},
		"test/spec_utils.rb":      {"spec_*.EXT", "test/**"},
	} {
		assert.Equal(t, want, TestPattern(p), p)
	}
}

// Test support follows the tests' style (flysystem's base test case names
// its test methods in snake_case): it is not counted in the code's names.
func TestNamingLeavesOutTestSupport(t *testing.T) {
	t.Parallel()
	var code, support File
	code = File{Path: "src/Filesystem.php", Language: "php"}
	support = File{Path: "src/AdapterTestUtilities/FilesystemAdapterTestCase.php", Language: "php", Support: true}
	for i := range 10 {
		code.Definitions = append(code.Definitions, Definition{Name: fmt.Sprintf("write%cFile", 'A'+i), Kind: "method", Exported: true})
		support.Definitions = append(support.Definitions, Definition{Name: fmt.Sprintf("writing_file_%d", i), Kind: "method", Exported: true})
	}
	c := AnalyzeFiles([]File{code, support})
	require.Len(t, c.Naming, 1)
	assert.Equal(t, record.NewShare(10, 10), c.Naming[0].Adherence)
}
