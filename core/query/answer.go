package query

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Answer is what a target names: exactly one of File, Symbol and
// Directory is set, and Kind says which.
type Answer struct {
	Kind      string     `json:"kind"`
	File      *File      `json:"file,omitempty"`
	Symbol    *Symbol    `json:"symbol,omitempty"`
	Directory *Directory `json:"directory,omitempty"`
}

// Value is the answer itself, as homer query prints it in JSON.
func (a *Answer) Value() any {
	switch {
	case a.File != nil:
		return a.File
	case a.Symbol != nil:
		return a.Symbol
	}
	return a.Directory
}

// Target answers for a file at HEAD, else a directory, else a symbol, in
// that order, so that a path is never taken for a symbol's suffix. depth
// bounds callers and callees, top a directory's lists. A symbol that
// could mean several is an *AmbiguousError; nothing at all, ErrNotFound.
func (q *Q) Target(ctx context.Context, target string, depth, top int) (*Answer, error) {
	f, err := q.File(ctx, target, depth)
	if err == nil {
		return &Answer{Kind: "file", File: f}, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	d, err := q.Directory(ctx, target, top)
	if err == nil {
		return &Answer{Kind: "directory", Directory: d}, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	s, err := q.Symbol(ctx, target, depth)
	for _, alt := range symbolSpellings(target) {
		if !errors.Is(err, ErrNotFound) {
			break
		}
		s, err = q.Symbol(ctx, alt, depth)
	}
	if err == nil {
		return &Answer{Kind: "symbol", Symbol: s}, nil
	}
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%s is no file, directory or symbol the store knows: %w", target, ErrNotFound)
	}
	return nil, err
}

// symbolSpellings are the other ways to ask for a symbol the store names
// with dots: the separators languages write (Logger::pushHandler,
// Monolog\Logger, Logger#push, ptr->run, an import path's slashes) as
// dots, then the name without its leading qualifiers one by one, down to
// two parts (the store names Monolog\Logger's method Logger.pushHandler).
func symbolSpellings(target string) []string {
	if strings.Contains(target, "/") && strings.Contains(target, "#") {
		return nil // a path's symbol (file#name) is asked for in that file only
	}
	dotted := strings.NewReplacer("::", ".", "\\", ".", "#", ".", "->", ".", "/", ".").Replace(target)
	dotted = strings.Trim(dotted, ".")
	var out []string
	if dotted != target && dotted != "" {
		out = append(out, dotted)
	}
	parts := strings.Split(dotted, ".")
	for i := 1; len(parts)-i >= 2; i++ {
		out = append(out, strings.Join(parts[i:], "."))
	}
	return out
}
