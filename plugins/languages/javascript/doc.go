// Package javascript is Homer's built-in language plugin for JavaScript:
// .js, .mjs, .cjs and .jsx files, parsed with tree-sitter's JavaScript
// grammar (which reads JSX). It is the JavaScript dialect of
// ../internal/ecma, shared with the TypeScript plugin, whose doc states the
// conventions; both are in the "ecmascript" link group. ES modules and
// CommonJS (require, module.exports, exports.f, C.prototype.m) are both
// understood.
package javascript
