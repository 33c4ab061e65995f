package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/session"
	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
)

// modelFixture is a Go repository of three packages: a documented store
// package with a README, a service that imports it and calls it, and the
// service's test; the service and the store change together in every
// commit after the first.
func modelFixture(t *testing.T) *testrepo.Repo {
	t.Helper()
	r := testrepo.New(t)
	r.Write("go.mod", "module example.com/m\n\ngo 1.22\n")
	r.Write("store/doc.go", "// Package store keeps the ledger's rows.\n//\n// It owns the schema.\npackage store\n")
	r.Write("store/README.md", "# store\n\nRows and their schema.\n")
	r.Write("store/store.go", "package store\n\n// Open opens the store.\nfunc Open() int { return 1 }\n")
	r.Write("svc/svc.go", "package svc\n\nimport \"example.com/m/store\"\n\n// Run runs.\nfunc Run() int { return store.Open() }\n")
	r.Write("svc/svc_test.go", "package svc\n\nimport \"testing\"\n\nfunc TestRun(t *testing.T) {\n\tif Run() != 1 {\n\t\tt.Fatal(\"no\")\n\t}\n}\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "first")
	for i := 2; i <= 6; i++ {
		r.Write("store/store.go", "package store\n\n// Open opens the store.\nfunc Open() int { return 1 }\n"+strings.Repeat("\n// more\n", i))
		r.Write("svc/svc.go", "package svc\n\nimport \"example.com/m/store\"\n\n// Run runs.\nfunc Run() int { return store.Open() }\n"+strings.Repeat("\n// more\n", i))
		r.Commit(testrepo.Bob, testrepo.Day(i), "change both")
	}
	return r
}

// storedModel builds the render model from what the last run stored, as
// a render that runs without the model stage does (the model itself is
// not stored).
func storedModel(t *testing.T, dir string) *sdk.Model {
	t.Helper()
	s, err := session.Open(t.Context(), session.Options{Path: dir, Catalog: builtins})
	require.NoError(t, err)
	defer s.Close()
	head, err := s.Repo.Head()
	require.NoError(t, err)
	m, err := pipeline.BuildModel(t.Context(), s.Store, &pipeline.Run{Cfg: s.Config, Repo: s.Repo, Store: s.Store, Plugins: s.Plugins, Head: head})
	require.NoError(t, err)
	return m
}

// The model built through the real pipeline holds every part renderers
// are written against: definitions per file, co-change evidence, tests and
// what they cover, the file and module graphs, communities, module docs
// and READMEs, and the commands with their origin.
func TestModelThroughThePipeline(t *testing.T) {
	t.Parallel()
	r := modelFixture(t)
	mustHomer(t, 0, "init", r.Dir())
	m := storedModel(t, r.Dir())

	files := map[string]*sdk.FileModel{}
	for _, f := range m.GetFiles() {
		files[f.GetPath()] = f
	}
	svc, st, test := files["svc/svc.go"], files["store/store.go"], files["svc/svc_test.go"]
	require.NotNil(t, svc)
	require.NotNil(t, st)
	require.NotNil(t, test)

	t.Run("definitions per file", func(t *testing.T) {
		require.Len(t, st.GetDefinitions(), 1)
		d := st.GetDefinitions()[0]
		require.Equal(t, "store.Open", d.GetQualifiedName())
		require.Equal(t, "function", d.GetKind())
		require.EqualValues(t, 4, d.GetLine())
		require.True(t, d.GetExported())
		require.Equal(t, "Open opens the store.", d.GetDoc())
		require.EqualValues(t, 1, d.GetCallers(), "Run calls it")
	})
	t.Run("co-change evidence", func(t *testing.T) {
		var p *sdk.Partner
		for _, c := range svc.GetCoChangePartners() {
			if c.GetPath() == "store/store.go" {
				p = c
			}
		}
		require.NotNil(t, p, "partners: %v", svc.GetCoChangePartners())
		require.EqualValues(t, 6, p.GetSharedCommits())
		require.EqualValues(t, 6, p.GetRevs())
		require.Equal(t, testrepo.Day(6).Unix(), p.GetLastTime())
		require.Greater(t, p.GetConfidence(), 0.5)
	})
	t.Run("tests and what they cover", func(t *testing.T) {
		require.Contains(t, svc.GetTestedBy(), "svc/svc_test.go")
		require.Contains(t, test.GetCovers(), "svc/svc.go")
		require.Empty(t, st.GetCovers())
	})
	t.Run("file graph", func(t *testing.T) {
		var kinds []string
		for _, e := range m.GetFileEdges() {
			if e.GetFrom() == "svc/svc.go" && e.GetTo() == "store/store.go" {
				kinds = append(kinds, e.GetKind())
				require.Positive(t, e.GetCount())
			}
		}
		require.ElementsMatch(t, []string{"imports", "calls"}, kinds, "edges: %v", m.GetFileEdges())
	})
	t.Run("module graph", func(t *testing.T) {
		var found bool
		for _, e := range m.GetModuleEdges() {
			if e.GetFrom() == "svc" && e.GetTo() == "store" && e.GetKind() == "imports" {
				found = true
			}
			require.NotEqual(t, e.GetFrom(), e.GetTo())
		}
		require.True(t, found, "module edges: %v", m.GetModuleEdges())
	})
	t.Run("modules with READMEs", func(t *testing.T) {
		mods := map[string]*sdk.ModuleModel{}
		for _, mm := range m.GetModules() {
			mods[mm.GetPath()] = mm
		}
		store := mods["store"]
		require.NotNil(t, store)
		require.Equal(t, "store/README.md", store.GetReadmePath())
		require.Equal(t, "# store\n\nRows and their schema.\n", store.GetReadme())
		require.Equal(t, []string{"store/README.md", "store/doc.go", "store/store.go"}, store.GetFilePaths())
		require.Empty(t, mods["svc"].GetReadme())
	})
	t.Run("communities", func(t *testing.T) {
		require.NotEmpty(t, m.GetCommunities())
		require.GreaterOrEqual(t, svc.GetCommunity(), int32(0))
		var members []string
		for _, c := range m.GetCommunities() {
			if c.GetId() == svc.GetCommunity() {
				members = c.GetFiles()
			}
		}
		require.Contains(t, members, "svc/svc.go")
	})
	t.Run("commands with their origin", func(t *testing.T) {
		require.NotEmpty(t, m.GetConventions().GetCommands())
		for _, c := range m.GetConventions().GetCommands() {
			require.NotEmpty(t, c.GetOrigin(), "command %q", c.GetCommand())
		}
		require.Len(t, m.GetCommands(), len(m.GetConventions().GetCommands()))
	})
}

// The changelog rule, through init: a changelog that most commits to the
// code come with is counted in the model and stated in AGENTS.md with its
// counts; the release commit that also touched it is counted apart.
func TestChangelogRuleThroughInit(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Write("go.mod", "module example.com/m\n\ngo 1.22\n")
	r.Write("CHANGES.md", "# Changes\n")
	r.Write("lib/a.go", "package lib\n\n// A is a.\nfunc A() int { return 1 }\n")
	r.Write("lib/b.go", "package lib\n\n// B is b.\nfunc B() int { return 2 }\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "first")
	for i := 2; i <= 9; i++ {
		r.Write("lib/a.go", "package lib\n\n// A is a.\nfunc A() int { return 1 }\n"+strings.Repeat("\n// more\n", i))
		r.Write("CHANGES.md", "# Changes\n"+strings.Repeat("- a fix\n", i))
		r.Commit(testrepo.Bob, testrepo.Day(i), fmt.Sprintf("fix a, take %d", i))
	}
	for i := 10; i <= 11; i++ {
		r.Write("lib/b.go", "package lib\n\n// B is b.\nfunc B() int { return 2 }\n"+strings.Repeat("\n// more\n", i))
		r.Commit(testrepo.Alice, testrepo.Day(i), "tidy b")
	}
	r.Write("CHANGES.md", "# Changes\n\n## 1.2.0\n")
	r.Commit(testrepo.Alice, testrepo.Day(12), "release version 1.2.0")

	mustHomer(t, 0, "init", r.Dir())
	m := storedModel(t, r.Dir())
	require.Len(t, m.GetConventionFiles(), 1, "%v", m.GetConventionFiles())
	cf := m.GetConventionFiles()[0]
	require.Equal(t, "CHANGES.md", cf.GetPath())
	require.Equal(t, "lib/", cf.GetScope())
	require.EqualValues(t, 11, cf.GetSourceCommits())
	require.EqualValues(t, 9, cf.GetWithSource())
	require.EqualValues(t, 10, cf.GetCommits())
	require.EqualValues(t, 1, cf.GetReleaseCommits())

	out, err := os.ReadFile(filepath.Join(r.Dir(), "AGENTS.md"))
	require.NoError(t, err)
	require.Contains(t, string(out), "Changes to `lib/` usually come with an entry in `CHANGES.md`: 9 of the 11 commits that changed the code now in `lib/` changed it too.")
}
