package structure

import (
	"fmt"
	"strconv"
	"strings"
)

// parseTOML reads the subset of TOML that Cargo.toml and pyproject.toml
// use: tables and arrays of tables with dotted and quoted keys, key/value
// pairs with dotted keys, basic and literal strings (multi-line too),
// numbers, booleans, dates (kept as strings), arrays spanning lines and
// inline tables. Tables are map[string]any, arrays []any. It is lenient:
// a line it cannot read is skipped and reported, never fatal.
func parseTOML(src string) (map[string]any, []string) {
	p := &tomlParser{s: src, line: 1}
	root := map[string]any{}
	cur := root
	var problems []string
	for {
		p.skipSpaceAndComments(true)
		if p.eof() {
			break
		}
		startLine := p.line
		var err error
		if p.peek() == '[' {
			cur, err = p.header(root)
		} else {
			err = p.keyValue(cur)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", startLine, err))
			p.skipLine()
			if cur == nil {
				cur = map[string]any{} // a broken header: drop its keys
			}
		}
	}
	return root, problems
}

type tomlParser struct {
	s    string
	i    int
	line int
	// depth is how many arrays and inline tables enclose the value being
	// read.
	depth int
}

// maxTOMLDepth bounds the nesting of arrays and inline tables. Values are
// read recursively, and a file of millions of "[" would otherwise exhaust
// the stack, which kills the plugin outright; no manifest nests more than a
// few levels.
const maxTOMLDepth = 100

func (p *tomlParser) eof() bool  { return p.i >= len(p.s) }
func (p *tomlParser) peek() byte { return p.s[p.i] }

func (p *tomlParser) advance() byte {
	c := p.s[p.i]
	p.i++
	if c == '\n' {
		p.line++
	}
	return c
}

// skipSpaceAndComments skips blanks and comments, and newlines if nl.
func (p *tomlParser) skipSpaceAndComments(nl bool) {
	for !p.eof() {
		switch c := p.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			p.advance()
		case c == '\n' && nl:
			p.advance()
		case c == '#':
			for !p.eof() && p.peek() != '\n' {
				p.advance()
			}
		default:
			return
		}
	}
}

func (p *tomlParser) skipLine() {
	for !p.eof() && p.peek() != '\n' {
		p.advance()
	}
}

// header reads [a.b] or [[a.b]] and returns the table it opens.
func (p *tomlParser) header(root map[string]any) (map[string]any, error) {
	p.advance()
	array := !p.eof() && p.peek() == '['
	if array {
		p.advance()
	}
	keys, err := p.key()
	if err != nil {
		return nil, err
	}
	p.skipSpaceAndComments(false)
	closing := 1
	if array {
		closing = 2
	}
	for range closing {
		if p.eof() || p.peek() != ']' {
			return nil, fmt.Errorf("unterminated table header")
		}
		p.advance()
	}
	t := root
	for i, k := range keys {
		last := i == len(keys)-1
		switch v := t[k].(type) {
		case nil:
			if last && array {
				nt := map[string]any{}
				t[k] = []any{nt}
				return nt, nil
			}
			nt := map[string]any{}
			t[k] = nt
			t = nt
		case map[string]any:
			if last && array {
				return nil, fmt.Errorf("%s is a table, not an array of tables", strings.Join(keys, "."))
			}
			t = v
		case []any:
			if len(v) == 0 {
				return nil, fmt.Errorf("%s is an empty array", k)
			}
			if last && array {
				nt := map[string]any{}
				t[k] = append(v, nt)
				return nt, nil
			}
			nt, ok := v[len(v)-1].(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s is not an array of tables", k)
			}
			t = nt
		default:
			return nil, fmt.Errorf("%s is a value, not a table", k)
		}
	}
	return t, nil
}

// key reads a dotted key of bare or quoted parts.
func (p *tomlParser) key() ([]string, error) {
	var keys []string
	for {
		p.skipSpaceAndComments(false)
		if p.eof() {
			return nil, fmt.Errorf("missing key")
		}
		var k string
		switch c := p.peek(); c {
		case '"', '\'':
			s, err := p.str()
			if err != nil {
				return nil, err
			}
			k = s
		default:
			start := p.i
			for !p.eof() {
				c := p.peek()
				if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
					p.advance()
					continue
				}
				break
			}
			if p.i == start {
				return nil, fmt.Errorf("unexpected %q", p.s[p.i:min(len(p.s), p.i+10)])
			}
			k = p.s[start:p.i]
		}
		keys = append(keys, k)
		p.skipSpaceAndComments(false)
		if p.eof() || p.peek() != '.' {
			return keys, nil
		}
		p.advance()
	}
}

func (p *tomlParser) keyValue(t map[string]any) error {
	keys, err := p.key()
	if err != nil {
		return err
	}
	if p.eof() || p.peek() != '=' {
		return fmt.Errorf("expected = after %s", strings.Join(keys, "."))
	}
	p.advance()
	v, err := p.value()
	if err != nil {
		return err
	}
	for _, k := range keys[:len(keys)-1] {
		nt, ok := t[k].(map[string]any)
		if !ok {
			nt = map[string]any{}
			t[k] = nt
		}
		t = nt
	}
	t[keys[len(keys)-1]] = v
	p.skipSpaceAndComments(false)
	if !p.eof() && p.peek() != '\n' {
		return fmt.Errorf("unexpected %q after value", p.s[p.i:min(len(p.s), p.i+10)])
	}
	return nil
}

func (p *tomlParser) value() (any, error) {
	p.skipSpaceAndComments(false)
	if p.eof() {
		return nil, fmt.Errorf("missing value")
	}
	if c := p.peek(); c == '[' || c == '{' {
		if p.depth >= maxTOMLDepth {
			return nil, fmt.Errorf("arrays and tables nested deeper than %d levels", maxTOMLDepth)
		}
		p.depth++
		defer func() { p.depth-- }()
	}
	switch c := p.peek(); {
	case c == '"' || c == '\'':
		return p.str()
	case c == '[':
		p.advance()
		var arr []any
		for {
			p.skipSpaceAndComments(true)
			if p.eof() {
				return nil, fmt.Errorf("unterminated array")
			}
			if p.peek() == ']' {
				p.advance()
				return arr, nil
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
			p.skipSpaceAndComments(true)
			if !p.eof() && p.peek() == ',' {
				p.advance()
			}
		}
	case c == '{':
		p.advance()
		t := map[string]any{}
		for {
			p.skipSpaceAndComments(true)
			if p.eof() {
				return nil, fmt.Errorf("unterminated inline table")
			}
			if p.peek() == '}' {
				p.advance()
				return t, nil
			}
			keys, err := p.key()
			if err != nil {
				return nil, err
			}
			if p.eof() || p.peek() != '=' {
				return nil, fmt.Errorf("expected = in inline table")
			}
			p.advance()
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			tt := t
			for _, k := range keys[:len(keys)-1] {
				nt, ok := tt[k].(map[string]any)
				if !ok {
					nt = map[string]any{}
					tt[k] = nt
				}
				tt = nt
			}
			tt[keys[len(keys)-1]] = v
			p.skipSpaceAndComments(true)
			if !p.eof() && p.peek() == ',' {
				p.advance()
			}
		}
	default:
		start := p.i
		for !p.eof() {
			c := p.peek()
			if c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' {
				break
			}
			p.advance()
		}
		raw := strings.TrimSpace(p.s[start:p.i])
		switch raw {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "":
			return nil, fmt.Errorf("missing value")
		}
		if n, err := strconv.ParseFloat(strings.ReplaceAll(raw, "_", ""), 64); err == nil {
			return n, nil
		}
		return raw, nil // dates, times, hex/octal numbers, inf/nan: kept as text
	}
}

// str reads a basic (double-quoted) or literal (single-quoted) string,
// either of them possibly triple-quoted and multi-line.
func (p *tomlParser) str() (string, error) {
	q := p.advance()
	multi := strings.HasPrefix(p.s[p.i:], string([]byte{q, q}))
	if multi {
		p.advance()
		p.advance()
		if !p.eof() && p.peek() == '\n' { // a newline right after the opening quotes is trimmed
			p.advance()
		}
	}
	var b strings.Builder
	for {
		if p.eof() {
			return "", fmt.Errorf("unterminated string")
		}
		c := p.advance()
		switch {
		case c == q && !multi:
			return b.String(), nil
		case c == q && multi && strings.HasPrefix(p.s[p.i:], string([]byte{q, q})):
			p.advance()
			p.advance()
			for !p.eof() && p.peek() == q { // up to two quotes may end the content
				b.WriteByte(q)
				p.advance()
			}
			return b.String(), nil
		case c == '\n' && !multi:
			return "", fmt.Errorf("newline in string")
		case c == '\\' && q == '"':
			if p.eof() {
				return "", fmt.Errorf("unterminated string")
			}
			e := p.advance()
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '"', '\\':
				b.WriteByte(e)
			case 'u', 'U':
				n := 4
				if e == 'U' {
					n = 8
				}
				if p.i+n > len(p.s) {
					return "", fmt.Errorf("bad escape")
				}
				r, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
				if err != nil {
					return "", fmt.Errorf("bad escape")
				}
				p.i += n
				b.WriteRune(rune(r))
			case '\n', ' ', '\t', '\r':
				if multi { // line-ending backslash: trim whitespace up to the next text
					for !p.eof() && strings.ContainsRune(" \t\r\n", rune(p.peek())) {
						p.advance()
					}
				}
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
}
