package findings

import (
	"fmt"
	"strings"
)

// Agreement is how two findings documents of the same data compare: a
// reference ("batch", what `distillguard detect` found) and a candidate
// ("live", what a server's latest round found). Each batch campaign is
// paired with the live campaign that shares the most of its member
// accounts; campaign ids play no part, since a server keeps the ids of
// earlier rounds as campaigns grow.
type Agreement struct {
	// Tolerance is the share of a batch campaign's members that may differ
	// (only in one of the pair) for the pair to agree.
	Tolerance float64 `json:"tolerance"`
	// BatchCampaigns and LiveCampaigns count the campaigns on each side.
	BatchCampaigns int `json:"batch_campaigns"`
	LiveCampaigns  int `json:"live_campaigns"`
	// Pairs has one entry per batch campaign that shares a member with
	// some live campaign, in the batch document's order.
	Pairs []Pair `json:"pairs"`
	// OnlyBatch are batch campaigns sharing no member with any live one;
	// OnlyLive are live campaigns no batch campaign was paired with.
	OnlyBatch []Unmatched `json:"only_batch"`
	OnlyLive  []Unmatched `json:"only_live"`
	// Agrees: as many campaigns on each side, every batch campaign paired
	// with its own live campaign, and every pair within Tolerance.
	Agrees bool `json:"agrees"`
	// Misses says, for people, each reason Agrees is false.
	Misses []string `json:"misses,omitempty"`
}

// Pair is one batch campaign and the live campaign sharing most of its
// members.
type Pair struct {
	Batch         string `json:"batch"`
	Live          string `json:"live"`
	BatchAccounts int    `json:"batch_accounts"`
	LiveAccounts  int    `json:"live_accounts"`
	Common        int    `json:"common"`
	OnlyBatch     int    `json:"only_batch"` // members of the batch campaign only
	OnlyLive      int    `json:"only_live"`  // members of the live campaign only
	// Shared: another batch campaign is paired with the same live one.
	Shared bool `json:"shared,omitempty"`
	// Within: Differing is at most Tolerance of BatchAccounts.
	Within bool `json:"within"`
}

// Differing is how many members are in only one campaign of the pair.
func (p Pair) Differing() int { return p.OnlyBatch + p.OnlyLive }

// Unmatched is a campaign left without a partner.
type Unmatched struct {
	ID       string `json:"id"`
	Accounts int    `json:"accounts"`
}

// Compare pairs every batch campaign with the live campaign sharing the
// most member accounts (ties go to the one with fewer members outside the
// pair, then to the earlier in the live document) and reports the
// agreement at tolerance: the largest share of a batch campaign's members
// that may differ. A nil document has no campaigns. Compare reads the
// campaigns' account lists only, and does not change either document.
func Compare(batch, live *Document, tolerance float64) Agreement {
	var bc, lc []Campaign
	if batch != nil {
		bc = batch.Campaigns
	}
	if live != nil {
		lc = live.Campaigns
	}
	a := Agreement{Tolerance: tolerance, BatchCampaigns: len(bc), LiveCampaigns: len(lc),
		Pairs: []Pair{}, OnlyBatch: []Unmatched{}, OnlyLive: []Unmatched{}}

	// Each account's live campaigns (one in a valid document; a set, so
	// that an invalid one with an account listed twice counts it once).
	liveOf := map[string][]int{}
	liveSize := make([]int, len(lc))
	for li, c := range lc {
		seen := map[string]bool{}
		for _, id := range c.Accounts {
			if !seen[id] {
				seen[id] = true
				liveOf[id] = append(liveOf[id], li)
			}
		}
		liveSize[li] = len(seen)
	}

	pairedBy := make([][]int, len(lc)) // per live campaign, the pairs naming it
	for _, c := range bc {
		members := map[string]bool{}
		common := make(map[int]int)
		for _, id := range c.Accounts {
			if members[id] {
				continue
			}
			members[id] = true
			for _, li := range liveOf[id] {
				common[li]++
			}
		}
		best := -1
		for li := range lc {
			n := common[li]
			if n == 0 {
				continue
			}
			if best < 0 || n > common[best] || (n == common[best] && liveSize[li] < liveSize[best]) {
				best = li
			}
		}
		if best < 0 {
			a.OnlyBatch = append(a.OnlyBatch, Unmatched{ID: c.ID, Accounts: len(members)})
			continue
		}
		p := Pair{Batch: c.ID, Live: lc[best].ID, BatchAccounts: len(members), LiveAccounts: liveSize[best], Common: common[best]}
		p.OnlyBatch, p.OnlyLive = p.BatchAccounts-p.Common, p.LiveAccounts-p.Common
		p.Within = float64(p.Differing()) <= tolerance*float64(p.BatchAccounts)
		pairedBy[best] = append(pairedBy[best], len(a.Pairs))
		a.Pairs = append(a.Pairs, p)
	}
	for li, c := range lc {
		switch ps := pairedBy[li]; {
		case len(ps) == 0:
			a.OnlyLive = append(a.OnlyLive, Unmatched{ID: c.ID, Accounts: liveSize[li]})
		case len(ps) > 1:
			var names []string
			for _, pi := range ps {
				a.Pairs[pi].Shared = true
				names = append(names, a.Pairs[pi].Batch)
			}
			a.Misses = append(a.Misses, fmt.Sprintf("live %s is the best match of %d batch campaigns (%s): detect splits what the server joins",
				c.ID, len(ps), strings.Join(names, ", ")))
		}
	}
	if len(bc) != len(lc) {
		a.Misses = append([]string{fmt.Sprintf("%d batch campaigns, %d live", len(bc), len(lc))}, a.Misses...)
	}
	for _, u := range a.OnlyBatch {
		a.Misses = append(a.Misses, fmt.Sprintf("batch %s (%d accounts) has no live counterpart", u.ID, u.Accounts))
	}
	for _, u := range a.OnlyLive {
		a.Misses = append(a.Misses, fmt.Sprintf("live %s (%d accounts) has no batch counterpart", u.ID, u.Accounts))
	}
	for _, p := range a.Pairs {
		if !p.Within {
			a.Misses = append(a.Misses, fmt.Sprintf("batch %s and live %s differ in %d of %d accounts (%.1f%%; %d only in batch, %d only live)",
				p.Batch, p.Live, p.Differing(), p.BatchAccounts, 100*float64(p.Differing())/float64(max(p.BatchAccounts, 1)), p.OnlyBatch, p.OnlyLive))
		}
	}
	a.Agrees = len(a.Misses) == 0
	return a
}

// Summary is one line for people: the counts, and either the largest
// difference of an agreeing comparison or every reason it misses.
func (a *Agreement) Summary() string {
	if !a.Agrees {
		return strings.Join(a.Misses, "; ")
	}
	if len(a.Pairs) == 0 {
		return "no campaigns on either side"
	}
	worst := a.Pairs[0]
	for _, p := range a.Pairs[1:] {
		if p.Differing()*max(worst.BatchAccounts, 1) > worst.Differing()*max(p.BatchAccounts, 1) {
			worst = p
		}
	}
	n := fmt.Sprintf("%d campaigns", len(a.Pairs))
	if len(a.Pairs) == 1 {
		n = "1 campaign"
	}
	return fmt.Sprintf("%s on each side, paired one to one; most differing: batch %s, %d of %d accounts (%.2f%%, at most %g%%)",
		n, worst.Batch, worst.Differing(), worst.BatchAccounts,
		100*float64(worst.Differing())/float64(max(worst.BatchAccounts, 1)), 100*a.Tolerance)
}
