package template

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// promptDir holds the public prompt sets, beside the project, not in it.
const promptDir = "../../../../shared/data/prompts"

// loadPrompts reads one text per line of a JSONL file: the field named
// field, or the line itself when it is a JSON string; lists stand for their
// first element and messages for their content (mt_bench turns, BFCL
// [[{"role": "user", "content": …}]]). It skips the test when the folder is
// absent.
func loadPrompts(tb testing.TB, file, field string) []string {
	tb.Helper()
	f, err := os.Open(filepath.Join(promptDir, file))
	if os.IsNotExist(err) {
		tb.Skipf("public prompt sets not found at %s (see ../shared/data/prompts/README.md): %v", promptDir, err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var v any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("%s: %v", file, err)
		}
		if m, ok := v.(map[string]any); ok {
			v = m[field]
		}
		for {
			if l, ok := v.([]any); ok && len(l) > 0 {
				v = l[0]
			} else if m, ok := v.(map[string]any); ok {
				v = m["content"]
			} else {
				break
			}
		}
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	return out
}

// falseTemplateRate clusters the distinct texts and returns the share of
// them that share a template with another, different text, and the number
// of distinct exact hashes.
func falseTemplateRate(texts []string) (rate float64, distinct, exact int) {
	seen := map[string]bool{}
	var sk Sketcher
	c := NewClusterer(Config{})
	var ids []uint32
	exacts := map[uint64]bool{}
	for _, s := range texts {
		if seen[s] {
			continue
		}
		seen[s] = true
		sig := sk.Text(s)
		exacts[sig.Exact] = true
		ids = append(ids, c.Assign(sig))
	}
	size := map[uint32]int{}
	for i, id := range ids {
		ids[i] = c.Find(id)
		size[ids[i]]++
	}
	shared := 0
	for _, id := range ids {
		if size[id] > 1 {
			shared++
		}
	}
	return float64(shared) / float64(len(ids)), len(ids), len(exacts)
}

// TestRealPromptsMostlyDistinct: distinct real prompts should be distinct
// templates. The bound is 5%: the measured rates are 1.2% for gsm8k (every
// group a rewrite of one problem with other names and numbers, which is a
// template in the sense this package means) and 0% for the others; a
// regression in masking (masking ordinary words) or in the LSH threshold
// (unigram shingles give 40% on gsm8k) lands far above it.
func TestRealPromptsMostlyDistinct(t *testing.T) {
	for _, set := range []struct {
		file, field string
		bound       float64
	}{
		{"gsm8k_train.jsonl", "question", 0.05},
		{"oasst_prompt_lottery_en_250.jsonl", "", 0.05},
		{"arena_hard_v0.1.jsonl", "prompt", 0.05},
		{"self_instruct_seed_tasks.jsonl", "instruction", 0.05},
		{"mt_bench.jsonl", "turns", 0.05},
		// BFCL questions are written from templates ("calculate the area
		// of a circle with a radius of # units"); every group found is such
		// a paraphrase. HumanEval prompts share a harness (def f(l: list):
		// """…""" with >>> examples) and some are one docstring apart. For
		// both, a few groups are right, and the bound is 10%; HumanEval's
		// exact hashes must all differ.
		{"bfcl_v4_simple_python.jsonl", "question", 0.10},
		{"humaneval.jsonl", "prompt", 0.10},
	} {
		texts := loadPrompts(t, set.file, set.field)
		rate, n, exact := falseTemplateRate(texts)
		t.Logf("%-36s %5d distinct prompts, %5d distinct masked texts, false-template rate %.2f%%", set.file, n, exact, 100*rate)
		if rate >= set.bound {
			t.Errorf("%s: false-template rate %.3f, want < %.2f", set.file, rate, set.bound)
		}
		if set.file == "humaneval.jsonl" && exact != n {
			t.Errorf("humaneval: %d prompts mask to only %d distinct texts", n, exact)
		}
	}
}

var numberRe = regexp.MustCompile(`\b\d+\b`)

// TestRealSlotFill: every gsm8k question with its numbers changed (whole
// numbers only: the 3 of "3D" is not a slot) keeps its signature.
func TestRealSlotFill(t *testing.T) {
	texts := loadPrompts(t, "gsm8k_train.jsonl", "question")
	rng := rand.New(rand.NewPCG(20, 1))
	var sk Sketcher
	for _, q := range texts {
		want := sk.Text(q)
		v := numberRe.ReplaceAllStringFunc(q, func(string) string { return strconv.Itoa(1 + rng.IntN(99999)) })
		if got := sk.Text(v); got != want {
			t.Fatalf("number change altered the signature:\n%q\n%q", q, v)
		}
	}
}

// TestRealOneWordEdits: a real question with one word replaced stays in its
// template. gsm8k questions have about 45 words, so the bigram Jaccard of a
// one-word edit is about 0.9, where the S-curve is ≈ 1.
func TestRealOneWordEdits(t *testing.T) {
	texts := loadPrompts(t, "gsm8k_train.jsonl", "question")
	rng := rand.New(rand.NewPCG(21, 1))
	v := newVocab(22)
	var sk Sketcher
	const trials = 2000
	hit := 0
	for range trials {
		w := strings.Fields(texts[rng.IntN(len(texts))])
		a := sk.Text(strings.Join(w, " "))
		w[rng.IntN(len(w))] = v.word()
		b := sk.Text(strings.Join(w, " "))
		if a.Exact == b.Exact || bandsCollide(a, b) {
			hit++
		}
	}
	rate := float64(hit) / trials
	t.Logf("one-word edits of gsm8k questions stay in their template %.1f%% of the time", 100*rate)
	if rate < 0.95 {
		t.Fatalf("one-word edit collision rate %.3f, want ≥ 0.95", rate)
	}
}
