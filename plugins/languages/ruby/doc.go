// Package ruby is Homer's built-in language plugin for Ruby.
//
// It parses .rb, .rake and .gemspec files, Rakefile and Gemfile with
// tree-sitter and reports per file: modules, classes, methods, singleton
// methods, attributes and constants; calls with the reference of what they
// are made on; requires; # comments above definitions; complexity. It is
// written only against sdk/, as a third-party plugin would be.
//
// Start with New in ruby.go. extract.go holds the node kinds and the walk,
// text.go the test-file rule, Kernel's names and comment helpers,
// resolve.go the load-path search of requires.
//
// Conventions:
//   - Qualified names join Ruby's nesting with ".": Rack::Utils.escape is
//     "Rack.Utils.escape", a class nested in a module has the module as its
//     receiver. `class A::B` nested in `module M` is "M.A.B".
//   - Instance and singleton methods share one name: `def self.build` in
//     class Foo is "Foo.build", kind method, receiver "Foo", as is
//     `def build`; `class << self` adds to the class. initialize is the
//     class's constructor (kind constructor). A method defined at top level
//     is a function.
//   - attr_accessor, attr_reader and attr_writer declare fields, typed when
//     the class assigns the instance variable a `Foo.new`; instance
//     variables with a known type are the class's fields ("@client").
//   - bases: the superclass, then include, extend and prepend's modules.
//   - One namespace: every file's namespace is "Object", shared without
//     imports (package_scope). Ruby has one space of constants; once a file
//     is loaded its classes are everyone's, and Rails and Zeitwerk load
//     them without any require. A gem that requires its files sees the same
//     constants, so both kinds of project are served, and reopened classes
//     across files share their members.
//   - Constant references are resolved as far as one file tells: from the
//     innermost enclosing module outwards, a constant the file defines, then
//     one a required file would define (after require "rack/utils", Utils
//     in module Rack is Rack::Utils); then, in a library (below lib/), a
//     lone name that is not Ruby's own is taken in the outermost module, as
//     a gem names its siblings; otherwise the name is top-level, as an
//     application names its models. The core evaluates one reference, so
//     a wrong guess costs the edge, never makes a wrong one unless both
//     constants exist.
//   - Calls: a receiverless call or a bare method name inside a class is a
//     call on the class (implicit self), unless only a top-level method of
//     the file has that name; self.m likewise. super calls the enclosing
//     method's name in ^Class. Foo.new (and new on self in a class) is a
//     constructor call of initialize on Foo: Foo's own or an inherited one;
//     a class with none runs only Object's, so the call reaches nothing.
//     Naming the method rather than the type keeps a module's new
//     (Sinatra.new, a method like any, called as such when the file
//     defines the module) from landing on the module, and keeps the call
//     on one type when the namespace holding it is reopened in many files.
//     Foo.bar calls on Foo. A local `x = Foo.new` gives later x.m the
//     receiver Foo; YARD `@param x [Foo]` types parameters and `@return
//     [Foo]` a method's result. @client.get calls on the class's field
//     "@client". Kernel's methods (puts, require, raise, format...) are
//     builtin unless the file defines them, and so are the methods of
//     Ruby's collections, strings and numbers (map, each, keys, delete...)
//     called on a value the file cannot type: `list.map` is no call of the
//     repository's one method named map.
//   - Imports: require, load and autoload with a literal path (spec as
//     written), require_relative with Level 1.
//   - Doc comments: consecutive # lines right above a definition, magic
//     comments left out; style "yard" when they carry a YARD tag, else
//     "comment".
//   - Error handling (error_shapes): a rescue clause is "caught", or
//     "ignored" when its body is empty (comments aside); `x rescue nil`
//     "ignored", `x rescue y` "caught"; raise and fail are "thrown", but
//     a bare raise inside a rescue, or a raise of the name the rescue
//     bound, is "propagated", and a raise given cause: is "wrapped".
//   - Tests: *_spec.rb, *_test.rb, test_*.rb, and spec_*.rb under spec/
//     or test/; spec_helper.rb, test_helper.rb, rails_helper.rb are not.
package ruby
