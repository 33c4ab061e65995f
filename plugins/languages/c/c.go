package c

import (
	"github.com/homer-dev/homer/plugins/languages/internal/cfamily"
	"github.com/homer-dev/homer/sdk"
)

// New returns the C language plugin.
func New() sdk.Language {
	return cfamily.New(cfamily.C, &sdk.Info{
		Name:             "c",
		Version:          "1.0.0",
		Description:      "C definitions, prototypes, macros, calls, #includes and doc comments, parsed with tree-sitter",
		Extensions:       []string{".c"},
		SharedExtensions: []string{".h"},
	})
}
