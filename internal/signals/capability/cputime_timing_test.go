//go:build unix

package capability

import (
	"os"
	"syscall"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/extraction"
	"github.com/distillguard/distillguard/internal/signals/textscan"
)

// TestThroughputCPUTime reports Tag+Markers throughput per CPU-second
// (getrusage user+system time) instead of wall time, which on a shared,
// loaded machine understates per-core speed. Opt-in: DG_CPUTIME=1.
func TestThroughputCPUTime(t *testing.T) {
	if os.Getenv("DG_CPUTIME") == "" {
		t.Skip("set DG_CPUTIME=1 to measure throughput per CPU-second")
	}
	es, n := realExchanges(t)
	long, nl := syntheticLong()
	for _, c := range []struct {
		name string
		es   []record.Exchange
		n    int64
	}{{"real prompts", es, n}, {"synthetic long", long, nl}} {
		var tg Tagger
		var det extraction.Detector
		var x textscan.Exchange
		run := func(both bool) float64 {
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			reps := int(200e6/c.n) + 1
			for r := 0; r < reps; r++ {
				for i := range c.es {
					x.Scan(&c.es[i])
					tg.TagScanned(&c.es[i], &x)
					if both {
						det.MarkersScanned(&x)
					}
				}
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := float64(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano()) / 1e9
			return float64(reps) * float64(c.n) / cpu / 1e6
		}
		t.Logf("%s: Tag %.0f MB/CPU-s, Tag+Markers %.0f MB/CPU-s", c.name, run(false), run(true))
	}
}
