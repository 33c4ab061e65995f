package engine

import "sync"

// Handoff names a value of type T that a stage hands to the stages after
// it in the same run, so that a chain of stages that reruns reads the
// store once rather than once per stage. A stage that did not run hands
// nothing, and the value is then loaded on first use. Declare each
// handoff once, as a package variable: its identity, not its name, is what
// finds the value, so two handoffs never collide.
type Handoff[T any] struct {
	id  *handoffID
	sub string
}

type handoffID struct{ name string }

// NewHandoff declares a handoff; name is for messages only.
func NewHandoff[T any](name string) Handoff[T] {
	return Handoff[T]{id: &handoffID{name: name}}
}

// Of derives one handoff per sub-name, such as one per plugin.
func (h Handoff[T]) Of(sub string) Handoff[T] { return Handoff[T]{id: h.id, sub: sub} }

// Name is the handoff's name for messages.
func (h Handoff[T]) Name() string {
	if h.sub == "" {
		return h.id.name
	}
	return h.id.name + ":" + h.sub
}

type cellKey struct {
	id  *handoffID
	sub string
}

type cell struct {
	once sync.Once
	v    any
	err  error
}

// Board holds the values handed in one run.
type Board struct {
	mu    sync.Mutex
	cells map[cellKey]*cell
}

func (b *Board) cell(k cellKey, replace *cell) *cell {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cells == nil {
		b.cells = map[cellKey]*cell{}
	}
	if replace != nil {
		b.cells[k] = replace
		return replace
	}
	c := b.cells[k]
	if c == nil {
		c = &cell{}
		b.cells[k] = c
	}
	return c
}

func (h Handoff[T]) key() cellKey { return cellKey{h.id, h.sub} }

// Hand records the value a stage computed, replacing whatever was loaded
// before.
func (h Handoff[T]) Hand(b *Board, v T) {
	c := &cell{v: v}
	c.once.Do(func() {})
	b.cell(h.key(), c)
}

// Get returns the value handed in this run, or loads it once.
func (h Handoff[T]) Get(b *Board, load func() (T, error)) (T, error) {
	c := b.cell(h.key(), nil)
	c.once.Do(func() { c.v, c.err = load() })
	if c.err != nil {
		var zero T
		return zero, c.err
	}
	return c.v.(T), nil
}

// Handed returns the value if a stage handed it (or it was loaded) in this
// run.
func (h Handoff[T]) Handed(b *Board) (T, bool) {
	b.mu.Lock()
	c := b.cells[h.key()]
	b.mu.Unlock()
	var zero T
	if c == nil {
		return zero, false
	}
	c.once.Do(func() {})
	if c.err != nil {
		return zero, false
	}
	v, ok := c.v.(T)
	return v, ok
}

// Forget drops a value whose stored source was rewritten.
func (h Handoff[T]) Forget(b *Board) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.cells, h.key())
}
