// Package flat copies a tree-sitter syntax tree into Go memory in one call,
// so that a plugin's walk reads it without crossing into C.
//
// Every method of go-tree-sitter's Node is a cgo call, and each node it
// returns goes through a map of the nodes already handed out. A walk that
// asks a few questions of every node of a file spends more on those
// crossings than tree-sitter spends parsing: on spring-boot's 8,667 Java
// files the walk took 6.5 s of CPU against the parse's 4.1 s. Flatten walks
// the tree once in C with a tree cursor and writes each visible node's type,
// position, parent and field into a Go slice; a Node then answers from that
// slice. Its methods are go-tree-sitter's, with the same meaning, for the
// questions walks ask: a walk written against *sitter.Node reads the same
// with *flat.Node.
package flat

/*
#include <stdint.h>
#include <stdbool.h>

// The layouts of tree-sitter's TSNode and TSTreeCursor (api.h of the
// go-tree-sitter version in go.mod); TestFlattenMatchesTree fails if they
// drift. The functions are tree-sitter's own, linked in with
// go-tree-sitter.
typedef struct { uint32_t context[4]; const void *id; const void *tree; } ts_node;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } ts_cursor;
typedef struct { uint32_t row; uint32_t column; } ts_point;

extern ts_cursor ts_tree_cursor_new(ts_node);
extern void ts_tree_cursor_delete(ts_cursor *);
extern ts_node ts_tree_cursor_current_node(const ts_cursor *);
extern uint16_t ts_tree_cursor_current_field_id(const ts_cursor *);
extern bool ts_tree_cursor_goto_first_child(ts_cursor *);
extern bool ts_tree_cursor_goto_next_sibling(ts_cursor *);
extern bool ts_tree_cursor_goto_parent(ts_cursor *);
extern uint16_t ts_node_symbol(ts_node);
extern uint32_t ts_node_start_byte(ts_node);
extern uint32_t ts_node_end_byte(ts_node);
extern ts_point ts_node_start_point(ts_node);
extern ts_point ts_node_end_point(ts_node);
extern bool ts_node_is_named(ts_node);
extern bool ts_node_is_missing(ts_node);
extern bool ts_node_is_extra(ts_node);
extern bool ts_node_has_error(ts_node);

// One visible node, in the order of a depth-first walk. Mirrored by
// cNode in Go.
typedef struct {
	uint32_t start_byte, end_byte;
	uint32_t start_row, start_col, end_row, end_col;
	int32_t parent;
	uint16_t symbol, field;
	uint8_t flags;
} flat_node;

enum { NAMED = 1, MISSING = 2, EXTRA = 4, HAS_ERROR = 8 };

// flatten writes the nodes under root into out, up to cap of them, and
// returns how many there are; more than cap means out was too small and
// holds nothing usable.
static int64_t flatten(ts_node root, flat_node *out, int64_t cap) {
	ts_cursor c = ts_tree_cursor_new(root);
	int64_t n = 0;
	int32_t parent = -1;
	for (;;) {
		if (n == cap) {
			n = cap + 1;
			break;
		}
		ts_node cur = ts_tree_cursor_current_node(&c);
		flat_node *f = &out[n];
		ts_point s = ts_node_start_point(cur), e = ts_node_end_point(cur);
		f->start_byte = ts_node_start_byte(cur);
		f->end_byte = ts_node_end_byte(cur);
		f->start_row = s.row;
		f->start_col = s.column;
		f->end_row = e.row;
		f->end_col = e.column;
		f->parent = parent;
		f->symbol = ts_node_symbol(cur);
		// An ERROR node has no fields (ts_node_child_by_field_id finds
		// none), though the cursor finds those of the rules it broke off.
		f->field = parent < 0 || out[parent].symbol == UINT16_MAX ? 0 : ts_tree_cursor_current_field_id(&c);
		f->flags = (ts_node_is_named(cur) ? NAMED : 0) | (ts_node_is_missing(cur) ? MISSING : 0) |
			(ts_node_is_extra(cur) ? EXTRA : 0) | (ts_node_has_error(cur) ? HAS_ERROR : 0);
		int32_t me = (int32_t)n++;
		if (ts_tree_cursor_goto_first_child(&c)) {
			parent = me;
			continue;
		}
		bool more = true;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c)) {
				more = false;
				break;
			}
			parent = out[parent].parent;
		}
		if (!more) {
			break;
		}
	}
	ts_tree_cursor_delete(&c);
	return n;
}
*/
import "C"

import (
	"math"
	"sync"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// cNode mirrors flat_node.
type cNode struct {
	startByte, endByte                 uint32
	startRow, startCol, endRow, endCol uint32
	parent                             int32
	symbol, field                      uint16
	flags                              uint8
}

const (
	fNamed    = 1
	fMissing  = 2
	fExtra    = 4
	fHasError = 8
)

// Tree is a syntax tree copied out of tree-sitter. It does not refer to the
// tree it was copied from, which may be closed once Flatten returns.
type Tree struct {
	nodes []Node
	// kids holds the children of every node, each node's contiguous and
	// in order; named the named ones alike.
	kids, named []*Node
	lang        *Language
}

// Node is one node of a Tree. Pointers to the same node are equal, as
// go-tree-sitter's are.
type Node struct {
	t                    *Tree
	startByte, endByte   uint32
	startPoint, endPoint sitter.Point
	parent               int32
	kids, nkids          int32 // t.kids[kids : kids+nkids]
	named, nnamed        int32 // t.named[named : named+nnamed]
	symbol               sitter.Symbol
	field                uint16
	flags                uint8
}

// Language is what a flat tree needs of its grammar: the field ids by name
// and the symbol names. Build it once per grammar (NewLanguage) and share
// it; it is read-only.
type Language struct {
	fields  map[string]uint16
	symbols []string
}

// NewLanguage reads the field and symbol names of lang.
func NewLanguage(lang *sitter.Language) *Language {
	l := &Language{fields: map[string]uint16{}, symbols: make([]string, lang.SymbolCount())}
	// Field ids run from 1; the name of an id past the last is empty.
	for id := 1; id <= math.MaxUint16; id++ {
		name := lang.FieldName(id)
		if name == "" {
			break
		}
		l.fields[name] = uint16(id)
	}
	for i := range l.symbols {
		l.symbols[i] = lang.SymbolName(sitter.Symbol(i))
	}
	return l
}

var bufs = sync.Pool{New: func() any { return new([]cNode) }}

// Flatten copies the tree under root, a node of a tree that is still open.
// sizeHint is how many nodes to expect at most; a guess too small costs a
// second walk.
func Flatten(root *sitter.Node, lang *Language, sizeHint int) *Tree {
	// The TSNode is go-tree-sitter's Node's first field; it is copied, so
	// C sees no Go pointer.
	cn := *(*C.ts_node)(unsafe.Pointer(root))
	// The C side's output is copied at once: its buffer serves the next
	// file.
	pooled := bufs.Get().(*[]cNode)
	defer bufs.Put(pooled)
	buf := *pooled
	if want := max(sizeHint, 64); len(buf) < want {
		buf = make([]cNode, want)
	}
	for {
		n := int(C.flatten(cn, (*C.flat_node)(unsafe.Pointer(&buf[0])), C.int64_t(len(buf))))
		if n <= len(buf) {
			*pooled = buf
			buf = buf[:n]
			break
		}
		buf = make([]cNode, 2*len(buf))
	}
	t := &Tree{nodes: make([]Node, len(buf)), lang: lang}
	count := make([]int32, len(buf))
	ncount := make([]int32, len(buf))
	for i := range buf {
		c := &buf[i]
		t.nodes[i] = Node{t: t, startByte: c.startByte, endByte: c.endByte,
			startPoint: sitter.Point{Row: c.startRow, Column: c.startCol},
			endPoint:   sitter.Point{Row: c.endRow, Column: c.endCol},
			parent:     c.parent, symbol: sitter.Symbol(c.symbol), field: c.field, flags: c.flags}
		if p := c.parent; p >= 0 {
			count[p]++
			if c.flags&fNamed != 0 {
				ncount[p]++
			}
		}
	}
	var at, nat int32
	for i := range t.nodes {
		n := &t.nodes[i]
		n.kids, n.named = at, nat
		at += count[i]
		nat += ncount[i]
	}
	t.kids, t.named = make([]*Node, at), make([]*Node, nat)
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.parent < 0 {
			continue
		}
		p := &t.nodes[n.parent]
		t.kids[p.kids+p.nkids] = n
		p.nkids++
		if n.flags&fNamed != 0 {
			t.named[p.named+p.nnamed] = n
			p.nnamed++
		}
	}
	return t
}

// Root is the node Flatten started from.
func (t *Tree) Root() *Node {
	if len(t.nodes) == 0 {
		return nil
	}
	return &t.nodes[0]
}

func (n *Node) Symbol() sitter.Symbol { return n.symbol }
func (n *Node) StartByte() uint32     { return n.startByte }
func (n *Node) EndByte() uint32       { return n.endByte }
func (n *Node) StartPoint() sitter.Point {
	return n.startPoint
}
func (n *Node) EndPoint() sitter.Point { return n.endPoint }
func (n *Node) IsNamed() bool          { return n.flags&fNamed != 0 }
func (n *Node) IsMissing() bool        { return n.flags&fMissing != 0 }
func (n *Node) IsExtra() bool          { return n.flags&fExtra != 0 }
func (n *Node) HasError() bool         { return n.flags&fHasError != 0 }

// IsError reports whether n is an ERROR node.
func (n *Node) IsError() bool { return n.symbol == math.MaxUint16 }

// Type is the name of n's symbol: "ERROR" for an ERROR node.
func (n *Node) Type() string {
	if int(n.symbol) < len(n.t.lang.symbols) {
		return n.t.lang.symbols[n.symbol]
	}
	return "ERROR"
}

// Parent is n's parent, nil for the root.
func (n *Node) Parent() *Node {
	if n.parent < 0 {
		return nil
	}
	return &n.t.nodes[n.parent]
}

func (n *Node) ChildCount() uint32      { return uint32(n.nkids) }
func (n *Node) NamedChildCount() uint32 { return uint32(n.nnamed) }

// Child is n's child at idx, nil past the last.
func (n *Node) Child(idx int) *Node {
	if idx < 0 || idx >= int(n.nkids) {
		return nil
	}
	return n.t.kids[int(n.kids)+idx]
}

// NamedChild is n's named child at idx, nil past the last.
func (n *Node) NamedChild(idx int) *Node {
	if idx < 0 || idx >= int(n.nnamed) {
		return nil
	}
	return n.t.named[int(n.named)+idx]
}

// ChildByFieldName is n's first child in the field name, nil if none.
func (n *Node) ChildByFieldName(name string) *Node {
	id, ok := n.t.lang.fields[name]
	if !ok {
		return nil
	}
	for _, c := range n.t.kids[n.kids : n.kids+n.nkids] {
		if c.field == id {
			return c
		}
	}
	return nil
}

// Children are n's children, to range over (not to change).
func (n *Node) Children() []*Node { return n.t.kids[n.kids : n.kids+n.nkids] }

// NamedChildren are n's named children, to range over (not to change).
func (n *Node) NamedChildren() []*Node { return n.t.named[n.named : n.named+n.nnamed] }

// EachNamedChild calls visit with each named child of n, in order, as
// treesitter.EachNamedChild does for go-tree-sitter's nodes.
func EachNamedChild(n *Node, visit func(*Node)) {
	for _, c := range n.NamedChildren() {
		visit(c)
	}
}

// Equal reports whether n and other are the same node.
func (n *Node) Equal(other *Node) bool { return n == other }
