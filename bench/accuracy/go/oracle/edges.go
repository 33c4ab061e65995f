package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"
)

// oracle holds what one load tells: the repository's definitions by the
// position of their name, and the edges found so far.
type oracle struct {
	root  string
	fset  *token.FileSet
	names map[string]string // "path:line:col" of a definition's name → node
	seen  map[string]bool   // files already walked for calls
	facts map[string]bool   // output lines, deduplicated
	// Interface dispatch: every named type of the repository, and the
	// implementations found per interface (by type string).
	types []*types.TypeName
	impls map[string][]*types.Func
	// Packages of the repository by import path (their default variant).
	pkgs map[string]*packages.Package
}

func edges(root string, out io.Writer) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:   root,
		Tests: true,
		// The default build Homer's Go plugin assumes: linux/amd64, cgo on,
		// no tags (an inherited GOFLAGS=-tags=... would change the files).
		Env: append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=1", "GOFLAGS=", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return err
	}
	o := &oracle{root: root, fset: cfg.Fset, names: map[string]string{}, seen: map[string]bool{},
		facts: map[string]bool{}, impls: map[string][]*types.Func{}, pkgs: map[string]*packages.Package{}}
	if o.fset == nil {
		// packages.Load made its own; every package shares it.
		for _, p := range pkgs {
			o.fset = p.Fset
			break
		}
	}
	var roots []*packages.Package
	broken := 0
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") || !o.inRepo(p) {
			continue // the generated test main, or a package outside REPO
		}
		if len(p.Errors) > 0 {
			broken++
			for _, e := range p.Errors {
				fmt.Fprintln(os.Stderr, "oracle: warning:", e)
			}
		}
		roots = append(roots, p)
		if p.ID == p.PkgPath {
			o.pkgs[p.PkgPath] = p
		}
	}
	if broken > 0 {
		fmt.Fprintf(os.Stderr, "oracle: warning: %d packages have errors; their edges may be missing\n", broken)
	}
	// Definitions first: a call may name one in any package.
	typeSeen := map[string]bool{}
	for _, p := range roots {
		for _, f := range p.Syntax {
			o.definitions(p, f, typeSeen)
		}
	}
	for _, p := range roots {
		for _, f := range p.Syntax {
			rel, ok := o.rel(f.Pos())
			if !ok || o.seen[rel] {
				continue
			}
			o.seen[rel] = true
			o.add("file", rel)
			o.calls(p, f, rel)
			o.imports(p, f, rel)
		}
	}
	lines := make([]string, 0, len(o.facts))
	for l := range o.facts {
		lines = append(lines, l)
	}
	sort.Strings(lines)
	for _, l := range lines {
		if _, err := io.WriteString(out, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

func (o *oracle) add(fields ...string) { o.facts[strings.Join(fields, "\t")] = true }

// rel is the slash path of pos's file relative to the repository, false for
// a file outside it (cgo's generated files, the module cache).
func (o *oracle) rel(pos token.Pos) (string, bool) {
	if !pos.IsValid() {
		return "", false
	}
	name := o.fset.File(pos).Name()
	r, err := filepath.Rel(o.root, name)
	if err != nil || strings.HasPrefix(r, "..") || filepath.IsAbs(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// key identifies a definition by where its name is. Line and column, not
// offset: a package read from export data keeps only those.
func (o *oracle) key(pos token.Pos) (string, bool) {
	rel, ok := o.rel(pos)
	if !ok {
		return "", false
	}
	p := o.fset.Position(pos)
	return fmt.Sprintf("%s:%d:%d", rel, p.Line, p.Column), true
}

func (o *oracle) inRepo(p *packages.Package) bool {
	for _, f := range p.CompiledGoFiles {
		if r, err := filepath.Rel(o.root, f); err == nil && !strings.HasPrefix(r, "..") {
			return true
		}
	}
	return false
}

// definitions names the functions, methods and interface methods of f as
// Homer does, and records the package's named types for dispatch.
func (o *oracle) definitions(p *packages.Package, f *ast.File, typeSeen map[string]bool) {
	rel, ok := o.rel(f.Pos())
	if !ok {
		return
	}
	eachDefinition(f, rel, func(id *ast.Ident, node string) {
		if k, ok := o.key(id.Pos()); ok {
			o.names[k] = node
		}
	}, func(ts *ast.TypeSpec) {
		if k, ok := o.key(ts.Name.Pos()); ok && !typeSeen[k] {
			typeSeen[k] = true
			if tn, ok := p.TypesInfo.Defs[ts.Name].(*types.TypeName); ok {
				o.types = append(o.types, tn)
			}
		}
	})
}

// eachDefinition calls def with the identifier and the node name of each
// function, method, package variable and interface method of f (rel is its
// path), a repeated qualified name numbered from the second on (~2), and
// typ, when not nil, with each type spec.
func eachDefinition(f *ast.File, rel string, def func(id *ast.Ident, node string), typ func(*ast.TypeSpec)) {
	pkg := f.Name.Name
	count := map[string]int{}
	name := func(id *ast.Ident, parts ...string) {
		qn := pkg + "." + strings.Join(parts, ".")
		count[qn]++
		node := rel + "#" + qn
		if n := count[qn]; n > 1 {
			node += fmt.Sprintf("~%d", n)
		}
		def(id, node)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				if recv := recvName(d.Recv.List[0].Type); recv != "" {
					name(d.Name, recv, d.Name.Name)
					continue
				}
			}
			name(d.Name, d.Name.Name)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok && d.Tok == token.VAR {
					for _, id := range vs.Names {
						if id.Name != "_" {
							name(id, id.Name)
						}
					}
					continue
				}
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				if typ != nil {
					typ(ts)
				}
				it, ok := ts.Type.(*ast.InterfaceType)
				if !ok {
					continue
				}
				for _, m := range it.Methods.List {
					if _, ok := m.Type.(*ast.FuncType); ok && len(m.Names) == 1 {
						name(m.Names[0], ts.Name.Name, m.Names[0].Name)
					}
				}
			}
		}
	}
}

// recvName is T in (r *T), (T), (r T[K]).
func recvName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.Ident:
			return t.Name
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		default:
			return ""
		}
	}
}

// calls records the call edges of f's functions and methods.
func (o *oracle) calls(p *packages.Package, f *ast.File, rel string) {
	info := p.TypesInfo
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		k, ok := o.key(fd.Name.Pos())
		if !ok {
			continue
		}
		caller := o.names[k]
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := typeutil.Callee(info, call)
			if v, ok := callee.(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				// A package-level variable holding a function.
				o.edge("value", caller, v)
				return true
			}
			fn, ok := callee.(*types.Func)
			if !ok {
				return true
			}
			fn = fn.Origin()
			sig := fn.Type().(*types.Signature)
			if recv := sig.Recv(); recv != nil && types.IsInterface(recv.Type()) {
				o.ifaceCall(info, call, fn, caller)
				return true
			}
			o.edge("static", caller, fn)
			return true
		})
	}
}

func (o *oracle) edge(class, caller string, fn types.Object) {
	k, ok := o.key(fn.Pos())
	if !ok {
		return
	}
	if callee := o.names[k]; callee != "" && callee != caller {
		o.add("call", class, caller, callee)
	}
}

// ifaceCall records a call of an interface method: the method itself, and
// every method of a repository type the call may dispatch to (a type whose
// pointer's method set has all of the interface's methods). dispatchx
// marks those reached through an interface defined outside the repository,
// which only count as right when Homer finds them.
func (o *oracle) ifaceCall(info *types.Info, call *ast.CallExpr, fn *types.Func, caller string) {
	o.edge("iface", caller, fn)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	s := info.Selections[sel]
	if s == nil {
		return
	}
	// A type parameter's methods are its constraint's: the call reaches
	// the types that satisfy it, as an interface's reaches its
	// implementations.
	recv := s.Recv()
	iface, ok := recv.Underlying().(*types.Interface)
	if !ok {
		return
	}
	class := "dispatch"
	if _, ok := o.key(fn.Pos()); !ok {
		class = "dispatchx"
	}
	for _, m := range o.implementations(recv, iface, fn.Name()) {
		o.edge(class, caller, m)
	}
}

// implementations are the methods named name of the repository's types
// implementing iface. Signatures are compared as strings: a type seen from
// a test build's package and an interface seen from the plain one are not
// the same objects to go/types, yet are the same to the program.
func (o *oracle) implementations(recv types.Type, iface *types.Interface, name string) []*types.Func {
	key := types.TypeString(iface, nil) + "." + name
	if impls, ok := o.impls[key]; ok {
		return impls
	}
	var impls []*types.Func
	for _, tn := range o.types {
		named, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(named) || named.TypeParams().Len() > 0 {
			continue
		}
		ptr := types.NewPointer(named)
		var found *types.Func
		all := true
		for i := 0; i < iface.NumMethods() && all; i++ {
			m := iface.Method(i)
			obj, _, _ := types.LookupFieldOrMethod(ptr, false, m.Pkg(), m.Name())
			impl, ok := obj.(*types.Func)
			if !ok || !sameSignature(impl, m) {
				all = false
				break
			}
			if m.Name() == name {
				found = impl
			}
		}
		if all && found != nil {
			impls = append(impls, found.Origin())
		}
	}
	o.impls[key] = impls
	return impls
}

// sameSignature compares an implementation's signature with an interface
// method's. Where the interface's mentions a type parameter (a generic
// interface used inside a generic function), only the counts of parameters
// and results are compared: any instantiation may fit.
func sameSignature(impl, m *types.Func) bool {
	want := sigString(m)
	if !hasTypeParam(m) {
		return sigString(impl) == want
	}
	a, b := impl.Type().(*types.Signature), m.Type().(*types.Signature)
	return a.Params().Len() == b.Params().Len() && a.Results().Len() == b.Results().Len() && a.Variadic() == b.Variadic()
}

func hasTypeParam(f *types.Func) bool {
	sig := f.Type().(*types.Signature)
	for _, t := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := 0; i < t.Len(); i++ {
			found := false
			var walk func(types.Type)
			walk = func(t types.Type) {
				switch t := t.(type) {
				case *types.TypeParam:
					found = true
				case *types.Slice:
					walk(t.Elem())
				case *types.Pointer:
					walk(t.Elem())
				case *types.Map:
					walk(t.Key())
					walk(t.Elem())
				case *types.Chan:
					walk(t.Elem())
				case *types.Array:
					walk(t.Elem())
				case *types.Named:
					for i := 0; i < t.TypeArgs().Len(); i++ {
						walk(t.TypeArgs().At(i))
					}
				}
			}
			walk(t.At(i).Type())
			if found {
				return true
			}
		}
	}
	return false
}

// sigString is a method's signature without receiver and names, its types
// qualified by package path.
func sigString(f *types.Func) string {
	sig := f.Type().(*types.Signature)
	q := func(p *types.Package) string { return p.Path() }
	var b strings.Builder
	tuple := func(t *types.Tuple) {
		b.WriteByte('(')
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(types.TypeString(t.At(i).Type(), q))
		}
		b.WriteByte(')')
	}
	tuple(sig.Params())
	tuple(sig.Results())
	if sig.Variadic() {
		b.WriteString("...")
	}
	return b.String()
}

// imports records, for each import of a repository package, the package's
// directory and the files of the package that f uses: those defining the
// names it writes through the import (pkg.Name) and the methods it calls
// or takes on the package's types (not the fields it reads). A blank import
// uses the package's every file (its init functions run).
func (o *oracle) imports(p *packages.Package, f *ast.File, rel string) {
	info := p.TypesInfo
	used := map[*types.PkgName]map[string]bool{}
	for _, spec := range f.Imports {
		var pn *types.PkgName
		if spec.Name != nil {
			pn, _ = info.Defs[spec.Name].(*types.PkgName)
		} else {
			pn, _ = info.Implicits[spec].(*types.PkgName)
		}
		if spec.Name != nil && spec.Name.Name == "_" {
			// No object: the blank import links to the package's files.
			path := strings.Trim(spec.Path.Value, "\"`")
			if dep := o.pkgs[path]; dep != nil {
				o.add("import", "package", rel, o.dir(dep))
				for _, g := range dep.Syntax {
					if to, ok := o.rel(g.Pos()); ok && to != rel {
						o.add("import", "file", rel, to)
					}
				}
			}
			continue
		}
		if pn == nil {
			continue
		}
		dep := o.pkgs[pn.Imported().Path()]
		if dep == nil {
			continue // outside the repository
		}
		o.add("import", "package", rel, o.dir(dep))
		used[pn] = map[string]bool{}
	}
	if len(used) == 0 {
		return
	}
	dots := map[*types.Package]*types.PkgName{}
	byPath := map[string]*types.PkgName{}
	for pn := range used {
		byPath[pn.Imported().Path()] = pn
		if pn.Name() == "." {
			dots[pn.Imported()] = pn
		}
	}
	use := func(pn *types.PkgName, obj types.Object) {
		if to, ok := o.rel(obj.Pos()); ok {
			used[pn][to] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				if pn, ok := info.Uses[id].(*types.PkgName); ok {
					if used[pn] != nil {
						if obj := info.Uses[n.Sel]; obj != nil {
							use(pn, obj)
						}
					}
					return false
				}
			}
			// A method of a type of an imported package, called or taken
			// as a value: the file depends on the file defining it.
			if sel := info.Selections[n]; sel != nil && sel.Kind() != types.FieldVal {
				if m := sel.Obj(); m.Pkg() != nil {
					if pn := byPath[m.Pkg().Path()]; pn != nil {
						use(pn, m)
					}
				}
			}
		case *ast.Ident:
			if len(dots) == 0 {
				return true
			}
			obj := info.Uses[n]
			if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
				return true
			}
			for imp, pn := range dots {
				if imp.Path() == obj.Pkg().Path() {
					use(pn, obj)
				}
			}
		}
		return true
	})
	for _, files := range used {
		for to := range files {
			if to != rel {
				o.add("import", "file", rel, to)
			}
		}
	}
}

func (o *oracle) dir(p *packages.Package) string {
	for _, f := range p.Syntax {
		if rel, ok := o.rel(f.Pos()); ok {
			return pathDir(rel)
		}
	}
	return ""
}

func pathDir(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return "."
}
