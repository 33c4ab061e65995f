package pipeline

import (
	"context"
	"fmt"

	"github.com/homer-dev/homer/sdk"
)

// Build assembles the DAG for the run's plugins and configuration. Stages
// of disabled analyzers are left out; a stage depending on one then runs
// without it.
func Build(r *Run) *DAG {
	d := &DAG{}
	for _, p := range r.Plugins.OfKind(sdk.KindSource) {
		d.Add(sourceStage(p))
	}
	for _, p := range r.Plugins.OfKind(sdk.KindLanguage) {
		d.Add(parseStage(p))
	}
	d.Add(resolveStage(r))
	a := r.Cfg.Analyzers
	// The history analyses are needed only by salience, at the end; run
	// before the parses finish, they would take the cores the parses and
	// their plugins need. Ordered after them, they fill the core that
	// resolve and centrality leave idle.
	var parses []string
	for _, p := range r.Plugins.OfKind(sdk.KindLanguage) {
		parses = append(parses, "parse."+p.Name)
	}
	if a.Behavioral.Enabled {
		s := analyzeStage("behavioral", []string{"source.git", "source.structure"}, fmt.Sprint(behaviorVersion), doBehavioral)
		s.Yield = parses
		d.Add(s)
	}
	if a.CoChange.Enabled {
		s := analyzeStage("co-change", []string{"source.git", "source.structure"}, fmt.Sprintf("%s %+v", cochangeVersion, a.CoChange), doCoChange)
		s.Yield = parses
		d.Add(s)
	}
	if a.Centrality.Enabled {
		d.Add(analyzeStage("centrality", []string{"resolve"}, fmt.Sprintf("%s %+v", centralityVersion, a.Centrality), doCentrality))
	}
	d.Add(analyzeStage("salience", []string{"analyze.behavioral", "analyze.co-change", "analyze.centrality", "resolve"},
		fmt.Sprintf("%s %+v", salienceVersion, a.Salience), doSalience))
	d.Add(modelStage())
	for _, p := range r.Plugins.OfKind(sdk.KindRenderer) {
		d.Add(renderStage(p))
	}
	return d
}

// analyzeStage wraps a core analyzer. Its key is its version and settings;
// its dependencies' keys carry the data it reads.
func analyzeStage(name string, deps []string, settings string, do func(ctx context.Context, r *Run, key string) error) *Stage {
	stage := "analyze." + name
	return &Stage{
		Name: stage,
		Deps: deps,
		Key: func(ctx context.Context, r *Run) (string, error) {
			return hashStrings(settings, r.Head), nil
		},
		Do: do,
	}
}
