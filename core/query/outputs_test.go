package query

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Outputs reads both forms of output node, keeps one renderer's, and
// DeleteNode takes one away by name.
func TestOutputsBothForms(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for _, n := range []struct{ name, hash, meta string }{
			{"AGENTS.md", "aaaa", `{"renderer":"agents-md"}`},
			{"CLAUDE.md", "bbbb", `{"renderer":"agents-md","human":true}`},
			{"old/AGENTS.md", "agents-md", `{"hash":"cccc"}`},
			{"homer-report.html", "dddd", `{"renderer":"report"}`},
		} {
			if _, err := tx.SetNode(record.KindOutput, n.name, n.hash, n.meta); err != nil {
				return err
			}
		}
		return nil
	}))
	q := New(st.DB())
	got, err := q.Outputs(ctx, "agents-md")
	require.NoError(t, err)
	require.Equal(t, []record.Output{
		{Name: "AGENTS.md", Renderer: "agents-md", Hash: "aaaa"},
		{Name: "CLAUDE.md", Renderer: "agents-md", Hash: "bbbb", Human: true},
		{Name: "old/AGENTS.md", Renderer: "agents-md", Hash: "cccc"},
	}, got)

	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error { return tx.DeleteNode(record.KindOutput, "CLAUDE.md") }))
	got, err = q.Outputs(ctx, "agents-md")
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, "old/AGENTS.md", got[1].Name)
	report, err := q.Outputs(ctx, "report")
	require.NoError(t, err)
	require.Equal(t, []record.Output{{Name: "homer-report.html", Renderer: "report", Hash: "dddd"}}, report)
}
