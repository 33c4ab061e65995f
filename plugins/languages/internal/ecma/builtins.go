package ecma

// globals are the names the runtimes define without an import: the
// ECMAScript globals, the host objects of browsers and Node.js, and the
// test runners' globals. A call on one of them, or on a value reached
// through one (console.log, Object.keys, process.env.X.trim), is a builtin
// call unless the file binds the name itself.
var globals = setOf(
	// ECMAScript.
	"globalThis", "Infinity", "NaN", "undefined", "eval", "isFinite", "isNaN",
	"parseFloat", "parseInt", "decodeURI", "decodeURIComponent", "encodeURI",
	"encodeURIComponent", "escape", "unescape",
	"Object", "Function", "Boolean", "Symbol", "Error", "AggregateError",
	"EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError",
	"URIError", "Number", "BigInt", "Math", "Date", "String", "RegExp", "Array",
	"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
	"Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array",
	"BigUint64Array", "Map", "Set", "WeakMap", "WeakSet", "WeakRef",
	"FinalizationRegistry", "ArrayBuffer", "SharedArrayBuffer", "DataView",
	"Atomics", "JSON", "Promise", "Reflect", "Proxy", "Intl", "Iterator",
	// Hosts.
	"console", "setTimeout", "setInterval", "setImmediate", "clearTimeout",
	"clearInterval", "clearImmediate", "queueMicrotask", "structuredClone",
	"fetch", "atob", "btoa", "require", "process", "Buffer", "module", "exports",
	"__dirname", "__filename", "window", "document", "navigator", "location",
	"history", "localStorage", "sessionStorage", "performance", "crypto",
	"alert", "confirm", "prompt", "requestAnimationFrame",
	"cancelAnimationFrame", "getComputedStyle", "addEventListener",
	"removeEventListener", "dispatchEvent", "self", "URL", "URLSearchParams",
	"TextEncoder", "TextDecoder", "AbortController", "AbortSignal", "Blob",
	"File", "FileReader", "FormData", "Headers", "Request", "Response",
	"WebSocket", "XMLHttpRequest", "Event", "CustomEvent", "EventTarget",
	"MutationObserver", "IntersectionObserver", "ResizeObserver", "Worker",
	"MessageChannel", "BroadcastChannel", "ReadableStream", "WritableStream",
	"TransformStream", "Image", "HTMLElement", "Element", "Node",
	// Test runners.
	"describe", "it", "test", "expect", "beforeEach", "afterEach", "beforeAll",
	"afterAll", "before", "after", "jest", "vi", "suite", "context",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
