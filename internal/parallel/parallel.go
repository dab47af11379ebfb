// Package parallel runs the independent pieces of a pipeline stage on the
// cores the pipeline is sized for. Pieces cost unequal time (a heavy
// account's pairs, a large campaign's objects), so goroutines take the next
// index as they free up rather than fixed shares.
package parallel

import (
	"sync"
	"sync/atomic"
)

// Each calls f(w, i) for every i in 0..n-1 from workers goroutines, w being
// the calling goroutine's number (0..workers-1) for per-worker scratch, and
// returns when every call has. f must write only what belongs to its index
// or to its worker. workers below 1 means 1.
func Each(workers, n int, f func(w, i int)) {
	workers = max(workers, 1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(w, i)
			}
		}()
	}
	wg.Wait()
}

// Ranges splits 0..n-1 into workers contiguous ranges of about equal
// length and calls f(r, lo, hi) for range r, [lo, hi), each from its own
// goroutine: for a pass over a column whose per-range results the caller
// combines in range order afterwards. workers below 1 means 1.
func Ranges(workers, n int, f func(r, lo, hi int)) {
	workers = max(workers, 1)
	span := (n + workers - 1) / workers
	Each(workers, workers, func(_, r int) {
		f(r, min(r*span, n), min((r+1)*span, n))
	})
}
