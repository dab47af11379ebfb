// Package evaluate scores a findings/v1 document against the simulator's
// answer key (truth/v1). Every detection-quality claim the project makes comes
// from here, so the figures are defined once, in this file, and computed by a
// pure function (Compare) that the CLI, the tests and any sweep share.
//
// # Definitions
//
// Accounts. An account is flagged when it belongs to a campaign listed in the
// findings (contract §4); it is positive when its truth label is a campaign id.
// Flagged accounts that truth does not know count as false positives (the
// findings and the truth disagree about the data; that is detection's error,
// or the wrong files, and must not flatter the score).
//
//	precision = TP / (TP+FP)        undefined (null, "n/a") when nothing is flagged
//	recall    = TP / (TP+FN)        undefined when truth has no attacker accounts
//	F1        = 2TP / (2TP+FP+FN)   undefined only when TP = FP = FN = 0
//
// F1 written this way equals the harmonic mean of precision and recall when
// both are defined, and is 0 rather than undefined when nothing is flagged
// but attackers exist (recall 0) or when only honest accounts are flagged.
//
// True campaigns. For each true campaign C (its accounts: those labelled C):
//
//   - recall: share of C's accounts flagged, in any reported campaign;
//   - split: number of reported campaigns holding at least one of C's
//     accounts; split≥5%: those holding at least SplitShare of C's accounts;
//   - best match: the reported campaign holding most of C's accounts; ties go
//     to the purer one (fewer accounts), then to the smaller id;
//   - purity: share of the best match's accounts that are C's;
//   - Jaccard: |C ∩ M| / |C ∪ M| for the best match M;
//   - one campaign: C is "reported as one campaign" when its best match holds
//     at least OneCampaignShare of C's flagged accounts. This measures
//     fragmentation only; how many of C's accounts were found is recall's job.
//   - headline error of the best match: reported accounts and exchanges
//     against C's (relative error (reported−true)/true, signed), first and last
//     seen (reported−true, signed hours), and the top-3 capabilities of each
//     (shares > 0 only, highest first, ties in record.Capability order) with
//     whether the sets and the orders agree. Agreement is undefined when truth
//     gives no capability shares for C.
//
// Reported campaigns. Each reported campaign has a label mix (truth labels of
// its accounts, with UnknownLabel for accounts truth does not know); its
// majority label is the most frequent one (ties to the smaller label). A
// reported campaign is a false campaign when more than half of its accounts
// are not attacker accounts (honest or unknown): on the lookalikes scenario,
// correct detection reports none.
package evaluate

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/truth"
)

// Schema names the JSON report, so scripts can tell its version.
const Schema = "distillguard-eval/v1"

// SplitShare is the share of a true campaign a reported campaign must hold to
// count in the split≥5% figure: splinters smaller than this are usually a few
// stray accounts, not a second campaign.
const SplitShare = 0.05

// OneCampaignShare is the share of a true campaign's flagged accounts its best
// match must hold for the campaign to count as reported as one campaign.
const OneCampaignShare = 0.90

// UnknownLabel stands for accounts that findings name but truth does not know.
const UnknownLabel = "(unknown)"

// Report is every figure of one comparison. Its JSON form is the stable
// output of "distillguard eval --json": slices only (no maps), sorted, and
// null for undefined ratios, so two runs on the same inputs are byte-equal.
type Report struct {
	Schema   string `json:"schema"`
	Scenario string `json:"scenario"`
	Seed     int64  `json:"seed"`

	Accounts   AccountScores   `json:"accounts"`
	Campaigns  []CampaignScore `json:"campaigns"`  // true campaigns, by id
	Categories []CategoryScore `json:"categories"` // honest categories, by name
	Reported   []ReportedScore `json:"reported"`   // reported campaigns, by id
	// FalseCampaigns counts reported campaigns with False set.
	FalseCampaigns int `json:"false_campaigns"`
	// UnknownAccounts lists, sorted, the accounts findings name (in a
	// campaign or in its accounts list) that truth does not know.
	UnknownAccounts []string `json:"unknown_accounts"`
	// Warnings are inconsistencies between or within the inputs that do not
	// stop the comparison but may explain odd figures.
	Warnings []string `json:"warnings"`

	// Gates and Verdict are filled by ApplyGates, so that the JSON and text
	// reports carry the verdicts; both are empty when no gate was given.
	Gates   []GateResult `json:"gates,omitempty"`
	Verdict string       `json:"verdict,omitempty"` // "pass" or "fail"
}

// AccountScores is the account-level confusion matrix and its ratios.
type AccountScores struct {
	Known     int `json:"known"`     // accounts truth labels
	Attackers int `json:"attackers"` // of them labelled with a campaign id (positives)
	Flagged   int `json:"flagged"`   // accounts in a reported campaign
	// UnknownFlagged counts flagged accounts truth does not know; they are
	// part of FP.
	UnknownFlagged int      `json:"unknown_flagged"`
	TP             int      `json:"tp"`
	FP             int      `json:"fp"`
	FN             int      `json:"fn"`
	Precision      *float64 `json:"precision"`
	Recall         *float64 `json:"recall"`
	F1             *float64 `json:"f1"`
}

// CampaignScore is how one true campaign was found.
type CampaignScore struct {
	ID      string   `json:"id"`
	Style   string   `json:"style"`
	Size    int      `json:"size"`    // accounts labelled with ID
	Flagged int      `json:"flagged"` // of them in any reported campaign
	Recall  *float64 `json:"recall"`  // Flagged/Size; null when Size is 0
	// SplitInto counts reported campaigns holding at least one of its
	// accounts; Split5Pct those holding at least SplitShare of them.
	SplitInto int `json:"split_into"`
	Split5Pct int `json:"split_5pct"`
	// BestShareOfFlagged is the best match's overlap over Flagged; null when
	// nothing was flagged. OneCampaign is BestShareOfFlagged ≥ OneCampaignShare.
	BestShareOfFlagged *float64 `json:"best_share_of_flagged"`
	OneCampaign        bool     `json:"one_campaign"`
	// Match is the best match; null when none of its accounts was flagged.
	Match *Match `json:"best_match"`
}

// Match is the reported campaign that best covers one true campaign, with its
// purity, Jaccard and headline errors.
type Match struct {
	ID       string   `json:"id"`
	Size     int      `json:"size"`    // accounts of the reported campaign
	Overlap  int      `json:"overlap"` // of them in the true campaign
	Purity   float64  `json:"purity"`  // Overlap/Size
	Jaccard  float64  `json:"jaccard"` // Overlap/(true size + Size − Overlap)
	Headline Headline `json:"headline"`
}

// Headline compares the figures a report would quote for a campaign.
type Headline struct {
	Accounts  Count          `json:"accounts"`
	Exchanges Count          `json:"exchanges"`
	FirstSeen TimeDiff       `json:"first_seen"`
	LastSeen  TimeDiff       `json:"last_seen"`
	Top3      Top3Comparison `json:"top3"`
}

// Count is a reported count against the true one.
type Count struct {
	Reported int64 `json:"reported"`
	True     int64 `json:"true"`
	// RelError is (Reported−True)/True; 0 when both are 0, null when only
	// True is 0.
	RelError *float64 `json:"rel_error"`
}

// TimeDiff is a reported time against the true one.
type TimeDiff struct {
	Reported string `json:"reported"`
	True     string `json:"true"`
	// DiffHours is Reported−True in hours (positive: reported later); null
	// when either time is missing or not RFC 3339.
	DiffHours *float64 `json:"diff_hours"`
}

// Top3Comparison compares the three largest capability shares.
type Top3Comparison struct {
	Reported []string `json:"reported"`
	True     []string `json:"true"`
	// SetAgree and OrderAgree are null when truth has no capability shares.
	SetAgree   *bool `json:"set_agree"`
	OrderAgree *bool `json:"order_agree"`
}

// CategoryScore is how many accounts of one honest category were flagged.
type CategoryScore struct {
	Category string  `json:"category"`
	Accounts int     `json:"accounts"`
	Flagged  int     `json:"flagged"` // false positives from this category
	Share    float64 `json:"share"`   // Flagged/Accounts
}

// ReportedScore is one reported campaign and what it really holds.
type ReportedScore struct {
	ID            string       `json:"id"`
	Size          int          `json:"size"`
	Score         float64      `json:"score"`
	Majority      string       `json:"majority"`       // most frequent truth label
	MajorityShare float64      `json:"majority_share"` // its share of Size
	AttackerShare float64      `json:"attacker_share"` // share labelled with any true campaign
	False         bool         `json:"false"`          // AttackerShare < 0.5
	Labels        []LabelCount `json:"labels"`         // by count, then label
}

// LabelCount is how many of a reported campaign's accounts carry a label.
type LabelCount struct {
	Label    string `json:"label"`
	Accounts int    `json:"accounts"`
}

// CheckTruth makes the checks Compare relies on that truth.Read does not:
// unique campaign ids, a non-empty label for every account, RFC 3339 times.
// The CLI refuses a truth document that fails them (exit 2).
func CheckTruth(t *truth.Document) error {
	var errs []error
	if len(t.Accounts) == 0 {
		errs = append(errs, errors.New("truth labels no accounts"))
	}
	seen := map[string]bool{}
	for i, c := range t.Campaigns {
		if seen[c.ID] {
			errs = append(errs, fmt.Errorf("campaigns[%d]: duplicate id %q", i, c.ID))
		}
		seen[c.ID] = true
		for _, v := range []struct{ name, s string }{{"first_seen", c.FirstSeen}, {"last_seen", c.LastSeen}} {
			if v.s == "" {
				continue
			}
			if _, err := time.Parse(time.RFC3339Nano, v.s); err != nil {
				errs = append(errs, fmt.Errorf("campaigns[%d].%s: %q is not RFC 3339", i, v.name, v.s))
			}
		}
	}
	var empty []string
	for a, l := range t.Accounts {
		if l == "" {
			empty = append(empty, a)
		}
	}
	if len(empty) > 0 {
		slices.Sort(empty)
		errs = append(errs, fmt.Errorf("%d accounts have an empty label, first %q", len(empty), empty[0]))
	}
	return errors.Join(errs...)
}

// Compare scores findings f against truth t. It does no I/O and does not
// modify its arguments; f should have passed findings.Validate and t
// CheckTruth, but Compare stays total on any input (a duplicated truth
// campaign id uses its first entry; unreadable times give null differences).
func Compare(f *findings.Document, t *truth.Document) *Report {
	r := &Report{
		Schema:          Schema,
		Scenario:        t.Scenario,
		Seed:            t.Seed,
		Campaigns:       []CampaignScore{},
		Categories:      []CategoryScore{},
		Reported:        []ReportedScore{},
		UnknownAccounts: []string{},
		Warnings:        []string{},
	}
	warn := func(format string, args ...any) { r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...)) }

	// The true campaigns, first entry per id, sorted by id.
	trueCamps := map[string]*truth.Campaign{}
	var campIDs []string
	for i := range t.Campaigns {
		c := &t.Campaigns[i]
		if _, dup := trueCamps[c.ID]; !dup {
			trueCamps[c.ID] = c
			campIDs = append(campIDs, c.ID)
		}
	}
	slices.Sort(campIDs)
	isAttacker := func(label string) bool { _, ok := trueCamps[label]; return ok }

	// Which reported campaign holds each account; reported campaigns by id.
	reported := slices.Clone(f.Campaigns)
	slices.SortFunc(reported, func(a, b findings.Campaign) int { return cmp.Compare(a.ID, b.ID) })
	holder := map[string]int{} // account → index into reported
	for i, c := range reported {
		for _, a := range c.Accounts {
			holder[a] = i
		}
	}

	// Accounts findings name that truth does not know.
	unknown := map[string]bool{}
	for a := range holder {
		if _, ok := t.Accounts[a]; !ok {
			unknown[a] = true
		}
	}
	for _, a := range f.Accounts {
		if _, ok := t.Accounts[a.AccountID]; !ok {
			unknown[a.AccountID] = true
		}
	}
	for a := range unknown {
		r.UnknownAccounts = append(r.UnknownAccounts, a)
	}
	slices.Sort(r.UnknownAccounts)

	// Account level, and the members of every true label.
	members := map[string][]string{} // truth label → its accounts
	acc := &r.Accounts
	acc.Known = len(t.Accounts)
	acc.Flagged = len(holder)
	for a, label := range t.Accounts {
		members[label] = append(members[label], a)
		pos := isAttacker(label)
		_, flagged := holder[a]
		if pos {
			acc.Attackers++
		}
		switch {
		case pos && flagged:
			acc.TP++
		case pos:
			acc.FN++
		case flagged:
			acc.FP++
		}
	}
	for a := range holder {
		if unknown[a] {
			acc.UnknownFlagged++
			acc.FP++
		}
	}
	acc.Precision = ratio(acc.TP, acc.TP+acc.FP)
	acc.Recall = ratio(acc.TP, acc.TP+acc.FN)
	acc.F1 = ratio(2*acc.TP, 2*acc.TP+acc.FP+acc.FN)

	// Per true campaign.
	for _, id := range campIDs {
		tc := trueCamps[id]
		accounts := members[id]
		cs := CampaignScore{ID: id, Style: tc.Style, Size: len(accounts)}
		if tc.Accounts != cs.Size {
			warn("truth campaign %s declares %d accounts but labels %d", id, tc.Accounts, cs.Size)
		}
		overlap := map[int]int{} // reported index → accounts of this campaign
		for _, a := range accounts {
			if i, ok := holder[a]; ok {
				overlap[i]++
				cs.Flagged++
			}
		}
		cs.Recall = ratio(cs.Flagged, cs.Size)
		cs.SplitInto = len(overlap)
		best := -1
		for i, n := range overlap {
			if float64(n) >= SplitShare*float64(cs.Size) {
				cs.Split5Pct++
			}
			if best < 0 || betterMatch(n, len(reported[i].Accounts), reported[i].ID,
				overlap[best], len(reported[best].Accounts), reported[best].ID) {
				best = i
			}
		}
		if best >= 0 {
			m := &reported[best]
			n := overlap[best]
			cs.BestShareOfFlagged = ratio(n, cs.Flagged)
			cs.OneCampaign = *cs.BestShareOfFlagged >= OneCampaignShare
			cs.Match = &Match{
				ID:      m.ID,
				Size:    len(m.Accounts),
				Overlap: n,
				Purity:  float64(n) / float64(len(m.Accounts)),
				Jaccard: float64(n) / float64(cs.Size+len(m.Accounts)-n),
				Headline: Headline{
					Accounts:  count(int64(len(m.Accounts)), int64(cs.Size)),
					Exchanges: count(m.Exchanges, tc.Exchanges),
					FirstSeen: timeDiff(m.FirstSeen, tc.FirstSeen),
					LastSeen:  timeDiff(m.LastSeen, tc.LastSeen),
					Top3:      compareTop3(m.Capabilities, tc.Capabilities),
				},
			}
		}
		r.Campaigns = append(r.Campaigns, cs)
	}

	// Per honest category.
	var cats []string
	for label := range members {
		if !isAttacker(label) {
			cats = append(cats, label)
		}
	}
	slices.Sort(cats)
	for _, c := range cats {
		cs := CategoryScore{Category: c, Accounts: len(members[c])}
		for _, a := range members[c] {
			if _, ok := holder[a]; ok {
				cs.Flagged++
			}
		}
		cs.Share = float64(cs.Flagged) / float64(cs.Accounts)
		r.Categories = append(r.Categories, cs)
	}

	// Per reported campaign.
	for _, c := range reported {
		rs := ReportedScore{ID: c.ID, Size: len(c.Accounts), Score: c.Score}
		mix := map[string]int{}
		attackers := 0
		for _, a := range c.Accounts {
			label, ok := t.Accounts[a]
			if !ok {
				label = UnknownLabel
			}
			mix[label]++
			if isAttacker(label) {
				attackers++
			}
		}
		for l, n := range mix {
			rs.Labels = append(rs.Labels, LabelCount{Label: l, Accounts: n})
		}
		slices.SortFunc(rs.Labels, func(a, b LabelCount) int {
			return cmp.Or(cmp.Compare(b.Accounts, a.Accounts), cmp.Compare(a.Label, b.Label))
		})
		if rs.Size > 0 { // Validate refuses empty campaigns; stay total anyway
			rs.Majority = rs.Labels[0].Label
			rs.MajorityShare = float64(rs.Labels[0].Accounts) / float64(rs.Size)
			rs.AttackerShare = float64(attackers) / float64(rs.Size)
		}
		rs.False = 2*attackers < rs.Size
		if rs.False {
			r.FalseCampaigns++
		}
		if rs.Labels == nil {
			rs.Labels = []LabelCount{}
		}
		r.Reported = append(r.Reported, rs)
	}

	// Signs that the two files do not describe the same data.
	if fe, te := f.Input.Exchanges, t.Input.Exchanges; fe > 0 && te > 0 && fe != te {
		warn("findings read %d exchanges but truth counts %d: are they from the same data set?", fe, te)
	}
	return r
}

// betterMatch reports whether a reported campaign with overlap n, size and id
// beats the current best (bn, bsize, bid): more overlap, then purer, then the
// smaller id, so the choice never depends on map order.
func betterMatch(n, size int, id string, bn, bsize int, bid string) bool {
	if n != bn {
		return n > bn
	}
	// n/size > n/bsize ⇔ size < bsize for equal n > 0.
	if size != bsize {
		return size < bsize
	}
	return id < bid
}

// ratio is num/den, or nil (undefined) when den is 0.
func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	v := float64(num) / float64(den)
	return &v
}

func count(reported, truth int64) Count {
	c := Count{Reported: reported, True: truth}
	switch {
	case truth != 0:
		v := float64(reported-truth) / float64(truth)
		c.RelError = &v
	case reported == 0:
		v := 0.0
		c.RelError = &v
	}
	return c
}

func timeDiff(reported, truth string) TimeDiff {
	d := TimeDiff{Reported: reported, True: truth}
	rt, err1 := time.Parse(time.RFC3339Nano, reported)
	tt, err2 := time.Parse(time.RFC3339Nano, truth)
	if reported != "" && truth != "" && err1 == nil && err2 == nil {
		h := rt.Sub(tt).Hours()
		d.DiffHours = &h
	}
	return d
}

func compareTop3(reported, truth map[string]float64) Top3Comparison {
	c := Top3Comparison{Reported: Top3(reported), True: Top3(truth)}
	if len(c.True) == 0 {
		return c
	}
	set := len(c.Reported) == len(c.True)
	for _, k := range c.Reported {
		set = set && slices.Contains(c.True, k)
	}
	order := slices.Equal(c.Reported, c.True)
	c.SetAgree, c.OrderAgree = &set, &order
	return c
}

// Top3 returns the (at most) three capabilities with the largest shares > 0,
// largest first. Equal shares go in record.Capability order (general, coding,
// agentic, long_horizon, reasoning, grading, vision), then unknown keys by
// name, so the result never depends on map order.
func Top3(shares map[string]float64) []string {
	type kv struct {
		key   string
		share float64
		rank  int
	}
	var all []kv
	for k, v := range shares {
		if !(v > 0) { // also drops NaN
			continue
		}
		rank := int(record.NumCapabilities)
		if c, ok := record.ParseCapability(k); ok {
			rank = int(c)
		}
		all = append(all, kv{k, v, rank})
	}
	slices.SortFunc(all, func(a, b kv) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(a.rank, b.rank), cmp.Compare(a.key, b.key))
	})
	out := []string{}
	for i := 0; i < len(all) && i < 3; i++ {
		out = append(out, all[i].key)
	}
	return out
}
