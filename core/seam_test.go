// Package core_test guards the language seam: the core joins what language
// plugins report and must never learn a language itself (ARCHITECTURE.md,
// "The language seam"). A language added by a third-party plugin has to
// reach a built-in's quality without any change here.
package core_test

import (
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

// allowed are lines that name a module path, not a language.
var allowed = regexp.MustCompile(`"google\.golang\.org/|"golang\.org/|"github\.com/`)

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
