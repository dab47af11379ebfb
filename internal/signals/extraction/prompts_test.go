package extraction

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// promptDir is the shared folder of public prompt sets, beside the checkout.
const promptDir = "../../../../shared/data/prompts"

// sources maps a source name to its file and how to get the prompt text
// (and, for bfcl, the tool count) out of a line.
var sources = []struct {
	name, file string
	text       func(line []byte) (string, error)
}{
	{"humaneval", "humaneval.jsonl", field("prompt")},
	{"gsm8k", "gsm8k_train.jsonl", field("question")},
	{"bfcl_simple_python", "bfcl_v4_simple_python.jsonl", bfclUser},
	{"bfcl_multiple", "bfcl_v4_multiple.jsonl", bfclUser},
	{"self_instruct", "self_instruct_seed_tasks.jsonl", selfInstruct},
	{"oasst", "oasst_prompt_lottery_en_250.jsonl", func(b []byte) (string, error) {
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	}},
	{"mt_bench", "mt_bench.jsonl", func(b []byte) (string, error) {
		var r struct{ Turns []string }
		err := json.Unmarshal(b, &r)
		if err == nil && len(r.Turns) == 0 {
			err = fmt.Errorf("no turns")
		}
		if err != nil {
			return "", err
		}
		return r.Turns[0], nil
	}},
	{"arena_hard", "arena_hard_v0.1.jsonl", field("prompt")},
}

func field(name string) func([]byte) (string, error) {
	return func(b []byte) (string, error) {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return "", err
		}
		s, _ := m[name].(string)
		return s, nil
	}
}

func bfclUser(b []byte) (string, error) {
	var r struct {
		Question [][]struct{ Role, Content string }
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return "", err
	}
	if len(r.Question) > 0 {
		for _, m := range r.Question[0] {
			if m.Role == "user" {
				return m.Content, nil
			}
		}
	}
	return "", nil
}

func selfInstruct(b []byte) (string, error) {
	var r struct {
		Instruction string
		Instances   []struct{ Input string }
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return "", err
	}
	s := r.Instruction
	if len(r.Instances) > 0 && r.Instances[0].Input != "" {
		s += "\n\n" + r.Instances[0].Input
	}
	return s, nil
}

func loadTexts(t testing.TB, file string, fn func([]byte) (string, error)) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(promptDir, file))
	if err != nil {
		t.Skipf("public prompt sets not found at %s (%v); skipping real-prompt check", promptDir, err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		s, err := fn(sc.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return out
}

// TestRealPromptMarkerRates logs the marker rates per public source and
// checks chain-of-thought false positives where prompts do not ask for it.
func TestRealPromptMarkerRates(t *testing.T) {
	maxCoT := map[string]float64{"humaneval": 0.05, "self_instruct": 0.05, "oasst": 0.05}
	var det Detector
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			texts := loadTexts(t, src.file, src.text)
			var counts [NumMarkers]int
			var examples []string
			for _, p := range texts {
				e := record.Exchange{Prompt: p, Has: record.HasPrompt}
				s := det.Markers(&e)
				for m := 0; m < NumMarkers; m++ {
					if s&(1<<m) != 0 {
						counts[m]++
					}
				}
				if s != 0 && len(examples) < 6 {
					examples = append(examples, fmt.Sprintf("  %s: %.100q", s, p))
				}
			}
			var b strings.Builder
			for m, c := range counts {
				fmt.Fprintf(&b, " %s=%.3f", markerNames[m], float64(c)/float64(len(texts)))
			}
			t.Logf("%s (%d prompts):%s", src.name, len(texts), b.String())
			if testing.Verbose() && len(examples) > 0 {
				t.Logf("examples:\n%s", strings.Join(examples, "\n"))
			}
			if lim, ok := maxCoT[src.name]; ok {
				if r := float64(counts[0]) / float64(len(texts)); r >= lim {
					t.Errorf("%s: CoT rate %.3f, want < %.2f (these prompts do not ask for reasoning)", src.name, r, lim)
				}
			}
		})
	}
}
