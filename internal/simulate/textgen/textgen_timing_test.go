package textgen

import (
	"math/rand/v2"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// The simulator renders millions of exchanges in text mode, so these
// benchmarks report bytes produced (prompt + response + system) per second
// and allocations per exchange. Run with -benchtime=1s or shorter: the
// machine has two shared cores.

var sinkText Text

// avgBytes measures the mean size of what gen produces, for b.SetBytes.
func avgBytes(gen func(i int) Text) int64 {
	var n int64
	const k = 2000
	for i := 0; i < k; i++ {
		t := gen(i)
		n += int64(len(t.System) + len(t.Prompt) + len(t.Response))
	}
	return n / k
}

func benchFree(b *testing.B, o Options) {
	g := New(nil)
	r := rand.New(rand.NewPCG(1, 1))
	gen := func(i int) Text {
		return g.FreeForm(r, record.Capability(i%int(record.NumCapabilities)), o)
	}
	b.SetBytes(avgBytes(gen))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkText = gen(i)
	}
}

// BenchmarkFreeForm: one individual's prompt and its response, capabilities
// in turn, natural response lengths.
func BenchmarkFreeForm(b *testing.B) { benchFree(b, Options{Turn: 1}) }

// BenchmarkFreeFormShort: responses of about 60 words.
func BenchmarkFreeFormShort(b *testing.B) { benchFree(b, Options{Turn: 1, ResponseWords: 60}) }

// BenchmarkFreeFormCoT: chain-of-thought requests and step-by-step answers.
func BenchmarkFreeFormCoT(b *testing.B) { benchFree(b, Options{Turn: 1, CoT: true}) }

// BenchmarkFreeFormTranscript: prompts with fake earlier turns.
func BenchmarkFreeFormTranscript(b *testing.B) {
	benchFree(b, Options{Turn: 1, SyntheticTranscript: true})
}

func benchRender(b *testing.B, p float64, o Options) {
	g := New(nil)
	r := rand.New(rand.NewPCG(2, 2))
	fams := make([]*Family, 0, 28)
	for i := 0; i < 28; i++ {
		fams = append(fams, g.NewFamily(r, record.Capability(i%int(record.NumCapabilities)), FamilyOptions{System: i%2 == 0}))
	}
	gen := func(i int) Text { return fams[i%len(fams)].Render(r, p, o) }
	b.SetBytes(avgBytes(gen))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkText = gen(i)
	}
}

// BenchmarkRender: a harvesting harness or pipeline sending its template.
func BenchmarkRender(b *testing.B) { benchRender(b, 0.3, Options{Turn: 1}) }

// BenchmarkRenderShort: templated prompts with ~60-word responses.
func BenchmarkRenderShort(b *testing.B) { benchRender(b, 0.3, Options{Turn: 1, ResponseWords: 60}) }

// BenchmarkRenderCoT: templated prompts asking for the reasoning.
func BenchmarkRenderCoT(b *testing.B) { benchRender(b, 0.3, Options{Turn: 1, CoT: true}) }

// BenchmarkNewFamily: drawing a template family (rare: once per campaign
// or pipeline).
func BenchmarkNewFamily(b *testing.B) {
	g := New(nil)
	r := rand.New(rand.NewPCG(3, 3))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = g.NewFamily(r, record.Capability(i%int(record.NumCapabilities)), FamilyOptions{System: true})
	}
}
