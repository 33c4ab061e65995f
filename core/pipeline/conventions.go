package pipeline

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/analyze/conventions"
	"github.com/homer-dev/homer/core/analyze/testlink"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// conventionsVersion is the version of the conventions glue (the
// documentation-freshness glue has its own, in docfresh.go).
const conventionsVersion = "conventions-5"

// conventionStages are the conventions and documentation-freshness
// analyses: both read the parsed files at HEAD (resolve runs after every
// parse) and the history.
func conventionStages(r *Run, parses []string) []*engine.Stage {
	c := analyzeStage(r, "conventions", []string{"source.git", "resolve"}, conventionsVersion, doConventions)
	c.Yield = parses
	d := analyzeStage(r, "doc-freshness", []string{"source.git", "resolve"}, fmt.Sprint(docFreshVersion, docFreshDepth), doDocFreshness)
	d.Yield = parses
	return []*engine.Stage{c, d}
}

// headFacts returns each language's facts at HEAD: handed by its parse
// stage in this run, or read from the parse memo.
func headFacts(ctx context.Context, r *Run) (map[*plugin.Plugin][]*sdk.FileFacts, error) {
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return nil, err
	}
	out := map[*plugin.Plugin][]*sdk.FileFacts{}
	for _, l := range r.languages {
		if lf, ok := handLanguage.Of(l.Name).Handed(&r.board); ok {
			facts, err := lf.withDefs()
			if err != nil {
				return nil, err
			}
			out[l] = facts
			continue
		}
		facts, err := loadFacts(ctx, r.Store, parserID(l), byLang[l.Name])
		if err != nil {
			return nil, err
		}
		out[l] = facts
	}
	return out, nil
}

// conventionFiles is what the conventions analysis reads of the parse
// facts at HEAD, sorted by path.
func conventionFiles(facts map[*plugin.Plugin][]*sdk.FileFacts) []conventions.File {
	var files, examples []conventions.File
	for _, list := range facts {
		for _, f := range list {
			if f.GetGenerated() || sdk.InDocsDir(f.GetPath()) {
				// A tool's style, not the authors' (bison's yytype_int8);
				// the documentation site's scripts (typer's docs/js/).
				continue
			}
			cf := conventions.File{Path: f.GetPath(), Language: f.GetLanguage(), IsTest: f.GetIsTest(), InlineTests: int(f.GetInlineTests()),
				Support: f.GetTestSupport() || testlink.IsSupport(f.GetPath(), f.GetIsTest())}
			if shapes := f.GetErrorShapes(); len(shapes) > 0 {
				cf.ErrorShapes = make(map[string]int, len(shapes))
				for s, n := range shapes {
					cf.ErrorShapes[s] = int(n)
				}
			}
			for _, im := range f.GetImports() {
				// A project's implicit imports are written in no file
				// (AutoMapper's tests "imported" System.Collections.ObjectModel
				// from their .csproj): nothing a new file must write.
				if !strings.HasPrefix(im.GetSpec(), sdk.MarkerSpec) && !im.GetImplicit() && !anotherReading(im, f.GetImports()) {
					cf.Imports = append(cf.Imports, im.GetSpec())
				}
			}
			for _, d := range f.GetDefinitions() {
				cf.Definitions = append(cf.Definitions, conventions.Definition{Name: d.GetName(), Kind: d.GetKind(),
					Exported: d.GetExported(), Doc: d.GetDoc(), DocStyle: d.GetDocStyle()})
			}
			if !f.GetIsTest() && (sdk.ExampleRoot(f.GetPath()) != "" || sdk.BenchTree(f.GetPath())) {
				// The tutorial's code names its own things: sqlmodel's
				// docs_src/ made its functions "often ending heroes"
				// (its tests, tests/test_tutorial/, stay tests); immer's
				// benchmarks, "often starting scenario".
				examples = append(examples, cf)
				continue
			}
			files = append(files, cf)
		}
	}
	if len(files) == 0 {
		files = examples // a repository of examples: theirs are its conventions
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

// anotherReading tells an import that reads one written on its line
// relative to an enclosing namespace: FluentValidation's tests' "Xunit",
// written inside namespace FluentValidation.Tests, is also given as
// FluentValidation.Tests.Xunit and FluentValidation.Xunit, and the tests
// were said to import all three. Only the import as written counts.
func anotherReading(im *sdk.Import, all []*sdk.Import) bool {
	for _, o := range all {
		if o != im && o.GetLine() == im.GetLine() && len(o.GetSpec()) < len(im.GetSpec()) && strings.HasSuffix(im.GetSpec(), "."+o.GetSpec()) {
			return true
		}
	}
	return false
}

func doConventions(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	c, ok := handFileConventions.Handed(&r.board)
	if ok {
		handFileConventions.Forget(&r.board)
	} else {
		facts, err := headFacts(ctx, r)
		if err != nil {
			return err
		}
		files := conventionFiles(facts)
		r.tookFacts("analyze.conventions")
		c = conventions.AnalyzeFiles(files)
	}
	// The commit log comes from the history the run reads once for
	// behaviour, co-change and doc freshness, not from a read of its own.
	log, err := r.commitLog(ctx)
	if err != nil {
		return err
	}
	commits := make([]conventions.Commit, len(log))
	for i, lc := range log {
		commits[i] = conventions.Commit{Message: lc.Message, Merge: lc.Parents > 1}
	}
	c.Commits = conventions.Commits(commits)
	data := mustJSON(c)
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		id, err := tx.Node(KindRepository, ".")
		if err != nil {
			return err
		}
		if err := tx.SetResult(id, record.ResultConventions, key, data); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}
