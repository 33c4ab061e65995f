package sdk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSourceSetCut(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]int{
		"src/main/java/org/springframework/samples/petclinic":    1,
		"core/analytics/src/demo/kotlin/com/google/samples/apps": 3,
		"app/src/testDemo/kotlin/com/google/samples":             2,
		"samples/app/src/main/java/org/x":                        3,
		"examples/demo/src":                                      3,
		"src/examples/basic":                                     3,
	} {
		dirs := strings.Split(p, "/")
		assert.Equal(t, want, SourceSetCut(dirs), p)
	}
}
