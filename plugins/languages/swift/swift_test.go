package swift

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New())
}

func parse(t *testing.T, path, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(), path, src)
}

func defByQN(t *testing.T, f *sdk.FileFacts, qn string) *sdk.Definition {
	t.Helper()
	d := langtest.Definition(f, qn)
	require.NotNil(t, d, "no definition %s", qn)
	return d
}

type call struct {
	Name, Qualifier, Caller, Receiver string
	Builtin, Constructor              bool
}

func callsOf(f *sdk.FileFacts) []call {
	var out []call
	for _, c := range f.GetCalls() {
		out = append(out, call{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetReceiver(), c.GetBuiltin(), c.GetConstructor()})
	}
	return out
}

const session = `import Foundation
@testable import Alamofire
import struct Geometry.Point

/// A session.
///
/// - Parameter name: what it is called.
open class Session: Base, Requesting {
    let log = Logger()
    private var items: [Item] = []
    var current: Item?
    static let shared = Session(name: "s")
    var count: Int { items.count }

    public init(name: String) {
        super.init()
    }

    convenience init() { self.init(name: "") }

    open func run(item: Item, _ other: Item?) -> Int {
        let x = Item()
        let y: Item = make()
        self.reset()
        super.reset()
        reset()
        x.go()
        item.go()
        other?.go()
        log.write("a")
        print(x)
        Session.shared.reset()
        DispatchQueue.main.async { $0.go() }
        let z = make().next()
        z.go()
        items.forEach { i in i.go() }
        func local() {}
        local()
        return 0
    }

    fileprivate func make() -> Item { Item() }
}

extension Session: Codable {
    func reset() {}
}

protocol Requesting: AnyObject {
    func request() -> Int
    var name: String { get }
}

func topLevel(_ s: Session) { s.run(item: Item(), nil) }
`

func TestDefinitions(t *testing.T) {
	t.Parallel()
	f := parse(t, "Sources/Net/Session.swift", session)
	require.Equal(t, "Net", f.GetNamespace())
	require.True(t, f.GetPackageScope())
	require.False(t, f.GetIsTest())

	s := defByQN(t, f, "Session")
	require.Equal(t, "class", s.GetKind())
	require.Equal(t, []string{"Base", "Requesting", "Codable"}, s.GetBases(), "an extension's conformance in the same file")
	require.Equal(t, "swiftdoc", s.GetDocStyle())
	require.Equal(t, "A session.\n\n- Parameter name: what it is called.", s.GetDoc())
	require.Equal(t, "open class Session: Base, Requesting", s.GetSignature())
	var fields []string
	for _, fl := range s.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	require.Equal(t, []string{"log:Logger", "items:", "current:Item", "shared:Session"}, fields)

	count := defByQN(t, f, "Session.count")
	require.Equal(t, "property", count.GetKind())
	require.Equal(t, "Int", count.GetType())

	require.Equal(t, "constructor", defByQN(t, f, "Session.init").GetKind())
	run := defByQN(t, f, "Session.run")
	require.Equal(t, "method", run.GetKind())
	require.Equal(t, "Int", run.GetType())
	require.True(t, run.GetExported())
	require.False(t, defByQN(t, f, "Session.make").GetExported(), "fileprivate")

	reset := defByQN(t, f, "Session.reset")
	require.Equal(t, "Session", reset.GetReceiver(), "a method of an extension")

	p := defByQN(t, f, "Requesting")
	require.Equal(t, "interface", p.GetKind())
	require.False(t, p.GetStructural())
	require.True(t, defByQN(t, f, "Requesting.request").GetAbstract())
	require.Equal(t, "name", p.GetFields()[0].GetName())

	require.Equal(t, "function", defByQN(t, f, "topLevel").GetKind())
	require.Subset(t, f.GetReferences(), []string{"Base", "Codable", "Item", "Requesting", "Session"})
}

func TestCalls(t *testing.T) {
	t.Parallel()
	f := parse(t, "Sources/Net/Session.swift", session)
	want := []call{
		{"Logger", "", "Session", "", false, true},
		{"Session", "", "Session", "", false, true},
		{"init", "super", "Session.init", "^Session", false, true},
		{"init", "self", "Session.init", "Session", false, true},
		{"Item", "", "Session.run", "", false, true},
		{"make", "", "Session.run", "Session", false, false},
		{"reset", "self", "Session.run", "Session", false, false},
		{"reset", "super", "Session.run", "^Session", false, false},
		{"reset", "", "Session.run", "Session", false, false},
		{"go", "x", "Session.run", "Item", false, false},
		{"go", "item", "Session.run", "Item", false, false},
		{"go", "other", "Session.run", "Item", false, false},
		{"write", "log", "Session.run", "Logger", false, false},
		{"print", "", "Session.run", "", true, false},
		{"reset", "Session.shared", "Session.run", "Session.shared", false, false},
		{"async", "DispatchQueue.main", "Session.run", "DispatchQueue.main", true, false},
		{"go", "$0", "Session.run", "", false, false},
		{"next", "make()", "Session.run", "Session.make()", false, false},
		{"make", "", "Session.run", "Session", false, false},
		{"go", "z", "Session.run", "Session.make().next()", false, false},
		{"forEach", "items", "Session.run", "", false, false},
		{"go", "i", "Session.run", "", false, false},
		{"Item", "", "Session.make", "", false, true},
		{"run", "s", "topLevel", "Session", false, false},
		{"Item", "", "topLevel", "", false, true},
	}
	require.Equal(t, want, callsOf(f))
}

func TestImports(t *testing.T) {
	t.Parallel()
	f := parse(t, "a.swift", session)
	type imp struct {
		Spec  string
		Names []string
	}
	var got []imp
	for _, i := range f.GetImports() {
		got = append(got, imp{i.GetSpec(), i.GetNames()})
	}
	require.Equal(t, []imp{{"Foundation", []string{"*"}}, {"Alamofire", []string{"*"}}, {"Geometry", []string{"Point"}}}, got)
}

func TestComplexity(t *testing.T) {
	t.Parallel()
	src := `func m(k: Int, a: Bool, b: Bool) -> Int {
    if a && b || k > 1 { } else if a { }
    guard a else { return 0 }
    for i in 0..<k { } 
    while a { }
    repeat { } while b
    switch k { case 1: break; case 2, 3: break; default: break }
    do { try f() } catch { }
    let t = a ? 1 : 2
    return t ?? 0
}`
	// 1 + if, &&, ||, else-if + guard + for, while, repeat + 2 cases +
	// catch + ?: = 13.
	require.EqualValues(t, 13, defByQN(t, parse(t, "m.swift", src), "m").GetComplexity())
}

func TestModules(t *testing.T) {
	t.Parallel()
	m := moduleMap{names: map[string]string{}}
	m.add(".", `let package = Package(name: "X", targets: [
        .target(name: "Alamofire", path: "Source", exclude: ["Info.plist"]),
        .testTarget(name: "AlamofireTests", dependencies: ["Alamofire"], path: "Tests"),
        .target(name: "Plain"),
    ])`)
	for p, want := range map[string]string{
		"Source/Core/Session.swift":            "Alamofire",
		"Tests/SessionTests.swift":             "AlamofireTests",
		"Sources/Plain/A.swift":                "Plain",
		"Packages/Kit/Sources/KitCore/B.swift": "KitCore",
		"Packages/Kit/Tests/KitTests/C.swift":  "KitTests",
		"App/View.swift":                       "App",
		"main.swift":                           "",
	} {
		require.Equal(t, want, m.moduleOf(p), p)
	}
}

func TestScanManifests(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "Kit"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "Kit", "Package.swift"),
		[]byte(`.target(name: "KitCore", path: "Code")`), 0o644))
	m := scanManifests(root)
	require.Equal(t, "KitCore", m.moduleOf("Kit/Code/A.swift"))
	require.Empty(t, scanManifests("").dirs)
}

func TestIsTest(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"Tests/SessionTests.swift":              true,
		"Tests/Helpers.swift":                   true,
		"Sources/App/AppTests/X.swift":          true,
		"App/AppUITests/Flow.swift":             true,
		"Sources/App/SessionTest.swift":         true,
		"Sources/App/Session.swift":             false,
		"Sources/Latest/Feed.swift":             false,
		"Sources/App/Contest.swift":             false,
		"Sources/App/TestingSupport/Fake.swift": false,
	} {
		require.Equal(t, want, isTest(p), p)
	}
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	files := []string{"Sources/Net/Session.swift", "Sources/Net/Request.swift", "Sources/App/main.swift", "README.md"}
	var sites []*sdk.ImportSite
	for _, spec := range []string{"Net", "Foundation", "App", "UIKit"} {
		sites = append(sites, &sdk.ImportSite{FromPath: "Tests/NetTests/T.swift", Import: &sdk.Import{Spec: spec}})
	}
	resp, err := New().ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	got := map[string][]string{}
	external := map[string]bool{}
	for _, ri := range resp.GetImports() {
		got[ri.GetSpec()] = ri.GetToPaths()
		external[ri.GetSpec()] = ri.GetExternal()
	}
	require.Equal(t, []string{"Sources/Net/Request.swift", "Sources/Net/Session.swift"}, got["Net"])
	require.Equal(t, []string{"Sources/App/main.swift"}, got["App"])
	require.True(t, external["Foundation"])
	require.True(t, external["UIKit"])
	require.False(t, external["Net"])
}

func TestGenericParameters(t *testing.T) {
	t.Parallel()
	src := `final class Box<Value, Item: Codable> {
    var value: Value
    var item: Item
    func run() {
        value.go()
        item.encode()
    }
    func get<T: Decodable>() -> T { fatalError() }
}

protocol Serializer {
    associatedtype Output: Decodable
    func serialize() -> Output
}
`
	f := parse(t, "Sources/K/Box.swift", src)
	var receivers []string
	for _, c := range f.GetCalls() {
		if c.GetName() == "go" || c.GetName() == "encode" {
			receivers = append(receivers, c.GetReceiver())
		}
	}
	require.Equal(t, []string{"", "Codable"}, receivers, "a generic parameter is its constraint, never a type named like it")
	require.Equal(t, "Decodable", defByQN(t, f, "Box.get").GetType())
	require.Equal(t, "Decodable", defByQN(t, f, "Serializer.serialize").GetType())
	require.NotContains(t, f.GetReferences(), "Value")
}

// Arity: defaults lower the minimum, variadics lift the maximum; a call
// counts its arguments and its trailing closures.
func TestArguments(t *testing.T) {
	f := parse(t, "Sources/App/A.swift", `class A {
    init(x: Int, done: () -> Void = {}) {}
    func m(_ a: Int, b: String = "x", rest: Int...) {}
    func n() {}
    func o(_ a: Int, _ b: Int) {
        m(1, b: "y")
        n()
        o(1) { }
        p { } q: { }
        A(x: 1)
    }
}
func p(_ a: () -> Void, q: () -> Void) {}
`)
	type arity struct{ Min, Max int32 }
	got := map[string]arity{}
	for _, d := range f.GetDefinitions() {
		got[d.GetQualifiedName()] = arity{d.GetMinArguments(), d.GetMaxArguments()}
	}
	require.Equal(t, arity{2, 3}, got["A.init"])
	require.Equal(t, arity{2, 0}, got["A.m"])
	require.Equal(t, arity{1, 1}, got["A.n"])
	require.Equal(t, arity{3, 3}, got["A.o"])
	require.Equal(t, arity{3, 3}, got["p"])
	args := map[string]int32{}
	for _, c := range f.GetCalls() {
		args[c.GetName()] = c.GetArguments()
	}
	require.Equal(t, map[string]int32{"m": 3, "n": 1, "o": 3, "p": 3, "A": 2}, args)
}

// The grammar reads `a + f(x)` as `(a + f)(x)`: the call is f's.
func TestCallAsRightOperand(t *testing.T) {
	f := parse(t, "Sources/App/A.swift", `func f(_ x: Int) -> Int { x }
func g() -> Int { 1 + f(2) * f(3) }
`)
	var names []string
	for _, c := range f.GetCalls() {
		names = append(names, c.GetName())
	}
	require.Equal(t, []string{"f", "f"}, names)
}
