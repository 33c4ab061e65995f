package gitsource

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// randomHistory builds a repository whose commits add, edit, delete,
// rename (unchanged content, so both backends see an exact rename), chmod
// and binary-edit files, with lines drawn from a small vocabulary so that
// diffs have many candidate alignments.
func randomHistory(t testing.TB, commits int) *testrepo.Repo {
	t.Helper()
	r := testrepo.New(t)
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"", "}", "{", "return nil", "x := 1", "if err != nil {", "// comment", "fmt.Println(x)", "\tfoo()", "bar"}
	text := func(n int, unique string) string {
		var b strings.Builder
		for i := range n {
			if i%7 == 0 {
				fmt.Fprintf(&b, "%s line %d\n", unique, i)
				continue
			}
			b.WriteString(vocab[rng.IntN(len(vocab))] + "\n")
		}
		if rng.IntN(5) == 0 {
			b.WriteString("no newline at end")
		}
		return b.String()
	}
	files := map[string]string{}
	people := []testrepo.Person{testrepo.Alice, testrepo.Bob, testrepo.Carol}
	for i := range commits {
		touched := map[string]bool{} // a renamed file must be unchanged, or git's rename is inexact
		for range 1 + rng.IntN(4) {
			names := make([]string, 0, len(files))
			for n := range files {
				names = append(names, n)
			}
			sort.Strings(names)
			op := rng.IntN(10)
			switch {
			case len(names) < 3 || op < 3:
				name := fmt.Sprintf("dir%d/sub%d/file%d_%d.txt", rng.IntN(3), rng.IntN(2), i, rng.IntN(1000))
				files[name] = text(5+rng.IntN(60), name)
				touched[name] = true
				r.Write(name, files[name])
			case op < 7:
				name := names[rng.IntN(len(names))]
				ls := strings.SplitAfter(files[name], "\n")
				for range 1 + rng.IntN(6) {
					at := rng.IntN(len(ls) + 1)
					switch rng.IntN(3) {
					case 0:
						ls = append(ls[:at], append([]string{vocab[rng.IntN(len(vocab))] + "\n"}, ls[at:]...)...)
					case 1:
						if at < len(ls) {
							ls = append(ls[:at], ls[at+1:]...)
						}
					default:
						if at < len(ls) {
							ls[at] = vocab[rng.IntN(len(vocab))] + " changed\n"
						}
					}
				}
				files[name] = strings.Join(ls, "")
				touched[name] = true
				r.Write(name, files[name])
			case op < 8:
				name := names[rng.IntN(len(names))]
				delete(files, name)
				r.Remove(name)
			case op < 9:
				name := names[rng.IntN(len(names))]
				to := fmt.Sprintf("moved/%d/%s", i, name[strings.LastIndexByte(name, '/')+1:])
				if _, taken := files[to]; taken || touched[name] {
					continue
				}
				touched[to] = true
				files[to] = files[name]
				delete(files, name)
				r.Rename(name, to)
			default:
				name := names[rng.IntN(len(names))]
				require.NoError(t, os.Chmod(r.Path(name), 0o755))
			}
		}
		if i%5 == 0 {
			r.WriteBytes("assets/blob.bin", []byte(fmt.Sprintf("bin\x00%d", i)))
		}
		r.Commit(people[i%len(people)], testrepo.Day(i), fmt.Sprintf("commit %d", i))
	}
	return r
}

func TestGoGitMatchesBinary(t *testing.T) {
	t.Parallel()
	fixtures := map[string]*testrepo.Repo{
		"fixture": buildHistory(t).r,
		"random":  randomHistory(t, 60),
	}
	for name, r := range fixtures {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), nil), r.Dir(), "")
			gg := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), binaryAndGoGit()["go-git"]), r.Dir(), "")
			require.NoError(t, bin.err)
			require.NoError(t, gg.err)
			want, got := summarize(bin.commits), summarize(gg.commits)
			if name == "fixture" {
				// The one edited rename: git pairs it, go-git sees a delete and an add.
				for i := range want {
					want[i] = strings.Replace(want[i], "pkg/util.go<util.go:R86:1:1", "pkg/util.go:A:10:0 util.go:D:0:10", 1)
				}
			}
			assert.Equal(t, want, got)
			assert.Equal(t, bin.releases, gg.releases)
			assert.Equal(t, bin.checkpoint(), gg.checkpoint())
		})
	}
}

// TestChangesCarryTheirBlobs checks each change's blob ids, from both
// backends, against the trees: the blob at the path after the commit, and
// at the old path (or the path) in its parent before it, "" where there is
// no file.
func TestChangesCarryTheirBlobs(t *testing.T) {
	t.Parallel()
	fixtures := map[string]*testrepo.Repo{
		"fixture": buildHistory(t).r,
		"random":  randomHistory(t, 40),
	}
	for name, r := range fixtures {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			blobAt := map[string]string{}
			blob := func(rev, path string) string {
				k := rev + ":" + path
				if id, ok := blobAt[k]; ok {
					return id
				}
				// "MODE TYPE ID\tPATH", nothing when there is no entry.
				f := strings.Fields(r.Git("ls-tree", rev, "--", path))
				id := ""
				if len(f) >= 3 && f[1] == "blob" {
					id = f[2]
				}
				blobAt[k] = id
				return id
			}
			for backend, cfg := range binaryAndGoGit() {
				res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg), r.Dir(), "")
				require.NoError(t, res.err)
				checked := 0
				for _, c := range res.commits {
					for _, ch := range c.GetChanges() {
						where := backend + " " + c.GetSha()[:8] + " " + ch.GetPath()
						assert.Equal(t, blob(c.GetSha(), ch.GetPath()), ch.GetBlobId(), where)
						before := ""
						if len(c.GetParents()) > 0 {
							old := ch.GetPath()
							if ch.GetOldPath() != "" {
								old = ch.GetOldPath()
							}
							before = blob(c.GetParents()[0], old)
						}
						assert.Equal(t, before, ch.GetOldBlobId(), where)
						assert.True(t, ch.GetBlobId() != "" || ch.GetOldBlobId() != "", where)
						checked++
					}
				}
				assert.Greater(t, checked, 10)
			}
		})
	}
}
