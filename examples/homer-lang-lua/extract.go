package main

import (
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/lua"

	"github.com/homer-dev/homer/sdk"
)

// kind is what the extractor needs to know about a node type; a table
// indexed by symbol avoids the string Node.Type() allocates per call.
type kind uint8

const (
	kOther kind = iota
	kLeaf       // nothing of interest below
	kDoc        // comments, which the grammar attaches to statements
	kFunctionStatement
	kFunctionName
	kFunction // an anonymous function expression
	kFunctionBody
	kBodyParen
	kCall
	kCallParen
	kArgs
	kVarDecl
	kDeclarator
	kLocal
	kIdentifier
	kSelfColon
	kString
)

var kindNames = map[string]kind{
	"number":               kLeaf,
	"nil":                  kLeaf,
	"true":                 kLeaf,
	"false":                kLeaf,
	"parameter_list":       kLeaf,
	"function_start":       kLeaf,
	"function_end":         kLeaf,
	"comment":              kDoc,
	"emmy_documentation":   kDoc,
	"function_statement":   kFunctionStatement,
	"function_name":        kFunctionName,
	"function":             kFunction,
	"function_body":        kFunctionBody,
	"function_body_paren":  kBodyParen,
	"function_call":        kCall,
	"function_call_paren":  kCallParen,
	"function_arguments":   kArgs,
	"string_argument":      kArgs,
	"table_argument":       kArgs,
	"variable_declaration": kVarDecl,
	"variable_declarator":  kDeclarator,
	"local":                kLocal,
	"identifier":           kIdentifier,
	"self_call_colon":      kSelfColon,
	"string":               kString,
}

type table struct {
	lang  *sitter.Language
	kinds []kind
}

// grammar builds the symbol table once; it is read-only afterwards.
var grammar = sync.OnceValue(func() *table {
	lang := lua.GetLanguage()
	count := lang.SymbolCount()
	kinds := make([]kind, count)
	for s := uint32(0); s < count; s++ {
		sym := sitter.Symbol(s)
		// "local" and "function" are keywords as well as named nodes.
		if lang.SymbolType(sym) == sitter.SymbolTypeRegular {
			kinds[s] = kindNames[lang.SymbolName(sym)]
		}
	}
	return &table{lang: lang, kinds: kinds}
})

// wideNode is the child count above which children are stepped through with
// a cursor: NamedChild(i) restarts from the first child, which turns wide
// nodes (long data tables) quadratic.
const wideNode = 32

// extractor walks one tree once, collecting the file's facts.
//
// This grammar starts many nodes at the whitespace before them, so lines
// and texts are always taken after skipping leading whitespace.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	kinds  []kind
	module string
	// exported is the table the file returns ("return M"): its functions
	// are the module's own, reached through whatever name a require binds.
	exported string
	caller   string // qualified name of the enclosing definition

	// alias is the local name the next require() call at aliasAt is bound
	// to: "local json = require('cjson')".
	alias   string
	aliasAt uint32
}

func (x *extractor) kind(n *sitter.Node) kind {
	if s := int(n.Symbol()); s < len(x.kinds) {
		return x.kinds[s]
	}
	return kOther // ERROR nodes carry a symbol past the table
}

// start returns the offset and 1-based line of n's first non-blank byte.
func (x *extractor) start(n *sitter.Node) (int, int32) {
	off, row := int(n.StartByte()), int32(n.StartPoint().Row)
	end := int(n.EndByte())
	for off < end && isSpace(x.src[off]) {
		if x.src[off] == '\n' {
			row++
		}
		off++
	}
	return off, row + 1
}

func (x *extractor) line(n *sitter.Node) int32 {
	_, l := x.start(n)
	return l
}

func (x *extractor) endLine(n *sitter.Node) int32 {
	end := n.EndPoint()
	if end.Column == 0 && end.Row > n.StartPoint().Row {
		return int32(end.Row)
	}
	return int32(end.Row) + 1
}

func (x *extractor) text(n *sitter.Node) string {
	off, _ := x.start(n)
	return string(x.src[off:n.EndByte()])
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
	case kLeaf, kDoc, kIdentifier, kString:
		return
	case kFunctionStatement:
		if x.caller == "" {
			x.functionStatement(n)
			return
		}
	case kVarDecl:
		x.varDecl(n)
		return
	case kCall:
		x.call(n)
	}
	x.children(n)
}

// functionStatement: function foo(), local function foo(), function M.foo(),
// function M:foo().
func (x *extractor) functionStatement(n *sitter.Node) {
	var first, name, body *sitter.Node
	local := false
	sigEnd := 0
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		k := x.kind(c)
		if k != kDoc && first == nil {
			first = c
		}
		switch k {
		case kLocal:
			local = true
		case kFunctionName, kIdentifier:
			name = c
		case kBodyParen:
			sigEnd = int(c.EndByte())
		case kFunctionBody:
			body = c
		}
	}
	if first == nil || name == nil {
		x.children(n)
		return
	}
	x.define(n, first, x.text(name), local, sigEnd, body)
}

// varDecl records functions assigned at the top level and the names
// require() results are bound to (at any depth: lazy requires inside
// functions are common), then walks the values.
func (x *extractor) varDecl(n *sitter.Node) {
	var first *sitter.Node
	var names []string
	var values []*sitter.Node
	local := false
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		k := x.kind(c)
		if k != kDoc && first == nil {
			first = c
		}
		switch k {
		case kDoc:
		case kLocal:
			local = true
		case kDeclarator:
			names = append(names, strings.Join(strings.Fields(x.text(c)), ""))
		default:
			values = append(values, c)
		}
	}
	for i, v := range values {
		name := ""
		if i < len(names) {
			name = names[i]
		}
		switch x.kind(v) {
		case kFunction:
			if x.caller != "" || name == "" || strings.ContainsAny(name, "[]") {
				break
			}
			var body *sitter.Node
			sigEnd := 0
			for j := 0; j < int(v.NamedChildCount()); j++ {
				switch c := v.NamedChild(j); x.kind(c) {
				case kBodyParen:
					sigEnd = int(c.EndByte())
				case kFunctionBody:
					body = c
				}
			}
			x.define(v, first, name, local, sigEnd, body)
			continue
		case kCall:
			x.alias, x.aliasAt = name, v.StartByte()
		}
		x.visit(v)
	}
}

// define records a function called name ("foo", "M.foo", "M:foo") whose
// text starts at first and ends with n, then walks its body as its caller.
func (x *extractor) define(n, first *sitter.Node, name string, local bool, sigEnd int, body *sitter.Node) {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == ':' })
	if len(parts) == 0 {
		return
	}
	startOff, startLine := x.start(first)
	def := &sdk.Definition{
		Name:          parts[len(parts)-1],
		QualifiedName: strings.Join(parts, "."),
		Kind:          "function",
		Span:          &sdk.Span{StartLine: startLine, EndLine: x.endLine(n)},
		Exported:      !local,
		Doc:           docAbove(x.src, startOff),
		DocStyle:      "ldoc",
	}
	if x.module != "" {
		def.QualifiedName = x.module + "." + def.QualifiedName
	}
	switch {
	case len(parts) == 2 && parts[0] == x.exported:
		// M.greet of the returned table M is a function of the module.
	case len(parts) > 1:
		def.Kind = "method"
		def.Receiver = strings.Join(parts[:len(parts)-1], ".")
		if x.module != "" {
			def.Receiver = x.module + "." + def.Receiver
		}
	}
	if sigEnd > startOff {
		def.Signature = luaSyntax.OneLine(x.src[startOff:sigEnd])
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
	if body != nil {
		x.caller = def.QualifiedName
		x.children(body)
		x.caller = ""
	}
}

// maxPath bounds the qualifier of a call at the end of a long chain.
const maxPath = 12

// callee splits a call's prefix into path segments: "a.b:c(x)" gives
// ["a", "b", "c"]; a call result reads "f()", an index "t[]", anything
// else "?". name is the identifier of the last segment, nil when the
// callee is not a plain name (t[k]()); args is the argument node.
func (x *extractor) callee(n *sitter.Node, depth int) (segs []string, name, args *sitter.Node) {
	brackets := 0
	count := int(n.ChildCount())
	for i := 0; i < count; i++ {
		c := n.Child(i)
		if !c.IsNamed() {
			off, _ := x.start(c)
			if off < len(x.src) {
				switch x.src[off] {
				case '[':
					brackets++
				case ']':
					if brackets--; brackets == 0 && len(segs) > 0 {
						segs[len(segs)-1] += "[]"
						name = nil
					}
				}
			}
			continue
		}
		if brackets > 0 {
			continue
		}
		switch x.kind(c) {
		case kIdentifier:
			segs = append(segs, x.text(c))
			name = c
		case kSelfColon:
		case kCall:
			if depth >= maxPath {
				segs = append(segs, "?")
			} else {
				inner, _, _ := x.callee(c, depth+1)
				segs = append(segs, strings.Join(inner, ".")+"()")
			}
			name = nil
		case kCallParen, kArgs:
			for ; i < count && args == nil; i++ {
				if a := n.Child(i); a.IsNamed() && x.kind(a) == kArgs {
					args = a
				}
			}
			return segs, name, args
		default:
			segs = append(segs, "?")
			name = nil
		}
	}
	return segs, name, args
}

func (x *extractor) call(n *sitter.Node) {
	segs, name, args := x.callee(n, 0)
	if name == nil || len(segs) == 0 {
		return
	}
	callee := segs[len(segs)-1]
	qualifier := strings.Join(segs[:len(segs)-1], ".")
	c := &sdk.Call{Name: callee, Qualifier: qualifier, Caller: x.caller, Line: x.line(name)}
	switch {
	case qualifier != "" && qualifier == x.exported:
		// M.helper() in the file returning M calls the module's own
		// function, which is in the file's scope.
		c.Qualifier = ""
	case qualifier == "" && luaBuiltins[callee], luaLibraries[segs[0]] && len(segs) > 1:
		c.Builtin = true
	}
	x.facts.Calls = append(x.facts.Calls, c)

	if callee == "require" && qualifier == "" && args != nil {
		if spec := x.stringArg(args); spec != "" {
			imp := &sdk.Import{Spec: spec, Line: x.line(name)}
			if x.aliasAt == n.StartByte() {
				imp.Alias = x.alias
			}
			x.facts.Imports = append(x.facts.Imports, imp)
		}
	}
}

// stringArg returns the literal of require "x" or require("x"), or "" when
// the argument is computed.
func (x *extractor) stringArg(args *sitter.Node) string {
	lit := args // require "x": the argument is the literal
	if args.NamedChildCount() == 1 {
		if c := args.NamedChild(0); x.kind(c) == kString {
			lit = c // require("x")
		}
	}
	// The grammar makes a string's parts anonymous nodes; only the field
	// name finds them.
	if c := lit.ChildByFieldName("content"); c != nil {
		return string(x.src[c.StartByte():c.EndByte()])
	}
	return ""
}

// returnedTable names the table a module file returns at its end
// ("return M"), or "".
func (x *extractor) returnedTable(root *sitter.Node) string {
	n := int(root.NamedChildCount())
	if n == 0 {
		return ""
	}
	last := root.NamedChild(n - 1)
	if t := last.Type(); (t != "module_return_statement" && t != "return_statement") || last.NamedChildCount() != 1 {
		return ""
	}
	v := last.NamedChild(0)
	if v.Type() == "expression_list" && v.NamedChildCount() == 1 {
		v = v.NamedChild(0)
	}
	if v.Type() != "identifier" {
		return ""
	}
	return x.text(v)
}

// luaBuiltins are the base library's functions; luaLibraries the standard
// tables. A call to them never reaches the repository unless the file
// defines the name itself (the core sees to that).
var luaBuiltins = map[string]bool{
	"assert": true, "collectgarbage": true, "dofile": true, "error": true, "getmetatable": true,
	"ipairs": true, "load": true, "loadfile": true, "next": true, "pairs": true, "pcall": true,
	"print": true, "rawequal": true, "rawget": true, "rawlen": true, "rawset": true, "require": true,
	"select": true, "setmetatable": true, "tonumber": true, "tostring": true, "type": true,
	"unpack": true, "xpcall": true,
}

var luaLibraries = map[string]bool{
	"coroutine": true, "debug": true, "io": true, "math": true, "os": true, "package": true,
	"string": true, "table": true, "utf8": true,
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}
