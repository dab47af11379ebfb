package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/distillguard/distillguard/internal/record"
)

// Reasons a line is rejected. They are the keys of the per-reason counts,
// so they are fixed short phrases; LineError.Detail says more.
const (
	ReasonTooLong      = "line longer than 1 MiB"
	ReasonUTF8         = "invalid UTF-8"
	ReasonJSON         = "invalid JSON"
	ReasonNotObject    = "not a JSON object"
	ReasonMissingTS    = "missing ts"
	ReasonMissingAcct  = "missing account_id"
	ReasonBadTimestamp = "bad timestamp"
	ReasonWrongType    = "wrong type"
	ReasonBadValue     = "bad value"
)

// LineError says why one line was rejected.
type LineError struct {
	Reason string // one of the Reason constants
	Detail string // what exactly, for a person
}

func (e *LineError) Error() string {
	if e.Detail == "" {
		return e.Reason
	}
	return e.Reason + ": " + e.Detail
}

// MaxAccountIDBytes is the contract's limit on account_id.
const MaxAccountIDBytes = 256

// AccountIDProblem says what is wrong with an account id, or nil: longer
// than the contract allows, or holding a control character (C0, DEL or
// C1). No provider issues such an id, and one that holds a newline or NUL
// would be echoed into reports, logs and gateways' caches as it is.
// Other invisible characters (bidi overrides, zero-width spaces) are
// valid in a string; operator-facing text escapes them instead.
func AccountIDProblem[T string | []byte](b T) *LineError {
	if len(b) > MaxAccountIDBytes {
		return &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("account_id is %d bytes, the limit is %d", len(b), MaxAccountIDBytes)}
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == 0x7f || (c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f) {
			r, _ := utf8.DecodeRuneInString(string(b[i:]))
			return &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("account_id holds the control character %U at byte %d", r, i)}
		}
	}
	return nil
}

// Decoder decodes lines of the v1 files. Strings in the records it fills
// alias the line (or, when the line escapes them, the decoder's arena), so
// they stay valid as long as the line's buffer and until the next Reset; a
// Decoder is used by one goroutine at a time.
type Decoder struct {
	l     lexer
	arena []byte
	key   []byte
	first bool
	perr  *LineError
	// order[f] is the field that followed field f on the last line that
	// had f (see nextExchangeField).
	order [nExchangeFields + 1]exchangeField
	days  dayCache // the last timestamp's date, for the fast path
}

// Reset invalidates the strings decoded from escapes so far and lets the
// arena be reused; hint is the expected number of escaped string bytes.
func (d *Decoder) Reset(hint int) {
	if cap(d.arena) < hint {
		d.arena = make([]byte, 0, hint)
	}
	d.arena = d.arena[:0]
}

// begin starts decoding one line as a JSON object.
func (d *Decoder) begin(line []byte) *LineError {
	d.l = lexer{b: line}
	d.perr = nil
	d.first = true
	d.l.ws()
	switch d.l.peek() {
	case '{':
		d.l.i++
		return nil
	case '[', '"', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		typ := d.l.valueType()
		d.l.skip(0)
		d.l.ws()
		if d.l.bad || d.l.i != len(d.l.b) {
			return &LineError{Reason: ReasonJSON, Detail: "not a JSON value"}
		}
		return &LineError{Reason: ReasonNotObject, Detail: "found " + typ}
	}
	return &LineError{Reason: ReasonJSON, Detail: "a line must hold one JSON object"}
}

// nextKey moves to the next key of the object and returns it with the
// cursor on its value; ok is false at the end of the object.
func (d *Decoder) nextKey() (key []byte, ok bool) {
	l := &d.l
	l.ws()
	if d.first {
		d.first = false
		if l.peek() == '}' {
			l.i++
			return nil, false
		}
	} else {
		switch l.peek() {
		case ',':
			l.i++
			l.ws()
		case '}':
			l.i++
			return nil, false
		default:
			l.bad = true
			return nil, false
		}
	}
	if l.peek() != '"' {
		l.bad = true
		return nil, false
	}
	d.key = d.key[:0]
	key = l.str(&d.key)
	l.ws()
	if l.bad || l.peek() != ':' {
		l.bad = true
		return nil, false
	}
	l.i++
	l.ws()
	return key, true
}

// verdict gives a decoded line its final error. UTF-8 is checked here
// rather than up front: the lexer notes any byte above 0x7F it meets inside
// a string (the only place valid JSON has one), so an ASCII line that
// parsed, nearly every line of a log, is never scanned for it. A line that
// failed, or had such bytes, is; invalid UTF-8 is the reason given first,
// wherever it is.
func (d *Decoder) verdict(err *LineError) *LineError {
	if (err != nil || d.l.high) && !utf8.Valid(d.l.b) {
		return &LineError{Reason: ReasonUTF8}
	}
	return err
}

// finish checks that nothing but white space follows the object and picks
// the line's error: invalid JSON first, then the first field problem.
func (d *Decoder) finish() *LineError {
	d.l.ws()
	if !d.l.bad && d.l.i != len(d.l.b) {
		d.l.bad = true
	}
	if d.l.bad {
		at := min(d.l.i, len(d.l.b))
		return &LineError{Reason: ReasonJSON, Detail: "syntax error near byte " + itoa(at)}
	}
	return d.perr
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// problem records a field problem (the first one wins) and skips the value.
func (d *Decoder) problem(err *LineError) {
	if d.perr == nil {
		d.perr = err
	}
	d.l.skip(0)
}

// null consumes a JSON null and reports whether there was one: null means
// absent, as most loggers mean it.
func (d *Decoder) null() bool {
	if d.l.peek() == 'n' {
		d.l.lit("null")
		return true
	}
	return false
}

// strValue reads a string field; ok is false when it was null or wrong.
func (d *Decoder) strValue(name, want string) ([]byte, bool) {
	if d.null() {
		return nil, false
	}
	if d.l.peek() != '"' {
		d.problem(&LineError{Reason: ReasonWrongType, Detail: name + ": want " + want + ", got " + d.l.valueType()})
		return nil, false
	}
	b := d.l.str(&d.arena)
	return b, !d.l.bad
}

func (d *Decoder) str(name string, dst *string, has *record.Field, bit record.Field) {
	if b, ok := d.strValue(name, "a string"); ok {
		*dst = b2s(b)
		*has |= bit
	}
}

func (d *Decoder) num(name string, dst *int64, has *record.Field, bit record.Field) {
	if d.null() {
		return
	}
	if c := d.l.peek(); c != '-' && (c < '0' || c > '9') {
		d.problem(&LineError{Reason: ReasonWrongType, Detail: name + ": want a non-negative integer, got " + d.l.valueType()})
		return
	}
	v, kind := d.l.number()
	switch kind {
	case numInt:
		*dst = v
		*has |= bit
	case numNegative:
		if d.perr == nil {
			d.perr = &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("%s is negative (%d)", name, v)}
		}
	default:
		if d.perr == nil {
			d.perr = &LineError{Reason: ReasonWrongType, Detail: name + ": want a non-negative integer"}
		}
	}
}

func (d *Decoder) timeValue(name string) (int64, bool) {
	b, ok := d.strValue(name, "an RFC 3339 string")
	if !ok {
		return 0, false
	}
	if len(b) == 0 {
		return 0, false
	}
	t, good := d.days.parse(b)
	if !good {
		if d.perr == nil {
			d.perr = &LineError{Reason: ReasonBadTimestamp, Detail: fmt.Sprintf("%s %q is not RFC 3339", name, shorten(string(b)))}
		}
		return 0, false
	}
	return t, true
}

func (d *Decoder) ipValue(name string, dst *netip.Addr) bool {
	b, ok := d.strValue(name, "an IPv4 or IPv6 address string")
	if !ok || len(b) == 0 {
		return false
	}
	a, ok := parseAddr(b)
	if !ok {
		if d.perr == nil {
			d.perr = &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("%s %q is not an IPv4 or IPv6 address", name, shorten(string(b)))}
		}
		return false
	}
	*dst = a
	return true
}

// parseAddr reads a client address, dotted quads the quick way. One
// address, one spelling: ::ffff:1.2.3.4 is 1.2.3.4, and zones are local.
func parseAddr(b []byte) (netip.Addr, bool) {
	if a, ok := parseIPv4(b); ok {
		return a, true
	}
	if a, ok := parseIPv6Full(b); ok {
		return a.Unmap(), true
	}
	a, err := netip.ParseAddr(b2s(b))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// parseIPv6Full reads an IPv6 address written in full, eight groups of one
// to four hex digits and no "::", zone or dotted tail: the form client
// addresses are logged in, and one netip.ParseAddr takes about three times
// as long over (it allows for all the others, which it is still left).
// What this accepts, ParseAddr accepts as the same address
// (FuzzParseIPv6Full checks it).
func parseIPv6Full(b []byte) (netip.Addr, bool) {
	var a [16]byte
	g, v, digits := 0, 0, 0
	for _, c := range b {
		if c == ':' {
			if digits == 0 || g == 7 {
				return netip.Addr{}, false
			}
			a[2*g], a[2*g+1] = byte(v>>8), byte(v)
			g, v, digits = g+1, 0, 0
			continue
		}
		h := hexValue[c]
		if h > 15 || digits == 4 {
			return netip.Addr{}, false
		}
		v = v<<4 | int(h)
		digits++
	}
	if g != 7 || digits == 0 {
		return netip.Addr{}, false
	}
	a[14], a[15] = byte(v>>8), byte(v)
	return netip.AddrFrom16(a), true
}

// hexValue is each byte's value as a hex digit, or 0xFF.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 10
		t[c-'a'+'A'] = byte(c-'a') + 10
	}
	return t
}()

// parseIPv4 reads a dotted quad as netip.ParseAddr does, for the common
// case only: four decimal fields of at most 255 without leading zeros.
// Anything else (IPv6, errors) is left to ParseAddr; what this accepts,
// ParseAddr accepts as the same address (FuzzParseIPv4 checks it).
func parseIPv4(b []byte) (netip.Addr, bool) {
	var q [4]byte
	f, v, digits := 0, 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if digits > 0 && v == 0 { // a leading zero
				return netip.Addr{}, false
			}
			v = v*10 + int(c-'0')
			digits++
			if v > 255 {
				return netip.Addr{}, false
			}
		case c == '.' && digits > 0 && f < 3:
			q[f] = byte(v)
			f, v, digits = f+1, 0, 0
		default:
			return netip.Addr{}, false
		}
	}
	if f != 3 || digits == 0 {
		return netip.Addr{}, false
	}
	q[3] = byte(v)
	return netip.AddrFrom4(q), true
}

// DecodeExchange decodes one exchange line into e, replacing all of e.
func (d *Decoder) DecodeExchange(line []byte, e *record.Exchange) *LineError {
	return d.verdict(d.decodeExchange(line, e))
}

func (d *Decoder) decodeExchange(line []byte, e *record.Exchange) *LineError {
	if err := d.begin(line); err != nil {
		return err
	}
	*e = record.Exchange{}
	var haveTS, haveAcct bool
	prev := fieldStart
	for {
		var f exchangeField
		prev, f = d.fastFields(prev, e, &haveTS, &haveAcct)
		if f == fUnknown {
			var ok bool
			if f, ok = d.nextExchangeField(prev); !ok {
				break
			}
		}
		prev = f
		switch f {
		case fTs:
			if t, ok := d.timeValue("ts"); ok {
				e.TS, haveTS = t, true
			}
		case fAccountId:
			if b, ok := d.strValue("account_id", "a string"); ok && len(b) > 0 {
				if p := AccountIDProblem(b); p != nil {
					if d.perr == nil {
						d.perr = p
					}
				} else {
					e.AccountID, haveAcct = b2s(b), true
				}
			}
		case fIp:
			if d.ipValue("ip", &e.IP) {
				e.Has |= record.HasIP
			}
		case fThinking:
			switch d.l.peek() {
			case 't':
				d.l.lit("true")
				e.Thinking, e.Has = true, e.Has|record.HasThinking
			case 'f':
				d.l.lit("false")
				e.Thinking, e.Has = false, e.Has|record.HasThinking
			case 'n':
				d.l.lit("null")
			default:
				d.problem(&LineError{Reason: ReasonWrongType, Detail: "thinking: want true or false, got " + d.l.valueType()})
			}
		default:
			if dst := stringField(f, e); dst != nil {
				d.str(exchangeKeys[f], dst, &e.Has, fieldBit[f])
			} else if dst := numberField(f, e); dst != nil {
				d.num(exchangeKeys[f], dst, &e.Has, fieldBit[f])
				if f == fTurns && e.Has&record.HasTurns != 0 && e.Turns < 1 && d.perr == nil {
					d.perr = &LineError{Reason: ReasonBadValue, Detail: "turns must be at least 1"}
				}
			} else {
				d.l.skip(0) // an unknown key
			}
		}
		if d.l.bad {
			break
		}
	}
	if err := d.finish(); err != nil {
		return err
	}
	if !haveTS {
		return &LineError{Reason: ReasonMissingTS}
	}
	if !haveAcct {
		return &LineError{Reason: ReasonMissingAcct}
	}
	return nil
}

// fastFields reads the fields that follow the cursor while they are what
// nearly every line of a log holds: a key in the order the decoder has
// learnt, then a plain ASCII string or a small integer that is valid for
// its field. It keeps the cursor in a register rather than in the lexer,
// and stops, with the cursor before the field, at the first field that is
// anything else, which the general path then reads as it always has: so
// what it accepts, it accepts with the general path's values, and every
// error is found and worded by the general path. It returns the last field
// it read whole and, when it stopped at a value after reading its key,
// that key's field with the cursor on the value (else fUnknown, with the
// cursor before the key). Every key that can be guessed is guessed here.
func (d *Decoder) fastFields(prev exchangeField, e *record.Exchange, haveTS, haveAcct *bool) (last, next exchangeField) {
	b := d.l.b
	full := b[:cap(b)]
	i := d.l.i
	var v int // where the value of the key just read begins
fields:
	for i+17 <= len(full) && i < len(b) {
		p := i // the key's opening quote: right after the brace, or after a comma
		if !d.first {
			if b[i] != ',' {
				break
			}
			p++
		}
		// The key that followed prev last time or, when this line omits
		// that one (optional fields come and go), the key after it, read
		// as words. The words may reach past the line into the rest of
		// its chunk (the last key of a line is usually closer than 16
		// bytes to its end); a match counts only if the key ends within
		// the line. A wrong guess costs the compare, never the meaning: a
		// key word matches only the key's exact bytes, quotes and colon
		// included.
		w0, w1 := binary.LittleEndian.Uint64(full[p:]), binary.LittleEndian.Uint64(full[p+8:])
		f := d.order[prev]
		if w := &exchangeKeyWords[f]; f == fUnknown || w0&w.m0 != w.w0 || w1&w.m1 != w.w1 {
			if f = d.order[f]; f == fUnknown {
				break
			}
			if w := &exchangeKeyWords[f]; w0&w.m0 != w.w0 || w1&w.m1 != w.w1 {
				break
			}
		}
		if v = p + exchangeKeyWords[f].n; v > len(b) {
			break
		}
		// The key is read: from here, a value the fast path does not take
		// is left to the general path with its field.
		next, d.first = f, false
		if v == len(b) {
			break
		}
		if v >= len(b) {
			break
		}
		if dst := numberField(f, e); dst != nil {
			// A non-negative integer of up to 18 digits, no leading zero,
			// ended by a comma or the object's end.
			var j int
			var n int64
			if v+8 <= len(full) {
				j, n = digits8(binary.LittleEndian.Uint64(full[v:]))
				j += v
			}
			if j == v+8 || v+8 > len(full) {
				j, n = v, 0 // eight digits or more, or too near the chunk's end
				for ; j < len(b) && j-v < 18; j++ {
					c := b[j] - '0'
					if c > 9 {
						break
					}
					n = n*10 + int64(c)
				}
			}
			if j == v || j >= len(b) || (b[j] != ',' && b[j] != '}') || (b[v] == '0' && j > v+1) {
				break
			}
			if f == fTurns && n < 1 {
				break // the general path words the error
			}
			*dst, e.Has, i = n, e.Has|fieldBit[f], j
		} else if f == fThinking {
			switch {
			case len(b)-v > 4 && string(b[v:v+4]) == "true" && (b[v+4] == ',' || b[v+4] == '}'):
				e.Thinking, i = true, v+4
			case len(b)-v > 5 && string(b[v:v+5]) == "false" && (b[v+5] == ',' || b[v+5] == '}'):
				e.Thinking, i = false, v+5
			default:
				break fields
			}
			e.Has |= record.HasThinking
		} else {
			if b[v] != '"' {
				break
			}
			j := plainEnd(b, v+1)
			if j >= len(b) || b[j] != '"' {
				break
			}
			if !setString(f, b[v+1:j], e, haveTS, haveAcct, &d.days) {
				break
			}
			i = j + 1
		}
		prev, next = f, fUnknown
	}
	if next != fUnknown {
		d.l.i = v
		d.l.ws()
	} else {
		d.l.i = i
	}
	return prev, next
}

// notDigits flags (with its high bit) each byte of t = x - ones*'0' that
// was not a decimal digit in x, exact for the lowest such byte: a byte of
// t is a digit's value exactly when it is at most 9, and then neither it
// nor it plus 0x76 reaches 0x80. Borrows and carries start only at a byte
// that is not a digit, so the lowest flagged byte is exactly the first
// that is not, and no flag at all means every byte is a digit.
func notDigits(t uint64) uint64 { return ((t + ones*0x76) | t) & highs }

// digits8 reads the run of decimal digits that x's bytes (in memory order)
// begin with: its length, and its value when shorter than eight. Integer
// fields are mostly one to five digits long, and a loop per digit spent
// more on mispredicting where the run ends than on the digits.
func digits8(x uint64) (n int, v int64) {
	t := x - ones*'0'
	m := notDigits(t)
	if m == 0 {
		return 8, 0
	}
	n = bits.TrailingZeros64(m) >> 3
	// Shift the digits to the top, zeros below them acting as leading
	// zeros, and combine neighbours: pairs, then fours, then all eight.
	t <<= 64 - 8*uint(n)
	t = (t * (1 + 10<<8)) >> 8
	t = ((t & 0x00FF00FF00FF00FF) * (1 + 100<<16)) >> 16
	return n, int64(((t & 0x0000FFFF0000FFFF) * (1 + 10000<<32)) >> 32)
}

// numberField is where an integer field's value goes in e; nil for the
// other fields.
func numberField(f exchangeField, e *record.Exchange) *int64 {
	switch f {
	case fAsn:
		return &e.ASN
	case fInputTokens:
		return &e.InputTokens
	case fOutputTokens:
		return &e.OutputTokens
	case fMaxTokens:
		return &e.MaxTokens
	case fTurns:
		return &e.Turns
	case fTools:
		return &e.Tools
	case fToolCalls:
		return &e.ToolCalls
	case fImages:
		return &e.Images
	case fStatus:
		return &e.Status
	}
	return nil
}

// stringField is where a string field that takes any string goes in e;
// nil for the other fields (ts, account_id and ip are strings with checks
// of their own).
func stringField(f exchangeField, e *record.Exchange) *string {
	switch f {
	case fRequestId:
		return &e.RequestID
	case fOrgId:
		return &e.OrgID
	case fApiKeyId:
		return &e.APIKeyID
	case fUserAgent:
		return &e.UserAgent
	case fClientFp:
		return &e.ClientFP
	case fModel:
		return &e.Model
	case fSystem:
		return &e.System
	case fPrompt:
		return &e.Prompt
	case fResponse:
		return &e.Response
	case fPromptSig:
		return &e.PromptSig
	case fStopReason:
		return &e.StopReason
	}
	return nil
}

// setString stores a plain string field as the general path would, and
// reports false where the general path would refuse it, leave it unset,
// or read more than a string (a timestamp that does not parse, an address
// that is not a dotted quad, an empty or oversized account id).
func setString(f exchangeField, v []byte, e *record.Exchange, haveTS, haveAcct *bool, days *dayCache) bool {
	switch f {
	case fTs:
		t, ok := days.parse(v)
		if !ok || len(v) == 0 {
			return false
		}
		e.TS, *haveTS = t, true
	case fAccountId:
		if len(v) == 0 || len(v) > MaxAccountIDBytes || bytes.IndexByte(v, 0x7f) >= 0 {
			return false
		}
		e.AccountID, *haveAcct = b2s(v), true
	case fIp:
		a, ok := parseAddr(v)
		if !ok {
			return false
		}
		e.IP, e.Has = a, e.Has|record.HasIP
	default:
		dst := stringField(f, e)
		if dst == nil {
			return false
		}
		*dst, e.Has = b2s(v), e.Has|fieldBit[f]
	}
	return true
}

// DecodeAccount decodes one account-table line into a, replacing all of a.
func (d *Decoder) DecodeAccount(line []byte, a *record.Account) *LineError {
	return d.verdict(d.decodeAccount(line, a))
}

func (d *Decoder) decodeAccount(line []byte, a *record.Account) *LineError {
	if err := d.begin(line); err != nil {
		return err
	}
	*a = record.Account{}
	var has record.Field // presence is not kept for accounts; empty means absent
	for {
		key, ok := d.nextKey()
		if !ok {
			break
		}
		switch string(key) {
		case "account_id":
			d.str("account_id", &a.AccountID, &has, 0)
			if p := AccountIDProblem(a.AccountID); p != nil && a.AccountID != "" && d.perr == nil {
				d.perr = p
			}
		case "created_at":
			if t, ok := d.timeValue("created_at"); ok {
				a.CreatedAt = t
			}
		case "org_id":
			d.str("org_id", &a.OrgID, &has, 0)
		case "email_domain":
			d.str("email_domain", &a.EmailDomain, &has, 0)
		case "payment_fp":
			d.str("payment_fp", &a.PaymentFP, &has, 0)
		case "country":
			d.str("country", &a.Country, &has, 0)
		case "signup_ip":
			d.ipValue("signup_ip", &a.SignupIP)
		case "verification":
			d.str("verification", &a.Verification, &has, 0)
		default:
			d.l.skip(0)
		}
		if d.l.bad {
			break
		}
	}
	if err := d.finish(); err != nil {
		return err
	}
	if a.AccountID == "" {
		return &LineError{Reason: ReasonMissingAcct}
	}
	return nil
}

// DecodeModel decodes one model-release line into m.
func (d *Decoder) DecodeModel(line []byte, m *record.ModelRelease) *LineError {
	return d.verdict(d.decodeModel(line, m))
}

func (d *Decoder) decodeModel(line []byte, m *record.ModelRelease) *LineError {
	if err := d.begin(line); err != nil {
		return err
	}
	*m = record.ModelRelease{}
	var has record.Field
	var haveRelease bool
	for {
		key, ok := d.nextKey()
		if !ok {
			break
		}
		switch string(key) {
		case "model":
			d.str("model", &m.Model, &has, 0)
		case "released_at":
			if t, ok := d.timeValue("released_at"); ok {
				m.ReleasedAt, haveRelease = t, true
			}
		default:
			d.l.skip(0)
		}
		if d.l.bad {
			break
		}
	}
	if err := d.finish(); err != nil {
		return err
	}
	if m.Model == "" {
		return &LineError{Reason: ReasonBadValue, Detail: "missing model"}
	}
	if !haveRelease {
		return &LineError{Reason: ReasonBadTimestamp, Detail: "missing released_at"}
	}
	return nil
}

// shorten keeps error details readable when the offending text is huge.
func shorten(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.ToValidUTF8(s[:cut], "") + "…"
}
