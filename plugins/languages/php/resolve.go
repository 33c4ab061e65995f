package php

import (
	"context"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// psr4 is one autoload rule of a composer.json: classes whose name starts
// with prefix live under dir (a repository path), one file per class.
type psr4 struct {
	prefix, dir string
}

// ResolveImports maps each import to files.
//
// A use (Level 0) names a class, function or constant: it is looked up
// with the PSR-4 rules of every composer.json in the repository (autoload
// and autoload-dev, vendor/ left out), the longest prefix first. A name
// under none of the repository's own top-level namespaces is a
// dependency's or PHP's: external. One under them that no rule places (a
// function, a class loaded by classmap) stays unresolved, for the core to
// find among the namespaces files declare. Without composer.json, a class
// is looked up by the path its name spells (App\Models\User in
// .../Models/User.php).
//
// require and include: Level 1 paths are relative to the file (__DIR__),
// Level 2 are tried beside the file, then from the root. A path into
// vendor/ is external.
func (p *phpLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	files := make(map[string]bool, len(req.GetFiles()))
	byBase := map[string][]string{}
	for _, f := range req.GetFiles() {
		files[f] = true
		if strings.HasSuffix(f, ".php") {
			byBase[path.Base(f)] = append(byBase[path.Base(f)], f)
		}
	}
	rules := p.composerRules(req.GetFiles())
	own := map[string]bool{}
	for _, r := range rules {
		if i := strings.Index(r.prefix, `\`); i > 0 {
			own[r.prefix[:i]] = true
		}
	}

	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		imp := site.GetImport()
		from, spec := site.GetFromPath(), imp.GetSpec()
		res := &sdk.ResolvedImport{FromPath: from, Spec: spec}
		switch imp.GetLevel() {
		case 1, 2:
			cands := []string{path.Join(path.Dir(from), spec)}
			if imp.GetLevel() == 2 {
				cands = append(cands, path.Clean(spec))
			}
			for _, c := range cands {
				if files[c] {
					res.ToPaths = []string{c}
					break
				}
			}
			res.External = len(res.ToPaths) == 0 && (strings.Contains(spec, "vendor/") || path.IsAbs(spec))
		default:
			res.ToPaths, res.External = resolveName(spec, rules, own, files, byBase)
		}
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}

func resolveName(spec string, rules []psr4, own map[string]bool, files map[string]bool, byBase map[string][]string) ([]string, bool) {
	for _, r := range rules {
		if !strings.HasPrefix(spec, r.prefix) {
			continue
		}
		f := path.Join(r.dir, strings.ReplaceAll(spec[len(r.prefix):], `\`, "/")+".php")
		if files[f] {
			return []string{f}, false
		}
	}
	first := spec
	if i := strings.Index(spec, `\`); i >= 0 {
		first = spec[:i]
	}
	if len(rules) > 0 {
		return nil, !own[first]
	}
	// No autoload rules: the class file by the path its name spells, at
	// least its last two segments.
	segs := strings.Split(spec, `\`)
	var found []string
	for _, f := range byBase[segs[len(segs)-1]+".php"] {
		if len(segs) == 1 {
			found = append(found, f)
			continue
		}
		suffix := strings.Join(segs[len(segs)-2:], "/") + ".php"
		if f == suffix || strings.HasSuffix(f, "/"+suffix) {
			found = append(found, f)
		}
	}
	if len(found) == 1 {
		return found, false
	}
	return nil, len(found) == 0 && len(segs) == 1
}

// composerRules reads the PSR-4 rules of the repository's composer.json
// files, longest prefix first. Missing or broken files give none.
func (p *phpLang) composerRules(paths []string) []psr4 {
	if p.root == "" {
		return nil
	}
	var rules []psr4
	for _, f := range paths {
		if path.Base(f) != "composer.json" || strings.Contains("/"+f, "/vendor/") || strings.Contains("/"+f, "/node_modules/") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(p.root, filepath.FromSlash(f)))
		if err != nil {
			continue
		}
		var c struct {
			Autoload struct {
				PSR4 map[string]json.RawMessage `json:"psr-4"`
			} `json:"autoload"`
			AutoloadDev struct {
				PSR4 map[string]json.RawMessage `json:"psr-4"`
			} `json:"autoload-dev"`
		}
		if json.Unmarshal(data, &c) != nil {
			continue
		}
		base := path.Dir(f)
		for _, m := range []map[string]json.RawMessage{c.Autoload.PSR4, c.AutoloadDev.PSR4} {
			for prefix, raw := range m {
				var dirs []string
				var one string
				if json.Unmarshal(raw, &one) == nil {
					dirs = []string{one}
				} else if json.Unmarshal(raw, &dirs) != nil {
					continue
				}
				for _, d := range dirs {
					rules = append(rules, psr4{prefix: strings.TrimPrefix(prefix, `\`), dir: path.Join(base, d)})
				}
			}
		}
	}
	sort.SliceStable(rules, func(i, j int) bool {
		if len(rules[i].prefix) != len(rules[j].prefix) {
			return len(rules[i].prefix) > len(rules[j].prefix)
		}
		return rules[i].dir < rules[j].dir
	})
	return rules
}
