package cfamily

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// rtype is the type of an expression as far as the walk can tell: a
// reference, or one that starts from a name (head) settled at the end of
// the file, ref then holding the rest (".field", ".method()").
type rtype struct {
	ref      string
	head     string
	headCall bool
	std      bool
}

func (t rtype) empty() bool { return t.ref == "" && t.head == "" }

// static is the reference when it needs nothing settled later; a function
// called for its result counts as a free function.
func (t rtype) static() string {
	switch {
	case t.head == "":
		return t.ref
	case t.headCall:
		return t.head + "()" + t.ref
	}
	return ""
}

func (t rtype) member(name string, call bool) rtype {
	if t.empty() {
		return t
	}
	t.ref += "." + name
	if call {
		t.ref += "()"
	}
	return t
}

// smartPointers hold the type of their first template argument: a call
// through one reaches that type's members.
var smartPointers = setOf(`unique_ptr shared_ptr weak_ptr optional scoped_ptr intrusive_ptr`)

// stdTypes are the standard library's class templates as written after
// `using namespace std`: a method called on one is the library's.
var stdTypes = setOf(`string wstring string_view vector map unordered_map set unordered_set multimap multiset list
deque array pair tuple function mutex thread ostream istream iostream stringstream ostringstream istringstream
ofstream ifstream fstream bitset queue priority_queue stack atomic`)

// exprType is the type of expression n.
func (x *extractor) exprType(n *sitter.Node) rtype {
	for depth := 0; n != nil && depth < 16; depth++ {
		switch x.g.Kind(n) {
		case kParenExpr:
			n = n.NamedChild(0)
			continue
		case kPointerExpr:
			n = n.ChildByFieldName("argument")
			continue
		case kThis:
			if x.fn != nil && x.fn.cls != nil {
				return rtype{ref: x.fn.cls.ref}
			}
			return rtype{}
		case kIdentifier:
			name := x.text(n)
			if x.fn != nil {
				if t, ok := x.fn.locals[name]; ok {
					return x.known(t)
				}
			}
			return rtype{head: name}
		case kFieldExpr:
			field := n.ChildByFieldName("field")
			if field == nil || x.g.Kind(field) != kFieldIdentifier {
				return rtype{}
			}
			base := x.exprType(n.ChildByFieldName("argument"))
			if base.std {
				return rtype{}
			}
			return base.member(x.text(field), false)
		case kCall:
			return x.callType(n)
		case kNew:
			return x.known(x.typeRef(n.ChildByFieldName("type")))
		case kSubscript:
			base := x.exprType(n.ChildByFieldName("argument"))
			if base.std {
				return rtype{}
			}
			return base
		}
		return rtype{}
	}
	return rtype{}
}

func (x *extractor) known(ref string) rtype {
	return rtype{ref: ref, std: isStdRef(ref) || (stdTypes[ref] && !x.topDefs[ref])}
}

// callType is the type of what a call returns.
func (x *extractor) callType(n *sitter.Node) rtype {
	fn := n.ChildByFieldName("function")
	if fn == nil {
		return rtype{}
	}
	switch x.g.Kind(fn) {
	case kIdentifier:
		name := x.text(fn)
		if x.fn != nil {
			if _, local := x.fn.locals[name]; local {
				return rtype{}
			}
		}
		return rtype{head: name, headCall: true}
	case kTemplateFunction:
		return x.makeCall(fn, "")
	case kQualified:
		segs := x.scopeSegments(fn)
		last := lastQualifiedName(fn, x.g)
		if last != nil && x.g.Kind(last) == kTemplateFunction {
			if t := x.makeCall(last, strings.Join(segs, ".")); !t.empty() {
				return t
			}
		}
		name := x.callableName(last)
		q := x.stripNamespaces(strings.Join(segs, "."))
		if name == "" || isStdRef(strings.Join(segs, ".")) {
			return rtype{}
		}
		if q == "" {
			return rtype{head: name, headCall: true}
		}
		return x.known(q).member(name, true)
	case kFieldExpr:
		field := fn.ChildByFieldName("field")
		if field == nil || x.g.Kind(field) != kFieldIdentifier {
			return rtype{}
		}
		base := x.exprType(fn.ChildByFieldName("argument"))
		if base.std {
			return rtype{}
		}
		return base.member(x.text(field), true)
	}
	return rtype{}
}

// makeCall types std::make_unique<T>() and std::make_shared<T>() as T.
func (x *extractor) makeCall(tf *sitter.Node, scope string) rtype {
	name := tf.ChildByFieldName("name")
	args := tf.ChildByFieldName("arguments")
	if name == nil || args == nil || (scope != "" && scope != "std") {
		return rtype{}
	}
	switch x.text(name) {
	case "make_unique", "make_shared":
		if a := args.NamedChild(0); a != nil {
			return x.known(x.typeRef(a))
		}
	}
	return rtype{}
}

// typeRef is the reference a type specifier names, pointers, references,
// const and template arguments stripped; "" for built-in types.
func (x *extractor) typeRef(t *sitter.Node) string {
	for depth := 0; t != nil && depth < 16; depth++ {
		switch x.g.Kind(t) {
		case kTypeIdentifier:
			return x.text(t)
		case kStruct, kUnion, kClass, kEnum:
			t = t.ChildByFieldName("name")
			continue
		case kTypeDescriptor:
			t = t.ChildByFieldName("type")
			continue
		case kTemplateType:
			name := t.ChildByFieldName("name")
			if name == nil {
				return ""
			}
			if smartPointers[x.text(name)] {
				if args := t.ChildByFieldName("arguments"); args != nil && args.NamedChildCount() > 0 {
					t = args.NamedChild(0)
					continue
				}
			}
			return x.text(name)
		case kQualified:
			segs := x.scopeSegments(t)
			last := lastQualifiedName(t, x.g)
			if last == nil {
				return ""
			}
			if x.g.Kind(last) == kTemplateType && len(segs) == 1 && segs[0] == "std" {
				if name := last.ChildByFieldName("name"); name != nil && smartPointers[x.text(name)] {
					t = last
					continue
				}
			}
			name := ""
			switch x.g.Kind(last) {
			case kTemplateType:
				if nn := last.ChildByFieldName("name"); nn != nil {
					name = x.text(nn)
				}
			case kTypeIdentifier, kIdentifier:
				name = x.text(last)
			}
			if name == "" {
				return ""
			}
			full := strings.Join(append(segs, name), ".")
			if isStdRef(full) {
				return full
			}
			return x.stripNamespaces(full)
		}
		return ""
	}
	return ""
}

// stripNamespaces drops the leading segments of a path that the file
// declares or uses as namespaces: the file's scope is what its includes
// make visible, by bare name. The standard library's are kept.
func (x *extractor) stripNamespaces(p string) string {
	segs := strings.Split(p, ".")
	i := 0
	for i < len(segs) && segs[i] != "std" && (x.namespaces[segs[i]] || segs[i] == "") {
		i++
	}
	return strings.Join(segs[i:], ".")
}

// call records the call expression n and walks its parts.
func (x *extractor) call(n *sitter.Node) {
	fn := n.ChildByFieldName("function")
	for fn != nil && x.g.Kind(fn) == kParenExpr {
		fn = fn.NamedChild(0)
	}
	if fn == nil {
		return
	}
	var cls *class
	if x.fn != nil {
		cls = x.fn.cls
	}
	switch x.g.Kind(fn) {
	case kIdentifier, kTemplateFunction:
		nameNode := fn
		if x.g.Kind(fn) == kTemplateFunction {
			nameNode = fn.ChildByFieldName("name")
		}
		if nameNode == nil || x.g.Kind(nameNode) != kIdentifier {
			return
		}
		name := x.text(nameNode)
		if x.cpp && cppKeywordCalls[name] {
			return
		}
		if x.fn != nil {
			if _, local := x.fn.locals[name]; local {
				return // a function pointer or lambda held in a local
			}
		}
		c := treesitter.CallAt(nameNode, name, "", x.caller())
		c.Arguments = x.arguments(n.ChildByFieldName("arguments"))
		x.facts.Calls = append(x.facts.Calls, c)
		x.calls = append(x.calls, pending{call: c, cls: cls, bare: true})
	case kQualified:
		segs := x.scopeSegments(fn)
		last := lastQualifiedName(fn, x.g)
		nameNode := last
		if last != nil && x.g.Kind(last) == kTemplateFunction {
			nameNode = last.ChildByFieldName("name")
		}
		if nameNode == nil || x.g.Kind(nameNode) != kIdentifier {
			return
		}
		name := x.text(nameNode)
		written := strings.Join(segs, ".")
		c := treesitter.CallAt(nameNode, name, written, x.caller())
		c.Arguments = x.arguments(n.ChildByFieldName("arguments"))
		x.facts.Calls = append(x.facts.Calls, c)
		if isStdRef(written) {
			c.Builtin = true
			break
		}
		c.Qualifier = x.stripNamespaces(written)
		if c.Qualifier == "" {
			// ::f() or ns::f() from a namespace the file knows: the name
			// is looked up as written bare; ::f() at the top level only.
			x.calls = append(x.calls, pending{call: c, bare: true, global: len(segs) == 0})
		}
	case kFieldExpr:
		field := fn.ChildByFieldName("field")
		nameNode := x.memberName(field)
		if nameNode == nil {
			return
		}
		arg := fn.ChildByFieldName("argument")
		c := treesitter.CallAt(nameNode, x.text(nameNode), x.g.Qualifier(x.src, arg), x.caller())
		c.Arguments = x.arguments(n.ChildByFieldName("arguments"))
		x.facts.Calls = append(x.facts.Calls, c)
		t := x.exprType(arg)
		x.calls = append(x.calls, pending{call: c, cls: cls, head: t.head, headCall: t.headCall, tail: t.ref, std: t.std})
	}
}

// memberName is the name node of the member a field expression calls:
// `f` in x.f(), x.template f<T>(), x.Base::f().
func (x *extractor) memberName(field *sitter.Node) *sitter.Node {
	for depth := 0; field != nil && depth < 8; depth++ {
		switch x.g.Kind(field) {
		case kFieldIdentifier, kIdentifier:
			return field
		case kTemplateMethod:
			field = field.ChildByFieldName("name")
		case kDependentName:
			field = field.NamedChild(0)
		case kQualified:
			field = lastQualifiedName(field, x.g)
		default:
			return nil
		}
	}
	return nil
}

// newExpr records `new Foo(...)` as a call of Foo's constructor.
func (x *extractor) newExpr(n *sitter.Node) {
	t := n.ChildByFieldName("type")
	ref := x.typeRef(t)
	if ref == "" || isStdRef(ref) {
		return
	}
	c := treesitter.CallAt(t, lastSegment(ref), qualifierOf(ref), x.caller())
	c.Constructor = true
	c.Arguments = x.arguments(n.ChildByFieldName("arguments"))
	x.facts.Calls = append(x.facts.Calls, c)
}

// finish settles what needed the whole file: receivers that start from a
// field, a global or a member; builtins not shadowed; the namespace.
func (x *extractor) finish() {
	classNames := map[string]bool{}
	for _, c := range x.classes {
		if c.body {
			classNames[lastSegment(c.qn)] = true
		}
	}
	for _, p := range x.calls {
		c := p.call
		if p.bare {
			x.settleBare(p, classNames)
			continue
		}
		ref := p.tail
		if p.head != "" {
			h := x.settleHead(p)
			if h == "" {
				continue // the core evaluates the qualifier as written
			}
			ref = h + p.tail
		}
		c.Receiver = ref
		if p.std || isStdRef(ref) {
			c.Builtin = true
		}
	}
	x.facts.Namespace = x.namespaceOf()
	x.dropDeclared()
}

// dropDeclared removes the declarations of functions the file also
// defines (a forward prototype, a method declared in a class body and
// defined below it): the definition stands for both, and one name keeps
// one node.
func (x *extractor) dropDeclared() {
	type overload struct {
		qn  string
		max int32
	}
	defined := map[overload]*sdk.Definition{}
	for _, d := range x.facts.Definitions {
		if !d.Declaration && isCallable(d.Kind) {
			defined[overload{d.QualifiedName, d.MaxArguments}] = d
		}
	}
	if len(defined) == 0 {
		return
	}
	kept := x.facts.Definitions[:0]
	for _, d := range x.facts.Definitions {
		if d.Declaration && isCallable(d.Kind) {
			// The definition of the same name taking as many arguments;
			// the declaration's defaults are its own.
			if def := defined[overload{d.QualifiedName, d.MaxArguments}]; def != nil {
				if def.MinArguments == 0 || d.MinArguments < def.MinArguments {
					def.MinArguments = d.MinArguments
				}
				continue
			}
		}
		kept = append(kept, d)
	}
	x.facts.Definitions = kept
}

func isCallable(k string) bool { return k == "function" || k == "method" || k == "constructor" }

// settleHead is the type of the name a receiver starts from.
func (x *extractor) settleHead(p pending) string {
	cls, head := p.cls, p.head
	if p.headCall {
		switch {
		case cls != nil && cls.members[head]:
			return cls.ref + "." + head + "()"
		case x.topDefs[head] || cls == nil:
			return head + "()"
		case !cls.body || cls.bases:
			return cls.ref + "." + head + "()"
		}
		return head + "()"
	}
	if cls != nil {
		if t, ok := cls.fields[head]; ok {
			if stdTypes[t] && !x.topDefs[t] {
				return ""
			}
			return t
		}
		if cls.members[head] {
			return cls.ref + "." + head
		}
	}
	if t, ok := x.globals[head]; ok {
		return t
	}
	if cls != nil && (!cls.body || cls.bases) {
		return cls.ref + "." + head
	}
	return ""
}

// settleBare decides an unqualified call f(): a member of the method's
// class the file declares (C++ looks in the class before the namespace),
// the file's own function, a builtin, or a name for the core to look up.
// A name the file does not declare may be a member the class's header
// declares, or inherited, or a free function of an included header: the
// file cannot tell, so no receiver is claimed.
func (x *extractor) settleBare(p pending, classNames map[string]bool) {
	c, cls := p.call, p.cls
	name := c.Name
	if p.global {
		c.Receiver = "." // the core looks past the caller's class
	}
	switch {
	case cls != nil && cls.members[name]:
		c.Receiver = cls.ref
	case x.topDefs[name]:
		c.Constructor = classNames[name]
	case cLibrary[name] || (x.cpp && cppLibrary[name] && x.namespaces["std"]):
		// The standard C++ names count only after `using namespace std`:
		// elsewhere an unqualified find() or fill() is as likely the
		// repository's own.
		c.Builtin = true
	}
}

// namespaceOf is the one namespace all the file's top-level definitions
// are in, or "".
func (x *extractor) namespaceOf() string {
	ns, first := "", true
	for _, n := range x.nsOf {
		if first {
			ns, first = n, false
		} else if n != ns {
			return ""
		}
	}
	return ns
}

// docAbove returns the comments just above n (no blank line between, none
// trailing code) and their style: doxygen for /** */, /*! */, /// and //!.
func (x *extractor) docAbove(n *sitter.Node) (string, string) {
	var parts []*sitter.Node
	next := n
	for p := n.PrevSibling(); p != nil && x.g.Kind(p) == kComment; p = p.PrevSibling() {
		if p.EndPoint().Row+1 < next.StartPoint().Row {
			break
		}
		if q := p.PrevSibling(); q != nil && x.g.Kind(q) != kComment && q.EndPoint().Row == p.StartPoint().Row && q.EndPoint().Column > 0 {
			break // a comment trailing the code before it
		}
		parts = append(parts, p)
		next = p
	}
	if len(parts) == 0 {
		return "", "comment"
	}
	style := "comment"
	var lines []string
	for i := len(parts) - 1; i >= 0; i-- {
		t := x.text(parts[i])
		if strings.HasPrefix(t, "/**") || strings.HasPrefix(t, "/*!") || strings.HasPrefix(t, "///") || strings.HasPrefix(t, "//!") {
			style = "doxygen"
		}
		lines = append(lines, cleanComment(t))
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), style
}

// cleanComment strips a comment's markers and the " * " gutter.
func cleanComment(t string) string {
	if strings.HasPrefix(t, "//") {
		t = strings.TrimLeft(t[2:], "/!")
		return strings.TrimSpace(t)
	}
	t = strings.TrimPrefix(t, "/*")
	t = strings.TrimSuffix(t, "*/")
	t = strings.TrimLeft(t, "*!")
	lines := strings.Split(t, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "*") {
			l = strings.TrimSpace(strings.TrimLeft(l, "*"))
		}
		lines[i] = l
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// pathOf turns a C++ name as written into a dotted path: "::" becomes
// ".", template arguments and spaces go.
func pathOf(s string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			depth++
		case c == '>':
			if depth > 0 {
				depth--
			}
		case depth > 0, c == ' ', c == '\t', c == '\n', c == '\r':
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			b.WriteByte('.')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return strings.Trim(b.String(), ".")
}

func lastSegment(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func qualifierOf(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}
