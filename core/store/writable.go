package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// ErrNotWritable is wrapped by the error for a store that cannot be
// written. SQLite's own words for it ("unable to open database file: no
// such file or directory", "attempt to write a readonly database") name
// neither the cause nor the place.
var ErrNotWritable = errors.New("the store cannot be written")

// notWritableError names what of the store cannot be written, and why.
type notWritableError struct {
	path string
	err  error
}

func (e *notWritableError) Error() string {
	return fmt.Sprintf("%v: %s: %v (make it writable, or set db in homer.hcl to a place that is)", ErrNotWritable, e.path, e.err)
}

func (e *notWritableError) Unwrap() []error { return []error{ErrNotWritable, e.err} }

// notWritable wraps err, a failure to create or open a file, naming path:
// the file's own path is left out of the cause, which is then only the
// reason (permission denied, read-only file system, not a directory).
func notWritable(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &notWritableError{path: path, err: err}
}

// CheckWritable makes sure the store at path can be written, and returns
// an error wrapping ErrNotWritable that says what cannot be and why when
// it cannot. Its directory is created if missing and must take new files:
// besides the database, SQLite creates its write-ahead log and the log's
// index there, even to read. The database, when it exists, must open for
// writing; SQLite would otherwise open it read-only without a word and fail
// at the first write.
//
// It tries rather than asks (access(2)): a mode that would refuse a user
// does not stop root, and only trying tells a read-only mount, an ACL or a
// network file system's mapping of users apart from what merely looks
// writable.
func CheckWritable(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return notWritable(dir, err)
	}
	probe, err := os.CreateTemp(dir, ".homer-probe-*")
	if err != nil {
		return notWritable(dir, err)
	}
	name := probe.Name()
	probe.Close()
	if err := os.Remove(name); err != nil {
		return notWritable(dir, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return notWritable(p, err)
		}
		f.Close()
	}
	return nil
}

// explainOpen turns SQLite's failure to open or write the database at
// path into the reason, when the reason is that the store cannot be
// written; any other error is returned as it is.
func explainOpen(path string, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.Code != sqlite3.ErrCantOpen && se.Code != sqlite3.ErrReadonly && se.Code != sqlite3.ErrPerm) {
		return err
	}
	if nw := CheckWritable(path); nw != nil {
		return nw
	}
	return err
}

// CheckForeign refuses, without writing a byte, a file at path that is
// not a Homer store: anything that is not SQLite, or a SQLite database
// that holds a schema but not Homer's (user_version 0). It reads the
// database header only; opening such a file through SQLite would already
// switch it to write-ahead logging. A store whose log is beside it may
// have its schema only in the log, so it is left to Open to judge.
func CheckForeign(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // nothing there yet, or Open will say what is wrong
	}
	defer f.Close()
	var h [100]byte
	n, _ := io.ReadFull(f, h[:])
	if n == 0 {
		return nil
	}
	if n < len(h) || string(h[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("%s is not a Homer database (not SQLite); it is left untouched (name another db in homer.hcl, or remove the file)", path)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil
	}
	schemaCookie := binary.BigEndian.Uint32(h[40:44])
	userVersion := binary.BigEndian.Uint32(h[60:64])
	if userVersion == 0 && schemaCookie != 0 {
		return fmt.Errorf("%s holds tables but is not a Homer database; it is left untouched (name another db in homer.hcl, or remove the file)", path)
	}
	return nil
}
