package campaign

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/distillguard/distillguard/internal/link"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// plantedGraph makes k communities of size n with dense insides (p_in)
// and sparse links between them (p_out).
func plantedGraph(r *rand.Rand, k, n int, pin, pout float64) []wedge {
	var edges []wedge
	total := k * n
	for a := 0; a < total; a++ {
		for b := a + 1; b < total; b++ {
			p := pout
			if a/n == b/n {
				p = pin
			}
			if r.Float64() < p {
				edges = append(edges, wedge{int32(a), int32(b), 1})
			}
		}
	}
	return edges
}

func TestLouvainFindsPlantedCommunities(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const k, n = 4, 40
	edges := plantedGraph(r, k, n, 0.3, 0.005)
	label := louvain(k*n, edges)
	// Every planted community should be (almost) one label.
	for c := 0; c < k; c++ {
		counts := map[int32]int{}
		for i := c * n; i < (c+1)*n; i++ {
			counts[label[i]]++
		}
		best := 0
		for _, v := range counts {
			best = max(best, v)
		}
		if best < n*9/10 {
			t.Errorf("planted community %d spread over labels %v", c, counts)
		}
	}
}

// TestLouvainAgainstGonum uses gonum's Louvain as the oracle: ours must
// reach a modularity close to it on random graphs.
func TestLouvainAgainstGonum(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		n := 300
		edges := plantedGraph(r, 6, n/6, 0.15, 0.01)
		label := louvain(n, edges)
		ours := modularity(n, edges, label)

		g := simple.NewWeightedUndirectedGraph(0, 0)
		for i := 0; i < n; i++ {
			g.AddNode(simple.Node(i))
		}
		for _, e := range edges {
			g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(e.a), simple.Node(e.b), e.w))
		}
		red := community.Modularize(g, 1, rand.New(rand.NewPCG(seed, 9)))
		theirs := community.Q(g, red.Communities(), 1)
		if ours < theirs-0.03 {
			t.Errorf("seed %d: modularity %.4f, gonum %.4f", seed, ours, theirs)
		}
	}
}

func TestPeelResistsCamouflage(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	// 30 attacker accounts all hold objects 0..9 (the block); they also
	// hold camouflage objects shared with honest accounts. 200 honest
	// accounts hold random objects 10..509, a few each.
	var edges []pedge
	const attackers, honest, blockObjs, otherObjs = 30, 200, 10, 500
	for a := 0; a < attackers; a++ {
		for o := 0; o < blockObjs; o++ {
			edges = append(edges, pedge{int32(a), int32(o), 1})
		}
		for c := 0; c < 10; c++ { // as much camouflage as real behaviour
			edges = append(edges, pedge{int32(a), int32(blockObjs + r.IntN(otherObjs)), 1})
		}
	}
	for h := 0; h < honest; h++ {
		for c := 0; c < 5; c++ {
			edges = append(edges, pedge{int32(attackers + h), int32(blockObjs + r.IntN(otherObjs)), 1})
		}
	}
	in := peel(attackers+honest, blockObjs+otherObjs, edges)
	for a := 0; a < attackers; a++ {
		if !in[a] {
			t.Errorf("attacker %d peeled away", a)
		}
	}
	for h := 0; h < honest; h++ {
		if in[attackers+h] {
			t.Errorf("honest account %d kept in the block", h)
		}
	}
	for o := 0; o < blockObjs; o++ {
		if !in[attackers+honest+o] {
			t.Errorf("block object %d peeled away", o)
		}
	}
}

// TestContainmentAccMatchesContainment is a property: the one-pass
// accumulator gives the figures of containment for every candidate.
func TestContainmentAccMatchesContainment(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	o := &link.Objects{}
	kinds := []link.Kind{link.KindTemplate, link.KindAddressDay, link.KindClient, link.KindPayment, link.KindRequestShape, link.KindContentShape, link.KindToolShape, link.KindEmailDomain}
	const nObj, nAcct = 200, 60
	for i := 0; i < nObj; i++ {
		o.Kind = append(o.Kind, kinds[r.IntN(len(kinds))])
		o.Weight = append(o.Weight, float32(0.2+3*r.Float64()))
		o.DF = append(o.DF, 2)
		o.Raw = append(o.Raw, uint64(i))
	}
	o.Off = make([]uint32, nAcct+2)
	o.PrivateAddress = make([]float32, nAcct+1)
	for a := 1; a <= nAcct; a++ {
		seen := map[uint32]bool{}
		for j := 0; j < 5+r.IntN(20); j++ {
			seen[uint32(r.IntN(nObj))] = true
		}
		var objs []uint32
		for ob := range seen {
			objs = append(objs, ob)
		}
		slices.Sort(objs)
		o.Obj = append(o.Obj, objs...)
		o.Off[a+1] = uint32(len(o.Obj))
		o.PrivateAddress[a] = float32(r.IntN(5))
	}
	cfg := &Config{SetMassCap: 8}
	var cands []*Candidate
	for ci := 0; ci < 5; ci++ {
		var in []uint32
		for ob := 0; ob < nObj; ob++ {
			if r.IntN(3) == 0 {
				in = append(in, uint32(ob))
			}
		}
		cands = append(cands, &Candidate{Internal: in})
	}
	holders := holderIndex(o, cands)
	var acc containmentAcc
	acc.init(len(cands))
	for a := uint32(1); a <= nAcct; a++ {
		acc.account(o, a, holders, cfg)
		for _, ci := range acc.touched {
			c1, w1, f1 := acc.result(ci, cfg)
			c2, w2, f2 := containment(o, a, cands[ci].Internal, cfg)
			if math.Abs(c1-c2) > 1e-9 || math.Abs(w1-w2) > 1e-9 || f1 != f2 {
				t.Fatalf("account %d candidate %d: acc %v %v %v, containment %v %v %v", a, ci, c1, w1, f1, c2, w2, f2)
			}
			// mayQualify may only pass over what cannot reach the
			// threshold, at every threshold, the weight itself included.
			for _, min := range []float64{w1 / 2, w1, math.Nextafter(w1, 0), w1 * 1.01, 3} {
				if min > 0 && !acc.mayQualify(ci, &Config{MinCoreWeight: min}) && w1 >= min {
					t.Fatalf("account %d candidate %d: weight %v reaches %v, but mayQualify says no", a, ci, w1, min)
				}
			}
			if acc.mayQualify(ci, &Config{MinCoreWeight: 1e9}) {
				t.Fatalf("account %d candidate %d: mayQualify passes a weight of 1e9", a, ci)
			}
		}
	}
}

// containment is the direct definition containmentAcc must agree with: the
// share of account a's shared-object weight that lies in set (sorted),
// many-valued kinds capped as in link.Similarity and unshared address-days
// counted; the absolute weight inside; and the independent evidence
// families that weight comes from.
func containment(o *link.Objects, a uint32, set []uint32, cfg *Config) (float64, float64, int) {
	var setAll, setIn [link.NumKinds]float64
	var fam [link.NumFamilies]float64
	fingerprint := 0
	var all, in float64
	for _, ob := range o.Of(a) {
		w := float64(o.Weight[ob])
		_, hit := slices.BinarySearch(set, ob)
		k := o.Kind[ob]
		if k.IsSet() {
			setAll[k] += w
			if hit {
				setIn[k] += w
			}
			continue
		}
		all += w
		if hit {
			in += w
			if k.CountsAsEvidence() {
				fam[k.Family()] += w
			}
			if k.IsFingerprint(w) {
				fingerprint++
			}
		}
	}
	if setAll[link.KindAddressDay] > 0 && o.PrivateAddress != nil {
		setAll[link.KindAddressDay] += float64(o.PrivateAddress[a])
	}
	for k := range setAll {
		if setAll[k] > 0 {
			m := math.Min(setAll[k], cfg.SetMassCap)
			all += m
			sh := m * setIn[k] / setAll[k]
			in += sh
			if link.Kind(k).CountsAsEvidence() {
				fam[link.Kind(k).Family()] += sh
			}
		}
	}
	families := 0
	for _, w := range fam {
		if w >= 1 {
			families++
		}
	}
	if fingerprint >= link.FingerprintKinds {
		families++
	}
	if all == 0 {
		return 0, 0, 0
	}
	return in / all, in, families
}

// TestAbsorbMatchesReference: absorbFragments, which counts every
// fragment's passes on both cores before its ordered loop, merges what the
// plain definition merges — each fragment, smallest first, tested against
// every larger candidate with the direct containment — on operators whose
// accounts were split into fragments of several sizes.
func TestAbsorbMatchesReference(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		o, cands := fragmentedOperators(rand.New(rand.NewPCG(seed, 42)))
		ref := cloneCandidates(cands)
		cfg := &Config{SetMassCap: 8, MinContainment: 0.3, MinCoreWeight: 2, MinFamilies: 2, AbsorbShare: 0.5}
		// Every test of a fragment against a larger candidate it shares
		// objects with, with the fragment's pass count: a count taken
		// before the fragment grew would show here even where it does not
		// change what merges.
		var tests, refTests []string
		record := func(to *[]string) func(small, large []uint32, passes int) {
			return func(small, large []uint32, passes int) {
				*to = append(*to, fmt.Sprint(small, large, passes))
			}
		}
		DebugAbsorb = record(&tests)
		got := absorbFragments(o, cands, cfg)
		DebugAbsorb = record(&refTests)
		want := referenceAbsorb(o, ref, cfg)
		DebugAbsorb = nil
		if got != want {
			t.Fatalf("seed %d: merged %v, reference %v", seed, got, want)
		}
		if !slices.Equal(tests, refTests) {
			t.Fatalf("seed %d: absorb tests differ from the reference's:\n%v\n%v", seed, tests, refTests)
		}
		if !got {
			t.Fatalf("seed %d: nothing merged: the test checks nothing", seed)
		}
		for i := range cands {
			if !slices.Equal(cands[i].Accounts, ref[i].Accounts) || !slices.Equal(cands[i].Core, ref[i].Core) {
				t.Fatalf("seed %d candidate %d: accounts %v core %v, reference %v %v", seed, i, cands[i].Accounts, cands[i].Core, ref[i].Accounts, ref[i].Core)
			}
		}
	}
}

// fragmentedOperators makes accounts of twelve operators, each drawing most
// of its objects from its operator's pool, and candidates that split each
// operator's accounts into fragments of several sizes, with the objects
// two of a fragment's accounts share as its internal set and core.
func fragmentedOperators(r *rand.Rand) (*link.Objects, []*Candidate) {
	o := &link.Objects{}
	kinds := []link.Kind{link.KindTemplate, link.KindClient, link.KindPayment, link.KindRequestShape, link.KindContentShape, link.KindToolShape, link.KindEmailDomain}
	const nObj, ops, perOp = 600, 12, 30
	for i := 0; i < nObj; i++ {
		o.Kind = append(o.Kind, kinds[i%len(kinds)])
		o.Weight = append(o.Weight, float32(0.5+2*r.Float64()))
		o.DF = append(o.DF, 2)
		o.Raw = append(o.Raw, uint64(i))
	}
	n := ops * perOp
	o.Off = make([]uint32, n+2)
	o.PrivateAddress = make([]float32, n+1)
	for a := 1; a <= n; a++ {
		op := (a - 1) / perOp
		seen := map[uint32]bool{}
		for range 6 + r.IntN(6) {
			seen[uint32(op*40+r.IntN(40))] = true // the operator's pool
		}
		for range r.IntN(4) {
			seen[uint32(ops*40+r.IntN(nObj-ops*40))] = true
		}
		objs := make([]uint32, 0, len(seen))
		for ob := range seen {
			objs = append(objs, ob)
		}
		slices.Sort(objs)
		o.Obj = append(o.Obj, objs...)
		o.Off[a+1] = uint32(len(o.Obj))
	}
	var cands []*Candidate
	for op := 0; op < ops; op++ {
		accts := make([]uint32, perOp)
		for i := range accts {
			accts[i] = uint32(op*perOp + i + 1)
		}
		for len(accts) > 0 {
			k := min(len(accts), 2+r.IntN(12))
			frag := slices.Clone(accts[:k])
			accts = accts[k:]
			var in []uint32
			for ob, c := range heldBy(o, frag) {
				if c >= 2 || len(frag) < 3 {
					in = append(in, ob)
				}
			}
			slices.Sort(in)
			cands = append(cands, &Candidate{Accounts: frag, Internal: in, Core: slices.Clone(in)})
		}
	}
	return o, cands
}

func cloneCandidates(cs []*Candidate) []*Candidate {
	out := make([]*Candidate, len(cs))
	for i, c := range cs {
		out[i] = &Candidate{Accounts: slices.Clone(c.Accounts), Internal: slices.Clone(c.Internal), Core: slices.Clone(c.Core)}
	}
	return out
}

// referenceAbsorb is absorbFragments as its definition reads.
func referenceAbsorb(o *link.Objects, cands []*Candidate, cfg *Config) bool {
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return len(cands[y].Accounts) - len(cands[x].Accounts) })
	merged := false
	for si := len(order) - 1; si > 0; si-- {
		small := cands[order[si]]
		if len(small.Accounts) == 0 {
			continue
		}
		sample := absorbSampleOf(small.Accounts)
		for _, li := range order[:si] {
			large := cands[li]
			if len(large.Accounts) <= len(small.Accounts) {
				continue
			}
			passes := 0
			for _, a := range sample {
				if c, w, f := containment(o, a, large.Internal, cfg); qualifies(c, w, f, cfg) {
					passes++
				}
			}
			if !sharesAny(small.Core, large.Internal) {
				continue
			}
			DebugAbsorb(small.Accounts, large.Accounts, passes)
			if float64(passes) < cfg.AbsorbShare*float64(len(sample)) {
				continue
			}
			large.absorb(small)
			merged = true
			break
		}
	}
	return merged
}

// TestHolderIndex holds the packed holder lists to the plain definition:
// per object, every candidate it is internal to, in candidate order.
func TestHolderIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	for _, nObj := range []int{1, 63, 64, 65, 300} {
		o := &link.Objects{Kind: make([]link.Kind, nObj)}
		want := make([][]int32, nObj)
		var cands []*Candidate
		for ci := 0; ci < 7; ci++ {
			var in []uint32
			for ob := 0; ob < nObj; ob++ {
				if r.IntN(4) == 0 {
					in = append(in, uint32(ob))
					want[ob] = append(want[ob], int32(ci))
				}
			}
			cands = append(cands, &Candidate{Internal: in})
		}
		h := holderIndex(o, cands)
		for ob := range nObj {
			if got := h.of(uint32(ob)); !slices.Equal(got, want[ob]) {
				t.Fatalf("%d objects, object %d: holders %v, want %v", nObj, ob, got, want[ob])
			}
		}
	}
}

// TestInternalObjectsBothPaths: a candidate's internal objects are the same
// whether they are gathered in first-sight order and sorted (a small
// candidate) or read in object order (one that has seen a good share of
// all objects).
func TestInternalObjectsBothPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	o, _ := fragmentedOperators(r)
	for i := range o.DF {
		o.DF[i] = 0
	}
	for _, ob := range o.Obj {
		o.DF[ob]++
	}
	accounts := len(o.Off) - 2
	cfg := &Config{MinLift: 3}
	paths := map[bool]int{}
	for _, n := range []int{2, 3, 5, 8, 20, 60, 150, accounts} {
		accts := someAccounts(r, accounts, n)
		count := heldBy(o, accts)
		var want []uint32
		for ob, c := range count {
			if c >= 2 && lift(o, ob, c, len(accts), accounts) >= cfg.MinLift {
				want = append(want, ob)
			}
		}
		slices.Sort(want)
		if got := internalObjects(o, accts, accounts, cfg); !slices.Equal(got, want) {
			t.Fatalf("%d accounts: internal objects %v, want %v", n, got, want)
		}
		paths[len(count) > len(o.Kind)/16]++
	}
	if paths[true] == 0 || paths[false] == 0 {
		t.Fatalf("only one path taken: %v", paths)
	}
}

// TestSortedSeen: the objects counted come back ascending, by sorting a
// few or by reading the counts of many in order.
func TestSortedSeen(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	o, _ := fragmentedOperators(r)
	accounts := len(o.Off) - 2
	paths := map[bool]int{}
	for _, n := range []int{1, 2, 40, accounts} {
		accts := someAccounts(r, accounts, n)
		var want []uint32
		for ob := range heldBy(o, accts) {
			want = append(want, ob)
		}
		slices.Sort(want)
		oc := countObjects(o, accts)
		if got := oc.sortedSeen(len(o.Kind)); !slices.Equal(got, want) {
			t.Fatalf("%d accounts: %v, want %v", n, got, want)
		}
		paths[oc.dense(len(o.Kind))]++
		counters.Put(oc)
	}
	if paths[true] == 0 || paths[false] == 0 {
		t.Fatalf("only one path taken: %v", paths)
	}
}

// someAccounts picks n of accounts 1..accounts at random, ascending.
func someAccounts(r *rand.Rand, accounts, n int) []uint32 {
	accts := make([]uint32, 0, n)
	for _, a := range r.Perm(accounts)[:n] {
		accts = append(accts, uint32(a+1))
	}
	slices.Sort(accts)
	return accts
}

// heldBy counts how many of accts hold each object: the map-based
// reference for countObjects.
func heldBy(o *link.Objects, accts []uint32) map[uint32]int {
	count := map[uint32]int{}
	for _, a := range accts {
		for _, ob := range o.Of(a) {
			count[ob]++
		}
	}
	return count
}

// TestMergeMeasuresBounded: the core Jaccard and the infrastructure
// overlap of two candidates never exceed the lighter set's weight over the
// heavier's, the bound mergeCandidates skips unequal pairs by.
func TestMergeMeasuresBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	o, _ := fragmentedOperators(r)
	set := func() []uint32 {
		var s []uint32
		for ob := range o.Kind {
			if r.IntN(1+r.IntN(8)) == 0 {
				s = append(s, uint32(ob))
			}
		}
		return s
	}
	weight := func(s []uint32) float64 {
		var w float64
		for _, ob := range s {
			w += float64(o.Weight[ob])
		}
		return w
	}
	bound := func(x, y float64) float64 { return math.Min(x, y) / math.Max(x, y) }
	for range 2000 {
		x, y := set(), set()
		if len(x) == 0 || len(y) == 0 {
			continue
		}
		if j, b := weightedJaccard(o, x, y), bound(weight(x), weight(y)); j > b {
			t.Fatalf("Jaccard %v above its bound %v", j, b)
		}
		ix, iy := infraOf(o, x), infraOf(o, y)
		if ix.weight == 0 || iy.weight == 0 {
			continue
		}
		if v, b := infraOverlap(o, &ix, &iy), bound(ix.weight, iy.weight); v > b {
			t.Fatalf("infrastructure overlap %v above its bound %v", v, b)
		}
	}
}
