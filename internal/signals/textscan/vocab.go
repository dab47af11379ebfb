package textscan

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// The shared vocabulary. Every word that a lexicon term ends with, in any
// signal package, is given a small id when its Matcher is built. Scan
// stores each token's id (Token.Vocab), so a Matcher indexes a dense table
// by id instead of probing a hash table: each token costs one probe in all,
// however many signals read the scan. Matchers are built at package init;
// a Matcher built after some text was scanned does not see its new words in
// that text (scan again).

// vocabSlot is eight bytes, so that the table of a few thousand words
// stays in the first-level cache: the key is the upper half of the word
// hash (never 0), the slot index comes from the whole hash. Two words would
// share an id only if 44 or more bits of their hashes agreed.
type vocabSlot struct {
	key uint32
	id  uint32
}

func vocabKey(h uint64) uint32 {
	if k := uint32(h >> 32); k != 0 {
		return k
	}
	return 1
}

type vocabTable struct {
	slots []vocabSlot
	shift uint
	mask  uint64
	n     uint32   // ids in use; ids start at 1
	num   uint32   // id of the number placeholder, 0 if no lexicon uses it
	words []uint64 // the full hashes, for rebuilding
	// present is a 32 Kbit bitmap of the words' hashes (4 KB, cache
	// resident): most tokens are no lexicon's word and stop here.
	present [512]uint64
}

func presentBit(h uint64) (int, uint64) {
	b := h >> 49 // 15 bits
	return int(b >> 6), 1 << (b & 63)
}

func (t *vocabTable) lookup(h uint64) uint32 {
	if w, bit := presentBit(h); t.present[w]&bit == 0 {
		return 0
	}
	i := (h * 0x9E3779B97F4A7C15) >> t.shift
	k := vocabKey(h)
	for {
		s := &t.slots[i]
		if s.key == k {
			return s.id
		}
		if s.key == 0 {
			return 0
		}
		i = (i + 1) & t.mask
	}
}

var (
	vocabMu  sync.Mutex
	vocabTab atomic.Pointer[vocabTable]
)

func init() {
	vocabTab.Store(newVocabTable(1024))
}

func newVocabTable(size int) *vocabTable {
	return &vocabTable{
		slots: make([]vocabSlot, size),
		shift: uint(64 - bits.TrailingZeros(uint(size))),
		mask:  uint64(size - 1),
	}
}

// vocabIDs returns the ids of words (hashes), registering the new ones.
// The table is copied on write, so concurrent scans see a consistent one.
func vocabIDs(words []uint64) []uint32 {
	vocabMu.Lock()
	defer vocabMu.Unlock()
	old := vocabTab.Load()
	out := make([]uint32, len(words))
	var fresh []uint64
	for i, h := range words {
		if id := old.lookup(h); id != 0 {
			out[i] = id
		} else {
			fresh = append(fresh, h)
		}
	}
	if len(fresh) == 0 {
		return out
	}
	size := len(old.slots)
	for size < 3*(int(old.n)+len(fresh)+1) {
		size *= 2
	}
	t := newVocabTable(size)
	t.num = old.num
	put := func(h uint64, id uint32) {
		i := (h * 0x9E3779B97F4A7C15) >> t.shift
		k := vocabKey(h)
		for t.slots[i].key != 0 && t.slots[i].key != k {
			i = (i + 1) & t.mask
		}
		t.slots[i] = vocabSlot{k, id}
		w, bit := presentBit(h)
		t.present[w] |= bit
	}
	for _, h := range old.words {
		put(h, old.lookup(h))
	}
	t.words = append(t.words, old.words...)
	t.n = old.n
	for i, h := range words {
		if out[i] != 0 {
			continue
		}
		if id := t.lookup(h); id != 0 {
			out[i] = id
			continue
		}
		t.n++
		put(h, t.n)
		t.words = append(t.words, h)
		out[i] = t.n
		if h == numHash {
			t.num = t.n
		}
	}
	vocabTab.Store(t)
	return out
}

// VocabSize is the number of words in the shared vocabulary.
func VocabSize() int { return int(vocabTab.Load().n) }
