package gitsource

import (
	"bytes"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/homer-dev/homer/sdk"
)

// goGit reads history from the object store in process, for machines
// without a git binary. It never uses object.DiffTree, Tree.Patch or
// Commit.Stats (slow, and the latter two turn on rename detection): trees
// are parsed by hand and compared only where their hashes differ.
type goGit struct {
	root string
	repo *git.Repository

	graph  map[plumbing.Hash]*gnode // commits reachable from graphOf
	gHead  plumbing.Hash
	trees  map[plumbing.Hash][]treeEntry
	buf    bytes.Buffer
	blobA  bytes.Buffer
	blobB  bytes.Buffer
	lines  lineCounter
	mm     *mailmap
	people map[[2]string]*sdk.Person
}

type gnode struct {
	parents []plumbing.Hash
	time    int64
	missing bool // the commit object could not be read
}

type treeEntry struct {
	name string
	mode uint32
	hash plumbing.Hash
}

// treeCacheSize bounds the parsed trees kept between commits; consecutive
// commits share most of their changed directories' trees.
const treeCacheSize = 20000

func openGoGit(root string) (*goGit, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("git source: %s: %w (%v)", root, ErrNotRepository, err)
	}
	// First as given (a work tree, a bare repository or a .git
	// directory), then as a directory inside a work tree.
	repo, err := git.PlainOpen(abs)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("git source: %s: %w", root, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("git source: opening %s: %w", root, err)
	}
	return &goGit{root: root, repo: repo, trees: map[plumbing.Hash][]treeEntry{}, people: map[[2]string]*sdk.Person{}}, nil
}

func (g *goGit) head(context.Context) (string, error) {
	ref, err := g.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("git source: %s: reading HEAD: %w", g.root, err)
	}
	return ref.Hash().String(), nil
}

func (g *goGit) isAncestor(ctx context.Context, a, b string) (bool, bool, error) {
	if !hexSHA.MatchString(a) {
		return false, false, nil
	}
	if err := g.loadGraph(ctx, plumbing.NewHash(b)); err != nil {
		return false, false, err
	}
	if n, ok := g.graph[plumbing.NewHash(a)]; ok && !n.missing {
		return true, true, nil
	}
	if _, err := g.repo.CommitObject(plumbing.NewHash(a)); err != nil {
		return false, false, nil
	}
	return false, true, nil
}

// loadGraph reads the parents and times of every commit reachable from
// head. The go-git path pays this once per run; git does the same walk for
// --topo-order.
func (g *goGit) loadGraph(ctx context.Context, head plumbing.Hash) error {
	if g.graph != nil && g.gHead == head {
		return nil
	}
	g.graph, g.gHead = map[plumbing.Hash]*gnode{}, head
	shallow := g.shallow()
	stack := []plumbing.Hash{head}
	for n := 0; len(stack) > 0; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, ok := g.graph[h]; ok {
			continue
		}
		c, err := g.repo.CommitObject(h)
		if err != nil {
			g.graph[h] = &gnode{missing: true}
			continue
		}
		node := &gnode{time: c.Committer.When.Unix()}
		if !shallow[h] {
			node.parents = c.ParentHashes
		}
		g.graph[h] = node
		stack = append(stack, node.parents...)
	}
	return nil
}

func (g *goGit) shallow() map[plumbing.Hash]bool {
	hs, err := g.repo.Storer.Shallow()
	if err != nil || len(hs) == 0 {
		return nil
	}
	set := make(map[plumbing.Hash]bool, len(hs))
	for _, h := range hs {
		set[h] = true
	}
	return set
}

// order returns head's history minus since's, newest first in a
// topological order (children before parents, later commits first among
// the ready ones), like git log --topo-order.
func (g *goGit) order(since []plumbing.Hash) []plumbing.Hash {
	excluded := map[plumbing.Hash]bool{}
	if len(since) > 0 {
		stack := slices.Clone(since)
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if excluded[h] {
				continue
			}
			excluded[h] = true
			if n := g.graph[h]; n != nil {
				stack = append(stack, n.parents...)
			}
		}
	}
	children := map[plumbing.Hash]int{}
	for h, n := range g.graph {
		if excluded[h] || n.missing {
			continue
		}
		for _, p := range n.parents {
			children[p]++
		}
	}
	q := &commitHeap{graph: g.graph}
	if !excluded[g.gHead] && !g.graph[g.gHead].missing {
		heap.Push(q, g.gHead)
	}
	var out []plumbing.Hash
	for q.Len() > 0 {
		h := heap.Pop(q).(plumbing.Hash)
		out = append(out, h)
		for _, p := range g.graph[h].parents {
			if excluded[p] {
				continue
			}
			children[p]--
			if children[p] == 0 {
				if n := g.graph[p]; n != nil && !n.missing {
					heap.Push(q, p)
				}
			}
		}
	}
	return out
}

// unreachable lists the commits reachable from tips that head does not
// reach.
func (g *goGit) unreachable(ctx context.Context, tips []string, head string) ([]string, error) {
	if err := g.loadGraph(ctx, plumbing.NewHash(head)); err != nil {
		return nil, err
	}
	seen := map[plumbing.Hash]bool{}
	var out []string
	stack := make([]plumbing.Hash, 0, len(tips))
	for _, t := range tips {
		stack = append(stack, plumbing.NewHash(t))
	}
	shallow := g.shallow()
	for n := 0; len(stack) > 0; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		if node, ok := g.graph[h]; ok && !node.missing {
			continue // head reaches it, and so everything behind it
		}
		c, err := g.repo.CommitObject(h)
		if err != nil {
			continue // not in the object store: nothing of it was stored
		}
		out = append(out, h.String())
		if !shallow[h] {
			stack = append(stack, c.ParentHashes...)
		}
	}
	return out, nil
}

// mergeBases lists the best common ancestors of a and b (none for
// unrelated histories).
func (g *goGit) mergeBases(_ context.Context, a, b string) ([]string, error) {
	ca, err := g.repo.CommitObject(plumbing.NewHash(a))
	if err != nil {
		return nil, fmt.Errorf("git source: reading %s: %w", short(a), err)
	}
	cb, err := g.repo.CommitObject(plumbing.NewHash(b))
	if err != nil {
		return nil, fmt.Errorf("git source: reading %s: %w", short(b), err)
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return nil, fmt.Errorf("git source: merge base of %s and %s: %w", short(a), short(b), err)
	}
	out := make([]string, len(bases))
	for i, c := range bases {
		out[i] = c.Hash.String()
	}
	return out, nil
}

type commitHeap struct {
	graph map[plumbing.Hash]*gnode
	hs    []plumbing.Hash
}

func (q *commitHeap) Len() int { return len(q.hs) }
func (q *commitHeap) Less(i, j int) bool {
	a, b := q.graph[q.hs[i]].time, q.graph[q.hs[j]].time
	if a != b {
		return a > b
	}
	return bytes.Compare(q.hs[i][:], q.hs[j][:]) < 0
}
func (q *commitHeap) Swap(i, j int) { q.hs[i], q.hs[j] = q.hs[j], q.hs[i] }
func (q *commitHeap) Push(x any)    { q.hs = append(q.hs, x.(plumbing.Hash)) }
func (q *commitHeap) Pop() any {
	h := q.hs[len(q.hs)-1]
	q.hs = q.hs[:len(q.hs)-1]
	return h
}

func (g *goGit) commits(ctx context.Context, head string, since []string, limit int, out *batcher) error {
	headHash := plumbing.NewHash(head)
	if err := g.loadGraph(ctx, headHash); err != nil {
		return err
	}
	var sinceHash []plumbing.Hash
	for _, s := range since {
		sinceHash = append(sinceHash, plumbing.NewHash(s))
	}
	for h, n := range g.graph {
		if n.missing {
			out.warn(warnf("commit %s is missing from the object store; history behind it is not reported", short(h.String())))
		}
	}
	shallow := g.shallow()
	if len(shallow) > 0 {
		out.warn(warnf("shallow clone: %d boundary commit(s) have no recorded parents; their changes are not reported", len(shallow)))
	}
	g.mm = g.readMailmap()
	order := g.order(sinceHash)
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	out.total.Store(int64(len(order)))
	for i := len(order) - 1; i >= 0; i-- {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rc, err := g.commit(order[i], shallow[order[i]], out)
		if err != nil {
			return err
		}
		if err := out.add(rc.commit()); err != nil {
			return err
		}
	}
	return nil
}

// commit reads one commit and its changes against its first parent (none
// for merges: their changes belong to the commits they merge).
func (g *goGit) commit(h plumbing.Hash, shallow bool, out *batcher) (*rawCommit, error) {
	c, err := g.repo.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("git source: commit %s: %w", h, err)
	}
	rc := &rawCommit{
		sha:        h.String(),
		author:     g.person(c.Author),
		committer:  g.person(c.Committer),
		authorTime: c.Author.When.Unix(),
		commitTime: c.Committer.When.Unix(),
		message:    validUTF8(trimNewlines(c.Message)),
	}
	if !shallow {
		for _, p := range c.ParentHashes {
			rc.parents = append(rc.parents, p.String())
		}
	}
	if shallow || len(c.ParentHashes) > 1 {
		return rc, nil
	}
	var parentTree plumbing.Hash
	if len(c.ParentHashes) == 1 {
		n := g.graph[c.ParentHashes[0]]
		if n == nil || n.missing {
			out.warn(warnf("commit %s: parent %s is missing; its file changes are not reported", short(rc.sha), short(c.ParentHashes[0].String())))
			return rc, nil
		}
		pc, err := g.repo.CommitObject(c.ParentHashes[0])
		if err != nil {
			out.warn(warnf("commit %s: parent %s cannot be read; its file changes are not reported", short(rc.sha), short(c.ParentHashes[0].String())))
			return rc, nil
		}
		parentTree = pc.TreeHash
	}
	if len(g.trees) > treeCacheSize {
		clear(g.trees)
	}
	var raws []rawEntry
	if err := g.diffTree("", parentTree, c.TreeHash, &raws); err != nil {
		out.warn(warnf("commit %s: %v (partial clone?); its file changes are not reported", short(rc.sha), err))
		return rc, nil
	}
	rc.raws = pairExactRenames(raws)
	rc.nums = make([]numEntry, len(rc.raws))
	var missing []string
	for i := range rc.raws {
		n, err := g.count(&rc.raws[i])
		if err != nil {
			missing = append(missing, err.Error())
		}
		rc.nums[i] = n
	}
	if len(missing) > 0 {
		out.warn(warnf("commit %s: %s is missing (partial clone?); line counts of that file are 0", short(rc.sha), missing[0]))
	}
	return rc, nil
}

func (g *goGit) person(s object.Signature) *sdk.Person {
	name, email := s.Name, s.Email
	if g.mm != nil {
		name, email = g.mm.lookup(name, email)
	}
	key := [2]string{name, email}
	if p, ok := g.people[key]; ok {
		return p
	}
	p := &sdk.Person{Name: validUTF8(name), Email: validUTF8(email)}
	g.people[key] = p
	return p
}

func trimNewlines(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return s
}

// tree returns a tree's entries in their stored (git) order.
func (g *goGit) tree(h plumbing.Hash) ([]treeEntry, error) {
	if es, ok := g.trees[h]; ok {
		return es, nil
	}
	if err := g.read(plumbing.TreeObject, h, &g.buf); err != nil {
		return nil, err
	}
	data := g.buf.Bytes()
	var es []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp < 0 || nul < sp || len(data) < nul+1+len(plumbing.ZeroHash) {
			return nil, fmt.Errorf("tree %s is malformed", h)
		}
		e := treeEntry{mode: uint32(parseOctal(data[:sp])), name: string(data[sp+1 : nul])}
		copy(e.hash[:], data[nul+1:])
		es = append(es, e)
		data = data[nul+1+len(plumbing.ZeroHash):]
	}
	g.trees[h] = es
	return es, nil
}

// read loads an object's content into buf.
func (g *goGit) read(t plumbing.ObjectType, h plumbing.Hash, buf *bytes.Buffer) error {
	obj, err := g.repo.Storer.EncodedObject(t, h)
	if err != nil {
		return fmt.Errorf("object %s: %w", h, err)
	}
	r, err := obj.Reader()
	if err != nil {
		return fmt.Errorf("object %s: %w", h, err)
	}
	defer r.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return fmt.Errorf("object %s: %w", h, err)
	}
	return nil
}

func isDir(mode uint32) bool { return mode&0o170000 == modeTree }

// compareEntries orders tree entries as git does (base_name_compare): a
// directory sorts as if its name ended in "/".
func compareEntries(a, b *treeEntry) int {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare([]byte(a.name[:n]), []byte(b.name[:n])); c != 0 {
		return c
	}
	ca, cb := byte(0), byte(0)
	if len(a.name) > n {
		ca = a.name[n]
	} else if isDir(a.mode) {
		ca = '/'
	}
	if len(b.name) > n {
		cb = b.name[n]
	} else if isDir(b.mode) {
		cb = '/'
	}
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

// diffTree appends the file-level differences between trees a and b (zero
// hash: empty tree), descending only into subtrees whose hashes differ.
// Gitlinks are left out; the ids kept are raw hash bytes, for rename
// pairing.
func (g *goGit) diffTree(prefix string, a, b plumbing.Hash, out *[]rawEntry) error {
	if a == b {
		return nil
	}
	var ea, eb []treeEntry
	var err error
	if !a.IsZero() {
		if ea, err = g.tree(a); err != nil {
			return err
		}
	}
	if !b.IsZero() {
		if eb, err = g.tree(b); err != nil {
			return err
		}
	}
	i, j := 0, 0
	for i < len(ea) || j < len(eb) {
		var c int
		switch {
		case i >= len(ea):
			c = 1
		case j >= len(eb):
			c = -1
		default:
			c = compareEntries(&ea[i], &eb[j])
		}
		switch {
		case c < 0:
			if err := g.oneSide(prefix, &ea[i], true, out); err != nil {
				return err
			}
			i++
		case c > 0:
			if err := g.oneSide(prefix, &eb[j], false, out); err != nil {
				return err
			}
			j++
		default:
			x, y := &ea[i], &eb[j]
			i++
			j++
			if x.hash == y.hash && x.mode == y.mode {
				continue
			}
			switch {
			case isDir(x.mode):
				if err := g.diffTree(prefix+x.name+"/", x.hash, y.hash, out); err != nil {
					return err
				}
			case x.mode == modeGitlink && y.mode == modeGitlink:
			case x.mode == modeGitlink:
				if err := g.oneSide(prefix, y, false, out); err != nil {
					return err
				}
			case y.mode == modeGitlink:
				if err := g.oneSide(prefix, x, true, out); err != nil {
					return err
				}
			default:
				*out = append(*out, rawEntry{oldMode: x.mode, newMode: y.mode, status: 'M', path: prefix + x.name,
					oldID: string(x.hash[:]), newID: string(y.hash[:])})
			}
		}
	}
	return nil
}

// oneSide records an entry present on one side only: a file is added or
// deleted, a directory's files all are.
func (g *goGit) oneSide(prefix string, e *treeEntry, deleted bool, out *[]rawEntry) error {
	switch {
	case e.mode == modeGitlink:
		return nil
	case isDir(e.mode):
		if deleted {
			return g.diffTree(prefix+e.name+"/", e.hash, plumbing.ZeroHash, out)
		}
		return g.diffTree(prefix+e.name+"/", plumbing.ZeroHash, e.hash, out)
	case deleted:
		*out = append(*out, rawEntry{oldMode: e.mode, status: 'D', path: prefix + e.name, oldID: string(e.hash[:])})
	default:
		*out = append(*out, rawEntry{newMode: e.mode, status: 'A', path: prefix + e.name, newID: string(e.hash[:])})
	}
	return nil
}

// bigFileThreshold is git's core.bigFileThreshold default: larger blobs are
// binary without being read.
const bigFileThreshold = 512 << 20

// count computes added and deleted lines for one change the way git
// --numstat does: a file with a NUL in its first 8000 bytes is binary.
func (g *goGit) count(e *rawEntry) (numEntry, error) {
	var n numEntry
	var a, b []byte
	if e.status != 'A' {
		data, bin, err := g.blob(e.oldID, &g.blobA)
		if err != nil {
			return n, err
		}
		a, n.binary = data, bin
	}
	if e.status != 'D' {
		data, bin, err := g.blob(e.newID, &g.blobB)
		if err != nil {
			return n, err
		}
		b, n.binary = data, n.binary || bin
	}
	if n.binary || e.oldID == e.newID {
		return n, nil
	}
	added, deleted := g.lines.diff(a, b)
	n.added, n.deleted = int32(added), int32(deleted)
	return n, nil
}

func (g *goGit) blob(id string, buf *bytes.Buffer) ([]byte, bool, error) {
	var h plumbing.Hash
	copy(h[:], id)
	if id == emptyBlobRaw {
		return nil, false, nil
	}
	obj, err := g.repo.Storer.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, false, fmt.Errorf("blob %s", h)
	}
	if obj.Size() > bigFileThreshold {
		return nil, true, nil
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, false, fmt.Errorf("blob %s", h)
	}
	defer r.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, false, fmt.Errorf("blob %s", h)
	}
	data := buf.Bytes()
	return data, bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0, nil
}

// readMailmap reads the .mailmap committed at HEAD, as git does in a bare
// repository (and as the binary path makes it do everywhere).
func (g *goGit) readMailmap() *mailmap {
	ref, err := g.repo.Head()
	if err != nil {
		return nil
	}
	c, err := g.repo.CommitObject(ref.Hash())
	if err != nil {
		return nil
	}
	f, err := c.File(".mailmap")
	if err != nil {
		return nil
	}
	s, err := f.Contents()
	if err != nil {
		return nil
	}
	return parseMailmap([]byte(s))
}

func (g *goGit) releases(ctx context.Context, out *batcher) ([]*sdk.Release, error) {
	refs, err := g.repo.Tags()
	if err != nil {
		out.warn(warnf("listing tags failed: %v", err))
		return nil, nil
	}
	var rels []*sdk.Release
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		h, t := ref.Hash(), int64(0)
		for range 16 { // peel tags of tags, but not forever
			obj, err := g.repo.Storer.EncodedObject(plumbing.AnyObject, h)
			if err != nil {
				return nil
			}
			switch obj.Type() {
			case plumbing.TagObject:
				tag, err := object.DecodeTag(g.repo.Storer, obj)
				if err != nil {
					return nil
				}
				if t == 0 && !tag.Tagger.When.IsZero() {
					t = tag.Tagger.When.Unix()
				}
				h = tag.Target
				continue
			case plumbing.CommitObject:
				c, err := object.DecodeCommit(g.repo.Storer, obj)
				if err != nil {
					return nil
				}
				if t == 0 {
					t = c.Committer.When.Unix()
				}
				rels = append(rels, &sdk.Release{Name: validUTF8(strings.TrimPrefix(ref.Name().String(), "refs/tags/")), Sha: h.String(), Time: t})
			}
			return nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortReleases(rels)
	return rels, nil
}
