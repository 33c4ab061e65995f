package pipeline

import "github.com/homer-dev/homer/sdk"

// strings holds one copy of each string the parse facts repeat. Decoding
// a plugin's answer allocates every string anew: on spring-boot, 292,000
// calls name their caller with 42,000 distinct strings (18 MB), and
// receivers, callee names, import specs and kinds repeat alike. The facts
// of a language live from its parse to the end of resolve (the calls) or
// of the model (the definitions), so the copies are most of the core's
// heap while the parses and resolve run. One table serves one language's
// parse stage and is dropped with it.
type stringTable map[string]string

// intern returns the table's copy of s, adding s when it has none.
func (t stringTable) intern(s string) string {
	if s == "" {
		return s
	}
	if c, ok := t[s]; ok {
		return c
	}
	t[s] = s
	return s
}

func (t stringTable) internAll(ss []string) {
	for i, s := range ss {
		ss[i] = t.intern(s)
	}
}

// internFacts replaces the repeated strings of facts by the table's
// copies. Qualified names and signatures are left alone: nearly every one
// is distinct, and the table would cost more than it saves.
func (t stringTable) internFacts(facts []*sdk.FileFacts) {
	for _, f := range facts {
		f.Path = t.intern(f.Path)
		f.Language = t.intern(f.Language)
		f.Package = t.intern(f.Package)
		f.Namespace = t.intern(f.Namespace)
		f.LinkGroup = t.intern(f.LinkGroup)
		t.internAll(f.References)
		t.internDefs(f.Definitions)
		for _, c := range f.Calls {
			c.Name = t.intern(c.Name)
			c.Qualifier = t.intern(c.Qualifier)
			c.Caller = t.intern(c.Caller)
			c.Receiver = t.intern(c.Receiver)
		}
		for _, imp := range f.Imports {
			imp.Spec = t.intern(imp.Spec)
			imp.Alias = t.intern(imp.Alias)
			t.internAll(imp.Names)
		}
	}
}

// internDefs replaces the repeated strings of defs by the table's copies.
func (t stringTable) internDefs(defs []*sdk.Definition) {
	for _, d := range defs {
		d.Name = t.intern(d.Name)
		d.Kind = t.intern(d.Kind)
		d.Doc = t.intern(d.Doc)
		d.DocStyle = t.intern(d.DocStyle)
		d.Receiver = t.intern(d.Receiver)
		d.Type = t.intern(d.Type)
		t.internAll(d.Bases)
	}
}

// internImports does the same for where imports lead: each names the
// file it is in, a path the facts already hold.
func (t stringTable) internImports(imports []*sdk.ResolvedImport) {
	for _, ri := range imports {
		ri.FromPath = t.intern(ri.FromPath)
		ri.Spec = t.intern(ri.Spec)
		t.internAll(ri.ToPaths)
	}
}

// dropUnread empties what the core reads of no fact once the facts are
// stored: a definition's signature (the parse memo keeps it). The facts
// held from a parse to resolve and past it are otherwise the plugin's
// whole answer, and on spring-boot the signatures, one a definition and
// nearly all distinct, were 4 MB of it.
func dropUnread(facts []*sdk.FileFacts) {
	for _, f := range facts {
		for _, d := range f.Definitions {
			d.Signature = ""
		}
	}
}
