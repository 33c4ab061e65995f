package sdk_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func selectFixture() *sdk.Model {
	return &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "r", Head: "abc", RiskThreshold: 0.6,
		Summary: &sdk.Summary{Files: 2, Languages: map[string]int32{"go": 2}},
		Files: []*sdk.FileModel{
			{Path: "a.go", Salience: 0.5, TestedBy: []string{"a_test.go"}, Risk: &sdk.Risk{Score: 0.7, Level: "high",
				Reasons: []*sdk.RiskReason{{Type: "churn", Detail: "many", Weight: 0.4}}},
				Definitions: []*sdk.DefinitionModel{{QualifiedName: "A", Kind: "function", Doc: "Does a."}}},
			{Path: "a_test.go", IsTest: true, Definitions: []*sdk.DefinitionModel{{QualifiedName: "TestA"}}},
		},
		FileEdges: []*sdk.Edge{{From: "a_test.go", To: "a.go", Kind: "imports"}},
	}
}

// A selection keeps the fields named, whole or field by field, with the
// schema version, and nothing else.
func TestSelectModel(t *testing.T) {
	t.Parallel()
	got, err := sdk.SelectModel(selectFixture(), []string{"head", "files.path", "files.risk"})
	require.NoError(t, err)
	want := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, Head: "abc", Files: []*sdk.FileModel{
		{Path: "a.go", Risk: &sdk.Risk{Score: 0.7, Level: "high", Reasons: []*sdk.RiskReason{{Type: "churn", Detail: "many", Weight: 0.4}}}},
		{Path: "a_test.go"},
	}}
	require.True(t, proto.Equal(want, got), "got %v", got)

	// A message named whole wins over a field of it, in either order.
	for _, paths := range [][]string{{"files.path", "files", "summary"}, {"files", "files.path", "summary"}} {
		got, err = sdk.SelectModel(selectFixture(), paths)
		require.NoError(t, err)
		want := selectFixture()
		want.RepoName, want.Head, want.RiskThreshold, want.FileEdges = "", "", 0, nil
		require.True(t, proto.Equal(want, got), "%v: got %v", paths, got)
	}

	for _, bad := range []string{"files.nope", "head.x", "nope", "summary.languages.go"} {
		_, err := sdk.SelectModel(selectFixture(), []string{bad})
		require.Error(t, err, bad)
	}
}

// selective is a renderer reading only the files' paths, which keeps the
// model it was given.
type selective struct {
	got *sdk.Model
}

func (s *selective) Info() *sdk.Info { return &sdk.Info{Name: "selective", Version: "1"} }
func (s *selective) Configure(context.Context, sdk.Config) []*sdk.Diagnostic {
	return nil
}
func (s *selective) ModelFields() []string { return []string{"files.path"} }
func (s *selective) Render(_ context.Context, m *sdk.Model) (*sdk.RenderResponse, error) {
	s.got = m
	return &sdk.RenderResponse{}, nil
}

// Through the shims, a ModelReader is given only the fields it reads of
// the model the core streams.
func TestModelReaderThroughShims(t *testing.T) {
	t.Parallel()
	impl := &selective{}
	r := sdktest.Renderer(t, impl)
	_, err := r.Render(t.Context(), selectFixture())
	require.NoError(t, err)
	want := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, Files: []*sdk.FileModel{{Path: "a.go"}, {Path: "a_test.go"}}}
	require.True(t, proto.Equal(want, impl.got), "got %v", impl.got)
}
