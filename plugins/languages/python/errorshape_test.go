package python

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "pkg/load.py", `
class Base:
    def run(self):
        raise NotImplementedError


def load(path):
    if not path:
        raise ValueError("no path")  # thrown
    try:
        text = open(path).read()
    except OSError as e:  # caught
        raise LoadError(path) from e  # wrapped
    except UnicodeError:  # caught
        raise  # propagated
    except KeyError:  # caught
        raise LoadError(path) from None  # thrown
    try:
        cleanup()
    except Exception:  # ignored
        pass
    for p in paths:
        try:
            use(p)
        except ValueError:  # ignored
            # skip it
            continue
    try:
        close()
    except:  # ignored
        ...
    return text
`)
	require.Equal(t, map[string]int32{
		sdk.ErrorThrown:     2,
		sdk.ErrorWrapped:    1,
		sdk.ErrorPropagated: 1,
		sdk.ErrorCaught:     3,
		sdk.ErrorIgnored:    3,
	}, f.GetErrorShapes())
}
