package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
	graphs "github.com/homer-dev/homer/core/snapshot"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/plugins/sources/structure"
	"github.com/homer-dev/homer/sdk"
)

func snapshotCmd(g *globals) *cobra.Command {
	var repoDir, format string
	c := &cobra.Command{
		Use:   "snapshot",
		Short: "Graphs of the code at past commits: create, list, delete",
		Long: `A snapshot is the file graph of imports and calls at a commit: its files read
from git at that commit, parsed by the language plugins (only content the parse memo
lacks is parsed), resolved as HEAD's graph is, with each file's PageRank and
betweenness. homer query shows a file's trend across snapshots; homer diff compares
the graphs at two refs.`,
	}
	c.PersistentFlags().StringVar(&repoDir, "repo", ".", "the repository (default: the current directory's)")
	create := &cobra.Command{
		Use:   "create [REF]",
		Short: "Take the snapshot of REF, or of every release tag and every N commits (homer.hcl: analyzer \"snapshots\" { tags = true  every = N })",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := g.open(ctx, repoDir, false)
			if err != nil {
				return err
			}
			defer s.Close()
			r, keep := snapshotRun(s)
			type want struct{ commit, ref, reason string }
			var wants []want
			if len(args) == 1 {
				commit, err := s.Repo.ResolveRef(args[0])
				if err != nil {
					return err
				}
				wants = append(wants, want{commit, args[0], "on demand"})
			} else {
				cfg := s.Config.Analyzers.Snapshots
				if cfg.Every < 0 {
					return &session.Error{Code: session.ExitConfig, Err: fmt.Errorf("analyzer \"snapshots\": every = %d: give 0 (none) or more", cfg.Every)}
				}
				if cfg.Tags {
					tags, err := s.Repo.Tags()
					if err != nil {
						return err
					}
					for _, t := range tags {
						wants = append(wants, want{t.Commit, t.Name, "tag"})
					}
				}
				if cfg.Every > 0 {
					head, err := s.Repo.Head()
					if err != nil {
						return err
					}
					if head != "" {
						line, err := s.Repo.FirstParents(head)
						if err != nil {
							return err
						}
						for i := cfg.Every - 1; i < len(line); i += cfg.Every {
							wants = append(wants, want{line[i], fmt.Sprintf("HEAD~%d", len(line)-1-i), fmt.Sprintf("every %d", cfg.Every)})
						}
					}
				}
				if len(wants) == 0 {
					fmt.Fprintln(g.stdout, "no snapshot to take: the repository has no tags and analyzer \"snapshots\" sets no every")
					return nil
				}
			}
			seen := map[string]bool{}
			for _, w := range wants {
				if seen[w.commit] {
					continue
				}
				seen[w.commit] = true
				start := time.Now()
				snap, built, stats, err := ensureSnapshot(ctx, r, keep, w.commit, w.ref, w.reason)
				if err != nil {
					return err
				}
				if g.quiet {
					continue
				}
				if !built {
					fmt.Fprintf(g.stdout, "%-20s %.12s unchanged (%d files, %d edges)\n", w.ref, w.commit, len(snap.Files), len(snap.Edges))
					continue
				}
				fmt.Fprintf(g.stdout, "%-20s %.12s %d files (%d parsed, %d from the memo), %d edges in %s\n", w.ref, w.commit,
					len(snap.Files), stats.Parsed, stats.Files-stats.Parsed, len(snap.Edges), time.Since(start).Round(time.Millisecond))
			}
			return warnAndExit(g, r)
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the stored snapshots, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			s, err := g.open(cmd.Context(), repoDir, true)
			if err != nil {
				return err
			}
			defer s.Close()
			l, err := query.New(s.Store.DB()).Snapshots(cmd.Context())
			if err != nil {
				return err
			}
			if format == "json" {
				if l == nil {
					l = []graphs.Summary{}
				}
				return writeJSON(g.stdout, l)
			}
			for _, x := range l {
				fmt.Fprintf(g.stdout, "%-20s %.12s %s %-10s %5d files %6d edges\n", x.Ref, x.Commit,
					time.Unix(x.Time, 0).UTC().Format("2006-01-02"), x.Reason, x.Files, x.Edges)
			}
			return nil
		},
	}
	list.Flags().StringVar(&format, "format", "text", "text or json")
	del := &cobra.Command{
		Use:   "delete REF",
		Short: "Delete the snapshot of REF (a ref, or the ref a snapshot was taken as)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := g.open(ctx, repoDir, true)
			if err != nil {
				return err
			}
			defer s.Close()
			commit, rerr := s.Repo.ResolveRef(args[0])
			if rerr != nil {
				// A commit gone from the repository: the name it was taken as.
				l, err := query.New(s.Store.DB()).Snapshots(ctx)
				if err != nil {
					return err
				}
				for _, x := range l {
					if x.Ref == args[0] || len(args[0]) >= 7 && len(x.Commit) >= len(args[0]) && x.Commit[:len(args[0])] == args[0] {
						commit = x.Commit
					}
				}
				if commit == "" {
					return rerr
				}
			}
			var found bool
			err = s.Store.Write(ctx, func(tx *store.Tx) error {
				var err error
				found, err = tx.DeleteSnapshot(commit)
				return err
			})
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("no snapshot of %s (%.12s)", args[0], commit)
			}
			if !g.quiet {
				fmt.Fprintf(g.stdout, "deleted the snapshot of %s (%.12s)\n", args[0], commit)
			}
			return nil
		},
	}
	var trendFormat string
	trend := &cobra.Command{
		Use:   "trend FILE",
		Short: "A file's PageRank and betweenness across the stored snapshots, its trend and stability class",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(trendFormat, "text", "json"); err != nil {
				return err
			}
			s, err := g.open(cmd.Context(), repoDir, true)
			if err != nil {
				return err
			}
			defer s.Close()
			t, err := query.New(s.Store.DB()).Through(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if t == nil {
				return fmt.Errorf("%s is in no stored snapshot (homer snapshot list)", args[0])
			}
			if trendFormat == "json" {
				return writeJSON(g.stdout, t)
			}
			fmt.Fprintf(g.stdout, "%s: %s", t.Path, t.Trend)
			if t.Class != "" {
				fmt.Fprintf(g.stdout, " (PageRank %+.2f), %s: %s", t.Change, t.Class, t.Why)
			}
			fmt.Fprintln(g.stdout)
			for i, p := range t.Points {
				edited := ""
				if i > 0 && p.Blob != t.Points[i-1].Blob {
					edited = "  edited"
				}
				fmt.Fprintf(g.stdout, "  %-20s %s  PageRank %.3f (p%02.0f)  betweenness %.3f (p%02.0f)%s\n", p.Ref,
					time.Unix(p.Time, 0).UTC().Format("2006-01-02"), p.PageRank, 100*p.PageRankPercentile, p.Betweenness, 100*p.BetweennessPercentile, edited)
			}
			return nil
		},
	}
	trend.Flags().StringVar(&trendFormat, "format", "text", "text or json")
	c.AddCommand(create, list, del, trend)
	return c
}

// snapshotRun is what taking snapshots needs of a session, and the
// structure source's file filter.
func snapshotRun(s *session.Session) (*pipeline.Run, func(string) bool) {
	r := &pipeline.Run{Cfg: s.Config, Repo: s.Repo, Store: s.Store, Plugins: s.Plugins, Log: s.Log}
	var keep func(string) bool
	for _, p := range s.Plugins.OfKind(sdk.KindSource) {
		if p.Name == "structure" {
			keep = structure.Keep(sdk.Config{Values: p.Values})
		}
	}
	return r, keep
}

// ensureSnapshot returns the stored snapshot of commit when it is still
// what the code and plugins give, or takes and stores it.
func ensureSnapshot(ctx context.Context, r *pipeline.Run, keep func(string) bool, commit, ref, reason string) (*graphs.Snapshot, bool, pipeline.SnapshotStats, error) {
	old, err := query.New(r.Store.DB()).Snapshot(ctx, commit)
	if err != nil {
		return nil, false, pipeline.SnapshotStats{}, err
	}
	if old != nil {
		key, err := pipeline.SnapshotKey(r, commit, keep)
		if err != nil {
			return nil, false, pipeline.SnapshotStats{}, err
		}
		if key == old.Key {
			return old, false, pipeline.SnapshotStats{}, nil
		}
		if reason == "" {
			ref, reason = old.Ref, old.Reason
		}
	}
	if reason == "" {
		reason = "on demand"
	}
	snap, stats, err := pipeline.TakeSnapshot(ctx, r, commit, keep)
	if err != nil {
		return nil, false, stats, err
	}
	snap.Ref, snap.Reason = ref, reason
	err = r.Store.Write(ctx, func(tx *store.Tx) error { return tx.SaveSnapshot(snap) })
	return snap, true, stats, err
}

// warnAndExit prints what degraded the snapshots and exits partial if
// anything did.
func warnAndExit(g *globals, r *pipeline.Run) error {
	w := r.Warnings()
	for _, m := range w {
		fmt.Fprintf(g.stderr, "warning: %s\n", m)
	}
	if len(w) > 0 {
		return exitCode(session.ExitPartial)
	}
	return nil
}
