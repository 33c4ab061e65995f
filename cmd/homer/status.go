package main

import (
	"context"
	"fmt"
	"os"
	"sort"

	"github.com/spf13/cobra"

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
			if !st.FullText && st.DatabaseBytes > 0 {
				fmt.Fprintf(g.stdout, "search      plain table: this homer was built without the sqlite_fts5 tag (make build has it)\n")
			}
			state := "up to date"
			if st.Head == "" {
				state = "empty repository"
			} else if st.Analysed == "" {
				state = "not analysed yet: run homer init"
			} else if st.Analysed != st.Head {
				state = "behind HEAD: run homer update"
			}
			fmt.Fprintf(g.stdout, "HEAD        %s (%s)\n", short(st.Head), state)
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
	Repository    string         `json:"repository"`
	Database      string         `json:"database"`
	DatabaseBytes int64          `json:"database_bytes"`
	Schema        int            `json:"schema"`
	Config        string         `json:"config"`
	Head          string         `json:"head"`
	Analysed      string         `json:"analysed"`
	FullText      bool           `json:"full_text_search"`
	Counts        map[string]int `json:"counts"`
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
		return &status{Repository: s.Repo.Root, Database: s.Config.DBPath(s.Repo.Root) + " (none yet)", Schema: store.SchemaVersion,
			Config: cfgFile, Head: head, Counts: map[string]int{}}, nil
	}
	cp, err := s.Store.Checkpoint(ctx, "source.git")
	if err != nil {
		return nil, err
	}
	st := &status{Repository: s.Repo.Root, Database: s.Store.Path(), Schema: store.SchemaVersion, Config: s.Config.File, Head: head, Analysed: cp,
		FullText: store.HasFTS5(ctx, s.Store.DB()), Counts: map[string]int{}}
	if st.Config == "" {
		st.Config = "(built-in defaults)"
	}
	if fi, err := os.Stat(s.Store.Path()); err == nil {
		st.DatabaseBytes = fi.Size()
	}
	queries := map[string]string{
		"commits":         "SELECT count(*) FROM commits",
		"contributors":    "SELECT count(*) FROM nodes WHERE kind = 'person'",
		"files at HEAD":   "SELECT count(*) FROM head_files",
		"definitions":     "SELECT count(*) FROM nodes WHERE kind = 'definition'",
		"call edges":      "SELECT count(*) FROM edges WHERE kind = 'calls'",
		"import edges":    "SELECT count(*) FROM edges WHERE kind = 'imports'",
		"co-change sets":  "SELECT count(*) FROM edges WHERE kind = 'co-change'",
		"releases":        "SELECT count(*) FROM nodes WHERE kind = 'release'",
		"parsed contents": "SELECT count(*) FROM parse_memo",
	}
	for label, q := range queries {
		var n int
		if err := s.Store.DB().QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, err
		}
		st.Counts[label] = n
	}
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
