package modctx

import (
	"context"
	"math"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/agentsfile"
)

// Name and Version identify the renderer in homer.hcl and in `homer plugin list`.
const (
	Name    = "module-ctx"
	Version = "1.0.0"
)

const (
	defaultFilename     = "AGENTS.md"
	defaultMaxWords     = 350
	defaultMinLines     = 500
	defaultMinImporters = 8
)

type options struct {
	filename     string
	dirs         []string
	maxWords     int
	minLines     int
	minImporters int
	circularity  string
}

type renderer struct{ opts options }

var _ sdk.Renderer = (*renderer)(nil)

// New returns the module-ctx renderer with its default configuration.
func New() sdk.Renderer {
	return &renderer{opts: options{filename: defaultFilename, maxWords: defaultMaxWords, minLines: defaultMinLines,
		minImporters: defaultMinImporters, circularity: agentsfile.DefaultCircularity}}
}

func (r *renderer) Info() *sdk.Info {
	return &sdk.Info{
		Name:        Name,
		Version:     Version,
		Description: "a context file per source directory (nested AGENTS.md): purpose, key entities, imports, dependencies, docs, change profile and co-changes",
		Schema: []*sdk.Attribute{
			{Name: "filename", Type: sdk.TypeString, DefaultValue: sdk.String(defaultFilename),
				Description: `name of the file written in each directory ("AGENTS.md", ".context.md", ...)`},
			{Name: "dirs", Type: sdk.TypeList, DefaultValue: sdk.List(),
				Description: "directories that get a file, as globs relative to the repository root (\"pkg/cmd/*\", \"internal/**\"); empty: every directory with enough code (min_lines) or imported by enough others (min_importers)"},
			{Name: "max_words", Type: sdk.TypeNumber, DefaultValue: sdk.Number(defaultMaxWords),
				Description: "word budget of each file; the most valuable facts are kept"},
			{Name: "min_lines", Type: sdk.TypeNumber, DefaultValue: sdk.Number(defaultMinLines),
				Description: "without dirs: a directory whose non-test code has at least this many lines gets a file"},
			{Name: "min_importers", Type: sdk.TypeNumber, DefaultValue: sdk.Number(defaultMinImporters),
				Description: "without dirs: a directory whose code is imported from at least this many other directories gets a file"},
			agentsfile.CircularityAttribute("nested " + defaultFilename),
		},
	}
}

// Configure checks every attribute and reports all problems at once; on any
// error the previous configuration stays in force.
func (r *renderer) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	var diags []*sdk.Diagnostic
	o := options{
		filename:    cfg.String("filename", defaultFilename),
		dirs:        cfg.List("dirs", nil),
		circularity: cfg.String(agentsfile.Attribute, agentsfile.DefaultCircularity),
	}
	if f := o.filename; f == "" || strings.ContainsAny(f, `/\`) || f == "." || f == ".." {
		diags = append(diags, sdk.Errorf("filename", "filename must be a file name without a directory, not %q", f))
	}
	for _, g := range o.dirs {
		if g == "" || !doublestar.ValidatePattern(g) || path.IsAbs(g) || strings.HasPrefix(path.Clean(g), "..") {
			diags = append(diags, sdk.Errorf("dirs", "dirs: %q is not a glob relative to the repository root", g))
		}
	}
	o.maxWords = cfg.Whole("max_words", defaultMaxWords, 50, math.MaxInt32, &diags)
	o.minLines = cfg.Whole("min_lines", defaultMinLines, 0, math.MaxInt32, &diags)
	o.minImporters = cfg.Whole("min_importers", defaultMinImporters, 1, math.MaxInt32, &diags)
	if d := agentsfile.CheckCircularity(o.circularity); d != nil {
		diags = append(diags, d)
	}
	if len(diags) > 0 {
		return diags
	}
	r.opts = o
	return nil
}

// Render writes one file per selected directory. It refuses a model newer
// than the SDK it was built with, whose fields it could misread.
func (r *renderer) Render(ctx context.Context, m *sdk.Model) (*sdk.RenderResponse, error) {
	if err := sdk.CheckModel(Name, m); err != nil {
		return nil, err
	}
	x := newIndex(m, r.opts)
	resp := &sdk.RenderResponse{}
	for _, dir := range x.selectDirs() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp.Files = append(resp.Files, &sdk.OutputFile{
			Path:          dir + "/" + r.opts.filename,
			Content:       []byte(x.writeDir(dir)),
			HumanEditable: true,
		})
	}
	return resp, nil
}
