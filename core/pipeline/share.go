package pipeline

import (
	"context"
	"sync"

	"github.com/homer-dev/homer/sdk"
)

// Stages hand what they computed to the stages after them in the same run,
// so an update that reruns a chain of stages reads the store once rather
// than once per stage. A stage that did not run (its key matched) hands
// nothing, and its value is loaded from the store on first use.

type shared struct {
	once sync.Once
	v    any
	err  error
}

// sharedMap returns the run's values; the caller holds shareMu.
func (r *Run) sharedMap() map[string]*shared {
	if r.shared == nil {
		r.shared = map[string]*shared{}
	}
	return r.shared
}

func (r *Run) slot(name string) *shared {
	r.shareMu.Lock()
	defer r.shareMu.Unlock()
	m := r.sharedMap()
	s := m[name]
	if s == nil {
		s = &shared{}
		m[name] = s
	}
	return s
}

// share returns the value handed under name, or loads it once.
func share[T any](r *Run, name string, load func() (T, error)) (T, error) {
	s := r.slot(name)
	s.once.Do(func() { s.v, s.err = load() })
	if s.err != nil {
		var zero T
		return zero, s.err
	}
	return s.v.(T), nil
}

// handed returns the value a stage handed under name in this run, if any.
func handed[T any](r *Run, name string) (T, bool) {
	r.shareMu.Lock()
	s := r.shared[name]
	r.shareMu.Unlock()
	var zero T
	if s == nil {
		return zero, false
	}
	s.once.Do(func() {})
	v, ok := s.v.(T)
	return v, ok && s.err == nil
}

// hand records the value a stage computed under name, replacing whatever
// was loaded before.
func (r *Run) hand(name string, v any) {
	s := &shared{v: v}
	s.once.Do(func() {})
	r.shareMu.Lock()
	defer r.shareMu.Unlock()
	r.sharedMap()[name] = s
}

// forget drops a value whose stored source was rewritten.
func (r *Run) forget(name string) {
	r.shareMu.Lock()
	defer r.shareMu.Unlock()
	delete(r.shared, name)
}

// Names of shared values.
const (
	sharedHeadFiles    = "head-files"
	sharedFilesByLang  = "head-files-by-language"
	sharedManifests    = "manifests"
	sharedHistory      = "history"
	sharedTestedBy     = "tested-by"
	sharedFileLinks    = "file-links"
	sharedCalls        = "calls"
	sharedModel        = "model"
	sharedEntities     = "entities"
	sharedCoChangeSets = "co-change-sets"
)

func sharedResults(kind string) string { return "results:" + kind }

// headFiles are the files at HEAD as the structure source recorded them.
func (r *Run) headFiles(ctx context.Context) ([]HeadFile, error) {
	return share(r, sharedHeadFiles, func() ([]HeadFile, error) { return loadHeadFiles(ctx, r.Store) })
}

// filesByLanguage is the files at HEAD each language plugin parses
// (languageFiles), worked out once a run rather than once a stage.
func (r *Run) filesByLanguage(ctx context.Context) (map[string][]HeadFile, error) {
	return share(r, sharedFilesByLang, func() (map[string][]HeadFile, error) {
		files, err := r.headFiles(ctx)
		if err != nil {
			return nil, err
		}
		return languageFiles(files, r.Plugins.OfKind(sdk.KindLanguage)), nil
	})
}

// manifests are the dependency manifests the structure source recorded.
func (r *Run) manifests(ctx context.Context) ([]*sdk.Manifest, error) {
	return share(r, sharedManifests, func() ([]*sdk.Manifest, error) { return loadManifests(ctx, r.Store) })
}

// results are the stored results of a kind for files at HEAD, by path.
func results[T any](ctx context.Context, r *Run, kind string) (map[string]T, error) {
	return share(r, sharedResults(kind), func() (map[string]T, error) { return loadResults[T](ctx, r.Store, kind) })
}
