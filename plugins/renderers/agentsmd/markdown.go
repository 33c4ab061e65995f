package agentsmd

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/homer-dev/homer/plugins/renderers/internal/prose"
	"github.com/homer-dev/homer/sdk"
)

type options struct {
	maxEntries int
	// maxWords is the word budget; 0 means none.
	maxWords int
	// output is the renderer's own file, left out of the documents it lists.
	output string
}

// index holds the model with the lookups every section needs.
type index struct {
	m       *sdk.Model
	opts    options
	files   map[string]*sdk.FileModel
	modules map[string]*sdk.ModuleModel
	history bool
	// prRank is each file's 1-based rank by PageRank, ties shared.
	prRank map[string]int
	// dirLanguages counts each directory's own code files by language,
	// and dirParsed tells whether a language plugin read any of them;
	// both made when first asked (learnDirs).
	dirLanguages map[string]map[string]int
	dirParsed    map[string]bool
	// edges holds the file graph's links, built when first asked (linked).
	edges map[[2]string]bool
	// modEdges holds the module graph's links, built when first asked.
	modEdges map[[2]string]bool
	// caps are the entries a section may show, when the word budget has
	// cut them below maxEntries; 0 leaves the section out.
	caps map[string]int
	// roles memoizes role by path, helpers testHelpers.
	roles   map[string]string
	helpers *[]string
	// pairs are the change patterns' pairs by kind, and howto the "How to
	// change" section: both independent of the budget, so computed once
	// though the document is laid out several times.
	pairs *patternPairs
	howto *string
}

// limit is how many entries the section may show.
func (x *index) limit(section string) int {
	if n, ok := x.caps[section]; ok {
		return n
	}
	return x.opts.maxEntries
}

func newIndex(m *sdk.Model, opts options) *index {
	if opts.maxEntries < 1 {
		opts.maxEntries = defaultMaxEntries
	}
	x := &index{
		m:       m,
		opts:    opts,
		files:   make(map[string]*sdk.FileModel, len(m.GetFiles())),
		modules: make(map[string]*sdk.ModuleModel, len(m.GetModules())),
		history: m.GetSummary().GetCommits() > 0,
		prRank:  make(map[string]int, len(m.GetFiles())),
	}
	for _, f := range m.GetFiles() {
		if f.GetPath() != "" {
			x.files[f.GetPath()] = f
		}
	}
	for _, mod := range m.GetModules() {
		x.modules[cleanModule(mod.GetPath())] = mod
	}
	byRank := sortedFiles(m.GetFiles(), func(a, b *sdk.FileModel) int { return cmpDesc(a.GetPagerank(), b.GetPagerank()) })
	// Ties share the best rank: morgan's only file, at PageRank 1.000,
	// was "#11" behind ten files of the same score; pflag's many 0.008s
	// were #23, #55, #80.
	for i, f := range byRank {
		x.prRank[f.GetPath()] = i + 1
		if i > 0 && f.GetPagerank() == byRank[i-1].GetPagerank() {
			x.prRank[f.GetPath()] = x.prRank[byRank[i-1].GetPath()]
		}
	}
	return x
}

// isFile reports whether p names a file of the model. Paths from anywhere
// else in the model are shown as files only when this holds.
func (x *index) isFile(p string) bool {
	_, ok := x.files[p]
	return ok
}

func (x *index) isTest(p string) bool { return x.files[p].GetIsTest() }

// budgetCuts are the sections the word budget trims, the least valuable
// first: risk detail and rankings an agent can also get from homer query
// go before the map of the code and the change patterns only history
// shows. Commands and "How to change this repository" are never cut.
var budgetCuts = []string{"danger", "load", "documents", "modules", "patterns"}

// minEntries is what a trimmed section keeps before it is left out.
const minEntries = 3

// writeDocument renders the whole AGENTS.md within the word budget: while
// it is over, the least valuable section still above minEntries loses a
// third of its entries; when all are down to it, sections are left out in
// the same order.
func writeDocument(m *sdk.Model, opts options) string {
	x := newIndex(m, opts)
	x.caps = map[string]int{}
	doc := x.document()
	for opts.maxWords > 0 && len(strings.Fields(doc)) > opts.maxWords {
		cut := false
		for _, sec := range budgetCuts {
			if n := x.limit(sec); n > minEntries {
				x.caps[sec] = max(minEntries, n*2/3)
				cut = true
				break
			}
		}
		if !cut {
			for _, sec := range budgetCuts {
				if x.limit(sec) > 0 {
					x.caps[sec] = 0 // danger zones keep a line; the others go
					cut = true
					break
				}
			}
		}
		if !cut && x.limit("danger") == 0 {
			x.caps["danger"] = -1
			cut = true
		}
		if !cut {
			break // what is left is never cut
		}
		doc = x.document()
	}
	return doc
}

// document renders AGENTS.md with the index's current limits. Sections
// without data are left out entirely rather than shown as empty headings.
func (x *index) document() string {
	var b strings.Builder
	b.WriteString(Marker + "\n")
	fmt.Fprintf(&b, "# AGENTS.md — %s\n\n", x.repoName())
	b.WriteString(x.summary())
	sections := []struct {
		title string
		body  func() string
	}{
		{"Build, test and lint", x.commands},
		{"How to change this repository", x.howToChange},
		{"Conventions", x.conventions},
		{"Module map", x.moduleMap},
		{"Key documents", x.documents},
		{"Load-bearing code", x.loadBearing},
		{"Change patterns", x.changePatterns},
		{"Danger zones", x.dangerZones},
	}
	for _, s := range sections {
		if body := s.body(); body != "" {
			fmt.Fprintf(&b, "\n## %s\n\n%s", s.title, body)
		}
	}
	b.WriteString("\n---\n\nGenerated by Homer from this repository's structure and history. " +
		"Regenerate with `homer render`; to keep notes of your own across regenerations, " +
		"put them inside `<!-- homer:preserve -->` blocks.\n")
	return b.String()
}

func (x *index) repoName() string {
	if n := strings.TrimSpace(x.m.GetRepoName()); n != "" {
		return n
	}
	return "this repository"
}

// summary is the opening paragraph: what is here, how much history there
// is, and how to read the rankings below.
func (x *index) summary() string {
	s := x.m.GetSummary()
	var b strings.Builder
	b.WriteString("**" + x.repoName() + "**")
	if h := x.m.GetHead(); h != "" {
		b.WriteString(" at commit " + code(shortHash(h)))
		if t := x.m.GetHeadTime(); t > 0 {
			b.WriteString(" (" + date(t) + ")")
		}
	}
	files := int(s.GetFiles())
	if files == 0 {
		files = len(x.m.GetFiles())
	}
	if files == 0 {
		b.WriteString(": no files to analyse yet.")
	} else {
		fmt.Fprintf(&b, ": %s", count(files, "file", "files"))
		if src := int(s.GetSourceFiles()); src > 0 && src != files {
			fmt.Fprintf(&b, " (%d source)", src)
		}
		if n := len(x.m.GetModules()); n > 0 {
			fmt.Fprintf(&b, " in %s", count(n, "module", "modules"))
		}
		if langs := languages(s.GetLanguages()); langs != "" {
			b.WriteString("; " + langs)
		}
		b.WriteString(".")
	}

	if x.history {
		fmt.Fprintf(&b, " History: %s by %s", count(int(s.GetCommits()), "commit", "commits"),
			count(int(s.GetContributors()), "contributor", "contributors"))
		first, last := s.GetFirstCommitTime(), s.GetLastCommitTime()
		switch {
		case first > 0 && last > 0 && date(first) != date(last):
			fmt.Fprintf(&b, ", %s to %s", date(first), date(last))
		case last > 0:
			fmt.Fprintf(&b, ", on %s", date(last))
		}
		b.WriteString(".")
	} else if files > 0 {
		b.WriteString(" No history yet: change counts, bus factors and change patterns appear once there are commits.")
	}

	switch {
	case files > 0 && x.history:
		b.WriteString("\n\nFiles are ranked by **salience**, which joins structure (what depends on what) with history " +
			"(what changes, who knows it): code that much depends on ranks high even when it rarely changes.")
	case files > 0:
		b.WriteString("\n\nFiles are ranked by **salience**, here from structure alone: what depends on what.")
	}
	return b.String() + "\n"
}

// languages lists the languages by file count, most used first.
func languages(counts map[string]int32) string {
	type lang struct {
		name string
		n    int32
	}
	var ls []lang
	for name, n := range counts {
		if name != "" && n > 0 {
			ls = append(ls, lang{name, n})
		}
	}
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].n != ls[j].n {
			return ls[i].n > ls[j].n
		}
		return ls[i].name < ls[j].name
	})
	const most = 6
	var parts []string
	for i, l := range ls {
		if i == most {
			parts = append(parts, fmt.Sprintf("%d more", len(ls)-most))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", l.name, l.n))
	}
	return strings.Join(parts, ", ")
}

// documents lists the repository's documentation, the overview documents
// first. The renderer's own output and anything that names a module
// (a directory) are left out.
func (x *index) documents() string {
	n := x.limit("documents")
	if n == 0 {
		return ""
	}
	var docs []string
	seen := map[string]bool{}
	for _, d := range x.m.GetDocuments() {
		if d == "" || seen[d] || d == x.opts.output || x.isModule(d) || inTestData(d) {
			continue
		}
		if root := exampleRoot(d); root != "" && path.Dir(d) != root {
			continue // one example app's README: the examples' own README says what they are
		}
		seen[d] = true
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return ""
	}
	sort.Slice(docs, func(i, j int) bool {
		ri, rj := docRank(docs[i]), docRank(docs[j])
		if ri != rj {
			return ri < rj
		}
		di, dj := strings.Count(docs[i], "/"), strings.Count(docs[j], "/")
		if di != dj {
			return di < dj
		}
		return docs[i] < docs[j]
	})
	var b strings.Builder
	b.WriteString("Read these for intent and decisions the code does not show:\n\n")
	for i, d := range docs {
		if i == n {
			fmt.Fprintf(&b, "- and %d more\n", len(docs)-i)
			break
		}
		b.WriteString("- " + code(d) + "\n")
	}
	return b.String()
}

// inTestData tells a path under the tests' data: a fixture's README is
// what a test reads, not a document of the project (echo's
// _fixture/certs/README.md).
func inTestData(p string) bool {
	below := -1 // directories below the tests' root, -1 outside the tests
	for _, d := range strings.Split(path.Dir(p), "/") {
		if below >= 0 {
			below++
		}
		switch strings.ToLower(d) {
		case "testdata", "test_data", "test-data", "fixture", "fixtures", "_fixture", "_fixtures", "__fixtures__", "__snapshots__":
			return true
		case "test", "tests":
			if below < 0 {
				below = 0
			}
		case "resources":
			if below >= 0 {
				return true // the tests' resources: src/test/resources/htmltests/README
			}
		}
	}
	// tests/README.md and tests/integration/README.md guide the tests;
	// deeper down a README is what a test reads:
	// tests/syntax-tests/source/Plaintext/README.md.
	return below >= 2
}

// docRank puts overview documents before the rest (the root README, then
// architecture and contributing guides, then other READMEs), and an
// example app's documents after all of them.
func docRank(p string) int {
	if underExamples(p) || benchTree(p) {
		return 30 // hono's benchmarks' READMEs came before its migration guide
	}
	if translation(p) {
		return 25 // the document in its own language comes first
	}
	base := strings.ToUpper(path.Base(p))
	// The root README first; a README deeper down (target-specs/README.md)
	// after the guides, but a README of a contributing/ directory is a
	// guide (tokio's docs/contributing/README.md).
	if strings.HasPrefix(base, "README") && path.Dir(p) != "." && path.Base(path.Dir(p)) != "contributing" {
		return 6
	}
	if path.Base(path.Dir(p)) == "contributing" {
		return 2
	}
	if strings.HasPrefix(base, "README") && !strings.HasPrefix(base, "README.") && base != "README" {
		return 6 // a part's README beside the repository's: README-VIM.md
	}
	for i, prefix := range []string{"README", "ARCHITECTURE", "CONTRIBUTING", "DESIGN", "DEVELOPMENT", "HACKING", "BUILD"} {
		if strings.HasPrefix(base, prefix) {
			return i
		}
	}
	if strings.Contains(strings.ToLower(p), "adr") {
		return 10
	}
	return 20
}

// translatedName is a document's name with a language code after it
// (README-fa.md, Readme_zh-CN.md, CONTRIBUTING.ja.md); localeDir a
// directory named for a language and region (docs/zh-CN/, docs/pt-BR/).
var (
	translatedName = regexp.MustCompile(`(?i)^(?:readme|contributing|code_of_conduct|security|support|governance|architecture)[-_.][a-z]{2}(?:[-_][a-z]{2,4})?\.(?:md|rst|txt|adoc)$`)
	localeDir      = regexp.MustCompile(`^[a-z]{2}[-_][A-Z]{2}$`)
)

// translation tells a document that translates another of the repository:
// coil's README-fa.md beside README.md.
func translation(p string) bool {
	for _, d := range strings.Split(path.Dir(p), "/") {
		if localeDir.MatchString(d) {
			return true
		}
	}
	return translatedName.MatchString(path.Base(p))
}

func (x *index) isModule(p string) bool {
	_, ok := x.modules[cleanModule(p)]
	return ok && !x.isFile(p)
}

// Command kinds in the order a newcomer needs them, with their labels.
var commandKinds = []struct{ kind, label string }{
	{"build", "Build"},
	{"test", "Test"},
	{"test-one", "Run one test"},
	{"lint", "Lint"},
	{"format", "Format"},
	{"generate", "Generate"},
	{"run", "Run"},
	{"setup", "Setup"},
}

var kindAliases = map[string]string{
	"fmt": "format", "gen": "generate", "codegen": "generate", "start": "run", "serve": "run",
	"install": "setup", "deps": "setup", "bootstrap": "setup", "check": "lint", "vet": "lint",
}

const maxCommandsPerKind = 6

// commands groups the build commands by kind. A command found in several
// places is listed once with all its origins. Within a kind, commands from
// developer entry points (Makefile, package.json, ...) come before CI
// configuration, and otherwise keep the order the source found them in.
func (x *index) commands() string {
	type entry struct {
		command string
		origins []string
		ci      bool // found only in CI configuration
		order   int
		// inCI is how CI runs the same command with its environment
		// (`make test GO_ONLY=1`), and where.
		inCI, inCIOrigin string
	}
	byKind := map[string][]*entry{}
	seen := map[string]*entry{}
	for i, c := range x.m.GetCommands() {
		cmd := oneLine(c.GetCommand())
		if cmd == "" {
			continue
		}
		if underExamples(c.GetOrigin()) || runsInExamples(cmd) {
			continue // an example app's Makefile builds the example, not the project
		}
		kind := strings.ToLower(strings.TrimSpace(c.GetKind()))
		if k, ok := kindAliases[kind]; ok {
			kind = k
		}
		key := kind + "\x00" + cmd
		e := seen[key]
		if e == nil {
			e = &entry{command: cmd, order: i}
			seen[key] = e
			byKind[kind] = append(byKind[kind], e)
		}
		if o := strings.TrimSpace(c.GetOrigin()); o != "" && !slices.Contains(e.origins, o) {
			e.origins = append(e.origins, o)
		}
	}
	for _, e := range seen {
		// A command runs in CI only when every place it was found is CI
		// configuration; a command without an origin counts as local.
		e.ci = len(e.origins) > 0
		for _, o := range e.origins {
			e.ci = e.ci && isCI(o)
		}
	}
	// A CI line that is a listed command plus the variables CI sets
	// (prometheus' `make test GO_ONLY=1 test-flags=""` beside CONTRIBUTING's
	// `make test`) is said with that command, where it is seen, rather than
	// among the CI lines cut from the list.
	for kind, es := range byKind {
		plain := map[string]*entry{}
		for _, e := range es {
			if !e.ci {
				plain[e.command] = e
			}
		}
		kept := es[:0]
		for _, e := range es {
			if base := withoutAssignments(e.command); e.ci && base != e.command && len(e.origins) > 0 && !crossTarget.MatchString(e.command) {
				if p := plain[base]; p != nil && p.inCI == "" {
					p.inCI, p.inCIOrigin = e.command, e.origins[0]
					continue
				}
			}
			kept = append(kept, e)
		}
		byKind[kind] = kept
	}

	var kinds []string
	for _, k := range commandKinds {
		if len(byKind[k.kind]) > 0 {
			kinds = append(kinds, k.kind)
		}
	}
	var others []string
	for k := range byKind {
		if kindLabel(k, false) == "" {
			others = append(others, k)
		}
	}
	sort.Strings(others)
	kinds = append(kinds, others...)

	var b strings.Builder
	for _, k := range kinds {
		es := byKind[k]
		sort.SliceStable(es, func(i, j int) bool {
			// A command that needs a nightly toolchain comes after those
			// that run on the stable one a newcomer has.
			if ni, nj := needsToolchain(es[i].command) != "", needsToolchain(es[j].command) != ""; ni != nj {
				return nj
			}
			if pi, pj := originRank(es[i].origins), originRank(es[j].origins); pi != pj {
				return pi < pj
			}
			// The task named for the kind comes first: fastify's
			// package.json lists "coverage" before "test".
			if ci, cj := namedForKind(k, es[i].command), namedForKind(k, es[j].command); ci != cj {
				return ci
			}
			// The documentation's own checks come after the code's:
			// scrapy's guide gives "tox -e docs-coverage" before "tox".
			if di, dj := aboutDocs(es[i].command), aboutDocs(es[j].command); di != dj {
				return dj
			}
			return es[i].order < es[j].order
		})
		fmt.Fprintf(&b, "**%s**\n\n", kindLabel(k, true))
		for i, e := range es {
			if i == maxCommandsPerKind {
				fmt.Fprintf(&b, "- and %d more\n", len(es)-i)
				break
			}
			b.WriteString("- " + code(e.command))
			if len(e.origins) > 0 {
				origins := make([]string, len(e.origins))
				for i, o := range e.origins {
					origins[i] = o
					if _, ok := commandDir(e.command); !ok {
						origins[i] += runIn(o) // the command does not say its directory itself
					}
				}
				b.WriteString(" — " + strings.Join(origins, ", "))
			}
			if need := needsToolchain(e.command); need != "" {
				b.WriteString(" (needs " + need + ")")
			}
			if e.inCI != "" {
				b.WriteString("; CI runs it as " + code(e.inCI) + " — " + e.inCIOrigin)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}

	deps := x.manifests()
	switch {
	case b.Len() == 0 && deps == "":
		return ""
	case b.Len() == 0:
		return "No build, test or lint commands were found.\n\n" + deps
	case deps == "":
		return strings.TrimSuffix(b.String(), "\n")
	}
	return b.String() + deps
}

// originRank orders commands by the trust their best origin earns: the
// maintainers' guides, then the project's own build files, conventions, CI
// configuration, and the build files of the project's parts last. The model does not keep the order the source
// found commands in, so the rank is read from the origin's file.
func originRank(origins []string) int {
	best := 6
	for _, o := range origins {
		file, _, _ := strings.Cut(o, ":")
		base := strings.ToUpper(path.Base(strings.TrimSuffix(file, " (convention)")))
		r := 3
		switch {
		case isCI(file):
			r = 4
		case strings.HasPrefix(base, "CONTRIBUTING") || strings.HasPrefix(base, "AGENTS") || strings.HasPrefix(base, "CLAUDE"):
			r = 0 // the guides written for contributors and their agents (the MCP TypeScript SDK's CLAUDE.md before its README's docs build)
		case strings.HasPrefix(base, "README"):
			r = 1
		case strings.HasSuffix(o, "(convention)"):
			r = 3
		case strings.Contains(file, "/"):
			r = 5 // a part's build file after the project's and CI's (zlib's contrib/*/Makefile)
		default:
			r = 2 // Makefile, package.json, justfile, tox
		}
		best = min(best, r)
	}
	return best
}

// kindLabel names a command kind; for a kind outside the known list it
// returns "" unless fallback is set.
func kindLabel(kind string, fallback bool) string {
	for _, k := range commandKinds {
		if k.kind == kind {
			return k.label
		}
	}
	if !fallback {
		return ""
	}
	if kind == "" {
		return "Other"
	}
	return strings.ToUpper(kind[:1]) + kind[1:]
}

// runIn says where a command must run when the model does not: a script from
// web/package.json runs in web/, while a CI step runs from the root unless
// its configuration says otherwise (which the model does not carry).
func runIn(origin string) string {
	file, _, _ := strings.Cut(origin, ":") // "Makefile:test" names a target
	if isCI(file) || !strings.HasSuffix(file, "package.json") && !strings.HasSuffix(path.Base(file), "akefile") {
		return "" // a guide's command or a test file's: run from the root
	}
	if dir := path.Dir(file); dir != "." && dir != "/" {
		return " (run in " + code(dir+"/") + ")"
	}
	return ""
}

// insideTestDir tells a directory below a test directory (tests/x/, not
// tests/ itself).
func insideTestDir(dir string) bool {
	segs := strings.Split(strings.Trim(dir, "/"), "/")
	for _, s := range segs[:len(segs)-1] {
		if s == "test" || s == "tests" || s == "testing" || s == "__tests__" || s == "spec" || s == "specs" {
			return true
		}
	}
	return false
}

// runsInExamples tells a command run in an example app's directory
// (make -C documentation/examples/remote_storage, cd examples/x && ...).
func runsInExamples(cmd string) bool {
	dir, ok := commandDir(cmd)
	return ok && underExamples(strings.TrimPrefix(dir, "./")+"/")
}

// commandDir is the directory a command names for itself to run in: make
// -C, npm --prefix, pnpm --dir, yarn and bun --cwd, or cd.
func commandDir(cmd string) (string, bool) {
	f := strings.Fields(cmd)
	for i := 0; i+1 < len(f); i++ {
		switch f[i] {
		case "-C", "--prefix", "--dir", "--cwd", "cd":
			return f[i+1], true
		}
	}
	return "", false
}

// crossTarget is an assignment that builds for another system: afero's
// CI "GOOS=wasip1 GOARCH=wasm go build ./..." is a build of its own, not
// how CI runs `go build ./...`.
var crossTarget = regexp.MustCompile(`(?:^|\s)(?:GOOS|GOARCH|CARGO_BUILD_TARGET|CROSS_COMPILE|TARGET_ARCH)=`)

// withoutAssignments is a command line without its variable assignments,
// before the program (GO_ONLY=1 make test) or after it (make test
// GO_ONLY=1 test-flags=""): what runs, less the environment.
func withoutAssignments(cmd string) string {
	var words []string
	for _, w := range strings.Fields(cmd) {
		if name, _, ok := strings.Cut(w, "="); ok && name != "" && !strings.HasPrefix(name, "-") && !strings.ContainsAny(name, "/$'\"") {
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// nightlyFlag is an unstable rustc or cargo flag (-Zbuild-std, '-Z
// sanitizer=address', -Zpanic-abort-tests) or the nightly toolchain
// named (+nightly), at the start of a word or of a quoted value.
var nightlyFlag = regexp.MustCompile(`(^|[\s'"=])(-Z|\+nightly\b)`)

// rustTarget is the target triple a cargo command cross-compiles for.
var rustTarget = regexp.MustCompile(`--target[ =]([a-z0-9_]+-[a-z0-9_.-]+)`)

// needsToolchain says what a Rust command needs beyond the stable
// toolchain a newcomer has ("a nightly Rust toolchain", "the Rust target
// x86_64-unknown-linux-musl"), or "".
func needsToolchain(cmd string) string {
	var needs []string
	if needsNightly(cmd) {
		needs = append(needs, "a nightly Rust toolchain")
	}
	if strings.Contains(cmd, "cargo") {
		if m := rustTarget.FindStringSubmatch(cmd); m != nil && !strings.HasSuffix(m[1], ".json") {
			needs = append(needs, "the Rust target "+code(m[1]))
		}
	}
	return strings.Join(needs, " and ")
}

// needsNightly tells a Rust command that a stable toolchain refuses:
// unstable flags, and cargo fuzz and cargo miri, which run on nightly only.
func needsNightly(cmd string) bool {
	if !strings.Contains(cmd, "cargo") && !strings.Contains(cmd, "rustc") && !strings.Contains(cmd, "RUSTFLAGS") {
		return false
	}
	return nightlyFlag.MatchString(cmd) || strings.Contains(cmd, "cargo fuzz ") || strings.Contains(cmd, "cargo miri ")
}

// isCI tells configuration read by a CI service from a developer's entry points.
func isCI(origin string) bool {
	for _, p := range []string{".github/", ".gitlab-ci", ".circleci/", ".buildkite/", "azure-pipelines", "Jenkinsfile", ".travis", "bitbucket-pipelines", ".woodpecker"} {
		if strings.Contains(origin, p) {
			return true
		}
	}
	return false
}

// manifests says where dependencies are declared, so an agent edits the
// right manifest.
func (x *index) manifests() string {
	ms := append([]*sdk.Manifest(nil), x.m.GetManifests()...)
	// The root's first, then by depth, the documentation's last: a
	// repository of many modules lists its top ones and counts the rest,
	// and FluentValidation's docs/requirements.txt came before its
	// projects.
	sort.SliceStable(ms, func(i, j int) bool {
		if di, dj := sdk.InDocsDir(ms[i].GetPath()), sdk.InDocsDir(ms[j].GetPath()); di != dj {
			return dj
		}
		if di, dj := strings.Count(ms[i].GetPath(), "/"), strings.Count(ms[j].GetPath(), "/"); di != dj {
			return di < dj
		}
		return ms[i].GetPath() < ms[j].GetPath()
	})
	var parts []string
	for _, mf := range ms {
		p := mf.GetPath()
		if p == "" || underExamples(p) || testOrBenchTree(p) || slices.ContainsFunc(strings.Split(path.Dir(p), "/"), testOrBenchProject) {
			// An example app's, a test fixture's or a test project's
			// manifest (axios's test/module/ts/package.json,
			// FluentValidation.Tests.csproj) is not where the product's
			// dependencies go.
			continue
		}
		if len(mf.GetDependencies()) == 0 && strings.Contains(p, "/") {
			continue // a project of no packages (Humanizer's analyzers)
		}
		if strings.HasPrefix(p, ".") && strings.Contains(p, "/") {
			continue // a tool's settings of their own (kotlinx-datetime's .teamcity/pom.xml, a CI action's package.json)
		}
		var all, dev int
		for _, d := range mf.GetDependencies() {
			all++
			if d.GetDev() {
				dev++
			}
		}
		p = code(p)
		switch {
		case all == 0: // a workspace's root manifest: no count to give
		case dev == all:
			p += fmt.Sprintf(" (%s)", count(all, "dev dependency", "dev dependencies"))
		case dev > 0:
			// "23 dependencies, 5 dev" was read as 28 in all.
			p += fmt.Sprintf(" (%d runtime, %d dev)", all-dev, dev)
		default:
			p += fmt.Sprintf(" (%s)", count(all, "dependency", "dependencies"))
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	if most := max(6, x.opts.maxEntries/2); len(parts) > most {
		return "Dependencies are declared in " + listMore(parts, most, len(parts)) + ".\n"
	}
	return "Dependencies are declared in " + joinAnd(parts) + ".\n"
}

// moduleMap is a table of the most salient modules (directories) with what
// they import and what imports them.
func (x *index) moduleMap() string {
	n := x.limit("modules")
	if n == 0 {
		return ""
	}
	// Example apps are left out, however salient: express has more
	// example directories than directories of its own.
	// So are the directories inside a test directory (flask's
	// tests/test_apps/cliapp/inner1/): fixtures and test apps, not code to
	// find one's way in; the test directory itself stays.
	var mods []*sdk.ModuleModel
	examples, inTests, benches := 0, 0, 0
	exampleDirs := map[string]bool{}
	for _, mod := range x.m.GetModules() {
		switch {
		case underExamples(mod.GetPath()+"/") || exampleCode(mod.GetPath()+"/") && !proseLanguage[strings.ToLower(mod.GetLanguage())]:
			examples++ // the documentation's own pages stay: docs/ of Markdown is no code
			exampleDirs[exampleCodeRoot(mod.GetPath()+"/")] = true
		case benchTree(mod.GetPath() + "/"):
			benches++
		case insideTestDir(cleanModule(mod.GetPath())):
			inTests++
		default:
			mods = append(mods, mod)
		}
	}
	if len(mods) == 0 {
		return ""
	}
	sort.SliceStable(mods, func(i, j int) bool {
		if c := cmpDesc(mods[i].GetSalience(), mods[j].GetSalience()); c != 0 {
			return c < 0
		}
		return cleanModule(mods[i].GetPath()) < cleanModule(mods[j].GetPath())
	})
	// A Purpose column of dashes only says nothing: it is shown when one
	// of the modules shown has a purpose to state.
	withPurpose := false
	for i, mod := range mods {
		withPurpose = withPurpose || i < n && purpose(mod) != ""
	}
	var b strings.Builder
	b.WriteString("Directories, most salient first, with what each imports and what imports it.\n\n")
	if withPurpose {
		b.WriteString("| Module | Files | Purpose | Imports | Imported by |\n|---|---|---|---|---|\n")
	} else {
		b.WriteString("| Module | Files | Imports | Imported by |\n|---|---|---|---|\n")
	}
	for i, mod := range mods {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "| %s | %s |", moduleRef(mod.GetPath()), cell(x.moduleFiles(mod)))
		if withPurpose {
			fmt.Fprintf(&b, " %s |", cell(purpose(mod)))
		}
		if x.unparsedCode(mod) {
			// No plugin read its code (ecto's Elixir): what it imports
			// is not known, which a dash would say is nothing.
			b.WriteString(" not parsed | not parsed |\n")
			continue
		}
		fmt.Fprintf(&b, " %s | %s |\n", x.moduleList(mod.GetImports()), x.moduleList(mod.GetImportedBy()))
	}
	if len(mods) > n {
		fmt.Fprintf(&b, "\nShowing the %d most salient of %d modules.\n", n, len(mods))
	}
	if examples > 0 {
		var roots []string
		what := "example apps"
		for d := range exampleDirs {
			roots = append(roots, code(d+"/"))
			if exampleRoot(d+"/") == "" {
				what = "example apps or the documentation's code"
			}
		}
		sort.Strings(roots)
		fmt.Fprintf(&b, "\n%s of %s (under %s) %s left out.\n", count(examples, "directory", "directories"), what,
			listMore(roots, 3, len(roots)), map[bool]string{true: "is", false: "are"}[examples == 1])
	}
	if benches > 0 {
		fmt.Fprintf(&b, "\n%s of benchmarks or fuzzing harnesses %s left out.\n", count(benches, "directory", "directories"),
			map[bool]string{true: "is", false: "are"}[benches == 1])
	}
	if inTests > 0 {
		fmt.Fprintf(&b, "\n%s inside test directories (fixtures, test apps) %s left out.\n", count(inTests, "directory", "directories"),
			map[bool]string{true: "is", false: "are"}[inTests == 1])
	}
	return b.String()
}

// learnDirs reads, once, each directory's own code files: how many of
// each language (dirLanguages) and whether a plugin parsed any
// (dirParsed). The code files are counted as the module counts them: a
// Markdown page beside cpp-httplib's httplib.h and two scripts made the
// counts disagree, and "3 python" was shown.
func (x *index) learnDirs() {
	if x.dirLanguages != nil {
		return
	}
	x.dirLanguages, x.dirParsed = map[string]map[string]int{}, map[string]bool{}
	for _, f := range x.m.GetFiles() {
		if !f.GetCode() {
			continue
		}
		d := path.Dir(f.GetPath())
		x.dirParsed[d] = x.dirParsed[d] || x.parsed(f.GetPath())
		if lang := f.GetLanguage(); lang != "" {
			if x.dirLanguages[d] == nil {
				x.dirLanguages[d] = map[string]int{}
			}
			x.dirLanguages[d][lang]++
		}
	}
}

// unparsedCode tells a module holding code of which no language plugin
// read a file.
func (x *index) unparsedCode(mod *sdk.ModuleModel) bool {
	x.learnDirs()
	parsed, code := x.dirParsed[cleanModule(mod.GetPath())]
	return code && !parsed && len(mod.GetImports()) == 0 && len(mod.GetImportedBy()) == 0
}

// aboutDocs tells a command whose words name the documentation; a flag's
// do not (tokio's "cargo test --doc" runs the code's doctests).
func aboutDocs(cmd string) bool {
	for _, f := range strings.Fields(strings.ToLower(cmd)) {
		if strings.HasPrefix(f, "-") {
			continue
		}
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if w == "docs" || w == "doc" || w == "documentation" {
				return true
			}
		}
	}
	return false
}

// namedForKind tells a command that runs the task named for its kind,
// without more: `npm test`, `npm run test`, `make lint`, `just build`.
func namedForKind(kind, cmd string) bool {
	f := strings.Fields(cmd)
	if len(f) == 3 && f[1] == "run" {
		f = []string{f[0], f[2]}
	}
	return len(f) == 2 && f[1] == kind
}

// proseLanguage are the languages of documents, not code.
var proseLanguage = map[string]bool{"markdown": true, "rst": true, "text": true, "asciidoc": true, "html": true, "": true}

// moduleList formats a table cell of module paths, most salient first.
func (x *index) moduleList(paths []string) string {
	const most = 3
	ps := dedupe(paths)
	if len(ps) == 0 {
		return "—"
	}
	// Each path's keys are worked out once, not in every comparison: a
	// module of spring-boot's imports hundreds, and judging a path an
	// example's splits it (a third of the renderer's time, in the sort).
	type keyed struct {
		path     string
		example  bool
		salience float64
	}
	ks := make([]keyed, len(ps))
	for i, p := range ps {
		ks[i] = keyed{path: p, example: exampleCode(p + "/"), salience: x.modules[cleanModule(p)].GetSalience()}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if ei, ej := ks[i].example, ks[j].example; ei != ej {
			return ej
		}
		if c := cmpDesc(ks[i].salience, ks[j].salience); c != 0 {
			return c < 0
		}
		return ks[i].path < ks[j].path
	})
	for i, k := range ks {
		ps[i] = k.path
	}
	var parts []string
	for i, p := range ps {
		if i == most {
			parts = append(parts, fmt.Sprintf("+%d", len(ps)-most))
			break
		}
		if _, ok := x.modules[cleanModule(p)]; ok {
			parts = append(parts, moduleRef(p))
		} else {
			// Not a module of the model (an external package, say): shown
			// as given, never dressed up as a directory or a file.
			parts = append(parts, cell(code(p)))
		}
	}
	return strings.Join(parts, ", ")
}

// Salience classes in the order they matter to someone about to edit, with
// what each means for the edit.
var classes = []struct{ name, meaning string }{
	{"hot-critical", "central and changing often: the likeliest place for regressions"},
	{"critical-silo", "among the most salient files and known to one person: nobody to ask, review with care"},
	{"foundational-stable", "much depends on it and it rarely changes: an edit ripples widely"},
	{"active-localized", "changes often but little depends on it: safer to edit"},
	{"background", "neither central nor busy"},
}

// loadBearing lists the most salient non-test files with why they matter,
// then the most salient functions and types.
func (x *index) loadBearing() string {
	n := x.limit("load")
	if n == 0 {
		return ""
	}
	var top []*sdk.FileModel
	for _, f := range sortedFiles(x.m.GetFiles(), func(a, b *sdk.FileModel) int { return cmpDesc(a.GetSalience(), b.GetSalience()) }) {
		if f.GetIsTest() || f.GetTestRole() == "support" || f.GetSalience() <= 0 || exampleCode(f.GetPath()) || benchTree(f.GetPath()) || x.role(f.GetPath()) == roleConfig ||
			underTestDir(f.GetPath()) || generated(f) || sdk.Translation(f.GetPath()) { // pluggy's testing/benchmark.py serves the tests; a generated file's source is what to read
			continue // tests, their helpers (guzzle's tests/Server.php), example apps, benchmarks, build files and translations are no product code
		}
		if c := f.GetSalienceClass(); (c == "background" || c == "active-localized" || toolingDir(f.GetPath())) && f.GetFanIn() == 0 && len(f.GetDependents()) == 0 {
			// Nothing rests on it, by its own class (pflag's uint16.go
			// padded the list) or as the project's tooling (fmt's
			// support/release.py, a silo by its history alone).
			continue
		}
		if len(top) == n {
			break
		}
		top = append(top, f)
	}
	entities := x.entities()
	if len(top) == 0 && entities == "" {
		return ""
	}

	var b strings.Builder
	if len(top) > 0 {
		b.WriteString("Read these before changing code near them. Most salient first.\n\n")
		if legend := classLegend(top); legend != "" {
			b.WriteString(legend + "\n\n")
		}
		for i, f := range top {
			fmt.Fprintf(&b, "%d. %s", i+1, code(f.GetPath()))
			if c := f.GetSalienceClass(); c != "" {
				fmt.Fprintf(&b, " — %s", c)
			}
			fmt.Fprintf(&b, ", salience %.2f\n   %s\n", f.GetSalience(), strings.Join(x.why(f), "; "))
		}
	}
	if entities != "" {
		if len(top) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("### Key functions and types\n\n" + entities)
	}
	return b.String()
}

// toolingDir says whether a path lies in a directory of the project's own
// tooling: release and maintenance scripts, build support.
func toolingDir(p string) bool {
	return inDir(p, "scripts", "script", "tools", "tool", "support", "build-support", "ci", "dev", "devtools")
}

// moduleFiles says how many files a module holds and in what language:
// "4 python", or by language where its own files mix ("3 python, 1 c":
// markupsafe's src/markupsafe/ was "4 python" with its C speedups in it).
func (x *index) moduleFiles(mod *sdk.ModuleModel) string {
	files := fmt.Sprintf("%d", mod.GetFiles())
	l := mod.GetLanguage()
	if l == "" {
		return files
	}
	x.learnDirs()
	counts := x.dirLanguages[cleanModule(mod.GetPath())]
	total := 0
	for _, n := range counts {
		total += n
	}
	if len(counts) < 2 || total != int(mod.GetFiles()) || counts[l] == 0 {
		return files + " " + l // one language, or counts that do not add up to the module's
	}
	langs := make([]string, 0, len(counts))
	for lang := range counts {
		langs = append(langs, lang)
	}
	sort.Slice(langs, func(i, j int) bool {
		return cmp.Or(cmp.Compare(counts[langs[j]], counts[langs[i]]), cmp.Compare(langs[i], langs[j])) < 0
	})
	parts := make([]string, len(langs))
	for i, lang := range langs {
		parts[i] = fmt.Sprintf("%d %s", counts[lang], lang)
	}
	return strings.Join(parts, ", ")
}

func classLegend(files []*sdk.FileModel) string {
	present := map[string]bool{}
	for _, f := range files {
		present[f.GetSalienceClass()] = true
	}
	var parts []string
	for _, c := range classes {
		if present[c.name] {
			parts = append(parts, fmt.Sprintf("*%s*: %s", c.name, c.meaning))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Classes: " + strings.Join(parts, "; ") + "."
}

// why gives the evidence behind a file's rank: who depends on it, its
// centrality, its history and its tests.
func (x *index) why(f *sdk.FileModel) []string {
	var parts []string
	deps := x.relatedFiles(f.GetPath(), f.GetDependents())
	fanIn := max(int(f.GetFanIn()), len(deps))
	switch {
	case fanIn == 0:
		parts = append(parts, "no dependents")
	case len(deps) == 0:
		parts = append(parts, count(fanIn, "dependent", "dependents"))
	default:
		parts = append(parts, fmt.Sprintf("%s: %s", count(fanIn, "dependent", "dependents"), listMore(codes(deps), 3, fanIn)))
	}
	if f.GetPagerank() > 0 {
		parts = append(parts, fmt.Sprintf("PageRank #%d (%s)", x.prRank[f.GetPath()], small(f.GetPagerank())))
	}
	if x.history {
		ch := count(int(f.GetChanges()), "change", "changes")
		if n := f.GetChanges_90D(); n > 0 {
			ch += fmt.Sprintf(", %d in the last 90 days", n)
		}
		parts = append(parts, ch)
		if bf := f.GetBusFactor(); bf > 0 {
			parts = append(parts, fmt.Sprintf("bus factor %d", bf))
		}
	}
	tests, indirect := x.modelFiles(f.GetTestedBy()), x.modelFiles(f.GetTestedIndirectlyBy())
	switch {
	case len(tests) > 0:
		names := codes(tests)
		if tests[0] == f.GetPath() {
			names[0] = "its own tests" // a source file holding tests (Rust's #[cfg(test)] module)
		}
		parts = append(parts, "tested by "+listMore(names, 2, len(tests)))
	case len(indirect) > 0:
		parts = append(parts, "tested indirectly (through the files it uses) by "+listMore(codes(indirect), 2, len(indirect)))
	case f.GetTestRole() == "support":
		parts = append(parts, "test support")
	case f.GetTestRole() == "declarations":
		// Declarations only: nothing of its own for a test to run.
	default:
		if dep := x.testedDependent(f); dep != "" {
			// A test's walk stays in the directory it starts from:
			// MediatR's Internal/HandlersOrderer.cs is run by the tests
			// of the two Pipeline/ behaviours that call it, which "no
			// tests" denied.
			parts = append(parts, fmt.Sprintf("no test of its own; used by %s, which is tested", code(dep)))
		} else {
			parts = append(parts, "**no tests**")
		}
	}
	return parts
}

// testedDependent is the first of a file's dependents in the product that
// a test reaches, or "".
func (x *index) testedDependent(f *sdk.FileModel) string {
	for _, d := range f.GetDependents() {
		g := x.files[d.GetPath()]
		if g == nil || g.GetIsTest() || g.GetTestRole() != "" || d.GetPath() == f.GetPath() {
			continue
		}
		if len(g.GetTestedBy()) > 0 || len(g.GetTestedIndirectlyBy()) > 0 {
			return d.GetPath()
		}
	}
	return ""
}

// modelFiles keeps the paths that are files of the model, distinct, in the
// model's order (a file's tests come with the ones named after it first).
func (x *index) modelFiles(paths []string) []string {
	var out []string
	for _, t := range dedupe(paths) {
		if x.isFile(t) {
			out = append(out, t)
		}
	}
	return out
}

// relatedFiles keeps the related paths that are files of the model (never
// self), strongest first.
func (x *index) relatedFiles(self string, rel []*sdk.Related) []string {
	rs := append([]*sdk.Related(nil), rel...)
	aside := func(p string) bool {
		return x.isTest(p) || x.files[p].GetTestRole() == "support" || underTestDir(p) || exampleCode(p) || benchTree(p)
	}
	sort.SliceStable(rs, func(i, j int) bool {
		// The product's files before tests, their support, examples and
		// benchmarks.
		if ai, aj := aside(rs[i].GetPath()), aside(rs[j].GetPath()); ai != aj {
			return aj
		}
		if c := cmpDesc(rs[i].GetWeight(), rs[j].GetWeight()); c != 0 {
			return c < 0
		}
		if rs[i].GetCount() != rs[j].GetCount() {
			return rs[i].GetCount() > rs[j].GetCount()
		}
		return rs[i].GetPath() < rs[j].GetPath()
	})
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		p := r.GetPath()
		if p == self || seen[p] || !x.isFile(p) {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// entities lists the most salient functions and types outside tests, with
// their callers and the first sentence of their doc comment.
func (x *index) entities() string {
	n := x.limit("load")
	if n == 0 {
		return ""
	}
	es := make([]*sdk.EntityModel, 0, len(x.m.GetEntities()))
	for _, e := range x.m.GetEntities() {
		if e.GetQualifiedName() == "" || e.GetSalience() <= 0 || !x.isFile(e.GetPath()) || x.isTest(e.GetPath()) ||
			x.files[e.GetPath()].GetTestRole() == "support" || exampleCode(e.GetPath()) || benchTree(e.GetPath()) || generated(x.files[e.GetPath()]) {
			// As in the files' list: test support, example apps and
			// benchmarks are no product code, and a generated file's
			// definitions are its source's (nlohmann/json's single header).
			continue
		}
		if callable(e.GetKind()) && e.GetCallers() == 0 && len(e.GetTopCallers()) == 0 {
			continue // nothing in the repository calls it: no evidence it is load-bearing (SwiftyJSON's JSON.rawString)
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(i, j int) bool {
		// What several callers rest on comes before what one caller
		// leads to: ranked by the rank flowing into them, pino's list
		// was eight functions of one caller each, a chain below one
		// entry point.
		if si, sj := oneCallerOnly(es[i]), oneCallerOnly(es[j]); si != sj {
			return sj
		}
		if c := cmpDesc(es[i].GetSalience(), es[j].GetSalience()); c != 0 {
			return c < 0
		}
		if es[i].GetPath() != es[j].GetPath() {
			return es[i].GetPath() < es[j].GetPath()
		}
		return es[i].GetQualifiedName() < es[j].GetQualifiedName()
	})
	var b strings.Builder
	for i, e := range es {
		if i == n {
			break
		}
		loc := e.GetPath()
		if e.GetLine() > 0 {
			loc = fmt.Sprintf("%s:%d", loc, e.GetLine())
		}
		b.WriteString("- " + code(e.GetQualifiedName()) + " (")
		if k := e.GetKind(); k != "" {
			b.WriteString(k + ", ")
		}
		b.WriteString(code(loc) + ")")
		callers := dedupe(e.GetTopCallers())
		n := max(int(e.GetCallers()), len(callers))
		switch {
		case n > 0 && len(callers) > 0:
			fmt.Fprintf(&b, " — %s: %s", count(n, "caller", "callers"), listMore(codes(callers), 3, n))
		case n > 0:
			fmt.Fprintf(&b, " — %s", count(n, "caller", "callers"))
		}
		if d := excerpt(e.GetDoc(), 120); d != "" {
			b.WriteString(". " + prose.Closed(d))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// oneCallerOnly tells a function or method that one caller at most calls
// (a type is named, not called, and is judged by its rank alone).
func oneCallerOnly(e *sdk.EntityModel) bool {
	return callable(e.GetKind()) && max(int(e.GetCallers()), len(dedupe(e.GetTopCallers()))) < 2
}

// callable tells the kinds of definitions a call runs.
func callable(kind string) bool {
	switch kind {
	case "function", "method", "constructor", "macro":
		return true
	}
	return false
}

// Risk levels worth a warning, most severe first.
var dangerLevels = map[string]int{"critical": 3, "high": 2, "medium": 1}

// dangerZones lists files at medium risk or above with the core's typed
// reasons and recommendations.
func (x *index) dangerZones() string {
	n := x.limit("danger")
	var risky []*sdk.FileModel
	for _, f := range x.m.GetFiles() {
		if dangerLevels[level(f)] > 0 && f.GetPath() != "" {
			risky = append(risky, f)
		}
	}
	if len(risky) == 0 {
		return ""
	}
	sort.SliceStable(risky, func(i, j int) bool {
		li, lj := dangerLevels[level(risky[i])], dangerLevels[level(risky[j])]
		if li != lj {
			return li > lj
		}
		if c := cmpDesc(risky[i].GetRisk().GetScore(), risky[j].GetRisk().GetScore()); c != 0 {
			return c < 0
		}
		return risky[i].GetPath() < risky[j].GetPath()
	})

	if n == 0 {
		// Cut for the word budget: what is there stays said, in a line
		// (vite's 40 commands left no room, and its 176 risky files went
		// unmentioned).
		counts := map[string]int{}
		for _, f := range risky {
			counts[level(f)]++
		}
		var parts []string
		for _, l := range []string{"critical", "high", "medium"} {
			if counts[l] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[l], l))
			}
		}
		var top []string
		for _, f := range risky[:min(minEntries, len(risky))] {
			top = append(top, code(f.GetPath()))
		}
		return fmt.Sprintf("%s at medium risk or above (%s); the riskiest: %s. `homer risk-check FILE` gives a file's reasons before you edit it.\n",
			count(len(risky), "file", "files"), strings.Join(parts, ", "), joinAnd(top))
	}
	if n < 0 {
		return "" // left out for the word budget, after its line
	}
	var b strings.Builder
	b.WriteString("Files at medium risk or above")
	if t := x.m.GetRiskThreshold(); t > 0 {
		fmt.Fprintf(&b, " (`homer risk-check` fails above %.2f)", t)
	}
	b.WriteString(". Before editing one, read its dependents and run its tests.\n\n")
	for i, f := range risky {
		if i == n {
			fmt.Fprintf(&b, "\n%d more files at medium risk or above are not shown.\n", len(risky)-i)
			break
		}
		r := f.GetRisk()
		fmt.Fprintf(&b, "- **%s** %s (risk %.2f)\n", level(f), code(f.GetPath()), r.GetScore())
		for _, reason := range sortedReasons(r.GetReasons()) {
			b.WriteString("  - " + humanize(reason.GetType()))
			if d := oneLine(reason.GetDetail()); d != "" {
				b.WriteString(": " + d)
			}
			b.WriteString("\n")
		}
		if recs := recommendations(r.GetRecommendations()); recs != "" {
			b.WriteString("  - Recommended: " + recs + "\n")
		}
	}
	return b.String()
}

// recommendations joins a file's recommendations in one line, each clause
// once: two reasons may both advise "consider splitting it".
func recommendations(recs []string) string {
	var clauses []string
	seen := map[string]bool{}
	for _, rec := range recs {
		for _, c := range strings.Split(oneLine(rec), "; ") {
			c = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(c), "."))
			if key := strings.ToLower(c); c != "" && !seen[key] {
				seen[key] = true
				if r := []rune(c); len(clauses) > 0 && len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
					c = string(unicode.ToLower(r[0])) + string(r[1:]) // "...; keep", not "...; Keep"
				}
				clauses = append(clauses, c)
			}
		}
	}
	if len(clauses) == 0 {
		return ""
	}
	return strings.Join(clauses, "; ") + "."
}

func level(f *sdk.FileModel) string {
	return strings.ToLower(strings.TrimSpace(f.GetRisk().GetLevel()))
}

func sortedReasons(rs []*sdk.RiskReason) []*sdk.RiskReason {
	out := append([]*sdk.RiskReason(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool {
		if c := cmpDesc(out[i].GetWeight(), out[j].GetWeight()); c != 0 {
			return c < 0
		}
		if out[i].GetType() != out[j].GetType() {
			return out[i].GetType() < out[j].GetType()
		}
		return out[i].GetDetail() < out[j].GetDetail()
	})
	return out
}

// humanize turns a reason type such as "knowledge-silo" into "knowledge silo".
func humanize(t string) string {
	t = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(t))
	if t == "" {
		return "risk"
	}
	return t
}

// sortedFiles orders files by by, ties broken by path, then by their
// place in files: what a stable sort gives. It sorts their places with
// the unstable generic sort, which that last tie-break makes exact: a
// stable sort's merges took several times the comparisons (0.05-0.17 s of
// the renderer's CPU on spring-boot's 11,900 files, two sorts a render).
func sortedFiles(files []*sdk.FileModel, by func(a, b *sdk.FileModel) int) []*sdk.FileModel {
	order := make([]int32, len(files))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := files[i], files[j]
		if c := by(a, b); c != 0 {
			return c
		}
		if c := strings.Compare(a.GetPath(), b.GetPath()); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	out := make([]*sdk.FileModel, len(files))
	for k, i := range order {
		out[k] = files[i]
	}
	return out
}

// cmpDesc orders larger numbers first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func cleanModule(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return "."
	}
	return p
}

// moduleRef writes a module path with a trailing slash: it is a directory,
// and must never read as a file.
func moduleRef(p string) string {
	p = cleanModule(p)
	if p == "." {
		return "`./`"
	}
	return cell(code(p + "/"))
}

// code wraps s in a code span, with a longer fence when s holds backticks.
// Control characters (a line break in a file name) are written as escapes:
// a name must never add lines to what an agent reads.
func code(s string) string {
	s = escapeControls(s)
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	fence := "``"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + " " + s + " " + fence
}

// escapeControls writes control characters as Go-style escapes (\n, \x1b).
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func codes(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = code(s)
	}
	return out
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

// oneLine folds a multi-line value (a CI `run:` block, say) into one line;
// lines of a script run one after the other, as with &&.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\\\n", " ")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " && ")
}

// excerpt returns the first sentence of a doc comment, at most n runes.
func excerpt(doc string, n int) string {
	doc = strings.TrimSpace(doc)
	for {
		// A provenance or licence line over the doc is not its lead
		// (cast's indirect: "From html/template/content.go", "Copyright
		// 2011 The Go Authors.").
		first, rest, ok := strings.Cut(doc, "\n")
		if !ok || !provenanceLine.MatchString(strings.TrimSpace(first)) {
			break
		}
		doc = strings.TrimSpace(rest)
	}
	if first, rest, ok := strings.Cut(doc, "\n"); ok && signatureLine.MatchString(strings.TrimSpace(first)) && strings.TrimSpace(rest) != "" {
		doc = rest // the signature a docstring repeats: "__replace__(*, epoch=..., release=...)"
	}
	if i := strings.Index(doc, "\n"); i >= 0 {
		// An example's session ends the prose before it: more-itertools'
		// chunked says "Break *iterable* into lists of length *n*:" over
		// ">>> list(chunked(...))".
		if j := strings.Index(doc[i:], ">>>"); j >= 0 && strings.TrimSpace(doc[i:][strings.LastIndex(doc[i:i+j], "\n")+1:j]) == "" {
			doc = strings.TrimSpace(doc[:i+j])
			if strings.HasSuffix(doc, ":") {
				doc = strings.TrimSuffix(doc, ":") + "."
			}
		}
	}
	s := strings.Join(strings.Fields(doc), " ")
	if s == "" {
		return ""
	}
	if i := prose.SentenceEnd(s); i >= 0 {
		s = s[:i+1]
	}
	if r := []rune(s); len(r) > n {
		s = strings.TrimRight(string(r[:n-1]), " ,;:") + "…"
	}
	return s
}

// provenanceLine says where code came from or under which licence, not
// what it does.
var provenanceLine = regexp.MustCompile(`(?i)^(?:copyright\b|\(c\)|©|spdx-license|licensed under|(?:taken |adapted |copied )?from \S+/\S+$)`)

// signatureLine is a doc's first line that only repeats the call's
// signature: "name(args)", perhaps with a result ("-> Version").
var signatureLine = regexp.MustCompile(`^[A-Za-z_][\w.]*\(.*\)(?:\s*->\s*\S.*)?$`)

// listMore joins items and says how many of total are not shown.
func listMore(items []string, most, total int) string {
	shown := items
	if len(shown) > most {
		shown = shown[:most]
	}
	s := strings.Join(shown, ", ")
	if rest := total - len(shown); rest > 0 {
		s += fmt.Sprintf(" and %d more", rest)
	}
	return s
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// small formats a centrality value, which is tiny on large graphs.
func small(v float64) string {
	if v < 0.001 {
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", v)
}

// date formats Unix seconds as a UTC calendar date.
func date(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.DateOnly) }

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
