// Package riskmap is the built-in risk-map renderer: it turns the render
// model into homer-risk.json, the machine-readable risk map that CI gates,
// pre-commit hooks and AI agents read.
//
// The core scores every file (score, level, typed reasons, recommendations);
// this package selects, orders and encodes. Start with New in riskmap.go; the
// JSON shape is the document type, versioned by its "schema" field
// (homer-risk/1). A change that removes or renames a field needs a new schema
// version; adding a field does not.
//
// The output is deterministic: files sorted by score then path, numbers
// rounded to three decimals, keys in struct order, so the file diffs cleanly
// between runs.
package riskmap
