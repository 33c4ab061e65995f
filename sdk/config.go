package sdk

import (
	"fmt"
	"math"
	"path/filepath"

	"github.com/homer-dev/homer/sdk/internal/pb"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Config is a plugin's configuration as decoded by the core from the plugin's
// block in homer.hcl, already checked against the plugin's schema, with
// defaults filled in.
type Config struct {
	// RepoRoot is the absolute path of the repository being analysed.
	RepoRoot string
	Values   map[string]*Value
}

// String returns the string attribute name, or def when it is not set.
func (c Config) String(name, def string) string {
	if v, ok := c.Values[name].GetKind().(*pb.Value_Str); ok {
		return v.Str
	}
	return def
}

// Number returns the number attribute name, or def when it is not set.
func (c Config) Number(name string, def float64) float64 {
	if v, ok := c.Values[name].GetKind().(*pb.Value_Num); ok {
		return v.Num
	}
	return def
}

// Int returns the number attribute name as an int, or def when it is not set.
func (c Config) Int(name string, def int) int {
	return int(c.Number(name, float64(def)))
}

// Bool returns the bool attribute name, or def when it is not set.
func (c Config) Bool(name string, def bool) bool {
	if v, ok := c.Values[name].GetKind().(*pb.Value_Flag); ok {
		return v.Flag
	}
	return def
}

// List returns the list attribute name, or def when it is not set.
func (c Config) List(name string, def []string) []string {
	if v, ok := c.Values[name].GetKind().(*pb.Value_List); ok {
		return v.List.GetItems()
	}
	return def
}

// Whole returns the number attribute name as a whole number from least to
// most, or def when it is not set. Any other value appends an error
// diagnostic naming the attribute to diags and returns def, so a plugin's
// Configure checks every attribute and reports all problems at once.
func (c Config) Whole(name string, def, least, most int, diags *[]*Diagnostic) int {
	n := c.Number(name, float64(def))
	if n < float64(least) || n > float64(most) || n != math.Trunc(n) {
		*diags = append(*diags, Errorf(name, "%s must be a whole number from %d to %d, not %g", name, least, most, n))
		return def
	}
	return int(n)
}

// LocalPath returns the string attribute name, or def when it is not set,
// as a slash-separated path that stays inside the repository. An empty
// string counts as not set (a schema default of ""). An absolute or escaping
// path appends an error diagnostic to diags.
func (c Config) LocalPath(name, def string, diags *[]*Diagnostic) string {
	p := c.String(name, "")
	if p == "" {
		p = def
	}
	if p == "" || !filepath.IsLocal(filepath.FromSlash(p)) {
		*diags = append(*diags, Errorf(name, "%s must be a relative path inside the repository, not %q", name, p))
		return def
	}
	return filepath.ToSlash(p)
}

// ValueString renders a value for messages and hashing.
func ValueString(v *Value) string {
	switch k := v.GetKind().(type) {
	case *pb.Value_Str:
		return fmt.Sprintf("%q", k.Str)
	case *pb.Value_Num:
		return fmt.Sprintf("%g", k.Num)
	case *pb.Value_Flag:
		return fmt.Sprintf("%t", k.Flag)
	case *pb.Value_List:
		return fmt.Sprintf("%q", k.List.GetItems())
	}
	return "null"
}
