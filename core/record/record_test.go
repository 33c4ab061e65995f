package record

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A definition's name for people leaves out its file and the number that
// tells apart two definitions of one name in that file.
func TestQualifiedName(t *testing.T) {
	for node, want := range map[string]string{
		"src/core.ts#$ZodCheck":   "$ZodCheck",
		"src/core.ts#$ZodCheck~2": "$ZodCheck",
		"src/a.ts#Reader.#fill":   "Reader.#fill", // a private member's '#'
		"src/a.ts#Reader.#fill~3": "Reader.#fill",
		"src/a.ts#approx~eq":      "approx~eq", // not a repeat's number
		"lib#1/a.go#Open":         "Open",
		"src/a.ts#operator~":      "operator~",
	} {
		p := DefinitionPath(node, "")
		if node == "lib#1/a.go#Open" {
			p = "lib#1/a.go"
		}
		assert.Equal(t, want, QualifiedName(node, p), node)
	}
}
