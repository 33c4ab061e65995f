package backtest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Commit is one non-merge commit with the distinct paths it touched
// (renames counted under their new path).
type Commit struct {
	SHA     string
	Time    int64
	Message string
	Files   []string
}

// Split is where the history is cut.
type Split struct {
	// Cut is the last first-parent commit of the training history;
	// CutTime its committer time.
	Cut     string
	CutTime int64
	// FirstParent is the number of first-parent commits from HEAD, and
	// HeldOut how many of them come after the cut.
	FirstParent, HeldOut int
	// Train are the non-merge commits reachable from Cut, Future those
	// reachable from HEAD and not from Cut, oldest first.
	Train, Future []Commit
	// AtCut are the paths of the cut's tree.
	AtCut map[string]bool
}

// SplitOptions say where to cut: at Since when set (the held-out commits
// are the first-parent commits at or after it), else before the newest
// Holdout share of the first-parent commits.
type SplitOptions struct {
	Holdout float64
	Since   time.Time
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir, "-c", "core.quotepath=false"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// SplitHistory cuts the history of the repository at root. The
// first-parent chain from HEAD, ordered by position (oldest first), is
// what the holdout share and --since count.
func SplitHistory(ctx context.Context, root string, o SplitOptions) (*Split, error) {
	out, err := git(ctx, root, "log", "--first-parent", "--reverse", "--format=%H %ct", "HEAD")
	if err != nil {
		return nil, err
	}
	type fp struct {
		sha string
		t   int64
	}
	var chain []fp
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		sha, ts, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		t, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("git log: commit %s: time %q", sha, ts)
		}
		chain = append(chain, fp{sha, t})
	}
	n := len(chain)
	held := 0
	if !o.Since.IsZero() {
		for i := n - 1; i >= 0 && chain[i].t >= o.Since.Unix(); i-- {
			held++
		}
	} else {
		if o.Holdout <= 0 || o.Holdout >= 1 {
			return nil, fmt.Errorf("--holdout %v: give a fraction between 0 and 1", o.Holdout)
		}
		held = int(math.Ceil(float64(n) * o.Holdout))
	}
	if held == 0 {
		return nil, fmt.Errorf("no commit is held out (%d first-parent commits)", n)
	}
	if held >= n {
		return nil, fmt.Errorf("nothing is left to learn from: %d of %d first-parent commits are held out", held, n)
	}
	s := &Split{Cut: chain[n-held-1].sha, CutTime: chain[n-held-1].t, FirstParent: n, HeldOut: held}
	if s.Train, err = commits(ctx, root, s.Cut); err != nil {
		return nil, err
	}
	if s.Future, err = commits(ctx, root, s.Cut+"..HEAD"); err != nil {
		return nil, err
	}
	tree, err := git(ctx, root, "ls-tree", "-r", "-z", "--name-only", s.Cut)
	if err != nil {
		return nil, err
	}
	s.AtCut = map[string]bool{}
	for _, p := range strings.Split(string(tree), "\x00") {
		if p != "" {
			s.AtCut[p] = true
		}
	}
	return s, nil
}

// commits lists the non-merge commits of a revision range, oldest first,
// renames under their new path. Rename detection reads blobs: when one is
// missing (a partial clone), renames are listed as a removal and an
// addition instead.
func commits(ctx context.Context, root, rev string) ([]Commit, error) {
	args := []string{"log", "--no-merges", "--reverse", "--name-only", "--format=%x1e%H %ct%x1f%B%x1f"}
	out, err := git(ctx, root, append(append(args, "-M"), rev)...)
	if err != nil {
		out, err = git(ctx, root, append(append(args, "--no-renames"), rev)...)
	}
	if err != nil {
		return nil, err
	}
	var cs []Commit
	for _, rec := range strings.Split(string(out), "\x1e") {
		if rec == "" {
			continue
		}
		parts := strings.SplitN(rec, "\x1f", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("git log %s: unexpected record %q", rev, rec)
		}
		sha, ts, _ := strings.Cut(parts[0], " ")
		t, _ := strconv.ParseInt(ts, 10, 64)
		c := Commit{SHA: sha, Time: t, Message: strings.TrimSpace(parts[1])}
		seen := map[string]bool{}
		for _, f := range strings.Split(parts[2], "\n") {
			if f = strings.TrimSpace(f); f != "" && !seen[f] {
				seen[f] = true
				c.Files = append(c.Files, f)
			}
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// Checkout makes dir a local clone of the repository at root (hard links
// rather than alternates, which go-git does not follow), with HEAD detached
// at cut and no work tree files. Homer's sources read HEAD from the object
// store, so a pipeline run there sees the history up to cut and nothing
// later, and its store is dir's own.
func Checkout(ctx context.Context, root, cut, dir string) error {
	if _, err := git(ctx, root, "clone", "-q", "--local", "--no-checkout", root, dir); err != nil {
		return err
	}
	_, err := git(ctx, dir, "update-ref", "--no-deref", "HEAD", cut)
	return err
}
