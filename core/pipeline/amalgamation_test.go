package pipeline

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/homer-dev/homer/sdk"
)

// A file holding the definitions of ten files and more is their
// amalgamation; a header sharing its names with its one source file, or a
// large file of its own, is not.
func TestAmalgamations(t *testing.T) {
	t.Parallel()
	var facts []*sdk.FileFacts
	single := &sdk.FileFacts{Path: "single_include/lib.hpp"}
	for f := range 12 {
		part := &sdk.FileFacts{Path: fmt.Sprintf("include/part%02d.hpp", f)}
		for d := range 45 {
			def := &sdk.Definition{QualifiedName: fmt.Sprintf("lib.p%d.f%d", f, d), Kind: "function"}
			part.Definitions = append(part.Definitions, def)
			single.Definitions = append(single.Definitions, def)
		}
		facts = append(facts, part)
	}
	single.Definitions = append(single.Definitions, &sdk.Definition{QualifiedName: "lib.version", Kind: "constant"})
	// A large source file and its header: one other file shares its names.
	src, hdr := &sdk.FileFacts{Path: "src/big.cc"}, &sdk.FileFacts{Path: "src/big.h"}
	for d := range 600 {
		def := &sdk.Definition{QualifiedName: fmt.Sprintf("big.g%d", d), Kind: "function"}
		src.Definitions = append(src.Definitions, def)
		hdr.Definitions = append(hdr.Definitions, def)
	}
	facts = append(facts, single, src, hdr)
	assert.Equal(t, map[string]bool{"single_include/lib.hpp": true}, amalgamations(facts))
	assert.Nil(t, amalgamations(facts[:12]), "no file large enough")
}
