package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

// The fixture repository every end-to-end test analyses. It is built by
// code with a fixed history (authors, dates), so its commit hashes are the
// same on every run.

// Authors. Bob commits under two emails; the fixture's .mailmap makes them
// one person.
var (
	alice  = testrepo.Alice
	bob    = testrepo.Bob
	carol  = testrepo.Carol
	bobOld = testrepo.Person{Name: "Bob E.", Email: "bob@old.example.org"}
)

// What the fixture plants, for the assertions.
const (
	fxRenameFrom = "pylib/oldname.py"
	fxRenameTo   = "pylib/extra.py"
	fxLeaf       = "scripts/deploy.py"
	fxLeafEdits  = 15
	fxTagLight   = "v0.1.0"
	fxTagAnnot   = "v0.2.0"
)

// fxPlanted is the planted co-change set: changed together in many commits.
var fxPlanted = []string{"docs/api.md", "svc/a.go", "svc/b.go"}

// fxMassFiles is the number of files each mass reformat commit touches.
const fxMassFiles = 55

// fixture builds a repository with a known history.
type fixture struct {
	t     testing.TB
	r     *testrepo.Repo
	files map[string]string
	// dirty are the paths written since the last commit: only they are
	// committed, never what homer wrote into the work tree.
	dirty map[string]bool
	n     int // commits so far; commit n is at epoch + n·7h
	// legacy are the files only the mass reformat and their creation touch.
	legacy []string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the end-to-end tests need the git binary")
	}
	// A fixed base name: the repository's name appears in the artifacts.
	dir := filepath.Join(t.TempDir(), "fix")
	require.NoError(t, os.Mkdir(dir, 0o755))
	return &fixture{t: t, r: testrepo.Init(t, dir), files: map[string]string{}, dirty: map[string]bool{}}
}

func (f *fixture) dir() string { return f.r.Dir() }

func (f *fixture) set(path, content string) {
	f.files[path] = content
	f.dirty[path] = true
	f.r.Write(path, content)
}

func (f *fixture) appendLine(path, line string) {
	c, ok := f.files[path]
	require.True(f.t, ok, "fixture: no file %s", path)
	f.set(path, c+line+"\n")
}

func (f *fixture) prependLine(path, line string) {
	c, ok := f.files[path]
	require.True(f.t, ok, "fixture: no file %s", path)
	f.set(path, line+"\n"+c)
}

// rename moves a file with git mv, which stages it.
func (f *fixture) rename(from, to string) {
	f.r.Rename(from, to)
	delete(f.dirty, from)
	f.files[to] = f.files[from]
	delete(f.files, from)
}

// remove deletes a file; the next commit records the deletion.
func (f *fixture) remove(path string) {
	_, ok := f.files[path]
	require.True(f.t, ok, "fixture: no file %s", path)
	f.r.Remove(path)
	delete(f.files, path)
	f.dirty[path] = true
}

func (f *fixture) when() time.Time {
	return testrepo.Epoch.Add(time.Duration(f.n) * 7 * time.Hour)
}

// commit commits the paths the fixture wrote since the last commit (not
// homer's store or artifacts) as who, at the fixture's next time.
func (f *fixture) commit(who testrepo.Person, msg string) string {
	f.t.Helper()
	if len(f.dirty) > 0 {
		f.r.Git(append([]string{"add", "-A", "--"}, sortedSet(f.dirty)...)...)
	}
	f.dirty = map[string]bool{}
	f.r.GitAs(who, f.when(), "commit", "-q", "--allow-empty", "--no-verify", "-m", msg)
	f.n++
	return f.r.Head()
}

// comment returns a comment line in the file's language.
func comment(path, text string) string {
	switch filepath.Ext(path) {
	case ".go":
		return "// " + text
	case ".py", ".yml", ".sh":
		return "# " + text
	case ".md":
		return "<!-- " + text + " -->"
	}
	return text
}

const (
	srcUtil = `package core

import "strings"

// Helper returns the greeting every package uses.
func Helper() string { return "hello" }

// Format trims s and upper-cases it.
func Format(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
`
	srcUtilTest = `package core

import "testing"

func TestHelper(t *testing.T) {
	if Helper() == "" || Format(" x ") != "X" {
		t.Fatal("broken")
	}
}
`
	srcA = `package svc

import "example.com/fix/core"

// A greets through the core helper.
func A() string { return core.Helper() + core.Format(" a ") }
`
	srcB = `package svc

import "example.com/fix/core"

// B greets through the core helper too.
func B() string { return core.Helper() + core.Format(" b ") }
`
	srcATest = `package svc

import "testing"

func TestA(t *testing.T) {
	if A() == "" {
		t.Fatal("empty")
	}
}
`
	srcMain = `package main

import (
	"fmt"

	"example.com/fix/svc"
)

func main() {
	fmt.Println(svc.A(), svc.B())
}
`
	srcBase = `def helper(x):
    """Double x."""
    return x * 2


def other():
    return helper(1)
`
	srcFeature = `from pylib.base import helper


def feature(y):
    return helper(y) + 1
`
	srcTestFeature = `from pylib.feature import feature


def test_feature():
    assert feature(1) == 3
`
	srcOldName = `from pylib.base import helper


def extra():
    """Something extra, under a name that changes."""
    return helper(21)
`
	srcDeploy = `import sys


def deploy(target):
    print("deploying to", target)


if __name__ == "__main__":
    deploy(sys.argv[1])
`
	srcMakefile = "test:\n\tgo test ./...\n\nlint:\n\tgo vet ./...\n\n.PHONY: test lint\n"
	srcCI       = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
`
	srcMailmap = "Bob Example <bob@example.com> <bob@old.example.org>\n"
)

// buildFixture writes the standard fixture and returns it, about 40
// commits:
//   - three authors, Bob under two emails merged by .mailmap;
//   - Go (module example.com/fix): core/util.go, used by svc/a.go and
//     svc/b.go, which cmd/tool/main.go uses; tests core/util_test.go and
//     svc/a_test.go;
//   - Python: pylib/base.py used by pylib/feature.py (and pylib/extra.py),
//     tested by tests/test_feature.py;
//   - a rename (pylib/oldname.py → pylib/extra.py), a lightweight and an
//     annotated tag;
//   - the planted co-change set fxPlanted (together in 7 commits) among
//     noise commits; scripts/deploy.py changed 16 times by Carol alone;
//   - 48 files only ever changed together by two mass reformats of 55
//     files each (and created in commits of 16);
//   - a Makefile with test and lint targets, a GitHub Actions workflow.
func buildFixture(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	f.set(".mailmap", srcMailmap)
	f.set("go.mod", "module example.com/fix\n\ngo 1.22\n")
	f.set("README.md", "# fix\n\nA fixture for Homer's end-to-end tests.\n")
	f.set("Makefile", srcMakefile)
	f.set(".github/workflows/ci.yml", srcCI)
	f.set("core/util.go", srcUtil)
	f.set("core/util_test.go", srcUtilTest)
	f.commit(alice, "core: helpers")

	f.set("svc/a.go", srcA)
	f.set("svc/b.go", srcB)
	f.set("svc/a_test.go", srcATest)
	f.set("docs/api.md", "# API\n\nA and B.\n")
	f.commit(bobOld, "svc: A and B")

	f.set("cmd/tool/main.go", srcMain)
	f.commit(carol, "cmd/tool: entry point")

	f.set("pylib/__init__.py", "")
	f.set("pylib/base.py", srcBase)
	f.set("pylib/feature.py", srcFeature)
	f.set(fxRenameFrom, srcOldName)
	f.set("tests/test_feature.py", srcTestFeature)
	f.commit(alice, "pylib: base and feature")

	f.set(fxLeaf, srcDeploy)
	f.commit(carol, "scripts: deploy")
	f.r.Tag(fxTagLight)

	f.rename(fxRenameFrom, fxRenameTo)
	f.commit(bob, "pylib: rename oldname to extra")

	// The planted co-change set, interleaved with noise and with the leaf
	// script's many edits.
	leaf := 0
	editLeaf := func() {
		leaf++
		f.appendLine(fxLeaf, fmt.Sprintf("# release %d", leaf))
		f.commit(carol, fmt.Sprintf("deploy: release %d", leaf))
	}
	for i := 1; i <= 6; i++ {
		who := bob
		if i%2 == 0 {
			who = bobOld
		}
		for _, p := range fxPlanted {
			f.appendLine(p, comment(p, fmt.Sprintf("api revision %d", i)))
		}
		f.commit(who, fmt.Sprintf("svc: api revision %d", i))
		switch i {
		case 1:
			f.appendLine("README.md", "Usage: run the tool.")
			f.commit(alice, "readme: usage")
		case 2:
			f.appendLine("cmd/tool/main.go", "// flags come later")
			f.commit(carol, "cmd/tool: note")
		case 3:
			f.appendLine("pylib/feature.py", "# tuned")
			f.commit(alice, "pylib: tune feature")
		case 4:
			f.appendLine("svc/a.go", "// a alone")
			f.commit(bob, "svc: a alone")
		}
		editLeaf()
	}
	for leaf < fxLeafEdits {
		editLeaf()
	}
	// One real change to the foundation, by another author.
	f.appendLine("core/util.go", "// Helpers never change lightly.")
	f.commit(bob, "core: note")

	// Files only the mass reformat touches, created in small commits, then
	// two reformats touching more than 50 files each: without the size
	// filter these would be co-change sets.
	for i := 0; i < 48; i++ {
		p := fmt.Sprintf("legacy/m%02d.txt", i)
		f.legacy = append(f.legacy, p)
		f.set(p, fmt.Sprintf("legacy note %d\n", i))
		if i%16 == 15 {
			f.commit(alice, fmt.Sprintf("legacy: notes up to %d", i))
		}
	}
	mass := append(append([]string(nil), f.legacy...),
		"svc/a.go", "svc/b.go", "docs/api.md", "cmd/tool/main.go", "pylib/feature.py", "tests/test_feature.py", "README.md")
	require.Len(t, mass, fxMassFiles)
	for _, year := range []string{"2024", "2025"} {
		for _, p := range mass {
			f.prependLine(p, comment(p, "Copyright "+year+" the fixture authors"))
		}
		f.commit(carol, "reformat: copyright header "+year)
	}
	f.r.AnnotatedTag(fxTagAnnot, "release 0.2.0", alice, f.when())
	return f
}

// addCommits adds n small commits to the fixture's leaf script.
func (f *fixture) addCommits(n int, who testrepo.Person) {
	for i := 0; i < n; i++ {
		f.appendLine(fxLeaf, fmt.Sprintf("# extra %d", f.n))
		f.commit(who, fmt.Sprintf("deploy: extra %d", f.n))
	}
}

// addManyCommits appends n commits quickly with git fast-import (a few
// milliseconds instead of a process pair per commit), each changing one of
// a few files, with fixed authors and dates.
func (f *fixture) addManyCommits(n int) {
	f.t.Helper()
	head := f.r.Head()
	var b strings.Builder
	people := []testrepo.Person{alice, bob, carol}
	for i := 0; i < n; i++ {
		who := people[i%len(people)]
		when := f.when().Unix()
		f.n++
		path := fmt.Sprintf("bulk/f%d.py", i%7)
		line := fmt.Sprintf("x%d = %d\n", i, i)
		f.files[path] += line
		msg := fmt.Sprintf("bulk: change %d", i)
		fmt.Fprintf(&b, "commit refs/heads/main\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\ndata %d\n%s\n",
			who.Name, who.Email, when, who.Name, who.Email, when, len(msg), msg)
		if i == 0 {
			fmt.Fprintf(&b, "from %s\n", head)
		}
		fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", path, len(f.files[path]), f.files[path])
	}
	b.WriteString("done\n")
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir = f.dir()
	cmd.Env = gitEnv()
	cmd.Stdin = strings.NewReader(b.String())
	out, err := cmd.CombinedOutput()
	require.NoError(f.t, err, "git fast-import: %s", out)
	f.r.Git("reset", "-q", "--hard", "main")
}

// gitEnv is the environment for git commands the tests run themselves.
func gitEnv() []string {
	env := os.Environ()
	return append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "LC_ALL=C", "TZ=UTC")
}

// git runs git in dir and returns its trimmed output.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// copyRepo copies a repository directory (cp -a keeps everything, the
// commit hashes included) into a new temporary directory.
func copyRepo(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "repo")
	out, err := exec.Command("cp", "-a", src, dst).CombinedOutput()
	require.NoError(t, err, "cp -a: %s", out)
	return dst
}

// lsFiles lists the files git tracks at HEAD and every directory above one.
func lsFiles(t testing.TB, dir string) (files, dirs map[string]bool) {
	files, dirs = map[string]bool{}, map[string]bool{}
	for _, p := range strings.Split(git(t, dir, "ls-tree", "-r", "--name-only", "HEAD"), "\n") {
		if p == "" {
			continue
		}
		files[p] = true
		for d := filepath.Dir(p); d != "." && d != "/"; d = filepath.Dir(d) {
			dirs[filepath.ToSlash(d)] = true
		}
	}
	return files, dirs
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
