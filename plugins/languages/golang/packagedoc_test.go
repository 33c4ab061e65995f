package golang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk/sdktest"
)

// The comment right above the package clause is the package's doc; a
// comment a blank line above it (a licence header) and build directives
// are not.
func TestPackageDoc(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ src, want string }{
		"doc comment":      {"// Package store keeps facts.\n//\n// More here.\npackage store\n", "Package store keeps facts.\n\nMore here."},
		"licence detached": {"// Copyright 2020 Someone.\n\npackage store\n", ""},
		"after directive":  {"//go:build linux\n\n// Package store keeps facts.\npackage store\n", "Package store keeps facts."},
		"block comment":    {"/*\nCommand gen writes code.\n*/\npackage main\n", "Command gen writes code."},
		"none":             {"package store\n\nfunc F() {}\n", ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, sdktest.ParseOne(t, New(), "store/doc.go", tc.src).GetPackageDoc())
		})
	}
}
