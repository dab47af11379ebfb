package capability

import (
	"math/rand/v2"
	"testing"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/textscan"
)

// TestLabelMatchesTag: Label's short path for exchanges without text
// gives TagScannedUA's label, over random metadata that crosses every rule's
// thresholds, and exchanges with text take the full path.
func TestLabelMatchesTag(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	pick := func(vs ...int64) int64 { return vs[r.IntN(len(vs))] }
	agents := []string{"", "anthropic-python/0.42.1", "Cursor/0.45 (darwin)", "aider/0.60", "curl/8.5", "Mozilla/5.0 Zed/0.160"}
	stops := []string{"", "end_turn", "tool_use", "max_tokens"}
	prompts := []string{"", "", "Write a Python function that merges two sorted lists.", "Solve for x: 3x + 7 = 22. Show each step."}
	var tg Tagger
	var sc textscan.Exchange
	for n := 0; n < 20000; n++ {
		e := record.Exchange{
			Tools: pick(0, 0, 1, 3, 40), ToolCalls: pick(0, 0, 2), Turns: pick(1, 1, 5, 6, 10, 20, 50, 80),
			InputTokens: pick(10, 299, 300, 5000, 16000, 32000, 100000, 200000), Images: pick(0, 0, 1, 2, 9),
			Thinking: r.IntN(3) == 0, MaxTokens: pick(0, 8, 16, 17, 4096), OutputTokens: pick(0, 1, 8, 9, 700),
			UserAgent: agents[r.IntN(len(agents))], StopReason: stops[r.IntN(len(stops))], Prompt: prompts[r.IntN(len(prompts))],
			Has: record.HasOutputTokens | record.HasImages,
		}
		if e.Prompt != "" {
			e.Has |= record.HasPrompt
		}
		sc.Scan(&e)
		var h uint64
		if e.UserAgent != "" && r.IntN(2) == 0 {
			h = dict.Hash(e.UserAgent)
		}
		want := tg.TagScannedUA(&e, &sc, 0).Label
		if got := tg.Label(&e, &sc, h); got != want {
			t.Fatalf("%+v: Label %v, TagScannedUA %v", e, got, want)
		}
	}
}

// TestCodingAgentMemo: the memo answers for the user agent asked, when
// agents share a slot (hashes equal modulo its size), differ in length
// under one hash, or repeat.
func TestCodingAgentMemo(t *testing.T) {
	var tg Tagger
	slots := uint64(len(tg.agents))
	cases := []struct {
		ua   string
		h    uint64
		want bool
	}{
		{"Cursor/0.45 (darwin)", 7, true},
		{"curl/8.5", 7 + slots, false}, // same slot, other hash
		{"Cursor/0.45 (darwin)", 7, true},
		{"aider/0.60", 7 + 2*slots, true},
		{"curl/8.5", 7 + slots, false},
		{"curl/8.5.1", 7 + slots, false}, // same hash, other length: asked afresh
		{"aider/0.60.1", 7 + slots, true},
	}
	for i, c := range cases {
		if got := tg.codingAgent(c.ua, c.h); got != c.want {
			t.Errorf("case %d: codingAgent(%q, %d) = %v, want %v", i, c.ua, c.h, got, c.want)
		}
	}
}
