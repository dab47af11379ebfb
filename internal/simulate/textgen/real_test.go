package textgen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// realDir is ../shared/data/prompts seen from this package.
const realDir = "../../../../shared/data/prompts"

func skipWithoutRealPrompts(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(realDir); err != nil {
		t.Skipf("real prompt folder %s absent: %v", realDir, err)
	}
}

// nonBlankLines counts the lines of a file that hold something, without
// parsing them: an independent count to compare the loader with.
func nonBlankLines(t *testing.T, file string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, file))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}

func TestLoadRealPrompts(t *testing.T) {
	skipWithoutRealPrompts(t)
	p, st, err := LoadRealPromptsStats(realDir)
	if err != nil {
		t.Fatal(err)
	}
	var want [record.NumCapabilities]int
	want[record.Coding] += len(nonBlankLines(t, "humaneval.jsonl"))
	want[record.Reasoning] += len(nonBlankLines(t, "gsm8k_train.jsonl"))
	want[record.Agentic] += len(nonBlankLines(t, "bfcl_v4_simple_python.jsonl")) + len(nonBlankLines(t, "bfcl_v4_multiple.jsonl"))
	want[record.General] += len(nonBlankLines(t, "self_instruct_seed_tasks.jsonl")) +
		len(nonBlankLines(t, "oasst_prompt_lottery_en_250.jsonl")) + len(nonBlankLines(t, "arena_hard_v0.1.jsonl"))
	for _, l := range nonBlankLines(t, "mt_bench.jsonl") {
		switch {
		case bytes.Contains(l, []byte(`"category": "math"`)), bytes.Contains(l, []byte(`"category": "reasoning"`)):
			want[record.Reasoning]++
		case bytes.Contains(l, []byte(`"category": "coding"`)):
			want[record.Coding]++
		default:
			want[record.General]++
		}
	}
	for _, c := range record.Capabilities() {
		if got := p.Len(c); got != want[c] {
			t.Errorf("%s: loaded %d prompts, the files hold %d", c, got, want[c])
		}
	}
	if st.Malformed != 0 {
		t.Errorf("%d malformed lines in the shared prompt sets", st.Malformed)
	}
	if len(st.Files) != len(RealSourceFiles) {
		t.Errorf("read %v, want all of %v", st.Files, RealSourceFiles)
	}
	// What was read is the prompt, not the record around it.
	for _, s := range p.byCap[record.Agentic] {
		if strings.Contains(s, `"role"`) || strings.TrimSpace(s) == "" {
			t.Fatalf("agentic prompt is not the user's content: %q", s)
		}
	}
	defs := 0
	for _, s := range p.byCap[record.Coding] {
		if strings.Contains(s, "def ") {
			defs++
		}
	}
	if defs < len(nonBlankLines(t, "humaneval.jsonl")) {
		t.Errorf("only %d coding prompts hold a Python function signature", defs)
	}
}

func TestLoadRealPromptsEmptyDir(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadRealPrompts(dir)
	if err == nil {
		t.Fatal("no error for a folder without prompt sets")
	}
	for _, want := range []string{dir, "humaneval.jsonl", "gsm8k_train.jsonl", "mt_bench.jsonl"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestLoadRealPromptsSkipsBadLines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("humaneval.jsonl", `{"prompt": "def f(x):\n    \"\"\"Return x.\"\"\"\n"}`+"\n\n{not json\n"+`{"prompt": "def g():\n"}`+"\n"+`{"prompt": ""}`+"\n")
	write("mt_bench.jsonl", `{"category": "math", "turns": ["What is 2+2?", "And 3+3?"]}`+"\n"+`{"category": "writing", "turns": []}`+"\n"+`{"category": "roleplay", "turns": ["Be a pirate."]}`)
	write("oasst_prompt_lottery_en_250.jsonl", `"hello there"`+"\n"+`42`+"\n")
	write("bfcl_v4_multiple.jsonl", `{"question": [[{"role": "system", "content": "x"}, {"role": "user", "content": "Book a flight."}]]}`+"\n"+`{"question": []}`+"\n")
	p, st, err := LoadRealPromptsStats(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := func(c record.Capability, want int) {
		t.Helper()
		if got := p.Len(c); got != want {
			t.Errorf("%s: %d prompts, want %d", c, got, want)
		}
	}
	f(record.Coding, 2)
	f(record.Reasoning, 1)
	f(record.General, 2)
	f(record.Agentic, 1)
	if st.Malformed != 5 {
		t.Errorf("malformed lines %d, want 5 (bad JSON, empty prompt, no turns, a number, no question)", st.Malformed)
	}
	if p.byCap[record.Agentic][0] != "Book a flight." {
		t.Errorf("bfcl prompt %q, want the user's message", p.byCap[record.Agentic][0])
	}
	if got := strings.Join(st.Files, ","); got != "humaneval.jsonl,bfcl_v4_multiple.jsonl,mt_bench.jsonl,oasst_prompt_lottery_en_250.jsonl" {
		t.Errorf("files read %s", got)
	}
	// An unreadable file is an error, not a silent skip.
	if err := os.Chmod(filepath.Join(dir, "humaneval.jsonl"), 0); err == nil && os.Getuid() != 0 {
		if _, err := LoadRealPrompts(dir); err == nil {
			t.Error("no error for an unreadable prompt set")
		}
	}
}

func TestFreeFormDrawsFromRealPrompts(t *testing.T) {
	skipWithoutRealPrompts(t)
	p, err := LoadRealPrompts(realDir)
	if err != nil {
		t.Fatal(err)
	}
	g := New(p)
	r := seeded(51, 52)
	for _, c := range []record.Capability{record.Coding, record.Reasoning, record.Agentic, record.General} {
		set := map[string]bool{}
		for _, s := range p.byCap[c] {
			set[s] = true
		}
		const n = 2000
		real := 0
		for i := 0; i < n; i++ {
			if set[g.FreeForm(r, c, Options{Turn: 1}).Prompt] {
				real++
			}
		}
		share := float64(real) / n
		if share < 0.6 || share > 0.9 {
			t.Errorf("%s: %.2f of prompts from the real set, want most but not all", c, share)
		}
	}
	// Capabilities without real prompts stay procedural.
	for i := 0; i < 200; i++ {
		if tx := g.FreeForm(r, record.Vision, Options{}); tx.Prompt == "" {
			t.Fatal("empty vision prompt")
		}
	}
	// Options still apply to real prompts.
	a := g.FreeForm(seeded(1, 1), record.Reasoning, Options{})
	b := g.FreeForm(seeded(1, 1), record.Reasoning, Options{CoT: true})
	if !strings.Contains(b.Prompt, a.Prompt) || a.Prompt == b.Prompt {
		t.Errorf("CoT not added to a real prompt:\n%q\n%q", a.Prompt, b.Prompt)
	}
}
