package agentsmd

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/homer-dev/homer/plugins/renderers/internal/prose"
	"github.com/homer-dev/homer/sdk"
)

// What a path is, as far as change patterns go: a pair of tests, of
// documents or of lockfiles tells an agent nothing it needs.
const (
	roleSource    = "source"
	roleTest      = "test"
	roleGenerated = "generated"
	roleDoc       = "doc"
	roleChangelog = "changelog"
	roleLock      = "lock"
	roleConfig    = "config" // CI, build and packaging configuration
	roleExample   = "example"
)

var (
	// generatedSuffixes end the names of generated files (isGenerated).
	// Stringer's `x_string.go` is not among them: a hand-written string
	// flag is named so too, and stringer's output says what it is at its
	// head (FileModel.generated).
	generatedSuffixes = []string{".pb.go", ".pb.gw.go", "_pb2.py", "_pb2_grpc.py", ".pb.cc", ".pb.h", "_generated.go", ".gen.go",
		".y.go", "_bindata.go"}
	changelogName = regexp.MustCompile(`(?i)^(changelog|changes|history|news|release[-_]?notes)(\.[a-z]+)?$`)
	lockName      = map[string]bool{"go.sum": true, "package-lock.json": true, "yarn.lock": true, "pnpm-lock.yaml": true, "Cargo.lock": true,
		"poetry.lock": true, "uv.lock": true, "Pipfile.lock": true, "Gemfile.lock": true, "composer.lock": true, "bun.lockb": true}
	docExt = map[string]bool{".md": true, ".rst": true, ".txt": true, ".adoc": true, ".html": true, ".htm": true, ".xhtml": true,
		".svg": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".ico": true}
	// platform suffixes: `*_windows.go` beside `*_unix.go` change together
	// by construction.
	platformSuffix = regexp.MustCompile(`[_.-](windows|unix|linux|darwin|freebsd|openbsd|netbsd|solaris|plan9|js|wasm|posix|nt|win32|win|other|arm64|amd64|386|arm)$`)
)

// isGenerated reports whether a path names a generated file: a name
// ending in one of generatedSuffixes, in `.x.go` (one lower-case letter)
// or `.generated.ext` (lower-case letters), or a name starting with
// `zz_generated`. Plain string tests: a regular expression of these
// alternatives, tried at every offset of every path, was most of the
// renderer's time on a 12,000-file repository.
func isGenerated(p string) bool {
	if path.Base(p) == "bindata.go" {
		return true // go-bindata's output; migrate's go-bindata.go driver is hand-written
	}
	for _, s := range generatedSuffixes {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	if n := len(p); n >= 5 && strings.HasSuffix(p, ".go") && p[n-5] == '.' && p[n-4] >= 'a' && p[n-4] <= 'z' {
		return true
	}
	if i := strings.LastIndex(p, ".generated."); i >= 0 {
		ext := p[i+len(".generated."):]
		lower := ext != ""
		for _, c := range ext {
			lower = lower && c >= 'a' && c <= 'z'
		}
		if lower {
			return true
		}
	}
	for i := strings.Index(p, "zz_generated"); i >= 0; {
		if i == 0 || p[i-1] == '/' {
			return true
		}
		j := strings.Index(p[i+1:], "zz_generated")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// role classifies a path for change patterns, once per path: the
// document is laid out several times to fit its budget.
func (x *index) role(p string) string {
	if r, ok := x.roles[p]; ok {
		return r
	}
	if x.roles == nil {
		x.roles = map[string]string{}
	}
	r := x.classify(p)
	x.roles[p] = r
	return r
}

func (x *index) classify(p string) string {
	base := path.Base(p)
	ext := path.Ext(base)
	switch {
	case lockName[base]:
		return roleLock
	case changelogName.MatchString(base):
		return roleChangelog
	case isGenerated(p) || x.files[p].GetGenerated():
		return roleGenerated
	case x.isTest(p) || x.files[p].GetTestRole() == "support":
		return roleTest
	case underExamples(p) || benchTree(p):
		return roleExample // two example apps changed by one sweep say nothing of the code, nor a benchmark
	case base == "CMakeLists.txt" || strings.HasSuffix(base, ".gradle") || strings.HasSuffix(base, ".gradle.kts") || msbuildExt[ext] ||
		swiftManifest.MatchString(base) || bazelFile[base] || ext == ".bzl" || base == "meson.build" || base == "meson_options.txt" ||
		toolConfig.MatchString(base):
		return roleConfig // a build file, whatever its extension says
	case docExt[ext] || strings.HasPrefix(p, "docs/") || strings.HasPrefix(p, "doc/") || strings.HasPrefix(p, "website/") ||
		strings.HasPrefix(p, "src/site/"): // Maven's site
		// A project's website is documentation, scripts and styles of
		// its pages included (retrofit's javadoc of old versions).
		return roleDoc
	case strings.HasPrefix(p, ".") || strings.HasPrefix(base, ".") || isCI(p) || ext == ".yml" || ext == ".yaml" || ext == ".toml" || ext == ".json" || ext == ".cfg" || ext == ".ini" ||
		base == "Makefile" || base == "go.mod" || base == "Dockerfile":
		return roleConfig
	case ext == "" && x.files[p] != nil && x.files[p].GetLanguage() == "":
		// A file without an extension in no language Homer knows is no
		// code: a toolchain pin (rust-toolchain), a license, a version.
		return roleConfig
	case ideProject.MatchString(p):
		return roleConfig
	}
	return roleSource
}

// ideProject is an IDE's project and its settings: SwiftyJSON's Xcode
// scheme changed with its tests' Info.plist, neither of them code.
var ideProject = regexp.MustCompile(`(?:^|/)[^/]+\.(?:xcodeproj|xcworkspace)/|(?:^|/)\.(?:idea|vscode)/|\.(?:plist|xcscheme|pbxproj|xcconfig|entitlements|storyboard|xib)$`)

// definesCode tells a parsed file that defines something: a coupling the
// code does not show is news only between files of code, and two of
// commons-lang's package-info.java files, which hold a package's doc
// comment alone, change together in its documentation passes.
func (x *index) definesCode(p string) bool {
	return x.parsed(p) && len(x.files[p].GetDefinitions()) > 0
}

// parsed tells a file a language plugin read, whose imports are known:
// of a file no plugin parses (plug's Elixir) nothing says what it
// imports, and a coupling the code "does not show" may be in it.
func (x *index) parsed(p string) bool { return x.files[p].GetLines() > 0 }

// inLanguage tells a file at HEAD written in a language Homer knows by
// name, parsed or not.
func (x *index) inLanguage(p string) bool { return x.files[p].GetLanguage() != "" }

// toolConfig is a tool's configuration written as a script: jest.config.js,
// vite.config.ts, jest.base.config.js (mobx's "new .js file in ./" was
// its test runner's settings).
var toolConfig = regexp.MustCompile(`^[\w.-]+\.config\.[cm]?[jt]s$`)

// bazelFile are Bazel's build files: CLI11's MODULE.bazel bumped with its
// tests' BUILD.bazel is no source and its test.
var bazelFile = map[string]bool{"BUILD": true, "BUILD.bazel": true, "MODULE.bazel": true, "WORKSPACE": true, "WORKSPACE.bazel": true}

// swiftManifest is a Swift package's manifest, for one toolchain or all:
// Package.swift, Package@swift-6.1.swift (swift-log's were load-bearing).
var swiftManifest = regexp.MustCompile(`^Package(@swift-[0-9.]+)?\.swift$`)

// msbuildExt are MSBuild's project and property files: Humanizer's
// Humanizer.csproj bumped with its test project's is no source and its test.
var msbuildExt = map[string]bool{".csproj": true, ".fsproj": true, ".vbproj": true, ".vcxproj": true, ".props": true, ".targets": true, ".sln": true, ".slnx": true}

// platformVariants tells `x_windows.go` and `x_unix.go` apart from real
// coupling: the same stem in the same directory.
func platformVariants(a, b string) bool {
	if path.Dir(a) != path.Dir(b) {
		return false
	}
	stem := func(p string) string {
		s := strings.TrimSuffix(path.Base(p), path.Ext(p))
		return platformSuffix.ReplaceAllString(s, "")
	}
	return stem(a) == stem(b) && (stem(a) != strings.TrimSuffix(path.Base(a), path.Ext(a)) || stem(b) != strings.TrimSuffix(path.Base(b), path.Ext(b)))
}

// coupling is one pair of files that change together, with its evidence:
// shared commits out of the first file's commits.
type coupling struct {
	from, to   string
	confidence float64
	shared     int32
	// revs are the commits of revsOf, the file whose list held the pair.
	revs   int32
	revsOf string
	// passes are the shared commits that were sweeps, bots' or release
	// bumps (the partner list's evidence; 0 without it).
	passes int32
}

// minOwnCommits is the fewest shared commits, sweeps, bots' and release
// bumps left out, for a pair to be a change pattern: files a formatter, an
// edition migration and a move touched together are not coupled.
const minOwnCommits = 3

// staleAfter is how long one file of a pair may go on changing without
// the other before the pair stops being a pattern: tqdm's tests_tqdm.py
// changed with _tqdm.py in 113 commits until 2019, when the code moved to
// std.py and _tqdm.py became a shim; the test changed on without it.
const staleAfter = 2 * 365 * 24 * 3600

// stale tells a pair whose last commit together is staleAfter older than
// either file's last change.
func (x *index) stale(a, b string, last int64) bool {
	if last == 0 {
		return false // no time: nothing to judge by
	}
	return max(x.files[a].GetLastChanged(), x.files[b].GetLastChanged())-last > staleAfter
}

// couplings collects the pairs of the model once each (the direction with
// the higher confidence), with the partner list's evidence when it has it.
func (x *index) couplings() []coupling {
	best := map[[2]string]coupling{}
	for _, f := range x.m.GetFiles() {
		revs, passes, last := map[string]int32{}, map[string]int32{}, map[string]int64{}
		for _, p := range f.GetCoChangePartners() {
			revs[p.GetPath()] = p.GetRevs()
			passes[p.GetPath()] = p.GetSweeps() + p.GetBots() + p.GetReleases()
			last[p.GetPath()] = p.GetLastTime()
		}
		for _, r := range f.GetCoChanges() {
			from, to := f.GetPath(), r.GetPath()
			if from == to || !x.isFile(from) || !x.isFile(to) {
				continue
			}
			c := coupling{from: from, to: to, confidence: r.GetWeight(), shared: r.GetCount(), revs: revs[to], revsOf: from, passes: passes[to]}
			if c.shared-c.passes < minOwnCommits || x.stale(from, to, last[to]) {
				continue
			}
			if c.revs == 0 {
				c.revs = f.GetChanges()
			}
			key := [2]string{min(from, to), max(from, to)}
			if old, ok := best[key]; !ok || strongerCoupling(c, old) {
				best[key] = c
			}
		}
	}
	out := make([]coupling, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return strongerCoupling(out[i], out[j]) })
	return out
}

func strongerCoupling(a, b coupling) bool {
	if wa, wb := a.confidence*float64(a.shared), b.confidence*float64(b.shared); wa != wb {
		return wa > wb
	}
	if a.from != b.from {
		return a.from < b.from
	}
	return a.to < b.to
}

func (c coupling) evidence() string {
	if c.revs > 0 && c.revs >= c.shared && c.revsOf != "" {
		name := path.Base(c.revsOf)
		if path.Base(c.from) == path.Base(c.to) {
			name = c.revsOf // two view.go: the base name would not tell which
		}
		return fmt.Sprintf("%d of %s's %d commits", c.shared, code(name), c.revs)
	}
	return count(int(c.shared), "commit", "commits") + " together"
}

// imported tells whether the import or call graph links two files, either
// way: such coupling the code already shows.
func (x *index) linked(a, b string) bool {
	if x.edges == nil {
		x.edges = map[[2]string]bool{}
		for _, e := range x.m.GetFileEdges() {
			x.edges[[2]string{e.GetFrom(), e.GetTo()}] = true
		}
		for _, f := range x.m.GetFiles() {
			for _, d := range f.GetDependents() {
				x.edges[[2]string{d.GetPath(), f.GetPath()}] = true
			}
		}
	}
	return x.edges[[2]string{a, b}] || x.edges[[2]string{b, a}]
}

// modulesLinked tells whether two directories import one another, either
// way, or are one directory: Go files of one package need no import.
func (x *index) modulesLinked(a, b string) bool {
	if a == b {
		return true
	}
	if x.modEdges == nil {
		x.modEdges = map[[2]string]bool{}
		for _, e := range x.m.GetModuleEdges() {
			x.modEdges[[2]string{cleanModule(e.GetFrom()), cleanModule(e.GetTo())}] = true
		}
		for _, m := range x.m.GetModules() {
			for _, i := range m.GetImports() {
				x.modEdges[[2]string{cleanModule(m.GetPath()), cleanModule(i)}] = true
			}
		}
	}
	a, b = cleanModule(a), cleanModule(b)
	return x.modEdges[[2]string{a, b}] || x.modEdges[[2]string{b, a}]
}

// describes tells whether a document may describe a source file: one
// at the repository's root or in its documentation tree (docs/) speaks of
// the whole, one elsewhere of its own directory's tree. A sibling
// package's README that changed with a source in the same sweeps does not
// describe it.
func describes(doc, src string) bool {
	d := path.Dir(doc)
	if d == "." || strings.HasPrefix(src, d+"/") {
		return true
	}
	switch strings.ToLower(strings.SplitN(d, "/", 2)[0]) {
	case "doc", "docs", "documentation":
		return true
	}
	return false
}

// namedAfter tells a test named after its source, x_test.go, test_x.py,
// x.test.ts, x.spec.js, x.test-d.ts, XTest.java, beside it or in the test tree that
// mirrors the source's: spec/shell/basic_spec.rb for lib/thor/shell/basic.rb,
// src/test/java/a/XTest.java for src/main/java/a/X.java.
func namedAfter(test, src string) bool {
	stem := strings.TrimSuffix(path.Base(src), path.Ext(src))
	// The test tree may give the source file a directory of its own:
	// tests/authentication/test_authentication.py.
	mirrored := path.Dir(test) != path.Dir(src) && (mirrors(path.Dir(test), path.Dir(src)) || mirrors(path.Dir(test), path.Join(path.Dir(src), stem)))
	if path.Dir(test) != path.Dir(src) && !mirrored {
		return false
	}
	t := strings.TrimSuffix(path.Base(test), path.Ext(test))
	if mirrored && t == stem {
		return true // the test tree's file of the same name: got's test/create.ts
	}
	// A gem's tests put the package's name first: rake's
	// test/test_rake_task.rb is lib/rake/task.rb's.
	// A private module's test drops its underscore: packaging's
	// tests/test_musllinux.py is src/packaging/_musllinux.py's.
	for _, s := range []string{stem, strings.TrimLeft(stem, "_"), path.Base(path.Dir(src)) + "_" + stem} {
		for _, n := range []string{s + "_test", "test_" + s, s + ".test", s + ".spec", s + "Test", s + "Tests", s + "_spec", s + ".test-d", s + ".spec-d"} {
			if t == n {
				return true
			}
		}
	}
	return false
}

// mirrors tells a test directory whose path below its test root ends the
// source directory's path: spec/shell for lib/thor/shell, tests for
// httpie.
func mirrors(testDir, srcDir string) bool {
	segs := strings.Split(testDir, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "test") || strings.HasPrefix(s, "spec") || s == "__tests__" { // tests, test-dts, specs
			rest := strings.Join(segs[i+1:], "/")
			return rest == "" || srcDir == rest || strings.HasSuffix(srcDir, "/"+rest)
		}
	}
	return false
}

// patternPairs are the pairs changePatterns shows, by kind, and how many
// sources change with the test named after them.
type patternPairs struct {
	tests, generated, docs, hidden []coupling
	besides                        int
	// besideExample is the first such pair, as the repository names them.
	besideExample coupling
}

// classifyPairs sorts the couplings into changePatterns' kinds.
func (x *index) classifyPairs() *patternPairs {
	var tests, generated, docs, hidden []coupling
	for _, c := range x.couplings() {
		ra, rb := x.role(c.from), x.role(c.to)
		if ra == roleLock || rb == roleLock || platformVariants(c.from, c.to) {
			continue
		}
		// A file of no language is source only to what it generates (a
		// grammar, a schema): FluentValidation's logo drawing (logo.vsdx)
		// is not described by the logo's PNG.
		code := (ra != roleSource || x.inLanguage(c.from)) && (rb != roleSource || x.inLanguage(c.to))
		switch {
		case ra == roleSource && rb == roleTest:
			tests = append(tests, c)
		case ra == roleTest && rb == roleSource:
			c.from, c.to = c.to, c.from
			tests = append(tests, c)
		case ra == roleSource && rb == roleGenerated, ra == roleGenerated && rb == roleSource:
			if ra == roleGenerated {
				c.from, c.to = c.to, c.from
			}
			generated = append(generated, c)
		case !code:
		case ra == roleSource && rb == roleDoc, ra == roleDoc && rb == roleSource:
			if ra == roleDoc {
				c.from, c.to = c.to, c.from
			}
			if describes(c.to, c.from) {
				docs = append(docs, c)
			}
		case ra == roleSource && rb == roleSource && x.definesCode(c.from) && x.definesCode(c.to) && !x.linked(c.from, c.to) && !x.modulesLinked(path.Dir(c.from), path.Dir(c.to)):
			hidden = append(hidden, c)
		}
	}
	// A test named after its file and beside it is what a directory listing
	// shows: counted, not listed.
	var besides int
	var example coupling
	var shownTests []coupling
	for _, c := range tests {
		if namedAfter(c.to, c.from) {
			if besides == 0 {
				example = c
			}
			besides++
			continue
		}
		shownTests = append(shownTests, c)
	}
	tests = shownTests
	return &patternPairs{tests: tests, generated: generated, docs: docs, hidden: hidden, besides: besides, besideExample: example}
}

// changePatterns shows the pairs worth knowing, by kind: a source file and
// its test, a source and what is generated from it, a source and the
// document that describes it, and source files of different directories
// that change together though neither imports the other. Pairs of tests, of
// documents, of configuration, lockfiles and platform variants say
// nothing an agent needs, and are left out.
func (x *index) changePatterns() string {
	n := x.limit("patterns")
	if n == 0 {
		return ""
	}
	if x.pairs == nil {
		x.pairs = x.classifyPairs()
	}
	tests, generated, docs, hidden, besides := x.pairs.tests, x.pairs.generated, x.pairs.docs, x.pairs.hidden, x.pairs.besides
	limit := max(1, (n+1)/2)
	var b strings.Builder
	write := func(title string, cs []coupling, verb string) {
		if len(cs) == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(title + "\n\n")
		for i, c := range cs {
			if i == limit {
				fmt.Fprintf(&b, "- and %d more\n", len(cs)-i)
				break
			}
			fmt.Fprintf(&b, "- %s %s %s (%s)\n", code(c.from), verb, code(c.to), c.evidence())
		}
	}
	write("Source and the tests that change with it, other than the test named after it (edit them with the code):", tests, "→")
	if besides > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		e := x.pairs.besideExample
		from, to := path.Base(e.from), path.Base(e.to)
		if path.Dir(e.from) != path.Dir(e.to) {
			from, to = e.from, e.to // in a tree of their own: where is worth saying
		}
		lead := "Besides these, "
		if len(tests) == 0 {
			lead = "" // no list above for "these" to name
		}
		if besides == 1 {
			fmt.Fprintf(&b, "%s1 source file changes with the test named after it (%s and %s): edit them together.\n",
				lead, code(from), code(to))
		} else {
			fmt.Fprintf(&b, "%s%d source files change with the tests named after them (such as %s and %s): edit them together.\n",
				lead, besides, code(from), code(to))
		}
	}
	write("Source and what is generated from it (regenerate, do not hand-edit):", generated, "→")
	write("Source and the documents that describe it (update them in the same change):", docs, "→")
	write("Files of different directories that change together though neither directory imports the other (the code does not show this):", hidden, "↔")
	return b.String()
}

// howToChange says where things go and what else to touch: entry points,
// test helpers, convention files that change with source, generated files.
// Each item carries the evidence it rests on; with none, nothing is said.
func (x *index) howToChange() string {
	if x.howto == nil {
		s := x.buildHowToChange()
		x.howto = &s
	}
	return *x.howto
}

func (x *index) buildHowToChange() string {
	var b strings.Builder
	if pats := x.addPatterns(); len(pats) > 0 {
		b.WriteString("- Where new code goes, as this repository's history does it:\n")
		for i, p := range pats {
			if i == max(1, x.opts.maxEntries/4) {
				fmt.Fprintf(&b, "  - and %s\n", count(len(pats)-i, "more such pattern", "more such patterns"))
				break
			}
			b.WriteString("  - " + p + "\n")
		}
	}
	if eps := x.entryPoints(); len(eps) > 0 {
		b.WriteString("- Entry points (a `main`): " + listMore(codes(eps), x.opts.maxEntries/2, len(eps)) + ".\n")
	}
	if helpers := x.testHelpers(); len(helpers) > 0 {
		b.WriteString("- Test helpers and fixtures to reuse rather than rewrite: " + listMore(codes(helpers), x.opts.maxEntries/2, len(helpers)) + ".\n")
	}
	if dep := x.deprecations(); len(dep) > 0 {
		b.WriteString("- Deprecated, as the repository's documents say (add nothing there): " +
			listMore(dep, max(2, x.opts.maxEntries/2), len(dep)) + ".\n")
	}
	for _, c := range x.conventionFiles() {
		b.WriteString("- " + c + "\n")
	}
	if gen := x.generatedFiles(); len(gen) > 0 {
		b.WriteString("- Generated files: never edit them by hand; change their source and regenerate. " +
			listMore(x.generators(gen), x.opts.maxEntries/2, len(gen)) + ".\n")
	}
	return b.String()
}

// entryPoints are the non-test files that define a top-level main, and
// Python's __main__ modules. Examples, test and benchmark programs
// (tests-integration/, benches/) are left out, and so are a Rust
// library's lib.rs (a proc-macro crate defines a `main` attribute there)
// and a build script (build.rs): neither is a program a user runs.
func (x *index) entryPoints() []string {
	var out []string
	for _, f := range x.m.GetFiles() {
		p := f.GetPath()
		// A script for the browser or for node starts where it is loaded,
		// and its main() (typer's docs/js/custom.js) is a function like any.
		if f.GetIsTest() || f.GetTestRole() == "support" || exampleCode(p) || strings.Contains("/"+p, "/testdata/") ||
			path.Base(p) == "lib.rs" || path.Base(p) == "build.rs" || testOrBenchTree(p) || scriptLanguage[f.GetLanguage()] ||
			generated(f) { // Catch2's amalgamated single-file build is a copy of catch_main.cpp's main
			continue
		}
		// __main__.py is all statements (a "declarations" file).
		main := path.Base(p) == "__main__.py"
		for _, d := range f.GetDefinitions() {
			q := d.GetQualifiedName()
			if d.GetKind() == "function" && (q == "main" || q == "main.main" || strings.HasSuffix(q, "::main") && strings.Count(q, "::") <= 1) {
				main = true
			}
		}
		if main {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// scriptLanguage are the languages with no main function to start from.
var scriptLanguage = map[string]bool{"javascript": true, "typescript": true, "tsx": true, "jsx": true}

// benchTree is sdk.BenchTree.
func benchTree(p string) bool { return sdk.BenchTree(p) }

// testOrBenchTree tells a path under a directory of test, benchmark or
// fuzzing programs: tests/, tests-integration/, test_apps/, benches/,
// bench/, fuzzing/, lz4's ossfuzz/ (a fuzzy/ matcher is none).
func testOrBenchTree(p string) bool {
	for _, d := range strings.Split(path.Dir(p), "/") {
		l := strings.ToLower(d)
		if strings.HasPrefix(l, "test") || strings.HasPrefix(l, "bench") || strings.Contains(l, "fuzz") && !strings.Contains(l, "fuzzy") {
			return true
		}
	}
	return false
}

// notHelperWords are words that hold a helper's name but are none: faker's
// lib/faker/ is the product and faker.gemspec its manifest.
var notHelperWords = strings.NewReplacer("faker", "", "Faker", "", "stubborn", "")

// testOrBenchProject tells a directory of a test or benchmark project by
// its name: FluentValidation.Tests, Polly.Specs, Humanizer.Tests.Benchmarks
// (a latest/ is neither).
func testOrBenchProject(d string) bool { return testProjectDir.MatchString(d) || sdk.BenchDir(d) }

// testProjectDir is a test project's directory by its name: App.Tests,
// app-spec, and a camel-case one (AutoFixture's AutoFixtureUnitTest,
// AutoFakeItEasy.FakeItEasy2UnitTest).
var testProjectDir = regexp.MustCompile(`(^|[._-])(?i:(unit|integration)?tests?|specs?)$|[a-z0-9](?:Unit|Integration)?Tests?$`)

// helperName marks what tests use rather than are: mocks, fakes, fixtures,
// shared helpers, by a file's or a directory's name. testHelperName is
// the stricter form for code that is not a test file: a source file or
// package called "helpers" (flask's helpers.py, debughelpers.py) is the
// product's own code, and only a name that speaks of tests, mocks or
// fixtures makes it a test helper.
var (
	helperName     = regexp.MustCompile(`(?i)^(conftest\.py|.*(mock|fake|stub|fixture|helper|test[-_]?util|testing|testkit|testenv|testlib|testsupport|test_support).*)$`)
	testHelperName = regexp.MustCompile(`(?i)^(.*(mock|fake|stub|fixture|test[-_]?util|testing|testkit|testenv|testlib|testhelper|test_helper|testsupport|test_support).*)$`)
)

// minHelperUsers is how many tests must use a test support file not named
// as a helper before it is one to reuse.
const minHelperUsers = 3

// testHelpers are what tests share: conftest, fixtures, mocks and helper
// packages, whether test files (test_role "support") or code named for
// tests. A directory whose name says so is listed once. testdata and
// examples are not helpers. The most used come first: by how many files
// import the helper's files (fan-in), then the shallowest, then by name.
func (x *index) testHelpers() []string {
	if x.helpers == nil {
		x.helpers = x.findTestHelpers()
	}
	return *x.helpers
}

// findTestHelpers does testHelpers' work; the names of directories are
// matched once each, not once for every file under them.
func (x *index) findTestHelpers() *[]string {
	named := map[*regexp.Regexp]map[string]bool{helperName: {}, testHelperName: {}}
	words := notHelperWords.Replace
	testingLibrary := false
	if name := x.m.GetRepoName(); len(name) >= 4 && testHelperName.MatchString(name) {
		// The product's own name says nothing of tests: in mockito,
		// buildSrc's MockitoJavadoc.kt and its javadoc theme
		// mockito-theme.css were "test helpers". And a library for
		// tests names its own code for mocks and stubs: its product
		// (mockito's InlineByteBuddyMockMaker) is not its tests' helpers.
		own := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(name))
		words = func(s string) string { return own.ReplaceAllString(notHelperWords.Replace(s), "") }
		testingLibrary = true
	}
	matches := func(re *regexp.Regexp, d string) bool {
		v, ok := named[re][d]
		if !ok {
			v = re.MatchString(words(d))
			named[re][d] = v
		}
		return v
	}
	// A top directory that holds test files itself is the test suite,
	// not a helper in it (pytest's testing/); one that holds tests
	// anywhere below it is a part of the product with its own suite
	// (googletest's googlemock/, the mocking library).
	suites, tested := map[string]bool{}, map[string]bool{}
	for _, f := range x.m.GetFiles() {
		if !f.GetIsTest() {
			continue
		}
		top, _, nested := strings.Cut(f.GetPath(), "/")
		if !nested {
			continue
		}
		// A test under mock/ is read as the mocks' support by its
		// directory (testify's mock/mock_test.go), and still a test.
		tested[top] = true
		if strings.Count(f.GetPath(), "/") == 1 && f.GetTestRole() != "support" {
			suites[top] = true
		}
	}
	// Who uses a helper is the tests: how many of them import or call
	// into each file.
	testUsers := map[string]int{}
	seenEdge := map[[2]string]bool{}
	for _, e := range x.m.GetFileEdges() {
		if t := x.files[e.GetFrom()]; t == nil || !t.GetIsTest() || t.GetTestRole() != "" || seenEdge[[2]string{e.GetFrom(), e.GetTo()}] {
			continue
		}
		seenEdge[[2]string{e.GetFrom(), e.GetTo()}] = true
		testUsers[e.GetTo()]++
	}
	// A directory named helper/ among the tests that mirrors the product's
	// package of that name (jsoup's src/test/java11/org/jsoup/helper/ for
	// src/main/java/org/jsoup/helper/) holds that package's tests.
	packages := map[string]string{} // the last two segments → a directory so named
	for _, f := range x.m.GetFiles() {
		if !f.GetIsTest() && f.GetTestRole() == "" && x.role(f.GetPath()) == roleSource {
			d := path.Dir(f.GetPath())
			packages[path.Base(path.Dir(d))+"/"+path.Base(d)] = d
		}
	}
	mirrors := func(dirs []string, i int) bool {
		d, ok := packages[dirs[i-1]+"/"+dirs[i]]
		return ok && d != strings.Join(dirs[:i+1], "/")
	}
	seen := map[string]bool{}
	use := map[string]int{}
	vendored := x.projectsInTests()
	var out []string
	for _, f := range x.m.GetFiles() {
		p := f.GetPath()
		if vendored(p) || strings.Contains("/"+p, "/testdata/") || strings.Contains("/"+p, "/example") || strings.Contains("/"+p, "/test_apps/") || benchTree(p) ||
			underTestDir(p) && inDir(p, "data", "cases", "inputs", "expected", "golden", "snapshots", "__snapshots__") {
			// A benchmark's helpers serve the benchmarks (Dapper's
			// benchmarks/…/Helpers/); the tests' data is read, not
			// reused (black's tests/data/cases/stub.py is a case to format).
			continue
		}
		if f.GetIsTest() && f.GetTestRole() != "support" || x.role(p) != roleSource && x.role(p) != roleTest {
			continue
		}
		if path.Base(p) == "__init__.py" && len(f.GetDefinitions()) == 0 {
			// Nothing to reuse: a package's empty __init__.py among tests
			// (typer's tests/test_tutorial/test_testing/).
			continue
		}
		names := testHelperName
		if f.GetIsTest() || f.GetTestRole() == "support" || x.role(p) == roleTest || underTestDir(p) {
			names = helperName
		} else if testingLibrary {
			continue
		}
		// The outermost directory named for test support (testing/,
		// mocks/), else the outermost named loosely (helpers/) where the
		// file is test code: a source package named helper/ holding a
		// testing/ package is not itself test support.
		item := ""
		dirs := strings.Split(path.Dir(p), "/")
		if tested[dirs[0]] && standIn.MatchString(words(dirs[0])) {
			continue // the product's component with a suite of its own (testify's mock/)
		}
		for _, re := range []*regexp.Regexp{testHelperName, names} {
			for i, d := range dirs {
				if d != "." && matches(re, d) && !testProject.MatchString(d) && !(i == 0 && suites[d]) && !(i > 0 && mirrors(dirs, i)) {
					item = strings.Join(dirs[:i+1], "/") + "/"
					break
				}
			}
			if item != "" {
				break
			}
		}
		if item == "" && (names.MatchString(words(path.Base(p))) || f.GetTestRole() == "support" && strings.HasPrefix(path.Base(p), "conftest") ||
			f.GetTestRole() == "support" && testUsers[p] >= minHelperUsers) {
			// Named as a helper, or shared by the tests whatever its name
			// (jsoup's TextUtil.java, imported by 14 tests).
			item = p
			if names == testHelperName && (inDir(p, "scripts", "script", "tools", "bin") || f.GetLanguage() == "shell") {
				// A program named like a helper (a script that writes
				// stub files, nvm's update_test_mocks.sh) is run, not
				// reused by tests.
				continue
			}
		}
		if item == "" || item == p && names == testHelperName && standIn.MatchString(words(path.Base(p))) && x.usedByProduct(f) {
			continue // libuv's src/unix/darwin-stub.h stands in for a system header in the product build
		}
		if item == p && x.companionOfTest(p) {
			// A file named for mocks beside the test named as it is is
			// that test's own (msw's 103 test/browser/**/x.mocks.ts,
			// each beside its x.test.ts): nothing shared to reuse.
			continue
		}
		use[item] += int(f.GetFanIn()) + testUsers[p]
		if !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if use[out[i]] != use[out[j]] {
			return use[out[i]] > use[out[j]]
		}
		if di, dj := strings.Count(out[i], "/"), strings.Count(out[j], "/"); di != dj {
			return di < dj
		}
		return out[i] < out[j]
	})
	return &out
}

// projectsInTests tells a file of a project of its own inside the tests:
// a directory below a test directory with its own sources (src/) and
// either its own headers (include/) or its own README and tests (test/ or
// tests/), as a test framework copied into the tree is (cJSON's
// tests/unity/, whose extras/fixture/ and rakefile_helper.rb were its
// tests' "helpers"; cpp-httplib's test/gtest/, a googletest).
func (x *index) projectsInTests() func(string) bool {
	has := map[string]bool{} // directories that hold files, at any depth
	readme := map[string]bool{}
	for _, f := range x.m.GetFiles() {
		p := f.GetPath()
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if has[d] {
				break
			}
			has[d] = true
		}
		if strings.HasPrefix(strings.ToUpper(path.Base(p)), "README") {
			readme[path.Dir(p)] = true
		}
	}
	var projects []string
	for d := range has {
		if slices.Contains(testDirNames, path.Base(d)) || !underTestDir(d+"/") || !has[d+"/src"] {
			continue
		}
		if has[d+"/include"] || readme[d] && (has[d+"/test"] || has[d+"/tests"]) {
			projects = append(projects, d+"/")
		}
	}
	return func(p string) bool {
		for _, d := range projects {
			if strings.HasPrefix(p, d) {
				return true
			}
		}
		return false
	}
}

// testDirNames are the directories underTestDir looks for.
var testDirNames = []string{"test", "tests", "testing"}

// companionOfTest tells a file named as a test's mocks or fixtures
// (x.mocks.ts, x_fixture.py) beside the test of that name (x.test.ts,
// x_test.py, test_x.py).
func (x *index) companionOfTest(p string) bool {
	dir, base := path.Dir(p), path.Base(p)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for _, mark := range []string{".mocks", ".mock", ".fixtures", ".fixture", "_mocks", "_mock", "_fixtures", "_fixture", "-mocks", "-mock", "-fixtures", "-fixture"} {
		s, ok := strings.CutSuffix(stem, mark)
		if !ok || s == "" {
			continue
		}
		for _, t := range []string{s + ".test" + ext, s + ".spec" + ext, s + "_test" + ext, "test_" + s + ext} {
			if f := x.files[path.Join(dir, t)]; f != nil && f.GetIsTest() {
				return true
			}
		}
	}
	return false
}

// standIn is a name for what stands in for something: in product code
// that other product code uses, a stub of a system's API, not the tests',
// or the product's own fixture machinery (pytest's fixtures.py).
var standIn = regexp.MustCompile(`(?i)stub|mock|fake|fixture`)

// testProject is a test project's directory, whatever its name holds
// before: CsvHelper.Tests is no helper for its "Helper".
var testProject = regexp.MustCompile(`(?i)[._-]?(unit)?tests?$`)

// usedByProduct tells a file that product code depends on: code outside
// the tests, their directories and their support.
func (x *index) usedByProduct(f *sdk.FileModel) bool {
	for _, d := range f.GetDependents() {
		p := d.GetPath()
		g := x.files[p]
		if g != nil && !g.GetIsTest() && g.GetTestRole() != "support" && !underTestDir(p) && x.role(p) == roleSource {
			return true
		}
	}
	return false
}

// inDir tells whether a path lies under a directory of one of names.
func inDir(p string, names ...string) bool {
	for _, d := range strings.Split(path.Dir(p), "/") {
		if slices.Contains(names, d) {
			return true
		}
	}
	return false
}

// underTestDir says whether a path lies in a directory of tests (test/,
// tests/, testing/): code there serves the tests whatever its name.
func underTestDir(p string) bool { return inDir(p, testDirNames...) }

// addPatterns says where new code goes, from the recurring add-patterns
// history shows (a new directory in pkg/cmd/<parent>/ with the files such
// a commit creates and edits), each with its number of commits: the
// patterns of at least minPatternCommits commits, the largest first.
func (x *index) addPatterns() []string {
	var out []string
	for _, p := range x.m.GetAddPatterns() {
		commits := len(p.GetCommits())
		if commits < minPatternCommits || len(p.GetFiles()) == 0 || underExamples(p.GetSlot()) || !x.productPattern(p) {
			continue // an example app is no place for the product's code
		}
		var created, edited, partly []string
		files, others := patternFiles(p.GetFiles(), commits)
		for _, f := range files {
			if n := int(f.GetCommits()); n > 0 && n < commits {
				// Not every such commit touches it: say how many do.
				partly = append(partly, fmt.Sprintf("%s in %d", code(f.GetPath()), n))
			}
			if f.GetCreated() {
				created = append(created, code(f.GetPath()))
			} else {
				edited = append(edited, code(f.GetPath()))
			}
		}
		slot := p.GetSlot()
		var what string
		if p.GetKind() == "file" {
			what = fmt.Sprintf("A new %s file in %s", path.Ext(slot), code(path.Dir(slot)+"/"))
		} else {
			what = "A new directory " + code(slot)
		}
		var does []string
		if len(created) > 0 {
			does = append(does, "creates "+joinAnd(created))
		}
		if len(edited) > 0 {
			does = append(does, "edits "+joinAnd(edited))
		}
		line := fmt.Sprintf("%s %s (%d commits", what, strings.Join(does, " and "), commits)
		if len(partly) > 0 {
			line += ", " + joinAnd(partly) + " of them"
		}
		if others > 0 {
			line += fmt.Sprintf("; %s in fewer of them", count(others, "other file", "other files"))
		}
		for _, c := range p.GetCommits() {
			if c.GetAtHead() && c.GetInstance() != "" {
				line += "; the newest still here is " + code(c.GetInstance())
				break
			}
		}
		out = append(out, line+").")
	}
	return out
}

// maxPartlyFiles bounds the files a pattern names that only some of its
// commits touch.
const maxPartlyFiles = 3

// patternFiles is what a pattern's line names of its files: those every
// commit of it touches, and of the others the maxPartlyFiles that most
// do, in the pattern's order; with how many others are left out. Polly's
// new telemetry files came with fourteen files edited in two of four
// commits, which says more of two large commits than of the pattern.
func patternFiles(fs []*sdk.PatternFile, commits int) ([]*sdk.PatternFile, int) {
	var partly []int
	for i, f := range fs {
		if n := int(f.GetCommits()); n > 0 && n < commits {
			partly = append(partly, i)
		}
	}
	if len(partly) <= maxPartlyFiles {
		return fs, 0
	}
	sort.SliceStable(partly, func(a, b int) bool { return fs[partly[a]].GetCommits() > fs[partly[b]].GetCommits() })
	drop := map[int]bool{}
	for _, i := range partly[maxPartlyFiles:] {
		drop[i] = true
	}
	out := make([]*sdk.PatternFile, 0, len(fs)-len(drop))
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out, len(drop)
}

// productPattern tells a pattern whose newest instances are product code:
// swift-log's new .swift files at the top were package manifests for
// newer toolchains, its new directories benchmarks; junit4's new files
// were contributors' pictures and release notes.
func (x *index) productPattern(p *sdk.AddPattern) bool {
	for _, c := range p.GetCommits() {
		if inst := c.GetInstance(); c.GetAtHead() && inst != "" {
			r := x.role(inst)
			if f := x.files[inst]; f != nil && !f.GetCode() {
				return false // CsvHelper's NCrunch settings beside each project
			}
			return !benchTree(inst) && !exampleCode(inst) && r != roleConfig && r != roleDoc
		}
	}
	return true
}

// exampleCodeRoot is exampleRoot for code, where the documentation's own
// directory counts too: its programs illustrate the documentation (libuv's
// docs/code/ guide programs were entry points and modules). "" for none.
func exampleCodeRoot(p string) string {
	if r := exampleRoot(p); r != "" {
		return r
	}
	parts := strings.Split(p, "/")
	if len(parts) < 2 || !sdk.DocsDir(parts[0]) || docExt[strings.ToLower(path.Ext(p))] {
		return ""
	}
	if len(parts) == 2 || parts[1] == "" {
		return parts[0] // the directory itself, or a file at its top
	}
	return parts[0] + "/" + parts[1]
}

// exampleCode tells code under a directory of example apps or of the
// documentation.
func exampleCode(p string) bool { return exampleCodeRoot(p) != "" }

// underExamples tells a path under a directory of example apps: examples/,
// samples/, demo/, the documentation's docs_src/ and the like.
func underExamples(p string) bool { return exampleRoot(p) != "" }

// exampleRoot is sdk.ExampleRoot.
func exampleRoot(p string) string { return sdk.ExampleRoot(p) }

// minPatternCommits is how many commits an add-pattern needs to be stated
// in AGENTS.md: fewer is an accident of history, not a habit.
const minPatternCommits = 4

// deprecations are the areas the documents mark deprecated, each with
// its reason and where that is said.
func (x *index) deprecations() []string {
	var out []string
	for _, d := range x.m.GetDeprecations() {
		why := d.GetOrigin()
		if r := strings.TrimSpace(d.GetReason()); r != "" {
			why = excerpt(r, 80) + "; " + why
		}
		out = append(out, code(d.GetPath())+" ("+why+")")
	}
	return out
}

// conventionFiles states the changelog rules, each with its counts: a
// changelog that source changes usually (or often) come with, and
// changelogs that source changes seldom touch (under a tenth of them),
// written apart, mostly when a release is prepared (the counts say how
// often), which a change should leave alone.
// A changelog whose counts show neither habit is not mentioned.
func (x *index) conventionFiles() []string {
	if !x.history {
		return nil // counts of commits, which a model without history lacks
	}
	var out, apart []string
	// Changelogs written from one fragment directory are said together:
	// mobx's five packages' changelogs all come from .changeset/.
	type fragmented struct {
		logs           []string
		n, src, with   int
		fragmentsIndex int // where its sentence goes in out
	}
	byFragments := map[string]*fragmented{}
	var fragDirs []string
	files := append([]*sdk.ConventionFile(nil), x.m.GetConventionFiles()...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].GetSourceCommits() > files[j].GetSourceCommits() })
	for _, c := range files {
		src, with := int(c.GetSourceCommits()), int(c.GetWithSource())
		commits, releases := int(c.GetCommits()), int(c.GetReleaseCommits())
		// The counts follow the files at HEAD, not what a path held
		// before: say so, or git log on the directory disagrees.
		scope, now := "source", "today's source files"
		if s := c.GetScope(); s != "" {
			scope, now = code(s), "the code now in "+code(s)
		}
		switch {
		case src >= 10 && with*4 >= src:
			how := "often come"
			if with*2 >= src {
				how = "usually come"
			}
			out = append(out, fmt.Sprintf("Changes to %s %s with an entry in %s: %d of the %d commits that changed %s changed it too.",
				scope, how, code(c.GetPath()), with, src, now))
		case src >= 10 && with*10 < src && int(c.GetWithFragment())*10 >= src && int(c.GetWithFragment()) >= 4*with:
			// Written from fragments at a release (towncrier, changesets):
			// a change notes itself with a fragment (pip's news/: 818 of
			// 3,545 source commits added one, 92 touched NEWS.rst).
			frag, n := c.GetFragments(), int(c.GetWithFragment())
			if g := byFragments[frag]; g != nil {
				g.logs = append(g.logs, c.GetPath())
				g.n, g.src, g.with = g.n+n, g.src+src, g.with+with
				continue
			}
			byFragments[frag] = &fragmented{logs: []string{c.GetPath()}, n: n, src: src, with: with, fragmentsIndex: len(out)}
			fragDirs = append(fragDirs, frag)
			out = append(out, fmt.Sprintf("A change worth a changelog note adds a fragment, a new file in %s, rather than an entry in %s, which is written from them when a release is prepared: %d of the %d commits that changed %s added a fragment, %d touched %s.",
				code(frag), code(c.GetPath()), n, src, now, with, code(path.Base(c.GetPath()))))
		case src >= 10 && with*10 < src && with*2 >= commits:
			// Seldom touched by a change, but most of its own commits are
			// changes: it lists some changes (symfony/console's features),
			// written with them rather than at a release.
			out = append(out, fmt.Sprintf("Some changes to %s come with an entry in %s, written with the change rather than at a release: %d of the %d commits that changed %s touched it, and %d of its %d commits changed %s.",
				scope, code(c.GetPath()), with, src, now, with, commits, scope))
		case src >= 10 && with*10 < src:
			apart = append(apart, fmt.Sprintf("%s (%d of the %d commits that changed %s touched it; %d of its %d commits prepare a release)",
				code(c.GetPath()), with, src, now, releases, commits))
		}
	}
	for _, frag := range fragDirs {
		g := byFragments[frag]
		if len(g.logs) < 2 {
			continue
		}
		most := max(2, x.opts.maxEntries/4)
		logs := listMore(codes(g.logs), most, len(g.logs))
		out[g.fragmentsIndex] = fmt.Sprintf("A change worth a changelog note adds a fragment, a new file in %s, rather than an entry in a changelog (%s), which are written from them when a release is prepared: %d of the %d commits that changed their code (counted per changelog) added a fragment, %d touched its changelog.",
			code(frag), logs, g.n, g.src, g.with)
	}
	switch {
	case len(apart) == 1:
		out = append(out, apart[0]+" is left alone by code changes: do not add an entry with a change.")
	case len(apart) > 1:
		most := max(2, x.opts.maxEntries/4)
		shown := apart[:min(most, len(apart))]
		line := "Changelogs that code changes leave alone (do not add an entry with a change): " + strings.Join(shown, "; ")
		if rest := len(apart) - len(shown); rest > 0 {
			line += fmt.Sprintf("; and %d more", rest)
		}
		out = append(out, line+".")
	}
	return out
}

// generated tells a file whose name or head says a generator made it.
func generated(f *sdk.FileModel) bool { return f.GetGenerated() || isGenerated(f.GetPath()) }

// generatedFiles are files whose names or heads say a generator made them.
func (x *index) generatedFiles() []string {
	var out []string
	for _, f := range x.m.GetFiles() {
		if generated(f) && !inTestData(f.GetPath()) && !underExamples(f.GetPath()) {
			out = append(out, f.GetPath())
		}
	}
	sort.Strings(out)
	return out
}

// generators says of each generated file what it is made from and by
// which command, as far as the model shows: its source is the file its
// name extends (grammar.y for grammar.y.go, x.proto for x.pb.go); its
// command is a make, just or npm target named by words of its path
// (`make parser` for promql/parser/generated_parser.y.go), a target that
// checks or cleans coming last. Unknown parts are left unsaid; files whose
// source or command is known come first.
func (x *index) generators(gen []string) []string {
	var known, unknown []string
	for _, g := range gen {
		var from []string
		if src := generatedSource(g); src != "" && x.isFile(src) {
			from = append(from, "from "+code(path.Base(src)))
		} else if src := x.generatorOf(g); src != "" {
			from = append(from, "changes with "+code(path.Base(src)))
		}
		if cmd := x.generatorCommand(g); cmd != "" {
			from = append(from, "by "+code(cmd))
		}
		if len(from) == 0 {
			unknown = append(unknown, code(g))
			continue
		}
		known = append(known, code(g)+" ("+strings.Join(from, ", ")+")")
	}
	return append(known, unknown...)
}

// generatorOf is the source that history shows changing with a
// generated file most (a source → generated change pattern), "" for none:
// go-github's github-iterators.go changes with gen-iterators.go, the
// program that writes it.
func (x *index) generatorOf(g string) string {
	if x.pairs == nil {
		x.pairs = x.classifyPairs()
	}
	for _, c := range x.pairs.generated { // strongest first
		if c.to == g {
			return c.from
		}
	}
	return ""
}

// generatedSource is the path of the file a generated file's name says it
// is made from.
func generatedSource(p string) string {
	switch {
	case strings.HasSuffix(p, ".pb.go"), strings.HasSuffix(p, ".pb.gw.go"):
		return p[:strings.Index(p, ".pb.")] + ".proto"
	case strings.HasSuffix(p, "_pb2.py"):
		return strings.TrimSuffix(p, "_pb2.py") + ".proto"
	}
	if ext := path.Ext(p); ext != "" {
		if src := strings.TrimSuffix(p, ext); path.Ext(src) != "" {
			return src // grammar.y.go, lexer.l.go
		}
	}
	return ""
}

// generatorWords are the words of a target that say what it does to
// generated files rather than which ones.
var generatorWords = map[string]bool{"generate": true, "generated": true, "gen": true, "regenerate": true, "codegen": true,
	"check": true, "clean": true, "verify": true, "make": true, "run": true, "install": true, "all": true}

// generatorCommand finds the target that makes a generated file: every
// word of its name that is not a generatorWord appears in the file's path.
func (x *index) generatorCommand(p string) string {
	inPath := map[string]bool{}
	for _, w := range wordsOf(p) {
		inPath[w] = true
	}
	best, bestRank := "", 3
	for _, c := range x.m.GetCommands() {
		f := strings.Fields(c.GetCommand())
		if len(f) < 2 || (f[0] != "make" && f[0] != "just" && f[0] != "npm") || strings.Contains(c.GetCommand(), "=") {
			continue
		}
		if k := c.GetKind(); k == "test" || k == "lint" || k == "run" {
			continue // `make tests` runs the tests, whatever the path of a file they hold
		}
		target := f[len(f)-1]
		named, rank := 0, 0
		ok := true
		for _, w := range wordsOf(target) {
			switch {
			case w == "check" || w == "clean" || w == "verify":
				rank = 2
			case generatorWords[w]:
			case inPath[w]:
				named++
			default:
				ok = false
			}
		}
		if ok && named > 0 && rank < bestRank {
			best, bestRank = c.GetCommand(), rank
		}
	}
	return best
}

func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
}

// purpose is what a module is for, in one sentence, from its README.
func purpose(mod *sdk.ModuleModel) string {
	if d := prose.DocLead(mod.GetDoc()); d != "" {
		return excerpt(d, 90)
	}
	return excerpt(prose.ReadmeLead(mod.GetReadme()), 90)
}
