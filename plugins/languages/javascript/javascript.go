package javascript

import (
	"github.com/homer-dev/homer/plugins/languages/internal/ecma"
	"github.com/homer-dev/homer/sdk"
)

// New returns the JavaScript language plugin.
func New() sdk.Language { return ecma.New(ecma.JavaScript) }
