package java

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/main/java/a/Loader.java", `package a;

class Loader {
    Config load(String path) {
        if (path == null) {
            throw new IllegalArgumentException("no path"); // thrown
        }
        try {
            return parse(read(path));
        } catch (IOException e) { // caught
            throw new LoadException("cannot read " + path, e); // wrapped
        } catch (ParseException | RuntimeException e) { // caught
            log(e);
            throw e; // propagated
        } catch (Error err) { // caught
            throw new LoadException(path); // thrown
        } finally {
            close();
        }
    }

    void close() {
        try {
            stream.close();
        } catch (IOException ignored) { // ignored
            // nothing to do
        }
    }
}
`)
	require.Equal(t, map[string]int32{
		sdk.ErrorThrown:     2,
		sdk.ErrorWrapped:    1,
		sdk.ErrorPropagated: 1,
		sdk.ErrorCaught:     3,
		sdk.ErrorIgnored:    1,
	}, f.GetErrorShapes())
}
