package query

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"*.go", "main.go", true},
		{"*.go", "cmd/main.go", false},
		{"**/*.go", "cmd/main.go", true},
		{"**/*.go", "main.go", true},
		{"cmd/**", "cmd/a/b/c.go", true},
		{"cmd/**", "cmd", true},
		{"cmd/**/test_*.py", "cmd/x/y/test_a.py", true},
		{"cmd/**/test_*.py", "cmd/test_a.py", true},
		{"cmd/**/test_*.py", "lib/test_a.py", false},
		{"src/[ab].c", "src/b.c", true},
		{"src/[ab].c", "src/c.c", false},
		{"docs/?.md", "docs/a.md", true},
		{"[", "[", false},
	} {
		assert.Equal(t, c.want, Match(c.pattern, c.name), "%s ~ %s", c.pattern, c.name)
	}
}
