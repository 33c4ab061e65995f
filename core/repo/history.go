package repo

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TreeFile is a regular file of a commit's tree.
type TreeFile struct {
	Path string
	Blob string
	Size int64
}

// ResolveRef turns a revision (a sha, a prefix of one, a tag, a branch,
// HEAD~2) into the commit it names.
func (r *Repo) ResolveRef(ref string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.git.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return "", fmt.Errorf("%s: no commit %q: %w", r.Root, ref, err)
	}
	// An annotated tag resolves to its commit.
	if _, err := r.git.CommitObject(*h); err != nil {
		return "", fmt.Errorf("%s: %q is not a commit: %w", r.Root, ref, err)
	}
	return h.String(), nil
}

// Files lists the regular files of a commit's tree (no links, no
// submodules), sorted by path. A tree that cannot be read is an error; a
// blob missing from a partial clone is not (its size is then 0, and reading
// it fails later, for that file only).
func (r *Repo) Files(commit string) ([]TreeFile, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cf := r.objects(); cf != nil {
		out, err := cf.commitFiles(commit)
		if !r.broken(err) {
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.Root, err)
			}
			sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
			return out, nil
		}
	}
	c, err := r.git.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, fmt.Errorf("%s: commit %s: %w", r.Root, commit, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: tree of %s: %w", r.Root, commit, err)
	}
	var out []TreeFile
	w := object.NewTreeWalker(t, true, nil)
	defer w.Close()
	for {
		name, e, err := w.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: tree of %s: %w", r.Root, commit, err)
		}
		if e.Mode != filemode.Regular && e.Mode != filemode.Executable {
			continue
		}
		f := TreeFile{Path: name, Blob: e.Hash.String()}
		if size, err := r.git.Storer.EncodedObjectSize(e.Hash); err == nil {
			f.Size = size
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Tag is a tag and the commit it leads to.
type Tag struct {
	Name   string
	Commit string
	Time   int64 // the commit's committer time
}

// Tags lists the tags that lead to commits, oldest commit first (then by
// name).
func (r *Repo) Tags() ([]Tag, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	it, err := r.git.Tags()
	if err != nil {
		return nil, fmt.Errorf("%s: tags: %w", r.Root, err)
	}
	var out []Tag
	cf := r.objects()
	err = it.ForEach(func(ref *plumbing.Reference) error {
		h := ref.Hash()
		if cf != nil {
			commit, when, ok, err := cf.tagged(h.String())
			if !r.broken(err) {
				if ok {
					out = append(out, Tag{Name: ref.Name().Short(), Commit: commit, Time: when})
				}
				return nil
			}
			cf = nil
		}
		if t, err := r.git.TagObject(h); err == nil {
			c, err := t.Commit()
			if err != nil {
				return nil // a tag of a tree or blob: no graph to take
			}
			out = append(out, Tag{Name: ref.Name().Short(), Commit: c.Hash.String(), Time: c.Committer.When.Unix()})
			return nil
		}
		c, err := r.git.CommitObject(h)
		if err != nil {
			return nil
		}
		out = append(out, Tag{Name: ref.Name().Short(), Commit: c.Hash.String(), Time: c.Committer.When.Unix()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: tags: %w", r.Root, err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Time != out[j].Time {
			return out[i].Time < out[j].Time
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// FirstParents lists the commits on the first-parent line from commit back
// to the root, oldest first.
func (r *Repo) FirstParents(commit string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	if cf := r.objects(); cf != nil {
		line, err := cf.firstParents(commit)
		if !r.broken(err) {
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.Root, err)
			}
			return line, nil
		}
	}
	h := plumbing.NewHash(commit)
	for {
		c, err := r.git.CommitObject(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && len(out) > 0 {
			break // a shallow clone's boundary
		}
		if err != nil {
			return nil, fmt.Errorf("%s: commit %s: %w", r.Root, h, err)
		}
		out = append(out, c.Hash.String())
		if len(c.ParentHashes) == 0 {
			break
		}
		h = c.ParentHashes[0]
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
