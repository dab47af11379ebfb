package ingest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"strings"
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
		// A decoder that has learnt the key order of a whole line guesses
		// keys as words; its verdict and values must be the fresh one's.
		primed := primedDecoder()
		var pe record.Exchange
		perr := primed.DecodeExchange(line, &pe)
		if (err == nil) != (perr == nil) || (err != nil && *err != *perr) || pe != e {
			t.Fatalf("line %q: fresh decoder %v %+v, primed %v %+v", line, err, e, perr, pe)
		}
		// Key words may be read past the line's end, into its buffer: what
		// follows the line there must not change the verdict.
		buf := append(append([]byte{}, line...), `,"status":200,"stop_reason":"end_turn"}`...)
		var be record.Exchange
		berr := primed.DecodeExchange(buf[:len(line)], &be)
		if (err == nil) != (berr == nil) || (err != nil && *err != *berr) || be != e {
			t.Fatalf("line %q: alone %v %+v, inside a longer buffer %v %+v", line, err, e, berr, be)
		}
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

// TestSpecialFindsFirst: special's lowest flagged byte is the first quote,
// backslash, control character or non-ASCII byte of the word, on random words rich in
// bytes next to those values (where borrows go wrong).
func TestSpecialFindsFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	alphabet := []byte{'"', '\\', 0x00, 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xff, 'a', '0', 0x01, 0x23}
	for n := 0; n < 200000; n++ {
		var w [8]byte
		for i := range w {
			w[i] = alphabet[r.IntN(len(alphabet))]
		}
		want := 8
		for i, c := range w {
			if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				want = i
				break
			}
		}
		m := special(binary.LittleEndian.Uint64(w[:]))
		got := 8
		if m != 0 {
			got = bits.TrailingZeros64(m) >> 3
		}
		if got != want {
			t.Fatalf("special(% x): first special byte %d, want %d", w, got, want)
		}
	}
}

// TestPlainEndMatchesBytes: plainEnd, with its vector blocks that read on
// past the slice's length into its capacity, finds the byte a plain loop
// finds, whatever the length, the start and the bytes beyond the length
// (which may themselves be special, and must never be reported).
func TestPlainEndMatchesBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	alphabet := []byte{'"', '\\', 0x00, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xff, 'a', 'z', '0'}
	for n := 0; n < 100000; n++ {
		buf := make([]byte, r.IntN(80))
		for i := range buf {
			buf[i] = 'a' + byte(r.IntN(26))
			if r.IntN(24) == 0 {
				buf[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		b := buf[:r.IntN(len(buf)+1)]
		from := r.IntN(len(b) + 1)
		want := from
		for ; want < len(b); want++ {
			if c := b[want]; c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				break
			}
		}
		if got := plainEnd(b, from); got != want {
			t.Fatalf("plainEnd(%q, %d) with %q beyond = %d, want %d", b, from, buf[len(b):], got, want)
		}
	}
}

// TestDigits8MatchesLoop: digits8 gives the length of the run of digits a
// word begins with, and its value when under eight, as a loop over the
// bytes does, on words rich in digits and the bytes around '0' and '9'.
func TestDigits8MatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	alphabet := []byte("0123456789/:,}\x00\xff\x80\xb0\xb9 -.")
	for k := 0; k < 200000; k++ {
		var w [8]byte
		run := r.IntN(9)
		for i := range w {
			if i < run {
				w[i] = '0' + byte(r.IntN(10))
			} else {
				w[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		n, v := 0, int64(0)
		for n < 8 && w[n] >= '0' && w[n] <= '9' {
			v = v*10 + int64(w[n]-'0')
			n++
		}
		gn, gv := digits8(binary.LittleEndian.Uint64(w[:]))
		if gn != n || (n < 8 && gv != v) {
			t.Fatalf("digits8(%q) = %d, %d; want %d, %d", w, gn, gv, n, v)
		}
	}
}

// TestKeyGuessStaysInLine cuts a full line at every byte and decodes the
// cut once as its own slice and once as the start of the whole line's
// buffer, where the decoder's key words can see the bytes after the cut:
// the two verdicts must agree, and a cut line must never pass as whole.
func TestKeyGuessStaysInLine(t *testing.T) {
	full := record.Exchange{AccountID: "a", TS: 1, Turns: 1, Thinking: true, IP: netip.MustParseAddr("1.2.3.4"), Has: ^record.Field(0)}
	line := record.AppendExchangeJSON(nil, &full)
	// The buffer goes on past the line, as a chunk does, so that key words
	// are read across every cut, the last key's included.
	buf := append(append([]byte{}, line...), `,"status":200,"stop_reason":"end_turn"}`...)
	primed := primedDecoder()
	for k := 0; k <= len(line); k++ {
		var alone, inside record.Exchange
		aerr := primed.DecodeExchange(append([]byte{}, line[:k]...), &alone)
		ierr := primed.DecodeExchange(buf[:k], &inside)
		if (aerr == nil) != (ierr == nil) || (aerr != nil && *aerr != *ierr) || alone != inside {
			t.Fatalf("cut at %d: alone %v, inside the buffer %v", k, aerr, ierr)
		}
		if k < len(line) && ierr == nil {
			t.Fatalf("cut at %d of %d accepted: %s", k, len(line), line[:k])
		}
	}
}

// primedDecoder returns a decoder that has decoded a line with every known
// key, so that it guesses each next key from that order.
func primedDecoder() *Decoder {
	var d Decoder
	var e record.Exchange
	full := record.Exchange{AccountID: "a", TS: 1, Turns: 1, Thinking: true, IP: netip.MustParseAddr("1.2.3.4"), Has: ^record.Field(0)}
	if err := d.DecodeExchange(record.AppendExchangeJSON(nil, &full), &e); err != nil {
		panic(err)
	}
	return &d
}

// TestFastFieldsMatchGeneral puts awkward values, valid and not, into each
// field of a full line in the learnt key order, where the fast path reads
// them, and requires a primed decoder (fast path) and a fresh one (general
// path only) to give the same verdict and record, for the line alone and
// inside a longer buffer.
func TestFastFieldsMatchGeneral(t *testing.T) {
	values := []string{
		`0`, `00`, `01`, `7`, `-1`, `-0`, `1.5`, `1e3`, `123456789012345678`, `1234567890123456789`,
		`12345678901234567890`, `null`, `true`, `false`, `tru`, `{}`, `[]`, ` 5`, `5 `,
		`"x"`, `""`, `" "`, `"a\"b"`, `"a\\b"`, `"é"`, `"\u00e9"`, "\"a\tb\"", `"abcdefghijklmnopqrstuvwxyz0123456789"`,
		`"2026-05-01T12:00:00Z"`, `"2026-05-01T12:00:00.123+02:00"`, `"2026-13-01T12:00:00Z"`, `"1.2.3.4"`, `"01.2.3.4"`,
		`"1.2.3.256"`, `"::1"`, `"::ffff:1.2.3.4"`, `"fe80::1%eth0"`, `"not an address"`, `"` + strings.Repeat("a", 300) + `"`,
	}
	full := record.Exchange{AccountID: "a", TS: 1, Turns: 1, Thinking: true, IP: netip.MustParseAddr("1.2.3.4"), Has: ^record.Field(0)}
	base := string(record.AppendExchangeJSON(nil, &full))
	n := 0
	for f := fTs; f < nExchangeFields; f++ {
		key := `"` + exchangeKeys[f] + `":`
		at := strings.Index(base, key) + len(key)
		end := at + strings.IndexAny(base[at:], ",}")
		if base[at] == '"' {
			end = at + 1 + strings.IndexByte(base[at+1:], '"') + 1
		}
		for _, v := range values {
			line := []byte(base[:at] + v + base[end:])
			var fresh Decoder
			var want record.Exchange
			werr := fresh.DecodeExchange(line, &want)
			for _, buf := range [][]byte{line, append(append([]byte{}, line...), `,"status":200}`...)[:len(line)]} {
				primed := primedDecoder()
				var got record.Exchange
				gerr := primed.DecodeExchange(buf, &got)
				if (werr == nil) != (gerr == nil) || (werr != nil && *werr != *gerr) || got != want {
					t.Fatalf("%s = %s:\n general %v %+v\n fast    %v %+v", exchangeKeys[f], v, werr, want, gerr, got)
				}
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no lines tried")
	}
}
