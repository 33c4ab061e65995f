package ruby

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "lib/loader.rb", `
class Loader
  def load(path)
    raise ArgumentError, "no path" if path.nil? # thrown
    parse(File.read(path))
  rescue Errno::ENOENT => e # caught
    raise LoadError.new(path), cause: e # wrapped
  rescue ParseError => e # caught
    log(e)
    raise e # propagated
  rescue Timeout::Error # caught
    raise # propagated
  end

  def close
    @io.close
  rescue IOError # ignored
  end

  def flush
    @io.flush
  rescue IOError
    # already closed: nothing to flush
  end

  def size
    File.size(@path) rescue nil # ignored
  end

  def name
    fail "unnamed" unless @name # thrown
    @name
  end
end
`)
	require.Equal(t, map[string]int32{
		sdk.ErrorThrown:     2,
		sdk.ErrorWrapped:    1,
		sdk.ErrorPropagated: 2,
		sdk.ErrorCaught:     3,
		sdk.ErrorIgnored:    3,
	}, f.GetErrorShapes())
}
