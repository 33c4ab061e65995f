// Package session opens everything one Homer command needs — repository,
// configuration, store, plugins — and maps failures to the documented exit
// codes. The CLI and any other front end (MCP, tests) share it.
package session

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/repo"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// Exit codes (SPEC §7).
const (
	ExitOK       = 0
	ExitError    = 1
	ExitConfig   = 2
	ExitNotRepo  = 3
	ExitDatabase = 4
	ExitRender   = 7
	ExitPartial  = 10
	// ExitInterrupted is the shell's code for a run stopped by SIGINT:
	// the store holds what was committed, and the next run completes it.
	ExitInterrupted = 130
)

// Error carries the exit code a failure maps to.
type Error struct {
	Code  int
	Err   error
	Diags hcl.Diagnostics
	// Files are the parsed configuration files, to show source lines.
	Files map[string]*hcl.File
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Diags.Error()
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the exit code for an error.
func CodeOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return ExitError
	}
	return ExitOK
}

// Options says what to open.
type Options struct {
	Path       string // anywhere inside the repository
	ConfigPath string // --config
	Catalog    plugin.Catalog
	Self       string // the homer executable
	Logger     hclog.Logger
	Stderr     io.Writer
	// NoPlugins opens only repository, configuration and store (status).
	NoPlugins bool
	// NoCreate leaves a missing database missing: Store is then nil.
	NoCreate bool
}

// Session is an open repository with its configuration, store and plugins.
type Session struct {
	Repo    *repo.Repo
	Config  *config.Config
	Store   *store.Store
	Plugins *plugin.Set
	Log     hclog.Logger
	// Diags are warnings from configuration loading.
	Diags hcl.Diagnostics

	lock *os.File // the store's writer lock, held until Close
}

// Open opens a session. Errors are *Error with the exit code to use.
func Open(ctx context.Context, o Options) (*Session, error) {
	logger := o.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	r, err := repo.Open(o.Path)
	if err != nil {
		if errors.Is(err, repo.ErrNotRepository) {
			return nil, &Error{Code: ExitNotRepo, Err: err}
		}
		return nil, &Error{Code: ExitError, Err: err}
	}
	cfg, diags := config.Load(config.Locate(r.Root, o.ConfigPath))
	if diags.HasErrors() {
		return nil, &Error{Code: ExitConfig, Err: fmt.Errorf("invalid configuration"), Diags: diags, Files: cfg.Parser.Files()}
	}
	if o.NoCreate {
		if _, err := os.Stat(cfg.DBPath(r.Root)); os.IsNotExist(err) {
			return &Session{Repo: r, Config: cfg, Log: logger, Diags: diags, Plugins: &plugin.Set{}}, nil
		}
	}
	if db := cfg.DBPath(r.Root); strings.HasPrefix(db, r.Root+string(filepath.Separator)) {
		// A store meant to be inside the repository stays there: a
		// committed `.homer` link must not put it elsewhere.
		if err := pipeline.Confined(r.Root, db); err != nil {
			return nil, &Error{Code: ExitDatabase, Err: err}
		}
	}
	// Another program's database named by homer.hcl is refused before
	// anything, a lock file beside it included, is written.
	if err := store.CheckForeign(cfg.DBPath(r.Root)); err != nil {
		return nil, &Error{Code: ExitDatabase, Err: err}
	}
	var lock *os.File
	if !o.NoCreate {
		// A store that cannot be written is said to be so, by its path,
		// before anything else fails on it in other words.
		if err := store.CheckWritable(cfg.DBPath(r.Root)); err != nil {
			return nil, &Error{Code: ExitDatabase, Err: err}
		}
		// Commands that write wait for any other run on this store.
		if lock, err = lockWriter(ctx, cfg.DBPath(r.Root), o.Stderr); err != nil {
			return nil, &Error{Code: ExitDatabase, Err: err}
		}
	}
	st, err := store.Open(ctx, cfg.DBPath(r.Root))
	if err != nil {
		if lock != nil {
			lock.Close()
		}
		return nil, &Error{Code: ExitDatabase, Err: err}
	}
	ignoreDatabase(r.Root, st.Path())
	s := &Session{Repo: r, Config: cfg, Store: st, Log: logger, Diags: diags, Plugins: &plugin.Set{}, lock: lock}
	if o.NoPlugins {
		return s, nil
	}
	self := o.Self
	if self == "" {
		if self, err = os.Executable(); err != nil {
			st.Close()
			return nil, &Error{Code: ExitError, Err: err}
		}
	}
	allowed, err := plugin.DefaultAllowlist()
	if err != nil {
		// An unreadable allowlist allows nothing: the repository's own
		// plugins are refused, and the run says so and goes on.
		logger.Warn("the allowed plugins cannot be read", "error", err)
	}
	h := &plugin.Host{Self: self, Catalog: o.Catalog, Logger: logger, Stderr: o.Stderr, StartTimeout: cfg.PluginTimeout(),
		Cache: &infoCache{ctx: ctx, st: st}, Allowed: allowed}
	set, pdiags := h.Load(ctx, cfg, r.Root)
	if pdiags.HasErrors() {
		set.Close()
		st.Close()
		return nil, &Error{Code: ExitConfig, Err: fmt.Errorf("invalid configuration"), Diags: append(diags, pdiags...), Files: cfg.Parser.Files()}
	}
	s.Diags = append(s.Diags, pdiags...)
	s.Plugins = set
	return s, nil
}

// ignoreDatabase keeps the database out of `git status` when it lives in
// the repository's .homer/ directory, by a .gitignore there that names only
// the database files (homer.hcl and plugins/ beside it may be committed).
// An existing .gitignore is left alone.
func ignoreDatabase(root, db string) {
	dir := filepath.Dir(db)
	if filepath.Clean(dir) != filepath.Join(root, ".homer") {
		return
	}
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Lstat(ignore); err == nil {
		return // anything there, a dangling link included, is left alone
	}
	base := filepath.Base(db)
	_ = os.WriteFile(ignore, []byte("# Homer's database: rebuilt by homer init/update, not worth committing.\n.gitignore\n"+base+"\n"+base+"-*\n"), 0o644)
}

// infoCache keeps plugin descriptions in the store's checkpoints table.
type infoCache struct {
	ctx context.Context
	st  *store.Store
}

func (c *infoCache) Get(key string) []byte {
	v, err := c.st.Checkpoint(c.ctx, key)
	if err != nil || v == "" {
		return nil
	}
	data, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		// A damaged entry is a miss: the plugin is described again
		// and the entry rewritten.
		return nil
	}
	return data
}

func (c *infoCache) Put(key string, data []byte) {
	// A lost entry only means starting the plugin next time.
	_ = c.st.Write(c.ctx, func(tx *store.Tx) error {
		return tx.SetCheckpoint(key, base64.StdEncoding.EncodeToString(data))
	})
}

// Close stops plugins and the repository's git process, and closes the
// store.
func (s *Session) Close() error {
	s.Plugins.Close()
	if s.Repo != nil {
		s.Repo.Close()
	}
	if s.Store == nil {
		return nil
	}
	err := s.Store.Close()
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

// RunOptions tunes one pipeline run.
type RunOptions struct {
	Targets []string // nil: every stage
	Force   bool
	// ForceAnalysis redoes analyses, model and renders but not extraction.
	ForceAnalysis bool
	// ForceRender redoes the renders; what they depend on is memoized as
	// in any run.
	ForceRender bool
	Progress    pipeline.Progress
	OutDir      string
	DryRun      bool
	Merge       bool
	Diff        bool
}

// Run executes the pipeline.
func (s *Session) Run(ctx context.Context, o RunOptions) (*pipeline.Result, error) {
	head, err := s.Repo.Head()
	if err != nil {
		return nil, &Error{Code: ExitError, Err: err}
	}
	// Two renderers set to write one file is found before anything runs.
	if d := pipeline.CheckClaims(s.Config, s.Plugins.OfKind(sdk.KindRenderer)); d.HasErrors() {
		return nil, &Error{Code: ExitConfig, Err: fmt.Errorf("invalid configuration"), Diags: d, Files: s.Config.Parser.Files()}
	}
	r := &pipeline.Run{Cfg: s.Config, Repo: s.Repo, Store: s.Store, Plugins: s.Plugins, Log: s.Log,
		Progress: o.Progress, Force: o.Force, ForceAnalysis: o.ForceAnalysis, ForceRender: o.ForceRender, Head: head, OutDir: o.OutDir, DryRun: o.DryRun, Merge: o.Merge, Diff: o.Diff}
	res, err := pipeline.Execute(ctx, r, o.Targets)
	if err != nil {
		return nil, &Error{Code: ExitError, Err: err}
	}
	// A run from scratch wrote nearly every row in one go: the store is
	// rewritten with its pages full (see store.Compact). Updates leave it
	// as it is, rewriting little.
	if o.Force && !o.DryRun && !res.Interrupted() {
		if err := s.Store.Compact(ctx); err != nil {
			return nil, &Error{Code: ExitError, Err: err}
		}
	} else if !o.DryRun && !res.Interrupted() {
		// The facts the run parsed, stored as they are, are packed with
		// their neighbours' that are alone, and the packs of texts no row
		// names go (store.Tx.EndRun).
		reparsed, err := s.Store.MemoShareUnpacked(ctx)
		if err != nil {
			return nil, &Error{Code: ExitError, Err: err}
		}
		if err := s.Store.Write(ctx, func(tx *store.Tx) error { return tx.EndRun() }); err != nil {
			return nil, &Error{Code: ExitError, Err: err}
		}
		// After an upgrade's update, which parsed every file again, the
		// store is rewritten (store.TidyAfterUpdate).
		if _, err := s.Store.TidyAfterUpdate(ctx, reparsed); err != nil {
			return nil, &Error{Code: ExitError, Err: err}
		}
	}
	return res, nil
}

// ExitFor maps a finished run to its exit code.
func ExitFor(res *pipeline.Result) int {
	if res.Interrupted() {
		return ExitInterrupted
	}
	for _, o := range res.Failed() {
		switch {
		case o.Stage == "source.git" || o.Stage == "source.structure":
			return ExitError
		}
	}
	renderFailed := false
	for _, o := range res.Failed() {
		// Two renderers writing one file is the configuration's fault.
		var claim *pipeline.ClaimError
		if errors.As(o.Err, &claim) {
			return ExitConfig
		}
		if len(o.Stage) > 7 && o.Stage[:7] == "render." {
			renderFailed = true
		}
	}
	if renderFailed && len(res.Written) == 0 {
		return ExitRender
	}
	if res.Partial() {
		return ExitPartial
	}
	return ExitOK
}
