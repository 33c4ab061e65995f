package java

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk/sdktest"
)

// package-info.java's javadoc documents the package; a javadoc above an
// ordinary file's package line does not. Its HTML reads as text: a <p> is
// a paragraph break.
func TestPackageDoc(t *testing.T) {
	t.Parallel()
	src := "/**\n * Loads configuration from properties.\n * <p>More.\n */\n@NonNullApi\npackage com.acme.config;\n"
	require.Equal(t, "Loads configuration from properties.\n\nMore.", sdktest.ParseOne(t, New(), "src/main/java/com/acme/config/package-info.java", src).GetPackageDoc())
	require.Empty(t, sdktest.ParseOne(t, New(), "src/main/java/com/acme/config/Loader.java", src+"class Loader {}\n").GetPackageDoc())
}
