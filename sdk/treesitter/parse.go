package treesitter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

// Parser is the language-independent part of a plugin's Parse: the loop
// over the batch, the parser, the tree and the diagnostics around the
// plugin's own walk. It holds no state of its own and is safe for
// concurrent use.
type Parser struct {
	// Name is the plugin's name, as its Info gives it ("go"); it names the
	// plugin when the walk fails on a file.
	Name string
	// GrammarName names the grammar in syntax warnings ("Go").
	GrammarName string
	// NewFacts returns what a file's facts hold before the walk: path,
	// blob id, language and what the path alone tells. It is called again,
	// for a clean start, when the walk panics.
	NewFacts func(f *sdk.SourceFile) *sdk.FileFacts
	// Extract walks the tree of one file, src being its content, and adds
	// what it finds to facts. A panic costs only that file its facts.
	Extract func(src []byte, root *sitter.Node, facts *sdk.FileFacts)
	// Flat, when set, is called instead of Extract with a flat copy of
	// the tree (package flat), whose nodes answer without a cgo call
	// each; Language is the grammar's (Grammar.Flat).
	Flat     func(src []byte, root *flat.Node, facts *sdk.FileFacts)
	Language func() *flat.Language
	// Lock, when set, is held around each tree-sitter parse: for grammars
	// whose external scanner keeps state in C globals, so that two parses
	// at once would corrupt each other. Walking the trees needs no lock.
	Lock sync.Locker

	// budget, when set, replaces FileBudget (tests).
	budget func(size int) time.Duration
}

// FileBudget is how long one file's parse may take: 3 s, and 1 s more
// per 64 KiB. Grammars parse ordinary source at megabytes a second, but
// an external scanner can loop on odd bytes (Swift's did on a 150-byte
// file, found by fuzzing). Without a bound such a file would hold its
// batch until the plugin's timeout and cost every other file in it.
func FileBudget(size int) time.Duration {
	return 3*time.Second + time.Duration(size/(64<<10))*time.Second
}

// Parse extracts the facts of each file with lang. A file that fails in
// any way gets a diagnostic in its FileFacts; only cancellation fails the
// batch.
func (p *Parser) Parse(ctx context.Context, lang *sitter.Language, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	// One parser per call: Parse runs concurrently and a tree-sitter parser
	// is not safe for concurrent use. Within the batch it is reused.
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(lang)

	out := make([]*sdk.FileFacts, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		facts, err := p.parseFile(ctx, parser, f)
		if err != nil {
			return nil, err
		}
		out = append(out, facts)
	}
	return out, nil
}

// parseFile returns an error only when ctx ends; every other failure becomes
// a diagnostic of the file.
func (p *Parser) parseFile(ctx context.Context, parser *sitter.Parser, f *sdk.SourceFile) (facts *sdk.FileFacts, err error) {
	path := f.GetPath()
	facts = p.NewFacts(f)
	defer func() {
		// A walker bug met on one odd file must not cost the batch its
		// other files: report it and return the file without facts.
		if r := recover(); r != nil {
			facts = p.NewFacts(f)
			facts.Diagnostics = []*sdk.Diagnostic{{Severity: sdk.SeverityError, Path: path,
				Summary: fmt.Sprintf("%s plugin failed on this file: %v", p.Name, r)}}
			err = nil
		}
	}()

	src := f.GetContent()
	facts.Lines = CountLines(src)
	// No language's source holds a NUL byte, and grammars loop on them:
	// Swift's parsed a 300-byte file with a few NULs until it was cancelled.
	// So such a file is binary content, whatever its name.
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := bytes.Count(src[:i], []byte{'\n'}) + 1
		facts.Diagnostics = append(facts.Diagnostics, sdk.Warnf(path, line,
			"a NUL byte on line %d: binary content, not parsed", line))
		return facts, nil
	}
	if p.Lock != nil {
		p.Lock.Lock()
	}
	budget := FileBudget
	if p.budget != nil {
		budget = p.budget
	}
	limit := budget(len(src))
	parser.SetOperationLimit(int(limit.Microseconds()))
	tree, perr := parser.ParseCtx(ctx, nil, src)
	if p.Lock != nil {
		p.Lock.Unlock()
	}
	if perr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(perr, sitter.ErrOperationLimit) {
			// The parser keeps a stopped parse to resume; the next file
			// starts afresh.
			parser.Reset()
			// Transient: the budget is wall time, and a busy machine
			// may be what stopped it; the core parses it again next run.
			d := sdk.Warnf(path, 0, "the %s grammar did not finish parsing this file within %s: not parsed", p.GrammarName, limit)
			d.Transient = true
			facts.Diagnostics = append(facts.Diagnostics, d)
			return facts, nil
		}
		facts.Diagnostics = append(facts.Diagnostics, &sdk.Diagnostic{Severity: sdk.SeverityError, Path: path, Summary: "tree-sitter: " + perr.Error()})
		return facts, nil
	}
	// Trees live in C memory the Go collector cannot see; thousands of
	// files waiting for finalizers would balloon the process.
	defer tree.Close()

	root := tree.RootNode()
	if p.Flat != nil {
		// Java has 0.2 nodes a byte on spring-boot, and at most 0.5.
		p.Flat(src, flat.Flatten(root, p.Language(), len(src)/2).Root(), facts)
	} else {
		p.Extract(src, root, facts)
	}
	if root.HasError() {
		facts.Diagnostics = append(facts.Diagnostics, p.syntaxDiagnostic(path, root, facts.Lines))
	}
	clampLines(facts)
	sanitize(facts)
	return facts, nil
}

// syntaxDiagnostic names the first place tree-sitter could not parse. The
// facts outside that region are still returned, so it is a warning.
func (p *Parser) syntaxDiagnostic(path string, root *sitter.Node, lines int32) *sdk.Diagnostic {
	line := 0
	if n := firstError(root); n != nil {
		// Missing at the very end: the file's last line is where to look.
		line = min(int(n.StartPoint().Row)+1, int(lines))
	}
	d := sdk.Warnf(path, line, "syntax not understood by the %s grammar from line %d; facts in that region may be missing", p.GrammarName, line)
	if line == 0 {
		d.Summary = "syntax not understood by the " + p.GrammarName + " grammar; some facts may be missing"
	}
	return d
}

// firstError descends only through subtrees that contain an error, so it
// costs little even on large files.
func firstError(n *sitter.Node) *sitter.Node {
	if n.IsError() || n.IsMissing() {
		return n
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if c.IsError() || c.IsMissing() {
			return c
		}
		if c.HasError() {
			if e := firstError(c); e != nil {
				return e
			}
		}
	}
	return nil
}
