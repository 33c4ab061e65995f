package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	t.Parallel()
	dir := t.TempDir()
	cfg := config{Files: 150, Commits: 300, Seed: 7}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		if err := createRepo(d, cfg, false, false, true); err != nil {
			t.Fatal(err)
		}
	}
	head := func(d string) string { return mustGit(t, d, "rev-parse", "HEAD") }
	if head(a) != head(b) {
		t.Fatalf("same parameters, different heads: %s %s", head(a), head(b))
	}
	if n := mustGit(t, a, "rev-list", "--count", "HEAD"); n != "300" {
		t.Errorf("rev-list --count = %s, want 300", n)
	}
	mustGit(t, a, "fsck", "--strict")

	var m manifest
	raw, err := os.ReadFile(filepath.Join(a, ".git", "synth-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.CoreFiles) != 5 || m.CoreFiles[0] != "pkg/core/strutil/strutil.go" {
		t.Errorf("core files = %v", m.CoreFiles)
	}
	if m.FormatFiles < 50 {
		t.Errorf("format commit touches %d files, want > 50", m.FormatFiles)
	}

	// Every commit that touches a group file touches all of them.
	log := mustGit(t, a, "log", "--format=tformat:@", "--name-only", "--no-renames")
	commits := strings.Split(log, "@")
	for _, gr := range m.Groups {
		some, all := 0, 0
		for _, c := range commits {
			n := 0
			for _, f := range gr.Files {
				if strings.Contains(c+"\n", "\n"+f+"\n") {
					n++
				}
			}
			if n > 0 {
				some++
			}
			if n == len(gr.Files) {
				all++
			}
		}
		if some != all || all != gr.CommitsWithAll || all < 3 {
			t.Errorf("group %s: %d commits touch some, %d all, manifest says %d", gr.Name, some, all, gr.CommitsWithAll)
		}
	}

	// Appending 5 commits at once or as 3+2 gives the same history.
	if err := appendRepo(a, 5, true); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{3, 2} {
		if err := appendRepo(b, n, true); err != nil {
			t.Fatal(err)
		}
	}
	if head(a) != head(b) {
		t.Errorf("append 5 and append 3+2 differ: %s %s", head(a), head(b))
	}
	if st := mustGit(t, a, "status", "--porcelain"); st != "" {
		t.Errorf("work tree not clean after append:\n%s", st)
	}

	if testing.Short() {
		return
	}
	// The generated code compiles.
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = a
	vet.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet in the generated repository: %v\n%s", err, out)
	}
	if _, err := exec.LookPath("python3"); err == nil {
		py := exec.Command("python3", "-B", "-c", `
import ast, pathlib, sys
for p in pathlib.Path(".").rglob("*.py"):
    if ".git" not in p.parts:
        ast.parse(p.read_text(), str(p))
`)
		py.Dir = a
		if out, err := py.CombinedOutput(); err != nil {
			t.Errorf("Python in the generated repository does not parse: %v\n%s", err, out)
		}
	}
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := git(dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
