package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/repo"
	"github.com/homer-dev/homer/core/store"
)

// A record whose JSON does not decode fails what reads it, naming the
// record, rather than passing for one with zero values (a co-change set
// of support 0, a module of no files, an edge called no times).
func TestUndecodableMetadataFailsTheReader(t *testing.T) {
	t.Parallel()
	const bad = `{"Kind": "test",`
	for name, c := range map[string]struct {
		write func(tx *store.Tx) error
		read  func(ctx context.Context, r *Run) error
		says  string
	}{
		"command": {
			write: func(tx *store.Tx) error { _, err := tx.SetNode(KindCommand, "go test ./...", "", bad); return err },
			read: func(ctx context.Context, r *Run) error {
				_, err := query.New(r.Store.DB()).Conventions(ctx)
				return err
			},
			says: `command "go test ./...": `,
		},
		"module": {
			write: func(tx *store.Tx) error { _, err := tx.SetNode(KindModule, "svc", "", bad); return err },
			read:  func(ctx context.Context, r *Run) error { _, err := query.New(r.Store.DB()).Modules(ctx); return err },
			says:  `module "svc": metadata`,
		},
		"co-change set": {
			write: func(tx *store.Tx) error { return edge(tx, EdgeCoChange, bad, "a.go", "b.go") },
			read: func(ctx context.Context, r *Run) error {
				_, err := query.New(r.Store.DB()).CoChangeSets(ctx)
				return err
			},
			says: "co-change set with a.go: metadata",
		},
		"import edge": {
			write: func(tx *store.Tx) error { return edge(tx, EdgeImports, bad, "a.go", "b.go") },
			read:  func(ctx context.Context, r *Run) error { _, err := graphLinks(ctx, r); return err },
			says:  "imports edge a.go -> b.go: metadata",
		},
		"output": {
			write: func(tx *store.Tx) error { _, err := tx.SetNode(KindOutput, "AGENTS.md", "agents-md", bad); return err },
			read: func(ctx context.Context, r *Run) error {
				ok, err := outputsIntact(ctx, r, "agents-md")
				require.False(t, ok)
				return err
			},
			says: "output AGENTS.md: metadata",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := &Run{Store: openStore(t), Repo: &repo.Repo{Root: t.TempDir()}}
			require.NoError(t, r.Store.Write(t.Context(), c.write))
			err := c.read(t.Context(), r)
			require.ErrorContains(t, err, c.says)
			require.ErrorContains(t, err, "unexpected end of JSON input")
		})
	}
}

// edge writes a two-file edge of a kind with the given metadata.
func edge(tx *store.Tx, kind, meta, from, to string) error {
	a, err := tx.Node(KindFile, from)
	if err != nil {
		return err
	}
	b, err := tx.Node(KindFile, to)
	if err != nil {
		return err
	}
	_, err = tx.Edge(kind, kind+":"+from+":"+to, 1, meta, store.Member{Node: a, Role: "from"}, store.Member{Node: b, Role: "to"})
	return err
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}
