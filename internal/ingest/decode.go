package ingest

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/valyala/fastjson"

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

// Decoder decodes lines of the v1 files. Strings in the records it fills
// alias its arena and stay valid until the next Reset; a Decoder is used by
// one goroutine at a time.
type Decoder struct {
	p     fastjson.Parser
	arena []byte

	// State of the exchange being decoded, for exchangeField.
	ex            *record.Exchange
	perr          *LineError
	haveTS        bool
	haveAcct      bool
	visitExchange func(key []byte, v *fastjson.Value)
}

// Reset invalidates every string handed out so far and lets the arena be
// reused; hint is the expected number of string bytes until the next Reset.
func (d *Decoder) Reset(hint int) {
	if cap(d.arena) < hint {
		d.arena = make([]byte, 0, hint)
	}
	d.arena = d.arena[:0]
}

// keep copies b into the arena and returns a string aliasing the copy.
// When the arena is full, append moves on to a new array; strings already
// handed out keep pointing at the old one, which stays alive through them.
func (d *Decoder) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	start := len(d.arena)
	d.arena = append(d.arena, b...)
	return unsafe.String(&d.arena[start], len(b))
}

func (d *Decoder) parseObject(line []byte) (*fastjson.Object, *LineError) {
	if !utf8.Valid(line) {
		return nil, &LineError{Reason: ReasonUTF8}
	}
	v, err := d.p.ParseBytes(line)
	if err != nil {
		return nil, &LineError{Reason: ReasonJSON, Detail: shorten(err.Error())}
	}
	o, err := v.Object()
	if err != nil {
		return nil, &LineError{Reason: ReasonNotObject, Detail: "found " + v.Type().String()}
	}
	return o, nil
}

// DecodeExchange decodes one exchange line into e, replacing all of e.
func (d *Decoder) DecodeExchange(line []byte, e *record.Exchange) *LineError {
	o, lerr := d.parseObject(line)
	if lerr != nil {
		return lerr
	}
	*e = record.Exchange{}
	d.ex, d.perr, d.haveTS, d.haveAcct = e, nil, false, false
	if d.visitExchange == nil {
		// A method value made once: a closure per line would allocate.
		d.visitExchange = d.exchangeField
	}
	o.Visit(d.visitExchange)
	d.ex = nil
	if d.perr != nil {
		return d.perr
	}
	if !d.haveTS {
		return &LineError{Reason: ReasonMissingTS}
	}
	if !d.haveAcct {
		return &LineError{Reason: ReasonMissingAcct}
	}
	return nil
}

// exchangeField decodes one field of the exchange being decoded.
func (d *Decoder) exchangeField(key []byte, v *fastjson.Value) {
	if d.perr != nil || v.Type() == fastjson.TypeNull {
		return // JSON null means absent, as in most loggers
	}
	e := d.ex
	switch string(key) {
	case "ts":
		b, err := v.StringBytes()
		if err != nil {
			d.perr = wrongType("ts", "an RFC 3339 string", v)
			return
		}
		t, ok := ParseTime(b)
		if !ok {
			d.perr = &LineError{Reason: ReasonBadTimestamp, Detail: fmt.Sprintf("ts %q is not RFC 3339", shorten(string(b)))}
			return
		}
		e.TS, d.haveTS = t, true
	case "account_id":
		b, err := v.StringBytes()
		if err != nil {
			d.perr = wrongType("account_id", "a string", v)
			return
		}
		if len(b) == 0 {
			return
		}
		if len(b) > MaxAccountIDBytes {
			d.perr = &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("account_id is %d bytes, the limit is %d", len(b), MaxAccountIDBytes)}
			return
		}
		e.AccountID, d.haveAcct = d.keep(b), true
	case "request_id":
		d.perr = d.str(v, "request_id", &e.RequestID, &e.Has, record.HasRequestID)
	case "org_id":
		d.perr = d.str(v, "org_id", &e.OrgID, &e.Has, record.HasOrgID)
	case "api_key_id":
		d.perr = d.str(v, "api_key_id", &e.APIKeyID, &e.Has, record.HasAPIKeyID)
	case "ip":
		d.perr = decodeIP(v, "ip", &e.IP)
		if d.perr == nil && e.IP.IsValid() {
			e.Has |= record.HasIP
		}
	case "asn":
		d.perr = num(v, "asn", &e.ASN, &e.Has, record.HasASN)
	case "user_agent":
		d.perr = d.str(v, "user_agent", &e.UserAgent, &e.Has, record.HasUserAgent)
	case "client_fp":
		d.perr = d.str(v, "client_fp", &e.ClientFP, &e.Has, record.HasClientFP)
	case "model":
		d.perr = d.str(v, "model", &e.Model, &e.Has, record.HasModel)
	case "input_tokens":
		d.perr = num(v, "input_tokens", &e.InputTokens, &e.Has, record.HasInputTokens)
	case "output_tokens":
		d.perr = num(v, "output_tokens", &e.OutputTokens, &e.Has, record.HasOutputTokens)
	case "max_tokens":
		d.perr = num(v, "max_tokens", &e.MaxTokens, &e.Has, record.HasMaxTokens)
	case "turns":
		d.perr = num(v, "turns", &e.Turns, &e.Has, record.HasTurns)
		if d.perr == nil && e.Turns < 1 {
			d.perr = &LineError{Reason: ReasonBadValue, Detail: "turns must be at least 1"}
		}
	case "tools":
		d.perr = num(v, "tools", &e.Tools, &e.Has, record.HasTools)
	case "tool_calls":
		d.perr = num(v, "tool_calls", &e.ToolCalls, &e.Has, record.HasToolCalls)
	case "images":
		d.perr = num(v, "images", &e.Images, &e.Has, record.HasImages)
	case "thinking":
		switch v.Type() {
		case fastjson.TypeTrue:
			e.Thinking = true
		case fastjson.TypeFalse:
		default:
			d.perr = wrongType("thinking", "true or false", v)
			return
		}
		e.Has |= record.HasThinking
	case "system":
		d.perr = d.str(v, "system", &e.System, &e.Has, record.HasSystem)
	case "prompt":
		d.perr = d.str(v, "prompt", &e.Prompt, &e.Has, record.HasPrompt)
	case "response":
		d.perr = d.str(v, "response", &e.Response, &e.Has, record.HasResponse)
	case "prompt_sig":
		d.perr = d.str(v, "prompt_sig", &e.PromptSig, &e.Has, record.HasPromptSig)
	case "stop_reason":
		d.perr = d.str(v, "stop_reason", &e.StopReason, &e.Has, record.HasStopReason)
	case "status":
		d.perr = num(v, "status", &e.Status, &e.Has, record.HasStatus)
	}
}

// DecodeAccount decodes one account-table line into a, replacing all of a.
func (d *Decoder) DecodeAccount(line []byte, a *record.Account) *LineError {
	o, lerr := d.parseObject(line)
	if lerr != nil {
		return lerr
	}
	*a = record.Account{}
	var has record.Field // presence is not kept for accounts; empty means absent
	var perr *LineError
	o.Visit(func(key []byte, v *fastjson.Value) {
		if perr != nil || v.Type() == fastjson.TypeNull {
			return
		}
		switch string(key) {
		case "account_id":
			perr = d.str(v, "account_id", &a.AccountID, &has, 0)
			if perr == nil && len(a.AccountID) > MaxAccountIDBytes {
				perr = &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("account_id is %d bytes, the limit is %d", len(a.AccountID), MaxAccountIDBytes)}
			}
		case "created_at":
			b, err := v.StringBytes()
			if err != nil {
				perr = wrongType("created_at", "an RFC 3339 string", v)
				return
			}
			if len(b) == 0 {
				return
			}
			t, ok := ParseTime(b)
			if !ok {
				perr = &LineError{Reason: ReasonBadTimestamp, Detail: fmt.Sprintf("created_at %q is not RFC 3339", shorten(string(b)))}
				return
			}
			a.CreatedAt = t
		case "org_id":
			perr = d.str(v, "org_id", &a.OrgID, &has, 0)
		case "email_domain":
			perr = d.str(v, "email_domain", &a.EmailDomain, &has, 0)
		case "payment_fp":
			perr = d.str(v, "payment_fp", &a.PaymentFP, &has, 0)
		case "country":
			perr = d.str(v, "country", &a.Country, &has, 0)
		case "signup_ip":
			perr = decodeIP(v, "signup_ip", &a.SignupIP)
		case "verification":
			perr = d.str(v, "verification", &a.Verification, &has, 0)
		}
	})
	if perr != nil {
		return perr
	}
	if a.AccountID == "" {
		return &LineError{Reason: ReasonMissingAcct}
	}
	return nil
}

// DecodeModel decodes one model-release line into m.
func (d *Decoder) DecodeModel(line []byte, m *record.ModelRelease) *LineError {
	o, lerr := d.parseObject(line)
	if lerr != nil {
		return lerr
	}
	*m = record.ModelRelease{}
	var has record.Field
	var perr *LineError
	var haveRelease bool
	o.Visit(func(key []byte, v *fastjson.Value) {
		if perr != nil || v.Type() == fastjson.TypeNull {
			return
		}
		switch string(key) {
		case "model":
			perr = d.str(v, "model", &m.Model, &has, 0)
		case "released_at":
			b, err := v.StringBytes()
			if err != nil {
				perr = wrongType("released_at", "an RFC 3339 string", v)
				return
			}
			t, ok := ParseTime(b)
			if !ok {
				perr = &LineError{Reason: ReasonBadTimestamp, Detail: fmt.Sprintf("released_at %q is not RFC 3339", shorten(string(b)))}
				return
			}
			m.ReleasedAt, haveRelease = t, true
		}
	})
	if perr != nil {
		return perr
	}
	if m.Model == "" {
		return &LineError{Reason: ReasonBadValue, Detail: "missing model"}
	}
	if !haveRelease {
		return &LineError{Reason: ReasonBadTimestamp, Detail: "missing released_at"}
	}
	return nil
}

func (d *Decoder) str(v *fastjson.Value, name string, dst *string, has *record.Field, bit record.Field) *LineError {
	b, err := v.StringBytes()
	if err != nil {
		return wrongType(name, "a string", v)
	}
	*dst = d.keep(b)
	*has |= bit
	return nil
}

func num(v *fastjson.Value, name string, dst *int64, has *record.Field, bit record.Field) *LineError {
	if v.Type() != fastjson.TypeNumber {
		return wrongType(name, "a non-negative integer", v)
	}
	n, err := v.Int64()
	if err != nil {
		return &LineError{Reason: ReasonWrongType, Detail: fmt.Sprintf("%s: want a non-negative integer, got %s", name, shorten(v.String()))}
	}
	if n < 0 {
		return &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("%s is negative (%d)", name, n)}
	}
	*dst = n
	*has |= bit
	return nil
}

func decodeIP(v *fastjson.Value, name string, dst *netip.Addr) *LineError {
	b, err := v.StringBytes()
	if err != nil {
		return wrongType(name, "an IPv4 or IPv6 address string", v)
	}
	if len(b) == 0 {
		return nil
	}
	a, err := netip.ParseAddr(unsafe.String(&b[0], len(b)))
	if err != nil {
		return &LineError{Reason: ReasonBadValue, Detail: fmt.Sprintf("%s %q is not an IPv4 or IPv6 address", name, shorten(string(b)))}
	}
	// One address, one spelling: ::ffff:1.2.3.4 is 1.2.3.4, zones are local.
	*dst = a.Unmap().WithZone("")
	return nil
}

func wrongType(name, want string, v *fastjson.Value) *LineError {
	return &LineError{Reason: ReasonWrongType, Detail: fmt.Sprintf("%s: want %s, got %s", name, want, v.Type())}
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
