package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/store"
)

// stageHeads names the checkpoint that records, for each stage, the commit
// at which it was last brought up to date: it ran, or its key matched, on
// input that was whole. The history's own checkpoint cannot tell status
// whether the rest is current: a named pipeline (the pre-commit hook's)
// brings the history and a few analyses to a new commit and leaves the
// code graph, the model and the artifacts at the old one.
const stageHeads = "stage-heads"

// idle is what the record holds for a language's parse stage when the
// tree had no file of that language: it has nothing to be behind on, and
// listing a parse stage per absent language as stale would bury what
// matters.
const idle = "idle"

// recordStageHeads records which stages this run brought up to date at
// r.Head. A run of every stage (init, update) names every stage it
// planned, so the record forgets stages no longer configured; one it did
// not bring up to date keeps the commit it was last current at, or ""
// when never. A named pipeline updates its own stages only.
func recordStageHeads(ctx context.Context, r *Run, outcomes []engine.Outcome, everyStage bool) error {
	// Which languages had files; when that cannot be read, every parse
	// stage is recorded as any other stage.
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		byLang = nil
	}
	// Stages an interrupted run finished are current all the same.
	return r.Store.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		value, err := tx.Checkpoint(stageHeads)
		old, err := readStageHeads(value, err)
		if err != nil {
			// A damaged record is started afresh rather than failing
			// every run: a run of every stage rebuilds it whole, and until
			// then the stages it no longer names are reported as unknown.
			old = map[string]string{}
		}
		heads := old
		if everyStage {
			heads = map[string]string{}
		}
		for _, o := range outcomes {
			if lang, ok := strings.CutPrefix(o.Stage, "parse."); ok && byLang != nil && len(byLang[lang]) == 0 &&
				(o.Status == engine.Ran || o.Status == engine.Unchanged) && !o.Partial {
				heads[o.Stage] = idle
				continue
			}
			if strings.HasPrefix(o.Stage, "render.") && r.OutDir != r.Repo.Root {
				// Artifacts written elsewhere (render --output-dir)
				// leave the repository's own as they were.
				continue
			}
			switch {
			case (o.Status == engine.Ran || o.Status == engine.Unchanged) && !o.Partial:
				heads[o.Stage] = r.Head
			case everyStage:
				heads[o.Stage] = old[o.Stage]
			}
		}
		data, err := json.Marshal(heads)
		if err != nil {
			return err
		}
		return tx.SetCheckpoint(stageHeads, string(data))
	})
}

// readStageHeads decodes the record from the checkpoint's value, as read
// with err; no record ("") is an empty one.
func readStageHeads(value string, err error) (map[string]string, error) {
	heads := map[string]string{}
	if err != nil {
		return nil, err
	}
	if value == "" {
		return heads, nil
	}
	if err := json.Unmarshal([]byte(value), &heads); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", stageHeads, err)
	}
	return heads, nil
}

// Currency says which stages of the store are not current at a commit.
type Currency struct {
	// Stale are the stages last brought up to date at another commit, or
	// never, by the stage record of the last runs; a store older than
	// the record knows of none.
	Stale []string
	// Incomplete are the stages whose last run was on partial input (a
	// plugin that crashed, a file that could not be read): their keys
	// never match, and the next run does them again.
	Incomplete []string
}

// Current reports whether nothing is stale or incomplete.
func (c Currency) Current() bool { return len(c.Stale) == 0 && len(c.Incomplete) == 0 }

// CurrencyAt reads from the store which stages are not current at head.
func CurrencyAt(ctx context.Context, st *store.Store, head string) (Currency, error) {
	var c Currency
	heads, err := readStageHeads(st.Checkpoint(ctx, stageHeads))
	if err != nil {
		return c, err
	}
	for stage, at := range heads {
		if at != head && at != idle {
			c.Stale = append(c.Stale, stage)
		}
	}
	sort.Strings(c.Stale)
	keys, err := st.StageKeys(ctx)
	if err != nil {
		return c, err
	}
	for name, key := range keys {
		// Keys of stages no longer configured stay in the table; the
		// record, when there is one, names those that are.
		if _, configured := heads[name]; strings.HasSuffix(key, engine.PartialSuffix) && (configured || len(heads) == 0) {
			c.Incomplete = append(c.Incomplete, name)
		}
	}
	sort.Strings(c.Incomplete)
	return c, nil
}
