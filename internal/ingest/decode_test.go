package ingest

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/distillguard/distillguard/internal/record"
)

func TestParseTime(t *testing.T) {
	f := func(in string, ok bool) {
		t.Helper()
		got, gotOK := ParseTime([]byte(in))
		if gotOK != ok {
			t.Fatalf("ParseTime(%q) ok = %v, want %v", in, gotOK, ok)
		}
		if !ok {
			return
		}
		want, err := time.Parse(time.RFC3339Nano, strings.NewReplacer("t", "T", "z", "Z", " ", "T").Replace(in))
		if err != nil {
			t.Fatalf("time.Parse(%q): %v", in, err)
		}
		if got != want.UnixNano() {
			t.Fatalf("ParseTime(%q) = %d, want %d", in, got, want.UnixNano())
		}
	}
	f("2026-05-01T12:00:00Z", true)
	f("2026-05-01T12:00:00.5Z", true)
	f("2026-05-01T12:00:00.123456789Z", true)
	f("2026-05-01T14:00:00+02:00", true)
	f("2026-05-01T07:30:00-04:30", true)
	f("2026-05-01t12:00:00z", true)
	f("2026-05-01 12:00:00Z", true)
	f("2024-02-29T00:00:00Z", true)
	f("1970-01-01T00:00:00Z", true)
	f("1969-12-31T23:59:59.999Z", true)
	f("2000-02-29T23:59:59Z", true)
	f("2100-02-29T00:00:00Z", false) // not a leap year
	f("2026-02-29T00:00:00Z", false)
	f("2026-04-31T00:00:00Z", false)
	f("2026-13-01T00:00:00Z", false)
	f("2026-05-01T24:00:00Z", false)
	f("2026-05-01T12:60:00Z", false)
	f("2026-05-01T12:00:60Z", false)
	f("2026-05-01T12:00:00", false)   // no zone
	f("2026-05-01T12:00:00.Z", false) // empty fraction
	f("2026-05-01T12:00:00+0200", false)
	f("2026-05-01T12:00:00+02:00x", false)
	f("2026-05-01", false)
	f("", false)
	f("2026-5-01T12:00:00Z", false)
	f("yesterday at noon", false)
	f("2026-05-01T12:00:00+24:00", false)
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-05-01T12:00:00Z", "2026-05-01T14:00:00.123+02:00", "2024-02-29T00:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseTime([]byte(s))
		if !ok {
			return
		}
		// Whatever we accept, time.Parse must accept and agree on.
		norm := s
		if len(norm) > 10 {
			norm = norm[:10] + "T" + norm[11:]
		}
		norm = strings.NewReplacer("z", "Z").Replace(norm)
		want, err := time.Parse(time.RFC3339Nano, norm)
		if err != nil {
			t.Fatalf("ParseTime(%q) accepted what time.Parse refuses: %v", s, err)
		}
		if want.UnixNano() != got {
			t.Fatalf("ParseTime(%q) = %d, time.Parse = %d", s, got, want.UnixNano())
		}
	})
}

func TestDecodeExchangeFields(t *testing.T) {
	line := `{"ts":"2026-05-01T12:00:00.250Z","account_id":"acct_1","request_id":"r1","org_id":"o1","api_key_id":"k1",` +
		`"ip":"::ffff:203.0.113.7","asn":64500,"user_agent":"anthropic-python/0.40.0","client_fp":"t13d1516h2_aaa","model":"m-large",` +
		`"input_tokens":120,"output_tokens":800,"max_tokens":8192,"turns":3,"tools":2,"tool_calls":1,"images":0,"thinking":true,` +
		`"system":"sys","prompt":"say \"hi\"\n","response":"h\u00e9","prompt_sig":"sig","stop_reason":"end_turn","status":200,"extra":{"x":[1,2]}}`
	var d Decoder
	var e record.Exchange
	if err := d.DecodeExchange([]byte(line), &e); err != nil {
		t.Fatal(err)
	}
	want := record.Exchange{
		TS: time.Date(2026, 5, 1, 12, 0, 0, 250e6, time.UTC).UnixNano(), AccountID: "acct_1", RequestID: "r1", OrgID: "o1",
		APIKeyID: "k1", IP: netip.MustParseAddr("203.0.113.7"), ASN: 64500, UserAgent: "anthropic-python/0.40.0",
		ClientFP: "t13d1516h2_aaa", Model: "m-large", InputTokens: 120, OutputTokens: 800, MaxTokens: 8192, Turns: 3,
		Tools: 2, ToolCalls: 1, Images: 0, Thinking: true, System: "sys", Prompt: "say \"hi\"\n", Response: "hé",
		PromptSig: "sig", StopReason: "end_turn", Status: 200,
		Has: record.HasRequestID | record.HasOrgID | record.HasAPIKeyID | record.HasIP | record.HasASN | record.HasUserAgent |
			record.HasClientFP | record.HasModel | record.HasInputTokens | record.HasOutputTokens | record.HasMaxTokens |
			record.HasTurns | record.HasTools | record.HasToolCalls | record.HasImages | record.HasThinking | record.HasSystem |
			record.HasPrompt | record.HasResponse | record.HasPromptSig | record.HasStopReason | record.HasStatus,
	}
	if e != want {
		t.Fatalf("decoded\n%+v\nwant\n%+v", e, want)
	}
}

func TestDecodeExchangeRejects(t *testing.T) {
	f := func(line, reason string) {
		t.Helper()
		var d Decoder
		var e record.Exchange
		err := d.DecodeExchange([]byte(line), &e)
		if reason == "" {
			if err != nil {
				t.Fatalf("%s: unexpected error %v", line, err)
			}
			return
		}
		if err == nil {
			t.Fatalf("%s: accepted, want %q", line, reason)
		}
		if err.Reason != reason {
			t.Fatalf("%s: reason %q (%s), want %q", line, err.Reason, err.Detail, reason)
		}
	}
	ok := `"ts":"2026-05-01T12:00:00Z","account_id":"a"`
	f(`{`+ok+`}`, "")
	f(`{`+ok+`,"ip":null,"model":null}`, "") // null is absent
	f(`{`+ok+`,"ip":""}`, "")                // empty address is absent
	f(`{`+ok, ReasonJSON)
	f(`not json`, ReasonJSON)
	f(`[1,2]`, ReasonNotObject)
	f(`"just a string"`, ReasonNotObject)
	f(`{"account_id":"a"}`, ReasonMissingTS)
	f(`{"ts":"2026-05-01T12:00:00Z"}`, ReasonMissingAcct)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":""}`, ReasonMissingAcct)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":null}`, ReasonMissingAcct)
	f(`{"ts":"May 1st","account_id":"a"}`, ReasonBadTimestamp)
	f(`{"ts":1714564800,"account_id":"a"}`, ReasonWrongType)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":7}`, ReasonWrongType)
	f(`{`+ok+`,"input_tokens":"12"}`, ReasonWrongType)
	f(`{`+ok+`,"input_tokens":12.5}`, ReasonWrongType)
	f(`{`+ok+`,"input_tokens":-1}`, ReasonBadValue)
	f(`{`+ok+`,"turns":0}`, ReasonBadValue)
	f(`{`+ok+`,"thinking":"yes"}`, ReasonWrongType)
	f(`{`+ok+`,"prompt":42}`, ReasonWrongType)
	f(`{`+ok+`,"ip":"300.1.1.1"}`, ReasonBadValue)
	f(`{`+ok+`,"ip":17}`, ReasonWrongType)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"`+strings.Repeat("x", 257)+`"}`, ReasonBadValue)
	// Control characters in an account id (C0, DEL, C1), escaped or raw
	// where JSON allows it raw; other invisible characters are kept.
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u0000b"}`, ReasonBadValue)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\nb"}`, ReasonBadValue)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u001bb"}`, ReasonBadValue)
	f("{\"ts\":\"2026-05-01T12:00:00Z\",\"account_id\":\"a\x7fb\"}", ReasonBadValue)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u0085b"}`, ReasonBadValue)
	f("{\"ts\":\"2026-05-01T12:00:00Z\",\"account_id\":\"a\u0085b\"}", ReasonBadValue)
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u202eb"}`, "")
	f(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u200bb"}`, "")
	f("{"+ok+",\"prompt\":\"\xff\xfe\"}", ReasonUTF8)
}

func TestDecodeAccountAndModel(t *testing.T) {
	var d Decoder
	var a record.Account
	line := `{"account_id":"a1","created_at":"2026-04-01T09:00:00Z","org_id":"o","email_domain":"uni.example","payment_fp":"pf","country":"DE","signup_ip":"198.51.100.4","verification":"education","x":1}`
	if err := d.DecodeAccount([]byte(line), &a); err != nil {
		t.Fatal(err)
	}
	want := record.Account{AccountID: "a1", CreatedAt: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC).UnixNano(), OrgID: "o",
		EmailDomain: "uni.example", PaymentFP: "pf", Country: "DE", SignupIP: netip.MustParseAddr("198.51.100.4"), Verification: "education"}
	if a != want {
		t.Fatalf("got %+v want %+v", a, want)
	}
	for line, reason := range map[string]string{
		`{"created_at":"2026-04-01T09:00:00Z"}`:       ReasonMissingAcct,
		`{"account_id":"a","created_at":"soon"}`:      ReasonBadTimestamp,
		`{"account_id":"a","payment_fp":3}`:           ReasonWrongType,
		`{"account_id":"a","signup_ip":"not-an-ip"}`:  ReasonBadValue,
		`{"account_id":"a\u0000"}`:                    ReasonBadValue,
		`{"account_id":"a"`:                           ReasonJSON,
		`{"account_id":"a","created_at":null}`:        "",
		`{"account_id":"a","verification":"startup"}`: "",
	} {
		err := d.DecodeAccount([]byte(line), &a)
		if (err == nil) != (reason == "") || (err != nil && err.Reason != reason) {
			t.Errorf("DecodeAccount(%s) = %v, want reason %q", line, err, reason)
		}
	}
	var m record.ModelRelease
	if err := d.DecodeModel([]byte(`{"model":"m2","released_at":"2026-05-10T17:00:00Z"}`), &m); err != nil {
		t.Fatal(err)
	}
	if m.Model != "m2" || m.ReleasedAt != time.Date(2026, 5, 10, 17, 0, 0, 0, time.UTC).UnixNano() {
		t.Fatalf("model = %+v", m)
	}
	for line, reason := range map[string]string{
		`{"released_at":"2026-05-10T17:00:00Z"}`: ReasonBadValue,
		`{"model":"m"}`:                          ReasonBadTimestamp,
		`{"model":"m","released_at":"tomorrow"}`: ReasonBadTimestamp,
	} {
		if err := d.DecodeModel([]byte(line), &m); err == nil || err.Reason != reason {
			t.Errorf("DecodeModel(%s) = %v, want %q", line, err, reason)
		}
	}
}

// randomExchange draws an exchange with random presence and awkward strings.
func randomExchange(r *rand.Rand) record.Exchange {
	str := func() string {
		alphabet := []string{"a", "Z", "0", " ", "\"", "\\", "\n", "\t", "é", "日本", "\u2028", "😀", "\x01", "/"}
		var b strings.Builder
		for n := r.IntN(12); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	e := record.Exchange{
		TS:        time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() + r.Int64N(int64(200*24*time.Hour)),
		AccountID: "acct_" + str() + "x",
	}
	// Account ids may hold anything but control characters.
	e.AccountID = strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) {
			return '_'
		}
		return c
	}, e.AccountID)
	if r.IntN(2) == 0 {
		e.TS -= e.TS % 1e9 // whole seconds as well as fractions
	}
	bits := record.Field(r.Uint32()) & (1<<22 - 1)
	set := func(bit record.Field, f func()) {
		if bits&bit != 0 {
			e.Has |= bit
			f()
		}
	}
	set(record.HasRequestID, func() { e.RequestID = str() })
	set(record.HasOrgID, func() { e.OrgID = str() })
	set(record.HasAPIKeyID, func() { e.APIKeyID = str() })
	set(record.HasIP, func() {
		if r.IntN(2) == 0 {
			e.IP = netip.AddrFrom4([4]byte{byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))})
		} else {
			var b [16]byte
			for i := range b {
				b[i] = byte(r.IntN(256))
			}
			b[0] = 0x20
			e.IP = netip.AddrFrom16(b)
		}
	})
	set(record.HasASN, func() { e.ASN = r.Int64N(1 << 32) })
	set(record.HasUserAgent, func() { e.UserAgent = str() })
	set(record.HasClientFP, func() { e.ClientFP = str() })
	set(record.HasModel, func() { e.Model = str() })
	set(record.HasInputTokens, func() { e.InputTokens = r.Int64N(1 << 40) })
	set(record.HasOutputTokens, func() { e.OutputTokens = r.Int64N(100000) })
	set(record.HasMaxTokens, func() { e.MaxTokens = r.Int64N(200000) })
	set(record.HasTurns, func() { e.Turns = 1 + r.Int64N(50) })
	set(record.HasTools, func() { e.Tools = r.Int64N(30) })
	set(record.HasToolCalls, func() { e.ToolCalls = r.Int64N(30) })
	set(record.HasImages, func() { e.Images = r.Int64N(5) })
	set(record.HasThinking, func() { e.Thinking = r.IntN(2) == 0 })
	set(record.HasSystem, func() { e.System = str() })
	set(record.HasPrompt, func() { e.Prompt = str() })
	set(record.HasResponse, func() { e.Response = str() })
	set(record.HasPromptSig, func() { e.PromptSig = str() })
	set(record.HasStopReason, func() { e.StopReason = str() })
	set(record.HasStatus, func() { e.Status = r.Int64N(600) })
	return e
}

// TestRoundTrip is a property test: whatever the encoder writes, the
// decoder reads back unchanged.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var d Decoder
	for i := 0; i < 20000; i++ {
		want := randomExchange(r)
		line := record.AppendExchangeJSON(nil, &want)
		var got record.Exchange
		d.Reset(len(line))
		if err := d.DecodeExchange(line, &got); err != nil {
			t.Fatalf("line %s: %v", line, err)
		}
		if got != want {
			t.Fatalf("round trip of %s\ngot  %+v\nwant %+v", line, got, want)
		}
	}
}

func FuzzDecodeExchange(f *testing.F) {
	f.Add([]byte(`{"ts":"2026-05-01T12:00:00Z","account_id":"a","ip":"1.2.3.4","turns":2,"prompt":"x\u00e9"}`))
	f.Add([]byte(`{"ts":"2026-05-01T12:00:00Z","account_id":"a","input_tokens":1e400}`))
	f.Add([]byte(`{"ts":null,"account_id":{"a":[]}}`))
	f.Add([]byte(`{"prompt":"\ud800"}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Add([]byte(`{"ts":"2026-05-01T12:00:00Z","account_id":"a\xff"}`))
	f.Add([]byte(`{"ts":"2026-05-01T12:00:00Z","account_id":"a","prompt":"\u00e9\xc3"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var d Decoder
		var e record.Exchange
		err := d.DecodeExchange(line, &e)
		// Invalid UTF-8 anywhere is the reason a line is refused, whatever
		// else is wrong with it.
		if !utf8.Valid(line) && (err == nil || err.Reason != ReasonUTF8) {
			t.Fatalf("%q is not UTF-8, got %v", line, err)
		}
		if err != nil {
			if err.Reason == "" {
				t.Fatalf("error without reason for %q", line)
			}
			return
		}
		if e.AccountID == "" || AccountIDProblem(e.AccountID) != nil {
			t.Fatalf("accepted bad account_id %q", e.AccountID)
		}
		// An accepted exchange re-encodes to a line that decodes to itself.
		again := record.AppendExchangeJSON(nil, &e)
		var e2 record.Exchange
		if err := d.DecodeExchange(again, &e2); err != nil {
			t.Fatalf("re-encoded %s rejected: %v", again, err)
		}
	})
}

func FuzzDecodeAccount(f *testing.F) {
	f.Add([]byte(`{"account_id":"a1","created_at":"2026-04-01T09:00:00Z","signup_ip":"::1","verification":"education"}`))
	f.Add([]byte(`{"account_id":1}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var d Decoder
		var a record.Account
		if err := d.DecodeAccount(line, &a); err == nil && a.AccountID == "" {
			t.Fatalf("accepted an account without id: %q", line)
		}
	})
}

func FuzzDecodeModel(f *testing.F) {
	f.Add([]byte(`{"model":"m2","released_at":"2026-05-10T17:00:00Z"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var d Decoder
		var m record.ModelRelease
		if err := d.DecodeModel(line, &m); err == nil && m.Model == "" {
			t.Fatalf("accepted a model without name: %q", line)
		}
	})
}

// FuzzParseIPv4 checks the dotted-quad fast path against netip.ParseAddr:
// whatever it accepts, ParseAddr accepts as the same address.
func FuzzParseIPv4(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "255.255.255.255", "0.0.0.0", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "::1", "1.2.3.04", "10.0.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := parseIPv4([]byte(s))
		if !ok {
			return
		}
		want, err := netip.ParseAddr(s)
		if err != nil || want != a {
			t.Fatalf("%q: fast path gives %v, ParseAddr %v, %v", s, a, want, err)
		}
	})
}

// FuzzParseIPv6Full checks the full-form IPv6 fast path against
// netip.ParseAddr: whatever it accepts, ParseAddr accepts as the same
// address, and the common full forms are accepted.
func FuzzParseIPv6Full(f *testing.F) {
	for _, s := range []string{"2a00:9d7b:22b3:9951:249b:6e5a:a59d:4bb1", "2400:cf5d:ba0:bc5d:6ab2:c09d:688c:64b3", "0:0:0:0:0:ffff:102:304",
		"FFFF:ABCD:0:0:0:0:0:1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::8", "12345:0:0:0:0:0:0:1", "1:2:3:4:5:6:7:", ":2:3:4:5:6:7:8",
		"1:2:3:4:5:6:1.2.3.4", "fe80:0:0:0:0:0:0:1%eth0", "g:0:0:0:0:0:0:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := parseIPv6Full([]byte(s))
		want, err := netip.ParseAddr(s)
		if !ok {
			if err == nil && want.Is6() && want.Zone() == "" && strings.Count(s, ":") == 7 && !strings.Contains(s, "::") && !strings.Contains(s, ".") {
				t.Fatalf("%q: a full-form address the fast path refuses", s)
			}
			return
		}
		if err != nil || want != a {
			t.Fatalf("%q: fast path gives %v, ParseAddr %v, %v", s, a, want, err)
		}
	})
}

// TestParseTimeIgnoresBytesBeyond: ParseTime reads fraction digits a word
// at a time from the slice's capacity; what lies beyond the slice's
// length, digits included, must never change the result.
func TestParseTimeIgnoresBytesBeyond(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	tails := []string{"", "Z", "z", "+02:00", "-11:30", "+2:00", "x", "Z0"}
	for k := 0; k < 50000; k++ {
		s := fmt.Sprintf("2026-05-%02dT%02d:%02d:%02d", 1+r.IntN(28), r.IntN(26), r.IntN(62), r.IntN(62))
		if r.IntN(6) > 0 {
			s += "."
			for n := r.IntN(12); n > 0; n-- {
				s += string(rune('0' + r.IntN(10)))
			}
		}
		s += tails[r.IntN(len(tails))]
		buf := []byte(s)
		for n := r.IntN(12); n > 0; n-- {
			buf = append(buf, "0123456789Z.:x\""[r.IntN(15)])
		}
		got, gotOK := ParseTime(buf[:len(s)])
		want, wantOK := ParseTime([]byte(s)[:len(s):len(s)])
		if got != want || gotOK != wantOK {
			t.Fatalf("ParseTime(%q) with %q beyond = %d %v, alone %d %v", s, buf[len(s):], got, gotOK, want, wantOK)
		}
		if wantOK {
			ref, err := time.Parse(time.RFC3339Nano, strings.Replace(s, "z", "Z", 1))
			if err != nil || ref.UnixNano() != want {
				t.Fatalf("ParseTime(%q) = %d, time.Parse %v, %v", s, want, ref.UnixNano(), err)
			}
		}
	}
}

// TestDayCacheMatchesParseTime: parsing a run of timestamps through the
// date cache gives ParseTime's result for each, on runs that share dates,
// change them, and break the date or the rest at random.
func TestDayCacheMatchesParseTime(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	dates := []string{"2026-05-01", "2026-05-02", "2024-02-29", "2023-02-29", "2026-13-01", "2026-00-10", "20x6-05-01", "2026/05/01"}
	rests := []string{"T12:00:00Z", "T23:59:59.999999999Z", "t00:00:00+02:00", " 12:00:00z", "T24:00:00Z", "T12:60:00Z", "T12:00:00", "T12:00:00.Z", "X12:00:00Z", "T12:00:00-23:59"}
	var c dayCache
	for n := 0; n < 20000; n++ {
		s := dates[r.IntN(len(dates))] + rests[r.IntN(len(rests))]
		if r.IntN(50) == 0 {
			s = s[:r.IntN(len(s))]
		}
		want, wok := ParseTime([]byte(s))
		got, gok := c.parse([]byte(s))
		if got != want || gok != wok {
			t.Fatalf("%q: cached %d %v, ParseTime %d %v", s, got, gok, want, wok)
		}
	}
}
