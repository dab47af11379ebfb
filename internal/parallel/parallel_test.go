package parallel

import (
	"sync/atomic"
	"testing"
)

// TestEachCallsEveryIndexOnce: every index is called exactly once, from a
// worker number in range, whatever the worker count.
func TestEachCallsEveryIndexOnce(t *testing.T) {
	for _, tc := range []struct{ workers, n int }{{2, 0}, {2, 1}, {2, 1000}, {1, 50}, {0, 50}, {8, 3}} {
		calls := make([]atomic.Int32, tc.n)
		var badWorker atomic.Bool
		Each(tc.workers, tc.n, func(w, i int) {
			if w < 0 || w >= max(tc.workers, 1) {
				badWorker.Store(true)
			}
			calls[i].Add(1)
		})
		if badWorker.Load() {
			t.Errorf("workers %d: a worker number out of range", tc.workers)
		}
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("workers %d, n %d: index %d called %d times", tc.workers, tc.n, i, c)
			}
		}
	}
}

// TestRangesCoverInOrder: the ranges are contiguous, in order, cover
// 0..n-1 exactly and come one per worker.
func TestRangesCoverInOrder(t *testing.T) {
	for _, tc := range []struct{ workers, n int }{{2, 0}, {2, 1}, {2, 1001}, {3, 10}, {0, 7}, {8, 3}} {
		w := max(tc.workers, 1)
		lo, hi := make([]int, w), make([]int, w)
		var calls atomic.Int32
		Ranges(tc.workers, tc.n, func(r, l, h int) {
			lo[r], hi[r] = l, h
			calls.Add(1)
		})
		if int(calls.Load()) != w {
			t.Fatalf("workers %d, n %d: %d calls", tc.workers, tc.n, calls.Load())
		}
		at := 0
		for r := range w {
			if lo[r] != at || hi[r] < lo[r] {
				t.Fatalf("workers %d, n %d: range %d is [%d, %d), want it to start at %d", tc.workers, tc.n, r, lo[r], hi[r], at)
			}
			at = hi[r]
		}
		if at != tc.n {
			t.Fatalf("workers %d, n %d: ranges end at %d", tc.workers, tc.n, at)
		}
	}
}
