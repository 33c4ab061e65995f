package python

import (
	"context"
	"path"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// manifestFiles mark a directory as a Python project root, whose modules
// are importable by their path below it.
var manifestFiles = map[string]bool{
	"pyproject.toml":   true,
	"setup.py":         true,
	"setup.cfg":        true,
	"requirements.txt": true,
	"Pipfile":          true,
}

// ResolveImports maps each import to the module files it loads. Absolute
// imports are looked up under the source roots: the repository root, src/,
// every directory holding a Python manifest (and its src/), and last the
// importing file's own directory when it is not a package (scripts,
// tests). "from a.b import c" also loads a/b/c.py when c is a submodule.
// Relative imports start at the importing file's package. An absolute
// import found nowhere is external; a relative one that is not found stays
// unresolved, since it cannot name another project.
func (p *pyLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	files := make(map[string]bool, len(req.GetFiles()))
	for _, f := range req.GetFiles() {
		files[f] = true
	}
	roots := sourceRoots(req.GetManifests())
	r := resolver{files: files}

	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		imp := site.GetImport()
		res := &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: imp.GetSpec()}
		// A relative spec starts with its dots, which Level counts.
		module := strings.TrimLeft(imp.GetSpec(), ".")
		rel := strings.ReplaceAll(module, ".", "/")
		if imp.GetLevel() > 0 {
			base := path.Dir(site.GetFromPath())
			escaped := false
			for i := int32(1); i < imp.GetLevel(); i++ {
				if base == "." {
					escaped = true // more dots than directories
					break
				}
				base = path.Dir(base)
			}
			if !escaped {
				res.ToPaths = r.lookup(path.Join(base, rel), module, imp.GetNames())
			}
		} else {
			search := roots
			// Python puts a script's own directory first on sys.path, and
			// pytest a test's; a package's modules do not get theirs, so
			// app/json.py must not capture "import json" in app/main.py.
			if dir := path.Dir(site.GetFromPath()); !files[path.Join(dir, "__init__.py")] {
				search = append(search[:len(search):len(search)], dir)
			}
			for _, root := range search {
				if res.ToPaths = r.lookup(path.Join(root, rel), module, imp.GetNames()); len(res.ToPaths) > 0 {
					// "import a.b" binds package a: its module is
					// loaded and reached through too.
					top, _, dotted := strings.Cut(module, ".")
					if pkg := r.module(path.Join(root, top), true); dotted && imp.GetAlias() == top && pkg != "" {
						res.ToPaths = append([]string{pkg}, res.ToPaths...)
					}
					break
				}
			}
			res.External = len(res.ToPaths) == 0
		}
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}

// sourceRoots lists where absolute imports start, most likely first.
func sourceRoots(manifests []*sdk.Manifest) []string {
	roots := []string{".", "src"}
	seen := map[string]bool{".": true, "src": true}
	add := func(dir string) {
		if !seen[dir] {
			seen[dir] = true
			roots = append(roots, dir)
		}
	}
	for _, m := range manifests {
		if !manifestFiles[m.GetKind()] && !manifestFiles[path.Base(m.GetPath())] {
			continue
		}
		dir := path.Dir(m.GetPath())
		add(dir)
		add(path.Join(dir, "src"))
	}
	return roots
}

type resolver struct{ files map[string]bool }

// lookup returns the module at p (a path without extension) and the
// submodules among names. An empty spec ("from . import x") names the
// package directory p itself, whose module is its __init__.py. When every
// name is a submodule, the import depends on them and not on the package
// module, which Python runs on the way but the file does not use.
func (r resolver) lookup(p, spec string, names []string) []string {
	var subs []string
	all := len(names) > 0
	for _, n := range names {
		if n == "*" || n == "" {
			all = false
			continue
		}
		if m := r.module(path.Join(p, strings.ReplaceAll(n, ".", "/")), false); m != "" {
			subs = append(subs, m)
		} else {
			all = false
		}
	}
	if all {
		return subs
	}
	if m := r.module(p, spec == ""); m != "" {
		return append([]string{m}, subs...)
	}
	return subs
}

// module finds the file Python would load for the module at p: a module
// file first, then a package, with stubs as a last resort.
func (r resolver) module(p string, packageOnly bool) string {
	for _, c := range [...]string{p + ".py", path.Join(p, "__init__.py"), p + ".pyi", path.Join(p, "__init__.pyi")} {
		if packageOnly && !strings.Contains(path.Base(c), "__init__") {
			continue
		}
		if r.files[c] {
			return c
		}
	}
	return ""
}
