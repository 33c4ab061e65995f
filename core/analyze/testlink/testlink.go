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
	// Group is the set of languages the file resolves with (its link group
	// or its language): a test's subject is a file of its own group. Empty
	// for files no language plugin parsed.
	Group  string
	IsTest bool
	// Namespace keys the namespace the file belongs to, when its language
	// has one; CoversNamespace marks a test compiled with its namespace,
	// which covers every non-test file of it (the language plugin says so).
	Namespace       string
	CoversNamespace bool
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
	RuleNamespace Rule = "namespace"
	RuleName      Rule = "name"
	RuleImport    Rule = "import"
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
		var rule Rule
		var targets []string
		if f.CoversNamespace && f.Namespace != "" {
			rule, targets = RuleNamespace, idx.byNamespace[f.Group+"\x00"+f.Namespace]
		}
		if targets == nil {
			rule, targets = RuleName, nameTargets(f, imports, idx)
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
	code        map[string]bool
	group       map[string]string   // file → its group
	byDir       map[string][]string // directory → non-test files, sorted
	byStem      map[string][]string // group and stem → non-test files, sorted
	byNamespace map[string][]string // group and namespace → non-test files, sorted
}

func newIndex(files []File) *index {
	idx := &index{code: map[string]bool{}, group: map[string]string{}, byDir: map[string][]string{},
		byStem: map[string][]string{}, byNamespace: map[string][]string{}}
	for _, f := range files {
		if f.IsTest || idx.code[f.Path] {
			continue
		}
		idx.code[f.Path] = true
		idx.group[f.Path] = f.Group
		idx.byDir[path.Dir(f.Path)] = append(idx.byDir[path.Dir(f.Path)], f.Path)
		idx.byStem[f.Group+"\x00"+stem(path.Base(f.Path))] = append(idx.byStem[f.Group+"\x00"+stem(path.Base(f.Path))], f.Path)
		if f.Namespace != "" {
			k := f.Group + "\x00" + f.Namespace
			idx.byNamespace[k] = append(idx.byNamespace[k], f.Path)
		}
	}
	for _, m := range []map[string][]string{idx.byDir, idx.byStem, idx.byNamespace} {
		for _, ps := range m {
			slices.Sort(ps)
		}
	}
	return idx
}

// stem is a base name without its extension.
func stem(base string) string {
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		return base[:i]
	}
	return base
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

// Test-naming conventions name a test after its subject with a marker
// before or after the subject's stem: test_foo, foo_test, foo.test,
// foo.spec, foo_spec, FooTest, FooTests, foo_unittest, TestFoo, FooIT.
var (
	testPrefixes = []string{"test_", "Test"}
	testSuffixes = []string{"_unittest", "_tests", "_test", "_spec", ".test", ".spec", "Tests", "Test", "IT"}
)

// subjectStems returns the stems a test's name points at, best first.
func subjectStems(base string) []string {
	s := stem(base)
	var out []string
	for _, suf := range testSuffixes {
		if len(s) > len(suf) && strings.HasSuffix(s, suf) {
			out = append(out, s[:len(s)-len(suf)])
		}
	}
	for _, pre := range testPrefixes {
		if len(s) > len(pre) && strings.HasPrefix(s, pre) {
			out = append(out, s[len(pre):])
		}
	}
	return out
}

// testDirs are directory names whose tests usually sit one level below the
// code they test.
var testDirs = map[string]bool{"tests": true, "test": true, "__tests__": true, "spec": true}

// nameTargets applies the naming conventions; nil when none resolves.
func nameTargets(test File, imports []string, idx *index) []string {
	for _, st := range subjectStems(path.Base(test.Path)) {
		if t := resolve(test, st, imports, idx); t != "" {
			return []string{t}
		}
	}
	return nil
}

// resolve finds the file of a test's group named stem: in the test's
// directory, or the parent when that is a test directory, else among its
// imports, else the only such file of the group in the repository.
func resolve(test File, st string, imports []string, idx *index) string {
	cands := idx.byStem[test.Group+"\x00"+st]
	if len(cands) == 0 {
		return ""
	}
	dirs := []string{path.Dir(test.Path)}
	if testDirs[path.Base(path.Dir(test.Path))] {
		dirs = append(dirs, path.Dir(path.Dir(test.Path)))
	}
	for _, d := range dirs {
		for _, p := range cands {
			if path.Dir(p) == d {
				return p
			}
		}
	}
	for _, p := range imports {
		if idx.group[p] == test.Group && stem(path.Base(p)) == st {
			return p
		}
	}
	if len(cands) == 1 {
		return cands[0]
	}
	return ""
}
