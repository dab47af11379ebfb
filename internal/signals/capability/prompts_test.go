package capability

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// promptDir is the shared folder of public prompt sets, beside the checkout.
const promptDir = "../../../../shared/data/prompts"

// sample is one prompt of a public set with the label its source implies.
type sample struct {
	e     record.Exchange
	want  record.Capability // NumCapabilities when the source gives none
	group string            // sub-source (bfcl file, mt_bench category, arena cluster)
}

func readLines(t testing.TB, name string, fn func(line []byte) error) {
	t.Helper()
	f, err := os.Open(filepath.Join(promptDir, name))
	if err != nil {
		t.Skipf("public prompt sets not found at %s (%v); skipping real-prompt check", promptDir, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			t.Fatalf("%s line %d: %v", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func promptExchange(text string) record.Exchange {
	return record.Exchange{Prompt: text, Turns: 1, Has: record.HasPrompt | record.HasTurns}
}

// loadSource builds exchanges from one public set the way a real request
// carrying that prompt would look.
func loadSource(t testing.TB, src string) []sample {
	var out []sample
	switch src {
	case "humaneval":
		readLines(t, "humaneval.jsonl", func(b []byte) error {
			var r struct{ Prompt string }
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			out = append(out, sample{e: promptExchange(r.Prompt), want: record.Coding})
			return nil
		})
	case "gsm8k":
		readLines(t, "gsm8k_train.jsonl", func(b []byte) error {
			var r struct{ Question string }
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			out = append(out, sample{e: promptExchange(r.Question), want: record.Reasoning})
			return nil
		})
	case "bfcl_simple_python", "bfcl_multiple":
		file := map[string]string{"bfcl_simple_python": "bfcl_v4_simple_python.jsonl", "bfcl_multiple": "bfcl_v4_multiple.jsonl"}[src]
		readLines(t, file, func(b []byte) error {
			var r struct {
				Question [][]struct{ Role, Content string }
				Function []json.RawMessage
			}
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			var user string
			if len(r.Question) > 0 {
				for _, m := range r.Question[0] {
					if m.Role == "user" {
						user = m.Content
					}
				}
			}
			e := promptExchange(user)
			// a real function-calling request carries its tool definitions
			e.Tools = int64(len(r.Function))
			e.Has |= record.HasTools
			out = append(out, sample{e: e, want: record.Agentic})
			return nil
		})
	case "self_instruct":
		readLines(t, "self_instruct_seed_tasks.jsonl", func(b []byte) error {
			var r struct {
				Instruction string
				Instances   []struct{ Input string }
			}
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			text := r.Instruction
			if len(r.Instances) > 0 && r.Instances[0].Input != "" {
				text += "\n\n" + r.Instances[0].Input
			}
			out = append(out, sample{e: promptExchange(text), want: record.General})
			return nil
		})
	case "oasst":
		readLines(t, "oasst_prompt_lottery_en_250.jsonl", func(b []byte) error {
			var s string
			if err := json.Unmarshal(b, &s); err != nil {
				return err
			}
			out = append(out, sample{e: promptExchange(s), want: record.General})
			return nil
		})
	case "mt_bench":
		readLines(t, "mt_bench.jsonl", func(b []byte) error {
			var r struct {
				Category string
				Turns    []string
			}
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			want, ok := map[string]record.Capability{
				"math": record.Reasoning, "reasoning": record.Reasoning, "coding": record.Coding,
				"writing": record.General, "roleplay": record.General, "extraction": record.General,
				"stem": record.General, "humanities": record.General,
			}[r.Category]
			if !ok {
				return fmt.Errorf("unknown mt_bench category %q", r.Category)
			}
			out = append(out, sample{e: promptExchange(r.Turns[0]), want: want, group: r.Category})
			return nil
		})
	case "arena_hard":
		readLines(t, "arena_hard_v0.1.jsonl", func(b []byte) error {
			var r struct{ Cluster, Prompt string }
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			out = append(out, sample{e: promptExchange(r.Prompt), want: record.NumCapabilities, group: r.Cluster})
			return nil
		})
	default:
		t.Fatalf("unknown source %q", src)
	}
	return out
}

// confusion counts (want, got) pairs.
type confusion [record.NumCapabilities + 1][record.NumCapabilities]int

func (c *confusion) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-13s", "want\\got")
	for g := record.Capability(0); g < record.NumCapabilities; g++ {
		fmt.Fprintf(&b, "%13s", g)
	}
	b.WriteString("\n")
	for w := 0; w <= int(record.NumCapabilities); w++ {
		row := c[w]
		sum := 0
		for _, v := range row {
			sum += v
		}
		if sum == 0 {
			continue
		}
		name := "(none)"
		if w < int(record.NumCapabilities) {
			name = record.Capability(w).String()
		}
		fmt.Fprintf(&b, "%-13s", name)
		for _, v := range row {
			fmt.Fprintf(&b, "%13d", v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestRealPromptAccuracy(t *testing.T) {
	cases := []struct {
		src string
		min float64
	}{
		{"humaneval", 0.85},
		{"gsm8k", 0.85},
		{"bfcl_simple_python", 0.85},
		{"bfcl_multiple", 0.85},
		{"self_instruct", 0.85},
		{"oasst", 0.85},
		{"mt_bench", 0.75},
	}
	var tg Tagger
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			samples := loadSource(t, c.src)
			if len(samples) == 0 {
				t.Fatalf("no samples in %s", c.src)
			}
			var conf confusion
			perGroup := map[string][2]int{}
			ok := 0
			var misses []string
			for i := range samples {
				s := &samples[i]
				got := tg.Tag(&s.e)
				conf[s.want][got]++
				pg := perGroup[s.group]
				pg[1]++
				if got == s.want {
					ok++
					pg[0]++
				} else if len(misses) < 12 {
					misses = append(misses, fmt.Sprintf("  want %s got %s: %.90q", s.want, got, s.e.Prompt))
				}
				perGroup[s.group] = pg
			}
			acc := float64(ok) / float64(len(samples))
			t.Logf("%s: accuracy %.3f (%d/%d)\n%s", c.src, acc, ok, len(samples), conf.String())
			if len(perGroup) > 1 {
				var keys []string
				for k := range perGroup {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					t.Logf("  %-12s %d/%d", k, perGroup[k][0], perGroup[k][1])
				}
			}
			if testing.Verbose() {
				t.Logf("first misses:\n%s", strings.Join(misses, "\n"))
			}
			if acc < c.min {
				t.Errorf("%s: accuracy %.3f below %.2f", c.src, acc, c.min)
			}
		})
	}
}

func TestArenaHardDistribution(t *testing.T) {
	samples := loadSource(t, "arena_hard")
	var tg Tagger
	var dist [record.NumCapabilities]int
	for i := range samples {
		dist[tg.Tag(&samples[i].e)]++
	}
	var b strings.Builder
	for l, n := range dist {
		fmt.Fprintf(&b, " %s=%d (%.0f%%)", record.Capability(l), n, 100*float64(n)/float64(len(samples)))
	}
	t.Logf("arena_hard label distribution over %d prompts:%s", len(samples), b.String())
}
