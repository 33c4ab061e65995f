package main

import (
	"io"
	"sync"

	"github.com/schollz/progressbar/v3"

	"github.com/homer-dev/homer/core/pipeline"
)

// bars draws one progress bar per long stage on a terminal.
type bars struct {
	w  io.Writer
	mu sync.Mutex
}

func newBars(w io.Writer) pipeline.Progress { return &bars{w: w} }

func (b *bars) Start(label string, total int) pipeline.Bar {
	max := int64(total)
	if total <= 0 {
		max = -1 // a spinner: the total is unknown
	}
	pb := progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription(label),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionShowCount(),
	)
	return &bar{pb: pb, mu: &b.mu}
}

type bar struct {
	pb *progressbar.ProgressBar
	mu *sync.Mutex
}

func (b *bar) Add(n int) {
	b.mu.Lock()
	b.pb.Add(n)
	b.mu.Unlock()
}

func (b *bar) Done() {
	b.mu.Lock()
	b.pb.Finish()
	b.mu.Unlock()
}
