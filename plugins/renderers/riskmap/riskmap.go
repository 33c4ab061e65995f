package riskmap

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// Name and Version identify the renderer in homer.hcl and in `homer plugin list`.
const (
	Name    = "risk-map"
	Version = "1.0.0"
)

// Schema names the version of the JSON document. Consumers check it before
// reading anything else.
const Schema = "homer-risk/1"

const (
	defaultOutput = "homer-risk.json"
	// maxSafeAreas bounds the list: it is a hint of where edits are cheap,
	// not an inventory.
	maxSafeAreas = 50
)

type renderer struct {
	output     string
	includeLow bool
}

var (
	_ sdk.Renderer    = (*renderer)(nil)
	_ sdk.ModelReader = (*renderer)(nil)
)

// New returns the risk-map renderer with its default configuration.
func New() sdk.Renderer { return &renderer{output: defaultOutput} }

func (r *renderer) Info() *sdk.Info {
	return &sdk.Info{
		Name:        Name,
		Version:     Version,
		Description: "homer-risk.json: per-file risk score, level, typed reasons and recommendations, plus safe areas",
		Schema: []*sdk.Attribute{
			{Name: "output", Type: sdk.TypeString, DefaultValue: sdk.String(defaultOutput),
				Description: "path of the generated file, relative to the repository root"},
			{Name: "include_low", Type: sdk.TypeBool, DefaultValue: sdk.Bool(false),
				Description: "list low-risk files too, not only medium and above"},
		},
	}
}

// Configure checks the attributes; on error the previous configuration stays
// in force.
func (r *renderer) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	var diags []*sdk.Diagnostic
	output := cfg.LocalPath("output", defaultOutput, &diags)
	if len(diags) > 0 {
		return diags
	}
	r.output, r.includeLow = output, cfg.Bool("include_low", false)
	return nil
}

// ModelFields are the fields of the model the risk map reads: a few of
// each file's, so the rest of the model is never decoded (sdk.ModelReader).
func (r *renderer) ModelFields() []string {
	return []string{"repo_name", "head", "risk_threshold",
		"files.path", "files.is_test", "files.salience", "files.tested_by", "files.risk"}
}

// Render encodes the risk map. It refuses a model newer than the SDK it was
// built with, whose fields it could misread.
func (r *renderer) Render(ctx context.Context, m *sdk.Model) (*sdk.RenderResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sdk.CheckModel(Name, m); err != nil {
		return nil, err
	}
	content, err := encode(build(m, r.includeLow))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return &sdk.RenderResponse{Files: []*sdk.OutputFile{{Path: r.output, Content: content}}}, nil
}

// document is homer-risk.json. Structs, not maps, keep the key order fixed.
type document struct {
	Schema     string `json:"schema"`
	Repository string `json:"repository"`
	Head       string `json:"head"`
	// Threshold is the score above which `homer risk-check` fails.
	Threshold float64    `json:"threshold"`
	Summary   summary    `json:"summary"`
	Files     []fileRisk `json:"files"`
	// SafeAreas are tested, low-risk source files: where an edit is cheapest.
	SafeAreas []string `json:"safe_areas"`
}

// summary counts every assessed file, whether or not it is listed.
type summary struct {
	Files         int `json:"files"`
	Critical      int `json:"critical,omitempty"`
	High          int `json:"high"`
	Medium        int `json:"medium"`
	Low           int `json:"low"`
	Other         int `json:"other,omitempty"`
	OverThreshold int `json:"over_threshold"`
}

type fileRisk struct {
	Path            string   `json:"path"`
	Score           float64  `json:"score"`
	Level           string   `json:"level"`
	Salience        float64  `json:"salience"`
	Reasons         []reason `json:"reasons"`
	Recommendations []string `json:"recommendations"`
}

type reason struct {
	Type   string  `json:"type"`
	Detail string  `json:"detail"`
	Weight float64 `json:"weight"`
}

// build selects and orders. Files without a risk assessment are left out;
// low-risk files are listed only with includeLow.
func build(m *sdk.Model, includeLow bool) *document {
	doc := &document{
		Schema:     Schema,
		Repository: m.GetRepoName(),
		Head:       m.GetHead(),
		Threshold:  round3(m.GetRiskThreshold()),
		Files:      []fileRisk{},
		SafeAreas:  []string{},
	}

	var assessed []*sdk.FileModel
	seen := map[string]bool{}
	for _, f := range m.GetFiles() {
		if f.GetPath() == "" || f.GetRisk() == nil || seen[f.GetPath()] {
			continue
		}
		seen[f.GetPath()] = true
		assessed = append(assessed, f)
	}
	// Rounded scores order the list, so it reads as sorted by the scores it
	// shows, ties broken by path.
	sort.SliceStable(assessed, func(i, j int) bool {
		si, sj := round3(assessed[i].GetRisk().GetScore()), round3(assessed[j].GetRisk().GetScore())
		if si != sj {
			return si > sj
		}
		return assessed[i].GetPath() < assessed[j].GetPath()
	})

	var safe []*sdk.FileModel
	for _, f := range assessed {
		r := f.GetRisk()
		lvl := level(r)
		doc.Summary.Files++
		switch lvl {
		case "critical":
			doc.Summary.Critical++
		case "high":
			doc.Summary.High++
		case "medium":
			doc.Summary.Medium++
		case "low":
			doc.Summary.Low++
		default:
			doc.Summary.Other++
		}
		if r.GetScore() > m.GetRiskThreshold() && lvl != "low" {
			// As risk-check counts: a test, an example or a generated file
			// scores but is kept out of the threshold (its level is low);
			// vite's summary said 389 over beside 176 at medium or high.
			doc.Summary.OverThreshold++
		}
		if lvl != "low" || includeLow {
			doc.Files = append(doc.Files, fileRisk{
				Path:            f.GetPath(),
				Score:           round3(r.GetScore()),
				Level:           lvl,
				Salience:        round3(f.GetSalience()),
				Reasons:         reasons(r.GetReasons()),
				Recommendations: recommendations(r.GetRecommendations()),
			})
		}
		if lvl == "low" && !f.GetIsTest() && tested(f) {
			safe = append(safe, f)
		}
	}

	// The safest first when the list is capped, then by path for reading.
	sort.SliceStable(safe, func(i, j int) bool {
		si, sj := round3(safe[i].GetRisk().GetScore()), round3(safe[j].GetRisk().GetScore())
		if si != sj {
			return si < sj
		}
		return safe[i].GetPath() < safe[j].GetPath()
	})
	for _, f := range safe[:min(len(safe), maxSafeAreas)] {
		doc.SafeAreas = append(doc.SafeAreas, f.GetPath())
	}
	sort.Strings(doc.SafeAreas)
	return doc
}

// level normalises the core's level; an assessment without one is low.
func level(r *sdk.Risk) string {
	l := strings.ToLower(strings.TrimSpace(r.GetLevel()))
	if l == "" {
		return "low"
	}
	return l
}

func tested(f *sdk.FileModel) bool {
	for _, t := range f.GetTestedBy() {
		if t != "" {
			return true
		}
	}
	return false
}

func reasons(rs []*sdk.RiskReason) []reason {
	out := make([]reason, 0, len(rs))
	for _, r := range rs {
		out = append(out, reason{Type: r.GetType(), Detail: oneLine(r.GetDetail()), Weight: round3(r.GetWeight())})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Detail < out[j].Detail
	})
	return out
}

// recommendations keeps the core's order (most important first), without
// blanks or repeats.
func recommendations(rs []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, r := range rs {
		r = oneLine(r)
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// round3 rounds to three decimals; values JSON cannot hold become 0.
func round3(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	r := math.Round(v*1000) / 1000
	if r == 0 {
		return 0 // no "-0" in the output
	}
	return r
}

// encode writes indented JSON with a trailing newline. HTML escaping is off:
// the file is read by tools and people, not embedded in a page.
func encode(doc *document) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
