package template

import "math/bits"

// Clusterer defaults.
const (
	// DefaultMaxKeys is the default cap on keys held (exact hashes and band
	// keys): 4,194,304 keys, at most 8,388,608 slots of 12 bytes (96 MiB).
	DefaultMaxKeys = 1 << 22
	// DefaultWindow is the default number of Assign calls per generation: a
	// template seen once is remembered for at least this many signatures.
	DefaultWindow = 1 << 15
)

// Config sizes a Clusterer. The zero value means the defaults.
type Config struct {
	// MaxKeys caps the number of keys held; 0 means DefaultMaxKeys.
	MaxKeys int
	// Window is the number of Assign calls per generation; 0 means
	// DefaultWindow.
	Window int
}

// Stats describes a Clusterer's work and memory.
type Stats struct {
	Assigned        uint64 // Assign calls
	Templates       uint64 // template ids issued
	Live            int    // templates remembered (ids issued minus evicted)
	Merges          uint64 // unions of two templates by a bridging signature
	Evicted         uint64 // templates seen once and forgotten
	EvictedKeys     uint64 // keys removed with them
	Keys            int    // keys held (exact hashes and band keys)
	Slots           int    // slots allocated in the key table
	MaxKeys         int    // cap on Keys
	Rotations       uint64 // generations closed, ForcedRotations included
	ForcedRotations uint64 // generations closed early because the table was full
	Dropped         uint64 // keys not stored because the table was full
}

// Clusterer assigns template ids to signatures in input order (see the
// package documentation for the rules, the eviction policy and the memory
// bound). Ids start at 1 and are never reused. It is deterministic: the
// same signatures in the same order give the same ids. It is not safe for
// concurrent use.
type Clusterer struct {
	keys      table
	tmpl      map[uint32]tmplState
	next      uint32
	maxKeys   int
	window    int
	inGen     int
	cur, prev generation
	st        Stats
}

// tmplState is a live template: its union-find parent (itself for a root)
// and, at a root, the number of signatures assigned to its set.
type tmplState struct {
	parent uint32
	count  uint32
}

// generation lists the templates created in one window, which are the only
// ones eviction may forget, with the keys each of them stored. Template ids
// are issued in order, so a generation's ids are first, first+1, ….
type generation struct {
	first uint32   // id of the first template created in the generation
	nkeys []uint8  // keys stored by each template, in id order
	keys  []uint64 // those keys, template after template
}

// NewClusterer returns an empty Clusterer.
func NewClusterer(cfg Config) *Clusterer {
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = DefaultMaxKeys
	}
	if cfg.Window <= 0 {
		cfg.Window = DefaultWindow
	}
	c := &Clusterer{
		tmpl:    make(map[uint32]tmplState),
		next:    1,
		maxKeys: cfg.MaxKeys,
		window:  cfg.Window,
	}
	c.keys.init(cfg.MaxKeys)
	return c
}

// Assign returns the template id of sig at this point of the stream: the
// template owning its exact hash; else the template owning any of its band
// keys (uniting the templates when its bands hit several, the oldest id
// becoming the canonical one); else a new template. Its keys not yet held
// are then stored for its template. The id returned is canonical now; use
// Find for the canonical id after later merges.
func (c *Clusterer) Assign(sig Signature) uint32 {
	c.st.Assigned++
	c.inGen++
	if c.inGen > c.window {
		c.rotate()
	}
	// Two generations of keys of new templates should fit beside the keys
	// of the templates kept for good: close this one early when it holds
	// half the room they leave (young counts keys of templates since seen
	// again, so room is an overestimate), or when sig might not fit. This
	// happens before anything of sig is stored, so the template it may
	// create is never the one evicted.
	young := len(c.prev.keys) + len(c.cur.keys)
	room := c.maxKeys - (c.keys.n - young)
	const most = 1 + NumBands // keys one signature may store
	if (len(c.cur.keys)+most > room/2 || c.keys.n+most > c.maxKeys) && len(c.prev.nkeys)+len(c.cur.nkeys) > 0 {
		c.st.ForcedRotations++
		c.rotate()
	}
	if root, ok := c.lookup(sig.Exact); ok {
		c.bump(root)
		return root
	}
	var root uint32
	var miss uint32 // bit i: band i is not held
	if sig.Banded {
		for i, k := range sig.Bands {
			r, ok := c.lookup(k)
			switch {
			case !ok:
				miss |= 1 << i
			case root == 0:
				root = r
			case r != root:
				root = c.union(root, r)
			}
		}
	}
	if root == 0 {
		if c.next == 0 {
			panic("template: Clusterer has issued all 2^32-1 template ids; start a new one")
		}
		root = c.next
		c.next++
		c.tmpl[root] = tmplState{parent: root, count: 1}
		if len(c.cur.nkeys) == 0 {
			c.cur.first = root
		}
		c.cur.nkeys = append(c.cur.nkeys, 0)
		c.st.Templates++
		c.insertNew(sig.Exact, root)
		for ; miss != 0; miss &= miss - 1 {
			c.insertNew(sig.Bands[bits.TrailingZeros32(miss)], root)
		}
		return root
	}
	c.bump(root)
	c.insert(sig.Exact, root)
	for ; miss != 0; miss &= miss - 1 {
		c.insert(sig.Bands[bits.TrailingZeros32(miss)], root)
	}
	return root
}

// Find returns the canonical id of the template that id belongs to now.
// An evicted or unknown id is its own canonical id.
func (c *Clusterer) Find(id uint32) uint32 {
	root := id
	for {
		t, ok := c.tmpl[root]
		if !ok || t.parent == root {
			break
		}
		root = t.parent
	}
	for id != root { // path compression
		t := c.tmpl[id]
		next := t.parent
		if next != root {
			t.parent = root
			c.tmpl[id] = t
		}
		id = next
	}
	return root
}

// Count returns the number of signatures assigned to the template of id,
// merged templates included. An evicted template was seen once; an id never
// issued counts 0.
func (c *Clusterer) Count(id uint32) uint32 {
	if t, ok := c.tmpl[c.Find(id)]; ok {
		return t.count
	}
	if id != 0 && id < c.next {
		return 1
	}
	return 0
}

// Stats returns counters and sizes.
func (c *Clusterer) Stats() Stats {
	s := c.st
	s.Live = len(c.tmpl)
	s.Keys = c.keys.n
	s.Slots = len(c.keys.slots)
	s.MaxKeys = c.maxKeys
	return s
}

// lookup returns the canonical template owning key k.
func (c *Clusterer) lookup(k uint64) (uint32, bool) {
	owner, ok := c.keys.get(k)
	if !ok {
		return 0, false
	}
	return c.Find(owner), true
}

func (c *Clusterer) bump(root uint32) {
	t := c.tmpl[root]
	if t.count < ^uint32(0) {
		t.count++
	}
	c.tmpl[root] = t
}

// union joins the sets of roots a and b; the older (smaller) id stays the
// root, so canonical ids never move to a newer template.
func (c *Clusterer) union(a, b uint32) uint32 {
	if b < a {
		a, b = b, a
	}
	ta, tb := c.tmpl[a], c.tmpl[b]
	ta.count = satAdd(ta.count, tb.count)
	tb.parent = a
	c.tmpl[a], c.tmpl[b] = ta, tb
	c.st.Merges++
	return a
}

func satAdd(a, b uint32) uint32 {
	if s := a + b; s >= a {
		return s
	}
	return ^uint32(0)
}

// insert stores k for an existing template; such keys are never evicted.
func (c *Clusterer) insert(k uint64, owner uint32) {
	if c.keys.n >= c.maxKeys {
		c.st.Dropped++
		return
	}
	c.keys.put(k, owner)
}

// insertNew stores k for the template just created, remembering it in the
// current generation.
func (c *Clusterer) insertNew(k uint64, owner uint32) {
	if c.keys.n >= c.maxKeys {
		c.st.Dropped++
		return
	}
	if c.keys.put(k, owner) {
		c.cur.keys = append(c.cur.keys, k)
		c.cur.nkeys[len(c.cur.nkeys)-1]++
	}
}

// rotate closes the current generation: templates created in the previous
// one that are still seen only once are forgotten with their keys.
func (c *Clusterer) rotate() {
	g := &c.prev
	off := 0
	for j, n := range g.nkeys {
		keys := g.keys[off : off+int(n)]
		off += int(n)
		id := g.first + uint32(j)
		if t := c.tmpl[id]; t.parent != id || t.count != 1 {
			continue // seen again or merged: kept for good
		}
		delete(c.tmpl, id)
		c.st.Evicted++
		for _, k := range keys {
			c.keys.del(k)
		}
		c.st.EvictedKeys += uint64(n)
	}
	g.nkeys, g.keys = g.nkeys[:0], g.keys[:0]
	c.prev, c.cur = c.cur, c.prev
	c.inGen = 0
	c.st.Rotations++
}

// table is an open-addressing hash table from 64-bit keys to 32-bit values
// with linear probing and backward-shift deletion (no tombstones). A slot
// packs the key and its value in 12 bytes, so a hit costs one cache miss.
// Key 0 marks an empty slot; a real key 0 is stored as zeroKey. The table
// grows by doubling and never needs more than maxSlots slots for the keys
// it was sized for at a load of at most 3/4.
type table struct {
	slots    []slot
	n        int
	shift    uint
	maxSlots int
}

type slot struct{ lo, hi, val uint32 }

func (s *slot) key() uint64 { return uint64(s.hi)<<32 | uint64(s.lo) }

const zeroKey = 0x9e3779b97f4a7c15

func (t *table) init(maxKeys int) {
	t.maxSlots = 1 << bits.Len(uint(maxKeys+maxKeys/3))
	t.resize(min(1024, t.maxSlots))
}

func (t *table) resize(n int) {
	old := t.slots
	t.slots = make([]slot, n)
	t.shift = uint(64 - bits.TrailingZeros(uint(n)))
	t.n = 0
	for i := range old {
		if s := &old[i]; s.lo|s.hi != 0 {
			t.put(s.key(), s.val)
		}
	}
}

func (t *table) home(k uint64) int { return int((k * 0x9e3779b97f4a7c15) >> t.shift) }

// find returns the slot of k, or of the empty slot that ends its probe run.
func (t *table) find(k uint64) (int, bool) {
	lo, hi := uint32(k), uint32(k>>32)
	mask := len(t.slots) - 1
	for i := t.home(k); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.lo == lo && s.hi == hi {
			return i, true
		}
		if s.lo|s.hi == 0 {
			return i, false
		}
	}
}

func (t *table) get(k uint64) (uint32, bool) {
	if k == 0 {
		k = zeroKey
	}
	i, ok := t.find(k)
	return t.slots[i].val, ok
}

// put stores k → v unless k is held; it reports whether it stored.
func (t *table) put(k uint64, v uint32) bool {
	if k == 0 {
		k = zeroKey
	}
	if (t.n+1)*4 > len(t.slots)*3 && len(t.slots) < t.maxSlots {
		t.resize(len(t.slots) * 2)
	}
	i, ok := t.find(k)
	if ok {
		return false
	}
	t.slots[i] = slot{uint32(k), uint32(k >> 32), v}
	t.n++
	return true
}

func (t *table) del(k uint64) bool {
	if k == 0 {
		k = zeroKey
	}
	i, ok := t.find(k)
	if !ok {
		return false
	}
	t.n--
	mask := len(t.slots) - 1
	for {
		t.slots[i] = slot{}
		j := i
		for {
			j = (j + 1) & mask
			s := &t.slots[j]
			if s.lo|s.hi == 0 {
				return true
			}
			// The key at j may fill the hole at i if i lies between its
			// home and j.
			if (j-t.home(s.key()))&mask >= (j-i)&mask {
				t.slots[i] = *s
				i = j
				break
			}
		}
	}
}
