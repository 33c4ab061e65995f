package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
)

// serveRepo is a small repository with planted answers: core/util.go is
// imported and called by svc/a.go, every one of svc/a.go's five commits
// changed core/util.go too, Helper's doc comment holds "greeting", and
// the Makefile defines a test and a lint command.
func serveRepo(t *testing.T) string {
	t.Helper()
	f := smallRepo(t, map[string]string{"Makefile": srcMakefile})
	for i := range 4 {
		f.appendLine("svc/a.go", fmt.Sprintf("// a%d", i))
		f.appendLine("core/util.go", fmt.Sprintf("// u%d", i))
		f.commit(alice, fmt.Sprintf("together %d", i))
	}
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	return dir
}

// connectServe starts this test binary as `homer serve` in a real
// subprocess and connects the SDK's own client to it over stdio.
func connectServe(t *testing.T, args ...string) *mcp.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), "HOMER_TEST_AS_MAIN=1")
	cmd.Stderr = os.Stderr
	client := mcp.NewClient(&mcp.Implementation{Name: "homer-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { cs.Close() })
	return cs
}

// callTool calls a tool and decodes its structured answer into out; it
// requires the call to succeed.
func callTool(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any, out any) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err, name)
	require.False(t, res.IsError, "%s %v: %s", name, args, toolText(res))
	data, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, out), "%s", data)
}

// toolError calls a tool that must refuse, and returns the reason given.
func toolError(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) string {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err, "a refusal is a tool error, not a protocol failure")
	require.True(t, res.IsError, "%s %v was answered: %s", name, args, toolText(res))
	return toolText(res)
}

func toolText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// An MCP session as an agent has it: initialize, list the seven tools
// with their schemas, call each on the planted repository.
func TestServeMCP(t *testing.T) {
	t.Parallel()
	dir := serveRepo(t)
	cs := connectServe(t, "--repo", dir)
	ctx := context.Background()

	init := cs.InitializeResult()
	require.NotNil(t, init)
	assert.Equal(t, "homer", init.ServerInfo.Name)
	require.NotNil(t, init.Capabilities.Tools)

	tools, err := cs.ListTools(ctx, nil)
	require.NoError(t, err)
	schemas := map[string]map[string]any{}
	for _, tool := range tools.Tools {
		data, err := json.Marshal(tool.InputSchema)
		require.NoError(t, err)
		var s map[string]any
		require.NoError(t, json.Unmarshal(data, &s))
		schemas[tool.Name] = s
		assert.Equal(t, "object", s["type"], tool.Name)
		assert.NotEmpty(t, tool.Description, tool.Name)
		require.NotNil(t, tool.Annotations, tool.Name)
		assert.True(t, tool.Annotations.ReadOnlyHint, tool.Name)
	}
	var names []string
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	assert.Equal(t, []string{"homer_co_changes", "homer_conventions", "homer_graph", "homer_impact", "homer_query", "homer_risk", "homer_search"}, names)
	props := func(tool string) map[string]any {
		p, _ := schemas[tool]["properties"].(map[string]any)
		return p
	}
	assert.Contains(t, props("homer_query"), "target")
	assert.Contains(t, props("homer_query"), "depth")
	assert.Contains(t, props("homer_risk"), "paths")
	assert.Contains(t, props("homer_co_changes"), "limit")
	assert.Contains(t, schemas["homer_query"]["required"], "target")
	metric, _ := props("homer_graph")["metric"].(map[string]any)
	assert.ElementsMatch(t, []any{"betweenness", "fan_in", "hits", "pagerank", "salience"}, metric["enum"])

	t.Run("query", func(t *testing.T) {
		var a struct {
			Kind  string      `json:"kind"`
			File  *query.File `json:"file"`
			Notes []string    `json:"notes"`
		}
		callTool(t, cs, "homer_query", map[string]any{"target": "core/util.go"}, &a)
		require.Equal(t, "file", a.Kind)
		require.NotNil(t, a.File)
		assert.Contains(t, a.File.Importers, "svc/a.go")
		r := mustHomer(t, 0, "query", "--repo", dir, "--format", "json", "core/util.go")
		var cli query.File
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &cli))
		assert.Equal(t, cli, *a.File, "the answer homer query gives")

		var s struct {
			Kind   string        `json:"kind"`
			Symbol *query.Symbol `json:"symbol"`
			Notes  []string      `json:"notes"`
		}
		callTool(t, cs, "homer_query", map[string]any{"target": "Helper", "depth": 1_000_000_000}, &s)
		require.Equal(t, "symbol", s.Kind)
		assert.Equal(t, "core/util.go#core.Helper", s.Symbol.Name)
		var callers []string
		for _, l := range s.Symbol.Callers {
			callers = append(callers, l.Name)
		}
		assert.Contains(t, callers, "svc/a.go#svc.A")
		assert.Contains(t, s.Notes, "depth 1000000000 capped at 5")

		assert.Contains(t, toolError(t, cs, "homer_query", map[string]any{"target": "NoSuchThing"}), "no file, directory or symbol")
	})

	t.Run("risk", func(t *testing.T) {
		var c query.Check
		callTool(t, cs, "homer_risk", map[string]any{"paths": []string{"svc/a.go", "new.go"}}, &c)
		require.Len(t, c.Files, 2)
		assert.Equal(t, "new.go", c.Files[0].Path)
		assert.False(t, c.Files[0].Known, "a file the store does not know is unknown, not safe")
		assert.True(t, c.Files[1].Known)
		assert.Equal(t, 5, c.Files[1].Commits)
		assert.InDelta(t, 0.6, c.Threshold, 1e-9, "the configured threshold")
		require.NotEmpty(t, c.Missing)
		m := c.Missing[0]
		require.Len(t, m.Commits, 3, "the latest three commits that changed both are its evidence")
		assert.Equal(t, "together 3", m.Commits[0].Subject)
		m.Commits = nil
		assert.Equal(t, query.Missing{Path: "core/util.go", With: "svc/a.go", Together: 5, Of: 5, Confidence: 1}, m)
	})

	t.Run("impact", func(t *testing.T) {
		var im query.Impact
		callTool(t, cs, "homer_impact", map[string]any{"paths": []string{"core/util.go"}}, &im)
		require.NotNil(t, im.Check)
		require.Len(t, im.Check.Files, 1)
		assert.True(t, im.Check.Files[0].Known)
		assert.Equal(t, "svc/a.go", im.Check.Missing[0].Path, "svc/a.go came along in every commit of core/util.go")
		require.NotEmpty(t, im.Affected)
		assert.Equal(t, "svc/a.go", im.Affected[0].Path)
		assert.Contains(t, im.Affected[0].Imports, "core/util.go")
		assert.Positive(t, im.Affected[0].Score)
		assert.Equal(t, query.AffectedRanking, im.Ranking)
	})

	t.Run("co_changes", func(t *testing.T) {
		var c struct {
			query.CoChanges
			Notes []string `json:"notes"`
		}
		callTool(t, cs, "homer_co_changes", map[string]any{"path": "svc/a.go", "limit": 1_000_000_000}, &c)
		assert.True(t, c.Analysed)
		assert.Equal(t, 5, c.Commits)
		require.NotEmpty(t, c.Partners)
		// The evidence: core/util.go's own five commits, and when they
		// last changed together.
		assert.NotZero(t, c.Partners[0].LastTogether)
		c.Partners[0].LastTogether = 0
		assert.Equal(t, query.Partner{Path: "core/util.go", Together: 5, Confidence: 1, PartnerCommits: 5, Reason: "history"}, c.Partners[0])
		assert.Contains(t, c.Notes, "limit 1000000000 capped at 200")

		// A file added since the analysis gets its directory, said to be
		// no history.
		c.Notes = nil
		callTool(t, cs, "homer_co_changes", map[string]any{"path": "svc/b.go"}, &c)
		assert.True(t, c.New)
		require.NotEmpty(t, c.Partners)
		assert.Equal(t, query.Partner{Path: "svc/a.go", PartnerCommits: 5, Reason: "directory"}, c.Partners[0])
		require.Len(t, c.Notes, 1)
		assert.Contains(t, c.Notes[0], "no shared history")
	})

	t.Run("graph", func(t *testing.T) {
		var r query.Ranking
		callTool(t, cs, "homer_graph", map[string]any{"metric": "pagerank", "top": 2}, &r)
		require.Len(t, r.Top, 2)
		assert.Equal(t, "core/util.go", r.Top[0].Path, "the one file imported")
		assert.GreaterOrEqual(t, r.Top[0].Value, r.Top[1].Value)
		callTool(t, cs, "homer_graph", map[string]any{"metric": "fan_in", "prefix": "svc"}, &r)
		require.NotEmpty(t, r.Top)
		for _, f := range r.Top {
			assert.True(t, strings.HasPrefix(f.Path, "svc/"), f.Path)
		}
		assert.Contains(t, toolError(t, cs, "homer_graph", map[string]any{"metric": "loudness"}), "metric")
	})

	t.Run("conventions", func(t *testing.T) {
		var c query.Conventions
		callTool(t, cs, "homer_conventions", map[string]any{}, &c)
		commands := map[string]string{}
		for _, cmd := range c.Commands {
			commands[cmd.Command] = cmd.Kind
			assert.True(t, strings.HasPrefix(cmd.Origin, "Makefile") || cmd.Origin == "go.mod (convention)", cmd.Origin)
		}
		assert.Equal(t, "test", commands["make test"])
		assert.Equal(t, "build", commands["go build ./..."], "no build target: the module builds as Go modules do")
		assert.Contains(t, commands, "make lint")
	})

	t.Run("search", func(t *testing.T) {
		var s struct {
			Hits []query.Hit `json:"hits"`
		}
		callTool(t, cs, "homer_search", map[string]any{"text": "greeting", "limit": 5}, &s)
		var refs []string
		for _, h := range s.Hits {
			refs = append(refs, h.Ref)
		}
		assert.Contains(t, refs, "core/util.go#core.Helper")
	})
}

// Bad input is refused as a tool error with its reason, and the server
// goes on answering.
func TestServeMCPRefusesBadInput(t *testing.T) {
	t.Parallel()
	dir := serveRepo(t)
	cs := connectServe(t, "--repo", dir)
	many := make([]string, 201)
	for i := range many {
		many[i] = fmt.Sprintf("f%d.go", i)
	}
	for name, c := range map[string]struct {
		tool string
		args map[string]any
		want string
	}{
		"absolute path":        {"homer_co_changes", map[string]any{"path": dir + "/svc/a.go"}, "absolute"},
		"traversal":            {"homer_co_changes", map[string]any{"path": "../x"}, `".." is not allowed`},
		"traversal inside":     {"homer_query", map[string]any{"target": "svc/../../etc/passwd"}, `".." is not allowed`},
		"absolute in a list":   {"homer_risk", map[string]any{"paths": []string{"svc/a.go", "/etc/passwd"}}, "paths[1]"},
		"windows absolute":     {"homer_impact", map[string]any{"paths": []string{`C:\x`}}, "absolute"},
		"too many paths":       {"homer_risk", map[string]any{"paths": many}, "at most 200"},
		"no paths":             {"homer_impact", map[string]any{"paths": []string{}}, "paths is empty"},
		"empty path":           {"homer_co_changes", map[string]any{"path": ""}, "path is empty"},
		"unknown file":         {"homer_co_changes", map[string]any{"path": "nowhere/x.go"}, "not found"},
		"missing argument":     {"homer_query", map[string]any{}, "target"},
		"wrong type":           {"homer_search", map[string]any{"text": 7}, "text"},
		"nothing to search":    {"homer_search", map[string]any{"text": "  ?!  "}, "nothing to search"},
		"prefix outside":       {"homer_graph", map[string]any{"metric": "salience", "prefix": "/etc"}, "absolute"},
		"unknown directory":    {"homer_graph", map[string]any{"metric": "salience", "prefix": "nowhere"}, "not found"},
		"ambiguous or unknown": {"homer_query", map[string]any{"target": "svc/nothing.go"}, "no file, directory or symbol"},
	} {
		assert.Contains(t, toolError(t, cs, c.tool, c.args), c.want, name)
	}
	var c query.Check
	callTool(t, cs, "homer_risk", map[string]any{"paths": []string{"./svc/a.go"}}, &c)
	require.Len(t, c.Files, 1)
	assert.Equal(t, "svc/a.go", c.Files[0].Path, "a leading ./ is relative, and still served")
}

// Without a store there is nothing to serve: homer serve says so and
// exits rather than answering every call with an error.
func TestServeWithoutStore(t *testing.T) {
	t.Parallel()
	dir := smallRepo(t, nil).dir()
	r := mustHomer(t, 4, "serve", "--repo", dir)
	assert.Contains(t, r.stderr, "run homer init")
}

// The conventions tool's answer, every list filled, fits the output schema
// the MCP server derives from its type: a field the schema lost (the share
// of a prefix, once) makes the server refuse its own answer.
func TestConventionsFitTheirSchema(t *testing.T) {
	t.Parallel()
	schema, err := jsonschema.For[conventionsOut](nil)
	require.NoError(t, err)
	resolved, err := schema.Resolve(nil)
	require.NoError(t, err)
	affix := record.NewAffix("New", 3, 4)
	out := conventionsOut{Conventions: &query.Conventions{Version: 1, Commands: []query.Command{{Command: "make test", Kind: "test", Origin: "Makefile:3"}},
		Analysed: true, Conventions: record.Conventions{
			Naming: []record.NamingConvention{{Language: "go", Kind: "function", Style: "camelCase", Adherence: record.NewShare(3, 4),
				Exceptions: []string{"do_it"}, Prefixes: []record.Affix{affix}, Suffixes: []record.Affix{affix}}},
			Tests:   []record.TestConvention{{Language: "go", Pattern: "*_test.EXT", Adherence: record.NewShare(2, 2), Frameworks: []record.Affix{affix}, InSource: record.NewShare(1, 3)}},
			Docs:    []record.DocConvention{{Language: "go", Coverage: record.NewShare(1, 2), Style: "godoc", Adherence: record.NewShare(1, 1)}},
			Errors:  []record.ErrorConvention{{Language: "go", Style: "returned", Adherence: record.NewShare(3, 4), Shapes: []record.Affix{affix}}},
			Commits: record.CommitConvention{Style: "free", Types: []record.Affix{affix}},
		}}, Notes: []string{"a note"}}
	data, err := json.Marshal(out)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(data, &v))
	require.NoError(t, resolved.Validate(v))
}
