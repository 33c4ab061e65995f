package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
	"github.com/homer-dev/homer/core/store"
)

func statusCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "status [path]",
		Short: "Show what the store holds and whether it is up to date",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := session.Open(cmd.Context(), session.Options{Path: pathArg(args), ConfigPath: g.config, Logger: g.logger(), NoPlugins: true, NoCreate: true})
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := collectStatus(cmd.Context(), s)
			if err != nil {
				return &session.Error{Code: session.ExitDatabase, Err: err}
			}
			if asJSON {
				return writeJSON(g.stdout, st)
			}
			fmt.Fprintf(g.stdout, "repository  %s\n", st.Repository)
			fmt.Fprintf(g.stdout, "database    %s (%s, schema %d)\n", st.Database, humanBytes(st.DatabaseBytes), st.Schema)
			fmt.Fprintf(g.stdout, "config      %s\n", st.Config)
			switch {
			case !st.FullText && st.DatabaseBytes > 0 && store.HasFTS5(cmd.Context(), s.Store.DB()):
				fmt.Fprintf(g.stdout, "search      plain table: a homer built without the sqlite_fts5 tag made this database (remove it to have full-text search)\n")
			case !st.FullText && st.DatabaseBytes > 0:
				fmt.Fprintf(g.stdout, "search      plain table: this homer was built without the sqlite_fts5 tag (make build has it)\n")
			}
			fmt.Fprintf(g.stdout, "HEAD        %s (%s)\n", short(st.Head), st.State)
			if len(st.Stale) > 0 {
				fmt.Fprintf(g.stdout, "stale       %s\n", strings.Join(st.Stale, ", "))
			}
			if len(st.Incomplete) > 0 {
				fmt.Fprintf(g.stdout, "incomplete  %s (ran on partial input)\n", strings.Join(st.Incomplete, ", "))
			}
			keys := make([]string, 0, len(st.Counts))
			for k := range st.Counts {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(g.stdout, "  %-18s %d\n", k, st.Counts[k])
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

type status struct {
	Repository    string `json:"repository"`
	Database      string `json:"database"`
	DatabaseBytes int64  `json:"database_bytes"`
	Schema        int    `json:"schema"`
	Config        string `json:"config"`
	Head          string `json:"head"`
	Analysed      string `json:"analysed"`
	FullText      bool   `json:"full_text_search"`
	// State says in words whether the store is current at HEAD, and what
	// to run when it is not; UpToDate says it for scripts.
	State    string `json:"state"`
	UpToDate bool   `json:"up_to_date"`
	// Stale are the stages a partial run (homer run NAME) or a failure
	// left at an older commit; Incomplete those that ran on partial input.
	Stale      []string       `json:"stale_stages,omitempty"`
	Incomplete []string       `json:"incomplete_stages,omitempty"`
	Counts     map[string]int `json:"counts"`
}

// judge sets the state from HEAD, the commit the history was read to, and
// what the stage record says of the rest: the history alone can be at
// HEAD while the graph and the artifacts are not.
func (st *status) judge() {
	switch {
	case st.Head == "":
		st.State, st.UpToDate = "empty repository", true
	case st.Analysed == "":
		st.State = "not analysed yet: run homer init"
	case st.Analysed != st.Head:
		st.State = "behind HEAD: run homer update"
	case len(st.Stale) > 0:
		st.State = "history read, but some stages are behind HEAD: run homer update"
	case len(st.Incomplete) > 0:
		st.State = "some stages are incomplete: run homer update"
	default:
		st.State, st.UpToDate = "up to date", true
	}
}

func collectStatus(ctx context.Context, s *session.Session) (*status, error) {
	head, err := s.Repo.Head()
	if err != nil {
		return nil, err
	}
	if s.Store == nil {
		cfgFile := s.Config.File
		if cfgFile == "" {
			cfgFile = "(built-in defaults)"
		}
		st := &status{Repository: s.Repo.Root, Database: s.Config.DBPath(s.Repo.Root) + " (none yet)", Schema: store.SchemaVersion,
			Config: cfgFile, Head: head, Counts: map[string]int{}}
		st.judge()
		return st, nil
	}
	cp, err := s.Store.Checkpoint(ctx, "source.git")
	if err != nil {
		return nil, err
	}
	st := &status{Repository: s.Repo.Root, Database: s.Store.Path(), Schema: store.SchemaVersion, Config: s.Config.File, Head: head, Analysed: cp,
		FullText: store.HasFTS5(ctx, s.Store.DB()) && !store.PlainSearchIndex(ctx, s.Store.DB()), Counts: map[string]int{}}
	if st.Config == "" {
		st.Config = "(built-in defaults)"
	}
	if fi, err := os.Stat(s.Store.Path()); err == nil {
		st.DatabaseBytes = fi.Size()
	}
	cur, err := pipeline.CurrencyAt(ctx, s.Store, head)
	if err != nil {
		return nil, err
	}
	st.Stale, st.Incomplete = cur.Stale, cur.Incomplete
	st.judge()
	c, err := query.New(s.Store.DB()).Counts(ctx)
	if err != nil {
		return nil, err
	}
	st.Counts = map[string]int{"commits": c.Commits, "contributors": c.Contributors, "files at HEAD": c.FilesAtHead,
		"definitions": c.Definitions, "call edges": c.CallEdges, "import edges": c.ImportEdges,
		"co-change sets": c.CoChangeSets, "releases": c.Releases, "parsed contents": c.ParsedContents}
	return st, nil
}

func short(sha string) string {
	if sha == "" {
		return "(none)"
	}
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
