package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

// Bounds on what a client may ask for and on what it gets back. An agent
// passes numbers through from a model, so a limit of a billion must cost
// no more than one of maxLimit.
const (
	maxLimit     = 200
	defaultLimit = 20
	maxDepth     = 5
	maxPaths     = 200
	maxInput     = 4096
	maxDoc       = 2000
	maxAmbiguous = 20
)

func serveCmd(g *globals) *cobra.Command {
	var repoDir string
	c := &cobra.Command{
		Use:   "serve",
		Short: "Answer AI agents over MCP (stdio): query, risk, impact, co-changes, graph, conventions, search",
		Long: `Runs a Model Context Protocol server on standard input and output, for an agent
to ask the store what homer query, risk-check and search answer. Every tool only
reads: the store is brought up to date by homer update, never by the server.

Register it with Claude Code:
  claude mcp add homer -- homer serve --repo /path/to/repository`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := session.Open(ctx, session.Options{Path: repoDir, ConfigPath: g.config, Logger: g.logger(), NoPlugins: true, NoCreate: true})
			if err != nil {
				return err
			}
			defer s.Close()
			if s.Store == nil {
				return &session.Error{Code: session.ExitDatabase, Err: fmt.Errorf("no store in %s yet: run homer init", s.Repo.Root)}
			}
			srv := newMCPServer(&mcpTools{
				q:         query.New(s.Store.DB()),
				threshold: s.Config.Analyzers.Salience.RiskThreshold,
				behind:    func(ctx context.Context) (string, error) { return behindBy(ctx, s) },
			})
			// Standard output belongs to the protocol; logs go to stderr.
			t := &mcp.IOTransport{Reader: io.NopCloser(cmd.InOrStdin()), Writer: nopWriteCloser{g.stdout}}
			err = srv.Run(ctx, t)
			if err == nil || errors.Is(err, io.EOF) || errors.Is(err, context.Canceled) || errors.Is(err, mcp.ErrConnectionClosed) {
				return nil
			}
			return err
		},
	}
	c.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// mcpTools answers the tools' calls; it holds what every call shares.
type mcpTools struct {
	q         *query.Q
	threshold float64
	// behind says how far the store is behind HEAD ("" when it is not).
	behind func(context.Context) (string, error)
}

// newMCPServer registers the tools. Each input is a typed struct: the SDK
// derives its JSON schema (the jsonschema tags are the descriptions) and
// checks calls against it before a handler runs.
func newMCPServer(t *mcpTools) *mcp.Server {
	srv := mcp.NewServer(&mcp.Implementation{Name: "homer", Title: "Homer", Version: version}, &mcp.ServerOptions{
		Instructions: "Homer answers from a store mined from this git repository: its code graph, its history " +
			"(who changes what, which files change together) and the risk of changing each file. Paths are " +
			"relative to the repository root. Ask homer_impact before a change, homer_query about a file or symbol.",
	})
	ro := &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)}
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_query", Annotations: ro,
		Description: "What the store knows of a file (metrics, salience, imports and importers, definitions, callers " +
			"and callees with confidence, tests, history, usual co-change partners, risk with reasons), a symbol " +
			"(path#Qualified.name, Qualified.name or a unique suffix: callers and callees) or a directory (its most " +
			"salient and risky files). The answer of `homer query --format json`, with long lists cut to top."}, t.query)
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_risk", Annotations: ro,
		Description: "Judge files about to change: each one's risk score, level and reasons with the number of commits " +
			"behind them (unknown files are unknown, not safe), and the files that usually change with them but are " +
			"not among them. The answer of `homer risk-check FILE... --format json`."}, t.risk)
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_impact", Annotations: ro,
		Description: "What a change to these paths affects: the risk of each, the usual partners left out, and the files " +
			"that import or call into them, most affected first (the ranking is named in the answer)."}, t.impact)
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_co_changes", Annotations: ro,
		Description: "The files that usually change together with a file, strongest first: how many commits changed " +
			"both, and the share of the file's commits that did."}, t.coChanges)
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_graph", Annotations: ro, InputSchema: graphSchema(),
		Description: "The top files of the repository, or of a directory, by a metric of the import and call graph: " +
			"pagerank, betweenness, fan_in, or salience (Homer's composite of centrality and history)."}, t.graph)
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_conventions", Annotations: ro,
		Description: "How work is done in this repository: the build, test, lint and other commands its own files " +
			"(Makefile, package manifests, CI) define, each with the file it comes from."}, t.conventions)
	mcp.AddTool(srv, &mcp.Tool{Name: "homer_search", Annotations: ro,
		Description: "Full-text search over commit messages and doc comments, best first: commits by sha, doc " +
			"comments by their definition (path#Qualified.name). Words are matched as words; word* matches a prefix."}, t.search)
	return srv
}

// graphSchema is graphIn's derived schema with the metric's choices
// spelled out, so that a client sees them rather than learning them from
// an error.
func graphSchema() *jsonschema.Schema {
	s, err := jsonschema.For[graphIn](nil)
	if err != nil {
		panic(err)
	}
	for _, m := range query.Metrics() {
		s.Properties["metric"].Enum = append(s.Properties["metric"].Enum, m)
	}
	return s
}

type queryIn struct {
	Target string `json:"target" jsonschema:"a file or directory path relative to the repository root, or a symbol: path#Qualified.name, Qualified.name or a unique suffix such as Server.Handle"`
	Depth  int    `json:"depth,omitempty" jsonschema:"how many calls away callers and callees are followed (default 1, at most 5)"`
	Top    int    `json:"top,omitempty" jsonschema:"at most this many entries in each list (default 20, at most 200)"`
}

type queryOut struct {
	*query.Answer
	Notes []string `json:"notes,omitempty" jsonschema:"what was capped or left out"`
}

func (t *mcpTools) query(ctx context.Context, _ *mcp.CallToolRequest, in queryIn) (*mcp.CallToolResult, queryOut, error) {
	var out queryOut
	target, err := relPath("target", in.Target)
	if err != nil {
		return nil, out, err
	}
	depth := capped(&out.Notes, "depth", in.Depth, 1, maxDepth)
	top := capped(&out.Notes, "top", in.Top, defaultLimit, maxLimit)
	a, err := t.q.Target(ctx, target, depth, top)
	if err != nil {
		return nil, out, answerError(err)
	}
	out.Answer = a
	switch {
	case a.File != nil:
		f := a.File
		f.Imports = cut(&out.Notes, "imports", f.Imports, top)
		f.Importers = cut(&out.Notes, "importers", f.Importers, top)
		f.Tests = cut(&out.Notes, "tests", f.Tests, top)
		f.Definitions = cut(&out.Notes, "definitions", f.Definitions, top)
		f.Callers = cut(&out.Notes, "callers", f.Callers, top)
		f.Callees = cut(&out.Notes, "callees", f.Callees, top)
		f.ChangesWith = cut(&out.Notes, "changes_with", f.ChangesWith, top)
		f.History.Authors = cut(&out.Notes, "history.authors", f.History.Authors, top)
	case a.Symbol != nil:
		s := a.Symbol
		if len(s.Doc) > maxDoc {
			s.Doc = s.Doc[:maxDoc] + "…"
			out.Notes = append(out.Notes, fmt.Sprintf("doc cut to %d bytes", maxDoc))
		}
		s.Callers = cut(&out.Notes, "callers", s.Callers, top)
		s.Callees = cut(&out.Notes, "callees", s.Callees, top)
	}
	return nil, out, nil
}

type pathsIn struct {
	Paths []string `json:"paths" jsonschema:"the changed files, relative to the repository root (at most 200)"`
}

type riskOut struct {
	*query.Check
	Behind string   `json:"store_behind,omitempty" jsonschema:"how far the store is behind HEAD, when it is: run homer update"`
	Notes  []string `json:"notes,omitempty"`
}

func (t *mcpTools) risk(ctx context.Context, _ *mcp.CallToolRequest, in pathsIn) (*mcp.CallToolResult, riskOut, error) {
	var out riskOut
	paths, err := relPaths(in.Paths)
	if err != nil {
		return nil, out, err
	}
	if out.Check, err = t.q.Check(ctx, paths, t.threshold); err != nil {
		return nil, out, err
	}
	out.Missing = cut(&out.Notes, "missing_partners", out.Missing, maxLimit)
	out.Behind, err = t.behind(ctx)
	return nil, out, err
}

type impactIn struct {
	Paths []string `json:"paths" jsonschema:"the changed files, relative to the repository root (at most 200)"`
	Top   int      `json:"top,omitempty" jsonschema:"at most this many affected files (default 20, at most 200)"`
}

type impactOut struct {
	*query.Impact
	Behind string   `json:"store_behind,omitempty" jsonschema:"how far the store is behind HEAD, when it is: run homer update"`
	Notes  []string `json:"notes,omitempty"`
}

func (t *mcpTools) impact(ctx context.Context, _ *mcp.CallToolRequest, in impactIn) (*mcp.CallToolResult, impactOut, error) {
	var out impactOut
	paths, err := relPaths(in.Paths)
	if err != nil {
		return nil, out, err
	}
	top := capped(&out.Notes, "top", in.Top, defaultLimit, maxLimit)
	if out.Impact, err = t.q.Impact(ctx, paths, t.threshold, top); err != nil {
		return nil, out, err
	}
	if out.More > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("affected: %d more left out", out.More))
	}
	out.Check.Missing = cut(&out.Notes, "missing_partners", out.Check.Missing, maxLimit)
	out.Behind, err = t.behind(ctx)
	return nil, out, err
}

type coChangesIn struct {
	Path  string `json:"path" jsonschema:"a file relative to the repository root"`
	Limit int    `json:"limit,omitempty" jsonschema:"at most this many partners (default 20, at most 200)"`
}

type coChangesOut struct {
	*query.CoChanges
	Notes []string `json:"notes,omitempty"`
}

func (t *mcpTools) coChanges(ctx context.Context, _ *mcp.CallToolRequest, in coChangesIn) (*mcp.CallToolResult, coChangesOut, error) {
	var out coChangesOut
	p, err := relPath("path", in.Path)
	if err != nil {
		return nil, out, err
	}
	limit := capped(&out.Notes, "limit", in.Limit, defaultLimit, maxLimit)
	if out.CoChanges, err = t.q.CoChanges(ctx, p, limit); err != nil {
		return nil, out, answerError(err)
	}
	switch {
	case out.New:
		out.Notes = append(out.Notes, "the file is not in the analysis (added since, or misspelled): partners by name and directory only, no shared history")
	case !out.Analysed:
		out.Notes = append(out.Notes, "the file is not analysed yet (run homer update): no partners means nothing")
	}
	if out.More > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("partners: %d more left out", out.More))
	}
	return nil, out, nil
}

type graphIn struct {
	Metric string `json:"metric" jsonschema:"the metric to rank files by"`
	Top    int    `json:"top,omitempty" jsonschema:"at most this many files (default 20, at most 200)"`
	Prefix string `json:"prefix,omitempty" jsonschema:"only files under this directory, relative to the repository root"`
}

type graphOut struct {
	*query.Ranking
	Notes []string `json:"notes,omitempty"`
}

func (t *mcpTools) graph(ctx context.Context, _ *mcp.CallToolRequest, in graphIn) (*mcp.CallToolResult, graphOut, error) {
	var out graphOut
	prefix := "."
	if in.Prefix != "" {
		var err error
		if prefix, err = relPath("prefix", in.Prefix); err != nil {
			return nil, out, err
		}
	}
	top := capped(&out.Notes, "top", in.Top, defaultLimit, maxLimit)
	var err error
	if out.Ranking, err = t.q.Top(ctx, in.Metric, prefix, top); err != nil {
		return nil, out, answerError(err)
	}
	return nil, out, nil
}

type conventionsOut struct {
	*query.Conventions
	Notes []string `json:"notes,omitempty"`
}

func (t *mcpTools) conventions(ctx context.Context, _ *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, conventionsOut, error) {
	var out conventionsOut
	var err error
	if out.Conventions, err = t.q.Conventions(ctx); err != nil {
		return nil, out, err
	}
	out.Commands = cut(&out.Notes, "commands", out.Commands, maxLimit)
	return nil, out, nil
}

type searchIn struct {
	Text  string `json:"text" jsonschema:"the words to find"`
	Limit int    `json:"limit,omitempty" jsonschema:"at most this many hits (default 20, at most 200)"`
}

type searchOut struct {
	Version int         `json:"version"`
	Hits    []query.Hit `json:"hits"`
	Notes   []string    `json:"notes,omitempty"`
}

func (t *mcpTools) search(ctx context.Context, _ *mcp.CallToolRequest, in searchIn) (*mcp.CallToolResult, searchOut, error) {
	out := searchOut{Version: query.Version}
	if len(in.Text) > maxInput {
		return nil, out, fmt.Errorf("text is %d bytes long: at most %d", len(in.Text), maxInput)
	}
	limit := capped(&out.Notes, "limit", in.Limit, defaultLimit, maxLimit)
	hits, err := t.q.Search(ctx, in.Text, limit)
	if err != nil {
		return nil, out, err
	}
	out.Hits = hits
	if out.Hits == nil {
		out.Hits = []query.Hit{}
	}
	return nil, out, nil
}

// relPath checks a path from a client: relative to the repository root,
// never leaving it. The store only holds such paths, so this refuses
// nothing that could be answered, and makes plain to the agent why an
// absolute path or a "../" one got nothing.
func relPath(field, p string) (string, error) {
	switch {
	case p == "":
		return "", fmt.Errorf("%s is empty", field)
	case len(p) > maxInput:
		return "", fmt.Errorf("%s is %d bytes long: at most %d", field, len(p), maxInput)
	case strings.ContainsRune(p, 0):
		return "", fmt.Errorf("%s holds a NUL byte", field)
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || filepath.IsAbs(p) || len(p) > 1 && p[1] == ':':
		return "", fmt.Errorf("%s %q is absolute: give the path relative to the repository root", field, p)
	}
	for _, seg := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return "", fmt.Errorf("%s %q leaves the repository root: \"..\" is not allowed", field, p)
		}
	}
	return strings.TrimPrefix(p, "./"), nil
}

func relPaths(ps []string) ([]string, error) {
	if len(ps) == 0 {
		return nil, errors.New("paths is empty: name at least one file")
	}
	if len(ps) > maxPaths {
		return nil, fmt.Errorf("%d paths: at most %d in one call", len(ps), maxPaths)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		var err error
		if out[i], err = relPath(fmt.Sprintf("paths[%d]", i), p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// capped returns v, def when v is unset, and max when v is over it, noting
// the cap so that the agent knows it got less than it asked for.
func capped(notes *[]string, name string, v, def, max int) int {
	switch {
	case v <= 0:
		return def
	case v > max:
		*notes = append(*notes, fmt.Sprintf("%s %d capped at %d", name, v, max))
		return max
	}
	return v
}

// cut keeps the first n of a list, noting how many were left out.
func cut[T any](notes *[]string, name string, list []T, n int) []T {
	if len(list) <= n {
		return list
	}
	*notes = append(*notes, fmt.Sprintf("%s: %d of %d shown", name, n, len(list)))
	return list[:n]
}

// answerError turns the store's "no such thing" answers into text an
// agent can act on; the SDK sends any error as a tool error.
func answerError(err error) error {
	var amb *query.AmbiguousError
	if errors.As(err, &amb) {
		c := amb.Candidates
		more := ""
		if len(c) > maxAmbiguous {
			more = fmt.Sprintf(" and %d more", len(c)-maxAmbiguous)
			c = c[:maxAmbiguous]
		}
		return fmt.Errorf("%q is ambiguous; give one of: %s%s", amb.Name, strings.Join(c, ", "), more)
	}
	if errors.Is(err, query.ErrNotFound) {
		return fmt.Errorf("%v (paths are relative to the repository root; files are those at HEAD when the store was last updated)", err)
	}
	return err
}
