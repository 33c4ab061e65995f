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
	var format, metric, prefix, repoDir string
	var list bool
	var community, top int
	c := &cobra.Command{
		Use:   "graph",
		Short: "Top files by a graph metric; the file graph's communities and their edges",
		Long: `Without flags, ranks the files at HEAD by a metric of the import and call graph,
as the last analysis stored it: --metric pagerank, betweenness, fan_in, or salience
(the composite of centrality and history the risk map uses); --prefix keeps the
files under a directory, --top says how many.

--list-communities lists the communities of the file graph (files linked by imports
and calls, Louvain), with the modularity, each community's label, whether it matches
a directory, and its coupling to the others. --community ID shows one community's
files and, with --format dot or mermaid, the graph of their links.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "dot", "mermaid"); err != nil {
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
				if err := checkFormat(format, "text", "json"); err != nil {
					return err
				}
				r, err := q.Top(cmd.Context(), metric, prefix, top)
				if err != nil {
					return err
				}
				if format == "json" {
					return writeJSON(g.stdout, r)
				}
				fmt.Fprintf(g.stdout, "%s: top %d of %d files by %s (%d analysed)\n", r.Prefix, len(r.Top), r.Files, r.Metric, r.Analysed)
				for _, f := range r.Top {
					fmt.Fprintf(g.stdout, "  %-50s %10.4f %s\n", f.Path, f.Value, f.Level)
				}
				return nil
			}
			cs, err := q.Communities(cmd.Context())
			if err != nil {
				return err
			}
			if list {
				if format == "json" {
					return writeJSON(g.stdout, cs)
				}
				if format != "text" {
					return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--list-communities prints text or json")}
				}
				printCommunities(g.stdout, cs, top)
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
			default:
				printCommunity(g.stdout, com, len(com.Files))
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text, json, dot or mermaid")
	c.Flags().BoolVar(&list, "list-communities", false, "list the communities")
	c.Flags().IntVar(&community, "community", -1, "show one community")
	c.Flags().IntVar(&top, "top", 20, "how many files (by a metric), or of each community (listed)")
	c.Flags().StringVar(&metric, "metric", "pagerank", "one of "+strings.Join(query.Metrics(), ", "))
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
