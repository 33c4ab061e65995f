package plugin

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	homedir "github.com/mitchellh/go-homedir"
)

// Allowlist is the user's record of plugin binaries that a repository chose
// (see Binary.Chosen) and the user allowed to run. Each entry is a binary's
// real path with the SHA-256 of its contents: a binary that changes after
// it was allowed, by a pull or a checkout, is refused again until the user
// has read it anew. The file lives in the user's home, never in a
// repository, so a clone cannot allow its own plugins. It is written in
// sha256sum's format ("HEX  PATH" per line), so `sha256sum -c` checks it.
type Allowlist struct {
	path string
	sums map[string]string // real path → lower-case hex SHA-256
}

// AllowlistPath is where the allowlist of a user with this home lives.
func AllowlistPath(home string) string { return filepath.Join(home, ".homer", "allowed") }

// DefaultAllowlist reads the current user's allowlist.
func DefaultAllowlist() (*Allowlist, error) {
	home, err := homedir.Dir()
	if err != nil {
		return &Allowlist{sums: map[string]string{}}, fmt.Errorf("allowed plugins: no home directory: %w", err)
	}
	return LoadAllowlist(AllowlistPath(home))
}

// LoadAllowlist reads an allowlist; a missing file allows nothing. Lines
// that do not parse allow nothing either, rather than failing every run.
func LoadAllowlist(path string) (*Allowlist, error) {
	a := &Allowlist{path: path, sums: map[string]string{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return a, nil
	}
	if err != nil {
		return a, fmt.Errorf("allowed plugins: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		sum, file, ok := parseSumLine(sc.Text())
		if ok {
			a.sums[file] = sum
		}
	}
	return a, nil
}

// parseSumLine reads one "HEX  PATH" line (sha256sum's text mode; its
// binary mode marks the path with '*' instead of the second space).
func parseSumLine(line string) (sum, path string, ok bool) {
	if len(line) < 67 || (line[64:66] != "  " && line[64:66] != " *") {
		return "", "", false
	}
	sum = strings.ToLower(line[:64])
	if _, err := hex.DecodeString(sum); err != nil {
		return "", "", false
	}
	path = line[66:]
	if !filepath.IsAbs(path) {
		return "", "", false
	}
	return sum, path, true
}

// Path is the file the allowlist is read from and saved to.
func (a *Allowlist) Path() string { return a.path }

// Sum returns the hash a binary was allowed with.
func (a *Allowlist) Sum(real string) (string, bool) {
	if a == nil {
		return "", false
	}
	s, ok := a.sums[real]
	return s, ok
}

// Allows reports whether the binary at real path was allowed with exactly
// this content.
func (a *Allowlist) Allows(real, sum string) bool {
	s, ok := a.Sum(real)
	return ok && s == sum
}

// Allow records a binary with the hash of its content, replacing what an
// earlier allowance of the same path recorded.
func (a *Allowlist) Allow(real, sum string) error {
	if !filepath.IsAbs(real) || strings.ContainsAny(real, "\n\r") {
		// One entry per line: a name with a line break in it could
		// smuggle in a second entry.
		return fmt.Errorf("%q cannot be allowed: its path must be absolute and on one line", real)
	}
	if _, err := hex.DecodeString(sum); err != nil || len(sum) != 64 {
		return fmt.Errorf("%q is not a SHA-256", sum)
	}
	a.sums[real] = strings.ToLower(sum)
	return nil
}

// Revoke forgets a binary; it reports whether it was allowed.
func (a *Allowlist) Revoke(real string) bool {
	_, ok := a.sums[real]
	delete(a.sums, real)
	return ok
}

// save writes the allowlist through a temporary file renamed over the old
// one, so a reader never sees half a file. The caller holds the lock.
func (a *Allowlist) save() error {
	paths := make([]string, 0, len(a.sums))
	for p := range a.sums {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	for _, p := range paths {
		fmt.Fprintf(&buf, "%s  %s\n", a.sums[p], p)
	}
	// Only one writer holds the lock, so one temporary name serves; it
	// is created like any file the user writes (0644 less the umask).
	tmp := a.path + ".new"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, a.path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// UpdateAllowlist reads the allowlist at path, lets change edit it and
// saves it, holding a lock so that two commands allowing plugins at once
// do not lose each other's entries. It returns the list as saved.
func UpdateAllowlist(path string, change func(*Allowlist) error) (*Allowlist, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("allowed plugins: %w", err)
	}
	unlock, err := lockFile(path + ".lock")
	if err != nil {
		return nil, fmt.Errorf("allowed plugins: %w", err)
	}
	defer unlock()
	a, err := LoadAllowlist(path)
	if err != nil {
		return nil, err
	}
	if err := change(a); err != nil {
		return nil, err
	}
	if err := a.save(); err != nil {
		return nil, fmt.Errorf("allowed plugins: %w", err)
	}
	return a, nil
}

// FileSHA256 hashes a file's content, in lower-case hex.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", path)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
