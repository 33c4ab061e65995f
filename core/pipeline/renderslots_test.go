package pipeline

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRenderSlotsBoundTheRenderersAtOnce(t *testing.T) {
	r := &Run{}
	ctx := context.Background()
	for range renderersAtOnce {
		require.NoError(t, r.takeRenderSlot(ctx))
	}

	// Every slot taken: the next renderer waits, here until its run ends.
	ended, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, r.takeRenderSlot(ended), context.Canceled)

	// A renderer done frees its slot for the next one.
	r.giveRenderSlot()
	require.NoError(t, r.takeRenderSlot(ctx))
	require.ErrorIs(t, r.takeRenderSlot(ended), context.Canceled)
}
