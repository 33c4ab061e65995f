package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

// commandRepo is a command-line tool shaped like cli/cli: commands in
// pkg/cmd/<command>/, each subcommand a directory of its own
// (pkg/cmd/<command>/<sub>/<sub>.go and its test) that the command's file
// imports and registers. Four commits add a subcommand that way, between
// commits of ordinary work; a decision record and a documented type give
// the spec its principles and concepts.
func commandRepo(t *testing.T) *testrepo.Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the end-to-end tests need the git binary")
	}
	dir := filepath.Join(t.TempDir(), "tool")
	require.NoError(t, os.Mkdir(dir, 0o755))
	r := testrepo.Init(t, dir)
	subs := map[string][]string{"issue": {"list"}, "pr": {"view"}}
	command := func(cmd string) string {
		var imports, adds strings.Builder
		for _, s := range subs[cmd] {
			fmt.Fprintf(&imports, "\t%q\n", "example.com/tool/pkg/cmd/"+cmd+"/"+s)
			fmt.Fprintf(&adds, "\tc.Add(%s.New(io))\n", s)
		}
		return fmt.Sprintf("// Package %[1]s groups the %[1]s subcommands.\npackage %[1]s\n\nimport (\n%[2]s\t\"example.com/tool/pkg/iostreams\"\n)\n\n"+
			"// New returns the %[1]s command with its subcommands.\nfunc New(io *iostreams.IOStreams) *iostreams.Command {\n\tc := iostreams.NewCommand(%[1]q)\n%[3]s\treturn c\n}\n",
			cmd, imports.String(), adds.String())
	}
	sub := func(cmd, s string) {
		r.Write("pkg/cmd/"+cmd+"/"+s+"/"+s+".go", fmt.Sprintf("package %[1]s\n\nimport \"example.com/tool/pkg/iostreams\"\n\n"+
			"// New returns the %[2]s %[1]s command.\nfunc New(io *iostreams.IOStreams) *iostreams.Command {\n\treturn iostreams.NewCommand(%[1]q)\n}\n", s, cmd))
		r.Write("pkg/cmd/"+cmd+"/"+s+"/"+s+"_test.go", fmt.Sprintf("package %[1]s\n\nimport (\n\t\"testing\"\n\n\t\"example.com/tool/pkg/iostreams\"\n)\n\n"+
			"func TestNew(t *testing.T) {\n\tif New(iostreams.Test()) == nil {\n\t\tt.Fatal(\"no command\")\n\t}\n}\n", s))
	}
	r.Write("go.mod", "module example.com/tool\n\ngo 1.22\n")
	r.Write("Makefile", "test:\n\tgo test ./...\n")
	r.Write("docs/adr/0001-subcommands-live-in-their-own-package.md", "# Subcommands live in their own package\n\nEach subcommand is a package.\n")
	r.Write("pkg/iostreams/iostreams.go", "// Package iostreams holds the terminal's streams.\npackage iostreams\n\nimport \"io\"\n\n"+
		"// IOStreams is where a command reads and writes.\ntype IOStreams struct {\n\tIn  io.Reader\n\tOut io.Writer\n\tTTY bool\n}\n\n"+
		"// Test returns streams for tests.\nfunc Test() *IOStreams { return &IOStreams{} }\n\n"+
		"// Command is a command and its subcommands.\ntype Command struct {\n\tName string\n\tSubs []*Command\n}\n\n"+
		"// NewCommand returns a command.\nfunc NewCommand(name string) *Command { return &Command{Name: name} }\n\n"+
		"// Add registers a subcommand.\nfunc (c *Command) Add(s *Command) { c.Subs = append(c.Subs, s) }\n")
	r.Write("pkg/cmd/root/root.go", "// Package root is the tool's top command.\npackage root\n\nimport (\n\t\"example.com/tool/pkg/cmd/issue\"\n\t\"example.com/tool/pkg/cmd/pr\"\n"+
		"\t\"example.com/tool/pkg/iostreams\"\n)\n\n// New returns the root command.\nfunc New(io *iostreams.IOStreams) *iostreams.Command {\n"+
		"\tc := iostreams.NewCommand(\"tool\")\n\tc.Add(issue.New(io))\n\tc.Add(pr.New(io))\n\treturn c\n}\n")
	for _, cmd := range []string{"issue", "pr"} {
		for _, s := range subs[cmd] {
			sub(cmd, s)
		}
		r.Write("pkg/cmd/"+cmd+"/"+cmd+".go", command(cmd))
	}
	r.Commit(testrepo.Alice, testrepo.Day(1), "tool with issue list and pr view")
	day := 2
	for i, add := range []struct{ cmd, sub string }{{"issue", "close"}, {"pr", "merge"}, {"issue", "edit"}, {"pr", "diff"}} {
		subs[add.cmd] = append(subs[add.cmd], add.sub)
		sub(add.cmd, add.sub)
		r.Write("pkg/cmd/"+add.cmd+"/"+add.cmd+".go", command(add.cmd))
		who := testrepo.Alice
		if i%2 == 1 {
			who = testrepo.Bob
		}
		r.Commit(who, testrepo.Day(day), fmt.Sprintf("add `%s %s`", add.cmd, add.sub))
		day++
		// Ordinary work between additions.
		r.Write("pkg/cmd/issue/list/list.go", fmt.Sprintf("package list\n\nimport \"example.com/tool/pkg/iostreams\"\n\n"+
			"// New returns the issue list command (%d).\nfunc New(io *iostreams.IOStreams) *iostreams.Command {\n\treturn iostreams.NewCommand(\"list\")\n}\n", i))
		r.Commit(testrepo.Carol, testrepo.Day(day), fmt.Sprintf("issue list: wording %d", i))
		day++
	}
	r.Write("homer.hcl", "renderer \"skills\" {}\nrenderer \"spec\" {}\n")
	return r
}

// The skills and spec renderers, through the real pipeline and model
// builder on a repository with a recurring add-pattern, write what the
// golden files hold (go test ./cmd/homer -run SkillsAndSpec -update-golden
// rewrites them).
func TestSkillsAndSpecGolden(t *testing.T) {
	t.Parallel()
	r := commandRepo(t)
	mustHomer(t, 0, "init", r.Dir())

	skillsDir := filepath.Join(r.Dir(), ".claude", "skills")
	got := map[string]string{}
	require.NoError(t, filepath.WalkDir(skillsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(skillsDir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	require.Equal(t, []string{"homer-add-pkg-cmd-subdir/SKILL.md"}, sortedKeys(got),
		"one skill: the subcommand pattern, with four commits")
	skill := got["homer-add-pkg-cmd-subdir/SKILL.md"]
	assert.True(t, strings.HasPrefix(skill, "---\nname: homer-add-pkg-cmd-subdir\ndescription: \""), "front matter first")
	for _, want := range []string{"Create `pkg/cmd/<parent>/<name>/<name>.go`", "Create `pkg/cmd/<parent>/<name>/<name>_test.go`",
		"Edit `pkg/cmd/<parent>/<parent>.go`", "`make test` (from Makefile:1)", "\"add 'pr diff'\": `pkg/cmd/pr/diff/`"} {
		assert.Contains(t, skill, want)
	}
	assert.NotContains(t, skill, "pkg/cmd/issue/list/list.go", "ordinary work is no part of the pattern")
	golden(t, filepath.Join("..", "..", "plugins", "renderers", "skills", "testdata", "fixture", "homer-add-pkg-cmd-subdir", "SKILL.md"), skill)

	spec, err := os.ReadFile(filepath.Join(r.Dir(), "spec", "homer.tps"))
	require.NoError(t, err)
	text := string(spec)
	assert.True(t, strings.HasPrefix(text, "spec Tool\n"))
	for _, want := range []string{"- Subcommands live in their own package: [? what it decides is written in `docs/adr/0001-subcommands-live-in-their-own-package.md`]",
		"Concept IOStreams:", "  field In (`io.Reader`)", "Concept Command:"} {
		assert.Contains(t, text, want)
	}
	golden(t, filepath.Join("..", "..", "plugins", "renderers", "spec", "testdata", "fixture.tps"), text)
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// golden compares got with a golden file, or rewrites it under
// -update-golden.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *updateGolden {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update-golden to create it")
	assert.Equal(t, string(want), got)
}
