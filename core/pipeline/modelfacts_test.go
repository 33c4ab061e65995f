package pipeline

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// factsFor is a language's facts for a file: every third file holds a
// class with fields and a base, every fifth documents its package.
func factsFor(lang string, i int) *sdk.FileFacts {
	p := fmt.Sprintf("pkg%02d/f%04d.%s", i%40, i, lang)
	f := &sdk.FileFacts{Path: p, BlobId: fmt.Sprintf("%040x", i), Language: lang,
		Definitions: []*sdk.Definition{{Name: "run", QualifiedName: fmt.Sprintf("m%d.run", i), Kind: "function", Doc: "Runs."}}}
	if i%3 == 0 {
		f.Definitions = append(f.Definitions, &sdk.Definition{Name: "Box", QualifiedName: fmt.Sprintf("m%d.Box", i), Kind: "class",
			Fields: []*sdk.Field{{Name: "size", Type: lang + "int"}}, Bases: []string{"Base"}})
	}
	if i%5 == 0 {
		f.PackageDoc = fmt.Sprintf("Package pkg%02d keeps file %d. More.", i%40, i)
	}
	return f
}

// The model's digest of the facts at HEAD is the same whether the parse
// stages handed the facts or they are read from the parse memo, a batch
// at a time: the fields and bases of the definitions that have them, in
// the languages' order, and each module's doc.
func TestFactsDigestHandedOrStored(t *testing.T) {
	t.Parallel()
	r := modelRun(t)
	langs := []*plugin.Plugin{{Name: "alpha", Version: "1"}, {Name: "beta", Version: "2"}}
	r.languages = langs
	n := 2*factsBatch + 7
	byLang := map[string][]HeadFile{}
	handed := map[string][]*sdk.FileFacts{}
	require.NoError(t, r.Store.Write(t.Context(), func(tx *store.Tx) error {
		for _, l := range langs {
			// The memo's order is not the files': the digest orders them.
			for i := n - 1; i >= 0; i-- {
				f := factsFor(l.Name, i)
				byLang[l.Name] = append(byLang[l.Name], HeadFile{Path: f.Path, Blob: f.BlobId, Language: l.Name})
				handed[l.Name] = append([]*sdk.FileFacts{f}, handed[l.Name]...)
				data, err := memoFacts(f)
				if err != nil {
					return err
				}
				if err := tx.PutParseMemo(f.BlobId, parserID(l), f.Path, data); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	handFilesByLang.Hand(&r.board, byLang)
	stored, err := digestHeadFacts(t.Context(), r)
	require.NoError(t, err)
	for _, l := range langs {
		list := handed[l.Name]
		sort.Slice(list, func(i, j int) bool { return list[i].GetPath() < list[j].GetPath() })
		handLanguage.Of(l.Name).Hand(&r.board, &languageFacts{facts: handed[l.Name]})
	}
	fromHand, err := digestHeadFacts(t.Context(), r)
	require.NoError(t, err)

	for _, d := range []*factsDigest{stored, fromHand} {
		require.Len(t, d.types, 2*((n+2)/3))
		first := d.types[0]
		require.Equal(t, "pkg00/f0000.alpha", first.path)
		require.Len(t, first.defs, 1)
		require.True(t, proto.Equal(&sdk.Definition{QualifiedName: "m0.Box", Fields: []*sdk.Field{{Name: "size", Type: "alphaint"}}, Bases: []string{"Base"}},
			first.defs[0]), "only the name, fields and bases are kept")
		require.True(t, strings.HasSuffix(d.types[len(d.types)/2-1].path, ".alpha"), "alpha's files, then beta's")
		require.True(t, strings.HasSuffix(d.types[len(d.types)/2].path, ".beta"), "alpha's files, then beta's")
		require.Equal(t, "Package pkg00 keeps file 0.", d.docs["pkg00"])
		require.Len(t, d.docs, 8, "the directories of files i%%40 with i%%5 == 0")
	}
	require.Equal(t, stored.docs, fromHand.docs)
	require.Equal(t, len(stored.types), len(fromHand.types))
	for i := range stored.types {
		require.Equal(t, stored.types[i].path, fromHand.types[i].path)
		require.Len(t, fromHand.types[i].defs, len(stored.types[i].defs))
		for j := range stored.types[i].defs {
			require.True(t, proto.Equal(stored.types[i].defs[j], fromHand.types[i].defs[j]))
		}
	}
}

// Of two languages giving one type's fields, the first in the run's order
// wins; one that gives none leaves them to the next.
func TestTypeFieldsFirstLanguageWins(t *testing.T) {
	t.Parallel()
	box := &sdk.DefinitionModel{QualifiedName: "m.Box", Kind: "class"}
	fn := &sdk.DefinitionModel{QualifiedName: "m.run", Kind: "function"}
	byFile := map[string][]*sdk.DefinitionModel{"m.x": {box, fn}}
	typeFields([]typedFile{
		{path: "m.x", defs: []*sdk.Definition{{QualifiedName: "m.run", Bases: []string{"Never"}}}},
		{path: "m.x", defs: []*sdk.Definition{{QualifiedName: "m.Box", Bases: []string{"First"}}}},
		{path: "m.x", defs: []*sdk.Definition{{QualifiedName: "m.Box", Fields: []*sdk.Field{{Name: "late"}}, Bases: []string{"Second"}}}},
		{path: "other.x", defs: []*sdk.Definition{{QualifiedName: "m.Box", Bases: []string{"Elsewhere"}}}},
	}, byFile)
	require.Equal(t, []string{"First"}, box.GetBases())
	require.Empty(t, box.GetFields())
	require.Empty(t, fn.GetBases(), "a function takes no bases")
}
