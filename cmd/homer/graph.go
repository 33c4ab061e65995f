package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

func graphCmd(g *globals) *cobra.Command {
	var format, metric, prefix, repoDir string
	var top int
	c := &cobra.Command{
		Use:   "graph",
		Short: "The top files by a graph metric, from the stored analysis",
		Long: `Ranks the files at HEAD by a metric of the import and call graph, as the last
analysis stored it: pagerank, betweenness, fan_in, or salience (the composite of
centrality and history the risk map uses). --prefix keeps the files under a
directory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--format %q: use text or json", format)}
			}
			if top < 1 {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--top %d: give at least 1", top)}
			}
			s, err := session.Open(cmd.Context(), session.Options{Path: repoDir, ConfigPath: g.config, Logger: g.logger(), NoPlugins: true, NoCreate: true})
			if err != nil {
				return err
			}
			defer s.Close()
			if s.Store == nil {
				return &session.Error{Code: session.ExitDatabase, Err: fmt.Errorf("no store in %s yet: run homer init", s.Repo.Root)}
			}
			r, err := query.New(s.Store.DB()).Top(cmd.Context(), metric, prefix, top)
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
		},
	}
	c.Flags().StringVar(&metric, "metric", "pagerank", "one of "+strings.Join(query.Metrics(), ", "))
	c.Flags().IntVar(&top, "top", 20, "how many files")
	c.Flags().StringVar(&prefix, "prefix", ".", "only the files under this directory")
	c.Flags().StringVar(&format, "format", "text", "text or json")
	c.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}
