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
