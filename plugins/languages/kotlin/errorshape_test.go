package kotlin

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/main/kotlin/a/Loader.kt", `package a

class Loader {
    fun load(path: String?): Config {
        val p = path ?: throw IllegalArgumentException("no path") // thrown
        try {
            return parse(read(p))
        } catch (e: IOException) { // caught
            throw LoadException("cannot read $p", e) // wrapped
        } catch (e: ParseException) { // caught
            log(e)
            throw e // propagated
        }
    }

    fun close() {
        try {
            stream.close()
        } catch (ignored: IOException) { // ignored
        }
        items.forEach { if (it.bad) throw IllegalStateException(it.name) } // thrown
    }
}
`)
	require.Equal(t, map[string]int32{
		sdk.ErrorThrown:     2,
		sdk.ErrorWrapped:    1,
		sdk.ErrorPropagated: 1,
		sdk.ErrorCaught:     2,
		sdk.ErrorIgnored:    1,
	}, f.GetErrorShapes())
}
