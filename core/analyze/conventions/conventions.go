package conventions

import (
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/record"
)

// File is what the analysis needs of one parsed file at HEAD.
type File struct {
	Path     string
	Language string
	IsTest   bool
	// Support: the file serves the tests without being one (a test base
	// class, fixtures): its names follow the tests' style, not the code's.
	Support bool
	// Imports are the specs the file imports, as written.
	Imports []string
	// InlineTests is the number of tests the file holds although it is not
	// a test file, as its plugin reports them.
	InlineTests int
	// ErrorShapes counts the file's error-handling sites by shape.
	ErrorShapes map[string]int
	Definitions []Definition
}

// Definition is what the analysis needs of one definition.
type Definition struct {
	Name     string
	Kind     string
	Exported bool
	Doc      string
	DocStyle string
}

// Commit is one commit's message and whether it merges.
type Commit struct {
	Message string
	Merge   bool
}

// Analyze finds the conventions of the files and commits.
func Analyze(files []File, commits []Commit) record.Conventions {
	c := AnalyzeFiles(files)
	c.Commits = Commits(commits)
	return c
}

// AnalyzeFiles finds the conventions of the files alone: Analyze without
// the commits' (Commits), for a caller that has the files long before the
// history.
func AnalyzeFiles(files []File) record.Conventions {
	var names []Name
	for _, f := range files {
		if f.IsTest || f.Support {
			continue
		}
		for _, d := range f.Definitions {
			names = append(names, Name{Language: f.Language, Kind: d.Kind, Name: d.Name, Exported: d.Exported})
		}
	}
	c := record.Conventions{
		Naming: Naming(names),
		Tests:  Tests(files),
		Docs:   Docs(files),
		Errors: Errors(files),
	}
	// Empty lists stay lists in the JSON shape.
	if c.Naming == nil {
		c.Naming = []record.NamingConvention{}
	}
	if c.Tests == nil {
		c.Tests = []record.TestConvention{}
	}
	if c.Docs == nil {
		c.Docs = []record.DocConvention{}
	}
	if c.Errors == nil {
		c.Errors = []record.ErrorConvention{}
	}
	return c
}

// byLanguage groups files by language, in language order.
func byLanguage(files []File) ([]string, map[string][]File) {
	m := map[string][]File{}
	for _, f := range files {
		if f.Language == "" {
			continue
		}
		m[f.Language] = append(m[f.Language], f)
	}
	langs := make([]string, 0, len(m))
	for l := range m {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs, m
}

// testPatterns name a test file's pattern from its path, most specific
// first; the first that matches is the file's pattern. EXT stands for the
// file's extension.
var testPatterns = []struct {
	pattern string
	match   func(dir, stem string) bool
}{
	{"*_test.EXT", func(_, s string) bool { return strings.HasSuffix(s, "_test") }},
	{"test_*.EXT", func(_, s string) bool { return strings.HasPrefix(s, "test_") }},
	{"spec_*.EXT", func(_, s string) bool { return strings.HasPrefix(s, "spec_") }},
	{"*.test.EXT", func(_, s string) bool { return strings.HasSuffix(s, ".test") }},
	{"*.spec.EXT", func(_, s string) bool { return strings.HasSuffix(s, ".spec") }},
	{"*_spec.EXT", func(_, s string) bool { return strings.HasSuffix(s, "_spec") }},
	{"*Tests.EXT", func(_, s string) bool { return strings.HasSuffix(s, "Tests") }},
	{"*Test.EXT", func(_, s string) bool { return strings.HasSuffix(s, "Test") }},
	{"Test*.EXT", func(_, s string) bool { return strings.HasPrefix(s, "Test") }},
	{"__tests__/**", func(d, _ string) bool { return inDir(d, "__tests__") }},
	{"tests/**", func(d, _ string) bool { return inDir(d, "tests") }},
	{"test/**", func(d, _ string) bool { return inDir(d, "test") }},
	{"spec/**", func(d, _ string) bool { return inDir(d, "spec") }},
}

func inDir(dir, name string) bool {
	for _, part := range strings.Split(dir, "/") {
		if part == name {
			return true
		}
	}
	return false
}

// TestPattern is the pattern a test file's path follows, "" for none.
// Every pattern the path fits is returned, name patterns first.
func TestPattern(p string) []string {
	dir, base := path.Split(p)
	stem := base
	if i := strings.LastIndex(base, "."); i > 0 {
		stem = base[:i]
	}
	var out []string
	for _, tp := range testPatterns {
		if tp.match(strings.TrimSuffix(dir, "/"), stem) {
			pat := tp.pattern
			if name, ok := strings.CutSuffix(pat, "/**"); ok && !strings.HasPrefix(dir, name+"/") {
				// moshi/src/test/java/...: a test directory below the
				// root, which "test/**" would place at the root.
				pat = "**/" + pat
			}
			out = append(out, pat)
		}
	}
	return out
}

// withExtension writes the extension most of the test files fitting
// pattern have in place of its EXT: a language of several extensions may
// keep its tests in the one that is not its usual. It
// leaves EXT where no extension has most of them. n is how many tests fit
// the pattern returned.
func withExtension(pattern string, tests []testFile) (_ string, n int) {
	if !strings.Contains(pattern, ".EXT") {
		return pattern, 0
	}
	exts := map[string]int{}
	fit := 0
	for _, f := range tests {
		if !fitsPattern(f.patterns, pattern) {
			continue
		}
		fit++
		exts[path.Ext(f.path)]++
	}
	for ext, n := range exts {
		if ext != "" && 2*n > fit {
			return strings.Replace(pattern, ".EXT", ext, 1), n
		}
	}
	return pattern, fit
}

// fitsPattern tells whether a file fitting pats (TestPattern) fits
// pattern, one of testPatterns' or a directory's joined to a name's.
func fitsPattern(pats []string, pattern string) bool {
	dirPat, namePat, joined := strings.Cut(pattern, "/**/")
	if !joined {
		return slices.Contains(pats, pattern)
	}
	return slices.Contains(pats, dirPat+"/**") && slices.Contains(pats, namePat)
}

// testFile is a test file's path and the patterns it fits (TestPattern).
type testFile struct {
	path     string
	patterns []string
}

// Thresholds of the test report.
const (
	// FrameworkShare is the least share of a language's test files that
	// must import a spec for it to count as a framework, and
	// FrameworkLift how many times more often test files must import it
	// than the language's other files.
	FrameworkShare = 0.2
	FrameworkLift  = 3.0
	MaxFrameworks  = 3
)

// Tests finds, per language with test files, the test file pattern most
// test files follow, the imports that mark test files, and the source
// files holding tests of their own.
func Tests(files []File) []record.TestConvention {
	langs, by := byLanguage(files)
	var out []record.TestConvention
	for _, lang := range langs {
		var tests, others int
		inSource := 0
		fits := map[string]int{}
		both := map[[2]string]int{} // a directory pattern and a name pattern
		var testFiles []testFile
		testImports, otherImports := map[string]int{}, map[string]int{}
		for _, f := range by[lang] {
			seen := map[string]bool{}
			for _, im := range f.Imports {
				if seen[im] {
					continue
				}
				seen[im] = true
				if f.IsTest {
					testImports[im]++
				} else {
					otherImports[im]++
				}
			}
			if !f.IsTest {
				others++
				if f.InlineTests > 0 {
					inSource++
				}
				continue
			}
			tests++
			pats := TestPattern(f.Path)
			testFiles = append(testFiles, testFile{f.Path, pats})
			for _, p := range pats {
				fits[p]++
				for _, q := range pats {
					if strings.HasSuffix(p, "/**") && !strings.HasSuffix(q, "/**") {
						both[[2]string{p, q}]++
					}
				}
			}
		}
		if tests == 0 && inSource == 0 {
			continue
		}
		c := record.TestConvention{Language: lang, InSource: record.NewShare(inSource, others)}
		best := ""
		for _, tp := range testPatterns {
			if fits[tp.pattern] > fits[best] {
				best = tp.pattern
			}
		}
		c.Pattern = best
		c.Adherence = record.NewShare(fits[best], tests)
		if strings.HasSuffix(best, "/**") {
			// Tests kept in a directory are most often also named as
			// tests there: "tests/**/*.test.EXT" says both, where most
			// of them do.
			name := ""
			for _, tp := range testPatterns {
				if !strings.HasSuffix(tp.pattern, "/**") && both[[2]string{best, tp.pattern}] > both[[2]string{best, name}] {
					name = tp.pattern
				}
			}
			if n := both[[2]string{best, name}]; name != "" && 2*n >= tests {
				c.Pattern = best + "/" + name
				c.Adherence = record.NewShare(n, tests)
			}
		}
		if p, n := withExtension(c.Pattern, testFiles); p != c.Pattern {
			c.Pattern, c.Adherence = p, record.NewShare(n, tests)
		}
		for im, n := range testImports {
			share := float64(n) / float64(tests)
			other := 0.0
			if others > 0 {
				other = float64(otherImports[im]) / float64(others)
			}
			if share >= FrameworkShare && share >= FrameworkLift*other {
				c.Frameworks = append(c.Frameworks, record.NewAffix(im, n, tests))
			}
		}
		sortAffixes(c.Frameworks)
		if len(c.Frameworks) > MaxFrameworks {
			c.Frameworks = c.Frameworks[:MaxFrameworks]
		}
		out = append(out, c)
	}
	return out
}

func sortAffixes(a []record.Affix) {
	sort.Slice(a, func(i, j int) bool {
		if a[i].Count != a[j].Count {
			return a[i].Count > a[j].Count
		}
		return a[i].Affix < a[j].Affix
	})
}

// documentable are the kinds whose exported definitions should carry a
// doc comment.
func documentable(kind string) bool {
	g := KindGroup(kind)
	return g == "function" || g == "type"
}

// Docs finds, per language, how many exported functions, methods and
// types of non-test files have a doc comment, the style most of them use,
// and how many doc comments begin with the name they document.
func Docs(files []File) []record.DocConvention {
	langs, by := byLanguage(files)
	var out []record.DocConvention
	for _, lang := range langs {
		total, documented, named := 0, 0, 0
		styles := map[string]int{}
		for _, f := range by[lang] {
			if f.IsTest {
				continue
			}
			for _, d := range f.Definitions {
				if !d.Exported || !documentable(d.Kind) {
					continue
				}
				total++
				doc := strings.TrimSpace(d.Doc)
				if doc == "" {
					continue
				}
				documented++
				if d.DocStyle != "" {
					styles[d.DocStyle]++
				}
				if firstWord(doc) == d.Name {
					named++
				}
			}
		}
		if total == 0 {
			continue
		}
		c := record.DocConvention{Language: lang, Coverage: record.NewShare(documented, total),
			StartsWithName: record.NewShare(named, documented)}
		best := ""
		for s, n := range styles {
			if n > styles[best] || (n == styles[best] && s < best) {
				best = s
			}
		}
		if best != "" {
			c.Style = best
			c.Adherence = record.NewShare(styles[best], documented)
		}
		out = append(out, c)
	}
	return out
}

// firstWord is the first word of a doc comment, without the punctuation
// that may follow it.
func firstWord(doc string) string {
	f := strings.Fields(doc)
	if len(f) == 0 {
		return ""
	}
	w := f[0]
	if (w == "A" || w == "An" || w == "The") && len(f) > 1 {
		w = f[1]
	}
	return strings.TrimRight(w, ".,:;()")
}

// Errors finds, per language whose plugin reports error-handling sites,
// the shape most of them take.
func Errors(files []File) []record.ErrorConvention {
	langs, by := byLanguage(files)
	var out []record.ErrorConvention
	for _, lang := range langs {
		counts := map[string]int{}
		total := 0
		for _, f := range by[lang] {
			if f.IsTest {
				continue
			}
			for s, n := range f.ErrorShapes {
				counts[s] += n
				total += n
			}
		}
		if total == 0 {
			continue
		}
		c := record.ErrorConvention{Language: lang}
		for s, n := range counts {
			c.Shapes = append(c.Shapes, record.NewAffix(s, n, total))
		}
		sortAffixes(c.Shapes)
		c.Style = c.Shapes[0].Affix
		c.Adherence = c.Shapes[0].Of()
		out = append(out, c)
	}
	return out
}

// conventionalTypes are the types of the Conventional Commits
// specification and of the common configuration that extends it.
var conventionalTypes = map[string]bool{
	"feat": true, "fix": true, "docs": true, "style": true, "refactor": true, "perf": true,
	"test": true, "tests": true, "build": true, "ci": true, "chore": true, "revert": true, "deps": true,
}

var (
	// type(scope)!: subject
	conventionalRe = regexp.MustCompile(`^([A-Za-z]+)(\([^()]*\))?!?: \S`)
	// area: subject, the area a word or a path ("net/http", "cmd/go,
	// runtime", "README.md").
	componentRe = regexp.MustCompile(`^([\w.\-/*{}]+(?:, ?[\w.\-/*{}]+)*): \S`)
)

// CommitForm says which form a commit subject takes: "conventional",
// "component" or "" for neither; with the type or component it names.
func CommitForm(subject string) (form, label string) {
	if m := conventionalRe.FindStringSubmatch(subject); m != nil && conventionalTypes[strings.ToLower(m[1])] {
		return "conventional", strings.ToLower(m[1])
	}
	if m := componentRe.FindStringSubmatch(subject); m != nil {
		return "component", m[1]
	}
	return "", ""
}

// RecentCommits is how many of the latest non-merge commits the recent
// share of Conventional Commits is taken over: a repository that adopted
// them late shows it there.
const RecentCommits = 200

// DominantShare is the share of commits a form needs to be called the
// repository's style.
const DominantShare = 0.5

// Commits finds the commit message convention of non-merge commits, in
// history order (oldest first): how
// many follow Conventional Commits, how many name a component before a
// colon, and which form most follow.
func Commits(commits []Commit) record.CommitConvention {
	total, conv, comp := 0, 0, 0
	labels := map[string]map[string]int{"conventional": {}, "component": {}}
	var subjects []string
	var forms []string
	for _, c := range commits {
		if c.Merge {
			continue
		}
		subject, _, _ := strings.Cut(strings.TrimSpace(c.Message), "\n")
		subject = strings.TrimSpace(subject)
		if subject == "" {
			continue
		}
		total++
		form, label := CommitForm(subject)
		switch form {
		case "conventional":
			conv++
		case "component":
			comp++
		}
		if form != "" {
			labels[form][label]++
		}
		subjects = append(subjects, subject)
		forms = append(forms, form)
	}
	c := record.CommitConvention{Style: "free", Conventional: record.NewShare(conv, total), Component: record.NewShare(comp, total)}
	recent := forms
	if len(recent) > RecentCommits {
		recent = recent[len(recent)-RecentCommits:]
	}
	n := 0
	for _, f := range recent {
		if f == "conventional" {
			n++
		}
	}
	c.RecentConventional = record.NewShare(n, len(recent))
	switch {
	case total == 0:
	case c.Conventional.Share >= DominantShare:
		c.Style = "conventional"
	case c.Component.Share >= DominantShare:
		c.Style = "component"
	}
	// When neither form reaches half, the labels shown are the more
	// frequent form's, and the style stays free.
	show := c.Style
	if show == "free" {
		show = "conventional"
		if comp > conv {
			show = "component"
		}
	}
	for l, n := range labels[show] {
		c.Types = append(c.Types, record.NewAffix(l, n, total))
	}
	sortAffixes(c.Types)
	if len(c.Types) > MaxAffixes {
		c.Types = c.Types[:MaxAffixes]
	}
	if c.Style != "free" {
		for i, s := range subjects {
			if len(c.Exceptions) == MaxExceptions {
				break
			}
			if forms[i] != c.Style {
				c.Exceptions = append(c.Exceptions, s)
			}
		}
	}
	return c
}
