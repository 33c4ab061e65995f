package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/homer-dev/homer/core/record"
)

// NewerSchemaError refuses a database written by a newer Homer.
type NewerSchemaError struct {
	Path       string
	Found, Max int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("%s: database schema version %d is newer than this Homer understands (%d); upgrade Homer or remove the database to rebuild it", e.Path, e.Found, e.Max)
}

// Store is the open database: one writer goroutine and a pool of readers.
type Store struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	// checkpointer copies the write-ahead log into the database file
	// beside the writer (see checkpoints).
	checkpointer *sql.DB

	reqs    chan writeReq // in queue order
	queueMu sync.Mutex    // orders queueing against closing
	closing bool
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
	// committed wakes the checkpointer; checkpointed is closed when it
	// has stopped.
	committed    chan struct{}
	checkpointed chan struct{}

	// Owned by the writer goroutine only: the ids of nodes written or
	// looked up in earlier transactions, but for definitions. Those are
	// found by their names in the transaction that writes them, and seldom
	// after it: every one of them kept for the rest of the run, with its
	// name, was most of 11 MB of spring-boot's core heap at init (165,000
	// definitions, with the commits that were nodes then). One asked for
	// again is read by its key.
	nodes map[nodeKey]int64
}

type nodeKey struct{ kind, name string }

type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done *Pending
	// vacuum asks for the database to be rewritten (see Compact) instead
	// of running fn.
	vacuum bool
}

// driverName is mattn's driver with a connection hook for the settings its
// DSN cannot carry and the store's SQL functions (see registerFuncs).
const driverName = "sqlite3-homer"

// DriverName is the database/sql driver a store opens with, for reading a
// store outside this package (tests): plain SQLite lacks the functions
// that decode what the store packs.
const DriverName = driverName

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := registerFuncs(c); err != nil {
			return err
		}
		// No memory-mapped reads: every mapped page a connection reads
		// stays in the process's RSS as long as the connection is open,
		// once per connection that maps it. Mapping the first 64 MiB put
		// 60-65 MB of spring-boot's store in the core's RSS from the
		// model stage, the core's largest moment, to the end of the run
		// (BENCHMARKS.md, "Memory, tenth pass"); read through the page
		// cache, a page is copied into the connection's own cache, which
		// is bounded (_cache_size).
		// No commit checkpoints: the store's checkpointer does (see
		// checkpoints).
		_, err := c.Exec("PRAGMA mmap_size = 0; PRAGMA wal_autocheckpoint = 0", nil)
		if n := pageLimit.Load(); err == nil && n > 0 {
			_, err = c.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", n), nil)
		}
		return err
	}})
}

// Fault injection for tests: a full disk fails a write either while it
// grows the database (pageLimit) or when it commits (failCommit).
var pageLimit, failCommit, committed atomic.Int64

// Committed counts the transactions committed by every store of the
// process, for tests that fail each in turn.
func Committed() int64 { return committed.Load() }

// LimitPages is for fault-injection tests: stores opened after it cap their
// database at n pages (none when n is 0), so that a write growing it past
// that fails as it would on a full disk.
func LimitPages(n int64) { pageLimit.Store(n) }

// FailCommit is for fault-injection tests: the n-th transaction to commit
// from now on, in any store, fails as a commit on a full disk does (none
// when n is 0).
func FailCommit(n int64) { failCommit.Store(n) }

var errInjectedFull = errors.New("database or disk is full (injected)")

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	// Page caches, in KiB: what a reader caches it holds until it closes,
	// four readers at once; the writer's cache holds a transaction's dirty pages, and
	// past its size SQLite spills them to the WAL. The writer's was 32 MiB,
	// filled by the history's writes and held to the end of the run.
	q.Set("_cache_size", "-8192")
	if readOnly {
		q.Set("_query_only", "true")
	} else {
		// A write transaction takes the write lock when it begins, so a
		// busy store makes it wait (busy_timeout) rather than fail when
		// it first writes after reading.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A database from a newer Homer yields *NewerSchemaError, and
// one that cannot be written an error wrapping ErrNotWritable.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := CheckForeign(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, notWritable(filepath.Dir(path), err)
	}
	w, err := sql.Open(driverName, dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := migrate(ctx, w, path); err != nil {
		w.Close()
		return nil, explainOpen(path, err)
	}
	r, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(readersIdle)
	c, err := sql.Open(driverName, dsn(path, false))
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	s := &Store{
		path: path, writer: w, reader: r, checkpointer: c,
		reqs: make(chan writeReq, 16), stop: make(chan struct{}), stopped: make(chan struct{}),
		committed: make(chan struct{}, 1), checkpointed: make(chan struct{}),
		nodes: map[nodeKey]int64{},
	}
	go s.loop()
	go s.checkpoints()
	return s, nil
}

// checkpoints copies committed pages from the write-ahead log into the
// database file after each commit, on its own connection. SQLite would
// otherwise do it inside the commit that takes the log past 1,000 pages,
// fsyncs included: tens of milliseconds charged to whichever stage wrote
// last. A passive checkpoint waits for no reader or writer; what it cannot
// copy yet, the next one does, and closing the store copies the rest.
func (s *Store) checkpoints() {
	defer close(s.checkpointed)
	for {
		select {
		case <-s.stop:
			return
		case <-s.committed:
			_, _ = s.checkpointer.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// ftsTable is the full-text index's definition in a migration, whatever
// its tokenizer.
var ftsTable = regexp.MustCompile(`CREATE VIRTUAL TABLE search USING fts5 \([^;]*\);`)

// rebuilds are the migrations (by index in migrations, as in applied)
// that rebuild a table other tables refer to: they run with foreign keys
// off, or dropping the old table would delete every row that refers to it.
// 9 makes schema 10 (nodes keyed); 34 makes schema 35 (commits rebuilt
// with their shas, the commit nodes deleted: the rows that referred to
// them are deleted by the script itself).
var rebuilds = map[int]bool{9: true, 34: true}

// ftsRebuild fills the full-text index from its content (migrations 9
// and 35); without FTS5 the plain table it stands for is emptied and
// filled by a copy.
const ftsRebuild = "INSERT INTO search (search) VALUES ('rebuild');"

// ftsDelete takes a text out of the full-text index (the triggers of
// migration 9); without FTS5 the row of the plain table is deleted.
var ftsDelete = regexp.MustCompile(`INSERT INTO search \(search, rowid, kind, ref, body\) VALUES \('delete', (-?OLD\.node_id)[^;]*;`)

func migrate(ctx context.Context, db *sql.DB, path string) error {
	return migrateTo(ctx, db, path, len(migrations))
}

// migrateTo brings a database up to schema version target (tests build
// older stores with it).
func migrateTo(ctx context.Context, db *sql.DB, path string, target int) error {
	return migrateWith(ctx, db, path, target, HasFTS5(ctx, db))
}

// migrateWith is migrateTo for a build with or without FTS5.
func migrateWith(ctx context.Context, db *sql.DB, path string, target int, fts bool) error {
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
			return fmt.Errorf("%s is not a Homer database (or is corrupt): %w", path, err)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	if version > SchemaVersion {
		return &NewerSchemaError{Path: path, Found: version, Max: SchemaVersion}
	}
	if version == 0 {
		// A database without Homer's schema that already holds tables is
		// someone else's: it is never adopted (a repository's homer.hcl may
		// name any file the user owns).
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err == nil && n > 0 {
			return fmt.Errorf("%s holds tables but is not a Homer database; it is left untouched (name another db in homer.hcl, or remove the file)", path)
		}
	}
	if fts && version > 0 && PlainSearchIndex(ctx, db) {
		// A Homer built without the sqlite_fts5 tag made the index a
		// plain table: the migrations keep it so, as that build's would.
		fts = false
	} else if !fts && version > 0 {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'search' AND sql LIKE '%fts5%'").Scan(&n); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if n > 0 {
			return fmt.Errorf("%s was made by a Homer with full-text search, and this one was built without it: rebuild with -tags sqlite_fts5 (make build does), or remove the database to start again", path)
		}
	}
	for v := version; v < target; v++ {
		script := migrations[v]
		if !fts {
			// Built without the sqlite_fts5 tag (a plain `go install`):
			// the index becomes an ordinary table with the same columns,
			// so everything but full-text matching works.
			script = ftsTable.ReplaceAllString(script, "CREATE TABLE search (kind TEXT, ref TEXT, body TEXT);")
			script = strings.ReplaceAll(script, ftsRebuild, "DELETE FROM search; INSERT INTO search (rowid, kind, ref, body) SELECT id, kind, ref, body FROM search_source;")
			script = ftsDelete.ReplaceAllString(script, "DELETE FROM search WHERE rowid = $1;")
		}
		if guard, ok := applied[v]; ok {
			var done bool
			if err := db.QueryRowContext(ctx, guard).Scan(&done); err != nil {
				return fmt.Errorf("%s: migration to schema %d: %w", path, v+1, err)
			}
			if done {
				script = ""
			}
		}
		if rebuilds[v] && script != "" {
			// Foreign keys are switched outside a transaction, on the one
			// connection migrations run on.
			if _, err := db.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			defer db.ExecContext(ctx, "PRAGMA foreign_keys = ON")
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if _, err := tx.ExecContext(ctx, script); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: migration to schema %d: %w", path, v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("%s: migration to schema %d: %w", path, v+1, err)
		}
	}
	if version > 0 && version < target && target >= 8 {
		// Migration 8 rewrote most of an existing store in a smaller
		// form, 9 dropped the full-text index's copy of its texts, 10 the
		// index of node names, 11 moved calls out of the edge tables, 12
		// the file-level and history edges, 13 the paths in definitions'
		// names, 14 the keys of their metadata, 15 the kinds and input
		// hashes of results, 16 the parse memo's index, 17 and 18 commit
		// and blob ids as text: give the freed pages back to the file
		// system.
		if version < packsSchema && target >= packsSchema {
			if err := packMigrated(ctx, db, (*Tx).PackParseMemo); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		if version < messagePacksSchema && target >= messagePacksSchema {
			if err := packMigrated(ctx, db, (*Tx).PackMessages); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		if version < textPacksSchema && target >= textPacksSchema {
			if err := packMigrated(ctx, db, (*Tx).PackSearchTexts); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		if _, err := db.ExecContext(ctx, "VACUUM"); err != nil {
			return fmt.Errorf("%s: vacuum after migration: %w", path, err)
		}
	}
	return nil
}

// packsSchema is the schema that packs the parse memo's facts several
// files together (PackParseMemo).
const packsSchema = 30

// messagePacksSchema is the schema that packs commit messages several
// together (PackMessages).
const messagePacksSchema = 41

// textPacksSchema is the schema that packs the texts of search_texts
// several together (PackSearchTexts).
const textPacksSchema = 43

// packMigrated packs what a store migrated to packsSchema or
// messagePacksSchema or textPacksSchema holds one by one (pack:
// PackParseMemo, PackMessages, PackSearchTexts),
// as an init packs its own.
func packMigrated(ctx context.Context, db *sql.DB, pack func(*Tx) error) error {
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &Tx{tx: sqlTx, ctx: ctx, run: ctx, stmts: map[string]*sql.Stmt{}, newNodes: map[nodeKey]int64{}}
	if err := pack(t); err != nil {
		sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// PlainSearchIndex reports whether the store's full-text index is the
// plain table a Homer built without FTS5 makes in its place.
func PlainSearchIndex(ctx context.Context, db *sql.DB) bool {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'search' AND type = 'table' AND sql NOT LIKE '%fts5%'").Scan(&n)
	return err == nil && n > 0
}

// HasFTS5 reports whether this build's SQLite has FTS5 (the sqlite_fts5
// build tag).
func HasFTS5(ctx context.Context, db *sql.DB) bool {
	var used int
	err := db.QueryRowContext(ctx, "SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&used)
	return err == nil && used == 1
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DB is the read-only connection pool.
func (s *Store) DB() *sql.DB { return s.reader }

// readersIdle is how many reading connections wait open for the next read
// (database/sql's default).
const readersIdle = 2

// ReleaseReaders closes the reading connections that wait idle, and with
// them their page caches (up to 8 MiB each, filled by the reads so far);
// the next reads open connections anew. The model stage calls it before
// the renderers start: on spring-boot the core's RSS fell by 18 MB.
func (s *Store) ReleaseReaders() {
	s.reader.SetMaxIdleConns(0)
	s.reader.SetMaxIdleConns(readersIdle)
}

// Close stops the writer and closes the database.
func (s *Store) Close() error {
	s.queueMu.Lock()
	s.closing = true
	s.queueMu.Unlock()
	s.once.Do(func() { close(s.stop) })
	<-s.stopped
	<-s.checkpointed
	err := s.checkpointer.Close()
	if rerr := s.reader.Close(); err == nil {
		err = rerr
	}
	if werr := s.writer.Close(); err == nil {
		err = werr
	}
	return err
}

// Write runs fn in one transaction on the writer goroutine. fn's writes
// commit together or not at all.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error { return s.Queue(ctx, fn).Wait() }

// Pending is a queued write.
type Pending struct {
	done chan struct{}
	err  error
}

func settled(err error) *Pending {
	p := &Pending{done: make(chan struct{}), err: err}
	close(p.done)
	return p
}

func (p *Pending) settle(err error) {
	p.err = err
	close(p.done)
}

// Wait blocks until the write committed or failed, and returns its error.
func (p *Pending) Wait() error {
	<-p.done
	return p.err
}

// Settled reports, without blocking, whether the write is over, and its
// error if it is. Inside a transaction, every write queued before it is
// over.
func (p *Pending) Settled() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// Queue puts fn in line for the writer and returns the pending write.
// Transactions run in the order they were queued: a write queued after
// Queue returns sees fn's data (or fn's failure).
func (s *Store) Queue(ctx context.Context, fn func(*Tx) error) *Pending {
	return s.queue(writeReq{ctx: ctx, fn: fn, done: &Pending{done: make(chan struct{})}})
}

func (s *Store) queue(req writeReq) *Pending {
	ctx := req.ctx
	s.queueMu.Lock()
	defer s.queueMu.Unlock()
	if s.closing {
		return settled(errClosed)
	}
	select {
	case s.reqs <- req:
	case <-ctx.Done():
		return settled(ctx.Err())
	}
	return req.done
}

var errClosed = errors.New("store is closed")

// Compact rewrites the database with its rows in key order and its pages
// full, once the writes queued before it are done. A fresh analysis leaves
// pages partly empty: edges keyed by a hash, and the node index, are
// written in no order (on spring-boot 182.6 MB become 173.5 MB, in about a
// second). Row ids of tables without an INTEGER PRIMARY KEY may change;
// none is referred to.
//
// The parse memo's facts are packed several files together first, and
// the packs of texts no row names any more go (EndRun).
func (s *Store) Compact(ctx context.Context) error {
	if err := s.Write(ctx, func(tx *Tx) error { return tx.EndRun() }); err != nil {
		return err
	}
	return s.vacuum(ctx)
}

// vacuum rewrites the database with its pages full, once the writes
// queued before it are done.
func (s *Store) vacuum(ctx context.Context) error {
	return s.queue(writeReq{ctx: ctx, vacuum: true, done: &Pending{done: make(chan struct{})}}).Wait()
}

// sparseShare is the share of a store's pages left free, or of the parse
// memo's files parsed again in one run, past which an update's end
// rewrites the store (TidyAfterUpdate).
const sparseShare = 0.25

// MemoShareUnpacked is the share of the parse memo's files stored as
// they are, not yet packed (PackParseMemo): after an update, the share
// it parsed again.
func (s *Store) MemoShareUnpacked(ctx context.Context) (float64, error) {
	var unpacked, all int64
	if err := s.reader.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE substr(facts, 1, 1) != x'07'), count(*) FROM parse_memo").Scan(&unpacked, &all); err != nil {
		return 0, fmt.Errorf("%s: %w", s.path, err)
	}
	if all == 0 {
		return 0, nil
	}
	return float64(unpacked) / float64(all), nil
}

// TidyAfterUpdate rewrites the store, as Compact does, when a quarter or
// more of its pages are free, or reparsed is a quarter or more (the
// memo's share an update parsed again, MemoShareUnpacked before EndRun):
// an update after a Homer upgrade parses every file again, and its facts,
// written whole and then packed, leave the memo's pages mostly empty. On
// spring-boot the store was left at 99 MB against 54 MB after an init;
// on cli/cli 7.8 MB against 4.9, 1.7 MB of the memo's pages holding 4.5 KB.
// An ordinary update parses and frees little and costs no rewrite. It
// reports whether it rewrote.
func (s *Store) TidyAfterUpdate(ctx context.Context, reparsed float64) (bool, error) {
	var free, pages int64
	if err := s.reader.QueryRowContext(ctx, "PRAGMA freelist_count").Scan(&free); err != nil {
		return false, fmt.Errorf("%s: %w", s.path, err)
	}
	if err := s.reader.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return false, fmt.Errorf("%s: %w", s.path, err)
	}
	if pages == 0 || float64(free) < sparseShare*float64(pages) && reparsed < sparseShare {
		return false, nil
	}
	return true, s.vacuum(ctx)
}

func (s *Store) loop() {
	defer close(s.stopped)
	for {
		select {
		case <-s.stop:
			// Nothing is queued after Close began: answer what was.
			for {
				select {
				case req := <-s.reqs:
					req.done.settle(errClosed)
				default:
					return
				}
			}
		case req := <-s.reqs:
			// The writer works for the caller: a CPU profile counts its
			// time under the caller's labels (the pipeline's stage).
			pprof.SetGoroutineLabels(req.ctx)
			s.serve(req)
		}
	}
}

// serve runs one request and always answers it, even if fn panics or
// exits its goroutine: the panic is turned into an error and the writer
// goes on.
func (s *Store) serve(req writeReq) {
	answered := false
	defer func() {
		if !answered {
			req.done.settle(fmt.Errorf("store write aborted: %v", recover()))
		}
	}()
	err := s.run(req)
	answered = true
	req.done.settle(err)
}

func (s *Store) run(req writeReq) error {
	if err := req.ctx.Err(); err != nil {
		return err
	}
	if req.vacuum {
		if _, err := s.writer.ExecContext(req.ctx, "VACUUM"); err != nil {
			return fmt.Errorf("%s: vacuum: %w", s.path, err)
		}
		// The rewritten pages are in the WAL: wake the checkpointer.
		select {
		case s.committed <- struct{}{}:
		default:
		}
		return nil
	}
	sqlTx, err := s.writer.BeginTx(req.ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", s.path, err)
	}
	tx := &Tx{s: s, tx: sqlTx, ctx: req.ctx, run: context.WithoutCancel(req.ctx), stmts: map[string]*sql.Stmt{}, newNodes: map[nodeKey]int64{}}
	done := false
	defer func() {
		if !done { // fn panicked: leave the connection clean for the next write
			sqlTx.Rollback()
			s.nodes = map[nodeKey]int64{}
		}
	}()
	if err := req.fn(tx); err != nil {
		done = true
		sqlTx.Rollback()
		if tx.dropCache {
			s.nodes = map[nodeKey]int64{}
		}
		return err
	}
	done = true
	if failCommit.Load() > 0 && failCommit.Add(-1) == 0 {
		sqlTx.Rollback()
		s.nodes = map[nodeKey]int64{}
		return fmt.Errorf("%s: commit: %w", s.path, errInjectedFull)
	}
	if err := sqlTx.Commit(); err != nil {
		s.nodes = map[nodeKey]int64{}
		return fmt.Errorf("%s: commit: %w", s.path, err)
	}
	committed.Add(1)
	if tx.dropCache {
		s.nodes = map[nodeKey]int64{}
	}
	for k, id := range tx.newNodes {
		if k.kind != record.KindDefinition {
			s.nodes[k] = id
		}
	}
	select {
	case s.committed <- struct{}{}:
	default: // a checkpoint is due already
	}
	return nil
}

// Checkpoint returns a source's checkpoint, "" when there is none.
func (s *Store) Checkpoint(ctx context.Context, name string) (string, error) {
	return s.scalar(ctx, "SELECT value FROM checkpoints WHERE name = ?", name)
}

// StageKey returns the input key a stage last finished with, "" if never.
func (s *Store) StageKey(ctx context.Context, name string) (string, error) {
	return s.scalar(ctx, "SELECT key FROM stages WHERE name = ?", name)
}

// StageKeys returns every stage's last input key by stage name.
func (s *Store) StageKeys(ctx context.Context) (map[string]string, error) {
	rows, err := s.reader.QueryContext(ctx, "SELECT name, key FROM stages")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, key string
		if err := rows.Scan(&name, &key); err != nil {
			return nil, err
		}
		out[name] = key
	}
	return out, rows.Err()
}

func (s *Store) scalar(ctx context.Context, query string, args ...any) (string, error) {
	var v string
	err := s.reader.QueryRowContext(ctx, query, args...).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.path, err)
	}
	return v, nil
}
