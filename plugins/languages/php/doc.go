// Package php is Homer's built-in language plugin for PHP.
//
// It parses .php files with tree-sitter and reports per file: classes,
// interfaces, traits, enums, functions, methods, constants and enum cases;
// properties as the fields of their class; calls with the reference of what
// they are made on; use imports, require and include; PHPDoc; complexity.
// It is written only against sdk/, as a third-party plugin would be.
//
// Start with New in php.go. extract.go holds the node kinds and the walk,
// text.go the test-file rule, PHP's function names and PHPDoc helpers,
// resolve.go the PSR-4 and path resolution of imports.
//
// Conventions:
//   - FileFacts.namespace is the namespace the file declares, with PHP's
//     backslashes ("App\Http\Controllers"), shared without imports
//     (package_scope): a class of the same namespace needs no use. Files
//     declaring none share the global namespace, written `\`.
//   - Qualified names leave the namespace out, which the file gives:
//     "Controller", "Controller.index", "Controller.MAX", "helper".
//     __construct is kind constructor; interface methods and abstract
//     methods are abstract; private and protected members are not exported.
//   - bases: extends, implements, and the traits a class uses.
//   - fields: typed properties, promoted constructor parameters, @var
//     properties, and `$this->x = new Foo()`, named without the $.
//   - Imports: `use A\B\C;` has spec "A\B\C" and Names ["C"]; an alias
//     (`use A\B\C as D`) is written by the plugin as the name it aliases,
//     since the core binds imported names, so D::m() calls C.m. Grouped
//     uses give one import each; `use function` and `use const` likewise.
//     A fully qualified or qualified name in code (`new \App\Foo`,
//     `Models\User::find()`) gets an import of its own, unless its last
//     segment already names something else in the file. require and
//     include of a literal path: Level 1 relative to the file (`__DIR__ .
//     '/x.php'`, `dirname(__DIR__) . '/x.php'`), Level 2 as written. An
//     include binds no name (its alias is its path, which no PHP name
//     spells): the included file's functions are reached through their
//     namespace and use, as PHP does, never as if declared in the includer.
//   - Calls: $this->m(), self::m() and static::m() call on the class;
//     parent::m() on ^Class; Foo::m() on Foo; $x->m() on $x's type when the
//     file tells it (a typed or PHPDoc parameter, `$x = new Foo()`, an
//     inline `/** @var Foo $x */`, a
//     catch variable, the result of a method with a declared return type);
//     $this->prop->m() on Class.prop. new Foo() is a constructor call named
//     Foo. PHP's internal functions are builtin unless the file defines or
//     imports a function of that name.
//   - Doc comments: the /** */ block right above a definition (phpdoc), or
//     consecutive // lines (comment).
//   - Tests: files ending in Test.php (PHPUnit, Pest).
package php
