package template

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// benchCorpus returns the public prompts (all sets, in file order), or
// generated prompts of a similar shape when they are absent.
func benchCorpus(b *testing.B) []string {
	b.Helper()
	var out []string
	for _, set := range [][2]string{
		{"gsm8k_train.jsonl", "question"}, {"humaneval.jsonl", "prompt"}, {"arena_hard_v0.1.jsonl", "prompt"},
		{"self_instruct_seed_tasks.jsonl", "instruction"}, {"mt_bench.jsonl", "turns"},
		{"oasst_prompt_lottery_en_250.jsonl", ""}, {"bfcl_v4_simple_python.jsonl", "question"},
	} {
		out = append(out, loadPromptsOrNil(set[0], set[1])...)
	}
	if len(out) > 0 {
		return out
	}
	b.Log("public prompt sets absent: benchmarking generated prompts")
	v := newVocab(30)
	for i := range 5000 {
		w := v.words(10 + i%120)
		for j := 3; j < len(w); j += 9 {
			w[j] = strconv.Itoa(v.rng.IntN(10000))
		}
		out = append(out, strings.Join(w, " ")+"?")
	}
	return out
}

// loadPromptsOrNil is loadPrompts without a test to skip.
func loadPromptsOrNil(file, field string) (out []string) {
	tb := &quietTB{}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	return loadPrompts(tb, file, field)
}

// quietTB turns Skip and Fatal into a panic for loadPromptsOrNil.
type quietTB struct{ testing.TB }

func (*quietTB) Helper()               {}
func (*quietTB) Skipf(string, ...any)  { panic("skip") }
func (*quietTB) Fatal(...any)          { panic("fatal") }
func (*quietTB) Fatalf(string, ...any) { panic("fatal") }

func corpusBytes(c []string) int {
	n := 0
	for _, s := range c {
		n += len(s)
	}
	return n
}

func BenchmarkMask(b *testing.B) {
	corpus := benchCorpus(b)
	b.SetBytes(int64(corpusBytes(corpus) / len(corpus)))
	b.ReportAllocs()
	var dst []byte
	i := 0
	for b.Loop() {
		dst = Mask(dst[:0], corpus[i%len(corpus)])
		i++
	}
}

// BenchmarkSketch measures Mask and MinHash together on distinct prompts
// (the corpus is far larger than the signature cache).
func BenchmarkSketch(b *testing.B) {
	corpus := benchCorpus(b)
	b.SetBytes(int64(corpusBytes(corpus) / len(corpus)))
	b.ReportAllocs()
	var s Sketcher
	i := 0
	for b.Loop() {
		s.Text(corpus[i%len(corpus)])
		i++
	}
}

// BenchmarkSketchLongSystem measures an exchange of an agent platform: a
// 10 KB system prompt that repeats, and a fresh user prompt.
func BenchmarkSketchLongSystem(b *testing.B) {
	corpus := benchCorpus(b)
	system := strings.Join(corpus[:min(len(corpus), 40)], "\n\n")
	system = system[:min(len(system), 10000)]
	b.SetBytes(int64(len(system) + corpusBytes(corpus)/len(corpus)))
	b.ReportAllocs()
	var s Sketcher
	i := 0
	for b.Loop() {
		s.Sketch(system, corpus[i%len(corpus)])
		i++
	}
}

// BenchmarkClustererAssign measures Assign on a stream of mostly unique
// prompts with repeats, near-duplicates and bridges (the stream of the
// determinism test), with the default configuration.
func BenchmarkClustererAssign(b *testing.B) {
	sigs := stream(1<<18, 31)
	b.ReportAllocs()
	c := NewClusterer(Config{})
	i := 0
	for b.Loop() {
		c.Assign(sigs[i&(len(sigs)-1)])
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "assigns/s")
}

// BenchmarkClustererAssignUnique measures Assign on unique prompts only,
// the worst case for the key table (21 keys stored and later evicted per
// prompt).
func BenchmarkClustererAssignUnique(b *testing.B) {
	rng := rand.New(rand.NewPCG(32, 1))
	sigs := make([]Signature, 1<<16)
	b.ReportAllocs()
	c := NewClusterer(Config{})
	i := 0
	for b.Loop() {
		j := i & (len(sigs) - 1)
		if j == 0 {
			b.StopTimer()
			for k := range sigs {
				sigs[k] = randSig(rng)
			}
			b.StartTimer()
		}
		c.Assign(sigs[j])
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "assigns/s")
}
