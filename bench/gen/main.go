// Command gen writes a deterministic synthetic git repository for Homer's
// benchmarks by piping one stream into `git fast-import`.
//
// Usage:
//
//	go run ./bench/gen -out DIR [-files 1000] [-commits 5000] [-seed 1]
//	go run ./bench/gen -out DIR -append 10
//
// The same -files, -commits and -seed always give the same commit hashes:
// every author and committer date is fixed in the stream, all randomness comes
// from one seeded PCG generator, and nothing iterates over a Go map.
//
// # What the repository contains
//
// -files counts the .go and .py files at HEAD, test files included and
// __init__.py not (less a handful of deletions); about 60% are Go and 40%
// Python, spread over about one package directory per 25 files (40 for 1,000
// files). Every package has a
// test file (x_test.go, test_x.py); Python packages have __init__.py. Scaffold:
// go.mod (module example.com/synth), Makefile (build, test, lint), a
// .github/workflows/ci.yml with run: steps, .mailmap, .gitignore, README.md.
// The Go code builds and vets; the Python code compiles.
//
// Every function has the shape `F(n int) int`: a guard `if n <= 0`, a few
// arithmetic statements and calls `v += other.G(n - 1)` to functions in other
// files, so runtime recursion is bounded by n and the call graph is real. Calls
// only go to files created earlier, and between packages only downwards:
//
//   - core: five rarely changed utility files that most files call, so they
//     should rank highest by PageRank and in-degree (coreGo, corePy in model.go):
//     pkg/core/strutil/strutil.go, pkg/core/mathx/mathx.go,
//     pkg/core/logx/logx.go, pysynth/core/textutil.py, pysynth/core/numutil.py;
//   - mid: packages under pkg/ and pysynth/ that call core and mid packages
//     earlier in their list (goMid, pyMid in model.go);
//   - leaf: cmd/<name> (package main) and top-level Python packages (scripts/,
//     tools/) that call down into mid and core; they change most often.
//
// Go files import what they call (some imports aliased); Python files mix
// `from pysynth.x.y import f`, `import pysynth.x.y`, `from pysynth.x import y`
// and, inside a package, `from .y import f` and `from . import y`.
//
// # History
//
// -commits counts every commit, merges included, spread over three years from
// 2021-01-04. Six authors with per-author areas and time zones; Alice Martin
// commits as alice.martin@oldcorp.example for the first 40% of the history
// and as alice@synth.example afterwards (.mailmap joins them); Dmitri leaves at
// 70%, Farid joins at 50%. Files are added during the first half; commits
// mostly touch 1-5 files and change, add or delete a few lines in function
// bodies (sometimes a new call or function). Also planted:
//
//   - co-change groups (groups in model.go) whose files change only together, in
//     about 5%, 4% and 2% of commits, plus the one big format commit;
//   - a "style:" commit at 60% that touches every .go and .py file;
//   - renames (D+M in one commit, Python callers updated), a few deletions;
//   - feature branches merged back with two-parent merge commits;
//   - annotated tags v0.1.0 ... v1.2.0; occasional Makefile/ci.yml/README edits.
//
// After the import gen checks out the work tree, repacks (-repack), stores
// its parameters in git config (synth.*) and writes .git/synth-manifest.json,
// which names the planted paths, the format commit and per-group counts.
//
// -append N replays the recorded history in memory (nothing is written) and
// then appends N ordinary commits on main, seeded by the commit index, so the
// result does not depend on how the appends were split up. It refuses a
// repository whose main moved since gen last wrote it, and resets the work
// tree to the new HEAD (untracked files such as .homer/ are kept).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	var (
		out     = flag.String("out", "", "repository directory to create, or to extend with -append")
		files   = flag.Int("files", 1000, "number of .go and .py files at HEAD, tests included (at least 100)")
		commits = flag.Int("commits", 5000, "number of commits, merges included (at least 50)")
		seed    = flag.Uint64("seed", 1, "random seed; the same flags give the same commit hashes")
		appendN = flag.Int("append", 0, "append this many commits to a repository gen created, instead of creating one")
		repack  = flag.Bool("repack", true, "run `git repack -adq` after importing, as a maintained repository would be")
		force   = flag.Bool("force", false, "remove -out first if it exists")
		quiet   = flag.Bool("q", false, "print nothing on success")
		stdout  = flag.Bool("stdout", false, "write the fast-import stream to standard output instead of creating a repository")
	)
	flag.Parse()
	if *stdout {
		cfg := config{Files: *files, Commits: *commits, Seed: *seed}
		if err := cfg.validate(); err != nil {
			log.Fatal(err)
		}
		bw := bufio.NewWriterSize(os.Stdout, 1<<20)
		g := newGen(cfg)
		g.out = &stream{w: bw}
		g.run()
		g.out.printf("done\n")
		if err := bw.Flush(); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	var err error
	if *appendN > 0 {
		err = appendRepo(*out, *appendN, *quiet)
	} else {
		cfg := config{Files: *files, Commits: *commits, Seed: *seed}
		err = createRepo(*out, cfg, *repack, *force, *quiet)
	}
	if err != nil {
		log.Fatal(err)
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "gen: done in %.2fs\n", time.Since(start).Seconds())
	}
}

// config is what determines the generated history; gen records it in the
// repository's git config so that -append can replay it.
type config struct {
	Files, Commits int
	Seed           uint64
}

func (c config) validate() error {
	if c.Files < 100 {
		return errors.New("-files must be at least 100")
	}
	if c.Commits < 50 {
		return errors.New("-commits must be at least 50")
	}
	return nil
}

func createRepo(dir string, cfg config, repack, force, quiet bool) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	dir, err := filepath.Abs(dir) // git runs with -C dir
	if err != nil {
		return err
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		if !force {
			return fmt.Errorf("%s exists and is not empty (use -force to replace it)", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := git(dir, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	marksFile := filepath.Join(dir, ".git", "synth-marks")
	g := newGen(cfg)
	if err := fastImport(dir, g, []string{"--export-marks=" + marksFile}, func() { g.run() }); err != nil {
		return err
	}
	marks, err := readMarks(marksFile)
	if err != nil {
		return err
	}
	os.Remove(marksFile)
	if _, err := git(dir, "reset", "-q", "--hard"); err != nil {
		return err
	}
	if repack {
		if _, err := git(dir, "repack", "-adq"); err != nil {
			return err
		}
	}
	head, err := git(dir, "rev-parse", "refs/heads/main")
	if err != nil {
		return err
	}
	if err := writeConfig(dir, cfg, 0, head); err != nil {
		return err
	}
	m := g.manifest(head, marks)
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, ".git", "synth-manifest.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	if !quiet {
		m.print(os.Stderr)
	}
	return nil
}

func appendRepo(dir string, n int, quiet bool) error {
	get := func(key string) (int, error) {
		s, err := git(dir, "config", "--get", "synth."+key)
		if err != nil {
			return 0, fmt.Errorf("%s was not made by gen (no synth.%s in git config)", dir, key)
		}
		return strconv.Atoi(s)
	}
	var cfg config
	var appended, seed int
	var err error
	if cfg.Files, err = get("files"); err != nil {
		return err
	}
	if cfg.Commits, err = get("commits"); err != nil {
		return err
	}
	if seed, err = get("seed"); err != nil {
		return err
	}
	cfg.Seed = uint64(seed)
	if appended, err = get("appended"); err != nil {
		return err
	}
	want, _ := git(dir, "config", "--get", "synth.head")
	head, err := git(dir, "rev-parse", "refs/heads/main")
	if err != nil {
		return err
	}
	if head != want {
		return fmt.Errorf("main is at %s, gen left it at %s: the history cannot be replayed", head, want)
	}
	// Replay without output, then write only the new commits.
	g := newGen(cfg)
	g.run()
	for i := 0; i < appended; i++ {
		g.appendCommit()
	}
	g.mainTip = head
	if err := fastImport(dir, g, nil, func() {
		for i := 0; i < n; i++ {
			g.appendCommit()
		}
	}); err != nil {
		return err
	}
	if _, err := git(dir, "reset", "-q", "--hard"); err != nil {
		return err
	}
	head, err = git(dir, "rev-parse", "refs/heads/main")
	if err != nil {
		return err
	}
	if err := writeConfig(dir, cfg, appended+n, head); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(os.Stderr, "gen: appended %d commits (%d in all), main at %s\n", n, cfg.Commits+appended+n, head)
	}
	return nil
}

// fastImport runs `git fast-import` in dir while body writes the stream
// through g.out.
func fastImport(dir string, g *gen, extra []string, body func()) error {
	args := append([]string{"-C", dir, "fast-import", "--quiet", "--done"}, extra...)
	cmd := exec.Command("git", args...)
	if os.Getenv("GLIBC_TUNABLES") == "" {
		// fast-import's allocation pattern makes glibc grow and trim the
		// heap tens of thousands of times: 22 s instead of 2 s for 5,000
		// commits. A high trim threshold stops that.
		cmd.Env = append(os.Environ(), "GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(stdin, 1<<20)
	g.out = &stream{w: bw}
	body()
	g.out.printf("done\n")
	werr := bw.Flush()
	stdin.Close()
	g.out = nil
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return werr
}

func writeConfig(dir string, cfg config, appended int, head string) error {
	for _, kv := range [][2]string{
		{"synth.files", strconv.Itoa(cfg.Files)},
		{"synth.commits", strconv.Itoa(cfg.Commits)},
		{"synth.seed", strconv.FormatUint(cfg.Seed, 10)},
		{"synth.appended", strconv.Itoa(appended)},
		{"synth.head", head},
	} {
		if _, err := git(dir, "config", kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

func readMarks(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string)
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			m[k] = v
		}
	}
	return m, nil
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
