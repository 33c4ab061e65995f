package kotlin

import (
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tskotlin "github.com/smacker/go-tree-sitter/kotlin"

	"github.com/homer-dev/homer/plugins/languages/internal/jvm"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

type kind uint8

const (
	kOther kind = iota
	kPackage
	kImport
	kIdentifier
	kSimpleIdentifier
	kTypeIdentifier
	kWildcard
	kImportAlias
	kClass
	kObject
	kCompanion
	kClassBody
	kEnumEntry
	kPrimaryCtor
	kClassParam
	kBindingKind
	kUserType
	kNullableType
	kDelegation
	kCtorInvocation
	kExplicitDelegation
	kFunction
	kParams
	kParam
	kFunctionBody
	kProperty
	kVarDecl
	kMultiVarDecl
	kPropertyDelegate
	kGetter
	kInitializer
	kSecondaryCtor
	kCtorDelegation
	kModifiers
	kVisibility
	kInheritanceMod
	kCall
	kCallSuffix
	kLambda
	kLambdaParams
	kNavigation
	kNavSuffix
	kThis
	kSuper
	kCallableRef
	kObjectLiteral
	kIf
	kWhenEntry
	kLoop
	kFor
	kCatch
	kLogical
	kElvis
	kString
	kAs
	kParen
	kPostfix
	kStatements
	kControlBody
	kTypeParams
	kTypeParam
	kTypeAlias
	kComment
	kValueArgs
	kLeaf
	kJump
)

var kindNames = map[string]kind{
	"package_header":              kPackage,
	"import_header":               kImport,
	"identifier":                  kIdentifier,
	"simple_identifier":           kSimpleIdentifier,
	"type_identifier":             kTypeIdentifier,
	"wildcard_import":             kWildcard,
	"import_alias":                kImportAlias,
	"class_declaration":           kClass,
	"object_declaration":          kObject,
	"companion_object":            kCompanion,
	"class_body":                  kClassBody,
	"enum_class_body":             kClassBody,
	"enum_entry":                  kEnumEntry,
	"primary_constructor":         kPrimaryCtor,
	"class_parameter":             kClassParam,
	"binding_pattern_kind":        kBindingKind,
	"user_type":                   kUserType,
	"nullable_type":               kNullableType,
	"delegation_specifier":        kDelegation,
	"constructor_invocation":      kCtorInvocation,
	"explicit_delegation":         kExplicitDelegation,
	"function_declaration":        kFunction,
	"function_value_parameters":   kParams,
	"parameter":                   kParam,
	"function_body":               kFunctionBody,
	"property_declaration":        kProperty,
	"variable_declaration":        kVarDecl,
	"multi_variable_declaration":  kMultiVarDecl,
	"property_delegate":           kPropertyDelegate,
	"getter":                      kGetter,
	"setter":                      kGetter,
	"anonymous_initializer":       kInitializer,
	"secondary_constructor":       kSecondaryCtor,
	"constructor_delegation_call": kCtorDelegation,
	"modifiers":                   kModifiers,
	"visibility_modifier":         kVisibility,
	"inheritance_modifier":        kInheritanceMod,
	"call_expression":             kCall,
	"call_suffix":                 kCallSuffix,
	"lambda_literal":              kLambda,
	"lambda_parameters":           kLambdaParams,
	"navigation_expression":       kNavigation,
	"navigation_suffix":           kNavSuffix,
	"this_expression":             kThis,
	"super_expression":            kSuper,
	"callable_reference":          kCallableRef,
	"object_literal":              kObjectLiteral,
	"if_expression":               kIf,
	"when_entry":                  kWhenEntry,
	"while_statement":             kLoop,
	"do_while_statement":          kLoop,
	"for_statement":               kFor,
	"catch_block":                 kCatch,
	"conjunction_expression":      kLogical,
	"disjunction_expression":      kLogical,
	"elvis_expression":            kElvis,
	"string_literal":              kString,
	"as_expression":               kAs,
	"parenthesized_expression":    kParen,
	"postfix_expression":          kPostfix,
	"statements":                  kStatements,
	"control_structure_body":      kControlBody,
	"type_parameters":             kTypeParams,
	"type_parameter":              kTypeParam,
	"type_alias":                  kTypeAlias,
	"line_comment":                kComment,
	"multiline_comment":           kComment,
	"value_arguments":             kValueArgs,
	"jump_expression":             kJump,
	"integer_literal":             kLeaf,
	"real_literal":                kLeaf,
	"boolean_literal":             kLeaf,
	"character_literal":           kLeaf,
	"null_literal":                kLeaf,
	"long_literal":                kLeaf,
	"hex_literal":                 kLeaf,
	"annotation":                  kLeaf,
}

var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tskotlin.GetLanguage(), kindNames, nil)
})

var syntax = treesitter.Syntax{Quotes: `"'`, LineComment: "//", BlockOpen: "/*", BlockClose: "*/", MaxLen: 300}

// class is a type of the file: a class, interface, object or companion
// with its definition, or an object literal, which has none.
type class struct {
	name, qn string
	parent   *class
	def      *sdk.Definition
	node     *sitter.Node
	body     *sitter.Node
	iface    bool
	// owner is the qualified name members are recorded under: the class
	// itself, or for a companion its class.
	owner   string
	anon    bool
	base    string
	methods map[string]bool
	fields  map[string]string
	elems   map[string]string // a collection property's element type
	nested  map[string]string
	// companion members, visible unqualified in the class
	companion  *class
	typeParams map[string]string
	// superclass: the supertype whose constructor the class calls.
	superclass string
	secondary  bool
	// expect: a Kotlin Multiplatform `expect` declaration, whose members
	// are declarations the platforms' `actual` ones define.
	expect bool
}

// local is a name bound in a body with its type reference ("?" unknown)
// and, for a collection whose type is written, its elements' type.
type local struct{ name, typ, elem string }

type extractor struct {
	src   []byte
	facts *sdk.FileFacts
	g     *treesitter.Grammar[kind]

	classes []*class
	types   map[string][]string
	// imported: a simple name to the type path it stands for (nested
	// imports, `as` aliases of types); renamed: an aliased function's
	// original name; statics: an imported member of an object.
	imported map[string]string
	renamed  map[string]string
	statics  map[string]string
	bound    map[string]bool
	topFuns  map[string]bool
	topProps map[string]bool

	cls       *class
	caller    string
	extension string // the extended type inside an extension function
	// lambdaThis: the receivers of the enclosing lambdas with one
	// (`x.apply { }`, `with(x) { }`), innermost last; lambdaIt, set for the
	// next lambda walked, the type of its `it` (`x.let { }`).
	lambdaThis []string
	nextThis   string
	nextIt     string
	// trailing: arguments a call gets from the lambda the grammar hangs on
	// the call enclosing it, by node
	trailing map[uintptr]int32
	// lambdas: bodies of lambdas are walked with a fresh receiver state
	locals     []local
	caught     []string // the names the enclosing catch blocks bind their exception to
	localFuns  map[string]bool
	methodTP   map[string]string
	complexity *int32
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{src: src, facts: facts, g: grammar(), types: map[string][]string{},
		imported: map[string]string{}, renamed: map[string]string{}, statics: map[string]string{},
		bound: map[string]bool{}, topFuns: map[string]bool{}, topProps: map[string]bool{}}
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) textOf(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return x.text(n)
}

// child returns n's first named child of kind k.
func (x *extractor) child(n *sitter.Node, k kind) *sitter.Node {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); x.g.Kind(c) == k {
			return c
		}
	}
	return nil
}

// typeChild returns n's first type node (user or nullable type).
func (x *extractor) typeChild(n *sitter.Node) *sitter.Node {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); x.g.Kind(c) == kUserType || x.g.Kind(c) == kNullableType {
			return c
		}
	}
	return nil
}

func (x *extractor) run(root *sitter.Node) {
	treesitter.EachNamedChild(root, func(n *sitter.Node) {
		switch x.g.Kind(n) {
		case kPackage:
			if id := x.child(n, kIdentifier); id != nil {
				x.facts.Namespace = x.dotted(id)
				x.facts.Package = x.facts.Namespace
			}
		case kImport:
			x.importHeader(n)
		case kOther:
			// the import list
			treesitter.EachNamedChild(n, func(c *sitter.Node) {
				if x.g.Kind(c) == kImport {
					x.importHeader(c)
				}
			})
		case kFunction:
			if nm := x.child(n, kSimpleIdentifier); nm != nil && x.extReceiver(n) == nil {
				x.topFuns[x.text(nm)] = true
			}
		case kProperty:
			if v := x.child(n, kVarDecl); v != nil {
				x.topProps[x.textOf(x.child(v, kSimpleIdentifier))] = true
			}
		}
	})
	treesitter.EachNamedChild(root, func(n *sitter.Node) { x.declareType(n, nil) })
	for _, c := range x.classes {
		x.typeMembers(c)
	}
	treesitter.EachNamedChild(root, func(n *sitter.Node) {
		switch x.g.Kind(n) {
		case kFunction:
			x.function(nil, n)
		case kProperty:
			x.topProperty(n)
		case kClass, kObject, kPackage, kImport, kComment, kTypeAlias:
		case kOther:
			if n.Type() == "import_list" {
				return
			}
			if n.IsError() {
				if name, _ := x.brokenClass(n); name != "" {
					return // declared as a class
				}
			}
			x.body(nil, "", nil, func() { x.walk(n) })
		default:
			x.body(nil, "", nil, func() { x.walk(n) })
		}
	})
	for _, c := range x.classes {
		if c.body != nil {
			x.memberList(c, c.body)
		}
		x.primaryParts(c)
	}
}

func (x *extractor) dotted(n *sitter.Node) string {
	var parts []string
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kSimpleIdentifier {
			parts = append(parts, strings.Trim(x.text(c), "`"))
		}
	})
	return strings.Join(parts, ".")
}

func (x *extractor) importHeader(n *sitter.Node) {
	id := x.child(n, kIdentifier)
	if id == nil {
		return
	}
	spec := x.dotted(id)
	imp := &sdk.Import{Spec: spec, Line: int32(n.StartPoint().Row) + 1}
	x.facts.Imports = append(x.facts.Imports, imp)
	alias := ""
	if a := x.child(n, kImportAlias); a != nil {
		alias = strings.Trim(x.textOf(a.NamedChild(0)), "`")
	}
	_, typ := jvm.SplitSpec(spec)
	last := spec[strings.LastIndexByte(spec, '.')+1:]
	switch {
	case x.child(n, kWildcard) != nil:
		imp.Names = []string{"*"}
		if len(typ) > 0 {
			imp.Names = []string{typ[0]}
			x.bound[typ[0]] = true
		}
	case len(typ) == 0:
		// a top-level function or property; `as` renames it
		imp.Names = []string{last}
		x.bound[last] = true
		if alias != "" {
			imp.Alias = alias
			x.bound[alias] = true
		}
	case len(typ) == 1 && alias != "":
		// a type renamed: the file writes the alias
		imp.Names, imp.Alias = []string{last}, alias
		x.bound[alias] = true
	default:
		imp.Names = []string{typ[0]}
		x.bound[typ[0]] = true
		switch {
		case !jvm.IsTypeName(last) && len(typ) > 1:
			// a member of an object or a companion
			x.statics[last] = strings.Join(typ[:len(typ)-1], ".")
			if alias != "" {
				x.renamed[alias] = last
				x.statics[alias] = x.statics[last]
			}
		case len(typ) > 1 || alias != "":
			name := last
			if alias != "" {
				name = alias
			}
			x.imported[name] = strings.Join(typ, ".")
		}
	}
}

// extReceiver is the type an extension function extends, or nil.
func (x *extractor) extReceiver(fn *sitter.Node) *sitter.Node {
	for i := 0; i < int(fn.NamedChildCount()); i++ {
		c := fn.NamedChild(i)
		switch x.g.Kind(c) {
		case kUserType, kNullableType:
			return c
		case kSimpleIdentifier:
			return nil
		}
	}
	return nil
}

// keywords lists the anonymous tokens of n and of its modifiers.
func (x *extractor) keywords(n *sitter.Node) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if !c.IsNamed() {
			out[x.text(c)] = true
			continue
		}
		if x.g.Kind(c) == kModifiers {
			treesitter.EachNamedChild(c, func(m *sitter.Node) {
				if x.g.Kind(m) != kLeaf {
					out[x.text(m)] = true
				}
			})
		}
	}
	return out
}

func exported(kw map[string]bool) bool { return !kw["private"] && !kw["internal"] }

// exportedIn tells a member other modules can name: visible by its own
// keywords, in a class that is (a public function of a private class is
// no one's API).
func exportedIn(c *class, kw map[string]bool) bool {
	return exported(kw) && (c == nil || c.def != nil && c.def.Exported)
}

func (x *extractor) newClass(name string, parent *class) *class {
	c := &class{name: name, qn: name, parent: parent, methods: map[string]bool{}, fields: map[string]string{}, elems: map[string]string{},
		nested: map[string]string{}, typeParams: map[string]string{}}
	if parent != nil {
		c.qn = parent.qn + "." + name
	}
	c.owner = c.qn
	return c
}

// declareType records a class, interface, object or companion nested in
// parent, and what its body declares.
func (x *extractor) declareType(n *sitter.Node, parent *class) {
	k := x.g.Kind(n)
	var name string
	var brace *sitter.Node
	switch {
	case k == kClass || k == kObject || k == kCompanion:
		name = x.textOf(x.child(n, kTypeIdentifier))
	case n.IsError():
		name, brace = x.brokenClass(n)
	}
	if name == "" {
		if k != kCompanion {
			return
		}
		name = "Companion"
	}
	c := x.newClass(name, parent)
	c.node, c.body = n, x.child(n, kClassBody)
	if brace != nil {
		c.body = n // the members follow the brace in the error node
	}
	kw := x.keywords(n)
	c.expect = kw["expect"] || (parent != nil && parent.expect)
	kindName := "class"
	switch {
	case kw["interface"]:
		kindName, c.iface = "interface", true
	case kw["enum"]:
		kindName = "enum"
	}
	if parent != nil {
		parent.nested[name] = c.qn
	}
	x.types[name] = append(x.types[name], c.qn)
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: c.qn,
		Kind:          kindName,
		Span:          treesitter.Span(n, n),
		Exported:      exportedIn(parent, kw),
		DocStyle:      "kdoc",
		Doc:           jvm.CleanDoc(jvm.DocBefore(x.src, n.StartByte())),
	}
	if parent != nil {
		def.Receiver = parent.qn
	}
	end := n.EndByte()
	switch {
	case brace != nil:
		end = brace.StartByte()
	case c.body != nil:
		end = c.body.StartByte()
	}
	def.Signature = syntax.OneLine(x.src[x.afterAnnotations(n):end])
	c.def = def
	if k == kCompanion && parent != nil {
		parent.companion = c
		c.owner = parent.qn
		def.Bases = append(def.Bases, parent.qn)
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
	x.classes = append(x.classes, c)
	if tp := x.child(n, kTypeParams); tp != nil {
		x.typeParameters(tp, c.typeParams)
	}
	if pc := x.child(n, kPrimaryCtor); pc != nil {
		treesitter.EachNamedChild(pc, func(p *sitter.Node) {
			if x.g.Kind(p) == kClassParam && x.child(p, kBindingKind) != nil {
				c.fields[x.textOf(x.child(p, kSimpleIdentifier))] = ""
			}
		})
	}
	if c.body != nil {
		x.declareMembers(c, c.body)
	}
}

// brokenClass reads an error node that opens a class whose body never
// closes: the grammar's recovery then keeps the keyword, the name and the
// brace as tokens of the error node, followed by the members it still
// parses, up to the end of the file. It returns the name and the brace,
// or "" when n is not such a class (a body that closes within n leaves
// its members' owner in doubt).
func (x *extractor) brokenClass(n *sitter.Node) (string, *sitter.Node) {
	var name string
	var brace *sitter.Node
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		switch t := c.Type(); {
		case name == "" && c.IsNamed() && x.g.Kind(c) == kModifiers:
		case name == "" && (t == "class" || t == "interface" || t == "object"):
			nm := n.Child(i + 1)
			if nm == nil || x.g.Kind(nm) != kSimpleIdentifier {
				return "", nil
			}
			name = x.text(nm)
			i++
		case name == "":
			return "", nil
		case brace == nil && t == "{":
			brace = c
		case t == "}":
			return "", nil
		}
	}
	if brace == nil {
		return "", nil
	}
	return name, brace
}

func (x *extractor) declareMembers(c *class, body *sitter.Node) {
	owner := c
	if c.owner != c.qn && c.parent != nil {
		owner = c.parent // a companion's members are its class's
	}
	treesitter.EachNamedChild(body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kFunction:
			if nm := x.child(m, kSimpleIdentifier); nm != nil && x.extReceiver(m) == nil {
				c.methods[x.text(nm)] = true
				owner.methods[x.text(nm)] = true
			}
		case kProperty:
			if v := x.child(m, kVarDecl); v != nil {
				name := x.textOf(x.child(v, kSimpleIdentifier))
				c.fields[name] = ""
				owner.fields[name] = ""
			}
		case kEnumEntry:
			c.fields[x.textOf(x.child(m, kSimpleIdentifier))] = c.qn
		case kSecondaryCtor:
			c.secondary = true
		default:
			x.declareType(m, c)
		}
	})
}

func (x *extractor) afterAnnotations(n *sitter.Node) uint32 {
	start := n.StartByte()
	if m := x.child(n, kModifiers); m != nil && m.StartByte() == start {
		start = m.EndByte()
		for i := 0; i < int(m.NamedChildCount()); i++ {
			if c := m.NamedChild(i); x.g.Kind(c) != kLeaf {
				start = c.StartByte()
				break
			}
		}
	}
	return start
}

func (x *extractor) typeParameters(n *sitter.Node, into map[string]string) {
	treesitter.EachNamedChild(n, func(p *sitter.Node) {
		if x.g.Kind(p) != kTypeParam {
			return
		}
		name := x.textOf(x.child(p, kTypeIdentifier))
		if name != "" {
			into[name] = x.typeOfSyntax(x.typeChild(p))
		}
	})
}

// typeMembers gives a type its bases and typed fields.
func (x *extractor) typeMembers(c *class) {
	x.cls, x.methodTP = c, nil
	def := c.def
	treesitter.EachNamedChild(c.node, func(d *sitter.Node) {
		if x.g.Kind(d) != kDelegation {
			return
		}
		t := x.typeChild(d)
		ctor := false
		if t == nil {
			if inv := x.child(d, kCtorInvocation); inv != nil {
				t, ctor = x.typeChild(inv), true
			} else if ed := x.child(d, kExplicitDelegation); ed != nil {
				t = x.typeChild(ed)
			}
		}
		if r := x.typeOfSyntax(t); r != "" {
			def.Bases = append(def.Bases, r)
			if ctor {
				c.superclass = r
			}
		}
	})
	if pc := x.child(c.node, kPrimaryCtor); pc != nil {
		treesitter.EachNamedChild(pc, func(p *sitter.Node) {
			if x.g.Kind(p) == kClassParam && x.child(p, kBindingKind) != nil {
				name := x.textOf(x.child(p, kSimpleIdentifier))
				t := x.typeOfSyntax(x.typeChild(p))
				c.fields[name] = t
				c.elems[name] = x.elemOfSyntax(x.typeChild(p))
				def.Fields = append(def.Fields, &sdk.Field{Name: name, Type: t})
			}
		})
	}
	if c.body == nil {
		return
	}
	holder := c
	if c.owner != c.qn && c.parent != nil {
		holder = c.parent
	}
	treesitter.EachNamedChild(c.body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kProperty:
			name, t := x.propertyType(m)
			if name == "" {
				return
			}
			c.fields[name] = t
			holder.fields[name] = t
			if v := x.child(m, kVarDecl); v != nil {
				e := x.elemOfSyntax(x.typeChild(v))
				c.elems[name], holder.elems[name] = e, e
			}
			holder.def.Fields = append(holder.def.Fields, &sdk.Field{Name: name, Type: t})
		case kEnumEntry:
			def.Fields = append(def.Fields, &sdk.Field{Name: x.textOf(x.child(m, kSimpleIdentifier)), Type: c.qn})
		}
	})
}

// propertyType is a property's name and type: declared, or its
// initialiser's.
func (x *extractor) propertyType(m *sitter.Node) (string, string) {
	v := x.child(m, kVarDecl)
	if v == nil {
		return "", ""
	}
	name := x.textOf(x.child(v, kSimpleIdentifier))
	if t := x.typeChild(v); t != nil {
		return name, x.typeOfSyntax(t)
	}
	if init := x.initializer(m); init != nil {
		if t := x.exprType(init); t != "?" {
			return name, t
		}
	}
	return name, ""
}

// initializer is the expression after `=` in a property declaration.
func (x *extractor) initializer(m *sitter.Node) *sitter.Node {
	seen := false
	for i := 0; i < int(m.ChildCount()); i++ {
		c := m.Child(i)
		if !c.IsNamed() {
			if x.text(c) == "=" {
				seen = true
			}
			continue
		}
		if seen && x.g.Kind(c) != kComment {
			return c
		}
	}
	return nil
}

func (x *extractor) memberList(c *class, body *sitter.Node) {
	treesitter.EachNamedChild(body, func(m *sitter.Node) {
		x.cls = c
		switch x.g.Kind(m) {
		case kFunction:
			x.function(c, m)
		case kSecondaryCtor:
			x.secondaryCtor(c, m)
		case kProperty:
			x.body(c, c.qn, nil, func() { x.walkChildren(m) })
		case kInitializer, kEnumEntry:
			x.body(c, c.qn, nil, func() { x.walkChildren(m) })
		}
	})
}

// primaryParts walks the primary constructor's defaults and the
// supertype constructor calls, and defines the primary constructor of a
// class that also has secondary ones.
func (x *extractor) primaryParts(c *class) {
	pc := x.child(c.node, kPrimaryCtor)
	if pc != nil && c.secondary {
		x.facts.Definitions = append(x.facts.Definitions, &sdk.Definition{
			Name: c.name, QualifiedName: c.qn + "." + c.name, Kind: "constructor", Receiver: c.qn,
			Span: treesitter.Span(pc, pc), Exported: exportedIn(c, x.keywords(pc)), DocStyle: "kdoc",
			Signature: syntax.OneLine(x.src[pc.StartByte():pc.EndByte()]),
		})
		d := x.facts.Definitions[len(x.facts.Definitions)-1]
		d.MinArguments, d.MaxArguments = x.arity(pc)
	}
	x.body(c, c.qn, nil, func() {
		if pc != nil {
			x.walkChildren(pc)
		}
		treesitter.EachNamedChild(c.node, func(d *sitter.Node) {
			if x.g.Kind(d) != kDelegation {
				return
			}
			if inv := x.child(d, kCtorInvocation); inv != nil {
				if t := x.typeChild(inv); t != nil {
					before := len(x.facts.Calls)
					x.constructorCall(t, x.typePath(jvm.TypeRef(x.text(t))))
					if len(x.facts.Calls) > before {
						x.facts.Calls[before].Arguments = x.valueArguments(x.child(inv, kValueArgs))
					}
				}
				if args := x.child(inv, kValueArgs); args != nil {
					x.walk(args)
				}
			} else if ed := x.child(d, kExplicitDelegation); ed != nil {
				x.walkChildren(ed)
			}
		})
	})
}

func (x *extractor) secondaryCtor(c *class, m *sitter.Node) {
	def := &sdk.Definition{
		Name: c.name, QualifiedName: c.qn + "." + c.name, Kind: "constructor", Receiver: c.qn,
		Span: treesitter.Span(m, m), Exported: exportedIn(c, x.keywords(m)), DocStyle: "kdoc",
		Doc: jvm.CleanDoc(jvm.DocBefore(x.src, m.StartByte())), Complexity: 1,
	}
	body := x.child(m, kStatements)
	end := m.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	sig := syntax.OneLine(x.src[x.afterAnnotations(m):end])
	if i := strings.IndexByte(sig, '{'); i > 0 {
		sig = sig[:i]
	}
	def.Signature = strings.TrimSpace(sig)
	def.MinArguments, def.MaxArguments = x.arity(x.child(m, kParams))
	x.facts.Definitions = append(x.facts.Definitions, def)
	var params []local
	if ps := x.child(m, kParams); ps != nil {
		params = x.params(ps)
	}
	x.complexity = &def.Complexity
	x.body(c, def.QualifiedName, params, func() {
		if d := x.child(m, kCtorDelegation); d != nil {
			x.delegationCall(c, d)
			x.walkChildren(d)
		}
		if body != nil {
			x.walk(body)
		}
	})
	x.complexity = nil
}

// delegationCall records `this(...)` and `super(...)` of a secondary
// constructor.
func (x *extractor) delegationCall(c *class, d *sitter.Node) {
	kw := ""
	for i := 0; i < int(d.ChildCount()); i++ {
		if ch := d.Child(i); !ch.IsNamed() && (x.text(ch) == "this" || x.text(ch) == "super") {
			kw = x.text(ch)
			break
		}
	}
	switch kw {
	case "this":
		call := x.addCall(d, c.name, "this", c.qn)
		call.Constructor = true
		call.Arguments = x.valueArguments(x.child(d, kValueArgs))
	case "super":
		if len(c.def.Bases) == 0 {
			return
		}
		base := c.def.Bases[0]
		if c.superclass != "" {
			base = c.superclass
		}
		call := x.addCall(d, base[strings.LastIndexByte(base, '.')+1:], "super", x.superType())
		call.Constructor = true
		call.Arguments = x.valueArguments(x.child(d, kValueArgs))
	}
}

// function defines a function, method or extension function and walks its
// body.
func (x *extractor) function(c *class, n *sitter.Node) {
	nm := x.child(n, kSimpleIdentifier)
	if nm == nil {
		return
	}
	name := x.text(nm)
	kw := x.keywords(n)
	body := x.child(n, kFunctionBody)
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: name,
		Kind:          "function",
		Span:          treesitter.Span(n, n),
		Exported:      exportedIn(c, kw),
		DocStyle:      "kdoc",
		Doc:           jvm.CleanDoc(jvm.DocBefore(x.src, n.StartByte())),
	}
	owner := c
	if c != nil && c.owner != c.qn && c.parent != nil {
		owner = c.parent
	}
	prevTP := x.methodTP
	x.methodTP = map[string]string{}
	if tp := x.child(n, kTypeParams); tp != nil {
		x.typeParameters(tp, x.methodTP)
	}
	ext := ""
	if r := x.extReceiver(n); r != nil {
		ext = x.typeOfSyntax(r)
	}
	switch {
	case ext != "":
		def.Receiver = ext
		def.QualifiedName = ext + "." + name
		def.Kind = "method"
		if c != nil {
			def.QualifiedName = c.qn + "." + def.QualifiedName
		}
	case c != nil:
		def.Kind = "method"
		def.Receiver = owner.qn
		def.QualifiedName = c.qn + "." + name
	}
	end := n.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	def.Signature = syntax.OneLine(x.src[x.afterAnnotations(n):end])
	// the result type follows the parameters
	afterParams := false
	for i := 0; i < int(n.NamedChildCount()); i++ {
		ch := n.NamedChild(i)
		switch x.g.Kind(ch) {
		case kParams:
			afterParams = true
		case kUserType, kNullableType:
			if afterParams {
				def.Type = x.typeOfSyntax(ch)
			}
		}
	}
	def.Abstract = body == nil && (kw["abstract"] || (c != nil && c.iface && !c.expect))
	def.MinArguments, def.MaxArguments = x.arity(x.child(n, kParams))
	// An `expect` function is defined by the `actual` ones of the same
	// name: calls go on to them.
	def.Declaration = kw["expect"] || (c != nil && c.expect && body == nil)
	x.facts.Definitions = append(x.facts.Definitions, def)
	if body != nil {
		var params []local
		if ps := x.child(n, kParams); ps != nil {
			params = x.params(ps)
		}
		def.Complexity = 1
		prevC, prevExt := x.complexity, x.extension
		x.complexity, x.extension = &def.Complexity, ext
		x.body(c, def.QualifiedName, params, func() { x.walk(body) })
		x.complexity, x.extension = prevC, prevExt
	}
	x.methodTP = prevTP
}

// arity is how many arguments a parameter list takes, each plus one:
// parameters with defaults may be left out, a vararg has no upper bound
// (max 0).
func (x *extractor) arity(ps *sitter.Node) (min, max int32) {
	if ps == nil {
		return 0, 0
	}
	var total, required int32
	variadic, pendingVararg, last := false, false, kOther
	treesitter.EachNamedChild(ps, func(c *sitter.Node) {
		k := x.g.Kind(c)
		switch {
		case k == kParam || k == kClassParam:
			total++
			required++
			if pendingVararg {
				variadic = true
				pendingVararg = false
			}
			if k == kClassParam && x.initializerOf(c) {
				required--
			}
		case k == kComment:
			return
		case c.Type() == "parameter_modifiers":
			pendingVararg = strings.Contains(x.text(c), "vararg")
		default:
			if last == kParam {
				required-- // the parameter's default value
			}
		}
		last = k
	})
	if variadic {
		return required, 0
	}
	return required + 1, total + 1
}

// initializerOf reports whether a class parameter has a default value.
func (x *extractor) initializerOf(p *sitter.Node) bool {
	for i := 0; i < int(p.ChildCount()); i++ {
		if c := p.Child(i); !c.IsNamed() && x.text(c) == "=" {
			return true
		}
	}
	return false
}

func (x *extractor) params(ps *sitter.Node) []local {
	var out []local
	treesitter.EachNamedChild(ps, func(p *sitter.Node) {
		if x.g.Kind(p) != kParam {
			return
		}
		if nm := x.child(p, kSimpleIdentifier); nm != nil {
			t := x.typeChild(p)
			out = append(out, local{x.text(nm), orUnknown(x.typeOfSyntax(t)), x.elemOfSyntax(t)})
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

// topProperty defines a top-level property.
func (x *extractor) topProperty(n *sitter.Node) {
	x.cls = nil
	name, t := x.propertyType(n)
	if name == "" {
		return
	}
	kw := x.keywords(n)
	end := n.EndByte()
	if init := x.initializer(n); init != nil {
		end = init.StartByte()
	}
	x.facts.Definitions = append(x.facts.Definitions, &sdk.Definition{
		Name: name, QualifiedName: name, Kind: "property", Span: treesitter.Span(n, n), Exported: exported(kw),
		DocStyle: "kdoc", Doc: jvm.CleanDoc(jvm.DocBefore(x.src, n.StartByte())), Type: t,
		Signature: strings.TrimSuffix(strings.TrimSpace(syntax.OneLine(x.src[x.afterAnnotations(n):end])), "="),
	})
	x.body(nil, name, nil, func() { x.walkChildren(n) })
}

func (x *extractor) body(c *class, caller string, params []local, walk func()) {
	prevCls, prevCaller, prevLocals, prevFuns := x.cls, x.caller, x.locals, x.localFuns
	x.cls, x.caller, x.locals, x.localFuns = c, caller, append([]local(nil), params...), nil
	walk()
	x.cls, x.caller, x.locals, x.localFuns = prevCls, prevCaller, prevLocals, prevFuns
}

func (x *extractor) walkChildren(n *sitter.Node) { treesitter.EachNamedChild(n, x.walk) }

func (x *extractor) bind(name, typ string) { x.locals = append(x.locals, local{name, typ, ""}) }

// elemOf is the element type of a collection the expression names: a
// local, a parameter or a property whose type is written.
func (x *extractor) elemOf(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	var name string
	switch x.g.Kind(n) {
	case kSimpleIdentifier:
		name = x.text(n)
		for i := len(x.locals) - 1; i >= 0; i-- {
			if x.locals[i].name == name {
				return x.locals[i].elem
			}
		}
	case kNavigation:
		recv, member := x.navigation(n)
		if recv == nil || x.g.Kind(recv) != kThis {
			return ""
		}
		name = member
	default:
		return ""
	}
	for c := x.cls; c != nil; c = c.parent {
		if _, ok := c.fields[name]; ok {
			return c.elems[name]
		}
	}
	return ""
}

// elemOfSyntax is the element type a collection type node names.
func (x *extractor) elemOfSyntax(t *sitter.Node) string {
	if t == nil {
		return ""
	}
	return x.typePath(jvm.ElementType(x.text(t)))
}

func (x *extractor) walk(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kLeaf, kComment, kSimpleIdentifier, kTypeIdentifier, kThis, kSuper, kUserType, kNullableType:
		return
	case kLambda:
		x.lambda(n)
		return
	case kStatements, kFor, kCatch, kControlBody:
		mark := len(x.locals)
		x.branch(n)
		switch x.g.Kind(n) {
		case kFor:
			if v := x.child(n, kVarDecl); v != nil {
				t := x.typeOfSyntax(x.typeChild(v))
				if t == "" {
					// the iterated collection's elements
					if it := v.NextNamedSibling(); it != nil {
						t = x.elemOf(it)
					}
				}
				x.bind(x.textOf(x.child(v, kSimpleIdentifier)), orUnknown(t))
			}
			if mv := x.child(n, kMultiVarDecl); mv != nil {
				treesitter.EachNamedChild(mv, func(v *sitter.Node) {
					x.bind(x.textOf(x.child(v, kSimpleIdentifier)), "?")
				})
			}
		case kCatch:
			name := ""
			if nm := x.child(n, kSimpleIdentifier); nm != nil {
				name = x.text(nm)
				x.bind(name, orUnknown(x.typeOfSyntax(x.typeChild(n))))
			}
			if x.child(n, kStatements) != nil {
				sdk.CountErrorShape(x.facts, sdk.ErrorCaught)
			} else {
				sdk.CountErrorShape(x.facts, sdk.ErrorIgnored)
			}
			x.caught = append(x.caught, name)
			x.walkChildren(n)
			x.caught = x.caught[:len(x.caught)-1]
			x.locals = x.locals[:mark]
			return
		}
		x.walkChildren(n)
		x.locals = x.locals[:mark]
		return
	case kProperty:
		x.localProperty(n)
		return
	case kFunction:
		// a local function: its calls are the enclosing function's
		if nm := x.child(n, kSimpleIdentifier); nm != nil {
			if x.localFuns == nil {
				x.localFuns = map[string]bool{}
			}
			x.localFuns[x.text(nm)] = true
		}
		mark := len(x.locals)
		if ps := x.child(n, kParams); ps != nil {
			for _, l := range x.params(ps) {
				x.bind(l.name, l.typ)
			}
		}
		if b := x.child(n, kFunctionBody); b != nil {
			x.walk(b)
		}
		x.locals = x.locals[:mark]
		return
	case kIf, kWhenEntry, kLoop, kLogical, kElvis:
		x.branch(n)
	case kJump:
		if c := n.Child(0); c != nil && c.Type() == "throw" {
			x.throw(n)
		}
	case kCall:
		x.call(n)
		x.scopeFunction(n)
		return
	case kCallableRef:
		x.callableRef(n)
		return
	case kObjectLiteral:
		x.objectLiteral(n)
		return
	case kClass, kObject:
		x.localClass(n)
		return
	}
	x.walkChildren(n)
}

// lambda walks a lambda literal with its parameters bound: declared ones,
// or `it`, typed when the lambda is passed to let or also; and with the
// receiver apply, run or with give it (nextThis, nextIt, set by the call).
func (x *extractor) lambda(n *sitter.Node) {
	this, it := x.nextThis, x.nextIt
	x.nextThis, x.nextIt = "", ""
	mark := len(x.locals)
	x.lambdaThis = append(x.lambdaThis, this)
	if ps := x.child(n, kLambdaParams); ps != nil {
		treesitter.EachNamedChild(ps, func(v *sitter.Node) {
			if x.g.Kind(v) == kVarDecl {
				x.bind(x.textOf(x.child(v, kSimpleIdentifier)), orUnknown(x.typeOfSyntax(x.typeChild(v))))
			}
		})
	} else {
		x.bind("it", orUnknown(it))
	}
	x.walkChildren(n)
	x.locals = x.locals[:mark]
	x.lambdaThis = x.lambdaThis[:len(x.lambdaThis)-1]
}

// lambdaReceiver is the receiver of the innermost enclosing lambda that
// has one, or "".
func (x *extractor) lambdaReceiver() string {
	for i := len(x.lambdaThis) - 1; i >= 0; i-- {
		if t := x.lambdaThis[i]; t != "" {
			return t
		}
	}
	return ""
}

func (x *extractor) branch(n *sitter.Node) {
	if x.complexity == nil {
		return
	}
	switch x.g.Kind(n) {
	case kIf, kLoop, kFor, kCatch, kLogical:
		*x.complexity++
	case kWhenEntry:
		// each branch but `else`
		if c := n.Child(0); c != nil && c.IsNamed() {
			*x.complexity++
		}
	}
}

func (x *extractor) localProperty(n *sitter.Node) {
	init := x.initializer(n)
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kVarDecl, kMultiVarDecl, kBindingKind, kModifiers:
		default:
			x.walk(c)
		}
	}
	if v := x.child(n, kVarDecl); v != nil {
		t := x.typeOfSyntax(x.typeChild(v))
		if t == "" && init != nil {
			t = x.exprType(init)
		}
		x.locals = append(x.locals, local{x.textOf(x.child(v, kSimpleIdentifier)), orUnknown(t), x.elemOfSyntax(x.typeChild(v))})
	}
	if mv := x.child(n, kMultiVarDecl); mv != nil {
		treesitter.EachNamedChild(mv, func(v *sitter.Node) {
			x.bind(x.textOf(x.child(v, kSimpleIdentifier)), "?")
		})
	}
}

// objectLiteral walks an anonymous object's members as part of the
// enclosing body.
func (x *extractor) objectLiteral(n *sitter.Node) {
	base := ""
	treesitter.EachNamedChild(n, func(d *sitter.Node) {
		if x.g.Kind(d) == kDelegation && base == "" {
			t := x.typeChild(d)
			if inv := x.child(d, kCtorInvocation); t == nil && inv != nil {
				t = x.typeChild(inv)
				if args := x.child(inv, kValueArgs); args != nil {
					x.walk(args)
				}
			}
			base = x.typeOfSyntax(t)
		}
	})
	if body := x.child(n, kClassBody); body != nil {
		x.anonBody(body, base)
	}
}

func (x *extractor) localClass(n *sitter.Node) {
	base := ""
	treesitter.EachNamedChild(n, func(d *sitter.Node) {
		if x.g.Kind(d) == kDelegation && base == "" {
			t := x.typeChild(d)
			if inv := x.child(d, kCtorInvocation); t == nil && inv != nil {
				t = x.typeChild(inv)
			}
			base = x.typeOfSyntax(t)
		}
	})
	if body := x.child(n, kClassBody); body != nil {
		x.anonBody(body, base)
	}
}

func (x *extractor) anonBody(body *sitter.Node, base string) {
	outer := x.cls
	c := &class{anon: true, base: base, parent: outer, methods: map[string]bool{}, fields: map[string]string{}, elems: map[string]string{},
		nested: map[string]string{}, typeParams: map[string]string{}}
	if outer != nil {
		c.qn, c.name, c.owner = outer.qn, outer.name, outer.owner
	}
	treesitter.EachNamedChild(body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kFunction:
			c.methods[x.textOf(x.child(m, kSimpleIdentifier))] = true
		case kProperty:
			if v := x.child(m, kVarDecl); v != nil {
				c.fields[x.textOf(x.child(v, kSimpleIdentifier))] = orUnknown(x.typeOfSyntax(x.typeChild(v)))
			}
		}
	})
	prev := x.cls
	x.cls = c
	treesitter.EachNamedChild(body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kFunction:
			mark := len(x.locals)
			if ps := x.child(m, kParams); ps != nil {
				for _, l := range x.params(ps) {
					x.bind(l.name, l.typ)
				}
			}
			if b := x.child(m, kFunctionBody); b != nil {
				x.walk(b)
			}
			x.locals = x.locals[:mark]
		default:
			x.walk(m)
		}
	})
	x.cls = prev
}

// throw counts a throw expression: the exception an enclosing catch block
// caught thrown again as is (propagated), a new exception given it as an
// argument, its cause (wrapped), anything else thrown.
func (x *extractor) throw(n *sitter.Node) {
	var e *sitter.Node
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); x.g.Kind(c) != kComment {
			e = c
			break
		}
	}
	shape := sdk.ErrorThrown
	switch {
	case e == nil:
	case x.g.Kind(e) == kSimpleIdentifier && x.isCaught(x.text(e)):
		shape = sdk.ErrorPropagated
	case x.g.Kind(e) == kCall:
		if suffix := x.child(e, kCallSuffix); suffix != nil {
			if args := x.child(suffix, kValueArgs); args != nil {
				treesitter.EachNamedChild(args, func(a *sitter.Node) {
					if v := a.NamedChild(int(a.NamedChildCount()) - 1); v != nil &&
						x.g.Kind(v) == kSimpleIdentifier && x.isCaught(x.text(v)) {
						shape = sdk.ErrorWrapped
					}
				})
			}
		}
	}
	sdk.CountErrorShape(x.facts, shape)
}

// isCaught reports whether a name is the exception an enclosing catch
// block binds.
func (x *extractor) isCaught(name string) bool {
	for _, c := range x.caught {
		if c == name && c != "" {
			return true
		}
	}
	return false
}
