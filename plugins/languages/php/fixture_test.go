package php

import (
	"testing"

	"github.com/homer-dev/homer/internal/langtest"
)

func TestFixture(t *testing.T) { langtest.Check(t, "testdata/fixture", New()) }
