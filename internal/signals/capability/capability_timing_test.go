package capability

import (
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/extraction"
	"github.com/distillguard/distillguard/internal/signals/textscan"
)

// realExchanges loads every public prompt set (arena-hard included) as
// exchanges, and their total prompt bytes.
func realExchanges(tb testing.TB) ([]record.Exchange, int64) {
	var out []record.Exchange
	var n int64
	for _, src := range []string{"humaneval", "gsm8k", "bfcl_simple_python", "bfcl_multiple", "self_instruct", "oasst", "mt_bench", "arena_hard"} {
		for _, s := range loadSource(tb, src) {
			out = append(out, s.e)
			n += int64(len(s.e.Prompt))
		}
	}
	return out, n
}

// syntheticLong returns exchanges with long prompts: a pasted code file, a
// long document with a question at the end, and a long agent transcript.
func syntheticLong() ([]record.Exchange, int64) {
	code := "Refactor this module and explain each change.\n```go\n" + strings.Repeat(
		"func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n\tif err := s.auth(r); err != nil {\n\t\thttp.Error(w, err.Error(), 401)\n\t\treturn\n\t}\n\tfor i, item := range s.items {\n\t\tfmt.Fprintf(w, \"%d: %s\\n\", i, item.Name)\n\t}\n}\n", 120) + "```\n"
	doc := strings.Repeat("The committee met on 12 March to review the budget, which had grown by 14% since the previous year. Members discussed the new library wing, the parking plan and the summer festival. ", 200) +
		"\n\nSummarize the discussion above in five bullet points."
	agent := "You are an autonomous agent with access to the following tools: search_web, read_file, write_file, run_shell.\n" + strings.Repeat(
		"Thought: I should inspect the failing test.\nAction: run_shell\nAction Input: go test ./...\nObservation: FAIL TestParse (0.01s) expected 3 got 4\n", 150)
	var out []record.Exchange
	var n int64
	for _, p := range []string{code, doc, agent} {
		out = append(out, record.Exchange{Prompt: p, Has: record.HasPrompt})
		n += int64(len(p))
	}
	return out, n
}

func benchTag(b *testing.B, es []record.Exchange, n int64) {
	var tg Tagger
	for i := range es { // warm-up: grow the scratch buffers once
		tg.Tag(&es[i])
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for i := range es {
			tg.Tag(&es[i])
		}
	}
}

// benchBoth scans each exchange once and runs both signals on the scan,
// the way the pipeline uses them.
func benchBoth(b *testing.B, es []record.Exchange, n int64) {
	var tg Tagger
	var det extraction.Detector
	var x textscan.Exchange
	run := func() {
		for i := range es {
			x.Scan(&es[i])
			tg.TagScanned(&es[i], &x)
			det.MarkersScanned(&x)
		}
	}
	run() // warm-up: grow the scratch buffers once
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		run()
	}
}

func BenchmarkTagRealPrompts(b *testing.B) {
	es, n := realExchanges(b)
	benchTag(b, es, n)
}

func BenchmarkTagAndMarkersRealPrompts(b *testing.B) {
	es, n := realExchanges(b)
	benchBoth(b, es, n)
}

func BenchmarkTagSyntheticLong(b *testing.B) {
	es, n := syntheticLong()
	benchTag(b, es, n)
}

func BenchmarkTagAndMarkersSyntheticLong(b *testing.B) {
	es, n := syntheticLong()
	benchBoth(b, es, n)
}
