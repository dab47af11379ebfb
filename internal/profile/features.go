package profile

import (
	"math"
	"runtime"
	"slices"

	"github.com/distillguard/distillguard/internal/parallel"
	"github.com/distillguard/distillguard/internal/record"
)

// Finish completes what needs the whole input: template ids are resolved
// through the clusterer's later merges (resolve may be nil), output budgets
// are judged against each model's largest budget seen, and each account's
// client claim is compared with the fingerprints that claim usually comes
// with. Call it once, after the last Add.
func (s *Store) Finish(resolve func(uint32) uint32) {
	if resolve != nil {
		for i, t := range s.Tmpl {
			if t != 0 {
				s.Tmpl[i] = resolve(t)
			}
		}
		for i := range s.Behaviour {
			b := &s.Behaviour[i]
			for j := range b.SysTm.id {
				if b.SysTm.id[j] != 0 {
					b.SysTm.id[j] = resolve(b.SysTm.id[j])
				}
			}
		}
	}
	s.finishBudgets()
}

// minBudgetSpan is the fewest exchanges finishBudgets gives a core: below
// it, starting goroutines and clearing arrays costs more than it saves.
var minBudgetSpan = 1 << 20

// finishBudgets counts, per account, requests whose max_tokens is within a
// factor of two of the largest budget any account asked of that model: the
// "push the output budget to the maximum" habit of harvesters, measured
// against the data rather than against a list of model limits.
func (s *Store) finishBudgets() {
	// Two passes over the budget and model columns, each split over the
	// cores in ranges of exchanges with a histogram or counter array per
	// range, summed after: counts do not depend on the order they are
	// taken in. The per-account counts go to a dense array, which stays in
	// cache, rather than to the behaviour records, a hundred megabytes
	// touched at random at full scale.
	n := len(s.MaxTokB)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/minBudgetSpan))
	// One histogram per model id, in an array: a map lookup per exchange
	// was most of this pass.
	models := min(s.Models.Len(), math.MaxUint16+1)
	hists := make([][][2 * maxTokBuckets]uint32, workers)
	parallel.Ranges(workers, n, func(w, from, to int) {
		hist := make([][2 * maxTokBuckets]uint32, models)
		for i := from; i < to; i++ {
			if b := s.MaxTokB[i]; b != 0 {
				hist[s.Model[i]][b]++
			}
		}
		hists[w] = hist
	})
	// The 99.9th percentile rather than the maximum, so one odd request
	// cannot set the bar: count buckets per model.
	var top [math.MaxUint16 + 1]uint8
	for m := range models {
		var h [2 * maxTokBuckets]uint32
		for _, wh := range hists {
			for b, c := range wh[m] {
				h[b] += c
			}
		}
		var total uint32
		for _, c := range h {
			total += c
		}
		cut := total / 1000
		var above uint32
		for b := len(h) - 1; b > 0; b-- {
			above += h[b]
			if above > cut {
				top[m] = uint8(b)
				break
			}
		}
	}
	counts := make([][]uint32, workers)
	parallel.Ranges(workers, n, func(w, from, to int) {
		c := make([]uint32, len(s.Behaviour))
		for i := from; i < to; i++ {
			if b := s.MaxTokB[i]; b != 0 && int(b)+2 >= int(top[s.Model[i]]) {
				c[s.Acct[i]]++
			}
		}
		counts[w] = c
	})
	for a := range s.Behaviour {
		var sum uint32
		for _, c := range counts {
			sum += c[a]
		}
		s.Behaviour[a].MaxBudget = sum
	}
}

// Features are the derived per-account figures that linking and scoring use.
// Shares are of the account's exchanges; NaN means "cannot tell".
type Features struct {
	Exchanges     float64
	ActiveDays    float64
	PerActiveDay  float64
	HourEntropy   float64 // of the hour-of-day histogram, 0 (one hour) … 1 (flat, 24/7)
	GapCV         float64
	Addresses     float64 // distinct client addresses (estimate)
	AddressChange float64 // share of exchanges whose address differs from the previous one
	NetworkChange float64
	Networks      float64 // distinct ASNs (estimate)
	OutputRatio   float64 // output tokens per input token
	Capability    [record.NumCapabilities]float64
	TopCapability record.Capability
	TopCapShare   float64
	Markers       [8]float64
	Thinking      float64
	Tools         float64
	Images        float64
	MultiTurn     float64
	OrphanTurns   float64 // share of multi-turn requests that arrive without their earlier turns
	StopMax       float64
	MaxBudget     float64 // share of requests with a budget near the model's largest
	Errors        float64
	Refusals      float64
	NewModel24h   float64 // of exchanges in the 24 h after a release, share on the new model
	AgeDays       float64 // account age at its first exchange; NaN without created_at
	UserAgents    float64
	Fingerprints  float64
	Keys          float64
	Text          float64 // share of exchanges with prompt text or signature
}

// Features computes account a's derived figures.
func (s *Store) Features(a uint32) Features {
	b := &s.Behaviour[a]
	n := float64(b.N)
	f := Features{Exchanges: n}
	if b.N == 0 {
		return f
	}
	share := func(c uint32) float64 { return float64(c) / n }
	f.ActiveDays = float64(b.ActiveDays)
	f.PerActiveDay = n / max(1, f.ActiveDays)
	f.HourEntropy = entropy(b.Hours[:]) / math.Log(24)
	f.GapCV = b.GapCV()
	f.Addresses = b.Addresses.Count()
	if b.WithAddress > 1 {
		f.AddressChange = float64(b.AddressChanges) / float64(b.WithAddress-1)
	}
	if t := b.ASN.total(); b.N > 1 && t > 0 {
		f.NetworkChange = float64(b.NetworkChanges) / (n - 1)
	}
	f.Networks = b.ASNs.Count()
	if b.InTokens > 0 {
		f.OutputRatio = float64(b.OutTokens) / float64(b.InTokens)
	}
	for c := range b.Capabilities {
		f.Capability[c] = share(b.Capabilities[c])
		if f.Capability[c] > f.TopCapShare {
			f.TopCapShare = f.Capability[c]
			f.TopCapability = record.Capability(c)
		}
	}
	for m := range b.Markers {
		f.Markers[m] = share(b.Markers[m])
	}
	f.Thinking = share(b.Thinking)
	f.Tools = share(b.WithTools)
	f.Images = share(b.WithImages)
	f.MultiTurn = share(b.MultiTurn)
	if b.MultiTurn > 0 {
		f.OrphanTurns = float64(b.OrphanTurns) / float64(b.MultiTurn)
	}
	f.StopMax = share(b.StopMax)
	if b.WithMaxTokens > 0 {
		f.MaxBudget = float64(b.MaxBudget) / float64(b.WithMaxTokens)
	}
	f.Errors = share(b.Errors)
	f.Refusals = share(b.Refusals)
	f.NewModel24h = math.NaN()
	if b.InReleaseWindow >= 5 {
		f.NewModel24h = float64(b.NewModel24h) / float64(b.InReleaseWindow)
	}
	f.AgeDays = math.NaN()
	if info := &s.Info[a]; info.HasCreated {
		f.AgeDays = (float64(b.First) - float64(info.Created)) / 86400
	}
	f.UserAgents = b.UAs.Count()
	f.Fingerprints = b.FPs.Count()
	f.Keys = b.KeysSeen.Count()
	f.Text = share(b.WithText)
	return f
}

func entropy(h []uint32) float64 {
	var total float64
	for _, c := range h {
		total += float64(c)
	}
	if total == 0 {
		return 0
	}
	e := 0.0
	for _, c := range h {
		if c > 0 {
			p := float64(c) / total
			e -= p * math.Log(p)
		}
	}
	return e
}

// Org returns the organisation an account declares: the account table's,
// else the one its exchanges carry most.
func (s *Store) Org(a uint32) uint32 {
	if o := s.Info[a].Org; o != 0 {
		return o
	}
	return s.Behaviour[a].Org.Top()
}

// TopValues exposes an account's main user agent, fingerprint, ASN, model,
// system template and output budget bucket, for linking and reports.
func (s *Store) TopValues(a uint32) (ua, fp, asn, model, system, maxTok uint32) {
	b := &s.Behaviour[a]
	return b.UA.Top(), b.FP.Top(), b.ASN.Top(), b.Model.Top(), b.SysTm.Top(), b.MaxTok.Top()
}

// TopBudget is an account's usual max_tokens: the value it sent last in
// its most common budget bucket (exact for the many accounts, and every
// harness, that send one value), 0 when it sends none.
func (s *Store) TopBudget(a uint32) uint32 {
	b := &s.Behaviour[a]
	if i := b.MaxTok.topSlot(); i >= 0 {
		return max(b.maxTokVal[i], 1)
	}
	return 0
}

// Percentile returns the p-th percentile (0–1) of xs, ignoring NaN; NaN if
// none. xs is reordered.
func Percentile(xs []float64, p float64) float64 {
	xs = slices.DeleteFunc(xs, math.IsNaN)
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	i := int(math.Round(p * float64(len(xs)-1)))
	return xs[max(0, min(i, len(xs)-1))]
}
