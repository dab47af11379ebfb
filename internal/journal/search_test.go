package journal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// bruteIntact is the obvious, slow version of findIntact: the first offset
// after from where a record with a plausible header and a matching checksum
// lies wholly inside b, or -1.
func bruteIntact(b []byte, from int64) int64 {
	for p := from + 1; p+recHeaderLen <= int64(len(b)); p++ {
		n := int64(binary.LittleEndian.Uint32(b[p:]))
		if b[p+8] == 0 || n > MaxPayload || n > int64(len(b))-p-recHeaderLen {
			continue
		}
		if crc32.Checksum(b[p+8:p+recHeaderLen+n], castagnoli) == binary.LittleEndian.Uint32(b[p+4:]) {
			return p
		}
	}
	return -1
}

func TestCRCSlice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 100000)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	prefix := func(x int) uint32 { return crc32.Checksum(data[:x], castagnoli) }
	for range 2000 {
		s := r.IntN(len(data))
		e := s + r.IntN(len(data)-s+1)
		if got, want := crcSlice(powers(), prefix(s), prefix(e), uint32(e-s)), crc32.Checksum(data[s:e], castagnoli); got != want {
			t.Fatalf("crcSlice [%d, %d) = %08x, want %08x", s, e, got, want)
		}
	}
}

// TestFindIntact compares findIntact with bruteIntact on random bytes with
// records of every size planted in them, with windows small enough to
// slide often and the default.
func TestFindIntact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, sz := range []struct{ window, batch int }{{2 * crcStride, 1}, {3000, 7}, {searchWindow, searchBatch}} {
		t.Run(fmt.Sprintf("window%d-batch%d", sz.window, sz.batch), func(t *testing.T) {
			defer func(w, b int) { searchWindow, searchBatch = w, b }(searchWindow, searchBatch)
			searchWindow, searchBatch = sz.window, sz.batch
			for i := range 100 {
				data := make([]byte, 1+r.IntN(20000))
				for k := range data {
					data[k] = byte(r.Uint32())
				}
				if r.IntN(4) == 0 {
					// Small lengths everywhere: many plausible headers.
					for k := 3; k < len(data); k += 4 {
						data[k], data[k-1] = 0, byte(r.IntN(2))
					}
				}
				var planted []int64
				for range r.IntN(3) {
					n := r.IntN(3000)
					at := r.IntN(len(data))
					rec := encode(Kind(1+r.IntN(255)), data[:min(n, len(data))])
					if at+len(rec) <= len(data) {
						copy(data[at:], rec)
						planted = append(planted, int64(at))
					}
				}
				path := filepath.Join(t.TempDir(), "seg")
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				for _, from := range append([]int64{-1, 0, int64(r.IntN(len(data)))}, planted...) {
					from--
					if from < -1 {
						continue
					}
					got, err := findIntact(f, from, int64(len(data)))
					if want := bruteIntact(data, from); got != want || err != nil {
						t.Fatalf("case %d (%d bytes, planted %v): findIntact after %d = %d, %v; want %d", i, len(data), planted, from, got, err, want)
					}
				}
				f.Close()
			}
		})
	}
}
