package gitsource

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
	"regexp"
	"strconv"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// gitBinary reads history by streaming the git binary's output.
type gitBinary struct {
	bin    string
	root   string // as given: a work tree (or a directory in it), a bare repository or a .git directory
	gitDir string // absolute, known after head
	// salvageLimit is how many commits with missing objects are salvaged
	// one by one before the rest of the history is read without line
	// counts (a blob-filtered partial clone misses every blob).
	salvageLimit int
	slicing      slicing
	// excluded are paths left out of the counted log because blobs of
	// theirs are missing (missing.go).
	excluded []string
	// alternate is a temporary object directory holding a commit-graph
	// of the history being read (commitgraph.go), given to every git
	// process meanwhile; graphMin is the least history one is written for.
	alternate string
	graphMin  int
}

func openGitBinary(bin string, st settings) (*gitBinary, error) {
	abs, err := filepath.Abs(st.root)
	if err != nil {
		return nil, err
	}
	return &gitBinary{bin: bin, root: abs, salvageLimit: st.salvageLimit, slicing: st.slicing, graphMin: st.graphMin}, nil
}

// configOverrides neutralise user settings that would change what git log
// prints (signatures interleaved with the format, paths relative to a
// subdirectory, external diff drivers, a different diff algorithm).
var configOverrides = []string{
	"-c", "log.showSignature=false",
	"-c", "diff.relative=false",
	"-c", "diff.algorithm=myers",
	"-c", "diff.external=",
	"-c", "core.quotePath=false",
	"-c", "color.ui=false",
	"-c", "mailmap.file=",
	"-c", "mailmap.blob=HEAD:.mailmap",
	// Memory, not output: git maps pack files in windows of up to 1 GiB
	// (8 GiB in all) and caches 96 MiB of delta bases, and all of it is in
	// its RSS, which counts against Homer's. On prometheus (18,400 commits)
	// `git log --numstat` peaked at 335 MB, 175 MB with these windows and
	// 90 MB with this cache too, for about 5% more CPU (BENCHMARKS.md,
	// Scale, Memory). Halving both again (8 MiB windows, 32 MiB mapped,
	// 16 MiB of delta bases) took it from 80 to 57 MB for about 7% more
	// user CPU (BENCHMARKS.md, Memory, branch mem3). On spring-boot
	// (62,000 commits) 8 MiB of delta bases rather than 16 took its peak
	// from 105 to 94 MB for 3% more of its CPU; 4 MiB, to 89 MB for 9%
	// more (BENCHMARKS.md, Memory, eleventh pass).
	"-c", "core.packedGitWindowSize=8m",
	"-c", "core.packedGitLimit=32m",
	"-c", "core.deltaBaseCacheLimit=8m",
}

// gitEnv is the environment of every git process: no repository location
// leaking from a git hook that runs Homer (we pass -C), untranslated
// messages (we match fatal errors), no prompts, and no lazy fetching of
// missing objects from a partial clone's promisor remote (history mining
// must not go to the network; missing objects are reported instead).
func gitEnv() []string {
	env := make([]string, 0, len(os.Environ())+4)
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

// command runs git in the repository: in its git directory once that is
// known, where no work tree .mailmap is found and the one committed at HEAD
// (mailmap.blob) applies, so the history of a given HEAD is the same from a
// work tree, a bare clone or a .git directory.
func (g *gitBinary) command(ctx context.Context, args ...string) *exec.Cmd {
	full := make([]string, 0, len(args)+len(configOverrides)+3)
	if g.gitDir != "" {
		full = append(full, "-C", g.gitDir)
	} else {
		full = append(full, "-C", g.root)
	}
	full = append(full, configOverrides...)
	full = append(full, args...)
	cmd := exec.CommandContext(ctx, g.bin, full...)
	cmd.Env = gitEnv()
	if g.alternate != "" {
		cmd.Env = withAlternate(cmd.Env, g.alternate)
	}
	return cmd
}

// gitError is a failed git command with the end of its standard error.
type gitError struct {
	args   []string
	code   int
	stderr string
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: exit %d: %s", strings.Join(e.args, " "), e.code, strings.TrimSpace(e.stderr))
}

func (g *gitBinary) output(ctx context.Context, stdin string, args ...string) ([]byte, error) {
	cmd := g.command(ctx, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		code := -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		return out, &gitError{args: args, code: code, stderr: stderr.String()}
	}
	return out, nil
}

func (g *gitBinary) head(ctx context.Context) (string, error) {
	out, err := g.output(ctx, "", "rev-parse", "--absolute-git-dir", "HEAD^{commit}")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if lines[0] != "" {
		g.gitDir = lines[0]
	}
	if err == nil && len(lines) == 2 {
		return lines[1], nil
	}
	var ge *gitError
	if !errors.As(err, &ge) {
		if err == nil {
			err = fmt.Errorf("unexpected output %q", out)
		}
		return "", fmt.Errorf("git source: %s: %w", g.root, err)
	}
	if g.gitDir == "" {
		// Not a repository, or not a directory at all.
		return "", fmt.Errorf("git source: %s: %w (%s)", g.root, ErrNotRepository, firstLine(ge.stderr))
	}
	if strings.Contains(ge.stderr, "unknown revision") || strings.Contains(ge.stderr, "ambiguous argument") {
		return "", nil // HEAD is unborn: an empty repository
	}
	return "", fmt.Errorf("git source: %s: %w", g.root, err)
}

var hexSHA = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

func (g *gitBinary) isAncestor(ctx context.Context, a, b string) (bool, bool, error) {
	if !hexSHA.MatchString(a) {
		return false, false, nil
	}
	_, err := g.output(ctx, "", "merge-base", "--is-ancestor", a, b)
	var ge *gitError
	switch {
	case err == nil:
		return true, true, nil
	case errors.As(err, &ge) && ge.code == 1:
		return false, true, nil
	case errors.As(err, &ge):
		return false, false, nil // not a commit we have
	}
	return false, false, err
}

// unreachable lists the commits reachable from tips that head does not
// reach.
func (g *gitBinary) unreachable(ctx context.Context, tips []string, head string) ([]string, error) {
	if len(tips) == 0 {
		return nil, nil
	}
	out, err := g.output(ctx, strings.Join(tips, "\n")+"\n^"+head+"\n", "rev-list", "--stdin")
	if err != nil {
		return nil, fmt.Errorf("git source: listing commits HEAD no longer reaches: %w", err)
	}
	return strings.Fields(string(out)), nil
}

// mergeBases lists the best common ancestors of a and b (none for
// unrelated histories).
func (g *gitBinary) mergeBases(ctx context.Context, a, b string) ([]string, error) {
	out, err := g.output(ctx, "", "merge-base", "--all", a, b)
	var ge *gitError
	if errors.As(err, &ge) && ge.code == 1 && len(strings.TrimSpace(string(out))) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("git source: merge base of %s and %s: %w", short(a), short(b), err)
	}
	return strings.Fields(string(out)), nil
}

// logFormat starts every commit with \x01, which can begin neither a --raw
// entry (":" or "\n:") nor a --numstat entry (a digit or "-"), then gives
// NUL-separated fields; the message is last and cannot contain NUL.
const logFormat = "--format=%x01%H%x00%P%x00%aN%x00%aE%x00%cN%x00%cE%x00%at%x00%ct%x00%B"

// diff modes of a git log run.
const (
	diffFull   = iota // statuses, line counts, rename detection
	diffRaw           // statuses only: reads trees, never blobs
	diffHeader        // no diff at all
)

func logArgs(mode int, limit int, shallow bool, revs ...string) []string {
	return append([]string{"log", "--topo-order", "--reverse"}, showArgs(mode, limit, shallow, revs...)...)
}

// showArgs are logArgs without the walk's order: for a list of commits
// given in order with --no-walk=unsorted.
func showArgs(mode int, limit int, shallow bool, revs ...string) []string {
	args := []string{"-z", "--no-color", "--no-ext-diff", "--no-textconv", "--no-abbrev", logFormat}
	switch mode {
	case diffFull:
		args = append(args, "--raw", "--numstat", "-M")
	case diffRaw:
		args = append(args, "--raw", "--no-renames")
	}
	// Without --root a root commit shows no diff. In a shallow clone the
	// boundary commits look like roots: their "everything added" diff is
	// an artefact, and reading every blob of the tree is costly, so only
	// real roots get one.
	if !shallow && mode != diffHeader {
		args = append(args, "--root")
	}
	if limit > 0 {
		args = append(args, "-n", strconv.Itoa(limit))
	}
	return append(args, revs...)
}

// run is the outcome of reading a range of history with git log (one
// process, or several over slices of it).
type run struct {
	completed int // commits handed to the batcher
	// pending is the commit git was printing when it failed: its header
	// was seen, its output may be incomplete.
	pending *rawCommit
	err     error // nil, *gitError, or a stop reason
}

func (g *gitBinary) commits(ctx context.Context, head string, since []string, limit int, out *batcher) error {
	w := newWalker(out, g.readShallow())
	if len(w.shallow) > 0 {
		out.warn(warnf("shallow clone: %d boundary commit(s) have no recorded parents; their changes are not reported", len(w.shallow)))
	}
	base := []string{head}
	for _, s := range since {
		base = append(base, "^"+s)
	}
	if len(since) == 0 && len(w.shallow) == 0 {
		// A whole history: its walk reads parents and dates from a
		// commit-graph rather than holding every commit's buffer.
		if dir := g.commitGraph(ctx, head); dir != "" {
			g.alternate = dir
			defer func() {
				g.alternate = ""
				_ = os.RemoveAll(dir)
			}()
		}
	}
	// The count is for progress only: it runs beside the walk, and the
	// batches sent once it is known carry it. A walk that ends first
	// waits for it (a count costs less than the walk), so the last batch
	// always tells the total; a failed walk does not.
	cctx, stop := context.WithCancel(ctx)
	counted := make(chan struct{})
	defer func() {
		stop()
		<-counted
	}()
	go func() {
		defer close(counted)
		args := []string{"rev-list", "--count"}
		if limit > 0 {
			args = append(args, "-n", strconv.Itoa(limit))
		}
		if n, err := g.output(cctx, strings.Join(base, "\n")+"\n", append(args, "--stdin")...); err == nil {
			if c, err := strconv.ParseInt(strings.TrimSpace(string(n)), 10, 64); err == nil {
				out.total.Store(c)
			}
		}
	}()
	mode := diffFull
	scanned := false
	for attempt := 0; ; attempt++ {
		if mode == diffFull && len(w.salvaged) >= g.salvageLimit {
			mode = diffRaw
			w.out.warn(warnf("%d commits miss objects (blob-filtered partial clone?): the remaining history is read without line counts, with exact renames only", len(w.salvaged)))
		}
		revs := w.revs(base)
		var r run
		if attempt == 0 && len(since) == 0 {
			// A whole history may be read in slices by parallel git
			// processes (slices.go); restarts after a missing object
			// read the rest with one, as do updates.
			r = g.slicedRun(ctx, revs, limit, w)
		} else {
			r = g.logRun(ctx, revs, limit, mode, w)
		}
		if r.err == nil {
			<-counted
			return nil
		}
		var ge *gitError
		if !errors.As(r.err, &ge) {
			return r.err
		}
		if !missingObject(ge.stderr) {
			return fmt.Errorf("git source: reading history of %s: %w", g.root, ge)
		}
		if mode == diffFull && !scanned {
			// The first missing object: if the missing blobs belong to a
			// few paths, leave those out of the counted log and go on.
			scanned = true
			u, lacking, err := g.scanMissing(ctx, revs, len(w.shallow) > 0)
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			w.out.lacks(lacking...)
			if err == nil && u != nil {
				g.excluded, w.extra = u.paths, u.changes
				w.out.warn(warnf("%s", describeUncounted(u.paths, u.blobs)))
				continue
			}
		}
		// Some object is missing (partial clone, filtered blob, damaged
		// repository). Find the commit git was on, salvage what can be
		// read of it, and carry on after it.
		sha := ""
		if r.pending != nil {
			sha = r.pending.sha
		} else {
			list, err := g.output(ctx, strings.Join(revs, "\n")+"\n", revListArgs(limit)...)
			if err != nil {
				return fmt.Errorf("git source: reading history of %s: %w", g.root, err)
			}
			ids := strings.Fields(string(list))
			if r.completed >= len(ids) {
				return fmt.Errorf("git source: reading history of %s: %w", g.root, ge)
			}
			sha = ids[r.completed]
		}
		if err := g.salvage(ctx, sha, oidIn(ge.stderr), w); err != nil {
			return err
		}
		if limit > 0 {
			limit -= r.completed + 1
			if limit <= 0 {
				return nil
			}
		}
	}
}

func revListArgs(limit int) []string {
	args := []string{"rev-list", "--topo-order", "--reverse"}
	if limit > 0 {
		args = append(args, "-n", strconv.Itoa(limit))
	}
	return append(args, "--stdin")
}

// logRun streams one git log over revs (fed on stdin) into the walker.
func (g *gitBinary) logRun(ctx context.Context, revs []string, limit, mode int, w *walker) run {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := logArgs(mode, limit, len(w.shallow) > 0, "--stdin")
	if mode == diffFull {
		args = append(args, excludeArgs(g.excluded)...)
	}
	cmd := g.command(ctx, args...)
	cmd.Stdin = strings.NewReader(strings.Join(revs, "\n") + "\n")
	stderr := &tailBuffer{max: 16 << 10}
	cmd.Stderr = stderr
	part, err := startLog(ctx, cmd, stderr)
	if err != nil {
		return run{err: fmt.Errorf("git source: starting git: %w", err)}
	}
	return consume(cancel, []*logPart{part}, mode, w)
}

// startPipe starts cmd with its output on a pipe.
func startPipe(ctx context.Context, cmd *exec.Cmd, stderr *tailBuffer) (*logPart, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &logPart{out: stdout, wait: func() error {
		_, _ = io.Copy(io.Discard, stdout) // after a stop: let git finish writing
		return gitExit(ctx, cmd.Wait(), stderr)
	}}, nil
}

// logPart is the output of one git log process and how to wait for it.
type logPart struct {
	out io.Reader
	// wait returns once the process is gone: nil, ctx.Err() or a
	// *gitError.
	wait func() error
}

// consume parses parts in order into the walker. It stops at the first
// part whose git failed, after handing over the commits printed in full
// before the failure, and at the first error of the walker; cancel then
// stops the processes still running.
func consume(cancel context.CancelFunc, parts []*logPart, mode int, w *walker) run {
	var r run
	for _, part := range parts {
		p := newLogParser(part.out)
		p.keepIDs = mode == diffRaw
		var stop error
		for {
			c, err := p.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					stop = err
				}
				break
			}
			if err := w.add(c); err != nil {
				stop = err
				break
			}
			r.completed++
		}
		if stop != nil {
			cancel()
			_ = part.wait()
			r.err = stop
			return r
		}
		if err := part.wait(); err != nil {
			r.pending, r.err = p.pending, err
			return r
		}
		if p.pending != nil {
			if err := w.add(p.finish(p.pending)); err != nil {
				r.err = err
				return r
			}
			r.completed++
		}
	}
	return r
}

// gitExit turns the end of a git process into nil, ctx.Err() (when it was
// stopped) or a *gitError.
func gitExit(ctx context.Context, err error, stderr *tailBuffer) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	code := -1
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	return &gitError{args: []string{"log"}, code: code, stderr: stderr.String()}
}

// salvage records a commit whose full diff git could not produce: first try
// it alone (the failure may have been its successor's), then statuses
// without line counts, then the bare commit.
func (g *gitBinary) salvage(ctx context.Context, sha, oid string, w *walker) error {
	if w.salvaged[sha] {
		return fmt.Errorf("git source: commit %s of %s cannot be read and cannot be skipped", sha, g.root)
	}
	w.salvaged[sha] = true
	one := func(mode int) (*sdk.Commit, error) {
		out, err := g.output(ctx, "", append(logArgs(mode, 0, len(w.shallow) > 0), "--no-walk", sha)...)
		if err != nil {
			return nil, err
		}
		p := newLogParser(bytes.NewReader(out))
		p.keepIDs = mode == diffRaw
		if _, err := p.next(); !errors.Is(err, io.EOF) || p.pending == nil || p.pending.sha != sha {
			return nil, fmt.Errorf("unexpected output for commit %s", sha)
		}
		return p.finish(p.pending), nil
	}
	c, err := one(diffFull)
	if err == nil {
		return w.add(c)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	what := "object " + oid
	if oid == "" {
		what = "an object"
	}
	w.out.lacks(oid)
	if c, err = one(diffRaw); err == nil {
		w.out.warn(warnf("commit %s: %s is missing (partial clone?); its file changes are listed without line counts", short(sha), what))
		return w.add(c)
	}
	if c, err = one(diffHeader); err == nil {
		w.out.warn(warnf("commit %s: %s is missing (partial clone?); its file changes are not reported", short(sha), what))
		return w.add(c)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	w.out.warn(warnf("commit %s cannot be read (%s); skipped", short(sha), firstLine(err.Error())))
	w.skip(sha)
	return nil
}

var fatalLine = regexp.MustCompile(`(?m)^(fatal|error): .*$`)
var oidPattern = regexp.MustCompile(`\b[0-9a-f]{40}([0-9a-f]{24})?\b`)

// missingObject tells whether git died for want of an object.
func missingObject(stderr string) bool {
	for _, line := range fatalLine.FindAllString(stderr, -1) {
		for _, s := range []string{"unable to read", "bad object", "missing", "corrupt", "failed to read object", "not a valid object", "invalid object", "could not fetch"} {
			if strings.Contains(line, s) {
				return true
			}
		}
	}
	return false
}

// oidIn returns the object id named in git's last fatal message, if any.
func oidIn(stderr string) string {
	lines := fatalLine.FindAllString(stderr, -1)
	for i := len(lines) - 1; i >= 0; i-- {
		if id := oidPattern.FindString(lines[i]); id != "" {
			return id
		}
	}
	return ""
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (g *gitBinary) readShallow() map[string]bool {
	if g.gitDir == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(g.gitDir, "shallow"))
	if err != nil {
		return nil
	}
	set := map[string]bool{}
	for _, l := range strings.Fields(string(data)) {
		set[l] = true
	}
	return set
}

// tagFormat lists a tag's own object and, for annotated tags, what it
// points to; fields are NUL-separated, one tag per line (ref names cannot
// contain control characters).
const tagFormat = "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(taggerdate:unix)%00%(committerdate:unix)%00%(*committerdate:unix)"

func (g *gitBinary) releases(ctx context.Context, out *batcher) ([]*sdk.Release, error) {
	data, err := g.output(ctx, "", "for-each-ref", tagFormat, "refs/tags")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out.warn(warnf("listing tags failed: %s", firstLine(err.Error())))
		return nil, nil
	}
	var rels []*sdk.Release
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\x00")
		if len(f) != 8 {
			continue
		}
		name := validUTF8(strings.TrimPrefix(f[0], "refs/tags/"))
		switch {
		case f[1] == "commit":
			rels = append(rels, &sdk.Release{Name: name, Sha: f[2], Time: atoi(f[6])})
		case f[1] == "tag" && f[3] == "commit":
			t := atoi(f[5])
			if t == 0 {
				t = atoi(f[7])
			}
			rels = append(rels, &sdk.Release{Name: name, Sha: f[4], Time: t})
		case f[1] == "tag" && f[3] == "tag":
			// A tag of a tag: peel it all the way.
			peeled, err := g.output(ctx, "", "log", "-1", "--no-walk", "--format=%H %ct", f[0]+"^{commit}", "--")
			fields := strings.Fields(string(peeled))
			if err != nil || len(fields) != 2 {
				continue
			}
			t := atoi(f[5])
			if t == 0 {
				t = atoi(fields[1])
			}
			rels = append(rels, &sdk.Release{Name: name, Sha: fields[0], Time: t})
		}
	}
	sortReleases(rels)
	return rels, nil
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// tailBuffer keeps the last max bytes written to it: git's fatal message
// comes last, after any number of warnings.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
