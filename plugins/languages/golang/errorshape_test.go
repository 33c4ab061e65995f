package golang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "e/e.go", `package e

import (
	"errors"
	"fmt"
	"log"

	pkgerrors "github.com/pkg/errors"
)

func a() (int, error) {
	n, err := f()
	if err != nil {
		return 0, err // returned
	}
	if werr := g(); werr != nil {
		return 0, werr // returned
	}
	if err := g(); err != nil {
		return 0, fmt.Errorf("g: %w", err) // wrapped
	}
	if err := g(); err != nil {
		return 0, fmt.Errorf("g: %v", err) // wrapped, the chain lost
	}
	if err := g(); err != nil {
		return 0, pkgerrors.Wrap(err, "g") // wrapped
	}
	if n < 0 {
		return 0, errors.New("negative") // a fresh error: not counted
	}
	if n > 9 {
		return 0, fmt.Errorf("too big: %d", n) // nor this
	}
	if n == 5 {
		panic("five") // panicked
	}
	return n, nil
}

func b() {
	if err := g(); err != nil {
		log.Fatalf("b: %v", err) // panicked
	}
	log.Printf("fine")
	func() error { return ctx.Err() }()
}
`)
	require.Equal(t, map[string]int32{
		sdk.ErrorReturned: 2,
		sdk.ErrorWrapped:  3,
		sdk.ErrorPanicked: 2,
	}, f.GetErrorShapes())
}

func TestErrorShapesNoneWithoutSites(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "e/e.go", "package e\n\nfunc panic(string) {}\n\nfunc a() { panic(\"x\") }\n")
	require.Empty(t, f.GetErrorShapes(), "a file's own panic function is not the builtin")
}
