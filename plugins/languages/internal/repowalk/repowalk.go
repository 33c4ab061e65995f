// Package repowalk walks a repository's work tree for the configuration
// files a plugin reads (C# projects, Swift package manifests), bounded for
// a very large repository. Like Homer's plugins, it imports only sdk/.
package repowalk

import (
	"io/fs"
	"path/filepath"
	"slices"
)

// Max bounds the entries a walk visits.
const Max = 200000

// Files calls visit with the path and the name of each file under root, in
// lexical order, not entering the directories named as in skip, and stops
// after Max entries. Entries that cannot be read, or a missing root, are
// passed over.
func Files(root string, skip []string, visit func(path, name string)) {
	seen := 0
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if seen++; seen > Max {
			return filepath.SkipAll
		}
		if d.IsDir() {
			if slices.Contains(skip, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		visit(p, d.Name())
		return nil
	})
}
