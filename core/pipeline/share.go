package pipeline

import (
	"context"

	"github.com/homer-dev/homer/core/analyze/behavior"
	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/host"
)

// What stages hand to the stages after them in the same run. A stage that
// did not run (its key matched) hands nothing, and the value is loaded from
// the store on first use.
var (
	handHeadTime       = engine.NewHandoff[int64]("head-time")
	handHeadFiles      = engine.NewHandoff[[]HeadFile]("head-files")
	handFilesByLang    = engine.NewHandoff[map[string][]HeadFile]("head-files-by-language")
	handManifests      = engine.NewHandoff[[]*sdk.Manifest]("manifests")
	handHistory        = engine.NewHandoff[*historyData]("history")
	handTestedBy       = engine.NewHandoff[testedBy]("tested-by")
	handFileLinks      = engine.NewHandoff[[]fileLink]("file-links")
	handCalls          = engine.NewHandoff[[][2]string]("calls")
	handModel          = engine.NewHandoff[*host.EncodedModel]("model")
	handEntities       = engine.NewHandoff[map[string]EntityMetrics]("entities")
	handDefinitions    = engine.NewHandoff[[]handedDefinition]("definitions")
	handCoChangeSets   = engine.NewHandoff[[]*sdk.CoChangeSet]("co-change-sets")
	handLanguage       = engine.NewHandoff[*languageFacts]("language")
	handFactsDigest    = engine.NewHandoff[*factsDigest]("facts-digest")
	handSourceResults  = resultsHandoff[sourceInfo]("source")
	handBehavior       = resultsHandoff[behavior.File]("behavior")
	handCoChange       = engine.NewHandoff[map[string][]cochange.Partner]("results:co-change")
	handCentrality     = resultsHandoff[Centrality]("centrality")
	handMetricsResults = resultsHandoff[*FileMetrics]("metrics")
)

// What conventions and doc freshness read of the parse facts at HEAD,
// taken by resolve (takeFactsEarly) and dropped by the stage that reads it.
var (
	handFileConventions = engine.NewHandoff[record.Conventions]("file-conventions")
	handDocumented      = engine.NewHandoff[[]docFreshFile]("documented")
)

// forgetBeforeModel drops what the analyses handed each other, when the
// model stage starts: every stage that reads them (behaviour, co-change,
// centrality, salience) is one the model waits for, and the model reads
// the store, but for salience's metrics, centrality's entities and
// resolve's definitions and file links, which it takes as handed (decoding them again
// from the store was more than half of the model's CPU in an update on
// spring-boot) and drops once built (forgetFacts). Co-change sets no
// stage reads at all. On spring-boot the history rows alone were 21 MB of
// the core's live heap, held through the model and the renders. A stage
// that asks for one of them later reads it from the store, as in an
// update.
func forgetBeforeModel(r *Run) {
	handHistory.Forget(&r.board)
	handTestedBy.Forget(&r.board)
	handCalls.Forget(&r.board)
	handCoChangeSets.Forget(&r.board)
	handCoChange.Forget(&r.board)
	for _, h := range []interface{ forget(*Run) }{handSourceResults, handBehavior, handCentrality} {
		h.forget(r)
	}
}

// forgetFacts drops the parse facts, the metrics, entities, definitions
// and file links once the model is built: the renders read the model only.
// Doc freshness, if still running, keeps its own reference until it ends.
func forgetFacts(r *Run) {
	handMetricsResults.forget(r)
	handEntities.Forget(&r.board)
	handDefinitions.Forget(&r.board)
	handFactsDigest.Forget(&r.board)
	handFileLinks.Forget(&r.board)
	for _, l := range r.languages {
		handLanguage.Of(l.Name).Forget(&r.board)
	}
}

// resultsOf is a handoff of a stored result kind for the files at HEAD, by
// path.
type resultsOf[T any] struct {
	kind string
	h    engine.Handoff[map[string]T]
}

func resultsHandoff[T any](kind string) resultsOf[T] {
	return resultsOf[T]{kind: kind, h: engine.NewHandoff[map[string]T]("results:" + kind)}
}

// get returns the results handed in this run, or loads them from the store.
func (h resultsOf[T]) get(ctx context.Context, r *Run) (map[string]T, error) {
	return h.h.Get(&r.board, func() (map[string]T, error) { return loadResults[T](ctx, r.Store, h.kind) })
}

func (h resultsOf[T]) hand(r *Run, v map[string]T) { h.h.Hand(&r.board, v) }

func (h resultsOf[T]) forget(r *Run) { h.h.Forget(&r.board) }

// headFiles are the files at HEAD as the structure source recorded them.
func (r *Run) headFiles(ctx context.Context) ([]HeadFile, error) {
	return handHeadFiles.Get(&r.board, func() ([]HeadFile, error) { return loadHeadFiles(ctx, r.Store) })
}

// filesByLanguage is the files at HEAD each language plugin parses
// (languageFiles), worked out once a run rather than once a stage.
func (r *Run) filesByLanguage(ctx context.Context) (map[string][]HeadFile, error) {
	return handFilesByLang.Get(&r.board, func() (map[string][]HeadFile, error) {
		files, err := r.headFiles(ctx)
		if err != nil {
			return nil, err
		}
		return languageFiles(files, r.languages), nil
	})
}

// manifests are the dependency manifests the structure source recorded.
func (r *Run) manifests(ctx context.Context) ([]*sdk.Manifest, error) {
	return handManifests.Get(&r.board, func() ([]*sdk.Manifest, error) { return loadManifests(ctx, r.Store) })
}
