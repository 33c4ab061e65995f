package java

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New())
}

func parse(t *testing.T, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(), "src/main/java/a/A.java", src)
}

func def(t *testing.T, f *sdk.FileFacts, qn string) *sdk.Definition {
	t.Helper()
	d := langtest.Definition(f, qn)
	require.NotNil(t, d, "no definition %s", qn)
	return d
}

// call finds the call of name on line.
func call(t *testing.T, f *sdk.FileFacts, name string, line int32) *sdk.Call {
	t.Helper()
	c := langtest.Call(f, name, line)
	require.NotNil(t, c, "no call of %s on line %d", name, line)
	return c
}

const sample = `package com.example.app;

import java.util.List;
import java.util.*;
import static java.util.Objects.requireNonNull;
import com.example.util.Outer.Inner;

/**
 * Service does things.
 * @since 1
 */
public class Service<T extends Base> extends Base implements Runnable {
    private final Client client = new Client();
    private String name;

    public Service(Client c) { super(c); }

    /** Runs it. */
    @Override
    public void run() {
        var h = new Helper();
        h.help();
        this.client.get();
        client.send(name.trim());
        super.run();
        helper();
        requireNonNull(h);
        Inner i = new Inner();
        i.go();
        T t = null;
        t.base();
        for (Item it : items()) { it.use(); }
        list.forEach(x -> x.touch());
        Service.this.helper();
    }

    private int helper() {
        if (a && b || c) { return 1; }
        for (int i = 0; i < 3; i++) { }
        try { f(); } catch (RuntimeException e) { e.getMessage(); }
        switch (x) { case 1: return 2; case 2: default: return 3; }
    }

    interface Callback { void done(); default void twice() { done(); done(); } }

    static class Nested extends Service<Base> {
        Nested() { super(null); }
        void m() { super.run(); new Nested().m(); }
    }
}
`

func TestDefinitions(t *testing.T) {
	t.Parallel()
	f := parse(t, sample)
	require.Equal(t, "com.example.app", f.GetNamespace())
	require.True(t, f.GetPackageScope())
	require.Equal(t, "jvm", f.GetLinkGroup())

	s := def(t, f, "Service")
	require.Equal(t, "class", s.GetKind())
	require.True(t, s.GetExported())
	require.Equal(t, "javadoc", s.GetDocStyle())
	require.Equal(t, "Service does things.\n@since 1", s.GetDoc())
	require.Equal(t, []string{"Base", "Runnable"}, s.GetBases())
	require.Equal(t, "public class Service<T extends Base> extends Base implements Runnable", s.GetSignature())
	var fields []string
	for _, fl := range s.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	require.Equal(t, []string{"client:Client", "name:String"}, fields)

	ctor := def(t, f, "Service.Service")
	require.Equal(t, "constructor", ctor.GetKind())
	require.Equal(t, "Service", ctor.GetReceiver())

	run := def(t, f, "Service.run")
	require.Equal(t, "method", run.GetKind())
	require.Equal(t, "Service", run.GetReceiver())
	require.Equal(t, "Runs it.", run.GetDoc())
	require.Equal(t, "public void run()", run.GetSignature())

	helper := def(t, f, "Service.helper")
	require.False(t, helper.GetExported())
	// 1 + if + && + || + for + catch + two case labels (default is none)
	require.EqualValues(t, 8, helper.GetComplexity())

	cb := def(t, f, "Service.Callback")
	require.Equal(t, "interface", cb.GetKind())
	require.Equal(t, "Service", cb.GetReceiver())
	done := def(t, f, "Service.Callback.done")
	require.True(t, done.GetAbstract())
	require.False(t, done.GetExported(), "public in an interface the package alone sees")
	require.False(t, def(t, f, "Service.Callback.twice").GetAbstract())

	require.Equal(t, []string{"Service"}, def(t, f, "Service.Nested").GetBases())
}

// A definition is exported when other packages can name it: public, or a
// member of an interface, in classes that are exported too.
func TestExportedThroughItsClasses(t *testing.T) {
	t.Parallel()
	f := parse(t, `package p;
public class Api {
    public interface Listener { void on(); }
    public void call() {}
    private static class Impl { public void run() {} }
    Object anon = new Object() { public String toString() { return ""; } };
}
final class Utils {
    static void help() {}
    public static void open() {}
}
interface Hidden { void go(); }
`)
	for name, want := range map[string]bool{
		"Api": true, "Api.Listener": true, "Api.Listener.on": true, "Api.call": true,
		"Api.Impl": false, "Api.Impl.run": false,
		"Utils": false, "Utils.help": false, "Utils.open": false,
		"Hidden": false, "Hidden.go": false,
	} {
		assert.Equal(t, want, def(t, f, name).GetExported(), name)
	}
	for _, d := range f.GetDefinitions() {
		if strings.HasSuffix(d.GetQualifiedName(), ".toString") {
			assert.False(t, d.GetExported(), "an anonymous class's method")
		}
	}
}

func TestReceivers(t *testing.T) {
	t.Parallel()
	f := parse(t, sample)
	for _, tc := range []struct {
		name     string
		line     int32
		receiver string
		builtin  bool
	}{
		{"help", 22, "Helper", false},                // var h = new Helper()
		{"get", 23, "Service.client", false},         // this.client
		{"send", 24, "Service.client", false},        // a field
		{"trim", 24, "Service.name", true},           // a String field
		{"run", 25, "^Service", false},               // super
		{"helper", 26, "Service", false},             // implicit this
		{"requireNonNull", 27, "Objects", false},     // a static import
		{"go", 29, "Outer.Inner", false},             // a nested type imported by name
		{"base", 31, "Base", false},                  // a type parameter's bound
		{"use", 32, "Item", false},                   // a for-each variable
		{"touch", 33, "?", false},                    // an untyped lambda parameter
		{"helper", 34, "Service", false},             // Service.this
		{"done", 44, "Service.Callback", false},      // a default method's implicit this
		{"run", 48, "Service", false},                // super in a nested class: its superclass
		{"m", 48, "Service.Nested", false},           // new Nested(): the nested type
		{"getMessage", 40, "RuntimeException", true}, // a java.lang type
	} {
		c := call(t, f, tc.name, tc.line)
		require.Equal(t, tc.receiver, c.GetReceiver(), "%s on line %d", tc.name, tc.line)
		require.Equal(t, tc.builtin, c.GetBuiltin(), "%s on line %d", tc.name, tc.line)
	}
	inner := call(t, f, "Inner", 28)
	require.True(t, inner.GetConstructor())
	require.Equal(t, "Outer", inner.GetReceiver())
	sup := call(t, f, "Base", 16)
	require.True(t, sup.GetConstructor())
	require.Equal(t, "^Service", sup.GetReceiver())
	require.Equal(t, "Service.Service", sup.GetCaller())
	nested := call(t, f, "Service", 47)
	require.Equal(t, "Service", nested.GetReceiver(), "super(...) of a nested class names its superclass")
	require.Equal(t, "Service", call(t, f, "Client", 13).GetCaller(), "a field initialiser runs in the class")
}

func TestImports(t *testing.T) {
	t.Parallel()
	f := parse(t, sample)
	type imp struct {
		Spec  string
		Names string
	}
	var got []imp
	for _, i := range f.GetImports() {
		got = append(got, imp{i.GetSpec(), strings.Join(i.GetNames(), ",")})
	}
	require.Equal(t, []imp{
		{"java.util.List", "List"},
		{"java.util", "*"},
		{"java.util.Objects.requireNonNull", "Objects"},
		{"com.example.util.Outer.Inner", "Outer"},
	}, got)
}

func TestIsTest(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"src/test/java/a/FooTest.java":      true,
		"src/test/java/a/Helpers.java":      true,
		"app/src/androidTest/java/a/X.java": true,
		"src/main/java/a/FooTest.java":      false,
		"src/main/java/a/TestUtils.java":    false,
		"lib/a/FooTests.java":               true,
		"lib/a/FooIT.java":                  true,
		"lib/a/TestFoo.java":                true,
		"lib/a/Testing.java":                false,
		"lib/a/Contest.java":                false,
		"src/main/java/a/test/Fixture.java": false,
	} {
		f := sdktest.ParseOne(t, New(), path, "package a; class X {}")
		require.Equal(t, want, f.GetIsTest(), path)
	}
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	files := []string{
		"core/src/main/java/com/acme/shop/Cart.java",
		"core/src/main/java/com/acme/shop/Store.java",
		"core/src/main/java/com/acme/util/Strings.java",
		"app/src/main/kotlin/com/acme/app/Main.kt",
	}
	imports := []*sdk.Import{
		{Spec: "com.acme.shop.Cart", Names: []string{"Cart"}},
		{Spec: "com.acme.shop", Names: []string{"*"}},
		{Spec: "com.acme.util.Strings.pad", Names: []string{"Strings"}},
		{Spec: "com.acme.app.Main.Nested", Names: []string{"Main"}},
		{Spec: "com.acme.shop.Missing", Names: []string{"Missing"}},
		{Spec: "java.util.List", Names: []string{"List"}},
		{Spec: "org.junit.Test", Names: []string{"Test"}},
	}
	var sites []*sdk.ImportSite
	for _, i := range imports {
		sites = append(sites, &sdk.ImportSite{FromPath: "app/src/main/java/com/acme/app/App.java", Import: i})
	}
	resp, err := lang.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	type res struct {
		To       string
		External bool
	}
	var got []res
	for _, r := range resp.GetImports() {
		got = append(got, res{strings.Join(r.GetToPaths(), ","), r.GetExternal()})
	}
	require.Equal(t, []res{
		{"core/src/main/java/com/acme/shop/Cart.java", false},
		{"core/src/main/java/com/acme/shop/Cart.java,core/src/main/java/com/acme/shop/Store.java", false},
		{"core/src/main/java/com/acme/util/Strings.java", false},
		{"app/src/main/kotlin/com/acme/app/Main.kt", false},
		{"", false}, // in a package of the repository, not found: unresolved
		{"", true},
		{"", true},
	}, got)
}

func TestBadInput(t *testing.T) {
	hasDefinitions := func(t *testing.T, f *sdk.FileFacts) { require.NotEmpty(t, f.GetDefinitions()) }
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:       ".java",
		Header:    "package a;",
		Neighbour: "package g; class Good { void f() { g(); } }",
		SyntaxError: langtest.Snippet{
			Source: "package a;\nclass A {\n  void f( { g(); \n}\nclass B { void h() { k(); } }\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, sdk.SeverityWarning, f.GetDiagnostics()[0].GetSeverity())
			},
		},
		InvalidUTF8: langtest.Snippet{
			Source: "package a;\n/** Caf\xe9. */\nclass Caf\xe9 { void \xff() { \xfe(); } }\n",
		},
		Minified: langtest.Repeated{
			Before: "class A {",
			Unit:   ` void m{{i}}() { f("` + strings.Repeat("minified ", 40) + `"); }`,
			After:  "}",
			Check:  hasDefinitions,
		},
		Generated: langtest.Repeated{
			Before: "public class Gen {\n",
			Unit:   "  int f{{i}}() { return g(); }\n",
			After:  "}\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, len(f.GetDefinitions())-1, len(f.GetCalls()), "one call a method")
			},
		},
		Nesting: []langtest.Nest{
			{Name: "parens", Before: "class A { int f() { return ", Open: "(", Middle: "g()", Close: ")", After: "; } }", Check: hasDefinitions},
			{Name: "blocks", Before: "class A { void h() ", Open: "{ ", Middle: "k();", Close: " }", After: " }", Check: hasDefinitions},
		},
	})
}

func TestArguments(t *testing.T) {
	t.Parallel()
	f := parse(t, `package a;
class A {
    A(int a) { this(a, 2); }
    A(int a, int b) {}
    void f(String... xs) {}
    void g(int a, /* c */ int b) {}
    void h() { f("a", "b", "c"); g(1, /* two */ 2); new A(1); }
}
`)
	var got [][2]int32
	for _, d := range f.GetDefinitions() {
		if d.GetKind() != "class" {
			got = append(got, [2]int32{d.GetMinArguments(), d.GetMaxArguments()})
		}
	}
	require.Equal(t, [][2]int32{{2, 2}, {3, 3}, {1, 0}, {3, 3}, {1, 1}}, got)
	require.EqualValues(t, 3, call(t, f, "A", 3).GetArguments(), "this(a, 2)")
	require.EqualValues(t, 4, call(t, f, "f", 7).GetArguments())
	require.EqualValues(t, 3, call(t, f, "g", 7).GetArguments(), "comments are not arguments")
	require.EqualValues(t, 2, call(t, f, "A", 7).GetArguments())
}

func TestPackageInfo(t *testing.T) {
	t.Parallel()
	f := sdktest.ParseOne(t, New(), "a/b/package-info.java", "/** Docs. */\n@Deprecated\n@Ann(x = 1)\npackage a.b;\n")
	require.Equal(t, "a.b", f.GetNamespace())
}
