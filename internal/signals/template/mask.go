package template

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Placeholders written by Mask in place of slot values.
const (
	NumberMark = '#' // numbers, percentages, dates, times, versions, amounts
	IDMark     = '@' // identifiers, hex strings, UUIDs, codes, e-mails, URLs, paths
	QuoteMark  = '"' // quoted literals
)

// maxQuote is the longest quoted literal, in bytes between the quotes, that
// Mask replaces by QuoteMark. Longer quotations are kept as text: a short
// quoted value is a slot, a quoted paragraph is content.
const maxQuote = 256

// maxSuffix is the longest letter suffix a number may carry and still be a
// number: 1st, 10km, 64gb, 3pm, 5x; maxNumberWithSuffix is the longest such
// part whose suffix has only the letters a–f, so that hex hashes (4626dd)
// stay identifiers.
const (
	maxSuffix           = 3
	maxNumberWithSuffix = 5
)

// Mask appends to dst the masked form of text and returns the extended
// buffer. The masked form is what the template signature sees:
//
//   - letters are lower-cased (Unicode-aware); words in scripts written
//     without spaces (Han, Hiragana, Katakana) become one token per character;
//   - numbers become '#': integers, signed numbers, decimals, thousands
//     separators, percentages, amounts with a currency sign, dates, times,
//     ISO timestamps, versions (v1.2.3, 1.2.3), scientific notation,
//     ordinals and numbers with a unit suffix of up to three letters (1st,
//     10km, 3pm);
//   - identifiers become '@': snake_case, camelCase, words with digits, hex
//     strings, UUIDs, order codes (AB-1234), dotted names (np.array,
//     example.com), e-mail addresses, @mentions, URLs and file paths;
//   - quoted literals ("…", '…', `…`, “…”, ‘…’, «…», 「…」, code fences) of up
//     to 256 bytes become '"';
//   - a run of punctuation and whitespace becomes its first punctuation
//     character, a run of whitespace one space, and every token is separated
//     from the next by one space; format characters (zero-width space,
//     joiners, BOM) are dropped, so they neither split nor join words.
//
// Invalid UTF-8 bytes are treated as whitespace; Mask never panics. The
// placeholders are not escaped: a literal '#' or '@' that stands alone as
// punctuation is indistinguishable from a masked slot.
func Mask(dst []byte, text string) []byte {
	m := masker{dst: dst, base: len(dst)}
	m.run(text)
	return m.dst
}

// tokKind classifies the tokens Mask writes.
type tokKind uint8

const (
	tkNone  tokKind = iota
	tkWord          // a word, kept (lower-cased)
	tkNum           // NumberMark
	tkID            // IDMark
	tkQuote         // QuoteMark
	tkPunct         // one punctuation character
)

// Byte classes: ASCII classes, and cHigh for bytes of multi-byte runes.
const (
	cPunct = iota
	cSpace
	cLower
	cUpper
	cDigit
	cUnder
	cHigh
)

var asciiClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cHigh
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c < ' ' || c == 0x7f:
			t[c] = cSpace
		case c >= 'a' && c <= 'z':
			t[c] = cLower
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper
		case c >= '0' && c <= '9':
			t[c] = cDigit
		case c == '_':
			t[c] = cUnder
		default:
			t[c] = cPunct
		}
	}
	return t
}()

// Hashes of the placeholder tokens, for the sketcher.
var (
	hashNum   = xxhash.Sum64String(string(rune(NumberMark)))
	hashID    = xxhash.Sum64String(string(rune(IDMark)))
	hashQuote = xxhash.Sum64String(string(rune(QuoteMark)))
)

// masker is the state of one Mask call. When words is non-nil it also
// collects the 64-bit hash of every token that counts as a word for
// shingling (words, numbers, identifiers, quotes; not punctuation).
type masker struct {
	dst   []byte
	base  int
	last  tokKind
	hash  bool
	words []uint64
}

func (m *masker) sep() {
	if len(m.dst) > m.base {
		m.dst = append(m.dst, ' ')
	}
}

func (m *masker) mark(k tokKind) {
	m.sep()
	switch k {
	case tkNum:
		m.dst = append(m.dst, NumberMark)
		if m.hash {
			m.words = append(m.words, hashNum)
		}
	case tkID:
		m.dst = append(m.dst, IDMark)
		if m.hash {
			m.words = append(m.words, hashID)
		}
	default:
		m.dst = append(m.dst, QuoteMark)
		if m.hash {
			m.words = append(m.words, hashQuote)
		}
	}
	m.last = k
}

func (m *masker) punct(r rune) {
	if m.last == tkPunct {
		return // collapse the run
	}
	m.sep()
	m.dst = utf8.AppendRune(m.dst, r)
	m.last = tkPunct
}

// word writes w lower-cased as one word token, dropping format characters
// and writing U+2019 as an ASCII apostrophe.
func (m *masker) word(w string) {
	m.sep()
	start := len(m.dst)
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == cUpper {
				c += 'a' - 'A'
			}
			m.dst = append(m.dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		switch {
		case r == '\u2019':
			m.dst = append(m.dst, '\'')
		case r == utf8.RuneError || unicode.Is(unicode.Cf, r):
		default:
			m.dst = utf8.AppendRune(m.dst, unicode.ToLower(r))
		}
	}
	if m.hash {
		m.words = append(m.words, xxhash.Sum64(m.dst[start:]))
	}
	m.last = tkWord
}

func (m *masker) run(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case cSpace:
				i++
			case cPunct:
				i = m.asciiPunct(s, i)
			case cLower, cUpper:
				end := i
				if fastPath {
					end = m.plainWord(s, i)
				}
				if end == i {
					end = m.compound(s, i)
				}
				i = end
			default:
				i = m.compound(s, i)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, unicode.IsSpace(r), unicode.Is(unicode.Cf, r):
			i += size
		case isSolo(r):
			m.word(s[i : i+size])
			i += size
		case isWordRune(r):
			i = m.compound(s, i)
		default:
			i = m.otherPunct(s, i, r, size)
		}
	}
}

// fastPath enables plainWord; tests turn it off to check it against the
// general path.
var fastPath = true

// plainWord is the fast path for the common token: ASCII letters ending at
// whitespace, at the end, or at punctuation that cannot join it to more
// (a connector followed by a non-word character, as in "end." or "a, b").
// It writes the word (or IDMark for camelCase) and returns its end, or
// returns i when the general path is needed.
func (m *masker) plainWord(s string, i int) int {
	j, upper, camel := letterRun(s, i)
	if j < len(s) {
		switch k := asciiClass[s[j]]; {
		case k == cSpace:
		case k != cPunct:
			return i // digit, underscore or non-ASCII: may continue the word
		case isConnByte(s[j]) && j+1 < len(s) && (asciiClass[s[j+1]] >= cLower || s[j+1] == '/' || s[j+1] == '\\'):
			return i // a compound, URL or path
		}
	}
	if camel {
		m.mark(tkID)
		return j
	}
	m.sep()
	start := len(m.dst)
	m.dst = append(m.dst, s[i:j]...)
	if upper {
		for k := start; k < len(m.dst); k++ {
			m.dst[k] |= 0x20
		}
	}
	if m.hash {
		m.words = append(m.words, xxhash.Sum64(m.dst[start:]))
	}
	m.last = tkWord
	return j
}

// SWAR constants: one bit or value in every byte of a word.
const (
	swarHigh  = 0x8080808080808080
	swarLow7  = 0x7f7f7f7f7f7f7f7f
	swarCase  = 0x2020202020202020
	swarToA   = 0x1f1f1f1f1f1f1f1f // 0x80 - 'a'
	swarFromZ = 0xfafafafafafafafa // 0x80 + 'z'
)

// letterRun returns the end of the run of ASCII letters starting at s[i],
// whether it has an upper-case letter, and whether a lower-case letter is
// followed by an upper-case one (camelCase). It looks at eight bytes at a
// time: for a byte x < 0x80, x|0x20 lies in 'a'…'z' exactly when x is a
// letter, and bit 5 of a letter is set when it is lower-case.
func letterRun(s string, i int) (end int, upper, camel bool) {
	var lastLower uint64 // bit 7 set when the byte before the chunk is lower-case
	for ; i+8 <= len(s); i += 8 {
		_ = s[i+7]
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		y := (x | swarCase) & swarLow7
		letter := (y + swarToA) & (swarFromZ - y) &^ x & swarHigh
		n := 8
		if letter != swarHigh {
			n = bits.TrailingZeros64(^letter&swarHigh) / 8
			letter &= 1<<(8*n) - 1
		}
		lower := letter & (x << 2)
		up := letter &^ (x << 2)
		upper = upper || up != 0
		camel = camel || (lower<<8|lastLower)&up != 0
		if n < 8 {
			return i + n, upper, camel
		}
		lastLower = lower >> 56
	}
	prevLower := lastLower != 0
	for ; i < len(s); i++ {
		switch asciiClass[s[i]] {
		case cLower:
			prevLower = true
		case cUpper:
			upper = true
			camel = camel || prevLower
			prevLower = false
		default:
			return i, upper, camel
		}
	}
	return i, upper, camel
}

// isSolo reports whether r belongs to a script written without spaces, whose
// characters are tokens of their own.
func isSolo(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		k := asciiClass[r]
		return k >= cLower
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !isSolo(r)
}

// wordAt reports whether a word (not solo) character starts at s[i].
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c] >= cLower
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// letterAt reports whether a letter starts at s[i].
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		k := asciiClass[c]
		return k == cLower || k == cUpper
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) && !isSolo(r)
}

// letterBefore reports whether a letter ends just before s[i].
func letterBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		k := asciiClass[c]
		return k == cLower || k == cUpper
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) && !isSolo(r)
}

// sepBefore reports whether s[i] starts a new chunk: it is at the start or
// follows whitespace or punctuation (not a word character).
func sepBefore(s string, i int) bool {
	if i <= 0 {
		return true
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		k := asciiClass[c]
		return k == cSpace || k == cPunct
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func spaceAt(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c] == cSpace
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return (r == utf8.RuneError && size == 1) || unicode.IsSpace(r)
}

// asciiPunct handles an ASCII punctuation character at s[i]: the start of a
// quote, path, signed number, amount or mention, or plain punctuation.
func (m *masker) asciiPunct(s string, i int) int {
	c := s[i]
	switch c {
	case '"', '\'', '`':
		if end, ok := quoteEnd(s, i); ok {
			m.mark(tkQuote)
			return end
		}
	case '/', '~', '.':
		if sepBefore(s, i) && pathStart(s, i) {
			m.mark(tkID)
			return chunkEnd(s, i)
		}
		if c == '.' && i+1 < len(s) && isDigit(s[i+1]) && sepBefore(s, i) {
			if end, ok := m.numberAfter(s, i, i+1); ok {
				return end
			}
		}
	case '-', '+':
		if i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '.' && i+2 < len(s) && isDigit(s[i+2])) && sepBefore(s, i) {
			if end, ok := m.numberAfter(s, i, i+1); ok {
				return end
			}
		}
	case '$', '#':
		if i+1 < len(s) && isDigit(s[i+1]) {
			if end, ok := m.numberAfter(s, i, i+1); ok {
				return end
			}
		}
	case '@':
		if wordAt(s, i+1) && sepBefore(s, i) {
			end, _, _ := scanCompound(s, i+1)
			m.mark(tkID)
			return end
		}
	}
	m.punct(rune(c))
	return i + 1
}

// otherPunct handles a non-ASCII character that is neither a letter, a
// digit nor whitespace.
func (m *masker) otherPunct(s string, i int, r rune, size int) int {
	switch r {
	case '“', '‘', '«', '„', '「', '『':
		if end, ok := quoteEnd(s, i); ok {
			m.mark(tkQuote)
			return end
		}
	case '€', '£', '¥', '₹':
		if i+size < len(s) && isDigit(s[i+size]) {
			if end, ok := m.numberAfter(s, i, i+size); ok {
				return end
			}
		}
	}
	m.punct(r)
	return i + size
}

// numberAfter writes a number token when the compound at s[j] (after a
// sign or currency prefix at s[i]) is a number.
func (m *masker) numberAfter(s string, i, j int) (int, bool) {
	end, k, _ := scanCompound(s, j)
	if k != tkNum {
		return i, false
	}
	m.mark(tkNum)
	return end, true
}

// compound scans the word-like chunk at s[i] and writes it.
func (m *masker) compound(s string, i int) int {
	end, k, split := scanCompound(s, i)
	switch {
	case k == tkWord && split:
		// Letters-only parts joined by one slash: and/or, km/h.
		start := i
		for j := i; j < end; j++ {
			if s[j] == '/' || s[j] == '\\' {
				m.word(s[start:j])
				m.punct(rune(s[j]))
				start = j + 1
			}
		}
		m.word(s[start:end])
	case k == tkWord:
		m.word(s[i:end])
	default:
		m.mark(k)
	}
	return end
}

// Connector bits seen inside a compound.
const (
	connDot = 1 << iota
	connDash
	connSlash
	connComma
	connColon
	connApos
	connAt
)

// scanCompound scans the chunk starting with a word character at s[i]:
// runs of word characters ("parts") joined by single connector characters
// (. - / \ , : ' ’ @) that are followed by a word character. It returns the
// end of the chunk and its class; split reports a letters-only chunk joined
// by a single slash that should be written as separate words.
func scanCompound(s string, i int) (end int, k tokKind, split bool) {
	start := i
	var (
		digits, letters, under, camel bool
		conn                          uint8
		slashes                       int
		parts                         int
		minPart                       = len(s)
		prevLower                     bool
	)
	j := i
	for {
		// One part.
		partStart := j
		prevLower = false
		for j < len(s) {
			c := s[j]
			if c < utf8.RuneSelf {
				switch asciiClass[c] {
				case cLower:
					letters = true
					prevLower = true
				case cUpper:
					letters = true
					if prevLower {
						camel = true
					}
					prevLower = false
				case cDigit:
					digits = true
					prevLower = false
				case cUnder:
					under = true
					prevLower = false
				default:
					goto partDone
				}
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			switch {
			case unicode.Is(unicode.Cf, r) && r != utf8.RuneError:
			case isSolo(r) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
				goto partDone
			case unicode.IsDigit(r):
				digits = true
			default:
				letters = true
			}
			prevLower = false
			j += size
		}
	partDone:
		parts++
		minPart = min(minPart, j-partStart)
		if j >= len(s) {
			break
		}
		// A drive letter path: C:\Users\…
		if parts == 1 && j-partStart == 1 && s[j] == ':' && j+1 < len(s) && s[j+1] == '\\' && letters {
			return chunkEnd(s, j), tkID, false
		}
		c := s[j]
		var bit uint8
		n := 1
		switch c {
		case '.':
			bit = connDot
		case '-':
			bit = connDash
		case '/', '\\':
			bit = connSlash
		case '@':
			bit = connAt
		case ',':
			if isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]) {
				bit = connComma
			}
		case ':':
			if isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]) {
				bit = connColon
			}
		case '\'':
			if letterBefore(s, j) && letterAt(s, j+1) {
				bit = connApos
			}
		case 0xE2: // U+2019 RIGHT SINGLE QUOTATION MARK used as an apostrophe
			if j+2 < len(s) && s[j+1] == 0x80 && s[j+2] == 0x99 && letterBefore(s, j) && letterAt(s, j+3) {
				bit, n = connApos, 3
			}
		}
		if bit == 0 || !wordAt(s, j+n) {
			break
		}
		if bit == connSlash {
			slashes++
		}
		conn |= bit
		j += n
	}
	end = j
	// URLs: scheme://… and www.…
	if letters && j+2 < len(s) && s[j] == ':' && s[j+1] == '/' && s[j+2] == '/' {
		return chunkEnd(s, j+3), tkID, false
	}
	if j-start > 4 && (s[start:start+4] == "www." || s[start:start+4] == "WWW.") {
		return chunkEnd(s, start), tkID, false
	}
	if digits && end < len(s) && s[end] == '%' {
		end++
	}
	switch {
	case conn&connAt != 0:
		return end, tkID, false
	case digits:
		if isNumber(s[start:j]) {
			return end, tkNum, false
		}
		return end, tkID, false
	case under || camel:
		return end, tkID, false
	case conn&connSlash != 0:
		if slashes == 1 && conn&connDot == 0 {
			return end, tkWord, true
		}
		return end, tkID, false
	case conn&connDot != 0 && minPart >= 2:
		return end, tkID, false
	}
	return end, tkWord, false
}

// isNumber reports whether a compound with digits is a number: every part
// is digits, optionally followed by either [eEtT] and digits (scientific
// notation, ISO timestamps) or a letter suffix of up to maxSuffix letters
// (only a–f ones in parts of at most maxNumberWithSuffix bytes); the first
// part may start with a 'v' (versions); 0x… is hex, not a number.
func isNumber(w string) bool {
	first := true
	for len(w) > 0 {
		// Split off one part.
		n := 0
		for n < len(w) && !isConnByte(w[n]) {
			n++
		}
		p := w[:n]
		if n < len(w) {
			w = w[n+1:]
			// Skip the rest of a multi-byte apostrophe (only between letters,
			// so the part before has letters and fails below anyway).
		} else {
			w = ""
		}
		if !numberPart(p, first) {
			return false
		}
		first = false
	}
	return true
}

func isConnByte(c byte) bool {
	switch c {
	case '.', '-', '/', '\\', ',', ':', '\'', '@':
		return true
	}
	return false
}

func numberPart(p string, first bool) bool {
	if first && len(p) > 1 && (p[0] == 'v' || p[0] == 'V') && isDigit(p[1]) {
		p = p[1:]
	}
	if len(p) > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') {
		return false
	}
	i := digitRun(p, 0)
	if i == 0 {
		return false
	}
	if i < len(p) {
		switch p[i] {
		case 'e', 'E', 't', 'T':
			if k := digitRun(p, i+1); k > i+1 {
				return k == len(p) // no suffix after an exponent or a time
			}
		}
	}
	suffix, hex := 0, true
	for ; i < len(p); i++ {
		c := p[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if k := asciiClass[c]; k != cLower && k != cUpper {
			return false
		}
		c |= 0x20
		hex = hex && c >= 'a' && c <= 'f'
		suffix++
	}
	// A long run of digits ending in hex letters is a hash (4626dd), not
	// a quantity (10km, 1080p, 16075th).
	return suffix <= maxSuffix && (suffix == 0 || !hex || len(p) <= maxNumberWithSuffix)
}

// digitRun returns the end of the run of ASCII or Unicode decimal digits
// starting at p[i].
func digitRun(p string, i int) int {
	for i < len(p) {
		if isDigit(p[i]) {
			i++
			continue
		}
		if p[i] < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		if !unicode.IsDigit(r) {
			break
		}
		i += size
	}
	return i
}

// pathStart reports whether a file path starts at s[i]: /x, ./x, ../x, ~/x.
func pathStart(s string, i int) bool {
	rest := s[i:]
	switch {
	case len(rest) > 1 && rest[0] == '/':
		return wordAt(s, i+1) || rest[1] == '.' || rest[1] == '~'
	case len(rest) > 2 && rest[0] == '~' && rest[1] == '/':
		return true
	case len(rest) > 2 && rest[0] == '.' && rest[1] == '/':
		return wordAt(s, i+2)
	case len(rest) > 3 && rest[0] == '.' && rest[1] == '.' && rest[2] == '/':
		return true
	}
	return false
}

// chunkEnd returns the end of a URL or path starting before s[i]: up to
// whitespace, a quote or a bracket, without trailing sentence punctuation.
func chunkEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c >= utf8.RuneSelf {
			if spaceAt(s, j) {
				break
			}
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
			continue
		}
		if asciiClass[c] == cSpace || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' {
			break
		}
		j++
	}
	for j > i {
		switch s[j-1] {
		case '.', ',', ';', ':', '!', '?':
			j--
			continue
		}
		break
	}
	return j
}

// quoteEnd recognises a quoted literal opening at s[i] and returns the end
// of its closing quote. Straight double quotes, curly quotes, guillemets and
// corner brackets close on the same line within maxQuote bytes. A single
// quote opens only after a non-letter and before a non-space, and closes at
// a quote that follows a non-space and precedes a non-letter, so
// apostrophes (don't, users') are not quotes. A run of n backticks closes at
// the next run of exactly n; runs of three or more (code fences) may span
// lines.
func quoteEnd(s string, i int) (int, bool) {
	c := s[i]
	limit := min(len(s), i+1+maxQuote)
	switch c {
	case '"':
		for j := i + 1; j < limit; j++ {
			switch s[j] {
			case '"':
				return j + 1, true
			case '\n':
				return 0, false
			}
		}
	case '\'':
		if !sepBefore(s, i) || spaceAt(s, i+1) {
			return 0, false
		}
		for j := i + 1; j < limit; j++ {
			switch s[j] {
			case '\'':
				if !spaceAt(s, j-1) && !wordAt(s, j+1) {
					return j + 1, true
				}
			case '\n':
				return 0, false
			}
		}
	case '`':
		n := 1
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		limit = min(len(s), i+n+maxQuote+n)
		for j := i + n; j < limit; {
			if s[j] == '\n' && n < 3 {
				return 0, false
			}
			if s[j] != '`' {
				j++
				continue
			}
			k := j
			for k < len(s) && s[k] == '`' {
				k++
			}
			if k-j == n {
				return k, true
			}
			j = k
		}
	default:
		r, size := utf8.DecodeRuneInString(s[i:])
		var close1, close2 rune
		switch r {
		case '“':
			close1 = '”'
		case '‘':
			close1 = '’'
		case '«':
			close1 = '»'
		case '„':
			close1, close2 = '“', '”'
		case '「':
			close1 = '」'
		case '『':
			close1 = '』'
		default:
			return 0, false
		}
		limit = min(len(s), i+size+maxQuote)
		for j := i + size; j < limit; {
			if s[j] == '\n' {
				return 0, false
			}
			if s[j] < utf8.RuneSelf {
				j++
				continue
			}
			q, qs := utf8.DecodeRuneInString(s[j:])
			if (q == close1 || (close2 != 0 && q == close2)) && !(q == '’' && letterAt(s, j+qs)) {
				return j + qs, true
			}
			j += qs
		}
	}
	return 0, false
}
