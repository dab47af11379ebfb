package simulate

import (
	"math"
	"math/rand/v2"
	"time"
)

// Models: the provider's catalogue with release dates. Every scenario draws
// from one catalogue; models.jsonl lists those released before the data
// ends, so a model released inside the period shows both its release and how
// fast each account moved to it.

// tier is a model size class; users pick a tier, then a model of it.
type tier uint8

const (
	tierFlagship tier = iota
	tierMid
	tierSmall
	numTiers
)

type modelDef struct {
	name     string
	released int64 // unix seconds
	tier     tier
	maxOut   int64 // largest max_tokens the model accepts
}

func mustTime(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err) // catalogue constants only
	}
	return t.Unix()
}

var catalogue = []modelDef{
	{"atlas-4", mustTime("2025-05-20T16:00:00Z"), tierFlagship, 32000},
	{"atlas-4-mini", mustTime("2025-06-10T16:00:00Z"), tierSmall, 16384},
	{"atlas-4.5", mustTime("2025-11-24T16:00:00Z"), tierFlagship, 64000},
	{"atlas-4.5-swift", mustTime("2025-12-10T16:00:00Z"), tierMid, 64000},
	{"atlas-4.5-mini", mustTime("2026-01-15T16:00:00Z"), tierSmall, 32000},
	{"atlas-4.6", mustTime("2026-02-05T17:00:00Z"), tierFlagship, 128000},
	{"atlas-4.6-swift", mustTime("2026-03-18T16:00:00Z"), tierMid, 64000},
	{"atlas-5", mustTime("2026-05-14T16:00:00Z"), tierFlagship, 128000},
	{"atlas-5-swift", mustTime("2026-05-28T16:00:00Z"), tierMid, 64000},
	{"atlas-5.1", mustTime("2026-07-29T16:00:00Z"), tierFlagship, 128000},
}

// modelSet is the catalogue as seen from one period: per tier, the models
// released before the period ends, oldest first.
type modelSet struct {
	byTier [numTiers][]int
}

func newModelSet(end int64) *modelSet {
	ms := &modelSet{}
	for i, m := range catalogue {
		if m.released < end {
			ms.byTier[m.tier] = append(ms.byTier[m.tier], i)
		}
	}
	return ms
}

// modelPrefs is how one account chooses models.
type modelPrefs struct {
	tiers cdf
	lag   int64   // seconds after a release before the account moves
	share float64 // share of its traffic on the newest model once moved
}

// pick returns the catalogue index of the model used by a session at unix
// second t, with u1, u2 uniform draws fixed per session.
func (ms *modelSet) pick(p *modelPrefs, t int64, u1, u2 float64) int {
	tr := tier(p.tiers.pick(u1))
	l := ms.byTier[tr]
	if len(l) == 0 {
		l = ms.byTier[tierFlagship]
	}
	// Newest model the account has moved to, and the one before it.
	newest := -1
	for i := len(l) - 1; i >= 0; i-- {
		if catalogue[l[i]].released <= t-p.lag {
			newest = i
			break
		}
	}
	if newest < 0 {
		// Nothing adopted yet in this tier: the oldest released one.
		for i := range l {
			if catalogue[l[i]].released <= t {
				return l[i]
			}
		}
		return l[0]
	}
	// Moving is gradual: the share on the newest model starts at p.share
	// and reaches all traffic over the following weeks.
	share := p.share
	if since := t - p.lag - catalogue[l[newest]].released; since > 0 {
		share += (1 - share) * math.Min(1, float64(since)/(45*86400))
	}
	if newest > 0 && u2 >= share {
		return l[newest-1]
	}
	return l[newest]
}

// honestPrefs draws honest model preferences: tier weights, an adoption
// delay with the given mean (days) and a share.
func honestPrefs(r *rand.Rand, flagship, mid, small, lagDays float64) modelPrefs {
	lag := lognormMean(r, lagDays*86400, 1.0)
	return modelPrefs{
		tiers: makeCDF(flagship*(0.5+r.Float64()), mid*(0.5+r.Float64()), small*(0.5+r.Float64())),
		lag:   int64(lag),
		share: 0.5 + 0.5*r.Float64(),
	}
}
