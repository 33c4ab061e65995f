package rust

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// body walks a function's body, or a constant's initialiser, for calls,
// local variables and complexity.
func (x *extractor) body(def *sdk.Definition, fn, body *sitter.Node, generics map[string]string) {
	caller, cx, locals, undo, saved := x.caller, x.cx, x.locals, x.undo, x.generics
	count := int32(1)
	x.caller, x.cx, x.locals, x.undo, x.generics = def.QualifiedName, &count, map[string]local{}, nil, generics
	if fn != nil {
		if params := fn.ChildByFieldName("parameters"); params != nil {
			x.params(params)
		}
	}
	x.expr(body)
	def.Complexity = count
	x.caller, x.cx, x.locals, x.undo, x.generics = caller, cx, locals, undo, saved
}

// paramRefs records the types of a body-less function's parameters.
func (x *extractor) paramRefs(params *sitter.Node, generics map[string]string) {
	saved := x.generics
	x.generics = generics
	treesitter.EachNamedChild(params, func(p *sitter.Node) {
		if x.g.Kind(p) == kParam {
			x.reference(x.typeRef(p.ChildByFieldName("type")))
		}
	})
	x.generics = saved
}

// params binds a function's or a closure's parameters to their types.
func (x *extractor) params(params *sitter.Node) {
	treesitter.EachNamedChild(params, func(p *sitter.Node) {
		switch x.g.Kind(p) {
		case kParam:
			ref := x.typeRef(p.ChildByFieldName("type"))
			x.reference(ref)
			x.bindPattern(p.ChildByFieldName("pattern"), local{ref: ref})
		case kIdent:
			x.bind(x.text(p), local{})
		default:
			x.bindPattern(p, local{})
		}
	})
}

func (x *extractor) addCx(n int32) {
	if x.cx != nil {
		*x.cx += n
	}
}

func (x *extractor) mark() int { return len(x.undo) }

func (x *extractor) undoTo(m int) {
	for i := len(x.undo) - 1; i >= m; i-- {
		e := x.undo[i]
		if e.had {
			x.locals[e.name] = e.old
		} else {
			delete(x.locals, e.name)
		}
	}
	x.undo = x.undo[:m]
}

func (x *extractor) bind(name string, l local) {
	if x.locals == nil {
		return
	}
	old, had := x.locals[name]
	x.undo = append(x.undo, undoEntry{name: name, old: old, had: had})
	x.locals[name] = l
}

// bindPattern binds the names a pattern introduces: a lone name to l, the
// names inside a destructuring pattern to unknown types, so that they
// shadow whatever they hid.
func (x *extractor) bindPattern(p *sitter.Node, l local) {
	if p == nil {
		return
	}
	if x.g.Kind(p) == kIdent {
		x.bind(x.text(p), l)
		return
	}
	var walk func(n *sitter.Node, depth int)
	walk = func(n *sitter.Node, depth int) {
		if depth > 64 {
			return
		}
		switch x.g.Kind(n) {
		case kIdent:
			if name := x.text(n); !isUpper(name) {
				x.bind(name, local{})
			}
			return
		case kScoped, kSkip, kString:
			return
		}
		treesitter.EachNamedChild(n, func(c *sitter.Node) { walk(c, depth+1) })
	}
	walk(p, 0)
}

// expr walks an expression or a block for calls and complexity, keeping
// track of the local variables in scope.
func (x *extractor) expr(n *sitter.Node) {
	if n == nil {
		return
	}
	switch x.g.Kind(n) {
	case kSkip, kString, kLineComment, kBlockComment, kIdent, kSelf, kTypeIdent, kPrimitive,
		kGenericType, kRefType, kPointerType, kDynType, kAbstractType, kScopedType, kAttribute,
		kFieldIdent, kTypeArgs, kVisibility:
		return
	case kCall:
		x.call(n)
		return
	case kMacroCall:
		x.bodyMacro(n)
		return
	case kTry:
		x.errorShape(sdk.ErrorPropagated)
	case kLet:
		x.let(n)
		return
	case kScoped:
		// A path used as a value: a constant, a unit variant, a function.
		if segs := x.segments(n); len(segs) > 1 {
			x.reference(x.pathRef(segs[:len(segs)-1], x.line(n)))
		}
		return
	case kStructExpr:
		if name := n.ChildByFieldName("name"); name != nil {
			x.reference(x.typeRef(name))
		}
		x.expr(n.ChildByFieldName("body"))
		return
	case kFunction:
		// A function inside a body: its calls count as the enclosing one's.
		m := x.mark()
		if params := n.ChildByFieldName("parameters"); params != nil {
			x.params(params)
		}
		x.expr(n.ChildByFieldName("body"))
		x.undoTo(m)
		return
	case kUse:
		// A use in a body binds its names there only; the file's scope is
		// the nearest the core has, and a body's uses rarely clash.
		x.use(n)
		return
	case kImpl, kTrait, kStruct, kEnum, kMod, kMacroDef, kTypeItem, kExternCrate, kForeignMod:
		return // items local to a body: left out
	case kClosure:
		m := x.mark()
		if params := n.ChildByFieldName("parameters"); params != nil {
			x.params(params)
		}
		x.expr(n.ChildByFieldName("body"))
		x.undoTo(m)
		return
	case kFor:
		x.addCx(1)
		x.expr(n.ChildByFieldName("value"))
		m := x.mark()
		x.bindPattern(n.ChildByFieldName("pattern"), local{})
		x.expr(n.ChildByFieldName("body"))
		x.undoTo(m)
		return
	case kIf, kWhile:
		x.addCx(1)
		m := x.mark()
		x.children(n)
		x.undoTo(m)
		return
	case kLoop:
		x.addCx(1)
	case kMatch:
		// A match is exhaustive: one of its arms is the fall-through, as
		// an if's else is, so n arms are n-1 branches.
		if body := n.ChildByFieldName("body"); body != nil {
			arms := int32(0)
			treesitter.EachNamedChild(body, func(a *sitter.Node) {
				if x.g.Kind(a) == kMatchArm {
					arms++
				}
			})
			if arms > 1 {
				x.addCx(arms - 1)
			}
		}
	case kMatchArm:
		m := x.mark()
		x.bindPattern(n.ChildByFieldName("pattern"), local{})
		x.children(n)
		x.undoTo(m)
		return
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			if o := x.text(op); o == "&&" || o == "||" {
				x.addCx(1)
			}
		}
	case kBlock:
		m := x.mark()
		x.children(n)
		x.undoTo(m)
		return
	}
	if n.Type() == "let_condition" {
		x.expr(n.ChildByFieldName("value"))
		x.bindPattern(n.ChildByFieldName("pattern"), local{})
		return
	}
	x.children(n)
}

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.expr) }

func (x *extractor) let(n *sitter.Node) {
	value := n.ChildByFieldName("value")
	x.expr(value)
	if alt := n.ChildByFieldName("alternative"); alt != nil {
		x.addCx(1) // let-else: the else diverges
		x.expr(alt)
	}
	var l local
	if t := n.ChildByFieldName("type"); t != nil {
		l.ref = x.typeRef(t)
		x.reference(l.ref)
	} else if value != nil {
		l.ref, l.unproven = x.exprRef(value, 0)
	}
	pattern := n.ChildByFieldName("pattern")
	if l.ref != "" && pattern != nil && x.g.Kind(pattern) == kTuplePattern {
		x.bindTuple(pattern, l.ref)
		return
	}
	x.bindPattern(pattern, l)
}

// bindTuple binds the names of a tuple pattern, `let (tx, mut rx) = f()`,
// each to its element of the value's type: "f().0", "f().1". The core
// takes the element from a tuple result type (see resultType).
func (x *extractor) bindTuple(p *sitter.Node, ref string) {
	i := 0
	for j := 0; j < int(p.ChildCount()); j++ {
		c := p.Child(j)
		switch c.Type() {
		case "(", ")", ",", "line_comment", "block_comment":
			continue
		}
		elem := local{ref: ref + "." + strconv.Itoa(i)}
		i++
		if x.g.Kind(c) == kMutPattern && c.NamedChildCount() > 0 {
			c = c.NamedChild(int(c.NamedChildCount()) - 1)
		}
		if x.g.Kind(c) == kIdent {
			x.bind(x.text(c), elem)
		} else {
			x.bindPattern(c, local{})
		}
	}
}

func (x *extractor) addCall(name *sitter.Node, callee, qualifier string) *sdk.Call {
	c := treesitter.CallAt(name, callee, qualifier, x.caller)
	c.Line += int32(x.rowBase)
	x.facts.Calls = append(x.facts.Calls, c)
	return c
}

// call records a call expression: f(), x.m(), a::b::f(), Type::f().
func (x *extractor) call(n *sitter.Node) {
	fn := n.ChildByFieldName("function")
	for fn != nil && x.g.Kind(fn) == kGenericFn {
		fn = fn.ChildByFieldName("function")
	}
	switch {
	case fn == nil:
	case x.g.Kind(fn) == kIdent:
		// Calling a local variable calls a closure or a function pointer:
		// no definition of that name is meant.
		if name := x.text(fn); !x.isLocal(name) && !(x.inMacro && isUpper(name)) {
			// In a macro's arguments, Name(x) is as often a pattern
			// (match_flavor!(self, Handle(h) => ...)) as a constructor.
			c := x.addCall(fn, name, "")
			if name == "Err" {
				x.errorShape(sdk.ErrorReturned)
			}
			c.Constructor = isUpper(name)
			c.Arguments = x.argumentCount(n)
			x.pending = append(x.pending, c)
			if len(x.inline) > 0 {
				x.inModule[c] = append([]string(nil), x.inline...)
			}
		}
	case x.g.Kind(fn) == kField:
		value, field := fn.ChildByFieldName("value"), fn.ChildByFieldName("field")
		if field != nil && x.g.Kind(field) == kFieldIdent {
			c := x.addCall(field, x.text(field), x.qualifier(value, 0))
			c.Arguments = x.argumentCount(n)
			if shape := methodErrorShape(c.Name, c.Arguments > 1); shape != "" {
				x.errorShape(shape)
			}
			ref, unproven := x.exprRef(value, 0)
			c.Receiver = ref
			if unproven && optionMethods[c.Name] {
				x.unproven[c] = true
			}
			local := x.rootIsLocal(value)
			if c.Receiver != "" {
				x.pending = append(x.pending, c)
			} else if local {
				// A local of a type the file does not tell: its name means
				// nothing in the file's scope, where the qualifier would be
				// looked up.
				c.Receiver = unknownRef
			}
		}
		x.expr(value)
	case x.g.Kind(fn) == kScoped:
		name := fn.ChildByFieldName("name")
		segs := x.segments(fn.ChildByFieldName("path"))
		if name != nil && len(segs) > 0 {
			c := x.addCall(name, x.text(name), strings.Join(segs, "."))
			c.Receiver = x.pathRef(segs, c.Line)
			x.pending = append(x.pending, c)
		}
	default:
		x.expr(fn)
	}
	x.expr(n.ChildByFieldName("arguments"))
}

// argumentCount is the number of arguments a call passes, plus one (the
// protocol's 0 is "not counted"). Only calls by name and method calls are
// counted: Type::method(x, ...) passes the receiver as an argument, which
// the method's parameters leave out.
func (x *extractor) argumentCount(call *sitter.Node) int32 {
	args := call.ChildByFieldName("arguments")
	if args == nil {
		return 0
	}
	n := int32(1)
	treesitter.EachNamedChild(args, func(a *sitter.Node) {
		switch x.g.Kind(a) {
		case kLineComment, kBlockComment, kAttribute:
		default:
			n++
		}
	})
	return n
}

// unknownRef is a receiver whose type the file does not tell, and whose
// qualifier must not be looked up in the file's scope (a local variable
// shadows the file's names). No name is spelled "?", so it evaluates to
// nothing and the core falls back to the method's name alone.
const unknownRef = "?"

// rootIsLocal says whether an expression starts from a variable: a local,
// or a lower-case name no binding explains (a pattern the walk did not
// follow, a name a macro's syntax binds). Neither means anything in the
// file's scope; an upper-case name is a constant or a static, which does.
func (x *extractor) rootIsLocal(n *sitter.Node) bool {
	for depth := 0; n != nil && depth < maxPath; depth++ {
		switch x.g.Kind(n) {
		case kIdent:
			name := x.text(n)
			return x.isLocal(name) || !isUpper(name)
		case kField:
			n = n.ChildByFieldName("value")
		case kCall:
			n = n.ChildByFieldName("function")
		case kGenericFn:
			n = n.ChildByFieldName("function")
		case kTry, kAwait, kParen, kRef, kIndex:
			n = n.NamedChild(0)
		default:
			return false
		}
	}
	return false
}

func (x *extractor) isLocal(name string) bool {
	_, ok := x.locals[name]
	return ok
}

// macroCall records a macro invocation as a call of the macro.
func (x *extractor) macroCall(n *sitter.Node) {
	m := n.ChildByFieldName("macro")
	if m == nil {
		return
	}
	var c *sdk.Call
	switch x.g.Kind(m) {
	case kIdent:
		if x.text(m) == "macro_rules" {
			return
		}
		c = x.addCall(m, x.text(m), "")
	case kScoped:
		name := m.ChildByFieldName("name")
		segs := x.segments(m.ChildByFieldName("path"))
		if name == nil || len(segs) == 0 {
			return
		}
		c = x.addCall(name, x.text(name), strings.Join(segs, "."))
		c.Receiver = x.pathRef(segs, c.Line)
	default:
		return
	}
	x.macroUse[c] = true
	c.Macro = true
	x.pending = append(x.pending, c)
}

// bodyMacro handles a macro invoked in a body: a call of the macro, and
// the calls in its arguments, parsed again as an expression or a block.
func (x *extractor) bodyMacro(n *sitter.Node) {
	x.macroCall(n)
	if m := n.ChildByFieldName("macro"); m != nil && x.g.Kind(m) == kIdent && x.text(m) == "panic" {
		x.errorShape(sdk.ErrorPanicked)
	}
	tt := lastTokenTree(x.g, n)
	if tt == nil || x.quoting(n) {
		return
	}
	prefix, suffix := "fn f() { (", ") }"
	switch x.src[tt.StartByte()] {
	case '{':
		prefix, suffix = "fn f() {", "}"
	case '[':
		prefix, suffix = "fn f() { [", "] }"
	}
	x.reparse(tt, prefix, suffix, func(root *sitter.Node) {
		if f := root.NamedChild(0); f != nil && x.g.Kind(f) == kFunction {
			saved := x.inMacro
			x.inMacro = true
			x.expr(f.ChildByFieldName("body"))
			x.inMacro = saved
		}
	})
}

// quoteMacros write code for a procedural macro to emit: what they hold
// is the output's, not calls or uses of the macro's own crate.
var quoteMacros = map[string]bool{"quote": true, "quote_spanned": true, "parse_quote": true, "parse_quote_spanned": true}

// quoting reports whether a macro invocation is one of quoteMacros.
func (x *extractor) quoting(n *sitter.Node) bool {
	m := n.ChildByFieldName("macro")
	if m != nil && x.g.Kind(m) == kScoped {
		m = m.ChildByFieldName("name")
	}
	return m != nil && quoteMacros[x.text(m)]
}

// maxPath bounds the paths rendered for a long chain.
const maxPath = 12

// qualifier renders a receiver expression for display: "self.client",
// "Foo.new()", "v", with "?" for what is not a path.
func (x *extractor) qualifier(n *sitter.Node, depth int) string {
	if n == nil || depth > maxPath {
		return "?"
	}
	switch x.g.Kind(n) {
	case kIdent, kSelf, kFieldIdent:
		return x.text(n)
	case kField:
		f := n.ChildByFieldName("field")
		if f == nil {
			return "?"
		}
		return x.qualifier(n.ChildByFieldName("value"), depth+1) + "." + x.text(f)
	case kCall:
		fn := n.ChildByFieldName("function")
		for fn != nil && x.g.Kind(fn) == kGenericFn {
			fn = fn.ChildByFieldName("function")
		}
		if fn != nil && x.g.Kind(fn) == kScoped {
			return strings.Join(x.segments(fn), ".") + "()"
		}
		return x.qualifier(fn, depth+1) + "()"
	case kScoped:
		return strings.Join(x.segments(n), ".")
	case kTry, kAwait, kParen, kRef:
		return x.qualifier(n.NamedChild(0), depth+1)
	case kIndex:
		return x.qualifier(n.NamedChild(0), depth+1) + "[]"
	}
	return "?"
}

// exprRef is the type of an expression as a reference ("" when the file
// does not tell), and whether it is a call's result taken as is, which may
// still be an Option or a Result.
func (x *extractor) exprRef(n *sitter.Node, depth int) (string, bool) {
	if n == nil || depth > maxPath {
		return "", false
	}
	switch x.g.Kind(n) {
	case kSelf:
		if x.self != nil {
			return x.self.selfRef, false
		}
	case kIdent:
		name := x.text(n)
		if l, ok := x.locals[name]; ok {
			return l.ref, l.unproven
		}
		if isUpper(name) {
			return name, false // a constant or a static
		}
	case kField:
		f := n.ChildByFieldName("field")
		base, _ := x.exprRef(n.ChildByFieldName("value"), depth+1)
		if base != "" && f != nil {
			return base + "." + x.text(f), false
		}
	case kCall:
		return x.callRef(n, depth)
	case kTry:
		ref, _ := x.exprRef(n.NamedChild(0), depth+1)
		return ref, false
	case kAwait, kParen, kRef:
		return x.exprRef(n.NamedChild(0), depth+1)
	case kStructExpr:
		return x.typeRef(n.ChildByFieldName("name")), false
	case kString:
		return "str", false
	case kMacroCall:
		if m := n.ChildByFieldName("macro"); m != nil {
			switch x.text(m) {
			case "vec":
				return "Vec", false
			case "format":
				return "String", false
			}
		}
	case kScoped:
		if segs := x.segments(n); len(segs) > 1 {
			return x.pathRef(segs, x.line(n)), false
		}
	}
	return "", false
}

// callRef is the type of a call's result as a reference: "f()",
// "Foo.new()", "Server.client.get()". unwrap and expect are seen through.
func (x *extractor) callRef(n *sitter.Node, depth int) (string, bool) {
	fn := n.ChildByFieldName("function")
	for fn != nil && x.g.Kind(fn) == kGenericFn {
		fn = fn.ChildByFieldName("function")
	}
	if fn == nil {
		return "", false
	}
	switch x.g.Kind(fn) {
	case kIdent:
		if name := x.text(fn); !x.isLocal(name) {
			return name + "()", true
		}
	case kField:
		f := fn.ChildByFieldName("field")
		if f == nil || x.g.Kind(f) != kFieldIdent {
			return "", false
		}
		m := x.text(f)
		base, unproven := x.exprRef(fn.ChildByFieldName("value"), depth+1)
		if m == "unwrap" || m == "expect" {
			return base, false
		}
		if m == "clone" {
			return base, unproven // a clone is of its receiver's type
		}
		if base == "" || (unproven && optionMethods[m]) {
			return "", false
		}
		return base + "." + m + "()", true
	case kScoped:
		name := fn.ChildByFieldName("name")
		segs := x.segments(fn.ChildByFieldName("path"))
		if name == nil || len(segs) == 0 {
			return "", false
		}
		if last := segs[len(segs)-1]; wrappers[last] && wrapperMakers[x.text(name)] {
			// Arc::new(x) is used as x is (auto-deref), as a declared
			// Arc<T> is taken for T.
			if args := n.ChildByFieldName("arguments"); args != nil && args.NamedChildCount() > 0 {
				return x.exprRef(args.NamedChild(0), depth+1)
			}
			return "", false
		}
		base := x.pathRef(segs, x.line(name))
		if x.text(name) == "default" && isUpper(segs[len(segs)-1]) {
			return base, false // Default::default returns Self
		}
		return base + "." + x.text(name) + "()", true
	}
	return "", false
}

// segments are the names of a path: crate::a::Foo → crate, a, Foo.
// Generic arguments are dropped, <T as Trait> is Trait; nil when the path
// holds anything else.
func (x *extractor) segments(n *sitter.Node) []string {
	var out []string
	ok := true
	var walk func(n *sitter.Node, depth int)
	walk = func(n *sitter.Node, depth int) {
		if n == nil || !ok {
			return
		}
		if depth > 64 {
			ok = false
			return
		}
		switch x.g.Kind(n) {
		case kIdent, kSelf, kCrate, kSuper, kTypeIdent, kPrimitive:
			out = append(out, x.text(n))
		case kScoped, kScopedType:
			walk(n.ChildByFieldName("path"), depth+1)
			walk(n.ChildByFieldName("name"), depth+1)
		case kGenericType:
			walk(n.ChildByFieldName("type"), depth+1)
		case kBracketed:
			q := n.NamedChild(0)
			if q != nil && x.g.Kind(q) == kQualifiedType {
				q = q.ChildByFieldName("alias")
			}
			walk(q, depth+1)
		default:
			ok = false
		}
	}
	walk(n, 0)
	if !ok {
		return nil
	}
	return out
}

// pathRef turns a path into a reference. Its leading lower-case segments
// name modules, the rest a type and what is in it (Rust's naming
// conventions tell them apart). The module part becomes one segment bound
// by an import: the name itself when one segment (a `use`, a `mod`, or a
// crate that finish imports), else the path written with "::", which
// finish imports under that alias: crate::a::b::Foo → "crate::a::b.Foo".
func (x *extractor) pathRef(segs []string, line int32) string {
	i := 0
	for i < len(segs) && !isType(segs[i]) {
		i++
	}
	mods, types := segs[:i], segs[i:]
	if len(mods) == 0 {
		if len(types) == 0 {
			return ""
		}
		head := types[0]
		switch {
		case head == "Self" && x.self != nil:
			head = x.self.selfRef
		case x.generics != nil:
			if b, ok := x.generics[head]; ok {
				if b == "" {
					return ""
				}
				head = b
			}
		}
		return strings.Join(append([]string{head}, types[1:]...), ".")
	}
	alias := x.modAlias(mods, line)
	return strings.Join(append([]string{alias}, types...), ".")
}

func (x *extractor) modAlias(mods []string, line int32) string {
	if len(mods) == 1 && mods[0] != "crate" && mods[0] != "self" && mods[0] != "super" {
		if old, ok := x.modRefs[mods[0]]; !ok || line < old {
			x.modRefs[mods[0]] = line
		}
		if x.inTest == 0 {
			x.modRefsCode[mods[0]] = true
		}
		return mods[0]
	}
	return x.addPath(x.normalize(mods), line, x.inTest > 0)
}

// addPath imports a module path under an alias that is the path itself;
// test says test code writes it.
func (x *extractor) addPath(segs []string, line int32, test bool) string {
	alias := strings.Join(segs, "::")
	if imp := x.paths[alias]; imp == nil {
		imp = &sdk.Import{Spec: alias, Alias: alias, Line: line, Test: test}
		x.paths[alias] = imp
		x.synthetic[imp] = true
	} else {
		if line < imp.Line {
			imp.Line = line
		}
		imp.Test = imp.Test && test // the code's too once its code writes it
	}
	return alias
}

// normalize makes a self:: or super:: path written in an inline module
// relative to the file's module instead.
func (x *extractor) normalize(segs []string) []string {
	if len(x.inline) == 0 || len(segs) == 0 {
		return segs
	}
	switch segs[0] {
	case "self":
		return append(append([]string{"self"}, x.inline...), segs[1:]...)
	case "super":
		k := 0
		for k < len(segs) && segs[k] == "super" {
			k++
		}
		if k <= len(x.inline) {
			return append(append([]string{"self"}, x.inline[:len(x.inline)-k]...), segs[k:]...)
		}
		return append(append([]string(nil), segs[:k-len(x.inline)]...), segs[k:]...)
	}
	return segs
}

func isUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isType(s string) bool { return isUpper(s) || primitives[s] }

// typeRef is a type as a reference: references, pointers, smart pointers
// (Box, Arc, Rc, Pin, ManuallyDrop, Cow) and generic arguments stripped;
// `dyn Trait` and `impl Trait` are Trait; a generic parameter is its first
// bound that tells its methods; Self is the impl's type.
func (x *extractor) typeRef(n *sitter.Node) string {
	for depth := 0; n != nil && depth < 32; depth++ {
		switch x.g.Kind(n) {
		case kTypeIdent:
			name := x.text(n)
			if name == "Self" {
				if x.self != nil {
					return x.self.selfRef
				}
				return ""
			}
			if b, ok := x.generics[name]; ok {
				return b
			}
			return name
		case kPrimitive:
			return x.text(n)
		case kScopedType:
			return x.pathRef(x.segments(n), x.line(n))
		case kGenericType:
			base := x.typeRef(n.ChildByFieldName("type"))
			if !wrappers[lastSegment(base)] {
				return base
			}
			n = firstTypeArg(x.g, n)
		case kRefType, kPointerType:
			n = n.ChildByFieldName("type")
		case kDynType, kAbstractType:
			n = n.ChildByFieldName("trait")
		case kTraitBounds:
			for i := 0; i < int(n.NamedChildCount()); i++ {
				if ref := x.typeRef(n.NamedChild(i)); ref != "" && !markerTraits[ref] {
					return ref
				}
			}
			return ""
		case kBracketed:
			n = n.NamedChild(0)
		case kQualifiedType:
			n = n.ChildByFieldName("alias")
		default:
			return ""
		}
	}
	return ""
}

// resultType is a function's declared result as a reference, taken out of
// Result, Option and Poll (see fallible).
func (x *extractor) resultType(n *sitter.Node, generics map[string]string) string {
	saved := x.generics
	x.generics = generics
	defer func() { x.generics = saved }()
	for depth := 0; n != nil && depth < 4; depth++ {
		if x.g.Kind(n) == kTupleType {
			return x.tupleType(n)
		}
		if x.g.Kind(n) != kGenericType || !fallible[lastSegment(x.typeRef(n.ChildByFieldName("type")))] {
			return x.typeRef(n)
		}
		n = firstTypeArg(x.g, n)
	}
	return ""
}

// tupleType is a tuple result as the core reads one, "(Sender, Receiver)":
// each element a reference, empty where it is not a plain type (a nested
// tuple, an array); "" when no element is known.
func (x *extractor) tupleType(n *sitter.Node) string {
	var elems []string
	known := false
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		ref := ""
		if k := x.g.Kind(c); k != kTupleType && k != kLineComment && k != kBlockComment {
			ref = x.typeRef(c)
		}
		if strings.ContainsAny(ref, "(),") {
			ref = ""
		}
		known = known || ref != ""
		elems = append(elems, ref)
	})
	if !known {
		return ""
	}
	return "(" + strings.Join(elems, ", ") + ")"
}

func lastSegment(ref string) string {
	if i := strings.LastIndexByte(ref, '.'); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// firstTypeArg is the first type among a generic type's arguments,
// lifetimes skipped.
func firstTypeArg(g *treesitter.Grammar[kind], n *sitter.Node) *sitter.Node {
	args := n.ChildByFieldName("type_arguments")
	if args == nil {
		return nil
	}
	for i := 0; i < int(args.NamedChildCount()); i++ {
		a := args.NamedChild(i)
		switch g.Kind(a) {
		case kSkip:
			continue
		}
		return a
	}
	return nil
}

// genericBounds maps an item's generic parameters to the first of their
// bounds that tells which methods they have (Send and Clone do not), from
// the parameter list and the where clause, on top of the enclosing impl's.
func (x *extractor) genericBounds(c *sitter.Node) map[string]string {
	out := map[string]string{}
	if x.self != nil {
		for k, v := range x.self.generics {
			out[k] = v
		}
	}
	saved := x.generics
	x.generics = nil
	defer func() { x.generics = saved }()
	add := func(left, bounds *sitter.Node) {
		if left == nil || x.g.Kind(left) != kTypeIdent {
			return
		}
		name := x.text(left)
		ref := ""
		if bounds != nil {
			ref = x.typeRef(bounds)
		}
		if old := out[name]; old == "" || ref != "" {
			out[name] = ref
		}
	}
	for i := 0; i < int(c.NamedChildCount()); i++ {
		n := c.NamedChild(i)
		switch x.g.Kind(n) {
		case kTypeParams:
			treesitter.EachNamedChild(n, func(p *sitter.Node) {
				switch x.g.Kind(p) {
				case kTypeIdent:
					add(p, nil)
				case kConstrained:
					add(p.ChildByFieldName("left"), p.ChildByFieldName("bounds"))
				}
			})
		case kWhere:
			treesitter.EachNamedChild(n, func(p *sitter.Node) {
				if x.g.Kind(p) == kWherePred {
					add(p.ChildByFieldName("left"), p.ChildByFieldName("bounds"))
				}
			})
		}
	}
	return out
}

// typeRefIn is typeRef with generics as the generic parameters in scope.
func (x *extractor) typeRefIn(n *sitter.Node, generics map[string]string) string {
	saved := x.generics
	x.generics = generics
	defer func() { x.generics = saved }()
	return x.typeRef(n)
}

// errorShape counts an error-handling site outside the file's tests: a
// #[test] function, a #[cfg(test)] module.
func (x *extractor) errorShape(shape string) {
	if x.inTest == 0 {
		sdk.CountErrorShape(x.facts, shape)
	}
}

// methodErrorShape is the shape of error handling a method call by that
// name takes: unwrap and expect abort on an error, map_err and anyhow's
// context and with_context (given an argument) wrap it.
func methodErrorShape(name string, hasArgs bool) string {
	switch name {
	case "unwrap", "expect":
		return sdk.ErrorPanicked
	case "map_err":
		return sdk.ErrorWrapped
	case "context", "with_context":
		if hasArgs {
			return sdk.ErrorWrapped
		}
	}
	return ""
}
