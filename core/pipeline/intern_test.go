package pipeline

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// decoded returns facts as a plugin's answer decodes: every string its
// own allocation.
func decoded(t *testing.T, f *sdk.FileFacts) *sdk.FileFacts {
	t.Helper()
	data, err := proto.Marshal(f)
	require.NoError(t, err)
	out := &sdk.FileFacts{}
	require.NoError(t, proto.Unmarshal(data, out))
	return out
}

func sameBytes(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }

func TestInternFactsSharesRepeatedStringsAndChangesNothing(t *testing.T) {
	one := &sdk.FileFacts{Path: "src/A.java", Language: "java", Namespace: "com.example",
		Definitions: []*sdk.Definition{{Name: "run", QualifiedName: "com.example.A.run", Kind: "method", Receiver: "A", Bases: []string{"Base"}}},
		Calls: []*sdk.Call{
			{Name: "log", Qualifier: "logger", Caller: "com.example.A.run", Receiver: "Logger", Line: 3},
			{Name: "log", Qualifier: "logger", Caller: "com.example.A.run", Receiver: "Logger", Line: 4},
		},
		Imports:    []*sdk.Import{{Spec: "org.slf4j.Logger", Names: []string{"Logger"}}},
		References: []string{"Logger"},
	}
	two := proto.Clone(one).(*sdk.FileFacts)
	two.Path = "src/B.java"
	facts := []*sdk.FileFacts{decoded(t, one), decoded(t, two)}
	require.False(t, sameBytes(facts[0].Calls[0].Caller, facts[0].Calls[1].Caller))

	table := stringTable{}
	table.internFacts(facts)
	imports := []*sdk.ResolvedImport{decoded2(t, &sdk.ResolvedImport{FromPath: "src/B.java", Spec: "org.slf4j.Logger", ToPaths: []string{"lib/Logger.java"}})}
	table.internImports(imports)

	require.True(t, proto.Equal(one, facts[0]))
	require.True(t, proto.Equal(two, facts[1]))
	require.Equal(t, "src/B.java", imports[0].FromPath)
	require.Equal(t, []string{"lib/Logger.java"}, imports[0].ToPaths)

	a, b := facts[0], facts[1]
	require.True(t, sameBytes(a.Calls[0].Caller, a.Calls[1].Caller))
	require.True(t, sameBytes(a.Calls[0].Caller, b.Calls[1].Caller))
	require.True(t, sameBytes(a.Calls[0].Receiver, b.Calls[0].Receiver))
	require.True(t, sameBytes(a.Imports[0].Spec, b.Imports[0].Spec))
	require.True(t, sameBytes(a.References[0], b.Imports[0].Names[0]), "one copy of Logger wherever it appears")
	require.True(t, sameBytes(b.Path, imports[0].FromPath), "an import's file is the facts' path")
	require.True(t, sameBytes(a.Imports[0].Spec, imports[0].Spec))
	// Qualified names are not kept in the table.
	require.False(t, sameBytes(a.Definitions[0].QualifiedName, b.Definitions[0].QualifiedName))
}

func decoded2(t *testing.T, ri *sdk.ResolvedImport) *sdk.ResolvedImport {
	t.Helper()
	data, err := proto.Marshal(ri)
	require.NoError(t, err)
	out := &sdk.ResolvedImport{}
	require.NoError(t, proto.Unmarshal(data, out))
	return out
}

// What the memo stores keeps a definition's signature; the facts the core
// holds after storing them do not.
func TestDropUnreadLeavesTheMemoWhole(t *testing.T) {
	f := &sdk.FileFacts{Path: "src/A.java", Definitions: []*sdk.Definition{
		{Name: "run", QualifiedName: "A.run", Kind: "method", Signature: "void run(String[] args)", Doc: "Runs."}}}
	stored, err := memoFacts(f)
	require.NoError(t, err)
	dropUnread([]*sdk.FileFacts{f})
	require.Empty(t, f.Definitions[0].Signature)
	require.Equal(t, "Runs.", f.Definitions[0].Doc)
	back := &sdk.FileFacts{}
	require.NoError(t, proto.Unmarshal(stored, back))
	require.Equal(t, "void run(String[] args)", back.Definitions[0].Signature)
}
