package textscan

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// benchText returns the decoded arena-hard prompts, one after another.
func benchText(b *testing.B) string {
	f, err := os.Open("../../../../shared/data/prompts/arena_hard_v0.1.jsonl")
	if err != nil {
		b.Skip("prompt folder ../../../../shared/data/prompts absent; skipping real-text benchmark")
	}
	defer f.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var row struct{ Prompt string }
		if json.Unmarshal(sc.Bytes(), &row) == nil {
			sb.WriteString(row.Prompt)
			sb.WriteString("\n\n")
		}
	}
	return sb.String()
}

func BenchmarkScan(b *testing.B) {
	text := benchText(b)
	var d Doc
	d.Scan(text, 0) // warm-up: grow the token buffer once
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Scan(text, 0)
	}
}

func BenchmarkScanProse(b *testing.B) {
	text := strings.Repeat("Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether?\n", 500)
	var d Doc
	d.Scan(text, 0) // warm-up: grow the token buffer once
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Scan(text, 0)
	}
}
