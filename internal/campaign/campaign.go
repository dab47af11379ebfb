// Package campaign turns linked accounts into candidate campaigns. Linked
// components that are too broad are split by community detection (Louvain);
// inside each part, greedy dense-block peeling (Fraudar) finds the block of
// accounts and shared objects that holds together, and the objects of that
// block that are characteristic of it — held by a good share of its
// accounts and by few accounts outside it — become the campaign's core.
// Membership is then decided per account by containment: how much of the
// account's shared behaviour it shares with the candidate's own accounts
// rather than with the rest of the world. That keeps a camouflaged account
// (whose private traffic shares nothing) and drops an honest one pulled in
// by a single popular object. Parts whose cores are the same
// operation are merged back, and accounts that linking missed but whose
// behaviour lies inside a core are attached.
//
// Whether a candidate is a campaign at all is the scoring stage's business.
package campaign

import (
	"math"
	"slices"
	"sync"

	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/parallel"
)

// Config holds campaign-formation parameters.
type Config struct {
	// MinAccounts is the smallest candidate kept: a campaign is many
	// accounts acting as one.
	MinAccounts int
	// SplitAbove runs community detection on components larger than this.
	SplitAbove int
	// CoreCoverage: a core object is held by at least this share of the
	// candidate's accounts.
	CoreCoverage float64
	// MinLift: an object characterises a candidate when members hold it at
	// least this many times as often as non-members do; an object everyone
	// holds says nothing about it, however many members hold it.
	MinLift float64
	// MinContainment is the share of an account's shared-object weight that
	// must lie in the core for the account to be a member.
	MinContainment float64
	// MinCoreWeight is the absolute core weight a member must hold.
	MinCoreWeight float64
	// MinFamilies is how many independent evidence families a member's
	// weight inside the candidate must come from (link.Config.MinFamilies).
	MinFamilies int
	// Rejoin puts Louvain communities back together when the density of
	// edges between them is at least this fraction of the density inside
	// the sparser of the two: modularity cuts even a homogeneous component,
	// and a cut through one operator leaves nearly as many edges across as
	// within, while two operators joined by a few bridges do not.
	Rejoin float64
	// MergeCores merges candidates whose cores overlap at least this much
	// (weighted Jaccard).
	MergeCores float64
	// AbsorbShare: a candidate is part of a larger one when at least this
	// share of its accounts would pass membership in the larger one.
	AbsorbShare float64
	// MergeInternal merges candidates whose internal objects overlap at
	// least this much (weighted overlap of the smaller set): two fleets of
	// one operator with different harnesses still share its proxies, cards
	// and signup infrastructure.
	MergeInternal float64
	// SetMassCap mirrors link.Config.SetMassCap for containment.
	SetMassCap float64
}

// Candidate is a set of accounts with the objects that tie them together.
type Candidate struct {
	Accounts []uint32 // sorted
	// Core is the densest block's objects that most members hold: what
	// characterises the campaign, for merging and for indicators.
	Core []uint32 // object indices, sorted
	// Internal are the objects held mostly by members: what membership is
	// judged on.
	Internal []uint32
	// Containment per account, parallel to Accounts.
	Containment []float32
}

// Form builds candidates from the linked graph.
func Form(g *link.Graph, accounts int, cfg *Config) []*Candidate {
	o := g.Objects
	adj := adjacency(accounts, g.Edges)
	var parts [][]uint32
	for _, grp := range g.Groups {
		if len(grp) < cfg.MinAccounts {
			continue
		}
		if len(grp) <= cfg.SplitAbove {
			parts = append(parts, grp)
			continue
		}
		parts = append(parts, split(grp, adj, accounts, cfg.Rejoin)...)
	}
	// Each part's core and internal objects read only the shared objects:
	// compute them in parallel, keep them in part order.
	found := make([]*Candidate, len(parts))
	parallel.Each(workers, len(parts), func(_, i int) {
		p := parts[i]
		if len(p) < cfg.MinAccounts {
			return
		}
		core := coreOf(o, p, accounts, cfg)
		if len(core) == 0 {
			return
		}
		found[i] = &Candidate{Accounts: p, Core: core, Internal: internalObjects(o, p, accounts, cfg)}
	})
	var cands []*Candidate
	for i, c := range found {
		if DebugPart != nil && len(parts[i]) >= cfg.MinAccounts {
			n := 0
			if c != nil {
				n = len(c.Core)
			}
			DebugPart(parts[i], n)
		}
		if c != nil {
			cands = append(cands, c)
		}
	}
	cands = mergeCandidates(o, cands, cfg)
	// Membership and the internal objects depend on each other: settle them
	// in two rounds, absorb fragments, and settle once more.
	settle := func() {
		parallel.Each(workers, len(cands), func(_, i int) {
			cands[i].Internal = internalObjects(o, cands[i].Accounts, accounts, cfg)
		})
		assignMembers(o, cands, accounts, cfg)
	}
	settle()
	settle()
	// As fragments join a candidate its internal objects grow, and more of
	// the operator's other fragments pass: repeat while anything merges.
	for round := 0; round < absorbRounds && absorbFragments(o, cands, cfg); round++ {
		settle()
	}
	out := cands[:0]
	for _, c := range cands {
		if len(c.Accounts) >= cfg.MinAccounts {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y *Candidate) int {
		if len(x.Accounts) != len(y.Accounts) {
			return len(y.Accounts) - len(x.Accounts)
		}
		return int(x.Accounts[0]) - int(y.Accounts[0])
	})
	return out
}

// workers is how many goroutines the stage's parallel parts use: the two
// cores it is sized for.
const workers = 2

type neighbour struct {
	to  uint32
	sim float32
}

// neighbours holds every account's edges as one array indexed by offsets,
// each account's in edge order.
type neighbours struct {
	off  []uint32
	list []neighbour
}

// of lists account a's neighbours.
func (n *neighbours) of(a uint32) []neighbour { return n.list[n.off[a]:n.off[a+1]] }

func adjacency(accounts int, edges []link.Edge) *neighbours {
	off := make([]uint32, accounts+2)
	for _, e := range edges {
		off[e.A+1]++
		off[e.B+1]++
	}
	for a := 1; a < len(off); a++ {
		off[a] += off[a-1]
	}
	list := make([]neighbour, off[len(off)-1])
	at := slices.Clone(off)
	for _, e := range edges {
		list[at[e.A]] = neighbour{e.B, e.Sim}
		at[e.A]++
		list[at[e.B]] = neighbour{e.A, e.Sim}
		at[e.B]++
	}
	return &neighbours{off: off, list: list}
}

// split partitions a broad component with Louvain over its edges, then
// rejoins communities the cut should not have separated (Config.Rejoin).
func split(grp []uint32, adj *neighbours, accounts int, rejoin float64) [][]uint32 {
	local := make([]int32, accounts+1) // index in grp + 1; 0 outside it
	for i, a := range grp {
		local[a] = int32(i) + 1
	}
	var edges []wedge
	for i, a := range grp {
		for _, nb := range adj.of(a) {
			if j := local[nb.to] - 1; j >= 0 && int32(i) < j {
				edges = append(edges, wedge{int32(i), j, float64(nb.sim)})
			}
		}
	}
	label := louvain(len(grp), edges)
	nc := 0
	for _, l := range label {
		nc = max(nc, int(l)+1)
	}
	size := make([]float64, nc)
	for _, l := range label {
		size[l]++
	}
	within := make([]float64, nc)
	between := map[[2]int32]float64{}
	for _, e := range edges {
		a, b := label[e.a], label[e.b]
		if a == b {
			within[a]++
			continue
		}
		if a > b {
			a, b = b, a
		}
		between[[2]int32{a, b}]++
	}
	density := func(c int32) float64 {
		if size[c] < 2 {
			return 0
		}
		return 2 * within[c] / (size[c] * (size[c] - 1))
	}
	u := link.NewUnionFind(nc)
	for k, n := range between {
		cross := n / (size[k[0]] * size[k[1]])
		if cross >= rejoin*math.Min(density(k[0]), density(k[1])) {
			u.Union(uint32(k[0]), uint32(k[1]))
		}
	}
	byLabel := map[uint32][]uint32{}
	for i, l := range label {
		r := u.Find(uint32(l))
		byLabel[r] = append(byLabel[r], grp[i])
	}
	out := make([][]uint32, 0, len(byLabel))
	for _, p := range byLabel {
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y []uint32) int { return int(x[0]) - int(y[0]) })
	return out
}

// coreOf peels the part's account × object graph to its densest block and
// keeps the block's objects that are common in the part and rare outside.
func coreOf(o *link.Objects, part []uint32, accounts int, cfg *Config) []uint32 {
	// Objects held inside the part, with in-part counts.
	oc := countObjects(o, part)
	defer counters.Put(oc)
	objList := oc.sortedSeen(len(o.Kind))
	minHold := max(2, int(math.Ceil(cfg.CoreCoverage*float64(len(part)))))
	// From here on oc.n holds each kept object's index plus one, and zero
	// for the rest.
	var kept []uint32
	for _, ob := range objList {
		if n := int(oc.n[ob]); n >= minHold && lift(o, ob, n, len(part), accounts) >= cfg.MinLift {
			kept = append(kept, ob)
			oc.n[ob] = int32(len(kept))
		} else {
			oc.n[ob] = 0
		}
	}
	if len(kept) == 0 {
		return nil
	}
	var edges []pedge
	for i, a := range part {
		for _, ob := range o.Of(a) {
			if j := oc.n[ob]; j > 0 {
				edges = append(edges, pedge{acct: int32(i), obj: j - 1, w: float64(o.Weight[ob])})
			}
		}
	}
	in := peel(len(part), len(kept), edges)
	var core []uint32
	for j, ob := range kept {
		if in[len(part)+j] {
			core = append(core, ob)
		}
	}
	return core
}

// lift is how many times more often members hold object ob than
// non-members do (with one pseudo-count outside, so an object no outsider
// holds has a finite, large lift).
func lift(o *link.Objects, ob uint32, in, members, accounts int) float64 {
	outside := float64(int(o.DF[ob])-in) + 1
	nonMembers := float64(accounts-members) + 1
	return (float64(in) / float64(max(members, 1))) / (outside / nonMembers)
}

// absorbFragments merges a candidate into a larger one when at least
// AbsorbShare of its accounts would pass membership in the larger one by
// themselves: a
// sub-fleet split off by linking is part of its operation, while another
// operator's accounts do not sit inside this one's characteristic objects.
// It reports whether anything merged.
func absorbFragments(o *link.Objects, cands []*Candidate, cfg *Config) bool {
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return len(cands[y].Accounts) - len(cands[x].Accounts) })
	holders := holderIndex(o, cands)
	// A fragment's pass counts depend only on its accounts and the holder
	// index, which a round does not change: count them for every fragment
	// on both cores first. The loop below, which must run in order, uses
	// them unless the fragment has since grown by absorbing a smaller one.
	type counted struct {
		accounts int     // len(Accounts) when counted
		tally    []int32 // candidate index, passes; for the nonzero ones
	}
	pre := make([]counted, len(cands))
	accs := make([]containmentAcc, workers)
	scratch := make([][]int, workers)
	parallel.Each(workers, len(order)-1, func(w, k int) {
		small := cands[order[k+1]]
		if len(small.Accounts) == 0 {
			return
		}
		if scratch[w] == nil {
			accs[w].init(len(cands))
			scratch[w] = make([]int, len(cands))
		}
		passes := scratch[w]
		hit := countPasses(&accs[w], o, absorbSampleOf(small.Accounts), holders, cfg, passes, nil)
		tally := make([]int32, 0, 2*len(hit))
		for _, ci := range hit {
			tally = append(tally, ci, int32(passes[ci]))
			passes[ci] = 0
		}
		pre[order[k+1]] = counted{len(small.Accounts), tally}
	})
	var acc containmentAcc
	passes := make([]int, len(cands))
	merged := false
	for si := len(order) - 1; si > 0; si-- {
		small := cands[order[si]]
		if len(small.Accounts) == 0 {
			continue
		}
		sample := absorbSampleOf(small.Accounts)
		clear(passes)
		if p := pre[order[si]]; p.accounts == len(small.Accounts) {
			for i := 0; i < len(p.tally); i += 2 {
				passes[p.tally[i]] = int(p.tally[i+1])
			}
		} else {
			if acc.in == nil {
				acc.init(len(cands))
			}
			countPasses(&acc, o, sample, holders, cfg, passes, nil)
		}
		for _, li := range order[:si] {
			large := cands[li]
			if len(large.Accounts) <= len(small.Accounts) {
				continue
			}
			pass := float64(passes[li]) >= cfg.AbsorbShare*float64(len(sample))
			if !pass && DebugAbsorb == nil {
				continue // the cheap test first: most pairs pass nothing
			}
			if !sharesAny(small.Core, large.Internal) {
				continue // nothing in common: no account of it can pass
			}
			if DebugAbsorb != nil {
				DebugAbsorb(small.Accounts, large.Accounts, passes[li])
			}
			if pass {
				large.absorb(small)
				merged = true
				break
			}
		}
	}
	return merged
}

// countPasses adds to passes, per candidate, how many of the sample's
// accounts pass its membership test, and returns hit with the candidates
// whose count was zero before appended.
func countPasses(acc *containmentAcc, o *link.Objects, sample []uint32, holders *holderSet, cfg *Config, passes []int, hit []int32) []int32 {
	for _, a := range sample {
		acc.account(o, a, holders, cfg)
		for _, ci := range acc.touched {
			if _, ok := acc.member(ci, cfg); ok {
				if passes[ci] == 0 {
					hit = append(hit, ci)
				}
				passes[ci]++
			}
		}
	}
	return hit
}

// absorb moves small's accounts and core into c.
func (c *Candidate) absorb(small *Candidate) {
	c.Accounts = append(c.Accounts, small.Accounts...)
	slices.Sort(c.Accounts)
	c.Core = append(c.Core, small.Core...)
	slices.Sort(c.Core)
	c.Core = slices.Compact(c.Core)
	small.Accounts = small.Accounts[:0]
}

// absorbSampleOf is the deterministic sample of a fragment's accounts the
// absorb test tries: it bounds the cost on large fragments.
func absorbSampleOf(accounts []uint32) []uint32 {
	if len(accounts) <= absorbSample {
		return accounts
	}
	step := len(accounts) / absorbSample
	sample := make([]uint32, 0, absorbSample)
	for i := 0; i < len(accounts) && len(sample) < absorbSample; i += step {
		sample = append(sample, accounts[i])
	}
	return sample
}

// absorbRounds bounds the absorb-and-settle iterations.
const absorbRounds = 4

// absorbSample is how many of a fragment's accounts the absorb test tries.
const absorbSample = 400

// sharesAny reports whether two sorted sets intersect.
func sharesAny(x, y []uint32) bool {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case y[j] < x[i]:
			j++
		default:
			return true
		}
	}
	return false
}

// internalObjects lists the objects at least two of the accounts hold and
// that characterise them (MinLift).
func internalObjects(o *link.Objects, accts []uint32, accounts int, cfg *Config) []uint32 {
	oc := countObjects(o, accts)
	defer counters.Put(oc)
	var out []uint32
	if oc.dense(len(o.Kind)) {
		// One pass in object order reads the document frequencies in
		// order and yields the objects sorted.
		for ob, n := range oc.n[:len(o.Kind)] {
			if n >= 2 && lift(o, uint32(ob), int(n), len(accts), accounts) >= cfg.MinLift {
				out = append(out, uint32(ob))
			}
		}
		return out
	}
	for _, ob := range oc.seen {
		if n := int(oc.n[ob]); n >= 2 && lift(o, ob, n, len(accts), accounts) >= cfg.MinLift {
			out = append(out, ob)
		}
	}
	slices.Sort(out)
	return out
}

// objectCounts counts how many of a set of accounts hold each object, in a
// dense array over all objects: settling a campaign of thousands of
// accounts counts hundreds of thousands of incidences, which a map pays a
// hash and a probe for each. seen lists the objects counted, in order of
// first sight, so clearing costs only what was touched.
type objectCounts struct {
	n    []int32
	seen []uint32
}

var counters sync.Pool // of *objectCounts

// dense reports whether the objects counted are a good share of all n
// objects (a large campaign sees a million of three at full scale). Then a
// pass over the counts in object order finds them already sorted and reads
// per-object arrays in order, where going by first sight misses the cache
// on each and a million ids still have to be sorted.
func (oc *objectCounts) dense(n int) bool { return len(oc.seen) > n/16 }

// sortedSeen returns the objects counted, ascending, in a new slice.
func (oc *objectCounts) sortedSeen(n int) []uint32 {
	if !oc.dense(n) {
		out := slices.Clone(oc.seen)
		slices.Sort(out)
		return out
	}
	out := make([]uint32, 0, len(oc.seen))
	for ob, c := range oc.n[:n] {
		if c != 0 {
			out = append(out, uint32(ob))
		}
	}
	return out
}

// countObjects counts the accounts' objects; the caller returns the
// counts to counters when done.
func countObjects(o *link.Objects, accts []uint32) *objectCounts {
	oc, _ := counters.Get().(*objectCounts)
	if oc == nil {
		oc = &objectCounts{}
	}
	if len(oc.n) < len(o.Kind) {
		oc.n = make([]int32, len(o.Kind))
	}
	for _, ob := range oc.seen {
		oc.n[ob] = 0
	}
	oc.seen = oc.seen[:0]
	for _, a := range accts {
		for _, ob := range o.Of(a) {
			if oc.n[ob] == 0 {
				oc.seen = append(oc.seen, ob)
			}
			oc.n[ob]++
		}
	}
	return oc
}

// DebugPart, when set (by diagnostics only), sees every part before its core is kept.
var DebugPart func(accts []uint32, core int)

// DebugAbsorb, when set (by diagnostics only), sees every fragment test.
var DebugAbsorb func(small, large []uint32, pass int)

// DebugMerge, when set (by diagnostics only), sees every pair the merge step compares.
var DebugMerge func(a, b []uint32, coreJaccard, internalOverlap float64)

// mergeCandidates joins candidates whose cores are the same operation, as
// happens when Louvain cuts one large homogeneous campaign into pieces.
func mergeCandidates(o *link.Objects, cands []*Candidate, cfg *Config) []*Candidate {
	u := link.NewUnionFind(len(cands))
	if DebugMerge != nil {
		for i := range cands {
			for j := i + 1; j < len(cands); j++ {
				DebugMerge(cands[i].Accounts, cands[j].Accounts, weightedJaccard(o, cands[i].Core, cands[j].Core), weightedOverlap(o, cands[i].Internal, cands[j].Internal))
			}
		}
	}
	// Every pair is compared: rows in parallel, unions in row order after.
	// Each candidate's infrastructure is picked out once, not per pair.
	infra := make([]infraSet, len(cands))
	coreW := make([]float64, len(cands))
	for i, c := range cands {
		infra[i] = infraOf(o, c.Internal)
		for _, ob := range c.Core {
			coreW[i] += float64(o.Weight[ob])
		}
	}
	// Both measures are at most the lighter set's weight over the heavier's
	// (what they share weighs no more than either, and the union no less),
	// exactly so in floating point too, as every sum adds non-negative
	// weights in ascending object order: a pair of very unequal candidates
	// that neither bound lets through is not walked.
	bound := func(x, y float64) float64 {
		if lo, hi := math.Min(x, y), math.Max(x, y); hi > 0 {
			return lo / hi
		}
		return 0
	}
	same := make([][]int32, len(cands))
	parallel.Each(workers, len(cands), func(_, i int) {
		for j := i + 1; j < len(cands); j++ {
			if bound(coreW[i], coreW[j]) < cfg.MergeCores && bound(infra[i].weight, infra[j].weight) < cfg.MergeInternal {
				continue
			}
			if weightedJaccard(o, cands[i].Core, cands[j].Core) >= cfg.MergeCores ||
				infraOverlap(o, &infra[i], &infra[j]) >= cfg.MergeInternal {
				same[i] = append(same[i], int32(j))
			}
		}
	})
	for i, js := range same {
		for _, j := range js {
			u.Union(uint32(i), uint32(j))
		}
	}
	groups := map[uint32][]int{}
	for i := range cands {
		r := u.Find(uint32(i))
		groups[r] = append(groups[r], i)
	}
	var out []*Candidate
	for i := range cands {
		idx := groups[uint32(i)]
		if len(idx) == 0 || u.Find(uint32(i)) != uint32(i) {
			continue
		}
		m := &Candidate{}
		for _, j := range idx {
			m.Accounts = append(m.Accounts, cands[j].Accounts...)
			m.Core = append(m.Core, cands[j].Core...)
		}
		slices.Sort(m.Accounts)
		m.Accounts = slices.Compact(m.Accounts)
		slices.Sort(m.Core)
		m.Core = slices.Compact(m.Core)
		out = append(out, m)
	}
	return out
}

// infrastructure reports whether an object is something an operator owns
// and reuses across its fleets — an exact exit address on a day, a card, a
// signup address or hour, an e-mail domain, an organisation — rather than
// text anyone may send, a network many operators' proxies cross, or a
// coarse behaviour bucket.
func infrastructure(o *link.Objects, ob uint32) bool {
	switch o.Kind[ob] {
	case link.KindAddressDay, link.KindPayment, link.KindSignupIP, link.KindSignupHour, link.KindEmailDomain, link.KindOrg:
		return true
	}
	return false
}

// weightedOverlap is the shared weight of two sorted object sets over the
// weight of the heavier set, counting infrastructure objects only: both
// candidates must share that much of what they own. Against the lighter set
// a handful of accounts whose few addresses a large campaign's exits also
// used would look like the same operator, and bridge unrelated groups into
// it; small fragments are absorbed by the membership test instead.
func weightedOverlap(o *link.Objects, x, y []uint32) float64 {
	ix, iy := infraOf(o, x), infraOf(o, y)
	return infraOverlap(o, &ix, &iy)
}

// infraSet is the infrastructure objects of a sorted object set, in order,
// with their total weight.
type infraSet struct {
	obj    []uint32
	weight float64
}

func infraOf(o *link.Objects, x []uint32) infraSet {
	var s infraSet
	for _, ob := range x {
		if infrastructure(o, ob) {
			s.obj = append(s.obj, ob)
			s.weight += float64(o.Weight[ob])
		}
	}
	return s
}

// infraOverlap is weightedOverlap of the sets x and y were picked from.
func infraOverlap(o *link.Objects, x, y *infraSet) float64 {
	var in float64
	i, j := 0, 0
	for i < len(x.obj) && j < len(y.obj) {
		switch {
		case x.obj[i] < y.obj[j]:
			i++
		case y.obj[j] < x.obj[i]:
			j++
		default:
			in += float64(o.Weight[x.obj[i]])
			i++
			j++
		}
	}
	if m := math.Max(x.weight, y.weight); m > 0 {
		return in / m
	}
	return 0
}

func weightedJaccard(o *link.Objects, x, y []uint32) float64 {
	var in, un float64
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case j >= len(y) || (i < len(x) && x[i] < y[j]):
			un += float64(o.Weight[x[i]])
			i++
		case i >= len(x) || y[j] < x[i]:
			un += float64(o.Weight[y[j]])
			j++
		default:
			w := float64(o.Weight[x[i]])
			in += w
			un += w
			i++
			j++
		}
	}
	if un == 0 {
		return 0
	}
	return in / un
}

// assignMembers decides membership by containment: every account of a
// candidate is tested against its internal objects, and every account
// anywhere that holds such objects is tested too (linking may have missed
// it). An account
// that qualifies for several candidates joins the one it is most contained
// in.
func assignMembers(o *link.Objects, cands []*Candidate, accounts int, cfg *Config) {
	if len(cands) == 0 {
		return
	}
	holders := holderIndex(o, cands)
	best := make([]int32, accounts+1)
	bestC := make([]float32, accounts+1)
	// Accounts are independent: the goroutines take alternate accounts.
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var acc containmentAcc
			acc.init(len(cands))
			for a := uint32(1 + w); a <= uint32(accounts); a += workers {
				best[a], bestC[a] = -1, 0
				acc.account(o, a, holders, cfg)
				for _, ci := range acc.touched {
					if c, ok := acc.member(ci, cfg); ok &&
						(float32(c) > bestC[a] || (float32(c) == bestC[a] && best[a] >= 0 && ci < best[a])) {
						best[a], bestC[a] = ci, float32(c)
					}
				}
			}
		}(w)
	}
	wg.Wait()
	for _, c := range cands {
		c.Accounts = c.Accounts[:0]
		c.Containment = c.Containment[:0]
	}
	for a := uint32(1); a <= uint32(accounts); a++ {
		if ci := best[a]; ci >= 0 {
			cands[ci].Accounts = append(cands[ci].Accounts, a)
			cands[ci].Containment = append(cands[ci].Containment, bestC[a])
		}
	}
}

// holderSet lists, for each object, the candidates it is internal to, in
// candidate order. Containment reads it once for every object of every
// account, in no order: a bit per object, which stays in cache, answers
// for the objects no candidate holds, and the lists of the others are
// packed in one array rather than a slice header apiece.
type holderSet struct {
	held []uint64 // bit ob: some candidate holds object ob
	off  []uint32 // object ob's candidates are list[off[ob]:off[ob+1]]
	list []int32
}

// of returns the candidates object ob is internal to.
func (h *holderSet) of(ob uint32) []int32 {
	if h.held[ob/64]&(1<<(ob%64)) == 0 {
		return nil
	}
	return h.list[h.off[ob]:h.off[ob+1]]
}

// holderIndex builds the holderSet of cands' internal objects.
func holderIndex(o *link.Objects, cands []*Candidate) *holderSet {
	n := len(o.Kind)
	h := &holderSet{held: make([]uint64, (n+63)/64), off: make([]uint32, n+1)}
	for _, c := range cands {
		for _, ob := range c.Internal {
			h.off[ob+1]++
			h.held[ob/64] |= 1 << (ob % 64)
		}
	}
	for i := 1; i <= n; i++ {
		h.off[i] += h.off[i-1]
	}
	h.list = make([]int32, h.off[n])
	next := slices.Clone(h.off[:n])
	for ci, c := range cands {
		for _, ob := range c.Internal {
			h.list[next[ob]] = int32(ci)
			next[ob]++
		}
	}
	return h
}

// qualifies is the membership test on an account's containment in a
// candidate, the absolute weight inside it and the number of independent
// evidence families that weight comes from: a member shares more than one
// kind of thing with its campaign, as a linked pair does; an honest
// researcher who sends the same benchmark prompts as a harvester shares
// text, and nothing else.
func qualifies(c, weight float64, families int, cfg *Config) bool {
	return c >= cfg.MinContainment && weight >= cfg.MinCoreWeight && families >= cfg.MinFamilies
}

// containmentAcc computes one account's containment in every candidate at
// once, in one pass over its objects, without searching each candidate's
// internal set. Containment is the share of the account's shared-object
// weight that lies in the candidate's internal objects — many-valued kinds
// capped as in link.Similarity, unshared address-days counted — with the
// absolute weight inside and the independent evidence families it comes
// from.
type containmentAcc struct {
	// The account's totals.
	all    float64
	setAll [link.NumSetKinds]float64 // by link.SetIndex
	// Per candidate (indexed by candidate), reset for touched ones only.
	in      []float64
	setIn   [][link.NumSetKinds]float64
	fam     [][link.NumFamilies]float64
	fp      []int
	mark    []uint32
	touched []int32
	acct    uint32
}

func (c *containmentAcc) init(n int) {
	c.in = make([]float64, n)
	c.setIn = make([][link.NumSetKinds]float64, n)
	c.fam = make([][link.NumFamilies]float64, n)
	c.fp = make([]int, n)
	c.mark = make([]uint32, n)
}

func (c *containmentAcc) account(o *link.Objects, a uint32, holders *holderSet, cfg *Config) {
	c.acct = a
	c.setAll, c.all = o.Totals(a)
	c.touched = c.touched[:0]
	objs, ws, ks := o.Incidences(a)
	for i, ob := range objs {
		hs := holders.of(ob)
		if len(hs) == 0 {
			continue
		}
		w, k := float64(ws[i]), ks[i]
		for _, ci := range hs {
			if c.mark[ci] != a {
				c.mark[ci] = a
				c.touched = append(c.touched, ci)
				c.in[ci], c.setIn[ci], c.fam[ci], c.fp[ci] = 0, [link.NumSetKinds]float64{}, [link.NumFamilies]float64{}, 0
			}
			if k.IsSet() {
				c.setIn[ci][link.SetIndex(k)] += w
				continue
			}
			c.in[ci] += w
			if k.CountsAsEvidence() {
				c.fam[ci][k.Family()] += w
			}
			if k.IsFingerprint(w) {
				c.fp[ci]++
			}
		}
	}
	if ad := link.SetIndex(link.KindAddressDay); c.setAll[ad] > 0 && o.PrivateAddress != nil {
		c.setAll[ad] += float64(o.PrivateAddress[a])
	}
}

// member reports whether the account passes candidate ci's membership
// test, and its containment in ci when it does. Pairs mayQualify rules
// out stop before result.
func (c *containmentAcc) member(ci int32, cfg *Config) (float64, bool) {
	if !c.mayQualify(ci, cfg) {
		return 0, false
	}
	cont, w, fams := c.result(ci, cfg)
	return cont, qualifies(cont, w, fams, cfg)
}

// mayQualify is false when the account's weight inside candidate ci
// cannot reach cfg.MinCoreWeight, whatever result would compute: a
// many-valued kind adds at most its shared weight (its share of a capped
// mass), so in plus those weights bounds result's weight. The margin
// covers result's roundings. Most (account, candidate) pairs share only
// an object or two of a campaign's internal set and stop here.
func (c *containmentAcc) mayQualify(ci int32, cfg *Config) bool {
	w := c.in[ci]
	for _, x := range c.setIn[ci] {
		w += x
	}
	return w*(1+1e-9) >= cfg.MinCoreWeight
}

// result is the account's containment in candidate ci.
func (c *containmentAcc) result(ci int32, cfg *Config) (float64, float64, int) {
	all, in := c.all, c.in[ci]
	fam := c.fam[ci]
	for i, k := range link.SetKinds {
		if c.setAll[i] > 0 {
			m := math.Min(c.setAll[i], cfg.SetMassCap)
			all += m
			sh := m * c.setIn[ci][i] / c.setAll[i]
			in += sh
			if k.CountsAsEvidence() {
				fam[k.Family()] += sh
			}
		}
	}
	families := 0
	for _, w := range fam {
		if w >= 1 {
			families++
		}
	}
	if c.fp[ci] >= link.FingerprintKinds {
		families++
	}
	if all == 0 {
		return 0, 0, 0
	}
	return in / all, in, families
}
