package simulate

import (
	"bytes"
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// countingWriter discards bytes and counts lines.
type countingWriter struct{ bytes, lines int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.bytes += int64(len(p))
	w.lines += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// BenchmarkWriteExchanges measures the whole exchange path without text:
// daily counts, conversations, sorting, rendering to JSON, in order, to a
// discarding writer (no compression). Run it with -cpu 1 for the per-core
// figure.
func BenchmarkWriteExchanges(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			start, end := shortPeriod("2026-04-22", 14)
			var nbytes, lines int64
			var cpu time.Duration
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s, err := New(Options{Scenario: "incident-2026-06", Scale: 0.05, Seed: int64(i), NoText: true, Start: start, End: end, Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				w := &countingWriter{}
				c0 := cpuTime()
				b.StartTimer()
				if err := s.WriteExchanges(context.Background(), w); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime() - c0
				b.StartTimer()
				nbytes += w.bytes
				lines += w.lines
			}
			b.SetBytes(nbytes / int64(b.N))
			b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "exchanges/s")
			b.ReportMetric(float64(nbytes)/float64(lines), "bytes/exchange")
			// Per CPU-second: what one core does, even on a shared machine
			// where wall time includes waiting for a core.
			b.ReportMetric(float64(lines)/cpu.Seconds(), "exchanges/cpu-s")
			b.ReportMetric(float64(nbytes)/1e6/cpu.Seconds(), "MB/cpu-s")
		})
	}
}
