package cochange

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNeighboursMergesDirectionsAndKinds(t *testing.T) {
	links := []Link{
		{Import: true, From: "cmd/main.go", To: "lib/a.go", Count: 1},
		{From: "cmd/main.go", To: "lib/a.go", Count: 4}, // calls too: one neighbour of 5
		{Import: true, From: "lib/b.go", To: "cmd/main.go"},
		{From: "lib/a.go", To: "lib/a.go", Count: 9}, // a file is not its own neighbour
	}
	ns := Neighbours(links)
	assert.Equal(t, []Neighbour{
		{Path: "lib/a.go", Reason: ReasonCalls, Count: 5},
		{Path: "lib/b.go", Reason: ReasonImportedBy, Count: 1}, // count 0 counts one
	}, ns["cmd/main.go"])
	assert.Equal(t, []Neighbour{{Path: "cmd/main.go", Reason: ReasonCalledBy, Count: 5}}, ns["lib/a.go"])
	assert.Equal(t, []Neighbour{{Path: "cmd/main.go", Reason: ReasonImports, Count: 1}}, ns["lib/b.go"])
	assert.Len(t, ns, 3)
}

func TestWithNeighboursDisplacesOnlyDirectoryFill(t *testing.T) {
	ns := []Neighbour{{Path: "x/imp.go", Reason: ReasonImports, Count: 3}, {Path: "d/hist.go", Reason: ReasonCalls, Count: 1}}
	short := []Partner{
		{Path: "d/hist.go", Count: 2, Reason: ReasonHistory},
		{Path: "d/a_test.go", Reason: ReasonTest},
		{Path: "d/dir1.go", Reason: ReasonDirectory},
		{Path: "d/dir2.go", Reason: ReasonDirectory},
	}
	got := WithNeighbours(short, ns, 5)
	paths := make([]string, len(got))
	for i, p := range got {
		paths[i] = p.Path
	}
	// History and names stay first; the neighbour already listed is not
	// repeated; the directory fill moves behind the new neighbour.
	require.Equal(t, []string{"d/hist.go", "d/a_test.go", "x/imp.go", "d/dir1.go", "d/dir2.go"}, paths)
	assert.Equal(t, Partner{Path: "x/imp.go", Reason: ReasonImports}, got[2])
	assert.Equal(t, 2, got[0].Count, "history evidence is kept")

	full := []Partner{{Path: "1"}, {Path: "2"}, {Path: "3"}, {Path: "4"}, {Path: "5"}}
	for i := range full {
		full[i].Reason = ReasonHistory
	}
	assert.Equal(t, full, WithNeighbours(full, ns, 5), "a full history list is left alone")
	assert.Equal(t, short, WithNeighbours(short, nil, 5))

	none := WithNeighbours(nil, ns, 1)
	assert.Equal(t, []Partner{{Path: "x/imp.go", Reason: ReasonImports}}, none, "a file with no history gets its neighbours, up to want")
}

func TestCounterpartsOfAFileNotAnalysed(t *testing.T) {
	all := []string{"pkg/parse.go", "pkg/lex.go", "other/parse.go", "web/app.ts"}
	assert.Equal(t, []Partner{{Path: "pkg/parse.go", Reason: ReasonTest}}, Counterparts("pkg/parse_test.go", all))
	assert.Equal(t, []Partner{{Path: "web/app.ts", Reason: ReasonGenerated}}, Counterparts("web/app.ts.map", all))
	assert.Empty(t, Counterparts("pkg/new.go", all))
}
