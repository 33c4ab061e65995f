package ecma

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

// ResolveImports maps each import to the file it loads:
//   - a relative spec ("./x", "../y/z.js") is probed as written, then with
//     the family's extensions, then as a directory: the entry its
//     package.json names, if it holds one, else its index file; an import
//     written with .js that names a TypeScript file (ESM style) finds it;
//   - a non-relative spec goes through the paths and baseUrl of the
//     nearest tsconfig.json or jsconfig.json above the importing file
//     (following extends within the repository);
//   - a spec naming a package of the repository (a package.json's name:
//     npm, yarn and pnpm workspaces) loads that package's entry file or
//     the file it names below it;
//   - any other bare spec is a dependency or a runtime module: external.
//
// A relative import or a workspace package's file that is not found stays
// unresolved: it names the repository, whose file is missing.
func (p *plugin) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	r := newResolver(p.repoRoot(), req.GetFiles(), req.GetManifests())
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		spec := site.GetImport().GetSpec()
		res := &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: spec}
		res.ToPaths, res.External = r.resolve(site.GetFromPath(), spec)
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}

// The extensions probed, in order, for a spec written without one. A
// TypeScript importer prefers the TypeScript file where both exist (a
// compiled copy beside its source), and a declaration file to the
// JavaScript it declares, as the compiler does (fastify's types/*.d.ts
// import '../fastify', which is fastify.d.ts, not fastify.js); a
// JavaScript importer prefers the JavaScript file.
var (
	tsFirst = []string{".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}
	jsFirst = []string{".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".d.ts"}
)

// outputSources are the TypeScript files an output extension comes from.
var outputSources = map[string][]string{
	".js":  {".ts", ".tsx", ".d.ts"},
	".jsx": {".tsx"},
	".mjs": {".mts", ".d.mts"},
	".cjs": {".cts", ".d.cts"},
}

type resolver struct {
	root  string
	files map[string]bool
	// packages maps a repository package's name to its directory.
	packages map[string]string
	configs  map[string]*tsconfig // by the path of the file read
	entering map[string]bool      // package directories whose entry is being looked up
}

func newResolver(root string, files []string, manifests []*sdk.Manifest) *resolver {
	r := &resolver{root: root, files: make(map[string]bool, len(files)),
		packages: map[string]string{}, configs: map[string]*tsconfig{}, entering: map[string]bool{}}
	for _, f := range files {
		r.files[f] = true
	}
	for _, m := range manifests {
		if path.Base(m.GetPath()) == "package.json" && m.GetName() != "" && !strings.Contains(m.GetPath(), "node_modules/") {
			r.packages[m.GetName()] = path.Dir(m.GetPath())
		}
	}
	return r
}

func (r *resolver) resolve(from, spec string) ([]string, bool) {
	if i := strings.IndexAny(spec, "?#"); i > 0 {
		spec = spec[:i] // a bundler's query: ./icon.svg?raw
	}
	exts := tsFirst
	if isJS(from) {
		exts = jsFirst
	}
	switch {
	case spec == "" || strings.HasPrefix(spec, "/"):
		return nil, false
	case spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
		p := path.Join(path.Dir(from), spec)
		if found := r.probe(p, exts); found != nil {
			return found, false
		}
		// The compiler's output, which the repository does not hold:
		// yargs' index.mjs and tests import ./build/lib/yargs-factory.js,
		// compiled from lib/yargs-factory.ts.
		if cfg := r.nearestConfig(from); cfg != nil {
			if src, ok := cfg.sourceOf(p); ok {
				return r.probe(src, exts), false
			}
		}
		return nil, false
	case strings.HasPrefix(spec, "node:"):
		return nil, true
	}
	if cfg := r.nearestConfig(from); cfg != nil {
		if found, ok := cfg.resolve(r, spec, exts); ok {
			return found, false
		}
	}
	name, sub := packageName(spec)
	if dir, ok := r.packages[name]; ok {
		return r.packageFile(dir, sub, exts), false
	}
	return nil, true
}

func isJS(p string) bool {
	switch path.Ext(p) {
	case ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

// probe finds the file a module path loads: itself, with an extension, or
// a directory's index.
func (r *resolver) probe(p string, exts []string) []string {
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") {
		return nil
	}
	if r.files[p] {
		return []string{p}
	}
	// ESM TypeScript imports its files by their output's name.
	stem, ext := strings.TrimSuffix(p, path.Ext(p)), path.Ext(p)
	for _, e := range outputSources[ext] {
		if r.files[stem+e] {
			return []string{stem + e}
		}
	}
	for _, e := range exts {
		if r.files[p+e] {
			return []string{p + e}
		}
	}
	// A directory holding a package loads the entry its package.json
	// names (require('../..') in a package's tests loads its main).
	if r.files[path.Join(p, "package.json")] && !r.entering[p] {
		r.entering[p] = true
		found := r.packageFile(p, "", exts)
		delete(r.entering, p)
		if found != nil {
			return found
		}
	}
	for _, e := range exts {
		if c := path.Join(p, "index"+e); r.files[c] {
			return []string{c}
		}
	}
	return nil
}

// packageName splits a bare spec into its package (lodash, @scope/pkg)
// and the path below it.
func packageName(spec string) (name, sub string) {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		name = parts[0] + "/" + parts[1]
		if len(parts) == 3 {
			sub = parts[2]
		}
		return name, sub
	}
	name, sub, _ = strings.Cut(spec, "/")
	return name, sub
}

// packageFile finds a repository package's entry (sub empty) or a file
// below it. The entry named by package.json usually points at build output
// the repository does not hold, so its source counterpart under src/ is
// tried too.
func (r *resolver) packageFile(dir, sub string, exts []string) []string {
	if sub != "" {
		for _, base := range []string{dir, path.Join(dir, "src")} {
			if found := r.probe(path.Join(base, sub), exts); found != nil {
				return found
			}
		}
		return nil
	}
	var entries []string
	if data, err := r.read(path.Join(dir, "package.json")); err == nil {
		var pkg struct {
			Source, Types, Typings, Module, Main string
		}
		if json.Unmarshal(data, &pkg) == nil {
			// A TypeScript importer compiles against the types; a
			// JavaScript one runs the main entry (commander's examples
			// load index.js, not typings/index.d.ts).
			order := []string{pkg.Source, pkg.Types, pkg.Typings, pkg.Module, pkg.Main}
			if exts[0] == jsFirst[0] {
				order = []string{pkg.Main, pkg.Module, pkg.Source, pkg.Types, pkg.Typings}
			}
			for _, e := range order {
				if e == "" {
					continue
				}
				e = strings.TrimPrefix(e, "./")
				entries = append(entries, e)
				for _, out := range []string{"dist/", "lib/", "build/", "out/"} {
					if rest, ok := strings.CutPrefix(e, out); ok {
						entries = append(entries, "src/"+rest)
					}
				}
			}
		}
	}
	entries = append(entries, "src/index", "index", "lib/index")
	for _, e := range entries {
		e = strings.TrimSuffix(e, ".d.ts")
		if found := r.probe(path.Join(dir, e), exts); found != nil {
			return found
		}
	}
	return nil
}

func (r *resolver) read(p string) ([]byte, error) {
	if r.root == "" || !r.files[p] {
		return nil, os.ErrNotExist
	}
	return os.ReadFile(filepath.Join(r.root, filepath.FromSlash(p)))
}

// tsconfig is what import resolution takes from a tsconfig.json, with
// what it extends applied.
type tsconfig struct {
	baseURL   string // repository path; "" when not set
	hasBase   bool
	paths     map[string][]string
	pathsBase string // where paths' substitutions start
	patterns  []string
	// outDir is where the compiler writes its output, rootDir the
	// directory whose tree it mirrors there (repository paths; outDir ""
	// when not set).
	outDir, rootDir string
}

// sourceOf maps a path under the compiler's output directory to where its
// source would be, its extension left for probe to map.
func (c *tsconfig) sourceOf(p string) (string, bool) {
	if c.outDir == "" || c.outDir == c.rootDir {
		return "", false
	}
	rest, ok := strings.CutPrefix(p, c.outDir+"/")
	if !ok {
		return "", false
	}
	return path.Join(c.rootDir, rest), true
}

// nearestConfig is the tsconfig.json (or jsconfig.json) of the closest
// directory above from.
func (r *resolver) nearestConfig(from string) *tsconfig {
	if r.root == "" {
		return nil
	}
	for dir := path.Dir(from); ; dir = path.Dir(dir) {
		for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
			if p := path.Join(dir, name); r.files[p] {
				if cfg := r.load(p, 0); cfg != nil {
					return cfg
				}
			}
		}
		if dir == "." || dir == "/" || dir == "" {
			return nil
		}
	}
}

// load reads a config and what it extends, at most a few levels deep.
func (r *resolver) load(p string, depth int) *tsconfig {
	if cfg, ok := r.configs[p]; ok {
		return cfg
	}
	r.configs[p] = nil // a cycle of extends stops here
	data, err := r.read(p)
	if err != nil || depth > 5 {
		return nil
	}
	var raw struct {
		Extends         json.RawMessage
		CompilerOptions struct {
			BaseURL *string `json:"baseUrl"`
			Paths   map[string][]string
			OutDir  *string `json:"outDir"`
			RootDir *string `json:"rootDir"`
		}
	}
	if json.Unmarshal(jsonc(data), &raw) != nil {
		return nil
	}
	cfg := &tsconfig{}
	var parents []string
	var one string
	if json.Unmarshal(raw.Extends, &one) == nil {
		parents = []string{one}
	} else {
		_ = json.Unmarshal(raw.Extends, &parents)
	}
	dir := path.Dir(p)
	for _, e := range parents {
		if !strings.HasPrefix(e, ".") {
			continue // a package's config: not in the repository
		}
		pp := path.Join(dir, e)
		if !strings.HasSuffix(pp, ".json") {
			pp += ".json"
		}
		if parent := r.load(pp, depth+1); parent != nil {
			*cfg = *parent
		}
	}
	if b := raw.CompilerOptions.BaseURL; b != nil {
		cfg.baseURL, cfg.hasBase = path.Join(dir, *b), true
	}
	if raw.CompilerOptions.Paths != nil {
		cfg.paths, cfg.pathsBase = raw.CompilerOptions.Paths, dir
	}
	if o := raw.CompilerOptions.OutDir; o != nil {
		cfg.outDir = path.Join(dir, *o)
		if cfg.rootDir == "" {
			cfg.rootDir = dir
		}
	}
	if rd := raw.CompilerOptions.RootDir; rd != nil {
		cfg.rootDir = path.Join(dir, *rd)
	}
	if cfg.hasBase {
		cfg.pathsBase = cfg.baseURL
	}
	cfg.patterns = cfg.patterns[:0:0]
	for k := range cfg.paths {
		cfg.patterns = append(cfg.patterns, k)
	}
	// The longest prefix before the wildcard wins, as in tsc.
	sort.Slice(cfg.patterns, func(i, j int) bool {
		pi, pj := strings.Index(cfg.patterns[i], "*"), strings.Index(cfg.patterns[j], "*")
		if pi < 0 {
			pi = len(cfg.patterns[i]) + 1
		}
		if pj < 0 {
			pj = len(cfg.patterns[j]) + 1
		}
		if pi != pj {
			return pi > pj
		}
		return cfg.patterns[i] < cfg.patterns[j]
	})
	r.configs[p] = cfg
	return cfg
}

// resolve maps a non-relative spec through paths, then baseUrl.
func (c *tsconfig) resolve(r *resolver, spec string, exts []string) ([]string, bool) {
	for _, pat := range c.patterns {
		star := ""
		if prefix, suffix, wild := strings.Cut(pat, "*"); wild {
			if !strings.HasPrefix(spec, prefix) || !strings.HasSuffix(spec, suffix) || len(spec) < len(prefix)+len(suffix) {
				continue
			}
			star = spec[len(prefix) : len(spec)-len(suffix)]
		} else if pat != spec {
			continue
		}
		for _, sub := range c.paths[pat] {
			target := strings.Replace(sub, "*", star, 1)
			if found := r.probe(path.Join(c.pathsBase, target), exts); found != nil {
				return found, true
			}
		}
	}
	if c.hasBase {
		if found := r.probe(path.Join(c.baseURL, spec), exts); found != nil {
			return found, true
		}
	}
	return nil, false
}

// jsonc turns JSON with comments and trailing commas, which tsconfig
// files allow, into JSON.
func jsonc(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out = append(out, c)
			if c == '\\' && i+1 < len(b) {
				i++
				out = append(out, b[i])
			} else if c == '"' {
				inString = false
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
			out = append(out, c)
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			out = append(out, '\n')
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			i += 2
			for i+1 < len(b) && !(b[i] == '*' && b[i+1] == '/') {
				i++
			}
			i++
		case c == ']' || c == '}':
			// Drop a trailing comma before the closing bracket.
			j := len(out) - 1
			for j >= 0 && (out[j] == ' ' || out[j] == '\t' || out[j] == '\n' || out[j] == '\r') {
				j--
			}
			if j >= 0 && out[j] == ',' {
				out = append(out[:j], out[j+1:]...)
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
