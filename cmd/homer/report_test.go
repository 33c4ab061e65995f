package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/plugins/renderers/report"
)

var updateReport = flag.Bool("update-report", false, "rewrite the report renderer's pipeline golden files")

// reportFixture is a small Go service with three authors: a store that a
// ledger builds on, an API over the ledger, a command, and a tool package
// of its own; the ledger and its test, and the API and the store's schema,
// change together.
func reportFixture(t *testing.T) *testrepo.Repo {
	t.Helper()
	r := testrepo.New(t)
	carol := testrepo.Person{Name: "Carol Example", Email: "carol@example.com"}
	r.Write("homer.hcl", "renderer \"report\" {}\n")
	r.Write("go.mod", "module example.com/shop\n\ngo 1.22\n")
	r.Write("store/README.md", "# store\n\nRows, schema and migrations.\n")
	store := func(n int) string {
		return "// Package store keeps rows.\npackage store\n\n// Open opens the store.\nfunc Open() *DB { return &DB{} }\n\n// DB is a handle.\ntype DB struct{ n int }\n\n" +
			"func (d *DB) Get(k string) int { return d.n + len(k) }\n" + strings.Repeat("\n// rev\n", n)
	}
	schema := func(n int) string {
		return "package store\n\n// Schema is the table layout.\nconst Schema = \"v" + fmt.Sprint(n) + "\"\n\nfunc Migrate(d *DB) { d.n++ }\n"
	}
	ledger := func(n int) string {
		return "package ledger\n\nimport \"example.com/shop/store\"\n\n// Post posts an entry.\nfunc Post(k string) int { return store.Open().Get(k) }\n\n" +
			"func Balance() int { return Post(\"b\") }\n" + strings.Repeat("\n// rev\n", n)
	}
	ledgerTest := func(n int) string {
		return "package ledger\n\nimport \"testing\"\n\nfunc TestPost(t *testing.T) {\n\tif Post(\"x\") != 1 {\n\t\tt.Fatal(\"post\")\n\t}\n}\n" + strings.Repeat("\n// rev\n", n)
	}
	api := func(n int) string {
		return "package api\n\nimport (\n\t\"example.com/shop/ledger\"\n\t\"example.com/shop/store\"\n)\n\n// Serve serves.\nfunc Serve() int { store.Migrate(store.Open()); return ledger.Balance() }\n" +
			strings.Repeat("\n// rev\n", n)
	}
	r.Write("store/store.go", store(0))
	r.Write("store/schema.go", schema(0))
	r.Write("ledger/ledger.go", ledger(0))
	r.Write("ledger/ledger_test.go", ledgerTest(0))
	r.Write("api/api.go", api(0))
	r.Write("cmd/shop/main.go", "package main\n\nimport \"example.com/shop/api\"\n\nfunc main() { api.Serve() }\n")
	r.Write("tools/gen/gen.go", "package gen\n\nimport \"example.com/shop/tools/gen/tmpl\"\n\n// Run generates.\nfunc Run() string { return tmpl.Body() }\n")
	r.Write("tools/gen/tmpl/tmpl.go", "package tmpl\n\nfunc Body() string { return \"x\" }\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "start the shop")
	for i := 2; i <= 12; i++ {
		who := []testrepo.Person{testrepo.Alice, testrepo.Bob, carol}[i%3]
		switch i % 3 {
		case 0:
			r.Write("ledger/ledger.go", ledger(i))
			r.Write("ledger/ledger_test.go", ledgerTest(i))
			r.Commit(who, testrepo.Day(i), "ledger: post change "+fmt.Sprint(i))
		case 1:
			r.Write("api/api.go", api(i))
			r.Write("store/schema.go", schema(i))
			r.Commit(testrepo.Bob, testrepo.Day(i), "api: schema change "+fmt.Sprint(i))
		default:
			r.Write("store/store.go", store(i))
			r.Write("api/api.go", api(i))
			r.Write("store/schema.go", schema(i))
			r.Commit(who, testrepo.Day(i), "store: rows "+fmt.Sprint(i))
		}
	}
	return r
}

// The report renders the model the real pipeline builds: `homer init`
// writes homer-report.html through the plugin process, and both formats of
// the stored model match the golden files (the repository's temporary name
// replaced by a fixed one).
func TestReportThroughThePipeline(t *testing.T) {
	t.Parallel()
	r := reportFixture(t)
	mustHomer(t, 0, "init", r.Dir())
	written, err := os.ReadFile(r.Path("homer-report.html"))
	require.NoError(t, err, "homer init writes the report")
	require.Contains(t, string(written), "<svg id=\"community-graph\"")

	m := storedModel(t, r.Dir())
	require.NotEmpty(t, m.GetTreemap(), "the model carries the treemap's cells")
	placed := 0
	for _, c := range m.GetCommunities() {
		if c.GetRadius() > 0 {
			placed++
		}
	}
	require.Equal(t, len(m.GetCommunities()), placed, "every community is placed")
	require.Equal(t, string(report.HTML(m, 25)), string(written), "the plugin wrote what the renderer renders")

	m.RepoName = "shop"
	for name, got := range map[string][]byte{"pipeline.html.golden": report.HTML(m, 25), "pipeline.md.golden": report.Markdown(m, 25)} {
		path := filepath.Join("..", "..", "plugins", "renderers", "report", "testdata", name)
		if *updateReport {
			require.NoError(t, os.WriteFile(path, got, 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run `go test ./cmd/homer -run TestReportThroughThePipeline -update-report` to create %s", path)
		require.Equal(t, string(want), string(got), "%s is out of date: rerun with -update-report and review the diff", path)
	}
}
