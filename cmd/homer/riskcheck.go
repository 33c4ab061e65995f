package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

func riskCheckCmd(g *globals) *cobra.Command {
	var format, diff, filter, repoDir string
	var staged, noUpdate bool
	var threshold float64
	c := &cobra.Command{
		Use:   "risk-check [FILE...]",
		Short: "Judge a change: each file's risk with its reasons, and the usual partners it leaves out",
		Long: `Judges the files of a change: the staged ones (--staged), those a range of commits
changes (--diff origin/main...HEAD), or the files named. For each it gives the risk
score the risk map uses, with its reasons and the number of commits behind them,
and it lists the files that usually change with them but are not in the change.

When the store is behind HEAD it is brought up to date first (without writing the
artifacts), unless --no-update says to only report how far behind it is.

Exit 1 when a file's risk is above the threshold (salience.risk_threshold in
homer.hcl, 0.60 by default), 0 otherwise.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "markdown"); err != nil {
				return err
			}
			if staged && diff != "" || (staged || diff != "") && len(args) > 0 {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("give one of --staged, --diff RANGE or files")}
			}
			ctx := cmd.Context()
			dir := repoDir
			if dir == "" {
				dir = "."
			}
			s, err := g.open(ctx, dir, true)
			if err != nil {
				return err
			}
			root := s.Repo.Root
			var paths []string
			switch {
			case staged:
				paths, err = gitPaths(root, "diff", "--cached", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRD")
			case diff != "":
				paths, err = gitPaths(root, "diff", "--name-only", "-z", "--no-renames", diff)
			default:
				for _, a := range args {
					paths = append(paths, strings.TrimPrefix(a, "./"))
				}
			}
			if err != nil {
				s.Close()
				return err
			}
			if filter != "" {
				kept := paths[:0]
				for _, p := range paths {
					if query.Match(filter, p) {
						kept = append(kept, p)
					}
				}
				paths = kept
			}
			if !cmd.Flags().Changed("threshold") {
				threshold = s.Config.Analyzers.Salience.RiskThreshold
			}
			behind, err := behindBy(ctx, s)
			s.Close()
			if err != nil {
				return err
			}
			if behind != "" && !noUpdate {
				// The analysis alone: a hook must not rewrite the artifacts
				// while a commit is being made.
				if err := g.runPipeline(cmd, dir, "update", fixed(session.RunOptions{Targets: []string{"analyze.salience"}})); err != nil {
					return err
				}
				behind = ""
			}
			s, q, err := g.openReader(ctx, dir)
			if err != nil {
				return err
			}
			defer s.Close()
			check, err := q.Check(ctx, paths, threshold)
			if err != nil {
				return err
			}
			if format == "json" {
				out := struct {
					*query.Check
					Behind string `json:"store_behind,omitempty"`
				}{check, behind}
				if err := writeJSON(g.stdout, out); err != nil {
					return err
				}
			} else if format == "markdown" {
				writeCheckMarkdown(g.stdout, check, behind)
			} else {
				if behind != "" {
					fmt.Fprintf(g.stderr, "homer: the store is %s: run homer update\n", behind)
				}
				printCheck(g.stdout, check, g.quiet)
			}
			if check.Over {
				return exitCode(session.ExitError)
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text, json or markdown (for a pull request comment)")
	c.Flags().BoolVar(&staged, "staged", false, "judge the staged files (the index)")
	c.Flags().StringVar(&diff, "diff", "", "judge the files a range of commits changes, e.g. origin/main...HEAD")
	c.Flags().StringVar(&filter, "filter", "", "judge only the files matching this glob (** crosses directories)")
	c.Flags().Float64Var(&threshold, "threshold", 0.6, "fail above this risk score (default: salience.risk_threshold)")
	c.Flags().BoolVar(&noUpdate, "no-update", false, "do not bring the store up to date first; say how far behind it is")
	c.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}

// gitPaths runs git in root and splits its NUL-separated output.
func gitPaths(root string, args ...string) ([]string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	var paths []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths, nil
}

// behindBy says how far the store is behind HEAD ("" when it is not).
func behindBy(ctx context.Context, s *session.Session) (string, error) {
	head, err := s.Repo.Head()
	if err != nil || head == "" {
		return "", err
	}
	if s.Store == nil {
		return "not built yet", nil
	}
	analysed, err := s.Store.Checkpoint(ctx, "source.git")
	if err != nil {
		return "", err
	}
	if analysed == head {
		return "", nil
	}
	if analysed == "" {
		return "not built yet", nil
	}
	n, err := gitPaths(s.Repo.Root, "rev-list", "--count", "-z", analysed+".."+head)
	if err != nil || len(n) == 0 {
		return "behind HEAD", nil
	}
	return strings.TrimSpace(n[0]) + " commits behind HEAD", nil
}

// printCheck prints the verdict; notable leaves out the files of low risk
// (-q, as the hook runs it).
func printCheck(w io.Writer, c *query.Check, notable bool) {
	if len(c.Files) == 0 {
		if !notable {
			fmt.Fprintln(w, "no files to judge")
		}
		return
	}
	for _, f := range c.Files {
		if notable && !f.Over && f.Level != "high" && f.Level != "medium" {
			continue
		}
		if !f.Known {
			fmt.Fprintf(w, "%-50s unknown (no analysis of it: new, left out of the analysis, or not analysed yet)\n", f.Path)
			continue
		}
		mark := ""
		if f.Over {
			mark = fmt.Sprintf("  over %.2f", c.Threshold)
		}
		level := f.Level
		if level == "" {
			level = "low"
		}
		fmt.Fprintf(w, "%-50s %.2f %s (%d commits of history)%s\n", f.Path, f.Score, level, f.Commits, mark)
		for _, r := range f.Reasons {
			fmt.Fprintf(w, "    - %s\n", r.Detail)
		}
	}
	if len(c.Missing) > 0 {
		fmt.Fprintln(w, "usually changed together, but not in this change:")
		for _, m := range c.Missing {
			fmt.Fprintf(w, "    %-46s with %s in %d of its %d commits\n", m.Path, m.With, m.Together, m.Of)
			for _, e := range m.Commits {
				fmt.Fprintf(w, "        %.10s %s\n", e.Commit, e.Subject)
			}
		}
	}
	if len(c.Affected) > 0 && !notable {
		fmt.Fprintln(w, "most affected through what depends on the change:")
		for _, a := range c.Affected {
			fmt.Fprintf(w, "    %-46s %.3f\n", a.Path, a.Score)
		}
	}
}
