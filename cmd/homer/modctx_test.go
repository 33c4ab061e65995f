package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk/agentsfile"
)

// moduleCtxFixture is a Go repository of two packages: store, with a
// README, a committed Homer-written AGENTS.md that changed with the code
// (as when a team commits regenerated context), and a document that
// changes with it; svc, which imports store, with a human-written nested
// AGENTS.md.
func moduleCtxFixture(t *testing.T, config string) *testrepo.Repo {
	t.Helper()
	r := testrepo.New(t)
	r.Write("homer.hcl", config)
	r.Write("go.mod", "module example.com/shop\n\ngo 1.22\n")
	r.Write("store/README.md", "# store\n\nStore keeps the shop's orders in memory. It is the only package that owns them.\n\n## Usage\n\nCall Open.\n")
	r.Write("svc/AGENTS.md", "# svc\n\nKeep handlers thin; business rules live in store.\n")
	r.Write("svc/svc_test.go", "package svc\n\nimport \"testing\"\n\nfunc TestRun(t *testing.T) {\n\tif Run() != 1 {\n\t\tt.Fatal(\"no\")\n\t}\n}\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "skeleton")
	for i := 1; i <= 5; i++ {
		pad := strings.Repeat("\n// revision\n", i)
		r.Write("store/store.go", "package store\n\n// Store holds orders.\ntype Store struct{ n int }\n\n// Get returns the count.\nfunc (s *Store) Get() int { return s.n }\n\n"+
			"// Open opens a store. It never fails.\nfunc Open() *Store { return &Store{n: 1} }\n"+pad)
		r.Write("svc/svc.go", "package svc\n\nimport \"example.com/shop/store\"\n\n// Run runs.\nfunc Run() int { return store.Open().Get() }\n\n"+
			"// Again runs twice.\nfunc Again() int { return Run() + store.Open().Get() }\n"+pad)
		if i <= 4 {
			r.Write("docs/orders.md", "# Orders\n"+pad)
			r.Write("store/AGENTS.md", agentsfile.Marker+"\n# store\n"+pad)
		}
		who := testrepo.Alice
		if i%2 == 0 {
			who = testrepo.Bob
		}
		r.Commit(who, testrepo.Day(1+i), fmt.Sprintf("orders, step %d", i))
	}
	return r
}

// module-ctx through the real pipeline and model builder: the files match
// their golden copies, the human-written nested AGENTS.md is left alone
// (auto writes AGENTS.homer.md beside it), the Homer-written one is
// replaced, and merge puts Homer's text inside the human file.
func TestModuleCtxThroughThePipeline(t *testing.T) {
	t.Parallel()
	r := moduleCtxFixture(t, "renderer \"module-ctx\" {\n  dirs = [\"store\", \"svc\"]\n}\n")
	mustHomer(t, 0, "init", r.Dir())

	human := readFile(t, r.Path("svc/AGENTS.md"))
	require.Equal(t, "# svc\n\nKeep handlers thin; business rules live in store.\n", human, "a human-written nested AGENTS.md is never overwritten")
	store := readFile(t, r.Path("store/AGENTS.md"))
	svc := readFile(t, r.Path("svc/AGENTS.homer.md"))
	goldenText(t, "modctx-store.md", store)
	goldenText(t, "modctx-svc.homer.md", svc)

	// Homer's own committed agent file is not history: no co-change with
	// it, no document of it.
	require.NotContains(t, store, "AGENTS.md`")
	require.Contains(t, store, "`docs/orders.md` changes with `store.go`")

	// merge: Homer's text goes between markers inside the human file, and
	// a second render replaces it in place.
	r.Write("homer.hcl", "renderer \"module-ctx\" {\n  dirs = [\"store\", \"svc\"]\n  circularity = \"merge\"\n}\n")
	mustHomer(t, 0, "render", r.Dir())
	mustHomer(t, 0, "render", r.Dir())
	merged := readFile(t, r.Path("svc/AGENTS.md"))
	require.True(t, strings.HasPrefix(merged, human), merged)
	require.Equal(t, 1, strings.Count(merged, "<!-- homer:begin -->"), merged)
	require.Contains(t, merged, "# `svc/`")
}

// goldenText compares text with testdata/golden/NAME; -update-golden
// rewrites it.
func goldenText(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err, "no golden file: run go test ./cmd/homer -run TestModuleCtx -update-golden")
	require.Equal(t, string(want), got, "%s is out of date: rerun with -update-golden and review the diff", file)
}
