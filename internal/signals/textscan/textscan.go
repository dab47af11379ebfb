// Package textscan is the shared, single-pass tokeniser behind distillguard's
// per-exchange content signals (internal/signals/capability and
// internal/signals/extraction).
//
// Those signals run on every exchange of logs that hold tens of millions of
// them, so the text of an exchange is read once and the work is shared:
//
//   - Scan walks the bytes and cuts words eight bytes at a time (SWAR
//     classification of letters, digits and '_', the word end found with a
//     trailing-zero count), lower-cases ASCII (and the common Latin-1 and
//     Cyrillic capitals, dropping apostrophes inside words), hashes each word
//     into a reusable token buffer, and counts the cheap structural features
//     that separate code, maths, transcripts and prose (braces, operators,
//     code fences, indented lines, digits and arithmetic, LaTeX, line-start
//     "Role:" markers, quoted JSON keys, list lines…);
//   - each token also gets its id in a shared vocabulary of every word any
//     lexicon uses, so a token costs one hash probe however many signals
//     read the scan, and a word no lexicon knows costs each signal a single
//     comparison;
//   - Matcher finds a lexicon's words and phrases (up to MaxPhrase words,
//     with a number placeholder) over the tokens; phrases are probed only at
//     tokens that end one, and only when the words before them are in the
//     vocabulary; Lexicon compiles the small weighted word-list language
//     that the signal packages write their knowledge in (ParseLexicon).
//
// Nothing here allocates in steady state: a Doc keeps its token slice between
// calls and Matcher.Match appends into a caller-owned slice. There is no
// regexp anywhere. A Doc is not safe for concurrent use; keep one per
// goroutine (the signal packages wrap them in per-goroutine scratch types).
// Matchers and Lexicons are built at package init and are then read-only.
package textscan

import "github.com/distillguard/distillguard/internal/record"

// Flags describe one token's shape and its immediate surroundings.
type Flags uint16

// Token flags.
const (
	LineStart   Flags = 1 << iota // first word on its line (leading punctuation such as '#', '-', '*', '>' allowed)
	ColonAfter                    // followed by ':' (possibly after a closing quote, bracket or '*')
	Numeric                       // only ASCII digits
	Capital                       // first byte is an ASCII capital
	InnerUpper                    // an ASCII capital after a lower-case letter (camelCase)
	Underscore                    // contains '_' (snake_case identifier)
	ParenAfter                    // followed immediately by '(' (call syntax)
	DotBefore                     // preceded immediately by '.' (member access, file extension)
	Backslash                     // preceded immediately by '\' (LaTeX command, escape)
	QuotedKey                     // looks like a JSON key: "word":
	HashBefore                    // preceded immediately by '#' (#include, hashtag)
	OpenBefore                    // preceded immediately by '<', '[', '|' or '{'
	AllCaps                       // two or more letters, all ASCII capitals
	NonASCII                      // contains bytes >= 0x80
	HeaderLine                    // on a line that starts with '#'
	QuoteBefore                   // preceded immediately by a quote or backtick
)

// Punctuation counted by Stats.Punct.
const (
	PBraceOpen = iota // {
	PBraceClose
	PParenOpen
	PParenClose
	PBracketOpen
	PBracketClose
	PSemicolon
	PEquals
	PLess
	PGreater
	PDollar
	PBackslash
	PCaret
	PPlus
	PStar
	PSlash
	PPercent
	PPipe
	PQuote // "
	PColon
	PHash
	PAt
	PTilde
	PAmp
	PMinus
	PBacktick
	PQuestion // ?
	PComma
	NumPunct
)

// Stats are the structural counts of one scanned text.
type Stats struct {
	Bytes    int // bytes scanned
	Lines    int // lines with any non-space byte
	Words    int // tokens
	Numbers  int // tokens that are all digits
	Letters  int // ASCII letters
	Digits   int // ASCII digits
	Upper    int // ASCII capitals
	NonASCII int // bytes >= 0x80

	Punct [NumPunct]int32

	Fences        int // runs of three or more backticks (``` code fences)
	IndentedLines int // lines that start with a tab or at least four spaces
	CodeEndLines  int // lines whose last byte is one of { } ; ( [ ) or ':' after ')'
	Operators     int // ==, !=, <=, >=, ->, =>, ::, &&, ||, +=, -=, *=, /=, :=, ++, //, /*
	MathOps       int // + * / ^ = < > % (and a spaced -) between digits or one-letter variables
	HeaderLines   int // lines starting with '#'
	ListLines     int // lines starting with "- ", "* ", "• " or "1." / "1)" / "a)"
	DoubleBracket int // "[[" or "]]"
	Prompt3       int // ">>>" (Python doctest / REPL)
	MaxLineLen    int
	Truncated     bool // the text was longer than the limit given to Scan
}

// Token is one lower-cased word of a scanned text.
type Token struct {
	Hash  uint64 // hash of the lower-cased bytes (never 0)
	Start uint32 // byte offset in Doc.Text
	// Vocab is the token's id in the shared vocabulary of lexicon words, 0
	// when no lexicon ends a term with it. Numbers share one id.
	Vocab uint32
	Len   uint16 // byte length, saturated at 65535
	Flags Flags
}

// Doc is a scanned text: its tokens and structural counts. Reuse one Doc per
// goroutine; Scan overwrites it and keeps the token buffer's capacity.
type Doc struct {
	Tokens []Token
	Stats  Stats
	// Text is the text given to Scan, whole even when only its head and
	// tail were scanned; Token.Start indexes it.
	Text string
}

// Reset empties d, keeping its buffers.
func (d *Doc) Reset() {
	d.Text = ""
	if d.Stats.Bytes == 0 && len(d.Tokens) == 0 {
		return // already empty (absent fields of most exchanges)
	}
	d.Tokens = d.Tokens[:0]
	d.Stats = Stats{}
}

// Scan tokenises text into d, replacing what d held. When limit > 0 and
// the text is longer, only the first three quarters of limit bytes and the
// last quarter are scanned (instructions sit at the head, questions after a
// pasted document at the tail) and Stats.Truncated is set.
func (d *Doc) Scan(text string, limit int) {
	d.Reset()
	d.Text = text
	if limit > 0 && len(text) > limit {
		head := limit - limit/4
		d.scan(text[:head], 0)
		d.scan(text[len(text)-limit/4:], uint32(len(text)-limit/4))
		d.Stats.Truncated = true
		return
	}
	d.scan(text, 0)
}

// SentenceStart reports whether token i begins a sentence: it is the first
// token, the first on its line, or the previous non-space byte (quotes and
// brackets skipped) ends a sentence (. ! ? or :).
func (d *Doc) SentenceStart(i int) bool {
	if i <= 0 {
		return true
	}
	t := d.Tokens[i]
	if t.Flags&LineStart != 0 {
		return true
	}
	for j := int(t.Start) - 1; j >= 0 && j >= int(t.Start)-8; j-- {
		switch d.Text[j] {
		case ' ', '\t', '"', '\'', '(', '[', '*':
			continue
		case '.', '!', '?', ':':
			return true
		}
		return false
	}
	return false
}

// LastSentence returns the index of the first token of the text's last
// sentence (0 when the text is one sentence or empty).
func (d *Doc) LastSentence() int {
	for i := len(d.Tokens) - 1; i > 0; i-- {
		if d.SentenceStart(i) {
			return i
		}
	}
	return 0
}

// Exchange holds the scanned text fields of one exchange, so that several
// signals can share one tokenisation.
type Exchange struct {
	System, Prompt, Response Doc
}

// Default scan limits per field, in bytes. Classification needs the
// instruction, not all of a pasted document or a 100 KB agent transcript.
const (
	SystemLimit   = 16 << 10
	PromptLimit   = 64 << 10
	ResponseLimit = 4 << 10
)

// Scan tokenises the text fields e carries, with the default limits. Fields
// e does not carry are left empty.
func (x *Exchange) Scan(e *record.Exchange) {
	x.System.Reset()
	x.Prompt.Reset()
	x.Response.Reset()
	if e.Has&record.HasSystem != 0 || e.System != "" {
		x.System.Scan(e.System, SystemLimit)
	}
	if e.Has&record.HasPrompt != 0 || e.Prompt != "" {
		x.Prompt.Scan(e.Prompt, PromptLimit)
	}
	if e.Has&record.HasResponse != 0 || e.Response != "" {
		x.Response.Scan(e.Response, ResponseLimit)
	}
}

// byte classes
const (
	cDigit  = 1 << 0
	cUpper  = 1 << 1
	cLower  = 1 << 2
	cWord   = 1 << 3 // letters, digits, '_'
	cSpace  = 1 << 4
	cPunct  = 1 << 5 // counted in Punct
	cHigh   = 1 << 6 // >= 0x80
	cUnder  = 1 << 7 // '_'
	cLetter = cUpper | cLower
)

var (
	class      [256]uint8
	punctIdx   [256]int8
	beforeFlag [256]Flags
)

func init() {
	for i := 0; i < 256; i++ {
		b := byte(i)
		punctIdx[i] = -1
		switch {
		case b >= '0' && b <= '9':
			class[i] = cDigit | cWord
		case b >= 'A' && b <= 'Z':
			class[i] = cUpper | cWord
		case b >= 'a' && b <= 'z':
			class[i] = cLower | cWord
		case b == '_':
			class[i] = cWord | cUnder
		case b == ' ' || b == '\t' || b == '\r' || b == '\v' || b == '\f':
			class[i] = cSpace
		case b >= 0x80:
			class[i] = cHigh
		}
	}
	for _, b := range []byte(".\\\"'`#<[|{") {
		switch b {
		case '.':
			beforeFlag[b] = DotBefore
		case '\\':
			beforeFlag[b] = Backslash
		case '"', '\'', '`':
			beforeFlag[b] = QuoteBefore
		case '#':
			beforeFlag[b] = HashBefore
		default:
			beforeFlag[b] = OpenBefore
		}
	}
	for p, b := range []byte("{}()[];=<>$\\^+*/%|\":#@~&-`?,") {
		punctIdx[b] = int8(p)
		class[b] |= cPunct
	}
}

// Hash returns the token hash of one word exactly as Scan computes it
// (lower-cased, apostrophes dropped). It is meant for building lexicons.
func Hash(word string) uint64 {
	var d Doc
	d.scan(word, 0)
	if len(d.Tokens) == 0 {
		return 0
	}
	return d.Tokens[0].Hash
}

// isSep reports whether the multi-byte sequence at s[i] (s[i] >= 0x80) is
// punctuation or space rather than part of a word, and its length.
func isSep(s string, i int) (bool, int) {
	c := s[i]
	if i+1 >= len(s) {
		return false, 1
	}
	c1 := s[i+1]
	switch c {
	case 0xC2: // U+0080–U+00BF: NBSP, « », ¿ ¡, ·, ° …
		return true, 2
	case 0xC3: // × and ÷ are operators, the rest letters
		return c1 == 0x97 || c1 == 0xB7, 2
	case 0xE2:
		if i+2 < len(s) && (c1 == 0x80 || c1 == 0x81) { // general punctuation: dashes, quotes, …, bullets
			return true, 3
		}
	case 0xE3:
		if i+2 < len(s) && c1 == 0x80 { // CJK punctuation 、。「」
			return true, 3
		}
	case 0xEF:
		if i+2 < len(s) && c1 == 0xBC {
			switch s[i+2] {
			case 0x81, 0x88, 0x89, 0x8C, 0x8E, 0x9A, 0x9B, 0x9F: // ！（），．：；？
				return true, 3
			}
		}
	}
	return false, 1
}

// lineState is what the scanner knows about the current line. Line-level
// bookkeeping runs once per line (beginLine, endLine), so the per-byte loop
// keeps few live variables.
type lineState struct {
	start  int  // offset of the line's first byte
	words  int  // words seen on the line
	header bool // the line starts with '#'
}

func (d *Doc) scan(s string, base uint32) {
	d.Stats.Bytes += len(s)
	n := len(s)
	vt := vocabTab.Load()
	var ls lineState
	i := d.beginLine(s, 0, &ls)
	for i < n {
		c := s[i]
		k := class[c]
		if k&cWord != 0 {
			i = d.word(s, i, base, vt, &ls)
			continue
		}
		if c == ' ' {
			i++
			continue
		}
		if c == '\n' {
			d.endLine(s, i, &ls)
			i = d.beginLine(s, i+1, &ls)
			continue
		}
		i = d.other(s, i, base, vt, &ls)
	}
	d.endLine(s, n, &ls)
	d.Stats.Words = len(d.Tokens)
}

// beginLine records the shape of the line starting at s[i] (indentation,
// header, list item) and returns the offset of its first non-space byte.
func (d *Doc) beginLine(s string, i int, ls *lineState) int {
	st := &d.Stats
	*ls = lineState{start: i}
	indent := 0
	for i < len(s) {
		if s[i] == ' ' {
			indent++
		} else if s[i] == '\t' {
			indent += 4
		} else if s[i] != '\r' {
			break
		}
		i++
	}
	if i >= len(s) || s[i] == '\n' {
		return i // a blank line
	}
	if indent >= 4 {
		st.IndentedLines++
	}
	var next byte
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch c := s[i]; {
	case c == '#':
		ls.header = true
		st.HeaderLines++
	case (c == '-' || c == '*' || c == '+') && next == ' ':
		st.ListLines++
	case c == 0xE2 && next == 0x80 && i+2 < len(s) && s[i+2] == 0xA2: // • bullet
		st.ListLines++
	case class[c]&(cDigit|cLower) != 0 && indent <= 8:
		// "1. item", "12) item", "a) item"
		j := i + 1
		if j < len(s) && class[s[j]]&cDigit != 0 && class[c]&cDigit != 0 {
			j++
		}
		if j+1 < len(s) && (s[j] == '.' || s[j] == ')') && (s[j+1] == ' ' || s[j+1] == '\t') {
			st.ListLines++
		}
	}
	return i
}

// endLine closes the line that ends at s[i] (a newline or the end).
func (d *Doc) endLine(s string, i int, ls *lineState) {
	st := &d.Stats
	if l := i - ls.start; l > st.MaxLineLen {
		st.MaxLineLen = l
	}
	j := i - 1
	for j >= ls.start && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
		j--
	}
	if j < ls.start {
		return // blank
	}
	st.Lines++
	switch s[j] {
	case '{', '}', ';', '(', '[', ')':
		st.CodeEndLines++
	case ':':
		if j > ls.start && s[j-1] == ')' {
			st.CodeEndLines++
		}
	}
}

// word scans the word at s[i] into a token and returns the offset after it.
func (d *Doc) word(s string, i int, base uint32, vt *vocabTable, ls *lineState) int {
	st := &d.Stats
	start := i
	var fl Flags
	if ls.words == 0 {
		fl |= LineStart
	}
	ls.words++
	if ls.header {
		fl |= HeaderLine
	}
	if start > 0 {
		fl |= beforeFlag[s[start-1]]
	}
	i, h, info := scanWord(s, i)
	kinds := uint8(info)
	digits := int(info >> 24 & 0xFFFF)
	st.Digits += digits
	if up := int(info >> 8 & 0xFFFF); up > 0 {
		st.Upper += up
		if class[s[start]]&cUpper != 0 {
			fl |= Capital
		}
		if up >= 2 && kinds&cLower == 0 {
			fl |= AllCaps
		}
		if info>>56&1 != 0 {
			fl |= InnerUpper
		}
	}
	if kinds == cDigit {
		fl |= Numeric
		st.Numbers++
	}
	if kinds&(cUnder|cHigh) != 0 {
		if kinds&cUnder != 0 {
			fl |= Underscore
		}
		if kinds&cHigh != 0 {
			fl |= NonASCII
			st.NonASCII += int(info >> 40 & 0xFFFF)
		}
	}
	if i < len(s) {
		fl |= d.after(s, i, fl)
	}
	l := i - start
	st.Letters += l - digits
	if l > 65535 {
		l = 65535
	}
	var id uint32
	if fl&Numeric != 0 {
		id = vt.num
	} else {
		id = vt.lookup(h)
	}
	d.Tokens = append(d.Tokens, Token{Hash: h, Start: base + uint32(start), Vocab: id, Len: uint16(l), Flags: fl})
	return i
}

// after returns the flags a token gets from the bytes that follow it.
func (d *Doc) after(s string, i int, fl Flags) Flags {
	switch s[i] {
	case ':':
		return ColonAfter
	case '(':
		return ParenAfter
	case '"', '\'', ']', '*', '>', '|', '`':
		if i+1 < len(s) && s[i+1] == ':' {
			if s[i] == '"' && fl&QuoteBefore != 0 {
				return ColonAfter | QuotedKey
			}
			return ColonAfter
		}
	}
	return 0
}

// other handles a byte that is neither a word byte, a space nor a newline:
// a non-ASCII word or separator, ASCII punctuation, a tab or a control byte.
func (d *Doc) other(s string, i int, base uint32, vt *vocabTable, ls *lineState) int {
	st := &d.Stats
	c := s[i]
	k := class[c]
	if k&cHigh != 0 {
		sep, l := isSep(s, i)
		if !sep {
			return d.word(s, i, base, vt, ls)
		}
		st.NonASCII += l
		return i + l
	}
	if k&cPunct != 0 {
		d.punct(s, i, c)
		if c == '`' && i+2 < len(s) && s[i+1] == '`' && s[i+2] == '`' {
			j := i + 3
			for j < len(s) && s[j] == '`' {
				j++
			}
			return j
		}
	}
	return i + 1
}

// punct counts one ASCII punctuation byte at s[i].
func (d *Doc) punct(s string, i int, c byte) {
	var prev byte
	if i > 0 {
		prev = s[i-1]
	}
	st := &d.Stats
	st.Punct[punctIdx[c]]++
	var next byte
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch c {
	case '`':
		if next == '`' && i+2 < len(s) && s[i+2] == '`' {
			st.Fences++
		}
		return
	case '=':
		switch prev {
		case '=', '!', '<', '>', '+', '-', '*', '/', ':':
			st.Operators++
		}
	case '>':
		if prev == '-' || prev == '=' {
			st.Operators++
		} else if prev == '>' && next == '>' {
			st.Prompt3++
		}
	case ':':
		if prev == ':' {
			st.Operators++
		}
		return
	case '&', '|':
		if prev == c {
			st.Operators++
		}
		return
	case '+':
		if prev == c {
			st.Operators++
		}
	case '/':
		if prev == '/' {
			st.Operators++
		}
	case '*':
		if prev == '/' {
			st.Operators++
		}
	case '[', ']':
		if prev == c {
			st.DoubleBracket++
		}
		return
	case '-', '^', '<', '%':
	default:
		return
	}
	if c == '-' && (prev != ' ' || next != ' ') {
		return // ranges, dates, hyphenated words: 700-1000, 2023-02-10, E-210
	}
	if isMathOperand(s, i, -1) && isMathOperand(s, i, +1) {
		st.MathOps++
	}
}

// isMathOperand looks one step left (dir -1) or right (+1) of s[i], over at
// most one space, for a digit, a closing parenthesis, or a one-letter variable.
func isMathOperand(s string, i, dir int) bool {
	j := i + dir
	if j >= 0 && j < len(s) && s[j] == ' ' {
		j += dir
	}
	if j < 0 || j >= len(s) {
		return false
	}
	c := s[j]
	if class[c]&cDigit != 0 {
		return true
	}
	if dir < 0 && c == ')' || dir > 0 && c == '(' {
		return true
	}
	if class[c]&cLetter != 0 {
		// a single letter: the byte beyond it is not a letter
		k := j + dir
		return k < 0 || k >= len(s) || class[s[k]]&(cLetter|cDigit) == 0 || (dir < 0 && class[s[k]]&cDigit != 0)
	}
	return false
}
