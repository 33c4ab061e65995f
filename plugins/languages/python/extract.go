package python

import (
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tspy "github.com/smacker/go-tree-sitter/python"

	"github.com/homer-dev/homer/sdk/treesitter"
	"github.com/homer-dev/homer/sdk"
)

// kind is what the extractor needs to know about a node type; the grammar
// looks it up by the node's symbol (x.g.Kind). kOther, the zero kind, is
// every type kindNames does not name.
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

// roles are the kinds the shared call extraction reads.
var roles = map[kind]treesitter.Role{
	kIdentifier: treesitter.RoleName,
	kAttribute:  treesitter.RoleMember,
	kCall:       treesitter.RoleCall,
	kSubscript:  treesitter.RoleIndex,
	kParen:      treesitter.RoleParen,
}

// grammar builds the tables once; they are read-only afterwards and shared
// by concurrent Parse calls.
var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tspy.GetLanguage(), kindNames, roles)
})

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
	g      *treesitter.Grammar[kind]
	module string
	scopes []scope
}

func (x *extractor) kind(n *sitter.Node) kind { return x.g.Kind(n) }

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) caller() string {
	if len(x.scopes) == 0 {
		return ""
	}
	return x.scopes[len(x.scopes)-1].qn
}

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.visit) }

func (x *extractor) visit(n *sitter.Node) {
	switch x.g.Kind(n) {
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
		switch x.g.Kind(c) {
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
		Span:          treesitter.Span(outer, n),
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
			switch x.g.Kind(b) {
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
		if c := n.NamedChild(i); x.g.Kind(c) == kBlock {
			return c
		}
	}
	return nil
}

// docstring is the string literal that is the body's first statement.
func (x *extractor) docstring(body *sitter.Node) string {
	for i := 0; i < int(body.NamedChildCount()); i++ {
		st := body.NamedChild(i)
		switch x.g.Kind(st) {
		case kComment:
			continue
		case kExprStatement:
			if s := st.NamedChild(0); s != nil && st.NamedChildCount() == 1 && x.g.Kind(s) == kString {
				return cleanDocstring(x.text(s))
			}
		}
		return ""
	}
	return ""
}

func (x *extractor) call(n *sitter.Node) {
	if c := x.g.Call(x.src, n, x.caller()); c != nil {
		x.facts.Calls = append(x.facts.Calls, c)
	}
}

// importStatement: "import a.b, c as d" is one Import per module.
func (x *extractor) importStatement(n *sitter.Node) {
	line := int32(n.StartPoint().Row) + 1
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
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
	switch x.g.Kind(module) {
	case kDottedName:
		imp.Spec = x.dotted(module)
	case kRelativeImport:
		for i := 0; i < int(module.NamedChildCount()); i++ {
			c := module.NamedChild(i)
			switch x.g.Kind(c) {
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
		switch x.g.Kind(c) {
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
		if c := n.NamedChild(i); x.g.Kind(c) == kIdentifier {
			parts = append(parts, x.text(c))
		}
	}
	return strings.Join(parts, ".")
}

func (x *extractor) aliased(n *sitter.Node) (name, alias string) {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kDottedName:
			name = x.dotted(c)
		case kIdentifier:
			alias = x.text(c)
		}
	}
	return name, alias
}

// isPublic follows Python's convention: a leading underscore marks a name
// private, except for dunder names, which are part of the public protocol.
func isPublic(name string) bool {
	if !strings.HasPrefix(name, "_") {
		return true
	}
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}
