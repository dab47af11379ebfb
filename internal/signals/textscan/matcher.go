package textscan

import (
	"fmt"
	"math/bits"
	"strings"
)

// MaxPhrase is the longest phrase, in words, a Matcher recognises.
const MaxPhrase = 5

// NumWord is the placeholder that stands for any all-digit token in a
// lexicon phrase: "grade <num>" matches "grade 5" and "grade 12".
const NumWord = "<num>"

// numHash stands for every number in phrase keys.
const numHash = 0x5bd1e9955bd1e995

// Hit is one lexicon match: the entry's id and the index of the phrase's last
// token in Doc.Tokens.
type Hit struct {
	ID  int32
	Tok int32
	N   int8 // words in the phrase
}

// Matcher finds the words and phrases of a fixed lexicon in scanned text. It
// is built once (NewMatcher) and is then safe for concurrent use.
//
// It is an open-addressing hash table over token hashes. A phrase of n words
// is stored under the combination of its words' hashes; its last word is
// stored too, marked with the longest phrase it ends, so that the text is
// probed for phrases only at tokens that can end one.
type Matcher struct {
	keys  []uint64
	vals  []uint32 // id+1 in the low 24 bits; bit 24: is a term; bits 28-31: longest phrase ending here
	mask  uint64
	shift uint
	terms []string
	// byVocab holds the value of each last word, indexed by its id in the
	// shared vocabulary: the per-token look-up of Match.
	byVocab []uint32
	// pairs is a Bloom filter of the (second-to-last, last) word pairs of
	// the phrases: a phrase can end at token i only if the pair of tokens
	// i-1 and i is in it, so most phrase probes are skipped.
	pairs [1 << 10]uint64
	word  []bool // slot holds a single word (not a phrase key); build time only
}

func pairBit(a, b uint64) (int, uint64) {
	h := (a*0x9E3779B97F4A7C15 ^ b) * 0xC2B2AE3D27D4EB4F >> 48
	return int(h >> 6), 1 << (h & 63)
}

func isWordKey(m *Matcher, slot int) bool { return m.word[slot] }

const (
	valID    = 1<<24 - 1
	valTerm  = 1 << 24
	valShift = 28
)

// NewMatcher builds a matcher for terms; term i gets id i. A term is one or
// more words separated by spaces (punctuation is dropped as the scanner
// drops it: "step-by-step" is the phrase "step by step"), with NumWord
// standing for any number. Duplicate terms and terms of more than MaxPhrase
// words are errors.
func NewMatcher(terms []string) (*Matcher, error) {
	size := 64
	for size < 4*len(terms)+16 {
		size <<= 1
	}
	m := &Matcher{
		keys:  make([]uint64, size),
		vals:  make([]uint32, size),
		mask:  uint64(size - 1),
		shift: uint(64 - bits.TrailingZeros(uint(size))),
		terms: terms,
	}
	m.word = make([]bool, size)
	var d Doc
	for id, term := range terms {
		hs, err := termHashes(&d, term)
		if err != nil {
			return nil, err
		}
		n := len(hs)
		key := hs[0]
		for _, h := range hs[1:] {
			key = combine(key, h)
		}
		if n > 1 {
			key = phraseKey(key, n)
		}
		slot := m.slot(key)
		if m.keys[slot] == key && m.vals[slot]&valTerm != 0 {
			return nil, fmt.Errorf("textscan: duplicate lexicon term %q (id %d and %d)", term, id, m.vals[slot]&valID-1)
		}
		m.keys[slot] = key
		m.vals[slot] = m.vals[slot]&^valID | valTerm | uint32(id+1)
		if n == 1 {
			m.word[slot] = true
		}
		if n > 1 {
			last := m.slot(hs[n-1])
			m.keys[last] = hs[n-1]
			m.word[last] = true
			if cur := int(m.vals[last] >> valShift); n > cur {
				m.vals[last] = m.vals[last]&(1<<valShift-1) | uint32(n)<<valShift
			}
		}
	}
	// index the last words by their shared-vocabulary id
	var words []uint64
	var wvals []uint32
	for i, k := range m.keys {
		if k != 0 && m.vals[i]&(valTerm|0xF<<valShift) != 0 && isWordKey(m, i) {
			words = append(words, k)
			wvals = append(wvals, m.vals[i])
		}
	}
	ids := vocabIDs(words)
	maxID := uint32(0)
	for _, id := range ids {
		maxID = max(maxID, id)
	}
	m.byVocab = make([]uint32, maxID+1)
	for i, id := range ids {
		m.byVocab[id] = wvals[i]
	}
	for _, term := range terms {
		hs, _ := termHashes(&d, term)
		if n := len(hs); n >= 2 {
			w, bit := pairBit(hs[n-2], hs[n-1])
			m.pairs[w] |= bit
		}
	}
	m.word = nil
	return m, nil
}

// MustMatcher is NewMatcher that panics on error, for package-level lexicons.
func MustMatcher(terms []string) *Matcher {
	m, err := NewMatcher(terms)
	if err != nil {
		panic(err)
	}
	return m
}

// Term returns the text of entry id.
func (m *Matcher) Term(id int32) string { return m.terms[id] }

// Len is the number of terms.
func (m *Matcher) Len() int { return len(m.terms) }

func termHashes(d *Doc, term string) ([]uint64, error) {
	var hs []uint64
	for _, w := range strings.Fields(term) {
		if w == NumWord {
			hs = append(hs, numHash)
			continue
		}
		d.Reset()
		d.scan(w, 0)
		for _, t := range d.Tokens {
			if t.Flags&Numeric != 0 {
				hs = append(hs, numHash)
			} else {
				hs = append(hs, t.Hash)
			}
		}
	}
	if len(hs) == 0 {
		return nil, fmt.Errorf("textscan: lexicon term %q has no words", term)
	}
	if len(hs) > MaxPhrase {
		return nil, fmt.Errorf("textscan: lexicon term %q has more than %d words", term, MaxPhrase)
	}
	return hs, nil
}

func combine(a, b uint64) uint64 {
	return (bits.RotateLeft64(a, 23) ^ b) * 0x9E3779B97F4A7C15
}

func phraseKey(k uint64, n int) uint64 {
	k ^= uint64(n) * 0xC2B2AE3D27D4EB4F
	if k == 0 {
		k = 1
	}
	return k
}

// slot finds key's slot or the empty slot where it belongs.
func (m *Matcher) slot(key uint64) uint64 {
	i := (key * 0x9E3779B97F4A7C15) >> m.shift
	for {
		k := m.keys[i]
		if k == key || k == 0 {
			return i
		}
		i = (i + 1) & m.mask
	}
}

func (m *Matcher) get(key uint64) uint32 {
	i := (key * 0x9E3779B97F4A7C15) >> m.shift
	for {
		k := m.keys[i]
		if k == key {
			return m.vals[i]
		}
		if k == 0 {
			return 0
		}
		i = (i + 1) & m.mask
	}
}

// tokHash is the hash a token has in phrases: numbers all look alike.
func tokHash(t *Token) uint64 {
	if t.Flags&Numeric != 0 {
		return numHash
	}
	return t.Hash
}

// Match appends to hits every lexicon term found in d, in token order (for
// one end token, shorter phrases first), and returns the extended slice.
func (m *Matcher) Match(d *Doc, hits []Hit) []Hit {
	toks := d.Tokens
	bv := m.byVocab
	for i := range toks {
		id := toks[i].Vocab
		if id == 0 || int(id) >= len(bv) {
			continue
		}
		v := bv[id]
		if v == 0 {
			continue
		}
		if v&valTerm != 0 {
			hits = append(hits, Hit{ID: int32(v&valID) - 1, Tok: int32(i), N: 1})
		}
		maxN := int(v >> valShift)
		if maxN < 2 {
			continue
		}
		if maxN > i+1 {
			maxN = i + 1
		}
		if maxN < 2 {
			continue
		}
		if w, bit := pairBit(tokHash(&toks[i-1]), tokHash(&toks[i])); m.pairs[w]&bit == 0 {
			continue // no phrase ends with these two words
		}
		for n := 2; n <= maxN; n++ {
			key := tokHash(&toks[i-n+1])
			for j := i - n + 2; j <= i; j++ {
				key = combine(key, tokHash(&toks[j]))
			}
			if pv := m.get(phraseKey(key, n)); pv&valTerm != 0 {
				hits = append(hits, Hit{ID: int32(pv&valID) - 1, Tok: int32(i), N: int8(n)})
			}
		}
	}
	return hits
}
