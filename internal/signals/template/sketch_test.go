package template

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// vocab is a deterministic vocabulary of letter-only pseudo-words, which
// masking keeps as they are.
type vocab struct{ rng *rand.Rand }

func newVocab(seed uint64) vocab { return vocab{rand.New(rand.NewPCG(seed, 0x7e57))} }

func (v vocab) word() string {
	b := make([]byte, 4+v.rng.IntN(6))
	for i := range b {
		b[i] = byte('a' + v.rng.IntN(26))
	}
	return string(b)
}

func (v vocab) words(n int) []string {
	w := make([]string, n)
	for i := range w {
		w[i] = v.word()
	}
	return w
}

// bandsCollide reports whether two signatures share a band key.
func bandsCollide(a, b Signature) bool {
	if !a.Banded || !b.Banded {
		return false
	}
	for i := range a.Bands {
		if a.Bands[i] == b.Bands[i] {
			return true
		}
	}
	return false
}

// sCurve is the probability that two texts of shingle Jaccard s share a band.
func sCurve(s float64) float64 { return 1 - math.Pow(1-math.Pow(s, BandRows), NumBands) }

func TestSlotFilledVariantsShareExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	templates := []func() string{
		func() string {
			return fmt.Sprintf("Solve step by step: a train travels %d km in %d.%d hours. What is its speed in km/h? Order %s-%04d, user %s.",
				rng.IntN(1000), rng.IntN(10), rng.IntN(100), string(rune('A'+rng.IntN(26)))+string(rune('A'+rng.IntN(26))), rng.IntN(10000), fmt.Sprintf("user_%d", rng.IntN(1e6)))
		},
		func() string {
			return fmt.Sprintf(`Translate "%s" into French and explain the grammar of 'word%d'. Reply before %04d-%02d-%02d at %02d:%02d.`,
				newVocab(rng.Uint64()).word()+" "+newVocab(rng.Uint64()).word(), rng.IntN(100), 2000+rng.IntN(30), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60))
		},
		func() string {
			return fmt.Sprintf("Review the function %sHandler in %s/%s.go (commit %x), version v%d.%d.%d, and mail %s@example.com or see https://example.com/issues/%d. Growth was %d%%.",
				newVocab(rng.Uint64()).word(), newVocab(rng.Uint64()).word(), newVocab(rng.Uint64()).word(), rng.Uint64()|0xa<<60, rng.IntN(9), rng.IntN(20), rng.IntN(50), newVocab(rng.Uint64()).word(), rng.IntN(99999), rng.IntN(100))
		},
	}
	var s Sketcher
	for ti, gen := range templates {
		first := gen()
		want := s.Text(first)
		if !want.Banded {
			t.Fatalf("template %d: %q has no bands", ti, first)
		}
		for range 200 {
			v := gen()
			if got := s.Text(v); got != want {
				t.Fatalf("template %d: variant %q masked to %q, differs from %q (%q)", ti, v, s.Masked(), first, Mask(nil, first))
			}
		}
	}
}

// TestParaphraseCollides swaps one word of a 15-word sentence: the bigram
// sets then have Jaccard 12/16 (13/15 at either end), which the S-curve puts
// at ≥ 98%.
func TestParaphraseCollides(t *testing.T) {
	v := newVocab(2)
	var s Sketcher
	const trials = 2000
	hit := 0
	for range trials {
		w := v.words(15)
		a := s.Text(strings.Join(w, " "))
		w[v.rng.IntN(len(w))] = v.word()
		b := s.Text(strings.Join(w, " "))
		if bandsCollide(a, b) {
			hit++
		}
	}
	rate := float64(hit) / trials
	t.Logf("one-word paraphrases of 15-word sentences collide in %.1f%% of %d trials", 100*rate, trials)
	if rate < 0.95 {
		t.Fatalf("paraphrase collision rate %.3f, want ≥ 0.95", rate)
	}
}

func TestUnrelatedRarelyCollide(t *testing.T) {
	// A small vocabulary (500 words) so unrelated sentences share words
	// and some bigrams.
	v := newVocab(3)
	pool := v.words(500)
	sentence := func() string {
		w := make([]string, 8+v.rng.IntN(20))
		for i := range w {
			w[i] = pool[v.rng.IntN(len(pool))]
		}
		return strings.Join(w, " ")
	}
	var s Sketcher
	const trials = 5000
	hit := 0
	for range trials {
		a, b := s.Text(sentence()), s.Text(sentence())
		if a.Exact == b.Exact || bandsCollide(a, b) {
			hit++
		}
	}
	rate := float64(hit) / trials
	t.Logf("unrelated sentence pairs collide in %.2f%% of %d trials", 100*rate, trials)
	if rate >= 0.01 {
		t.Fatalf("unrelated collision rate %.4f, want < 0.01", rate)
	}
}

// TestSCurve builds pairs of texts with an exact shingle Jaccard s, a common
// run of p words followed by q fresh words each, so the bigram sets share
// p−1 of p−1+2q, and compares the band collision rate with
// 1 − (1 − s^r)^b.
func TestSCurve(t *testing.T) {
	v := newVocab(4)
	var s Sketcher
	const trials = 1500
	for _, pq := range [][2]int{{5, 8}, {7, 9}, {9, 8}, {9, 6}, {11, 5}, {13, 4}, {13, 3}, {19, 3}, {28, 3}, {37, 2}} {
		p, q := pq[0], pq[1]
		jac := float64(p-1) / float64(p-1+2*q)
		hit := 0
		for range trials {
			common := v.words(p)
			a := s.Text(strings.Join(append(common, v.words(q)...), " "))
			b := s.Text(strings.Join(append(common, v.words(q)...), " "))
			if bandsCollide(a, b) {
				hit++
			}
		}
		got, want := float64(hit)/trials, sCurve(jac)
		// Three standard deviations of the binomial plus 1.5 points for the
		// finite number of distinct min-hash values.
		tol := 3*math.Sqrt(want*(1-want)/trials) + 0.015
		t.Logf("s=%.3f: collided %.3f, S-curve %.3f (±%.3f)", jac, got, want, tol)
		if math.Abs(got-want) > tol {
			t.Errorf("s=%.3f: collision rate %.3f, S-curve says %.3f ± %.3f", jac, got, want, tol)
		}
	}
}

func TestShortTextsExactOnly(t *testing.T) {
	var s Sketcher
	f := func(in string, banded bool) {
		t.Helper()
		sig := s.Text(in)
		if sig.Banded != banded {
			t.Errorf("Text(%q) (masked %q) banded = %v, want %v", in, s.Masked(), sig.Banded, banded)
		}
		if !sig.Banded && sig.Bands != [NumBands]uint64{} {
			t.Errorf("Text(%q): exact-only signature has band keys", in)
		}
	}
	f("hi", false)
	f("Thanks!", false)
	f("thanks a lot!!!", false)
	f("what is rust?", false)
	f("why?!?! ... ok", false)
	f("tell me a joke", true)
	f("what is 2+2 exactly", true)
	if sig := s.Text(""); !sig.IsZero() {
		t.Errorf("Text(\"\") = %+v, want zero", sig)
	}
	if sig := s.Text(" \n\t "); !sig.IsZero() {
		t.Errorf("Text(whitespace) = %+v, want zero", sig)
	}
	if sig := s.Text("?"); sig.IsZero() || sig.Banded {
		t.Errorf("Text(\"?\") = %+v, want exact only", sig)
	}
	// Short generic prompts only meet their exact twins.
	a, b := s.Text("what is rust"), s.Text("what is go")
	if a.Exact == b.Exact || bandsCollide(a, b) {
		t.Errorf("short prompts collide")
	}
}

// TestSignatureGolden pins the parameters: a change to masking, hashing or
// banding changes these values and needs a new wire version.
func TestSignatureGolden(t *testing.T) {
	var s Sketcher
	sig := s.Text("Solve step by step: what is 17 * 23? Give the final answer as JSON.")
	if got, want := string(s.Masked()), "solve step by step : what is # * # ? give the final answer as json ."; got != want {
		t.Fatalf("masked %q, want %q", got, want)
	}
	if got, want := string(sig.AppendWire(nil)), goldenWire; got != want {
		t.Fatalf("signature wire changed:\n got %s\nwant %s", got, want)
	}
}

const goldenWire = "dg1.LBeHQeORTuqwOXC4qe08xoCnnu5rI-3NMUFu_1wFX4BjpGCNy5lPS1uXOzFJi8Rm0j5YpF4QzM54AEoXqM9_M5kD9i-PPICuvonyfsmdqg2fjzvip6UEIMHJNgAa7ovIP5vccT-GIseTDdrTfP66agLMULvkdro3s3bJVqUhNQECmv-dWq4MN2gbMwLapDeezG2HZvjKRaah8dSGpIalQZjp448LPERu"

func TestSketchPair(t *testing.T) {
	var s Sketcher
	const system = "You are CodeBuddy, the assistant of Acme IDE. Answer concisely and cite file paths."
	p := s.Sketch(system, "How do I reverse a linked list in Rust?")
	q := s.Sketch(system, "Write a haiku about autumn leaves falling slowly.")
	if p.SystemSig != q.SystemSig || !p.SystemSig.Banded {
		t.Fatalf("same system prompt, different SystemSig")
	}
	if p.PromptSig.Exact == q.PromptSig.Exact || bandsCollide(p.PromptSig, q.PromptSig) {
		t.Fatalf("a shared system prompt made unrelated prompts collide")
	}
	r := s.Sketch("", "How do I reverse a linked list in Rust?")
	if r.PromptSig != p.PromptSig || !r.SystemSig.IsZero() {
		t.Fatalf("prompt signature depends on the system prompt: %+v vs %+v", r, p)
	}
	if r.PromptSig != s.Text("How do I reverse a linked list in Rust?") {
		t.Fatalf("Sketch and Text disagree")
	}
}

func TestSketcherCache(t *testing.T) {
	var s, fresh Sketcher
	v := newVocab(5)
	texts := make([]string, 3*cacheSize)
	for i := range texts {
		texts[i] = strings.Join(v.words(10), " ")
	}
	for round := range 3 {
		for i, txt := range texts {
			f := fresh // a copy with an empty cache
			if got, want := s.Text(txt), f.Text(txt); got != want {
				t.Fatalf("round %d text %d: cached signature differs from a fresh one", round, i)
			}
		}
	}
}

func TestSketcherAllocs(t *testing.T) {
	v := newVocab(6)
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = strings.Join(v.words(20+i), " ") + " 42 user_id \"quoted\""
	}
	var s Sketcher
	for _, txt := range texts {
		s.Text(txt)
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		s.Sketch(texts[i%len(texts)], texts[(i+7)%len(texts)])
		i++
	})
	if allocs != 0 {
		t.Fatalf("Sketch allocates %.1f times per call in the steady state", allocs)
	}
}
