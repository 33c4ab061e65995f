package typescript

import (
	"github.com/homer-dev/homer/plugins/languages/internal/ecma"
	"github.com/homer-dev/homer/sdk"
)

// New returns the TypeScript language plugin.
func New() sdk.Language { return ecma.New(ecma.TypeScript) }
