package golang

import (
	"context"
	"path"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// ResolveImports maps each import path to the non-test .go files of its
// directory. The module owning the path is the go.mod whose module path is
// its longest prefix, so a nested module wins over the one enclosing it.
// Paths no go.mod claims (the standard library, dependencies) are external.
func (g *goLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	type module struct{ path, dir string }
	var modules []module
	for _, m := range req.GetManifests() {
		if m.GetKind() != "go.mod" && path.Base(m.GetPath()) != "go.mod" {
			continue
		}
		if m.GetName() == "" {
			continue
		}
		modules = append(modules, module{path: m.GetName(), dir: path.Dir(m.GetPath())})
	}

	byDir := map[string][]string{}
	for _, f := range req.GetFiles() {
		if strings.HasSuffix(f, ".go") && !strings.HasSuffix(f, "_test.go") {
			dir := path.Dir(f)
			byDir[dir] = append(byDir[dir], f)
		}
	}
	for _, files := range byDir {
		sort.Strings(files)
	}

	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		spec := site.GetImport().GetSpec()
		r := &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: spec}
		best := -1
		for i, m := range modules {
			if (spec == m.path || strings.HasPrefix(spec, m.path+"/")) &&
				(best < 0 || len(m.path) > len(modules[best].path)) {
				best = i
			}
		}
		if best < 0 {
			r.External = true
		} else {
			m := modules[best]
			dir := path.Join(m.dir, strings.TrimPrefix(spec[len(m.path):], "/"))
			// A path inside the module with no files here (generated code,
			// a filtered tree) is unresolved, not external.
			r.ToPaths = append([]string(nil), byDir[dir]...)
		}
		out.Imports = append(out.Imports, r)
	}
	return out, nil
}
