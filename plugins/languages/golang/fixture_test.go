package golang

import (
	"testing"

	"github.com/homer-dev/homer/internal/langtest"
)

// TestFixture resolves the fixture project as a run would and compares the
// graph with the hand-written testdata/fixture/expected.graph.
func TestFixture(t *testing.T) {
	t.Parallel()
	langtest.Check(t, "testdata/fixture", New())
}
