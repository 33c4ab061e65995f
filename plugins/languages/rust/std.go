package rust

// The names below are Rust's own: the prelude every module sees without a
// `use`, the primitive types, and the macros of std and core. A call on
// one of them is marked builtin unless the file defines or imports the
// name itself.

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// preludeTypes are the types and traits of the standard prelude, whose
// associated functions are called by path (Vec::new, String::from).
var preludeTypes = set(
	"Option", "Result", "Box", "Vec", "String",
	"Clone", "Copy", "Send", "Sync", "Sized", "Unpin", "Drop",
	"Fn", "FnMut", "FnOnce", "Iterator", "IntoIterator", "Extend",
	"DoubleEndedIterator", "ExactSizeIterator", "FromIterator",
	"PartialEq", "PartialOrd", "Eq", "Ord", "AsRef", "AsMut",
	"Into", "From", "Default", "ToString", "ToOwned", "TryFrom", "TryInto",
)

// primitives are the primitive types, whose associated functions are called
// by path (u32::from, str::from_utf8) and which no file can define.
var primitives = set(
	"bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize",
	"i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
)

// preludeCalls are the functions and variant constructors of the prelude
// called by their bare name.
var preludeCalls = set("Some", "None", "Ok", "Err", "drop", "Box", "Vec", "String")

// stdMacros are the macros of std and core.
var stdMacros = set(
	"assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq",
	"debug_assert_ne", "cfg", "column", "compile_error", "concat", "dbg",
	"env", "eprint", "eprintln", "file", "format", "format_args",
	"include", "include_bytes", "include_str", "line", "matches",
	"module_path", "option_env", "panic", "print", "println", "stringify",
	"todo", "unimplemented", "unreachable", "vec", "write", "writeln",
	"thread_local", "try", "addr_of", "addr_of_mut", "const_format_args",
	"debug_assert_matches", "assert_matches", "concat_idents", "trace_macros",
	"log_syntax", "is_x86_feature_detected",
)

// stdRoots are the crates of the standard library: paths through them are
// external.
var stdRoots = set("std", "core", "alloc", "proc_macro", "test")

// markerTraits are bounds that say nothing about which methods a value
// has, so they never stand for a generic parameter's type.
var markerTraits = set(
	"Send", "Sync", "Sized", "Unpin", "Copy", "Clone", "Debug", "Display",
	"Default", "Eq", "PartialEq", "Ord", "PartialOrd", "Hash", "'static",
	"Any", "UnwindSafe", "RefUnwindSafe",
)

// wrappers are the smart pointers a method call sees through (auto-deref):
// a value of type Arc<Foo> has Foo's methods. CachePadded (crossbeam's,
// and the copies concurrent crates keep) derefs to its content too.
var wrappers = set("Box", "Arc", "Rc", "Pin", "ManuallyDrop", "Cow", "CachePadded")

// wrapperMakers are the wrappers' functions that wrap their first argument:
// Arc::new(x), Box::pin(x), Arc::clone(&x).
var wrapperMakers = set("new", "pin", "from", "clone")

// fallible are the result types a function's declared type is unwrapped
// from: `fn open() -> io::Result<File>` is recorded as returning File,
// since its callers almost always take the value out with ? or unwrap.
var fallible = set("Result", "Option", "Poll", "LockResult")

// optionMethods are the methods of Option and Result. A local bound to a
// call's result without ? or unwrap may still be an Option or a Result, so
// calling one of these on it names no repository method.
var optionMethods = set(
	"and", "and_then", "as_deref", "as_deref_mut", "as_mut", "as_pin_mut",
	"as_pin_ref", "as_ref", "cloned", "copied", "err", "expect", "expect_err",
	"filter", "flatten", "get_or_insert", "get_or_insert_with", "inspect",
	"inspect_err", "insert", "is_err", "is_none", "is_ok", "is_some",
	"is_some_and", "is_ok_and", "is_err_and", "is_none_or", "iter",
	"iter_mut", "map", "map_err", "map_or", "map_or_else", "ok", "ok_or",
	"ok_or_else", "or", "or_else", "replace", "take", "transpose", "unwrap",
	"unwrap_err", "unwrap_or", "unwrap_or_default", "unwrap_or_else",
	"unwrap_unchecked", "xor", "zip", "into_iter", "is_ready", "is_pending",
	"map_ok",
)
