package kotlin

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/plugins/languages/java"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// The fixture holds a Java file of the same package: the two languages
// resolve together.
func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New(), java.New())
}

func parse(t *testing.T, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(), "src/main/kotlin/a/A.kt", src)
}

func def(t *testing.T, f *sdk.FileFacts, qn string) *sdk.Definition {
	t.Helper()
	d := langtest.Definition(f, qn)
	require.NotNil(t, d, "no definition %s", qn)
	return d
}

func call(t *testing.T, f *sdk.FileFacts, name string, line int32) *sdk.Call {
	t.Helper()
	c := langtest.Call(f, name, line)
	require.NotNil(t, c, "no call of %s on line %d", name, line)
	return c
}

const sample = `package com.example.app

import com.example.util.Helper
import com.example.util.Outer.Inner
import com.example.util.Registry as Reg
import com.example.util.format as fmt

/**
 * Service does things.
 */
open class Service(private val client: Client, name: String) : Base(name), Runnable {
    private val repo = Repo()
    internal var count: Int = 0

    /** Runs it. */
    override fun run() {
        val h = Helper()
        h.help()
        this.client.get()
        client.send(name)
        super.run()
        helper()
        println(fmt("x"))
        Reg.lookup()
        Inner().go()
        repo.find()
        listOf(1).forEach { it.inc() }
        fun local() {}
        local()
        top()
    }

    private fun helper(): Int {
        if (a && b || c) return 1
        for (i in 0..3) {}
        return when (x) { 1 -> 2; 2 -> 3; else -> 4 }
    }

    companion object {
        fun create(): Service = Service(Client(), "s")
    }

    interface Callback { fun done(); fun twice() { done() } }

    abstract fun abs(): Int
}

fun Repo.extra(): Int = find()

private fun top() = Service.create()

val shared: Repo = Repo()
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
	require.Equal(t, "kdoc", s.GetDocStyle())
	require.Equal(t, "Service does things.", s.GetDoc())
	require.Equal(t, []string{"Base", "Runnable"}, s.GetBases())
	var fields []string
	for _, fl := range s.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	require.Equal(t, []string{"client:Client", "repo:Repo()", "count:Int"}, fields)

	run := def(t, f, "Service.run")
	require.Equal(t, "method", run.GetKind())
	require.Equal(t, "Service", run.GetReceiver())
	require.Equal(t, "Runs it.", run.GetDoc())
	require.Equal(t, "override fun run()", run.GetSignature())

	helper := def(t, f, "Service.helper")
	require.False(t, helper.GetExported())
	require.Equal(t, "Int", helper.GetType())
	// 1 + if + && + || + for + two when branches (else is none)
	require.EqualValues(t, 7, helper.GetComplexity())

	comp := def(t, f, "Service.Companion")
	require.Equal(t, "Service", comp.GetReceiver())
	create := def(t, f, "Service.Companion.create")
	require.Equal(t, "Service", create.GetReceiver(), "a companion's members are the class's")
	require.Equal(t, "Service", create.GetType())

	require.Equal(t, "interface", def(t, f, "Service.Callback").GetKind())
	require.True(t, def(t, f, "Service.Callback.done").GetAbstract())
	require.False(t, def(t, f, "Service.Callback.twice").GetAbstract())
	require.True(t, def(t, f, "Service.abs").GetAbstract())

	ext := def(t, f, "Repo.extra")
	require.Equal(t, "Repo", ext.GetReceiver())
	require.Equal(t, "method", ext.GetKind())
	require.False(t, def(t, f, "top").GetExported())
	require.Equal(t, "function", def(t, f, "top").GetKind())
	shared := def(t, f, "shared")
	require.Equal(t, "property", shared.GetKind())
	require.Equal(t, "Repo", shared.GetType())
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
		{"help", 18, "Helper()", false},       // val h = Helper()
		{"get", 19, "Service.client", false},  // this.client
		{"send", 20, "Service.client", false}, // a constructor property
		{"run", 21, "^Service", false},        // super
		{"helper", 22, "Service", false},      // implicit this
		{"println", 23, "", true},             // the standard library's
		{"fmt", 23, "", false},                // a renamed import, as written
		{"lookup", 24, "Reg", false},          // a renamed type, as written
		{"go", 25, "Outer.Inner()", false},    // a nested type imported by name
		{"find", 26, "Service.repo", false},   // a property
		{"inc", 27, "?", false},               // it
		{"forEach", 27, "listOf()", true},     // on a standard function's result
		{"local", 29, "?", false},             // a local function
		{"top", 30, "", false},                // a top-level function
		{"done", 43, "Service.Callback", false},
		{"find", 48, "Repo", false}, // an extension's implicit receiver
		{"create", 50, "Service", false},
	} {
		c := call(t, f, tc.name, tc.line)
		require.Equal(t, tc.receiver, c.GetReceiver(), "%s on line %d", tc.name, tc.line)
		require.Equal(t, tc.builtin, c.GetBuiltin(), "%s on line %d", tc.name, tc.line)
	}
	base := call(t, f, "Base", 11)
	require.True(t, base.GetConstructor())
	require.Equal(t, "Service", base.GetCaller())
	require.True(t, call(t, f, "Repo", 12).GetConstructor())
	require.Equal(t, "Service.Companion.create", call(t, f, "Service", 40).GetCaller())
}

func TestImports(t *testing.T) {
	t.Parallel()
	f := parse(t, sample+"import x.y.*\n")
	type imp struct{ Spec, Names string }
	var got []imp
	for _, i := range f.GetImports() {
		names := strings.Join(i.GetNames(), ",")
		if i.GetAlias() != "" {
			names += " as " + i.GetAlias()
		}
		got = append(got, imp{i.GetSpec(), names})
	}
	require.Equal(t, []imp{
		{"com.example.util.Helper", "Helper"},
		{"com.example.util.Outer.Inner", "Outer"},
		{"com.example.util.Registry", "Registry as Reg"},
		{"com.example.util.format", "format as fmt"},
	}, got[:4])
}

func TestIsTest(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"src/test/kotlin/a/FooTest.kt":                      true,
		"lib/src/commonTest/kotlin/a/X.kt":                  true,
		"lib/src/jvmMain/kotlin/a/X.kt":                     false,
		"support/src/commonMain/kotlin/a/FileSystemTest.kt": false,
		"src/main/kotlin/a/FooTest.kt":                      false,
		"lib/a/FooTests.kt":                                 true,
		"build.gradle.kts":                                  false,
		"lib/a/Contest.kt":                                  false,
	} {
		f := sdktest.ParseOne(t, New(), path, "package a\nclass X")
		require.Equal(t, want, f.GetIsTest(), path)
	}
}

func TestBadInput(t *testing.T) {
	hasDefinitions := func(t *testing.T, f *sdk.FileFacts) { require.NotEmpty(t, f.GetDefinitions()) }
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:       ".kt",
		Header:    "package a;",
		Neighbour: "package g\nfun good() { g() }\n",
		// The class's body never closes: the grammar's recovery leaves its
		// keyword, name and members in an error node.
		SyntaxError: langtest.Snippet{
			Source: "package a\nclass A {\n  fun f( { g() \n}\nfun h() { k() }\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, sdk.SeverityWarning, f.GetDiagnostics()[0].GetSeverity())
				require.Equal(t, "class", langtest.Definition(f, "A").GetKind())
				require.NotNil(t, langtest.Definition(f, "A.f"))
				require.NotNil(t, langtest.Definition(f, "A.h"), "by its braces, h is in A")
				require.Equal(t, []string{"A.f "}, langtest.CallsNamed(f, "g"))
			},
		},
		InvalidUTF8: langtest.Snippet{
			Source: "package a\n/** Caf\xe9. */\nclass Caf\xe9 { fun \xff() { \xfe() } }\n",
		},
		Minified: langtest.Repeated{
			Before: "class A {",
			Unit:   ` fun m{{i}}() { f("` + strings.Repeat("minified ", 40) + `") };`,
			After:  "}",
			Check:  hasDefinitions,
		},
		Generated: langtest.Repeated{
			Before: "class Gen {\n",
			Unit:   "  fun f{{i}}(): Int = g()\n",
			After:  "}\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, len(f.GetDefinitions())-1, len(f.GetCalls()), "one call a method")
			},
		},
		Nesting: []langtest.Nest{
			{Name: "parens", Before: "fun f(): Int = ", Open: "(", Middle: "g()", Close: ")", After: "\n", Check: hasDefinitions},
			{Name: "blocks", Before: "fun h() ", Open: "{ run ", Middle: "k()", Close: " }", After: "\n", Check: hasDefinitions},
		},
	})
}

// An error node that opens a class is read as that class only when its
// body does not close within the error: otherwise what follows may be in
// the class or after it.
func TestBrokenClass(t *testing.T) {
	f := parse(t, "package a\npublic interface I : B {\n  fun f( { g() \n}\n")
	require.Equal(t, "interface", def(t, f, "I").GetKind())
	require.Equal(t, "public interface I : B", def(t, f, "I").GetSignature())
	require.Equal(t, "I", def(t, f, "I.f").GetReceiver())

	f = parse(t, "package a\nclass A { fun ok() { a() } }\nfun bad(x: ) {{ \nclass B { fun later() { b() } }\n")
	require.Nil(t, langtest.Definition(f, "B"))
	require.Nil(t, langtest.Definition(f, "B.later"))
	require.NotNil(t, langtest.Definition(f, "A.ok"))
}

func TestScopeFunctions(t *testing.T) {
	t.Parallel()
	f := parse(t, `package a

class Shop(val repo: Repo) {
    fun own() {}

    fun f(cart: Cart) {
        cart.apply {
            add()
            own()
            println()
        }
        with(repo) { find() }
        cart.let { it.total() }
        cart.also { c -> c.clear() }
        run { loose() }
    }
}
`)
	for _, tc := range []struct {
		name     string
		line     int32
		receiver string
	}{
		{"add", 8, "Cart"},        // apply's receiver
		{"own", 9, "Shop"},        // declared in the class: the class
		{"println", 10, ""},       // the standard library's
		{"find", 12, "Shop.repo"}, // with's receiver
		{"total", 13, "Cart"},     // let's it
		{"clear", 14, "?"},        // a named parameter: untyped
		{"loose", 15, ""},         // run without a receiver changes nothing
	} {
		c := call(t, f, tc.name, tc.line)
		require.Equal(t, tc.receiver, c.GetReceiver(), "%s on line %d", tc.name, tc.line)
	}
}

func TestElementTypes(t *testing.T) {
	t.Parallel()
	f := parse(t, `package a

class Shop(private val carts: List<Cart>) {
    fun f(items: MutableList<out Item>, names: Map<String, Item>) {
        for (item in items) { item.price() }
        items.forEach { it.weigh() }
        carts.map { it.total() }
        for (n in names) { n.key() }
    }
}
`)
	for _, tc := range []struct {
		name     string
		line     int32
		receiver string
	}{
		{"price", 5, "Item"},
		{"weigh", 6, "Item"},
		{"total", 7, "Cart"},
		{"key", 8, "?"}, // a map's entries are not typed
	} {
		c := call(t, f, tc.name, tc.line)
		require.Equal(t, tc.receiver, c.GetReceiver(), "%s on line %d", tc.name, tc.line)
	}
}

func TestArguments(t *testing.T) {
	t.Parallel()
	f := parse(t, `package a

fun f(a: Int, b: Int = 1, vararg c: String) {}
fun g(a: Int, block: () -> Unit) {}
class C(val a: Int, b: Int = 2) {
    constructor(s: String) : this(1)
}
fun use() {
    g(1) { }
    f(1, 2, "x", "y")
    C("s")
    listOf(1).map { it }
}
`)
	arity := func(qn string) [2]int32 {
		d := def(t, f, qn)
		return [2]int32{d.GetMinArguments(), d.GetMaxArguments()}
	}
	require.Equal(t, [2]int32{2, 0}, arity("f"), "one required, a vararg")
	require.Equal(t, [2]int32{3, 3}, arity("g"))
	var ctors [][2]int32
	for _, d := range f.GetDefinitions() {
		if d.GetKind() == "constructor" {
			ctors = append(ctors, [2]int32{d.GetMinArguments(), d.GetMaxArguments()})
		}
	}
	require.ElementsMatch(t, [][2]int32{{2, 2}, {2, 3}}, ctors)
	require.EqualValues(t, 3, call(t, f, "g", 9).GetArguments(), "a trailing lambda is an argument")
	require.EqualValues(t, 5, call(t, f, "f", 10).GetArguments())
	require.EqualValues(t, 2, call(t, f, "C", 11).GetArguments())
	require.EqualValues(t, 2, call(t, f, "map", 12).GetArguments())
	require.EqualValues(t, 2, call(t, f, "C", 6).GetArguments(), "this(1)")
}

// A member is exported when its classes are: a public function of a
// private class is no one's API.
func TestExportedThroughItsClasses(t *testing.T) {
	t.Parallel()
	f := parse(t, `package p
class Api {
    fun call() {}
    private class Impl { fun run() {} }
    internal class Mod { fun go() {} }
    class Open { fun use() {} }
}
private class Hidden(val x: Int) {
    constructor() : this(1)
    fun help() {}
}
fun top() {}
`)
	for name, want := range map[string]bool{
		"Api": true, "Api.call": true, "Api.Impl": false, "Api.Impl.run": false,
		"Api.Mod": false, "Api.Mod.go": false, "Api.Open": true, "Api.Open.use": true,
		"Hidden": false, "Hidden.help": false, "Hidden.Hidden": false, "top": true,
	} {
		require.Equal(t, want, def(t, f, name).GetExported(), name)
	}
}
