package template

import (
	"math/bits"

	"github.com/cespare/xxhash/v2"
)

// Sketch parameters. They are part of the dg1 wire format: changing any of
// them changes every band key, so a change needs a new format version.
const (
	// NumHashes is K, the number of min-hashes per text.
	NumHashes = NumBands * BandRows
	// NumBands is b, the number of LSH bands.
	NumBands = 20
	// BandRows is r, the number of min-hashes per band.
	BandRows = 6
	// ShingleSize is the number of consecutive words in a shingle.
	ShingleSize = 2
	// MinWords is the number of words (after masking, punctuation not
	// counted) below which a text gets an exact-only signature.
	MinWords = 4
)

// Every banded text has at least one full shingle.
const _ = uint(MinWords - ShingleSize)

// Signature is the template signature of one text.
type Signature struct {
	// Exact is the 64-bit xxhash of the masked text; 0 for an empty text
	// (and never 0 otherwise).
	Exact uint64
	// Bands are the LSH band keys; all zero unless Banded. Band i hashes
	// min-hashes [i*BandRows, (i+1)*BandRows) together with i, so equal
	// keys at different positions never meet.
	Bands [NumBands]uint64
	// Banded is false for exact-only signatures: empty texts and texts of
	// fewer than MinWords words.
	Banded bool
}

// IsZero reports whether s is the signature of an empty text (or no text).
func (s Signature) IsZero() bool { return s == Signature{} }

// Pair holds the two signatures of one exchange.
type Pair struct {
	// PromptSig is the signature of the latest user turn.
	PromptSig Signature
	// SystemSig is the signature of the system prompt; zero when there is
	// none.
	SystemSig Signature
}

// cacheSize is the number of entries of a Sketcher's signature cache.
const cacheSize = 64

// Sketcher computes signatures. It keeps scratch buffers and a small cache
// of recent signatures (keyed by exact hash, so a repeated text such as a
// platform's system prompt is masked but not min-hashed again), so it
// allocates nothing in the steady state. A Sketcher is not safe for
// concurrent use: use one per goroutine. The zero value is ready to use.
type Sketcher struct {
	m      masker
	shingl []uint64
	mins   minHashes
	cache  [cacheSize]Signature
}

// Sketch returns the signatures of the user prompt and of the system prompt
// of one exchange. They are separate, not mixed: an agent platform's fixed
// system prompt is shared by many unrelated users and must not make their
// prompts one template, while a harness template lives in the user prompt
// whatever system prompt comes with it. Cluster each on its own and join
// them downstream.
func (s *Sketcher) Sketch(system, prompt string) Pair {
	return Pair{PromptSig: s.Text(prompt), SystemSig: s.Text(system)}
}

// Text returns the signature of one text.
func (s *Sketcher) Text(text string) Signature {
	s.m = masker{dst: s.m.dst[:0], words: s.m.words[:0], hash: true}
	s.m.run(text)
	if len(s.m.dst) == 0 {
		return Signature{}
	}
	sig := Signature{Exact: xxhash.Sum64(s.m.dst)}
	if sig.Exact == 0 {
		sig.Exact = 1
	}
	words := s.m.words
	if len(words) < MinWords {
		return sig
	}
	c := &s.cache[sig.Exact%cacheSize]
	if c.Exact == sig.Exact {
		return *c
	}
	sh := s.shingl[:0]
	for i := 0; i+ShingleSize <= len(words); i++ {
		sh = append(sh, shingleHash(words[i:i+ShingleSize]))
	}
	s.shingl = sh
	s.mins.minHash(sh)
	s.mins.bandKeys(&sig.Bands)
	sig.Banded = true
	*c = sig
	return sig
}

// Masked returns the masked text of the last call to Text (the system prompt
// after Sketch). It is valid until the next call.
func (s *Sketcher) Masked() []byte { return s.m.dst }

// Hash parameters. Min-hashes 2i and 2i+1 of a shingle with hash x are the
// high and the low 32 bits of hashMul[i]·x mod 2⁶⁴ (hashMul[i] odd):
// multiply-shift hashing, two rows per multiplication. For a well-mixed x
// the halves are independent: the high half contains lo32(hashMul[i]) ·
// hi32(x), uniform and independent of the low half, which depends on
// lo32(x) only. bandSeed seeds each band's key. The constants come from a
// fixed splitmix64 stream, so signatures agree across runs and machines.
var hashMul, bandSeed = func() (mul [NumHashes / 2]uint64, seed [NumBands]uint64) {
	state := uint64(0x6467315f74706c31) // "dg1_tpl1"
	next := func() uint64 {
		state += 0x9e3779b97f4a7c15
		return fmix64(state)
	}
	for i := range mul {
		mul[i] = next() | 1
	}
	for i := range seed {
		seed[i] = next()
	}
	return
}()

// fmix64 is the MurmurHash3 64-bit finaliser.
func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// shingleHash combines the hashes of consecutive words, in order.
func shingleHash(words []uint64) uint64 {
	h := uint64(len(words)) * 0x9e3779b97f4a7c15
	for _, w := range words {
		h = bits.RotateLeft64(h, 27) ^ w
		h *= 0x94d049bb133111eb
	}
	return fmix64(h)
}

// minHashes are the K min-hashes of a text: hi[i] is the minimum over its
// shingles x of hashMul[i]·x (min-hash 2i is its high half, and the low
// half only breaks ties), lo[i] the minimum of the low half (min-hash
// 2i+1).
type minHashes struct {
	hi [NumHashes / 2]uint64
	lo [NumHashes / 2]uint32
}

// minHash computes the min-hashes of the shingle hashes xs. Four shingles go
// through each multiplier at once, so each multiplier and each pair of
// minima is loaded and stored once per four shingles.
func (m *minHashes) minHash(xs []uint64) {
	for i := range m.hi {
		m.hi[i] = ^uint64(0)
		m.lo[i] = ^uint32(0)
	}
	for ; len(xs) >= 4; xs = xs[4:] {
		x0, x1, x2, x3 := xs[0], xs[1], xs[2], xs[3]
		for i, a := range &hashMul {
			v0, v1, v2, v3 := a*x0, a*x1, a*x2, a*x3
			m.hi[i] = min(m.hi[i], v0, v1, v2, v3)
			m.lo[i] = min(m.lo[i], uint32(v0), uint32(v1), uint32(v2), uint32(v3))
		}
	}
	for _, x := range xs {
		for i, a := range &hashMul {
			v := a * x
			m.hi[i] = min(m.hi[i], v)
			m.lo[i] = min(m.lo[i], uint32(v))
		}
	}
}

// bandKeys hashes each band of BandRows min-hashes (BandRows/2
// multipliers), seeded by the band index.
func (m *minHashes) bandKeys(keys *[NumBands]uint64) {
	const per = BandRows / 2
	for b := range keys {
		h := bandSeed[b]
		for i := b * per; i < (b+1)*per; i++ {
			h = bits.RotateLeft64(h^(m.hi[i]&^0xffffffff|uint64(m.lo[i])), 29) * 0xbf58476d1ce4e5b9
		}
		keys[b] = fmix64(h)
	}
}

// Rows pair up in band keys.
const _ = uint(1 - BandRows%2)
