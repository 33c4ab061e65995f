package testlink

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/homer-dev/homer/sdk"
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
	// Support marks test support that is no test: conftest files, fixtures,
	// test apps, testdata and helpers beside the tests (see IsSupport). It
	// is neither a test nor code that wants one.
	Support bool
	// Bodies reports that the file defines a function or method with a
	// body. A file of declarations only (interfaces, types, constants) has
	// no behaviour of its own for a test to cover.
	Bodies bool
	// InlineTests reports that a file that is not a test holds tests of
	// its own (its plugin counts them): it is tested by itself.
	InlineTests bool
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
	// RuleInline links a file holding tests of its own to itself.
	RuleInline Rule = "inline"
	// RuleIndirect links a test to the files its direct subjects and the
	// files it imports or calls reach within Hops import or call hops,
	// staying under the directory of the file each walk starts from (the
	// package the test uses and that package's internal imports), but for
	// a step to a file of the same name (a header's implementation).
	RuleIndirect Rule = "indirect"
)

// Hops bounds indirect coverage: how many import or call hops a walk takes
// from a file the test uses directly.
const Hops = 3

// Role is what a file is to testing.
type Role string

// The roles.
const (
	// RoleCode is code that wants a test.
	RoleCode Role = "code"
	RoleTest Role = "test"
	// RoleSupport is test support (File.Support).
	RoleSupport Role = "support"
	// RoleDeclarations is a file without function bodies (File.Bodies).
	RoleDeclarations Role = "declarations"
)

// Link says that Test tests Target.
type Link struct {
	Test, Target string
	Rule         Rule
}

// Direct reports whether a rule other than RuleIndirect made the link.
func (l Link) Direct() bool { return l.Rule != RuleIndirect }

// Result is the test links of a repository.
type Result struct {
	// Links are sorted by test, then target. A test links to a file once:
	// directly when any direct rule applies, else indirectly.
	Links []Link
	// Roles holds every input file's role.
	Roles map[string]Role
}

// Untested lists the code files no test reaches, directly or not, sorted:
// tests, test support and declaration-only files are never among them.
func (r Result) Untested() []string {
	tested := map[string]bool{}
	for _, l := range r.Links {
		tested[l.Target] = true
	}
	var out []string
	for p, role := range r.Roles {
		if role == RoleCode && !tested[p] {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// TestedBy maps every file under test to the tests that test it directly:
// the tests named after it first (by the conventions subjectStems knows),
// then the rest, each part sorted. A reader
// shown the first few then sees the test meant for the file before a test
// that merely imports it.
func (r Result) TestedBy() map[string][]string { return r.testedBy(true) }

// TestedIndirectlyBy maps every file a test reaches only indirectly to
// those tests, ordered as TestedBy orders them.
func (r Result) TestedIndirectlyBy() map[string][]string { return r.testedBy(false) }

func (r Result) testedBy(direct bool) map[string][]string {
	m := map[string][]string{}
	holders := map[string]bool{}
	for _, l := range r.Links {
		if l.Rule == RuleInline {
			holders[l.Test] = true
		}
		if l.Direct() == direct {
			m[l.Target] = append(m[l.Target], l.Test)
		}
	}
	OrderAll(m, holders)
	return m
}

// Order sorts the tests of one target as TestedBy lists them: the target
// itself when it holds its own tests, then the tests named after it, then
// the rest, each part by path.
func Order(target string, tests []string) { ordering{}.sort(target, tests) }

// Holders tells, from a map of the tests that test each file directly,
// the files that hold tests of their own (a file listed among its own
// tests).
func Holders(direct map[string][]string) map[string]bool {
	out := map[string]bool{}
	for target, tests := range direct {
		if slices.Contains(tests, target) {
			out[target] = true
		}
	}
	return out
}

// OrderAll sorts the tests of every target in m as Order does, but a
// source file of holders that holds tests of its own goes after the test
// files of the suite: the bytes crate's Bytes, whose unit tests reach
// its buffers' module, is not the first test to run for it. A test is
// listed for many targets, and whether it goes last depends on the test
// alone: that is judged once per test, not in every comparison of every
// target's sort (on spring-boot those comparisons were 0.28 s of an
// update's resolve).
func OrderAll(m map[string][]string, holders map[string]bool) {
	o := ordering{last: map[string]bool{}, holders: holders}
	for target, tests := range m {
		o.sort(target, tests)
	}
}

// ordering sorts tests for Order, each test ranked once per sort; last,
// when not nil, keeps across sorts which tests go after the suite's;
// holders are the source files that hold tests of their own.
type ordering struct{ last, holders map[string]bool }

func (o ordering) sort(target string, tests []string) {
	st := stem(path.Base(target))
	own := path.Base(path.Dir(target)) + "_" + st // test_rake_task for rake/task
	type ranked struct {
		rank int
		test string
	}
	rs := make([]ranked, len(tests))
	for i, test := range tests {
		rs[i] = ranked{o.rank(target, st, own, test), test}
	}
	slices.SortFunc(rs, func(a, b ranked) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.test, b.test)) })
	for i, r := range rs {
		tests[i] = r.test
	}
}

func (o ordering) rank(target, st, own, test string) int {
	if test == target {
		return 0
	}
	if stems := subjectStems(path.Base(test)); slices.Contains(stems, st) || slices.Contains(stems, own) {
		return 1
	}
	last, ok := o.last[test]
	if !ok {
		// A packaging check in a hidden directory (.conan/test_package/),
		// a benchmark (fastapi's tests/benchmarks/), an example's test
		// (jinja's examples/basic/test_loop_filter) or the
		// documentation's (devise's guides/bug_report_templates/) after
		// the suite's tests.
		last = strings.HasPrefix(test, ".") || measuring(test) || slices.ContainsFunc(strings.Split(path.Dir(test), "/"), sdk.ExampleDir) ||
			sdk.InDocsDir(test)
		if o.last != nil {
			o.last[test] = last
		}
	}
	switch {
	case last:
		return 4
	case o.holders[test]:
		return 3
	}
	return 2
}

// measuring tells a test that measures: under a directory named for
// benchmarks, or named for them.
func measuring(test string) bool {
	dirs := strings.Split(strings.ToLower(path.Dir(test)), "/")
	for _, d := range dirs {
		// Or a project of performance tests (serilog's
		// test/Serilog.PerformanceTests/).
		if strings.HasPrefix(d, "bench") || sdk.BenchDir(d) || strings.HasSuffix(d, "performancetests") || strings.HasSuffix(d, "benchmarks") {
			return true
		}
	}
	// A file named for benchmarks among the tests: logrus'
	// entry_bench_test was the second test listed for its logger, and
	// serilog's AllocationsBenchmark the second for LogEvent.
	st := stem(path.Base(test))
	words := strings.FieldsFunc(strings.ToLower(st), func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	return slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, "bench") }) ||
		camelSupport(st, "Benchmark", "Benchmarks")
}

// Targets maps every test to the files it tests directly or indirectly,
// sorted.
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
	roles := map[string]Role{}
	for _, f := range in.Files {
		roles[f.Path] = roleOf(f)
	}
	for _, f := range in.Files {
		if f.InlineTests && roles[f.Path] == RoleCode {
			links = append(links, Link{Test: f.Path, Target: f.Path, Rule: RuleInline})
			// Its tests run the code it uses beside it, as a test file's
			// do (a module's tests exercise its private parts).
			for _, t := range idx.reach(in.Imports, []string{f.Path}) {
				if t != f.Path {
					links = append(links, Link{Test: f.Path, Target: t, Rule: RuleIndirect})
				}
			}
		}
		if roles[f.Path] != RoleTest {
			continue
		}
		imports := idx.imported(in.Imports[f.Path])
		var rule Rule
		var targets, compiled []string
		if f.CoversNamespace && f.Namespace != "" {
			rule, targets = RuleNamespace, usedOfNamespace(f, imports, idx)
			compiled = idx.byNamespace[f.Group+"\x00"+f.Namespace]
		}
		if targets == nil {
			rule, targets = RuleName, nameTargets(f, imports, idx)
		}
		if targets == nil {
			rule, targets = RuleImport, imports
		}
		direct := map[string]bool{}
		for _, t := range targets {
			direct[t] = true
			links = append(links, Link{Test: f.Path, Target: t, Rule: rule})
		}
		for _, t := range idx.reach(in.Imports, slices.Concat(targets, imports)) {
			if !direct[t] {
				links = append(links, Link{Test: f.Path, Target: t, Rule: RuleIndirect})
			}
		}
		for _, t := range idx.throughHelpers(in.Imports, f.Path) {
			if !direct[t] {
				links = append(links, Link{Test: f.Path, Target: t, Rule: RuleIndirect})
			}
		}
		for _, t := range compiled {
			if !direct[t] {
				// Compiled with the test, which may reach it through
				// what it calls: a benchmark of a write buffer
				// does not test the package's encoder.
				links = append(links, Link{Test: f.Path, Target: t, Rule: RuleIndirect})
			}
		}
	}
	slices.SortFunc(links, func(a, b Link) int {
		return cmp.Or(cmp.Compare(a.Test, b.Test), cmp.Compare(a.Target, b.Target))
	})
	links = slices.CompactFunc(links, func(a, b Link) bool { return a.Test == b.Test && a.Target == b.Target })
	return Result{Links: links, Roles: roles}
}

func roleOf(f File) Role {
	switch {
	case f.Support:
		return RoleSupport
	case f.IsTest:
		return RoleTest
	case !f.Bodies:
		return RoleDeclarations
	}
	return RoleCode
}

// reach walks from each seed through imports and calls, at most Hops hops,
// to the code files under the seed's own directory, and returns those
// reached (seeds excluded unless another walk reaches them), sorted.
func (idx *index) reach(uses map[string][]string, seeds []string) []string {
	seen := map[string]bool{}
	for _, s := range seeds {
		under := path.Dir(s) + "/"
		if under == "./" {
			under = ""
		}
		depth := map[string]int{s: 0}
		queue := []string{s}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if depth[p] == Hops {
				continue
			}
			for _, q := range uses[p] {
				if _, ok := depth[q]; ok || !idx.code[q] || !strings.HasPrefix(q, under) && !sameStem(p, q) {
					continue
				}
				depth[q] = depth[p] + 1
				seen[q] = true
				queue = append(queue, q)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// sameStem tells two files of one name but for the extension: a header and
// the file implementing it, perhaps in another directory (include/fmt/ and
// src/), which a walk follows out of its directory.
func sameStem(a, b string) bool {
	sa, sb := stem(path.Base(a)), stem(path.Base(b))
	return sa == sb && path.Ext(a) != path.Ext(b)
}

// supportDirs are directories that hold test support only: fixtures, test
// apps, test data, mocks and test helpers.
var supportDirs = map[string]bool{
	"testdata": true, "test_data": true, "fixtures": true, "__fixtures__": true, "fixture": true,
	"test_apps": true, "testapps": true, "__mocks__": true, "mocks": true, "mock": true, "fakes": true,
	"testutil": true, "testutils": true, "testhelpers": true, "test_helpers": true, "test-helpers": true,
	"test-utils": true, "test_utils": true, "testing-utils": true,
}

// IsSupport tells from a file's path (and whether its language plugin calls
// it a test) that it is test support rather than a test or code under
// test: a conftest module (pytest's shared fixtures, found by name); a mock
// named so (mock_x, x_mock, x.mock, x_mocks); any file under a fixtures,
// test-app, testdata, mocks or test-helper directory; a file beside the tests
// in a tests/, test/, __tests__ or spec/ directory that is not itself a test.
func IsSupport(p string, isTest bool) bool {
	base := path.Base(p)
	if strings.HasPrefix(base, "conftest.") {
		return true
	}
	st := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
	if (strings.HasPrefix(st, "mock_") || strings.HasSuffix(st, "_mock") || strings.HasSuffix(st, ".mock") || strings.HasSuffix(st, "_mocks")) &&
		!(isTest && strings.HasPrefix(st, "test_")) {
		// Not a test named test_ first: pytest-mock's one test file is
		// test_pytest_mock. A mock_test or x_mock_test is the mocks its
		// package's tests use (prometheus's discovery/moby/).
		return true
	}
	if camelSupport(stem(base), "TestCase") {
		return true // an abstract test base: FilesystemAdapterTestCase
	}
	dirs := strings.Split(path.Dir(p), "/")
	inTests := isTest
	for i, d := range dirs {
		if i > 1 && dirs[i-2] == "src" && dirs[i-1] == "main" {
			// Below a main source set (src/main/) a package is the
			// product's, whatever its name: mockito's org.mockito.mock
			// holds MockCreationSettings, no test's support.
			break
		}
		if supportDirs[d] || camelSupport(d, "TestUtilities", "TestUtils", "TestHelpers", "TestSupport", "TestFixtures") ||
			strings.HasPrefix(d, "Test") && camelSupport(d, "Dummies", "Doubles", "Fakes", "Mocks") {
			return true
		}
		inTests = inTests || testDirs[strings.ToLower(d)] // Tests/, capitalised
	}
	if inTests {
		// Among the tests: a Support/, Helpers/ or Utilities/ directory
		// (test/App.Tests/Support/, spec/support/, vapor's
		// Tests/VaporTests/Utilities/), and a test double
		// named so (MockClock, FakeStore, DummySink).
		below := false // under a test directory: a utilities directory only there
		for _, d := range dirs {
			l := strings.ToLower(d)
			if testSupportDirs[l] || below && (l == "utilities" || l == "utils") && !namedTest(base) {
				// hono's src/utils/ beside its code holds tests; axios'
				// test/specs/utils/forEach.spec tests lib/utils.
				return true
			}
			below = below || testDirs[l]
		}
		name := stem(base)
		for _, pre := range []string{"Mock", "Fake", "Stub", "Dummy"} {
			rest, ok := strings.CutPrefix(name, pre)
			if ok && rest != "" && unicode.IsUpper(rune(rest[0])) && !strings.HasSuffix(name, "Test") && !strings.HasSuffix(name, "Tests") {
				return true
			}
		}
	}
	if isTest {
		return false
	}
	return inTests
}

// OffConvention lists the files among tests that are support by their
// names: in a directory whose tests are named as tests (RequestTests,
// ParserTest, test_core, app.spec), a file that is not (InspectorEventMonitor
// or types beside them) is a helper the tests share. Such a directory has
// at least two files so named, and they are at least half of its files.
//
// Below such a directory, a directory of no test so named holds what the
// tests run or read, when the named tests are two thirds of all below the
// first: the scripts under loguru's tests/exceptions/source/, whose output
// a test compares, define functions named test but are no tests the
// runner collects.
func OffConvention(tests []string) map[string]bool {
	type count struct{ named, all, namedBelow, allBelow int }
	dirs := map[string]*count{}
	at := func(d string) *count {
		c := dirs[d]
		if c == nil {
			c = &count{}
			dirs[d] = c
		}
		return c
	}
	for _, p := range tests {
		name := stem(path.Base(p))
		if name == "" {
			continue
		}
		named := conventionalTest(name)
		c := at(path.Dir(p))
		c.all++
		if named {
			c.named++
		}
		for d := path.Dir(p); ; d = path.Dir(d) {
			c := at(d)
			c.allBelow++
			if named {
				c.namedBelow++
			}
			if d == "." || d == "/" {
				break
			}
		}
	}
	holds := func(c *count) bool { return c != nil && c.named >= 2 && 2*c.named >= c.all }
	out := map[string]bool{}
	for _, p := range tests {
		name := stem(path.Base(p))
		if name == "" || conventionalTest(name) {
			continue
		}
		c := dirs[path.Dir(p)]
		if holds(c) {
			out[p] = true
			continue
		}
		if c.named > 0 || slices.Contains(strings.Split(path.Dir(p), "/"), "__tests__") {
			continue // a runner takes every file of a __tests__ directory for a test
		}
		for d := path.Dir(path.Dir(p)); ; d = path.Dir(d) {
			if a := dirs[d]; holds(a) {
				if 3*a.namedBelow >= 2*a.allBelow {
					out[p] = true
				}
				break
			}
			if d == "." || d == "/" {
				break
			}
		}
	}
	return out
}

// conventionalTest tells a test file's name (without its extension) that
// says it is a test: in CamelCase the subject then Test, Tests, Spec,
// Specs or IT, or Test then the subject (not then Helpers, Utils, Support
// or Fixtures); in lower case test_ or test- before the subject, or _test,
// -test, .test, _tests, _spec, -spec or .spec after it.
func conventionalTest(name string) bool {
	// The markers after the subject hold for a CamelCase subject too
	// (msw's WebSocketHandler.test).
	for _, suf := range []string{"_test", "-test", ".test", "_tests", "_spec", "-spec", ".spec"} {
		if len(name) > len(suf) && strings.HasSuffix(name, suf) {
			return true
		}
	}
	if !unicode.IsUpper(rune(name[0])) {
		return strings.HasPrefix(name, "test_") || strings.HasPrefix(name, "test-")
	}
	for _, suf := range []string{"Test", "Tests", "Spec", "Specs", "IT"} {
		if len(name) > len(suf) && strings.HasSuffix(name, suf) {
			return true
		}
	}
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok || rest == "" || !unicode.IsUpper(rune(rest[0])) {
		return false
	}
	for _, suf := range []string{"Helper", "Helpers", "Util", "Utils", "Utilities", "Support", "Fixture", "Fixtures"} {
		if strings.HasSuffix(rest, suf) {
			return false // TestHelpers: the tests' helpers
		}
	}
	return true
}

// testSupportDirs hold test support when they sit among the tests.
var testSupportDirs = map[string]bool{"support": true, "helpers": true}

// camelSupport tells a CamelCase name that ends with one of suffixes after
// a word of its own (AdapterTestUtilities, FilesystemAdapterTestCase): a
// name that is only the suffix (JUnit's own TestCase) is not one.
func camelSupport(name string, suffixes ...string) bool {
	for _, s := range suffixes {
		if len(name) > len(s) && strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
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
		if f.IsTest || f.Support || idx.code[f.Path] {
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
// throughHelpers lists the code files that the test or support files a
// test imports import themselves: sinatra's integration tests run its
// Runner through their integration helper. One hop only: a helper that
// loads the whole library does not make every file of it tested.
func (idx *index) throughHelpers(uses map[string][]string, test string) []string {
	var out []string
	for _, h := range uses[test] {
		if h == test || idx.code[h] {
			continue
		}
		out = append(out, idx.imported(uses[h])...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

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

// namedTest tells a file named as a test by a suffix (.spec, _test,
// Tests) or by test_ before its name. A Test before a CamelCase name is
// as often a test double's (TestLogging, TestRenderer).
func namedTest(base string) bool {
	s := stem(base)
	if strings.HasPrefix(s, "test_") {
		return true
	}
	return slices.ContainsFunc(testSuffixes, func(suf string) bool { return len(s) > len(suf) && strings.HasSuffix(s, suf) })
}

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

// usedOfNamespace is what a test compiled with its namespace tests
// directly: the files of the namespace named after it or that it calls or
// uses, nil when it uses none of them.
func usedOfNamespace(test File, imports []string, idx *index) []string {
	ns := idx.byNamespace[test.Group+"\x00"+test.Namespace]
	var out []string
	for _, t := range nameTargets(test, imports, idx) {
		if slices.Contains(ns, t) {
			out = append(out, t)
		}
	}
	for _, t := range imports {
		if slices.Contains(ns, t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// nameTargets applies the naming conventions; nil when none resolves.
func nameTargets(test File, imports []string, idx *index) []string {
	if t := mirrored(test, idx); t != "" {
		return []string{t}
	}
	for _, st := range subjectStems(path.Base(test.Path)) {
		if t := resolve(test, st, imports, idx); t != "" {
			// The files of that name beside the one found are its
			// parts: a header with its source file.
			var out []string
			for _, c := range idx.byStem[test.Group+"\x00"+stem(path.Base(t))] {
				if path.Dir(c) == path.Dir(t) {
					out = append(out, c)
				}
			}
			return out
		}
	}
	for _, st := range subjectStems(path.Base(test.Path)) {
		if t := packagePrefixed(test, st, idx); t != "" {
			return []string{t}
		}
	}
	return nil
}

// packagePrefixed finds the file a test names with its directory's name
// before its own: rake's test/test_rake_task tests lib/rake/task.
// "" unless exactly one file answers.
func packagePrefixed(test File, st string, idx *index) string {
	found := ""
	for i, c := range st {
		if c != '_' && c != '-' || i == 0 {
			continue
		}
		pkg, rest := st[:i], st[i+1:]
		for _, p := range idx.byStem[test.Group+"\x00"+rest] {
			if path.Base(path.Dir(p)) != pkg {
				continue
			}
			if found != "" && found != p {
				return ""
			}
			found = p
		}
	}
	return found
}

// mirrored finds the file a test tree's file is named after when its name
// carries no test marker: the test tree mirrors the source tree, and the
// test, below the test tree's top, is named after a file of the mirrored
// directory, or after it and a case ("-" or "_" and more): execa's
// test/return/result tests lib/return/result, test/stdio/handle-normal
// lib/stdio/handle, test/transform/split-lines lib/transform/split. A
// file at the test tree's top mirrors the source root beside the tree
// (yargs' test/usage tests lib/usage), by its whole name: a case
// after it says nothing there (libuv's test/api-test.c). The longest such
// name that one file answers wins; "" when none does, or several do.
func mirrored(test File, idx *index) string {
	base := stem(path.Base(test.Path))
	if len(subjectStems(path.Base(test.Path))) > 0 {
		return "" // a marked name: the conventions' rule
	}
	segs := strings.Split(path.Dir(test.Path), "/")
	root := slices.IndexFunc(segs, func(s string) bool { return testDirs[s] })
	if root < 0 {
		return ""
	}
	mirrors := func(d string) bool {
		rest := strings.Join(segs[root+1:], "/")
		return d == rest || strings.HasSuffix(d, "/"+rest)
	}
	atTop := root == len(segs)-1
	if atTop && base == "index" {
		return "" // the test tree's own entry names no file
	}
	if atTop {
		top := path.Dir(path.Dir(test.Path))
		mirrors = func(d string) bool { return d == top || d == path.Join(top, "lib") || d == path.Join(top, "src") }
		if t, n := mirroredBy(test, base, idx, mirrors); n > 0 {
			return t
		}
		// Else the one file of that name below the source root: bats'
		// test/common.bats tests lib/bats-core/common.bash.
		t, _ := mirroredBy(test, base, idx, func(d string) bool {
			return strings.HasPrefix(d, path.Join(top, "lib")+"/") || strings.HasPrefix(d, path.Join(top, "src")+"/")
		})
		return t
	}
	for name := base; name != ""; {
		if t, n := mirroredBy(test, name, idx, mirrors); n > 0 {
			return t
		}
		i := strings.LastIndexAny(name, "-_")
		if i <= 0 {
			break
		}
		name = name[:i]
	}
	return ""
}

// mirroredBy is the one file of the test's group named base in a
// directory mirrors accepts ("" when none or several are), and how many
// are.
func mirroredBy(test File, base string, idx *index, mirrors func(string) bool) (string, int) {
	var found []string
	for _, c := range idx.byStem[test.Group+"\x00"+base] {
		if mirrors(path.Dir(c)) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return "", len(found)
	}
	return found[0], 1
}

// resolve finds the file of a test's group named stem: in the test's
// directory, or the parent when that is a test directory, else among its
// imports, else the only such file of the group in the repository, else
// the only one with the test's extension.
func resolve(test File, st string, imports []string, idx *index) string {
	cands := idx.byStem[test.Group+"\x00"+st]
	if len(cands) == 0 {
		// A private module named with a leading underscore: httpx's
		// tests/test_decoders tests httpx/_decoders.
		st = "_" + st
		cands = idx.byStem[test.Group+"\x00"+st]
	}
	if len(cands) == 0 {
		return ""
	}
	dirs := []string{path.Dir(test.Path)}
	if testDirs[path.Base(path.Dir(test.Path))] {
		dirs = append(dirs, path.Dir(path.Dir(test.Path)))
	}
	for i, d := range dirs {
		for _, p := range cands {
			// Above a test directory, only a file of the test's own
			// extension: httparty's spec/httparty_spec tests
			// lib/httparty, not the package's manifest at the top.
			if path.Dir(p) == d && (i == 0 || path.Ext(p) == path.Ext(test.Path)) {
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
	if p := nearest(test.Path, cands); p != "" {
		return p
	}
	// Of several, the only one of the test's own extension: a test of a
	// library file, not the task file of the same name beside the library.
	same := ""
	for _, p := range cands {
		if path.Ext(p) == path.Ext(test.Path) {
			if same != "" {
				return ""
			}
			same = p
		}
	}
	return same
}

// nearest picks, of several files of one name, the one whose directory
// ends as the test's does: junit4's junit/tests/framework/AssertTest tests
// junit/framework/Assert, not org/junit/Assert. "" when none shares a
// directory's name or two share as many.
func nearest(test string, cands []string) string {
	td := strings.Split(path.Dir(test), "/")
	best, bestN, tie := "", 0, false
	for _, c := range cands {
		cd := strings.Split(path.Dir(c), "/")
		n := 0
		for n < len(td) && n < len(cd) && td[len(td)-1-n] == cd[len(cd)-1-n] {
			n++
		}
		switch {
		case n > bestN:
			best, bestN, tie = c, n, false
		case n == bestN:
			tie = true
		}
	}
	if bestN == 0 || tie {
		return ""
	}
	return best
}

// SubjectStems returns the stems a test file's base name points at by the
// naming conventions above, best first; none when the name is not a
// test's.
func SubjectStems(base string) []string { return subjectStems(base) }

// NamedSubject picks, among the files a test is linked to (subjects),
// the one it is named after (SubjectStems order: the stem with a test
// affix taken off, `x_test` → `x`), else the only one; "" when neither:
// a package test linked to every file of its package stands for none of
// them alone.
func NamedSubject(test string, subjects []string) string {
	for _, st := range subjectStems(path.Base(test)) {
		for _, s := range subjects {
			if stem(path.Base(s)) == st {
				return s
			}
		}
	}
	if len(subjects) == 1 {
		return subjects[0]
	}
	return ""
}
