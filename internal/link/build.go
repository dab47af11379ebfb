package link

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"sync"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/parallel"
	"github.com/distillguard/distillguard/internal/profile"
)

// Config holds the linking parameters; detect's documented configuration
// fills it.
type Config struct {
	// KindWeight scales each object kind's rarity weight: how much sharing
	// one object of that kind says about two accounts being one operator.
	KindWeight [NumKinds]float64
	// WindowSeconds is the co-activity window for shared addresses and
	// prefixes (SynchroTrap's time window).
	WindowSeconds uint32
	// AddressCap and PrefixCap drop an address or prefix window shared by
	// more accounts than this: a carrier NAT or a campus, not a clue.
	AddressCap, PrefixCap int
	// SetMassCap bounds how much one set kind (templates, address-days,
	// prefix-days) can weigh in a similarity, so one kind cannot drown the
	// rest.
	SetMassCap float64
	// CandidateMinWeight: only objects at least this heavy propose
	// candidate pairs; sharing a popular object is no reason to compare.
	CandidateMinWeight float64
	// ObjectPairs: an object held by at most this many accounts proposes
	// every pair of them.
	ObjectPairs int
	// ObjectSample: a more popular object proposes each holder with this
	// many pseudo-random fellow holders.
	ObjectSample int
	// MinSimilarity and MinShared make an edge: weighted similarity at
	// least this, and shared weight at least this in absolute terms.
	MinSimilarity, MinShared float64
	// MinFamilies: the shared weight must come from at least this many
	// independent evidence families (Kind.Family) — a shared NAT address
	// alone, or one popular template alone, is not an operator.
	MinFamilies int
	// Workers for the stage's parallel parts (co-activity windows,
	// sorting, verifying candidate pairs); 0 means 2.
	Workers int
}

// workers is Workers with its default.
func (c *Config) workers() int {
	if c.Workers <= 0 {
		return 2
	}
	return c.Workers
}

// Edge links two accounts with their similarity.
type Edge struct {
	A, B uint32
	Sim  float32
}

// Graph is the linking stage's output.
type Graph struct {
	Objects *Objects
	Edges   []Edge     // A < B, sorted
	Groups  [][]uint32 // connected components with at least two accounts, largest first
	// Candidates is how many pairs shared objects proposed; kept for reports.
	Candidates int
}

// Build links the accounts of s.
func Build(s *profile.Store, cfg *Config) *Graph {
	objs := collectObjects(s, cfg)
	cands := candidates(objs, cfg)
	edges := verify(objs, cands, cfg)
	g := &Graph{Objects: objs, Edges: edges, Candidates: len(cands)}
	g.Groups = components(s.NumAccounts(), edges)
	return g
}

// collectObjects lists every account's objects.
func collectObjects(s *profile.Store, cfg *Config) *Objects {
	var c, static collector
	n := s.NumAccounts()
	private := make([]uint32, n+1)
	// Per-account objects read only the store: collect them beside the
	// template pass and co-activity's counting sort, which run on one
	// core. build sorts the incidences, so where they were collected does
	// not matter.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for a := uint32(1); a <= uint32(n); a++ {
			collectStatic(s, a, &static)
		}
	}()
	collectTemplates(s, &c)
	collectCoActivity(s, cfg, &c, private)
	<-done
	c.take(&static)
	o := c.build(n, cfg)
	// An unshared address-day would have df 1: weight it so.
	w := float32(cfg.KindWeight[KindAddressDay] * math.Log((float64(n)+1)/2))
	o.PrivateAddress = make([]float32, n+1)
	for a, k := range private {
		o.PrivateAddress[a] = float32(k) * w
	}
	return o
}

// collectTemplates adds each distinct (account, template) pair, skipping
// templates only one account ever sent in a first pass so the pair set stays
// small on mostly-unique honest prompts.
func collectTemplates(s *profile.Store, c *collector) {
	first := map[uint32]uint32{}
	shared := map[uint32]bool{}
	for i, t := range s.Tmpl {
		if t == 0 {
			continue
		}
		a := s.Acct[i]
		if f, ok := first[t]; !ok {
			first[t] = a
		} else if f != a {
			shared[t] = true
		}
	}
	seen := map[uint64]struct{}{}
	for i, t := range s.Tmpl {
		if t == 0 || !shared[t] {
			continue
		}
		k := uint64(s.Acct[i])<<32 | uint64(t)
		if _, ok := seen[k]; ok {
			continue
		}
		seen[k] = struct{}{}
		c.add(s.Acct[i], KindTemplate, uint64(t))
	}
	for a := uint32(1); a <= uint32(s.NumAccounts()); a++ {
		if _, _, _, _, sys, _ := s.TopValues(a); sys != 0 {
			c.add(a, KindSystemPrompt, uint64(sys))
		}
	}
}

// collectCoActivity adds address-window and prefix-window objects: an
// address (or /24) used by between two and the cap accounts within one
// window. Exchanges are grouped by window (windowsOf), then each window's
// (address, account) pairs are sorted and grouped.
func collectCoActivity(s *profile.Store, cfg *Config, c *collector, private []uint32) {
	if s.Len() == 0 || cfg.WindowSeconds == 0 {
		return
	}
	w := cfg.WindowSeconds
	lo, hi := s.FirstSec/w, s.LastSec/w
	nw := int(hi-lo) + 1
	workers := cfg.workers()
	ws := windowsOf(s, w, lo, nw, workers)
	// Keys are a value (an address or a prefix, 32 bits) above an account
	// id of ab bits: packed this tight, the radix sort skips a pass it
	// spent on the zero bits between them at 32.
	ab := uint(bits.Len32(uint32(s.NumAccounts())))
	acctOf := func(k uint64) uint32 { return uint32(k & (1<<ab - 1)) }
	// Windows are independent: workers take every workers-th one with their
	// own collector, and the merged incidences are sorted in build, so the
	// result does not depend on who did which window.
	cols := make([]collector, workers)
	privs := make([][]uint32, workers)
	var wg sync.WaitGroup
	for wk := 0; wk < workers; wk++ {
		privs[wk] = make([]uint32, len(private))
		wg.Add(1)
		go func(c *collector, private []uint32) {
			defer wg.Done()
			var keys, scratch, prefixes []uint64
			emit := func(win uint32, kind Kind, cap int) {
				keys, scratch = sortKeys(keys, scratch)
				keys = slices.Compact(keys)
				for i := 0; i < len(keys); {
					j := i + 1
					for j < len(keys) && keys[j]>>ab == keys[i]>>ab {
						j++
					}
					if j-i == 1 && kind == KindAddressDay {
						private[acctOf(keys[i])]++
					}
					if n := j - i; n >= 2 && n <= cap {
						raw := (keys[i]>>ab)<<16 | uint64(win&0xFFFF)
						for _, k := range keys[i:j] {
							c.add(acctOf(k), kind, raw)
						}
					}
					i = j
				}
			}
			for b := wk; b < nw; b += workers {
				keys = ws.keys(s, b, ab, keys[:0])
				if len(keys) < 2 {
					continue
				}
				win := uint32(b) + lo
				emit(win, KindAddressDay, cfg.AddressCap)
				if cfg.KindWeight[KindPrefixDay] == 0 {
					continue // weightless: not worth a sort per window
				}
				// The window's distinct (address, account) keys, now in
				// keys, give its (prefix, account) keys: a day's exchanges
				// repeat the same few addresses per account many times.
				addrs := keys
				prefixes = prefixes[:0]
				for _, k := range addrs {
					p := s.PrefixKey(uint32(k >> ab))
					if p>>56 != 0 { // IPv6 /48: fold to 32 bits, tagged apart from IPv4 /24s
						p = 1<<31 | (p^p>>32)&0x7FFFFFFF
					} else {
						p &= 0xFFFFFF
					}
					prefixes = append(prefixes, p<<ab|uint64(acctOf(k)))
				}
				keys, prefixes = prefixes, addrs
				emit(win, KindPrefixDay, cfg.PrefixCap)
			}
		}(&cols[wk], privs[wk])
	}
	wg.Wait()
	for wk := range cols {
		c.take(&cols[wk])
		for a, n := range privs[wk] {
			private[a] += n
		}
	}
}

// windows lists the exchanges with an address of each co-activity window,
// in input order: as runs of the columns when the log is in time order, as
// logs are written, or else bucketed by a counting sort.
type windows struct {
	// run[b] is where window b's exchanges start in the columns, when
	// the time column never decreases; nil otherwise.
	run []int
	// order lists exchange indices window by window, counts[b] where
	// window b's start, when run is nil.
	order, counts []uint32
}

// windowsOf finds the windows of w seconds from the first one, lo, on.
func windowsOf(s *profile.Store, w, lo uint32, nw, workers int) *windows {
	if inOrder(s.Sec, workers) {
		return runWindows(s, w, lo, nw)
	}
	return bucketWindows(s, w, lo, nw, workers)
}

// runWindows finds where each window starts in a time-ordered log.
func runWindows(s *profile.Store, w, lo uint32, nw int) *windows {
	run := make([]int, nw+1)
	for b := range run {
		start := uint64(lo+uint32(b)) * uint64(w)
		run[b] = sort.Search(len(s.Sec), func(i int) bool { return uint64(s.Sec[i]) >= start })
	}
	return &windows{run: run}
}

// bucketWindows lists each window's exchanges whatever the log's order.
func bucketWindows(s *profile.Store, w, lo uint32, nw, workers int) *windows {
	// The counting sort runs on every core: each counts, then places, the
	// exchanges of its own range, after those of the ranges before it in
	// each window, so every window lists its exchanges in input order.
	part := make([][]uint32, workers) // per range: its exchanges per window
	parallel.Ranges(workers, s.Len(), func(r, from, to int) {
		c := make([]uint32, nw)
		for i := from; i < to; i++ {
			if s.IP[i] != 0 {
				c[s.Sec[i]/w-lo]++
			}
		}
		part[r] = c
	})
	counts := make([]uint32, nw+1)
	for b := 0; b < nw; b++ {
		at := counts[b]
		for r := range part {
			n := part[r][b]
			part[r][b] = at // now where range r's exchanges of window b go
			at += n
		}
		counts[b+1] = at
	}
	order := make([]uint32, counts[nw])
	parallel.Ranges(workers, s.Len(), func(r, from, to int) {
		fill := part[r]
		for i := from; i < to; i++ {
			if s.IP[i] != 0 {
				b := s.Sec[i]/w - lo
				order[fill[b]] = uint32(i)
				fill[b]++
			}
		}
	})
	return &windows{order: order, counts: counts}
}

// keys appends the key of each exchange with an address in window b, in
// input order: the address above the account id, which takes ab bits.
func (ws *windows) keys(s *profile.Store, b int, ab uint, keys []uint64) []uint64 {
	if ws.run != nil {
		ips, accts := s.IP[ws.run[b]:ws.run[b+1]], s.Acct[ws.run[b]:ws.run[b+1]]
		for i, ip := range ips {
			if ip != 0 {
				keys = append(keys, uint64(ip)<<ab|uint64(accts[i]))
			}
		}
		return keys
	}
	for _, i := range ws.order[ws.counts[b]:ws.counts[b+1]] {
		keys = append(keys, uint64(s.IP[i])<<ab|uint64(s.Acct[i]))
	}
	return keys
}

// inOrder reports whether sec never decreases, checking ranges on every
// core.
func inOrder(sec []uint32, workers int) bool {
	ok := make([]bool, workers)
	parallel.Ranges(workers, len(sec), func(r, from, to int) {
		if from > 0 {
			from-- // the boundary with the range before
		}
		ok[r] = slices.IsSorted(sec[from:to])
	})
	return !slices.Contains(ok, false)
}

// level quantises a share into four levels: none, some, most, nearly all.
func level(x float64) uint64 {
	switch {
	case math.IsNaN(x) || x < 0.05:
		return 0
	case x < 0.35:
		return 1
	case x < 0.75:
		return 2
	}
	return 3
}

// log2Level quantises a positive quantity on a log2 scale.
func log2Level(x float64) uint64 {
	if !(x > 1) {
		return 0
	}
	return uint64(math.Log2(x)) + 1
}

func hash(vals ...uint64) uint64 {
	h := uint64(0x9E3779B97F4A7C15)
	for _, v := range vals {
		h = dict.Mix(h ^ dict.Mix(v+0x632BE59BD9B4E019))
	}
	return h
}

// collectStatic adds the objects an account holds one of: its client, the
// shapes of its requests and content, its rhythm, its first and last days,
// and its account-table row.
func collectStatic(s *profile.Store, a uint32, c *collector) {
	b := &s.Behaviour[a]
	if b.N == 0 {
		collectInfo(s, a, c)
		return
	}
	f := s.Features(a)
	ua, fp, asn, model, _, maxTok := s.TopValues(a)
	if fp != 0 {
		c.add(a, KindFingerprint, uint64(fp))
	}
	if ua != 0 {
		c.add(a, KindUserAgent, uint64(ua))
	}
	if ua != 0 || fp != 0 {
		c.add(a, KindClient, uint64(ua)<<32|uint64(fp))
	}
	if asn != 0 {
		c.add(a, KindNetwork, uint64(asn))
	}
	c.add(a, KindRequestShape, hash(uint64(model), uint64(maxTok), level(f.Thinking), level(f.MaxBudget), level(f.StopMax)))
	c.add(a, KindContentShape, hash(uint64(f.TopCapability), level(f.TopCapShare),
		level(f.Markers[0]), level(f.Markers[1]), level(f.Markers[2]), level(f.Markers[3]), level(f.Text)))
	c.add(a, KindToolShape, hash(level(f.Tools), level(f.Images), level(f.MultiTurn), level(f.OrphanTurns), log2Level(4*f.OutputRatio)))
	c.add(a, KindRhythm, hash(uint64(f.HourEntropy*5), log2Level(f.PerActiveDay), level(f.AddressChange), uint64(min(3, f.GapCV*2))))
	c.add(a, KindFirstDay, uint64(b.First/86400))
	c.add(a, KindLastDay, uint64(b.Last/86400))
	if o := s.Behaviour[a].Org.Top(); o != 0 && s.Info[a].Org == 0 {
		c.add(a, KindOrg, uint64(o))
	}
	collectInfo(s, a, c)
}

func collectInfo(s *profile.Store, a uint32, c *collector) {
	in := &s.Info[a]
	if !in.Known {
		return
	}
	if in.Payment != 0 {
		c.add(a, KindPayment, uint64(in.Payment))
	}
	if in.SignupIP != 0 {
		c.add(a, KindSignupIP, uint64(in.SignupIP))
		c.add(a, KindSignupPrefix, s.PrefixKey(in.SignupIP))
	}
	if in.HasCreated {
		c.add(a, KindSignupHour, uint64(in.Created/3600))
	}
	if in.EmailDomain != 0 {
		c.add(a, KindEmailDomain, uint64(in.EmailDomain))
	}
	if in.Verification != 0 {
		c.add(a, KindVerification, uint64(in.Verification))
	}
	if in.Country != 0 {
		c.add(a, KindCountry, uint64(in.Country))
	}
	if in.Org != 0 {
		c.add(a, KindOrg, uint64(in.Org))
	}
}
