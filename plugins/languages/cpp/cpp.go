package cpp

import (
	"github.com/homer-dev/homer/plugins/languages/internal/cfamily"
	"github.com/homer-dev/homer/sdk"
)

// New returns the C++ language plugin.
func New() sdk.Language {
	return cfamily.New(cfamily.CPP, &sdk.Info{
		Name:             "cpp",
		Version:          "1.0.0",
		Description:      "C++ definitions, classes, methods, calls with receivers, #includes and doc comments, parsed with tree-sitter",
		Extensions:       []string{".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".ipp", ".inl"},
		SharedExtensions: []string{".h"},
	})
}
