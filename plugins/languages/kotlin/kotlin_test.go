package kotlin

import (
	"testing"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/plugins/languages/java"
)

// The fixture holds a Java file of the same package: the two languages
// resolve together.
func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New(), java.New())
}
