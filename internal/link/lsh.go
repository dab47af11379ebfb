package link

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"unsafe"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/parallel"
	"github.com/distillguard/distillguard/internal/prefetch"
)

// candidates proposes account pairs that share at least one object heavy
// enough to matter and able to count as evidence (not a /24-day or a coarse
// category, which would propose many pairs and link none), in the
// SynchroTrap manner: objects partition the
// accounts, and pairs inside a partition are candidates. An object held by
// at most ObjectPairs accounts proposes all its pairs; a more popular one —
// a campaign's template is held by thousands — orders its holders
// pseudo-randomly and proposes each holder with its next ObjectSample
// neighbours, which keeps the holders connected at linear cost and stops a
// popular object from making a quadratic number of pairs.
func candidates(o *Objects, cfg *Config) []uint64 {
	// Holders of each proposing object, as one array indexed by offsets
	// (counted first): millions of small appended slices cost more in
	// allocation than the pairs they propose.
	proposes := func(ob uint32) bool {
		k := o.Kind[ob]
		return float64(o.Weight[ob]) >= cfg.CandidateMinWeight && (k.CountsAsEvidence() || k.IsFingerprint(float64(o.Weight[ob])))
	}
	// Holders are counted and placed on every core, each taking a range of
	// accounts with about equal incidences. Range r's holders of an object
	// go after those of the ranges before it, so every object's holders
	// are in account order, as one pass over the accounts places them.
	workers := cfg.workers()
	na := len(o.Off) - 1 // accounts 0..na-1
	bounds := make([]int, workers+1)
	for r := range bounds {
		bounds[r] = sort.Search(na, func(a int) bool { return int64(o.Off[a])*int64(workers) >= int64(o.Off[na])*int64(r) })
	}
	bounds[workers] = na
	at := make([][]uint32, workers) // per range, then where its holders of each object go
	parallel.Each(workers, workers, func(_, r int) {
		c := make([]uint32, len(o.Kind))
		for _, ob := range o.Obj[o.Off[bounds[r]]:o.Off[bounds[r+1]]] {
			c[ob]++
		}
		at[r] = c
	})
	const skip = ^uint32(0) // an object that proposes nothing
	off := make([]uint32, len(o.Kind)+1)
	npairs, ncost := 0, 0
	for ob := range o.Kind {
		n := 0
		for r := range at {
			n += int(at[r][ob])
		}
		next := off[ob]
		if n >= 2 && proposes(uint32(ob)) {
			npairs += pairsOf(n, cfg)
			ncost += costOf(n, cfg)
			for r := range at {
				at[r][ob], next = next, next+at[r][ob]
			}
		} else {
			for r := range at {
				at[r][ob] = skip
			}
		}
		off[ob+1] = next
	}
	holders := make([]uint32, off[len(o.Kind)])
	parallel.Each(workers, workers, func(_, r int) {
		fill := at[r]
		for a := bounds[r]; a < bounds[r+1]; a++ {
			for _, ob := range o.Of(uint32(a)) {
				if p := fill[ob]; p != skip {
					holders[p] = uint32(a)
					fill[ob] = p + 1
				}
			}
		}
	})
	// Objects are cut into one contiguous range per core with about equal
	// cost (costOf); each core proposes, sorts and deduplicates its
	// range's pairs, and the sorted lists are merged. The result is a set,
	// so it does not depend on where the cuts fall.
	type cut struct{ ob, pairs int } // an object range's end, and the pairs before it
	cuts := make([]cut, 0, workers+1)
	cuts = append(cuts, cut{})
	done, spent := 0, 0
	for ob := range o.Kind {
		if n := int(off[ob+1] - off[ob]); n >= 2 {
			done += pairsOf(n, cfg)
			spent += costOf(n, cfg)
		}
		if len(cuts) < workers && spent >= ncost*len(cuts)/workers {
			cuts = append(cuts, cut{ob + 1, done})
		}
	}
	for len(cuts) <= workers {
		cuts = append(cuts, cut{len(o.Kind), npairs})
	}
	lists := make([][]uint64, workers)
	parallel.Each(workers, workers, func(_, w int) {
		pairs := make([]uint64, 0, cuts[w+1].pairs-cuts[w].pairs)
		add := func(a, b uint32) {
			if a > b {
				a, b = b, a
			}
			if a != b {
				pairs = append(pairs, uint64(a)<<32|uint64(b))
			}
		}
		for ob := cuts[w].ob; ob < cuts[w+1].ob; ob++ {
			hs := holders[off[ob]:off[ob+1]]
			n := len(hs)
			if n < 2 {
				continue
			}
			if n <= cfg.ObjectPairs {
				for x := 0; x < n; x++ {
					for y := x + 1; y < n; y++ {
						add(hs[x], hs[y])
					}
				}
				continue
			}
			key := dict.Mix(uint64(ob) + 0x9E3779B97F4A7C15)
			slices.SortFunc(hs, func(x, y uint32) int {
				hx, hy := dict.Mix(uint64(x)^key), dict.Mix(uint64(y)^key)
				if hx < hy {
					return -1
				}
				if hx > hy {
					return 1
				}
				return 0
			})
			for x := 0; x < n; x++ {
				for d := 1; d <= cfg.ObjectSample; d++ {
					add(hs[x], hs[(x+d)%n])
				}
			}
		}
		pairs, _ = sortKeys(pairs, nil)
		lists[w] = slices.Compact(pairs)
	})
	return mergeSorted(lists)
}

// pairsOf is how many pairs candidates proposes for an object n accounts
// hold.
func pairsOf(n int, cfg *Config) int {
	if n <= cfg.ObjectPairs {
		return n * (n - 1) / 2
	}
	return n * cfg.ObjectSample
}

// costOf is the work candidates does for an object n accounts hold, in
// units of a proposed pair: a popular object's holders are also sorted,
// about n·log2(n) comparisons of two hashes each, which measured at about
// 0.4 of a pair's cost apiece. Balancing pairs alone left the core with
// the popular objects 60% longer at full scale.
func costOf(n int, cfg *Config) int {
	c := pairsOf(n, cfg)
	if n > cfg.ObjectPairs {
		c += 2 * n * bits.Len(uint(n)) / 5
	}
	return c
}

// mergeSorted merges ascending lists of distinct keys into one ascending
// list of distinct keys.
func mergeSorted(lists [][]uint64) []uint64 {
	for len(lists) > 1 {
		var next [][]uint64
		for i := 0; i+1 < len(lists); i += 2 {
			a, b := lists[i], lists[i+1]
			out := make([]uint64, 0, len(a)+len(b))
			for len(a) > 0 && len(b) > 0 {
				switch {
				case a[0] < b[0]:
					out, a = append(out, a[0]), a[1:]
				case b[0] < a[0]:
					out, b = append(out, b[0]), b[1:]
				default:
					out, a, b = append(out, a[0]), a[1:], b[1:]
				}
			}
			next = append(next, append(append(out, a...), b...))
		}
		if len(lists)%2 == 1 {
			next = append(next, lists[len(lists)-1])
		}
		lists = next
	}
	if len(lists) == 0 {
		return nil
	}
	return lists[0]
}

// Similarity measures what two accounts share. Single objects count by
// weight; each many-valued kind (templates, address-days, network-days)
// counts as one block of at most SetMassCap, matched by the weighted
// Jaccard inside the kind, so that an account with hundreds of address-days
// neither swamps nor is swamped. It returns the shared weight over the union weight, and the
// shared weight itself. Objects only one account holds were dropped when
// objects were built: a camouflaged account's private traffic does not
// dilute what it shares, and randomised per-account attributes only lower
// the ratio, not the shared weight, which is why edges are decided mostly
// on the shared weight.
func Similarity(o *Objects, a, b uint32, cfg *Config) (sim, shared float64) {
	sim, shared, _ = similarity(o, a, b, cfg)
	return sim, shared
}

// similarity is Similarity plus the number of independent evidence families
// (Kind.Family, Independent) that contribute at least one unit of shared
// weight.
func similarity(o *Objects, a, b uint32, cfg *Config) (sim, shared float64, families int) {
	o.totals()
	x, y := o.Of(a), o.Of(b)
	xw, xk := o.incWeight[o.Off[a]:o.Off[a+1]], o.incKind[o.Off[a]:o.Off[a+1]]
	var ov overlap
	// Only the objects both hold are looked up; what either holds alone
	// enters through the per-account totals.
	if len(x) < len(y) {
		x, y = y, x // x is the longer list
		xw, xk = o.incWeight[o.Off[b]:o.Off[b+1]], o.incKind[o.Off[b]:o.Off[b+1]]
	}
	gallop := len(x) > 16*len(y)
	for i, j := 0, 0; i < len(x) && j < len(y); {
		xi, yj := x[i], y[j]
		if xi != yj {
			if gallop && xi < yj {
				// A heavy account (thousands of address-days) against a
				// light one: search the long list instead of walking it.
				i += sort.Search(len(x)-i, func(k int) bool { return x[i+k] >= yj })
				continue
			}
			// Branch-free advance: which list is behind is a coin toss
			// the predictor loses half the time.
			lt := b2i(xi < yj)
			i += lt
			j += 1 - lt
			continue
		}
		ov.sharedObject(float64(xw[i]), xk[i])
		i++
		j++
	}
	return ov.finish(o, a, b, cfg)
}

// marker holds one account's objects as bits over all objects. Candidate
// pairs come sorted by their first account, which is often paired with
// many others: with its objects marked, each partner is compared by
// walking the partner's list alone, a bit test per object, instead of
// merging both lists every time.
type marker struct {
	bits []uint64
	acct uint32
	set  bool
}

// load marks account a's objects, unmarking the previous account's.
func (m *marker) load(o *Objects, a uint32) {
	if m.set && m.acct == a {
		return
	}
	if m.bits == nil {
		m.bits = make([]uint64, (len(o.Kind)+63)/64)
	}
	if m.set {
		for _, ob := range o.Of(m.acct) {
			m.bits[ob>>6] = 0
		}
	}
	for _, ob := range o.Of(a) {
		m.bits[ob>>6] |= 1 << (ob & 63)
	}
	m.acct, m.set = a, true
}

// similarityMarked is similarity(o, a, b, cfg) with a's objects in m. It
// counts the shared objects in the same order, ascending, so its sums are
// the merge's to the bit.
func similarityMarked(o *Objects, m *marker, a, b uint32, cfg *Config) (sim, shared float64, families int) {
	lo, hi := o.Off[b], o.Off[b+1]
	if int(hi-lo) > 16*int(o.Off[a+1]-o.Off[a]) {
		return similarity(o, a, b, cfg) // a light account against a heavy one: search
	}
	o.totals()
	var ov overlap
	y, yw, yk := o.Obj[lo:hi], o.incWeight[lo:hi], o.incKind[lo:hi]
	for j, ob := range y {
		if m.bits[ob>>6]>>(ob&63)&1 != 0 {
			ov.sharedObject(float64(yw[j]), yk[j])
		}
	}
	return ov.finish(o, a, b, cfg)
}

// finish completes an overlap whose shared objects have been counted, from
// the two accounts' totals.
func (ov *overlap) finish(o *Objects, a, b uint32, cfg *Config) (sim, shared float64, families int) {
	ta, tb := &o.tot[a], &o.tot[b]
	ov.union = ta.single + tb.single - ov.shared
	for i := range SetKinds {
		ov.setUnion[i] = ta.set[i] + tb.set[i] - ov.setShared[i]
		if ov.setUnion[i] < 1e-9 {
			ov.setUnion[i], ov.setShared[i] = 0, 0 // rounding, not weight
		}
	}
	return ov.result(o, a, b, cfg)
}

// overlap is what two accounts' object lists add up to: single objects by
// weight, many-valued kinds as shared and union weight per kind.
type overlap struct {
	setShared, setUnion [NumSetKinds]float64 // indexed by SetIndex
	famShared           [NumFamilies]float64
	fingerprint         int
	union, shared       float64 // single objects only, until result
}

// sharedObject counts an object both accounts hold; its weight in the
// union comes from the caller.
func (ov *overlap) sharedObject(w float64, k Kind) {
	if k.IsSet() {
		ov.setShared[SetIndex(k)] += w
		return
	}
	ov.shared += w
	if k.CountsAsEvidence() {
		ov.famShared[k.Family()] += w
	}
	if k.IsFingerprint(w) {
		ov.fingerprint++
	}
}

// result turns the overlap into similarity, shared weight and families.
func (ov *overlap) result(o *Objects, a, b uint32, cfg *Config) (sim, shared float64, families int) {
	if ad := SetIndex(KindAddressDay); ov.setUnion[ad] > 0 && o.PrivateAddress != nil {
		ov.setUnion[ad] += float64(o.PrivateAddress[a] + o.PrivateAddress[b])
	}
	union, shared := ov.union, ov.shared
	for i, k := range SetKinds { // in kind order, as the sums always ran
		if ov.setUnion[i] == 0 {
			continue
		}
		// A many-valued kind counts as one block: its weight is its union
		// weight capped, and what is shared of it is that weight times the
		// weighted Jaccard inside the kind — SynchroTrap's matched actions
		// over all actions. Two accounts of one harness share much of their
		// template sets; an honest user shares a few generic phrases out
		// of many, and scores little however common those phrases are.
		m := math.Min(ov.setUnion[i], cfg.SetMassCap)
		union += m
		sh := m * ov.setShared[i] / ov.setUnion[i]
		shared += sh
		if k.CountsAsEvidence() {
			ov.famShared[k.Family()] += sh
		}
	}
	for _, w := range ov.famShared {
		if w >= 1 {
			families++
		}
	}
	if ov.fingerprint >= FingerprintKinds {
		families++
	}
	if union == 0 {
		return 0, 0, 0
	}
	return shared / union, shared, families
}

// verify turns candidate pairs into edges, in parallel. Workers take
// fixed-size runs of pairs as they finish the last (a heavy account's
// pairs cost many times a light one's, so equal halves would leave one core
// idle), and the runs' edges are joined in run order.
func verify(o *Objects, cands []uint64, cfg *Config) []Edge {
	o.totals()
	const run = 8192
	parts := make([][]Edge, (len(cands)+run-1)/run)
	markers := make([]marker, cfg.workers())
	parallel.Each(len(markers), len(parts), func(w, r int) {
		m := &markers[w]
		var out []Edge
		cs := cands[r*run : min((r+1)*run, len(cands))]
		for i, p := range cs {
			if i+prefetchAhead < len(cs) {
				touch(o, uint32(cs[i+prefetchAhead]))
			}
			a, b := uint32(p>>32), uint32(p)
			m.load(o, a)
			sim, shared, fams := similarityMarked(o, m, a, b, cfg)
			if sim >= cfg.MinSimilarity && shared >= cfg.MinShared && fams >= cfg.MinFamilies {
				out = append(out, Edge{A: a, B: b, Sim: float32(sim)})
			}
		}
		parts[r] = out
	})
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	edges := make([]Edge, 0, n)
	for _, p := range parts {
		edges = append(edges, p...)
	}
	return edges
}

// prefetchAhead is how many pairs ahead verify touches the second
// account's data.
const prefetchAhead = 8

// touch starts loading account b's totals and the start of its object
// list some pairs before they are merged. Pairs come sorted by their first
// account, so the second is a random one, and its data a cache miss apiece
// at full scale. An account holds a few dozen objects, so the first three
// lines of its objects and weights are loaded, not only the first.
func touch(o *Objects, b uint32) {
	prefetch.Line(unsafe.Pointer(&o.tot[b]))
	off, end := o.Off[b], o.Off[b+1]
	if off < end {
		prefetch.Line(unsafe.Pointer(&o.incKind[off]))
	}
	for i := off; i < end && i < off+48; i += 16 {
		prefetch.Line(unsafe.Pointer(&o.Obj[i]))
		prefetch.Line(unsafe.Pointer(&o.incWeight[i]))
	}
}

// UnionFind is a disjoint-set forest with path halving and union by size.
type UnionFind struct {
	parent []uint32
	size   []uint32
}

// NewUnionFind makes n singletons 0..n-1.
func NewUnionFind(n int) *UnionFind {
	u := &UnionFind{parent: make([]uint32, n), size: make([]uint32, n)}
	for i := range u.parent {
		u.parent[i] = uint32(i)
		u.size[i] = 1
	}
	return u
}

// Find returns x's representative.
func (u *UnionFind) Find(x uint32) uint32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// Union joins x's and y's sets.
func (u *UnionFind) Union(x, y uint32) {
	x, y = u.Find(x), u.Find(y)
	if x == y {
		return
	}
	if u.size[x] < u.size[y] {
		x, y = y, x
	}
	u.parent[y] = x
	u.size[x] += u.size[y]
}

// components returns the connected components of at least two accounts,
// largest first, each sorted by account id.
func components(accounts int, edges []Edge) [][]uint32 {
	u := NewUnionFind(accounts + 1)
	for _, e := range edges {
		u.Union(e.A, e.B)
	}
	byRoot := map[uint32][]uint32{}
	for a := uint32(1); a <= uint32(accounts); a++ {
		r := u.Find(a)
		if u.size[r] >= 2 {
			byRoot[r] = append(byRoot[r], a)
		}
	}
	groups := make([][]uint32, 0, len(byRoot))
	for _, g := range byRoot {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(x, y []uint32) int {
		if len(x) != len(y) {
			return len(y) - len(x)
		}
		return int(x[0]) - int(y[0])
	})
	return groups
}

// b2i is 1 for true; the compiler turns it into a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
