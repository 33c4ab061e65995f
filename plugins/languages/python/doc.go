// Package python is Homer's built-in language plugin for Python.
//
// It parses .py and .pyi files with tree-sitter (smacker/go-tree-sitter's
// bundled grammar) and returns, per file, definitions (functions, classes
// with their bases and fields, methods, properties, nested definitions,
// module-level variables holding instances), call sites with their
// enclosing definition and what the file tells of their receiver, imports
// and docstrings. It is written only against sdk/, so it runs exactly as a
// third-party plugin would.
//
// Start with New in python.go. extract.go holds the Python node kinds and
// the single tree walk that produces a file's facts; types.go what the
// file tells of types (parameters' annotations, locals' assignments, self,
// cls and super()) written as the protocol's references; text.go the
// module-name, test-file, docstring and signature-syntax helpers;
// resolve.go maps imports to repository files.
//
// Conventions the core relies on:
//   - A file's module is its dotted path without a leading "src/" and
//     without ".py"; "pkg/__init__.py" is module "pkg". It is
//     FileFacts.Package and prefixes every qualified name:
//     "pkg.mod.func", "pkg.mod.Class", "pkg.mod.Class.method",
//     "pkg.mod.func.inner" (nested definitions are not exported). A
//     method's or nested class's Receiver is its class's qualified name.
//   - __init__ is a constructor; @property, cached_property and their
//     setters are properties, whose type is the getter's; @overload stubs
//     are declarations; @abstractmethod methods, methods whose body only
//     raises NotImplementedError, and a Protocol's methods are abstract,
//     and a Protocol is structural.
//   - Calls in a class body belong to the class; at module level the caller
//     is empty. Decorators run in the enclosing scope, so their calls
//     belong to it, while a definition's span starts at its first decorator.
//   - Call qualifiers are the receiver as a dotted path: "os.path", "self",
//     "self.client". Parts that are not plain names are marked: "super()"
//     for a call result, "x[]" for a subscript, "?" for anything else. The
//     receiver is set when the qualifier starts at what the file types:
//     self and cls (the class), super() (^Class), an annotated parameter,
//     a local assigned a constructed or returned value. A qualifier that
//     starts at a module-level name is left to the core.
//   - Foo() is a constructor call; a second call of __init__ with receiver
//     Foo reaches the __init__ Foo inherits when it has none of its own.
//   - "import a.b" binds a (its Alias); "from m import x, y" lists the
//     original names in Names. The protocol has one alias per import, so
//     an alias is kept only for a lone name: "from m import x as y" has
//     Names ["x"] and Alias "y". A relative import's Spec keeps its dots
//     (".models", "." for "from . import x"), which Level counts.
//   - Error handling (error_shapes): raise X is "thrown" (raise X from None
//     too: it hides the cause); raise X from e "wrapped"; a bare raise
//     "propagated" (the error being handled passed on as is); an except
//     clause "caught", or "ignored" when its body only passes (pass, ...,
//     continue, comments). raise NotImplementedError marks a method to
//     override, not an error handled, and is left out.
//   - A file is a test when pytest would collect it by name (test_*.py,
//     *_test.py), or when it lies under a tests/ or test/ directory and
//     defines a test function or class. conftest.py and fixture
//     applications are test support, not tests.
package python
