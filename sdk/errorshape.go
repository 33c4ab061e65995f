package sdk

// The shapes of an error-handling site a language plugin counts in
// FileFacts.error_shapes; the protocol's comment on that field says what
// each means.
const (
	ErrorReturned   = "returned"
	ErrorWrapped    = "wrapped"
	ErrorPropagated = "propagated"
	ErrorThrown     = "thrown"
	ErrorCaught     = "caught"
	ErrorPanicked   = "panicked"
	ErrorIgnored    = "ignored"
)

// CountErrorShape adds one error-handling site of the shape to the file's
// facts.
func CountErrorShape(f *FileFacts, shape string) {
	if f.ErrorShapes == nil {
		f.ErrorShapes = map[string]int32{}
	}
	f.ErrorShapes[shape]++
}
