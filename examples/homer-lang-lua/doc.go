// Command homer-lang-lua is a Homer language plugin for Lua, built the way
// a third party builds one: it imports only Homer's sdk package and a
// tree-sitter grammar, implements sdk.Language and calls sdk.Serve.
//
// Homer runs it as a subprocess; run by hand it only says so. README.md
// tells how to build it and name it in homer.hcl. Start reading at newLua
// in lua.go; extract.go holds the one walk over each file's syntax tree.
//
// What it reports per file: definitions qualified by the file's module name
// (the file name without .lua; a directory's init.lua takes the
// directory's name): "function foo" and "local function foo" as functions
// ("util.foo"), "function M.foo" and "function M:foo" as methods of M
// ("util.M.foo"), and functions assigned to names at the top level
// ("local f = function() end"). Also calls with their enclosing definition,
// require("x.y") imports with the local name they are bound to, and the --
// comment lines just above a definition as its doc (ldoc style).
package main
