package ingest

import (
	"encoding/binary"

	"github.com/distillguard/distillguard/internal/record"
)

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

// fieldBit is each optional field's presence bit in record.Exchange.Has.
var fieldBit = [nExchangeFields]record.Field{
	fRequestId: record.HasRequestID, fOrgId: record.HasOrgID, fApiKeyId: record.HasAPIKeyID,
	fIp: record.HasIP, fAsn: record.HasASN, fUserAgent: record.HasUserAgent, fClientFp: record.HasClientFP,
	fModel: record.HasModel, fInputTokens: record.HasInputTokens, fOutputTokens: record.HasOutputTokens,
	fMaxTokens: record.HasMaxTokens, fTurns: record.HasTurns, fTools: record.HasTools,
	fToolCalls: record.HasToolCalls, fImages: record.HasImages, fThinking: record.HasThinking,
	fSystem: record.HasSystem, fPrompt: record.HasPrompt, fResponse: record.HasResponse,
	fPromptSig: record.HasPromptSig, fStopReason: record.HasStopReason, fStatus: record.HasStatus,
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

// nextExchangeField reads the next key of an exchange object as a JSON
// string and returns its field with the cursor on the value; ok is false
// at the end of the object. It learns the key order that fastFields
// guesses from: the field that followed prev.
func (d *Decoder) nextExchangeField(prev exchangeField) (exchangeField, bool) {
	key, ok := d.nextKey()
	if !ok {
		return fUnknown, false
	}
	f := fieldOf(key)
	d.order[prev] = f
	return f, true
}
