package repo

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// PathBlobs returns the blob a file had after a commit and before it (in
// its first parent, under oldPath): "" where it had none (added, deleted,
// a root commit). A commit or tree that cannot be read is an error the
// caller skips and reports.
func (r *Repo) PathBlobs(commit, path, oldPath string) (after, before string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cf := r.objects(); cf != nil && treePath(path) && (oldPath == "" || treePath(oldPath)) {
		after, before, err := cf.pathBlobs(commit, path, oldPath)
		if !r.broken(err) {
			return after, before, err
		}
	}
	c, err := r.git.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return "", "", fmt.Errorf("commit %s: %w", commit, err)
	}
	if after, err = blobIn(c, path); err != nil {
		return "", "", err
	}
	if c.NumParents() == 0 {
		return after, "", nil
	}
	p, err := c.Parent(0)
	if err != nil {
		return "", "", fmt.Errorf("commit %s: parent: %w", commit, err)
	}
	before, err = blobIn(p, oldPath)
	return after, before, err
}

func blobIn(c *object.Commit, path string) (string, error) {
	t, err := c.Tree()
	if err != nil {
		return "", fmt.Errorf("commit %s: tree: %w", c.Hash, err)
	}
	e, err := t.FindEntry(path)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("commit %s: %s: %w", c.Hash, path, err)
	}
	if !e.Mode.IsFile() {
		return "", nil
	}
	return e.Hash.String(), nil
}

// pathBlobs is PathBlobs through cat-file.
func (c *catFile) pathBlobs(commit, path, oldPath string) (after, before string, err error) {
	cm, err := c.commit(commit)
	if err != nil {
		return "", "", fmt.Errorf("commit %s: %w", commit, err)
	}
	if after, err = c.blobAt(cm.tree, path); err != nil {
		return "", "", fmt.Errorf("commit %s: %s: %w", commit, path, err)
	}
	if len(cm.parents) == 0 {
		return after, "", nil
	}
	p, err := c.commit(cm.parents[0])
	if err != nil {
		return "", "", fmt.Errorf("commit %s: parent: %w", commit, err)
	}
	if before, err = c.blobAt(p.tree, oldPath); err != nil {
		return "", "", fmt.Errorf("commit %s: %s: %w", cm.parents[0], oldPath, err)
	}
	return after, before, nil
}
