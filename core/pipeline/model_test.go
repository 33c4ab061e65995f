package pipeline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/repo"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/internal/testrepo"
)

// modelRun is a run over a repository of one commit and an empty store.
func modelRun(t *testing.T) *Run {
	t.Helper()
	tr := testrepo.New(t)
	tr.Write("main.go", "package main\n")
	head := tr.Commit(testrepo.Alice, testrepo.Day(3), "first")
	rp, err := repo.Open(tr.Dir())
	require.NoError(t, err)
	return &Run{Cfg: config.Defaults(), Repo: rp, Store: openStore(t), Head: head}
}

// The model is built on what could be read, or not at all: a failure to
// read HEAD's time or a count is the model stage's failure, never a zero
// stored in the model for as long as its key holds.
func TestModelFailsRatherThanStoreZeros(t *testing.T) {
	t.Parallel()

	t.Run("everything reads", func(t *testing.T) {
		t.Parallel()
		r := modelRun(t)
		m, err := BuildModel(t.Context(), r.Store, r)
		require.NoError(t, err)
		require.Equal(t, testrepo.Day(3).Unix(), m.GetHeadTime())
	})

	t.Run("HEAD's commit cannot be read", func(t *testing.T) {
		t.Parallel()
		r := modelRun(t)
		r.Head = "0123456789abcdef0123456789abcdef01234567"
		_, err := BuildModel(t.Context(), r.Store, r)
		require.ErrorContains(t, err, "commit "+r.Head)
	})

	t.Run("a count cannot be read", func(t *testing.T) {
		t.Parallel()
		r := modelRun(t)
		require.NoError(t, r.Store.Write(t.Context(), func(tx *store.Tx) error {
			return tx.ExecRaw("ALTER TABLE commits RENAME TO commits_elsewhere")
		}))
		_, err := BuildModel(t.Context(), r.Store, r)
		require.ErrorContains(t, err, "no such table: commits")
	})
}

// Documents are text to read: an image or a diagram's source named
// ARCHITECTURE is not one. Markdown at the root is one, its licence and
// code of conduct aside.
func TestIsDocument(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"README.md": true, "README": true, "docs/guide.md": true, "CONTRIBUTING.rst": true, "ARCHITECTURE.txt": true,
		"documentation/images/architecture.svg": false, "documentation/images/architecture.xml": false,
		"README.png": false, "docs/logo.svg": false, "src/app.py": false,
		"BUILD.md": true, "ADVANCED.md": true, "LICENSE.md": false, "CODE_OF_CONDUCT.md": false, "src/notes.md": false,
		"README.markdown": true, "History.markdown": true, "documentation/2-options.md": true, ".github/CONTRIBUTING.md": true, ".github/actions/spelling/README.md": false,
	} {
		assert.Equal(t, want, isDocument(p), p)
	}
}
