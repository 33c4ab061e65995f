package pipeline

import (
	"fmt"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/homer-dev/homer/sdk"
)

// An import request's key is the hash of its whole deterministic encoding,
// as import memos stored before were keyed, though it is fed to the hash a
// part at a time.
func TestRequestKeyHashesTheWholeEncoding(t *testing.T) {
	t.Parallel()
	whole := func(req *sdk.ResolveRequest) string {
		data, err := proto.MarshalOptions{Deterministic: true}.Marshal(req)
		require.NoError(t, err)
		return "java@1\x00" + fmt.Sprintf("%016x", xxhash.Sum64(data))
	}
	big := &sdk.ResolveRequest{}
	for i := range 300 {
		big.Files = append(big.Files, fmt.Sprintf("src/p%d/F%d.java", i%7, i))
		big.Imports = append(big.Imports, &sdk.ImportSite{FromPath: big.Files[i],
			Import: &sdk.Import{Spec: fmt.Sprintf("org.p%d.F%d", i%5, i), Alias: "f", Names: []string{"a", "b"}, Level: int32(i % 3), Line: int32(i)}})
	}
	big.Manifests = []*sdk.Manifest{{Path: "pom.xml", Kind: "maven", Name: "app",
		Dependencies: []*sdk.Dependency{{Name: "junit", Version: "5", Dev: true}, {Name: "slf4j"}}}, {Path: "sub/pom.xml"}}
	// A file name long enough for its length to take two bytes.
	big.Files = append(big.Files, string(make([]byte, 300)))
	for _, req := range []*sdk.ResolveRequest{{}, {Files: []string{""}}, {Imports: []*sdk.ImportSite{{}}}, big} {
		got, err := requestKey("java@1", req)
		require.NoError(t, err)
		require.Equal(t, whole(req), got)
	}
	fields := (&sdk.ResolveRequest{}).ProtoReflect().Descriptor().Fields()
	require.Equal(t, 3, fields.Len(), "a field requestKey does not hash")
	for name, n := range map[protoreflect.Name]int32{"files": int32(requestFiles), "manifests": int32(requestManifests), "imports": int32(requestImports)} {
		require.Equal(t, n, int32(fields.ByName(name).Number()), name)
	}
}
