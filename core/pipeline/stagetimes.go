package pipeline

import (
	"context"
	"encoding/json"
	"time"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/store"
)

// stageTimes names the checkpoint that keeps how long each stage took the
// last time it ran (milliseconds), so that progress can estimate the stages
// that count nothing themselves.
const stageTimes = "stage-times"

// Expecter is a Progress that is told, before the stages start, how long
// each took when it last ran.
type Expecter interface {
	Expect(last map[string]time.Duration)
}

// lastStageTimes reads what the last runs recorded; nothing when the
// record is missing or damaged (it only feeds estimates).
func lastStageTimes(ctx context.Context, r *Run) map[string]time.Duration {
	value, err := r.Store.Checkpoint(ctx, stageTimes)
	if err != nil || value == "" {
		return nil
	}
	var ms map[string]int64
	if json.Unmarshal([]byte(value), &ms) != nil {
		return nil
	}
	out := make(map[string]time.Duration, len(ms))
	for stage, n := range ms {
		out[stage] = time.Duration(n) * time.Millisecond
	}
	return out
}

// recordStageTimes keeps the time of every stage this run ran to the end;
// the others keep the time of their last run.
func recordStageTimes(ctx context.Context, r *Run, outcomes []engine.Outcome) error {
	return r.Store.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		ms := map[string]int64{}
		if value, err := tx.Checkpoint(stageTimes); err == nil && value != "" {
			if json.Unmarshal([]byte(value), &ms) != nil {
				ms = map[string]int64{}
			}
		}
		changed := false
		for _, o := range outcomes {
			if o.Status == engine.Ran && !o.Partial {
				ms[o.Stage] = o.Took.Milliseconds()
				changed = true
			}
		}
		if !changed {
			return nil
		}
		data, err := json.Marshal(ms)
		if err != nil {
			return err
		}
		return tx.SetCheckpoint(stageTimes, string(data))
	})
}
