package template

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestWireRoundTrip(t *testing.T) {
	var s Sketcher
	for _, txt := range []string{"", "hi", "?", "Solve step by step: what is 17 * 23?", strings.Repeat("long text with many words ", 50)} {
		sig := s.Text(txt)
		w := string(sig.AppendWire(nil))
		if !strings.HasPrefix(w, WirePrefix) {
			t.Fatalf("wire %q lacks the prefix", w)
		}
		want := len(WirePrefix) + exactChars
		if sig.Banded {
			want = len(WirePrefix) + bandedChars
		}
		if len(w) != want {
			t.Fatalf("wire of %q is %d characters, want %d", txt, len(w), want)
		}
		got, err := ParseWire(w)
		if err != nil {
			t.Fatalf("ParseWire(%q): %v", w, err)
		}
		if got != sig {
			t.Fatalf("ParseWire(AppendWire(%+v)) = %+v", sig, got)
		}
	}
	if w := string(Signature{}.AppendWire(nil)); w != "dg1.AAAAAAAAAAA" {
		t.Fatalf("empty signature is %q", w)
	}
}

func TestPairWire(t *testing.T) {
	var s Sketcher
	f := func(system, prompt string, parts int) {
		t.Helper()
		p := s.Sketch(system, prompt)
		w := string(p.AppendWire(nil))
		if n := strings.Count(w, "."); n != parts {
			t.Fatalf("pair wire %q has %d dots, want %d", w, n, parts)
		}
		got, err := ParsePairWire(w)
		if err != nil {
			t.Fatalf("ParsePairWire(%q): %v", w, err)
		}
		if got != p {
			t.Fatalf("pair round trip: got %+v want %+v", got, p)
		}
		// The prompt part alone is a Signature wire.
		head, _, _ := strings.Cut(w[len(WirePrefix):], ".")
		sig, err := ParseWire(WirePrefix + head)
		if err != nil || sig != p.PromptSig {
			t.Fatalf("prompt part of %q: %+v, %v", w, sig, err)
		}
	}
	f("", "What is the capital of France, and why?", 1)
	f("You are a helpful assistant that answers in French.", "What is the capital of France, and why?", 2)
	f("You are a helpful assistant.", "", 2)
	f("", "", 1)
}

func TestParseWireErrors(t *testing.T) {
	valid := string(Signature{Exact: 42}.AppendWire(nil))
	banded := Signature{Exact: 7, Banded: true}
	banded.Bands[3] = 99
	validBanded := string(banded.AppendWire(nil))
	var zeroBands [bandedBytes]byte
	zeroBands[exactBytes] = 1
	f := func(in, wantErr string) {
		t.Helper()
		_, err := ParseWire(in)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("ParseWire(%q) error %v, want one containing %q", in, err, wantErr)
		}
	}
	f("", `missing "dg1." prefix`)
	f("AAAAAAAAAAA", `missing "dg1." prefix`)
	f("dg2.AAAAAAAAAAA", `unsupported version "dg2"`)
	f("dg1.", "has 0 characters")
	f("dg1.AAAA", "has 4 characters, want 11 (exact only) or 224 (banded)")
	f(valid+"A", "has 12 characters")
	f("dg1.AAAAAAAAAA=", "not unpadded base64url")
	f("dg1.AAAAAAAAAA+", "not unpadded base64url")
	f("dg1.AAAAAAAAAAB", "not unpadded base64url") // non-zero trailing bits
	f("dg1.AAAAAAAAA\nA", "decodes to")
	f("dg1."+wireEnc.EncodeToString(zeroBands[:]), "band keys but no exact hash")
	f(valid+"."+valid[len(WirePrefix):], "more than one part")
	if _, err := ParseWire(validBanded); err != nil {
		t.Fatalf("ParseWire(valid banded): %v", err)
	}

	g := func(in, wantErr string) {
		t.Helper()
		_, err := ParsePairWire(in)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("ParsePairWire(%q) error %v, want one containing %q", in, err, wantErr)
		}
	}
	g("dg1.AAAA", "prompt part has 4 characters")
	g(valid+".AAAA", "system part has 4 characters")
	g(valid+".", "system part has 0 characters")
	g(valid+".AAAAAAAAAAA", "system part is present but empty")
	g(valid+"."+valid[4:]+"."+valid[4:], "more than two parts")
}

// sigFromBytes builds a valid signature from fuzz input.
func sigFromBytes(b []byte) Signature {
	var buf [1 + bandedBytes]byte
	copy(buf[:], b)
	s := Signature{Exact: binary.LittleEndian.Uint64(buf[1:]), Banded: buf[0]&1 == 1}
	if s.Banded {
		if s.Exact == 0 {
			s.Exact = 1
		}
		for i := range s.Bands {
			s.Bands[i] = binary.LittleEndian.Uint64(buf[1+exactBytes+8*i:])
		}
	}
	return s
}

func FuzzParseWire(f *testing.F) {
	var s Sketcher
	f.Add(string(s.Text("Solve step by step: what is 17 * 23?").AppendWire(nil)), []byte{1, 2, 3})
	f.Add(string(s.Sketch("You are a bot.", "Tell me a long story please").AppendWire(nil)), []byte{0})
	f.Add("dg1.AAAAAAAAAAA", []byte{})
	f.Add("dg1.AAAAAAAAAAA.AAAAAAAAAAA", []byte{1})
	f.Add("dg2.x", []byte{})
	f.Fuzz(func(t *testing.T, in string, raw []byte) {
		// Parsing never panics, and what parses is canonical.
		if sig, err := ParseWire(in); err == nil {
			if out := string(sig.AppendWire(nil)); out != in {
				t.Fatalf("ParseWire(%q) = %+v, which writes back as %q", in, sig, out)
			}
		}
		if p, err := ParsePairWire(in); err == nil {
			if out := string(p.AppendWire(nil)); out != in {
				t.Fatalf("ParsePairWire(%q) = %+v, which writes back as %q", in, p, out)
			}
		}
		// Parse(Append(x)) == x for valid signatures and pairs.
		x := sigFromBytes(raw)
		got, err := ParseWire(string(x.AppendWire(nil)))
		if err != nil || got != x {
			t.Fatalf("round trip of %+v: %+v, %v", x, got, err)
		}
		p := Pair{PromptSig: x, SystemSig: sigFromBytes(append([]byte{raw0(raw) ^ 1}, raw...))}
		gp, err := ParsePairWire(string(p.AppendWire(nil)))
		if err != nil || gp != p {
			t.Fatalf("round trip of %+v: %+v, %v", p, gp, err)
		}
	})
}

func raw0(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}
