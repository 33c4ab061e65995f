package treesitter

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

// Role is what a node is to a call's name and qualifier, the part of call
// extraction that is the same in every language. A plugin gives some of its
// kinds a role; the other kinds have RoleNone.
type Role uint8

const (
	RoleNone Role = iota
	// RoleName is a plain name: "f" in f(), "a" in a.b.
	RoleName
	// RoleTypeName is a name written out in a qualifier but never taken
	// as a call's name (Go's type identifiers).
	RoleTypeName
	// RoleMember is obj.name: obj its first named child, name its last.
	RoleMember
	// RoleCall is a call, its function the first named child.
	RoleCall
	// RoleIndex is an index or subscript, its operand the first named child.
	RoleIndex
	// RoleParen is a parenthesised expression.
	RoleParen
	// RoleAssert is a type assertion x.(T): x its first named child, T its
	// second.
	RoleAssert
)

// Grammar is a tree-sitter language with lookup tables from its symbols to
// the plugin's kinds K and to the shared roles. Node.Type() allocates a Go
// string per call; a table indexed by the node's symbol does not, and a
// walk asks for every node's kind. A Grammar is read-only once built and is
// shared by concurrent Parse calls.
type Grammar[K ~uint8] struct {
	lang  *sitter.Language
	kinds []K
	roles []Role
	flat  *flat.Language
}

// NewGrammar builds the tables of lang: names maps node type names to
// kinds, roles the kinds that take part in calls to their role. Node types
// not in names have the zero kind, which must be the plugin's "other".
func NewGrammar[K ~uint8](lang *sitter.Language, names map[string]K, roles map[K]Role) *Grammar[K] {
	count := lang.SymbolCount()
	g := &Grammar[K]{lang: lang, kinds: make([]K, count), roles: make([]Role, count), flat: flat.NewLanguage(lang)}
	for s := uint32(0); s < count; s++ {
		sym := sitter.Symbol(s)
		// Only named symbols: keywords and tokens share names with nodes
		// ("string" is both in Python) but are never what a kind describes.
		if lang.SymbolType(sym) != sitter.SymbolTypeRegular {
			continue
		}
		k := names[lang.SymbolName(sym)]
		g.kinds[s], g.roles[s] = k, roles[k]
	}
	return g
}

// Language is the grammar to parse with.
func (g *Grammar[K]) Language() *sitter.Language { return g.lang }

// Kind is n's kind; the zero kind for node types the plugin did not name.
// It is just within the inliner's budget: a walk should call it directly
// (x.g.Kind(n)), since a wrapper method around it would not be inlined.
func (g *Grammar[K]) Kind(n *sitter.Node) K {
	if s := int(n.Symbol()); s < len(g.kinds) {
		return g.kinds[s]
	}
	return 0 // ERROR nodes carry a symbol past the table
}

// KindOf is Kind for a node of a flat copy of the tree.
func (g *Grammar[K]) KindOf(n *flat.Node) K {
	if s := int(n.Symbol()); s < len(g.kinds) {
		return g.kinds[s]
	}
	return 0
}

// Flat is what flat copies of the grammar's trees need of it.
func (g *Grammar[K]) Flat() *flat.Language { return g.flat }

func (g *Grammar[K]) role(n *sitter.Node) Role {
	if s := int(n.Symbol()); s < len(g.roles) {
		return g.roles[s]
	}
	return RoleNone
}

// Call returns the call site of the call expression n inside caller, or
// nil when what it calls has no name (fns[0](), func() {}()). The
// qualifier is the receiver expression as a dotted path (see Qualifier).
func (g *Grammar[K]) Call(src []byte, n *sitter.Node, caller string) *sdk.Call {
	fn := n.NamedChild(0)
	for fn != nil && g.role(fn) == RoleParen {
		fn = fn.NamedChild(0)
	}
	if fn == nil {
		return nil
	}
	switch g.role(fn) {
	case RoleName:
		return CallAt(fn, Text(src, fn), "", caller)
	case RoleMember:
		name := fn.NamedChild(int(fn.NamedChildCount()) - 1)
		if name == nil || g.role(name) != RoleName {
			return nil
		}
		return CallAt(name, Text(src, name), g.Qualifier(src, fn.NamedChild(0)), caller)
	}
	return nil
}

// Located is what Text, Span and CallAt read of a node: go-tree-sitter's
// Node and a flat copy's alike.
type Located interface {
	StartByte() uint32
	EndByte() uint32
	StartPoint() sitter.Point
	EndPoint() sitter.Point
}

// CallAt is the call of callee, named at the node name.
func CallAt[N Located](name N, callee, qualifier, caller string) *sdk.Call {
	return &sdk.Call{
		Name:      callee,
		Qualifier: qualifier,
		Caller:    caller,
		// The callee's line, not the expression's: in a chain split over
		// lines, each call sits where its name is.
		Line: int32(name.StartPoint().Row) + 1,
	}
}

// maxPath bounds the qualifier of a call at the end of a long builder
// chain, which would otherwise repeat the whole chain for every call in it.
const maxPath = 12

// Qualifier renders a receiver expression as a dotted path: "a.b", "c.f()",
// "m[]", "x.(T)", with "?" for any other expression.
func (g *Grammar[K]) Qualifier(src []byte, n *sitter.Node) string {
	return string(qualifierPath(g, nil, src, n, 0))
}

// QualifierOf is Qualifier for a node of a flat copy of the tree.
func (g *Grammar[K]) QualifierOf(src []byte, n *flat.Node) string {
	return string(qualifierPath(g, nil, src, n, 0))
}

// walkable is what a qualifier's path reads of a node: go-tree-sitter's
// Node and a flat copy's alike, nil where there is no node.
type walkable[N any] interface {
	comparable
	Located
	Symbol() sitter.Symbol
	NamedChild(int) N
	NamedChildCount() uint32
}

func (g *Grammar[K]) roleOf(s sitter.Symbol) Role {
	if int(s) < len(g.roles) {
		return g.roles[s]
	}
	return RoleNone
}

func qualifierPath[K ~uint8, N walkable[N]](g *Grammar[K], b, src []byte, n N, depth int) []byte {
	var none N
	if n == none || depth > maxPath {
		return append(b, '?')
	}
	switch g.roleOf(n.Symbol()) {
	case RoleName, RoleTypeName:
		return append(b, src[n.StartByte():n.EndByte()]...)
	case RoleMember:
		b = qualifierPath(g, b, src, n.NamedChild(0), depth+1)
		b = append(b, '.')
		name := n.NamedChild(int(n.NamedChildCount()) - 1)
		return append(b, src[name.StartByte():name.EndByte()]...)
	case RoleCall:
		return append(qualifierPath(g, b, src, n.NamedChild(0), depth+1), "()"...)
	case RoleIndex:
		return append(qualifierPath(g, b, src, n.NamedChild(0), depth+1), "[]"...)
	case RoleParen:
		return qualifierPath(g, b, src, n.NamedChild(0), depth+1)
	case RoleAssert:
		b = append(qualifierPath(g, b, src, n.NamedChild(0), depth+1), ".("...)
		if t := n.NamedChild(1); t != none {
			b = append(b, src[t.StartByte():t.EndByte()]...)
		}
		return append(b, ')')
	}
	return append(b, '?')
}

// wideNode is the child count above which children are stepped through with
// a cursor: NamedChild(i) restarts from the first child, which turns very
// wide nodes (generated tables, long literals) quadratic.
const wideNode = 32

// EachNamedChild calls visit with each named child of n, in order.
func EachNamedChild(n *sitter.Node, visit func(*sitter.Node)) {
	count := int(n.NamedChildCount())
	if count <= wideNode {
		for i := 0; i < count; i++ {
			visit(n.NamedChild(i))
		}
		return
	}
	c := sitter.NewTreeCursor(n)
	defer c.Close()
	for ok := c.GoToFirstChild(); ok; ok = c.GoToNextSibling() {
		if child := c.CurrentNode(); child.IsNamed() {
			visit(child)
		}
	}
}

// Text is n's source.
func Text[N Located](src []byte, n N) string {
	return string(src[n.StartByte():n.EndByte()])
}

// Span runs from outer's first line (a decorator) to n's last; outer is n
// itself for most definitions.
func Span[N Located](outer, n N) *sdk.Span {
	start, end := outer.StartPoint(), n.EndPoint()
	last := end.Row
	if end.Column == 0 && last > start.Row {
		last-- // a node that ends with its line break ends on the line before
	}
	return &sdk.Span{StartLine: int32(start.Row) + 1, EndLine: int32(last) + 1}
}
