package simulate

import (
	"math"
	"math/rand/v2"
)

// All randomness in the simulator is derived from the run's seed through
// these helpers, so that any piece of the output (an account's day, one
// exchange) can be regenerated from a few integers without replaying what came
// before it. That is what lets the day loop and the renderers run in parallel
// and still write byte-identical files for the same seed.

// mix64 is the splitmix64 finaliser: a bijective, well-distributed scramble
// of a 64-bit value.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash2 combines two values into one well-mixed key.
func hash2(a, b uint64) uint64 { return mix64(mix64(a) ^ (b * 0xd6e8feb86659fd93)) }

// hash3 combines three values into one well-mixed key.
func hash3(a, b, c uint64) uint64 { return hash2(hash2(a, b), c) }

// Salts keep the streams drawn from one key independent of each other.
const (
	saltWorld uint64 = iota + 0x5157_0000
	saltPopulation
	saltIDs
	saltDay
	saltSession
	saltExchange
	saltRequestID
	saltAddress
	saltShuffle
	saltTie
	saltText
	saltFamily
	saltPublic  // public prompt sets, and who sends them
	saltOverlap // proxy exits that are honest consumers' home lines
)

// newRand returns a generator seeded from two words.
func newRand(a, b uint64) *rand.Rand { return rand.New(rand.NewPCG(a, b)) }

// unit maps a hash to [0,1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// chance reports whether a hash-derived draw falls under p.
func chance(h uint64, p float64) bool { return unit(h) < p }

// poisson draws a Poisson count with mean lambda. Small means use inversion
// (exact); large means use a rounded normal, which is indistinguishable at the
// volumes where it is used and far cheaper.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 30 {
		l := math.Exp(-lambda)
		k, p := 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	}
	v := math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64())
	if v < 0 {
		return 0
	}
	return int(v)
}

// lognormMean draws a lognormal value with the given mean and log-space
// standard deviation sigma: heavy-tailed volumes and sizes.
func lognormMean(r *rand.Rand, mean, sigma float64) float64 {
	return mean * math.Exp(sigma*r.NormFloat64()-sigma*sigma/2)
}

// lognormMedian draws a lognormal value with the given median.
func lognormMedian(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// geometric draws a count ≥ 1 with the given mean.
func geometric(r *rand.Rand, mean float64) int {
	if mean <= 1 {
		return 1
	}
	p := 1 / mean
	return 1 + int(math.Log(1-r.Float64())/math.Log(1-p))
}

// clampInt bounds v to [lo, hi].
func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// clampF bounds v to [lo, hi].
func clampF(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}

// cdf is a cumulative distribution over small discrete choices.
type cdf []float64

// makeCDF normalises weights into a cumulative table. All-zero weights give
// a table that always picks the first choice.
func makeCDF(w ...float64) cdf {
	c := make(cdf, len(w))
	s := 0.0
	for i, x := range w {
		if x > 0 {
			s += x
		}
		c[i] = s
	}
	if s == 0 {
		for i := range c {
			c[i] = 1
		}
		return c
	}
	for i := range c {
		c[i] /= s
	}
	c[len(c)-1] = 1
	return c
}

// pick returns the index that u ∈ [0,1) falls into.
func (c cdf) pick(u float64) int {
	// Most tables are short, where a linear scan beats a binary search.
	if len(c) <= 16 {
		for i, x := range c {
			if u < x {
				return i
			}
		}
		return len(c) - 1
	}
	lo, hi := 0, len(c)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if u < c[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// weighted is one choice of a weighted list.
type weighted[T any] struct {
	w float64
	v T
}

// chooser picks values of a weighted list.
type chooser[T any] struct {
	c    cdf
	vals []T
}

func newChooser[T any](items ...weighted[T]) chooser[T] {
	w := make([]float64, len(items))
	v := make([]T, len(items))
	for i, it := range items {
		w[i], v[i] = it.w, it.v
	}
	return chooser[T]{c: makeCDF(w...), vals: v}
}

func (c chooser[T]) pick(u float64) T { return c.vals[c.c.pick(u)] }

// idAlphabet renders opaque ids: 32 lower-case letters and digits, five
// random bits a character.
const idAlphabet = "0123456789abcdefghijklmnopqrstuv"

// appendID appends prefix and 24 characters (120 random bits) drawn from
// two 64-bit words. Every kind of id (accounts, orgs, keys, payment
// fingerprints, requests) of every population goes through this one
// function, so no id format can tell one population from another.
func appendID(dst []byte, prefix string, hi, lo uint64) []byte {
	dst = append(dst, prefix...)
	for i := 0; i < 12; i++ {
		dst = append(dst, idAlphabet[hi&31], idAlphabet[lo&31])
		hi >>= 5
		lo >>= 5
	}
	return dst
}

// idGen hands out unique opaque ids from one stream.
type idGen struct {
	r    *rand.Rand
	seen map[string]struct{}
}

func newIDGen(seed uint64) *idGen {
	return &idGen{r: newRand(hash2(seed, saltIDs), 1), seen: map[string]struct{}{}}
}

// next returns a fresh id with the given prefix, never one handed out before.
func (g *idGen) next(prefix string) string {
	for {
		s := string(appendID(nil, prefix, g.r.Uint64(), g.r.Uint64()))
		if _, dup := g.seen[s]; !dup {
			g.seen[s] = struct{}{}
			return s
		}
	}
}
