package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/homer-dev/homer/core/query"
)

// Markdown for homer query and homer risk-check: what reads well pasted
// into a pull request's comment. Tables for figures, lists for evidence;
// every list is cut at top entries with a count of the rest, as in text.

// mdCode is s as inline code; a table cell's pipes are escaped, which
// GitHub's tables require even inside code.
func mdCode(s string) string {
	fence := "`"
	if strings.Contains(s, "`") {
		fence = "``"
		s = " " + s + " "
	}
	return fence + strings.ReplaceAll(s, "|", `\|`) + fence
}

// mdText is prose from the repository (a commit subject, a doc comment)
// with the characters Markdown would read as markup escaped.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if strings.ContainsRune("\\`*_[]<>|#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// more says how many entries were cut, as the last line of a list or table.
func more(w io.Writer, n, top int, table bool) {
	if n <= top {
		return
	}
	if table {
		fmt.Fprintf(w, "\n… %d more\n", n-top)
		return
	}
	fmt.Fprintf(w, "- … %d more\n", n-top)
}

func writeFileMarkdown(w io.Writer, f *query.File, top int) {
	fmt.Fprintf(w, "## %s\n\n", mdCode(f.Path))
	var about []string
	if f.Language != "" {
		about = append(about, fmt.Sprintf("%s, %d lines", f.Language, f.Lines))
	}
	if f.IsTest {
		about = append(about, "a test file")
	}
	if len(about) > 0 {
		fmt.Fprintf(w, "%s.\n\n", strings.Join(about, "; "))
	}
	if !f.Analysed {
		fmt.Fprintf(w, "Not analysed yet: run `homer update`.\n\n")
	} else {
		class := f.Class
		if class == "" {
			class = "unclassified"
		}
		if outsideGraph(f) {
			fmt.Fprintf(w, "| salience | class |\n|---|---|\n| %.3f | %s |\n\nThere is %s.\n\n", f.Salience, class, noGraph)
		} else {
			fmt.Fprintf(w, "| salience | class | pagerank | betweenness | fan-in | fan-out |\n|---|---|---|---|---|---|\n")
			fmt.Fprintf(w, "| %.3f | %s | %.3f | %.3f | %d | %d |\n\n", f.Salience, class, f.PageRank, f.Between, f.FanIn, f.FanOut)
		}
		h := f.History
		last := "never"
		if h.LastChanged > 0 {
			last = time.Unix(h.LastChanged, 0).UTC().Format("2006-01-02")
		}
		fmt.Fprintf(w, "**History:** %s (%d in 90 days), %s, bus factor %d, last change %s, %s.\n\n",
			plural(h.Commits, "commit"), h.Changes90, plural(len(h.Authors), "author"), h.BusFactor, last, h.Trend)
		fmt.Fprintf(w, "**Risk:** %.2f %s\n\n", f.Risk.Score, f.Risk.Level)
		n := 0
		for _, r := range f.Risk.Reasons {
			if r.Weight > 0 {
				fmt.Fprintf(w, "- %s\n", mdText(r.Detail))
				n++
			}
		}
		if n > 0 {
			fmt.Fprintln(w)
		}
	}
	mdList(w, "Imports", f.Imports, top)
	mdList(w, "Imported by", f.Importers, top)
	mdList(w, "Tests linked to it", testsShown(f.Path, f.Tests), top)
	mdList(w, "Tests reaching it through other files", f.TestsIndirect, top)
	if len(f.ChangesWith) > 0 {
		fmt.Fprintf(w, "### Usually changes with\n\n")
		fmt.Fprintf(w, "Commits together, of its %d; coupling is that count over the mean of the two files' commit counts. Very large commits (mass renames, formatting) are not counted.\n\n", f.History.Commits)
		fmt.Fprintf(w, "| file | together | partner's commits | coupling |\n|---|---|---|---|\n")
		for i, p := range f.ChangesWith {
			if i == top {
				break
			}
			if p.Together == 0 && p.Reason != "" {
				fmt.Fprintf(w, "| %s | never (%s) | %d | – |\n", mdCode(p.Path), p.Reason, p.PartnerCommits)
				continue
			}
			fmt.Fprintf(w, "| %s | %d | %d | %.0f%% |\n", mdCode(p.Path), p.Together, p.PartnerCommits, 100*p.Confidence)
		}
		more(w, len(f.ChangesWith), top, true)
		fmt.Fprintln(w)
	}
	if len(f.Definitions) > 0 {
		fmt.Fprintf(w, "### Defines (%d)\n\n| name | kind | line |\n|---|---|---|\n", len(f.Definitions))
		for i, d := range f.Definitions {
			if i == top {
				break
			}
			fmt.Fprintf(w, "| %s | %s | %d |\n", mdCode(d.Name), d.Kind, d.Line)
		}
		more(w, len(f.Definitions), top, true)
		fmt.Fprintln(w)
	}
	mdLinks(w, "Called from", f.Callers, top)
	mdLinks(w, "Calls", f.Callees, top)
}

func writeSymbolMarkdown(w io.Writer, s *query.Symbol, top int) {
	fmt.Fprintf(w, "## %s\n\n", mdCode(s.Name))
	fmt.Fprintf(w, "A %s at %s; pagerank %.3f, salience %.3f.\n\n", s.Kind, mdCode(fmt.Sprintf("%s:%d", s.File, s.Line)), s.PageRank, s.Salience)
	if s.Doc != "" {
		fmt.Fprintf(w, "> %s\n\n", mdText(s.Doc))
	}
	mdLinks(w, "Called from", s.Callers, top)
	mdLinks(w, "Calls", s.Callees, top)
}

func writeDirectoryMarkdown(w io.Writer, d *query.Directory) {
	fmt.Fprintf(w, "## %s\n\n%d files.\n\n", mdCode(d.Path+"/"), d.Files)
	if len(d.Top) > 0 {
		fmt.Fprintf(w, "### Most salient\n\n| file | salience | class |\n|---|---|---|\n")
		for _, r := range d.Top {
			fmt.Fprintf(w, "| %s | %.3f | %s |\n", mdCode(r.Path), r.Value, r.Level)
		}
		fmt.Fprintln(w)
	}
	if len(d.Risky) > 0 {
		fmt.Fprintf(w, "### Risky\n\n| file | risk | level |\n|---|---|---|\n")
		for _, r := range d.Risky {
			fmt.Fprintf(w, "| %s | %.2f | %s |\n", mdCode(r.Path), r.Value, r.Level)
		}
		fmt.Fprintln(w)
	}
}

func mdList(w io.Writer, title string, items []string, top int) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "### %s (%d)\n\n", title, len(items))
	for i, it := range items {
		if i == top {
			break
		}
		fmt.Fprintf(w, "- %s\n", mdCode(it))
	}
	more(w, len(items), top, false)
	fmt.Fprintln(w)
}

func mdLinks(w io.Writer, title string, ls []query.Link, top int) {
	if len(ls) == 0 {
		return
	}
	fmt.Fprintf(w, "### %s (%d)\n\n| name | hops | confidence | found by |\n|---|---|---|---|\n", title, len(ls))
	for i, l := range ls {
		if i == top {
			break
		}
		fmt.Fprintf(w, "| %s | %d | %.2f | %s |\n", mdCode(l.Name), l.Depth, l.Confidence, l.Via)
	}
	more(w, len(ls), top, true)
	fmt.Fprintln(w)
}

// writeCheckMarkdown is the verdict on a change as a pull request comment:
// the verdict first, then each file's risk, its reasons, the usual
// partners left out with the commits behind them, and the files most
// affected.
func writeCheckMarkdown(w io.Writer, c *query.Check, behind string) {
	fmt.Fprintf(w, "## Homer risk check\n\n")
	if behind != "" {
		fmt.Fprintf(w, "> The store is %s: these answers are from the history it has.\n\n", behind)
	}
	if len(c.Files) == 0 {
		fmt.Fprintf(w, "No files to judge.\n")
		return
	}
	over := 0
	for _, f := range c.Files {
		if f.Over {
			over++
		}
	}
	switch over {
	case 0:
		fmt.Fprintf(w, "%s judged; none is over the threshold %.2f.\n\n", plural(len(c.Files), "file"), c.Threshold)
	default:
		fmt.Fprintf(w, "%s judged; **%d over the threshold %.2f**.\n\n", plural(len(c.Files), "file"), over, c.Threshold)
	}
	fmt.Fprintf(w, "| file | risk | level | commits of history |\n|---|---|---|---|\n")
	for _, f := range c.Files {
		if !f.Known {
			fmt.Fprintf(w, "| %s | – | unknown | – |\n", mdCode(f.Path))
			continue
		}
		level := f.Level
		if level == "" {
			level = "low"
		}
		score := fmt.Sprintf("%.2f", f.Score)
		if f.Over {
			score = "**" + score + "**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d |\n", mdCode(f.Path), score, level, f.Commits)
	}
	fmt.Fprintln(w)
	unknown := 0
	for _, f := range c.Files {
		if !f.Known {
			unknown++
		}
	}
	if unknown > 0 {
		fmt.Fprintf(w, "Unknown: no analysis of the file (new, left out of the analysis, or not analysed yet); neither risky nor safe.\n\n")
	}
	reasons := false
	for _, f := range c.Files {
		if len(f.Reasons) == 0 {
			continue
		}
		if !reasons {
			fmt.Fprintf(w, "### Why\n\n")
			reasons = true
		}
		fmt.Fprintf(w, "%s, %.2f %s:\n", mdCode(f.Path), f.Score, f.Level)
		for _, r := range f.Reasons {
			fmt.Fprintf(w, "- %s\n", mdText(r.Detail))
		}
		fmt.Fprintln(w)
	}
	if len(c.Missing) > 0 {
		fmt.Fprintf(w, "### Usually changed together, but not in this change\n\nVery large commits are not counted together.\n\n")
		for _, m := range c.Missing {
			fmt.Fprintf(w, "- %s: with %s in %d of its %d commits (%.0f%%)\n", mdCode(m.Path), mdCode(m.With), m.Together, m.Of, 100*m.Confidence)
			for _, e := range m.Commits {
				fmt.Fprintf(w, "  - %s %s\n", mdCode(shortSHA(e.Commit)), mdText(e.Subject))
			}
		}
		fmt.Fprintln(w)
	}
	if len(c.Affected) > 0 {
		fmt.Fprintf(w, "### Most affected through what depends on the change\n\n| file | score | directly through |\n|---|---|---|\n")
		for _, a := range c.Affected {
			var via []string
			for _, p := range a.Imports {
				via = append(via, "imports "+mdCode(p))
			}
			for _, p := range a.Calls {
				via = append(via, "calls into "+mdCode(p))
			}
			if len(via) == 0 {
				via = append(via, "other files")
			}
			fmt.Fprintf(w, "| %s | %.3f | %s |\n", mdCode(a.Path), a.Score, strings.Join(via, ", "))
		}
		fmt.Fprintln(w)
	}
}

// plural is "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func shortSHA(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}
