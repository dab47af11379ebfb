package score

import (
	"math"
	"slices"
	"strings"

	"github.com/distillguard/distillguard/internal/profile"
)

// Two kinds of operator evidence that a drip leaves although each of its
// accounts looks like a person: a client claim its TLS stack contradicts,
// measured against everyone else who makes the same claim, and one clock
// behind accounts that claim to live in different time zones.

// clients holds, per account, its main client claim reduced to the product
// (the user agent without versions) and its main TLS fingerprint, and how
// many independent witnesses present each pair. Accounts that were linked
// into one group count as one witness between them: a campaign split over
// several groups must not make its own stack look usual to each of them.
type clients struct {
	prod, fp []uint32            // by account id; 0 when unknown
	budget   []uint32            // by account id: its most common max_tokens, 0 for none
	weight   []float64           // by account id: its share of one witness
	holders  map[uint64][]uint32 // accounts by product<<32 | fp
	budgetN  map[uint32]int      // accounts by their most common max_tokens
	budgets  int                 // accounts that send max_tokens
	perProd  map[uint32]float64
	perFP    map[uint32]float64
	// stacks[product][fp] and claims[fp][product] are the witnesses of
	// each pair, seen from both sides.
	stacks, claims map[uint32]map[uint32]float64
}

// pairKey is a client pair as one map key.
func pairKey(prod, fp uint32) uint64 { return uint64(prod)<<32 | uint64(fp) }

// minClientPeers is how many other witnesses must claim a product before
// its usual TLS stacks are known. With fewer (but at least fewPeers), a
// rare stack is a contradiction only when at least fewPeers witnesses show
// it with other products' claims: it is another client's stack.
const (
	minClientPeers = 20
	fewPeers       = 5
)

// rareStack: a TLS stack shown by fewer than this share of the other
// witnesses claiming the same product contradicts the claim (the rule the
// whole population's figure uses too, so a rare honest stack counts in the
// background's rate). A harness that claims an SDK from another runtime's
// stack holds almost none of them: only the campaign's own accounts that
// were not linked into its group.
const rareStack = 0.03

func newClients(s *profile.Store) *clients {
	n := s.NumAccounts()
	c := &clients{prod: make([]uint32, n+1), fp: make([]uint32, n+1), budget: make([]uint32, n+1),
		weight: make([]float64, n+1), holders: map[uint64][]uint32{}, budgetN: map[uint32]int{}}
	prodOf := map[uint32]uint32{} // user-agent id → product id
	prodID := map[string]uint32{}
	for a := 1; a <= n; a++ {
		b := &s.Behaviour[a]
		ua, fp := b.UA.Top(), b.FP.Top()
		if b.N == 0 || ua == 0 || fp == 0 {
			continue
		}
		p, ok := prodOf[ua]
		if !ok {
			name := Product(s.UserAgents.String(ua))
			if p, ok = prodID[name]; !ok {
				p = uint32(len(prodID) + 1)
				prodID[name] = p
			}
			prodOf[ua] = p
		}
		c.prod[a], c.fp[a], c.weight[a] = p, fp, 1
		if b := s.TopBudget(uint32(a)); b != 0 {
			c.budget[a] = b
			c.budgetN[b]++
			c.budgets++
		}
		k := pairKey(p, fp)
		c.holders[k] = append(c.holders[k], uint32(a))
	}
	c.count()
	return c
}

// count sums the witnesses.
func (c *clients) count() {
	c.perProd, c.perFP = map[uint32]float64{}, map[uint32]float64{}
	c.stacks, c.claims = map[uint32]map[uint32]float64{}, map[uint32]map[uint32]float64{}
	for a, p := range c.prod {
		if p == 0 {
			continue
		}
		w, fp := c.weight[a], c.fp[a]
		c.perProd[p] += w
		c.perFP[fp] += w
		if c.stacks[p] == nil {
			c.stacks[p] = map[uint32]float64{}
		}
		c.stacks[p][fp] += w
		if c.claims[fp] == nil {
			c.claims[fp] = map[uint32]float64{}
		}
		c.claims[fp][p] += w
	}
}

// witnesses makes the accounts of each group that present the same
// product and stack one witness between them.
func (c *clients) witnesses(groups [][]uint32) *clients {
	out := &clients{prod: c.prod, fp: c.fp, budget: c.budget, holders: c.holders, budgetN: c.budgetN, budgets: c.budgets,
		weight: slices.Clone(c.weight)}
	for _, g := range groups {
		same := map[uint64]float64{}
		for _, a := range g {
			if p := c.prod[a]; p != 0 {
				same[pairKey(p, c.fp[a])]++
			}
		}
		for _, a := range g {
			if p := c.prod[a]; p != 0 {
				out.weight[a] = 1 / same[pairKey(p, c.fp[a])]
			}
		}
	}
	out.count()
	return out
}

// Product is a user agent without its version numbers: "OpenAI/Python
// 1.49.0" and "OpenAI/Python 1.52.2" are one product, whose users between
// them show the TLS stacks that product really has.
func Product(ua string) string {
	var out []string
	for _, tok := range strings.Fields(ua) {
		if tok[0] >= '0' && tok[0] <= '9' {
			continue
		}
		if i := strings.IndexByte(tok, '/'); i > 0 && i+1 < len(tok) && tok[i+1] >= '0' && tok[i+1] <= '9' {
			tok = tok[:i]
		}
		out = append(out, tok)
	}
	return strings.Join(out, " ")
}

// siblings returns the accounts outside accts that present one of its
// client pairs and either its usual max_tokens, where that pair and that
// budget go together far more often than the budget's share of the
// population would have it, or its clock, where the group keeps an
// operator's clock (see below): the same harness that linking left out
// (too light, or split into another group), not independent witnesses of
// what a client's users show or what budgets people pick. A default budget
// many people send goes with every pair alike and makes nobody a sibling;
// so does a clock that is not an operator's (a group that sends around the
// clock, or whose accounts live where they say).
func (c *clients) siblings(s *profile.Store, accts []uint32, clk *clock) []uint32 {
	in := make(map[uint32]bool, len(accts))
	pairs := map[uint64]bool{}
	budgets := map[uint32]int{}
	withBudget := 0
	for _, a := range accts {
		in[a] = true
		if p := c.prod[a]; p != 0 {
			pairs[pairKey(p, c.fp[a])] = true
		}
		if c.budget[a] != 0 {
			budgets[c.budget[a]]++
			withBudget++
		}
	}
	var usual uint32
	if 3*withBudget >= len(accts) {
		for b, n := range budgets {
			if 2*n > withBudget {
				usual = b
			}
		}
	}
	var popShare float64
	if c.budgets > 0 {
		popShare = float64(c.budgetN[usual]) / float64(c.budgets)
	}
	// People of one region share a clock and a client without being one
	// harness: the clock marks siblings only where the group claims zones
	// hours apart yet keeps one UTC clock.
	byClockToo := clk.share >= clockGroup && clk.utc-clk.local > 0.08 && clk.spread >= 0.2
	var out []uint32
	for k := range pairs {
		var byBudget, byClock []uint32
		with := 0
		for _, a := range c.holders[k] {
			if in[a] {
				continue
			}
			if byClockToo && onClockFrom(s, a, clk.start) {
				byClock = append(byClock, a)
			} else if usual != 0 && c.budget[a] == usual {
				byBudget = append(byBudget, a)
			}
			if c.budget[a] != 0 {
				with++
			}
		}
		out = append(out, byClock...)
		if usual != 0 && with > 0 && float64(len(byBudget)) >= siblingLift*popShare*float64(with) {
			out = append(out, byBudget...)
		}
	}
	slices.Sort(out)
	return out
}

// mismatched counts the accounts of accts whose TLS stack is one that the
// witnesses outside accts and its siblings, claiming the same product,
// (almost) never show, or that belongs to another kind of client. A large
// campaign cannot make its own stack look usual: it is measured against
// everyone else.
func (c *clients) mismatched(accts, siblings []uint32) (mism, known int) {
	ownPair := map[uint64]float64{}
	ownProd := map[uint32]float64{}
	ownFP := map[uint32]float64{}
	for _, a := range slices.Concat(accts, siblings) {
		if p := c.prod[a]; p != 0 {
			w := c.weight[a]
			ownPair[pairKey(p, c.fp[a])] += w
			ownProd[p] += w
			ownFP[c.fp[a]] += w
		}
	}
	foreign := map[uint64]bool{}
	for _, a := range accts {
		p, fp := c.prod[a], c.fp[a]
		if p == 0 {
			continue
		}
		k := pairKey(p, fp)
		peers, pair, stack := c.perProd[p]-ownProd[p], c.stacks[p][fp]-ownPair[k], c.perFP[fp]-ownFP[fp]
		f, seen := foreign[k]
		if !seen {
			f = c.foreign(p, fp, peers, pair, stack)
			foreign[k] = f
		}
		if f {
			known++
			mism++
			continue
		}
		if m, ok := contradicts(peers, pair, stack); ok {
			known++
			if m {
				mism++
			}
		}
	}
	return mism, known
}

// contradicts decides from the witnesses outside a group: peers claim the
// same product, pair of them show the same stack, stack show that stack
// whatever they claim. ok is false when too few claim the product to say.
func contradicts(peers, pair, stack float64) (mism, ok bool) {
	const eps = 1e-9
	switch {
	case peers >= minClientPeers-eps:
		return pair < rareStack*peers, true
	case peers >= fewPeers-eps:
		// Too few to measure a share: a stack at most one of them shows.
		return pair < 1+eps && stack-pair >= fewPeers-eps, true
	}
	return false, false
}

// siblingLift: how many times more often than its population share a
// budget must go with a client pair to mark one harness.
const siblingLift = 3

// foreignAffinity: a stack whose other users claim clients this much alike
// (or less) to the claimed one, judged by the stacks those clients
// otherwise show, belongs to another kind of client.
const foreignAffinity = 0.2

// foreign reports whether stack fp is another kind of client's: most of
// its users claim other products, enough claim p with other stacks to know
// p's, and those products are unlike p (affinity).
func (c *clients) foreign(p, fp uint32, peers, pair, stack float64) bool {
	return peers-pair >= fewPeers-1e-9 && stack-pair >= max(fewPeers-1e-9, pair) && c.affinity(p, fp) < foreignAffinity
}

// affinity measures whether stack fp belongs with product p without
// trusting who shows the pair: the products that fp's other users claim
// are compared with p by the other stacks each of them shows (cosine
// similarity of the stack counts, fp left out), weighted by how many of
// fp's users claim each. A Python SDK's stacks are shown by other Python
// clients too; a Go stack's other users claim Go clients, whose other
// stacks a Python SDK never shows. So a harness that claims a Python SDK
// from a Go stack is told apart even when it is most of that SDK's
// claimants, and a stack every version of a client shows is not.
func (c *clients) affinity(p, fp uint32) float64 {
	var sum, total float64
	for q, w := range c.claims[fp] {
		if q == p {
			continue
		}
		sum += w * cosine(c.stacks[p], c.stacks[q], fp)
		total += w
	}
	if total == 0 {
		return 1
	}
	return sum / total
}

// cosine is the cosine similarity of two count vectors with key skip left
// out; 0 when either is empty.
func cosine(x, y map[uint32]float64, skip uint32) float64 {
	var dot, nx, ny float64
	for k, v := range x {
		if k == skip {
			continue
		}
		nx += v * v
		dot += v * y[k]
	}
	for k, v := range y {
		if k != skip {
			ny += v * v
		}
	}
	if nx == 0 || ny == 0 {
		return 0
	}
	return dot / math.Sqrt(nx*ny)
}

// alone measures every account against all the others, as mismatched
// measures a group: the background's rate. The answer depends only on the
// account's pair and its weight, so each is worked out once.
func (c *clients) alone() (mism, known []bool) {
	mism, known = make([]bool, len(c.prod)), make([]bool, len(c.prod))
	type key struct {
		pair   uint64
		weight float64
	}
	memo := map[key][2]bool{}
	for a, p := range c.prod {
		if p == 0 {
			continue
		}
		w, fp := c.weight[a], c.fp[a]
		k := key{pairKey(p, fp), w}
		r, ok := memo[k]
		if !ok {
			peers, pair, stack := c.perProd[p]-w, c.stacks[p][fp]-w, c.perFP[fp]-w
			if c.foreign(p, fp, peers, pair, stack) {
				r = [2]bool{true, true}
			} else {
				r[0], r[1] = contradicts(peers, pair, stack)
			}
			memo[k] = r
		}
		mism[a], known[a] = r[0], r[1]
	}
	return mism, known
}

// clockWindow is the length in hours of a working day's window.
const clockWindow = 10

// clock is a group's sending hours: the busiest clockWindow UTC hours of
// all its traffic (start, share), and oneClock's figures.
type clock struct {
	start                     int
	share, utc, local, spread float64
	counted                   int
}

// clockOf measures accts' clock in one pass over them.
func clockOf(s *profile.Store, accts []uint32) *clock {
	var all [24]float64
	for _, a := range accts {
		for i, n := range s.Behaviour[a].Hours {
			all[i] += float64(n)
		}
	}
	c := &clock{}
	c.start, c.share = busiestStart(&all)
	c.utc, c.local, c.spread, c.counted = oneClock(s, accts)
	return c
}

// oneClock measures whether accounts that claim different time zones send
// on one clock. People work in their own daytime: pooled in each account's
// claimed local time, their hours line up; pooled in UTC, they spread. One
// operator's staff or scheduler sends in its own hours whatever the
// accounts claim: pooled in UTC the hours line up, in claimed local time
// they spread. It returns the share of exchanges in the busiest
// clockWindow hours of UTC and of claimed local time, and the share of
// accounts whose claimed zone is three hours or more from the group's
// most common one. Accounts without a known country are left out.
func oneClock(s *profile.Store, accts []uint32) (utc, local, spread float64, counted int) {
	var hu, hl [24]float64
	var zones [24]int
	var offs []int
	for _, a := range accts {
		off, ok := CountryOffset(s.Countries.String(s.Info[a].Country))
		if !ok || s.Behaviour[a].N == 0 {
			continue
		}
		counted++
		b := &s.Behaviour[a]
		for h, n := range b.Hours {
			hu[h] += float64(n)
			hl[((h+off)%24+24)%24] += float64(n)
		}
		zones[(off+24)%24]++
		offs = append(offs, off)
	}
	if counted == 0 {
		return 0, 0, 0, 0
	}
	mode := 0
	for z := range zones {
		if zones[z] > zones[mode] {
			mode = z
		}
	}
	far := 0
	for _, o := range offs {
		d := ((o-mode)%24 + 24) % 24
		if d >= 3 && d <= 21 {
			far++
		}
	}
	return busiest(&hu), busiest(&hl), float64(far) / float64(counted), counted
}

// onClock returns the candidates that send at least clockShare of their
// traffic inside the group's busiest clockWindow UTC hours.
func onClock(s *profile.Store, clk *clock, candidates []uint32) []uint32 {
	var out []uint32
	for _, a := range candidates {
		if onClockFrom(s, a, clk.start) {
			out = append(out, a)
		}
	}
	return out
}

// onClockFrom reports whether account a sends at least clockShare of its
// traffic in the clockWindow UTC hours from start.
func onClockFrom(s *profile.Store, a uint32, start int) bool {
	var in, all float64
	for i, n := range s.Behaviour[a].Hours {
		all += float64(n)
		if (i-start+24)%24 < clockWindow {
			in += float64(n)
		}
	}
	return all > 0 && in >= clockShare*all
}

// clockShare: a sibling sends at least this share of its traffic in the
// group's busiest hours; clockGroup: the group itself keeps a clock when
// at least this share of its traffic falls in them (around the clock it
// is 10/24).
const (
	clockShare = 0.7
	clockGroup = 0.6
)

// busiest is the share of the histogram in its busiest clockWindow
// consecutive hours (wrapping midnight).
func busiest(h *[24]float64) float64 {
	_, share := busiestStart(h)
	return share
}

// busiestStart returns the first hour of h's busiest clockWindow hours and
// their share of h.
func busiestStart(h *[24]float64) (start int, share float64) {
	var total, best float64
	for _, x := range h {
		total += x
	}
	if total == 0 {
		return 0, 0
	}
	for st := range 24 {
		var sum float64
		for i := range clockWindow {
			sum += h[(st+i)%24]
		}
		if sum > best {
			start, best = st, sum
		}
	}
	return start, best / total
}
