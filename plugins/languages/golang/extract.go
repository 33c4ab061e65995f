package golang

import (
	"path"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk/treesitter/flat"
	tsgo "github.com/smacker/go-tree-sitter/golang"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type; the grammar
// looks it up by the node's symbol (x.g.KindOf). kOther, the zero kind, is
// every type kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kSkip       // subtrees that hold neither calls nor names: comments, literals
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
	kParamList
	kParamDecl
	kFuncLiteral
	kFieldDecl
	kMethodElem
	kTypeElem
	kShortVar
	kComposite
	kUnary
	kRange
	kTypeSwitch
	kTypeCase
	kScope  // a block or statement opening a scope of its own
	kBranch // adds one to complexity and opens a scope: if, for, case
	kBinary
	kReturn
)

var kindNames = map[string]kind{
	"comment":                        kSkip,
	"interpreted_string_literal":     kSkip,
	"raw_string_literal":             kSkip,
	"rune_literal":                   kSkip,
	"int_literal":                    kSkip,
	"float_literal":                  kSkip,
	"imaginary_literal":              kSkip,
	"blank_identifier":               kSkip,
	"label_name":                     kSkip,
	"nil":                            kSkip,
	"true":                           kSkip,
	"false":                          kSkip,
	"iota":                           kSkip,
	"package_clause":                 kPackage,
	"import_spec":                    kImportSpec,
	"function_declaration":           kFunction,
	"method_declaration":             kMethod,
	"type_declaration":               kTypeDecl,
	"type_spec":                      kTypeSpec,
	"type_alias":                     kTypeSpec,
	"const_declaration":              kConstDecl,
	"var_declaration":                kVarDecl,
	"var_spec_list":                  kSpecList,
	"const_spec":                     kSpec,
	"var_spec":                       kSpec,
	"call_expression":                kCall,
	"type_conversion_expression":     kConversion,
	"identifier":                     kIdentifier,
	"field_identifier":               kIdentifier,
	"package_identifier":             kIdentifier,
	"type_identifier":                kTypeIdent,
	"selector_expression":            kSelector,
	"index_expression":               kIndex,
	"parenthesized_expression":       kParen,
	"parenthesized_type":             kParen,
	"type_assertion_expression":      kAssert,
	"pointer_type":                   kPointerType,
	"generic_type":                   kGenericType,
	"qualified_type":                 kQualifiedType,
	"struct_type":                    kStructType,
	"interface_type":                 kInterfaceType,
	"expression_list":                kExprList,
	"parameter_list":                 kParamList,
	"parameter_declaration":          kParamDecl,
	"variadic_parameter_declaration": kParamDecl,
	"func_literal":                   kFuncLiteral,
	"field_declaration":              kFieldDecl,
	"method_elem":                    kMethodElem,
	"method_spec":                    kMethodElem,
	"type_elem":                      kTypeElem,
	"short_var_declaration":          kShortVar,
	"composite_literal":              kComposite,
	"unary_expression":               kUnary,
	"range_clause":                   kRange,
	"type_switch_statement":          kTypeSwitch,
	"type_case":                      kTypeCase,
	"block":                          kScope,
	"expression_switch_statement":    kScope,
	"select_statement":               kScope,
	"default_case":                   kScope,
	"if_statement":                   kBranch,
	"for_statement":                  kBranch,
	"expression_case":                kBranch,
	"communication_case":             kBranch,
	"binary_expression":              kBinary,
	"return_statement":               kReturn,
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

// builtins are Go's predeclared functions.
var builtins = setOf("append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
	"make", "max", "min", "new", "panic", "print", "println", "real", "recover")

// basicTypes are the predeclared types: a call of one is a conversion.
var basicTypes = setOf("any", "bool", "byte", "comparable", "complex64", "complex128", "error",
	"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string",
	"uint", "uint8", "uint16", "uint32", "uint64", "uintptr")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src   []byte
	facts *sdk.FileFacts
	g     *treesitter.Grammar[kind]

	// What the file declares at top level, read before the walk: the
	// import aliases, and the names of its functions and types.
	aliases map[string]bool
	funcs   map[string]bool
	types   map[string]bool

	caller string          // qualified name of the enclosing definition
	def    *sdk.Definition // the enclosing function, for its complexity
	inBody bool            // inside a function or method body
	scopes []map[string]local
	refs   map[string]bool
}

func (x *extractor) text(n *flat.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) children(n *flat.Node) { flat.EachNamedChild(n, x.visit) }

// extract is the walk of one file.
func (x *extractor) extract(root *flat.Node) {
	x.aliases, x.funcs, x.types, x.refs = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	flat.EachNamedChild(root, x.topLevel)
	x.children(root)
}

// topLevel notes the names a top-level declaration binds.
func (x *extractor) topLevel(n *flat.Node) {
	switch x.g.KindOf(n) {
	case kFunction:
		if name := n.ChildByFieldName("name"); name != nil {
			x.funcs[x.text(name)] = true
		}
	case kTypeDecl:
		flat.EachNamedChild(n, func(spec *flat.Node) {
			if name := spec.ChildByFieldName("name"); name != nil && x.g.KindOf(spec) == kTypeSpec {
				x.types[x.text(name)] = true
			}
		})
	case kOther: // import_declaration and its lists
		var walk func(*flat.Node)
		walk = func(c *flat.Node) {
			if x.g.KindOf(c) == kImportSpec {
				if imp := x.importOf(c); imp != nil && imp.Alias != "_" && imp.Alias != "." {
					x.aliases[imp.Alias] = true
				}
				return
			}
			if c.Type() == "import_spec_list" {
				flat.EachNamedChild(c, walk)
			}
		}
		if n.Type() == "import_declaration" {
			flat.EachNamedChild(n, walk)
		}
	}
}

func (x *extractor) visit(n *flat.Node) {
	switch k := x.g.KindOf(n); k {
	case kSkip, kIdentifier, kTypeIdent:
		return
	case kPackage:
		if id := n.NamedChild(0); id != nil {
			x.facts.Package = x.text(id)
		}
		// The package doc: the comment right above the package clause
		// (go doc's rule), directives left out, when it speaks for the
		// package (packageDocSpeaks).
		if doc := docAbove(x.src, int(n.StartByte())); packageDocSpeaks(x.facts.GetPath(), x.facts.GetPackage(), doc) {
			x.facts.PackageDoc = doc
		}
		return
	case kImportSpec:
		if imp := x.importOf(n); imp != nil {
			x.facts.Imports = append(x.facts.Imports, imp)
		}
		return
	case kFunction, kMethod:
		if !x.inBody {
			x.function(n, k)
			return
		}
	case kTypeDecl:
		if !x.inBody {
			x.typeDecl(n)
			return
		}
		x.typeRefs(n)
		return
	case kConstDecl, kVarDecl:
		x.valueDecl(n, k)
		return
	case kFuncLiteral:
		x.funcLiteral(n)
		return
	case kCall:
		x.call(n)
		return
	case kConversion:
		x.conversion(n)
		return
	case kSelector:
		x.selector(n)
		return
	case kQualifiedType:
		x.reference(n)
		return
	case kPointerType, kGenericType, kStructType, kInterfaceType, kParamList, kTypeElem:
		x.typeRefs(n)
		return
	case kComposite:
		if t := n.ChildByFieldName("type"); t != nil {
			x.typeRefs(t)
		}
		if body := n.ChildByFieldName("body"); body != nil {
			x.children(body)
		}
		return
	case kShortVar:
		x.shortVar(n)
		return
	case kRange:
		x.rangeClause(n)
		return
	case kTypeSwitch:
		x.typeSwitch(n)
		return
	case kScope, kBranch, kTypeCase:
		if k == kBranch || k == kTypeCase {
			x.branch()
		}
		if x.inBody {
			x.push()
			x.children(n)
			x.pop()
			return
		}
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			if t := op.Type(); t == "&&" || t == "||" {
				x.branch()
			}
		}
	case kReturn:
		x.returnedError(n)
	}
	x.children(n)
}

func (x *extractor) branch() {
	if x.def != nil {
		x.def.Complexity++
	}
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

func (x *extractor) function(n *flat.Node, k kind) {
	name := n.ChildByFieldName("name")
	if name == nil {
		x.children(n)
		return
	}
	def := &sdk.Definition{
		Name:       x.text(name),
		Kind:       "function",
		Span:       treesitter.Span(n, n),
		DocStyle:   "godoc",
		Complexity: 1,
	}
	def.Exported = isExported(def.Name)
	def.Doc = docAbove(x.src, int(n.StartByte()))
	def.QualifiedName = x.qualify(def.Name)
	x.scopes = x.scopes[:0]
	x.push()
	if k == kMethod {
		def.Kind = "method"
		recv := n.ChildByFieldName("receiver")
		if t := x.receiverType(recv); t != "" {
			def.Receiver = x.qualify(t)
			def.QualifiedName = x.qualify(t, def.Name)
		}
		x.params(recv)
	}
	params := n.ChildByFieldName("parameters")
	result := n.ChildByFieldName("result")
	x.params(params)
	x.params(result)
	def.Type = x.resultType(result)
	body := n.ChildByFieldName("body")
	header := x.src[n.StartByte():n.EndByte()]
	if body != nil {
		header = x.src[n.StartByte():body.StartByte()]
	}
	def.Signature = oneLine(header)
	x.facts.Definitions = append(x.facts.Definitions, def)

	if body != nil {
		x.caller, x.def, x.inBody = def.QualifiedName, def, true
		x.children(body)
		x.caller, x.def, x.inBody = "", nil, false
	}
	x.scopes = x.scopes[:0]
}

// receiverType digs the type name out of "(r *T)", "(T)", "(r T[K, V])".
func (x *extractor) receiverType(params *flat.Node) string {
	if params == nil {
		return ""
	}
	for i := 0; i < int(params.NamedChildCount()); i++ {
		p := params.NamedChild(i)
		if x.g.KindOf(p) != kParamDecl {
			continue
		}
		t := p.ChildByFieldName("type")
		for t != nil {
			switch x.g.KindOf(t) {
			case kTypeIdent:
				return x.text(t)
			case kPointerType, kParen:
				t = t.NamedChild(0)
			case kGenericType:
				t = t.ChildByFieldName("type")
			default:
				return ""
			}
		}
	}
	return ""
}

// params declares the named parameters (or results) of a list in the
// innermost scope, each with its type as a reference, and notes the
// references its types make.
func (x *extractor) params(list *flat.Node) {
	if list == nil {
		return
	}
	if x.g.KindOf(list) != kParamList {
		x.typeRefs(list) // a single unnamed result type
		return
	}
	flat.EachNamedChild(list, func(p *flat.Node) {
		if x.g.KindOf(p) != kParamDecl {
			return
		}
		t := p.ChildByFieldName("type")
		var l local
		if t != nil {
			x.typeRefs(t)
			if p.Type() == "parameter_declaration" {
				l = x.declType(t)
			} else {
				l.elem = x.typeRef(t) // ...T is a []T
			}
		}
		flat.EachNamedChild(p, func(c *flat.Node) {
			if x.g.KindOf(c) == kIdentifier {
				x.declare(x.text(c), l)
			}
		})
	})
}

// resultType is the first result's type as a reference.
func (x *extractor) resultType(result *flat.Node) string {
	if result == nil {
		return ""
	}
	if x.g.KindOf(result) != kParamList {
		return x.typeRef(result)
	}
	for i := 0; i < int(result.NamedChildCount()); i++ {
		if p := result.NamedChild(i); x.g.KindOf(p) == kParamDecl {
			if t := p.ChildByFieldName("type"); t != nil {
				return x.typeRef(t)
			}
			return ""
		}
	}
	return ""
}

// typeRef is a type as a reference: T, pkg.T, with pointers and type
// arguments stripped; empty for slices, maps, channels, functions and
// literal struct or interface types, whose members no definition gives.
func (x *extractor) typeRef(t *flat.Node) string {
	for t != nil {
		switch x.g.KindOf(t) {
		case kTypeIdent:
			name := x.text(t)
			if basicTypes[name] {
				return ""
			}
			return name
		case kQualifiedType:
			return x.qualifiedName(t)
		case kPointerType, kParen:
			t = t.NamedChild(0)
		case kGenericType:
			t = t.ChildByFieldName("type")
		default:
			return ""
		}
	}
	return ""
}

// declType is what a declared type tells of a value: its type, or for a
// slice, array, map or channel its elements' type. A function value's type
// is its result's: calling it is the only way to reach a member.
func (x *extractor) declType(t *flat.Node) local {
	for t != nil && x.g.KindOf(t) == kParen {
		t = t.NamedChild(0)
	}
	if t == nil {
		return local{}
	}
	switch t.Type() {
	case "slice_type", "array_type", "implicit_length_array_type":
		return local{elem: x.typeRef(t.ChildByFieldName("element"))}
	case "map_type":
		return local{elem: x.typeRef(t.ChildByFieldName("value"))}
	case "channel_type":
		return local{elem: x.typeRef(t.ChildByFieldName("value")), chanElem: true}
	case "function_type":
		return local{ref: x.resultType(t.ChildByFieldName("result"))}
	}
	return local{ref: x.typeRef(t)}
}

func (x *extractor) qualifiedName(t *flat.Node) string {
	pkg, name := t.ChildByFieldName("package"), t.ChildByFieldName("name")
	if pkg == nil || name == nil {
		return ""
	}
	return x.text(pkg) + "." + x.text(name)
}

// typeRefs notes every pkg.T a type expression names (map[string]*pkg.T,
// func(pkg.A) pkg.B, a struct's fields).
func (x *extractor) typeRefs(n *flat.Node) {
	switch x.g.KindOf(n) {
	case kQualifiedType:
		x.reference(n)
		return
	case kSkip, kIdentifier, kTypeIdent:
		return
	}
	flat.EachNamedChild(n, x.typeRefs)
}

func (x *extractor) reference(qt *flat.Node) {
	if ref := x.qualifiedName(qt); ref != "" && !x.refs[ref] {
		x.refs[ref] = true
		x.facts.References = append(x.facts.References, ref)
	}
}

func (x *extractor) typeDecl(n *flat.Node) {
	count := int(n.NamedChildCount())
	specs := 0
	for i := 0; i < count; i++ {
		if x.g.KindOf(n.NamedChild(i)) == kTypeSpec {
			specs++
		}
	}
	for i := 0; i < count; i++ {
		spec := n.NamedChild(i)
		if x.g.KindOf(spec) != kTypeSpec {
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
		x.facts.Definitions = append(x.facts.Definitions, def)
		t := spec.ChildByFieldName("type")
		if t == nil {
			continue
		}
		x.typeRefs(t)
		switch x.g.KindOf(t) {
		case kInterfaceType:
			def.Kind = "interface"
			def.Structural = true
			def.Signature = "type " + oneLine(x.src[spec.StartByte():t.StartByte()]) + " interface"
			x.interfaceBody(def, t)
		case kStructType:
			def.Kind = "struct"
			def.Signature = "type " + oneLine(x.src[spec.StartByte():t.StartByte()]) + " struct"
			x.structBody(def, t)
		default:
			if spec.Type() == "type_alias" {
				// An alias has the methods of what it names.
				if ref := x.typeRef(t); ref != "" {
					def.Bases = append(def.Bases, ref)
				}
			}
		}
	}
}

// structBody gives a struct its fields, each typed by a reference, and its
// embedded types as bases (an embedded field is also a field named by its
// type).
func (x *extractor) structBody(def *sdk.Definition, st *flat.Node) {
	list := st.NamedChild(0)
	if list == nil {
		return
	}
	flat.EachNamedChild(list, func(f *flat.Node) {
		if x.g.KindOf(f) != kFieldDecl {
			return
		}
		t := f.ChildByFieldName("type")
		if t == nil {
			return
		}
		ref := x.declType(t).ref
		named := false
		flat.EachNamedChild(f, func(c *flat.Node) {
			if c.Type() == "field_identifier" {
				named = true
				def.Fields = append(def.Fields, &sdk.Field{Name: x.text(c), Type: ref})
			}
		})
		if !named && ref != "" {
			def.Bases = append(def.Bases, ref)
			def.Fields = append(def.Fields, &sdk.Field{Name: lastSegment(ref), Type: ref})
		}
	})
}

// interfaceBody gives an interface its embedded interfaces as bases and
// each of its methods as an abstract method definition.
func (x *extractor) interfaceBody(def *sdk.Definition, it *flat.Node) {
	flat.EachNamedChild(it, func(e *flat.Node) {
		switch x.g.KindOf(e) {
		case kTypeElem:
			// An embedded interface, or a union of constraint terms.
			if e.NamedChildCount() == 1 {
				if ref := x.typeRef(e.NamedChild(0)); ref != "" {
					def.Bases = append(def.Bases, ref)
				}
			}
		case kMethodElem:
			name := e.ChildByFieldName("name")
			if name == nil {
				return
			}
			m := &sdk.Definition{
				Name:      x.text(name),
				Kind:      "method",
				Span:      treesitter.Span(e, e),
				DocStyle:  "godoc",
				Receiver:  def.QualifiedName,
				Abstract:  true,
				Signature: oneLine(x.src[e.StartByte():e.EndByte()]),
			}
			m.QualifiedName = def.QualifiedName + "." + m.Name
			m.Exported = isExported(m.Name)
			m.Doc = docAbove(x.src, int(e.StartByte()))
			m.Type = x.resultType(e.ChildByFieldName("result"))
			x.facts.Definitions = append(x.facts.Definitions, m)
		}
	})
}

func lastSegment(ref string) string {
	for i := len(ref) - 1; i >= 0; i-- {
		if ref[i] == '.' {
			return ref[i+1:]
		}
	}
	return ref
}

// valueDecl records top-level constants and variables with their declared
// (or, failing that, inferred) type; in a body it declares locals. Calls in
// the initialisers are found either way.
func (x *extractor) valueDecl(n *flat.Node, k kind) {
	keyword, defKind := "var", "variable"
	if k == kConstDecl {
		keyword, defKind = "const", "constant"
	}
	var specs []*flat.Node
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.KindOf(c) {
		case kSpec:
			specs = append(specs, c)
		case kSpecList:
			for j := 0; j < int(c.NamedChildCount()); j++ {
				if s := c.NamedChild(j); x.g.KindOf(s) == kSpec {
					specs = append(specs, s)
				}
			}
		}
	}
	for _, spec := range specs {
		var names []string
		var typ local
		typeText := ""
		var values *flat.Node
		for i := 0; i < int(spec.NamedChildCount()); i++ {
			c := spec.NamedChild(i)
			switch ck := x.g.KindOf(c); {
			case ck == kIdentifier:
				names = append(names, x.text(c))
			case ck == kExprList:
				values = c
			case ck != kSkip && !c.IsError():
				typ = x.declType(c)
				typeText = " " + oneLine(x.src[c.StartByte():c.EndByte()])
				x.typeRefs(c)
			}
		}
		if values != nil {
			x.children(values)
		}
		refs := make([]local, len(names))
		for i := range names {
			if typ != (local{}) {
				refs[i] = typ
			} else if values != nil && k == kVarDecl {
				refs[i] = x.valueLocal(values, i, len(names))
			}
		}
		if x.inBody {
			for i, name := range names {
				x.declare(name, refs[i])
			}
			continue
		}
		doc := docAbove(x.src, int(spec.StartByte()))
		if doc == "" && len(specs) == 1 {
			doc = docAbove(x.src, int(n.StartByte()))
		}
		for i, name := range names {
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
				Signature:     keyword + " " + name + typeText,
				Type:          refs[i].ref,
			})
		}
	}
}

// valueLocal is what the i-th of count names assigned from values is known
// to be: the i-th value's type, or with a single value for several names
// (a call's results, v, ok := x.(T)) the first name's.
func (x *extractor) valueLocal(values *flat.Node, i, count int) local {
	n := int(values.NamedChildCount())
	var v *flat.Node
	switch {
	case n == count:
		v = values.NamedChild(i)
	case n == 1 && i == 0:
		v = values.NamedChild(0)
	default:
		return local{}
	}
	l := local{ref: x.exprRef(v, 0)}
	if l.ref == "" {
		l = x.exprElem(v, 0)
	}
	return l
}

// exprElem is what an expression tells of the elements of the slice, map
// or channel it makes: []T{...}, make([]T, n), append(xs, ...), a local.
func (x *extractor) exprElem(e *flat.Node, depth int) local {
	for ; e != nil && depth < maxDepth; depth++ {
		switch x.g.KindOf(e) {
		case kParen:
			e = e.NamedChild(0)
		case kComposite:
			return x.declType(e.ChildByFieldName("type"))
		case kIdentifier:
			l, _ := x.lookupLocal(x.text(e))
			return local{elem: l.elem, chanElem: l.chanElem}
		case kCall:
			fn, args := e.ChildByFieldName("function"), e.ChildByFieldName("arguments")
			if fn == nil || args == nil || args.NamedChildCount() == 0 || x.g.KindOf(fn) != kIdentifier {
				return local{}
			}
			switch name := x.text(fn); {
			case name == "make" && !x.funcs[name]:
				return x.declType(args.NamedChild(0))
			case name == "append" && !x.funcs[name]:
				e = args.NamedChild(0)
			default:
				return local{}
			}
		default:
			return local{}
		}
	}
	return local{}
}

func (x *extractor) shortVar(n *flat.Node) {
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if right != nil {
		x.children(right)
	}
	if left == nil {
		return
	}
	count := int(left.NamedChildCount())
	for i := 0; i < count; i++ {
		id := left.NamedChild(i)
		if x.g.KindOf(id) != kIdentifier {
			continue
		}
		var l local
		if right != nil {
			l = x.valueLocal(right, i, count)
		}
		x.declare(x.text(id), l)
	}
}

// rangeClause declares the loop's variables: the element is known when the
// ranged slice, map or channel's element type is.
func (x *extractor) rangeClause(n *flat.Node) {
	var over local
	if right := n.ChildByFieldName("right"); right != nil {
		x.visit(right)
		over = x.exprElem(right, 0)
	}
	if left := n.ChildByFieldName("left"); left != nil {
		i := 0
		flat.EachNamedChild(left, func(id *flat.Node) {
			if x.g.KindOf(id) == kIdentifier {
				var l local
				if (i == 1) != over.chanElem {
					l.ref = over.elem
				}
				x.declare(x.text(id), l)
			}
			i++
		})
	}
}

// typeSwitch declares the switch's variable in each case: of the case's
// type when it names one, unknown otherwise.
func (x *extractor) typeSwitch(n *flat.Node) {
	x.push()
	defer x.pop()
	aliasList := n.ChildByFieldName("alias")
	alias := ""
	if aliasList != nil && aliasList.NamedChildCount() == 1 {
		alias = x.text(aliasList.NamedChild(0))
	}
	flat.EachNamedChild(n, func(c *flat.Node) {
		switch {
		case x.g.KindOf(c) == kTypeCase:
			x.typeCase(c, alias)
		case aliasList != nil && c.StartByte() == aliasList.StartByte() && x.g.KindOf(c) == kExprList:
		default:
			x.visit(c)
		}
	})
}

// typeCase walks one case of a type switch: its types before the colon,
// its statements after.
func (x *extractor) typeCase(c *flat.Node, alias string) {
	x.branch()
	x.push()
	defer x.pop()
	var types, body []*flat.Node
	colon := false
	for i := 0; i < int(c.ChildCount()); i++ {
		ch := c.Child(i)
		switch {
		case !ch.IsNamed():
			colon = colon || ch.Type() == ":"
		case colon:
			body = append(body, ch)
		default:
			types = append(types, ch)
		}
	}
	ref := ""
	for _, t := range types {
		x.typeRefs(t)
	}
	if len(types) == 1 {
		ref = x.typeRef(types[0])
	}
	if alias != "" {
		x.declare(alias, local{ref: ref})
	}
	for _, s := range body {
		x.visit(s)
	}
}

func (x *extractor) funcLiteral(n *flat.Node) {
	inBody := x.inBody
	x.inBody = true
	x.push()
	x.params(n.ChildByFieldName("parameters"))
	if r := n.ChildByFieldName("result"); r != nil {
		x.params(r)
	}
	if body := n.ChildByFieldName("body"); body != nil {
		x.children(body)
	}
	x.pop()
	x.inBody = inBody
}

func (x *extractor) push() { x.scopes = append(x.scopes, nil) }

func (x *extractor) pop() {
	if len(x.scopes) > 0 {
		x.scopes = x.scopes[:len(x.scopes)-1]
	}
}

// local is what a local name is known to be, as references ("" unknown):
// its type, and for a slice, array, map or channel its elements' type.
type local struct {
	ref, elem string
	chanElem  bool // ranging over it gives the element first (a channel)
}

// declare binds a local name: a local shadows every name of the package
// and every import.
func (x *extractor) declare(name string, l local) {
	if name == "_" || len(x.scopes) == 0 {
		return
	}
	top := len(x.scopes) - 1
	if x.scopes[top] == nil {
		x.scopes[top] = map[string]local{}
	}
	x.scopes[top][name] = l
}

func (x *extractor) lookupLocal(name string) (local, bool) {
	for i := len(x.scopes) - 1; i >= 0; i-- {
		if l, ok := x.scopes[i][name]; ok {
			return l, true
		}
	}
	return local{}, false
}

// local is the type of a local name, and whether the name is local at all.
func (x *extractor) local(name string) (string, bool) {
	l, ok := x.lookupLocal(name)
	return l.ref, ok
}

// maxDepth bounds how far exprRef and path look into an expression: a long
// builder chain would otherwise be walked again for each call in it.
const maxDepth = 8

// exprRef is the type of an expression as a reference, as far as the file
// tells: T{} and &T{} are T, NewT() is NewT(), pkg.New() is pkg.New(),
// x.(T) is T, a local is its type, s.f is its type's field f.
func (x *extractor) exprRef(e *flat.Node, depth int) string {
	for ; e != nil && depth < maxDepth; depth++ {
		switch x.g.KindOf(e) {
		case kParen:
			e = e.NamedChild(0)
		case kUnary:
			// &T{} and *p have the type the reference means; <-ch and
			// the arithmetic operators have none a reference can name.
			if op := e.ChildByFieldName("operator"); op == nil || (op.Type() != "&" && op.Type() != "*") {
				return ""
			}
			e = e.ChildByFieldName("operand")
		case kComposite, kAssert, kConversion:
			return x.typeRef(e.ChildByFieldName("type"))
		case kFuncLiteral:
			// A function value is typed by its result: calling it is
			// the only way to reach a member (see declType).
			return x.resultType(e.ChildByFieldName("result"))
		case kCall:
			fn := e.ChildByFieldName("function")
			if fn != nil && x.g.KindOf(fn) == kIdentifier {
				name := x.text(fn)
				if _, local := x.local(name); !local {
					switch {
					case name == "new" && !x.funcs[name]:
						if args := e.ChildByFieldName("arguments"); args != nil && args.NamedChildCount() == 1 {
							return x.typeRef(args.NamedChild(0))
						}
						return ""
					case basicTypes[name] || (builtins[name] && !x.funcs[name]):
						return ""
					case x.types[name]:
						return name // a conversion T(v)
					}
				}
			}
			if ref, _ := x.path(fn, depth+1); ref != "" {
				return ref + "()"
			}
			return ""
		case kIdentifier, kSelector, kIndex:
			ref, _ := x.path(e, depth+1)
			return ref
		default:
			return ""
		}
	}
	return ""
}

// path is a name or a chain of selectors as a reference, locals replaced
// by their types: s.client is Server.client when s is a *Server. local
// says whether it starts from a local or an expression (a call's result);
// a local of unknown type gives "".
func (x *extractor) path(e *flat.Node, depth int) (ref string, local bool) {
	if e == nil || depth > maxDepth {
		return "", true
	}
	switch x.g.KindOf(e) {
	case kIdentifier:
		name := x.text(e)
		if t, ok := x.local(name); ok {
			return t, true
		}
		return name, false
	case kSelector:
		operand, field := e.ChildByFieldName("operand"), e.ChildByFieldName("field")
		if field == nil {
			return "", true
		}
		base, local := x.path(operand, depth+1)
		if base == "" {
			return "", local
		}
		return base + "." + x.text(field), local
	case kParen:
		return x.path(e.NamedChild(0), depth+1)
	case kIndex:
		// F[T] instantiates a generic function; v[i] is an element.
		if op := e.ChildByFieldName("operand"); op != nil && x.g.KindOf(op) == kIdentifier {
			name := x.text(op)
			if l, ok := x.lookupLocal(name); ok {
				return l.elem, true
			}
			if x.funcs[name] {
				return name, false
			}
		}
		return "", true
	}
	return x.exprRef(e, depth+1), true
}

func (x *extractor) call(n *flat.Node) {
	fn := n.ChildByFieldName("function")
	for fn != nil && x.g.KindOf(fn) == kParen {
		fn = fn.NamedChild(0)
	}
	args := n.ChildByFieldName("arguments")
	if fn == nil {
		x.children(n)
		return
	}
	switch x.g.KindOf(fn) {
	case kIdentifier:
		name := x.text(fn)
		_, local := x.local(name)
		switch {
		case local:
			// A function value (a closure, a parameter): no definition.
		case basicTypes[name] || x.types[name]:
			// A conversion.
		case name == "new" || name == "make":
			// new(T) and make(T, n) take a type, no call of theirs.
			x.addCall(fn, name, "", "", !x.funcs[name])
		default:
			x.addCall(fn, name, "", "", builtins[name] && !x.funcs[name])
			if name == "panic" && !x.funcs[name] {
				sdk.CountErrorShape(x.facts, sdk.ErrorPanicked)
			}
		}
	case kSelector:
		operand, field := fn.ChildByFieldName("operand"), fn.ChildByFieldName("field")
		if operand == nil || field == nil {
			break
		}
		qualifier := x.g.QualifierOf(x.src, operand)
		receiver, local := x.path(operand, 0)
		if !local {
			// A package, a package-level variable or a type: the core
			// evaluates the qualifier as written.
			receiver = ""
		}
		x.addCall(field, x.text(field), qualifier, receiver, false)
		if !local && qualifier == "log" && logAborts[x.text(field)] {
			sdk.CountErrorShape(x.facts, sdk.ErrorPanicked)
		}
		x.visit(operand)
	default:
		x.visit(fn)
	}
	if args != nil {
		x.children(args)
	}
}

// conversion handles Map[int, string](x): the grammar cannot tell an
// instantiated generic function call from a conversion to a generic type,
// and the call is by far the commoner, unless the file defines the type.
func (x *extractor) conversion(n *flat.Node) {
	t := n.ChildByFieldName("type")
	if t != nil && x.g.KindOf(t) == kGenericType {
		switch g := t.ChildByFieldName("type"); {
		case g == nil:
		case x.g.KindOf(g) == kTypeIdent:
			if name := x.text(g); !x.types[name] {
				x.addCall(g, name, "", "", false)
			}
		case x.g.KindOf(g) == kQualifiedType:
			if pkg, name := g.ChildByFieldName("package"), g.ChildByFieldName("name"); pkg != nil && name != nil {
				x.addCall(name, x.text(name), x.text(pkg), "", false)
			}
		}
	} else if t != nil {
		x.typeRefs(t)
	}
	if op := n.ChildByFieldName("operand"); op != nil {
		x.visit(op)
	}
}

// selector notes pkg.Name used as a value (a constant, a variable, a
// function passed along) as a reference, and walks what else it holds.
func (x *extractor) selector(n *flat.Node) {
	operand, field := n.ChildByFieldName("operand"), n.ChildByFieldName("field")
	if operand != nil && field != nil && x.g.KindOf(operand) == kIdentifier {
		name := x.text(operand)
		if _, local := x.local(name); !local && x.aliases[name] {
			if ref := name + "." + x.text(field); !x.refs[ref] {
				x.refs[ref] = true
				x.facts.References = append(x.facts.References, ref)
			}
		}
		return
	}
	if operand != nil {
		x.visit(operand)
	}
}

func (x *extractor) addCall(name *flat.Node, callee, qualifier, receiver string, builtin bool) {
	c := treesitter.CallAt(name, callee, qualifier, x.caller)
	c.Receiver, c.Builtin = receiver, builtin
	x.facts.Calls = append(x.facts.Calls, c)
}

func (x *extractor) importOf(n *flat.Node) *sdk.Import {
	var name, path *flat.Node
	switch n.NamedChildCount() {
	case 1:
		path = n.NamedChild(0)
	case 2:
		name, path = n.NamedChild(0), n.NamedChild(1)
	default:
		return nil
	}
	spec := unquote(x.text(path))
	if spec == "" {
		return nil
	}
	imp := &sdk.Import{Spec: spec, Line: int32(n.StartPoint().Row) + 1}
	if name != nil {
		imp.Alias = x.text(name)
	} else {
		imp.Alias = guessPackageName(spec)
	}
	return imp
}

func isExported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// packageDocSpeaks says whether the comment above a file's package clause
// is the package's documentation: in doc.go, the file meant for it; in
// the conventional form ("Package x ...", "Command x ..."); or in a
// command (package main), whose doc is often free prose. Above another
// file of a library package such a comment is as likely a stray note.
func packageDocSpeaks(file, pkg, doc string) bool {
	if doc == "" {
		return false
	}
	if path.Base(file) == "doc.go" || pkg == "main" || strings.HasPrefix(doc, "Command ") {
		return true
	}
	rest, ok := strings.CutPrefix(doc, "Package "+pkg)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\n')
}

// logAborts are the functions of the standard log package that end the
// program: log.Fatal exits, log.Panic panics.
var logAborts = setOf("Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln")

// errorWrappers are the functions of github.com/pkg/errors and its
// look-alikes that wrap an error with context.
var errorWrappers = setOf("Wrap", "Wrapf", "WithMessage", "WithMessagef", "WithStack")

// returnedError counts a return statement that hands an error back: as
// is, when its last result is a variable named as errors are (err,
// readErr, werr), or wrapped, when it is fmt.Errorf given such a variable
// or a %w verb, or errors.Wrap and its kin. A fresh error (errors.New,
// fmt.Errorf of a message alone) is neither: nothing was handled.
func (x *extractor) returnedError(n *flat.Node) {
	list := n.NamedChild(0)
	if list == nil {
		return
	}
	last := list
	if x.g.KindOf(list) == kExprList {
		last = list.NamedChild(int(list.NamedChildCount()) - 1)
	}
	if last == nil {
		return
	}
	switch x.g.KindOf(last) {
	case kIdentifier:
		if isErrorName(x.text(last)) {
			sdk.CountErrorShape(x.facts, sdk.ErrorReturned)
		}
	case kCall:
		if x.wrapsError(last) {
			sdk.CountErrorShape(x.facts, sdk.ErrorWrapped)
		}
	}
}

// isErrorName reports whether a variable is named as Go code names its
// errors: err, or a name ending in err or Err.
func isErrorName(name string) bool {
	return strings.HasSuffix(name, "err") || strings.HasSuffix(name, "Err")
}

// wrapsError reports whether a call wraps an error: fmt.Errorf with a %w
// verb or an error variable among its arguments, or errors.Wrap and its
// kin from any errors package.
func (x *extractor) wrapsError(call *flat.Node) bool {
	fn, args := call.ChildByFieldName("function"), call.ChildByFieldName("arguments")
	if fn == nil || args == nil || x.g.KindOf(fn) != kSelector {
		return false
	}
	operand, field := fn.ChildByFieldName("operand"), fn.ChildByFieldName("field")
	if operand == nil || field == nil || x.g.KindOf(operand) != kIdentifier {
		return false
	}
	pkg, name := x.text(operand), x.text(field)
	if errorWrappers[name] && strings.HasSuffix(pkg, "errors") {
		return true
	}
	if pkg != "fmt" || name != "Errorf" {
		return false
	}
	for i := 0; i < int(args.NamedChildCount()); i++ {
		a := args.NamedChild(i)
		switch {
		case i == 0 && strings.Contains(x.text(a), "%w"):
			return true
		case i > 0 && x.g.KindOf(a) == kIdentifier && isErrorName(x.text(a)):
			return true
		}
	}
	return false
}
