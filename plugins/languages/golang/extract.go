package golang

import (
	"sync"
	"unicode"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"
	tsgo "github.com/smacker/go-tree-sitter/golang"

	"github.com/homer-dev/homer/sdk/treesitter"
	"github.com/homer-dev/homer/sdk"
)

// kind is what the extractor needs to know about a node type; the grammar
// looks it up by the node's symbol (x.g.Kind). kOther, the zero kind, is
// every type kindNames does not name.
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

// roles are the kinds the shared call extraction reads.
var roles = map[kind]treesitter.Role{
	kIdentifier: treesitter.RoleName,
	kTypeIdent:  treesitter.RoleTypeName,
	kSelector:   treesitter.RoleMember,
	kCall:       treesitter.RoleCall,
	kIndex:      treesitter.RoleIndex,
	kParen:      treesitter.RoleParen,
	kAssert:     treesitter.RoleAssert,
}

// grammar builds the tables once; they are read-only afterwards and shared
// by concurrent Parse calls.
var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tsgo.GetLanguage(), kindNames, roles)
})

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	g      *treesitter.Grammar[kind]
	caller string // qualified name of the enclosing definition
	inBody bool   // inside a function or method body
}

func (x *extractor) kind(n *sitter.Node) kind { return x.g.Kind(n) }

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.visit) }

func (x *extractor) visit(n *sitter.Node) {
	switch k := x.g.Kind(n); k {
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

func (x *extractor) function(n *sitter.Node, k kind) {
	name := n.ChildByFieldName("name")
	if name == nil {
		x.children(n)
		return
	}
	def := &sdk.Definition{
		Name:     x.text(name),
		Kind:     "function",
		Span:     treesitter.Span(n, n),
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
		if x.g.Kind(p) != kParamDecl {
			continue
		}
		t := p.ChildByFieldName("type")
		for t != nil {
			switch x.g.Kind(t) {
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
		if x.g.Kind(n.NamedChild(i)) == kTypeSpec {
			specs++
		}
	}
	for i := 0; i < count; i++ {
		spec := n.NamedChild(i)
		if x.g.Kind(spec) != kTypeSpec {
			continue
		}
		name := spec.ChildByFieldName("name")
		if name == nil {
			continue
		}
		def := &sdk.Definition{
			Name:     x.text(name),
			Kind:     "type",
			Span:     treesitter.Span(spec, spec),
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
			switch x.g.Kind(t) {
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
		switch x.g.Kind(c) {
		case kSpec:
			specs = append(specs, c)
		case kSpecList:
			for j := 0; j < int(c.NamedChildCount()); j++ {
				if s := c.NamedChild(j); x.g.Kind(s) == kSpec {
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
			ck := x.g.Kind(c)
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
				Span:          treesitter.Span(spec, spec),
				Exported:      isExported(name),
				Doc:           doc,
				DocStyle:      "godoc",
				Signature:     keyword + " " + name + typ,
			})
		}
	}
}

func (x *extractor) call(n *sitter.Node) {
	if c := x.g.Call(x.src, n, x.caller); c != nil {
		x.facts.Calls = append(x.facts.Calls, c)
	}
}

// conversion handles Map[int, string](x): the grammar cannot tell an
// instantiated generic function call from a conversion to a generic type,
// and the call is by far the commoner.
func (x *extractor) conversion(n *sitter.Node) {
	t := n.NamedChild(0)
	if t == nil || x.g.Kind(t) != kGenericType {
		return
	}
	t = t.NamedChild(0)
	if t == nil {
		return
	}
	switch x.g.Kind(t) {
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
	x.facts.Calls = append(x.facts.Calls, treesitter.CallAt(name, callee, qualifier, x.caller))
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
