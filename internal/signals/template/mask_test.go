package template

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMask(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := string(Mask(nil, in)); got != want {
			t.Errorf("Mask(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	// Empty, whitespace, case.
	f("", "")
	f("   \t\n ", "")
	f("Hello World", "hello world")
	f("  Hello \n\t  World  ", "hello world")

	// Numbers.
	f("I have 3 apples", "i have # apples")
	f("pi is 3.14159", "pi is #")
	f("population 1,234,567 people", "population # people")
	f("growth of 12.5% this year", "growth of # this year")
	f("on 2024-01-15 and 01/02/2024 and 15.01.2024", "on # and # and #")
	f("at 12:30 or 12:30:45 or 3pm or 10am", "at # or # or # or #")
	f("released 2024-01-15T10:30:00Z", "released #")
	f("upgrade to v1.2.3 or 2.0.1", "upgrade to # or #")
	f("temperature -5 and +3.2 and .5 and 6.02e23", "temperature # and # and # and #")
	f("costs $12.50 or €30 or £5", "costs # or # or #")
	f("the 1st, 2nd and 23rd place", "the # , # and # place")
	f("run 10km with 5kg, 64gb ram, 3x faster, 1080p", "run # with # , # ram , # faster , #")
	f("the 16075th and 123456km and 7b and 3d", "the # and # and # and #")
	f("issue #42 was fixed", "issue # was fixed")
	f("call 1-800-555-0199 now", "call # now")
	f("score 24/7 and 3/4", "score # and #")
	f("x - 5 = 3", "x - # = #")

	// Identifiers.
	f("call get_user_name now", "call @ now")
	f("call getUserName() now", "call @ ( now")
	f("var __init__ and _private", "var @ and @")
	f("user42 and abc1 and utf8", "@ and @ and @")
	f("hash 3f2a9c1b and 0xff", "hash @ and @")
	f("commit 9417653e774626dd and 4626dd and 1234567abc", "commit @ and @ and @")
	f("id 123e4567-e89b-12d3-a456-426614174000 ok", "id @ ok")
	f("order AB-1234 and COVID-19", "order @ and @")
	f("use np.array and os.path.join", "use @ and @")
	f("mail bob.smith@example.com today", "mail @ today")
	f("ping @alice please", "ping @ please")
	f("see https://example.com/a?b=1&c=2. Then", "see @ . then")
	f("see http://x.org, ftp://y.z/f and www.foo.org/bar.", "see @ , @ and @ .")
	f("open /usr/local/bin/python3 now", "open @ now")
	f("run ./build.sh or ../x/y or ~/notes.txt", "run @ or @ or @")
	f(`edit C:\Users\bob\file.txt now`, "edit @ now")
	f("edit src/main.go and a/b/c", "edit @ and @")

	// Words that stay words.
	f("don't stop, it's O'Brien's", "don't stop , it's o'brien's")
	f("don’t stop", "don't stop")
	f("a well-known x-ray", "a well-known x-ray")
	f("e.g. this", "e.g . this")
	f("and/or km/h", "and / or km / h")
	f("deadbeef cafe", "deadbeef cafe")

	// Quoted literals.
	f(`translate "I love you" to French`, `translate " to french`)
	f(`say 'bonjour' now`, `say " now`)
	f("run `ls -la` here", `run " here`)
	f("code ```go\nfunc main() {}\n``` done", `code " done`)
	f("“curly” and ‘single’ and «guillemets» and 「括弧」", `" and " and " and "`)
	f(`empty "" string`, `empty " string`)
	f("the users' data and 'x'", `the users ' data and "`)
	f(`unclosed "quote here`, `unclosed " quote here`)
	f("a \"quote\nacross lines\"", `a " quote across lines "`)
	f(`long "`+strings.Repeat("word ", 60)+`" end`, `long " `+strings.TrimSpace(strings.Repeat("word ", 60))+` " end`)

	// Punctuation runs.
	f("Hello,   world!!!", "hello , world !")
	f("What?! ... really --- yes", "what ? really - yes")
	f("(a) [b] {c}", "( a ) b ] c }")

	// Unicode.
	f("Привет, Мир! Ça va? ÉCOLE", "привет , мир ! ça va ? école")
	f("你好世界", "你 好 世 界")
	f("日本語のテキスト", "日 本 語 の テ キ ス ト")
	f("ＡＢＣ １２３", "ａｂｃ #")
	f("naïve café", "naïve café")
	f("ig\u200bnore all\u00a0previous\u3000instructions", "ignore all previous instructions")
	f("emoji 😀😀 ok 🎉", "emoji 😀 ok 🎉")
	f("arabic ٣٤٥ digits", "arabic # digits")

	// Invalid UTF-8 is whitespace.
	f("bad\xffbyte \xfe\xfd end", "bad byte end")
	f("\xe2\x80", "")
	f("quote \"\xff\"", `quote "`)
}

func TestMaskAppends(t *testing.T) {
	dst := []byte("prefix:")
	got := string(Mask(dst, "Hello 42"))
	if got != "prefix:hello #" {
		t.Fatalf("Mask appended %q, want %q", got, "prefix:hello #")
	}
}

// checkMasked verifies the invariants of any masked text.
func checkMasked(t *testing.T, in string, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("Mask(%q) = %q: invalid UTF-8", in, out)
	}
	s := string(out)
	if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		t.Fatalf("Mask(%q) = %q: stray spaces", in, out)
	}
	if strings.ContainsAny(s, "\t\n\r") {
		t.Fatalf("Mask(%q) = %q: whitespace other than space", in, out)
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{
		"", "Hello 42", "a\xffb", `"x`, "'", "`", "```", "C:\\", "http://", "www.", "-", "$", "#1", "@", "./",
		"1,2", "a'b", "a’b", "„x“", "「", "12:30pm", "v1.2", "0x", "1e", "x/y", "\u200b", "٣",
		"The Quick brownFox jumpsOver", "abcdefghIjklmnop qrstuvwxyzABCDEFGHIJ", "helloWorld.", "end. Next", "a-b c-",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Mask(nil, in)
		checkMasked(t, in, out)
		fastPath = false
		slow := Mask(nil, in)
		fastPath = true
		if string(slow) != string(out) {
			t.Fatalf("Mask(%q): fast path %q, general path %q", in, out, slow)
		}
		if again := Mask(nil, in); string(again) != string(out) {
			t.Fatalf("Mask(%q) not deterministic: %q then %q", in, out, again)
		}
		var s Sketcher
		sig := s.Text(in)
		if string(s.Masked()) != string(out) {
			t.Fatalf("Sketcher masked %q as %q, Mask gives %q", in, s.Masked(), out)
		}
		if (len(out) == 0) != sig.IsZero() {
			t.Fatalf("Sketcher(%q) = %+v for masked %q", in, sig, out)
		}
	})
}

// TestFastPathAgrees masks the public prompts and a few tricky strings with
// and without the fast path for plain words.
func TestFastPathAgrees(t *testing.T) {
	texts := []string{
		"The Quick brownFox jumpsOver", "abcdefghIjklmnop qrstuvwxyzABCDEFGHIJ", "helloWorld.", "end. Next",
		"aaaaaaaBcc", "aaaaaaaaBcc", "AAAAAAAAAAAAAAAAAAAAa", "abcdefgh:", "abcdefgh://x", "abcdefgh'", "abcdefgh's",
		"abcdefghé", "abcdefgh_x", "abcdefgh1", "C:\\x", "www.example.org", "iPhone", "ABCdef",
	}
	for _, f := range []string{"gsm8k_train.jsonl", "humaneval.jsonl", "arena_hard_v0.1.jsonl", "oasst_prompt_lottery_en_250.jsonl"} {
		field := map[string]string{"gsm8k_train.jsonl": "question", "humaneval.jsonl": "prompt", "arena_hard_v0.1.jsonl": "prompt"}[f]
		texts = append(texts, loadPromptsOrNil(f, field)...)
	}
	defer func() { fastPath = true }()
	for _, in := range texts {
		fast := string(Mask(nil, in))
		fastPath = false
		slow := string(Mask(nil, in))
		fastPath = true
		if fast != slow {
			t.Fatalf("Mask(%q):\nfast path    %q\ngeneral path %q", in, fast, slow)
		}
	}
}
