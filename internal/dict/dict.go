// Package dict interns strings as dense uint32 ids, so that the column
// store keeps 4 bytes per account, user agent or fingerprint instead of a
// string, and later stages index slices instead of maps of strings.
//
// Lookups key a map by a 64-bit hash, which the parser goroutines can
// compute in parallel; a hash collision is detected by comparing the stored
// bytes and handled by a small overflow map, so ids are exact.
package dict

import (
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

// Hash is the hash Strings uses; compute it with this function when
// calling IDHash.
func Hash(s string) uint64 { return xxhash.Sum64String(s) }

// Strings is an append-only dictionary. Id 0 is the empty string, which
// callers use for "absent"; real strings get ids from 1 in first-seen order.
type Strings struct {
	ids      map[uint64]uint32
	overflow map[string]uint32
	off      []uint32 // id i is data[off[i-1]:off[i]] (off[0] = 0 for id 0)
	data     []byte
}

// New returns an empty dictionary sized for about n strings.
func New(n int) *Strings {
	d := &Strings{ids: make(map[uint64]uint32, n), off: make([]uint32, 1, n+1)}
	return d
}

// ID returns s's id, adding s when new.
func (d *Strings) ID(s string) uint32 {
	if s == "" {
		return 0
	}
	return d.IDHash(Hash(s), s)
}

// IDHash is ID with the hash already computed as Hash(s).
func (d *Strings) IDHash(h uint64, s string) uint32 {
	if s == "" {
		return 0
	}
	if d.ids == nil {
		*d = *New(16)
	}
	if id, ok := d.ids[h]; ok {
		if d.String(id) == s {
			return id
		}
		if id, ok := d.overflow[s]; ok {
			return id
		}
		id = d.add(s)
		if d.overflow == nil {
			d.overflow = map[string]uint32{}
		}
		d.overflow[d.String(id)] = id
		return id
	}
	id := d.add(s)
	d.ids[h] = id
	return id
}

// Lookup returns s's id without adding it.
func (d *Strings) Lookup(s string) (uint32, bool) {
	if s == "" {
		return 0, true
	}
	id, ok := d.ids[Hash(s)]
	if ok && d.String(id) == s {
		return id, true
	}
	id, ok = d.overflow[s]
	return id, ok
}

func (d *Strings) add(s string) uint32 {
	d.data = append(d.data, s...)
	d.off = append(d.off, uint32(len(d.data)))
	return uint32(len(d.off) - 1)
}

// String returns the string of id; it aliases the dictionary's storage and
// stays valid while the dictionary lives (data is only appended, and a
// string already returned keeps its old array alive).
func (d *Strings) String(id uint32) string {
	if id == 0 || int(id) >= len(d.off) {
		return ""
	}
	b := d.data[d.off[id-1]:d.off[id]]
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Len is the number of ids in use, counting id 0.
func (d *Strings) Len() int {
	if len(d.off) == 0 {
		return 1
	}
	return len(d.off)
}

// Bytes is the memory the dictionary holds, roughly, for reports.
func (d *Strings) Bytes() int {
	return cap(d.data) + 4*cap(d.off) + 16*len(d.ids)
}
