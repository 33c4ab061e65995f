package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/analyze/risk"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

func queryCmd(g *globals) *cobra.Command {
	var format, repoDir string
	var depth, top int
	c := &cobra.Command{
		Use:   "query <file|symbol|directory>",
		Short: "What the store knows of a file, a symbol or a directory",
		Long: `Answers from the store, without running anything:
  a file (path from the repository root): metrics and salience class, imports and
    importers, definitions, callers and callees to --depth with confidence, tests,
    history, the files that usually change with it, risk and its reasons;
  a symbol (path#Qualified.name, Qualified.name, or a unique suffix such as
    Server.Handle): callers and callees with confidence;
  a directory: its most salient and its risky files.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "markdown"); err != nil {
				return err
			}
			s, q, err := g.openReader(cmd.Context(), repoDir)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			target := filepath.ToSlash(args[0])
			if filepath.IsAbs(args[0]) {
				rel, err := filepath.Rel(s.Repo.Root, args[0])
				if err != nil || strings.HasPrefix(rel, "..") {
					return fmt.Errorf("%s is outside the repository %s", args[0], s.Repo.Root)
				}
				target = filepath.ToSlash(rel)
			}
			a, err := q.Target(ctx, target, depth, top)
			if err != nil {
				var amb *query.AmbiguousError
				if errors.As(err, &amb) {
					fmt.Fprintf(g.stderr, "homer: %q could mean:\n", amb.Name)
					for _, c := range amb.Candidates {
						fmt.Fprintf(g.stderr, "  %s\n", c)
					}
					return exitCode(session.ExitError)
				}
				return err
			}
			answer := a.Value()
			if format == "json" {
				return writeJSON(g.stdout, answer)
			}
			if format == "markdown" {
				switch a := answer.(type) {
				case *query.File:
					writeFileMarkdown(g.stdout, a, top)
				case *query.Symbol:
					writeSymbolMarkdown(g.stdout, a, top)
				case *query.Directory:
					writeDirectoryMarkdown(g.stdout, a)
				}
				return nil
			}
			switch a := answer.(type) {
			case *query.File:
				printFile(g.stdout, a, top)
			case *query.Symbol:
				printSymbol(g.stdout, a, top)
			case *query.Directory:
				printDirectory(g.stdout, a)
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text, json or markdown (for a pull request comment)")
	c.Flags().IntVar(&depth, "depth", 1, "how many calls away callers and callees are followed")
	c.Flags().IntVar(&top, "top", 10, "how many entries each list shows in text and markdown")
	c.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}

// exemptAs says what risk.Exempt's reason makes a file: "a test",
// "an example", "generated"; "" for none.
func exemptAs(why string) string {
	switch why {
	case "":
		return ""
	case "generated":
		return "generated"
	case "example":
		return "an example"
	}
	return "a " + why
}

// outsideGraph tells a file no language plugin parsed (plug's
// lib/plug/conn.ex): with no edges of its own, its PageRank is the one
// every such file has, and says nothing.
func outsideGraph(f *query.File) bool { return f.Lines == 0 && f.FanIn == 0 && f.FanOut == 0 }

const noGraph = "no code graph: no language plugin parses it, so it is ranked by its history alone"

func printFile(w io.Writer, f *query.File, top int) {
	fmt.Fprintf(w, "%s", f.Path)
	switch {
	case f.Language != "" && f.Lines > 0:
		fmt.Fprintf(w, " (%s, %d lines)", f.Language, f.Lines)
	case f.Language != "":
		fmt.Fprintf(w, " (%s)", f.Language) // no plugin counted its lines (nvm's nvm.sh was "0 lines")
	}
	if f.IsTest {
		fmt.Fprint(w, " test")
	}
	fmt.Fprintln(w)
	if !f.Analysed {
		fmt.Fprintln(w, "  not analysed yet: run homer update")
	} else {
		class := f.Class
		if class == "" {
			class = "unclassified"
		}
		if outsideGraph(f) {
			fmt.Fprintf(w, "  salience   %.3f (%s); %s\n", f.Salience, class, noGraph)
		} else {
			fmt.Fprintf(w, "  salience   %.3f (%s); pagerank %.3f, betweenness %.3f, fan-in %d, fan-out %d\n", f.Salience, class, f.PageRank, f.Between, f.FanIn, f.FanOut)
		}
		h := f.History
		last := "never"
		if h.LastChanged > 0 {
			last = time.Unix(h.LastChanged, 0).UTC().Format("2006-01-02")
		}
		fmt.Fprintf(w, "  history    %d commits (%d in 90 days), %s, bus factor %d, last %s, %s\n", h.Commits, h.Changes90, plural(len(h.Authors), "author"), h.BusFactor, last, h.Trend)
		fmt.Fprintf(w, "  risk       %.2f %s", f.Risk.Score, f.Risk.Level)
		if why := exemptAs(risk.Exempt(f.Path, f.IsTest)); why != "" {
			// A score over a level's threshold with no such level: say why.
			fmt.Fprintf(w, " (%s: kept out of danger levels)", why)
		}
		fmt.Fprintln(w)
		for _, r := range f.Risk.Reasons {
			if r.Weight > 0 {
				fmt.Fprintf(w, "    - %s\n", r.Detail)
			}
		}
	}
	list(w, "imports", f.Imports, top)
	list(w, "imported by", f.Importers, top)
	list(w, "tests linked to it", testsShown(f.Path, f.Tests), top)
	list(w, "tests reaching it through other files", f.TestsIndirect, top)
	if len(f.ChangesWith) > 0 {
		fmt.Fprintf(w, "  usually changes with (commits together, of its %d and the partner's; coupling; very large commits not counted)\n", f.History.Commits)
		for i, p := range f.ChangesWith {
			if i == top {
				fmt.Fprintf(w, "    … %d more\n", len(f.ChangesWith)-top)
				break
			}
			if p.Together == 0 && p.Reason != "" {
				// Listed for its name or place, not its history.
				fmt.Fprintf(w, "    %-40s %s (never together)\n", p.Path, p.Reason)
				continue
			}
			fmt.Fprintf(w, "    %-40s %d of %d and %d, %.0f%%\n", p.Path, p.Together, f.History.Commits, p.PartnerCommits, 100*p.Confidence)
		}
	}
	var defs []string
	for _, d := range f.Definitions {
		defs = append(defs, fmt.Sprintf("%s %s:%d", d.Kind, d.Name, d.Line))
	}
	list(w, "defines", defs, top)
	links(w, "called from", f.Callers, top)
	links(w, "calls", f.Callees, top)
}

func printSymbol(w io.Writer, s *query.Symbol, top int) {
	fmt.Fprintf(w, "%s (%s, %s:%d)\n", s.Name, s.Kind, s.File, s.Line)
	if s.Doc != "" {
		fmt.Fprintf(w, "  %s\n", s.Doc)
	}
	fmt.Fprintf(w, "  pagerank %.3f, salience %.3f\n", s.PageRank, s.Salience)
	links(w, "called from", s.Callers, top)
	links(w, "calls", s.Callees, top)
}

func printDirectory(w io.Writer, d *query.Directory) {
	fmt.Fprintf(w, "%s: %d files\n", d.Path, d.Files)
	if len(d.Top) > 0 {
		fmt.Fprintln(w, "  most salient")
		for _, r := range d.Top {
			fmt.Fprintf(w, "    %-50s %.3f %s\n", r.Path, r.Value, r.Level)
		}
	}
	if len(d.Risky) > 0 {
		fmt.Fprintln(w, "  risky")
		for _, r := range d.Risky {
			fmt.Fprintf(w, "    %-50s %.2f %s\n", r.Path, r.Value, r.Level)
		}
	}
}

// testsShown is a file's tests as a reader is shown them: the file
// itself, first when it holds tests of its own, says so.
func testsShown(path string, tests []string) []string {
	if len(tests) == 0 || tests[0] != path {
		return tests
	}
	tests = slices.Clone(tests)
	tests[0] += " (tests inside the file)"
	return tests
}

func list(w io.Writer, title string, items []string, top int) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s (%d)\n", title, len(items))
	for i, it := range items {
		if i == top {
			fmt.Fprintf(w, "    … %d more\n", len(items)-top)
			break
		}
		fmt.Fprintf(w, "    %s\n", it)
	}
}

func links(w io.Writer, title string, ls []query.Link, top int) {
	if len(ls) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s (%d)\n", title, len(ls))
	for i, l := range ls {
		if i == top {
			fmt.Fprintf(w, "    … %d more\n", len(ls)-top)
			break
		}
		indent := strings.Repeat("  ", l.Depth-1)
		fmt.Fprintf(w, "    %s%s  %.2f %s\n", indent, l.Name, l.Confidence, l.Via)
	}
}

// openReader opens a repository's store to read it through core/query:
// no plugins, no lock, nothing created.
func (g *globals) openReader(ctx context.Context, dir string) (*session.Session, *query.Q, error) {
	s, err := session.Open(ctx, session.Options{Path: dir, ConfigPath: g.config, Logger: g.logger(), NoPlugins: true, NoCreate: true})
	if err != nil {
		return nil, nil, err
	}
	if s.Store == nil {
		s.Close()
		return nil, nil, &session.Error{Code: session.ExitDatabase, Err: fmt.Errorf("no store in %s yet: run homer init", s.Repo.Root)}
	}
	return s, query.New(s.Store.DB()), nil
}

// checkFormat refuses a --format value that is not one of allowed.
func checkFormat(format string, allowed ...string) error {
	if slices.Contains(allowed, format) {
		return nil
	}
	return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--format %q: use %s", format, strings.Join(allowed, ", "))}
}
