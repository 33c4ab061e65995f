package java

import (
	"path"
	"strings"
	"sync"

	tsjava "github.com/smacker/go-tree-sitter/java"

	"github.com/homer-dev/homer/plugins/languages/internal/jvm"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

// kind is what the extractor needs to know of a node type; kOther, the zero
// kind, is every type kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kPackage
	kImport
	kClass
	kInterface
	kEnum
	kRecord
	kAnnotationType
	kClassBody
	kEnumConstant
	kEnumBodyDecls
	kField
	kMethod
	kConstructor
	kCompactConstructor
	kAnnotationElement
	kInitializer
	kBlock
	kLocalVar
	kDeclarator
	kParam
	kParams
	kCatchParam
	kForEach
	kLambda
	kInferredParams
	kIdentifier
	kTypeIdentifier
	kScopedTypeIdentifier
	kGenericType
	kScopedIdentifier
	kFieldAccess
	kInvocation
	kNew
	kExplicitCtor
	kMethodRef
	kThis
	kSuper
	kCast
	kParen
	kString
	kIf
	kLoop
	kCatch
	kTernary
	kSwitchLabel
	kBinary
	kModifiers
	kSuperclass
	kSuperInterfaces
	kExtendsInterfaces
	kTypeList
	kTypeParameters
	kTypeParameter
	kTypeBound
	kAsterisk
	kComment
	kResource
	kInstanceof
	kLeaf
	kThrow
)

var kindNames = map[string]kind{
	"package_declaration":                 kPackage,
	"import_declaration":                  kImport,
	"class_declaration":                   kClass,
	"interface_declaration":               kInterface,
	"enum_declaration":                    kEnum,
	"record_declaration":                  kRecord,
	"annotation_type_declaration":         kAnnotationType,
	"class_body":                          kClassBody,
	"interface_body":                      kClassBody,
	"enum_body":                           kClassBody,
	"annotation_type_body":                kClassBody,
	"enum_body_declarations":              kEnumBodyDecls,
	"enum_constant":                       kEnumConstant,
	"field_declaration":                   kField,
	"constant_declaration":                kField,
	"method_declaration":                  kMethod,
	"constructor_declaration":             kConstructor,
	"compact_constructor_declaration":     kCompactConstructor,
	"annotation_type_element_declaration": kAnnotationElement,
	"static_initializer":                  kInitializer,
	"block":                               kBlock,
	"constructor_body":                    kBlock,
	"switch_block":                        kBlock,
	"local_variable_declaration":          kLocalVar,
	"variable_declarator":                 kDeclarator,
	"formal_parameter":                    kParam,
	"spread_parameter":                    kParam,
	"formal_parameters":                   kParams,
	"catch_formal_parameter":              kCatchParam,
	"enhanced_for_statement":              kForEach,
	"lambda_expression":                   kLambda,
	"inferred_parameters":                 kInferredParams,
	"identifier":                          kIdentifier,
	"type_identifier":                     kTypeIdentifier,
	"scoped_type_identifier":              kScopedTypeIdentifier,
	"generic_type":                        kGenericType,
	"scoped_identifier":                   kScopedIdentifier,
	"field_access":                        kFieldAccess,
	"method_invocation":                   kInvocation,
	"object_creation_expression":          kNew,
	"explicit_constructor_invocation":     kExplicitCtor,
	"method_reference":                    kMethodRef,
	"this":                                kThis,
	"super":                               kSuper,
	"cast_expression":                     kCast,
	"parenthesized_expression":            kParen,
	"string_literal":                      kString,
	"text_block":                          kString,
	"if_statement":                        kIf,
	"for_statement":                       kLoop,
	"while_statement":                     kLoop,
	"do_statement":                        kLoop,
	"catch_clause":                        kCatch,
	"throw_statement":                     kThrow,
	"ternary_expression":                  kTernary,
	"switch_label":                        kSwitchLabel,
	"binary_expression":                   kBinary,
	"modifiers":                           kModifiers,
	"superclass":                          kSuperclass,
	"super_interfaces":                    kSuperInterfaces,
	"extends_interfaces":                  kExtendsInterfaces,
	"type_list":                           kTypeList,
	"type_parameters":                     kTypeParameters,
	"type_parameter":                      kTypeParameter,
	"type_bound":                          kTypeBound,
	"asterisk":                            kAsterisk,
	"line_comment":                        kComment,
	"block_comment":                       kComment,
	"resource":                            kResource,
	"instanceof_expression":               kInstanceof,
	"decimal_integer_literal":             kLeaf,
	"hex_integer_literal":                 kLeaf,
	"decimal_floating_point_literal":      kLeaf,
	"character_literal":                   kLeaf,
	"true":                                kLeaf,
	"false":                               kLeaf,
	"null_literal":                        kLeaf,
	"integral_type":                       kLeaf,
	"floating_point_type":                 kLeaf,
	"boolean_type":                        kLeaf,
	"void_type":                           kLeaf,
	"marker_annotation":                   kLeaf,
}

var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tsjava.GetLanguage(), kindNames, nil)
})

var syntax = treesitter.Syntax{Quotes: `"'`, LineComment: "//", BlockOpen: "/*", BlockClose: "*/", MaxLen: 300}

// class is a type of the file: a named one, with its definition, or an
// anonymous or local one, which has none.
type class struct {
	name, qn string
	parent   *class
	def      *sdk.Definition
	body     *flat.Node
	iface    bool
	// anon: an anonymous or local class; base is its supertype reference.
	anon bool
	base string
	// What the file declares in it, by simple name.
	methods map[string]bool
	fields  map[string]string // field → type reference
	nested  map[string]string // nested type → qualified name
	// typeParams maps the class's type parameters to their bound.
	typeParams map[string]string
	// returns: an anonymous class's methods' result types, which have no
	// definition to carry them.
	returns map[string]string
}

// exported tells a class other packages can name: public (or a member
// of an interface) and inside classes that are too. An anonymous class is
// not: the public methods of Utils.ParameterizedTypeImpl, private in a
// package-private class, are no one's API.
func (c *class) exported() bool { return c.def != nil && c.def.Exported }

// local is a name bound in a body: a parameter, a local variable, a
// pattern or a lambda parameter, with its type reference ("?" unknown).
type local struct{ name, typ string }

type extractor struct {
	src   []byte
	facts *sdk.FileFacts
	g     *treesitter.Grammar[kind]
	root  *flat.Node

	classes []*class
	// types maps a simple name to the qualified names of the file's types.
	types map[string][]string
	// imported maps a simple name a type import binds to its type path
	// ("D" → "C.D" for `import a.b.C.D`); statics a statically imported
	// member to its type path.
	imported map[string]string
	statics  map[string]string
	// bound: names an import binds by name (the outermost type).
	bound map[string]bool

	// The body being walked.
	cls        *class
	caller     string
	locals     []local
	methodTP   map[string]string
	complexity *int32
	caught     []string // the names of the exceptions the enclosing catch clauses bind
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{src: src, facts: facts, g: grammar(), types: map[string][]string{},
		imported: map[string]string{}, statics: map[string]string{}, bound: map[string]bool{}}
}

func (x *extractor) kind(n *flat.Node) kind { return x.g.KindOf(n) }

func (x *extractor) text(n *flat.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) run(root *flat.Node) {
	x.root = root
	flat.EachNamedChild(root, func(n *flat.Node) {
		switch x.g.KindOf(n) {
		case kPackage:
			// annotations may precede the name (package-info.java)
			flat.EachNamedChild(n, func(c *flat.Node) {
				if k := x.g.KindOf(c); k == kScopedIdentifier || k == kIdentifier {
					x.facts.Namespace = x.dotted(c)
				}
			})
			x.facts.Package = x.facts.Namespace
			// package-info.java's javadoc documents the package.
			if path.Base(x.facts.GetPath()) == "package-info.java" {
				x.facts.PackageDoc = jvm.CleanDoc(jvm.DocBefore(x.src, n.StartByte()))
			}
		case kImport:
			x.importDecl(n)
		}
	})
	// First the types and what they declare, so that a body can call what
	// is declared below it; then the bodies.
	flat.EachNamedChild(root, func(n *flat.Node) { x.declareType(n, nil) })
	for _, c := range x.classes {
		x.typeMembers(c)
	}
	for _, c := range x.classes {
		if c.body != nil {
			x.memberList(c, c.body)
		}
	}
}

func (x *extractor) dotted(n *flat.Node) string {
	var b strings.Builder
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if c.IsNamed() && x.g.KindOf(c) != kComment {
			if x.g.KindOf(c) == kScopedIdentifier {
				b.WriteString(x.dotted(c))
			} else {
				b.WriteString(x.text(c))
			}
		} else if !c.IsNamed() && x.text(c) == "." {
			b.WriteByte('.')
		}
	}
	if n.ChildCount() == 0 {
		return x.text(n)
	}
	return b.String()
}

// importDecl records an import; see the package doc for what each form
// binds.
func (x *extractor) importDecl(n *flat.Node) {
	static, star := false, false
	var spec string
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		switch {
		case !c.IsNamed():
			if x.text(c) == "static" {
				static = true
			}
		case x.g.KindOf(c) == kAsterisk:
			star = true
		case x.g.KindOf(c) == kScopedIdentifier || x.g.KindOf(c) == kIdentifier:
			spec = x.dotted(c)
		}
	}
	if spec == "" {
		return
	}
	imp := &sdk.Import{Spec: spec, Line: int32(n.StartPoint().Row) + 1}
	x.facts.Imports = append(x.facts.Imports, imp)
	_, typ := jvm.SplitSpec(spec)
	switch {
	case star && !static:
		imp.Names = []string{"*"}
		if len(typ) > 0 {
			// a type's nested types: they are reached through the type
			imp.Names = []string{typ[0]}
			x.bound[typ[0]] = true
		}
	case len(typ) == 0:
		// a lower-case class name: nothing we can bind by convention
		last := spec[strings.LastIndexByte(spec, '.')+1:]
		imp.Names = []string{last}
	case static && star:
		imp.Names = []string{typ[0]}
		x.bound[typ[0]] = true
	case static:
		imp.Names = []string{typ[0]}
		x.bound[typ[0]] = true
		if len(typ) > 1 {
			x.statics[typ[len(typ)-1]] = strings.Join(typ[:len(typ)-1], ".")
		}
	default:
		imp.Names = []string{typ[0]}
		x.bound[typ[0]] = true
		if len(typ) > 1 {
			x.imported[typ[len(typ)-1]] = strings.Join(typ, ".")
		}
	}
}

// declareType records a type declaration n nested in parent (nil at top
// level), its definition and what its body declares, then its nested types.
func (x *extractor) declareType(n *flat.Node, parent *class) {
	k := x.g.KindOf(n)
	var kindName string
	switch k {
	case kClass, kRecord:
		kindName = "class"
	case kInterface, kAnnotationType:
		kindName = "interface"
	case kEnum:
		kindName = "enum"
	default:
		return
	}
	nameNode := n.ChildByFieldName("name")
	body := n.ChildByFieldName("body")
	if nameNode == nil {
		return
	}
	name := x.text(nameNode)
	c := &class{name: name, qn: name, parent: parent, body: body, iface: kindName == "interface",
		methods: map[string]bool{}, fields: map[string]string{}, nested: map[string]string{}, typeParams: map[string]string{}}
	if parent != nil {
		c.qn = parent.qn + "." + name
		parent.nested[name] = c.qn
	}
	x.types[name] = append(x.types[name], c.qn)
	mods := x.modifiers(n)
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: c.qn,
		Kind:          kindName,
		Span:          treesitter.Span(n, n),
		Exported:      (mods["public"] || parent != nil && parent.iface) && (parent == nil || parent.exported()),
		DocStyle:      "javadoc",
		Doc:           jvm.CleanDoc(jvm.DocBefore(x.src, n.StartByte())),
	}
	if parent != nil {
		def.Receiver = parent.qn
	}
	end := n.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	def.Signature = x.signature(n, end)
	c.def = def
	x.facts.Definitions = append(x.facts.Definitions, def)
	x.classes = append(x.classes, c)
	if tp := n.ChildByFieldName("type_parameters"); tp != nil {
		x.typeParameters(tp, c.typeParams)
	}
	if k == kRecord {
		if params := n.ChildByFieldName("parameters"); params != nil {
			flat.EachNamedChild(params, func(p *flat.Node) {
				if t, nm := p.ChildByFieldName("type"), p.ChildByFieldName("name"); t != nil && nm != nil {
					c.fields[x.text(nm)] = "" // typed once every type is known
					c.methods[x.text(nm)] = true
				}
			})
		}
	}
	if body == nil {
		return
	}
	x.declareMembers(c, body)
}

// declareMembers records the names a type body declares, and its nested
// types.
func (x *extractor) declareMembers(c *class, body *flat.Node) {
	flat.EachNamedChild(body, func(m *flat.Node) {
		switch x.g.KindOf(m) {
		case kMethod, kAnnotationElement:
			if nm := m.ChildByFieldName("name"); nm != nil {
				c.methods[x.text(nm)] = true
			}
		case kField:
			for i := 0; i < int(m.NamedChildCount()); i++ {
				if d := m.NamedChild(i); x.g.KindOf(d) == kDeclarator {
					if nm := d.ChildByFieldName("name"); nm != nil {
						c.fields[x.text(nm)] = ""
					}
				}
			}
		case kEnumConstant:
			if nm := m.ChildByFieldName("name"); nm != nil {
				c.fields[x.text(nm)] = c.qn
			}
		case kEnumBodyDecls:
			x.declareMembers(c, m)
		default:
			x.declareType(m, c)
		}
	})
}

func (x *extractor) typeParameters(n *flat.Node, into map[string]string) {
	flat.EachNamedChild(n, func(p *flat.Node) {
		if x.g.KindOf(p) != kTypeParameter {
			return
		}
		var name, bound string
		flat.EachNamedChild(p, func(c *flat.Node) {
			switch x.g.KindOf(c) {
			case kTypeIdentifier, kIdentifier:
				if name == "" {
					name = x.text(c)
				}
			case kTypeBound:
				if b := c.NamedChild(0); b != nil {
					bound = x.typeOfSyntax(b)
				}
			}
		})
		if name != "" {
			into[name] = bound
		}
	})
}

// modifiers returns the keywords among n's modifiers.
func (x *extractor) modifiers(n *flat.Node) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		m := n.NamedChild(i)
		if x.g.KindOf(m) != kModifiers {
			continue
		}
		for j := 0; j < int(m.ChildCount()); j++ {
			if c := m.Child(j); !c.IsNamed() {
				out[x.text(c)] = true
			}
		}
	}
	return out
}

// signature is the declaration's header up to end, annotations left out.
func (x *extractor) signature(n *flat.Node, end uint32) string {
	start := n.StartByte()
	for i := 0; i < int(n.NamedChildCount()); i++ {
		m := n.NamedChild(i)
		if x.g.KindOf(m) != kModifiers {
			continue
		}
		start = m.EndByte()
		for j := 0; j < int(m.ChildCount()); j++ {
			c := m.Child(j)
			if !c.IsNamed() {
				start = c.StartByte()
				break
			}
		}
		break
	}
	if end < start {
		end = start
	}
	return strings.TrimSuffix(syntax.OneLine(x.src[start:end]), ";")
}

// typeMembers gives a named type its bases and typed fields.
func (x *extractor) typeMembers(c *class) {
	x.cls = c
	x.methodTP = nil
	def := c.def
	n := x.declNode(c)
	if n != nil {
		if sc := n.ChildByFieldName("superclass"); sc != nil {
			if t := sc.NamedChild(0); t != nil {
				if r := x.typeOfSyntax(t); r != "" {
					def.Bases = append(def.Bases, r)
				}
			}
		}
		for i := 0; i < int(n.NamedChildCount()); i++ {
			switch ch := n.NamedChild(i); x.g.KindOf(ch) {
			case kSuperInterfaces, kExtendsInterfaces:
				if tl := ch.NamedChild(0); tl != nil {
					flat.EachNamedChild(tl, func(t *flat.Node) {
						if r := x.typeOfSyntax(t); r != "" {
							def.Bases = append(def.Bases, r)
						}
					})
				}
			}
		}
		if x.g.KindOf(n) == kRecord {
			if params := n.ChildByFieldName("parameters"); params != nil {
				flat.EachNamedChild(params, func(p *flat.Node) {
					if t, nm := p.ChildByFieldName("type"), p.ChildByFieldName("name"); t != nil && nm != nil {
						r := x.typeOfSyntax(t)
						c.fields[x.text(nm)] = r
						def.Fields = append(def.Fields, &sdk.Field{Name: x.text(nm), Type: r})
					}
				})
			}
		}
	}
	if c.body != nil {
		x.typeFields(c, c.body)
	}
}

func (x *extractor) typeFields(c *class, body *flat.Node) {
	flat.EachNamedChild(body, func(m *flat.Node) {
		switch x.g.KindOf(m) {
		case kField:
			t := m.ChildByFieldName("type")
			if t == nil {
				return
			}
			typ := x.typeOfSyntax(t)
			for i := 0; i < int(m.NamedChildCount()); i++ {
				d := m.NamedChild(i)
				if x.g.KindOf(d) != kDeclarator {
					continue
				}
				if nm := d.ChildByFieldName("name"); nm != nil {
					ft := typ
					if d.ChildByFieldName("dimensions") != nil {
						ft = ""
					}
					c.fields[x.text(nm)] = ft
					c.def.Fields = append(c.def.Fields, &sdk.Field{Name: x.text(nm), Type: ft})
				}
			}
		case kEnumConstant:
			c.def.Fields = append(c.def.Fields, &sdk.Field{Name: x.textOf(m.ChildByFieldName("name")), Type: c.qn})
		case kEnumBodyDecls:
			x.typeFields(c, m)
		}
	})
}

// declNode finds the declaration node of a named class from its body.
func (x *extractor) declNode(c *class) *flat.Node {
	if c.body != nil {
		return c.body.Parent()
	}
	return nil
}

func (x *extractor) memberList(c *class, body *flat.Node) {
	flat.EachNamedChild(body, func(m *flat.Node) {
		x.cls = c
		switch x.g.KindOf(m) {
		case kMethod, kAnnotationElement:
			x.method(c, m, false)
		case kConstructor, kCompactConstructor:
			x.method(c, m, true)
		case kField:
			x.field(c, m)
		case kEnumConstant:
			// its arguments, and its body as an anonymous subclass
			x.body(c, c.qn, nil, func() {
				flat.EachNamedChild(m, func(a *flat.Node) {
					if x.g.KindOf(a) == kClassBody {
						x.anonBody(a, c.qn)
					} else {
						x.walk(a)
					}
				})
			})
		case kEnumBodyDecls:
			x.memberList(c, m)
		case kInitializer, kBlock:
			x.body(c, c.qn, nil, func() { x.walk(m) })
		}
	})
}

func (x *extractor) textOf(n *flat.Node) string {
	if n == nil {
		return ""
	}
	return x.text(n)
}

func (x *extractor) field(c *class, m *flat.Node) {
	for i := 0; i < int(m.NamedChildCount()); i++ {
		if d := m.NamedChild(i); x.g.KindOf(d) == kDeclarator {
			if v := d.ChildByFieldName("value"); v != nil {
				x.body(c, c.qn, nil, func() { x.walk(v) })
			}
		}
	}
}

// method defines a method or constructor of c and walks its body.
func (x *extractor) method(c *class, m *flat.Node, ctor bool) {
	nm := m.ChildByFieldName("name")
	if nm == nil {
		return
	}
	name := x.text(nm)
	body := m.ChildByFieldName("body")
	mods := x.modifiers(m)
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: c.qn + "." + name,
		Kind:          "method",
		Span:          treesitter.Span(m, m),
		Exported:      (mods["public"] || c.iface && !mods["private"]) && c.exported(),
		DocStyle:      "javadoc",
		Doc:           jvm.CleanDoc(jvm.DocBefore(x.src, m.StartByte())),
		Receiver:      c.qn,
	}
	end := m.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	def.Signature = x.signature(m, end)
	tp := map[string]string{}
	if p := m.ChildByFieldName("type_parameters"); p != nil {
		x.typeParameters(p, tp)
	}
	x.methodTP = tp
	if ctor {
		def.Kind = "constructor"
	} else if t := m.ChildByFieldName("type"); t != nil {
		def.Type = x.typeOfSyntax(t)
	}
	def.Abstract = !ctor && body == nil && (c.iface || mods["abstract"])
	def.MinArguments, def.MaxArguments = x.arity(m, c)
	x.facts.Definitions = append(x.facts.Definitions, def)
	if body == nil {
		x.methodTP = nil
		return
	}
	var params []local
	if ps := m.ChildByFieldName("parameters"); ps != nil {
		params = x.params(ps)
	} else if ctor {
		// a compact constructor sees the record's components
		for f, t := range c.fields {
			params = append(params, local{f, t})
		}
	}
	def.Complexity = 1
	x.complexity = &def.Complexity
	x.body(c, def.QualifiedName, params, func() { x.walk(body) })
	x.complexity = nil
	x.methodTP = nil
}

// arity is how many arguments a method or constructor takes, each plus
// one; a variadic one has no upper bound (max 0).
func (x *extractor) arity(m *flat.Node, c *class) (min, max int32) {
	ps := m.ChildByFieldName("parameters")
	if ps == nil {
		if x.g.KindOf(m) == kCompactConstructor {
			n := int32(len(c.def.GetFields())) + 1
			return n, n
		}
		return 1, 1 // an annotation element
	}
	n, variadic := int32(0), false
	flat.EachNamedChild(ps, func(p *flat.Node) {
		if x.g.KindOf(p) == kParam {
			n++
			if x.g.KindOf(p) == kParam && p.ChildByFieldName("name") == nil || strings.Contains(x.text(p), "...") {
				variadic = true
			}
		}
	})
	if variadic {
		return n, 0
	}
	return n + 1, n + 1
}

func (x *extractor) params(ps *flat.Node) []local {
	var out []local
	flat.EachNamedChild(ps, func(p *flat.Node) {
		switch x.g.KindOf(p) {
		case kParam:
			t := p.ChildByFieldName("type")
			nm := p.ChildByFieldName("name")
			if nm == nil {
				// a spread parameter: its declarator holds the name
				for i := 0; i < int(p.NamedChildCount()); i++ {
					if d := p.NamedChild(i); x.g.KindOf(d) == kDeclarator {
						nm = d.ChildByFieldName("name")
					}
				}
				if t == nil {
					t = p.NamedChild(0)
				}
			}
			if nm == nil {
				return
			}
			typ := "?"
			if t != nil && x.g.KindOf(p) == kParam && !strings.Contains(x.text(p), "...") && p.ChildByFieldName("dimensions") == nil {
				typ = orUnknown(x.typeOfSyntax(t))
			}
			out = append(out, local{x.text(nm), typ})
		case kIdentifier:
			out = append(out, local{x.text(p), "?"})
		}
	})
	return out
}

func orUnknown(r string) string {
	if r == "" {
		return "?"
	}
	return r
}

// body walks code run by caller in c, with params bound.
func (x *extractor) body(c *class, caller string, params []local, walk func()) {
	prevCls, prevCaller, prevLocals := x.cls, x.caller, x.locals
	x.cls, x.caller, x.locals = c, caller, append([]local(nil), params...)
	walk()
	x.cls, x.caller, x.locals = prevCls, prevCaller, prevLocals
}

func (x *extractor) walkChildren(n *flat.Node) { flat.EachNamedChild(n, x.walk) }

// walk visits the code of a body: it binds locals, counts branches and
// records calls.
func (x *extractor) walk(n *flat.Node) {
	switch x.g.KindOf(n) {
	case kLeaf, kComment, kIdentifier, kTypeIdentifier, kThis, kSuper, kString:
		return
	case kBlock, kForEach, kCatch, kLambda, kLoop:
		mark := len(x.locals)
		x.branch(n)
		switch x.g.KindOf(n) {
		case kForEach:
			if t, nm := n.ChildByFieldName("type"), n.ChildByFieldName("name"); t != nil && nm != nil {
				x.bind(x.text(nm), orUnknown(x.typeOfSyntax(t)))
			}
		case kLambda:
			if ps := n.ChildByFieldName("parameters"); ps != nil {
				if x.g.KindOf(ps) == kIdentifier {
					x.bind(x.text(ps), "?")
				} else {
					for _, l := range x.params(ps) {
						x.bind(l.name, l.typ)
					}
				}
			}
		case kCatch:
			x.caught = append(x.caught, x.catchClause(n))
			x.walkChildren(n)
			x.caught = x.caught[:len(x.caught)-1]
			x.locals = x.locals[:mark]
			return
		}
		x.walkChildren(n)
		x.locals = x.locals[:mark]
		return
	case kCatchParam:
		if nm := n.ChildByFieldName("name"); nm != nil {
			typ := "?"
			if ct := n.NamedChild(0); ct != nil && ct.NamedChildCount() == 1 {
				typ = orUnknown(x.typeOfSyntax(ct.NamedChild(0)))
			}
			x.bind(x.text(nm), typ)
		}
		return
	case kLocalVar, kResource:
		x.localVar(n)
		return
	case kInstanceof:
		x.walkChildren(n)
		// `x instanceof Foo f` binds f
		if c := int(n.NamedChildCount()); c >= 3 {
			if nm := n.NamedChild(c - 1); x.g.KindOf(nm) == kIdentifier {
				x.bind(x.text(nm), orUnknown(x.typeOfSyntax(n.NamedChild(c-2))))
			}
		}
		return
	case kIf, kTernary, kSwitchLabel, kBinary:
		x.branch(n)
	case kThrow:
		x.throw(n)
	case kInvocation:
		x.invocation(n)
	case kNew:
		x.creation(n)
		return
	case kExplicitCtor:
		x.explicitCtor(n)
	case kMethodRef:
		x.methodRef(n)
	case kClass, kRecord, kEnum, kInterface:
		x.localClass(n)
		return
	}
	x.walkChildren(n)
}

// branch counts what adds a path through a function.
func (x *extractor) branch(n *flat.Node) {
	if x.complexity == nil {
		return
	}
	switch x.g.KindOf(n) {
	case kIf, kLoop, kForEach, kCatch, kTernary:
		*x.complexity++
	case kSwitchLabel:
		if c := n.Child(0); c != nil && x.text(c) != "default" {
			*x.complexity++
		}
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			if t := x.text(op); t == "&&" || t == "||" {
				*x.complexity++
			}
		}
	}
}

func (x *extractor) bind(name, typ string) { x.locals = append(x.locals, local{name, typ}) }

func (x *extractor) localVar(n *flat.Node) {
	t := n.ChildByFieldName("type")
	typ := ""
	isVar := t != nil && x.text(t) == "var"
	if t != nil && !isVar {
		typ = x.typeOfSyntax(t)
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		d := n.NamedChild(i)
		switch x.g.KindOf(d) {
		case kDeclarator:
			v := d.ChildByFieldName("value")
			if v != nil {
				x.walk(v)
			}
			nm := d.ChildByFieldName("name")
			if nm == nil {
				continue
			}
			lt := typ
			if isVar && v != nil {
				lt = x.exprType(v)
			}
			if d.ChildByFieldName("dimensions") != nil {
				lt = ""
			}
			x.bind(x.text(nm), orUnknown(lt))
		case kIdentifier:
			// a resource `try (r)` or the name of `Foo r = ...`
			if x.g.KindOf(n) == kResource {
				if v := n.ChildByFieldName("value"); v != nil {
					x.walk(v)
					lt := typ
					if isVar {
						lt = x.exprType(v)
					}
					x.bind(x.text(d), orUnknown(lt))
					return
				}
			}
		default:
			if !d.Equal(t) {
				x.walk(d)
			}
		}
	}
}

// localClass walks an anonymous or local class's members as part of the
// enclosing body: they are not definitions of their own.
func (x *extractor) localClass(n *flat.Node) {
	base := ""
	if sc := n.ChildByFieldName("superclass"); sc != nil && sc.NamedChild(0) != nil {
		base = x.typeOfSyntax(sc.NamedChild(0))
	}
	if body := n.ChildByFieldName("body"); body != nil {
		x.anonBody(body, base)
	}
}

// anonBody walks the members of a class body that has no definition.
func (x *extractor) anonBody(body *flat.Node, base string) {
	outer := x.cls
	c := &class{anon: true, base: base, parent: outer, methods: map[string]bool{}, fields: map[string]string{},
		nested: map[string]string{}, typeParams: map[string]string{}}
	if outer != nil {
		c.qn, c.name = outer.qn, outer.name
	}
	flat.EachNamedChild(body, func(m *flat.Node) {
		switch x.g.KindOf(m) {
		case kMethod:
			if nm := m.ChildByFieldName("name"); nm != nil {
				c.methods[x.text(nm)] = true
				if c.returns == nil {
					c.returns = map[string]string{}
				}
				c.returns[x.text(nm)] = x.typeOfSyntax(m.ChildByFieldName("type"))
			}
		case kField:
			if t := m.ChildByFieldName("type"); t != nil {
				for i := 0; i < int(m.NamedChildCount()); i++ {
					if d := m.NamedChild(i); x.g.KindOf(d) == kDeclarator {
						if nm := d.ChildByFieldName("name"); nm != nil {
							c.fields[x.text(nm)] = x.typeOfSyntax(t)
						}
					}
				}
			}
		}
	})
	prev := x.cls
	x.cls = c
	mark := len(x.locals)
	flat.EachNamedChild(body, func(m *flat.Node) {
		switch x.g.KindOf(m) {
		case kMethod, kConstructor:
			if ps := m.ChildByFieldName("parameters"); ps != nil {
				for _, l := range x.params(ps) {
					x.bind(l.name, l.typ)
				}
			}
			if b := m.ChildByFieldName("body"); b != nil {
				x.walk(b)
			}
			x.locals = x.locals[:mark]
		case kField:
			for i := 0; i < int(m.NamedChildCount()); i++ {
				if d := m.NamedChild(i); x.g.KindOf(d) == kDeclarator {
					if v := d.ChildByFieldName("value"); v != nil {
						x.walk(v)
					}
				}
			}
		case kClass, kRecord, kEnum, kInterface:
			x.localClass(m)
		case kBlock, kInitializer:
			x.walk(m)
		}
	})
	x.cls = prev
}

// catchClause counts a catch clause, ignored when its body is empty
// (comments aside), caught otherwise, and returns the name it binds the
// exception to.
func (x *extractor) catchClause(n *flat.Node) string {
	shape := sdk.ErrorIgnored
	if body := n.ChildByFieldName("body"); body != nil {
		flat.EachNamedChild(body, func(c *flat.Node) {
			if x.g.KindOf(c) != kComment {
				shape = sdk.ErrorCaught
			}
		})
	}
	sdk.CountErrorShape(x.facts, shape)
	name := ""
	flat.EachNamedChild(n, func(c *flat.Node) {
		if x.g.KindOf(c) == kCatchParam {
			if nm := c.ChildByFieldName("name"); nm != nil {
				name = x.text(nm)
			}
		}
	})
	return name
}

// throw counts a throw statement: the exception an enclosing catch
// clause caught thrown again as is (propagated), a new exception given it
// as an argument, its cause (wrapped), anything else thrown.
func (x *extractor) throw(n *flat.Node) {
	var e *flat.Node
	flat.EachNamedChild(n, func(c *flat.Node) {
		if e == nil && x.g.KindOf(c) != kComment {
			e = c
		}
	})
	shape := sdk.ErrorThrown
	switch {
	case e == nil:
	case x.g.KindOf(e) == kIdentifier && x.isCaught(x.text(e)):
		shape = sdk.ErrorPropagated
	case x.g.KindOf(e) == kNew:
		if args := e.ChildByFieldName("arguments"); args != nil {
			flat.EachNamedChild(args, func(a *flat.Node) {
				if x.g.KindOf(a) == kIdentifier && x.isCaught(x.text(a)) {
					shape = sdk.ErrorWrapped
				}
			})
		}
	}
	sdk.CountErrorShape(x.facts, shape)
}

// isCaught reports whether a name is an exception an enclosing catch
// clause binds.
func (x *extractor) isCaught(name string) bool {
	for _, c := range x.caught {
		if c == name && c != "" {
			return true
		}
	}
	return false
}
