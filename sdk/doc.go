// Package sdk is what a Homer plugin author imports.
//
// A plugin is a program that implements one of three interfaces — Language,
// Source or Renderer — and calls Serve from main. Homer starts the program as a
// subprocess and speaks to it over gRPC through hashicorp/go-plugin; the
// author never sees gRPC. Messages are the protocol's own typed records
// (FileFacts, RecordBatch, Model, ...), re-exported here.
//
// Start with Language, Source or Renderer in plugin.go, then Serve. The
// sdktest package checks a plugin through the real protocol shims in one
// process; the host package is the core's side of the same protocol.
package sdk
