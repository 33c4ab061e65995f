package repo

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// catFile is one long-lived `git cat-file --batch-command` (git 2.36 and
// later) through which a Repo reads objects. go-git, the fallback, loads
// every pack's index into its heap (object names and an offset map: 30 MB
// on prometheus, growing with history, not with the files at HEAD) and
// decodes objects through its own caches; git maps the packs in bounded
// windows instead, and the core keeps only what it asked for.
//
// Not safe for concurrent use: the Repo's mutex serialises it.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	w   *bufio.Writer
	r   *bufio.Reader
}

// catFileConfig bounds what git maps and caches while reading objects:
// its defaults (1 GiB windows, 8 GiB mapped, a 96 MiB delta base cache)
// are all in its RSS, which counts against Homer's.
// Half the windows and mapping of the history's git log (16 MiB, 64 MiB)
// and half the delta cache first tried (16 MiB) took cat-file from 35 to
// 25 MB reading 6,000 blobs of prometheus's history, for the same CPU time.
// Halving all three again took it from 61 to 50 MB reading spring-boot's
// 11,875 blobs at HEAD (0.26 s of CPU either way: the parse stages' reads,
// beside git log and the plugins at init's peak), and from 69 to 50 MB
// reading 36,000 blobs of its last 6,000 commits, for 1.26 → 1.44 s of CPU
// (BENCHMARKS.md, Memory, twelfth pass).
var catFileConfig = []string{
	"-c", "core.packedGitWindowSize=4m",
	"-c", "core.packedGitLimit=16m",
	"-c", "core.deltaBaseCacheLimit=4m",
}

// errMissing is an object the store does not hold (or a path a tree has
// not): go-git's error, so that callers tell it apart the same way
// whichever reads.
var errMissing = plumbing.ErrObjectNotFound

// startCatFile starts git cat-file in dir; nil when there is no git, or
// one too old for --batch-command (then go-git reads the objects).
func startCatFile(dir string) *catFile {
	bin, err := exec.LookPath("git")
	if err != nil {
		return nil
	}
	args := append([]string{"-C", dir}, catFileConfig...)
	args = append(args, "cat-file", "--batch-command")
	cmd := exec.Command(bin, args...)
	cmd.Env = catFileEnv()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil
	}
	if err := cmd.Start(); err != nil {
		return nil
	}
	c := &catFile{cmd: cmd, in: in, w: bufio.NewWriter(in), r: bufio.NewReaderSize(out, 64<<10)}
	// A probe: an older git rejects the option and exits, and the first
	// answer never comes.
	if _, _, err := c.info(strings.Repeat("0", 40)); !errors.Is(err, errMissing) {
		c.close()
		return nil
	}
	return c
}

// catFileEnv is the environment of the cat-file process: no repository
// location leaking from a git hook that runs Homer (-C says where), no
// prompts, and no lazy fetching from a partial clone's promisor remote
// (git 2.44 and later honour it): a missing object is reported, as
// go-git reports it.
func catFileEnv() []string {
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX",
			"GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "LC_ALL", "LANGUAGE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_NO_LAZY_FETCH=1", "GIT_OPTIONAL_LOCKS=0")
}

// close ends the process: git exits at the end of its input.
func (c *catFile) close() {
	c.in.Close()
	_ = c.cmd.Wait()
}

// header sends one command for name and reads the answer's first line:
// the object's id, type and size, or errMissing.
func (c *catFile) header(command, name string) (oid, typ string, size int64, err error) {
	if strings.ContainsAny(name, "\n\x00") {
		return "", "", 0, errMissing
	}
	c.w.WriteString(command)
	c.w.WriteByte(' ')
	c.w.WriteString(name)
	c.w.WriteByte('\n')
	if err := c.w.Flush(); err != nil {
		return "", "", 0, &pipeError{err}
	}
	line, err := c.r.ReadString('\n')
	if err != nil {
		return "", "", 0, &pipeError{err}
	}
	line = strings.TrimSuffix(line, "\n")
	if strings.HasSuffix(line, " missing") || strings.HasSuffix(line, " ambiguous") {
		return "", "", 0, errMissing
	}
	f := strings.Fields(line)
	if len(f) != 3 {
		return "", "", 0, &pipeError{fmt.Errorf("unexpected answer %q", line)}
	}
	size, err = strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return "", "", 0, &pipeError{fmt.Errorf("unexpected answer %q", line)}
	}
	return f[0], f[1], size, nil
}

// info is the id and type of the object name resolves to (an id, or
// TREE:PATH).
func (c *catFile) info(name string) (oid, typ string, err error) {
	oid, typ, _, err = c.header("info", name)
	return oid, typ, err
}

// size is an object's size.
func (c *catFile) size(name string) (int64, error) {
	_, _, size, err := c.header("info", name)
	return size, err
}

// contents is the id, type and content of the object name resolves to.
func (c *catFile) contents(name string) (oid, typ string, data []byte, err error) {
	oid, typ, size, err := c.header("contents", name)
	if err != nil {
		return "", "", nil, err
	}
	data = make([]byte, size+1) // the content, then a newline
	if _, err := io.ReadFull(c.r, data); err != nil {
		return "", "", nil, &pipeError{err}
	}
	return oid, typ, data[:size:size], nil
}

// commit is what Homer reads of a commit object.
type commit struct {
	id      string
	tree    string
	parents []string
	time    int64 // committer time
}

func (c *catFile) commit(id string) (commit, error) {
	oid, typ, data, err := c.contents(id)
	if err != nil {
		return commit{}, err
	}
	if typ != "commit" {
		return commit{}, fmt.Errorf("%s is a %s, not a commit", id, typ)
	}
	cm, err := parseCommit(data)
	cm.id = oid
	return cm, err
}

// parseCommit reads a commit's headers up to the blank line before its
// message.
func parseCommit(data []byte) (commit, error) {
	var out commit
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 {
			break
		}
		key, value, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree":
			out.tree = string(value)
		case "parent": // a git commit header field, not a language's word
			out.parents = append(out.parents, string(value))
		case "committer":
			// NAME <EMAIL> SECONDS ZONE
			f := bytes.Fields(value[bytes.LastIndexByte(value, '>')+1:])
			if len(f) >= 1 {
				out.time, _ = strconv.ParseInt(string(f[0]), 10, 64)
			}
		}
	}
	if out.tree == "" {
		return out, errors.New("a commit without a tree")
	}
	return out, nil
}

// treeEntry is one entry of a tree object.
type treeEntry struct {
	mode string // octal, as git writes it: 100644, 100755, 120000, 40000, 160000
	name string
	id   string
}

// parseTree reads a tree object: MODE NAME\0 then 20 (or 32) raw bytes of
// id, for each entry; hashLen is the id's length in bytes.
func parseTree(data []byte, hashLen int) ([]treeEntry, error) {
	var out []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp < 0 || nul < sp || len(data) < nul+1+hashLen {
			return nil, errors.New("a malformed tree")
		}
		out = append(out, treeEntry{
			mode: string(data[:sp]),
			name: string(data[sp+1 : nul]),
			id:   hex.EncodeToString(data[nul+1 : nul+1+hashLen]),
		})
		data = data[nul+1+hashLen:]
	}
	return out, nil
}

// tree reads a tree object's entries.
func (c *catFile) tree(id string) ([]treeEntry, error) {
	oid, typ, data, err := c.contents(id)
	if err != nil {
		return nil, err
	}
	if typ != "tree" {
		return nil, fmt.Errorf("%s is a %s, not a tree", id, typ)
	}
	return parseTree(data, len(oid)/2)
}

// pipeError is cat-file's stream failing: the process is gone, or its
// answers are out of step with the questions. The Repo then stops it.
type pipeError struct{ err error }

func (e *pipeError) Error() string { return "git cat-file: " + e.err.Error() }
func (e *pipeError) Unwrap() error { return e.err }

// treePath tells whether path can be looked up as TREE:PATH with git's
// meaning equal to go-git's walk down the tree: a clean relative path.
func treePath(path string) bool {
	if path == "" || strings.ContainsAny(path, "\n\x00") || strings.HasPrefix(path, "/") || strings.HasSuffix(path, "/") {
		return false
	}
	for _, part := range strings.Split(path, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// blobAt is the blob at path in a tree, "" when the tree has no file
// there (no entry, a directory or a submodule).
func (c *catFile) blobAt(tree, path string) (string, error) {
	oid, typ, err := c.info(tree + ":" + path)
	if errors.Is(err, errMissing) {
		return "", nil
	}
	if err != nil || typ != "blob" {
		return "", err
	}
	return oid, nil
}

// mailmap is the blob id of .mailmap in a commit, "" when there is none.
func (c *catFile) mailmap(sha string) (string, error) {
	cm, err := c.commit(sha)
	if err != nil {
		return "", fmt.Errorf("reading commit %s: %w", sha, err)
	}
	oid, _, err := c.info(cm.tree + ":.mailmap")
	if errors.Is(err, errMissing) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("looking for .mailmap in %s: %w", sha, err)
	}
	return oid, nil
}

// files lists the regular and executable files under a tree, depth first
// (the caller sorts), with their sizes (0 for a blob the store lacks).
func (c *catFile) files(tree, prefix string, out []TreeFile) ([]TreeFile, error) {
	entries, err := c.tree(tree)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		switch e.mode {
		case "40000":
			if out, err = c.files(e.id, prefix+e.name+"/", out); err != nil {
				return nil, err
			}
		case "100644", "100755":
			f := TreeFile{Path: prefix + e.name, Blob: e.id}
			size, err := c.size(e.id)
			if err != nil && !errors.Is(err, errMissing) {
				return nil, err
			}
			f.Size = size
			out = append(out, f)
		}
	}
	return out, nil
}

// commitFiles is Files through cat-file, unsorted.
func (c *catFile) commitFiles(commit string) ([]TreeFile, error) {
	cm, err := c.commit(commit)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", commit, err)
	}
	out, err := c.files(cm.tree, "", nil)
	if err != nil {
		return nil, fmt.Errorf("tree of %s: %w", commit, err)
	}
	return out, nil
}

// tagged is the commit a tag reference leads to and its committer time:
// the commit itself, or the one an annotated tag names directly; ok is
// false for anything else (a tag of a tree, a blob or another tag).
func (c *catFile) tagged(id string) (commitID string, when int64, ok bool, err error) {
	oid, typ, data, err := c.contents(id)
	if errors.Is(err, errMissing) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, err
	}
	switch typ {
	case "commit":
		cm, err := parseCommit(data)
		if err != nil {
			return "", 0, false, nil
		}
		return oid, cm.time, true, nil
	case "tag":
		target, kind := tagTarget(data)
		if kind != "commit" {
			return "", 0, false, nil
		}
		cm, err := c.commit(target)
		if errors.Is(err, errMissing) || (err != nil && !isPipe(err)) {
			return "", 0, false, nil
		}
		if err != nil {
			return "", 0, false, err
		}
		return target, cm.time, true, nil
	}
	return "", 0, false, nil
}

// tagTarget reads an annotated tag's object and type headers.
func tagTarget(data []byte) (object, kind string) {
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		if len(line) == 0 {
			break
		}
		key, value, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "object":
			object = string(value)
		case "type":
			kind = string(value)
		}
	}
	return object, kind
}

func isPipe(err error) bool {
	var pe *pipeError
	return errors.As(err, &pe)
}

// firstParents is FirstParents through cat-file: the first-parent line
// from commit back to the root (or a shallow clone's boundary), oldest
// first.
func (c *catFile) firstParents(commit string) ([]string, error) {
	var out []string
	for id := commit; ; {
		cm, err := c.commit(id)
		if errors.Is(err, errMissing) && len(out) > 0 {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("commit %s: %w", id, err)
		}
		out = append(out, cm.id)
		if len(cm.parents) == 0 {
			break
		}
		id = cm.parents[0]
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
