package csharp

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

// call is what the tests compare of a call site.
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

const shapes = `global using System.Linq;
using System;
using IO = System.IO;
using static System.Math;

namespace App.Models
{
    /// <summary>A shape with <see cref="T:App.Models.Area"/>.</summary>
    /// <param name="name">What it is called.</param>
    /// <returns>Nothing.</returns>
    public abstract class Shape : Base<int>, IShape
    {
        private readonly Logger _log = new Logger();
        private readonly Tracer _trace = new();
        public int Count { get; set; }
        public string Label => Describe();

        protected Shape(string name) : base(name) { }

        public abstract double Area();

        void Run<T>(Foo f, Bar? b, T item) where T : IItem
        {
            var x = new Foo();
            Foo y = Make();
            this.Area();
            base.Run();
            Area();
            x.Go();
            f.Go();
            b.Go();
            _log.Write("a");
            item.Use();
            Console.WriteLine(nameof(x));
            string.Join(",", "a");
            Foo.Static();
            var z = Make().Next();
            z.Go();
            Local();
            void Local() { }
        }

        internal Foo Make() => new Foo();

        class Inner
        {
            void M() { Make(); new Inner(); }
        }
    }

    public interface IShape { double Area(); }

    static class Ext
    {
        public static int Twice(this int n) => n * 2;
    }
}
`

func TestDefinitions(t *testing.T) {
	t.Parallel()
	f := parse(t, "src/App/Models/Shape.cs", shapes)
	require.Equal(t, "App.Models", f.GetNamespace())
	require.True(t, f.GetPackageScope())

	shape := defByQN(t, f, "Shape")
	require.Equal(t, "class", shape.GetKind())
	require.True(t, shape.GetExported())
	require.Equal(t, []string{"Base", "IShape"}, shape.GetBases())
	require.Equal(t, "public abstract class Shape : Base<int>, IShape", shape.GetSignature())
	require.Equal(t, "xmldoc", shape.GetDocStyle())
	require.Equal(t, "A shape with App.Models.Area.\nname: What it is called.\nReturns: Nothing.", shape.GetDoc())
	var fields []string
	for _, fl := range shape.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	require.Equal(t, []string{"_log:Logger", "_trace:Tracer", "Count:int"}, fields)

	label := defByQN(t, f, "Shape.Label")
	require.Equal(t, "property", label.GetKind())
	require.Equal(t, "string", label.GetType())
	require.Zero(t, label.GetComplexity())

	ctor := defByQN(t, f, "Shape.Shape")
	require.Equal(t, "constructor", ctor.GetKind())
	require.False(t, ctor.GetExported(), "protected")

	area := defByQN(t, f, "Shape.Area")
	require.True(t, area.GetAbstract())
	require.Equal(t, "Shape", area.GetReceiver())

	run := defByQN(t, f, "Shape.Run")
	require.False(t, run.GetExported(), "private by default")
	require.EqualValues(t, 1, run.GetComplexity())

	make := defByQN(t, f, "Shape.Make")
	require.True(t, make.GetExported(), "internal")
	require.Equal(t, "Foo", make.GetType())

	inner := defByQN(t, f, "Shape.Inner")
	require.Equal(t, "Shape", inner.GetReceiver())
	require.False(t, inner.GetExported())
	require.Equal(t, "Shape.Inner", defByQN(t, f, "Shape.Inner.M").GetReceiver())

	iface := defByQN(t, f, "IShape.Area")
	require.True(t, iface.GetAbstract())
	require.True(t, iface.GetExported(), "interface members are public")
	require.Equal(t, "interface", defByQN(t, f, "IShape").GetKind())
	require.False(t, defByQN(t, f, "IShape").GetStructural())

	twice := defByQN(t, f, "Ext.Twice")
	require.Equal(t, "Ext", twice.GetReceiver(), "an extension method stays its class's")
	require.Contains(t, twice.GetSignature(), "this int n")

	require.Subset(t, f.GetReferences(), []string{"Base", "Foo", "IItem", "IShape", "Logger"})
}

func TestCalls(t *testing.T) {
	t.Parallel()
	f := parse(t, "src/App/Models/Shape.cs", shapes)
	got := callsOf(f)
	want := []call{
		{"Logger", "", "Shape", "", false, true},
		{"Tracer", "", "Shape", "", false, true},
		{"Describe", "", "Shape.Label", "Shape", false, false},
		{"Base", "", "Shape.Shape", "", false, true},
		{"Foo", "", "Shape.Run", "", false, true},
		{"Make", "", "Shape.Run", "Shape", false, false},
		{"Area", "this", "Shape.Run", "Shape", false, false},
		{"Run", "base", "Shape.Run", "^Shape", false, false},
		{"Area", "", "Shape.Run", "Shape", false, false},
		{"Go", "x", "Shape.Run", "Foo", false, false},
		{"Go", "f", "Shape.Run", "Foo", false, false},
		{"Go", "b", "Shape.Run", "Bar", false, false},
		{"Write", "_log", "Shape.Run", "Logger", false, false},
		{"Use", "item", "Shape.Run", "IItem", false, false},
		{"WriteLine", "Console", "Shape.Run", "Console", true, false},
		{"nameof", "", "Shape.Run", "", true, false},
		{"Join", "string", "Shape.Run", "string", true, false},
		{"Static", "Foo", "Shape.Run", "Foo", false, false},
		{"Next", "Make()", "Shape.Run", "Shape.Make()", false, false},
		{"Make", "", "Shape.Run", "Shape", false, false},
		{"Go", "z", "Shape.Run", "Shape.Make().Next()", false, false},
		{"Foo", "", "Shape.Make", "", false, true},
		{"Make", "", "Shape.Inner.M", "Shape", false, false},
		{"Inner", "", "Shape.Inner.M", "Shape", false, true},
	}
	require.Equal(t, want, got)
}

func TestImports(t *testing.T) {
	t.Parallel()
	f := parse(t, "a.cs", shapes)
	type imp struct {
		Spec, Alias string
		Names       []string
		Global      bool
	}
	var got []imp
	for _, i := range f.GetImports() {
		got = append(got, imp{i.GetSpec(), i.GetAlias(), i.GetNames(), i.GetGlobal()})
	}
	require.Equal(t, []imp{
		{"System.Linq", "", []string{"*"}, true},
		{"System", "", []string{"*"}, false},
		{"System.IO", "IO", nil, false},
		{"System.Math", "", []string{"*"}, false},
	}, got)
}

func TestNamespaces(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"namespace A.B;\nclass C {}":                 "A.B",
		"namespace A { namespace B { class C {} } }": "A.B",
		"class C {}": "",
	} {
		require.Equal(t, want, parse(t, "x.cs", src).GetNamespace(), src)
	}
}

func TestComplexity(t *testing.T) {
	t.Parallel()
	src := `class C {
    int M(int k, bool a, bool b) {
        if (a && b || k > 1) { } else if (a) { }
        for (;;) { } foreach (var z in zs) { } while (a) { } do { } while (b);
        switch (k) { case 1: case 2: break; default: break; }
        try { } catch (Exception) { } catch { }
        var t = a ? 1 : 2;
        var u = k switch { 1 => 1, 2 => 2, _ => 3 };
        Func<int, int> f = x => x > 0 ? x : -x;
        return t ?? u;
    }
}`
	// 1 + if, &&, ||, else-if + for, foreach, while, do + 2 cases + 2
	// catches + ?: + 2 switch arms + the lambda's ?: = 17.
	require.EqualValues(t, 17, defByQN(t, parse(t, "c.cs", src), "C.M").GetComplexity())
}

func TestIsTest(t *testing.T) {
	t.Parallel()
	r := repoInfo{testDirs: []string{"src/Checks"}}
	for p, want := range map[string]bool{
		"src/App/ShapeTests.cs":             true,
		"src/App/ShapeTest.cs":              true,
		"test/App/Shape.cs":                 true,
		"tests/Shape.cs":                    true,
		"src/App.Tests/Shape.cs":            true,
		"src/App.UnitTests/Models/Shape.cs": true,
		"src/App.Tests.Shared/Helpers.cs":   true,
		"src/IntegrationTest/Run.cs":        true,
		"src/Checks/Probe.cs":               true,
		"src/App/Latest.cs":                 false,
		"src/Latest/Shape.cs":               false,
		"src/App/Contest.cs":                false,
		"src/App/Testing.cs":                false,
		"Program.cs":                        false,
	} {
		require.Equal(t, want, r.isTest(p), p)
	}
}

// fileWriter writes files under root by their repository paths.
func fileWriter(t *testing.T, root string) func(p, content string) {
	return func(p, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, p), []byte(content), 0o644))
	}
}

func TestScanProjects(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := fileWriter(t, root)
	write("src/Core/Core.csproj", "<Project><PropertyGroup><RootNamespace>Acme.Core</RootNamespace></PropertyGroup></Project>")
	write("checks/Acme.Checks.UnitTests.csproj", "<Project/>")
	write("obj/Ignored.Tests.csproj", "<Project/>")
	info := scanProjects(root)
	require.Equal(t, []string{"checks"}, info.testDirs)
	require.True(t, info.roots["acme"])
	require.True(t, info.roots["core"])
	require.True(t, info.isTest("checks/Probe.cs"))
	require.Empty(t, scanProjects("").testDirs)
	require.Empty(t, scanProjects(filepath.Join(root, "missing")).testDirs)
}

// A project's <Using> items are imports of every file under it, as global
// usings are; static and aliased ones import no namespace.
func TestProjectUsings(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := fileWriter(t, root)
	write("src/AutoMapper/AutoMapper.csproj", `<Project><ItemGroup>
    <Using Include="System.Linq.Expressions.Expression" Static="true" />
    <Using Include="AutoMapper.Execution" />
    <Using Include="AutoMapper.Configuration"/>
    <Using Include="System.Text.Json" Alias="Json" />
  </ItemGroup></Project>`)
	write("Directory.Build.props", `<Project><ItemGroup><Using Include="Acme.Shared" /></ItemGroup></Project>`)
	info := scanProjects(root)
	var specs []string
	for _, imp := range info.projectImports("src/AutoMapper/Configuration/Profile.cs") {
		specs = append(specs, imp.GetSpec())
	}
	require.Equal(t, []string{"AutoMapper.Execution", "AutoMapper.Configuration", "Acme.Shared"}, specs)
	require.Len(t, info.projectImports("tools/Gen.cs"), 1, "the props file's only")
	p := New()
	require.Empty(t, p.Configure(t.Context(), sdk.Config{RepoRoot: root}))
	facts, err := p.Parse(t.Context(), []*sdk.SourceFile{{Path: "src/AutoMapper/Profile.cs", Content: []byte("namespace AutoMapper;\nusing System;\nclass Profile {}\n")}})
	require.NoError(t, err)
	var got []string
	for _, imp := range facts[0].GetImports() {
		got = append(got, imp.GetSpec())
	}
	require.Equal(t, []string{"AutoMapper.Execution", "AutoMapper.Configuration", "Acme.Shared", "System"}, got)
}

// Inside a namespace, a using may name a namespace relative to it
// (FluentValidation's `using Internal;` is FluentValidation.Internal): each
// reading is offered, the absolute one first.
func TestRelativeUsings(t *testing.T) {
	t.Parallel()
	f := parse(t, "src/FluentValidation/AbstractValidator.cs", "namespace FluentValidation.Core;\nusing System;\nusing Internal;\nusing FluentValidation.Results;\nclass A {}\n")
	var got []string
	for _, imp := range f.GetImports() {
		got = append(got, imp.GetSpec())
	}
	require.Equal(t, []string{"System", "Internal", "FluentValidation.Core.Internal", "FluentValidation.Internal", "FluentValidation.Results"}, got)
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	files := []string{"src/Acme.Core/Shape.cs", "src/Acme.Web/Program.cs", "lib/Microsoft.Extensions.Widgets/W.cs"}
	specs := map[string]bool{ // spec → external
		"Acme.Core":                      false,
		"Acme.Core.Models":               false,
		"Web":                            false,
		"Core.Models":                    false,
		"Newtonsoft.Json":                true,
		"Xunit":                          true,
		"System":                         true,
		"System.Collections.Generic":     true,
		"Microsoft.AspNetCore.Http":      true,
		"Microsoft.Extensions.Logging":   false, // the repository has Microsoft.Extensions.* code
		"Microsoft.Extensions.Widgets.X": false,
	}
	var sites []*sdk.ImportSite
	for spec := range specs {
		sites = append(sites, &sdk.ImportSite{FromPath: "src/Acme.Web/Program.cs", Import: &sdk.Import{Spec: spec}})
	}
	resp, err := New().ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(specs))
	for _, ri := range resp.GetImports() {
		require.Empty(t, ri.GetToPaths(), "namespaces are matched by the core")
		require.Equal(t, specs[ri.GetSpec()], ri.GetExternal(), ri.GetSpec())
	}
}

func TestGenericParameters(t *testing.T) {
	t.Parallel()
	src := `class Box<TValue, TItem> where TItem : IItem {
    private TValue _value;
    private TItem _item;
    void Run() { _value.Go(); _item.Use(); }
    T Get<T>() => default;
}`
	f := parse(t, "Box.cs", src)
	var receivers []string
	for _, c := range f.GetCalls() {
		receivers = append(receivers, c.GetReceiver())
	}
	require.Equal(t, []string{"", "IItem"}, receivers, "a type parameter is its constraint, never a type named like it")
	require.Empty(t, defByQN(t, f, "Box.Get").GetType())
}

// Arity: optional parameters lower the minimum, params lifts the maximum,
// an extension method may be called with or without its `this` argument;
// a call counts its arguments, constructor initializers and creations too.
func TestArguments(t *testing.T) {
	f := parse(t, "src/A.cs", `namespace App {
static class Ext { public static void E(this A a, int b, int c = 0) {} }
class A {
    A(int x) : this(x, 2) {}
    A(int x, int y) { new A(1) { }; new A { }; Foo f = new(1, 2); }
    void M(int a, string b = "x", params int[] rest) { M(1, b: "y"); N(); this.N(); }
    void N() {}
}
}`)
	type arity struct{ Min, Max int32 }
	got := map[string][]arity{}
	for _, d := range f.GetDefinitions() {
		got[d.GetQualifiedName()] = append(got[d.GetQualifiedName()], arity{d.GetMinArguments(), d.GetMaxArguments()})
	}
	require.Equal(t, []arity{{2, 4}}, got["Ext.E"])
	require.Equal(t, []arity{{2, 2}, {3, 3}}, got["A.A"])
	require.Equal(t, []arity{{2, 0}}, got["A.M"])
	require.Equal(t, []arity{{1, 1}}, got["A.N"])
	var args []int32
	for _, c := range f.GetCalls() {
		args = append(args, c.GetArguments())
	}
	require.Equal(t, []int32{3, 2, 1, 3, 3, 1, 1}, args)
}
