package agentsmd

import (
	"context"
	"math"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/agentsfile"
)

// Name and Version identify the renderer in homer.hcl and in `homer plugin list`.
const (
	Name    = "agents-md"
	Version = "1.0.0"
)

// Marker is the first line of every generated AGENTS.md (shared with the
// other agent-file renderers).
const Marker = agentsfile.Marker

const (
	defaultOutput      = "AGENTS.md"
	defaultMaxEntries  = 12
	defaultMaxWords    = 1500
	defaultCircularity = agentsfile.DefaultCircularity
)

// circularities are the values the core understands for circularity.
var circularities = agentsfile.Circularities

type renderer struct {
	output      string
	maxEntries  int
	maxWords    int
	circularity string
}

var _ sdk.Renderer = (*renderer)(nil)

// New returns the agents-md renderer with its default configuration.
func New() sdk.Renderer {
	return &renderer{output: defaultOutput, maxEntries: defaultMaxEntries, maxWords: defaultMaxWords, circularity: defaultCircularity}
}

func (r *renderer) Info() *sdk.Info {
	return &sdk.Info{
		Name:        Name,
		Version:     Version,
		Description: "AGENTS.md: build commands, module map, load-bearing code, change patterns and danger zones for AI coding agents",
		Schema: []*sdk.Attribute{
			{Name: "output", Type: sdk.TypeString, DefaultValue: sdk.String(defaultOutput),
				Description: "path of the generated file, relative to the repository root"},
			{Name: "max_entries", Type: sdk.TypeNumber, DefaultValue: sdk.Number(defaultMaxEntries),
				Description: "most entries per section (modules, files, entities, change patterns, danger zones)"},
			{Name: "max_words", Type: sdk.TypeNumber, DefaultValue: sdk.Number(defaultMaxWords),
				Description: "word budget: over it, danger zones, load-bearing code, documents, the module map and change patterns lose entries, in that order, then whole sections (danger zones keep a line till last); commands are never cut; 0 for no budget"},
			agentsfile.CircularityAttribute("AGENTS.md"),
		},
	}
}

// Configure checks every attribute and reports all problems at once; on any
// error the previous configuration stays in force.
func (r *renderer) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	var diags []*sdk.Diagnostic

	output := cfg.LocalPath("output", defaultOutput, &diags)
	n := cfg.Whole("max_entries", defaultMaxEntries, 1, math.MaxInt32, &diags)
	words := cfg.Whole("max_words", defaultMaxWords, 0, math.MaxInt32, &diags)
	circ := cfg.String("circularity", defaultCircularity)
	if d := agentsfile.CheckCircularity(circ); d != nil {
		diags = append(diags, d)
	}

	if len(diags) > 0 {
		return diags
	}
	r.output, r.maxEntries, r.maxWords, r.circularity = output, n, words, circ
	return nil
}

// Render builds AGENTS.md from the model. It refuses a model newer than the
// SDK it was built with, whose fields it could misread.
func (r *renderer) Render(ctx context.Context, m *sdk.Model) (*sdk.RenderResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sdk.CheckModel(Name, m); err != nil {
		return nil, err
	}
	content := writeDocument(m, options{maxEntries: r.maxEntries, maxWords: r.maxWords, output: r.output})
	return &sdk.RenderResponse{Files: []*sdk.OutputFile{{
		Path:          r.output,
		Content:       []byte(content),
		HumanEditable: true,
	}}}, nil
}
