package csharp

import (
	"context"
	"path"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// ResolveImports classifies each using directive. A C# using names a
// namespace (or a type in one), not a file, and the plugin sees only
// paths, not the namespaces files declare; so it maps nothing to files
// itself. A namespace that may be the repository's own is left unresolved
// (no paths, not external): the core then matches the spec against the
// namespaces the parsed files declare (FileFacts.Namespace), which is
// exact where a guess from paths would not be. A namespace is external
// when nothing in the repository suggests it: its first segment is no
// part of a directory's or project's name (split at dots: src/Acme.Core/
// suggests Acme and Core) and no project's RootNamespace or AssemblyName;
// System and Microsoft are external unless a directory spells out their
// first two segments (System.Text.Json/ in the runtime's own repository).
// Erring towards unresolved costs little: the core binds an unresolved
// using to nothing when no file declares its namespace.
func (p *csLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	own := suggested(req.GetFiles(), p.info().roots)
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		spec := site.GetImport().GetSpec()
		out.Imports = append(out.Imports, &sdk.ResolvedImport{
			FromPath: site.GetFromPath(),
			Spec:     spec,
			External: !own.owns(spec),
		})
	}
	return out, nil
}

// prefixes are the namespace prefixes the repository's paths suggest, in
// lower case: first segments, and first two for the runtime's namespaces.
type prefixes map[string]bool

func suggested(files []string, roots map[string]bool) prefixes {
	own := prefixes{}
	for r := range roots {
		own[r] = true
	}
	seen := map[string]bool{}
	for _, f := range files {
		dir := path.Dir(f)
		if strings.HasSuffix(f, ".csproj") {
			dir = path.Join(dir, strings.TrimSuffix(path.Base(f), ".csproj"))
		}
		for dir != "." && dir != "/" && !seen[dir] {
			seen[dir] = true
			segs := strings.Split(strings.ToLower(path.Base(dir)), ".")
			for i, s := range segs {
				own[s] = true
				if i+1 < len(segs) {
					own[s+"."+segs[i+1]] = true
				}
			}
			dir = path.Dir(dir)
		}
	}
	return own
}

func (own prefixes) owns(spec string) bool {
	segs := strings.Split(strings.ToLower(spec), ".")
	switch segs[0] {
	case "system", "microsoft", "windows":
		return len(segs) > 1 && own[segs[0]+"."+segs[1]]
	}
	return own[segs[0]]
}
