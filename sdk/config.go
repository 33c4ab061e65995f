package sdk

import (
	"fmt"

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
