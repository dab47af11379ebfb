package journal

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen writes arbitrary bytes as the only segment, after a valid
// header or raw, and checks that Open never panics and either fails or
// returns a journal whose Replay agrees with LastSeq, that takes appends,
// and that opens again to the same state.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	j, err := Open(dir, Options{NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	// Short records keep the seeds small, which the fuzzer mutates and
	// minimizes much faster than kilobytes.
	for seq, p := range []string{"a", "", "ccc", "dddd"} {
		if _, err := j.Append(Kind(seq+1), []byte(p)); err != nil {
			f.Fatal(err)
		}
	}
	j.Close()
	valid, err := os.ReadFile(filepath.Join(dir, segName(1)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid, false)
	f.Add(valid[headerLen:], true)
	f.Add(valid[:len(valid)-3], false)
	f.Add(valid[headerLen:len(valid)-6], true)
	f.Add([]byte{}, false)
	f.Add([]byte{}, true)
	f.Add(valid[:7], false)
	f.Add(make([]byte, 40), true)
	f.Add(encode(7, []byte("hello")), true)

	// One directory for all inputs, emptied before each: creating and
	// removing a directory per input would halve the rate of executions.
	dir = f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, withHeader bool) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
		if withHeader {
			data = append(appendHeader(nil, 1), data...)
		}
		if err := os.WriteFile(filepath.Join(dir, segName(1)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := Open(dir, Options{NoSync: true, SegmentBytes: 512})
		if err != nil {
			return
		}
		defer j.Close()
		last := j.LastSeq()
		var n uint64
		err = j.Replay(1, func(seq uint64, kind Kind, _ []byte) error {
			if n++; seq != n || kind == 0 {
				t.Fatalf("Replay gave seq %d kind %d as record %d", seq, kind, n)
			}
			return nil
		})
		if err != nil || n != last {
			t.Fatalf("Replay returned %d records and %v; LastSeq is %d", n, err, last)
		}
		if seq, err := j.Append(1, []byte("after recovery")); err != nil || seq != last+1 {
			t.Fatalf("Append after recovery = %d, %v; want %d", seq, err, last+1)
		}
		j.Close()
		j, err = Open(dir, Options{NoSync: true, SegmentBytes: 512})
		if err != nil {
			t.Fatalf("second Open: %v", err)
		}
		defer j.Close()
		if j.LastSeq() != last+1 {
			t.Fatalf("second Open: LastSeq %d, want %d", j.LastSeq(), last+1)
		}
		got := replayAll(t, j, last+1)
		if len(got) != 1 || string(got[0].payload) != "after recovery" {
			t.Fatalf("second Open: the appended record reads back as %+v", got)
		}
	})
}
