package journal

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// payloadFor is the payload the tests store as seq: its length varies
// from 0 to 299 bytes and its bytes depend on seq.
func payloadFor(seq uint64) []byte {
	p := make([]byte, seq*37%300)
	r := rand.New(rand.NewPCG(seq, 1))
	for i := range p {
		p[i] = byte(r.Uint32())
	}
	return p
}

func kindFor(seq uint64) Kind { return Kind(seq%3 + 1) }

type rec struct {
	seq     uint64
	kind    Kind
	payload []byte
}

func mustOpen(t testing.TB, dir string, opt Options) *Journal {
	t.Helper()
	j, err := Open(dir, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

// appendN appends records lastSeq+1 … lastSeq+n with payloadFor.
func appendN(t testing.TB, j *Journal, n int) {
	t.Helper()
	for range n {
		want := j.LastSeq() + 1
		seq, err := j.Append(kindFor(want), payloadFor(want))
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		if seq != want {
			t.Fatalf("Append returned seq %d, want %d", seq, want)
		}
	}
}

func replayAll(t testing.TB, j *Journal, from uint64) []rec {
	t.Helper()
	var got []rec
	err := j.Replay(from, func(seq uint64, kind Kind, payload []byte) error {
		got = append(got, rec{seq, kind, slices.Clone(payload)})
		return nil
	})
	if err != nil {
		t.Fatalf("Replay(%d): %v", from, err)
	}
	return got
}

// checkRecords checks that Replay from from returns exactly the records
// from … last made by appendN, followed by nothing or by records after last.
func checkRecords(t testing.TB, j *Journal, from, last uint64) {
	t.Helper()
	got := slices.DeleteFunc(replayAll(t, j, from), func(r rec) bool { return r.seq > last })
	if from == 0 {
		from = 1
	}
	if want := int(last - from + 1); len(got) != want {
		t.Fatalf("Replay(%d) returned %d records, want %d", from, len(got), want)
	}
	for i, r := range got {
		seq := from + uint64(i)
		if r.seq != seq || r.kind != kindFor(seq) || !bytes.Equal(r.payload, payloadFor(seq)) {
			t.Fatalf("Replay(%d) record %d = seq %d kind %d payload %d bytes, want seq %d kind %d payload %d bytes",
				from, i, r.seq, r.kind, len(r.payload), seq, kindFor(seq), len(payloadFor(seq)))
		}
	}
}

func segFiles(t testing.TB, dir string) []string {
	t.Helper()
	segs, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, s := range segs {
		paths = append(paths, s.path)
	}
	return paths
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name         string
		segmentBytes int64
		n            int
		minSegments  int
	}{
		{"default segments", 0, 100, 1},
		{"small segments", 1000, 300, 20},
		{"one record per segment", 1, 40, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opt := Options{SegmentBytes: tc.segmentBytes}
			j := mustOpen(t, dir, opt)
			if j.LastSeq() != 0 {
				t.Fatalf("new journal LastSeq = %d", j.LastSeq())
			}
			appendN(t, j, tc.n)
			checkRecords(t, j, 1, uint64(tc.n))
			if err := j.Close(); err != nil {
				t.Fatal(err)
			}
			files := segFiles(t, dir)
			if len(files) < tc.minSegments {
				t.Fatalf("%d segment files, want at least %d", len(files), tc.minSegments)
			}
			if got, want := filepath.Base(files[0]), "00000000000000000001.seg"; got != want {
				t.Fatalf("first segment is %s, want %s", got, want)
			}
			for _, f := range files[:len(files)-1] {
				fi, err := os.Stat(f)
				if err != nil {
					t.Fatal(err)
				}
				if limit := max(tc.segmentBytes, headerLen+recHeaderLen+300); tc.segmentBytes > 0 && fi.Size() > limit {
					t.Fatalf("%s has %d bytes, more than SegmentBytes allows", f, fi.Size())
				}
			}

			j = mustOpen(t, dir, opt)
			if got := j.LastSeq(); got != uint64(tc.n) {
				t.Fatalf("LastSeq after reopen = %d, want %d", got, tc.n)
			}
			checkRecords(t, j, 1, uint64(tc.n))
			checkRecords(t, j, 0, uint64(tc.n))
			mid := uint64(tc.n/2 + 1)
			checkRecords(t, j, mid, uint64(tc.n))
			checkRecords(t, j, uint64(tc.n), uint64(tc.n))
			if got := replayAll(t, j, uint64(tc.n)+1); len(got) != 0 {
				t.Fatalf("Replay past the end returned %d records", len(got))
			}

			// Appends continue the seqs, and a batch takes consecutive ones.
			appendN(t, j, 5)
			next := uint64(tc.n) + 6
			batch := [][]byte{payloadFor(next), payloadFor(next + 1), payloadFor(next + 2)}
			first, err := j.AppendBatch(kindFor(next), batch)
			if err != nil || first != next {
				t.Fatalf("AppendBatch = %d, %v; want %d", first, err, next)
			}
			got := replayAll(t, j, next)
			if len(got) != 3 || got[2].seq != next+2 || got[1].kind != kindFor(next) || !bytes.Equal(got[1].payload, batch[1]) {
				t.Fatalf("Replay after AppendBatch = %+v", got)
			}
			j.Close()
			j = mustOpen(t, dir, opt)
			if got := j.LastSeq(); got != next+2 {
				t.Fatalf("LastSeq after second reopen = %d, want %d", got, next+2)
			}
			checkRecords(t, j, 1, next-1)
			got = replayAll(t, j, 1)
			if len(got) != int(next+2) || !bytes.Equal(got[next+1].payload, batch[2]) {
				t.Fatalf("Replay after second reopen returned %d records, want %d ending with the batch", len(got), next+2)
			}
		})
	}
}

func TestAppendErrors(t *testing.T) {
	j := mustOpen(t, t.TempDir(), Options{NoSync: true})
	if _, err := j.Append(0, []byte("x")); err == nil {
		t.Fatal("Append of kind 0 succeeded")
	}
	if _, err := j.Append(1, make([]byte, MaxPayload+1)); err == nil {
		t.Fatal("Append of MaxPayload+1 bytes succeeded")
	}
	if _, err := j.AppendBatch(1, [][]byte{{1}, make([]byte, MaxPayload+1)}); err == nil {
		t.Fatal("AppendBatch with an oversized payload succeeded")
	}
	if j.LastSeq() != 0 {
		t.Fatalf("rejected appends used seqs: LastSeq = %d", j.LastSeq())
	}
	if first, err := j.AppendBatch(1, nil); first != 0 || err != nil {
		t.Fatalf("empty AppendBatch = %d, %v", first, err)
	}
	if seq, err := j.Append(1, nil); seq != 1 || err != nil {
		t.Fatalf("Append of an empty payload = %d, %v", seq, err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if _, err := j.Append(1, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Append after Close = %v", err)
	}
	if _, err := j.AppendBatch(1, [][]byte{nil}); !errors.Is(err, ErrClosed) {
		t.Fatalf("AppendBatch after Close = %v", err)
	}
	if err := j.Replay(1, func(uint64, Kind, []byte) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("Replay after Close = %v", err)
	}
	if _, err := Open(t.TempDir(), Options{SegmentBytes: -1}); err == nil {
		t.Fatal("Open with negative SegmentBytes succeeded")
	}
}

func TestReplayStopsOnError(t *testing.T) {
	j := mustOpen(t, t.TempDir(), Options{NoSync: true, SegmentBytes: 500})
	appendN(t, j, 50)
	stop := errors.New("stop")
	calls := 0
	err := j.Replay(10, func(seq uint64, _ Kind, _ []byte) error {
		calls++
		if seq == 20 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 11 {
		t.Fatalf("Replay = %v after %d calls, want stop after 11", err, calls)
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	j := mustOpen(t, dir, Options{NoSync: true})
	if j2, err := Open(dir, Options{NoSync: true}); err == nil {
		j2.Close()
		t.Fatal("second Open of an open journal succeeded")
	}
	appendN(t, j, 3)
	j.Close()
	j = mustOpen(t, dir, Options{NoSync: true})
	checkRecords(t, j, 1, 3)
}

// TestWriteFailure checks that after a failed write the journal refuses
// appends (it cannot know what reached the disk) and that reopening
// recovers the records acknowledged before.
func TestWriteFailure(t *testing.T) {
	dir := t.TempDir()
	j := mustOpen(t, dir, Options{})
	appendN(t, j, 10)
	j.f.Close() // the next write fails
	if _, err := j.Append(1, []byte("lost")); err == nil {
		t.Fatal("Append to a closed file succeeded")
	}
	if _, err := j.Append(1, []byte("later")); err == nil || !strings.Contains(err.Error(), "reopened") {
		t.Fatalf("Append after a failure = %v, want the sticky error", err)
	}
	if j.LastSeq() != 10 {
		t.Fatalf("LastSeq after failure = %d", j.LastSeq())
	}
	j.Close()
	j = mustOpen(t, dir, Options{})
	checkRecords(t, j, 1, 10)
	appendN(t, j, 1)
}

// TestConcurrentAppend runs many appenders, with segment rotations and a
// concurrent Replay, and checks seqs are distinct and dense and every
// payload comes back.
func TestConcurrentAppend(t *testing.T) {
	const writers, each = 16, 100
	dir := t.TempDir()
	j := mustOpen(t, dir, Options{SegmentBytes: 16 << 10})
	var mu sync.Mutex
	bySeq := map[uint64]string{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				p := fmt.Appendf(nil, "w%d-i%d-%s", w, i, strings.Repeat("x", (w*each+i)%200))
				seq, err := j.Append(Kind(w+1), p)
				if err != nil {
					t.Errorf("Append: %v", err)
					return
				}
				mu.Lock()
				if old, dup := bySeq[seq]; dup {
					t.Errorf("seq %d given to %q and %q", seq, old, p)
				}
				bySeq[seq] = string(p)
				mu.Unlock()
			}
		})
	}
	// Replays while appends run must see a dense prefix of what was
	// acknowledged.
	done := make(chan struct{})
	var replays sync.WaitGroup
	replays.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			last := j.LastSeq()
			var n uint64
			err := j.Replay(1, func(seq uint64, _ Kind, _ []byte) error {
				if n++; seq != n {
					return fmt.Errorf("concurrent Replay gave seq %d after %d records", seq, n-1)
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			if n < last {
				t.Errorf("concurrent Replay stopped at %d, LastSeq was %d before it started", n, last)
				return
			}
		}
	})
	wg.Wait()
	close(done)
	replays.Wait()

	const total = writers * each
	if len(bySeq) != total || j.LastSeq() != total {
		t.Fatalf("%d distinct seqs, LastSeq %d, want %d", len(bySeq), j.LastSeq(), total)
	}
	for seq := uint64(1); seq <= total; seq++ {
		if _, ok := bySeq[seq]; !ok {
			t.Fatalf("seq %d missing", seq)
		}
	}
	t.Logf("%d appends in %d group commits", total, j.flushes)
	if j.flushes >= total {
		t.Errorf("%d appends took %d fsyncs: no group commit", total, j.flushes)
	}
	if len(segFiles(t, dir)) < 5 {
		t.Errorf("only %d segments: rotation under concurrency not exercised", len(segFiles(t, dir)))
	}
	j.Close()
	j = mustOpen(t, dir, Options{})
	got := replayAll(t, j, 1)
	if len(got) != total {
		t.Fatalf("Replay after reopen returned %d records, want %d", len(got), total)
	}
	for _, r := range got {
		want := bySeq[r.seq]
		if string(r.payload) != want || !strings.HasPrefix(want, fmt.Sprintf("w%d-", r.kind-1)) {
			t.Fatalf("seq %d: kind %d payload %q, want %q", r.seq, r.kind, r.payload, bySeq[r.seq])
		}
	}
}

// TestCloseDuringAppends checks that Close lets queued appends finish: every
// Append either returns a seq that survives reopening or ErrClosed.
func TestCloseDuringAppends(t *testing.T) {
	dir := t.TempDir()
	j, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	acked := map[uint64][]byte{}
	var wg sync.WaitGroup
	started := make(chan struct{}, 8)
	for w := range 8 {
		wg.Go(func() {
			var once sync.Once
			defer once.Do(func() { started <- struct{}{} }) // on early failure
			for i := 0; ; i++ {
				p := fmt.Appendf(nil, "%d/%d", w, i)
				seq, err := j.Append(1, p)
				if errors.Is(err, ErrClosed) {
					return
				}
				if err != nil {
					t.Errorf("Append: %v", err)
					return
				}
				mu.Lock()
				acked[seq] = p
				mu.Unlock()
				if i == 5 {
					once.Do(func() { started <- struct{}{} })
				}
			}
		})
	}
	for range 8 {
		<-started
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	j = mustOpen(t, dir, Options{})
	if got := j.LastSeq(); got != uint64(len(acked)) {
		t.Fatalf("LastSeq after reopen = %d, but %d appends were acknowledged", got, len(acked))
	}
	for _, r := range replayAll(t, j, 1) {
		if !bytes.Equal(r.payload, acked[r.seq]) {
			t.Fatalf("seq %d = %q, acknowledged as %q", r.seq, r.payload, acked[r.seq])
		}
	}
}

// TestErr checks that Err reports the failure that stops appends, so that
// a server can stop reporting ready, and ErrClosed after Close.
func TestErr(t *testing.T) {
	dir := t.TempDir()
	j := mustOpen(t, dir, Options{})
	appendN(t, j, 3)
	if err := j.Err(); err != nil {
		t.Fatalf("Err of a healthy journal = %v", err)
	}
	j.f.Close() // the next write fails, as on a full disk
	_, aerr := j.Append(1, []byte("lost"))
	if aerr == nil {
		t.Fatal("Append to a closed file succeeded")
	}
	err := j.Err()
	if err == nil || !errors.Is(err, os.ErrClosed) || err.Error() != aerr.Error() {
		t.Fatalf("Err after a failed write = %v, want the Append error %v", err, aerr)
	}
	if _, err := j.Append(1, []byte("later")); err == nil {
		t.Fatal("Append after a failure succeeded")
	}
	if err := j.Err(); err == nil {
		t.Fatal("Err forgot the failure")
	}
	j.Close()
	if err := j.Err(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Err after Close = %v, want ErrClosed", err)
	}
	j = mustOpen(t, dir, Options{})
	if err := j.Err(); err != nil {
		t.Fatalf("Err after reopening = %v", err)
	}
	checkRecords(t, j, 1, 3)
}
