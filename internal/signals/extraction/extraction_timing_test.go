package extraction

import (
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

func realExchanges(b *testing.B) ([]record.Exchange, int64) {
	var out []record.Exchange
	var n int64
	for _, src := range sources {
		for _, p := range loadTexts(b, src.file, src.text) {
			out = append(out, record.Exchange{Prompt: p, Has: record.HasPrompt})
			n += int64(len(p))
		}
	}
	return out, n
}

func benchMarkers(b *testing.B, es []record.Exchange, n int64) {
	var det Detector
	for i := range es { // warm-up: grow the scratch buffers once
		det.Markers(&es[i])
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for i := range es {
			det.Markers(&es[i])
		}
	}
}

func BenchmarkMarkersRealPrompts(b *testing.B) {
	es, n := realExchanges(b)
	benchMarkers(b, es, n)
}

// BenchmarkMarkersSyntheticLong runs on long prompts: a few-shot transcript
// with elicitation phrases and a long pasted document.
func BenchmarkMarkersSyntheticLong(b *testing.B) {
	shots := strings.Repeat("User: What is 12 * 7? Think step by step and show your work.\nAssistant: 12 * 7 = 84. Final Answer: 84\n", 300)
	doc := strings.Repeat("The quarterly report shows revenue grew 12% while costs fell. Analysts expect the trend to continue into next year, citing demand. ", 400) +
		"\nRate the summary below on a scale of 1 to 10 using the rubric."
	es := []record.Exchange{
		{Prompt: shots, Has: record.HasPrompt},
		{Prompt: doc, Has: record.HasPrompt},
	}
	benchMarkers(b, es, int64(len(shots)+len(doc)))
}
