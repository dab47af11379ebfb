package ingest

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// lexer is a single-pass JSON scanner specialised for the flat objects of
// the v1 files. A general parser builds a value tree and is then walked; the
// exchange log has tens of millions of lines whose values are strings,
// integers and booleans, so this one reads each key and parses its value in
// place: strings without escapes are sliced from the line (no copy),
// escaped ones are decoded into the decoder's arena, and the values of
// unknown keys are skipped — but validated, so a line is accepted only if it
// is valid JSON (FuzzScanAgainstStdlib checks this against encoding/json).
type lexer struct {
	b    []byte
	i    int
	bad  bool // the line is not valid JSON
	high bool // a string held a byte above 0x7F: the line needs a UTF-8 check
}

const maxDepth = 128

func (l *lexer) ws() {
	// One compare for the usual case, a compact line with no white space.
	for l.i < len(l.b) && l.b[l.i] <= ' ' {
		switch l.b[l.i] {
		case ' ', '\t', '\r', '\n':
			l.i++
		default:
			return
		}
	}
}

func (l *lexer) peek() byte {
	if l.i < len(l.b) {
		return l.b[l.i]
	}
	return 0
}

func (l *lexer) lit(word string) bool {
	if len(l.b)-l.i >= len(word) && string(l.b[l.i:l.i+len(word)]) == word {
		l.i += len(word)
		return true
	}
	l.bad = true
	return false
}

// str reads a JSON string at the cursor (which is on its opening quote) and
// returns its decoded bytes: a slice of the line when it has no escapes,
// else bytes appended to *arena.
func (l *lexer) str(arena *[]byte) []byte {
	l.i++ // opening quote
	start := l.i
	if i := plainEnd(l.b, start); i < len(l.b) {
		return l.strEnd(start, i, arena)
	}
	l.bad = true
	return nil
}

// plainEnd returns the index of the first byte of b from i on that is a
// quote, a backslash, a control character or above 0x7F, or len(b): one
// pass, eight bytes at a time, since most strings in a log are short and
// plain, and end at that byte.
func plainEnd(b []byte, i int) int {
	if i < len(b) {
		// Sixteen bytes at a time with vector compares, reading on into
		// the chunk past the line (a slice's capacity is memory it owns)
		// and clamping to the line: a string rarely ends a line.
		k, done := plainBlocks(b[i:cap(b)], len(b)-i)
		if done {
			return i + k
		}
		i += k
	}
	for ; i+8 <= len(b); i += 8 {
		if m := special(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
	}
	return i
}

// strHigh finishes str from b[i], a byte above 0x7F: it notes the line for
// a UTF-8 check and looks for the string's end ignoring such bytes.
func (l *lexer) strHigh(start, i int, arena *[]byte) []byte {
	l.high = true
	b := l.b
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return l.strEnd(start, i, arena)
		}
	}
	l.bad = true
	return nil
}

// strEnd finishes str at b[i], the string's first special byte.
func (l *lexer) strEnd(start, i int, arena *[]byte) []byte {
	switch c := l.b[i]; {
	case c == '"':
		l.i = i + 1
		return l.b[start:i]
	case c == '\\':
		l.i = i
		return l.escaped(start, arena)
	case c >= 0x80:
		return l.strHigh(start, i, arena)
	}
	l.bad = true // a raw control character
	return nil
}

// ones and highs are a word's byte lanes' lowest and highest bits, for
// the scanners and parsers that test eight bytes at a time.
const ones, highs = 0x0101010101010101, 0x8080808080808080

// quoteEscCtl is special without the bytes above 0x7F: the bytes that end
// a run of a string's ordinary bytes.
func quoteEscCtl(x uint64) uint64 {
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return ((q-ones)&^q | (bs-ones)&^bs | (x-ones*0x20)&^x) & highs
}

// special has the high bit set in each byte of x that is a quote, a
// backslash, below 0x20 or above 0x7F (exact for the lowest such byte,
// which is all str needs: the borrow that can mark a byte falsely only
// runs upward from a byte that is itself special).
func special(x uint64) uint64 { return quoteEscCtl(x) | x&highs }

func (l *lexer) escaped(start int, arena *[]byte) []byte {
	a := *arena
	from := len(a)
	a = append(a, l.b[start:l.i]...)
	b := l.b
	for l.i < len(b) {
		// Copy the run of ordinary bytes up to the next quote, backslash
		// or control character in one append: prompt text escapes a
		// newline or a quote every few dozen bytes, and a byte at a time
		// was most of the cost of reading it.
		i, seen := l.i, uint64(0)
		for ; i+8 <= len(b); i += 8 {
			x := binary.LittleEndian.Uint64(b[i:])
			if m := quoteEscCtl(x); m != 0 {
				n := bits.TrailingZeros64(m) >> 3
				seen |= x & (1<<(8*n) - 1)
				i += n
				goto end
			}
			seen |= x
		}
		for ; i < len(b); i++ {
			if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
				break
			} else {
				seen |= uint64(c)
			}
		}
	end:
		if seen&highs != 0 {
			l.high = true
		}
		a = append(a, b[l.i:i]...)
		l.i = i
		if i >= len(b) {
			break
		}
		switch c := b[i]; {
		case c == '"':
			l.i++
			*arena = a
			return a[from:]
		case c < 0x20:
			l.bad = true
			return nil
		}
		if l.i+1 >= len(l.b) {
			l.bad = true
			return nil
		}
		e := l.b[l.i+1]
		l.i += 2
		switch e {
		case '"', '\\', '/':
			a = append(a, e)
		case 'b':
			a = append(a, '\b')
		case 'f':
			a = append(a, '\f')
		case 'n':
			a = append(a, '\n')
		case 'r':
			a = append(a, '\r')
		case 't':
			a = append(a, '\t')
		case 'u':
			r, ok := l.hex4()
			if !ok {
				l.bad = true
				return nil
			}
			if utf16.IsSurrogate(r) {
				// A pair, or a lone half, which becomes U+FFFD as encoding/json does.
				save := l.i
				if l.i+1 < len(l.b) && l.b[l.i] == '\\' && l.b[l.i+1] == 'u' {
					l.i += 2
					if r2, ok := l.hex4(); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							a = utf8.AppendRune(a, d)
							continue
						}
					}
					l.i = save
				}
				r = utf8.RuneError
			}
			a = utf8.AppendRune(a, r)
		default:
			l.bad = true
			return nil
		}
	}
	l.bad = true
	return nil
}

func (l *lexer) hex4() (rune, bool) {
	if len(l.b)-l.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range l.b[l.i : l.i+4] {
		h := hexValue[c]
		if h > 15 {
			return 0, false
		}
		r = r<<4 | rune(h)
	}
	l.i += 4
	return r, true
}

// digitRun consumes a run of decimal digits and reports whether there was
// at least one, which JSON requires of an integer part, a fraction and an
// exponent alike.
func (l *lexer) digitRun() bool {
	start := l.i
	for l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '9' {
		l.i++
	}
	return l.i > start
}

// numKind says what a number literal was.
type numKind uint8

const (
	numInt      numKind = iota // an integer that fits int64
	numNegative                // a negative integer
	numOther                   // a fraction, an exponent, or too large
)

// number reads a JSON number and returns its value when it is an integer.
func (l *lexer) number() (int64, numKind) {
	// Almost every number in a log is a small non-negative integer followed
	// by a comma or the object's end: read those in one loop, and leave
	// signs, fractions, exponents and long numbers to the general path.
	if b, i := l.b, l.i; i < len(b) && b[i]-'0' <= 9 {
		var v int64
		j := i
		for ; j < len(b) && j-i < 18; j++ {
			c := b[j] - '0'
			if c > 9 {
				break
			}
			v = v*10 + int64(c)
		}
		if j < len(b) && (b[j] == ',' || b[j] == '}') && (b[i] != '0' || j == i+1) {
			l.i = j
			return v, numInt
		}
	}
	neg := false
	if l.peek() == '-' {
		neg = true
		l.i++
	}
	digits := l.i
	if l.peek() == '0' {
		l.i++
	} else if c := l.peek(); c < '1' || c > '9' || !l.digitRun() {
		l.bad = true
		return 0, numOther
	}
	intEnd := l.i
	kind := numInt
	if l.peek() == '.' {
		l.i++
		if !l.digitRun() {
			l.bad = true
			return 0, numOther
		}
		kind = numOther
	}
	if c := l.peek(); c == 'e' || c == 'E' {
		l.i++
		if c := l.peek(); c == '+' || c == '-' {
			l.i++
		}
		if !l.digitRun() {
			l.bad = true
			return 0, numOther
		}
		kind = numOther
	}
	if kind != numInt {
		return 0, kind
	}
	if intEnd-digits > 18 { // may not fit: keep it simple and call it too large
		if intEnd-digits > 19 || string(l.b[digits:intEnd]) > "9223372036854775807" {
			return 0, numOther
		}
	}
	var v int64
	for _, c := range l.b[digits:intEnd] {
		v = v*10 + int64(c-'0')
	}
	if neg {
		if v == 0 {
			return 0, numInt // -0 is zero
		}
		return -v, numNegative
	}
	return v, numInt
}

// skip validates and skips any JSON value.
func (l *lexer) skip(depth int) {
	if depth > maxDepth {
		l.bad = true
		return
	}
	switch c := l.peek(); {
	case c == '"':
		var scratch []byte
		l.str(&scratch)
	case c == '{':
		l.i++
		l.ws()
		if l.peek() == '}' {
			l.i++
			return
		}
		for !l.bad {
			l.ws()
			if l.peek() != '"' {
				l.bad = true
				return
			}
			var scratch []byte
			l.str(&scratch)
			l.ws()
			if l.peek() != ':' {
				l.bad = true
				return
			}
			l.i++
			l.ws()
			l.skip(depth + 1)
			l.ws()
			switch l.peek() {
			case ',':
				l.i++
			case '}':
				l.i++
				return
			default:
				l.bad = true
			}
		}
	case c == '[':
		l.i++
		l.ws()
		if l.peek() == ']' {
			l.i++
			return
		}
		for !l.bad {
			l.ws()
			l.skip(depth + 1)
			l.ws()
			switch l.peek() {
			case ',':
				l.i++
			case ']':
				l.i++
				return
			default:
				l.bad = true
			}
		}
	case c == 't':
		l.lit("true")
	case c == 'f':
		l.lit("false")
	case c == 'n':
		l.lit("null")
	case c == '-' || (c >= '0' && c <= '9'):
		l.number()
	default:
		l.bad = true
	}
}

// valueType names the JSON type of the value at the cursor, for messages.
func (l *lexer) valueType() string {
	switch c := l.peek(); {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "bool"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	}
	return "invalid"
}

func b2s(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
