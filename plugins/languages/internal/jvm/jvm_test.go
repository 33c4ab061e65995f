package jvm

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func TestTypeRef(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Foo":                         "Foo",
		"List<Foo>":                   "List",
		"Map.Entry<K, List<V>>":       "Map.Entry",
		"Foo?":                        "Foo",
		"@Nullable Foo":               "Foo",
		"@Ann(\"x\") a.b.Foo<T>":      "a.b.Foo",
		"int":                         "",
		"Foo[]":                       "",
		"(Int) -> Unit":               "",
		"suspend () -> Unit":          "",
		"? extends Foo":               "Foo",
		"java.util.function.Function": "java.util.function.Function",
	} {
		require.Equal(t, want, TypeRef(in), in)
	}
}

func TestDocs(t *testing.T) {
	t.Parallel()
	src := []byte("/* not a doc */\nclass A {}\n/**\n * Does it.\n *\n * @param x the x\n */\n@Ann\nvoid f() {}\n/** one */ int g;\n")
	require.Equal(t, "", DocBefore(src, 16))
	start := uint32(len("/* not a doc */\nclass A {}\n/**\n * Does it.\n *\n * @param x the x\n */\n"))
	require.Equal(t, "Does it.\n\n@param x the x", CleanDoc(DocBefore(src, start)))
	g := uint32(len(src) - len("int g;\n"))
	require.Equal(t, "one", CleanDoc(DocBefore(src, g)))
	require.Equal(t, "", DocBefore([]byte("/**/ x"), 5))
}

func TestPackageOf(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"package a.b.c;\nclass X {}":                         "a.b.c",
		"/*\n * package not.this;\n */\npackage real.one\n":  "real.one",
		"// package no\n@file:JvmName(\"X\")\npackage k.t\n": "k.t",
		"import x.Y;\nclass Z {}":                            "",
		"package `in`.keyword":                               "in.keyword",
	} {
		require.Equal(t, want, PackageOf([]byte(src)), src)
	}
}

func TestSplitSpec(t *testing.T) {
	t.Parallel()
	pkg, typ := SplitSpec("com.acme.Outer.Inner")
	require.Equal(t, "com.acme", pkg)
	require.Equal(t, []string{"Outer", "Inner"}, typ)
	pkg, typ = SplitSpec("kotlinx.coroutines.launch")
	require.Equal(t, "kotlinx.coroutines.launch", pkg)
	require.Empty(t, typ)
}

// With a work tree, the packages files declare decide, also where
// directories do not follow them.
func TestResolveReadsPackages(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(p, content string) {
		full := filepath.Join(root, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
	write("src/main/kotlin/Util.kt", "package com.acme.util\n\nfun slug() {}\nclass Widget\n")
	write("src/main/kotlin/app/Main.kt", "package com.acme.app\n")
	write("src/main/java/com/acme/core/Engine.java", "package com.acme.core;\npublic class Engine {}\n")
	files := []string{"src/main/kotlin/Util.kt", "src/main/kotlin/app/Main.kt", "src/main/java/com/acme/core/Engine.java", "README.md"}
	var sites []*sdk.ImportSite
	for _, imp := range []*sdk.Import{
		{Spec: "com.acme.core.Engine", Names: []string{"Engine"}},
		{Spec: "com.acme.util.Widget", Names: []string{"Widget"}},
		{Spec: "com.acme.util.slug", Names: []string{"slug"}},
		{Spec: "com.acme.util", Names: []string{"*"}},
		{Spec: "com.acme.core.Engine.Part", Names: []string{"Engine"}},
		{Spec: "kotlin.collections.List", Names: []string{"List"}},
		{Spec: "com.other.Lib", Names: []string{"Lib"}},
	} {
		sites = append(sites, &sdk.ImportSite{FromPath: "src/main/kotlin/app/Main.kt", Import: imp})
	}
	resp, err := Resolve(context.Background(), root, &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	type res struct {
		To       []string
		External bool
	}
	var got []res
	for _, r := range resp.GetImports() {
		got = append(got, res{r.GetToPaths(), r.GetExternal()})
	}
	require.Equal(t, []res{
		{[]string{"src/main/java/com/acme/core/Engine.java"}, false},
		{nil, false}, // in a package of the repository, in a file not named after it: for the core
		{nil, false},
		{[]string{"src/main/kotlin/Util.kt"}, false},
		{[]string{"src/main/java/com/acme/core/Engine.java"}, false},
		{nil, true},
		{nil, true},
	}, got)
}

func TestIsVariant(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"okio/src/commonMain/kotlin/okio/Buffer.kt":  false,
		"okio/src/jvmMain/kotlin/okio/Buffer.kt":     false,
		"okio/src/nonJvmMain/kotlin/okio/Buffer.kt":  true,
		"okio/src/jsTest/kotlin/okio/X.kt":           true,
		"okio/src/commonJvmAndroid/kotlin/okio/X.kt": false,
		"app/src/main/kotlin/a/B.kt":                 false,
		"app/src/test/kotlin/a/B.kt":                 false,
		"app/src/androidMain/kotlin/a/B.kt":          true,
		"src/jvmTest/kotlin/a/B.kt":                  false,
	} {
		require.Equal(t, want, IsVariant(p), p)
	}
}

func TestElementType(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"List<Foo>":                     "Foo",
		"MutableList<out Foo>":          "Foo",
		"Array<Foo?>":                   "Foo",
		"kotlin.collections.Set<a.Bar>": "a.Bar",
		"Map<K, V>":                     "",
		"List<List<Foo>>":               "",
		"Foo<Bar>":                      "",
		"List":                          "",
		"List<Foo>?":                    "Foo",
	} {
		require.Equal(t, want, ElementType(in), in)
	}
}

// A Resolver sent the imports in parts answers each as Resolve answers the
// whole, reading the files' packages once while the files stay the same,
// and again when they change.
func TestResolverKeepsItsIndex(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for p, content := range map[string]string{
		"a/Util.kt":              "package com.acme.util\nclass Widget\n",
		"b/com/acme/core/E.java": "package com.acme.core;\nclass E {}\n",
	} {
		full := filepath.Join(root, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
	files := []string{"a/Util.kt", "b/com/acme/core/E.java"}
	sites := []*sdk.ImportSite{
		{FromPath: "a/Util.kt", Import: &sdk.Import{Spec: "com.acme.core.E", Names: []string{"E"}}},
		{FromPath: "b/com/acme/core/E.java", Import: &sdk.Import{Spec: "com.acme.util", Names: []string{"*"}}},
		{FromPath: "b/com/acme/core/E.java", Import: &sdk.Import{Spec: "java.util.List", Names: []string{"List"}}},
	}
	ctx := context.Background()
	whole, err := Resolve(ctx, root, &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	var r Resolver
	var parts []*sdk.ResolvedImport
	for _, part := range [][]*sdk.ImportSite{sites[:1], sites[1:]} {
		resp, err := r.Resolve(ctx, root, &sdk.ResolveRequest{Files: files, Imports: part})
		require.NoError(t, err)
		parts = append(parts, resp.GetImports()...)
	}
	require.Len(t, parts, len(whole.GetImports()))
	for i, got := range parts {
		want := whole.GetImports()[i]
		require.Equal(t, []any{want.GetFromPath(), want.GetSpec(), want.GetToPaths(), want.GetExternal()},
			[]any{got.GetFromPath(), got.GetSpec(), got.GetToPaths(), got.GetExternal()}, i)
	}
	require.Equal(t, []string{"a/Util.kt"}, parts[1].GetToPaths())
	first := r.x

	// The same files: the index stands, even though a package changed on
	// disk since (a request's files are HEAD's, read once a run).
	require.NoError(t, os.WriteFile(filepath.Join(root, "a/Util.kt"), []byte("package com.acme.other\n"), 0o644))
	_, err = r.Resolve(ctx, root, &sdk.ResolveRequest{Files: files, Imports: sites[1:2]})
	require.NoError(t, err)
	require.Same(t, first, r.x)

	// Other files: it is read again.
	resp, err := r.Resolve(ctx, root, &sdk.ResolveRequest{Files: files[:1], Imports: sites[1:2]})
	require.NoError(t, err)
	require.NotSame(t, first, r.x)
	require.Empty(t, resp.GetImports()[0].GetToPaths())
}

// A source among the tests that holds no test, by name or annotation, is
// the tests' support.
func TestTestSupport(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path, src string
		want      bool
	}{
		{"guava/src/test/java/r/AlwaysNullConverterFactory.java", "final class AlwaysNullConverterFactory extends Converter.Factory {}", true},
		{"guava/src/test/java/r/GuavaConverterTest.java", "class GuavaConverterTest {}", false},
		{"guava/src/test/java/r/Behaviour.java", "class Behaviour {\n  @Test public void empty() {}\n}", false},
		{"core/src/test/java/r/Checks.java", "class Checks {\n  @org.junit.jupiter.api.ParameterizedTest void cases(int n) {}\n}", false},
		{"core/src/test/java/r/Legacy.java", "class Legacy extends TestCase {\n  public void testParse() {}\n}", false},
		{"core/src/test/kotlin/r/Fixtures.kt", "object Fixtures { val user = User(\"ann\") }", true},
		{"core/src/test/kotlin/r/Parsing.kt", "class Parsing {\n  @Test fun `reads a date`() {}\n}", false},
		{"core/src/test/java/r/TestHelpers.java", "class TestHelpers {}", true},
		{"core/src/test/java/r/TestFiler.java", "final class TestFiler implements Filer {}", true},
		{"core/src/test/java/r/TestParser.java", "class TestParser {\n  @Test public void reads() {}\n}", false},
		{"core/src/test/kotlin/r/Parsing.kt", "class Parsing : FunSpec({\n  test(\"reads\") {}\n})", false},
		{"core/src/test/kotlin/r/TestLexer.kt", "class TestLexer : StringSpec({ \"reads\" { } })", false},
	} {
		require.Equal(t, c.want, TestSupport(c.path, []byte(c.src)), c.path)
	}
}

// Without a work tree, a type is found by the tail of its file's path, at
// a directory's start only, and a package by the directories that end in
// its segments, one directory named with a dot included.
func TestResolveWithoutWorkTree(t *testing.T) {
	t.Parallel()
	files := []string{
		"core/src/main/java/com/acme/Engine.java",
		"web/src/main/java/com/acme/Engine.java",
		"web/src/main/java/org/xcom/acme/Engine.java",
		"lib/com.acme/Part.kt",
		"Top.java",
		"docs/Engine.md",
	}
	var sites []*sdk.ImportSite
	for _, imp := range []*sdk.Import{
		{Spec: "com.acme.Engine", Names: []string{"Engine"}},
		{Spec: "acme.Engine", Names: []string{"Engine"}},
		{Spec: "Top", Names: []string{"Top"}},
		{Spec: "com.acme", Names: []string{"*"}},
		{Spec: "com.acme.Part", Names: []string{"Part"}},
		{Spec: "xcom.acme.Engine.Inner", Names: []string{"Engine"}},
		{Spec: "acme", Names: []string{"*"}},
		{Spec: "org.other.Engine", Names: []string{"Engine"}},
	} {
		sites = append(sites, &sdk.ImportSite{FromPath: "Top.java", Import: imp})
	}
	resp, err := Resolve(context.Background(), "", &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	type res struct {
		To       []string
		External bool
	}
	var got []res
	for _, r := range resp.GetImports() {
		got = append(got, res{r.GetToPaths(), r.GetExternal()})
	}
	require.Equal(t, []res{
		{[]string{"core/src/main/java/com/acme/Engine.java", "web/src/main/java/com/acme/Engine.java"}, false},
		{[]string{"core/src/main/java/com/acme/Engine.java", "web/src/main/java/com/acme/Engine.java",
			"web/src/main/java/org/xcom/acme/Engine.java"}, false},
		{[]string{"Top.java"}, false},
		{[]string{"core/src/main/java/com/acme/Engine.java", "lib/com.acme/Part.kt", "web/src/main/java/com/acme/Engine.java"}, false},
		{[]string{"lib/com.acme/Part.kt"}, false},
		{[]string{"web/src/main/java/org/xcom/acme/Engine.java"}, false},
		{[]string{"core/src/main/java/com/acme/Engine.java", "web/src/main/java/com/acme/Engine.java",
			"web/src/main/java/org/xcom/acme/Engine.java"}, false},
		{nil, true},
	}, got)
}
