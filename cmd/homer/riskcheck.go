package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

func riskCheckCmd(g *globals) *cobra.Command {
	var o riskCheckOptions
	c := &cobra.Command{
		Use:   "risk-check [FILE...]",
		Short: "Judge a change: each file's risk with its reasons, and the usual partners it leaves out",
		Long: `Judges the files of a change: the staged ones (--staged), those a range of commits
changes (--diff origin/main...HEAD), or the files named; given none of these, the
files changed since HEAD, staged or not. For each it gives the risk
score the risk map uses, with its reasons and the number of commits behind them,
and it lists the files that usually change with them but are not in the change.

When the store is behind HEAD it is brought up to date first (without writing the
artifacts), unless --no-update says to only report how far behind it is. An update
that is only partly done (a plugin crashed) is reported, and the change is judged
on what the store holds.

Exit 1 when a file's risk is above the threshold (salience.risk_threshold in
homer.hcl, 0.60 by default), 0 otherwise.

--hook is how the pre-commit hook runs it: Homer's own trouble (no store yet,
a store another homer run is writing, a failed update, an unreadable store) is a
warning and exit 0, so that exit 1 means a file over the threshold and nothing
else. It builds no store, and does not wait for another run to finish writing
one: it judges on the store as it is and says how far behind HEAD that is.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(o.format, "text", "json", "markdown"); err != nil {
				return err
			}
			if o.staged && o.diff != "" || (o.staged || o.diff != "") && len(args) > 0 {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("give one of --staged, --diff RANGE or files")}
			}
			o.configured = !cmd.Flags().Changed("threshold")
			err := g.riskCheck(cmd, o, args)
			if o.hook && err != nil && !errors.Is(err, errOverThreshold) && codeOf(err) != session.ExitInterrupted {
				fmt.Fprintf(g.stderr, "homer: the commit is not checked: %v\n", err)
				return nil
			}
			return err
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", "text, json or markdown (for a pull request comment)")
	c.Flags().BoolVar(&o.staged, "staged", false, "judge the staged files (the index)")
	c.Flags().StringVar(&o.diff, "diff", "", "judge the files a range of commits changes, e.g. origin/main...HEAD")
	c.Flags().StringVar(&o.filter, "filter", "", "judge only the files matching this glob (** crosses directories)")
	c.Flags().Float64Var(&o.threshold, "threshold", 0.6, "fail above this risk score (default: salience.risk_threshold)")
	c.Flags().BoolVar(&o.noUpdate, "no-update", false, "do not bring the store up to date first; say how far behind it is")
	c.Flags().BoolVar(&o.hook, "hook", false, "as the pre-commit hook runs it: Homer's own trouble is a warning, never a failure")
	c.Flags().StringVar(&o.repoDir, "repo", "", "the repository (default: the current directory's)")
	return c
}

type riskCheckOptions struct {
	format, diff, filter, repoDir string
	staged, noUpdate, hook        bool
	threshold                     float64
	// configured: no --threshold, the configuration's applies.
	configured bool
}

// overThreshold is the verdict that a file is over the threshold: exit 1,
// the one failure the hook blocks a commit for. It is its own type so that
// no other failure that exits 1 is taken for it.
type overThreshold struct{}

func (overThreshold) Error() string { return "a file is over the risk threshold" }

func (overThreshold) Unwrap() error { return exitCode(session.ExitError) }

var errOverThreshold error = overThreshold{}

// codeOf is the exit code an error from a command ends with.
func codeOf(err error) int {
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	return session.CodeOf(err)
}

func (g *globals) riskCheck(cmd *cobra.Command, o riskCheckOptions, args []string) error {
	ctx := cmd.Context()
	dir := o.repoDir
	if dir == "" {
		dir = "."
	}
	// Read first, without the writer lock: the store may not exist yet,
	// or another run may be writing it.
	s, err := session.Open(ctx, session.Options{Path: dir, ConfigPath: g.config, Logger: g.logger(), Stderr: g.stderr, NoPlugins: true, NoCreate: o.hook})
	if err != nil {
		return err
	}
	if len(s.Diags) > 0 {
		g.printDiags(s.Diags, s.Config.Parser.Files())
	}
	if s.Store == nil {
		s.Close()
		return &session.Error{Code: session.ExitDatabase, Err: fmt.Errorf("no store in %s yet (homer init builds it)", s.Repo.Root)}
	}
	root := s.Repo.Root
	var paths []string
	switch {
	case o.staged:
		paths, err = gitPaths(root, "diff", "--cached", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRD")
	case o.diff != "":
		paths, err = gitPaths(root, "diff", "--name-only", "-z", "--no-renames", o.diff)
	case len(args) == 0:
		// Nothing named: the change at hand, staged or not. "No files to
		// judge" with files staged told an agent nothing.
		paths, err = gitPaths(root, "diff", "HEAD", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRD")
		if err == nil && o.format == "text" {
			fmt.Fprintf(g.stderr, "homer: judging the %s changed since HEAD, staged or not (name files, or use --staged or --diff, to choose)\n", plural(len(paths), "file"))
		}
	default:
		for _, a := range args {
			paths = append(paths, strings.TrimPrefix(a, "./"))
		}
	}
	if err != nil {
		s.Close()
		return err
	}
	if o.filter != "" {
		kept := paths[:0]
		for _, p := range paths {
			if query.Match(o.filter, p) {
				kept = append(kept, p)
			}
		}
		paths = kept
	}
	threshold := o.threshold
	if o.configured {
		threshold = s.Config.Analyzers.Salience.RiskThreshold
	}
	behind, err := behindBy(ctx, s)
	busy := session.WriterBusy(s.Store.Path())
	s.Close()
	if err != nil {
		return err
	}
	switch {
	case behind == "" || o.noUpdate:
	case o.hook && busy:
		// A commit does not wait for a long run to finish.
		fmt.Fprintf(g.stderr, "homer: another homer run is writing the store; judged on the store as it is\n")
	default:
		// The analysis alone: a hook must not rewrite the artifacts
		// while a commit is being made.
		err := g.runPipeline(cmd, dir, "update", fixed(session.RunOptions{Targets: []string{"analyze.salience"}}))
		switch code := codeOf(err); {
		case err == nil:
			behind = ""
		case code == session.ExitPartial:
			// What failed was reported; what the store holds is
			// still the best answer there is.
			fmt.Fprintf(g.stderr, "homer: the update was partial; judged on what the store holds\n")
			behind = ""
		case o.hook && code != session.ExitInterrupted:
			fmt.Fprintf(g.stderr, "homer: the update failed (%v); judged on the store as it is\n", err)
		default:
			return err
		}
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
	switch o.format {
	case "json":
		out := struct {
			*query.Check
			Behind string `json:"store_behind,omitempty"`
		}{check, behind}
		if err := writeJSON(g.stdout, out); err != nil {
			return err
		}
	case "markdown":
		writeCheckMarkdown(g.stdout, check, behind)
	default:
		if behind != "" {
			fmt.Fprintf(g.stderr, "homer: the store is %s: run homer update\n", behind)
		}
		printCheck(g.stdout, check, g.quiet)
	}
	if check.Over {
		return errOverThreshold
	}
	return nil
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
		switch {
		case f.Over:
			mark = fmt.Sprintf("  over %.2f", c.Threshold)
		case f.Exempt != "" && f.Score > c.Threshold:
			mark = fmt.Sprintf("  (a %s: kept out of the threshold)", f.Exempt)
		}
		level := f.Level
		if level == "" {
			level = "low"
		}
		fmt.Fprintf(w, "%-50s %.2f %s (%s of history)%s\n", f.Path, f.Score, level, plural(f.Commits, "commit"), mark)
		for _, r := range f.Reasons {
			fmt.Fprintf(w, "    - %s\n", r.Detail)
		}
	}
	if len(c.Missing) > 0 {
		fmt.Fprintln(w, "usually changed together, but not in this change (very large commits not counted together):")
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
