// Package record holds the vocabulary of the store: the kinds of nodes and
// edges, and the shapes of the results stages store as JSON. The pipeline
// writes them and core/query reads them; neither owns them.
package record

import (
	"strconv"
	"strings"
)

// Node kinds.
const (
	KindFile       = "file"
	KindCommit     = "commit"
	KindPerson     = "person"
	KindRelease    = "release"
	KindModule     = "module"
	KindManifest   = "manifest"
	KindCommand    = "command"
	KindDefinition = "definition"
	KindRepository = "repository"
	KindOutput     = "output"
)

// Edge kinds.
const (
	EdgeCalls     = "calls"
	EdgeImports   = "imports"
	EdgeFileCalls = "file-calls"
	EdgeTests     = "tests"
	EdgeCoChange  = "co-change"
	// EdgeRelease links a release to its commit.
	EdgeRelease = "release"
)

// DefinitionPath is the path of the file a definition node belongs to.
// Definition nodes are named path#qualified.name; their metadata names
// the path only when the path itself holds a '#' (otherwise it would be
// stored twice in every definition), and metaPath is that field.
func DefinitionPath(node, metaPath string) string {
	if metaPath != "" {
		return metaPath
	}
	p, _, _ := strings.Cut(node, "#")
	return p
}

// QualifiedName is a definition node's qualified name: the name after
// "p#", p being the node's file, less the "~n" that numbers a repeat of
// one name in one file (an interface and a constant both named X).
func QualifiedName(node, p string) string {
	qn := strings.TrimPrefix(node, p+"#")
	if i := strings.LastIndexByte(qn, '~'); i > 0 {
		if _, err := strconv.Atoi(qn[i+1:]); err == nil {
			return qn[:i]
		}
	}
	return qn
}

// FileMetrics is everything the analyses concluded about one file at HEAD,
// stored as the file's "metrics" result and read by the model, queries and
// the risk gate.
type FileMetrics struct {
	Path        string   `json:"path"`
	Language    string   `json:"language"`
	Lines       int      `json:"lines"`
	IsTest      bool     `json:"is_test"`
	Changes     int      `json:"changes"`
	Changes30   int      `json:"changes_30d"`
	Changes90   int      `json:"changes_90d"`
	Changes365  int      `json:"changes_365d"`
	Percentile  float64  `json:"change_percentile"`
	BusFactor   int      `json:"bus_factor"`
	Authors     []string `json:"authors"`
	LastChanged int64    `json:"last_changed"`
	Trend       string   `json:"trend"`
	Centrality
	// TestedBy are the tests that test the file directly (named after it,
	// compiled with it, importing or calling it); TestedIndirectlyBy those
	// that reach it only through the files they use (testlink.Hops).
	TestedBy           []string `json:"tested_by"`
	TestedIndirectlyBy []string `json:"tested_indirectly_by,omitempty"`
	// TestRole is "support" for test support (conftest, fixtures, test
	// apps, testdata) and "declarations" for a file without function
	// bodies: neither is code that wants a test. Empty otherwise.
	TestRole string `json:"test_role,omitempty"`
	// Generated: a line at the file's head says a tool generated it.
	Generated bool      `json:"generated,omitempty"`
	CoChanges []Related `json:"co_changes"`
	Salience  float64   `json:"salience"`
	Class     string    `json:"class"`
	Risk      RiskInfo  `json:"risk"`
}

// Related is another file with a weight (coupling confidence, call count).
type Related struct {
	Path   string  `json:"path"`
	Weight float64 `json:"weight"`
	Count  int     `json:"count"`
	// Revs is the related file's own commit count and Last the time of
	// the last commit that changed both: the evidence behind Count.
	Revs int   `json:"revs,omitempty"`
	Last int64 `json:"last,omitempty"`
	// Reason is why a co-change partner is listed: history, or, on a
	// list history left short, test, generated or directory.
	Reason string `json:"reason,omitempty"`
	// Sweeps, Bots and Releases are how many of Count were formatting or
	// rename sweeps, bots' commits and release bumps.
	Sweeps   int `json:"sweeps,omitempty"`
	Bots     int `json:"bots,omitempty"`
	Releases int `json:"releases,omitempty"`
}

// RiskInfo is the risk verdict for a file.
type RiskInfo struct {
	Score           float64      `json:"score"`
	Level           string       `json:"level"`
	Reasons         []RiskReason `json:"reasons"`
	Recommendations []string     `json:"recommendations"`
}

// RiskReason is one typed reason.
type RiskReason struct {
	Type   string  `json:"type"`
	Detail string  `json:"detail"`
	Weight float64 `json:"weight"`
}

// EntityMetrics is the stored result for a definition.
type EntityMetrics struct {
	PageRank    float64  `json:"pagerank"`
	Betweenness float64  `json:"betweenness"`
	Salience    float64  `json:"salience"`
	Callers     int      `json:"callers"`
	Callees     int      `json:"callees"`
	TopCallers  []string `json:"top_callers"`
}

// Centrality is the stored result of the centrality stage for a file, and
// part of its FileMetrics.
type Centrality struct {
	PageRank    float64   `json:"pagerank"`
	Betweenness float64   `json:"betweenness"`
	Authority   float64   `json:"authority"`
	Hub         float64   `json:"hub"`
	FanIn       int       `json:"fan_in"`
	FanOut      int       `json:"fan_out"`
	Dependents  []Related `json:"dependents"`
}

// Output is one file a renderer wrote, as its output node keeps it: the
// node's name is the file's path relative to the repository root (forward
// slashes), its content_hash the hash of the bytes written, and its
// metadata an OutputMeta naming the renderer.
type Output struct {
	Name     string
	Renderer string
	Hash     string
	// Human: Homer's text went into a file a human made (circularity
	// "merge" or "overwrite"). Such a file is never removed.
	Human bool
}

// OutputMeta is an output node's metadata. A node written before the
// schema 8 Homer kept the renderer's name in content_hash and the hash in
// metadata (Hash); readers accept both forms.
type OutputMeta struct {
	Renderer string `json:"renderer,omitempty"`
	Human    bool   `json:"human,omitempty"`
	Hash     string `json:"hash,omitempty"`
}
