package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// Depth presets bound how much history is read.
var depths = map[string]int{"shallow": 500, "standard": 2000, "deep": 0, "full": 0}

// DefaultDB is where the database lives, relative to the repository root.
const DefaultDB = ".homer/homer.db"

// Config is a decoded homer.hcl (or the defaults).
type Config struct {
	// File is the configuration file read, "" for built-in defaults.
	File  string
	DB    string
	Depth string
	// PluginTimeoutSeconds bounds a plugin's start-up and each call that
	// has no longer natural bound (0: the defaults).
	PluginTimeoutSeconds float64

	Sources   []*Block
	Languages []*Block
	Renderers []*Block
	Plugins   []*PluginDecl
	Analyzers Analyzers
	Pipelines map[string]*Pipeline

	// Parser holds the parsed files so diagnostics can show source lines.
	Parser *hclparse.Parser
}

// PluginTimeout is the start-up bound for plugins.
func (c *Config) PluginTimeout() time.Duration {
	if c.PluginTimeoutSeconds <= 0 {
		return 10 * time.Second
	}
	return time.Duration(c.PluginTimeoutSeconds * float64(time.Second))
}

// CallTimeout bounds one plugin call (a parse batch, a render).
func (c *Config) CallTimeout() time.Duration {
	if c.PluginTimeoutSeconds <= 0 {
		return 2 * time.Minute
	}
	return time.Duration(c.PluginTimeoutSeconds * float64(time.Second))
}

// MaxCommits is the history bound the depth preset sets (0 = all).
func (c *Config) MaxCommits() int { return depths[c.Depth] }

// Block configures one plugin: `source "git" { ... }`.
type Block struct {
	Kind    string // source, language, renderer
	Name    string
	Enabled bool
	// Plugin is an explicit plugin binary for this block, "" to use a
	// built-in or discovered plugin of the same name.
	Plugin string
	// Claim lists file extensions this language plugin takes over
	// any other plugin that may parse them (language blocks only).
	Claim []string
	// Attrs are the plugin's own attributes, checked by CheckPlugin.
	Attrs    hcl.Attributes
	DefRange hcl.Range
	// Declared is false for blocks made up from defaults.
	Declared bool
}

// PluginDecl names a third-party plugin binary: `plugin "extra" { path = "..." }`.
type PluginDecl struct {
	Name     string
	Path     string
	DefRange hcl.Range
}

// Pipeline is a named subset of stages for `homer run NAME`.
type Pipeline struct {
	Name      string
	Sources   []string
	Languages []string
	Analyzers []string
	Renderers []string
	// Ranges point at each list, for diagnostics about unknown names.
	Ranges   map[string]hcl.Range
	DefRange hcl.Range
}

// Analyzers configures the core's analyzers.
type Analyzers struct {
	Behavioral AnalyzerToggle
	CoChange   CoChange
	Centrality Centrality
	Salience   Salience
	Snapshots  Snapshots
}

// AnalyzerToggle is an analyzer with nothing to set but whether it runs.
type AnalyzerToggle struct {
	Enabled bool `hcl:"enabled,optional"`
}

// CoChange configures co-change mining (SPEC §5).
type CoChange struct {
	Enabled           bool    `hcl:"enabled,optional"`
	MinCount          int     `hcl:"min_count,optional"`
	MinConfidence     float64 `hcl:"min_confidence,optional"`
	MaxFilesPerCommit int     `hcl:"max_files_per_commit,optional"`
	MaxSetSize        int     `hcl:"max_set_size,optional"`
}

// Centrality configures the graph algorithms.
type Centrality struct {
	Enabled bool `hcl:"enabled,optional"`
	// ExactBetweennessBelow: graphs with fewer nodes get exact betweenness,
	// larger ones a sampled estimate.
	ExactBetweennessBelow int `hcl:"exact_betweenness_below,optional"`
}

// Salience configures the composite score and the risk threshold.
type Salience struct {
	Enabled       bool    `hcl:"enabled,optional"`
	RiskThreshold float64 `hcl:"risk_threshold,optional"`
	// MinSiloChanges is the fewest changes on which a file can be called a
	// knowledge silo (default 10).
	MinSiloChanges int `hcl:"min_silo_changes,optional"`
}

// Snapshots says which commits `homer snapshot create` takes graphs of
// when given no ref: release tags (Tags), and every Every commits of the
// first-parent line (0: none). They are not a stage of init or update.
type Snapshots struct {
	Tags  bool `hcl:"tags,optional"`
	Every int  `hcl:"every,optional"`
}

// AnalyzerNames are the analyzer block labels, in stage order.
var AnalyzerNames = []string{"behavioral", "co-change", "centrality", "salience"}

// BuiltinDefaults lists the built-in plugins enabled when homer.hcl does not
// mention them. The languages are every built-in language plugin: the
// binary that compiles them in sets them (the core knows none by name), and
// each starts only when the repository has files it parses.
var BuiltinDefaults = map[string][]string{
	"source":   {"git", "structure"},
	"language": nil,
	"renderer": {"agents-md", "risk-map"},
}

// Defaults is the configuration used when no homer.hcl exists.
func Defaults() *Config {
	c := &Config{DB: DefaultDB, Depth: "deep", Pipelines: map[string]*Pipeline{}, Parser: hclparse.NewParser()}
	c.Analyzers = Analyzers{
		Behavioral: AnalyzerToggle{Enabled: true},
		CoChange:   CoChange{Enabled: true, MinCount: 3, MinConfidence: 0.3, MaxFilesPerCommit: 50, MaxSetSize: 8},
		Centrality: Centrality{Enabled: true, ExactBetweennessBelow: 2000},
		Salience:   Salience{Enabled: true, RiskThreshold: 0.6, MinSiloChanges: 10},
		Snapshots:  Snapshots{Tags: true, Every: 0},
	}
	c.addDefaultBlocks()
	c.Pipelines[PreCommit] = defaultPreCommit()
	return c
}

// PreCommit is the pipeline the git hook runs (hooks/pre-commit).
const PreCommit = "pre-commit"

// defaultPreCommit reads new commits and recomputes behaviour and
// co-change: what a commit can change cheaply. homer.hcl may redefine it.
func defaultPreCommit() *Pipeline {
	return &Pipeline{Name: PreCommit, Sources: []string{"git"}, Analyzers: []string{"behavioral", "co-change"}, Ranges: map[string]hcl.Range{}}
}

func (c *Config) addDefaultBlocks() {
	for _, kind := range []string{"source", "language", "renderer"} {
		list := c.blocks(kind)
		for _, name := range BuiltinDefaults[kind] {
			if findBlock(*list, name) == nil {
				*list = append(*list, &Block{Kind: kind, Name: name, Enabled: true})
			}
		}
	}
}

func (c *Config) blocks(kind string) *[]*Block {
	switch kind {
	case "source":
		return &c.Sources
	case "language":
		return &c.Languages
	default:
		return &c.Renderers
	}
}

func findBlock(list []*Block, name string) *Block {
	for _, b := range list {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// Find returns the block of a kind and name, or nil.
func (c *Config) Find(kind, name string) *Block { return findBlock(*c.blocks(kind), name) }

// Locate returns the configuration file to use for a repository: the
// explicit path, $HOMER_CONFIG, homer.hcl at the root, .homer/homer.hcl;
// "" when none exists.
func Locate(root, explicit string) string {
	if explicit != "" {
		return explicit
	}
	if env := os.Getenv("HOMER_CONFIG"); env != "" {
		return env
	}
	for _, p := range []string{"homer.hcl", filepath.Join(".homer", "homer.hcl")} {
		full := filepath.Join(root, p)
		if _, err := os.Stat(full); err == nil {
			return full
		}
	}
	return ""
}

var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "homer"},
		{Type: "source", LabelNames: []string{"name"}},
		{Type: "language", LabelNames: []string{"name"}},
		{Type: "analyzer", LabelNames: []string{"name"}},
		{Type: "renderer", LabelNames: []string{"name"}},
		{Type: "plugin", LabelNames: []string{"name"}},
		{Type: "pipeline", LabelNames: []string{"name"}},
	},
}

type homerBlock struct {
	DB            *string  `hcl:"db,optional"`
	Depth         *string  `hcl:"depth,optional"`
	PluginTimeout *float64 `hcl:"plugin_timeout,optional"`
}

type pluginBlock struct {
	Path string `hcl:"path"`
}

type pipelineBlock struct {
	Sources   []string `hcl:"sources,optional"`
	Languages []string `hcl:"languages,optional"`
	Analyzers []string `hcl:"analyzers,optional"`
	Renderers []string `hcl:"renderers,optional"`
}

// Load reads the configuration file at path ("" means defaults). All
// problems come back together as diagnostics.
func Load(path string) (*Config, hcl.Diagnostics) {
	c := Defaults()
	if path == "" {
		return c, nil
	}
	c.File = path
	src, err := os.ReadFile(path)
	if err != nil {
		return c, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read configuration", Detail: fmt.Sprintf("%s: %v", path, err)}}
	}
	return c, c.decode(src, path)
}

// decode applies the content of the configuration file named path to c,
// which holds the defaults. It is Load without the file system, so that
// tests can feed it any bytes.
func (c *Config) decode(src []byte, path string) hcl.Diagnostics {
	f, diags := c.Parser.ParseHCL(src, path)
	if diags.HasErrors() {
		return diags
	}
	content, d := f.Body.Content(rootSchema)
	diags = append(diags, d...)
	seen := map[string]hcl.Range{}
	for _, blk := range content.Blocks {
		key := blk.Type
		if len(blk.Labels) > 0 {
			key += " " + blk.Labels[0]
		}
		if prev, dup := seen[key]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate block",
				Detail: fmt.Sprintf("%s is already defined at %s.", key, prev), Subject: blk.DefRange.Ptr()})
			continue
		}
		seen[key] = blk.DefRange
		switch blk.Type {
		case "homer":
			diags = append(diags, c.decodeHomer(blk)...)
		case "source", "language", "renderer":
			diags = append(diags, c.decodePluginBlock(blk)...)
		case "analyzer":
			diags = append(diags, c.decodeAnalyzer(blk)...)
		case "plugin":
			var pb pluginBlock
			d := gohcl.DecodeBody(blk.Body, nil, &pb)
			diags = append(diags, d...)
			if !d.HasErrors() {
				c.Plugins = append(c.Plugins, &PluginDecl{Name: blk.Labels[0], Path: pb.Path, DefRange: blk.DefRange})
			}
		case "pipeline":
			diags = append(diags, c.decodePipeline(blk)...)
		}
	}
	c.addDefaultBlocks()
	return append(diags, c.checkPipelines()...)
}

func (c *Config) decodeHomer(blk *hcl.Block) hcl.Diagnostics {
	var hb homerBlock
	diags := gohcl.DecodeBody(blk.Body, nil, &hb)
	if hb.DB != nil {
		c.DB = *hb.DB
	}
	if hb.PluginTimeout != nil {
		if *hb.PluginTimeout <= 0 {
			attrs, _ := blk.Body.JustAttributes()
			var subject *hcl.Range
			if a, ok := attrs["plugin_timeout"]; ok {
				subject = a.Expr.Range().Ptr()
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid plugin_timeout",
				Detail: fmt.Sprintf("plugin_timeout is a number of seconds above zero, not %g.", *hb.PluginTimeout), Subject: subject})
		} else {
			c.PluginTimeoutSeconds = *hb.PluginTimeout
		}
	}
	if hb.Depth != nil {
		if _, ok := depths[*hb.Depth]; !ok {
			attrs, _ := blk.Body.JustAttributes()
			var subject *hcl.Range
			if a, ok := attrs["depth"]; ok {
				subject = a.Expr.Range().Ptr()
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown depth",
				Detail: fmt.Sprintf("depth %q is not one of shallow, standard, deep, full.", *hb.Depth), Subject: subject})
		} else {
			c.Depth = *hb.Depth
		}
	}
	return diags
}

// Attributes every plugin block accepts, whatever the plugin.
var commonAttrs = map[string]bool{"enabled": true, "plugin": true, "claim": true}

func (c *Config) decodePluginBlock(blk *hcl.Block) hcl.Diagnostics {
	attrs, diags := blk.Body.JustAttributes()
	b := &Block{Kind: blk.Type, Name: blk.Labels[0], Enabled: true, Attrs: hcl.Attributes{}, DefRange: blk.DefRange, Declared: true}
	for name, a := range attrs {
		switch name {
		case "enabled":
			diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &b.Enabled)...)
		case "plugin":
			diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &b.Plugin)...)
		case "claim":
			if blk.Type != "language" {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "claim is for language blocks",
					Detail: "Only a language plugin parses files; claim lists the extensions it takes.", Subject: a.Range.Ptr()})
				continue
			}
			diags = append(diags, gohcl.DecodeExpression(a.Expr, nil, &b.Claim)...)
		default:
			b.Attrs[name] = a
		}
	}
	list := c.blocks(blk.Type)
	for i, old := range *list {
		if old.Name == b.Name { // a default block for a built-in: the file's replaces it
			(*list)[i] = b
			return diags
		}
	}
	*list = append(*list, b)
	return diags
}

func (c *Config) decodeAnalyzer(blk *hcl.Block) hcl.Diagnostics {
	name := blk.Labels[0]
	a := &c.Analyzers
	var target any
	switch name {
	case "behavioral":
		target = &a.Behavioral
	case "co-change":
		target = &a.CoChange
	case "centrality":
		target = &a.Centrality
	case "salience":
		target = &a.Salience
	case "snapshots":
		target = &a.Snapshots
	default:
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown analyzer",
			Detail:  fmt.Sprintf("There is no analyzer %q. Analyzers: %s, snapshots.", name, strings.Join(AnalyzerNames, ", ")),
			Subject: blk.LabelRanges[0].Ptr()}}
	}
	// Decoding into the pre-filled struct keeps defaults for what is unset.
	return gohcl.DecodeBody(blk.Body, nil, target)
}

func (c *Config) decodePipeline(blk *hcl.Block) hcl.Diagnostics {
	var pb pipelineBlock
	diags := gohcl.DecodeBody(blk.Body, nil, &pb)
	p := &Pipeline{Name: blk.Labels[0], Sources: pb.Sources, Languages: pb.Languages, Analyzers: pb.Analyzers,
		Renderers: pb.Renderers, Ranges: map[string]hcl.Range{}, DefRange: blk.DefRange}
	attrs, _ := blk.Body.JustAttributes()
	for name, a := range attrs {
		p.Ranges[name] = a.Expr.Range()
	}
	c.Pipelines[p.Name] = p
	return diags
}

func (c *Config) checkPipelines() hcl.Diagnostics {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(c.Pipelines))
	for n := range c.Pipelines {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := c.Pipelines[n]
		check := func(attr string, list []string, known func(string) bool, what string) {
			for _, item := range list {
				if !known(item) {
					r := p.Ranges[attr]
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown " + what,
						Detail: fmt.Sprintf("Pipeline %q names %s %q, which is not configured.", n, what, item), Subject: &r})
				}
			}
		}
		check("sources", p.Sources, func(s string) bool { return c.Find("source", s) != nil }, "source")
		check("languages", p.Languages, func(s string) bool { return c.Find("language", s) != nil }, "language")
		check("renderers", p.Renderers, func(s string) bool { return c.Find("renderer", s) != nil }, "renderer")
		check("analyzers", p.Analyzers, func(s string) bool {
			for _, a := range AnalyzerNames {
				if a == s {
					return true
				}
			}
			return false
		}, "analyzer")
	}
	return diags
}

// DBPath is the database file for a repository root.
func (c *Config) DBPath(root string) string {
	if filepath.IsAbs(c.DB) {
		return c.DB
	}
	return filepath.Join(root, c.DB)
}
