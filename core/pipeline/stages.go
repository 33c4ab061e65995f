package pipeline

import (
	"context"
	"fmt"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/sdk"
)

// Build assembles the DAG for the run's plugins and configuration. Stages
// of disabled analyzers are left out; a stage that would read one runs
// without it.
func Build(r *Run) (*engine.DAG, error) {
	var stages []*engine.Stage
	have := map[string]bool{}
	add := func(s *engine.Stage) {
		stages = append(stages, s)
		have[s.Name] = true
	}
	for _, p := range r.Plugins.OfKind(sdk.KindSource) {
		add(sourceStage(r, p))
	}
	for _, p := range r.languages {
		add(parseStage(r, p))
	}
	add(resolveStage(r))
	a := r.Cfg.Analyzers
	// The history analyses are needed only by salience, at the end; run
	// before the parses finish, they would take the cores the parses and
	// their plugins need. Ordered after them, they fill the core that
	// resolve and centrality leave idle.
	var parses []string
	for _, p := range r.languages {
		parses = append(parses, "parse."+p.Name)
	}
	if a.Behavioral.Enabled {
		s := analyzeStage(r, "behavioral", []string{"source.git", "source.structure"}, fmt.Sprint(behaviorVersion), doBehavioral)
		s.Yield = parses
		add(s)
	}
	if a.CoChange.Enabled {
		s := analyzeStage(r, "co-change", []string{"source.git", "source.structure"}, fmt.Sprintf("%s %+v", cochangeVersion, a.CoChange), doCoChange)
		s.Yield = parses
		add(s)
	}
	for _, s := range conventionStages(r, parses) {
		add(s)
	}
	if a.Centrality.Enabled {
		add(analyzeStage(r, "centrality", []string{"resolve"}, fmt.Sprintf("%s %+v", centralityVersion, a.Centrality), doCentrality))
	}
	add(analyzeStage(r, "salience", present(have, "analyze.behavioral", "analyze.co-change", "analyze.centrality", "resolve"),
		fmt.Sprintf("%s %+v", salienceVersion, a.Salience), doSalience))
	// The model reads the conventions' result too: built before that
	// stage wrote, an update's AGENTS.md stated the last run's commit
	// conventions (TestConcurrentUpdatesWait, under load).
	add(modelStage(r, present(have, "analyze.salience", "analyze.co-change", "analyze.conventions", "source.structure", "source.git")))
	for _, p := range r.Plugins.OfKind(sdk.KindRenderer) {
		add(renderStage(r, p))
	}
	return engine.New(stages...)
}

// present keeps the stages that are configured: an analyzer that is
// switched off is no dependency.
func present(have map[string]bool, stages ...string) []string {
	var out []string
	for _, s := range stages {
		if have[s] {
			out = append(out, s)
		}
	}
	return out
}

// analyzeStage wraps a core analyzer. Its key is its version and settings;
// its dependencies' keys carry the data it reads.
func analyzeStage(r *Run, name string, deps []string, settings string, do func(ctx context.Context, r *Run, j *engine.Job) error) *engine.Stage {
	return &engine.Stage{
		Name: "analyze." + name,
		Deps: deps,
		Key: func(ctx context.Context) (string, error) {
			return hashStrings(settings, r.Head), nil
		},
		Do: func(ctx context.Context, j *engine.Job) error { return do(ctx, r, j) },
	}
}
