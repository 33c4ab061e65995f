package sdk

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk/internal/pb"
)

// wireMessages are the messages that cross the plugin boundary, each with
// a typical value: the requests a plugin decodes, the replies the core
// decodes, and FileFacts and Model, which the core also keeps encoded in
// its cache. The fuzzer picks one by its index.
func wireMessages() []proto.Message {
	facts := &FileFacts{
		Path: "pkg/store/store.go", BlobId: "9f2c", Language: "go", Package: "store", Lines: 120,
		Definitions: []*Definition{{
			Name: "Open", QualifiedName: "store.Open", Kind: "function", Span: &Span{StartLine: 10, EndLine: 30},
			Exported: true, Doc: "Open opens the database.", Signature: "func Open(path string) (*DB, error)",
			Fields: []*Field{{Name: "path", Type: "string"}}, Complexity: 4, MinArguments: 1, MaxArguments: 1,
		}},
		Calls:       []*Call{{Name: "Exec", Qualifier: "db", Caller: "store.Open", Line: 12, Receiver: "*DB", Arguments: 2}},
		Imports:     []*Import{{Spec: "database/sql", Alias: "sql", Names: []string{"sql"}, Line: 3}},
		Diagnostics: []*Diagnostic{Warnf("pkg/store/store.go", 40, "syntax not understood from line %d", 40)},
		References:  []string{"sql.DB"}, PackageScope: true, Namespace: "pkg/store",
	}
	manifest := &Manifest{Path: "go.mod", Kind: "go", Name: "example.com/shop",
		Dependencies: []*Dependency{{Name: "github.com/mattn/go-sqlite3", Version: "v1.14.22"}, {Name: "x", Dev: true}}}
	info := &Info{Name: "go", Kind: KindLanguage, Version: "2.0.0", ProtocolVersion: 1, Description: "Go",
		Schema: []*Attribute{
			{Name: "output", Type: TypeString, DefaultValue: String("AGENTS.md"), Description: "where to write"},
			{Name: "exclude", Type: TypeList, DefaultValue: List("a/**", "b")},
			{Name: "mode", Type: TypeString, OneOf: []string{"auto", "never"}, Required: true},
		},
		Extensions: []string{".go"}, SharedExtensions: []string{".h"}, Filenames: []string{"go.mod"}}
	batch := &RecordBatch{Checkpoint: "4b1e:cafe", ReplaceAll: true, Records: []*Record{
		CommitRecord(&Commit{Sha: "4b1e", Parents: []string{"a1", "b2"}, Author: &Person{Name: "Ada", Email: "ada@example.com"},
			AuthorTime: 1700000000, CommitTime: -1, Message: "fix: the thing\n\nbody",
			Changes: []*FileChange{{Path: "a.go", Status: "R", OldPath: "b.go", Similarity: 97, Added: 3, Deleted: 1}}}),
		ReleaseRecord(&Release{Name: "v1.0.0", Sha: "4b1e", Time: 1700000000}),
		FileRecord(&FileEntry{Path: "a.go", BlobId: "9f2c", Language: "go", Size: 1234, Code: true}),
		ModuleRecord(&Module{Path: "pkg/store", Language: "go", Files: 3}),
		ManifestRecord(manifest),
		CommandRecord(&BuildCommand{Kind: "test", Command: "go test ./...", Origin: "Makefile:12"}),
	}, Diagnostics: []*Diagnostic{{Severity: SeverityInfo, Summary: "history rewritten"}}}
	model := &Model{SchemaVersion: 2, RepoName: "shop", Head: "4b1e", HeadTime: 1700000000,
		Summary:  &Summary{Files: 10, SourceFiles: 8, Languages: map[string]int32{"go": 7, "python": 1}},
		Commands: []*BuildCommand{{Kind: "test", Command: "make test"}},
		Modules:  []*ModuleModel{{Path: "pkg/store", Imports: []string{"pkg/db"}, KeyFiles: []string{"pkg/store/store.go"}}},
		Files: []*FileModel{{Path: "a.go", Salience: 0.8, Authors: []string{"Ada"}, Risk: &Risk{Score: 0.7, Level: "high",
			Reasons: []*RiskReason{{Type: "churn", Detail: "changed often", Weight: 0.5}}},
			CoChanges: []*Related{{Path: "b.go", Weight: 0.6, Count: 4}}}},
		Entities:     []*EntityModel{{QualifiedName: "store.Open", Kind: "function", Path: "a.go", Line: 10, TopCallers: []string{"main"}}},
		CoChangeSets: []*CoChangeSet{{Files: []string{"a.go", "b.go"}, Support: 4, Confidence: 0.8}},
		Manifests:    []*Manifest{manifest}, Documents: []string{"README.md"}, RiskThreshold: 0.6}
	return []proto.Message{
		&pb.ParseRequest{Files: []*SourceFile{{Path: "a.go", BlobId: "9f2c", Content: []byte("package a\n\nfunc A() {}\n")}}},
		&pb.ParseResponse{Files: []*FileFacts{facts}},
		facts,
		&ResolveRequest{Files: []string{"a.go", "b/b.go"}, Manifests: []*Manifest{manifest},
			Imports: []*ImportSite{{FromPath: "a.go", Import: &Import{Spec: "example.com/shop/b", Line: 3, Level: 1}}}},
		&ResolveResponse{Imports: []*ResolvedImport{{FromPath: "a.go", Spec: "example.com/shop/b", ToPaths: []string{"b/b.go"}},
			{FromPath: "a.go", Spec: "fmt", External: true}}},
		info,
		&ConfigureRequest{RepoRoot: "/repo", Values: map[string]*Value{"output": String("A.md"), "n": Number(2.5),
			"on": Bool(true), "l": List("x", "y")}},
		&ConfigureResponse{Diagnostics: []*Diagnostic{Errorf("output", "bad %s", "value")}},
		&ExtractRequest{RepoRoot: "/repo", Checkpoint: "4b1e"},
		batch,
		&pb.RenderRequest{Model: model},
		model,
		&RenderResponse{Files: []*OutputFile{{Path: "AGENTS.md", Content: []byte("# shop\n"), HumanEditable: true}}},
	}
}

// FuzzDecode decodes any bytes as each message of the protocol. Beyond not
// panicking, what decodes must re-encode, and decode again to the same
// message, whose encoding is then stable: nothing a peer sends is lost or
// changed on its way through Homer's cache or a second hop.
func FuzzDecode(f *testing.F) {
	msgs := wireMessages()
	for i, m := range msgs {
		data, err := proto.Marshal(m)
		require.NoError(f, err)
		f.Add(uint8(i), data)
	}
	det := proto.MarshalOptions{Deterministic: true}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		proto0 := msgs[int(which)%len(msgs)]
		m1 := proto0.ProtoReflect().New().Interface()
		if proto.Unmarshal(data, m1) != nil {
			return
		}
		b1, err := det.Marshal(m1)
		require.NoError(t, err, "a decoded %T does not encode", m1)
		m2 := proto0.ProtoReflect().New().Interface()
		require.NoError(t, proto.Unmarshal(b1, m2), "a re-encoded %T does not decode", m1)
		require.True(t, proto.Equal(m1, m2), "%T changed through encode and decode:\n%v\n%v", m1, m1, m2)
		b2, err := det.Marshal(m2)
		require.NoError(t, err)
		require.True(t, bytes.Equal(b1, b2), "the encoding of %T is not stable", m1)
	})
}
