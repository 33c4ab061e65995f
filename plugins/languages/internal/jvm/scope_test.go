package jvm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// names is a Scope of fixed names.
type names struct {
	params   map[string]string
	nested   map[string]string
	imported map[string]string
}

func (n names) TypeParam(name string) (string, bool) {
	b, ok := n.params[name]
	return b, ok
}
func (n names) NestedType(name string) string { return n.nested[name] }
func (n names) Imported(name string) string   { return n.imported[name] }

func TestTypePath(t *testing.T) {
	t.Parallel()
	s := names{
		params:   map[string]string{"T": "Shape", "U": ""},
		nested:   map[string]string{"Inner": "Outer.Inner", "Entry": "Outer.Entry"},
		imported: map[string]string{"Entry": "java.util.Map.Entry", "Reg": "a.b.Registry"},
	}
	for in, want := range map[string]string{
		"":           "",
		"T":          "Shape",
		"U":          "", // unbounded
		"T.Nested":   "", // a member of a type parameter
		"Inner":      "Outer.Inner",
		"Inner.Leaf": "Outer.Inner.Leaf",
		"Entry":      "Outer.Entry", // the file's own type before an import
		"Reg.Sub":    "a.b.Registry.Sub",
		"Other":      "Other",
		"x.y.Other":  "x.y.Other",
	} {
		require.Equal(t, want, TypePath(s, in), in)
	}
}

// decl is a Decl for the tests: a declaration and the one around it.
type decl struct {
	e     Enclosing
	outer *decl
}

func (d *decl) Enclosing() (Enclosing, *decl) { return d.e, d.outer }

func TestEnclosingLookups(t *testing.T) {
	t.Parallel()
	outer := &decl{e: Enclosing{Name: "Outer", QN: "Outer", Nested: map[string]string{"Inner": "Outer.Inner"},
		TypeParams: map[string]string{"T": "Shape", "K": ""}}}
	anon := &decl{e: Enclosing{Anon: true, TypeParams: map[string]string{"T": "Other"}}, outer: outer}
	types := map[string][]string{"Inner": {"Outer.Inner"}, "Twice": {"A.Twice", "B.Twice"}, "Top": {"Top"}}

	b, ok := TypeParam(anon, map[string]string{"M": "Node"}, "M")
	require.True(t, ok)
	require.Equal(t, "Node", b, "the method's own first")
	b, ok = TypeParam(anon, nil, "T")
	require.True(t, ok)
	require.Equal(t, "Other", b, "the innermost declaration's")
	b, ok = TypeParam(anon, nil, "K")
	require.True(t, ok)
	require.Empty(t, b)
	_, ok = TypeParam(anon, nil, "X")
	require.False(t, ok)
	_, ok = TypeParam[*decl](nil, nil, "T")
	require.False(t, ok)

	require.Equal(t, "Outer.Inner", NestedType(anon, types, "Inner"))
	require.Equal(t, "Outer", NestedType(anon, types, "Outer"), "an enclosing declaration by its name")
	require.Equal(t, "", NestedType(anon, types, ""), "an anonymous class has no name")
	require.Equal(t, "Top", NestedType(anon, types, "Top"))
	require.Equal(t, "", NestedType(anon, types, "Twice"), "two types of that name")
	require.Equal(t, "Top", NestedType[*decl](nil, types, "Top"))
}
