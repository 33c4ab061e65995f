package sdk

import "context"

// Plugin is the part every plugin kind shares.
type Plugin interface {
	// Info describes the plugin: name, kind, version, configuration schema
	// and, for languages, the files it handles. ProtocolVersion is filled in
	// by Serve.
	Info() *Info
	// Configure receives the plugin's block from homer.hcl, decoded and
	// checked against Info().Schema. Errors in the result stop the plugin
	// from being used; warnings are shown.
	Configure(ctx context.Context, cfg Config) []*Diagnostic
}

// Language turns source files into facts: definitions, calls, imports and
// doc comments. Parse is called concurrently with batches of files; a file
// that cannot be parsed gets diagnostics in its FileFacts, never an error for
// the whole batch.
type Language interface {
	Plugin
	Parse(ctx context.Context, files []*SourceFile) ([]*FileFacts, error)
	// ResolveImports maps import specs to repository files using the index
	// of files and manifests the core sends.
	ResolveImports(ctx context.Context, req *ResolveRequest) (*ResolveResponse, error)
}

// Source extracts records from the repository. It calls emit with batches
// of records; each batch carries the checkpoint covering everything emitted
// so far, and the core stores a batch and its checkpoint together.
type Source interface {
	Plugin
	Extract(ctx context.Context, req *ExtractRequest, emit func(*RecordBatch) error) error
}

// Renderer turns the render model into files, which the core writes.
type Renderer interface {
	Plugin
	Render(ctx context.Context, model *Model) (*RenderResponse, error)
}

// KindOf reports which kind a plugin implements.
func KindOf(p Plugin) string {
	switch p.(type) {
	case Language:
		return KindLanguage
	case Source:
		return KindSource
	case Renderer:
		return KindRenderer
	}
	return ""
}
