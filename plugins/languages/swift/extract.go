package swift

import (
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tsswift "github.com/smacker/go-tree-sitter/swift"

	"github.com/homer-dev/homer/plugins/languages/internal/doccomment"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type; kOther, the
// zero kind, is every type kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kLeaf
	kComment
	kImport
	kClass
	kProtocol
	kClassBody
	kProtocolBody
	kInheritance
	kTypeParams
	kTypeParam
	kTypeConstraints
	kFunction
	kProtocolFunction
	kInit
	kDeinit
	kSubscript
	kProperty
	kProtocolProperty
	kTypealias
	kFunctionBody
	kComputed
	kObservers
	kModifiers
	kVisibility
	kPropertyModifier
	kParameter
	kLambda
	kLambdaParam
	kCall
	kCallSuffix
	kValueArgs
	kNavigation
	kNavSuffix
	kPrefix
	kPostfix
	kTry
	kAwait
	kAs
	kTuple
	kIdentifier
	kSelf
	kSuper
	kUserType
	kTypeIdentifier
	kOptionalType
	kOpaqueType
	kTypeAnnotation
	kPattern
	kIf
	kGuard
	kSwitchEntry
	kLoop
	kCatch
	kTernary
	kAndOr
	kFor
	kDefaultKeyword
	kDottedIdentifier
	kEnumEntry
)

var kindNames = map[string]kind{
	"line_string_literal":           kLeaf,
	"multi_line_string_literal":     kLeaf,
	"raw_string_literal":            kLeaf,
	"integer_literal":               kLeaf,
	"real_literal":                  kLeaf,
	"hex_literal":                   kLeaf,
	"oct_literal":                   kLeaf,
	"bin_literal":                   kLeaf,
	"boolean_literal":               kLeaf,
	"regex_literal":                 kLeaf,
	"diagnostic":                    kLeaf,
	"directive":                     kLeaf,
	"comment":                       kComment,
	"multiline_comment":             kComment,
	"import_declaration":            kImport,
	"class_declaration":             kClass,
	"protocol_declaration":          kProtocol,
	"class_body":                    kClassBody,
	"enum_class_body":               kClassBody,
	"protocol_body":                 kProtocolBody,
	"inheritance_specifier":         kInheritance,
	"type_parameters":               kTypeParams,
	"type_parameter":                kTypeParam,
	"type_constraints":              kTypeConstraints,
	"function_declaration":          kFunction,
	"protocol_function_declaration": kProtocolFunction,
	"init_declaration":              kInit,
	"deinit_declaration":            kDeinit,
	"subscript_declaration":         kSubscript,
	"property_declaration":          kProperty,
	"protocol_property_declaration": kProtocolProperty,
	"typealias_declaration":         kTypealias,
	"function_body":                 kFunctionBody,
	"computed_property":             kComputed,
	"willset_didset_block":          kObservers,
	"modifiers":                     kModifiers,
	"visibility_modifier":           kVisibility,
	"property_modifier":             kPropertyModifier,
	"parameter":                     kParameter,
	"lambda_literal":                kLambda,
	"lambda_parameter":              kLambdaParam,
	"call_expression":               kCall,
	"call_suffix":                   kCallSuffix,
	"value_arguments":               kValueArgs,
	"navigation_expression":         kNavigation,
	"navigation_suffix":             kNavSuffix,
	"prefix_expression":             kPrefix,
	"postfix_expression":            kPostfix,
	"try_expression":                kTry,
	"await_expression":              kAwait,
	"as_expression":                 kAs,
	"tuple_expression":              kTuple,
	"simple_identifier":             kIdentifier,
	"self_expression":               kSelf,
	"super_expression":              kSuper,
	"user_type":                     kUserType,
	"type_identifier":               kTypeIdentifier,
	"optional_type":                 kOptionalType,
	"opaque_type":                   kOpaqueType,
	"existential_type":              kOpaqueType,
	"type_annotation":               kTypeAnnotation,
	"pattern":                       kPattern,
	"if_statement":                  kIf,
	"guard_statement":               kGuard,
	"switch_entry":                  kSwitchEntry,
	"while_statement":               kLoop,
	"repeat_while_statement":        kLoop,
	"for_statement":                 kFor,
	"catch_block":                   kCatch,
	"ternary_expression":            kTernary,
	"conjunction_expression":        kAndOr,
	"disjunction_expression":        kAndOr,
	"default_keyword":               kDefaultKeyword,
	"identifier":                    kDottedIdentifier,
	"enum_entry":                    kEnumEntry,
}

// grammar builds the tables once; they are read-only afterwards and shared
// by concurrent Parse calls.
var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tsswift.GetLanguage(), kindNames, nil)
})

// typeInfo is what the file tells of a type, gathered over its declaration
// and every extension of it in the file.
type typeInfo struct {
	typeArgs map[string]string // generic parameters → constraint
	methods  map[string]bool
	fields   map[string]string // stored and computed properties → type reference
	nested   map[string]bool
}

// typeScope is a type or extension whose body the walk is in.
type typeScope struct {
	qn   string
	def  *sdk.Definition // nil in an extension
	info *typeInfo
}

// body is a function-like body whose locals the walk tracks. Closures and
// nested functions share the body they are written in.
type body struct {
	def        *sdk.Definition // nil for code that is no definition
	locals     map[string]string
	localFuncs map[string]bool
	typeArgs   map[string]string
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	g      *treesitter.Grammar[kind]
	types  []*typeScope
	fn     *body
	caller string
	// infos holds each type of the file by qualified name; topFuncs and
	// topVars the file's top-level functions and variables; fileTypes
	// every type name it declares. They shadow builtins.
	infos     map[string]*typeInfo
	topFuncs  map[string]bool
	topVars   map[string]bool
	fileTypes map[string]bool
	refs      map[string]bool
	// generic lists the types (qualified names) whose generic parameters
	// are in scope, innermost last.
	generic []string
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{src: src, facts: facts, g: grammar(), infos: map[string]*typeInfo{},
		topFuncs: map[string]bool{}, topVars: map[string]bool{}, fileTypes: map[string]bool{}, refs: map[string]bool{}}
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.visit) }

func (x *extractor) file(root *sitter.Node) {
	x.prescan(root, "", 0)
	x.children(root)
}

func (x *extractor) finish() {
	for r := range x.refs {
		x.facts.References = append(x.facts.References, r)
	}
	sort.Strings(x.facts.References)
}

func (x *extractor) info(qn string) *typeInfo {
	t := x.infos[qn]
	if t == nil {
		t = &typeInfo{typeArgs: map[string]string{}, methods: map[string]bool{}, fields: map[string]string{}, nested: map[string]bool{}}
		x.infos[qn] = t
	}
	return t
}

// prescan notes the file's types and their members before any body is
// walked: a method may call one declared below it, or in an extension.
func (x *extractor) prescan(n *sitter.Node, owner string, depth int) {
	if depth > 64 {
		return
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kClass, kProtocol:
			qn, ext := x.typeName(c, owner)
			if qn == "" {
				return
			}
			if !ext {
				name := qn[strings.LastIndexByte(qn, '.')+1:]
				x.fileTypes[name] = true
				if owner != "" {
					x.info(owner).nested[name] = true
				}
			}
			x.genericParams(c, x.info(qn).typeArgs)
			if b := c.ChildByFieldName("body"); b != nil {
				x.generic = append(x.generic, qn)
				x.prescan(b, qn, depth+1)
				x.generic = x.generic[:len(x.generic)-1]
			}
		case kFunction, kProtocolFunction:
			if name := c.ChildByFieldName("name"); name != nil {
				if owner == "" {
					x.topFuncs[x.text(name)] = true
				} else {
					x.info(owner).methods[x.text(name)] = true
				}
			}
		case kProperty, kProtocolProperty:
			for _, b := range x.bindings(c) {
				if owner == "" {
					x.topVars[b.name] = true
				} else {
					x.info(owner).fields[b.name] = x.bindingRef(b)
				}
			}
		case kTypealias:
			if name := c.ChildByFieldName("name"); name != nil {
				x.fileTypes[x.text(name)] = true
				if owner != "" {
					x.info(owner).nested[x.text(name)] = true
				}
			}
		}
	})
}

// typeName is the qualified name of a type declaration, or of the type an
// extension extends (ext true).
func (x *extractor) typeName(n *sitter.Node, owner string) (qn string, ext bool) {
	name := n.ChildByFieldName("name")
	if name == nil {
		return "", false
	}
	if kw := n.ChildByFieldName("declaration_kind"); kw != nil && kw.Type() == "extension" {
		return x.typeRef(name), true
	}
	qn = x.text(name)
	if owner != "" {
		qn = owner + "." + qn
	}
	return qn, false
}

func (x *extractor) visit(n *sitter.Node) {
	k := x.g.Kind(n)
	if x.fn != nil {
		x.branch(n, k)
	}
	switch k {
	case kLeaf, kComment, kIdentifier, kModifiers, kTypeIdentifier:
		return
	case kImport:
		x.importDecl(n)
		return
	case kClass, kProtocol:
		x.typeDecl(n, k)
		return
	case kFunction, kProtocolFunction, kInit, kDeinit, kSubscript:
		x.function(n, k)
		return
	case kProperty:
		x.property(n)
		return
	case kProtocolProperty:
		x.protocolProperty(n)
		return
	case kTypealias:
		x.typealias(n)
		return
	case kParameter:
		x.param(n)
		return
	case kLambdaParam:
		if name := n.ChildByFieldName("name"); name != nil {
			x.local(x.text(name), x.typeRef(x.typeAfterColon(n)))
		}
		return
	case kUserType, kOptionalType, kOpaqueType:
		x.typeRefs(n)
		return
	case kIf, kGuard:
		x.conditionBindings(n)
	case kFor:
		if item := n.ChildByFieldName("item"); item != nil {
			for _, b := range x.patternNames(item) {
				x.local(b, "")
			}
		}
	case kCatch:
		x.local("error", "")
	case kPattern:
		// A case pattern binds only what it names with let or var.
		x.boundNames(n, 0)
		return
	case kCall:
		x.call(n)
	case kObservers:
		prev, caller := x.enter(nil, nil)
		x.local("newValue", "")
		x.local("oldValue", "")
		x.children(n)
		x.leave(prev, caller)
		return
	}
	x.children(n)
}

// branch counts the cyclomatic complexity of the body being walked.
func (x *extractor) branch(n *sitter.Node, k kind) {
	d := x.fn.def
	if d == nil {
		return
	}
	switch k {
	case kIf, kGuard, kLoop, kFor, kCatch, kTernary, kAndOr:
		d.Complexity++
	case kSwitchEntry:
		if c := n.NamedChild(0); c != nil && x.g.Kind(c) != kDefaultKeyword {
			d.Complexity++
		}
	}
}

// importDecl: `import Foundation`, `@testable import App`, `import struct
// App.Point`. Every public name of the module comes into scope.
func (x *extractor) importDecl(n *sitter.Node) {
	var id *sitter.Node
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kDottedIdentifier {
			id = c
		}
	})
	if id == nil {
		return
	}
	var parts []string
	treesitter.EachNamedChild(id, func(c *sitter.Node) {
		if x.g.Kind(c) == kIdentifier {
			parts = append(parts, x.text(c))
		}
	})
	if len(parts) == 0 {
		return
	}
	imp := &sdk.Import{Spec: strings.Join(parts, "."), Line: int32(n.StartPoint().Row) + 1}
	imp.Names = []string{"*"}
	if len(parts) > 1 {
		// A declaration import names one symbol of a module.
		imp.Spec, imp.Names = parts[0], []string{parts[len(parts)-1]}
	}
	x.facts.Imports = append(x.facts.Imports, imp)
}

// typeRef is the reference a type stands for: optionals, `some` and `any`
// stripped, generic arguments dropped, arrays, dictionaries, tuples and
// functions unknown. A generic parameter stands for its constraint.
func (x *extractor) typeRef(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch x.g.Kind(n) {
	case kTypeAnnotation:
		return x.typeRef(x.typeAfterColon(n))
	case kOptionalType:
		if w := n.ChildByFieldName("wrapped"); w != nil {
			return x.typeRef(w)
		}
		return x.typeRef(n.NamedChild(0))
	case kOpaqueType:
		return x.typeRef(n.NamedChild(0))
	case kTypeIdentifier:
		return x.text(n)
	case kUserType:
		var parts []string
		treesitter.EachNamedChild(n, func(c *sitter.Node) {
			if x.g.Kind(c) == kTypeIdentifier {
				parts = append(parts, x.text(c))
			}
		})
		if len(parts) == 1 {
			if c, ok := x.typeArg(parts[0]); ok {
				return c
			}
		}
		return strings.Join(parts, ".")
	}
	return ""
}

// typeAfterColon is the type of a parameter or annotation: the named
// child after its colon (the grammar names both the parameter and its type
// "name").
func (x *extractor) typeAfterColon(n *sitter.Node) *sitter.Node {
	colon := false
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if !c.IsNamed() {
			if c.Type() == ":" {
				colon = true
			}
			continue
		}
		if colon && x.g.Kind(c) != kModifiers && c.Type() != "parameter_modifiers" {
			return c
		}
	}
	return nil
}

// returnType is the named child after a declaration's arrow.
func (x *extractor) returnType(n *sitter.Node) *sitter.Node {
	arrow := false
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if !c.IsNamed() {
			if c.Type() == "->" {
				arrow = true
			}
			continue
		}
		if arrow {
			return c
		}
	}
	return nil
}

func (x *extractor) typeArg(name string) (string, bool) {
	if x.fn != nil {
		if c, ok := x.fn.typeArgs[name]; ok {
			return c, true
		}
	}
	for i := len(x.generic) - 1; i >= 0; i-- {
		if c, ok := x.infos[x.generic[i]].typeArgs[name]; ok {
			return c, true
		}
	}
	return "", false
}

// genericParams maps the generic parameters of a type declaration (and a
// protocol's associated types) to their constraint: a Value constrained to
// Codable is used as a Codable; an unconstrained one is unknown, never a
// type of the module that happens to share its name.
func (x *extractor) genericParams(n *sitter.Node, into map[string]string) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kTypeParams:
			treesitter.EachNamedChild(c, func(p *sitter.Node) {
				if x.g.Kind(p) == kTypeParam {
					x.genericParam(p, into)
				}
			})
		case kProtocolBody:
			treesitter.EachNamedChild(c, func(p *sitter.Node) {
				if p.Type() == "associatedtype_declaration" {
					x.genericParam(p, into)
				}
			})
		}
	})
}

func (x *extractor) genericParam(p *sitter.Node, into map[string]string) {
	name, constraint := "", ""
	treesitter.EachNamedChild(p, func(t *sitter.Node) {
		switch x.g.Kind(t) {
		case kTypeIdentifier:
			if name == "" {
				name = x.text(t)
			}
		case kUserType:
			if constraint == "" {
				constraint = x.typeRefPlain(t)
			}
		}
	})
	if name != "" {
		into[name] = constraint
	}
}

// typeRefPlain is typeRef without generic parameters: a constraint names
// real types.
func (x *extractor) typeRefPlain(n *sitter.Node) string {
	var parts []string
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kTypeIdentifier {
			parts = append(parts, x.text(c))
		}
	})
	return strings.Join(parts, ".")
}

// typeRefs adds every type a type expression names to the references.
func (x *extractor) typeRefs(n *sitter.Node) {
	if n == nil {
		return
	}
	if x.g.Kind(n) == kUserType {
		if r := x.typeRef(n); r != "" {
			x.refs[r] = true
		}
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) != kTypeIdentifier {
			x.typeRefs(c)
		}
	})
}

// modifiers reads a declaration's modifier keywords.
func (x *extractor) modifiers(n *sitter.Node) map[string]bool {
	mods := map[string]bool{}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kModifiers {
			treesitter.EachNamedChild(c, func(m *sitter.Node) {
				mods[strings.Join(strings.Fields(x.text(m)), "")] = true
			})
		}
	})
	return mods
}

// exported: Swift's default access is internal, visible to the module;
// private and fileprivate keep a declaration to its file (private(set)
// restricts only the setter).
func exported(mods map[string]bool) bool { return !mods["private"] && !mods["fileprivate"] }

// doc gathers the /// lines or /** */ block just above n.
func (x *extractor) doc(n *sitter.Node) string {
	return cleanDoc(doccomment.Lines(x.src, n, x.isComment, "///", "/**"))
}

func (x *extractor) isComment(n *sitter.Node) bool { return x.g.Kind(n) == kComment }

// signature is the declaration's header on one line, attributes left out,
// up to its body.
func (x *extractor) signature(n, end *sitter.Node) string {
	start := n.StartByte()
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if x.g.Kind(c) == kModifiers {
			// Attributes (@objc, @discardableResult) are modifiers too;
			// start after them.
			for j := 0; j < int(c.NamedChildCount()); j++ {
				if m := c.NamedChild(j); m.Type() != "attribute" {
					start = m.StartByte()
					break
				}
				start = c.EndByte()
			}
			break
		}
		if x.g.Kind(c) != kComment {
			start = c.StartByte()
			break
		}
	}
	stop := n.EndByte()
	if end != nil {
		stop = end.StartByte()
	}
	if stop < start {
		stop = start
	}
	return strings.TrimSpace(syntax.OneLine(x.src[start:stop]))
}

func (x *extractor) owner() *typeScope {
	if len(x.types) == 0 {
		return nil
	}
	return x.types[len(x.types)-1]
}

// define records a definition; inside a type or an extension it is a
// member of that type.
func (x *extractor) define(n *sitter.Node, name, kind string) *sdk.Definition {
	d := &sdk.Definition{Name: name, QualifiedName: name, Kind: kind, Span: treesitter.Span(n, n),
		Doc: x.doc(n), DocStyle: "swiftdoc", Exported: exported(x.modifiers(n))}
	if t := x.owner(); t != nil {
		d.Receiver = t.qn
		d.QualifiedName = t.qn + "." + name
	}
	x.facts.Definitions = append(x.facts.Definitions, d)
	return d
}

var declKinds = map[string]string{"class": "class", "struct": "struct", "enum": "enum", "actor": "class", "protocol": "interface"}

// typeDecl: classes, structs, enums, actors and protocols are
// definitions; an extension is not (the type is declared elsewhere), but
// its members are the extended type's, and its conformances become the
// type's bases when the type is declared in the same file.
func (x *extractor) typeDecl(n *sitter.Node, k kind) {
	outer := ""
	if t := x.owner(); t != nil {
		outer = t.qn
	}
	qn, ext := x.typeName(n, outer)
	b := n.ChildByFieldName("body")
	if qn == "" {
		x.children(n)
		return
	}
	ts := &typeScope{qn: qn, info: x.info(qn)}
	if ext {
		x.refs[qn] = true // the extended type is used, maybe from an imported module
		ts.def = x.findType(qn)
	} else {
		kindName := "class"
		if kw := n.ChildByFieldName("declaration_kind"); kw != nil {
			kindName = declKinds[kw.Type()]
		}
		ts.def = x.define(n, qn[strings.LastIndexByte(qn, '.')+1:], kindName)
		ts.def.Signature = x.signature(n, b)
	}
	var bases []string
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kInheritance:
			t := c.ChildByFieldName("inherits_from")
			x.typeRefs(t)
			if r := x.typeRef(t); r != "" {
				bases = append(bases, r)
			}
		case kTypeConstraints, kTypeParams:
			x.typeRefs(c)
		}
	})
	if ts.def != nil {
		ts.def.Bases = append(ts.def.Bases, bases...)
	}
	x.types = append(x.types, ts)
	x.generic = append(x.generic, qn)
	defer func() { x.generic = x.generic[:len(x.generic)-1] }()
	prevCaller := x.caller
	x.caller = qn
	if ts.def == nil {
		x.caller = ""
	}
	if b != nil {
		x.children(b)
	}
	x.caller = prevCaller
	x.types = x.types[:len(x.types)-1]
}

// findType is the file's own definition of the type qn, if it has one.
func (x *extractor) findType(qn string) *sdk.Definition {
	for _, d := range x.facts.Definitions {
		if d.QualifiedName == qn && d.Kind != "function" && d.Kind != "method" && d.Kind != "constructor" {
			switch d.Kind {
			case "class", "struct", "enum", "interface":
				return d
			}
		}
	}
	return nil
}

func (x *extractor) enter(def *sitter.Node, d *sdk.Definition) (*body, string) {
	prevFn, prevCaller := x.fn, x.caller
	x.fn = &body{def: d, locals: map[string]string{}, localFuncs: map[string]bool{}, typeArgs: map[string]string{}}
	if prevFn != nil && d == nil {
		// Observers and the like inside a body keep seeing its locals.
		for k, v := range prevFn.locals {
			x.fn.locals[k] = v
		}
	}
	if d != nil {
		x.caller = d.QualifiedName
	}
	if def != nil {
		x.typeParams(def)
		if b := def.ChildByFieldName("body"); b != nil {
			x.noteLocalFuncs(b)
		}
	}
	return prevFn, prevCaller
}

func (x *extractor) leave(prevFn *body, prevCaller string) { x.fn, x.caller = prevFn, prevCaller }

// typeParams maps a declaration's generic parameters to their constraint
// (`<T: Codable>`: a T is used as a Codable).
func (x *extractor) typeParams(n *sitter.Node) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) != kTypeParams {
			return
		}
		treesitter.EachNamedChild(c, func(p *sitter.Node) {
			if x.g.Kind(p) != kTypeParam {
				return
			}
			var name, constraint string
			treesitter.EachNamedChild(p, func(t *sitter.Node) {
				switch x.g.Kind(t) {
				case kTypeIdentifier:
					if name == "" {
						name = x.text(t)
					}
				case kUserType:
					constraint = x.typeRef(t)
				}
			})
			if name != "" {
				x.fn.typeArgs[name] = constraint
			}
		})
	})
}

// noteLocalFuncs records the nested functions of a body, which may be
// called above their declaration.
func (x *extractor) noteLocalFuncs(b *sitter.Node) {
	treesitter.EachNamedChild(b, func(s *sitter.Node) {
		treesitter.EachNamedChild(s, func(c *sitter.Node) {
			if x.g.Kind(c) == kFunction {
				if name := c.ChildByFieldName("name"); name != nil {
					x.fn.localFuncs[x.text(name)] = true
				}
			}
		})
	})
}

var funcKinds = map[kind]string{kInit: "constructor", kDeinit: "method", kSubscript: "method"}

func (x *extractor) function(n *sitter.Node, k kind) {
	name := "init"
	switch k {
	case kDeinit:
		name = "deinit"
	case kSubscript:
		name = "subscript"
	case kFunction, kProtocolFunction:
		id := n.ChildByFieldName("name")
		if id == nil {
			x.children(n)
			return
		}
		name = x.text(id)
	}
	if x.fn != nil && k == kFunction {
		// A nested function: its code is the enclosing body's.
		x.fn.localFuncs[name] = true
		x.walkParts(n)
		return
	}
	t := x.owner()
	kindName := "function"
	if t != nil {
		kindName = "method"
	}
	if kn, ok := funcKinds[k]; ok {
		kindName = kn
	}
	d := x.define(n, name, kindName)
	b := n.ChildByFieldName("body")
	if k == kSubscript {
		for i := 0; i < int(n.NamedChildCount()); i++ {
			if c := n.NamedChild(i); x.g.Kind(c) == kComputed {
				b = c
			}
		}
	}
	d.Signature = x.signature(n, b)
	d.Abstract = k == kProtocolFunction || (t != nil && t.def != nil && t.def.Kind == "interface" && b == nil)
	if k != kSubscript && k != kDeinit {
		d.MinArguments, d.MaxArguments = x.arity(n)
	}
	prev, caller := x.enter(n, d)
	if ret := x.returnType(n); ret != nil {
		d.Type = x.typeRef(ret)
		x.typeRefs(ret)
	}
	d.Complexity = 1
	x.walkParts(n)
	x.leave(prev, caller)
}

// walkParts walks a function's parameters and body.
func (x *extractor) walkParts(n *sitter.Node) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kParameter, kFunctionBody, kComputed:
			x.visit(c)
		case kTypeParams, kTypeConstraints:
			x.typeRefs(c)
		}
	})
}

func (x *extractor) param(n *sitter.Node) {
	t := x.typeAfterColon(n)
	x.typeRefs(t)
	if name := n.ChildByFieldName("name"); name != nil {
		x.local(x.text(name), x.typeRef(t))
	}
}

func (x *extractor) local(name, ref string) {
	if x.fn != nil && name != "" && name != "_" {
		x.fn.locals[name] = ref
	}
}

// binding is one name a property declaration binds, with its type
// annotation and value.
type binding struct {
	name        string
	annotation  *sitter.Node
	value       *sitter.Node
	computed    *sitter.Node
	declaration *sitter.Node
}

// bindings lists the names of `let a: A = x, b = y` in order.
func (x *extractor) bindings(n *sitter.Node) []binding {
	var out []binding
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		switch field := n.FieldNameForChild(i); {
		case field == "name" && x.g.Kind(c) == kPattern:
			names := x.patternNames(c)
			for _, name := range names {
				out = append(out, binding{name: name, declaration: n})
			}
		case len(out) == 0:
		case x.g.Kind(c) == kTypeAnnotation:
			out[len(out)-1].annotation = c
		case field == "value":
			out[len(out)-1].value = c
		case field == "computed_value" || x.g.Kind(c) == kComputed:
			out[len(out)-1].computed = c
		}
	}
	return out
}

// patternNames are the names a pattern binds: `x`, `(a, b)`, `let v`.
func (x *extractor) patternNames(n *sitter.Node) []string {
	var out []string
	var walk func(p *sitter.Node, depth int)
	walk = func(p *sitter.Node, depth int) {
		if depth > 8 {
			return
		}
		if b := p.ChildByFieldName("bound_identifier"); b != nil {
			out = append(out, x.text(b))
			return
		}
		treesitter.EachNamedChild(p, func(c *sitter.Node) {
			switch x.g.Kind(c) {
			case kIdentifier:
				if p.NamedChildCount() == 1 {
					out = append(out, x.text(c))
				}
			case kPattern:
				walk(c, depth+1)
			}
		})
	}
	walk(n, 0)
	return out
}

// boundNames binds, as locals of unknown type, the bound identifiers of a
// pattern.
func (x *extractor) boundNames(n *sitter.Node, depth int) {
	if depth > 8 {
		return
	}
	if b := n.ChildByFieldName("bound_identifier"); b != nil {
		x.local(x.text(b), "")
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kPattern {
			x.boundNames(c, depth+1)
		}
	})
}

// bindingRef is the type of a bound name: its annotation, else its
// value's.
func (x *extractor) bindingRef(b binding) string {
	if b.annotation != nil {
		return x.typeRef(b.annotation)
	}
	if b.value != nil {
		return x.refOf(b.value, 0)
	}
	return ""
}

// property: in a body a local; in a type a field (stored) or a definition
// of its own (computed); at the top level a variable or constant.
func (x *extractor) property(n *sitter.Node) {
	bs := x.bindings(n)
	t := x.owner()
	let := false
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); c.Type() == "value_binding_pattern" {
			let = strings.HasPrefix(x.text(c), "let")
		}
	}
	for _, b := range bs {
		if b.annotation != nil {
			x.typeRefs(b.annotation)
		}
		if b.value != nil {
			x.visit(b.value)
		}
		ref := x.bindingRef(b)
		switch {
		case x.fn != nil:
			x.local(b.name, ref)
			if b.computed != nil {
				x.visit(b.computed)
			}
		case b.computed != nil:
			kindName := "property"
			if t == nil {
				kindName = "variable"
			}
			d := x.define(n, b.name, kindName)
			d.Type = ref
			d.Signature = x.signature(n, b.computed)
			prev, caller := x.enter(nil, d)
			x.visit(b.computed)
			x.leave(prev, caller)
		case t != nil:
			if t.def != nil {
				t.def.Fields = append(t.def.Fields, &sdk.Field{Name: b.name, Type: ref})
			}
		default:
			kindName := "variable"
			if let {
				kindName = "constant"
			}
			d := x.define(n, b.name, kindName)
			d.Type = ref
			d.Signature = x.signature(n, b.value)
		}
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kObservers {
			x.visit(c)
		}
	})
}

// protocolProperty: a requirement is a field of the protocol.
func (x *extractor) protocolProperty(n *sitter.Node) {
	t := x.owner()
	for _, b := range x.bindings(n) {
		if b.annotation != nil {
			x.typeRefs(b.annotation)
		}
		if t != nil && t.def != nil {
			t.def.Fields = append(t.def.Fields, &sdk.Field{Name: b.name, Type: x.bindingRef(b)})
		}
	}
	if len(x.bindings(n)) == 0 && t != nil && t.def != nil {
		// The grammar puts the binding inside the name pattern here.
		if p := n.ChildByFieldName("name"); p != nil {
			for _, name := range x.patternNames(p) {
				t.def.Fields = append(t.def.Fields, &sdk.Field{Name: name, Type: x.typeRef(x.annotationOf(n))})
			}
		}
	}
}

func (x *extractor) annotationOf(n *sitter.Node) *sitter.Node {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); x.g.Kind(c) == kTypeAnnotation {
			return c
		}
	}
	return nil
}

func (x *extractor) typealias(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name == nil || x.fn != nil {
		return
	}
	d := x.define(n, x.text(name), "type")
	d.Signature = x.signature(n, nil)
	x.typeRefs(n)
}

// conditionBindings binds the names of `if let x = y`, `guard let x = y`:
// the grammar lays them out flat, a bound_identifier followed by the
// value among the conditions.
func (x *extractor) conditionBindings(n *sitter.Node) {
	pending := ""
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		switch field := n.FieldNameForChild(i); {
		case field == "bound_identifier":
			if pending != "" {
				x.local(pending, "")
			}
			pending = x.text(c)
		case pending != "" && field == "condition" && c.IsNamed() && c.Type() != "value_binding_pattern":
			x.local(pending, x.refOf(c, 0))
			pending = ""
		}
	}
	if pending != "" {
		// `if let x {`: x keeps its type.
		if r, known := x.lookupName(pending); known {
			x.local(pending, r)
		} else {
			x.local(pending, "")
		}
	}
}

// lookupName says what a bare name is in the file: a local's type, a
// property's of an enclosing type, a nested type, a generic parameter's
// constraint.
func (x *extractor) lookupName(name string) (string, bool) {
	if x.fn != nil {
		if r, ok := x.fn.locals[name]; ok {
			return r, true
		}
		if c, ok := x.fn.typeArgs[name]; ok {
			return c, true
		}
	}
	for i := len(x.types) - 1; i >= 0; i-- {
		t := x.types[i]
		if r, ok := t.info.fields[name]; ok {
			return r, true
		}
		if t.info.nested[name] {
			return t.qn + "." + name, true
		}
	}
	return "", false
}

const maxRef = 12

// refOf is the reference of an expression's value as far as the file
// tells; "" when unknown.
func (x *extractor) refOf(n *sitter.Node, depth int) string {
	if n == nil || depth > maxRef {
		return ""
	}
	switch x.g.Kind(n) {
	case kIdentifier:
		name := x.text(n)
		if r, known := x.lookupName(name); known {
			return r
		}
		if strings.HasPrefix(name, "$") {
			return "" // a closure's anonymous parameter
		}
		t := x.owner()
		if name == "Self" && t != nil {
			return t.qn
		}
		switch {
		case isUpper(name) || x.topVars[name]:
			return name
		case t != nil:
			return t.qn + "." + name
		}
		return name
	case kSelf:
		if t := x.owner(); t != nil {
			return t.qn
		}
	case kSuper:
		if t := x.owner(); t != nil && !strings.Contains(t.qn, ".") {
			return "^" + t.qn
		}
	case kNavigation:
		name := x.navName(n)
		if name == "" {
			return ""
		}
		if l := x.refOf(x.navTarget(n), depth+1); l != "" {
			return l + "." + name
		}
	case kCall:
		if x.subscript(n) {
			return ""
		}
		fn := n.NamedChild(0)
		if fn == nil {
			return ""
		}
		switch x.g.Kind(fn) {
		case kIdentifier:
			name := x.text(fn)
			if isUpper(name) {
				if r, known := x.lookupName(name); known {
					return r
				}
				return name
			}
			if owner := x.implicitOwner(name); owner != "" {
				return owner + "." + name + "()"
			}
			if x.topFuncs[name] {
				return name + "()"
			}
		case kNavigation:
			if x.navName(fn) == "init" {
				return x.refOf(x.navTarget(fn), depth+1)
			}
			if r := x.refOf(fn, depth+1); r != "" {
				return r + "()"
			}
		case kLambda: // `{ ... }()`: unknown
		}
	case kPostfix:
		return x.refOf(n.ChildByFieldName("target"), depth+1)
	case kTry, kAwait:
		if e := n.ChildByFieldName("expr"); e != nil {
			return x.refOf(e, depth+1)
		}
		return x.refOf(n.NamedChild(int(n.NamedChildCount())-1), depth+1)
	case kAs:
		return x.typeRef(x.asType(n))
	case kTuple:
		if n.NamedChildCount() == 1 {
			return x.refOf(n.NamedChild(0), depth+1)
		}
	}
	return ""
}

func (x *extractor) asType(n *sitter.Node) *sitter.Node {
	for i := int(n.NamedChildCount()) - 1; i >= 0; i-- {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kUserType, kOptionalType, kOpaqueType:
			return c
		}
	}
	return nil
}

// navTarget is the object of a.b. The grammar binds a member access more
// loosely than some operators: it reads `x + a.b()` as `(x + a).b()`,
// `!a.b()` as `(!a).b()` and `try a.b().c()` as `(try a.b()).c()`. An
// operator expression as the object is always such a misreading (a
// parenthesized one is a tuple), so the object is its rightmost operand.
func (x *extractor) navTarget(n *sitter.Node) *sitter.Node {
	t := n.ChildByFieldName("target")
	for i := 0; i < maxRef && t != nil; i++ {
		if r := t.ChildByFieldName("rhs"); r != nil {
			t = r
			continue
		}
		switch x.g.Kind(t) {
		case kPrefix:
			if op := t.ChildByFieldName("operation"); op != nil && op.Type() != "." {
				t = t.ChildByFieldName("target")
				continue
			}
		case kTry, kAwait:
			if e := t.ChildByFieldName("expr"); e != nil {
				t = e
				continue
			}
		}
		break
	}
	return t
}

// navName is the member name of a.b; "" for a tuple index or anything
// else.
func (x *extractor) navName(n *sitter.Node) string {
	s := n.ChildByFieldName("suffix")
	if s == nil {
		return ""
	}
	if id := s.ChildByFieldName("suffix"); id != nil && x.g.Kind(id) == kIdentifier {
		return x.text(id)
	}
	return ""
}

// subscript reports whether a call expression is a subscript (`a[i]`).
func (x *extractor) subscript(n *sitter.Node) bool {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		if x.g.Kind(c) != kCallSuffix {
			continue
		}
		for j := 0; j < int(c.NamedChildCount()); j++ {
			if a := c.NamedChild(j); x.g.Kind(a) == kValueArgs {
				return a.ChildCount() > 0 && a.Child(0).Type() == "["
			}
		}
	}
	return false
}

// implicitOwner is the type an unqualified call runs on inside a type: the
// innermost enclosing type the file gives a method of that name (in its
// declaration or an extension), else the innermost type, since the method
// may be inherited or declared in an extension elsewhere. "" for a local
// closure or function, outside types, or a top-level function of the file.
func (x *extractor) implicitOwner(name string) string {
	if x.fn != nil {
		if x.fn.localFuncs[name] {
			return ""
		}
		if _, ok := x.fn.locals[name]; ok {
			return ""
		}
	}
	if len(x.types) == 0 {
		return ""
	}
	for i := len(x.types) - 1; i >= 0; i-- {
		if x.types[i].info.methods[name] {
			return x.types[i].qn
		}
	}
	if _, ok := x.types[len(x.types)-1].info.fields[name]; ok {
		return "" // a closure-typed property called
	}
	if x.topFuncs[name] || builtinFuncs[name] {
		return ""
	}
	return x.types[len(x.types)-1].qn
}

// path renders an expression as written, for a call's qualifier.
func (x *extractor) path(n *sitter.Node, depth int) string {
	if n == nil || depth > maxRef {
		return "?"
	}
	switch x.g.Kind(n) {
	case kIdentifier:
		return x.text(n)
	case kSelf:
		return "self"
	case kSuper:
		return "super"
	case kNavigation:
		if name := x.navName(n); name != "" {
			return x.path(x.navTarget(n), depth+1) + "." + name
		}
	case kCall:
		if x.subscript(n) {
			return x.path(n.NamedChild(0), depth+1) + "[]"
		}
		return x.path(n.NamedChild(0), depth+1) + "()"
	case kPostfix:
		return x.path(n.ChildByFieldName("target"), depth+1)
	case kTry, kAwait:
		return x.path(n.NamedChild(int(n.NamedChildCount())-1), depth+1)
	}
	return "?"
}

// call records a call: f(), Foo(), a.b(), a?.b(), .member(); a subscript
// is none.
func (x *extractor) call(n *sitter.Node) {
	if x.subscript(n) {
		return
	}
	fn := n.NamedChild(0)
	for i := 0; fn != nil && i < maxRef; i++ {
		// The grammar reads `a + f(x)` as `(a + f)(x)`: the call is the
		// right operand's.
		rhs := fn.ChildByFieldName("rhs")
		if rhs == nil {
			break
		}
		fn = rhs
	}
	if fn == nil {
		return
	}
	c := &sdk.Call{Caller: x.caller, Line: int32(fn.StartPoint().Row) + 1, Arguments: x.arguments(n)}
	switch x.g.Kind(fn) {
	case kIdentifier:
		c.Name = x.text(fn)
		if x.fn != nil {
			if _, ok := x.fn.locals[c.Name]; ok || x.fn.localFuncs[c.Name] {
				return // a closure or a nested function: no definition of its own
			}
		}
		if isUpper(c.Name) {
			c.Constructor = true
			if r, known := x.lookupName(c.Name); known && strings.Contains(r, ".") {
				c.Receiver = r[:strings.LastIndexByte(r, '.')]
			}
			c.Builtin = builtinFuncs[c.Name] && !x.fileTypes[c.Name]
			break
		}
		c.Receiver = x.implicitOwner(c.Name)
		implicit := false
		if c.Receiver != "" && x.fn != nil && x.fn.def != nil && !x.declaredInScope(c.Name) {
			// No enclosing type of this file gives it: inherited, from an
			// extension in another file, or a top-level function of the
			// module. The core looks in the caller's type and its bases,
			// then in the file's scope.
			c.Receiver, implicit = "", true
		}
		if c.Receiver == "" && !implicit && len(x.types) > 0 && !x.topFuncs[c.Name] && !builtinFuncs[c.Name] {
			return // a closure-typed property called
		}
		c.Builtin = c.Receiver == "" && builtinFuncs[c.Name] && !x.topFuncs[c.Name]
	case kNavigation:
		c.Name = x.navName(fn)
		target := x.navTarget(fn)
		c.Line = int32(fn.ChildByFieldName("suffix").StartPoint().Row) + 1
		c.Qualifier = x.path(target, 0)
		c.Receiver = x.refOf(target, 0)
		c.Builtin = x.builtinReceiver(target)
		if c.Name == "init" {
			c.Constructor = true
		}
	case kPrefix:
		// `.member()`: a static member of a type the file does not spell.
		if id := fn.ChildByFieldName("target"); id != nil && x.g.Kind(id) == kIdentifier {
			c.Name, c.Qualifier = x.text(id), "."
		}
	}
	if c.Name != "" {
		x.facts.Calls = append(x.facts.Calls, c)
	}
}

// builtinReceiver reports whether a call is made on the library's types: a
// qualifier rooted at one the file does not declare (DispatchQueue.main,
// JSONDecoder()), or at the Swift or Foundation module.
func (x *extractor) builtinReceiver(target *sitter.Node) bool {
	root := target
	for i := 0; i < maxRef && root != nil; i++ {
		switch x.g.Kind(root) {
		case kNavigation:
			root = x.navTarget(root)
			continue
		case kCall, kPostfix:
			root = root.NamedChild(0)
			continue
		}
		break
	}
	if root != nil && x.g.Kind(root) == kIdentifier {
		name := x.text(root)
		if _, known := x.lookupName(name); !known && isUpper(name) {
			return (builtinFuncs[name] || name == "Swift" || name == "Foundation") && !x.fileTypes[name]
		}
	}
	// A value of the library's types is not marked: the method may be one
	// the repository adds in an extension (extension String { ... }).
	return false
}

func isUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// arity is the number of arguments a function's parameters take, each plus
// one as Definition.min_arguments and max_arguments want them: a parameter
// with a default value may be left out, a variadic one (`T...`) takes any
// number, none included.
func (x *extractor) arity(fn *sitter.Node) (lo, hi int32) {
	var required, all int32
	variadic := false
	last := false // the child before was a parameter
	for i := 0; i < int(fn.ChildCount()); i++ {
		c := fn.Child(i)
		switch {
		case c.Type() == "parameter":
			all++
			required++
			last = true
			for j := 0; j < int(c.ChildCount()); j++ {
				if m := c.Child(j); !m.IsNamed() && m.Type() == "..." {
					variadic = true
					required--
				}
			}
			continue
		case last && !c.IsNamed() && c.Type() == "...":
			variadic = true
			required--
		case last && fn.FieldNameForChild(i) == "default_value":
			required--
		}
		if c.IsNamed() {
			last = false
		}
	}
	if variadic {
		return required + 1, 0
	}
	return required + 1, all + 1
}

// arguments counts the arguments a call passes, plus one as Call.arguments
// wants them: those in parentheses and the trailing closures.
func (x *extractor) arguments(call *sitter.Node) int32 {
	var suffix *sitter.Node
	treesitter.EachNamedChild(call, func(c *sitter.Node) {
		if c.Type() == "call_suffix" {
			suffix = c
		}
	})
	if suffix == nil {
		return 0
	}
	n := int32(1)
	treesitter.EachNamedChild(suffix, func(c *sitter.Node) {
		switch c.Type() {
		case "value_arguments":
			treesitter.EachNamedChild(c, func(a *sitter.Node) {
				if a.Type() == "value_argument" {
					n++
				}
			})
		case "lambda_literal":
			n++
		}
	})
	return n
}

// declaredInScope reports whether an enclosing type of this file gives a
// method name (its declaration or an extension).
func (x *extractor) declaredInScope(name string) bool {
	for _, t := range x.types {
		if t.info.methods[name] {
			return true
		}
	}
	return false
}
