package python

import (
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tspy "github.com/smacker/go-tree-sitter/python"

	"github.com/homer-dev/homer/sdk"
)

// kind is what the extractor needs to know about a node type. Node.Type()
// allocates a Go string per call; a table indexed by the node's symbol does
// not, and the walk asks for every node's kind.
type kind uint8

const (
	kOther kind = iota
	kLeaf       // nodes with nothing of interest below
	kFunction
	kClass
	kDecorated
	kBlock
	kCall
	kIdentifier
	kAttribute
	kSubscript
	kParen
	kImport
	kFromImport
	kDottedName
	kAliasedImport
	kRelativeImport
	kImportPrefix
	kWildcard
	kExprStatement
	kString
	kKeywordArgument
	kComment
)

var kindNames = map[string]kind{
	"string_start":             kLeaf,
	"string_content":           kLeaf,
	"string_end":               kLeaf,
	"escape_sequence":          kLeaf,
	"integer":                  kLeaf,
	"float":                    kLeaf,
	"true":                     kLeaf,
	"false":                    kLeaf,
	"none":                     kLeaf,
	"ellipsis":                 kLeaf,
	"pass_statement":           kLeaf,
	"future_import_statement":  kLeaf,
	"comment":                  kComment,
	"function_definition":      kFunction,
	"class_definition":         kClass,
	"decorated_definition":     kDecorated,
	"block":                    kBlock,
	"call":                     kCall,
	"identifier":               kIdentifier,
	"attribute":                kAttribute,
	"subscript":                kSubscript,
	"parenthesized_expression": kParen,
	"import_statement":         kImport,
	"import_from_statement":    kFromImport,
	"dotted_name":              kDottedName,
	"aliased_import":           kAliasedImport,
	"relative_import":          kRelativeImport,
	"import_prefix":            kImportPrefix,
	"wildcard_import":          kWildcard,
	"expression_statement":     kExprStatement,
	"string":                   kString,
	"keyword_argument":         kKeywordArgument,
}

type table struct {
	lang  *sitter.Language
	kinds []kind
}

// grammar builds the symbol table once; it is read-only afterwards and
// shared by concurrent Parse calls.
var grammar = sync.OnceValue(func() *table {
	lang := tspy.GetLanguage()
	count := lang.SymbolCount()
	kinds := make([]kind, count)
	for s := uint32(0); s < count; s++ {
		sym := sitter.Symbol(s)
		// Only named symbols: keywords such as "import" share names with
		// nothing we want, but "string" is both a node and a token name.
		if lang.SymbolType(sym) != sitter.SymbolTypeRegular {
			continue
		}
		kinds[s] = kindNames[lang.SymbolName(sym)]
	}
	return &table{lang: lang, kinds: kinds}
})

// wideNode is the child count above which children are stepped through with
// a cursor: NamedChild(i) restarts from the first child, which turns very
// wide nodes (long literal tables) quadratic.
const wideNode = 32

// scope is a definition whose body the walk is in.
type scope struct {
	name, qn string
	class    bool
	// local is set inside a function: what is defined there cannot be
	// imported, so it is not exported.
	local bool
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	kinds  []kind
	module string
	scopes []scope
}

func (x *extractor) kind(n *sitter.Node) kind {
	if s := int(n.Symbol()); s < len(x.kinds) {
		return x.kinds[s]
	}
	return kOther // ERROR nodes carry a symbol past the table
}

func (x *extractor) text(n *sitter.Node) string {
	return string(x.src[n.StartByte():n.EndByte()])
}

func (x *extractor) caller() string {
	if len(x.scopes) == 0 {
		return ""
	}
	return x.scopes[len(x.scopes)-1].qn
}

func (x *extractor) children(n *sitter.Node) {
	count := int(n.NamedChildCount())
	if count <= wideNode {
		for i := 0; i < count; i++ {
			x.visit(n.NamedChild(i))
		}
		return
	}
	c := sitter.NewTreeCursor(n)
	defer c.Close()
	for ok := c.GoToFirstChild(); ok; ok = c.GoToNextSibling() {
		if child := c.CurrentNode(); child.IsNamed() {
			x.visit(child)
		}
	}
}

func (x *extractor) visit(n *sitter.Node) {
	switch x.kind(n) {
	case kLeaf, kComment, kIdentifier:
		return
	case kFunction:
		x.function(n, n)
		return
	case kClass:
		x.class(n, n)
		return
	case kDecorated:
		x.decorated(n)
		return
	case kImport:
		x.importStatement(n)
		return
	case kFromImport:
		x.fromImport(n)
		return
	case kCall:
		x.call(n)
	}
	x.children(n)
}

// decorated visits the decorators in the enclosing scope, where Python
// evaluates them, and starts the definition's span at the first one.
func (x *extractor) decorated(n *sitter.Node) {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.kind(c) {
		case kFunction:
			x.function(c, n)
		case kClass:
			x.class(c, n)
		default:
			x.visit(c)
		}
	}
}

// define records a definition of name in the current scope; outer is the
// node whose start begins the span (the decorated definition, if any).
func (x *extractor) define(n, outer *sitter.Node, name, kind string) (*sdk.Definition, scope) {
	parent := scope{qn: x.module}
	if len(x.scopes) > 0 {
		parent = x.scopes[len(x.scopes)-1]
	}
	qn := name
	if parent.qn != "" {
		qn = parent.qn + "." + name
	}
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: qn,
		Kind:          kind,
		Span:          span(outer, n),
		Exported:      !parent.local && isPublic(name),
		DocStyle:      "docstring",
	}
	if kind == "function" && parent.class {
		def.Kind = "method"
		def.Receiver = parent.name
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
	return def, scope{name: name, qn: qn, class: kind == "class", local: parent.local || kind == "function"}
}

func (x *extractor) function(n, outer *sitter.Node) {
	name := n.ChildByFieldName("name")
	body := x.body(n)
	if name == nil || body == nil {
		x.children(n)
		return
	}
	def, sc := x.define(n, outer, x.text(name), "function")
	def.Signature = strings.TrimSuffix(oneLine(x.src[n.StartByte():body.StartByte()]), ":")
	def.Doc = x.docstring(body)

	// Defaults and annotations run in the enclosing scope.
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); !c.Equal(body) && !c.Equal(name) {
			x.visit(c)
		}
	}
	x.scopes = append(x.scopes, sc)
	x.children(body)
	x.scopes = x.scopes[:len(x.scopes)-1]
}

func (x *extractor) class(n, outer *sitter.Node) {
	name := n.ChildByFieldName("name")
	body := x.body(n)
	if name == nil || body == nil {
		x.children(n)
		return
	}
	def, sc := x.define(n, outer, x.text(name), "class")
	def.Signature = strings.TrimSuffix(oneLine(x.src[n.StartByte():body.StartByte()]), ":")
	def.Doc = x.docstring(body)
	if supers := n.ChildByFieldName("superclasses"); supers != nil {
		for i := 0; i < int(supers.NamedChildCount()); i++ {
			b := supers.NamedChild(i)
			switch x.kind(b) {
			case kKeywordArgument, kComment: // metaclass=..., not a base
			default:
				def.Bases = append(def.Bases, oneLine(x.src[b.StartByte():b.EndByte()]))
			}
		}
		x.visit(supers)
	}
	x.scopes = append(x.scopes, sc)
	x.children(body)
	x.scopes = x.scopes[:len(x.scopes)-1]
}

// body finds the block by kind: the grammar also tags a comment between
// the colon and the block as "body".
func (x *extractor) body(n *sitter.Node) *sitter.Node {
	for i := int(n.NamedChildCount()) - 1; i >= 0; i-- {
		if c := n.NamedChild(i); x.kind(c) == kBlock {
			return c
		}
	}
	return nil
}

// docstring is the string literal that is the body's first statement.
func (x *extractor) docstring(body *sitter.Node) string {
	for i := 0; i < int(body.NamedChildCount()); i++ {
		st := body.NamedChild(i)
		switch x.kind(st) {
		case kComment:
			continue
		case kExprStatement:
			if s := st.NamedChild(0); s != nil && st.NamedChildCount() == 1 && x.kind(s) == kString {
				return cleanDocstring(x.text(s))
			}
		}
		return ""
	}
	return ""
}

func (x *extractor) call(n *sitter.Node) {
	fn := n.NamedChild(0)
	for fn != nil && x.kind(fn) == kParen {
		fn = fn.NamedChild(0)
	}
	if fn == nil {
		return
	}
	switch x.kind(fn) {
	case kIdentifier:
		x.addCall(fn, x.text(fn), "")
	case kAttribute:
		attr := fn.NamedChild(int(fn.NamedChildCount()) - 1)
		if attr == nil || x.kind(attr) != kIdentifier {
			return
		}
		x.addCall(attr, x.text(attr), string(x.path(nil, fn.NamedChild(0), 0)))
	}
}

func (x *extractor) addCall(name *sitter.Node, callee, qualifier string) {
	x.facts.Calls = append(x.facts.Calls, &sdk.Call{
		Name:      callee,
		Qualifier: qualifier,
		Caller:    x.caller(),
		// The callee's line, not the expression's: in a chain split over
		// lines, each call sits where its name is.
		Line: int32(name.StartPoint().Row) + 1,
	})
}

// maxPath bounds the qualifier of a call at the end of a long fluent chain,
// which would otherwise repeat the whole chain for every call in it.
const maxPath = 12

// path renders a receiver expression as a dotted path: "a.b", "super()",
// "x[]", with "?" for any other expression.
func (x *extractor) path(b []byte, n *sitter.Node, depth int) []byte {
	if n == nil || depth > maxPath {
		return append(b, '?')
	}
	switch x.kind(n) {
	case kIdentifier:
		return append(b, x.src[n.StartByte():n.EndByte()]...)
	case kAttribute:
		b = x.path(b, n.NamedChild(0), depth+1)
		b = append(b, '.')
		attr := n.NamedChild(int(n.NamedChildCount()) - 1)
		return append(b, x.src[attr.StartByte():attr.EndByte()]...)
	case kCall:
		return append(x.path(b, n.NamedChild(0), depth+1), "()"...)
	case kSubscript:
		return append(x.path(b, n.NamedChild(0), depth+1), "[]"...)
	case kParen:
		return x.path(b, n.NamedChild(0), depth+1)
	}
	return append(b, '?')
}

// importStatement: "import a.b, c as d" is one Import per module.
func (x *extractor) importStatement(n *sitter.Node) {
	line := int32(n.StartPoint().Row) + 1
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.kind(c) {
		case kDottedName:
			spec := x.dotted(c)
			x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Alias: spec, Line: line})
		case kAliasedImport:
			name, alias := x.aliased(c)
			x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: name, Alias: alias, Line: line})
		}
	}
}

// fromImport: "from ..a.b import c, d as e" is one Import with Spec "a.b",
// Level 2 and Names ["c", "d"].
func (x *extractor) fromImport(n *sitter.Node) {
	count := int(n.NamedChildCount())
	if count == 0 {
		return
	}
	imp := &sdk.Import{Line: int32(n.StartPoint().Row) + 1}
	module := n.NamedChild(0)
	switch x.kind(module) {
	case kDottedName:
		imp.Spec = x.dotted(module)
	case kRelativeImport:
		for i := 0; i < int(module.NamedChildCount()); i++ {
			c := module.NamedChild(i)
			switch x.kind(c) {
			case kImportPrefix:
				imp.Level = int32(strings.Count(x.text(c), "."))
			case kDottedName:
				imp.Spec = x.dotted(c)
			}
		}
	default:
		return
	}
	aliases := 0
	for i := 1; i < count; i++ {
		c := n.NamedChild(i)
		switch x.kind(c) {
		case kDottedName:
			imp.Names = append(imp.Names, x.dotted(c))
		case kAliasedImport:
			name, alias := x.aliased(c)
			imp.Names = append(imp.Names, name)
			imp.Alias = alias
			aliases++
		case kWildcard:
			imp.Names = append(imp.Names, "*")
		}
	}
	if len(imp.Names) != 1 || aliases != 1 {
		imp.Alias = "" // one alias field cannot say which name it renames
	}
	x.facts.Imports = append(x.facts.Imports, imp)
}

// dotted reads a dotted_name without the spaces or comments Python allows
// inside one.
func (x *extractor) dotted(n *sitter.Node) string {
	count := int(n.NamedChildCount())
	if count == 1 {
		return x.text(n.NamedChild(0))
	}
	parts := make([]string, 0, count)
	for i := 0; i < count; i++ {
		if c := n.NamedChild(i); x.kind(c) == kIdentifier {
			parts = append(parts, x.text(c))
		}
	}
	return strings.Join(parts, ".")
}

func (x *extractor) aliased(n *sitter.Node) (name, alias string) {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.kind(c) {
		case kDottedName:
			name = x.dotted(c)
		case kIdentifier:
			alias = x.text(c)
		}
	}
	return name, alias
}

// span runs from outer's first line (a decorator) to n's last.
func span(outer, n *sitter.Node) *sdk.Span {
	start, end := outer.StartPoint(), n.EndPoint()
	last := end.Row
	if end.Column == 0 && last > start.Row {
		last-- // a node that ends with its line break ends on the line before
	}
	return &sdk.Span{StartLine: int32(start.Row) + 1, EndLine: int32(last) + 1}
}

// isPublic follows Python's convention: a leading underscore marks a name
// private, except for dunder names, which are part of the public protocol.
func isPublic(name string) bool {
	if !strings.HasPrefix(name, "_") {
		return true
	}
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}
