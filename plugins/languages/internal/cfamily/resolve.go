package cfamily

import (
	"context"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// includeDirs are the directories of the repository the build searches for
// includes, as repository-relative paths, in the order they were found.
type includeDirs struct {
	dirs []string
}

// ResolveImports maps each #include to a repository file. A quoted include
// is looked up beside the including file first; then, quoted or not, in
// the include directories (every include/ directory, those CMakeLists.txt
// and compile_commands.json name); then as the one file whose path ends
// with it, the nearest to the includer when several do. A standard header,
// or an <include> found nowhere (a dependency), is external; a quoted one
// found nowhere is unresolved: it should be in the repository (a generated
// header).
func (l *Lang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	idx := newFileIndex(req.GetFiles())
	dirs := l.includeDirsFor(req.GetFiles())
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		spec := site.GetImport().GetSpec()
		r := &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: spec}
		r.ToPaths, r.External = idx.resolve(site.GetFromPath(), spec, dirs)
		out.Imports = append(out.Imports, r)
	}
	return out, nil
}

// fileIndex finds repository files by path and by base name.
type fileIndex struct {
	files  map[string]bool
	byBase map[string][]string
}

func newFileIndex(files []string) *fileIndex {
	idx := &fileIndex{files: make(map[string]bool, len(files)), byBase: map[string][]string{}}
	for _, f := range files {
		idx.files[f] = true
		b := path.Base(f)
		idx.byBase[b] = append(idx.byBase[b], f)
	}
	return idx
}

func (idx *fileIndex) resolve(from, spec string, dirs []string) ([]string, bool) {
	system := strings.HasPrefix(spec, "<") && strings.HasSuffix(spec, ">")
	name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(spec, "<"), ">"))
	if name == "" || strings.HasPrefix(name, "/") {
		return nil, true
	}
	if system && standardHeaders[name] {
		return nil, true
	}
	if !system {
		if p := path.Join(path.Dir(from), name); idx.files[p] {
			return []string{p}, false
		}
	}
	var hits []string
	for _, d := range dirs {
		if p := path.Join(d, name); idx.files[p] && !contains(hits, p) {
			hits = append(hits, p)
		}
	}
	if len(hits) == 0 && !standardHeaders[name] {
		for _, f := range idx.byBase[path.Base(name)] {
			if f == name || strings.HasSuffix(f, "/"+strings.TrimPrefix(path.Clean(name), "./")) {
				hits = append(hits, f)
			}
		}
	}
	if p := nearest(from, hits); p != "" {
		return []string{p}, false
	}
	if len(hits) > 1 {
		return nil, false // several equally near: which one the build uses is unknown
	}
	// Not in the repository: a standard or a dependency's header, or (when
	// quoted) one the build generates.
	return nil, system || standardHeaders[name]
}

// nearest picks among candidate files the one sharing the longest
// directory prefix with from; "" when none or a tie.
func nearest(from string, cands []string) string {
	if len(cands) == 1 {
		return cands[0]
	}
	best, bestLen, tie := "", -1, false
	for _, c := range cands {
		n := commonDirs(path.Dir(from), path.Dir(c))
		switch {
		case n > bestLen:
			best, bestLen, tie = c, n, false
		case n == bestLen:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

func commonDirs(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// includeDirsFor returns the repository's include directories, read once
// per repository root.
func (l *Lang) includeDirsFor(files []string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.includes == nil {
		l.includes = &includeDirs{dirs: findIncludeDirs(l.root, files)}
	}
	return l.includes.dirs
}

// findIncludeDirs lists the include/ directories of the file list, then
// those CMakeLists.txt files name, then compile_commands.json's -I flags;
// each only if some repository file lies under it.
func findIncludeDirs(root string, files []string) []string {
	present := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f); d != "." && d != "/" && !present[d]; d = path.Dir(d) {
			present[d] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	addDir := func(d string) {
		d = path.Clean(d)
		if seen[d] || (d != "." && !present[d]) {
			return
		}
		seen[d] = true
		out = append(out, d)
	}
	var incl []string
	for d := range present {
		if path.Base(d) == "include" {
			incl = append(incl, d)
		}
	}
	sort.Strings(incl)
	for _, d := range incl {
		addDir(d)
	}
	if root == "" {
		return out
	}
	for _, f := range files {
		if path.Base(f) == "CMakeLists.txt" {
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
			if err == nil {
				for _, d := range cmakeIncludeDirs(string(data), path.Dir(f)) {
					addDir(d)
				}
			}
		}
	}
	for _, cc := range compileCommandsFiles(root, files) {
		data, err := os.ReadFile(cc)
		if err == nil {
			for _, d := range compileCommandDirs(data, root) {
				addDir(d)
			}
		}
	}
	return out
}

var cmakeIncludeCall = regexp.MustCompile(`(?is)\b(target_include_directories|include_directories)\s*\(([^)]*)\)`)

// cmakeIncludeDirs reads the directories include_directories() and
// target_include_directories() name in one CMakeLists.txt, relative to the
// repository; dir is the file's directory. Paths built from variables
// other than the source directories (build directories, install prefixes)
// are skipped.
func cmakeIncludeDirs(text, dir string) []string {
	var out []string
	for _, m := range cmakeIncludeCall.FindAllStringSubmatch(text, -1) {
		args := strings.Fields(m[2])
		if strings.EqualFold(m[1], "target_include_directories") && len(args) > 0 {
			args = args[1:] // the target
		}
		for _, a := range args {
			a = strings.Trim(a, `"`)
			switch strings.ToUpper(a) {
			case "SYSTEM", "BEFORE", "AFTER", "INTERFACE", "PUBLIC", "PRIVATE":
				continue
			}
			if strings.HasPrefix(a, "$<") {
				if !strings.HasPrefix(a, "$<BUILD_INTERFACE:") {
					continue
				}
				a = strings.TrimSuffix(strings.TrimPrefix(a, "$<BUILD_INTERFACE:"), ">")
			}
			base := dir
			for _, v := range []string{"${CMAKE_CURRENT_SOURCE_DIR}", "${CMAKE_CURRENT_LIST_DIR}"} {
				if strings.HasPrefix(a, v) {
					a = strings.TrimPrefix(a[len(v):], "/")
				}
			}
			for _, v := range []string{"${PROJECT_SOURCE_DIR}", "${CMAKE_SOURCE_DIR}"} {
				if strings.HasPrefix(a, v) {
					a, base = strings.TrimPrefix(a[len(v):], "/"), "."
				}
			}
			if strings.Contains(a, "${") || strings.Contains(a, "$<") || path.IsAbs(a) {
				continue
			}
			p := path.Join(base, a)
			if !strings.HasPrefix(p, "../") && p != ".." {
				out = append(out, p)
			}
		}
	}
	return out
}

// compileCommandsFiles lists the compilation databases to read: those in
// the file list and the usual build directories' (usually not committed).
func compileCommandsFiles(root string, files []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range files {
		if path.Base(f) == "compile_commands.json" {
			p := filepath.Join(root, filepath.FromSlash(f))
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, d := range []string{"", "build", "out", "cmake-build-debug", "cmake-build-release"} {
		p := filepath.Join(root, d, "compile_commands.json")
		if !seen[p] {
			if _, err := os.Stat(p); err == nil {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// compileCommandDirs reads the -I, -iquote and -isystem directories of a
// compilation database that lie inside the repository.
func compileCommandDirs(data []byte, root string) []string {
	var entries []struct {
		Directory string   `json:"directory"`
		Command   string   `json:"command"`
		Arguments []string `json:"arguments"`
	}
	if json.Unmarshal(data, &entries) != nil {
		return nil
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, e := range entries {
		args := e.Arguments
		if len(args) == 0 {
			args = strings.Fields(e.Command)
		}
		for i := 0; i < len(args); i++ {
			a, dir := args[i], ""
			for _, flag := range []string{"-I", "-iquote", "-isystem"} {
				if a == flag && i+1 < len(args) {
					dir = args[i+1]
					i++
				} else if strings.HasPrefix(a, flag) && len(a) > len(flag) {
					dir = a[len(flag):]
				}
			}
			if dir == "" {
				continue
			}
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(e.Directory, dir)
			}
			rel, err := filepath.Rel(absRoot, dir)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			rel = filepath.ToSlash(rel)
			if !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
		}
	}
	return out
}
