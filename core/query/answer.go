package query

import (
	"context"
	"errors"
	"fmt"
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
	if err == nil {
		return &Answer{Kind: "symbol", Symbol: s}, nil
	}
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%s is no file, directory or symbol the store knows: %w", target, ErrNotFound)
	}
	return nil, err
}
