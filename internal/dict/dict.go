// Package dict interns strings as dense uint32 ids, so that the column
// store keeps 4 bytes per account, user agent or fingerprint instead of a
// string, and later stages index slices instead of maps of strings.
//
// Lookups go through an open-addressing table keyed by two independent
// 64-bit hashes, Hash and Check, which the parser goroutines can compute in
// parallel; a slot holds both and the id, so a lookup on tens of millions
// of exchanges touches one cache line rather than a map group, a check
// array and the stored bytes. A pair of strings agreeing on both hashes
// (odds about 2^-128) would share an id; when only the first agrees, the
// bytes decide and a small overflow map keeps ids exact.
package dict

import (
	"math/rand/v2"
	"unsafe"

	"github.com/distillguard/distillguard/internal/prefetch"
)

// hashSeed seeds Hash. The hashes never leave the process, so a seed
// drawn per process costs nothing, and it keeps anyone who writes the
// log's strings (a user agent is the client's to choose) from crafting
// ones that collide in the tables.
var hashSeed = uintptr(rand.Uint64())

// Hash is the hash Strings uses; compute it with this function when
// calling IDHash. It is the runtime's AES-based string hash, which takes
// about two thirds of xxhash64's time on the short strings of a log line,
// and a parser computes it for six of them on every exchange.
func Hash(s string) uint64 { return strhash(s, hashSeed) }

// strhash is the runtime's string hash with the given seed: the function
// hash/maphash.String wraps, called directly. The wrapper's checks, its
// loop over 128-byte pieces and its two calls cost as much again as
// hashing a 30-byte id (5.5 against 3 ns), and every exchange hashes
// eight strings. The runtime keeps memhash for linkname by name and
// signature (go.dev/issue/67401). A 32-bit build gets 32-bit hashes: the
// dictionary stays exact, its overflow map sees more strings.
func strhash(s string, seed uintptr) uint64 {
	return uint64(memhash(unsafe.Pointer(unsafe.StringData(s)), seed, uintptr(len(s))))
}

//go:linkname memhash runtime.memhash
//go:noescape
func memhash(p unsafe.Pointer, h, s uintptr) uintptr

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

// checkSeed seeds Check. One seed for the process, so that a parser can
// compute Check before it knows which dictionary the string is for.
var checkSeed = uintptr(rand.Uint64())

// Check is the second hash IDChecked takes: independent of Hash.
func Check(s string) uint64 { return strhash(s, checkSeed) }

// Strings is an append-only dictionary. Id 0 is the empty string, which
// callers use for "absent"; real strings get ids from 1 in first-seen order.
type Strings struct {
	slots    []slot // open addressing, linear probing; len is a power of two
	used     int
	overflow map[string]uint32
	off      []uint32 // id i is data[off[i-1]:off[i]] (off[0] = 0 for id 0)
	data     []byte
}

// slot is one entry of the table; id 0 marks it empty.
type slot struct {
	hash, check uint64
	id          uint32
}

// New returns an empty dictionary sized for about n strings.
func New(n int) *Strings {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &Strings{slots: make([]slot, size), off: make([]uint32, 1, n+1)}
}

// ID returns s's id, adding s when new.
func (d *Strings) ID(s string) uint32 {
	if s == "" {
		return 0
	}
	return d.IDChecked(Hash(s), Check(s), s)
}

// IDHash is ID with the hash already computed as Hash(s).
func (d *Strings) IDHash(h uint64, s string) uint32 {
	if s == "" {
		return 0
	}
	return d.IDChecked(h, Check(s), s)
}

// IDChecked is ID with both hashes already computed, as Hash(s) and
// Check(s).
func (d *Strings) IDChecked(h, c uint64, s string) uint32 {
	if s == "" {
		return 0
	}
	if d.slots == nil {
		*d = *New(16)
	}
	mask := uint64(len(d.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &d.slots[i]
		if sl.id == 0 {
			id := d.add(s)
			*sl = slot{hash: h, check: c, id: id}
			d.used++
			if 2*d.used > len(d.slots) {
				d.grow()
			}
			return id
		}
		if sl.hash != h {
			continue
		}
		if sl.check == c {
			return sl.id
		}
		// Same first hash, different string: the bytes decide, off the
		// table, so the table keeps one slot per first hash.
		if id, ok := d.overflow[s]; ok {
			return id
		}
		id := d.add(s)
		if d.overflow == nil {
			d.overflow = map[string]uint32{}
		}
		d.overflow[d.String(id)] = id
		return id
	}
}

// Prefetch starts loading the table slot where a string of hash h is
// looked up first: a table of a hundred thousand accounts does not stay in
// cache, and a lookup is otherwise a miss.
func (d *Strings) Prefetch(h uint64) {
	if len(d.slots) > 0 {
		prefetch.Line(unsafe.Pointer(&d.slots[h&uint64(len(d.slots)-1)]))
	}
}

// Reserve makes room for n more strings without rehashing.
func (d *Strings) Reserve(n int) {
	if d.slots == nil {
		*d = *New(n)
		return
	}
	size := len(d.slots)
	for 2*(d.used+n) > size {
		size *= 2
	}
	if size > len(d.slots) {
		d.rehash(size)
	}
	if cap(d.off)-len(d.off) < n {
		d.off = append(make([]uint32, 0, len(d.off)+n), d.off...)
	}
}

// grow doubles the table.
func (d *Strings) grow() { d.rehash(2 * len(d.slots)) }

// rehash moves the table to size slots, a power of two.
func (d *Strings) rehash(size int) {
	old := d.slots
	d.slots = make([]slot, size)
	mask := uint64(len(d.slots) - 1)
	for _, sl := range old {
		if sl.id == 0 {
			continue
		}
		i := sl.hash & mask
		for d.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = sl
	}
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
func (d *Small) IDHash(h uint64, s string) uint32 { return d.IDChecked(h, 0, s) }

// IDChecked is IDHash with Check(s) computed too, as c; 0 means not
// computed. A caller that hashes strings where their bytes are still in
// cache saves the bytes being read again for the check on a miss.
func (d *Small) IDChecked(h, c uint64, s string) uint32 {
	e := &d.cache[h%smallCache]
	if e.id != 0 && e.hash == h {
		return e.id
	}
	var id uint32
	if c != 0 {
		id = d.Strings.IDChecked(h, c, s)
	} else {
		id = d.Strings.IDHash(h, s)
	}
	*e = smallEntry{hash: h, id: id}
	return id
}

// Lookup returns s's id without adding it.
func (d *Strings) Lookup(s string) (uint32, bool) {
	if s == "" {
		return 0, true
	}
	if len(d.slots) == 0 {
		return 0, false
	}
	h := Hash(s)
	mask := uint64(len(d.slots) - 1)
	for i := h & mask; d.slots[i].id != 0; i = (i + 1) & mask {
		if sl := d.slots[i]; sl.hash == h {
			if d.String(sl.id) == s {
				return sl.id, true
			}
			break
		}
	}
	id, ok := d.overflow[s]
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
	return cap(d.data) + 4*cap(d.off) + 24*len(d.slots)
}
