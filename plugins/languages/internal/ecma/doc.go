// Package ecma is what Homer's TypeScript and JavaScript plugins share: one
// tree walk over the three tree-sitter grammars (TypeScript, TSX,
// JavaScript, which name their nodes alike) and one import resolver. The
// plugins ../../typescript and ../../javascript are each a Dialect of it.
// Like the plugins, it imports only sdk/ and the tree-sitter bindings.
//
// Start with lang.go (the plugin, Parse, the dialects); grammar.go holds the
// node kinds; extract.go the walk (definitions, scopes, fields, imports
// bound at top level); calls.go calls, receivers and import statements;
// types.go type annotations as references; resolve.go ResolveImports and
// tsconfig.json; text.go test files and JSDoc.
//
// Conventions the core relies on:
//   - Qualified names are module-relative (the file path scopes them):
//     "f", "Class", "Class.method", "Class.constructor", "Class.#private",
//     "Interface.method", "Namespace.f"; a function or class declared in a
//     function is "outer.inner" and has no receiver. Functions, function
//     expressions and classes bound by const/let/var are named by the
//     binding ("const f = () => {}" is function f); an anonymous default
//     export is named by its module as importers bind it (parseHeaders.js
//     gives parseHeaders, parse-headers.ts parseHeaders, Button/index.tsx
//     Button), "default" when that is no identifier or already taken. Members (methods, abstract methods, interface
//     methods, a namespace's functions) have the owner's qualified name as
//     receiver; "C.prototype.m = function" defines method C.m, and makes
//     function C a class. A top-level variable holding an object given
//     methods (const api = { get() {} }, or app.init = function () {} at
//     top level) is a definition of kind module, its methods members of it
//     ("api.get", "app.init"), `this` in them the object. Nothing is
//     defined in a callback at top level (describe(() => ...)): it would
//     take a top-level name it does not have.
//   - Kinds: function, method, constructor, class, interface (structural:
//     TypeScript's types are), type (an object type alias is structural
//     too), enum, module (a TypeScript namespace), and constant or variable
//     for exported top-level bindings that are not functions, with their
//     type. Abstract methods and interface methods are abstract.
//   - Fields: declared class fields with their annotations or their
//     initializer's type, constructor parameter properties, and this.x = v
//     in a constructor (new Foo() gives "Foo()"). A field holding an arrow
//     function is a method.
//   - Receivers: `this` is the class (by its name, which the file scope
//     finds), `super` the class the extends clause names (Base; "^Class"
//     when it names none: a class's bases include the interfaces it
//     implements, which super never reaches), a parameter its annotation, a local its
//     annotation or initializer (new Foo() "Foo", createFoo() "createFoo()",
//     a promise awaited what it resolves to), this.client "Class.client".
//     A local or parameter whose type is unknown gets "?" (the core then
//     does not read its name as one of the file's); a receiver the plugin
//     did not follow (a call's result) is left empty.
//     Bindings are scoped by function and block. A call of a parameter or
//     local holding a function is not reported (what it holds is unknown,
//     and its name must not be taken for a definition's).
//     Calls on the runtime's globals (console, Math, JSON, Object, Promise,
//     process, ...) and on values made by them (new Map()) are builtin
//     unless the file binds the name as a value (a type alias or a
//     type-only import binds none: type Error = ... leaves new Error() the
//     runtime's). So are calls on a value annotated with one of the
//     runtime's types (m: WeakMap<K, V>, h: Headers) or on its properties,
//     unless the file binds the type (an import, a type-only import, an
//     interface or type alias); what a method of one returns is not
//     (a container's m.get(k) may hold the repository's values).
//   - Calls: new Foo() is a call of Foo with constructor set (new this()
//     of "constructor" on the class); super(...)
//     is a call of "constructor" on the extended class; a JSX element with a
//     capitalised name (<Button/>, <ui.Card/>) is a call of the component.
//     Decorators are calls too (a class's belong where it is declared, a
//     member's or parameter's to the class or the method).
//     Calls in field initializers belong to the class, in a callback to the
//     enclosing definition, at top level to nobody.
//   - Imports: "import x from 'm'" has Names [x] (a default export is
//     found by the local name); "import {a, b}" Names [a b]; "import {a as
//     b}" an Import of its own with Names [a] and Alias b; "import * as ns"
//     Alias ns; "export ... from" is an import of the names it passes on
//     ("export *" is Names ["*"]); "const x = require('m')" is two
//     imports, Alias x (the module) and Names [x] (what it exports as x);
//     "const {a} = require('m')" Names [a]; import('m') with a literal is
//     an import without names.
//   - Error handling (error_shapes): a catch clause is "caught", or
//     "ignored" when its block is empty (comments aside); p.catch(h) on a
//     promise is "caught", or "ignored" when h is a function with an empty
//     body. throw is "thrown", except throw e of the error an enclosing
//     catch bound ("propagated") and a new error given it as an argument
//     or as its cause, new E(msg, { cause: e }) ("wrapped").
//   - Files: link group "ecmascript"; is_test by Jest/Vitest/Mocha
//     conventions (x.test.ts, x.spec.js, __tests__/, test/, tests/).
//     Minified bundles and binary files are reported, not parsed.
package ecma
