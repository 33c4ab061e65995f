package flat

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/java"
	"github.com/smacker/go-tree-sitter/kotlin"
	"github.com/stretchr/testify/require"
)

var javaSources = map[string]string{
	"class": `package a.b;

import static java.util.Collections.emptyList;
import java.util.*;

/** Doc. */
@Deprecated
public class Outer<T extends Comparable<T>> extends Base implements I, J {
	private final java.util.List<String> names = new java.util.ArrayList<>();
	static { init(); }
	Outer(int x) { this(x, /* inline */ 2); }
	public <R> R apply(java.util.function.Function<T, R> f, T... ts) throws Exception {
		for (T t : ts) { if (t == null || ts.length > 2) continue; }
		try (var r = open()) { return f.apply(ts[0]); } catch (IllegalStateException | IllegalArgumentException e) { throw e; }
	}
	record P(int x, int y) { P { assert x > 0; } }
	enum E { A, B { void m() {} }; void m() {} }
	interface Q { default void q() { Runnable r = () -> System.out.println(this::toString); } }
}
`,
	"errors": `class Broken {
	void m( { int x = ; foo(.bar); }
	int y = 3 +
`,
	"empty": ``,
	"comments": `// only a comment
/* and another */`,
	"wide": "class W { int[] a = {" + strings.Repeat("1, ", 200) + "}; }",
}

var kotlinSources = map[string]string{
	"class": `package a
import b.c.*
class K<T>(val x: Int) : Base(), I {
	fun f(y: T?): String = y?.toString() ?: "" // tail
	companion object { const val N = 1 }
	fun g() { listOf(1, 2).map { it * 2 }.forEach(::println) }
}
`,
	"errors": "fun f( { val = }",
}

// TestFlattenMatchesTree walks each tree through go-tree-sitter and through
// its flat copy and checks that every question a walk asks gets the same
// answer from both.
func TestFlattenMatchesTree(t *testing.T) {
	t.Parallel()
	for name, src := range javaSources {
		t.Run("java/"+name, func(t *testing.T) { t.Parallel(); check(t, java.GetLanguage(), []byte(src)) })
	}
	for name, src := range kotlinSources {
		t.Run("kotlin/"+name, func(t *testing.T) { t.Parallel(); check(t, kotlin.GetLanguage(), []byte(src)) })
	}
	// Broken copies of the Java class: cut short, and with spans cut out.
	src := javaSources["class"]
	for i := 1; i < 20; i++ {
		at := i * len(src) / 20
		t.Run(fmt.Sprintf("java/cut%d", i), func(t *testing.T) {
			t.Parallel()
			check(t, java.GetLanguage(), []byte(src[:at]))
			check(t, java.GetLanguage(), []byte(src[:at]+src[min(at+7*i%23+1, len(src)):]))
		})
	}
	// The Java plugin's fixture project.
	files, err := filepath.Glob("../../../plugins/languages/java/testdata/fixture/src/**/*.java")
	require.NoError(t, err)
	more, err := filepath.Glob("../../../plugins/languages/java/testdata/fixture/src/*/*/*.java")
	require.NoError(t, err)
	for _, f := range append(files, more...) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		t.Run("java/"+filepath.Base(f), func(t *testing.T) { t.Parallel(); check(t, java.GetLanguage(), src) })
	}
}

func check(t *testing.T, lang *sitter.Language, src []byte) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(lang)
	tree := p.Parse(nil, src)
	defer tree.Close()
	fields := NewLanguage(lang)
	// A hint far too small makes Flatten walk again with more room.
	ft := Flatten(tree.RootNode(), fields, 1)
	tree.Close()
	p2 := sitter.NewParser()
	defer p2.Close()
	p2.SetLanguage(lang)
	again := p2.Parse(nil, src)
	defer again.Close()
	require.Len(t, ft.nodes, count(again.RootNode()))
	var names []string
	for name := range fields.fields {
		names = append(names, name)
	}
	same(t, again.RootNode(), ft.Root(), nil, names, "root")
}

func count(n *sitter.Node) int {
	c := 1
	for i := 0; i < int(n.ChildCount()); i++ {
		c += count(n.Child(i))
	}
	return c
}

// same compares a node with its copy, then their children.
func same(t *testing.T, s *sitter.Node, f, parent *Node, fieldNames []string, at string) {
	t.Helper()
	require.NotNil(t, f, at)
	require.Equal(t, s.Symbol(), f.Symbol(), at)
	require.Equal(t, s.Type(), f.Type(), at)
	at = fmt.Sprintf("%s/%s@%d", at, s.Type(), s.StartByte())
	require.Equal(t, s.StartByte(), f.StartByte(), at)
	require.Equal(t, s.EndByte(), f.EndByte(), at)
	require.Equal(t, s.StartPoint(), f.StartPoint(), at)
	require.Equal(t, s.EndPoint(), f.EndPoint(), at)
	require.Equal(t, s.IsNamed(), f.IsNamed(), at)
	require.Equal(t, s.IsMissing(), f.IsMissing(), at)
	require.Equal(t, s.IsExtra(), f.IsExtra(), at)
	require.Equal(t, s.HasError(), f.HasError(), at)
	require.Equal(t, s.IsError(), f.IsError(), at)
	require.Equal(t, parent, f.Parent(), at)
	require.Equal(t, s.ChildCount(), f.ChildCount(), at)
	require.Equal(t, s.NamedChildCount(), f.NamedChildCount(), at)
	for i := 0; i < int(s.ChildCount()); i++ {
		same(t, s.Child(i), f.Child(i), f, fieldNames, at)
	}
	require.Nil(t, f.Child(int(s.ChildCount())), at)
	for i := 0; i < int(s.NamedChildCount()); i++ {
		sc, fc := s.NamedChild(i), f.NamedChild(i)
		require.Equal(t, sc.StartByte(), fc.StartByte(), at)
		require.Equal(t, sc.Symbol(), fc.Symbol(), at)
	}
	require.Nil(t, f.NamedChild(int(s.NamedChildCount())), at)
	for _, name := range fieldNames {
		sc, fc := s.ChildByFieldName(name), f.ChildByFieldName(name)
		if sc == nil {
			require.Nil(t, fc, "%s field %s", at, name)
			continue
		}
		require.NotNil(t, fc, "%s field %s", at, name)
		require.Equal(t, sc.StartByte(), fc.StartByte(), "%s field %s", at, name)
		require.Equal(t, sc.EndByte(), fc.EndByte(), "%s field %s", at, name)
		require.Equal(t, sc.Symbol(), fc.Symbol(), "%s field %s", at, name)
	}
	require.Nil(t, f.ChildByFieldName("no such field"), at)
}
