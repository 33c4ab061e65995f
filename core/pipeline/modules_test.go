package pipeline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
)

// A module imports what its code imports, not what its tests do: a
// package's tests may import a helper package that imports the package,
// which the package itself cannot.
func TestModuleImportsAreTheCodes(t *testing.T) {
	t.Parallel()
	metrics := map[string]*FileMetrics{
		"logger.go":            {Path: "logger.go", Class: "core", Salience: 0.7},
		"logger_test.go":       {Path: "logger_test.go", IsTest: true, Class: "core", Salience: 0.1},
		"hooks/test/test.go":   {Path: "hooks/test/test.go", Class: "core", Salience: 0.2},
		"hooks/writer/w.go":    {Path: "hooks/writer/w.go", Class: "core", Salience: 0.2},
		"internal/util/u.go":   {Path: "internal/util/u.go", Class: "core", Salience: 0.2},
		"internal/util/fix.go": {Path: "internal/util/fix.go", TestRole: "support", Class: "core", Salience: 0.1},
	}
	edges := []query.FileEdge{
		{From: "logger_test.go", To: "hooks/test/test.go", Kind: EdgeImports},
		{From: "hooks/test/test.go", To: "logger.go", Kind: EdgeImports},
		{From: "hooks/writer/w.go", To: "logger.go", Kind: EdgeImports},
		{From: "internal/util/fix.go", To: "hooks/writer/w.go", Kind: EdgeImports},
		{From: "logger.go", To: "internal/util/u.go", Kind: EdgeImports},
	}
	mods := map[string][]string{}
	by := map[string][]string{}
	for _, m := range buildModules(nil, nil, nil, nil, metrics, edges) {
		mods[m.GetPath()], by[m.GetPath()] = m.GetImports(), m.GetImportedBy()
	}
	require.Contains(t, mods, ".")
	assert.Equal(t, []string{"internal/util"}, mods["."], "logger_test.go's import of hooks/test is the tests'")
	assert.Equal(t, []string{"hooks/test", "hooks/writer"}, by["."])
	assert.Empty(t, mods["internal/util"], "test support imports for the tests")
}

// Directories of one module that see each other without imports depend
// on each other by their sure calls; a call resolved by a guess is no
// dependency.
func TestModulesLinkedByCalls(t *testing.T) {
	t.Parallel()
	metrics := map[string]*FileMetrics{
		"Sources/Core/Session.swift":    {Path: "Sources/Core/Session.swift", Class: "core", Salience: 0.7},
		"Sources/Features/Retry.swift":  {Path: "Sources/Features/Retry.swift", Class: "core", Salience: 0.3},
		"Sources/Features/Cache.swift":  {Path: "Sources/Features/Cache.swift", Class: "core", Salience: 0.3},
		"Sources/Extensions/Util.swift": {Path: "Sources/Extensions/Util.swift", Class: "core", Salience: 0.2},
		"Tests/Core/SessionTests.swift": {Path: "Tests/Core/SessionTests.swift", IsTest: true, Class: "core", Salience: 0.1},
	}
	edges := []query.FileEdge{
		{From: "Sources/Features/Retry.swift", To: "Sources/Core/Session.swift", Kind: EdgeCalls, Confidence: 0.95},
		{From: "Sources/Features/Cache.swift", To: "Sources/Extensions/Util.swift", Kind: EdgeCalls, Confidence: 0.3},
		{From: "Tests/Core/SessionTests.swift", To: "Sources/Features/Retry.swift", Kind: EdgeCalls, Confidence: 1},
	}
	mods := map[string][]string{}
	by := map[string][]string{}
	for _, m := range buildModules(nil, nil, nil, nil, metrics, edges) {
		mods[m.GetPath()], by[m.GetPath()] = m.GetImports(), m.GetImportedBy()
	}
	assert.Equal(t, []string{"Sources/Core"}, mods["Sources/Features"])
	assert.Equal(t, []string{"Sources/Features"}, by["Sources/Core"])
	assert.Empty(t, by["Sources/Extensions"], "a guessed call")
	assert.Empty(t, by["Sources/Features"], "the tests' calls")
}

// The dependents kept are the product's first: examples and tests that
// use a file, however heavily, come after the code that does.
func TestTopDependents(t *testing.T) {
	t.Parallel()
	deps := []Related{{Path: "examples/a.js", Weight: 5}, {Path: "test/b.test.js", Weight: 4}, {Path: "lib/c.js", Weight: 1},
		{Path: "lib/d.js", Weight: 2}}
	aside := map[string]bool{"examples/a.js": true, "test/b.test.js": true}
	got := topDependents(deps, aside, 3)
	var paths []string
	for _, d := range got {
		paths = append(paths, d.Path)
	}
	assert.Equal(t, []string{"lib/d.js", "lib/c.js", "examples/a.js"}, paths)
}
