package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/query"
)

func searchCmd(g *globals) *cobra.Command {
	var format, repoDir string
	var limit int
	c := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Full-text search over commit messages and doc comments, best first",
		Long: `Full-text search over commit messages and doc comments, best first (bm25).
Words match by their stem: "slash" finds "slashes", "parse" finds "parsing".
A trailing * matches a prefix (retr*); every word must match.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			s, q, err := g.openReader(cmd.Context(), repoDir)
			if err != nil {
				return err
			}
			defer s.Close()
			hits, err := q.Search(cmd.Context(), strings.Join(args, " "), limit)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(g.stdout, struct {
					Version int         `json:"version"`
					Hits    []query.Hit `json:"hits"`
				}{query.Version, hits})
			}
			for _, h := range hits {
				ref := h.Ref
				if h.Kind == "commit" && len(ref) > 12 {
					ref = ref[:12]
				}
				fmt.Fprintf(g.stdout, "%-6s %s\n       %s\n", h.Kind, ref, h.Snippet)
			}
			if len(hits) == 0 {
				fmt.Fprintln(g.stderr, "homer: nothing matches")
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text or json")
	c.Flags().IntVar(&limit, "limit", 20, "at most this many hits (up to 200)")
	c.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}
