package spec

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func renderSpec(t *testing.T, m *sdk.Model) string {
	t.Helper()
	r := New()
	require.Empty(t, r.Configure(context.Background(), sdk.Config{}))
	resp, err := r.(sdk.Renderer).Render(context.Background(), m)
	require.NoError(t, err)
	require.Len(t, resp.GetFiles(), 1)
	assert.Equal(t, "spec/homer.tps", resp.GetFiles()[0].GetPath())
	return string(resp.GetFiles()[0].GetContent())
}

// A model with nothing to say gives holes, never invented content.
func TestEmptyModelGivesHoles(t *testing.T) {
	t.Parallel()
	text := renderSpec(t, &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "9lives-app"})
	assert.True(t, strings.HasPrefix(text, "spec Repository9livesApp\n"))
	for _, want := range []string{"# Principles\n\n- [? no decision records", "# Design\n\n[? the import graph has no cluster",
		"# Concepts\n\n[? no types were reported"} {
		assert.Contains(t, text, want)
	}
}

func TestConcepts(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "shop", Files: []*sdk.FileModel{
		{Path: "store/order.go", Salience: 0.2, Definitions: []*sdk.DefinitionModel{
			{QualifiedName: "store.Order", Kind: "struct", Line: 3, Exported: true, Doc: "Order is a customer's order. It is paid once.",
				Bases: []string{"Entity"}, Fields: []*sdk.Field{{Name: "ID", Type: "ID"}, {Name: "Note"}}},
			{QualifiedName: "store.Order.Pay", Kind: "method", Line: 9, Exported: true, Salience: 0.5},
			{QualifiedName: "store.empty", Kind: "struct", Line: 20},
		}},
		{Path: "store/order_test.go", IsTest: true, Definitions: []*sdk.DefinitionModel{
			{QualifiedName: "store.fakeOrder", Kind: "struct", Line: 3, Exported: true, Salience: 0.9}}},
	}}
	text := renderSpec(t, m)
	concepts := text[strings.Index(text, "# Concepts"):]
	assert.Equal(t, "# Concepts\n\nConcept Order:\n  A struct in `store/order.go` (line 3). Order is a customer's order.\n"+
		"  Builds on `Entity`.\n  Methods: `Pay`.\n\n  field ID (`ID`)\n  field Note\n\n"+
		"Concept empty:\n  A struct in `store/order.go` (line 20). [? no doc comment says what it is for]\n\n"+
		"  field [? no fields reported by the language plugin]\n", concepts, "types in tests are no concepts")
}

func TestPrinciplesAndAreas(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "shop",
		Documents: []string{"README.md", "docs/adr/0002-use-sqlite.md", "docs/guide.md", "DESIGN.md", "docs/images/architecture.svg"},
		Modules:   []*sdk.ModuleModel{{Path: "store", Readme: "# store\n\n[![badge](x)](y)\nRows and their schema. More.\n", ReadmePath: "store/README.md"}},
		Files: []*sdk.FileModel{{Path: "store/a.go", Salience: 0.5}, {Path: "store/b.go", Salience: 0.1, Definitions: []*sdk.DefinitionModel{
			{QualifiedName: "_unpack", Kind: "function", Salience: 0.2}, {QualifiedName: "_Option", Kind: "class", Salience: 0.3}}},
			{Path: "store/pool.go", Salience: 0.05, Definitions: []*sdk.DefinitionModel{
				{QualifiedName: "pool._pool", Kind: "variable"}, {QualifiedName: "pool.Get", Kind: "variable", Exported: true}}},
			{Path: "web/x.ts", Salience: 0.1}, {Path: "app/y.ts"}, {Path: "lib/z.ts"}},
		Communities: []*sdk.Community{
			{Id: 1, Label: "web", Directory: "web", DirectoryShare: 0.33, Files: []string{"web/x.ts", "app/y.ts", "lib/z.ts"}},
			{Id: 0, Label: "store", Directory: "store", DirectoryShare: 1, MatchesDirectory: true, Files: []string{"store/a.go", "store/b.go", "store/pool.go"},
				Coupling: []*sdk.Coupling{{To: 1, Share: 0.4}, {To: 1, Share: 0.01}}},
		}}
	text := renderSpec(t, m)
	assert.Contains(t, text, "# Principles\n\n- Use sqlite: [? what it decides is written in `docs/adr/0002-use-sqlite.md`]\n"+
		"- DESIGN: [? what it decides is written in `DESIGN.md`]\n\n")
	assert.NotContains(t, text, "guide.md")
	assert.NotContains(t, text, "architecture.svg", "a diagram decides nothing in words")
	assert.Contains(t, text, "## store\n\n3 files, 100% of them in `store/`. Rows and their schema. (store/README.md)\n\n"+
		"- `store/a.go`: [? no definitions reported]\n- `store/b.go`: defines, private, `_Option`, `_unpack`\n"+
		"- `store/pool.go`: defines variables `Get`, `_pool`\n")
	assert.Contains(t, text, "data flow: depends on `web` (40% of its links)\n", "couplings under 5% are left out")
	assert.Contains(t, text, "## web\n\n3 files, 33% of them in `web/`. [~ spread over `app/`, `lib/`, `web/`] [? purpose: no one directory")
	assert.Less(t, strings.Index(text, "## store"), strings.Index(text, "## web"), "the more salient area first")
}

func TestConfigure(t *testing.T) {
	t.Parallel()
	diags := New().Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{
		"output": sdk.String("spec/x.md"), "max_areas": sdk.Number(0), "max_concepts": sdk.Number(2.5)}})
	var attrs []string
	for _, d := range diags {
		attrs = append(attrs, d.GetAttribute())
	}
	assert.ElementsMatch(t, []string{"output", "max_areas", "max_concepts"}, attrs)
}
