package report

import (
	"context"
	"slices"

	"github.com/homer-dev/homer/sdk"
)

// Name and Version identify the renderer in homer.hcl and in `homer plugin list`.
const (
	Name    = "report"
	Version = "1.0.0"
)

const (
	defaultFormat = "html"
	defaultTop    = 25
)

var formats = []string{"html", "markdown"}

// defaultOutputs is the file each format writes when output is not set.
var defaultOutputs = map[string]string{"html": "homer-report.html", "markdown": "homer-report.md"}

type renderer struct {
	output string
	format string
	top    int
}

var _ sdk.Renderer = (*renderer)(nil)

// New returns the report renderer with its default configuration.
func New() sdk.Renderer {
	return &renderer{output: defaultOutputs[defaultFormat], format: defaultFormat, top: defaultTop}
}

func (r *renderer) Info() *sdk.Info {
	return &sdk.Info{
		Name:    Name,
		Version: Version,
		Description: "homer-report.html: one self-contained page with headline numbers, community graph, salience treemap, " +
			"coupling, risks, documentation health and team topology (or Markdown with Mermaid)",
		Schema: []*sdk.Attribute{
			{Name: "output", Type: sdk.TypeString, DefaultValue: sdk.String(""),
				Description: `path of the generated file, relative to the repository root; "homer-report.html" or "homer-report.md" by format`},
			{Name: "format", Type: sdk.TypeString, DefaultValue: sdk.String(defaultFormat), OneOf: formats,
				Description: `"html" (one self-contained page, SVG charts) or "markdown" (tables and Mermaid charts)`},
			{Name: "top", Type: sdk.TypeNumber, DefaultValue: sdk.Number(defaultTop),
				Description: "most rows per table (risks, coupled pairs, modules)"},
		},
	}
}

// Configure checks every attribute and reports all problems at once; on any
// error the previous configuration stays in force.
func (r *renderer) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	var diags []*sdk.Diagnostic
	format := cfg.String("format", defaultFormat)
	if !slices.Contains(formats, format) {
		diags = append(diags, sdk.Errorf("format", "format must be \"html\" or \"markdown\", not %q", format))
	}
	output := cfg.LocalPath("output", defaultOutputs[format], &diags)
	n := cfg.Whole("top", defaultTop, 1, 10000, &diags)
	if len(diags) > 0 {
		return diags
	}
	r.output, r.format, r.top = output, format, n
	return nil
}

// Render writes the report. It refuses a model newer than the SDK it was
// built with, whose fields it could misread.
func (r *renderer) Render(ctx context.Context, m *sdk.Model) (*sdk.RenderResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sdk.CheckModel(Name, m); err != nil {
		return nil, err
	}
	var content []byte
	if r.format == "markdown" {
		content = Markdown(m, r.top)
	} else {
		content = HTML(m, r.top)
	}
	return &sdk.RenderResponse{Files: []*sdk.OutputFile{{Path: r.output, Content: content}}}, nil
}
