package journal

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkAppend measures durable appends of 64 KiB records (a typical
// ingest batch) with real fsync, by 1 to 64 concurrent appenders, to show
// what group commit buys; flushes/op is the share of appends that paid for
// their own fsync.
func BenchmarkAppend(b *testing.B) {
	for _, size := range []int{64 << 10, 256} {
		for _, appenders := range []int{1, 4, 16, 64} {
			b.Run(fmt.Sprintf("payload=%d/appenders=%d", size, appenders), func(b *testing.B) {
				benchAppend(b, size, appenders, false)
			})
		}
	}
	b.Run("payload=65536/appenders=16/nosync", func(b *testing.B) {
		benchAppend(b, 64<<10, 16, true)
	})
}

func benchAppend(b *testing.B, size, appenders int, noSync bool) {
	j, err := Open(b.TempDir(), Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	var n atomic.Int64
	var wg sync.WaitGroup
	for range appenders {
		wg.Go(func() {
			for n.Add(1) <= int64(b.N) {
				if _, err := j.Append(1, payload); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if got := j.LastSeq(); got != uint64(b.N) {
		b.Fatalf("LastSeq %d after %d appends", got, b.N)
	}
	b.ReportMetric(float64(j.flushes)/float64(b.N), "flushes/op")
}
