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
