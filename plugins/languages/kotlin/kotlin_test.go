package kotlin

import (
	"context"
	"strings"
	"testing"
	"time"

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
	for _, d := range f.GetDefinitions() {
		if d.GetQualifiedName() == qn {
			return d
		}
	}
	t.Fatalf("no definition %s", qn)
	return nil
}

func call(t *testing.T, f *sdk.FileFacts, name string, line int32) *sdk.Call {
	t.Helper()
	for _, c := range f.GetCalls() {
		if c.GetName() == name && c.GetLine() == line {
			return c
		}
	}
	t.Fatalf("no call of %s on line %d", name, line)
	return nil
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

func parseBad(t *testing.T, content []byte) *sdk.FileFacts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	facts, err := New().Parse(ctx, []*sdk.SourceFile{
		{Path: "Bad.kt", Content: content},
		{Path: "Good.kt", Content: []byte("package g\nfun good() { g() }\n")},
	})
	require.NoError(t, err)
	require.Len(t, facts, 2)
	require.Less(t, time.Since(start), 30*time.Second)
	require.Equal(t, "good", facts[1].GetDefinitions()[0].GetQualifiedName())
	return facts[0]
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	f := parseBad(t, []byte("package a\nclass A {\n  fun f( { g() \n}\nfun h() { k() }\n"))
	require.NotEmpty(t, f.GetDiagnostics())
	require.Equal(t, sdk.SeverityWarning, f.GetDiagnostics()[0].GetSeverity())
}

func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	f := parseBad(t, []byte("package a\n/** Caf\xe9. */\nclass Caf\xe9 { fun \xff() { \xfe() } }\n"))
	for _, d := range f.GetDefinitions() {
		s := d.GetName() + d.GetDoc() + d.GetSignature()
		require.Equal(t, strings.ToValidUTF8(s, ""), s)
	}
}

func TestMinifiedLine(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("package a; class A {")
	for i := 0; b.Len() < 5<<20; i++ {
		b.WriteString(" fun m")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("() { f(\"")
		b.WriteString(strings.Repeat("minified ", 40))
		b.WriteString("\") };")
	}
	b.WriteString("}")
	f := parseBad(t, []byte(b.String()))
	require.NotEmpty(t, f.GetDefinitions())
	require.EqualValues(t, 1, f.GetLines())
}

func TestBinaryFile(t *testing.T) {
	t.Parallel()
	bin := make([]byte, 64<<10)
	for i := range bin {
		bin[i] = byte(i*7919 + i>>3)
	}
	f := parseBad(t, bin)
	require.NotEmpty(t, f.GetDiagnostics())
}

func TestGeneratedFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("package a\nclass Gen {\n")
	for i := 0; i < 20000; i++ {
		b.WriteString("  fun f")
		b.WriteString(strings.Repeat("a", 1+i%5))
		b.WriteString("(): Int = g()\n")
	}
	b.WriteString("}\n")
	f := parseBad(t, []byte(b.String()))
	require.Len(t, f.GetDefinitions(), 20001)
	require.Len(t, f.GetCalls(), 20000)
}

func TestDeepNesting(t *testing.T) {
	t.Parallel()
	const depth = 10000
	src := "package a\nfun f(): Int = " + strings.Repeat("(", depth) + "g()" + strings.Repeat(")", depth) + "\n" +
		"fun h() " + strings.Repeat("{ run ", depth) + "k()" + strings.Repeat(" }", depth) + "\n"
	f := parseBad(t, []byte(src))
	require.NotEmpty(t, f.GetDefinitions())
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
