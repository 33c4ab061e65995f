package pipeline

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/store"
)

func testRun(t *testing.T) *Run {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return &Run{Store: st, Log: hclog.NewNullLogger()}
}

func constKey(string) func(context.Context, *Run) (string, error) {
	return func(context.Context, *Run) (string, error) { return "k", nil }
}

// A stage that finishes early lets its dependents start while its write
// waits; a stage that does not holds them until it is done.
func TestFinishEarlyStartsDependentsBeforeTheWrite(t *testing.T) {
	t.Parallel()
	r := testRun(t)
	started := make(chan string, 4)
	release := make(chan struct{})
	d := &DAG{}
	d.Add(&Stage{Name: "early", Key: constKey("early"), Do: func(ctx context.Context, r *Run, key string) error {
		return r.finishEarly(ctx, "early", func(tx *store.Tx) error {
			select {
			case <-release: // the dependent has started
			case <-time.After(10 * time.Second):
				t.Error("the dependent did not start while the write waited")
			}
			return Finish(tx, "early", key)
		})
	}})
	d.Add(&Stage{Name: "after-early", Deps: []string{"early"}, Key: constKey("after-early"), Do: func(ctx context.Context, r *Run, key string) error {
		started <- "after-early"
		close(release)
		return r.Store.Write(ctx, func(tx *store.Tx) error {
			k, err := r.Store.StageKey(ctx, "early")
			assert.NoError(t, err)
			assert.NotEmpty(t, k, "this write queued after the early stage's, so it sees it committed")
			return Finish(tx, "after-early", key)
		})
	}})
	d.Add(&Stage{Name: "reads-early", Deps: []string{"early"}, Key: constKey("reads-early"), Do: func(ctx context.Context, r *Run, key string) error {
		require.NoError(t, r.awaitWrite("early"))
		k, err := r.Store.StageKey(ctx, "early")
		assert.NoError(t, err)
		assert.NotEmpty(t, k, "awaitWrite returns once the early stage's write is committed")
		return nil
	}})
	var lateDone bool
	d.Add(&Stage{Name: "late", Key: constKey("late"), Do: func(ctx context.Context, r *Run, key string) error {
		time.Sleep(50 * time.Millisecond)
		lateDone = true
		return r.Store.Write(ctx, func(tx *store.Tx) error { return Finish(tx, "late", key) })
	}})
	d.Add(&Stage{Name: "after-late", Deps: []string{"late"}, Key: constKey("after-late"), Do: func(ctx context.Context, r *Run, key string) error {
		assert.True(t, lateDone, "a stage that does not finish early is done before its dependents start")
		return nil
	}})
	for _, o := range d.Execute(context.Background(), r, nil) {
		assert.NoError(t, o.Err, o.Stage)
	}
	assert.Equal(t, "after-early", <-started)
}
