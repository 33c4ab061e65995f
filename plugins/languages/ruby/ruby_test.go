package ruby

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// parse parses one file and checks its facts are well formed.
func parse(t *testing.T, path, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(), path, src)
}

const sample = `# frozen_string_literal: true
require "json"

module Shop
  # A cart of items.
  #
  # @example
  #   Cart.new
  class Cart < Base::Model
    include Enumerable
    extend Forwardable
    attr_accessor :owner, :note
    LIMIT = 10

    # Adds an item.
    def add(item, count = 1)
      @store = Store.new
      if count > 1 && item || count.zero?
        count.times { |i| push(i) }
      elsif count < 0
        raise ArgumentError
      end
      @store.reserve(item)
      owner.name
      total = count > 2 ? 1 : 0
      puts total
      super
    end

    def self.build
      new
    end

    private

    def secret; end

    public def open; end
  end
end

def helper(x) = x
`

func TestDefinitions(t *testing.T) {
	f := parse(t, "app/models/cart.rb", sample)
	assert.Equal(t, "Object", f.GetNamespace())
	assert.True(t, f.GetPackageScope())
	var qns []string
	for _, d := range f.GetDefinitions() {
		qns = append(qns, d.GetKind()+" "+d.GetQualifiedName()+" "+d.GetReceiver())
	}
	assert.Equal(t, []string{
		"module Shop ", "class Shop.Cart Shop", "field Shop.Cart.owner Shop.Cart", "field Shop.Cart.note Shop.Cart",
		"constant Shop.Cart.LIMIT Shop.Cart", "method Shop.Cart.add Shop.Cart", "method Shop.Cart.build Shop.Cart",
		"method Shop.Cart.secret Shop.Cart", "method Shop.Cart.open Shop.Cart", "function helper ",
	}, qns)

	cart := langtest.Definition(f, "Shop.Cart")
	assert.Equal(t, []string{"Base.Model", "Enumerable", "Forwardable"}, cart.GetBases())
	assert.Equal(t, "class Cart < Base::Model", cart.GetSignature())
	assert.Equal(t, "A cart of items.\n\n@example\n  Cart.new", cart.GetDoc())
	assert.Equal(t, "yard", cart.GetDocStyle())
	assert.Equal(t, []*sdk.Field{{Name: "@store", Type: "Store"}}, cart.GetFields())

	add := langtest.Definition(f, "Shop.Cart.add")
	assert.Equal(t, "Adds an item.", add.GetDoc())
	assert.Equal(t, "comment", add.GetDocStyle())
	assert.Equal(t, "def add(item, count = 1)", add.GetSignature())
	// 1 + if + && + || + elsif + ?: ; the block adds nothing.
	assert.Equal(t, int32(6), add.GetComplexity())
	assert.True(t, add.GetExported())
	assert.False(t, langtest.Definition(f, "Shop.Cart.secret").GetExported())
	assert.True(t, langtest.Definition(f, "Shop.Cart.open").GetExported())
	assert.Empty(t, langtest.Definition(f, "Shop").GetDoc(), "a magic comment is no doc")
}

func TestCalls(t *testing.T) {
	f := parse(t, "app/models/cart.rb", sample)
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart.@store"}, langtest.CallsNamed(f, "reserve"))
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart"}, langtest.CallsNamed(f, "push"), "implicit self")
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart builtin"}, langtest.CallsNamed(f, "puts"))
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart.owner"}, langtest.CallsNamed(f, "name"), "an attribute's value")
	assert.Equal(t, []string{"Shop.Cart.add Shop.^Cart"}, langtest.CallsNamed(f, "add"),
		"a nested class's super: its bases")
	assert.Equal(t, []string{"Shop.Cart.add Store new", "Shop.Cart.build Shop.Cart new"}, langtest.CallsNamed(f, "initialize"),
		"new runs initialize; on self, the class's")
	assert.Empty(t, langtest.CallsNamed(f, "total"), "a local is no call")
	assert.Empty(t, langtest.CallsNamed(f, "i"), "a block parameter is no call")
	assert.Equal(t, []*sdk.Import{{Spec: "json", Line: 2}}, f.GetImports())
}

func TestConstantsResolvedAsRubyDoes(t *testing.T) {
	f := parse(t, "lib/rack/auth/basic.rb", `
require_relative 'abstract/request'
require 'rack/utils'
module Rack
  module Auth
    class Basic
      class Request < AbstractRequest
      end
      def call(env)
        a = Basic::Request.new(env)
        a.username
        Utils.escape(1)
        ::Utils.escape(2)
        JSON.parse(3)
        Mime.mime_type(4)
        x = Request.new
        x.go
      end
    end
  end
end
`)
	assert.Equal(t, []string{"Rack.Auth.AbstractRequest"}, langtest.Definition(f, "Rack.Auth.Basic.Request").GetBases(),
		"required from abstract/ next to the file")
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Auth.Basic.Request"}, langtest.CallsNamed(f, "username"))
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Utils", "Rack.Auth.Basic.call Utils"}, langtest.CallsNamed(f, "escape"))
	assert.Equal(t, []string{"Rack.Auth.Basic.call JSON"}, langtest.CallsNamed(f, "parse"), "Ruby's own")
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Mime"}, langtest.CallsNamed(f, "mime_type"),
		"a library names its siblings in its top module")

	app := parse(t, "app/controllers/admin/users_controller.rb", `
module Admin
  class UsersController < ApplicationController
    def index
      User.all
    end
  end
end
`)
	assert.Equal(t, []string{"ApplicationController"}, langtest.Definition(app, "Admin.UsersController").GetBases())
	assert.Equal(t, []string{"Admin.UsersController.index User"}, langtest.CallsNamed(app, "all"),
		"an application names its models at top level")
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Auth.Basic.Request"}, langtest.CallsNamed(f, "go"))
}

func TestTopLevelAndBuiltins(t *testing.T) {
	f := parse(t, "bin/run.rb", `
def format(v) = v.to_s
def main
  puts format(1)
  open("x")
end
class Logger
  def puts(x); end
  def log
    puts 1
    format(2)
  end
end
`)
	assert.Equal(t, []string{"main  builtin", "Logger.log Logger"}, langtest.CallsNamed(f, "puts"),
		"Logger's own puts, Kernel's elsewhere")
	assert.Equal(t, []string{"main ", "Logger.log "}, langtest.CallsNamed(f, "format"), "the file's format shadows Kernel's")
	assert.Equal(t, []string{"main  builtin"}, langtest.CallsNamed(f, "open"))
}

// A collection's or string's method on a value the file cannot type is
// Ruby's own, so no repository method of that name is guessed for it; the
// file's own method of that name, or a typed receiver, keeps the call.
func TestCoreMethodsOnUntypedValues(t *testing.T) {
	f := parse(t, "lib/rack/deflater.rb", `
module Rack
  class Deflater
    def call(env)
      list = env.keys
      list.map { |k| k.to_s }
      CODES.map { |k| k }
      @app.call(env)
      Deflater.new.map
    end
  end
end
`)
	assert.Equal(t, []string{"Rack.Deflater.call ? builtin", "Rack.Deflater.call Rack.CODES builtin", "Rack.Deflater.call Rack.Deflater builtin"}, langtest.CallsNamed(f, "map"))
	assert.Equal(t, []string{"Rack.Deflater.call ? builtin"}, langtest.CallsNamed(f, "keys"))
	g := parse(t, "lib/rack/builder.rb", `
module Rack
  class Builder
    def map(path); end
    def to_app(list)
      list.map { |x| x }
    end
  end
end
`)
	assert.Equal(t, []string{"Rack.Builder.to_app ?"}, langtest.CallsNamed(g, "map"), "the file defines map")
}

func TestIsTest(t *testing.T) {
	for p, want := range map[string]bool{
		"spec/models/user_spec.rb": true,
		"test/models/user_test.rb": true,
		"test/test_parser.rb":      true,
		"test/spec_utils.rb":       true,
		"spec/spec_helper.rb":      false,
		"test/test_helper.rb":      false,
		"test/helper.rb":           false,
		"lib/spec_runner.rb":       false,
		"lib/user.rb":              false,
		"Rakefile":                 false,
		// A gem's code, named for what its users test with.
		"sinatra-contrib/lib/sinatra/test_helpers.rb": false,
		"lib/active_support/test_case.rb":             false,
		"test/lib/parser_test.rb":                     true,
		// Cucumber: steps are tests, support is their setup.
		"features/step_definitions/jekyll_steps.rb": true,
		"features/support/helpers.rb":               false,
		"features/steps/httparty_steps.rb":          true, // httparty keeps them in features/steps/
		"features/steps/mongrel_helper.rb":          false,
		"lib/features/flag_steps.rb":                false,
	} {
		assert.Equal(t, want, isTest(p), p)
	}
	assert.True(t, cucumberSupport("features/support/env.rb"))
	assert.False(t, cucumberSupport("lib/features/support.rb"))
	assert.True(t, cucumberSupport("features/steps/mongrel_helper.rb"), "Cucumber loads it with the steps")
	assert.False(t, cucumberSupport("features/steps/httparty_steps.rb"), "a test, not support")
}

func TestResolveImports(t *testing.T) {
	files := []string{"lib/shop.rb", "lib/shop/cart.rb", "lib/shop/item.rb", "spec/spec_helper.rb",
		"gems/tool/lib/tool.rb", "gems/tool/lib/shop/cart.rb", "tasks/build.rake", "Rakefile"}
	site := func(from, spec string, level int32) *sdk.ImportSite {
		return &sdk.ImportSite{FromPath: from, Import: &sdk.Import{Spec: spec, Level: level}}
	}
	resp, err := New().ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: []*sdk.ImportSite{
		site("lib/shop.rb", "shop/cart", 0),
		site("lib/shop/cart.rb", "item", 1),
		site("lib/shop/cart.rb", "missing", 1),
		site("spec/x_spec.rb", "spec_helper", 0),
		site("gems/tool/lib/tool.rb", "shop/cart", 0),
		site("lib/shop.rb", "json", 0),
		site("Rakefile", "tasks/build.rake", 0),
		site("lib/shop.rb", "../../etc", 1),
	}})
	require.NoError(t, err)
	var got []string
	for _, r := range resp.GetImports() {
		s := strings.Join(r.GetToPaths(), ",")
		if r.GetExternal() {
			s = "external"
		}
		got = append(got, s)
	}
	assert.Equal(t, []string{"lib/shop/cart.rb", "lib/shop/item.rb", "", "spec/spec_helper.rb",
		"gems/tool/lib/shop/cart.rb", "external", "tasks/build.rake", ""}, got)
}

func TestBadInput(t *testing.T) {
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:         ".rb",
		Neighbour:   "def good; end\n",
		SyntaxError: langtest.Snippet{Source: "class A\n  def ok; go; end\n  def broken(\nend\nclass B; def fine; end; end\n"},
		InvalidUTF8: langtest.Snippet{
			Source: "# caf\xe9\nclass Caf\xff\n  def m\xfe; puts \"\xc3\x28\"; end\nend\ndef ok; end\n",
			Check:  func(t *testing.T, f *sdk.FileFacts) { assert.NotNil(t, langtest.Definition(f, "ok")) },
		},
		Minified: langtest.Repeated{
			Unit: "a = foo(1, [2, 3], {k: 4}); ",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				assert.Empty(t, f.GetCalls())
				require.Len(t, f.GetDiagnostics(), 1, "skipped with a warning")
				assert.Contains(t, f.GetDiagnostics()[0].GetSummary(), "not parsed")
			},
		},
		Generated: langtest.Repeated{Before: "class Gen\n", Unit: "  def m{{i}}(a) = a + 1\n", After: "end\n"},
		Nesting: []langtest.Nest{
			{Name: "modules", Open: "module M\n", Middle: "def deep; go; end\n", Close: "end\n"},
			{Name: "arrays", Before: "x = ", Open: "[", Middle: "f", Close: "]", After: "\n"},
			{Name: "ifs", Open: "if a\n", Middle: "b\n", Close: "end\n"},
		},
	})
}

// A long line under the bound is parsed.
func TestLongLine(t *testing.T) {
	f := parse(t, "long.rb", "def f\n  g("+strings.Repeat("1, ", 30000)+"2)\nend\n")
	assert.Len(t, langtest.CallsNamed(f, "g"), 1)
}

func TestModuleNew(t *testing.T) {
	f := parse(t, "lib/sinatra/main.rb", `
module Sinatra
  def self.new(base = Base, &block)
    base = Class.new(base)
  end
  class Base; end
  def self.run
    Sinatra.new { }
    Base.new
    new
  end
end
`)
	assert.Equal(t, []string{"Sinatra.run Sinatra", "Sinatra.run Sinatra"}, langtest.CallsNamed(f, "new"), "a module's new is its method")
	assert.Equal(t, []string{"Sinatra.new Class new", "Sinatra.run Sinatra.Base new"}, langtest.CallsNamed(f, "initialize"))
}

func TestDefsInBlocks(t *testing.T) {
	f := parse(t, "spec/json_spec.rb", `
describe Sinatra::JSON do
  def mock_app(&block)
    helper(1)
  end
  it "works" do
    mock_app { }
  end
end
app = Class.new do
  def call(env) = env
end
def top_helper; end
`)
	var qns []string
	for _, d := range f.GetDefinitions() {
		qns = append(qns, d.GetQualifiedName())
	}
	assert.Equal(t, []string{"top_helper"}, qns, "a def in a block is no global function")
	assert.Equal(t, []string{" "}, langtest.CallsNamed(f, "helper"), "its calls are the enclosing code's")
}

func TestResultTypes(t *testing.T) {
	f := parse(t, "app/services/shop.rb", `
class Shop
  # @return [Cart]
  def cart
    @cart ||= Cart.new
  end

  def checkout
    c = Cart.build
    c.pay
    cart.total
    x = cart
    x.clear
  end
end
`)
	assert.Equal(t, "Cart", langtest.Definition(f, "Shop.cart").GetType())
	assert.Equal(t, []string{"Shop.checkout Cart.build()"}, langtest.CallsNamed(f, "pay"), "a class method's result")
	assert.Equal(t, []string{"Shop.checkout Shop.cart() builtin"}, langtest.CallsNamed(f, "clear"),
		"a method's result; clear is also Ruby's, which counts only if the result's type is not found")
	assert.Equal(t, []string{"Shop.checkout Shop.cart()"}, langtest.CallsNamed(f, "total"))
	assert.Equal(t, []*sdk.Field{{Name: "@cart", Type: "Cart"}}, langtest.Definition(f, "Shop").GetFields())
}

// A class held in a variable is called on as the class: faker's tests set
// `@tester = Faker::Omniauth` and call `@tester.google`.
func TestClassHeldInAVariable(t *testing.T) {
	f := parse(t, "test/faker/default/test_faker_omniauth.rb", `
class TestFakerOmniauth < Test::Unit::TestCase
  def setup
    @tester = Faker::Omniauth
  end

  def test_google
    auth = @tester.google
    klass = Faker::Omniauth
    klass.github
  end
end
`)
	assert.Equal(t, []string{"TestFakerOmniauth.test_google TestFakerOmniauth.@tester"}, langtest.CallsNamed(f, "google"))
	assert.Equal(t, []string{"TestFakerOmniauth.test_google Faker.Omniauth"}, langtest.CallsNamed(f, "github"))
	assert.Equal(t, []*sdk.Field{{Name: "@tester", Type: "Faker.Omniauth"}}, langtest.Definition(f, "TestFakerOmniauth").GetFields())
}

func TestReassignedLocal(t *testing.T) {
	f := parse(t, "app/x.rb", `
def run(list)
  x = Cart.new
  x = list.first
  x.pay
  y = Cart.new
  list.each { |y| y.pay }
end
`)
	assert.Equal(t, []string{"run ?", "run ?"}, langtest.CallsNamed(f, "pay"),
		"the second assignment's type is unknown; a block parameter shadows")
}

// The older spellings of require_relative: a path expanded from the file's
// directory or from the file itself.
func TestRequireExpandedPaths(t *testing.T) {
	f := parse(t, "test/integration_test.rb", `
require File.expand_path('integration_helper', __dir__)
require File.expand_path('../support/env', __FILE__)
require File.join(__dir__, 'shared')
require File.expand_path('lib/x', Dir.pwd)
require 'minitest'
`)
	assert.Equal(t, []*sdk.Import{{Spec: "integration_helper", Level: 1, Line: 2}, {Spec: "support/env", Level: 1, Line: 3},
		{Spec: "shared", Level: 1, Line: 4}, {Spec: "minitest", Line: 6}}, f.GetImports())
}
