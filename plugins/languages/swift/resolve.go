package swift

import (
	"context"
	"sort"

	"github.com/homer-dev/homer/sdk"
)

// ResolveImports maps `import Module` to every Swift file of that module in
// the repository (its module as FileFacts.Namespace gives it: the target's
// directory); a module no file belongs to is external (Foundation, UIKit,
// a dependency).
func (p *swiftLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	modules := p.moduleMap()
	files := map[string][]string{}
	for _, f := range req.GetFiles() {
		if len(f) > 6 && f[len(f)-6:] == ".swift" {
			if m := modules.moduleOf(f); m != "" {
				files[m] = append(files[m], f)
			}
		}
	}
	for _, list := range files {
		sort.Strings(list)
	}
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		spec := site.GetImport().GetSpec()
		to := files[spec]
		out.Imports = append(out.Imports, &sdk.ResolvedImport{
			FromPath: site.GetFromPath(),
			Spec:     spec,
			ToPaths:  to,
			External: len(to) == 0,
		})
	}
	return out, nil
}
