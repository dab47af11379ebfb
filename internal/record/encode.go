package record

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendExchangeJSON appends e as one JSON object (no newline) in the v1
// field names, leaving out every optional field that e.Has does not name.
// It is hand-written rather than reflective because the simulator writes tens
// of millions of lines and encoding/json would dominate its time.
func AppendExchangeJSON(dst []byte, e *Exchange) []byte {
	dst = append(dst, `{"ts":"`...)
	dst = AppendTime(dst, e.TS)
	dst = append(dst, `","account_id":`...)
	dst = AppendJSONString(dst, e.AccountID)
	if e.Has&HasRequestID != 0 {
		dst = appendStringField(dst, "request_id", e.RequestID)
	}
	if e.Has&HasOrgID != 0 {
		dst = appendStringField(dst, "org_id", e.OrgID)
	}
	if e.Has&HasAPIKeyID != 0 {
		dst = appendStringField(dst, "api_key_id", e.APIKeyID)
	}
	if e.Has&HasIP != 0 && e.IP.IsValid() {
		dst = append(dst, `,"ip":"`...)
		dst = e.IP.AppendTo(dst)
		dst = append(dst, '"')
	}
	if e.Has&HasASN != 0 {
		dst = appendIntField(dst, "asn", e.ASN)
	}
	if e.Has&HasUserAgent != 0 {
		dst = appendStringField(dst, "user_agent", e.UserAgent)
	}
	if e.Has&HasClientFP != 0 {
		dst = appendStringField(dst, "client_fp", e.ClientFP)
	}
	if e.Has&HasModel != 0 {
		dst = appendStringField(dst, "model", e.Model)
	}
	if e.Has&HasInputTokens != 0 {
		dst = appendIntField(dst, "input_tokens", e.InputTokens)
	}
	if e.Has&HasOutputTokens != 0 {
		dst = appendIntField(dst, "output_tokens", e.OutputTokens)
	}
	if e.Has&HasMaxTokens != 0 {
		dst = appendIntField(dst, "max_tokens", e.MaxTokens)
	}
	if e.Has&HasTurns != 0 {
		dst = appendIntField(dst, "turns", e.Turns)
	}
	if e.Has&HasTools != 0 {
		dst = appendIntField(dst, "tools", e.Tools)
	}
	if e.Has&HasToolCalls != 0 {
		dst = appendIntField(dst, "tool_calls", e.ToolCalls)
	}
	if e.Has&HasImages != 0 {
		dst = appendIntField(dst, "images", e.Images)
	}
	if e.Has&HasThinking != 0 {
		if e.Thinking {
			dst = append(dst, `,"thinking":true`...)
		} else {
			dst = append(dst, `,"thinking":false`...)
		}
	}
	if e.Has&HasSystem != 0 {
		dst = appendStringField(dst, "system", e.System)
	}
	if e.Has&HasPrompt != 0 {
		dst = appendStringField(dst, "prompt", e.Prompt)
	}
	if e.Has&HasResponse != 0 {
		dst = appendStringField(dst, "response", e.Response)
	}
	if e.Has&HasPromptSig != 0 {
		dst = appendStringField(dst, "prompt_sig", e.PromptSig)
	}
	if e.Has&HasStopReason != 0 {
		dst = appendStringField(dst, "stop_reason", e.StopReason)
	}
	if e.Has&HasStatus != 0 {
		dst = appendIntField(dst, "status", e.Status)
	}
	return append(dst, '}')
}

// AppendAccountJSON appends a as one JSON object (no newline); empty fields
// are left out.
func AppendAccountJSON(dst []byte, a *Account) []byte {
	dst = append(dst, `{"account_id":`...)
	dst = AppendJSONString(dst, a.AccountID)
	if a.CreatedAt != 0 {
		dst = append(dst, `,"created_at":"`...)
		dst = AppendTime(dst, a.CreatedAt)
		dst = append(dst, '"')
	}
	if a.OrgID != "" {
		dst = appendStringField(dst, "org_id", a.OrgID)
	}
	if a.EmailDomain != "" {
		dst = appendStringField(dst, "email_domain", a.EmailDomain)
	}
	if a.PaymentFP != "" {
		dst = appendStringField(dst, "payment_fp", a.PaymentFP)
	}
	if a.Country != "" {
		dst = appendStringField(dst, "country", a.Country)
	}
	if a.SignupIP.IsValid() {
		dst = append(dst, `,"signup_ip":"`...)
		dst = a.SignupIP.AppendTo(dst)
		dst = append(dst, '"')
	}
	if a.Verification != "" {
		dst = appendStringField(dst, "verification", a.Verification)
	}
	return append(dst, '}')
}

// AppendModelJSON appends m as one JSON object (no newline).
func AppendModelJSON(dst []byte, m *ModelRelease) []byte {
	dst = append(dst, `{"model":`...)
	dst = AppendJSONString(dst, m.Model)
	dst = append(dst, `,"released_at":"`...)
	dst = AppendTime(dst, m.ReleasedAt)
	return append(dst, `"}`...)
}

// AppendTime appends ns (unix nanoseconds) as RFC 3339 in UTC, with
// fractional seconds only when they are not zero.
func AppendTime(dst []byte, ns int64) []byte {
	return time.Unix(0, ns).UTC().AppendFormat(dst, time.RFC3339Nano)
}

// FormatTime is AppendTime into a new string.
func FormatTime(ns int64) string {
	return string(AppendTime(nil, ns))
}

func appendStringField(dst []byte, name, v string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return AppendJSONString(dst, v)
}

func appendIntField(dst []byte, name string, v int64) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return strconv.AppendInt(dst, v, 10)
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string literal. Invalid UTF-8 is
// replaced by U+FFFD so the output is always valid JSON Lines.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
