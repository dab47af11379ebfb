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
	"testing"
)

// pristine builds a journal of n records with segments of segmentBytes,
// closes it and returns its directory.
func pristine(t *testing.T, n int, segmentBytes int64) string {
	t.Helper()
	dir := t.TempDir()
	j := mustOpen(t, dir, Options{SegmentBytes: segmentBytes, NoSync: true})
	appendN(t, j, n)
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyDir copies the segment files of src into a new directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	for _, f := range segFiles(t, src) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestTornTail cuts the last record at every byte offset, with and without
// garbage after the cut, as a crash in the middle of a write leaves it, and
// checks Open keeps every complete record, cuts the rest and appends again.
func TestTornTail(t *testing.T) {
	const n = 60 // payloadFor(60) has 120 bytes
	src := pristine(t, n, 4000)
	files := segFiles(t, src)
	last := files[len(files)-1]
	size := fileSize(t, last)
	recStart := size - recHeaderLen - int64(len(payloadFor(n)))
	random := make([]byte, 300)
	rand.NewChaCha8([32]byte{1}).Read(random)
	for _, garbage := range []struct {
		name  string
		bytes []byte
	}{
		{"nothing", nil},
		{"zeros", make([]byte, 300)},
		{"random", random},
	} {
		for cut := recStart; cut < size; cut++ {
			t.Run(fmt.Sprintf("%s/cut%d", garbage.name, cut-recStart), func(t *testing.T) {
				dir := copyDir(t, src)
				path := filepath.Join(dir, filepath.Base(last))
				if err := os.Truncate(path, cut); err != nil {
					t.Fatal(err)
				}
				f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.Write(garbage.bytes)
				f.Close()

				var logged []string
				j := mustOpen(t, dir, Options{NoSync: true, Logf: func(format string, args ...any) {
					logged = append(logged, fmt.Sprintf(format, args...))
				}})
				if got := j.LastSeq(); got != n-1 {
					t.Fatalf("LastSeq = %d, want %d", got, n-1)
				}
				if got := fileSize(t, path); got != recStart {
					t.Fatalf("last segment has %d bytes after Open, want %d", got, recStart)
				}
				if cut > recStart || len(garbage.bytes) > 0 {
					if len(logged) != 1 || !strings.Contains(logged[0], filepath.Base(path)) {
						t.Fatalf("Logf heard %q, want one line naming the segment", logged)
					}
				}
				checkRecords(t, j, 1, n-1)
				appendN(t, j, 2)
				j.Close()
				j = mustOpen(t, dir, Options{NoSync: true})
				checkRecords(t, j, 1, n+1)
			})
		}
	}
}

// TestTornGroupWrite covers a crash during one group write after which the
// disk holds a later block of the group but not an earlier one: a record
// with a zeroed sector followed by intact records. Open cannot tell those
// records from acknowledged ones, so it refuses and changes nothing, as for
// a bit flip at the same place; with nothing intact after the zeroed
// sector it is an ordinary torn tail and Open cuts it.
func TestTornGroupWrite(t *testing.T) {
	const sector = 512
	src := pristine(t, 10, 1000)
	last := segFiles(t, src)[len(segFiles(t, src))-1]
	big := encode(1, bytes.Repeat([]byte{0xab}, 2000))
	group := append(slices.Clone(big), encode(2, []byte("intact but never acknowledged"))...)
	start := fileSize(t, last)
	zeroSector := func(b []byte) {
		from := (start+recHeaderLen+sector-1)/sector*sector - start
		clear(b[from : from+sector])
	}
	for _, tc := range []struct {
		name    string
		group   []byte
		damage  func(b []byte)
		corrupt bool
	}{
		{"zeroed sector, intact record after", group, zeroSector, true},
		{"zeroed sector, nothing after", big, zeroSector, false},
		{"bit flip", group, func(b []byte) { b[100] ^= 1 }, true},
		{"zeroed bytes short of a sector", group, func(b []byte) { clear(b[100 : 100+sector-1]) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, src)
			path := filepath.Join(dir, filepath.Base(last))
			g := bytes.Clone(tc.group)
			tc.damage(g)
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.Write(g)
			f.Close()
			before := contents(t, dir)
			j, err := Open(dir, Options{NoSync: true})
			if tc.corrupt {
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), fmt.Sprintf("offset %d (seq 11)", start)) {
					t.Fatalf("Open = %v, want ErrCorrupt at seq 11", err)
				}
				if after := contents(t, dir); after != before {
					t.Fatal("Open changed the files of a journal it refused")
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer j.Close()
			if j.LastSeq() != 10 || fileSize(t, path) != start {
				t.Fatalf("LastSeq %d, segment %d bytes; want 10 and %d", j.LastSeq(), fileSize(t, path), start)
			}
			checkRecords(t, j, 1, 10)
		})
	}
}

// encode returns a record as the journal writes it.
func encode(kind Kind, payload []byte) []byte {
	var j Journal
	j.enqueue(kind, payload)
	return j.queue
}

// TestTornHeader covers a crash right after a segment file was created,
// before its header reached the disk.
func TestTornHeader(t *testing.T) {
	src := pristine(t, 30, 1000)
	next := uint64(31)
	header := appendHeader(nil, next)
	for cut := range headerLen {
		dir := copyDir(t, src)
		path := filepath.Join(dir, segName(next))
		if err := os.WriteFile(path, header[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		j := mustOpen(t, dir, Options{})
		if j.LastSeq() != next-1 {
			t.Fatalf("cut %d: LastSeq = %d", cut, j.LastSeq())
		}
		appendN(t, j, 1)
		j.Close()
		if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, header) || len(b) <= headerLen {
			t.Fatalf("cut %d: the new record did not go to the repaired segment", cut)
		}
		j = mustOpen(t, dir, Options{})
		checkRecords(t, j, 1, next)
	}
	// Bytes that are not a header prefix are not a torn header.
	dir := copyDir(t, src)
	if err := os.WriteFile(filepath.Join(dir, segName(next)), []byte("XYZ"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open with a foreign short segment = %v, want ErrCorrupt", err)
	}
}

// TestCorruption damages bytes that were durable; Open must refuse, say
// where, and leave the files as they were.
func TestCorruption(t *testing.T) {
	src := pristine(t, 60, 1000)
	files := segFiles(t, src)
	if len(files) < 4 {
		t.Fatalf("only %d segments", len(files))
	}
	// Offsets in the first segment: its records are seq 1, 2, … .
	rec2 := int64(headerLen + recHeaderLen + len(payloadFor(1)))
	// The first record of the last segment, which has several.
	lastFirst, _ := parseSegName(filepath.Base(files[len(files)-1]))
	flip := func(file int, off int64) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			path := filepath.Join(dir, filepath.Base(files[file]))
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[off] ^= 0x10
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string // in the error
	}{
		{"payload byte in first segment", flip(0, rec2+recHeaderLen+3), "00000000000000000001.seg at offset " + fmt.Sprint(rec2) + " (seq 2)"},
		{"checksum byte in first segment", flip(0, rec2+5), "00000000000000000001.seg at offset " + fmt.Sprint(rec2) + " (seq 2)"},
		{"kind byte in first segment", flip(0, rec2+8), "00000000000000000001.seg at offset " + fmt.Sprint(rec2)},
		{"length byte in second segment", flip(1, headerLen+1), "at offset 16"},
		{"payload byte in last segment before an intact record", flip(len(files)-1, headerLen+recHeaderLen), fmt.Sprintf("offset 16 (seq %d)", lastFirst)},
		{"magic", flip(1, 0), "not a journal segment"},
		{"version", flip(2, 4), "unknown format version"},
		{"header seq", flip(1, 8), "the name says"},
		{"cut from a middle segment", func(t *testing.T, dir string) {
			path := filepath.Join(dir, filepath.Base(files[1]))
			if err := os.Truncate(path, fileSize(t, path)-3); err != nil {
				t.Fatal(err)
			}
		}, "not the last segment"},
		{"missing middle segment", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, filepath.Base(files[1]))); err != nil {
				t.Fatal(err)
			}
		}, "a segment file is missing"},
		{"stray segment name", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "backup.seg"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "backup.seg is not a segment file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, src)
			tc.damage(t, dir)
			before := contents(t, dir)
			j, err := Open(dir, Options{})
			if err == nil {
				j.Close()
				t.Fatal("Open of a damaged journal succeeded")
			}
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open error = %v\nwant ErrCorrupt mentioning %q", err, tc.want)
			}
			if after := contents(t, dir); after != before {
				t.Fatalf("Open changed the files of a damaged journal:\n%s\n%s", before, after)
			}
		})
	}
}

// TestReplayDetectsLaterDamage checks that Replay rechecks checksums, so
// damage done after Open is an error rather than a wrong record.
func TestReplayDetectsLaterDamage(t *testing.T) {
	dir := pristine(t, 60, 1000)
	j := mustOpen(t, dir, Options{})
	path := segFiles(t, dir)[0]
	b, _ := os.ReadFile(path)
	b[headerLen+recHeaderLen+2] ^= 1 // seq 1 has a 37-byte payload
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	err := j.Replay(1, func(uint64, Kind, []byte) error { return nil })
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "(seq 1)") {
		t.Fatalf("Replay of damaged seq 1 = %v", err)
	}
	// Skipped records are not checked, so replay from later still works.
	checkRecords(t, j, 2, 60)
}
