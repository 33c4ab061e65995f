package pipeline

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// callConfidences renders a graph's calls as "caller -> callee" with their
// confidence.
func callConfidences(g *Graph) map[string]float64 {
	calls := map[string]float64{}
	for k, l := range g.Calls {
		calls[g.Defs[k[0]].Node()+" -> "+g.Defs[k[1]].Node()] = l.Confidence
	}
	return calls
}

func def(name, qn, kind string, line int32) *sdk.Definition {
	return &sdk.Definition{Name: name, QualifiedName: qn, Kind: kind, Span: &sdk.Span{StartLine: line, EndLine: line + 2}}
}

// A known call graph across Go packages and Python modules.
func TestResolveCalls(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "core/util.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{
			def("Helper", "core.Helper", "function", 3), def("inner", "core.inner", "function", 9)},
			Calls: []*sdk.Call{{Name: "inner", Caller: "core.Helper", Line: 4}, {Name: "sibling", Caller: "core.inner", Line: 10}}},
		{Path: "core/more.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{def("sibling", "core.sibling", "function", 1)}},
		{Path: "svc/a.go", Package: "svc", PackageScope: true, Definitions: []*sdk.Definition{def("Run", "svc.Run", "function", 5)},
			Imports: []*sdk.Import{{Spec: "example.com/x/core", Alias: "core"}},
			Calls: []*sdk.Call{{Name: "Helper", Qualifier: "core", Caller: "svc.Run", Line: 6},
				{Name: "Println", Qualifier: "fmt", Caller: "svc.Run", Line: 7},
				{Name: "sibling", Caller: "svc.Run", Line: 8}}}, // not visible from svc: unresolved
		{Path: "pylib/base.py", Definitions: []*sdk.Definition{def("helper", "pylib.base.helper", "function", 1)}},
		{Path: "pylib/feature.py", Definitions: []*sdk.Definition{def("run", "pylib.feature.run", "function", 3)},
			Imports: []*sdk.Import{{Spec: "pylib.base", Names: []string{"helper"}}},
			Calls:   []*sdk.Call{{Name: "helper", Caller: "pylib.feature.run", Line: 4}}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"svc/a.go":         {{FromPath: "svc/a.go", Spec: "example.com/x/core", ToPaths: []string{"core/more.go", "core/util.go"}}},
		"pylib/feature.py": {{FromPath: "pylib/feature.py", Spec: "pylib.base", ToPaths: []string{"pylib/base.py"}}},
	}
	g := Resolve(facts, imports)
	calls := callConfidences(g)
	require.Equal(t, map[string]float64{
		"core/util.go#core.Helper -> core/util.go#core.inner":                   viaConfidence[viaScope],
		"core/util.go#core.inner -> core/more.go#core.sibling":                  viaConfidence[viaScope],
		"svc/a.go#svc.Run -> core/util.go#core.Helper":                          viaConfidence[viaImport],
		"pylib/feature.py#pylib.feature.run -> pylib/base.py#pylib.base.helper": viaConfidence[viaImport],
	}, calls)
	require.Contains(t, g.Imports, [2]string{"svc/a.go", "core/util.go"})
	require.Contains(t, g.FileCalls, [2]string{"core/util.go", "core/more.go"})
	require.NotContains(t, g.FileCalls, [2]string{"svc/a.go", "core/more.go"}, "an unqualified call never crosses packages")
}

// Names resolve within the caller's language only.
func TestResolveStaysInLanguage(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "tools/gen.go", Language: "go", Package: "tools", PackageScope: true, Definitions: []*sdk.Definition{
			def("render", "tools.render", "function", 3), def("setup", "tools.setup", "function", 9)}},
		{Path: "tools/run.py", Language: "python", Definitions: []*sdk.Definition{
			def("main", "tools.run.main", "function", 1), def("setup", "tools.run.setup", "function", 8)},
			Calls: []*sdk.Call{{Name: "render", Caller: "tools.run.main", Line: 2}, {Name: "setup", Caller: "tools.run.main", Line: 3}}},
		{Path: "tools/other.py", Language: "python", Definitions: []*sdk.Definition{def("go", "tools.other.go", "function", 1)},
			Calls: []*sdk.Call{{Name: "setup", Caller: "tools.other.go", Line: 2}}},
	}
	g := Resolve(facts, nil)
	calls := map[string]bool{}
	for k := range g.Calls {
		calls[g.Defs[k[0]].Node()+" -> "+g.Defs[k[1]].Node()] = true
	}
	require.Equal(t, map[string]bool{
		"tools/run.py#tools.run.main -> tools/run.py#tools.run.setup":   true,
		"tools/other.py#tools.other.go -> tools/run.py#tools.run.setup": true, // unique among Python names
	}, calls, "render is a Go function: the Python call stays unresolved")
}

func TestReconcile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fresh := []byte(GeneratedMarker + " -->\n# New\n")

	// No file yet: written as is.
	target, out, err := reconcile(dir+"/A.md", fresh, "auto", false)
	require.NoError(t, err)
	require.Equal(t, dir+"/A.md", target)
	require.Equal(t, fresh, out)

	// Homer's own file: preserve blocks carried over.
	old := GeneratedMarker + " -->\n# Old\n" + preserveOpen + "\nmy notes\n" + preserveClose + "\n"
	require.NoError(t, writeFileAtomic(dir+"/B.md", []byte(old)))
	target, out, err = reconcile(dir+"/B.md", fresh, "auto", false)
	require.NoError(t, err)
	require.Equal(t, dir+"/B.md", target)
	require.Contains(t, string(out), "# New")
	require.Contains(t, string(out), preserveOpen+"\nmy notes\n"+preserveClose)

	// A human's file: auto writes beside it, merge inserts, overwrite replaces.
	human := []byte("# Our guide\nRules.\n")
	require.NoError(t, writeFileAtomic(dir+"/AGENTS.md", human))
	target, _, err = reconcile(dir+"/AGENTS.md", fresh, "auto", false)
	require.NoError(t, err)
	require.Equal(t, dir+"/AGENTS.homer.md", target)
	target, out, err = reconcile(dir+"/AGENTS.md", fresh, "merge", false)
	require.NoError(t, err)
	require.Equal(t, dir+"/AGENTS.md", target)
	require.Equal(t, "# Our guide\nRules.\n\n"+mergeOpen+"\n"+string(fresh[:len(fresh)-1])+"\n"+mergeClose+"\n", string(out))
	again := mergeInto(out, []byte("second\n"))
	require.Equal(t, "# Our guide\nRules.\n\n"+mergeOpen+"\nsecond\n"+mergeClose+"\n", string(again), "a second merge replaces the section")
	_, out, err = reconcile(dir+"/AGENTS.md", fresh, "overwrite", false)
	require.NoError(t, err)
	require.Equal(t, fresh, out)
}

// A human's guide under another case of the name is the file Homer would
// write: it goes beside it, not into a second guide.
func TestCaseVariant(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.Equal(t, dir+"/AGENTS.md", caseVariant(dir+"/AGENTS.md"), "nothing there")
	require.NoError(t, writeFileAtomic(dir+"/agents.md", []byte("# Ours\n")))
	target := caseVariant(dir + "/AGENTS.md")
	require.Equal(t, dir+"/agents.md", target)
	target, _, err := reconcile(target, []byte(GeneratedMarker+" -->\n# New\n"), "auto", false)
	require.NoError(t, err)
	require.Equal(t, dir+"/agents.homer.md", target)
	require.NoError(t, writeFileAtomic(dir+"/AGENTS.md", []byte("# Theirs\n")))
	require.Equal(t, dir+"/AGENTS.md", caseVariant(dir+"/AGENTS.md"), "the name itself, where it is")
}

func TestSafeJoin(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "/etc/passwd", "../x", "a/../../x"} {
		_, err := safeJoin("/out", bad)
		require.Error(t, err, bad)
	}
	p, err := safeJoin("/out", "docs/AGENTS.md")
	require.NoError(t, err)
	require.Equal(t, "/out/docs/AGENTS.md", p)
}

// A name a package re-exports from one of its modules resolves to the
// module, whether called through the package or imported from it.
func TestResolveFollowsReexports(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "pkg/__init__.py", Imports: []*sdk.Import{{Spec: ".app", Names: []string{"Flask"}, Alias: "Flask"}}},
		{Path: "pkg/app.py", Definitions: []*sdk.Definition{def("Flask", "pkg.app.Flask", "class", 1)}},
		{Path: "tests/test_basic.py", IsTest: true, Definitions: []*sdk.Definition{def("test_a", "tests.test_basic.test_a", "function", 1),
			def("test_b", "tests.test_basic.test_b", "function", 5)},
			Imports: []*sdk.Import{{Spec: "pkg", Alias: "pkg"}, {Spec: "pkg", Names: []string{"Flask"}}},
			Calls: []*sdk.Call{{Name: "Flask", Qualifier: "pkg", Caller: "tests.test_basic.test_a", Line: 2, Constructor: true},
				{Name: "Flask", Caller: "tests.test_basic.test_b", Line: 6, Constructor: true}}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"pkg/__init__.py":     {{FromPath: "pkg/__init__.py", Spec: ".app", ToPaths: []string{"pkg/app.py"}}},
		"tests/test_basic.py": {{FromPath: "tests/test_basic.py", Spec: "pkg", ToPaths: []string{"pkg/__init__.py"}}},
	}
	g := Resolve(facts, imports)
	calls := callConfidences(g)
	require.Equal(t, map[string]float64{
		"tests/test_basic.py#tests.test_basic.test_a -> pkg/app.py#pkg.app.Flask": viaConfidence[viaImport],
		"tests/test_basic.py#tests.test_basic.test_b -> pkg/app.py#pkg.app.Flask": viaConfidence[viaImport],
	}, calls)
	require.Contains(t, g.FileCalls, [2]string{"tests/test_basic.py", "pkg/app.py"})

	// The test imports the package and calls into the module: it tests both.
	// Its plugin said it is a test; the path's reading is not asked.
	files := []HeadFile{{Path: "pkg/__init__.py", Language: "python"}, {Path: "pkg/app.py", Language: "python"},
		{Path: "tests/test_basic.py", Language: "python"}}
	require.Equal(t, map[string][]string{"tests/test_basic.py": {"pkg/__init__.py", "pkg/app.py"}}, linkTests(files, g).Targets())
}

// A subpackage imported from its parent under another name (`from top
// import pkg as p`) is the package: a name it re-exports, called through
// the alias, resolves to the module defining it.
func TestResolveSubpackageAlias(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "top/pkg/__init__.py", Imports: []*sdk.Import{{Spec: ".headers", Names: []string{"Headers"}, Alias: "Headers"}}},
		{Path: "top/pkg/headers.py", Definitions: []*sdk.Definition{def("Headers", "top.pkg.headers.Headers", "class", 1)}},
		{Path: "tests/test_pkg.py", IsTest: true, Definitions: []*sdk.Definition{def("test_a", "tests.test_pkg.test_a", "function", 1)},
			Imports: []*sdk.Import{{Spec: "top", Names: []string{"pkg"}, Alias: "p"}},
			Calls:   []*sdk.Call{{Name: "Headers", Qualifier: "p", Caller: "tests.test_pkg.test_a", Line: 2, Constructor: true}}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"top/pkg/__init__.py": {{FromPath: "top/pkg/__init__.py", Spec: ".headers", ToPaths: []string{"top/pkg/headers.py"}}},
		"tests/test_pkg.py":   {{FromPath: "tests/test_pkg.py", Spec: "top", ToPaths: []string{"top/pkg/__init__.py"}}},
	}
	g := Resolve(facts, imports)
	require.Equal(t, map[string]float64{
		"tests/test_pkg.py#tests.test_pkg.test_a -> top/pkg/headers.py#top.pkg.headers.Headers": viaConfidence[viaImport],
	}, callConfidences(g))

	// A class named as its package, imported from a module the spec names
	// (tqdm's `from .std import tqdm as std_tqdm` in tqdm/gui.py), is the
	// class, not the package.
	facts = []*sdk.FileFacts{
		{Path: "tqdm/std.py", Definitions: []*sdk.Definition{def("tqdm", "tqdm.std.tqdm", "class", 1)}},
		{Path: "tqdm/gui.py", Definitions: []*sdk.Definition{def("close", "tqdm.gui.close", "function", 1)},
			Imports: []*sdk.Import{{Spec: ".std", Level: 1, Names: []string{"tqdm"}, Alias: "std_tqdm"}},
			Calls:   []*sdk.Call{{Name: "std_tqdm", Caller: "tqdm.gui.close", Line: 2, Constructor: true}}},
	}
	imports = map[string][]*sdk.ResolvedImport{"tqdm/gui.py": {{FromPath: "tqdm/gui.py", Spec: ".std", ToPaths: []string{"tqdm/std.py"}}}}
	require.Equal(t, map[string]float64{
		"tqdm/gui.py#tqdm.gui.close -> tqdm/std.py#tqdm.std.tqdm": viaConfidence[viaImport],
	}, callConfidences(Resolve(facts, imports)))
}

// firstSentence reads only as far as it needs, and gives what joining all
// of a doc's words and cutting at the first ". " gives: on random docs of
// words, dots, spaces of every kind, non-ASCII and invalid bytes, short and
// past the 200-byte limit.
func TestFirstSentenceAsJoiningAllWords(t *testing.T) {
	t.Parallel()
	joined := func(doc string) string {
		doc = strings.Join(strings.Fields(doc), " ")
		if i := strings.Index(doc, ". "); i > 0 {
			doc = doc[:i+1]
		}
		if len(doc) > 200 {
			doc = doc[:197] + "..."
		}
		return doc
	}
	pieces := []string{"a", "word", ".", "end.", "e.g.", " ", "  ", "\n", "\t", "\u00a0", "\u0085", "\u2003", "é", "日本", "\xff", "x.y", ". ", "..."}
	rng := rand.New(rand.NewPCG(1, 2))
	docs := []string{"", " ", ".", ". x", ". x. y", "A. B", "A.B. C", strings.Repeat("ab ", 80), strings.Repeat("é", 150) + ". x",
		strings.Repeat("w ", 99) + "z. y", strings.Repeat("w ", 99) + "zz. y", strings.Repeat("w ", 100) + "z. y"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(120) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		docs = append(docs, b.String())
	}
	for _, doc := range docs {
		require.Equal(t, joined(doc), sentence(doc), "%q", doc)
	}
}

// Markup that names code by its role reads as code.
func TestFirstSentenceWritesRolesAsCode(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		"A parameter is either\n    :class:`Option`\\s or :class:`Argument`\\s.  Others are not.": "A parameter is either `Option`s or `Argument`s.",
		"Calls :meth:`~click.Context.invoke` and :py:func:`echo <click.echo>`.":                   "Calls `click.Context.invoke` and `echo`.",
		"Plain words: a ratio 3:4 and `code`.":                                                    "Plain words: a ratio 3:4 and `code`.",
		// Block tags end the prose.
		"Add route\n\n@param string[] $methods Array of HTTP methods\n@return RouteInterface": "Add route",
		"Resolve $toResolve into a callable\n  @param string|callable $toResolve":             "Resolve $toResolve into a callable",
		"@inheritDoc":                  "",
		"Mail me at x@y.z\nor @ once.": "Mail me at x@y.z or @ once.",
	} {
		require.Equal(t, want, firstSentence(doc), doc)
	}
}

// A file's own test code still calls what it calls, but links the file to
// nothing: a library's unit tests may use the crate built on it.
func TestTestCodeLinksNoFile(t *testing.T) {
	t.Parallel()
	unit := def("unit", "parts.unit", "module", 5)
	unit.Test = true
	routes := def("routes", "parts.unit.routes", "function", 6)
	routes.Test = true
	facts := []*sdk.FileFacts{
		{Path: "core/src/parts.rs", Definitions: []*sdk.Definition{def("extract", "parts.extract", "function", 1), unit, routes},
			Imports: []*sdk.Import{{Spec: "crate::body", Alias: "body"}, {Spec: "web::router", Alias: "router", Test: true}},
			Calls: []*sdk.Call{{Name: "new", Qualifier: "body", Caller: "parts.extract", Line: 2},
				{Name: "route", Qualifier: "router", Caller: "parts.unit.routes", Line: 7}}},
		{Path: "core/src/body.rs", Definitions: []*sdk.Definition{def("new", "body.new", "function", 1)}},
		{Path: "web/src/router.rs", Definitions: []*sdk.Definition{def("route", "router.route", "function", 1)}},
	}
	imports := map[string][]*sdk.ResolvedImport{"core/src/parts.rs": {
		{FromPath: "core/src/parts.rs", Spec: "crate::body", ToPaths: []string{"core/src/body.rs"}},
		{FromPath: "core/src/parts.rs", Spec: "web::router", ToPaths: []string{"web/src/router.rs"}}}}
	g := Resolve(facts, imports)
	require.Contains(t, callConfidences(g), "core/src/parts.rs#parts.unit.routes -> web/src/router.rs#router.route", "the test still calls it")
	require.Contains(t, g.Imports, [2]string{"core/src/parts.rs", "core/src/body.rs"})
	require.Contains(t, g.FileCalls, [2]string{"core/src/parts.rs", "core/src/body.rs"})
	require.NotContains(t, g.Imports, [2]string{"core/src/parts.rs", "web/src/router.rs"}, "the tests' import")
	require.NotContains(t, g.FileCalls, [2]string{"core/src/parts.rs", "web/src/router.rs"}, "the tests' call")
}

// An import the file's project gives it (not written in the file) links
// the file only to what it uses there: a file using nothing of the
// namespace depends on none of its files.
func TestImplicitImportLinksWhatIsUsed(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "src/App/Profile.cs", Definitions: []*sdk.Definition{def("Create", "App.Profile.Create", "method", 3)},
			Imports: []*sdk.Import{{Spec: "App.Configuration", Implicit: true}},
			Calls:   []*sdk.Call{{Name: "MappingExpression", Caller: "App.Profile.Create", Line: 4, Constructor: true}}},
		{Path: "src/App/Color.cs", Definitions: []*sdk.Definition{def("Color", "App.Color", "class", 1)},
			Imports: []*sdk.Import{{Spec: "App.Configuration", Implicit: true}}},
		{Path: "src/App/Configuration/MappingExpression.cs", Definitions: []*sdk.Definition{def("MappingExpression", "App.Configuration.MappingExpression", "class", 1)}},
		{Path: "src/App/Configuration/Conventions.cs", Definitions: []*sdk.Definition{def("Conventions", "App.Configuration.Conventions", "class", 1)}},
	}
	ns := []string{"src/App/Configuration/Conventions.cs", "src/App/Configuration/MappingExpression.cs"}
	imports := map[string][]*sdk.ResolvedImport{
		"src/App/Profile.cs": {{FromPath: "src/App/Profile.cs", Spec: "App.Configuration", ToPaths: ns}},
		"src/App/Color.cs":   {{FromPath: "src/App/Color.cs", Spec: "App.Configuration", ToPaths: ns}},
	}
	g := Resolve(facts, imports)
	require.Contains(t, g.Imports, [2]string{"src/App/Profile.cs", "src/App/Configuration/MappingExpression.cs"})
	require.NotContains(t, g.Imports, [2]string{"src/App/Profile.cs", "src/App/Configuration/Conventions.cs"})
	for k := range g.Imports {
		require.NotEqual(t, "src/App/Color.cs", k[0], "Color.cs uses nothing of the namespace")
	}
}

// A leading visibility marker is no part of what a definition does.
func TestFirstSentenceWithoutVisibility(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		"Public: Fetch the logger instance for this Jekyll process.\n\nReturns the LogAdapter.": "Fetch the logger instance for this Jekyll process.",
		"Internal: Sort the pages.":       "Sort the pages.",
		"Public":                          "",
		"Public\nBuilds the options.":     "Builds the options.",
		"Publication date of the post.":   "Publication date of the post.",
		"Private keys are never logged.":  "Private keys are never logged.",
		"Returns the Public key, or nil.": "Returns the Public key, or nil.",
		// A section's heading is no definition's doc (spdlog's
		// "// protected methods" above logger::log_it_).
		"protected methods":             "",
		"Private helpers:":              "",
		"--- Accessors ---":             "",
		"Public API for the cache.":     "Public API for the cache.",
		"Helpers that parse the flags.": "Helpers that parse the flags.",
	} {
		require.Equal(t, want, firstSentence(doc), doc)
	}
}
