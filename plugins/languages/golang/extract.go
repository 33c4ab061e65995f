package golang

import (
	"sync"
	"unicode"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"
	tsgo "github.com/smacker/go-tree-sitter/golang"

	"github.com/homer-dev/homer/sdk"
)

// kind is what the extractor needs to know about a node type. Node.Type()
// allocates a Go string per call; a table indexed by the node's symbol does
// not, and the walk asks for every node's kind.
type kind uint8

const (
	kOther kind = iota
	kSkip       // subtrees that can hold no call: comments, literals, types
	kPackage
	kImportSpec
	kFunction
	kMethod
	kTypeDecl
	kTypeSpec
	kConstDecl
	kVarDecl
	kSpecList
	kSpec
	kCall
	kConversion
	kIdentifier // identifier, field_identifier, package_identifier
	kTypeIdent
	kSelector
	kIndex
	kParen
	kAssert
	kPointerType
	kGenericType
	kQualifiedType
	kStructType
	kInterfaceType
	kExprList
	kParamDecl
	kFuncLiteral
)

var kindNames = map[string]kind{
	"comment":                    kSkip,
	"interpreted_string_literal": kSkip,
	"raw_string_literal":         kSkip,
	"rune_literal":               kSkip,
	"int_literal":                kSkip,
	"float_literal":              kSkip,
	"imaginary_literal":          kSkip,
	"blank_identifier":           kSkip,
	"label_name":                 kSkip,
	"nil":                        kSkip,
	"true":                       kSkip,
	"false":                      kSkip,
	"iota":                       kSkip,
	"parameter_list":             kSkip,
	"type_parameter_list":        kSkip,
	"type_arguments":             kSkip,
	"field_declaration_list":     kSkip,
	"slice_type":                 kSkip,
	"map_type":                   kSkip,
	"channel_type":               kSkip,
	"function_type":              kSkip,
	"package_clause":             kPackage,
	"import_spec":                kImportSpec,
	"function_declaration":       kFunction,
	"method_declaration":         kMethod,
	"type_declaration":           kTypeDecl,
	"type_spec":                  kTypeSpec,
	"type_alias":                 kTypeSpec,
	"const_declaration":          kConstDecl,
	"var_declaration":            kVarDecl,
	"var_spec_list":              kSpecList,
	"const_spec":                 kSpec,
	"var_spec":                   kSpec,
	"call_expression":            kCall,
	"type_conversion_expression": kConversion,
	"identifier":                 kIdentifier,
	"field_identifier":           kIdentifier,
	"package_identifier":         kIdentifier,
	"type_identifier":            kTypeIdent,
	"selector_expression":        kSelector,
	"index_expression":           kIndex,
	"parenthesized_expression":   kParen,
	"parenthesized_type":         kParen,
	"type_assertion_expression":  kAssert,
	"pointer_type":               kPointerType,
	"generic_type":               kGenericType,
	"qualified_type":             kQualifiedType,
	"struct_type":                kStructType,
	"interface_type":             kInterfaceType,
	"expression_list":            kExprList,
	"parameter_declaration":      kParamDecl,
	"func_literal":               kFuncLiteral,
}

type table struct {
	lang  *sitter.Language
	kinds []kind
}

// grammar builds the symbol table once; it is read-only afterwards and
// shared by concurrent Parse calls.
var grammar = sync.OnceValue(func() *table {
	lang := tsgo.GetLanguage()
	count := lang.SymbolCount()
	kinds := make([]kind, count)
	for s := uint32(0); s < count; s++ {
		sym := sitter.Symbol(s)
		// Keywords share names with nothing we want, but only named
		// symbols can be what the kinds describe.
		if lang.SymbolType(sym) != sitter.SymbolTypeRegular {
			continue
		}
		kinds[s] = kindNames[lang.SymbolName(sym)]
	}
	return &table{lang: lang, kinds: kinds}
})

// wideNode is the child count above which children are stepped through with
// a cursor: NamedChild(i) restarts from the first child, which turns very
// wide nodes (generated tables, long composite literals) quadratic.
const wideNode = 32

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	kinds  []kind
	caller string // qualified name of the enclosing definition
	inBody bool   // inside a function or method body
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
	switch k := x.kind(n); k {
	case kSkip, kIdentifier, kTypeIdent, kPointerType, kGenericType, kQualifiedType, kStructType, kInterfaceType:
		// Leaves and types: no calls below, and every node visited costs
		// several cgo calls.
		return
	case kPackage:
		if id := n.NamedChild(0); id != nil {
			x.facts.Package = x.text(id)
		}
		return
	case kImportSpec:
		x.importSpec(n)
		return
	case kFunction, kMethod:
		if !x.inBody {
			x.function(n, k)
			return
		}
	case kTypeDecl:
		if !x.inBody {
			x.typeDecl(n)
		}
		// Types hold no calls worth a graph edge.
		return
	case kConstDecl, kVarDecl:
		if !x.inBody {
			x.valueDecl(n, k)
		}
	case kFuncLiteral:
		// A closure's declarations are local. In a top-level initialiser
		// its calls keep the empty caller; in a body, the enclosing one.
		inBody := x.inBody
		x.inBody = true
		x.children(n)
		x.inBody = inBody
		return
	case kCall:
		x.call(n)
	case kConversion:
		x.conversion(n)
	}
	x.children(n)
}

func (x *extractor) qualify(names ...string) string {
	qn := x.facts.Package
	for _, n := range names {
		if qn == "" {
			qn = n
		} else {
			qn += "." + n
		}
	}
	return qn
}

func (x *extractor) span(n *sitter.Node) *sdk.Span {
	start, end := n.StartPoint(), n.EndPoint()
	last := end.Row
	if end.Column == 0 && last > start.Row {
		last-- // a node that ends with its line break ends on the line before
	}
	return &sdk.Span{StartLine: int32(start.Row) + 1, EndLine: int32(last) + 1}
}

func (x *extractor) function(n *sitter.Node, k kind) {
	name := n.ChildByFieldName("name")
	if name == nil {
		x.children(n)
		return
	}
	def := &sdk.Definition{
		Name:     x.text(name),
		Kind:     "function",
		Span:     x.span(n),
		DocStyle: "godoc",
	}
	def.Exported = isExported(def.Name)
	def.Doc = docAbove(x.src, int(n.StartByte()))
	if k == kMethod {
		def.Kind = "method"
		def.Receiver = x.receiverType(n.ChildByFieldName("receiver"))
		def.QualifiedName = x.qualify(def.Receiver, def.Name)
		if def.Receiver == "" {
			def.QualifiedName = x.qualify(def.Name)
		}
	} else {
		def.QualifiedName = x.qualify(def.Name)
	}
	body := n.ChildByFieldName("body")
	header := x.src[n.StartByte():n.EndByte()]
	if body != nil {
		header = x.src[n.StartByte():body.StartByte()]
	}
	def.Signature = oneLine(header)
	x.facts.Definitions = append(x.facts.Definitions, def)

	if body != nil {
		x.caller, x.inBody = def.QualifiedName, true
		x.children(body)
		x.caller, x.inBody = "", false
	}
}

// receiverType digs the type name out of "(r *T)", "(T)", "(r T[K, V])".
func (x *extractor) receiverType(params *sitter.Node) string {
	if params == nil {
		return ""
	}
	for i := 0; i < int(params.NamedChildCount()); i++ {
		p := params.NamedChild(i)
		if x.kind(p) != kParamDecl {
			continue
		}
		t := p.ChildByFieldName("type")
		for t != nil {
			switch x.kind(t) {
			case kTypeIdent:
				return x.text(t)
			case kPointerType, kParen, kGenericType:
				t = t.NamedChild(0)
			default:
				return ""
			}
		}
	}
	return ""
}

func (x *extractor) typeDecl(n *sitter.Node) {
	count := int(n.NamedChildCount())
	specs := 0
	for i := 0; i < count; i++ {
		if x.kind(n.NamedChild(i)) == kTypeSpec {
			specs++
		}
	}
	for i := 0; i < count; i++ {
		spec := n.NamedChild(i)
		if x.kind(spec) != kTypeSpec {
			continue
		}
		name := spec.ChildByFieldName("name")
		if name == nil {
			continue
		}
		def := &sdk.Definition{
			Name:     x.text(name),
			Kind:     "type",
			Span:     x.span(spec),
			DocStyle: "godoc",
		}
		def.QualifiedName = x.qualify(def.Name)
		def.Exported = isExported(def.Name)
		def.Doc = docAbove(x.src, int(spec.StartByte()))
		if def.Doc == "" && specs == 1 {
			// go/doc gives a lone spec in "type ( ... )" the group's comment.
			def.Doc = docAbove(x.src, int(n.StartByte()))
		}
		def.Signature = "type " + oneLine(x.src[spec.StartByte():spec.EndByte()])
		if t := spec.ChildByFieldName("type"); t != nil {
			switch x.kind(t) {
			case kInterfaceType:
				def.Kind = "interface"
				def.Signature = "type " + oneLine(x.src[spec.StartByte():t.StartByte()]) + " interface"
			case kStructType:
				def.Signature = "type " + oneLine(x.src[spec.StartByte():t.StartByte()]) + " struct"
			}
		}
		x.facts.Definitions = append(x.facts.Definitions, def)
	}
}

// valueDecl records top-level constants and variables, then lets the walk
// find calls in their initialisers (with no caller).
func (x *extractor) valueDecl(n *sitter.Node, k kind) {
	keyword, defKind := "var", "variable"
	if k == kConstDecl {
		keyword, defKind = "const", "constant"
	}
	var specs []*sitter.Node
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.kind(c) {
		case kSpec:
			specs = append(specs, c)
		case kSpecList:
			for j := 0; j < int(c.NamedChildCount()); j++ {
				if s := c.NamedChild(j); x.kind(s) == kSpec {
					specs = append(specs, s)
				}
			}
		}
	}
	for _, spec := range specs {
		doc := docAbove(x.src, int(spec.StartByte()))
		if doc == "" && len(specs) == 1 {
			doc = docAbove(x.src, int(n.StartByte()))
		}
		var names []string
		typ := ""
		for i := 0; i < int(spec.NamedChildCount()); i++ {
			c := spec.NamedChild(i)
			ck := x.kind(c)
			if ck == kIdentifier {
				names = append(names, x.text(c))
				continue
			}
			if ck != kExprList && ck != kSkip && !c.IsError() {
				typ = " " + oneLine(x.src[c.StartByte():c.EndByte()])
			}
			break
		}
		for _, name := range names {
			if name == "_" {
				continue
			}
			x.facts.Definitions = append(x.facts.Definitions, &sdk.Definition{
				Name:          name,
				QualifiedName: x.qualify(name),
				Kind:          defKind,
				Span:          x.span(spec),
				Exported:      isExported(name),
				Doc:           doc,
				DocStyle:      "godoc",
				Signature:     keyword + " " + name + typ,
			})
		}
	}
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
	case kSelector:
		field := fn.NamedChild(int(fn.NamedChildCount()) - 1)
		if field == nil || x.kind(field) != kIdentifier {
			return
		}
		x.addCall(field, x.text(field), string(x.path(nil, fn.NamedChild(0), 0)))
	}
}

// conversion handles Map[int, string](x): the grammar cannot tell an
// instantiated generic function call from a conversion to a generic type,
// and the call is by far the commoner.
func (x *extractor) conversion(n *sitter.Node) {
	t := n.NamedChild(0)
	if t == nil || x.kind(t) != kGenericType {
		return
	}
	t = t.NamedChild(0)
	if t == nil {
		return
	}
	switch x.kind(t) {
	case kTypeIdent:
		x.addCall(t, x.text(t), "")
	case kQualifiedType:
		if t.NamedChildCount() == 2 {
			name := t.NamedChild(1)
			x.addCall(name, x.text(name), x.text(t.NamedChild(0)))
		}
	}
}

func (x *extractor) addCall(name *sitter.Node, callee, qualifier string) {
	x.facts.Calls = append(x.facts.Calls, &sdk.Call{
		Name:      callee,
		Qualifier: qualifier,
		Caller:    x.caller,
		// The callee's line, not the expression's: in a chain split over
		// lines, each call sits where its name is.
		Line: int32(name.StartPoint().Row) + 1,
	})
}

// maxPath bounds the qualifier of a call at the end of a long builder chain,
// which would otherwise repeat the whole chain for every call in it.
const maxPath = 12

// path renders a receiver expression as a dotted path: "a.b", "c.f()",
// "m[]", "x.(T)", with "?" for any other expression.
func (x *extractor) path(b []byte, n *sitter.Node, depth int) []byte {
	if n == nil || depth > maxPath {
		return append(b, '?')
	}
	switch x.kind(n) {
	case kIdentifier, kTypeIdent:
		return append(b, x.src[n.StartByte():n.EndByte()]...)
	case kSelector:
		b = x.path(b, n.NamedChild(0), depth+1)
		b = append(b, '.')
		field := n.NamedChild(int(n.NamedChildCount()) - 1)
		return append(b, x.src[field.StartByte():field.EndByte()]...)
	case kCall:
		return append(x.path(b, n.NamedChild(0), depth+1), "()"...)
	case kIndex:
		return append(x.path(b, n.NamedChild(0), depth+1), "[]"...)
	case kParen:
		return x.path(b, n.NamedChild(0), depth+1)
	case kAssert:
		b = append(x.path(b, n.NamedChild(0), depth+1), ".("...)
		if t := n.NamedChild(1); t != nil {
			b = append(b, x.src[t.StartByte():t.EndByte()]...)
		}
		return append(b, ')')
	}
	return append(b, '?')
}

func (x *extractor) importSpec(n *sitter.Node) {
	var name, path *sitter.Node
	switch n.NamedChildCount() {
	case 1:
		path = n.NamedChild(0)
	case 2:
		name, path = n.NamedChild(0), n.NamedChild(1)
	default:
		return
	}
	spec := unquote(x.text(path))
	if spec == "" {
		return
	}
	imp := &sdk.Import{Spec: spec, Line: int32(n.StartPoint().Row) + 1}
	if name != nil {
		imp.Alias = x.text(name)
	} else {
		imp.Alias = guessPackageName(spec)
	}
	x.facts.Imports = append(x.facts.Imports, imp)
}

func isExported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}
