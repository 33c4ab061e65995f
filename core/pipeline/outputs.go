package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// readOutputs returns the recorded outputs of one renderer, by name.
func readOutputs(ctx context.Context, st *store.Store, renderer string) ([]record.Output, error) {
	return query.New(st.DB()).Outputs(ctx, renderer)
}

// outputMetadata is the metadata an output node is written with.
func outputMetadata(o record.Output) string {
	return mustJSON(record.OutputMeta{Renderer: o.Renderer, Human: o.Human})
}

// under says whether a record's file lies in the output directory outRel
// (relative to the repository root, as outputName gives it).
func under(name, outRel string) bool {
	if outRel == "." {
		return name != ".." && !strings.HasPrefix(name, "../")
	}
	return strings.HasPrefix(name, outRel+"/")
}

// dropStale removes the files a renderer wrote last time and no longer
// produces, unless a human has changed one since (its content no longer
// has the hash Homer wrote): that file is the human's now and stays, and
// the run says so. A file Homer's text was merged into is a human's file
// and stays too. Directories left empty by a removal go with it, up to the
// output directory.
func (r *Run) dropStale(renderer string, stale []record.Output) {
	for _, o := range stale {
		target := filepath.Join(r.Repo.Root, filepath.FromSlash(o.Name))
		if o.Human {
			r.Note("%s no longer writes into %s; the file is a human's and stays as it is", renderer, o.Name)
			continue
		}
		data, err := os.ReadFile(target)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			r.Warn("renderer %s: %v", renderer, err)
			continue
		}
		if contentHash(data) != o.Hash {
			r.Note("%s no longer writes %s, but it was edited since Homer wrote it: kept", renderer, o.Name)
			continue
		}
		if err := Confined(r.OutDir, target); err != nil {
			r.Warn("renderer %s: %v", renderer, err)
			continue
		}
		if err := os.Remove(target); err != nil {
			r.Warn("renderer %s: %v", renderer, err)
			continue
		}
		r.Note("removed %s: %s no longer writes it", o.Name, renderer)
		r.unlinkHuman(renderer, target)
		for d := filepath.Dir(target); d != r.OutDir && strings.HasPrefix(d, r.OutDir+string(filepath.Separator)); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break // not empty
			}
		}
	}
}

// unlinkHuman takes the link line out of the human-written file beside a
// removed NAME.homer.EXT: it would point at nothing.
func (r *Run) unlinkHuman(renderer, removed string) {
	base := filepath.Base(removed)
	ext := filepath.Ext(base)
	stem, ok := strings.CutSuffix(strings.TrimSuffix(base, ext), ".homer")
	if !ok {
		return
	}
	human := filepath.Join(filepath.Dir(removed), stem+ext)
	old, err := os.ReadFile(human)
	if err != nil || !strings.Contains(string(old), "("+base+"). "+linkMark) {
		return
	}
	if err := Confined(r.OutDir, human); err != nil {
		r.Warn("renderer %s: %v", renderer, err)
		return
	}
	if next, changed := setLink(old, base, false); changed {
		if err := writeFileAtomic(human, next); err != nil {
			r.Warn("renderer %s: %s: %v", renderer, human, err)
		}
	}
}

// ClaimError is two renderers asking for the same output path: a
// configuration error (exit 2), since one would overwrite the other.
type ClaimError struct {
	Path      string
	Renderers [2]string // sorted
	Where     [2]string // each renderer's block in homer.hcl, file:line
}

func (e *ClaimError) Error() string {
	return fmt.Sprintf("renderers %q (%s) and %q (%s) both write %s: give one of them another output path in homer.hcl, or disable one",
		e.Renderers[0], e.Where[0], e.Renderers[1], e.Where[1], e.Path)
}

// blockWhere says where a renderer's settings come from.
func blockWhere(cfg *config.Config, name string) string {
	if cfg != nil {
		if b := cfg.Find("renderer", name); b != nil && b.Declared {
			return fmt.Sprintf("%s:%d", b.DefRange.Filename, b.DefRange.Start.Line)
		}
	}
	return "default settings, no block in homer.hcl"
}

func newClaimError(cfg *config.Config, p, a, b string) *ClaimError {
	names := []string{a, b}
	sort.Strings(names)
	return &ClaimError{Path: p, Renderers: [2]string{names[0], names[1]},
		Where: [2]string{blockWhere(cfg, names[0]), blockWhere(cfg, names[1])}}
}

// claim records that renderer writes the given output names in this run;
// a name another renderer has claimed is a ClaimError, and then nothing
// is claimed.
func (r *Run) claim(renderer string, names []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.claims == nil {
		r.claims = map[string]string{}
	}
	for _, n := range names {
		if other, ok := r.claims[n]; ok && other != renderer {
			return newClaimError(r.Cfg, n, renderer, other)
		}
	}
	for _, n := range names {
		r.claims[n] = renderer
	}
	return nil
}

// CheckClaims finds renderers whose output setting names the same path,
// before anything is rendered: each pair is one error diagnostic pointing
// at the setting in homer.hcl and naming both blocks. Paths a renderer
// chooses at render time (one file per directory, per skill) are checked
// as they are written (ClaimError).
func CheckClaims(cfg *config.Config, renderers []*plugin.Plugin) hcl.Diagnostics {
	var diags hcl.Diagnostics
	first := map[string]string{}
	for _, p := range renderers {
		v := p.Values["output"]
		if v == nil || v.GetStr() == "" {
			continue
		}
		key := path.Clean(filepath.ToSlash(v.GetStr()))
		other, ok := first[key]
		if !ok {
			first[key] = p.Name
			continue
		}
		e := newClaimError(cfg, key, other, p.Name)
		d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Two renderers write one file", Detail: e.Error() + "."}
		if b := cfg.Find("renderer", p.Name); b != nil && b.Declared {
			rng := b.DefRange
			if a := b.Attrs["output"]; a != nil {
				rng = a.Expr.Range()
			}
			d.Subject = &rng
		}
		diags = append(diags, d)
	}
	return diags
}
