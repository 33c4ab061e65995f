package testlink

import (
	"cmp"
	"path"
	"slices"
	"strings"
)

// File is one file of the repository.
type File struct {
	Path string
	// Language is the language plugin's name for it; the rules go by file
	// name, so it may be empty.
	Language string
	IsTest   bool
}

// Input is the repository's files and imports.
type Input struct {
	Files []File
	// Imports maps a file to the repository files it imports (resolved to
	// paths by the language plugin). Paths not in Files are ignored.
	Imports map[string][]string
}

// Rule names how a link was found.
type Rule string

// The rules, in the order they are tried.
const (
	RuleGo     Rule = "go"
	RuleName   Rule = "name"
	RuleImport Rule = "import"
)

// Link says that Test tests Target.
type Link struct {
	Test, Target string
	Rule         Rule
}

// Result is the test links of a repository.
type Result struct {
	// Links are sorted by test, then target.
	Links []Link
}

// TestedBy maps every file under test to its tests, sorted.
func (r Result) TestedBy() map[string][]string {
	m := map[string][]string{}
	for _, l := range r.Links {
		m[l.Target] = append(m[l.Target], l.Test)
	}
	for _, ts := range m {
		slices.Sort(ts)
	}
	return m
}

// Targets maps every test to the files it tests, sorted.
func (r Result) Targets() map[string][]string {
	m := map[string][]string{}
	for _, l := range r.Links {
		m[l.Test] = append(m[l.Test], l.Target)
	}
	return m
}

// Analyze finds the files each test file tests.
func Analyze(in Input) Result {
	idx := newIndex(in.Files)
	var links []Link
	for _, f := range in.Files {
		if !f.IsTest {
			continue
		}
		imports := idx.imported(in.Imports[f.Path])
		rule, targets := RuleGo, goTargets(f.Path, idx)
		if targets == nil {
			rule, targets = RuleName, nameTargets(f.Path, imports, idx)
		}
		if targets == nil {
			rule, targets = RuleImport, imports
		}
		for _, t := range targets {
			links = append(links, Link{Test: f.Path, Target: t, Rule: rule})
		}
	}
	slices.SortFunc(links, func(a, b Link) int {
		return cmp.Or(cmp.Compare(a.Test, b.Test), cmp.Compare(a.Target, b.Target))
	})
	links = slices.CompactFunc(links, func(a, b Link) bool { return a.Test == b.Test && a.Target == b.Target })
	return Result{Links: links}
}

// index holds the non-test files, the only possible targets.
type index struct {
	code   map[string]bool
	byDir  map[string][]string // directory → non-test files, sorted
	byBase map[string][]string // base name → non-test files, sorted
}

func newIndex(files []File) *index {
	idx := &index{code: map[string]bool{}, byDir: map[string][]string{}, byBase: map[string][]string{}}
	for _, f := range files {
		if f.IsTest || idx.code[f.Path] {
			continue
		}
		idx.code[f.Path] = true
		idx.byDir[path.Dir(f.Path)] = append(idx.byDir[path.Dir(f.Path)], f.Path)
		idx.byBase[path.Base(f.Path)] = append(idx.byBase[path.Base(f.Path)], f.Path)
	}
	for _, ps := range idx.byDir {
		slices.Sort(ps)
	}
	for _, ps := range idx.byBase {
		slices.Sort(ps)
	}
	return idx
}

// imported returns the non-test files among imports, sorted and distinct.
func (idx *index) imported(imports []string) []string {
	var out []string
	for _, p := range imports {
		if idx.code[p] {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// goTargets applies the Go rule; nil when it does not apply. Go tests
// are compiled with their whole package and routinely exercise files other
// than their namesake (a store_test.go drives tx.go too), so a test file
// covers every non-test file of its directory.
func goTargets(test string, idx *index) []string {
	if !strings.HasSuffix(test, "_test.go") {
		return nil
	}
	var out []string
	for _, p := range idx.byDir[path.Dir(test)] {
		if strings.HasSuffix(p, ".go") {
			out = append(out, p)
		}
	}
	return out
}

// naming is one test-naming convention: a test whose base name matches
// prefix+stem+suffix tests a file named stem plus one of exts.
type naming struct {
	prefix, suffix string
	exts           []string
}

var (
	jsExts = []string{".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"}
	cExts  = []string{".cc", ".cpp", ".cxx", ".c", ".h", ".hpp"}
)

// namings are tried in order; the first whose pattern matches the test's
// base name is used.
var namings = append([]naming{
	{"test_", ".py", []string{".py"}},
	{"", "_test.py", []string{".py"}},
	{"", "_tests.py", []string{".py"}},
	{"", "_spec.rb", []string{".rb"}},
	{"", "_test.rb", []string{".rb"}},
	{"", "Tests.java", []string{".java"}},
	{"", "Test.java", []string{".java"}},
	{"Test", ".java", []string{".java"}},
	{"", "Tests.kt", []string{".kt"}},
	{"", "Test.kt", []string{".kt"}},
	{"", "Tests.cs", []string{".cs"}},
	{"", "Test.cs", []string{".cs"}},
	{"", "Test.php", []string{".php"}},
	{"", "_unittest.cc", cExts},
	{"", "_test.cc", cExts},
	{"", "_test.cpp", cExts},
	{"", "_test.c", cExts},
	{"", "_test.rs", []string{".rs"}},
}, jsNamings()...)

// jsNamings covers foo.test.ts, foo.spec.jsx and the like; a JS or TS test
// may test a file of any of the JS/TS extensions.
func jsNamings() []naming {
	var out []naming
	for _, kind := range []string{".test", ".spec"} {
		for _, e := range jsExts {
			out = append(out, naming{"", kind + e, jsExts})
		}
	}
	return out
}

// testDirs are directory names whose tests usually sit one level below the
// code they test.
var testDirs = map[string]bool{"tests": true, "test": true, "__tests__": true, "spec": true}

// nameTargets applies the naming rules; nil when none resolves.
func nameTargets(test string, imports []string, idx *index) []string {
	base := path.Base(test)
	for _, nm := range namings {
		if !strings.HasPrefix(base, nm.prefix) || !strings.HasSuffix(base, nm.suffix) || len(base) <= len(nm.prefix)+len(nm.suffix) {
			continue
		}
		stem := base[len(nm.prefix) : len(base)-len(nm.suffix)]
		if t := resolve(test, stem, nm.exts, imports, idx); t != "" {
			return []string{t}
		}
		return nil
	}
	return nil
}

// resolve finds the file named stem+ext for a test: in the test's directory,
// or the parent when that is a test directory (first matching ext wins),
// else among its imports, else the only such file in the repository.
func resolve(test, stem string, exts []string, imports []string, idx *index) string {
	dirs := []string{path.Dir(test)}
	if testDirs[path.Base(path.Dir(test))] {
		dirs = append(dirs, path.Dir(path.Dir(test)))
	}
	for _, d := range dirs {
		for _, e := range exts {
			if p := path.Join(d, stem+e); idx.code[p] {
				return p
			}
		}
	}
	for _, p := range imports {
		b := path.Base(p)
		for _, e := range exts {
			if b == stem+e {
				return p
			}
		}
	}
	var found []string
	for _, e := range exts {
		found = append(found, idx.byBase[stem+e]...)
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}
