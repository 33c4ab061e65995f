package pipeline

import (
	"encoding/hex"
	"sync"

	"github.com/homer-dev/homer/sdk"
)

// changeBlobs are the blobs around each change the git source sent in this
// run (FileChange.blob_id and old_blob_id), so that doc freshness takes a
// change's blob pair from them rather than asking git for two trees per
// change. They are facts of the commits, true whatever the store keeps,
// and are not stored: the pairs a walk uses go to path_blobs as those it
// looked up always have. A change without ids (an older source, a path read
// without its blobs) or named twice in one commit is not kept, and its
// pair is looked up as before.
//
// Commits and paths are numbered, and the ids kept as bytes: 248,000
// changes of 62,000 commits took 24 MB of heap in a test (a map of the
// 41-byte values, 37 MB; spring-boot has 238,000 changes), until doc
// freshness keeps only its walks' (only).
type changeBlobs struct {
	mu      sync.Mutex
	commits map[[20]byte]uint32
	paths   map[string]uint32
	// at numbers each change (commit << 32 | path) into ids.
	at  map[uint64]uint32
	ids []blobIDs
}

// blobIDs is one change's blobs; has says which sides hold one, and a
// change seen twice is ambiguous.
type blobIDs struct {
	after, before [20]byte
	has           uint8
}

const (
	hasAfter uint8 = 1 << iota
	hasBefore
	ambiguous
)

func newChangeBlobs() *changeBlobs {
	return &changeBlobs{commits: map[[20]byte]uint32{}, paths: map[string]uint32{}, at: map[uint64]uint32{}}
}

// add keeps the blob ids of a commit's changes.
func (b *changeBlobs) add(c *sdk.Commit) {
	var sha [20]byte
	if !decodeID(c.GetSha(), &sha) {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var commit uint32
	for _, ch := range c.GetChanges() {
		var ids blobIDs
		if after := ch.GetBlobId(); after != "" {
			if !decodeID(after, &ids.after) {
				continue
			}
			ids.has |= hasAfter
		}
		if before := ch.GetOldBlobId(); before != "" {
			if !decodeID(before, &ids.before) {
				continue
			}
			ids.has |= hasBefore
		}
		if ids.has == 0 {
			continue // no ids sent
		}
		if commit == 0 {
			commit = b.number(sha)
		}
		b.put(uint64(commit)<<32|uint64(b.pathNumber(ch.GetPath())), ids)
	}
}

// put keeps one change's ids; a change named twice is ambiguous.
func (b *changeBlobs) put(k uint64, ids blobIDs) {
	if i, dup := b.at[k]; dup {
		b.ids[i] = blobIDs{has: ambiguous}
		return
	}
	b.at[k] = uint32(len(b.ids))
	b.ids = append(b.ids, ids)
}

// get returns a change's ids.
func (b *changeBlobs) get(sha [20]byte, path string) (blobIDs, bool) {
	c, ok1 := b.commits[sha]
	p, ok2 := b.paths[path]
	i, ok3 := b.at[uint64(c)<<32|uint64(p)]
	if !ok1 || !ok2 || !ok3 {
		return blobIDs{}, false
	}
	return b.ids[i], true
}

func (b *changeBlobs) number(sha [20]byte) uint32 {
	n, ok := b.commits[sha]
	if !ok {
		n = uint32(len(b.commits) + 1)
		b.commits[sha] = n
	}
	return n
}

func (b *changeBlobs) pathNumber(p string) uint32 {
	n, ok := b.paths[p]
	if !ok {
		n = uint32(len(b.paths) + 1)
		b.paths[p] = n
	}
	return n
}

// pair returns the blobs after and before commit at path, as
// repo.PathBlobs gives them ("" for no file), if the source sent them.
func (b *changeBlobs) pair(commit, path string) (blobPair, bool) {
	if b == nil {
		return blobPair{}, false
	}
	var sha [20]byte
	if !decodeID(commit, &sha) {
		return blobPair{}, false
	}
	b.mu.Lock()
	ids, ok := b.get(sha, path)
	b.mu.Unlock()
	if !ok || ids.has&ambiguous != 0 {
		return blobPair{}, false
	}
	var out blobPair
	if ids.has&hasAfter != 0 {
		out.after = hex.EncodeToString(ids.after[:])
	}
	if ids.has&hasBefore != 0 {
		out.before = hex.EncodeToString(ids.before[:])
	}
	return out, true
}

// only keeps the pairs of the given files' touches, which are all doc
// freshness may ask for: it holds them while the model and the renders
// run, and most of the history's changes are to other files.
func (b *changeBlobs) only(files []docFreshFile) *changeBlobs {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	out := newChangeBlobs()
	for _, f := range files {
		for _, t := range f.touches {
			var sha [20]byte
			if !decodeID(t.commit, &sha) {
				continue
			}
			k := uint64(out.number(sha))<<32 | uint64(out.pathNumber(t.path))
			if _, done := out.at[k]; done {
				continue
			}
			if ids, ok := b.get(sha, t.path); ok {
				out.put(k, ids)
			}
		}
	}
	return out
}

// decodeID reads a 40-digit hex id (a SHA-1 repository's); anything else
// is not kept.
func decodeID(s string, into *[20]byte) bool {
	if len(s) != 40 {
		return false
	}
	_, err := hex.Decode(into[:], []byte(s))
	return err == nil
}

// changeBlobsOf returns the run's blob ids, made on first use by the git
// source stage.
func (r *Run) changeBlobsOf() *changeBlobs {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.blobs == nil {
		r.blobs = newChangeBlobs()
	}
	return r.blobs
}

// takeChangeBlobs hands the run's blob ids over once (nil if the source
// sent none) and lets the run forget them: doc freshness is their one
// reader.
func (r *Run) takeChangeBlobs() *changeBlobs {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := r.blobs
	r.blobs = nil
	return b
}
