package pipeline

import (
	"github.com/homer-dev/homer/sdk"
)

// Thresholds of an amalgamation: a file of at least amalgamationDefs
// definitions that holds amalgamationShare of the definitions of each of
// at least amalgamationSources other files.
const (
	amalgamationDefs    = 500
	amalgamationShare   = 0.8
	amalgamationSources = 10
)

// amalgamations finds the files that copy the definitions of many others
// into one: a library's single-file build (nlohmann/json's single header
// under single_include/ holds the definitions of the 80 files under
// include/), which a tool writes from the sources and the project
// commits beside them, so that it is generated whatever its head says. A
// header holds its source file's names and no other's; test files that
// share common names hold none of another's whole. Only files large
// enough to be one are looked at: most repositories have none.
func amalgamations(facts []*sdk.FileFacts) map[string]bool {
	type key struct{ name, kind string }
	var out map[string]bool
	for i, f := range facts {
		if len(f.GetDefinitions()) < amalgamationDefs {
			continue
		}
		holds := make(map[key]bool, len(f.GetDefinitions()))
		for _, d := range f.GetDefinitions() {
			holds[key{d.GetQualifiedName(), d.GetKind()}] = true
		}
		sources := 0
		for j, g := range facts {
			defs := g.GetDefinitions()
			if j == i || len(defs) < 3 {
				continue
			}
			in := 0
			for _, d := range defs {
				if holds[key{d.GetQualifiedName(), d.GetKind()}] {
					in++
				}
			}
			if float64(in) >= amalgamationShare*float64(len(defs)) {
				sources++
			}
		}
		if sources >= amalgamationSources {
			if out == nil {
				out = map[string]bool{}
			}
			out[f.GetPath()] = true
		}
	}
	return out
}
