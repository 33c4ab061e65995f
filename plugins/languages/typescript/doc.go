// Package typescript is Homer's built-in language plugin for TypeScript:
// .ts, .mts and .cts files with the TypeScript grammar, .tsx with the TSX
// grammar. It is the TypeScript dialect of ../internal/ecma, which it
// shares with the JavaScript plugin and whose doc states the conventions
// (qualified names, receivers, imports); both are in the "ecmascript" link
// group, so TypeScript files resolve names in JavaScript files and back.
//
// Import resolution reads tsconfig.json (and jsconfig.json) files from the
// repository root given to Configure: baseUrl and paths, nested configs and
// relative extends.
package typescript
