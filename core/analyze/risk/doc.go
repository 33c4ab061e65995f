// Package risk holds Homer's one risk formula (SPEC §7) and explains its
// result: typed reasons, each with the weight it contributed, and
// recommendations derived from them. risk-check, the risk map, the
// pre-commit hook and the MCP server all call it, so they always agree.
//
// Start with Score for the number alone, Assess (or AssessAll) for the full
// assessment of a file, and Safe for the files that are safe to change.
package risk
