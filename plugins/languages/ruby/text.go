package ruby

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// isTest follows RSpec's and Minitest's conventions: *_spec.rb, *_test.rb,
// test_*.rb, and spec_*.rb or test_*.rb under test/ or spec/ (Rack's
// test/spec_utils.rb). The helpers they load are not tests.
func isTest(p string) bool {
	base := path.Base(p)
	if !strings.HasSuffix(base, ".rb") {
		return false
	}
	stem := strings.TrimSuffix(base, ".rb")
	switch stem {
	case "spec_helper", "test_helper", "rails_helper", "helper":
		return false
	}
	inTests, inLib := false, false
	for _, dir := range strings.Split(path.Dir(p), "/") {
		inTests = inTests || dir == "test" || dir == "spec"
		inLib = inLib || dir == "lib"
	}
	if inLib && !inTests {
		// A gem's code: lib/sinatra/test_helpers.rb and
		// lib/active_support/test_case.rb are what its users test with.
		return false
	}
	if strings.HasSuffix(stem, "_spec") || strings.HasSuffix(stem, "_test") || strings.HasPrefix(stem, "test_") {
		return true
	}
	if strings.Contains("/"+path.Dir(p)+"/", "/features/step_definitions/") || strings.HasPrefix(p, "features/") && strings.HasSuffix(stem, "_steps") {
		return true // Cucumber's steps: what its feature files run (httparty's features/steps/httparty_steps.rb)
	}
	return strings.HasPrefix(stem, "spec_") && inTests
}

// cucumberSupport tells Cucumber's support code (features/support/env.rb,
// its helpers): the tests' setup, no product code.
func cucumberSupport(p string) bool {
	// Cucumber loads every file below the top's features/: besides the
	// steps, their helpers (httparty's features/steps/mongrel_helper.rb).
	return strings.HasSuffix(p, ".rb") && !isTest(p) && (strings.Contains("/"+path.Dir(p)+"/", "/features/support/") || strings.HasPrefix(p, "features/"))
}

// kernel lists the methods every Ruby object has from Kernel, Module and
// the main object, which a receiverless call reaches unless the file
// defines them.
var kernel = toSet(`puts print p pp require require_relative load autoload raise fail format sprintf printf
loop lambda proc attr_accessor attr_reader attr_writer attr include extend prepend private public protected
module_function private_constant public_constant define_method alias_method block_given? catch throw
sleep rand srand exit exit! abort at_exit binding caller eval instance_eval instance_exec class_eval
module_eval instance_variable_get instance_variable_set instance_variables respond_to? send public_send
__send__ method methods freeze frozen? dup clone tap then yield_self is_a? kind_of? instance_of? nil?
object_id hash inspect to_s class singleton_class gets open system spawn warn trap select fork Integer
Float String Array Hash Rational Complex gsub sub chomp chop gem new initialize`)

// coreMethods are methods of Ruby's Enumerable, Array, Hash, String,
// numbers and IO (StringIO, File, Zlib's streams) that code calls on plain
// values all the time. Called on a value
// the file cannot type, such a name is far likelier the language's own than
// the one repository method that happens to share it (`list.map { }` is no
// call of a Builder#map).
var coreMethods = toSet(`map map! each each_with_index each_with_object each_slice each_cons each_pair each_key
each_value each_char each_byte each_line collect collect! select select! filter filter! filter_map reject reject!
find detect find_index find_all grep inject reduce sum min max minmax min_by max_by sort sort! sort_by sort_by!
group_by partition chunk_while slice_when flat_map zip include? member? any? all? none? one? count tally first
last take take_while drop drop_while cycle lazy push pop shift unshift append prepend concat join split strip
strip! lstrip rstrip chomp chop squeeze downcase downcase! upcase upcase! capitalize swapcase start_with?
end_with? match match? scan empty? size length bytesize keys values key? has_key? value? has_value? values_at
fetch fetch_values dig merge merge! delete delete_if delete_at keep_if compact compact! flatten flatten! uniq
uniq! reverse reverse! rotate sample shuffle to_a to_ary to_h to_hash to_i to_int to_f to_r to_c to_sym to_str
to_proc to_set force_encoding encode encoding unpack unpack1 pack ljust rjust center tr tr_s index rindex
insert slice slice! clear store transform_values transform_keys invert chars bytes lines succ times upto
downto step abs round floor ceil between? clamp zero? positive? negative? even? odd? each_index fill product
combination permutation transpose assoc rassoc bsearch update read write close closed? flush rewind seek eof? gets
readpartial sysread syswrite binmode string finish stat`)

// rubyConstants are the constants of Ruby's core and standard library,
// which are top-level wherever they are named.
var rubyConstants = toSet(`Object BasicObject Module Class Kernel Comparable Enumerable Enumerator String Symbol
Integer Float Numeric Rational Complex Array Hash Range Regexp MatchData Proc Method UnboundMethod Binding
Struct Time File Dir IO Process Signal Thread Mutex Queue SizedQueue ConditionVariable Fiber Ractor
ObjectSpace GC Marshal Math Encoding Errno ENV ARGV ARGF STDIN STDOUT STDERR TrueClass FalseClass NilClass
Exception StandardError ArgumentError RuntimeError NotImplementedError TypeError KeyError IndexError
NameError NoMethodError IOError EOFError SystemExit Interrupt ScriptError LoadError SyntaxError
SecurityError StopIteration FrozenError ZeroDivisionError FloatDomainError RangeError RegexpError
ThreadError FiberError EncodingError NoMatchingPatternError LocalJumpError SystemCallError Warning
Set JSON URI Net OpenSSL Socket TCPSocket TCPServer UNIXSocket Tempfile StringIO Pathname FileUtils
OpenStruct Date DateTime Zlib Digest SecureRandom Base64 CGI ERB Logger YAML Psych Timeout Benchmark
Shellwords Open3 Etc Forwardable Singleton Observable Monitor MonitorMixin WeakRef Coverage Ripper
RbConfig Gem Bundler Rake RSpec Minitest`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// magicComment reports the comments Ruby reads as pragmas, never docs.
func magicComment(t string) bool {
	t = strings.TrimSpace(strings.TrimPrefix(t, "#"))
	for _, m := range []string{"frozen_string_literal:", "encoding:", "coding:", "-*-", "warn_indent:", "typed:", "rubocop:", "!"} {
		if strings.HasPrefix(t, m) {
			return true
		}
	}
	return false
}

// yardTags are the tags that make a comment YARD documentation.
var yardTag = regexp.MustCompile(`(?m)^\s*@(param|return|yield|yieldparam|yieldreturn|raise|example|option|see|api|deprecated|note|overload|since|author|private|abstract|todo|attr|attr_reader|attr_writer|!visibility)\b`)

// cleanComment strips the # markers and one space, and tells the style:
// yard when a YARD tag is present.
func cleanComment(lines []string) (string, string) {
	for i, l := range lines {
		l = strings.TrimPrefix(l, "#")
		l = strings.TrimPrefix(l, " ")
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	doc := strings.Trim(strings.Join(lines, "\n"), "\n")
	if doc == "" {
		return "", ""
	}
	if yardTag.MatchString(doc) {
		return doc, "yard"
	}
	return doc, "comment"
}

// yardParam matches "@param name [Type]" and "@param [Type] name"; yardReturn
// "@return [Type]".
var (
	yardParam  = regexp.MustCompile(`(?m)^\s*@param\s+(?:([a-z_][A-Za-z0-9_]*)\s+\[([^\]]+)\]|\[([^\]]+)\]\s+([a-z_][A-Za-z0-9_]*))`)
	yardReturn = regexp.MustCompile(`(?m)^\s*@return\s+\[([^\]]+)\]`)
)

// yardTypes reads the types a YARD doc gives: parameters by name for
// "@param", the result under "" for "@return". Only a single plain type
// counts ("Foo, nil" and "Array<Foo>" are not one class).
func yardTypes(doc, tag string) map[string]string {
	if doc == "" || !strings.Contains(doc, tag) {
		return nil
	}
	out := map[string]string{}
	if tag == "@return" {
		if m := yardReturn.FindStringSubmatch(doc); m != nil {
			out[""] = singleType(m[1])
		}
		return out
	}
	for _, m := range yardParam.FindAllStringSubmatch(doc, -1) {
		name, typ := m[1], m[2]
		if name == "" {
			name, typ = m[4], m[3]
		}
		if t := singleType(typ); t != "" {
			out[name] = t
		}
	}
	return out
}

func singleType(t string) string {
	t = strings.TrimSpace(t)
	if strings.ContainsAny(t, ",<>(){}#| ") {
		return ""
	}
	return t
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// syntax is what folding a definition header onto one line must know of
// Ruby.
var syntax = treesitter.Syntax{Quotes: "\"'", LineComment: "#", MaxLen: 300}

func oneLine(b []byte) string { return syntax.OneLine(b) }
