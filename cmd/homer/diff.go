package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	graphs "github.com/homer-dev/homer/core/snapshot"
)

func diffCmd(g *globals) *cobra.Command {
	var repoDir, format string
	var threshold float64
	var top int
	c := &cobra.Command{
		Use:   "diff REF1 REF2",
		Short: "Architectural diff of the code graphs at two refs",
		Long: `Compares the file graphs (imports and calls) at two refs: files added and
removed; import and call links added and removed, those between modules (directories)
first; files whose normalised PageRank or betweenness moved by --threshold or more;
communities (Louvain) new in REF2, files that changed community, and the change in link
weight between communities. The graphs are snapshots (homer snapshot): taken and stored
when missing or out of date.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "markdown"); err != nil {
				return err
			}
			if top < 1 {
				return fmt.Errorf("--top %d: give at least 1", top)
			}
			ctx := cmd.Context()
			s, err := g.open(ctx, repoDir, false)
			if err != nil {
				return err
			}
			defer s.Close()
			r, keep := snapshotRun(s)
			var snaps [2]*graphs.Snapshot
			for i, ref := range args {
				commit, err := s.Repo.ResolveRef(ref)
				if err != nil {
					return err
				}
				snap, _, _, err := ensureSnapshot(ctx, r, keep, commit, ref, "")
				if err != nil {
					return err
				}
				snap.Ref = ref
				snaps[i] = snap
			}
			d, err := graphs.Compare(snaps[0], snaps[1], graphs.DiffOptions{Threshold: threshold})
			if err != nil {
				return err
			}
			switch format {
			case "json":
				err = writeJSON(g.stdout, d)
			case "markdown":
				printDiff(g.stdout, d, top, true)
			default:
				printDiff(g.stdout, d, top, false)
			}
			if err != nil {
				return err
			}
			return warnAndExit(g, r)
		},
	}
	c.Flags().StringVar(&repoDir, "repo", ".", "the repository (default: the current directory's)")
	c.Flags().StringVar(&format, "format", "text", "text, json or markdown")
	c.Flags().Float64Var(&threshold, "threshold", 0.1, "smallest change of normalised PageRank or betweenness shown as a shift")
	c.Flags().IntVar(&top, "top", 20, "entries shown per list in text and markdown (json has all)")
	return c
}

// printDiff writes a diff as text or Markdown, each list cut to top
// entries with the count of the rest.
func printDiff(w io.Writer, d *graphs.Diff, top int, md bool) {
	head := func(title string, n int) {
		if md {
			fmt.Fprintf(w, "\n## %s (%d)\n\n", title, n)
		} else {
			fmt.Fprintf(w, "\n%s (%d)\n", title, n)
		}
	}
	item := func(format string, args ...any) {
		if md {
			fmt.Fprintf(w, "- "+format+"\n", args...)
		} else {
			fmt.Fprintf(w, "  "+format+"\n", args...)
		}
	}
	more := func(n int) {
		if n > top {
			item("… and %d more", n-top)
		}
	}
	title := fmt.Sprintf("%s (%.12s, %d code files, %d links) → %s (%.12s, %d code files, %d links)",
		d.From.Ref, d.From.Commit, d.From.Files, d.From.Edges, d.To.Ref, d.To.Commit, d.To.Files, d.To.Edges)
	if md {
		fmt.Fprintf(w, "# Architectural diff: %s\n", title)
	} else {
		fmt.Fprintln(w, title)
	}
	files := func(name string, l []string) {
		head(name, len(l))
		for i, f := range l {
			if i == top {
				break
			}
			item("%s", code(f, md))
		}
		more(len(l))
	}
	files("Code files added", d.AddedFiles) // the graph's: a picture or a manifest is none
	files("Code files removed", d.RemovedFiles)
	edges := func(name string, l []graphs.EdgeChange) {
		cross := 0
		for _, e := range l {
			if e.CrossModule {
				cross++
			}
		}
		head(fmt.Sprintf("%s, %d between modules", name, cross), len(l))
		for i, e := range l {
			if i == top {
				break
			}
			mark := ""
			if e.CrossModule {
				mark = " [cross-module]"
			}
			item("%s %s → %s ×%d%s", e.Kind, code(e.From, md), code(e.To, md), e.Weight, mark)
		}
		more(len(l))
	}
	edges("Links added", d.AddedEdges)
	edges("Links removed", d.RemovedEdges)
	head(fmt.Sprintf("Centrality shifts of %.2f or more", d.Threshold), len(d.Shifts))
	for i, s := range d.Shifts {
		if i == top {
			break
		}
		item("%s PageRank %.3f → %.3f, betweenness %.3f → %.3f", code(s.Path, md), s.PageRankFrom, s.PageRankTo, s.BetweennessFrom, s.BetweennessTo)
	}
	more(len(d.Shifts))
	head(fmt.Sprintf("New communities (communities of 2+ files: %d → %d)", d.CommunitiesFrom, d.CommunitiesTo), len(d.NewCommunities))
	for i, c := range d.NewCommunities {
		if i == top {
			break
		}
		shown := c.Files
		if len(shown) > 5 {
			shown = shown[:5]
		}
		names := make([]string, len(shown))
		for j, f := range shown {
			names[j] = code(f, md)
		}
		item("%s: %d files (%s%s)", c.Label, c.Size, strings.Join(names, ", "), map[bool]string{true: ", …", false: ""}[len(c.Files) > 5])
	}
	more(len(d.NewCommunities))
	head("Files that changed community", len(d.Moved))
	for i, m := range d.Moved {
		if i == top {
			break
		}
		item("%s: %s → %s", code(m.Path, md), m.From, m.To)
	}
	more(len(d.Moved))
	head("Coupling between communities (link weight)", len(d.Coupling))
	for i, c := range d.Coupling {
		if i == top {
			break
		}
		item("%s ↔ %s: %.2f → %.2f", c.A, c.B, c.From, c.To)
	}
	more(len(d.Coupling))
}

func code(s string, md bool) string {
	if md {
		return "`" + s + "`"
	}
	return s
}
