package structure

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sort"
	"strings"
)

// sources is this package's own code, embedded so that the checkpoint
// follows it: a Homer built from changed extraction code re-extracts,
// though nobody bumped Version, and no stale command or manifest
// survives an upgrade.
//
//go:embed *.go
var sources embed.FS

// codeHash is the hash of the package's non-test Go files, by name.
var codeHash = hashCode(sources)

func hashCode(fsys fs.FS) string {
	names, err := fs.Glob(fsys, "*.go")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			panic(err) // embedded: cannot fail
		}
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
