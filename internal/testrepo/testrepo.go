package testrepo

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Person is a commit author (and committer: testrepo uses one for both).
type Person struct {
	Name  string
	Email string
}

// People who write the fixtures' history.
var (
	Alice = Person{Name: "Alice Example", Email: "alice@example.com"}
	Bob   = Person{Name: "Bob Example", Email: "bob@example.com"}
	Carol = Person{Name: "Carol Example", Email: "carol@example.com"}
)

// Epoch is the time of Day(0): fixtures start on 2024-01-01 UTC.
var Epoch = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)

// Day returns Epoch plus n days, a convenient commit time.
func Day(n int) time.Time { return Epoch.AddDate(0, 0, n) }

// Repo is a git repository in a temporary directory that is removed when the
// test ends.
type Repo struct {
	t   testing.TB
	dir string
	// env is what every git invocation runs with; the identity and dates
	// are appended per call.
	env []string
}

// New initialises an empty repository with branch main. It skips the test
// when no git binary is available.
func New(t testing.TB) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("testrepo needs the git binary")
	}
	return Init(t, t.TempDir())
}

// Init initialises an empty repository with branch main in dir, which must
// exist. Use it when the repository has to live at a chosen path.
func Init(t testing.TB, dir string) *Repo {
	t.Helper()
	home := t.TempDir() // keeps ~/.gitconfig and XDG configuration out
	r := &Repo{t: t, dir: dir, env: []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_TERMINAL_PROMPT=0",
		"LC_ALL=C",
		"TZ=UTC",
	}}
	r.Git("init", "-q", "-b", "main")
	return r
}

// Dir is the repository's working tree.
func (r *Repo) Dir() string { return r.dir }

// GitDir is the repository's .git directory.
func (r *Repo) GitDir() string { return filepath.Join(r.dir, ".git") }

// Path returns the absolute path of a file in the working tree.
func (r *Repo) Path(rel string) string { return filepath.Join(r.dir, filepath.FromSlash(rel)) }

// Write creates or replaces a file (and its directories) in the working tree.
func (r *Repo) Write(path, content string) { r.WriteBytes(path, []byte(content)) }

// WriteBytes is Write for binary content.
func (r *Repo) WriteBytes(path string, content []byte) {
	r.t.Helper()
	p := r.Path(path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatalf("testrepo: %v", err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		r.t.Fatalf("testrepo: %v", err)
	}
}

// Remove deletes a file or directory from the working tree.
func (r *Repo) Remove(path string) {
	r.t.Helper()
	if err := os.RemoveAll(r.Path(path)); err != nil {
		r.t.Fatalf("testrepo: %v", err)
	}
}

// Rename moves a file in the working tree (git mv).
func (r *Repo) Rename(oldPath, newPath string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Dir(r.Path(newPath)), 0o755); err != nil {
		r.t.Fatalf("testrepo: %v", err)
	}
	r.Git("mv", oldPath, newPath)
}

// Commit stages every change in the working tree and commits it with author
// and committer set to who at when. It returns the new commit's sha. Empty
// commits are allowed.
func (r *Repo) Commit(who Person, when time.Time, msg string) string {
	r.t.Helper()
	r.Git("add", "-A")
	r.GitAs(who, when, "commit", "-q", "--allow-empty", "--no-verify", "-m", msg)
	return r.Head()
}

// Tag creates a lightweight tag at HEAD.
func (r *Repo) Tag(name string) {
	r.t.Helper()
	r.Git("tag", name)
}

// AnnotatedTag creates an annotated tag at HEAD, made by who at when.
func (r *Repo) AnnotatedTag(name, msg string, who Person, when time.Time) {
	r.t.Helper()
	r.GitAs(who, when, "tag", "-a", "-m", msg, name)
}

// Branch creates a branch at HEAD without switching to it.
func (r *Repo) Branch(name string) {
	r.t.Helper()
	r.Git("branch", name)
}

// Checkout switches to a branch or commit.
func (r *Repo) Checkout(ref string) {
	r.t.Helper()
	r.Git("checkout", "-q", ref)
}

// Merge merges branch into the current branch with a merge commit (even
// when a fast-forward is possible) and returns its sha. The merge must not
// conflict.
func (r *Repo) Merge(branch string, who Person, when time.Time, msg string) string {
	r.t.Helper()
	r.GitAs(who, when, "merge", "-q", "--no-ff", "--no-edit", "-m", msg, branch)
	return r.Head()
}

// Head returns the sha of HEAD.
func (r *Repo) Head() string {
	r.t.Helper()
	return r.Git("rev-parse", "HEAD")
}

// Submodule makes path a submodule: a nested repository with one commit,
// recorded in the index as a gitlink (mode 160000) with a .gitmodules
// entry. It returns the nested commit's sha. Commit it with Commit.
func (r *Repo) Submodule(path, url string) string {
	r.t.Helper()
	if err := os.MkdirAll(r.Path(path), 0o755); err != nil {
		r.t.Fatalf("testrepo: %v", err)
	}
	sub := Init(r.t, r.Path(path))
	sub.Write("README", "nested\n")
	sha := sub.Commit(Person{Name: "Sub", Email: "sub@example.com"}, Epoch, "nested")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+sha+","+path)
	modules := fmt.Sprintf("[submodule %q]\n\tpath = %s\n\turl = %s\n", path, path, url)
	old, _ := os.ReadFile(r.Path(".gitmodules"))
	r.Write(".gitmodules", string(old)+modules)
	return sha
}

// Git runs git in the repository with the fixed environment and returns its
// trimmed standard output.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.GitAs(Person{Name: "Homer Test", Email: "test@homer.invalid"}, Epoch, args...)
}

// GitAs runs git with author, committer and tagger set to who at when.
func (r *Repo) GitAs(who Person, when time.Time, args ...string) string {
	r.t.Helper()
	date := fmt.Sprintf("%d %s", when.Unix(), when.Format("-0700"))
	full := append([]string{
		"-c", "user.name=" + who.Name, "-c", "user.email=" + who.Email,
		"-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
		"-c", "core.autocrlf=false", "-c", "init.defaultBranch=main",
		"-c", "protocol.file.allow=always",
	}, args...)
	cmd := exec.Command("git", full...)
	cmd.Dir = r.dir
	cmd.Env = append(append(cleanEnv(), r.env...),
		"GIT_AUTHOR_NAME="+who.Name, "GIT_AUTHOR_EMAIL="+who.Email, "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME="+who.Name, "GIT_COMMITTER_EMAIL="+who.Email, "GIT_COMMITTER_DATE="+date,
	)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("testrepo: git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// cleanEnv is the process environment without GIT_* variables, which a git
// hook running the tests would otherwise leak into the fixture's commands.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return env
}
