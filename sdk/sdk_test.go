package sdk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// words is a toy language: each line "def NAME" defines NAME, "call NAME"
// calls it from the last definition.
type words struct{ suffix string }

func (w *words) Info() *sdk.Info {
	return &sdk.Info{Name: "words", Version: "0.1.0", Extensions: []string{".words"},
		Schema: []*sdk.Attribute{{Name: "suffix", Type: sdk.TypeString, DefaultValue: sdk.String("")}}}
}

func (w *words) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	w.suffix = cfg.String("suffix", "")
	if w.suffix == "bad" {
		return []*sdk.Diagnostic{sdk.Errorf("suffix", "suffix may not be %q", w.suffix)}
	}
	return nil
}

func (w *words) Parse(_ context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	var out []*sdk.FileFacts
	for _, f := range files {
		facts := &sdk.FileFacts{Path: f.Path, BlobId: f.BlobId, Language: "words"}
		current := ""
		for i, line := range strings.Split(string(f.Content), "\n") {
			fields := strings.Fields(line)
			if len(fields) != 2 {
				continue
			}
			switch fields[0] {
			case "def":
				current = fields[1] + w.suffix
				facts.Definitions = append(facts.Definitions, &sdk.Definition{Name: current, QualifiedName: current, Kind: "function",
					Span: &sdk.Span{StartLine: int32(i + 1), EndLine: int32(i + 1)}})
			case "call":
				facts.Calls = append(facts.Calls, &sdk.Call{Name: fields[1], Caller: current, Line: int32(i + 1)})
			}
		}
		out = append(out, facts)
	}
	return out, nil
}

func (w *words) ResolveImports(context.Context, *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return &sdk.ResolveResponse{}, nil
}

func TestLanguageThroughShims(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, &words{})
	f := sdktest.ParseOne(t, lang, "a.words", "def main\ncall helper\ndef helper\n")
	require.Len(t, f.GetDefinitions(), 2)
	require.Equal(t, "main", f.GetCalls()[0].GetCaller())
	require.Equal(t, sdk.KindLanguage, sdk.KindOf(&words{}))
}

func TestConfigureDiagnosticsTravel(t *testing.T) {
	t.Parallel()
	c := sdktest.Start(t, &words{})
	require.EqualValues(t, sdk.ProtocolVersion, c.Info().GetProtocolVersion())
	diags, err := c.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"suffix": sdk.String("bad")}})
	require.NoError(t, err)
	require.Len(t, diags, 1)
	require.Equal(t, "suffix", diags[0].GetAttribute())
}

func TestProtoPath(t *testing.T) {
	t.Parallel()
	require.Equal(t, "plain/ü.go", sdk.ProtoPath("plain/ü.go"))
	a, b, c := sdk.ProtoPath("x\xff.go"), sdk.ProtoPath("x\xfe.go"), sdk.ProtoPath("x\xff\xfe.go")
	require.Equal(t, `x\xff.go`, a)
	require.NotEqual(t, a, b)
	require.NotEqual(t, a, c)
	require.True(t, utf8.ValidString(c))
}

// keeper is a renderer that keeps the model it is sent.
type keeper struct{ got chan *sdk.Model }

func (k *keeper) Info() *sdk.Info                                         { return &sdk.Info{Name: "keeper", Version: "0.1.0"} }
func (k *keeper) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }
func (k *keeper) Render(_ context.Context, m *sdk.Model) (*sdk.RenderResponse, error) {
	k.got <- m
	return &sdk.RenderResponse{Files: []*sdk.OutputFile{{Path: "N.md", Content: []byte(fmt.Sprint(len(m.GetFiles())))}}}, nil
}

// A model of several megabytes reaches the renderer, streamed in parts,
// as the model the host had; the renderer sees one Model.
func TestRendererReceivesTheWholeModel(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "shop", Summary: &sdk.Summary{Files: 20000}}
	for i := range 20000 {
		m.Files = append(m.Files, &sdk.FileModel{Path: fmt.Sprintf("src/dir%03d/file%05d.go", i%300, i), Community: -1,
			Authors: []string{"ann", "bob"}, Risk: &sdk.Risk{Score: float64(i) / 20000, Reasons: []*sdk.RiskReason{{Type: "churn", Detail: strings.Repeat("x", 100)}}}})
	}
	k := &keeper{got: make(chan *sdk.Model, 1)}
	r := sdktest.Renderer(t, k)
	resp, err := r.Render(context.Background(), m)
	require.NoError(t, err)
	require.Equal(t, "20000", string(resp.GetFiles()[0].GetContent()))
	require.True(t, proto.Equal(m, <-k.got), "the renderer has the model the host sent")
}

// Translations by their directory and their name, both.
func TestTranslation(t *testing.T) {
	for p, want := range map[string]bool{
		"language/phpmailer.lang-zh.php": true, "config/locales/fr.yml": true, "src/i18n/zh_CN.json": true,
		"lang/pt-BR.php": true, "resources/lang/messages_fr.properties": true, "locales/zh-Hant.json": true,
		"language/language.go": false, "language/match.go": false, "src/i18n/index.ts": false, "fr.yml": false,
		"docs/en.md": false, "i18n/message_set.go": false,
	} {
		if got := sdk.Translation(p); got != want {
			t.Errorf("Translation(%q) = %v, want %v", p, got, want)
		}
	}
}

// A path is in the documentation below a documentation directory at the
// top, not as that directory's name alone nor deeper.
func TestInDocsDir(t *testing.T) {
	for p, want := range map[string]bool{
		"docs/conf.py": true, "guides/bug_report_templates/integration_test.rb": true, "docs": false,
		"src/docs/x.go": false, "doc/man.go": false,
	} {
		if got := sdk.InDocsDir(p); got != want {
			t.Errorf("InDocsDir(%q) = %v, want %v", p, got, want)
		}
	}
}

// Documentation directories by their names: a doc/ may be the product's.
func TestDocsDir(t *testing.T) {
	for name, want := range map[string]bool{
		"docs": true, "Documentation": true, "website": true, "book": true, "guides": true, "doc": false, "books": false, "src": false,
		"docs-util": true, "docs_src": true, "docsify": false,
	} {
		if got := sdk.DocsDir(name); got != want {
			t.Errorf("DocsDir(%q) = %v, want %v", name, got, want)
		}
	}
}

// Benchmark files by their names.
func TestBenchFile(t *testing.T) {
	for stem, want := range map[string]bool{"benchmark": true, "Bench": true, "benchmarks": true, "benchmarking": false, "bench_test": false} {
		if got := sdk.BenchFile(stem); got != want {
			t.Errorf("BenchFile(%q) = %v, want %v", stem, got, want)
		}
	}
}

// Benchmark directories by their names, and names that merely start alike.
func TestBenchDir(t *testing.T) {
	for name, want := range map[string]bool{
		"bench": true, "benches": true, "Benchmarks": true, "perf": true, "perf-testing": true, "__performance_tests__": true,
		"Polly.Core.Benchmarks": true, "profiling": true, "benchmark_suite": true, "micro-benchmarks": true, "benchmarking": true,
		"perfect": false, "performer": false, "src": false, "benchwarmer": false, "superbench": false, "b": false,
	} {
		if got := sdk.BenchDir(name); got != want {
			t.Errorf("BenchDir(%q) = %v, want %v", name, got, want)
		}
	}
}

// Example directories by their names, and names that merely start alike.
func TestBenchTree(t *testing.T) {
	for p, want := range map[string]bool{
		"__performance_tests__/add-data.mjs": true,
		"perf-testing/profiling.mjs":         true,
		"src/Polly.Core.Benchmarks/Bench.cs": true,
		"src/benchmark/mod.rs":               false, // hyperfine's product
		"benchmark.js":                       true,
		"lib/core.go":                        false,
	} {
		if got := sdk.BenchTree(p); got != want {
			t.Errorf("BenchTree(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestExampleRoot(t *testing.T) {
	for p, want := range map[string]string{
		"examples/app/main.go":                                "examples",
		"site/examples/a/b.ts":                                "site/examples",
		"docs_src/tutorial/create.py":                         "docs_src",
		"src/main/java/org/springframework/samples/pc/A.java": "",
		"lib/core.go":                                         "",
	} {
		if got := sdk.ExampleRoot(p); got != want {
			t.Errorf("ExampleRoot(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestExampleDir(t *testing.T) {
	for name, want := range map[string]bool{
		"examples": true, "Example-iOS": true, "_examples": true, "Demo": true, "SampleApp": true, "react-example": true,
		"tutorials": true, "docs_src": true, "Documentation.docc": true, "SnapKitPlayground.playground": true,
		"react_demo": true, "-demo": true, "src": false, "demographics": false, "exampled": false, "counterexample": false, "samplers": false,
		"xsample": false, "sample-": true, "e": false,
	} {
		if got := sdk.ExampleDir(name); got != want {
			t.Errorf("ExampleDir(%q) = %v, want %v", name, got, want)
		}
	}
}
