package agentsmd

import (
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// fixture is the render model of a small, realistic repository: a Go
// double-entry ledger service with a TypeScript front end, five contributors
// and two and a half years of history.
func fixture() *sdk.Model {
	day := func(y int, m time.Month, d int) int64 { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() }
	rel := func(path string, weight float64, count int32) *sdk.Related {
		return &sdk.Related{Path: path, Weight: weight, Count: count}
	}
	risk := func(score float64, level string, reasons []*sdk.RiskReason, recs ...string) *sdk.Risk {
		return &sdk.Risk{Score: score, Level: level, Reasons: reasons, Recommendations: recs}
	}
	reason := func(typ, detail string, weight float64) *sdk.RiskReason {
		return &sdk.RiskReason{Type: typ, Detail: detail, Weight: weight}
	}

	files := []*sdk.FileModel{
		{
			Path: "internal/store/store.go", Language: "Go", Lines: 412, Module: "internal/store",
			Salience: 0.91, SalienceClass: "foundational-stable", Pagerank: 0.214, Betweenness: 0.31, Authority: 0.62,
			Changes: 8, Changes_90D: 0, Changes_365D: 1, BusFactor: 1, Authors: []string{"Ada"},
			TestedBy: []string{"internal/store/store_test.go"}, LastChanged: day(2023, time.October, 2),
			FanIn: 5, FanOut: 1,
			Dependents: []*sdk.Related{
				rel("internal/ledger/ledger.go", 1, 4), rel("internal/ledger/posting.go", 1, 2),
				rel("internal/api/server.go", 1, 1), rel("cmd/ledger/main.go", 1, 1), rel("internal/store/migrate.go", 1, 1),
			},
			CoChanges: []*sdk.Related{rel("internal/store/migrate.go", 0.63, 5)},
			Risk: risk(0.52, "medium", []*sdk.RiskReason{
				reason("knowledge-silo", "one author made all 8 changes", 0.3),
				reason("undocumented-critical", "Open and Tx lack doc comments though 5 files depend on them", 0.12),
			}, "Pair with a second reviewer who knows the schema before changing it."),
		},
		{
			Path: "internal/ledger/ledger.go", Language: "Go", Lines: 530, Module: "internal/ledger",
			Salience: 0.84, SalienceClass: "hot-critical", Pagerank: 0.171, Betweenness: 0.44, Authority: 0.48,
			Changes: 38, Changes_30D: 3, Changes_90D: 9, Changes_365D: 21, BusFactor: 2, Authors: []string{"Ada", "Grace", "Linus"},
			TestedBy: []string{"internal/ledger/ledger_test.go"}, LastChanged: day(2024, time.October, 30),
			FanIn: 3, FanOut: 2,
			Dependents: []*sdk.Related{rel("internal/api/handlers.go", 1, 6), rel("internal/api/server.go", 1, 2), rel("cmd/ledger/main.go", 1, 1)},
			CoChanges:  []*sdk.Related{rel("internal/ledger/posting.go", 0.37, 14), rel("internal/ledger/ledger_test.go", 0.42, 16)},
			Risk: risk(0.71, "high", []*sdk.RiskReason{
				reason("volatile-critical", "38 changes, 9 in the last 90 days, with 3 dependents", 0.3),
				reason("rising-importance", "PageRank up from #4 to #2 over the last three snapshots", 0.1),
			}, "Run go test ./internal/ledger/... and the API tests after every edit.", "Keep Ledger's exported methods stable: internal/api calls them directly."),
		},
		{
			Path: "internal/ledger/posting.go", Language: "Go", Lines: 288, Module: "internal/ledger",
			Salience: 0.66, SalienceClass: "critical-silo", Pagerank: 0.122, Betweenness: 0.12, Authority: 0.35,
			Changes: 18, Changes_90D: 2, Changes_365D: 7, BusFactor: 1, Authors: []string{"Grace"},
			LastChanged: day(2024, time.September, 12),
			FanIn:       2, FanOut: 1,
			Dependents: []*sdk.Related{rel("internal/ledger/ledger.go", 1, 5), rel("internal/api/handlers.go", 1, 2)},
			CoChanges:  []*sdk.Related{rel("internal/ledger/ledger.go", 0.78, 14), rel("internal/ledger/ledger_test.go", 0.61, 11)},
			Risk: risk(0.74, "high", []*sdk.RiskReason{
				reason("untested-central", "2 dependents and no test file exercises it", 0.3),
				reason("knowledge-silo", "one author made 17 of 18 changes", 0.3),
			}, "Add table-driven tests for Post and Reverse before changing them."),
		},
		{
			Path: "internal/api/handlers.go", Language: "Go", Lines: 356, Module: "internal/api",
			Salience: 0.48, SalienceClass: "active-localized", Pagerank: 0.061, Betweenness: 0.08, Authority: 0.11,
			Changes: 41, Changes_30D: 4, Changes_90D: 11, Changes_365D: 25, BusFactor: 3, Authors: []string{"Ada", "Grace", "Linus", "Margaret"},
			LastChanged: day(2024, time.November, 1),
			FanIn:       1, FanOut: 2,
			Dependents:  []*sdk.Related{rel("internal/api/server.go", 1, 3)},
			CoChanges:   []*sdk.Related{rel("web/src/api.ts", 0.22, 9)},
			Definitions: []*sdk.DefinitionModel{{QualifiedName: "api.PostEntry", Kind: "function", Line: 40}},
			Risk: risk(0.45, "medium", []*sdk.RiskReason{
				reason("volatile-untested", "41 changes and no tests", 0.25),
			}, "Add handler tests with httptest before refactoring."),
		},
		{
			Path: "web/src/api.ts", Language: "TypeScript", Lines: 190, Module: "web/src",
			Salience: 0.37, SalienceClass: "active-localized", Pagerank: 0.044, Authority: 0.09,
			Changes: 22, Changes_90D: 5, Changes_365D: 14, BusFactor: 1, Authors: []string{"Margaret"},
			TestedBy: []string{"web/src/api.test.ts"}, LastChanged: day(2024, time.October, 21),
			FanIn: 1, FanOut: 0,
			Dependents:  []*sdk.Related{rel("web/src/App.tsx", 1, 7)},
			CoChanges:   []*sdk.Related{rel("internal/api/handlers.go", 0.41, 9), rel("web/src/App.tsx", 0.45, 10)},
			Definitions: []*sdk.DefinitionModel{{QualifiedName: "postEntry", Kind: "function", Line: 12}},
			Risk: risk(0.41, "medium", []*sdk.RiskReason{
				reason("knowledge-silo", "one author made 21 of 22 changes", 0.3),
				reason("stale-docs", "docs/architecture.md describes an endpoint renamed 9 changes ago", 0.05),
			}, "Check docs/architecture.md when changing endpoints."),
		},
		{
			Path: "internal/api/server.go", Language: "Go", Lines: 140, Module: "internal/api",
			Salience: 0.31, SalienceClass: "background", Pagerank: 0.052, Authority: 0.05,
			Changes: 9, Changes_365D: 2, BusFactor: 2, Authors: []string{"Ada", "Linus"},
			TestedBy: []string{"internal/api/server_test.go"}, LastChanged: day(2024, time.March, 3),
			FanIn: 1, FanOut: 3,
			Dependents: []*sdk.Related{rel("cmd/ledger/main.go", 1, 1)},
			Risk:       risk(0.18, "low", nil),
		},
		{
			Path: "internal/store/migrate.go", Language: "Go", Lines: 96, Module: "internal/store",
			Salience: 0.22, SalienceClass: "background", Pagerank: 0.048,
			Changes: 6, Changes_365D: 1, BusFactor: 1, Authors: []string{"Ada"},
			TestedBy: []string{"internal/store/store_test.go"}, LastChanged: day(2023, time.October, 2),
			FanIn: 1, FanOut: 1,
			Dependents: []*sdk.Related{rel("internal/store/store.go", 1, 1)},
			CoChanges:  []*sdk.Related{rel("internal/store/store.go", 0.83, 5)},
			Risk:       risk(0.28, "low", []*sdk.RiskReason{reason("knowledge-silo", "one author made all 6 changes", 0.3)}),
		},
		{
			Path: "web/src/App.tsx", Language: "TypeScript", Lines: 240, Module: "web/src",
			Salience: 0.2, SalienceClass: "background", Pagerank: 0.031,
			Changes: 30, Changes_90D: 6, Changes_365D: 19, BusFactor: 2, Authors: []string{"Margaret", "Linus"},
			LastChanged: day(2024, time.October, 28), FanOut: 1,
			CoChanges: []*sdk.Related{rel("web/src/api.ts", 0.33, 10)},
			Risk:      risk(0.22, "low", nil),
		},
		{
			Path: "cmd/ledger/main.go", Language: "Go", Lines: 64, Module: "cmd/ledger",
			Salience: 0.12, SalienceClass: "background", Pagerank: 0.029,
			Changes: 15, Changes_365D: 3, BusFactor: 2, Authors: []string{"Ada", "Linus"},
			LastChanged: day(2024, time.June, 8), FanOut: 3,
			Risk: risk(0.2, "low", nil),
		},
		{
			Path: "internal/store/store_test.go", Language: "Go", Lines: 310, IsTest: true, Module: "internal/store",
			Salience: 0.1, SalienceClass: "background", Pagerank: 0.02, Changes: 7, BusFactor: 1, Authors: []string{"Ada"},
			Risk: risk(0.15, "low", nil),
		},
		{
			Path: "internal/ledger/ledger_test.go", Language: "Go", Lines: 620, IsTest: true, Module: "internal/ledger",
			Salience: 0.14, SalienceClass: "background", Pagerank: 0.02, Changes: 33, BusFactor: 3,
			CoChanges: []*sdk.Related{rel("internal/ledger/ledger.go", 0.48, 16)},
			Risk:      risk(0.2, "low", nil),
		},
		{
			Path: "internal/api/server_test.go", Language: "Go", Lines: 120, IsTest: true, Module: "internal/api",
			Salience: 0.05, SalienceClass: "background", Pagerank: 0.02, Changes: 4, BusFactor: 2,
			Risk: risk(0.1, "low", nil),
		},
		{
			Path: "web/src/api.test.ts", Language: "TypeScript", Lines: 150, IsTest: true, Module: "web/src",
			Salience: 0.06, SalienceClass: "background", Pagerank: 0.02, Changes: 12, BusFactor: 1,
			Risk: risk(0.12, "low", nil),
		},
		{Path: "README.md", Language: "Markdown", Lines: 88, Module: ".", Changes: 20, BusFactor: 3},
		{Path: "docs/architecture.md", Language: "Markdown", Lines: 140, Module: "docs", Changes: 6, BusFactor: 2},
		{Path: "Makefile", Lines: 40, Module: ".", Changes: 11, BusFactor: 2},
		{Path: "go.mod", Lines: 14, Module: ".", Changes: 9, BusFactor: 2},
	}

	return &sdk.Model{
		SchemaVersion: sdk.ModelSchemaVersion,
		RepoName:      "ledger",
		Head:          "9f2c4e1b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e",
		HeadTime:      day(2024, time.November, 2),
		Summary: &sdk.Summary{
			Files: 17, SourceFiles: 13, Commits: 412, Contributors: 5,
			FirstCommitTime: day(2022, time.March, 14), LastCommitTime: day(2024, time.November, 2),
			Languages:   map[string]int32{"Go": 10, "TypeScript": 4, "Markdown": 2},
			Definitions: 184, CallEdges: 420, ImportEdges: 36,
		},
		Commands: []*sdk.BuildCommand{
			{Kind: "build", Command: "go build ./...", Origin: "Makefile"},
			{Kind: "test", Command: "go test -race ./...", Origin: ".github/workflows/ci.yml"},
			{Kind: "test", Command: "go test ./...", Origin: "Makefile"},
			{Kind: "lint", Command: "golangci-lint run", Origin: "Makefile"},
			{Kind: "lint", Command: "golangci-lint run", Origin: ".github/workflows/ci.yml"},
			{Kind: "build", Command: "npm run build", Origin: "web/package.json"},
			{Kind: "test", Command: "npm test", Origin: "web/package.json"},
			{Kind: "fmt", Command: "gofmt -l .\ntest -z \"$(gofmt -l .)\"", Origin: ".github/workflows/ci.yml"},
		},
		// Most changes to internal/ add a changelog entry.
		ConventionFiles: []*sdk.ConventionFile{
			{Path: "CHANGELOG.md", Scope: "internal/", SourceCommits: 164, WithSource: 97, Commits: 121, ReleaseCommits: 14},
		},
		Modules: []*sdk.ModuleModel{
			{Path: "internal/store", Language: "Go", Files: 3, Salience: 0.86, Changes: 21,
				ImportedBy: []string{"internal/ledger", "internal/api", "cmd/ledger"},
				KeyFiles:   []string{"internal/store/store.go"},
				Doc:        "Package store persists accounts and postings in SQLite. It owns the schema and its migrations."},
			{Path: "internal/ledger", Language: "Go", Files: 3, Salience: 0.79, Changes: 89,
				Imports: []string{"internal/store"}, ImportedBy: []string{"internal/api", "cmd/ledger"},
				KeyFiles: []string{"internal/ledger/ledger.go", "internal/ledger/posting.go"},
				Doc:      "Package ledger implements double-entry bookkeeping over a Store."},
			{Path: "internal/api", Language: "Go", Files: 3, Salience: 0.45, Changes: 54,
				Imports: []string{"internal/ledger", "internal/store"}, ImportedBy: []string{"cmd/ledger"},
				KeyFiles: []string{"internal/api/handlers.go"},
				Doc:      "Package api serves the ledger over HTTP and JSON."},
			{Path: "web/src", Language: "TypeScript", Files: 3, Salience: 0.33, Changes: 64,
				KeyFiles: []string{"web/src/api.ts"}},
			{Path: "cmd/ledger", Language: "Go", Files: 1, Salience: 0.2, Changes: 15,
				Imports: []string{"internal/api", "internal/ledger", "internal/store", "github.com/go-chi/chi/v5"},
				Doc:     "Command ledger runs the HTTP server."},
			{Path: ".", Files: 3, Salience: 0.02, Changes: 40},
			{Path: "docs", Language: "Markdown", Files: 1, Salience: 0.01, Changes: 6},
		},
		Files: files,
		Entities: []*sdk.EntityModel{
			{QualifiedName: "store.Open", Kind: "function", Path: "internal/store/store.go", Line: 31, Salience: 0.88,
				Pagerank: 0.05, Callers: 9, Callees: 4, TopCallers: []string{"ledger.New", "api.NewServer", "main.main"},
				Doc: "Open opens the SQLite database at path and applies pending migrations. It fails when the schema is newer than this binary."},
			{QualifiedName: "ledger.Post", Kind: "function", Path: "internal/ledger/posting.go", Line: 57, Salience: 0.71,
				Pagerank: 0.04, Callers: 6, Callees: 5, TopCallers: []string{"api.handlePost", "ledger.Ledger.Transfer", "ledger.Ledger.Close"},
				Doc: "Post records a balanced transaction; it returns ErrUnbalanced when debits and credits differ."},
			{QualifiedName: "ledger.Ledger", Kind: "type", Path: "internal/ledger/ledger.go", Line: 18, Salience: 0.64,
				Pagerank: 0.03, Doc: "Ledger is the in-memory view of accounts, backed by a Store."},
			{QualifiedName: "ledger.TestPost", Kind: "function", Path: "internal/ledger/ledger_test.go", Line: 40, Salience: 0.3},
			{QualifiedName: "api.handleTransfer", Kind: "function", Path: "internal/api/handlers.go", Line: 88, Salience: 0.4,
				Callers: 1, TopCallers: []string{"api.NewServer"}},
		},
		CoChangeSets: []*sdk.CoChangeSet{
			{Files: []string{"internal/api/handlers.go", "web/src/api.ts"}, Support: 9, Confidence: 0.41},
			{Files: []string{"internal/ledger/posting.go", "internal/ledger/ledger.go", "internal/ledger/ledger_test.go"}, Support: 11, Confidence: 0.61},
		},
		Manifests: []*sdk.Manifest{
			{Path: "web/package.json", Kind: "npm", Name: "ledger-web", Dependencies: []*sdk.Dependency{
				{Name: "react", Version: "18.3.1"}, {Name: "vite", Version: "5.4.0", Dev: true}, {Name: "vitest", Version: "2.0.5", Dev: true},
			}},
			{Path: "go.mod", Kind: "go", Name: "github.com/acme/ledger", Dependencies: []*sdk.Dependency{
				{Name: "github.com/go-chi/chi/v5", Version: "v5.1.0"}, {Name: "modernc.org/sqlite", Version: "v1.33.1"},
			}},
			// A test fixture's manifest: not where the product's dependencies go.
			{Path: "test/module/cjs/package.json", Kind: "npm", Name: "cjs-fixture", Dependencies: []*sdk.Dependency{{Name: "ledger-web"}}},
		},
		Documents:     []string{"docs/architecture.md", "docs/adr/0001-use-sqlite.md", "CONTRIBUTING.md", "README.md", "AGENTS.md"},
		RiskThreshold: 0.6,
	}
}

// withoutHistory is the same repository just after `git init` and a first
// `homer init` with nothing committed: structure only.
func withoutHistory() *sdk.Model {
	m := proto.Clone(fixture()).(*sdk.Model)
	m.Head, m.HeadTime = "", 0
	m.Summary.Commits, m.Summary.Contributors = 0, 0
	m.Summary.FirstCommitTime, m.Summary.LastCommitTime = 0, 0
	m.CoChangeSets = nil
	for _, mod := range m.Modules {
		mod.Changes = 0
	}
	for _, f := range m.Files {
		f.Changes, f.Changes_30D, f.Changes_90D, f.Changes_365D = 0, 0, 0, 0
		f.ChangePercentile, f.BusFactor, f.Authors, f.LastChanged, f.CoChanges = 0, 0, nil, 0, nil
		// The classes that need history fall back to their structural kin.
		switch f.SalienceClass {
		case "hot-critical", "critical-silo":
			f.SalienceClass = "foundational-stable"
		case "active-localized":
			f.SalienceClass = "background"
		}
		if f.Risk == nil {
			continue
		}
		// Without history only structural reasons remain.
		var kept []*sdk.RiskReason
		for _, r := range f.Risk.Reasons {
			if r.Type == "untested-central" || r.Type == "undocumented-critical" {
				kept = append(kept, r)
			}
		}
		f.Risk.Reasons = kept
		if len(kept) == 0 {
			// Salience alone weighs 40% of the score (SPEC 7).
			f.Risk = &sdk.Risk{Score: 0.4 * f.Salience, Level: "low"}
		}
	}
	return m
}
