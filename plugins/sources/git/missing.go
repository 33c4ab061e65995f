package gitsource

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// A repository that lacks some blobs (a snapshot without its largest
// files, a partial clone) makes git log die when it needs one for line
// counts or rename detection. Salvaging commit by commit restarts git log
// each time; when the missing blobs belong to a few paths, it is cheaper
// to find them all at once and leave those paths out of the counted log:
// their changes are then recorded from the raw listing, without line
// counts, and every other file keeps its counts.

// Bounds within which the missing blobs count as "a few paths": beyond
// them (a blob-filtered clone misses every blob) the history is read by
// salvage and then without line counts, as before.
const (
	maxExcludedPaths = 64
	maxExcludedShare = 0.05 // of the paths the history touches
)

// uncounted is what a scan for missing blobs found: the paths to leave out
// of the counted log, and their changes by commit.
type uncounted struct {
	paths   []string
	blobs   int // how many blobs are missing
	changes map[string][]*sdk.FileChange
}

// scanMissing lists the changes of the commits in revs without reading any
// blob, asks git which of their blobs are missing, and returns the paths
// those belong to with their changes; nil when no blob is missing or too
// many paths would be left out. The ids of the missing blobs are returned
// either way, sorted.
func (g *gitBinary) scanMissing(ctx context.Context, revs []string, shallow bool) (*uncounted, []string, error) {
	args := []string{"log", "--topo-order", "-z", "--no-color", "--no-abbrev", "--format=%x01%H", "--raw", "--no-renames", "--stdin"}
	if !shallow {
		args = append(args, "--root")
	}
	out, err := g.output(ctx, strings.Join(revs, "\n")+"\n", args...)
	if err != nil {
		return nil, nil, err
	}
	type entry struct {
		sha, path, status string
		oldID, newID      string
	}
	var entries []entry
	ids := map[string]bool{}
	touched := map[string]bool{}
	sha := ""
	tokens := bytes.Split(out, []byte{0})
	for i := 0; i < len(tokens); i++ {
		t := bytes.TrimLeft(tokens[i], "\n")
		switch {
		case len(t) > 0 && t[0] == 1:
			sha = string(t[1:])
		case len(t) > 0 && t[0] == ':' && i+1 < len(tokens):
			// :<old mode> <new mode> <old id> <new id> <status>
			f := strings.Fields(string(t[1:]))
			i++
			if len(f) < 5 || f[0] == "160000" || f[1] == "160000" {
				continue // gitlinks have no blobs
			}
			e := entry{sha: sha, path: validUTF8b(tokens[i]), status: f[4][:1], oldID: f[2], newID: f[3]}
			entries = append(entries, e)
			touched[e.path] = true
			for _, id := range []string{e.oldID, e.newID} {
				if strings.Trim(id, "0") != "" {
					ids[id] = true
				}
			}
		}
	}
	missing, err := g.missingObjects(ctx, ids)
	if err != nil || len(missing) == 0 {
		return nil, nil, err
	}
	lacking := make([]string, 0, len(missing))
	for id := range missing {
		lacking = append(lacking, id)
	}
	sort.Strings(lacking)
	bad := map[string]bool{}
	for _, e := range entries {
		if missing[e.oldID] || missing[e.newID] {
			bad[e.path] = true
		}
	}
	if len(bad) == 0 || len(bad) > maxExcludedPaths || float64(len(bad)) > maxExcludedShare*float64(len(touched)) {
		return nil, lacking, nil
	}
	u := &uncounted{changes: map[string][]*sdk.FileChange{}, blobs: len(missing)}
	for p := range bad {
		u.paths = append(u.paths, p)
	}
	sort.Strings(u.paths)
	for _, e := range entries {
		if !bad[e.path] {
			continue
		}
		status := "M"
		switch e.status {
		case "A", "C":
			status = "A"
		case "D":
			status = "D"
		}
		u.changes[e.sha] = append(u.changes[e.sha], &sdk.FileChange{Path: e.path, Status: status})
	}
	return u, lacking, nil
}

// missingObjects returns which of ids the object store lacks.
func (g *gitBinary) missingObjects(ctx context.Context, ids map[string]bool) (map[string]bool, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	out, err := g.output(ctx, strings.Join(list, "\n")+"\n", "cat-file", "--batch-check=%(objectname)")
	if err != nil {
		return nil, err
	}
	missing := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if id, ok := strings.CutSuffix(line, " missing"); ok {
			missing[id] = true
		}
	}
	return missing, nil
}

// excludeArgs leaves paths out of a counted git log while still listing
// every commit (--full-history --sparse keeps the commits that touch only
// those paths).
func excludeArgs(paths []string) []string {
	if len(paths) == 0 {
		return nil
	}
	args := []string{"--full-history", "--sparse", "--", "."}
	for _, p := range paths {
		args = append(args, ":(exclude,literal)"+p)
	}
	return args
}

// describeUncounted is the warning for paths read without line counts:
// every path is named (scanMissing leaves out at most maxExcludedPaths),
// so that a user can tell which files lack counts and why.
func describeUncounted(paths []string, blobs int) string {
	return fmt.Sprintf("%d blob(s) of %d path(s) are missing from the object store (partial clone, or a snapshot without large files); changes to these paths are recorded without line counts: %s",
		blobs, len(paths), strings.Join(paths, ", "))
}
