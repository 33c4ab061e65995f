package langtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// toy is a language of one statement, "def NAME", that behaves as a plugin
// should on bad input, unless fault names a way to misbehave.
type toy struct{ fault string }

func (toy) Info() *sdk.Info {
	return &sdk.Info{Name: "toy", Kind: sdk.KindLanguage, Extensions: []string{".toy"}}
}

func (toy) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

func (toy) ResolveImports(context.Context, *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return &sdk.ResolveResponse{}, nil
}

func (l toy) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	var out []*sdk.FileFacts
	for _, file := range files {
		switch l.fault {
		case "panic":
			panic("toy: " + file.GetPath())
		case "stall":
			<-ctx.Done()
			return nil, ctx.Err()
		case "hang":
			select {}
		case "poison":
			if len(out) > 0 {
				out = append(out, &sdk.FileFacts{Path: file.GetPath(), Lines: lineCount(file.GetContent())})
				continue
			}
		}
		out = append(out, l.parse(file))
	}
	return out, nil
}

func (l toy) parse(file *sdk.SourceFile) *sdk.FileFacts {
	src := file.GetContent()
	f := &sdk.FileFacts{Path: file.GetPath(), BlobId: file.GetBlobId(), Lines: lineCount(src)}
	if l.fault == "lines" {
		f.Lines++
	}
	warn := func(why string) {
		if l.fault != "silent" {
			f.Diagnostics = append(f.Diagnostics, sdk.Warnf(f.Path, 0, "%s", why))
		}
	}
	if len(src) > 1<<20 && !bytes.Contains(src, []byte("\n")) {
		// As a parse stopped by its time budget is reported.
		warn("a minified line, not parsed")
		for _, d := range f.Diagnostics {
			d.Transient = true
		}
		return f
	}
	if bytes.ContainsFunc(src, func(r rune) bool { return r < '\t' || r == utf8.RuneError }) || bytes.Contains(src, []byte("!!")) {
		warn("syntax not understood")
	}
	for i, line := range strings.Split(string(src), "\n") {
		for _, part := range strings.Split(line, "def ")[1:] {
			name, _, _ := strings.Cut(part, ";")
			if l.fault != "utf8" {
				name = strings.ToValidUTF8(name, "\uFFFD")
			}
			f.Definitions = append(f.Definitions, &sdk.Definition{Name: name, QualifiedName: name, Kind: "function",
				Span: &sdk.Span{StartLine: int32(i + 1), EndLine: int32(i + 1)}})
		}
	}
	if l.fault == "drop" && len(f.Definitions) > 1 {
		f.Definitions = f.Definitions[:len(f.Definitions)-1]
	}
	if l.fault == "error" {
		f.Diagnostics = append(f.Diagnostics, &sdk.Diagnostic{Severity: sdk.SeverityError, Path: f.Path, Summary: "toy failed"})
	}
	return f
}

var toyCases = BadInputCases{
	Ext:         ".toy",
	SyntaxError: Snippet{Source: "def ok\n!! broken\n"},
	InvalidUTF8: Snippet{Source: "def caf\xe9\ndef ok\n"},
	// The toy stops on the minified file as on a budget: its check, which
	// it would fail, must not run.
	Minified: Repeated{Unit: "def m{{i}}; ", Check: func(t *testing.T, f *sdk.FileFacts) {
		require.NotEmpty(t, f.GetDefinitions(), "the check of a parse stopped by its budget ran")
	}},
	Generated: Repeated{Unit: "def g{{i}}\n"},
	Nesting:   []Nest{{Name: "parens", Before: "def n\n", Open: "(", Close: ")"}},
	Neighbour: "def good\n",
	Deadline:  time.Second,
}

// TestBadInputToy passes with a toy that behaves; with LANGTEST_FAULT set,
// the toy misbehaves and the test must fail (see TestBadInputCatches).
func TestBadInputToy(t *testing.T) {
	BadInput(t, toy{fault: os.Getenv("LANGTEST_FAULT")}, toyCases)
}

// Each way of misbehaving fails the kit, with its own message.
func TestBadInputCatches(t *testing.T) {
	if os.Getenv("LANGTEST_FAULT") != "" {
		t.Skip("inside a child")
	}
	for fault, says := range map[string]string{
		"panic":  "the parse panicked",
		"stall":  "the parse failed or overran",
		"hang":   "the parse stalls",
		"utf8":   "the facts do not marshal",
		"lines":  "line count",
		"drop":   "a definition is lost in the generated file",
		"silent": "the syntax error is not reported",
		"error":  "an error diagnostic",
		"poison": "the file after the bad one lost its facts",
	} {
		t.Run(fault, func(t *testing.T) {
			t.Parallel()
			run := "^TestBadInputToy$"
			if fault == "stall" || fault == "hang" {
				run += "/^syntax-error$" // one case is enough to wait for
			}
			cmd := exec.Command(os.Args[0], "-test.run="+run, "-test.count=1")
			cmd.Env = append(os.Environ(), "LANGTEST_FAULT="+fault)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "the kit passed a toy that fails with %q:\n%s", fault, out)
			require.Contains(t, string(out), says)
		})
	}
}
