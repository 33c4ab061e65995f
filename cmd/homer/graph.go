package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

func graphCmd(g *globals) *cobra.Command {
	var format, metric, prefix, repoDir, typ string
	var list bool
	var community, top int
	c := &cobra.Command{
		Use:   "graph",
		Short: "Top files by a graph metric; the file graph's communities and their edges",
		Long: `Without flags, ranks the files at HEAD by a metric of the file graph (files linked
by imports and calls), as the last analysis stored it: --metric pagerank,
betweenness, hits (authority, with the hub score beside it), fan_in, or salience
(the composite of centrality and history the risk map uses); --prefix keeps the
files under a directory, --top says how many. --type import ranks the files on
their imports alone, --type call the functions on their calls; these are ranked
as asked (salience is still the stored one). --format dot or mermaid draws the
ranked nodes and the links among them.

--list-communities lists the communities of the file graph (files linked by imports
and calls, Louvain), with the modularity, each community's label, whether it matches
a directory, and its coupling to the others. --community ID shows one community's
files and, with --format dot or mermaid, the graph of their links.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "markdown", "dot", "mermaid"); err != nil {
				return err
			}
			if top < 1 {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--top %d: give at least 1", top)}
			}
			s, q, err := g.openReader(cmd.Context(), repoDir)
			if err != nil {
				return err
			}
			defer s.Close()
			if !list && community < 0 {
				v, err := q.Graph(cmd.Context(), typ, metric, prefix, top)
				if err != nil {
					return err
				}
				switch format {
				case "json":
					return writeJSON(g.stdout, v)
				case "dot":
					writeViewDOT(g.stdout, v)
				case "mermaid":
					writeViewMermaid(g.stdout, v)
				case "markdown":
					writeViewMarkdown(g.stdout, v)
				default:
					printView(g.stdout, v)
				}
				return nil
			}
			if typ != query.GraphFile {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("communities are of the file graph: leave --type out")}
			}
			cs, err := q.Communities(cmd.Context())
			if err != nil {
				return err
			}
			if list {
				if format == "json" {
					return writeJSON(g.stdout, cs)
				}
				switch format {
				case "markdown":
					writeCommunitiesMarkdown(g.stdout, cs, top)
				case "text":
					printCommunities(g.stdout, cs, top)
				default:
					return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--list-communities prints text, json or markdown")}
				}
				return nil
			}
			var com *query.Community
			for i := range cs.Communities {
				if cs.Communities[i].ID == community {
					com = &cs.Communities[i]
				}
			}
			if com == nil {
				return fmt.Errorf("no community %d (homer graph --list-communities lists them)", community)
			}
			links, err := q.LinksAmong(cmd.Context(), com.Files)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return writeJSON(g.stdout, struct {
					*query.Community
					Links []query.FileLink `json:"links"`
				}{com, links})
			case "dot":
				writeDOT(g.stdout, com, links)
			case "mermaid":
				writeMermaid(g.stdout, links)
			case "markdown":
				writeCommunitiesMarkdown(g.stdout, &query.Communities{Version: cs.Version, Modularity: cs.Modularity, Communities: []query.Community{*com}}, len(com.Files))
			default:
				printCommunity(g.stdout, com, len(com.Files))
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text, json, markdown, dot or mermaid")
	c.Flags().StringVar(&typ, "type", query.GraphFile, "the graph: "+strings.Join(query.GraphTypes(), ", "))
	c.Flags().BoolVar(&list, "list-communities", false, "list the communities")
	c.Flags().IntVar(&community, "community", -1, "show one community")
	c.Flags().IntVar(&top, "top", 20, "how many files (by a metric), or of each community (listed)")
	c.Flags().StringVar(&metric, "metric", "pagerank", "one of "+strings.Join(query.GraphMetrics(), ", "))
	c.Flags().StringVar(&prefix, "prefix", ".", "only the files under this directory (by a metric)")
	c.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}

func printCommunities(w io.Writer, cs *query.Communities, top int) {
	fmt.Fprintf(w, "%d communities, modularity %.3f; %d linked files, %d with no link\n", len(cs.Communities), cs.Modularity, cs.Linked, cs.Unlinked)
	for i := range cs.Communities {
		printCommunity(w, &cs.Communities[i], top)
	}
}

func printCommunity(w io.Writer, c *query.Community, top int) {
	match := "spans directories"
	if c.MatchesDirectory {
		match = "matches its directory"
	}
	fmt.Fprintf(w, "#%d %s: %d files, %.0f%% in %s (%s)\n", c.ID, c.Label, c.Size, 100*c.DirectoryShare, c.Directory, match)
	for i, f := range c.Files {
		if i == top {
			fmt.Fprintf(w, "    … %d more\n", len(c.Files)-top)
			break
		}
		fmt.Fprintf(w, "    %s\n", f)
	}
	var parts []string
	for i, cp := range c.Coupling {
		if i == 3 {
			break
		}
		parts = append(parts, fmt.Sprintf("#%d %.0f%%", cp.To, 100*cp.Share))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "    coupled to %s\n", strings.Join(parts, ", "))
	}
}

func writeDOT(w io.Writer, c *query.Community, links []query.FileLink) {
	fmt.Fprintf(w, "digraph community_%d {\n  label=%s;\n  node [shape=box];\n", c.ID, strconv.Quote(c.Label))
	for _, f := range c.Files {
		fmt.Fprintf(w, "  %s;\n", strconv.Quote(f))
	}
	for _, l := range links {
		fmt.Fprintf(w, "  %s -> %s [weight=%g];\n", strconv.Quote(l.From), strconv.Quote(l.To), l.Weight)
	}
	fmt.Fprintln(w, "}")
}

func writeMermaid(w io.Writer, links []query.FileLink) {
	fmt.Fprintln(w, "graph LR")
	ids := map[string]string{}
	id := func(p string) string {
		if v, ok := ids[p]; ok {
			return v
		}
		v := fmt.Sprintf("n%d", len(ids))
		ids[p] = v
		fmt.Fprintf(w, "  %s[%q]\n", v, p)
		return v
	}
	for _, l := range links {
		a, b := id(l.From), id(l.To)
		fmt.Fprintf(w, "  %s --> %s\n", a, b)
	}
}

func printView(w io.Writer, v *query.GraphView) {
	what := "files"
	if v.Type == query.GraphCall {
		what = "functions"
	}
	fmt.Fprintf(w, "%s graph (%d nodes, %d links): top %d %s under %s by %s\n", v.Type, v.Nodes, v.Edges, len(v.Top), what, v.Prefix, v.Metric)
	if note := nodesNote(v); note != "" {
		for _, part := range strings.Split(note, "; ") {
			fmt.Fprintf(w, "  %s\n", part)
		}
	}
	for _, n := range v.Top {
		fmt.Fprintf(w, "  %-50s %10.4f", n.Name, n.Value)
		if v.Metric == "hits" {
			fmt.Fprintf(w, "  hub %.4f", n.Hub)
		}
		if n.Class != "" {
			fmt.Fprintf(w, " %s", n.Class)
		}
		fmt.Fprintln(w)
	}
	if len(v.Links) > 0 {
		fmt.Fprintf(w, "%s among them\n", plural(len(v.Links), "link"))
	}
}

// nodesNote says what a node of the graph is, and so why files are
// missing from it.
func nodesNote(v *query.GraphView) string {
	switch v.Type {
	case query.GraphImport:
		return fmt.Sprintf("nodes are the files with an import link, %d of the %d at HEAD; links out of the %d test files are left out; "+
			"an import of a package of several files links to the ones whose definitions the importer uses (to all of them when it is seen to use none)",
			v.Nodes, v.HeadFiles, v.TestFiles)
	case query.GraphCall:
		return "nodes are the functions with a call link; calls made from test files are left out"
	}
	return ""
}

func writeViewMarkdown(w io.Writer, v *query.GraphView) {
	fmt.Fprintf(w, "## Top of the %s graph by %s (%s)\n\n", v.Type, v.Metric, v.Prefix)
	fmt.Fprintf(w, "%d nodes, %d links.", v.Nodes, v.Edges)
	if note := nodesNote(v); note != "" {
		fmt.Fprintf(w, " %s%s.", strings.ToUpper(note[:1]), note[1:])
	}
	fmt.Fprintf(w, "\n\n")
	if v.Metric == "hits" {
		fmt.Fprintf(w, "| # | node | authority | hub |\n|---|---|---|---|\n")
	} else {
		fmt.Fprintf(w, "| # | node | %s |\n|---|---|---|\n", v.Metric)
	}
	for i, n := range v.Top {
		fmt.Fprintf(w, "| %d | `%s` | %.4f |", i+1, n.Name, n.Value)
		if v.Metric == "hits" {
			fmt.Fprintf(w, " %.4f |", n.Hub)
		}
		fmt.Fprintln(w)
	}
	if len(v.Links) > 0 {
		fmt.Fprintf(w, "\n### Links among them\n\n")
		for _, l := range v.Links {
			fmt.Fprintf(w, "- `%s` → `%s` (%g)\n", l.From, l.To, l.Weight)
		}
	}
}

func writeCommunitiesMarkdown(w io.Writer, cs *query.Communities, top int) {
	fmt.Fprintf(w, "## Communities\n\n%d communities, modularity %.3f.\n\n", len(cs.Communities), cs.Modularity)
	fmt.Fprintf(w, "| # | label | files | directory | matches it | coupled to |\n|---|---|---|---|---|---|\n")
	for _, c := range cs.Communities {
		var parts []string
		for i, cp := range c.Coupling {
			if i == 3 {
				break
			}
			parts = append(parts, fmt.Sprintf("#%d %.0f%%", cp.To, 100*cp.Share))
		}
		match := "no"
		if c.MatchesDirectory {
			match = "yes"
		}
		fmt.Fprintf(w, "| %d | %s | %d | `%s` (%.0f%%) | %s | %s |\n", c.ID, c.Label, c.Size, c.Directory, 100*c.DirectoryShare, match, strings.Join(parts, ", "))
	}
	for _, c := range cs.Communities {
		fmt.Fprintf(w, "\n### #%d %s\n\n", c.ID, c.Label)
		for i, f := range c.Files {
			if i == top {
				fmt.Fprintf(w, "- … %d more\n", len(c.Files)-top)
				break
			}
			fmt.Fprintf(w, "- `%s`\n", f)
		}
	}
}

func writeViewDOT(w io.Writer, v *query.GraphView) {
	fmt.Fprintf(w, "digraph %s_by_%s {\n  label=%s;\n  node [shape=box];\n", v.Type, v.Metric, strconv.Quote(v.Type+" graph, top by "+v.Metric))
	for _, n := range v.Top {
		fmt.Fprintf(w, "  %s [label=%s];\n", strconv.Quote(n.Name), strconv.Quote(fmt.Sprintf("%s\n%.4f", n.Name, n.Value)))
	}
	for _, l := range v.Links {
		fmt.Fprintf(w, "  %s -> %s [weight=%g];\n", strconv.Quote(l.From), strconv.Quote(l.To), l.Weight)
	}
	fmt.Fprintln(w, "}")
}

func writeViewMermaid(w io.Writer, v *query.GraphView) {
	fmt.Fprintln(w, "graph LR")
	ids := map[string]string{}
	for i, n := range v.Top {
		ids[n.Name] = fmt.Sprintf("n%d", i)
		fmt.Fprintf(w, "  n%d[%q]\n", i, fmt.Sprintf("%s %.4f", n.Name, n.Value))
	}
	for _, l := range v.Links {
		fmt.Fprintf(w, "  %s --> %s\n", ids[l.From], ids[l.To])
	}
}
