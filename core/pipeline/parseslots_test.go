package pipeline

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The language with the most files at HEAD parses without a slot; the
// others parse one at a time beside it, each waiting for the last to give
// its slot back, or for its context to end.
func TestParseSlots(t *testing.T) {
	t.Parallel()
	r := &Run{}
	handFilesByLang.Hand(&r.board, map[string][]HeadFile{
		"big":   {{Path: "a"}, {Path: "b"}, {Path: "c"}},
		"small": {{Path: "d"}},
		"tiny":  {{Path: "e"}},
		"none":  nil,
	})
	ctx := context.Background()
	giveBig, err := r.takeParseSlot(ctx, "big")
	require.NoError(t, err)
	giveSmall, err := r.takeParseSlot(ctx, "small")
	require.NoError(t, err)

	got := make(chan func(), 1)
	go func() {
		give, err := r.takeParseSlot(ctx, "tiny")
		if err == nil {
			got <- give
		}
	}()
	select {
	case <-got:
		t.Fatal("a third language started beside the largest and another")
	case <-time.After(50 * time.Millisecond):
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = r.takeParseSlot(cctx, "none")
	require.ErrorIs(t, err, context.Canceled)

	giveSmall()
	select {
	case give := <-got:
		give()
	case <-time.After(5 * time.Second):
		t.Fatal("the slot given back was not taken")
	}
	giveBig()

	// Of two languages with as many files, the first by name is the largest.
	r = &Run{}
	handFilesByLang.Hand(&r.board, map[string][]HeadFile{"b": {{Path: "x"}}, "a": {{Path: "y"}}})
	_, err = r.takeParseSlot(ctx, "b")
	require.NoError(t, err)
	cctx, cancel = context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = r.takeParseSlot(cctx, "a")
	require.NoError(t, err, "the largest waits for no slot")
}
