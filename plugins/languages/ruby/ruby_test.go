package ruby

import (
	"bytes"
	"context"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func parse(t *testing.T, path, src string) *sdk.FileFacts {
	t.Helper()
	out, err := New().Parse(context.Background(), []*sdk.SourceFile{{Path: path, Content: []byte(src)}})
	require.NoError(t, err)
	require.Len(t, out, 1)
	return out[0]
}

func def(f *sdk.FileFacts, qn string) *sdk.Definition {
	for _, d := range f.GetDefinitions() {
		if d.GetQualifiedName() == qn {
			return d
		}
	}
	return nil
}

// callsNamed returns the calls of name, rendered "caller receiver builtin".
func callsNamed(f *sdk.FileFacts, name string) []string {
	var out []string
	for _, c := range f.GetCalls() {
		if c.GetName() == name {
			s := c.GetCaller() + " " + c.GetReceiver()
			if c.GetBuiltin() {
				s += " builtin"
			}
			if c.GetConstructor() {
				s += " new"
			}
			out = append(out, s)
		}
	}
	return out
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

	cart := def(f, "Shop.Cart")
	assert.Equal(t, []string{"Base.Model", "Enumerable", "Forwardable"}, cart.GetBases())
	assert.Equal(t, "class Cart < Base::Model", cart.GetSignature())
	assert.Equal(t, "A cart of items.\n\n@example\n  Cart.new", cart.GetDoc())
	assert.Equal(t, "yard", cart.GetDocStyle())
	assert.Equal(t, []*sdk.Field{{Name: "@store", Type: "Store"}}, cart.GetFields())

	add := def(f, "Shop.Cart.add")
	assert.Equal(t, "Adds an item.", add.GetDoc())
	assert.Equal(t, "comment", add.GetDocStyle())
	assert.Equal(t, "def add(item, count = 1)", add.GetSignature())
	// 1 + if + && + || + elsif + ?: ; the block adds nothing.
	assert.Equal(t, int32(6), add.GetComplexity())
	assert.True(t, add.GetExported())
	assert.False(t, def(f, "Shop.Cart.secret").GetExported())
	assert.True(t, def(f, "Shop.Cart.open").GetExported())
	assert.Empty(t, def(f, "Shop").GetDoc(), "a magic comment is no doc")
}

func TestCalls(t *testing.T) {
	f := parse(t, "app/models/cart.rb", sample)
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart.@store"}, callsNamed(f, "reserve"))
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart"}, callsNamed(f, "push"), "implicit self")
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart builtin"}, callsNamed(f, "puts"))
	assert.Equal(t, []string{"Shop.Cart.add Shop.Cart.owner"}, callsNamed(f, "name"), "an attribute's value")
	assert.Equal(t, []string{"Shop.Cart.add Shop.^Cart"}, callsNamed(f, "add"),
		"a nested class's super: its bases")
	assert.Equal(t, []string{"Shop.Cart.add Store new", "Shop.Cart.build Shop.Cart new"}, callsNamed(f, "initialize"),
		"new runs initialize; on self, the class's")
	assert.Empty(t, callsNamed(f, "total"), "a local is no call")
	assert.Empty(t, callsNamed(f, "i"), "a block parameter is no call")
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
	assert.Equal(t, []string{"Rack.Auth.AbstractRequest"}, def(f, "Rack.Auth.Basic.Request").GetBases(),
		"required from abstract/ next to the file")
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Auth.Basic.Request"}, callsNamed(f, "username"))
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Utils", "Rack.Auth.Basic.call Utils"}, callsNamed(f, "escape"))
	assert.Equal(t, []string{"Rack.Auth.Basic.call JSON"}, callsNamed(f, "parse"), "Ruby's own")
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Mime"}, callsNamed(f, "mime_type"),
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
	assert.Equal(t, []string{"ApplicationController"}, def(app, "Admin.UsersController").GetBases())
	assert.Equal(t, []string{"Admin.UsersController.index User"}, callsNamed(app, "all"),
		"an application names its models at top level")
	assert.Equal(t, []string{"Rack.Auth.Basic.call Rack.Auth.Basic.Request"}, callsNamed(f, "go"))
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
	assert.Equal(t, []string{"main  builtin", "Logger.log Logger"}, callsNamed(f, "puts"),
		"Logger's own puts, Kernel's elsewhere")
	assert.Equal(t, []string{"main ", "Logger.log "}, callsNamed(f, "format"), "the file's format shadows Kernel's")
	assert.Equal(t, []string{"main  builtin"}, callsNamed(f, "open"))
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
	} {
		assert.Equal(t, want, isTest(p), p)
	}
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

// Bad input: each must return facts (partial, with a diagnostic) quickly.
func parseWithin(t *testing.T, path string, src []byte) *sdk.FileFacts {
	t.Helper()
	done := make(chan *sdk.FileFacts, 1)
	go func() {
		out, err := New().Parse(context.Background(), []*sdk.SourceFile{{Path: path, Content: src}})
		if err != nil || len(out) != 1 {
			done <- nil
			return
		}
		done <- out[0]
	}()
	select {
	case f := <-done:
		require.NotNil(t, f)
		for _, d := range f.GetDiagnostics() {
			assert.NotEqual(t, sdk.SeverityError, d.GetSeverity(), d.GetSummary())
		}
		return f
	case <-time.After(60 * time.Second):
		t.Fatal("parse stalled")
		return nil
	}
}

func TestSyntaxError(t *testing.T) {
	f := parseWithin(t, "a.rb", []byte("class A\n  def ok; go; end\n  def broken(\nend\nclass B; def fine; end; end\n"))
	assert.NotEmpty(t, f.GetDiagnostics())
	assert.NotEmpty(t, f.GetDefinitions())
}

func TestInvalidUTF8(t *testing.T) {
	f := parseWithin(t, "a.rb", []byte("# caf\xe9\nclass Caf\xff\n  def m\xfe; puts \"\xc3\x28\"; end\nend\ndef ok; end\n"))
	assert.NotNil(t, def(f, "ok"))
}

func TestHugeLine(t *testing.T) {
	var b bytes.Buffer
	for b.Len() < 5<<20 {
		b.WriteString("a = foo(1, [2, 3], {k: 4}); ")
	}
	f := parseWithin(t, "min.rb", b.Bytes())
	assert.Empty(t, f.GetCalls())
	require.Len(t, f.GetDiagnostics(), 1, "skipped with a warning")
	assert.Contains(t, f.GetDiagnostics()[0].GetSummary(), "not parsed")

	// A long line under the bound is parsed.
	f = parseWithin(t, "long.rb", []byte("def f\n  g("+strings.Repeat("1, ", 30000)+"2)\nend\n"))
	assert.Len(t, callsNamed(f, "g"), 1)
}

func TestBinary(t *testing.T) {
	src := make([]byte, 64<<10)
	rand.New(rand.NewSource(1)).Read(src)
	parseWithin(t, "blob.rb", src)
}

func TestGenerated(t *testing.T) {
	var b strings.Builder
	b.WriteString("class Gen\n")
	for i := 0; i < 20000; i++ {
		b.WriteString("  def m")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("(a) = a + 1\n")
	}
	b.WriteString("end\n")
	f := parseWithin(t, "gen.rb", []byte(b.String()))
	assert.Greater(t, len(f.GetDefinitions()), 1)
}

func TestDeepNesting(t *testing.T) {
	src := strings.Repeat("module M\n", 10000) + "def deep; go; end\n" + strings.Repeat("end\n", 10000) +
		"x = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n" +
		strings.Repeat("if a\n", 10000) + "b\n" + strings.Repeat("end\n", 10000)
	parseWithin(t, "deep.rb", []byte(src))
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
	assert.Equal(t, []string{"Sinatra.run Sinatra", "Sinatra.run Sinatra"}, callsNamed(f, "new"), "a module's new is its method")
	assert.Equal(t, []string{"Sinatra.new Class new", "Sinatra.run Sinatra.Base new"}, callsNamed(f, "initialize"))
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
	assert.Equal(t, []string{" "}, callsNamed(f, "helper"), "its calls are the enclosing code's")
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
	assert.Equal(t, "Cart", def(f, "Shop.cart").GetType())
	assert.Equal(t, []string{"Shop.checkout Cart.build()"}, callsNamed(f, "pay"), "a class method's result")
	assert.Equal(t, []string{"Shop.checkout Shop.cart()"}, callsNamed(f, "clear"), "a method's result")
	assert.Equal(t, []string{"Shop.checkout Shop.cart()"}, callsNamed(f, "total"))
	assert.Equal(t, []*sdk.Field{{Name: "@cart", Type: "Cart"}}, def(f, "Shop").GetFields())
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
	assert.Equal(t, []string{"run ?", "run ?"}, callsNamed(f, "pay"),
		"the second assignment's type is unknown; a block parameter shadows")
}
