package rust

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// ResolveImports maps use declarations, `mod x;` declarations and path
// qualifiers to files, following Rust's module tree: module a::b of a crate
// whose root is src/lib.rs is src/a/b.rs or src/a/b/mod.rs, and a path
// that goes on past the last module file names items in that file. A path
// starts from the crate (crate::), the file's module (self::, super::), a
// name the file binds (a `use`, a `mod`), or another crate: a crate of the
// workspace resolves into its src/lib.rs tree, any other crate (std, core,
// alloc, dependencies) is external.
func (r *rustLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	w := newWorkspace(req.GetFiles(), req.GetManifests(), r.root)
	byFile := map[string][]*sdk.Import{}
	w.imports, w.globs, w.bindMemo = byFile, map[string][]string{}, map[string]map[string]string{}
	imported := map[string]bool{} // "file\x00name": the file imports (re-exports) name
	for _, site := range req.GetImports() {
		byFile[site.GetFromPath()] = append(byFile[site.GetFromPath()], site.GetImport())
		for _, n := range site.GetImport().GetNames() {
			imported[site.GetFromPath()+"\x00"+n] = true
			if n == "*" {
				w.globs[site.GetFromPath()] = append(w.globs[site.GetFromPath()], site.GetImport().GetSpec())
			}
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
		bound := w.bindingsOf(from)
		var to string
		switch {
		case strings.HasSuffix(spec, "}"):
			// "a::{b}": b as an item of module a. When a::b is a module,
			// the reading holds only if a also imports an item b (mod
			// spawn; pub use spawn::spawn;): a module and a function may
			// share a name.
			parent, leaf, _ := strings.Cut(strings.TrimSuffix(spec, "}"), "::{")
			to, _, res.External = w.resolve(from, parent, bound)
			if file, exact, _ := w.resolve(from, parent+"::"+leaf, bound); file != "" && exact && !imported[to+"\x00"+leaf] {
				to = ""
			}
		case imp.GetAlias() != "" && len(imp.GetNames()) == 0 && imp.GetAlias() != spec && !strings.HasPrefix(spec, "mod "):
			// "a::b" bound to b: the module a::b, or nothing.
			var exact bool
			to, exact, res.External = w.resolve(from, spec, bound)
			if !exact {
				to = ""
			}
		default:
			to, _, res.External = w.resolve(from, spec, bound)
		}
		if to != "" {
			res.ToPaths = []string{to}
		}
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}

// workspace is what resolution knows of the repository: its files and its
// crates' roots by name.
type workspace struct {
	globs    map[string][]string      // file → specs of its glob imports
	imports  map[string][]*sdk.Import // file → its imports
	bindMemo map[string]map[string]string
	depth    int // glob imports followed, one inside another
	files    map[string]bool
	dirs     map[string]bool   // directories holding files
	crates   map[string]string // crate name → root file (src/lib.rs)
}

func newWorkspace(files []string, manifests []*sdk.Manifest, repoRoot string) *workspace {
	w := &workspace{files: make(map[string]bool, len(files)), dirs: map[string]bool{}, crates: map[string]string{}}
	for _, f := range files {
		w.files[f] = true
		for d := path.Dir(f); d != "." && d != "/" && !w.dirs[d]; d = path.Dir(d) {
			w.dirs[d] = true
		}
	}
	named := map[string]bool{} // crate directories a manifest named
	for _, m := range manifests {
		if m.GetKind() != "cargo" && path.Base(m.GetPath()) != "Cargo.toml" {
			continue
		}
		dir := path.Dir(m.GetPath())
		if m.GetName() == "" {
			continue
		}
		named[dir] = true
		if lib := w.libOf(dir); lib != "" {
			w.addCrate(m.GetName(), lib)
		}
	}
	// Without manifests, every src/lib.rs is a crate, named by its
	// Cargo.toml when one can be read, else by its directory.
	for _, f := range files {
		if f != "src/lib.rs" && !strings.HasSuffix(f, "/src/lib.rs") {
			continue
		}
		dir := path.Dir(path.Dir(f))
		if named[dir] {
			continue
		}
		name := cargoName(repoRoot, dir)
		if name == "" {
			name = path.Base(dir)
			if dir == "." {
				continue
			}
		}
		w.addCrate(name, f)
	}
	return w
}

func (w *workspace) addCrate(name, root string) {
	name = strings.ReplaceAll(name, "-", "_")
	if _, ok := w.crates[name]; !ok {
		w.crates[name] = root
	}
}

func (w *workspace) libOf(dir string) string {
	for _, p := range []string{"src/lib.rs", "lib.rs"} {
		if f := path.Join(dir, p); w.files[f] {
			return f
		}
	}
	return ""
}

// cargoName reads [package] name from dir/Cargo.toml under the repository
// root, "" when there is none.
func cargoName(repoRoot, dir string) string {
	if repoRoot == "" {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(dir), "Cargo.toml"))
	if err != nil {
		return ""
	}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		if section != "package" {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "name" {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// bindings are the names a file's imports bind as modules, to the specs
// that bind them: what a path starting with such a name continues. A
// `mod x;` wins over a use of the same name: `mod spawn; pub use
// spawn::spawn;` binds the module spawn and the function spawn, which live
// apart in Rust, and the path spawn::spawn starts from the module.
func bindings(imports []*sdk.Import) map[string]string {
	out := map[string]string{}
	for _, imp := range imports {
		spec := imp.GetSpec()
		if strings.HasSuffix(spec, "}") || strings.HasPrefix(spec, "mod ") || strings.HasPrefix(spec, "#[") {
			continue // item readings; mods below
		}
		name := imp.GetAlias()
		if name == "" || strings.Contains(name, "::") {
			if names := imp.GetNames(); len(names) == 1 && names[0] != "*" {
				name = names[0]
			} else {
				continue
			}
		}
		if strings.HasPrefix(spec, name+"::") {
			continue // starts from another binding of the same name
		}
		out[name] = spec
	}
	for _, imp := range imports {
		spec := imp.GetSpec()
		if (strings.HasPrefix(spec, "mod ") || strings.HasPrefix(spec, "#[")) && imp.GetAlias() != "" {
			out[imp.GetAlias()] = spec
		}
	}
	return out
}

func (w *workspace) bindingsOf(file string) map[string]string {
	if b, ok := w.bindMemo[file]; ok {
		return b
	}
	b := bindings(w.imports[file])
	w.bindMemo[file] = b
	return b
}

// crateCtx is where a file sits: the directory of its crate's root, its
// crate's root file ("" when unknown: tests/common/mod.rs serves several
// test crates) and its module path.
type crateCtx struct {
	rootDir, rootFile string
	path              []string
}

func (w *workspace) ctxOf(file string) crateCtx {
	m := moduleOf(file)
	if m.root {
		return crateCtx{rootDir: path.Dir(file), rootFile: file}
	}
	dir := path.Dir(file)
	up := len(m.path) - 1
	if m.ownsDir {
		up = len(m.path)
	}
	for i := 0; i < up; i++ {
		dir = path.Dir(dir)
	}
	c := crateCtx{rootDir: dir, path: m.path}
	for _, r := range []string{"lib.rs", "main.rs"} {
		if f := path.Join(dir, r); w.files[f] {
			c.rootFile = f
			break
		}
	}
	return c
}

// maxRebind bounds how many use bindings one path is followed through.
const maxRebind = 4

// resolve returns the file an import names, whether the file is the
// module the whole path names (no item left after it), and whether the
// path is external.
func (w *workspace) resolve(from, spec string, bound map[string]string) (string, bool, bool) {
	if spec == binarySpec {
		// The crate's binary, for a crate with no library.
		dir := path.Dir(path.Dir(from))
		if main := path.Join(dir, "src/main.rs"); w.libOf(dir) == "" && w.files[main] {
			return main, true, false
		}
		return "", false, false
	}
	if rest, ok := strings.CutPrefix(spec, "#[path="); ok {
		// #[path = "x.rs"] mod x: relative to the declaring file's directory.
		p, _, _ := strings.Cut(rest, "]")
		p = strings.Trim(p, `"`)
		if f := path.Join(path.Dir(from), p); w.files[f] {
			return f, true, false
		}
		return "", false, false
	}
	if rest, ok := strings.CutPrefix(spec, "mod "); ok {
		f := w.childModule(from, strings.Split(rest, "::"))
		return f, f != "", false
	}
	segs := strings.Split(spec, "::")
	c := w.ctxOf(from)
	for step := 0; ; step++ {
		if len(segs) == 0 || segs[0] == "" {
			return "", false, false
		}
		switch head := segs[0]; {
		case head == "crate":
			f, exact := w.walk(c, segs[1:])
			return f, exact, false
		case head == "self":
			f, exact := w.walk(c, append(append([]string(nil), c.path...), segs[1:]...))
			return f, exact, false
		case head == "super":
			k := 0
			for k < len(segs) && segs[k] == "super" {
				k++
			}
			if k > len(c.path) {
				return "", false, false
			}
			f, exact := w.walk(c, append(append([]string(nil), c.path[:len(c.path)-k]...), segs[k:]...))
			return f, exact, false
		}
		if b, ok := bound[segs[0]]; ok && b != spec && step < maxRebind {
			if strings.HasPrefix(b, "#[") {
				// #[path] mod x: the file the attribute names, x's items in it.
				f, _, _ := w.resolve(from, b, nil)
				return f, f != "" && len(segs) == 1, false
			}
			if rest, isMod := strings.CutPrefix(b, "mod "); isMod {
				b = "self::" + rest
			}
			segs = append(strings.Split(b, "::"), segs[1:]...)
			continue
		}
		if root, ok := w.crates[segs[0]]; ok {
			f, exact := w.walk(w.ctxOf(root), segs[1:])
			return f, exact, false
		}
		// A name a glob import brings in (use super::*; io::...): the name
		// as the glob's module binds it.
		if w.depth < maxRebind {
			w.depth++
			for _, g := range w.globs[from] {
				target, _, _ := w.resolve(from, g, bound)
				if tb := w.bindingsOf(target); target != "" && target != from && tb[segs[0]] != "" {
					f, exact, ext := w.resolve(target, strings.Join(segs, "::"), tb)
					w.depth--
					return f, exact, ext
				}
			}
			w.depth--
		}
		return "", false, true
	}
}

// walk follows a module path from the crate's root to the last module with
// a file of its own; the segments left name items in it. exact says none
// is left.
func (w *workspace) walk(c crateCtx, mods []string) (string, bool) {
	cur, dir := c.rootFile, c.rootDir
	exact := cur != ""
	for _, s := range mods {
		switch {
		case w.files[path.Join(dir, s+".rs")]:
			cur, exact = path.Join(dir, s+".rs"), true
		case w.files[path.Join(dir, s, "mod.rs")]:
			cur, exact = path.Join(dir, s, "mod.rs"), true
		case w.dirs[path.Join(dir, s)]:
			// An inline module whose own modules have files: mod s { mod t; }
			// puts t in s/t.rs. s is an item of the current file.
			exact = false
		default:
			return cur, false
		}
		dir = path.Join(dir, s)
	}
	return cur, exact
}

// childModule is the file of `mod x;` declared in from (or in an inline
// module of it, mods holding the inline modules' names before x).
func (w *workspace) childModule(from string, mods []string) string {
	dir := path.Dir(from)
	if m := moduleOf(from); !m.ownsDir {
		dir = path.Join(dir, strings.TrimSuffix(path.Base(from), ".rs"))
	}
	base := path.Join(append([]string{dir}, mods...)...)
	for _, f := range []string{base + ".rs", path.Join(base, "mod.rs")} {
		if w.files[f] {
			return f
		}
	}
	return ""
}
