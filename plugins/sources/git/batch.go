package gitsource

import (
	"context"
	"sync/atomic"

	"github.com/homer-dev/homer/sdk"
)

// maxWarnings bounds the warnings one run reports one by one; a repository
// with thousands of missing blobs gets a count instead.
const maxWarnings = 100

// maxMissing bounds the missing object ids one run reports: enough for
// the core to notice when they come back, few enough for a blob-filtered
// clone that lacks every blob.
const maxMissing = 256

// batcher groups commits into batches and hands them to emit on its own
// goroutine, so marshalling and sending a batch overlaps reading the next.
// It is used by one producer goroutine.
type batcher struct {
	ctx  context.Context
	size int

	cur      []*sdk.Record
	changes  int
	last     string // sha of the last commit added
	resetOne bool   // the next batch sent carries Reset
	diags    []*sdk.Diagnostic
	warned   int
	missing  []string        // object ids not yet sent
	lacked   map[string]bool // every id reported in this run
	// cov, when set, is what the core held before this run's commits:
	// a batch's checkpoint is cov with its last commit (see cover).
	// Without it a batch's checkpoint is its last commit alone.
	cov *cover
	// total is how many commits the run sends, once known (set from
	// any goroutine); sentTotal what the last batch said of it.
	total     atomic.Int64
	sentTotal int64

	ch      chan *sdk.RecordBatch
	failed  chan struct{} // closed when emit fails; sendErr says why
	sendErr error
	done    chan struct{}
	err     error
}

func newBatcher(ctx context.Context, emit func(*sdk.RecordBatch) error, size int) *batcher {
	b := &batcher{
		ctx:    ctx,
		size:   size,
		ch:     make(chan *sdk.RecordBatch, 1),
		failed: make(chan struct{}),
		done:   make(chan struct{}),
	}
	go func() {
		defer close(b.done)
		for batch := range b.ch {
			if err := emit(batch); err != nil {
				b.sendErr = err
				close(b.failed)
				for range b.ch { // drain, so the producer never blocks
				}
				return
			}
		}
	}()
	return b
}

// reset marks the first batch as replacing everything recorded before.
func (b *batcher) reset(d *sdk.Diagnostic) {
	b.resetOne = true
	b.warn(d)
}

// warn queues a diagnostic for the next batch.
func (b *batcher) warn(d *sdk.Diagnostic) {
	b.warned++
	if b.warned <= maxWarnings {
		b.diags = append(b.diags, d)
	}
}

// lacks queues ids of objects that could not be read for the next batch,
// up to maxMissing in a run.
func (b *batcher) lacks(ids ...string) {
	if b.lacked == nil {
		b.lacked = map[string]bool{}
	}
	for _, id := range ids {
		if len(b.lacked) >= maxMissing {
			return
		}
		if id != "" && !b.lacked[id] {
			b.lacked[id] = true
			b.missing = append(b.missing, id)
		}
	}
}

// add appends a commit and sends the batch when it is full. An error means
// the consumer is gone or ctx is done: stop producing.
func (b *batcher) add(c *sdk.Commit) error {
	b.cur = append(b.cur, sdk.CommitRecord(c))
	b.changes += len(c.Changes)
	b.last = c.Sha
	if len(b.cur) >= b.size || b.changes >= maxBatchChanges {
		cp := b.last
		if b.cov != nil {
			cp = b.cov.with(b.last).String()
		}
		return b.flush(cp, nil)
	}
	return nil
}

// maxDropBatch bounds the unreachable commits one batch names.
const maxDropBatch = 20000

// drop sends the commits the core must drop, before any commit: the last
// of their batches carries checkpoint, the others none (the previous
// checkpoint holds until every drop is applied).
func (b *batcher) drop(shas []string, checkpoint string) error {
	for len(shas) > 0 {
		n := min(len(shas), maxDropBatch)
		cp := ""
		if n == len(shas) {
			cp = checkpoint
		}
		if err := b.send(&sdk.RecordBatch{UnreachableCommits: shas[:n], Checkpoint: cp}); err != nil {
			return err
		}
		shas = shas[n:]
	}
	return nil
}

func (b *batcher) flush(checkpoint string, extra []*sdk.Record) error {
	batch := &sdk.RecordBatch{Records: append(b.cur, extra...), Checkpoint: checkpoint}
	b.cur, b.changes = nil, 0
	return b.send(batch)
}

// send hands a batch to the sender with what is queued to go with any
// batch: the reset flag, diagnostics, missing objects, the commit total.
func (b *batcher) send(batch *sdk.RecordBatch) error {
	batch.ReplaceAll, batch.Diagnostics, batch.MissingObjects = b.resetOne, b.diags, b.missing
	b.resetOne, b.diags, b.missing = false, nil, nil
	if n := b.total.Load(); n != b.sentTotal {
		batch.CommitsTotal, b.sentTotal = n, n
	}
	if b.err != nil {
		return b.err
	}
	select {
	case <-b.failed:
		b.err = b.sendErr
		return b.err
	default:
	}
	select {
	case b.ch <- batch:
		return nil
	case <-b.failed:
		b.err = b.sendErr
	case <-b.ctx.Done():
		b.err = b.ctx.Err()
	}
	return b.err
}

// finish sends the last batch, with the releases and checkpoint head, and
// waits until everything is delivered.
func (b *batcher) finish(head string, rels []*sdk.Release) error {
	if b.warned > maxWarnings {
		b.diags = append(b.diags, warnf("%d more warnings like the above were not listed", b.warned-maxWarnings))
	}
	extra := make([]*sdk.Record, 0, len(rels))
	for _, r := range rels {
		extra = append(extra, sdk.ReleaseRecord(r))
	}
	err := b.flush(head, extra)
	close(b.ch)
	<-b.done
	if err != nil {
		return err
	}
	select {
	case <-b.failed:
		return b.sendErr
	default:
		return nil
	}
}

// abort stops the sender after a failure; what was sent stays sent.
func (b *batcher) abort() {
	close(b.ch)
	<-b.done
}
