package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/homer-dev/homer/sdk"
)

// CheckPlugin decodes a plugin block's attributes against the schema the
// plugin described, filling defaults. Unknown attributes, wrong types and
// missing required attributes are diagnostics pointing into homer.hcl.
func CheckPlugin(b *Block, plugin string, schema []*sdk.Attribute) (map[string]*sdk.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	values := map[string]*sdk.Value{}
	byName := map[string]*sdk.Attribute{}
	var accepted []string
	for _, a := range schema {
		byName[a.GetName()] = a
		accepted = append(accepted, a.GetName())
		if a.GetDefaultValue() != nil {
			values[a.GetName()] = a.GetDefaultValue()
		}
	}
	sort.Strings(accepted)
	names := make([]string, 0, len(b.Attrs))
	for n := range b.Attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		attr := b.Attrs[name]
		spec, ok := byName[name]
		if !ok {
			hint := "It accepts no settings besides enabled and plugin."
			if len(accepted) > 0 {
				hint = "It accepts: " + strings.Join(accepted, ", ") + " (and enabled, plugin)."
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported argument",
				Detail:  fmt.Sprintf("The %s plugin %q has no setting %q. %s", b.Kind, plugin, name, hint),
				Subject: attr.NameRange.Ptr()})
			continue
		}
		v, d := attr.Expr.Value(nil)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		val, err := toValue(v, spec.GetType())
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Incorrect attribute value type",
				Detail:  fmt.Sprintf("%s of the %s plugin %q: %v.", name, b.Kind, plugin, err),
				Subject: attr.Expr.Range().Ptr()})
			continue
		}
		if allowed := spec.GetOneOf(); len(allowed) > 0 && !slices.Contains(allowed, val.GetStr()) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid value",
				Detail:  fmt.Sprintf("%s of the %s plugin %q must be one of %s, not %q.", name, b.Kind, plugin, strings.Join(allowed, ", "), val.GetStr()),
				Subject: attr.Expr.Range().Ptr()})
			continue
		}
		values[name] = val
	}
	for _, a := range schema {
		if a.GetRequired() {
			if _, set := b.Attrs[a.GetName()]; !set {
				r := b.DefRange
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required argument",
					Detail:  fmt.Sprintf("The %s plugin %q needs %q: %s", b.Kind, plugin, a.GetName(), a.GetDescription()),
					Subject: &r})
			}
		}
	}
	return values, diags
}

func toValue(v cty.Value, t sdk.AttributeType) (*sdk.Value, error) {
	if v.IsNull() {
		return nil, fmt.Errorf("must not be null")
	}
	switch t {
	case sdk.TypeString:
		s, err := convert.Convert(v, cty.String)
		if err != nil {
			return nil, fmt.Errorf("a string is required")
		}
		return sdk.String(s.AsString()), nil
	case sdk.TypeNumber:
		n, err := convert.Convert(v, cty.Number)
		if err != nil {
			return nil, fmt.Errorf("a number is required")
		}
		f, _ := n.AsBigFloat().Float64()
		return sdk.Number(f), nil
	case sdk.TypeBool:
		b, err := convert.Convert(v, cty.Bool)
		if err != nil {
			return nil, fmt.Errorf("true or false is required")
		}
		return sdk.Bool(b.True()), nil
	case sdk.TypeList:
		l, err := convert.Convert(v, cty.List(cty.String))
		if err != nil {
			return nil, fmt.Errorf("a list of strings is required")
		}
		var items []string
		for it := l.ElementIterator(); it.Next(); {
			_, e := it.Element()
			items = append(items, e.AsString())
		}
		return sdk.List(items...), nil
	}
	return nil, fmt.Errorf("unknown attribute type %v", t)
}
