package sdk

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ProtoPath returns a repository path as protobuf can carry it, in valid
// UTF-8: each byte that is not part of a valid sequence is written as \xHH,
// so that distinct paths stay distinct (x\377.go and x\376.go are two
// files). A valid path is returned unchanged. Sources that report paths
// from history and from HEAD use it alike, so the two join.
func ProtoPath(p string) string {
	if utf8.ValidString(p) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError && n <= 1 {
			fmt.Fprintf(&b, `\x%02x`, p[i])
			i++
			continue
		}
		b.WriteString(p[i : i+n])
		i += n
	}
	return b.String()
}
