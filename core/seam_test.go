// Package core_test guards the language seam: the core joins what language
// plugins report and must never learn a language itself (ARCHITECTURE.md,
// "The language seam"). A language added by a third-party plugin has to
// reach a built-in's quality without any change here.
package core_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// forbidden are language names, and words and file names that mean one
// language's rules: receivers, constructors, package files, test files.
var forbidden = regexp.MustCompile(`\b(Go|Go's|golang|Python|TypeScript|JavaScript|ECMAScript|Rust|Java|Ruby|PHP|Kotlin|Swift|Lua|csharp|C#|C\+\+|cpp)\b` +
	`|"(go|python|typescript|tsx|javascript|rust|java|ruby|php|kotlin|swift|lua|c|cpp|csharp|self|cls|this|super|base|parent)"` +
	`|__init__|_test\.go|\.py\b|\.go"|\.rs\b|\.java\b|\.php\b|\.rb\b|\.kt\b|\.swift\b|\.cs\b|\.cpp\b|\.hpp\b|\.js\b|\.ts\b`)

// allowed are lines that name a module path, not a language, and git's
// own vocabulary said to be such.
var allowed = regexp.MustCompile(`"google\.golang\.org/|"golang\.org/|"github\.com/|// a git commit header field`)

func TestCoreNamesNoLanguage(t *testing.T) {
	t.Parallel()
	var found []string
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if allowed.MatchString(line) {
				continue
			}
			if m := forbidden.FindString(line); m != "" {
				found = append(found, p+":"+strconv.Itoa(i+1)+": "+m+": "+strings.TrimSpace(line))
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Empty(t, found, "core/ must not name a language or its rules; move the knowledge into the plugin's facts")
}

// The guard itself must catch what it is for.
func TestGuardCatches(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{`if q == "self" {`, `// Python's __init__.py re-exports`, `strings.HasSuffix(p, "_test.go")`,
		`lang == "go"`, `// Go's package scope`, `ext == ".java"`} {
		require.NotEmpty(t, forbidden.FindString(bad), bad)
	}
	for _, fine := range []string{`// it keeps itself`, `// self-loops are dropped`, `"google.golang.org/grpc"`, `// go on`} {
		require.True(t, forbidden.FindString(fine) == "" || allowed.MatchString(fine), fine)
	}
}

// sqlStatement is what a string literal holding SQL begins with (the
// code base writes SQL keywords in capitals).
var sqlStatement = regexp.MustCompile(`^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|PRAGMA|WITH)\s`)

// sqlLiterals lists the string literals in the non-test Go files under
// dirs that hold SQL, as file:line: literal, skipping the directories in
// skip.
func sqlLiterals(t *testing.T, dirs []string, skip map[string]bool) []string {
	t.Helper()
	var found []string
	fset := token.NewFileSet()
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if skip[filepath.ToSlash(p)] || d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && sqlStatement.MatchString(s) {
					found = append(found, fset.Position(lit.Pos()).String()+": "+strings.Fields(s)[0])
				}
				return true
			})
			return nil
		})
		require.NoError(t, err)
	}
	return found
}

// The store is read for answers only through core/query and written only
// through core/store: no SQL is written anywhere else (issue 7).
func TestSQLOnlyInStoreAndQuery(t *testing.T) {
	t.Parallel()
	found := sqlLiterals(t, []string{".", "../cmd", "../plugins", "../sdk"}, map[string]bool{"store": true, "query": true})
	require.Empty(t, found, "SQL outside core/store and core/query: add a named read to core/query or a write to core/store")
	// The guard finds the SQL it is for.
	require.NotEmpty(t, sqlLiterals(t, []string{"store", "query"}, nil))
}
