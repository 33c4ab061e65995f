// Package repo opens the git repository Homer analyses: it finds the root,
// tells a non-repository apart (exit 3), resolves HEAD and reads blobs for
// the parse stage, tolerating objects missing from partial clones.
package repo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrNotRepository is returned for a path that is not inside a git
// repository.
var ErrNotRepository = errors.New("not a git repository")

// Repo is an opened repository.
type Repo struct {
	// Root is the work tree root (the git dir itself for a bare repository).
	Root     string
	mu       sync.Mutex // guards git, reopened and the cat-file fields
	git      *git.Repository
	reopened bool

	// cat reads objects when git is new enough (catfile.go); go-git reads
	// them otherwise, and after cat-file failed. Started on first use.
	cat       *catFile
	catTried  bool
	goGitOnly bool // tests: read every object through go-git
}

// objects is the cat-file process, started on first use; nil when go-git
// reads. Called with mu held.
func (r *Repo) objects() *catFile {
	if !r.catTried {
		r.catTried = true
		if !r.goGitOnly {
			r.cat = startCatFile(r.Root)
		}
	}
	return r.cat
}

// broken tells whether err is cat-file's stream failing (not an answer
// about an object), and then stops the process: go-git reads from then on.
// Called with mu held.
func (r *Repo) broken(err error) bool {
	var pe *pipeError
	if !errors.As(err, &pe) {
		return false
	}
	r.cat.close()
	r.cat = nil
	return true
}

// Rest stops the cat-file process, if one is running, until the next read
// starts it again: between reads far apart, git would hold what it mapped
// and cached, idle.
func (r *Repo) Rest() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cat != nil {
		r.cat.close()
		r.cat = nil
		r.catTried = false
	}
}

// Close stops the cat-file process, if one was started. The Repo can still
// be used: go-git reads from then on.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cat != nil {
		r.cat.close()
		r.cat = nil
	}
	r.catTried = true
	return nil
}

// Open finds the repository containing path.
func Open(path string) (*Repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		// A bare repository has no .git to detect: the path is the git
		// directory itself.
		r, err = git.PlainOpen(abs)
	}
	if errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion) || errors.Is(err, git.ErrUnknownExtension) {
		// A sparse checkout sets extensions.worktreeConfig, which go-git
		// refuses; it concerns the work tree's configuration only, and
		// Homer reads objects and references.
		r, err = openIgnoringWorktreeConfig(abs)
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", abs, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	root := abs
	if wt, err := r.Worktree(); err == nil {
		root = wt.Filesystem.Root()
	}
	return &Repo{Root: root, git: keepPacksOpen(r)}, nil
}

// openPacks is how many pack files a Repo keeps open between reads.
// Without it go-git opens (and stats each directory of) the pack file for
// every object it reads: on spring-boot that was half the CPU time of
// reading the blobs around 16,000 file changes.
const openPacks = 64

func storageOptions() filesystem.Options { return filesystem.Options{MaxOpenDescriptors: openPacks} }

// objectCacheSize bounds go-git's cache of decoded objects (its default is
// 96 MiB). Homer reads each blob once or twice in a row and keeps the few
// it reuses itself; on prometheus the default cache was 105 MB of the
// core's 267 MB peak live heap.
const objectCacheSize = 8 * cache.MiByte

func objectCache() cache.Object { return cache.NewObjectLRU(objectCacheSize) }

// keepPacksOpen opens r's object storage again with storageOptions, which
// go-git's PlainOpen does not take. The descriptors live as long as the
// process: a Repo is opened once per command.
func keepPacksOpen(r *git.Repository) *git.Repository {
	st, ok := r.Storer.(*filesystem.Storage)
	if !ok {
		return r
	}
	var wt billy.Filesystem
	if w, err := r.Worktree(); err == nil {
		wt = w.Filesystem
	}
	g, err := git.Open(filesystem.NewStorageWithOptions(st.Filesystem(), objectCache(), storageOptions()), wt)
	if err != nil {
		return r
	}
	return g
}

// openIgnoringWorktreeConfig opens the repository whose work tree holds
// path, with a storer that leaves extensions.worktreeConfig out of the
// configuration go-git checks.
func openIgnoringWorktreeConfig(path string) (*git.Repository, error) {
	for dir := path; ; dir = filepath.Dir(dir) {
		if fi, err := os.Stat(filepath.Join(dir, ".git")); err == nil && fi.IsDir() {
			st := filesystem.NewStorageWithOptions(osfs.New(filepath.Join(dir, ".git")), objectCache(), storageOptions())
			return git.Open(worktreeConfigless{st}, osfs.New(dir))
		}
		if filepath.Dir(dir) == dir {
			return nil, git.ErrRepositoryNotExists
		}
	}
}

// worktreeConfigless is a storer whose configuration has no
// extensions.worktreeConfig.
type worktreeConfigless struct{ *filesystem.Storage }

func (w worktreeConfigless) Config() (*config.Config, error) {
	cfg, err := w.Storage.Config()
	if err == nil && cfg.Raw != nil && cfg.Raw.HasSection("extensions") {
		sec := cfg.Raw.Section("extensions")
		for _, o := range sec.Options {
			if strings.EqualFold(o.Key, "worktreeConfig") {
				sec.RemoveOption(o.Key)
				break
			}
		}
		if len(sec.Options) == 0 {
			cfg.Raw.RemoveSection("extensions")
		}
	}
	return cfg, err
}

// Head returns the commit HEAD points at, "" for an empty repository.
func (r *Repo) Head() (string, error) {
	ref, err := r.git.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: HEAD: %w", r.Root, err)
	}
	return ref.Hash().String(), nil
}

// CommitTime returns the committer time of a commit (unix seconds); 0 for
// no commit (sha "", an empty repository). A commit that cannot be read is
// an error, never time 0: analyses measure ages from it, and would measure
// them from 1970.
func (r *Repo) CommitTime(sha string) (int64, error) {
	if sha == "" {
		return 0, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if cf := r.objects(); cf != nil {
		c, err := cf.commit(sha)
		if !r.broken(err) {
			if err != nil {
				return 0, fmt.Errorf("%s: commit %s: %w", r.Root, sha, err)
			}
			return c.time, nil
		}
	}
	c, err := r.git.CommitObject(plumbing.NewHash(sha))
	if err != nil {
		return 0, fmt.Errorf("%s: commit %s: %w", r.Root, sha, err)
	}
	return c.Committer.When.Unix(), nil
}

// MailmapBlob is the blob id of .mailmap in a commit, "" when there is
// none. Identities of every stored commit depend on it.
func (r *Repo) MailmapBlob(sha string) (string, error) {
	if sha == "" {
		return "", nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if cf := r.objects(); cf != nil {
		blob, err := cf.mailmap(sha)
		if !r.broken(err) {
			return blob, err
		}
	}
	c, err := r.git.CommitObject(plumbing.NewHash(sha))
	if err != nil {
		return "", fmt.Errorf("reading commit %s: %w", sha, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return "", fmt.Errorf("reading the tree of %s: %w", sha, err)
	}
	e, err := tree.FindEntry(".mailmap")
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("looking for .mailmap in %s: %w", sha, err)
	}
	return e.Hash.String(), nil
}

// TagsHash hashes every tag name with what it points at: tags change
// without a new commit, and the history stage must notice. An error is
// returned rather than a hash of what could be read, which a key would
// otherwise remember as the truth.
func (r *Repo) TagsHash() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	refs, err := r.git.Tags()
	if err != nil {
		return "", fmt.Errorf("listing tags: %w", err)
	}
	var parts []string
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		parts = append(parts, ref.Name().String()+"="+ref.Hash().String())
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("listing tags: %w", err)
	}
	sort.Strings(parts)
	return fmt.Sprintf("%016x", xxhash.Sum64String(strings.Join(parts, "\n"))), nil
}

// Present returns which of ids (object ids in hex) the object store holds
// now; ids that do not parse are not present.
func (r *Repo) Present(ids []string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, id := range ids {
		if !plumbing.IsHash(id) {
			continue
		}
		if cf := r.objects(); cf != nil {
			_, _, err := cf.info(id)
			if !r.broken(err) {
				if err == nil {
					out = append(out, id)
				}
				continue
			}
		}
		if r.git.Storer.HasEncodedObject(plumbing.NewHash(id)) == nil {
			out = append(out, id)
		}
	}
	return out
}

// Shallow identifies the history's shallow boundary ("" for a complete
// history): it changes when the clone is deepened or unshallowed.
func (r *Repo) Shallow() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	commits, err := r.git.Storer.Shallow()
	if err != nil {
		return "", fmt.Errorf("%s: shallow: %w", r.Root, err)
	}
	if len(commits) == 0 {
		return "", nil
	}
	parts := make([]string, len(commits))
	for i, c := range commits {
		parts[i] = c.String()
	}
	sort.Strings(parts)
	return fmt.Sprintf("%d:%016x", len(parts), xxhash.Sum64String(strings.Join(parts, "\n"))), nil
}

// Blob reads a blob's content. Missing objects (partial clones) are an
// error the caller skips and reports. Safe for concurrent use: go-git's
// object storage is not, so reads are serialised.
func (r *Repo) Blob(id string) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cf := r.objects(); cf != nil {
		_, typ, data, err := cf.contents(id)
		if !r.broken(err) {
			if err == nil && typ != "blob" {
				err = plumbing.ErrInvalidType
			}
			if err != nil {
				return nil, fmt.Errorf("blob %s: %w", id, err)
			}
			return data, nil
		}
	}
	b, err := r.git.BlobObject(plumbing.NewHash(id))
	if errors.Is(err, plumbing.ErrObjectNotFound) && !r.reopened {
		// A concurrent `git gc` may have replaced the packs go-git listed
		// when it opened the repository: look again, once.
		r.reopened = true
		if g, oerr := git.PlainOpenWithOptions(r.Root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true}); oerr == nil {
			r.git = keepPacksOpen(g)
			b, err = r.git.BlobObject(plumbing.NewHash(id))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", id, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", id, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", id, err)
	}
	return data, nil
}

// Name is a short name for the repository (its directory).
func (r *Repo) Name() string {
	name := filepath.Base(r.Root)
	if name == ".git" || name == "repo" {
		name = filepath.Base(filepath.Dir(r.Root))
	}
	return name
}
