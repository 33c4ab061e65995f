package ruby

import (
	"context"
	"path"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// ResolveImports maps each require to the file Ruby would load.
// require_relative (Level 1) is relative to the requiring file; a path not
// found there stays unresolved. require, load and autoload search the load
// path a project sets up: every lib/ directory (nearest to the requiring
// file first), then spec/ and test/ directories (RSpec and Minitest add
// them), then the repository root. A require found nowhere names a gem or
// the standard library: external.
func (p *rbLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	files := make(map[string]bool, len(req.GetFiles()))
	for _, f := range req.GetFiles() {
		files[f] = true
	}
	roots := loadRoots(req.GetFiles())
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		imp := site.GetImport()
		from := site.GetFromPath()
		res := &sdk.ResolvedImport{FromPath: from, Spec: imp.GetSpec()}
		spec := imp.GetSpec()
		switch {
		case imp.GetLevel() > 0 || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
			if f := find(files, path.Join(path.Dir(from), spec)); f != "" {
				res.ToPaths = []string{f}
			}
		case strings.HasPrefix(spec, "/"):
			res.External = true // an absolute path outside the repository
		default:
			for _, root := range nearest(roots, from) {
				if f := find(files, path.Join(root, spec)); f != "" {
					res.ToPaths = []string{f}
					break
				}
			}
			res.External = len(res.ToPaths) == 0
		}
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}

// find returns the file at p, with Ruby's .rb added when it has none.
func find(files map[string]bool, p string) string {
	if strings.HasPrefix(p, "../") || p == ".." {
		return ""
	}
	if !strings.HasSuffix(p, ".rb") && files[p+".rb"] {
		return p + ".rb"
	}
	if files[p] {
		return p
	}
	return ""
}

// loadRoots lists the directories a project puts on Ruby's load path: the
// lib/ directories, then spec/ and test/, then the root.
func loadRoots(files []string) []string {
	lib, tests := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if !strings.HasSuffix(f, ".rb") {
			continue
		}
		parts := strings.Split(path.Dir(f), "/")
		for i, d := range parts {
			switch d {
			case "lib":
				lib[strings.Join(parts[:i+1], "/")] = true
			case "spec", "test":
				tests[strings.Join(parts[:i+1], "/")] = true
			}
		}
	}
	var roots []string
	for _, set := range []map[string]bool{lib, tests} {
		var dirs []string
		for d := range set {
			dirs = append(dirs, d)
		}
		sort.Strings(dirs)
		roots = append(roots, dirs...)
	}
	return append(roots, ".")
}

// nearest orders roots by how much of its path each shares with from, so
// that a gem inside a monorepo finds its own lib/ first; the order of
// loadRoots breaks ties.
func nearest(roots []string, from string) []string {
	out := append([]string(nil), roots...)
	score := func(r string) int {
		if r == "." {
			return -1
		}
		dir := path.Dir(r)
		if dir == "." || strings.HasPrefix(from, dir+"/") {
			return len(dir)
		}
		return -2
	}
	sort.SliceStable(out, func(i, j int) bool { return score(out[i]) > score(out[j]) })
	return out
}
