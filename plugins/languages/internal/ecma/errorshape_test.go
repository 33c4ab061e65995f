package ecma

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	src := `
export async function load(path) {
  if (!path) {
    throw new TypeError("no path"); // thrown
  }
  try {
    return parse(await read(path));
  } catch (err) { // caught
    if (err.code === "ENOENT") {
      throw new LoadError("missing " + path, { cause: err }); // wrapped
    }
    if (err instanceof SyntaxError) {
      throw new LoadError(path, err); // wrapped
    }
    throw err; // propagated
  }
}

export function close(stream) {
  try {
    stream.close();
  } catch { // ignored
    // already closed
  }
  fetch("/x").then(r => r.json()).catch(() => {}); // ignored
  fetch("/y").catch(err => report(err)); // caught
  fetch("/z").catch(report); // caught
}
`
	for name, tc := range map[string]struct {
		d    Dialect
		path string
	}{
		"javascript": {JavaScript, "src/load.js"},
		"typescript": {TypeScript, "src/load.ts"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := parse(t, tc.d, tc.path, src)
			require.Equal(t, map[string]int32{
				sdk.ErrorThrown:     1,
				sdk.ErrorWrapped:    2,
				sdk.ErrorPropagated: 1,
				sdk.ErrorCaught:     3,
				sdk.ErrorIgnored:    2,
			}, f.GetErrorShapes())
		})
	}
}
