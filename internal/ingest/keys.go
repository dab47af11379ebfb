package ingest

import "encoding/binary"

// exchangeField numbers the keys of an exchange line the decoder reads;
// fUnknown is any other key, whose value is validated and skipped.
type exchangeField uint8

const (
	fUnknown exchangeField = iota
	fTs
	fAccountId
	fRequestId
	fOrgId
	fApiKeyId
	fIp
	fAsn
	fUserAgent
	fClientFp
	fModel
	fInputTokens
	fOutputTokens
	fMaxTokens
	fTurns
	fTools
	fToolCalls
	fImages
	fThinking
	fSystem
	fPrompt
	fResponse
	fPromptSig
	fStopReason
	fStatus
	nExchangeFields
	// fieldStart stands for "no key yet" as the predecessor of a line's
	// first key.
	fieldStart = nExchangeFields
)

// exchangeKeys spells each field's key.
var exchangeKeys = [nExchangeFields]string{
	fTs: "ts", fAccountId: "account_id", fRequestId: "request_id", fOrgId: "org_id",
	fApiKeyId: "api_key_id", fIp: "ip", fAsn: "asn", fUserAgent: "user_agent",
	fClientFp: "client_fp", fModel: "model", fInputTokens: "input_tokens",
	fOutputTokens: "output_tokens", fMaxTokens: "max_tokens", fTurns: "turns",
	fTools: "tools", fToolCalls: "tool_calls", fImages: "images", fThinking: "thinking",
	fSystem: "system", fPrompt: "prompt", fResponse: "response", fPromptSig: "prompt_sig",
	fStopReason: "stop_reason", fStatus: "status",
}

// keyWord is a key as it appears in a compact line, quotes and colon
// included ("ts":), packed into two little-endian words with masks, so
// that recognising it costs two loads and two compares. Every known key
// fits in 16 bytes that way.
type keyWord struct {
	w0, m0, w1, m1 uint64
	n              int
}

var exchangeKeyWords = func() (t [nExchangeFields]keyWord) {
	for f, k := range exchangeKeys {
		if k == "" {
			continue
		}
		q := `"` + k + `":`
		if len(q) > 16 {
			panic("ingest: key " + k + " is longer than a key word")
		}
		var buf, mask [16]byte
		copy(buf[:], q)
		for i := range q {
			mask[i] = 0xff
		}
		t[f] = keyWord{
			w0: binary.LittleEndian.Uint64(buf[:8]), m0: binary.LittleEndian.Uint64(mask[:8]),
			w1: binary.LittleEndian.Uint64(buf[8:]), m1: binary.LittleEndian.Uint64(mask[8:]),
			n: len(q),
		}
	}
	return t
}()

// fieldByKey is exchangeKeys turned around.
var fieldByKey = func() map[string]exchangeField {
	m := make(map[string]exchangeField, len(exchangeKeys))
	for f, k := range exchangeKeys {
		if k != "" {
			m[k] = exchangeField(f)
		}
	}
	return m
}()

// fieldOf maps a decoded key to its field (fUnknown when not a known key).
func fieldOf(key []byte) exchangeField { return fieldByKey[string(key)] }

// nextExchangeField moves to the next key of an exchange object and
// returns its field with the cursor on the value; ok is false at the end
// of the object.
//
// A log is written by one program, so its keys come in the same order on
// every line. The decoder remembers which key followed prev last time and
// first tries that one, as whole words, right after the comma; only when
// the guess fails (another order, white space, an escaped key, the end of
// the object) does it read the key as a JSON string. A wrong guess costs
// the compare, never the meaning: a key word matches only the key's exact
// bytes, quotes and colon included.
func (d *Decoder) nextExchangeField(prev exchangeField) (exchangeField, bool) {
	l := &d.l
	p := l.i
	if !d.first {
		if p < len(l.b) && l.b[p] == '}' {
			l.i++
			return fUnknown, false // the end of a compact object
		}
		p++ // past the comma, if it is one
	}
	// The words may reach past the line into the rest of its chunk (the
	// last key of a line is usually closer than 16 bytes to its end); a
	// match counts only if the key itself ends within the line.
	if full := l.b[:cap(l.b)]; p+16 <= len(full) && p < len(l.b) && (d.first || l.b[l.i] == ',') {
		w0, w1 := binary.LittleEndian.Uint64(full[p:]), binary.LittleEndian.Uint64(full[p+8:])
		// The key that followed prev last time, or, when this line omits
		// that one (optional fields come and go), the key after it.
		guess := d.order[prev]
		for range 2 {
			if guess == fUnknown {
				break
			}
			if w := &exchangeKeyWords[guess]; w0&w.m0 == w.w0 && w1&w.m1 == w.w1 && p+w.n <= len(l.b) {
				d.first = false
				l.i = p + w.n
				l.ws()
				return guess, true
			}
			guess = d.order[guess]
		}
	}
	key, ok := d.nextKey()
	if !ok {
		return fUnknown, false
	}
	f := fieldOf(key)
	d.order[prev] = f
	return f, true
}
