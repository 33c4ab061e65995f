package query

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSymbolSpellings(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"Monolog.Logger.pushHandler", "Logger.pushHandler"}, symbolSpellings(`Monolog\Logger::pushHandler`))
	assert.Equal(t, []string{"Logger.push"}, symbolSpellings("Logger#push"))
	assert.Equal(t, []string{"b.c"}, symbolSpellings("a.b.c"))
	assert.Empty(t, symbolSpellings("Helper"))
	assert.Empty(t, symbolSpellings("core/util.go#core.Helper"), "a path's symbol is asked for in that file")
}
