package rust

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The //! comments of a crate root or mod.rs document the directory; a
// leaf module's document that module alone.
func TestPackageDoc(t *testing.T) {
	t.Parallel()
	src := "//! Runtime handles.\n//!\n//! More.\n\n/// A handle.\npub struct Handle;\n"
	require.Equal(t, "Runtime handles.\n\nMore.", parse(t, "tokio/src/runtime/mod.rs", src).GetPackageDoc())
	require.Equal(t, "Runtime handles.\n\nMore.", parse(t, "tokio/src/lib.rs", src).GetPackageDoc())
	require.Empty(t, parse(t, "tokio/src/runtime/handle.rs", src).GetPackageDoc())
}
