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

// Enclosing is what name lookups read of one type declaration around the
// code walked: its name and qualified name (both "" for an anonymous or
// local class, Anon), its member types (simple name → qualified name) and
// its type parameters (name → bound reference, "" when it has none).
type Enclosing struct {
	Name, QN   string
	Anon       bool
	Nested     map[string]string
	TypeParams map[string]string
}

// Decl is a plugin's record of a type declaration: what the lookups read
// of it, and the declaration around it (the zero D at the top).
type Decl[D comparable] interface {
	comparable
	Enclosing() (Enclosing, D)
}

// TypeParam looks name up among the type parameters of the method walked
// (method) and then of inner and the declarations around it, innermost
// first: its bound, and whether there is one.
func TypeParam[D Decl[D]](inner D, method map[string]string, name string) (string, bool) {
	if b, ok := method[name]; ok {
		return b, true
	}
	var top D
	for c := inner; c != top; {
		e, outer := c.Enclosing()
		if b, ok := e.TypeParams[name]; ok {
			return b, true
		}
		c = outer
	}
	return "", false
}

// NestedType finds a type of the file named name as the code in inner
// sees it: a member type of inner or a declaration around it, or that
// declaration itself, innermost first; then the one type of the file with
// that simple name (types: simple name → qualified names), when there is
// only one.
func NestedType[D Decl[D]](inner D, types map[string][]string, name string) string {
	var top D
	for c := inner; c != top; {
		e, outer := c.Enclosing()
		if q := e.Nested[name]; q != "" {
			return q
		}
		if !e.Anon && e.Name == name {
			return e.QN
		}
		c = outer
	}
	if qs := types[name]; len(qs) == 1 {
		return qs[0]
	}
	return ""
}
