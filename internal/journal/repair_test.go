package journal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// contents describes every file of dir but LOCK, name and bytes, so that a
// test can check Open changed nothing.
func contents(t testing.TB, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		if e.Name() == "LOCK" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%d:%08x ", e.Name(), len(data), crc32.ChecksumIEEE(data))
	}
	return b.String()
}

// recordOffsets returns where each record of an undamaged segment starts,
// and the segment's size.
func recordOffsets(t testing.TB, path string) ([]int64, int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var offs []int64
	for off := int64(headerLen); off < int64(len(b)); off += recHeaderLen + int64(binary.LittleEndian.Uint32(b[off:])) {
		offs = append(offs, off)
	}
	return offs, int64(len(b))
}

// recorder collects what Open logs.
type recorder struct{ lines []string }

func (r *recorder) logf(format string, args ...any) {
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}

// damage is one way to change the bytes of a segment.
type damage struct {
	name string
	do   func(b []byte) []byte
}

// damages returns the ways to damage the record at [rs, re) of a segment:
// every bit flip, a zero and a 0xff in each byte of its length and checksum
// fields, its kind and three payload bytes, and zeros from each field
// boundary to its end. With cuts, also cutting the file at each boundary,
// with nothing or a sector of zeros after the cut, as a torn write leaves
// it.
func damages(rs, re int64, cuts bool) []damage {
	plen := re - rs - recHeaderLen
	type class struct {
		name string
		off  int64
	}
	var classes []class
	for i := range int64(4) {
		classes = append(classes, class{fmt.Sprintf("length%d", i), rs + i})
	}
	for i := range int64(4) {
		classes = append(classes, class{fmt.Sprintf("crc%d", i), rs + 4 + i})
	}
	classes = append(classes, class{"kind", rs + 8},
		class{"payload-first", rs + recHeaderLen},
		class{"payload-mid", rs + recHeaderLen + plen/2},
		class{"payload-last", re - 1})
	var ds []damage
	for _, c := range classes {
		for bit := range 8 {
			ds = append(ds, damage{fmt.Sprintf("%s/flip%d", c.name, bit), func(b []byte) []byte {
				b[c.off] ^= 1 << bit
				return b
			}})
		}
		for _, v := range []byte{0, 0xff} {
			ds = append(ds, damage{fmt.Sprintf("%s/set%02x", c.name, v), func(b []byte) []byte {
				if b[c.off] == v {
					return nil // no change, no test
				}
				b[c.off] = v
				return b
			}})
		}
	}
	bounds := []struct {
		name string
		off  int64
	}{{"start", rs}, {"crc", rs + 4}, {"kind", rs + 8}, {"payload", rs + recHeaderLen}, {"mid", rs + recHeaderLen + plen/2}, {"last", re - 1}}
	for _, bd := range bounds {
		ds = append(ds, damage{"zeros-from-" + bd.name, func(b []byte) []byte {
			clear(b[bd.off:re])
			return b
		}})
		if !cuts || bd.off == rs {
			continue
		}
		ds = append(ds, damage{"cut-at-" + bd.name, func(b []byte) []byte { return b[:bd.off] }},
			damage{"cut-at-" + bd.name + "+zero-sector", func(b []byte) []byte {
				return append(b[:bd.off], make([]byte, 512)...)
			}})
	}
	return ds
}

// TestCorruptionMatrix damages the last record of the last segment, which
// Open must cut, log and keep aside, and a middle record of the last
// segment, with intact records after it, which Open must refuse without
// changing a byte.
func TestCorruptionMatrix(t *testing.T) {
	const n = 57
	src := pristine(t, n, 4000)
	files := segFiles(t, src)
	lastPath := files[len(files)-1]
	lastFirst, _ := parseSegName(filepath.Base(lastPath))
	offs, size := recordOffsets(t, lastPath)
	if len(offs) < 4 || lastFirst+uint64(len(offs))-1 != n {
		t.Fatalf("last segment holds %d records from seq %d; want 4 or more up to seq %d", len(offs), lastFirst, n)
	}
	orig, err := os.ReadFile(lastPath)
	if err != nil {
		t.Fatal(err)
	}
	end := func(i int) int64 {
		if i+1 < len(offs) {
			return offs[i+1]
		}
		return size
	}
	lastIdx, midIdx := len(offs)-1, len(offs)-3
	for _, i := range []int{lastIdx, midIdx} {
		if end(i)-offs[i]-recHeaderLen < 3 {
			t.Fatalf("record %d has a payload of %d bytes; the matrix needs 3 or more", i, end(i)-offs[i]-recHeaderLen)
		}
	}

	// run applies do to a copy of the journal and opens it.
	run := func(t *testing.T, do func(b []byte) []byte) (dir, path string, damaged []byte, j *Journal, log *recorder, err error) {
		damaged = do(bytes.Clone(orig))
		if damaged == nil {
			t.Skip("the damage changes nothing")
		}
		dir = copyDir(t, src)
		path = filepath.Join(dir, filepath.Base(lastPath))
		if err := os.WriteFile(path, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		log = &recorder{}
		j, err = Open(dir, Options{NoSync: true, Logf: log.logf})
		if err == nil {
			t.Cleanup(func() { j.Close() })
		}
		return dir, path, damaged, j, log, err
	}

	t.Run("last", func(t *testing.T) {
		rs, seq := offs[lastIdx], uint64(n)
		for _, d := range damages(rs, size, true) {
			t.Run(d.name, func(t *testing.T) {
				dir, path, damaged, j, log, err := run(t, d.do)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				if j.LastSeq() != seq-1 || fileSize(t, path) != rs {
					t.Fatalf("LastSeq %d, segment %d bytes; want %d and %d", j.LastSeq(), fileSize(t, path), seq-1, rs)
				}
				kept := fmt.Sprintf("%s.torn-%d", path, rs)
				if got, err := os.ReadFile(kept); err != nil || !bytes.Equal(got, damaged[rs:]) {
					t.Fatalf("kept aside %d bytes (%v), want the %d bytes cut", len(got), err, len(damaged[rs:]))
				}
				if len(log.lines) != 1 || !strings.Contains(log.lines[0], fmt.Sprintf("%s: cut %d bytes at offset %d", path, len(damaged)-int(rs), rs)) || !strings.Contains(log.lines[0], kept) {
					t.Fatalf("Logf heard %q, want one line naming the segment, offset, bytes and %s", log.lines, kept)
				}
				checkRecords(t, j, 1, seq-1)
				appendN(t, j, 2)
				j.Close()
				j = mustOpen(t, dir, Options{NoSync: true})
				checkRecords(t, j, 1, seq+1)
			})
		}
	})

	refuses := func(t *testing.T, do func(b []byte) []byte, rs int64, seq uint64) {
		t.Helper()
		dir, path, damaged, j, log, err := run(t, do)
		if err == nil {
			t.Fatalf("Open of a journal damaged before intact records succeeded with LastSeq %d", j.LastSeq())
		}
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), fmt.Sprintf("%s at offset %d (seq %d)", path, rs, seq)) || !strings.Contains(err.Error(), "truncate -s") {
			t.Fatalf("Open = %v\nwant ErrCorrupt naming %s at offset %d (seq %d) and what to do", err, path, rs, seq)
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, damaged) {
			t.Fatalf("a refused Open changed the segment: %d bytes, want the %d it had (%v)", len(got), len(damaged), err)
		}
		if got, want := contents(t, dir), contents(t, copyDir(t, src)); got == want {
			t.Fatal("the damage changed nothing") // so the test tests nothing
		}
		if len(log.lines) != 0 {
			t.Fatalf("a refused Open logged %q", log.lines)
		}
		if names, _ := filepath.Glob(path + ".torn-*"); len(names) != 0 {
			t.Fatalf("a refused Open kept bytes aside in %q", names)
		}
	}

	t.Run("middle", func(t *testing.T) {
		rs, seq := offs[midIdx], lastFirst+uint64(midIdx)
		for _, d := range damages(rs, end(midIdx), false) {
			t.Run(d.name, func(t *testing.T) { refuses(t, d.do, rs, seq) })
		}
	})

	// The probe of issue 15: one flipped bit in the length field of a
	// middle record made the record run past the end of the file, which
	// passed for a torn write, and half the file was cut.
	t.Run("probe-length-bit-flip-in-middle-record", func(t *testing.T) {
		rs := offs[midIdx]
		refuses(t, func(b []byte) []byte { b[rs+2] ^= 0x10; return b }, rs, lastFirst+uint64(midIdx))
	})
	// The record after the damaged one is damaged too, but one after that
	// is intact: acknowledged data follows, so Open refuses.
	t.Run("next-record-damaged-too", func(t *testing.T) {
		rs := offs[midIdx]
		refuses(t, func(b []byte) []byte {
			b[rs+recHeaderLen] ^= 1
			b[offs[midIdx+1]+5] ^= 0x40
			return b
		}, rs, lastFirst+uint64(midIdx))
	})
	// A torn tail after an intact record that follows damage is still
	// damage before acknowledged data.
	t.Run("middle-damaged-and-tail-torn", func(t *testing.T) {
		rs := offs[midIdx]
		refuses(t, func(b []byte) []byte {
			b[rs+1] ^= 0x01
			return b[:size-2]
		}, rs, lastFirst+uint64(midIdx))
	})
}

// TestKeptAside checks that the bytes a repair cuts are kept, byte for
// byte, in <segment>.torn-<offset>, that a second repair at the same offset
// keeps its own copy, and that the kept files are not taken for segments.
func TestKeptAside(t *testing.T) {
	dir := pristine(t, 20, 0)
	path := segFiles(t, dir)[0]
	size := fileSize(t, path)
	garbage := func(seed byte) []byte {
		g := make([]byte, 700)
		rand.NewChaCha8([32]byte{seed}).Read(g)
		// A record header whose payload runs past the end of the file.
		binary.LittleEndian.PutUint32(g, 5000)
		return g
	}
	for round, seed := range []byte{1, 2} {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(garbage(seed))
		f.Close()
		j := mustOpen(t, dir, Options{})
		if j.LastSeq() != 20 || fileSize(t, path) != size {
			t.Fatalf("round %d: LastSeq %d, %d bytes; want 20, %d", round, j.LastSeq(), fileSize(t, path), size)
		}
		j.Close()
	}
	for i, name := range []string{fmt.Sprintf("%s.torn-%d", path, size), fmt.Sprintf("%s.torn-%d.2", path, size)} {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, garbage(byte(i+1))) {
			t.Fatalf("%s holds %d bytes that are not the %d bytes cut", name, len(got), 700)
		}
	}
	if segs := segFiles(t, dir); len(segs) != 1 {
		t.Fatalf("listSegments = %q, want only the segment", segs)
	}
	j := mustOpen(t, dir, Options{})
	checkRecords(t, j, 1, 20)
}

// TestRepairLogs checks that every repair Open makes is reported through
// Logf, with the file, the offset, the bytes removed and where they are
// kept, and that a journal needing no repair logs nothing.
func TestRepairLogs(t *testing.T) {
	src := pristine(t, 30, 1000)
	files := segFiles(t, src)
	last := files[len(files)-1]
	lastSize := fileSize(t, last)
	next := uint64(31)
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   []string // in the one line logged, %s the directory
	}{
		{"clean", func(*testing.T, string) {}, nil},
		{"torn record", func(t *testing.T, dir string) {
			appendBytes(t, filepath.Join(dir, filepath.Base(last)), encode(1, make([]byte, 100))[:50])
		}, []string{filepath.Base(last), fmt.Sprintf("cut 50 bytes at offset %d", lastSize), fmt.Sprintf("%s.torn-%d", filepath.Base(last), lastSize), "seq 31"}},
		{"zeros after the last record", func(t *testing.T, dir string) {
			appendBytes(t, filepath.Join(dir, filepath.Base(last)), make([]byte, 4096))
		}, []string{filepath.Base(last), fmt.Sprintf("cut 4096 bytes at offset %d", lastSize), fmt.Sprintf(".torn-%d", lastSize)}},
		{"torn header", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, segName(next)), appendHeader(nil, next)[:5], 0o644); err != nil {
				t.Fatal(err)
			}
		}, []string{segName(next), "cut short at 5 bytes", "at offset 5", "0 bytes removed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, src)
			tc.damage(t, dir)
			var log recorder
			j := mustOpen(t, dir, Options{Logf: log.logf})
			checkRecords(t, j, 1, 30)
			if tc.want == nil {
				if len(log.lines) != 0 {
					t.Fatalf("Open of an undamaged journal logged %q", log.lines)
				}
				return
			}
			if len(log.lines) != 1 {
				t.Fatalf("Logf heard %q, want one line", log.lines)
			}
			for _, w := range tc.want {
				if !strings.Contains(log.lines[0], w) {
					t.Fatalf("Logf heard %q, want it to mention %q", log.lines[0], w)
				}
			}
		})
	}
}

func appendBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
