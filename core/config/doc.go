// Package config reads homer.hcl.
//
// Load finds and decodes the file once, up front, and reports every problem
// together as HCL diagnostics with file, line and column. Blocks that
// configure plugins (source, language, renderer) keep their attributes
// undecoded until the plugin has described its schema; CheckPlugin then
// decodes them against it. Without a file, Defaults applies.
package config
