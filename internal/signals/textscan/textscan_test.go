package textscan

import (
	"strings"
	"testing"
)

func words(d *Doc) []string {
	var out []string
	for _, t := range d.Tokens {
		out = append(out, d.Text[t.Start:int(t.Start)+int(t.Len)])
	}
	return out
}

func TestScanTokens(t *testing.T) {
	var d Doc
	d.Scan("Let's think STEP-by-step: x_1 = fooBar(3.5) — naïve “quote” ÉTAPE", 0)
	got := strings.Join(words(&d), "|")
	want := "Let's|think|STEP|by|step|x_1|fooBar|3|5|naïve|quote|ÉTAPE"
	if got != want {
		t.Fatalf("tokens %q, want %q", got, want)
	}
	if Hash("Let's") != Hash("lets") || Hash("let’s") != Hash("lets") {
		t.Errorf("apostrophes should be dropped")
	}
	if Hash("ÉTAPE") != Hash("étape") {
		t.Errorf("Latin-1 capitals should fold")
	}
	if Hash("ШАГ") != Hash("шаг") {
		t.Errorf("Cyrillic capitals should fold")
	}
	f := func(i int) Flags { return d.Tokens[i].Flags }
	if f(0)&LineStart == 0 || f(1)&LineStart != 0 {
		t.Errorf("LineStart flags wrong")
	}
	if f(2)&AllCaps == 0 || f(4)&ColonAfter == 0 {
		t.Errorf("AllCaps/ColonAfter flags wrong: %b %b", f(2), f(4))
	}
	if f(5)&Underscore == 0 || f(6)&(InnerUpper|ParenAfter) != InnerUpper|ParenAfter {
		t.Errorf("identifier flags wrong")
	}
	if f(7)&Numeric == 0 || f(8)&DotBefore == 0 {
		t.Errorf("number flags wrong")
	}
	if f(9)&NonASCII == 0 {
		t.Errorf("NonASCII flag missing")
	}
}

func TestScanStats(t *testing.T) {
	var d Doc
	d.Scan("```python\ndef f(x):\n    return x == 1 && y\n```\n# Title\n- item\n1. first\n2) second\nSolve 2x + 3 = 7\n\"role\": \"user\"\n[[A]]\n>>> f(1)\n", 0)
	s := d.Stats
	if s.Fences != 2 {
		t.Errorf("Fences = %d", s.Fences)
	}
	if s.IndentedLines != 1 {
		t.Errorf("IndentedLines = %d", s.IndentedLines)
	}
	if s.Operators < 2 {
		t.Errorf("Operators = %d", s.Operators)
	}
	if s.HeaderLines != 1 || s.ListLines != 3 {
		t.Errorf("HeaderLines = %d ListLines = %d", s.HeaderLines, s.ListLines)
	}
	if s.MathOps < 2 {
		t.Errorf("MathOps = %d", s.MathOps)
	}
	if s.DoubleBracket != 2 || s.Prompt3 != 1 {
		t.Errorf("DoubleBracket = %d Prompt3 = %d", s.DoubleBracket, s.Prompt3)
	}
	if s.CodeEndLines < 1 {
		t.Errorf("CodeEndLines = %d", s.CodeEndLines)
	}
	var role *Token
	for i := range d.Tokens {
		if d.Text[d.Tokens[i].Start:int(d.Tokens[i].Start)+int(d.Tokens[i].Len)] == "role" {
			role = &d.Tokens[i]
		}
	}
	if role == nil || role.Flags&QuotedKey == 0 {
		t.Errorf("\"role\": should be a QuotedKey")
	}
}

func TestScanTruncate(t *testing.T) {
	var d Doc
	text := "alpha " + strings.Repeat("x ", 1000) + "omega"
	d.Scan(text, 100)
	if !d.Stats.Truncated || d.Stats.Bytes != 100 {
		t.Fatalf("Truncated=%v Bytes=%d", d.Stats.Truncated, d.Stats.Bytes)
	}
	w := words(&d)
	if w[0] != "alpha" || w[len(w)-1] != "omega" {
		t.Fatalf("head/tail not kept: %v", w)
	}
}

func TestMatcher(t *testing.T) {
	m := MustMatcher([]string{"step by step", "think step by step", "step", "grade <num>", "rubric", "let's think"})
	var d Doc
	d.Scan("Let's think step-by-step. Rubric for grade 5: no steps.", 0)
	var got []string
	for _, h := range m.Match(&d, nil) {
		got = append(got, m.Term(h.ID))
	}
	want := "let's think|step|step|step by step|think step by step|rubric|grade <num>"
	if strings.Join(got, "|") != want {
		t.Fatalf("hits %q, want %q", strings.Join(got, "|"), want)
	}
	if _, err := NewMatcher([]string{"a b", "A-b"}); err == nil {
		t.Errorf("duplicate phrase not reported")
	}
	if _, err := NewMatcher([]string{"a b c d e f"}); err == nil {
		t.Errorf("over-long phrase not reported")
	}
}

func TestScanNoAllocs(t *testing.T) {
	var d Doc
	text := strings.Repeat("The quick brown fox, def f(x): return x+1; 3 * 4 = 12\n", 50)
	d.Scan(text, 0)
	m := MustMatcher([]string{"quick brown", "fox", "return"})
	hits := m.Match(&d, nil)
	allocs := testing.AllocsPerRun(100, func() {
		d.Scan(text, 0)
		hits = m.Match(&d, hits[:0])
	})
	if allocs != 0 {
		t.Fatalf("allocs per scan = %v", allocs)
	}
}

func TestFastSlowHashAgree(t *testing.T) {
	words := []string{"a", "Ab", "abcdefg", "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOPQ", "x_1", "fooBarBaz", "HTTPServer",
		"12345678", "123456789", "snake_case_identifier_long", "Z9", "aBcDeFgHiJkL"}
	for _, w := range words {
		for _, ctx := range []string{"%s", " %s ", "(%s)", "%s:", "%s\n"} {
			s := strings.Replace(ctx, "%s", w, 1)
			i := strings.Index(s, w)
			e1, h1, p1 := scanWord(s, i)
			w1 := unpack(h1, p1)
			e2, w2 := scanWordSlow(s, i)
			if e1 != e2 || w1 != w2 {
				t.Errorf("%q in %q: fast (%d %+v) slow (%d %+v)", w, s, e1, w1, e2, w2)
			}
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add("Let's think step by step\n```go\nx := 1\n```", 0)
	f.Add("\xe2\x80", 3)
	f.Add("\xd0\xa0\xc3", 1)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		var d Doc
		d.Scan(s, limit%256)
		for _, tok := range d.Tokens {
			if tok.Hash == 0 {
				t.Fatal("zero hash")
			}
			if int(tok.Start) < len(s) && limit%256 == 0 {
				// the eight-byte path and the byte path hash alike
				if _, w := scanWordSlow(s, int(tok.Start)); w.h != tok.Hash {
					t.Fatalf("token at %d: fast hash %x, slow hash %x", tok.Start, tok.Hash, w.h)
				}
			}
		}
	})
}
