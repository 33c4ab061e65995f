// Command godefs lists a Go repository's functions, methods, interface
// methods and package variables, named as the accuracy oracle names them
// (bench/accuracy/go/oracle): one line per definition,
//
//	PATH  LINE  NAME  NODE
//
// PATH relative to REPO, LINE the 1-based line of the name, NAME the bare
// name, NODE PATH#pkg.Func, PATH#pkg.Type.Method, PATH#pkg.Interface.Method
// or PATH#pkg.Var, a repeated qualified name numbered from the second on
// (~2). It parses only; peers' edges are mapped onto these names by path,
// name and line.
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: godefs REPO")
		os.Exit(2)
	}
	root := os.Args[1]
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "vendor" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		list(out, rel, p)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "godefs:", err)
		os.Exit(1)
	}
}

func list(out *bufio.Writer, rel, path string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil && f == nil {
		return
	}
	pkg := f.Name.Name
	count := map[string]int{}
	name := func(id *ast.Ident, parts ...string) {
		qn := pkg + "." + strings.Join(parts, ".")
		count[qn]++
		node := rel + "#" + qn
		if n := count[qn]; n > 1 {
			node += fmt.Sprintf("~%d", n)
		}
		fmt.Fprintf(out, "%s\t%d\t%s\t%s\n", rel, fset.Position(id.Pos()).Line, id.Name, node)
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
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
