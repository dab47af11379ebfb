// Package dict interns strings as dense uint32 ids, so that the column
// store keeps 4 bytes per account, user agent or fingerprint instead of a
// string, and later stages index slices instead of maps of strings.
//
// Lookups key a map by a 64-bit hash, which the parser goroutines can
// compute in parallel. A hit is confirmed with a second, independent 64-bit
// hash kept in a compact array rather than by comparing the stored bytes:
// on tens of millions of lookups the stored strings are cold memory, and a
// cache miss per lookup cost more than the rest of the lookup. A pair of
// strings agreeing on both hashes (odds about 2^-128) would share an id;
// when the hashes disagree, the bytes decide and a small overflow map keeps
// ids exact.
package dict

import (
	"hash/maphash"
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

// Hash is the hash Strings uses; compute it with this function when
// calling IDHash.
func Hash(s string) uint64 { return xxhash.Sum64String(s) }

// Mix is the SplitMix64 finaliser: a fast bijective scrambler, so that
// consecutive ids spread over sketch registers and hash buckets.
func Mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Strings is an append-only dictionary. Id 0 is the empty string, which
// callers use for "absent"; real strings get ids from 1 in first-seen order.
type Strings struct {
	ids      map[uint64]uint32
	overflow map[string]uint32
	off      []uint32 // id i is data[off[i-1]:off[i]] (off[0] = 0 for id 0)
	data     []byte
	check    []uint64 // second hash of each id's string
	seed     maphash.Seed
}

// New returns an empty dictionary sized for about n strings.
func New(n int) *Strings {
	d := &Strings{ids: make(map[uint64]uint32, n), off: make([]uint32, 1, n+1),
		check: make([]uint64, 1, n+1), seed: maphash.MakeSeed()}
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
		if d.check[id] == maphash.String(d.seed, s) {
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

// Small is a dictionary for fields with few distinct values (user agents,
// fingerprints, models): a direct-mapped cache of recent hashes sits in
// front of the map, so a repeated value costs one comparison of the hash
// the parser already computed. A hit trusts the 64-bit hash alone: among
// the few thousand values such a field takes, two sharing one has odds
// around 2^-40.
type Small struct {
	*Strings
	cache [smallCache]smallEntry
}

const smallCache = 4096

type smallEntry struct {
	hash uint64
	id   uint32
}

// NewSmall returns an empty small dictionary.
func NewSmall() *Small { return &Small{Strings: New(256)} }

// IDHash is Strings.IDHash behind the cache.
func (d *Small) IDHash(h uint64, s string) uint32 {
	e := &d.cache[h%smallCache]
	if e.id != 0 && e.hash == h {
		return e.id
	}
	id := d.Strings.IDHash(h, s)
	*e = smallEntry{hash: h, id: id}
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
	d.check = append(d.check, maphash.String(d.seed, s))
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
	return cap(d.data) + 4*cap(d.off) + 8*cap(d.check) + 16*len(d.ids)
}
