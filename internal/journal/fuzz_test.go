package journal

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen writes arbitrary bytes as the only segment, after a valid
// header or raw, and checks that Open never panics; that it either fails
// and changes nothing, or returns a journal whose Replay agrees with
// LastSeq, that takes appends, and that opens again to the same state;
// and that if it cut the segment, no intact record followed the cut and
// the bytes cut are kept aside.
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
	// Damage before intact records, which Open must refuse: a length bit
	// flip (the probe of issue 15) and a checksum bit flip in the second
	// record.
	flipped := bytes.Clone(valid)
	flipped[headerLen+recHeaderLen+1+2] ^= 0x10
	f.Add(flipped, false)
	flipped = bytes.Clone(valid)
	flipped[headerLen+recHeaderLen+1+5] ^= 1
	f.Add(flipped, false)

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
		path := filepath.Join(dir, segName(1))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := Open(dir, Options{NoSync: true, SegmentBytes: 512})
		after, rerr := os.ReadFile(path)
		if rerr != nil {
			t.Fatal(rerr)
		}
		kept, _ := filepath.Glob(path + ".torn-*")
		if err != nil {
			if !bytes.Equal(after, data) || len(kept) != 0 {
				t.Fatalf("Open failed (%v) but changed the segment or kept bytes aside in %q", err, kept)
			}
			return
		}
		defer j.Close()
		// Open may leave the file as it was, complete a header cut short,
		// or cut a torn tail after which nothing intact follows, keeping
		// the bytes it cut.
		switch cut := int64(len(after)); {
		case bytes.Equal(after, data):
			if len(kept) != 0 {
				t.Fatalf("Open cut nothing but kept bytes aside in %q", kept)
			}
		case len(data) < headerLen && bytes.Equal(after, appendHeader(nil, 1)):
		case cut < int64(len(data)) && bytes.Equal(after, data[:cut]):
			if p := bruteIntact(data, cut); p >= 0 {
				t.Fatalf("Open cut the segment at %d though an intact record starts at %d", cut, p)
			}
			b, err := os.ReadFile(fmt.Sprintf("%s.torn-%d", path, cut))
			if len(kept) != 1 || err != nil || !bytes.Equal(b, data[cut:]) {
				t.Fatalf("Open cut %d bytes at %d; kept aside %q: %d bytes, %v", len(data)-len(after), cut, kept, len(b), err)
			}
		default:
			t.Fatalf("Open changed the segment from %d bytes to %d other bytes", len(data), len(after))
		}
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

// FuzzFindIntact checks findIntact against the obvious search, with a
// window and a batch small enough that they fill within short inputs. It
// plants a record of plantLen bytes of data, kind plantKind, at plantAt,
// since random bytes hardly ever hold one.
func FuzzFindIntact(f *testing.F) {
	defer func(w, b int) { searchWindow, searchBatch = w, b }(searchWindow, searchBatch)
	searchWindow, searchBatch = 2*crcStride, 3
	f.Add(bytes.Repeat([]byte{1, 0, 0, 0}, 200), uint16(0), uint16(700), uint16(300), byte(3))
	f.Add(make([]byte, 600), uint16(17), uint16(1), uint16(0), byte(1))
	f.Add([]byte("abc"), uint16(0), uint16(0), uint16(0), byte(0))
	f.Add([]byte{}, uint16(0), uint16(0), uint16(0), byte(0))
	path := filepath.Join(f.TempDir(), "seg")
	f.Fuzz(func(t *testing.T, data []byte, from, plantAt, plantLen uint16, plantKind byte) {
		if plantKind != 0 && int(plantAt) < len(data) {
			rec := encode(Kind(plantKind), bytes.Clone(data[:min(int(plantLen), len(data))]))
			data = append(data[:plantAt], rec...)
		}
		start := min(int64(from)-1, int64(len(data))-1)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fd, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fd.Close()
		got, err := findIntact(fd, start, int64(len(data)))
		if want := bruteIntact(data, start); got != want || err != nil {
			t.Fatalf("findIntact after %d = %d, %v; want %d", start, got, err, want)
		}
	})
}
