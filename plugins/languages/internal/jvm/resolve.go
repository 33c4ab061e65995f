package jvm

import (
	"bytes"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/homer-dev/homer/sdk"
)

// Sources are the extensions of the files that declare JVM packages here.
var Sources = []string{".java", ".kt", ".kts"}

func isSource(p string) bool {
	for _, e := range Sources {
		if strings.HasSuffix(p, e) {
			return true
		}
	}
	return false
}

// index is what import resolution knows of the repository.
type index struct {
	// byName maps a file's name without its extension ("C" of a/b/C.java)
	// to the files of that name: the files of a tail "a/b/C" are those of
	// them whose path without extension is it or ends in "/a/b/C". One
	// entry a file rather than one a tail of its path: on spring-boot's
	// 9,500 JVM files, a dozen directories deep, 114,000 entries made most
	// of the Java plugin's heap while it resolved imports.
	byName map[string][]string
	// pkgFiles maps a declared package to its files.
	pkgFiles map[string][]string
	// When no package could be read (guessed), pkgDirs maps each directory
	// suffix written as a package ("b.c" of a/b/c) to the directories
	// ending so, and dirFiles each directory to its files; a package's
	// files are those of its directories.
	pkgDirs  map[string][]string
	dirFiles map[string][]string
	// declared holds every declared package and, when no package could be
	// read, every directory suffix written as a package.
	declared map[string]bool
	// guessed: declared comes from directories, whose one-segment
	// suffixes ("java" of src/main/java) say nothing.
	guessed bool
}

// headSize bounds how much of a file is read for its package declaration.
const headSize = 8 << 10

func newIndex(root string, files []string) *index {
	x := &index{byName: map[string][]string{}, pkgFiles: map[string][]string{}, declared: map[string]bool{}}
	read := 0
	for _, f := range files {
		if !isSource(f) {
			continue
		}
		stem := strings.TrimSuffix(f, path.Ext(f))
		name := stem[strings.LastIndexByte(stem, '/')+1:]
		x.byName[name] = append(x.byName[name], f)
		pkg, ok := readPackage(root, f)
		if ok {
			read++
			x.pkgFiles[pkg] = append(x.pkgFiles[pkg], f)
			x.declared[pkg] = true
		}
	}
	if read == 0 {
		x.guessed = true
		// No file could be read (no work tree): directories stand in for
		// the packages they usually mirror, each of their suffixes
		// (src/main/java/com/acme: com.acme, java.com.acme, ...).
		x.pkgDirs, x.dirFiles = map[string][]string{}, map[string][]string{}
		var dirs []string
		for _, f := range files {
			if !isSource(f) {
				continue
			}
			d := path.Dir(f)
			if _, ok := x.dirFiles[d]; !ok {
				dirs = append(dirs, d)
			}
			x.dirFiles[d] = append(x.dirFiles[d], f)
		}
		for _, d := range dirs {
			segs := strings.Split(d, "/")
			for i := range segs {
				pkg := strings.Join(segs[i:], ".")
				x.declared[pkg] = true
				x.pkgDirs[pkg] = append(x.pkgDirs[pkg], d)
			}
		}
	}
	return x
}

// filesOf returns the files of a package, in no particular order.
func (x *index) filesOf(pkg string) []string {
	if !x.guessed {
		return x.pkgFiles[pkg]
	}
	var out []string
	for _, d := range x.pkgDirs[pkg] {
		out = append(out, x.dirFiles[d]...)
	}
	return out
}

// ofTail returns the files whose path without extension is tail or ends
// in "/" and tail.
func (x *index) ofTail(tail string) []string {
	var out []string
	for _, f := range x.byName[tail[strings.LastIndexByte(tail, '/')+1:]] {
		stem := strings.TrimSuffix(f, path.Ext(f))
		if stem == tail || strings.HasSuffix(stem, tail) && stem[len(stem)-len(tail)-1] == '/' {
			out = append(out, f)
		}
	}
	return out
}

func readPackage(root, f string) (string, bool) {
	if root == "" {
		return "", false
	}
	fh, err := os.Open(filepath.Join(root, filepath.FromSlash(f)))
	if err != nil {
		return "", false
	}
	defer fh.Close()
	buf := make([]byte, headSize)
	n, _ := io.ReadFull(fh, buf)
	return PackageOf(buf[:n]), true
}

// PackageOf finds the package declaration in a source file's head: the
// first line starting with "package", outside block comments. A file
// without one is in the default package, "".
func PackageOf(src []byte) string {
	inComment := false
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		line = bytes.TrimSpace(line)
		if inComment {
			if i := bytes.Index(line, []byte("*/")); i >= 0 {
				inComment = false
				line = bytes.TrimSpace(line[i+2:])
			} else {
				continue
			}
		}
		if bytes.HasPrefix(line, []byte("/*")) && !bytes.Contains(line[2:], []byte("*/")) {
			inComment = true
			continue
		}
		if rest, ok := bytes.CutPrefix(line, []byte("package")); ok && len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
			rest = bytes.TrimSpace(rest)
			end := 0
			for end < len(rest) && (isIdent(rest[end]) || rest[end] == '.' || rest[end] == '`') {
				end++
			}
			return strings.ReplaceAll(string(rest[:end]), "`", "")
		}
		if bytes.HasPrefix(line, []byte("import")) || bytes.HasPrefix(line, []byte("class ")) || bytes.HasPrefix(line, []byte("public ")) {
			return ""
		}
	}
	return ""
}

// Resolve maps each import of req to repository files, or says it is
// external (see the package doc). root is the repository's work tree, "" if
// there is none to read.
func Resolve(ctx context.Context, root string, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return resolveWith(ctx, newIndex(root, req.GetFiles()), req)
}

// Resolver is Resolve for a plugin that is sent its imports in several
// requests (Info.ImportsByFile): each request carries every file, and the
// index of the last request's files and root is kept for the next, so
// the packages the files declare are read once, not once a request.
type Resolver struct {
	mu    sync.Mutex
	root  string
	files []string
	x     *index
}

// Resolve is the package's Resolve with the index of the last call's
// files reused when this call's files and root are the same.
func (r *Resolver) Resolve(ctx context.Context, root string, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return resolveWith(ctx, r.index(root, req.GetFiles()), req)
}

func (r *Resolver) index(root string, files []string) *index {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.x == nil || r.root != root || !slices.Equal(r.files, files) {
		r.root, r.files, r.x = root, files, newIndex(root, files)
	}
	return r.x
}

func resolveWith(ctx context.Context, x *index, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		imp := site.GetImport()
		res := &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: imp.GetSpec()}
		res.ToPaths = x.lookup(imp.GetSpec(), wildcard(imp))
		res.External = len(res.ToPaths) == 0 && !x.inRepo(imp.GetSpec())
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}

func wildcard(imp *sdk.Import) bool {
	for _, n := range imp.GetNames() {
		if n == "*" {
			return true
		}
	}
	return false
}

// lookup finds the files an import names.
func (x *index) lookup(spec string, wild bool) []string {
	if wild {
		if files := x.filesOf(spec); len(files) > 0 {
			return sorted(files)
		}
	}
	pkg, typ := SplitSpec(spec)
	if len(typ) == 0 {
		return nil
	}
	// The outermost type names the file; a nested type or a static member
	// lives in it.
	name := typ[0]
	tail := name
	if pkg != "" {
		tail = strings.ReplaceAll(pkg, ".", "/") + "/" + name
	}
	if files := x.ofTail(tail); len(files) > 0 {
		return sorted(files)
	}
	var found []string
	for _, f := range x.filesOf(pkg) {
		base := path.Base(f)
		if strings.TrimSuffix(base, path.Ext(base)) == name {
			found = append(found, f)
		}
	}
	return sorted(found)
}

// inRepo reports whether the repository declares the spec's package or
// any package the spec's prefix names.
func (x *index) inRepo(spec string) bool {
	for p := spec; p != ""; {
		i := strings.LastIndexByte(p, '.')
		if x.declared[p] && (i >= 0 || !x.guessed) {
			return true
		}
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return false
}

func sorted(files []string) []string {
	out := append([]string(nil), files...)
	sort.Strings(out)
	return out
}
