package golang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestVariantByName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"a.go":                   false,
		"a_linux.go":             false,
		"a_amd64.go":             false,
		"a_linux_amd64.go":       false,
		"a_linux_amd64_test.go":  false,
		"a_windows.go":           true,
		"a_windows_test.go":      true,
		"a_arm64.go":             true,
		"a_linux_arm64.go":       true,
		"a_darwin_amd64.go":      true,
		"symlink_other.go":       false,
		"windows.go":             false, // the suffix needs a name before it
		"_scratch.go":            true,
		".hidden.go":             true,
		"a_unix.go":              false, // unix is a build tag, not a file suffix
		"linux_windows_amd64.go": true,
	} {
		require.Equal(t, want, nameExcludes(name), name)
	}
}

func TestVariantByConstraint(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]bool{
		"package a\n":                      true,
		"//go:build ignore\n\npackage a\n": false,
		"//go:build !windows\n// +build !windows\n\npackage a\n": true,
		"//go:build linux && amd64\n\npackage a\n":               true,
		"//go:build darwin || windows\n\npackage a\n":            false,
		"//go:build cgo\n\npackage a\n":                          true,
		"//go:build !cgo\n\npackage a\n":                         false,
		"//go:build unix\n\npackage a\n":                         true,
		"//go:build go1.18\n\npackage a\n":                       true,
		"//go:build integration\n\npackage a\n":                  false,
		"// Copyright 2024.\n\n//go:build tools\n\npackage a\n":  false,
		"// +build windows\n\npackage a\n":                       false,
		"// +build linux darwin\n// +build amd64\n\npackage a\n": true,
		"// +build linux,arm64\n\npackage a\n":                   false,
		"package a\n\n//go:build ignore\n":                       true, // after the clause it is no constraint
		"/* block */\n//go:build ignore\npackage a\n":            true,
	} {
		require.Equal(t, want, constraintHolds([]byte(src)), src)
	}
}

func TestVariantFacts(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "cmd/x/gen.go", "//go:build ignore\n\npackage main\n\nfunc main() {}\n")
	require.True(t, f.GetVariant())
	require.Equal(t, "cmd/x", f.GetNamespace())
	f = sdktest.ParseOne(t, lang, "cmd/x/open_windows.go", "package x\n")
	require.True(t, f.GetVariant())
	f = sdktest.ParseOne(t, lang, "main.go", "package main\n")
	require.False(t, f.GetVariant())
	require.Equal(t, ".", f.GetNamespace())
}
