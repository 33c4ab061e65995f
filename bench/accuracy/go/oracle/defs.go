package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

// defs lists every .go file's definitions under root, named as the oracle
// names them, one per line: PATH, LINE (of the name), NAME, NODE. It parses
// only, with no build or types, so that other tools' edges can be mapped
// onto the oracle's names by path, name and line.
func defs(root string, out io.Writer) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
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
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil && f == nil {
			return nil
		}
		eachDefinition(f, rel, func(id *ast.Ident, node string) {
			fmt.Fprintf(out, "%s\t%d\t%s\t%s\n", rel, fset.Position(id.Pos()).Line, id.Name, node)
		}, nil)
		return nil
	})
}
