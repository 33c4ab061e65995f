package structure

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/homer-dev/homer/sdk"
)

// ErrNotRepository is returned (wrapped, with the path) when the root is
// not inside a git repository.
var ErrNotRepository = errors.New("not a git repository")

// entry is a file of the HEAD tree: a blob that is neither a gitlink nor a
// symlink.
type entry struct {
	path string
	id   string // blob id, hex
	size int64
}

// snapshot reads the HEAD tree from the object store, never the work tree.
type snapshot interface {
	// tree returns HEAD's tree id, or "" when there is no commit yet.
	tree(ctx context.Context) (string, error)
	// files lists the tree's files; sized is false when some sizes could
	// not be read (missing blobs) and are 0.
	files(ctx context.Context, tree string) (es []entry, sized bool, err error)
	// read returns the contents of the given blobs.
	read(ctx context.Context, ids []string) (map[string][]byte, error)
	// absent returns which of ids the object store lacks.
	absent(ctx context.Context, ids []string) ([]string, error)
}

// maxMissing bounds the missing blob ids one snapshot reports: enough for
// the core to notice when they come back.
const maxMissing = 256

func openSnapshot(root string, useBinary bool) (snapshot, error) {
	if root == "" {
		return nil, errors.New("structure source: no repository root given")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if useBinary {
		if bin, err := exec.LookPath("git"); err == nil {
			return &gitBinary{bin: bin, root: abs}, nil
		}
	}
	return openGoGit(abs)
}

// gitBinary lists the tree with git ls-tree and reads blobs with one git
// cat-file --batch.
type gitBinary struct {
	bin    string
	root   string
	gitDir string
	// gone holds the blobs absent found missing: read leaves them out,
	// since git cat-file --batch dies at the first one a partial clone
	// lacks rather than report it.
	gone map[string]bool
}

// gitEnv drops repository locations a git hook may have set (we pass -C)
// and keeps messages untranslated; missing objects of a partial clone are
// never fetched.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_NAMESPACE", "LC_ALL", "LANGUAGE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_NO_LAZY_FETCH=1", "GIT_OPTIONAL_LOCKS=0")
}

func (g *gitBinary) command(ctx context.Context, args ...string) *exec.Cmd {
	dir := g.root
	if g.gitDir != "" {
		dir = g.gitDir
	}
	cmd := exec.CommandContext(ctx, g.bin, append([]string{"-C", dir}, args...)...)
	cmd.Env = gitEnv()
	return cmd
}

func (g *gitBinary) output(ctx context.Context, args ...string) ([]byte, string, error) {
	cmd := g.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return out, stderr.String(), err
}

func (g *gitBinary) tree(ctx context.Context) (string, error) {
	out, stderr, err := g.output(ctx, "rev-parse", "--absolute-git-dir", "HEAD^{tree}")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if lines[0] != "" {
		g.gitDir = lines[0]
	}
	switch {
	case err == nil && len(lines) == 2:
		return lines[1], nil
	case ctx.Err() != nil:
		return "", ctx.Err()
	case g.gitDir == "":
		return "", fmt.Errorf("structure source: %s: %w (%s)", g.root, ErrNotRepository, strings.TrimSpace(stderr))
	case strings.Contains(stderr, "unknown revision") || strings.Contains(stderr, "ambiguous argument"):
		return "", nil
	}
	return "", fmt.Errorf("structure source: %s: git rev-parse: %v: %s", g.root, err, strings.TrimSpace(stderr))
}

// files lists the tree. Sizes need every blob's header; a missing blob (a
// partial clone) gets size "BAD" from git ls-tree -l, or makes it fail, and
// then the listing is taken again without sizes (reported as 0).
func (g *gitBinary) files(ctx context.Context, tree string) ([]entry, bool, error) {
	sized := true
	out, stderr, err := g.output(ctx, "ls-tree", "-r", "-z", "-l", "--full-tree", tree)
	if err != nil && ctx.Err() == nil {
		sized = false
		out, stderr, err = g.output(ctx, "ls-tree", "-r", "-z", "--full-tree", tree)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, fmt.Errorf("structure source: %s: git ls-tree: %v: %s", g.root, err, strings.TrimSpace(stderr))
	}
	var es []entry
	for len(out) > 0 {
		rec := out
		if i := bytes.IndexByte(out, 0); i >= 0 {
			rec, out = out[:i], out[i+1:]
		} else {
			out = nil
		}
		// <mode> SP <type> SP <object> [SP+ <size>] TAB <path>
		meta, path, ok := bytes.Cut(rec, []byte{'\t'})
		f := bytes.Fields(meta)
		if !ok || len(f) < 3 || string(f[1]) != "blob" || string(f[0]) == "120000" {
			continue // gitlinks (type commit), symlinks
		}
		var size int64
		if len(f) == 4 {
			n, err := strconv.ParseInt(string(f[3]), 10, 64)
			if err != nil {
				sized = false // "BAD": the blob is missing
			}
			size = n
		}
		es = append(es, entry{path: sdk.ProtoPath(string(path)), id: string(f[2]), size: size})
	}
	return es, sized, nil
}

func (g *gitBinary) absent(ctx context.Context, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmd := g.command(ctx, "cat-file", "--batch-check=%(objectname)")
	cmd.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// A partial clone's git dies on the first blob its promisor
		// remote would have to send (lazy fetching is off) instead of
		// saying "missing": list the objects the clone has instead.
		return g.absentByListing(ctx, ids, err)
	}
	var missing []string
	for _, line := range strings.Split(string(out), "\n") {
		if id, ok := strings.CutSuffix(line, " missing"); ok {
			missing = append(missing, id)
		}
	}
	g.remember(missing)
	return missing, nil
}

// absentByListing finds which of ids are missing from every object the
// repository holds locally, which git lists without fetching anything.
func (g *gitBinary) absentByListing(ctx context.Context, ids []string, cause error) ([]string, error) {
	out, stderr, err := g.output(ctx, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("structure source: %s: git cat-file: %v; listing the objects instead: %v: %s", g.root, cause, err, strings.TrimSpace(stderr))
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	for _, line := range strings.Split(string(out), "\n") {
		delete(want, line)
	}
	missing := make([]string, 0, len(want))
	for id := range want {
		missing = append(missing, id)
	}
	g.remember(missing)
	return missing, nil
}

func (g *gitBinary) remember(missing []string) {
	if len(missing) == 0 {
		return
	}
	if g.gone == nil {
		g.gone = map[string]bool{}
	}
	for _, id := range missing {
		g.gone[id] = true
	}
}

func (g *gitBinary) read(ctx context.Context, ids []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(ids))
	if len(g.gone) > 0 {
		ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return g.gone[id] })
	}
	if len(ids) == 0 {
		return out, nil
	}
	cmd := g.command(ctx, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := bufio.NewReader(stdout)
	for range ids {
		// "<id> <type> <size>\n<content>\n", or "<id> missing\n".
		header, err := r.ReadString('\n')
		if err != nil {
			break
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			continue
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			break
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(r, data); err != nil {
			break
		}
		out[f[0]] = data[:size]
	}
	_, _ = io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return out, nil
}

// goGit reads the tree with go-git when there is no git binary.
type goGit struct {
	root string
	repo *git.Repository
}

func openGoGit(root string) (*goGit, error) {
	if _, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("structure source: %s: %w (%v)", root, ErrNotRepository, err)
	}
	repo, err := git.PlainOpen(root)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("structure source: %s: %w", root, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("structure source: opening %s: %w", root, err)
	}
	return &goGit{root: root, repo: repo}, nil
}

func (g *goGit) tree(context.Context) (string, error) {
	ref, err := g.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("structure source: %s: reading HEAD: %w", g.root, err)
	}
	c, err := g.repo.CommitObject(ref.Hash())
	if err != nil {
		return "", fmt.Errorf("structure source: %s: reading HEAD commit: %w", g.root, err)
	}
	return c.TreeHash.String(), nil
}

func (g *goGit) files(ctx context.Context, tree string) ([]entry, bool, error) {
	t, err := g.repo.TreeObject(plumbing.NewHash(tree))
	if err != nil {
		return nil, false, fmt.Errorf("structure source: %s: reading tree %s: %w", g.root, tree, err)
	}
	sized := true
	w := object.NewTreeWalker(t, true, nil)
	defer w.Close()
	var es []entry
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		name, te, err := w.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false, fmt.Errorf("structure source: %s: walking tree: %w", g.root, err)
		}
		switch te.Mode {
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
		default:
			continue // directories, gitlinks, symlinks
		}
		size, err := g.repo.Storer.EncodedObjectSize(te.Hash)
		if err != nil {
			size, sized = 0, false // missing blob (partial clone)
		}
		es = append(es, entry{path: sdk.ProtoPath(name), id: te.Hash.String(), size: size})
	}
	return es, sized, nil
}

func (g *goGit) absent(ctx context.Context, ids []string) ([]string, error) {
	var missing []string
	for _, id := range ids {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if g.repo.Storer.HasEncodedObject(plumbing.NewHash(id)) != nil {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

func (g *goGit) read(ctx context.Context, ids []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(ids))
	for _, id := range ids {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		b, err := g.repo.BlobObject(plumbing.NewHash(id))
		if err != nil {
			continue
		}
		r, err := b.Reader()
		if err != nil {
			continue
		}
		data, err := io.ReadAll(r)
		_ = r.Close()
		if err == nil {
			out[id] = data
		}
	}
	return out, nil
}
