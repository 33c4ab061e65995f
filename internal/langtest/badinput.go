package langtest

import (
	"context"
	"fmt"
	"math/rand"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// BadInputCases is what a language tells BadInput: the little that is its
// own. BadInput writes the hostile files from it and asserts what holds
// for every language. Each case's file is bad/<case><Ext>, the case being
// syntax-error, invalid-utf8, minified, generated, binary,
// binary-without-nul or nesting-<Name>.
type BadInputCases struct {
	// Ext ends the name of every file, its dot included (".go").
	Ext string
	// Header, one line without its newline, starts every file BadInput
	// writes ("package gen;", "<?php"); often empty.
	Header string
	// SyntaxError is a whole file with a syntax error after at least one
	// definition: those definitions must be kept and the error reported.
	SyntaxError Snippet
	// InvalidUTF8 is a whole file with bytes that are not UTF-8 in names,
	// strings and comments.
	InvalidUTF8 Snippet
	// Minified is written on one line of 5 MB: Unit, which holds no
	// newline, repeated between Before and After.
	Minified Repeated
	// Generated is a file of at least 20,000 lines: Unit, lines that
	// define at least one thing, repeated between Before and After. Each
	// repetition must yield a definition.
	Generated Repeated
	// Nesting is one file per entry, each at least 10,000 levels deep.
	Nesting []Nest
	// Neighbour, when set, is a small valid file parsed in the same batch
	// after each bad file: it must come back with its definitions (a bad
	// file must not cost the batch its other files).
	Neighbour string
	// Binary, when set, asserts more of the facts of the binary files.
	Binary func(t *testing.T, f *sdk.FileFacts)
	// Deadline bounds each parse; five minutes unless set. Stalling is a
	// failure, not a wait. It detects a hang, not slowness: the 5 MB
	// minified file takes seconds on an idle machine and near two minutes
	// on a 2-core one running many test binaries at once.
	Deadline time.Duration
}

// Snippet is a file given whole, and what more its facts must show.
type Snippet struct {
	Source string
	Check  func(t *testing.T, f *sdk.FileFacts)
}

// Repeated is a file made by repeating Unit. In Unit, "{{i}}" becomes the
// number of the repetition, for code whose names must differ.
type Repeated struct {
	Before, Unit, After string
	Check               func(t *testing.T, f *sdk.FileFacts)
}

// Nest is a file of deep nesting: Before, Open written Levels times,
// Middle, Close written Levels times, After. With Indent set (languages
// whose blocks are indentation), every line of the Opens is indented one
// step deeper than the line before it, and Middle as deep as the last.
type Nest struct {
	Name                               string
	Before, Open, Middle, Close, After string
	Indent                             string
	// Levels is how many times Open is written: 10,000 unless set (an
	// Open of two levels sets 5,000).
	Levels int
	Check  func(t *testing.T, f *sdk.FileFacts)
}

const (
	minifiedSize   = 5 << 20
	generatedLines = 20000
	nestingLevels  = 10000
)

// BadInput parses each hostile file with lang, one subtest a case, in
// parallel. Every case must come back within the deadline, without an
// error, a panic or an error diagnostic (a contained panic is one), with
// facts that marshal as protobuf (so every string is valid UTF-8), the
// file's line count, and either facts or a diagnostic: parsed partially or
// reported. Syntax errors and binary files must be reported; syntax errors
// must keep what parses; a generated file must yield its definitions.
func BadInput(t *testing.T, lang sdk.Language, c BadInputCases) {
	t.Helper()
	limit := c.Deadline
	if limit == 0 {
		limit = 5 * time.Minute
	}
	type badCase struct {
		name, src string
		assert    func(t *testing.T, f *sdk.FileFacts)
		check     func(t *testing.T, f *sdk.FileFacts)
	}
	var cases []badCase
	add := func(name, src string, check, assert func(t *testing.T, f *sdk.FileFacts)) {
		cases = append(cases, badCase{name, src, assert, check})
	}
	require.NotEmpty(t, c.SyntaxError.Source, "no syntax error case")
	require.False(t, utf8.ValidString(c.InvalidUTF8.Source), "the invalid UTF-8 case is valid UTF-8")
	require.NotEmpty(t, c.Minified.Unit, "no minified unit")
	require.NotEmpty(t, c.Nesting, "no nesting case")
	header := c.Header
	if header != "" {
		header += "\n"
	}

	add("syntax-error", c.SyntaxError.Source, c.SyntaxError.Check, func(t *testing.T, f *sdk.FileFacts) {
		require.NotEmpty(t, f.GetDiagnostics(), "the syntax error is not reported")
		require.NotEmpty(t, f.GetDefinitions(), "the definitions before the syntax error are lost")
	})
	add("invalid-utf8", c.InvalidUTF8.Source, c.InvalidUTF8.Check, partialOrReported)

	require.NotContains(t, c.Header+c.Minified.Before+c.Minified.Unit+c.Minified.After, "\n", "the minified file must be one line")
	var b strings.Builder
	if c.Header != "" {
		b.WriteString(c.Header + " ")
	}
	b.WriteString(c.Minified.Before)
	for i := 0; b.Len() < minifiedSize; i++ {
		b.WriteString(numbered(c.Minified.Unit, i))
	}
	b.WriteString(c.Minified.After)
	add("minified", b.String(), c.Minified.Check, func(t *testing.T, f *sdk.FileFacts) {
		partialOrReported(t, f)
		require.EqualValues(t, 1, f.GetLines())
	})

	perUnit := strings.Count(c.Generated.Unit, "\n")
	require.Positive(t, perUnit, "the generated unit must end its lines")
	units := (generatedLines + perUnit - 1) / perUnit
	b.Reset()
	b.WriteString(header + c.Generated.Before)
	for i := 0; i < units; i++ {
		b.WriteString(numbered(c.Generated.Unit, i))
	}
	b.WriteString(c.Generated.After)
	add("generated", b.String(), c.Generated.Check, func(t *testing.T, f *sdk.FileFacts) {
		require.GreaterOrEqual(t, f.GetLines(), int32(generatedLines))
		require.GreaterOrEqual(t, len(f.GetDefinitions()), units, "a definition is lost in the generated file")
	})

	noise := make([]byte, 64<<10)
	rand.New(rand.NewSource(1)).Read(noise)
	reported := func(t *testing.T, f *sdk.FileFacts) {
		require.NotEmpty(t, f.GetDiagnostics(), "binary content is taken for code without a word")
	}
	add("binary", header+string(noise), c.Binary, reported)
	// Without a NUL byte, the noise reaches the parser, whose recovery
	// from errors is slow on it: a quarter of the size says as much.
	noise = noise[:16<<10]
	for i := range noise {
		if noise[i] == 0 {
			noise[i] = 1
		}
	}
	add("binary-without-nul", header+string(noise), c.Binary, reported)

	for _, n := range c.Nesting {
		add("nesting-"+n.Name, header+nested(n), n.Check, partialOrReported)
	}

	// An empty file (a placeholder, an __init__) has no line and no facts.
	add("empty", "", nil, func(t *testing.T, f *sdk.FileFacts) {
		require.Zero(t, f.GetLines(), "an empty file has no line")
		require.Empty(t, f.GetDefinitions())
	})

	for _, bc := range cases {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			path := "bad/" + bc.name + c.Ext
			f := parseBad(t, lang, path, []byte(bc.src), c.Neighbour, limit)
			bc.assert(t, f)
			if bc.check == nil {
				return
			}
			// The parse budget is wall time: on a crowded machine a slow
			// grammar may be stopped on the 5 MB file, which the run then
			// reports as transient and parses again next time. That is
			// the documented outcome, so the language's own check of the
			// facts applies only to a parse that finished.
			if d := budgetStop(f); d != nil {
				t.Logf("%s: %s; the language's check of its facts is skipped", path, d.GetSummary())
				return
			}
			bc.check(t, f)
		})
	}
}

// parseBad parses one file with lang within limit and asserts what every
// bad input must give.
func parseBad(t *testing.T, lang sdk.Language, path string, src []byte, neighbour string, limit time.Duration) *sdk.FileFacts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	type result struct {
		facts []*sdk.FileFacts
		err   error
		panic string
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.panic = fmt.Sprintf("%v\n%s", p, debug.Stack())
			}
			done <- r
		}()
		files := []*sdk.SourceFile{{Path: path, BlobId: "bad", Content: src}}
		if neighbour != "" {
			files = append(files, &sdk.SourceFile{Path: "good/neighbour" + path[strings.LastIndex(path, "."):], BlobId: "good", Content: []byte(neighbour)})
		}
		r.facts, r.err = lang.Parse(ctx, files)
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(limit + min(limit, 5*time.Second)):
		t.Fatalf("%s: no answer within %s: the parse stalls", path, limit)
	}
	elapsed := time.Since(start)
	t.Logf("%s: %d bytes in %s", path, len(src), elapsed.Round(time.Millisecond))
	require.Empty(t, r.panic, "the parse panicked")
	require.NoError(t, r.err, "the parse failed or overran its %s", limit)
	if neighbour != "" {
		require.Len(t, r.facts, 2)
		require.NotEmpty(t, r.facts[1].GetDefinitions(), "the file after the bad one lost its facts")
	} else {
		require.Len(t, r.facts, 1)
	}
	f := r.facts[0]
	require.Equal(t, path, f.GetPath())
	for _, d := range f.GetDiagnostics() {
		require.NotEqual(t, sdk.SeverityError, d.GetSeverity(), "an error diagnostic (a contained panic?): %s", d.GetSummary())
	}
	_, err := proto.Marshal(f)
	require.NoError(t, err, "the facts do not marshal (a string that is not UTF-8?)")
	require.Equal(t, lineCount(src), f.GetLines(), "line count")
	return f
}

// budgetStop returns the transient diagnostic of a parse stopped by its
// time budget, or nil.
func budgetStop(f *sdk.FileFacts) *sdk.Diagnostic {
	for _, d := range f.GetDiagnostics() {
		if d.GetTransient() {
			return d
		}
	}
	return nil
}

// partialOrReported asserts that a file gave facts, or a diagnostic that
// says why not.
func partialOrReported(t *testing.T, f *sdk.FileFacts) {
	t.Helper()
	if len(f.GetDefinitions())+len(f.GetCalls())+len(f.GetImports()) == 0 {
		require.NotEmpty(t, f.GetDiagnostics(), "neither facts nor a diagnostic")
	}
}

// lineCount counts lines as a run reports them: a last line without its
// newline counts.
func lineCount(src []byte) int32 {
	s := string(src)
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return int32(n)
}

func numbered(unit string, i int) string {
	return strings.ReplaceAll(unit, "{{i}}", strconv.Itoa(i))
}

func nested(n Nest) string {
	levels := n.Levels
	if levels == 0 {
		levels = nestingLevels
	}
	var b strings.Builder
	b.WriteString(n.Before)
	depth := 0
	for i := 0; i < levels; i++ {
		if n.Indent == "" {
			b.WriteString(n.Open)
			continue
		}
		for _, line := range strings.SplitAfter(n.Open, "\n") {
			if line != "" {
				b.WriteString(strings.Repeat(n.Indent, depth) + line)
				depth++
			}
		}
	}
	if n.Indent != "" {
		b.WriteString(strings.Repeat(n.Indent, depth))
	}
	b.WriteString(n.Middle)
	b.WriteString(strings.Repeat(n.Close, levels))
	b.WriteString(n.After)
	return b.String()
}
