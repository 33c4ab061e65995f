package pipeline

import (
	"maps"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

func cloneFacts(facts []*sdk.FileFacts) []*sdk.FileFacts {
	out := make([]*sdk.FileFacts, len(facts))
	for i, f := range facts {
		out[i] = proto.Clone(f).(*sdk.FileFacts)
	}
	return out
}

// Calls and references taken into a packedCalls come back as they were,
// each caller named again (a definition of the file, twice over, one
// that is not, one beginning with a NUL), and each file's once.
func TestPackedCallsRoundTrip(t *testing.T) {
	t.Parallel()
	f := &sdk.FileFacts{Path: "a.py", Definitions: []*sdk.Definition{
		def("f", "a.f", "function", 1), def("g", "a.g", "function", 5), def("f", "a.f", "function", 9)},
		Calls: []*sdk.Call{
			{Name: "g", Caller: "a.f", Line: 2, Receiver: "self", Arguments: 2},
			{Name: "h", Caller: "a.f", Line: 3, Qualifier: "mod"},
			{Name: "f", Caller: "a.g", Line: 6, Constructor: true},
			{Name: "len", Line: 12, Builtin: true},
			{Name: "k", Caller: "outside.scope", Line: 13},
			{Name: "m", Caller: "\x00odd", Line: 14, Macro: true},
			{Name: "f", Caller: "a.f", Line: 10},
		},
		References: []string{"mod.CONST", "a.g"}}
	bare := &sdk.FileFacts{Path: "b.py", Definitions: []*sdk.Definition{def("x", "b.x", "variable", 1)}}
	want := cloneFacts([]*sdk.FileFacts{f, bare})

	pc := packedCalls{}
	require.NoError(t, pc.take([]*sdk.FileFacts{f, bare}, mustEncode(t, f, bare)))
	require.Empty(t, f.GetCalls())
	require.Empty(t, f.GetReferences())
	require.Contains(t, pc, "a.py")
	require.NotContains(t, pc, "b.py", "a file without calls or references is not entered")
	require.Empty(t, cmpFacts(want[1], bare))

	calls, refs, err := pc.of(f)
	require.NoError(t, err)
	require.Empty(t, cmpFacts(&sdk.FileFacts{Calls: want[0].GetCalls(), References: want[0].GetReferences()},
		&sdk.FileFacts{Calls: calls, References: refs}))
	require.Empty(t, pc, "what is read is dropped")

	// Read again, or never taken: the facts' own.
	calls, refs, err = pc.of(want[0])
	require.NoError(t, err)
	require.Equal(t, want[0].GetCalls(), calls)
	require.Equal(t, want[0].GetReferences(), refs)

	pc["a.py"] = []byte{0xff}
	_, _, err = pc.of(f)
	require.ErrorContains(t, err, "calls of a.py")
}

// cmpFacts is "" when a and b are equal, else both as text.
func cmpFacts(a, b *sdk.FileFacts) string {
	if proto.Equal(a, b) {
		return ""
	}
	return prototext.Format(a) + "\n---\n" + prototext.Format(b)
}

// Resolving facts whose calls were taken gives the graph the facts with
// their calls give.
func TestResolvePackedEqualsResolve(t *testing.T) {
	t.Parallel()
	facts := []*sdk.FileFacts{
		{Path: "core/util.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{
			def("Helper", "core.Helper", "function", 3), def("inner", "core.inner", "function", 9)},
			Calls: []*sdk.Call{{Name: "inner", Caller: "core.Helper", Line: 4}, {Name: "sibling", Caller: "core.inner", Line: 10}}},
		{Path: "core/more.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{def("sibling", "core.sibling", "function", 1)}},
		{Path: "svc/a.go", Package: "svc", PackageScope: true, Definitions: []*sdk.Definition{def("Run", "svc.Run", "function", 5)},
			Imports: []*sdk.Import{{Spec: "example.com/x/core", Alias: "core"}},
			Calls: []*sdk.Call{{Name: "Helper", Qualifier: "core", Caller: "svc.Run", Line: 6},
				{Name: "Println", Qualifier: "fmt", Caller: "svc.Run", Line: 7},
				{Name: "sibling", Caller: "svc.Run", Line: 8}}},
		{Path: "pylib/base.py", Definitions: []*sdk.Definition{def("helper", "pylib.base.helper", "function", 1),
			def("LIMIT", "pylib.base.LIMIT", "constant", 5)}},
		{Path: "pylib/feature.py", Definitions: []*sdk.Definition{def("run", "pylib.feature.run", "function", 3)},
			Imports:    []*sdk.Import{{Spec: "pylib.base", Names: []string{"helper", "LIMIT"}}},
			Calls:      []*sdk.Call{{Name: "helper", Caller: "pylib.feature.run", Line: 4}},
			References: []string{"LIMIT"}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"svc/a.go":         {{FromPath: "svc/a.go", Spec: "example.com/x/core", ToPaths: []string{"core/more.go", "core/util.go"}}},
		"pylib/feature.py": {{FromPath: "pylib/feature.py", Spec: "pylib.base", ToPaths: []string{"pylib/base.py"}}},
	}
	want := Resolve(cloneFacts(facts), imports)
	require.NotEmpty(t, want.Calls)

	taken := cloneFacts(facts)
	pc, pd := packedCalls{}, packedDefs{}
	// Some files' calls and definitions taken, some files' calls held as
	// the memo encodes them, the others left in their facts; the
	// definitions restored before resolve, as resolve's stage does.
	encoded := mustEncode(t, taken[1:4]...)
	require.NoError(t, pc.take(taken[2:4], encoded[1:]))
	require.NoError(t, pd.take(taken[1:4], encoded))
	require.NoError(t, pd.restore(taken))
	require.Empty(t, pd)
	for i, f := range taken[4:] {
		data, err := memoFacts(f)
		require.NoError(t, err)
		got, err := decodeMemosHolding([]query.Memo{{Path: f.Path, Facts: store.Pack(data)}}, nil, pc)
		require.NoError(t, err)
		taken[4+i] = got[0]
	}
	require.Len(t, pc, 2, "svc/a.go's taken, pylib/feature.py's held; pylib/base.py has none")
	require.Empty(t, taken[4].GetCalls())
	// The imports given up as the scopes bind them (those of svc/a.go's
	// facts, and where every covered file's lead) leave the graph as it
	// was; an answer for a file no facts cover stays, and links.
	given := maps.Clone(imports)
	given["gone/x.py"] = []*sdk.ResolvedImport{{FromPath: "gone/x.py", Spec: "pylib.base", ToPaths: []string{"pylib/base.py"}}}
	want.Imports[[2]string{"gone/x.py", "pylib/base.py"}] = &Link{Count: 1, Confidence: 1, Via: viaImport}
	got, err := resolvePacked(taken, given, pc, func(f *sdk.FileFacts) bool { return f.GetPath() == "svc/a.go" })
	require.NoError(t, err)
	require.Empty(t, pc)
	require.Equal(t, []string{"gone/x.py"}, slices.Collect(maps.Keys(given)))
	require.Empty(t, taken[2].GetImports(), taken[2].GetPath())
	require.Len(t, taken[4].GetImports(), 1, taken[4].GetPath())
	require.Equal(t, callConfidences(want), callConfidences(got))
	require.Equal(t, want.Imports, got.Imports)
	require.Equal(t, want.FileCalls, got.FileCalls)
	require.Equal(t, want.Unresolved, got.Unresolved)
}

// The held calls are DEFLATEd: calls that repeat their names take far
// less than their encoding; a value cut short is an error, not calls.
func TestPackedCallsAreDeflated(t *testing.T) {
	t.Parallel()
	f := &sdk.FileFacts{Path: "a.py", Definitions: []*sdk.Definition{def("f", "a.f", "function", 1)}}
	for i := range 200 {
		f.Calls = append(f.Calls, &sdk.Call{Name: "append", Receiver: "self.items", Caller: "a.f", Line: int32(2 + i)})
	}
	plain, err := proto.Marshal(&sdk.FileFacts{Calls: f.GetCalls()})
	require.NoError(t, err)
	pc := packedCalls{}
	require.NoError(t, pc.take([]*sdk.FileFacts{f}, mustEncode(t, f)))
	require.Less(t, len(pc["a.py"]), len(plain)/4)

	held := pc["a.py"]
	pc["a.py"] = held[:len(held)/2]
	_, _, err = pc.of(f)
	require.Error(t, err)
}

// Facts read from the memo with their calls held decode to the facts
// without calls and references, and the held calls and references come
// back as the plugin gave them, each caller named again: from facts
// memoized as the memo writes them, from facts memoized whole, as
// before, and not at all for a file with neither.
func TestMemoCallsHeld(t *testing.T) {
	t.Parallel()
	f := &sdk.FileFacts{Path: "src/Widget.java", BlobId: "b1", Language: "java", Package: "org.example", Lines: 20,
		Definitions: []*sdk.Definition{
			{Name: "Widget", QualifiedName: "org.example.Widget", Kind: "class", Signature: "class Widget"},
			{Name: "spin", QualifiedName: "org.example.Widget.spin", Kind: "method"},
			{Name: "stop", QualifiedName: "org.example.Widget.stop", Kind: "method"},
		},
		Calls: []*sdk.Call{
			{Name: "a", Caller: "org.example.Widget.spin", Line: 3, Receiver: "this"},
			{Name: "b", Caller: "org.example.Widget.spin", Line: 4},
			{Name: "c", Line: 5},
			{Name: "d", Caller: "org.example.Widget.stop", Line: 6, Qualifier: "Other"},
			{Name: "f", Caller: "org.example.Other.run", Line: 8},
			{Name: "g", Caller: "\x00odd", Line: 9},
		},
		References: []string{"Other.LIMIT", "Widget.spin"},
		Imports:    []*sdk.Import{{Spec: "org.other.Other", Line: 2}}}
	bare := &sdk.FileFacts{Path: "src/Empty.java", BlobId: "b2", Language: "java", Lines: 1,
		Definitions: []*sdk.Definition{{Name: "Empty", QualifiedName: "org.example.Empty", Kind: "class"}}}
	// Memoized whole, a caller is its name: one beginning with NUL was
	// never written so.
	old := proto.Clone(f).(*sdk.FileFacts)
	old.Path, old.Calls = "src/Old.java", old.Calls[:5]
	short, err := memoFacts(f)
	require.NoError(t, err)
	empty, err := memoFacts(bare)
	require.NoError(t, err)
	whole, err := proto.Marshal(old)
	require.NoError(t, err)

	held := packedCalls{}
	got, err := decodeMemosHolding([]query.Memo{
		{Path: f.Path, Blob: f.BlobId, Facts: store.PackFacts(short, f.Path)},
		{Path: bare.Path, Blob: bare.BlobId, Facts: store.PackFacts(empty, bare.Path)},
		{Path: old.Path, Blob: old.BlobId, Facts: store.Pack(whole)},
	}, nil, held)
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Len(t, held, 2)
	require.NotContains(t, held, bare.Path, "a file with neither calls nor references is not entered")
	require.Empty(t, cmpFacts(bare, got[1]))
	for i, want := range []*sdk.FileFacts{f, old} {
		g := got[2*i]
		without := proto.Clone(want).(*sdk.FileFacts)
		without.Calls, without.References = nil, nil
		require.Empty(t, cmpFacts(without, g))
		calls, refs, err := held.of(g)
		require.NoError(t, err)
		require.Empty(t, cmpFacts(&sdk.FileFacts{Calls: want.GetCalls(), References: want.GetReferences()},
			&sdk.FileFacts{Calls: calls, References: refs}))
	}
	require.Empty(t, held, "what is read is dropped")

	// Held calls cut short are an error, not calls.
	held = packedCalls{}
	got, err = decodeMemosHolding([]query.Memo{{Path: f.Path, Blob: f.BlobId, Facts: store.PackFacts(short, f.Path)}}, nil, held)
	require.NoError(t, err)
	held[f.Path] = held[f.Path][:len(held[f.Path])-2]
	_, _, err = held.of(got[0])
	require.ErrorContains(t, err, "calls of src/Widget.java")
}

// mustEncode is each of facts as the parse memo keeps it.
func mustEncode(t *testing.T, facts ...*sdk.FileFacts) [][]byte {
	t.Helper()
	encoded, err := encodeFacts(facts)
	require.NoError(t, err)
	return encoded
}

// Definitions taken into a packedDefs come back as they were, only the
// definitions leave the facts meanwhile, each file's are restored once,
// and a value cut short is an error.
func TestPackedDefsRoundTrip(t *testing.T) {
	t.Parallel()
	withDoc := def("g", "a.g", "function", 5)
	withDoc.Doc, withDoc.Signature, withDoc.Bases = "Does g.", "def g(x)", []string{"Base"}
	withDoc.Fields = []*sdk.Field{{Name: "n", Type: "int"}}
	f := &sdk.FileFacts{Path: "a.py", Language: "one", Definitions: []*sdk.Definition{def("f", "a.f", "function", 1), withDoc},
		Calls:   []*sdk.Call{{Name: "g", Caller: "a.f", Line: 2}},
		Imports: []*sdk.Import{{Spec: "b", Names: []string{"x"}}}}
	bare := &sdk.FileFacts{Path: "b.py", Imports: []*sdk.Import{{Spec: "a"}}}
	want := cloneFacts([]*sdk.FileFacts{f, bare})

	pd := packedDefs{}
	require.NoError(t, pd.take([]*sdk.FileFacts{f, bare}, mustEncode(t, f, bare)))
	require.Empty(t, f.GetDefinitions())
	require.NotContains(t, pd, "b.py", "a file without definitions is not entered")
	rest := cloneFacts(want[:1])[0]
	rest.Definitions = nil
	require.Empty(t, cmpFacts(rest, f), "the definitions alone are taken")

	require.NoError(t, pd.restore([]*sdk.FileFacts{f, bare}))
	require.Empty(t, cmpFacts(want[0], f))
	require.Empty(t, cmpFacts(want[1], bare))
	require.Empty(t, pd, "what is restored is dropped")
	require.NoError(t, pd.restore([]*sdk.FileFacts{f}))
	require.Empty(t, cmpFacts(want[0], f), "restored again: the facts' own")

	require.NoError(t, pd.take([]*sdk.FileFacts{f}, mustEncode(t, f)))
	held := pd["a.py"]
	pd["a.py"] = held[:len(held)/2]
	require.ErrorContains(t, pd.restore([]*sdk.FileFacts{f}), "definitions of a.py")
}

// A language's facts handed to resolve get their definitions back with
// the strings they repeat made one, and without their signatures, as
// the parse stage leaves the rest of the facts.
func TestRestoreDefsInterns(t *testing.T) {
	t.Parallel()
	a, b := def("run", "a.run", "method", 1), def("stop", "b.stop", "method", 1)
	a.Receiver, b.Receiver = "pkg.Server", "pkg.Server"
	a.Signature = "run()"
	facts := []*sdk.FileFacts{{Path: "a.go", Definitions: []*sdk.Definition{a}}, {Path: "b.go", Definitions: []*sdk.Definition{b}}}
	lf := &languageFacts{facts: facts, defs: packedDefs{}}
	require.NoError(t, lf.defs.take(facts, mustEncode(t, facts...)))
	require.NoError(t, lf.restoreDefs())
	require.Nil(t, lf.defs)
	ra, rb := facts[0].GetDefinitions()[0], facts[1].GetDefinitions()[0]
	require.Equal(t, "pkg.Server", ra.GetReceiver())
	require.Same(t, unsafe.StringData(ra.GetReceiver()), unsafe.StringData(rb.GetReceiver()))
	require.Same(t, unsafe.StringData(ra.GetKind()), unsafe.StringData(rb.GetKind()))
	require.Empty(t, ra.GetSignature())
	require.Equal(t, "a.run", ra.GetQualifiedName())
}

// Facts handed with their definitions still packed (resolve failed before
// restoring them) reach the other readers with their definitions: each
// reader restores them, once.
func TestHandedFactsRestoredForEveryReader(t *testing.T) {
	t.Parallel()
	r := &Run{}
	r.languages = []*plugin.Plugin{{Name: "alpha"}}
	var facts, want []*sdk.FileFacts
	var files []HeadFile
	for i := range 3 {
		f := factsFor("alpha", i)
		want = append(want, proto.Clone(f).(*sdk.FileFacts))
		facts = append(facts, f)
		files = append(files, HeadFile{Path: f.GetPath(), Blob: f.GetBlobId(), Language: "alpha"})
	}
	lf := &languageFacts{facts: facts, defs: packedDefs{}}
	require.NoError(t, lf.defs.take(facts, mustEncode(t, facts...)))
	require.Empty(t, facts[0].GetDefinitions())
	handLanguage.Of("alpha").Hand(&r.board, lf)
	handFilesByLang.Hand(&r.board, map[string][]HeadFile{"alpha": files})

	got, err := headFacts(t.Context(), r)
	require.NoError(t, err)
	for i, f := range got[r.languages[0]] {
		require.Empty(t, cmpFacts(want[i], f))
	}
	d, err := digestHeadFacts(t.Context(), r)
	require.NoError(t, err)
	require.Len(t, d.types, 1, "the one file with a typed definition")
}
