package langtest

import "github.com/homer-dev/homer/sdk"

// Definition returns the definition of f named qn, or nil.
func Definition(f *sdk.FileFacts, qn string) *sdk.Definition {
	for _, d := range f.GetDefinitions() {
		if d.GetQualifiedName() == qn {
			return d
		}
	}
	return nil
}

// CallsNamed renders the calls of name in f, in order, as
// "caller receiver", followed by " builtin" and " new" where they hold.
func CallsNamed(f *sdk.FileFacts, name string) []string {
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

// Call returns the call of name on line of f, or nil.
func Call(f *sdk.FileFacts, name string, line int32) *sdk.Call {
	for _, c := range f.GetCalls() {
		if c.GetName() == name && c.GetLine() == line {
			return c
		}
	}
	return nil
}
