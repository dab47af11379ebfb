package ingest

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/distillguard/distillguard/internal/record"
)

// FuzzScanAgainstStdlib checks the hand-written scanner against
// encoding/json: a line is "invalid JSON" for one exactly when it is for the
// other, and the fields both read agree.
func FuzzScanAgainstStdlib(f *testing.F) {
	for _, s := range []string{
		`{"ts":"2026-05-01T12:00:00Z","account_id":"a","prompt":"x\u00e9\ud83d\ude00\n","extra":{"k":[1,2.5e3,-0,true,null,"s"]}}`,
		`{"ts":"2026-05-01T12:00:00Z","account_id":"a\"b","input_tokens":12,"thinking":false}`,
		`{"ts":"2026-05-01T12:00:00Z","account_id":"a","x":01}`,
		`{"ts":"2026-05-01T12:00:00Z","account_id":"a","x":"\ud800"}`,
		`{"ts":"2026-05-01T12:00:00Z","account_id":"a",}`,
		`{"a":1}{"b":2}`, ` { } `, `[]`, `"s"`, `{"ts":1e}`, `{"k":"\x"}`, "{\"k\":\"\t\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if !utf8.Valid(line) || bytes.Count(line, []byte{'['})+bytes.Count(line, []byte{'{'}) > 100 {
			return // invalid UTF-8 has its own reason; deep nesting its own limit
		}
		var d Decoder
		var e record.Exchange
		err := d.DecodeExchange(line, &e)
		valid := json.Valid(line)
		if (err != nil && (err.Reason == ReasonJSON)) == valid {
			t.Fatalf("line %q: scanner says %v, encoding/json says valid=%v", line, err, valid)
		}
		if !valid {
			return
		}
		var m map[string]any
		if json.Unmarshal(line, &m) != nil {
			return // valid JSON but not an object
		}
		if err == nil {
			if s, _ := m["account_id"].(string); s != e.AccountID {
				t.Fatalf("account_id %q vs encoding/json %q", e.AccountID, s)
			}
			if s, ok := m["prompt"].(string); ok && s != e.Prompt {
				t.Fatalf("prompt %q vs encoding/json %q", e.Prompt, s)
			}
			if n, ok := m["input_tokens"].(float64); ok && float64(e.InputTokens) != n {
				t.Fatalf("input_tokens %d vs encoding/json %v", e.InputTokens, n)
			}
		}
	})
}

func TestScanEscapes(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		var d Decoder
		var e record.Exchange
		line := `{"ts":"2026-05-01T12:00:00Z","account_id":"a","prompt":"` + in + `"}`
		if err := d.DecodeExchange([]byte(line), &e); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if e.Prompt != want {
			t.Fatalf("%s: got %q, want %q", in, e.Prompt, want)
		}
	}
	f(`plain`, "plain")
	f(`a\"b\\c\/d`, `a"b\c/d`)
	f(`\n\r\t\b\f`, "\n\r\t\b\f")
	f(`\u00e9\u4e2d`, "é中")
	f(`\ud83d\ude00`, "😀")
	f(`\ud800x`, "\ufffdx") // a lone surrogate becomes U+FFFD, as in encoding/json
}
