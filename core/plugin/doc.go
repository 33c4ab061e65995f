// Package plugin finds, starts and tracks Homer's plugins.
//
// Built-in plugins come from an explicit Catalog the command passes in; they
// run as subprocesses of the homer binary itself (re-executed with the
// hidden "__plugin" command), so they take exactly the path a third-party
// plugin takes. Third-party binaries come from `plugin` blocks and
// `plugin = "..."` attributes in homer.hcl, from .homer/plugins/ in the
// repository and from ~/.homer/plugins/ (Discover). A binary the
// repository chose (inside it, in its .homer/plugins/, or named by its own
// homer.hcl) starts only once the user has allowed it with its current
// SHA-256 (Allowlist, ~/.homer/allowed); until then it is reported and left
// out, never started, not even to describe it. Every plugin describes
// itself (name, kind, version, protocol, schema) before it is used; one
// that fails is reported by name and left out. Start with Load.
package plugin
