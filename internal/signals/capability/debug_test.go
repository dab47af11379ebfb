package capability

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestExplainMisses is a tuning aid: with DG_DEBUG=source[,n] (a source of
// prompts_test.go, e.g. DG_DEBUG=self_instruct,20) it logs the evidence
// behind the first n exchanges of that source that get a label other than
// the source's.
func TestExplainMisses(t *testing.T) {
	spec := os.Getenv("DG_DEBUG")
	if spec == "" {
		t.Skip("set DG_DEBUG=source[,n] to explain misses")
	}
	src, lim := spec, 20
	if a, b, ok := strings.Cut(spec, ","); ok {
		src = a
		fmt.Sscan(b, &lim)
	}
	for _, s := range loadSource(t, src) {
		if lim == 0 {
			break
		}
		r, rs := Explain(&s.e)
		if r.Label == s.want {
			continue
		}
		lim--
		var b strings.Builder
		for i, x := range rs {
			if i == 12 {
				break
			}
			b.WriteString("\n    " + x.String())
		}
		t.Logf("want %s got %s (margin %.2f) %.200q%s", s.want, r.Label, r.Margin, s.e.Prompt, b.String())
	}
}
