package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func member(name, owner, kind string, line int32) *sdk.Definition {
	d := def(name, owner+"."+name, kind, line)
	d.Receiver = owner
	return d
}

func typed(d *sdk.Definition, ref string) *sdk.Definition { d.Type = ref; return d }

func based(d *sdk.Definition, bases ...string) *sdk.Definition { d.Bases = bases; return d }

// The generic model: members only through owners, builtins, external
// modules, receivers through parameters, fields, results and bases, super,
// dispatch, constructors, variants, declarations and namespace imports.
// The facts are those of no language in particular.
func TestResolveByMeaning(t *testing.T) {
	t.Parallel()
	store := based(def("Store", "Store", "class", 1), "Base")
	store.Fields = []*sdk.Field{{Name: "buf", Type: "Buf"}}
	iface := def("Closer", "Closer", "interface", 40)
	iface.Structural = true
	closeDecl := member("Close", "Closer", "method", 41)
	closeDecl.Abstract = true
	facts := []*sdk.FileFacts{
		{Path: "lib/store.x", Language: "x", Definitions: []*sdk.Definition{
			def("Base", "Base", "class", 30), member("Flush", "Base", "method", 31), member("Init", "Base", "method", 32),
			store, member("Init", "Store", "method", 3), member("len", "Store", "method", 5),
			member("Store", "Store", "constructor", 7),
			def("Buf", "Buf", "class", 10), member("Close", "Buf", "method", 11), member("Write", "Buf", "method", 12),
			def("File", "File", "class", 20), member("Close", "File", "method", 21),
			typed(def("Open", "Open", "function", 25), "Store"),
			iface, closeDecl}},
		{Path: "app/main.x", Language: "x", Definitions: []*sdk.Definition{
			def("main", "main", "function", 1), def("dumps", "dumps", "function", 9),
			def("Caller", "Caller", "class", 12), typed(member("run", "Caller", "method", 13), ""),
			member("Init", "Caller", "method", 14)},
			Imports: []*sdk.Import{{Spec: "lib/store", Names: []string{"Store", "Open", "Closer"}}, {Spec: "json", Alias: "json"}},
			Calls: []*sdk.Call{
				{Name: "len", Caller: "main", Builtin: true},                                // never Store.len
				{Name: "dumps", Qualifier: "json", Caller: "main"},                          // external, never app's dumps
				{Name: "Open", Caller: "main"},                                              // imported function
				{Name: "Close", Qualifier: "s.buf", Receiver: "Open().buf", Caller: "main"}, // result type, field
				{Name: "Flush", Qualifier: "s", Receiver: "Store", Caller: "main"},          // inherited
				{Name: "Store", Caller: "main", Constructor: true},                          // constructor
				{Name: "Close", Qualifier: "c", Receiver: "Closer", Caller: "Caller.run"},   // dispatch
				{Name: "Init", Qualifier: "super", Receiver: "^Store", Caller: "main"},      // only the base's
				{Name: "Write", Qualifier: "mystery", Caller: "main"},                       // one Write: a guess
				{Name: "Close", Qualifier: "mystery", Caller: "main"},                       // two: no guess
			}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"app/main.x": {{Spec: "lib/store", ToPaths: []string{"lib/store.x"}}, {Spec: "json", External: true}},
	}
	g := Resolve(facts, imports)
	require.Equal(t, map[string]float64{
		"app/main.x#main -> lib/store.x#Open":               viaConfidence[viaImport],
		"app/main.x#main -> lib/store.x#Buf.Close":          viaConfidence[viaReceiver],
		"app/main.x#main -> lib/store.x#Base.Flush":         viaConfidence[viaReceiver],
		"app/main.x#main -> lib/store.x#Store.Store":        viaConfidence[viaImport],
		"app/main.x#main -> lib/store.x#Base.Init":          viaConfidence[viaReceiver],
		"app/main.x#main -> lib/store.x#Buf.Write":          viaConfidence[viaName],
		"app/main.x#Caller.run -> lib/store.x#Closer.Close": viaConfidence[viaReceiver],
		"app/main.x#Caller.run -> lib/store.x#Buf.Close":    viaConfidence[viaDispatch] / 2, // one of two
		"app/main.x#Caller.run -> lib/store.x#File.Close":   viaConfidence[viaDispatch] / 2,
	}, callConfidences(g))
	require.Equal(t, 1, g.Unresolved["builtin"])
	require.Equal(t, 1, g.Unresolved["external"])
}

// Variants lose to the default build; declarations forward to their
// definitions; repeats stay apart; an import of several files links to the
// ones used; a spec naming a namespace resolves through the files declaring it.
func TestResolveVariantsDeclarationsNamespaces(t *testing.T) {
	t.Parallel()
	decl := def("hash", "hash", "function", 1)
	decl.Declaration = true
	facts := []*sdk.FileFacts{
		{Path: "labels/a.x", Language: "x", PackageScope: true, Namespace: "labels",
			Definitions: []*sdk.Definition{def("New", "New", "function", 1), def("init", "init", "function", 5), def("init", "init", "function", 9)}},
		{Path: "labels/b.x", Language: "x", PackageScope: true, Namespace: "labels", Variant: true,
			Definitions: []*sdk.Definition{def("New", "New", "function", 1)}},
		{Path: "labels/c.x", Language: "x", PackageScope: true, Namespace: "labels",
			Definitions: []*sdk.Definition{def("Other", "Other", "function", 1)}},
		{Path: "inc/h.y", Language: "y", LinkGroup: "xy", Definitions: []*sdk.Definition{decl}},
		{Path: "src/h.x2", Language: "y2", LinkGroup: "xy", Definitions: []*sdk.Definition{def("hash", "hash", "function", 3)}},
		{Path: "src/use.y", Language: "y", LinkGroup: "xy", Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Imports: []*sdk.Import{{Spec: "h.y"}}, Calls: []*sdk.Call{{Name: "hash", Caller: "main"}}},
		{Path: "cmd/run.x", Language: "x", PackageScope: true, Namespace: "cmd",
			Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Imports:     []*sdk.Import{{Spec: "labels", Alias: "labels"}},
			Calls:       []*sdk.Call{{Name: "New", Qualifier: "labels", Caller: "main"}}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"src/use.y": {{Spec: "h.y", ToPaths: []string{"inc/h.y"}}},
	}
	g := Resolve(facts, imports)
	calls := callConfidences(g)
	require.Equal(t, map[string]float64{
		"cmd/run.x#main -> labels/a.x#New": viaConfidence[viaImport],
		"src/use.y#main -> src/h.x2#hash":  viaConfidence[viaImport],
	}, calls)
	require.Equal(t, []string{"labels/a.x#New", "labels/a.x#init", "labels/a.x#init~2"}, g.NodeNames()[2:5])
	require.Contains(t, g.Imports, [2]string{"cmd/run.x", "labels/a.x"}, "the namespace import resolves through its files")
	require.NotContains(t, g.Imports, [2]string{"cmd/run.x", "labels/c.x"}, "only the files whose names are used")
}

// A variant's call through a declaration reaches the definition built
// beside it (the nearest directory, then the file name's last word), a
// default file's the default build's.
func TestVariantCallersReachTheirOwnBuild(t *testing.T) {
	t.Parallel()
	decl := def("translate", "translate", "function", 1)
	decl.Declaration = true
	use := func(p string, variant bool) *sdk.FileFacts {
		return &sdk.FileFacts{Path: p, Language: "y", LinkGroup: "xy", Variant: variant,
			Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Imports:     []*sdk.Import{{Spec: "h.y"}}, Calls: []*sdk.Call{{Name: "translate", Caller: "main"}}}
	}
	facts := []*sdk.FileFacts{
		{Path: "inc/h.y", Language: "y", LinkGroup: "xy", Definitions: []*sdk.Definition{decl}},
		{Path: "src/posix/core.y", Language: "y", LinkGroup: "xy", Definitions: []*sdk.Definition{def("translate", "translate", "function", 3)}},
		{Path: "src/win/error.y", Language: "y", LinkGroup: "xy", Variant: true, Definitions: []*sdk.Definition{def("translate", "translate", "function", 3)}},
		{Path: "port/env_windows.y", Language: "y", LinkGroup: "xy", Variant: true, Definitions: []*sdk.Definition{def("translate", "translate", "function", 9)}},
		{Path: "port/env_darwin.y", Language: "y", LinkGroup: "xy", Variant: true, Definitions: []*sdk.Definition{def("translate", "translate", "function", 9)}},
		use("src/win/tcp.y", true),
		use("src/posix/tcp.y", false),
		use("src/posix/tcp_darwin.y", true),
		use("port/fs_windows.y", true),
		{Path: "lib/a/Image.android.y", Language: "y", LinkGroup: "xy", Variant: true, Definitions: []*sdk.Definition{def("translate", "translate", "function", 9)}},
		{Path: "lib/b/Image.other.y", Language: "y", LinkGroup: "xy", Variant: true, Definitions: []*sdk.Definition{def("translate", "translate", "function", 9)}},
		use("app/View.android.y", true),
	}
	imports := map[string][]*sdk.ResolvedImport{}
	for _, f := range facts {
		if len(f.GetCalls()) == 0 {
			continue
		}
		imports[f.Path] = []*sdk.ResolvedImport{{Spec: "h.y", ToPaths: []string{"inc/h.y"}}}
	}
	calls := callConfidences(Resolve(facts, imports))
	require.Equal(t, map[string]float64{
		"src/win/tcp.y#main -> src/win/error.y#translate":            viaConfidence[viaImport],
		"src/posix/tcp.y#main -> src/posix/core.y#translate":         viaConfidence[viaImport],
		"src/posix/tcp_darwin.y#main -> src/posix/core.y#translate":  viaConfidence[viaImport],
		"port/fs_windows.y#main -> port/env_windows.y#translate":     viaConfidence[viaImport],
		"app/View.android.y#main -> lib/a/Image.android.y#translate": viaConfidence[viaImport],
	}, calls)
}

// Locals stay in their function, renamed imports bind the original name, a
// module imported from its package is the module, ^ works on any segment,
// "?" stops a qualifier from being read as a name, implicit receivers reach
// the owner's members before the file's scope, namespaces are values,
// declared constructors and overrides reach their definitions, and a call
// is credited to the overload whose span holds it.
func TestResolveScopesInDepth(t *testing.T) {
	t.Parallel()
	inner := def("index", "t1.index", "function", 2)
	inner2 := def("index", "t2.index", "function", 6)
	outer := def("Outer", "Outer", "class", 20)
	nested := based(member("Nested", "Outer", "class", 21), "Base")
	nested.QualifiedName = "Outer.Nested"
	ctorDecl := member("Shape", "geo.Shape", "constructor", 31)
	ctorDecl.Declaration = true
	virt := member("area", "geo.Shape", "method", 32)
	virt.Abstract = true
	virt.Declaration = true
	sqArea := member("area", "geo.Square", "method", 34)
	sqArea.Declaration = true
	describeDecl := member("describe", "geo.Shape", "method", 35)
	describeDecl.Declaration = true
	over1, over2 := def("write", "write", "function", 40), def("write", "write", "function", 44)
	over1.Span.EndLine, over2.Span.EndLine = 42, 46
	facts := []*sdk.FileFacts{
		{Path: "a.x", Language: "x", Definitions: []*sdk.Definition{def("t1", "t1", "function", 1), inner,
			def("t2", "t2", "function", 5), inner2, def("app", "app", "variable", 9), outer, nested,
			member("run", "Outer.Nested", "method", 22), def("Base", "Base", "class", 25), member("hello", "Base", "method", 26),
			over1, over2, def("flush", "flush", "function", 48)},
			Imports: []*sdk.Import{{Spec: "m", Names: []string{"Widget"}, Alias: "W"}, {Spec: "pkg", Names: []string{"cli"}}},
			Calls: []*sdk.Call{
				{Name: "index", Caller: "t1", Line: 3},                     // its own local
				{Name: "Widget", Caller: "t2", Line: 7, Constructor: true}, // not bound: renamed
				{Name: "W", Caller: "t2", Line: 7, Constructor: true},      // the renamed class
				{Name: "load", Qualifier: "cli", Caller: "t2", Line: 8},    // the module cli
				{Name: "hello", Qualifier: "super()", Receiver: "Outer.^Nested", Caller: "Outer.Nested.run", Line: 23},
				{Name: "start", Qualifier: "app", Receiver: "?", Caller: "t2", Line: 8}, // not a.x's app
				{Name: "flush", Caller: "write", Line: 41},                              // from the first write
			}},
		{Path: "m.x", Language: "x", Definitions: []*sdk.Definition{def("Widget", "Widget", "class", 1)}},
		{Path: "pkg/__init__.x", Language: "x"},
		{Path: "pkg/cli.x", Language: "x", Definitions: []*sdk.Definition{typed(def("cli", "cli", "variable", 1), "Group()"),
			def("load", "load", "function", 3), def("Group", "Group", "class", 5)}},
		{Path: "geo/shape.h", Language: "y", Namespace: "geo", ImplicitReceiver: true, Definitions: []*sdk.Definition{
			def("Shape", "geo.Shape", "class", 30), ctorDecl, virt, based(def("Square", "geo.Square", "class", 33), "Shape"), sqArea,
			describeDecl}},
		{Path: "geo/shape.cc", Language: "y", Namespace: "geo", ImplicitReceiver: true, Definitions: []*sdk.Definition{
			member("Shape", "geo.Shape", "constructor", 1), member("area", "geo.Square", "method", 5),
			member("describe", "geo.Shape", "method", 9), member("start", "geo.Shape", "method", 12)},
			Calls: []*sdk.Call{
				{Name: "describe", Caller: "geo.Shape.start", Line: 13}, // implicit receiver
				{Name: "Shape", Caller: "geo.Shape.start", Line: 14, Constructor: true},
			}},
		{Path: "app/main.cc", Language: "y", Namespace: "app", Definitions: []*sdk.Definition{def("main", "app.main", "function", 1)},
			Imports: []*sdk.Import{{Spec: "geo/shape.h"}},
			Calls:   []*sdk.Call{{Name: "area", Qualifier: "s", Receiver: "geo.Shape", Caller: "app.main", Line: 2}}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"a.x":         {{Spec: "m", ToPaths: []string{"m.x"}}, {Spec: "pkg", ToPaths: []string{"pkg/cli.x"}}},
		"app/main.cc": {{Spec: "geo/shape.h", ToPaths: []string{"geo/shape.h"}}},
	}
	g := Resolve(facts, imports)
	require.Equal(t, map[string]float64{
		"a.x#t1 -> a.x#t1.index":                                          viaConfidence[viaScope],
		"a.x#t2 -> m.x#Widget":                                            viaConfidence[viaImport],
		"a.x#t2 -> pkg/cli.x#load":                                        viaConfidence[viaImport],
		"a.x#Outer.Nested.run -> a.x#Base.hello":                          viaConfidence[viaReceiver],
		"a.x#write -> a.x#flush":                                          viaConfidence[viaScope],
		"geo/shape.cc#geo.Shape.start -> geo/shape.cc#geo.Shape.describe": viaConfidence[viaReceiver],
		"geo/shape.cc#geo.Shape.start -> geo/shape.cc#geo.Shape.Shape":    viaConfidence[viaReceiver],
		"app/main.cc#app.main -> geo/shape.h#geo.Shape.area":              viaConfidence[viaReceiver],
		"app/main.cc#app.main -> geo/shape.cc#geo.Square.area":            viaConfidence[viaDispatch],
	}, callConfidences(g))
	first := 0
	for i, d := range g.Defs {
		if d.Path == "a.x" && d.GetQualifiedName() == "write" {
			first = i
			break
		}
	}
	require.Contains(t, g.Calls, [2]int{first, nodeIndex(g, "a.x#flush")}, "the call is the first overload's")
}

func nodeIndex(g *Graph, node string) int {
	for i, n := range g.NodeNames() {
		if n == node {
			return i
		}
	}
	return -1
}

// Overloads are told apart by the arguments a call passes; those left
// are reached at dispatch confidence.
func TestResolveOverloadsByArguments(t *testing.T) {
	t.Parallel()
	one := member("write", "Out", "method", 2)
	one.MinArguments, one.MaxArguments = 2, 2
	two := member("write", "Out", "method", 3)
	two.MinArguments, two.MaxArguments = 3, 3
	vararg := member("log", "Out", "method", 4)
	vararg.MinArguments = 1
	logTwo := member("log", "Out", "method", 5)
	logTwo.MinArguments, logTwo.MaxArguments = 3, 3
	facts := []*sdk.FileFacts{{Path: "o.x", Language: "x", Definitions: []*sdk.Definition{
		def("Out", "Out", "class", 1), one, two, vararg, logTwo, def("main", "main", "function", 9)},
		Calls: []*sdk.Call{
			{Name: "write", Receiver: "Out", Caller: "main", Line: 10, Arguments: 3},
			{Name: "log", Receiver: "Out", Caller: "main", Line: 11, Arguments: 3},
		}}}
	g := Resolve(facts, nil)
	require.Equal(t, map[string]float64{
		"o.x#main -> o.x#Out.write~2": viaConfidence[viaReceiver],
		"o.x#main -> o.x#Out.log":     viaConfidence[viaDispatch] / 2, // one of two
		"o.x#main -> o.x#Out.log~2":   viaConfidence[viaDispatch] / 2,
	}, callConfidences(g))
}

// Overloads the call cannot tell apart are one file's: the file is used as
// surely as the call says, though which overload runs is not known
// (javapoet's TypeVariableName.get had four two-argument overloads and its
// file no dependent).
func TestOverloadsLinkTheirFile(t *testing.T) {
	t.Parallel()
	a := member("get", "Name", "method", 2)
	a.MinArguments, a.MaxArguments = 2, 2
	b := member("get", "Name", "method", 3)
	b.MinArguments, b.MaxArguments = 2, 2
	facts := []*sdk.FileFacts{
		{Path: "lib/Name.x", Language: "x", PackageScope: true, Namespace: "P", Definitions: []*sdk.Definition{def("Name", "Name", "class", 1), a, b}},
		{Path: "app/Use.x", Language: "x", PackageScope: true, Namespace: "P",
			Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Calls:       []*sdk.Call{{Name: "get", Receiver: "Name", Caller: "main", Line: 2, Arguments: 2}}},
	}
	g := Resolve(facts, nil)
	require.Equal(t, map[string]float64{
		"app/Use.x#main -> lib/Name.x#Name.get":   viaConfidence[viaDispatch] / 2,
		"app/Use.x#main -> lib/Name.x#Name.get~2": viaConfidence[viaDispatch] / 2,
	}, callConfidences(g), "which overload runs stays unsure")
	link := g.FileCalls[[2]string{"app/Use.x", "lib/Name.x"}]
	require.NotNil(t, link, "the file is used")
	require.InDelta(t, viaConfidence[viaReceiver], link.Confidence, 1e-9)
}

// Where the facts say so, the namespaces enclosing a file's are in scope.
func TestResolveNestedNamespaces(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "a/Util.x", Language: "x", PackageScope: true, Namespace: "A", Definitions: []*sdk.Definition{def("Util", "Util", "function", 1)}},
		{Path: "a/b/Use.x", Language: "x", PackageScope: true, Namespace: "A.B", NestedNamespaces: true,
			Definitions: []*sdk.Definition{def("main", "main", "function", 1)}, Calls: []*sdk.Call{{Name: "Util", Caller: "main", Line: 2}}},
		{Path: "c/Use.x", Language: "x", PackageScope: true, Namespace: "A.C",
			Definitions: []*sdk.Definition{def("main", "main", "function", 1)}, Calls: []*sdk.Call{{Name: "Util", Caller: "main", Line: 2}}},
	}
	require.Equal(t, map[string]float64{"a/b/Use.x#main -> a/Util.x#Util": viaConfidence[viaScope]}, callConfidences(Resolve(facts, nil)))
}

// A method guessed by name reaches a sibling module only where a directory
// shares its names (package scope) or files link through declarations; else
// the caller must import it.
func TestResolveGuessesStayWithinWhatIsVisible(t *testing.T) {
	t.Parallel()
	facts := func(pkg bool, group string) []*sdk.FileFacts {
		return []*sdk.FileFacts{
			{Path: "app/endpoints.x", Language: "x", PackageScope: pkg, LinkGroup: group,
				Definitions: []*sdk.Definition{def("Socket", "Socket", "class", 1), member("decode", "Socket", "method", 2)}},
			{Path: "app/headers.x", Language: "x", PackageScope: pkg, LinkGroup: group,
				Definitions: []*sdk.Definition{def("get", "get", "function", 1)},
				Calls:       []*sdk.Call{{Name: "decode", Qualifier: "raw", Caller: "get", Line: 2}}},
			{Path: "app/routes.x", Language: "x", PackageScope: pkg, LinkGroup: group,
				Definitions: []*sdk.Definition{def("route", "route", "function", 1)},
				Imports:     []*sdk.Import{{Spec: "app/endpoints", Names: []string{"Socket"}}},
				Calls:       []*sdk.Call{{Name: "decode", Qualifier: "ws", Caller: "route", Line: 2}}},
		}
	}
	imports := map[string][]*sdk.ResolvedImport{"app/routes.x": {{Spec: "app/endpoints", ToPaths: []string{"app/endpoints.x"}}}}
	guess := viaConfidence[viaName]
	require.Equal(t, map[string]float64{"app/routes.x#route -> app/endpoints.x#Socket.decode": guess},
		callConfidences(Resolve(facts(false, ""), imports)), "only the importer")
	both := map[string]float64{"app/routes.x#route -> app/endpoints.x#Socket.decode": guess, "app/headers.x#get -> app/endpoints.x#Socket.decode": guess}
	require.Equal(t, both, callConfidences(Resolve(facts(true, ""), imports)), "a package shares its names")
	require.Equal(t, both, callConfidences(Resolve(facts(false, "xy"), imports)), "files linked through declarations")
}

// A global import binds in every file of its group under the directory of
// the file writing it, and draws edges only to files used: the file writing
// it, and a file using nothing of it, import nothing through it; a file
// outside the directory is not reached.
func TestResolveGlobalImports(t *testing.T) {
	t.Parallel()
	global := []*sdk.Import{{Spec: "App.Events", Names: []string{"*"}, Global: true}}
	use := func(p, callee string) *sdk.FileFacts {
		f := &sdk.FileFacts{Path: p, Language: "x", PackageScope: true, Namespace: "App.Core",
			Definitions: []*sdk.Definition{def("main", "main", "function", 1)}}
		if callee != "" {
			f.Calls = []*sdk.Call{{Name: callee, Caller: "main", Line: 2}}
		}
		return f
	}
	facts := []*sdk.FileFacts{
		{Path: "src/App/Events/Event.x", Language: "x", PackageScope: true, Namespace: "App.Events",
			Definitions: []*sdk.Definition{def("Event", "Event", "function", 1)}},
		{Path: "src/App/Events/Level.x", Language: "x", PackageScope: true, Namespace: "App.Events",
			Definitions: []*sdk.Definition{def("Level", "Level", "function", 1)}},
		{Path: "src/App/GlobalUsings.x", Language: "x", Imports: global},
		use("src/App/Core/Logger.x", "Event"),
		use("src/App/Core/Idle.x", ""),
		use("other/Tool.x", "Event"),
	}
	g := Resolve(facts, nil)
	require.Equal(t, map[string]float64{"src/App/Core/Logger.x#main -> src/App/Events/Event.x#Event": viaConfidence[viaImport]},
		callConfidences(g))
	var edges [][2]string
	for k := range g.Imports {
		edges = append(edges, k)
	}
	require.Equal(t, [][2]string{{"src/App/Core/Logger.x", "src/App/Events/Event.x"}}, edges)
}

// Interfaces construct nothing; an alias constructs what it names, and a
// cycle of aliases ends; a super call's base that is an interface sends no
// constructor to its implementers.
func TestResolveConstructionThroughTypes(t *testing.T) {
	t.Parallel()
	iface := def("Shape", "Shape", "interface", 1)
	iface.Structural = true
	facts := []*sdk.FileFacts{{Path: "t.x", Language: "x", Definitions: []*sdk.Definition{
		iface, member("area", "Shape", "method", 2),
		def("Box", "Box", "class", 4), member("area", "Box", "method", 5), member("constructor", "Box", "constructor", 6),
		based(def("Round", "Round", "class", 8), "Shape"), member("area", "Round", "method", 9), member("constructor", "Round", "constructor", 10),
		typed(def("Crate", "Crate", "type", 12), "Box"), typed(def("A", "A", "type", 13), "B"), typed(def("B", "B", "type", 14), "A"),
		def("main", "main", "function", 20)},
		Calls: []*sdk.Call{
			{Name: "Shape", Caller: "main", Line: 21, Constructor: true},
			{Name: "Crate", Caller: "main", Line: 22, Constructor: true},
			{Name: "A", Caller: "main", Line: 23, Constructor: true},
			{Name: "constructor", Receiver: "^Round", Caller: "Round.constructor", Line: 24},
		}}}
	require.Equal(t, map[string]float64{
		"t.x#main -> t.x#Box.constructor": viaConfidence[viaScope],
	}, callConfidences(Resolve(facts, nil)))
}

// A call step means the method where a field shares its name; a name
// written in full starts at its longest namespace prefix.
func TestResolveFieldsMethodsAndFullNames(t *testing.T) {
	t.Parallel()
	tree := def("Tree", "Tree", "class", 1)
	tree.Fields = []*sdk.Field{{Name: "entries", Type: "Set"}}
	facts := []*sdk.FileFacts{
		{Path: "com/acme/Tree.x", Language: "x", PackageScope: true, Namespace: "com.acme", Definitions: []*sdk.Definition{
			tree, typed(member("entries", "Tree", "method", 2), "View"),
			def("View", "View", "class", 4), member("iterator", "View", "method", 5),
			def("Set", "Set", "class", 7), member("iterator", "Set", "method", 8),
			def("Strings", "Strings", "class", 10), member("pad", "Strings", "method", 11)}},
		{Path: "app/Main.x", Language: "x", PackageScope: true, Namespace: "app", Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Calls: []*sdk.Call{
				{Name: "iterator", Receiver: "com.acme.Tree.entries()", Caller: "main", Line: 2},
				{Name: "pad", Receiver: "com.acme.Strings", Caller: "main", Line: 3},
			}},
	}
	require.Equal(t, map[string]float64{
		"app/Main.x#main -> com/acme/Tree.x#View.iterator": viaConfidence[viaReceiver],
		"app/Main.x#main -> com/acme/Tree.x#Strings.pad":   viaConfidence[viaReceiver],
	}, callConfidences(Resolve(facts, nil)))
}

// An overloaded function's stubs come before its code: the code takes the
// plain name, so a query for the name reaches it and its callers, and the
// stubs are numbered after it.
func TestOverloadCodeNamedPlainly(t *testing.T) {
	t.Parallel()
	stub := func(line int32) *sdk.Definition {
		d := def("read", "m.read", "function", line)
		d.Declaration = true
		return d
	}
	facts := []*sdk.FileFacts{{Path: "m.x", Language: "x", Package: "m", PackageScope: true,
		Definitions: []*sdk.Definition{stub(1), stub(4), def("read", "m.read", "function", 7), def("use", "m.use", "function", 12)},
		Calls:       []*sdk.Call{{Name: "read", Caller: "m.use"}},
	}}
	g := Resolve(facts, nil)
	require.Equal(t, []string{"m.x#m.read~2", "m.x#m.read~3", "m.x#m.read", "m.x#m.use"}, g.NodeNames())
	calls := callConfidences(g)
	require.Len(t, calls, 1)
	for edge := range calls {
		require.Equal(t, "m.x#m.use -> m.x#m.read", edge)
	}
}

// A tuple result's elements are references in the scope of the file that
// declares it, and a numeric step takes one: "Channel().1" is a Receiver
// though the caller's file never names Receiver.
func TestResolveTupleElements(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "lib/chan.x", Language: "x", Definitions: []*sdk.Definition{
			def("Sender", "Sender", "struct", 1), member("Send", "Sender", "method", 2),
			def("Receiver", "Receiver", "struct", 5), member("Recv", "Receiver", "method", 6),
			typed(def("Channel", "Channel", "function", 10), "(Sender, Receiver)"),
			typed(def("Pairs", "Pairs", "variable", 12), "(Receiver, , Sender)"),
		}},
		{Path: "app/main.x", Language: "x", Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Imports: []*sdk.Import{{Spec: "lib/chan", Names: []string{"Channel", "Pairs"}}},
			Calls: []*sdk.Call{
				{Name: "Send", Qualifier: "tx", Receiver: "Channel().0", Caller: "main", Line: 2},
				{Name: "Recv", Qualifier: "rx", Receiver: "Channel().1", Caller: "main", Line: 3},
				{Name: "Recv", Qualifier: "p.0", Receiver: "Pairs.0", Caller: "main", Line: 4},
				{Name: "Send", Qualifier: "p.1", Receiver: "Pairs.1", Caller: "main", Line: 5},   // no type there
				{Name: "Send", Qualifier: "x", Receiver: "Channel().5", Caller: "main", Line: 6}, // no such element
			}},
	}
	imports := map[string][]*sdk.ResolvedImport{"app/main.x": {{Spec: "lib/chan", ToPaths: []string{"lib/chan.x"}}}}
	g := Resolve(facts, imports)
	require.Equal(t, map[string]float64{
		"app/main.x#main -> lib/chan.x#Sender.Send":   viaConfidence[viaImport],
		"app/main.x#main -> lib/chan.x#Receiver.Recv": viaConfidence[viaImport],
	}, callConfidences(g))
}

// Where the language says a trait's methods apply to any value once the
// trait is in scope, a call the receiver does not settle reaches the one
// trait in scope that declares the name: at full confidence on a type of
// the repository, as a guess on an untyped value, not at all when two
// traits declare it or the language does not work so.
func TestResolveTraitMethodsInScope(t *testing.T) {
	t.Parallel()
	lib := []*sdk.Definition{
		def("ReadExt", "ReadExt", "trait", 1), member("ReadAll", "ReadExt", "method", 2), member("Close", "ReadExt", "method", 3),
		def("CloseExt", "CloseExt", "trait", 5), member("Close", "CloseExt", "method", 6),
		def("File", "File", "struct", 10), member("Open", "File", "method", 11),
	}
	calls := []*sdk.Call{
		{Name: "ReadAll", Qualifier: "f", Receiver: "File", Caller: "main", Line: 2}, // typed, no such member
		{Name: "ReadAll", Qualifier: "x", Receiver: "?", Caller: "side", Line: 6},    // untyped
		{Name: "Close", Qualifier: "f", Receiver: "File", Caller: "main", Line: 3},   // two traits declare it
	}
	imports := []*sdk.Import{{Spec: "lib/io", Names: []string{"ReadExt", "CloseExt", "File"}}}
	resolved := []*sdk.ResolvedImport{{Spec: "lib/io", ToPaths: []string{"lib/io.x"}}}
	run := func(inScope bool) map[string]float64 {
		facts := []*sdk.FileFacts{
			{Path: "lib/io.x", Language: "x", Definitions: lib, TraitMethodsInScope: inScope},
			{Path: "app/main.x", Language: "x", Definitions: []*sdk.Definition{
				def("main", "main", "function", 1), def("side", "side", "function", 5)},
				Imports: imports, Calls: calls, TraitMethodsInScope: inScope},
		}
		return callConfidences(Resolve(facts, map[string][]*sdk.ResolvedImport{"app/main.x": resolved}))
	}
	require.Equal(t, map[string]float64{
		"app/main.x#main -> lib/io.x#ReadExt.ReadAll": viaConfidence[viaImport],
		"app/main.x#side -> lib/io.x#ReadExt.ReadAll": viaConfidence[viaName],
	}, run(true))
	// Elsewhere the typed call finds nothing; the untyped one keeps the
	// guess by a name defined once.
	require.Equal(t, map[string]float64{
		"app/main.x#side -> lib/io.x#ReadExt.ReadAll": viaConfidence[viaName],
	}, run(false))
}

// An untyped value's method the plugin calls the language's own (builtin)
// is guessed by name nowhere; the same call unmarked keeps the guess.
func TestResolveBuiltinOnUntypedValue(t *testing.T) {
	t.Parallel()
	run := func(builtin bool) map[string]float64 {
		facts := []*sdk.FileFacts{
			{Path: "lib/builder.x", Language: "x", PackageScope: true, Definitions: []*sdk.Definition{
				def("Builder", "Builder", "class", 1), member("map", "Builder", "method", 2)}},
			{Path: "lib/utils.x", Language: "x", PackageScope: true, Definitions: []*sdk.Definition{
				def("query", "query", "function", 1)},
				Calls: []*sdk.Call{{Name: "map", Qualifier: "params", Receiver: "?", Caller: "query", Line: 2, Builtin: builtin}}},
		}
		return callConfidences(Resolve(facts, nil))
	}
	require.Empty(t, run(true))
	require.Equal(t, map[string]float64{"lib/utils.x#query -> lib/builder.x#Builder.map": viaConfidence[viaName]}, run(false))
}

// A macro's invocation reaches only macros: a function of the same name in
// the file is another namespace's.
func TestResolveMacroCalls(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "tests/m.x", Language: "x", Definitions: []*sdk.Definition{
			def("ready", "ready", "function", 1), def("check", "check", "function", 5),
			def("log", "log", "macro", 9), def("run", "run", "function", 12)},
			Calls: []*sdk.Call{
				{Name: "ready", Caller: "check", Line: 6, Macro: true}, // ready!(x): not fn ready
				{Name: "log", Caller: "check", Line: 7, Macro: true},
				{Name: "run", Caller: "check", Line: 8},
			}},
	}
	require.Equal(t, map[string]float64{
		"tests/m.x#check -> tests/m.x#log": viaConfidence[viaScope],
		"tests/m.x#check -> tests/m.x#run": viaConfidence[viaScope],
	}, callConfidences(Resolve(facts, nil)))
}

// specNames finds a name among an import spec's segments as splitting the
// spec at its separators would, without splitting it.
func TestSpecNamesAsSplitting(t *testing.T) {
	t.Parallel()
	split := func(spec, name string) bool {
		for _, seg := range strings.FieldsFunc(spec, func(r rune) bool { return strings.ContainsRune("./\\:", r) }) {
			if seg == name {
				return true
			}
		}
		return false
	}
	specs := []string{"", "a.b.Foo", "a.b.Foo.bar", `App\Models\Foo`, "std::io::Write", "./lib/util", "../x/y",
		"a..b", "::", ".", "Foo", "é.ü/Ω", "a:b/c\\d.e"}
	names := []string{"", "Foo", "a", "b", "bar", "Models", "io", "util", "lib", "..", "x", "Ω", "ü", "e", "d", "a.b", "Fo"}
	for _, spec := range specs {
		for _, name := range names {
			require.Equal(t, split(spec, name), specNames(spec, name), "%q in %q", name, spec)
		}
	}
}
