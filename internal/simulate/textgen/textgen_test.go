package textgen

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/distillguard/distillguard/internal/record"
)

// testGen is shared by the tests: building a generator expands the response
// banks, which takes a few tens of milliseconds.
var testGen = New(nil)

func seeded(a, b uint64) *rand.Rand { return rand.New(rand.NewPCG(a, b)) }

func TestGrammarHasNoProblems(t *testing.T) {
	g := testGen.g
	if len(g.gr.problems) > 0 {
		t.Fatalf("%d grammar problems, first ones:\n%s", len(g.gr.problems), strings.Join(g.gr.problems[:min(20, len(g.gr.problems))], "\n"))
	}
	// Every entry point the Go code builds by name exists.
	var need []string
	for _, c := range capKey {
		for _, p := range []string{"ff_", "fu_", "xl_", "tu_", "hp_", "rs_", "ro_", "rc_", "ra_", "fs_", "fo_", "ft_", "fx_", "fw_", "fk_block_"} {
			need = append(need, p+c)
		}
	}
	for st := stBench; st < numStyles; st++ {
		need = append(need, "fs_"+styleNames[st])
	}
	for _, n := range need {
		if g.gr.lookup(n) < 0 {
			t.Errorf("rule %s is missing", n)
		}
	}
	// Every rule is used somewhere or is an entry point, so dead text does
	// not pile up unnoticed.
	used := map[int32]bool{}
	var walk func(ns []node)
	walk = func(ns []node) {
		for _, n := range ns {
			if n.kind == nRef || n.kind == nSem {
				used[n.id] = true
			}
			for _, a := range n.alts {
				walk(a)
			}
		}
	}
	for _, alts := range g.gr.rules {
		for _, a := range alts {
			walk(a)
		}
	}
	entry := []string{"ff_", "hp_", "hs_", "fk_block_", "fu_", "xl_", "tu_", "rs_", "ro_", "rc_", "ra_", "r_", "mq_", "ms_", "s_", "fs_", "fo_", "ft_", "fx_", "fw_", "cot", "sys_short", "tr_intro", "ob_what"}
	for id, name := range g.gr.names {
		if used[int32(id)] {
			continue
		}
		ok := false
		for _, p := range entry {
			ok = ok || strings.HasPrefix(name, p)
		}
		if !ok {
			t.Errorf("rule %s is never used", name)
		}
	}
}

func TestGrammarCompilerReportsProblems(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		g := compileGrammar(src)
		if !strings.Contains(strings.Join(g.problems, "\n"), want) {
			t.Errorf("compiling %q: problems %q, want one containing %q", src, g.problems, want)
		}
	}
	f("a:\n    x {nope}\n", "unknown rule nope")
	f("a:\n    x {$nope}\n", "unknown slot")
	f("a:\n    x {%nope}\n", "unknown variable")
	f("a:\n    x [y|z\n", "unclosed '['")
	f("a:\n    x {y\n", "unclosed '{'")
	f("a:\n    x ] y\n", "stray")
	f("a:\n", "without alternatives")
}

func TestExpansionBasics(t *testing.T) {
	g := &generator{}
	g.gr = compileGrammar("t:\n    {a} apple, {a} pear, {a} hour, {a} user, {^b}\\b\\sx\\n\nb:\n    [one|one]\n")
	x := expander{g: g, r: seeded(1, 1), mk: -1}
	x.rule(g.gr.ids["t"])
	if got, want := string(x.buf), "an apple, a pear, an hour, a user, One` x\n"; got != want {
		t.Errorf("expansion %q, want %q", got, want)
	}
}

func TestDeterminism(t *testing.T) {
	run := func() []string {
		g := New(nil)
		r := seeded(42, 7)
		var out []string
		for i := 0; i < 700; i++ {
			c := record.Capability(i % int(record.NumCapabilities))
			o := Options{Turn: 1 + i%3/2, CoT: i%4 == 0, SyntheticTranscript: i%9 == 0, ResponseWords: (i % 5) * 40}
			t := g.FreeForm(r, c, o)
			out = append(out, t.System, t.Prompt, t.Response)
		}
		for k := 0; k < 14; k++ {
			f := g.NewFamily(r, record.Capability(k%int(record.NumCapabilities)), FamilyOptions{System: k%2 == 0})
			for i := 0; i < 30; i++ {
				t := f.Render(r, float64(i%4)/3, Options{Turn: 1, CoT: i%3 == 0})
				out = append(out, t.System, t.Prompt, t.Response)
			}
		}
		return out
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("text %d differs between runs with the same seed:\n%q\n%q", i, a[i], b[i])
		}
	}
	// Interleaving calls on other goroutines (other pooled states) must not
	// change the text of a seed either.
	g := New(nil)
	done := make(chan bool)
	go func() {
		r := seeded(9, 9)
		for i := 0; i < 3000; i++ {
			f := g.NewFamily(r, record.Reasoning, FamilyOptions{})
			f.Render(r, 0.5, Options{})
			g.FreeForm(r, record.Capability(i%7), Options{})
		}
		close(done)
	}()
	r := seeded(42, 7)
	for i := 0; i < 700; i++ {
		c := record.Capability(i % int(record.NumCapabilities))
		o := Options{Turn: 1 + i%3/2, CoT: i%4 == 0, SyntheticTranscript: i%9 == 0, ResponseWords: (i % 5) * 40}
		tx := g.FreeForm(r, c, o)
		if tx.Prompt != a[3*i+1] || tx.Response != a[3*i+2] {
			t.Fatalf("text %d differs when other goroutines use the generator", i)
		}
	}
	<-done
}

func words(s string) []string { return strings.Fields(s) }

func TestFreeFormVariety(t *testing.T) {
	const n = 10000
	r := seeded(3, 4)
	var foreign, total int
	for _, c := range record.Capabilities() {
		seen := map[string]bool{}
		var lens []int
		for i := 0; i < n; i++ {
			p := testGen.FreeForm(r, c, Options{Turn: 1}).Prompt
			seen[p] = true
			lens = append(lens, len(words(p)))
			if isForeign(p) {
				foreign++
			}
			total++
		}
		share := float64(len(seen)) / n
		sort.Ints(lens)
		p10, p50, p90, max := lens[n/10], lens[n/2], lens[n*9/10], lens[n-1]
		t.Logf("%-12s distinct %.3f  words p10 %d p50 %d p90 %d max %d", c, share, p10, p50, p90, max)
		want := 0.95
		if c == record.Vision {
			// Questions about an attached image are often a few words
			// ("what is this"), as real ones are.
			want = 0.85
		}
		if share < want {
			t.Errorf("%s: distinct share %.3f < %.2f", c, share, want)
		}
		if lens[0] > 6 {
			t.Errorf("%s: shortest prompt has %d words; want some short ones", c, lens[0])
		}
		if max < 60 {
			t.Errorf("%s: longest prompt has %d words; want some long ones", c, max)
		}
		if p90 < 2*p10 {
			t.Errorf("%s: narrow length distribution (p10 %d, p90 %d)", c, p10, p90)
		}
	}
	fs := float64(foreign) / float64(total)
	t.Logf("non-English share %.4f", fs)
	if fs < 0.01 || fs > 0.08 {
		t.Errorf("non-English share %.4f, want a few percent", fs)
	}
}

// isForeign is a crude detector of the non-English prompts: CJK characters,
// or several function words of Spanish, German, French, Portuguese or
// pinyin and none of English, in the first line.
func isForeign(p string) bool {
	line, _, _ := strings.Cut(p, "\n")
	for _, r := range line {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) {
			return true
		}
	}
	fw := map[string]bool{"el": true, "la": true, "que": true, "para": true, "una": true, "cómo": true, "qué": true, "esta": true, "en": true, "und": true,
		"der": true, "die": true, "das": true, "ich": true, "mir": true, "eine": true, "wie": true, "ist": true, "le": true, "les": true, "des": true, "est": true,
		"pour": true, "ce": true, "você": true, "um": true, "uma": true, "é": true, "wo": true, "ge": true, "shen": true, "me": true, "ma": true, "de": true, "bitte": true, "por": true,
		"sur": true, "zhe": true, "zhang": true, "li": true, "you": true, "cette": true, "diesem": true, "nesta": true, "está": true, "mit": true, "dass": true, "du": true}
	en := map[string]bool{"the": true, "and": true, "is": true, "to": true, "of": true, "what": true, "how": true, "my": true, "with": true, "this": true, "for": true, "can": true, "i": true}
	var f, e int
	for _, w := range strings.Fields(strings.ToLower(line)) {
		w = strings.Trim(w, ".,;:!?¿¡\"'()")
		if fw[w] {
			f++
		}
		if en[w] {
			e++
		}
	}
	return f >= 2 && e == 0
}

func TestFollowUpsReadLikeFollowUps(t *testing.T) {
	r := seeded(5, 6)
	for _, c := range record.Capabilities() {
		var first, later int
		same := 0
		for i := 0; i < 500; i++ {
			a := testGen.FreeForm(r, c, Options{Turn: 1}).Prompt
			b := testGen.FreeForm(r, c, Options{Turn: 3}).Prompt
			first += len(words(a))
			later += len(words(b))
			if a == b {
				same++
			}
		}
		if later*10 > first*8 {
			t.Errorf("%s: follow-ups average %d words, first turns %d: follow-ups should be short", c, later/500, first/500)
		}
	}
}

func TestCoTChangesPromptAndResponse(t *testing.T) {
	differ, stepResp := 0, 0
	const n = 2000
	for i := 0; i < n; i++ {
		c := record.Capability(i % int(record.NumCapabilities))
		a := testGen.FreeForm(seeded(uint64(i), 1), c, Options{Turn: 1})
		b := testGen.FreeForm(seeded(uint64(i), 1), c, Options{Turn: 1, CoT: true})
		// Same seed, same request: the CoT prompt is the plain one with a
		// request for the reasoning added before or after it.
		if a.Prompt != b.Prompt && strings.Contains(b.Prompt, strings.TrimRight(a.Prompt, "\n")) {
			differ++
		}
		if strings.Contains(b.Response, "Step 1") || strings.Contains(b.Response, "Step 2") {
			stepResp++
		}
	}
	if differ < n*99/100 {
		t.Errorf("CoT changed only %d of %d prompts", differ, n)
	}
	if stepResp < n*8/10 {
		t.Errorf("only %d of %d CoT responses are written as steps", stepResp, n)
	}
	// Many distinct wordings of the request.
	seen := map[string]bool{}
	r := seeded(8, 8)
	for i := 0; i < 5000; i++ {
		x := expander{g: testGen.g, r: r, mk: -1}
		x.rule(testGen.g.cot)
		seen[strings.ToLower(string(x.buf))] = true
	}
	if len(seen) < 60 {
		t.Errorf("only %d distinct chain-of-thought wordings", len(seen))
	}
	// Families ask for it in their own fixed wording.
	f := testGen.NewFamily(seeded(1, 2), record.Coding, FamilyOptions{})
	a := f.Render(seeded(3, 3), 0, Options{})
	b := f.Render(seeded(3, 3), 0, Options{CoT: true})
	if a.Prompt == b.Prompt || !strings.HasPrefix(b.Response, "") || len(b.Prompt) <= len(a.Prompt) {
		t.Errorf("CoT did not change the family's prompt:\n%q\n%q", a.Prompt, b.Prompt)
	}
}

var transcriptMarks = []string{"User: ", "Human: ", "### Instruction:", "\"role\": \"user\"", "<|im_start|>user", "[INST]", "Q: ", "<user>", "Customer: "}

func TestSyntheticTranscript(t *testing.T) {
	const n = 1500
	marked, longer := 0, 0
	formats := map[int]bool{}
	for i := 0; i < n; i++ {
		c := record.Capability(i % int(record.NumCapabilities))
		a := testGen.FreeForm(seeded(uint64(i), 2), c, Options{Turn: 1})
		b := testGen.FreeForm(seeded(uint64(i), 2), c, Options{Turn: 1, SyntheticTranscript: true})
		for k, m := range transcriptMarks {
			if strings.Count(b.Prompt, m) >= 2 || m == "\"role\": \"user\"" && strings.Count(b.Prompt, m) >= 2 {
				marked++
				formats[k] = true
				break
			}
		}
		if len(b.Prompt) > len(a.Prompt) && (strings.Contains(b.Prompt, a.Prompt) || strings.Contains(b.Prompt, "\"role\"")) {
			longer++
		}
	}
	if marked < n*97/100 {
		t.Errorf("only %d of %d transcript prompts hold two or more user turns", marked, n)
	}
	if longer < n*97/100 {
		t.Errorf("only %d of %d transcript prompts embed the plain one", longer, n)
	}
	if len(formats) < len(transcriptMarks) {
		t.Errorf("only %d transcript formats seen", len(formats))
	}
	// The JSON format stays valid JSON-ish: quotes inside turns are escaped.
	for i := 0; i < 3000; i++ {
		p := testGen.FreeForm(seeded(uint64(i), 3), record.Coding, Options{SyntheticTranscript: true}).Prompt
		if !strings.Contains(p, "messages = [") {
			continue
		}
		inner := p[strings.Index(p, "messages = [")+len("messages = "):]
		if !strings.HasSuffix(inner, "\"}]") || strings.Contains(inner, "\n") {
			t.Fatalf("JSON transcript not escaped: %q", inner)
		}
	}
}

func TestResponseLength(t *testing.T) {
	r := seeded(11, 12)
	for _, c := range record.Capabilities() {
		for _, want := range []int{50, 300, 1200} {
			var sum int
			const n = 100
			for i := 0; i < n; i++ {
				sum += len(words(testGen.FreeForm(r, c, Options{Turn: 1, ResponseWords: want}).Response))
			}
			got := sum / n
			if got < want*8/10 || got > want*17/10+40 {
				t.Errorf("%s: asked %d words, got %d on average", c, want, got)
			}
		}
	}
}

func TestResponsesHaveTheirShape(t *testing.T) {
	r := seeded(13, 14)
	const n = 400
	count := func(c record.Capability, o Options, pred func(Text) bool) float64 {
		k := 0
		for i := 0; i < n; i++ {
			if pred(testGen.FreeForm(r, c, o)) {
				k++
			}
		}
		return float64(k) / n
	}
	has := func(subs ...string) func(Text) bool {
		return func(t Text) bool {
			for _, s := range subs {
				if strings.Contains(t.Response, s) {
					return true
				}
			}
			return false
		}
	}
	f := func(name string, c record.Capability, o Options, pred func(Text) bool, want float64) {
		t.Helper()
		if got := count(c, o, pred); got < want {
			t.Errorf("%s: share %.2f < %.2f", name, got, want)
		}
	}
	f("coding responses hold code", record.Coding, Options{}, has("```"), 0.95)
	f("agentic responses call tools", record.Agentic, Options{}, has("\"arguments\"", "Step 1:", "click(", "Action"), 0.95)
	f("grading responses give a verdict", record.Grading, Options{}, has("/10", "/5", "[[", "Winner", "PASS", "FAIL", "\"score\"", "verdict"), 0.95)
	f("long-horizon responses have phases", record.LongHorizon, Options{}, has("## "), 0.95)
	f("CoT responses are steps", record.General, Options{CoT: true}, has("Step 1:"), 0.95)
	// Word problems get their own arithmetic, not a generic trace.
	k := 0
	for i := 0; i < n; i++ {
		tx := testGen.FreeForm(r, record.Reasoning, Options{CoT: true})
		if strings.Contains(tx.Response, "**Answer:**") {
			ans := strings.TrimSpace(tx.Response[strings.LastIndex(tx.Response, "**Answer:**")+len("**Answer:**"):])
			if ans != "" && strings.Contains(tx.Response[:len(tx.Response)-len(ans)], ans) {
				k++
			}
		}
	}
	if k < n/4 {
		t.Errorf("only %d of %d reasoning CoT responses work out an answer they state", k, n)
	}
}

// TestNoInvalidUTF8 is a property test: whatever the seed, capability,
// options or family, every field is valid UTF-8, the prompt is not empty,
// and the response is not one repeated token.
func TestNoInvalidUTF8(t *testing.T) {
	g := New(nil)
	check := func(where string, tx Text) {
		for _, s := range []string{tx.System, tx.Prompt, tx.Response} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s: invalid UTF-8 in %q", where, s)
			}
		}
		if strings.TrimSpace(tx.Prompt) == "" {
			t.Fatalf("%s: empty prompt", where)
		}
		w := words(tx.Response)
		if len(w) < 3 {
			t.Fatalf("%s: response %q too short", where, tx.Response)
		}
		distinct := map[string]bool{}
		for _, x := range w {
			distinct[x] = true
		}
		if len(w) > 20 && len(distinct) < 5 {
			t.Fatalf("%s: degenerate response %q", where, tx.Response)
		}
	}
	for seed := uint64(0); seed < 3000; seed++ {
		r := seeded(seed, seed*31+7)
		c := record.Capability(seed % uint64(record.NumCapabilities))
		o := Options{Turn: 1 + int(seed%5)/3, CoT: seed%3 == 0, SyntheticTranscript: seed%7 == 0, ResponseWords: int(seed%4) * 70}
		check(fmt.Sprintf("free seed %d", seed), g.FreeForm(r, c, o))
		if seed%10 == 0 {
			f := g.NewFamily(r, c, FamilyOptions{System: seed%20 == 0, Slots: int(seed % 9), Style: []string{"", "harvest", "support-ticket", "code-review", "benchmark-math", "agent-platform", "eval-judge", "pipeline", "??"}[seed%9]})
			for i := 0; i < 10; i++ {
				check(fmt.Sprintf("family seed %d", seed), f.Render(r, float64(i)/9, o))
			}
		}
	}
}

func TestOddInputsDoNotPanic(t *testing.T) {
	r := seeded(1, 1)
	_ = testGen.FreeForm(r, record.Capability(200), Options{Turn: -3, ResponseWords: -5})
	_ = testGen.FreeForm(r, record.NumCapabilities, Options{ResponseWords: 1 << 30})
	f := testGen.NewFamily(r, record.Capability(99), FamilyOptions{Slots: 1000, Style: strings.Repeat("x", 10000)})
	_ = f.Render(r, -1, Options{})
	_ = f.Render(r, 7, Options{Turn: 99, CoT: true, SyntheticTranscript: true})
	if f.Capability() != record.General {
		t.Errorf("family of an unknown capability should fall back to general, got %s", f.Capability())
	}
	_ = testGen.FreeForm(nil, record.Coding, Options{})
	_ = testGen.NewFamily(nil, record.Coding, FamilyOptions{}).Render(nil, 0.5, Options{})
	empty := &RealPrompts{}
	g := New(empty)
	_ = g.FreeForm(r, record.Coding, Options{})
}

// shingles returns the word 5-grams of s, digits masked, as hashes.
func shingles(s string) map[uint64]bool {
	w := words(strings.ToLower(s))
	for i, x := range w {
		if strings.IndexFunc(x, unicode.IsDigit) >= 0 {
			w[i] = "#"
		}
	}
	out := map[uint64]bool{}
	for i := 0; i+5 <= len(w); i++ {
		h := fnv.New64a()
		for _, x := range w[i : i+5] {
			h.Write([]byte(x))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = true
	}
	return out
}

func jaccard(a, b map[uint64]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	in := 0
	for k := range a {
		if b[k] {
			in++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}

// meanOverlap is the mean Jaccard similarity of word 5-grams over pairs of
// consecutive prompts.
func meanOverlap(ps []string) float64 {
	var s float64
	sh := make([]map[uint64]bool, len(ps))
	for i, p := range ps {
		sh[i] = shingles(p)
	}
	for i := 1; i < len(ps); i++ {
		s += jaccard(sh[i-1], sh[i])
	}
	return s / float64(len(ps)-1)
}

var familyStyles = []string{"", "benchmark-math", "support-ticket", "code-review", "agent-platform", "eval-judge", "harvest", "enterprise pipeline"}

// TestFamilies checks, for every capability and style, that renderings of
// one family share its fixed wording at paraphrase 0 (mean word-5-gram
// Jaccard, numbers masked, at least 0.45 per family and 0.6 on average per
// capability), that heavy paraphrasing lowers that overlap, and that slots
// give at least 10,000 distinct renderings out of 20,000.
func TestFamilies(t *testing.T) {
	r := seeded(21, 22)
	for _, c := range record.Capabilities() {
		var sum float64
		var nf int
		for si, style := range familyStyles {
			for k := 0; k < 2; k++ {
				f := testGen.NewFamily(r, c, FamilyOptions{Style: style, System: (si+k)%2 == 0})
				if f.Capability() != c {
					t.Fatalf("family capability %s, want %s", f.Capability(), c)
				}
				render := func(p float64, n int) []string {
					out := make([]string, n)
					for i := range out {
						out[i] = f.Render(r, p, Options{Turn: 1}).Prompt
					}
					return out
				}
				ps := render(0, 300)
				o0, o1 := meanOverlap(ps), meanOverlap(render(1, 300))
				sum += o0
				nf++
				name := fmt.Sprintf("%s/%s(%s)#%d", c, style, styleNames[f.f.style], k)
				if o0 < 0.45 {
					t.Errorf("%s: renderings share little fixed wording (mean 5-gram Jaccard %.2f), e.g.\n%s\n---\n%s", name, o0, ps[0], ps[1])
				}
				if o1 > o0-0.1 {
					t.Errorf("%s: paraphrase 1 overlap %.2f not below paraphrase 0 overlap %.2f", name, o1, o0)
				}
				if k == 0 {
					// Overlap falls steadily as paraphrasing rises.
					if o5 := meanOverlap(render(0.5, 300)); !(o0 > o5 && o5 > o1) {
						t.Errorf("%s: overlap at paraphrase 0, 0.5, 1: %.2f %.2f %.2f, want decreasing", name, o0, o5, o1)
					}
				}
				if k == 0 && si%2 == int(c)%2 {
					distinct := map[string]bool{}
					for _, p := range render(0, 20000) {
						distinct[p] = true
					}
					if len(distinct) < 10000 {
						t.Errorf("%s: only %d distinct renderings of 20000, e.g.\n%s", name, len(distinct), ps[0])
					}
				}
			}
		}
		mean := sum / float64(nf)
		t.Logf("%-12s mean overlap at paraphrase 0: %.2f", c, mean)
		if mean < 0.6 {
			t.Errorf("%s: mean overlap within families %.2f < 0.6", c, mean)
		}
	}
}

func TestFamiliesDifferFromEachOther(t *testing.T) {
	r := seeded(31, 32)
	for _, c := range record.Capabilities() {
		for _, style := range familyStyles {
			var cross float64
			const pairs = 30
			for k := 0; k < pairs; k++ {
				a := testGen.NewFamily(r, c, FamilyOptions{Style: style})
				b := testGen.NewFamily(r, c, FamilyOptions{Style: style})
				cross += jaccard(shingles(a.Render(r, 0, Options{}).Prompt), shingles(b.Render(r, 0, Options{}).Prompt))
			}
			cross /= pairs
			t.Logf("%-12s %-20s mean 5-gram Jaccard between families %.3f", c, style, cross)
			if cross > 0.15 {
				t.Errorf("%s/%s: two families share too much wording (mean 5-gram Jaccard %.2f)", c, style, cross)
			}
		}
	}
}

func TestFamilyOptions(t *testing.T) {
	r := seeded(41, 42)
	for _, c := range record.Capabilities() {
		with := testGen.NewFamily(r, c, FamilyOptions{System: true})
		without := testGen.NewFamily(r, c, FamilyOptions{})
		a, b := with.Render(r, 0, Options{}), with.Render(r, 0.5, Options{})
		if a.System == "" || a.System != b.System {
			t.Errorf("%s: system prompt should be fixed and present, got %q and %q", c, a.System, b.System)
		}
		if s := without.Render(r, 0, Options{}).System; s != "" {
			t.Errorf("%s: family without System has system prompt %q", c, s)
		}
		for _, n := range []int{2, 4, 6} {
			f := testGen.NewFamily(r, c, FamilyOptions{Slots: n})
			if got := len(f.f.slots); got < n {
				t.Errorf("%s: asked %d slots, family has %d", c, n, got)
			}
		}
	}
	// The agent platform's system prompt lists its tools, and responses
	// call those tools.
	f := testGen.NewFamily(r, record.Agentic, FamilyOptions{System: true, Style: "agent-platform"})
	tx := f.Render(r, 0, Options{})
	if !strings.Contains(tx.System, "\"parameters\"") {
		t.Errorf("agent platform system prompt lists no tools: %q", tx.System)
	}
	// Follow-up turns of a family are its own fixed follow-up.
	a := f.Render(r, 0, Options{Turn: 2}).Prompt
	b := f.Render(r, 0, Options{Turn: 2}).Prompt
	if len(a) == 0 || jaccard(shingles(a), shingles(tx.Prompt)) > 0.5 {
		t.Errorf("family follow-up %q looks like its first turn", a)
	}
	_ = b
}

func TestStyleWords(t *testing.T) {
	f := func(c record.Capability, s string, want style) {
		t.Helper()
		if got := pickStyle(seeded(1, 1), c, s); got != want {
			t.Errorf("pickStyle(%s, %q) = %s, want %s", c, s, styleNames[got], styleNames[want])
		}
	}
	f(record.Reasoning, "benchmark-math", stBench)
	f(record.General, "support-ticket", stTicket)
	f(record.Coding, "code-review", stReview)
	f(record.Agentic, "agent-platform", stAgent)
	f(record.Grading, "eval-judge", stJudge)
	f(record.Grading, "eval-lab judging", stJudge)
	f(record.Reasoning, "university lab", stBench)
	f(record.Coding, "harvesting-harness", stHarvest)
	f(record.Vision, "enterprise pipeline", stPipeline)
	f(record.Coding, "support-ticket", stPipeline) // ticket wording fits only general
}
