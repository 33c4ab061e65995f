package c

import (
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

// FuzzParse feeds the plugin's Parse arbitrary content as src/fuzz.c, seeded
// with the fixture files; see treesittertest.FuzzParse for what it checks.
func FuzzParse(f *testing.F) {
	treesittertest.FuzzParse(f, New(), "src/fuzz.c")
}
