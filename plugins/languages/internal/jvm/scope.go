package jvm

import "strings"

// Scope is what a file's names tell of a type path's first segment, as the
// code being walked sees it.
type Scope interface {
	// TypeParam is the bound of the type parameter name in scope ("" for
	// none), and whether there is one.
	TypeParam(name string) (bound string, ok bool)
	// NestedType is the qualified name of the file's own type name, or "".
	NestedType(name string) string
	// Imported is the type path an imported simple name stands for, or "".
	Imported(name string) string
}

// TypePath rewrites a type path as written to a reference the core can
// evaluate in the file's scope: a type of the file gets its outer types
// ("Inner" → "Outer.Inner"), a nested type imported by name its outer
// type, a type parameter its bound ("" when it has none, or when the path
// goes on past it).
func TypePath(s Scope, p string) string {
	if p == "" {
		return ""
	}
	first, rest, _ := strings.Cut(p, ".")
	if rest != "" {
		rest = "." + rest
	}
	if b, ok := s.TypeParam(first); ok {
		if b == "" || rest != "" {
			return ""
		}
		return b
	}
	if q := s.NestedType(first); q != "" {
		return q + rest
	}
	if q := s.Imported(first); q != "" {
		return q + rest
	}
	return p
}
