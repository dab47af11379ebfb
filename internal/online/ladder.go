package online

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/report"
)

// A round sees a partial picture. Early on, an honest customer who sent a
// public benchmark prompt the campaign also sends, from a consumer address
// that is also one of its proxy exits, is linked into it as firmly as a
// member, and the campaign's score says nothing about which member is
// which. So a member's action follows its own evidence too, not only its
// group's: what it holds of the campaign that the rest of the population
// does not, and whether it behaves like a throwaway account.

// own is one member's own evidence in its campaign.
type own struct {
	// families are the independent evidence families (what it sends,
	// where from, with what client, who it says it is) of the campaign's
	// core objects the account holds that are rare outside the campaigns
	// the round acts on.
	families int
	// disposable: it made its first request within days of signing up,
	// or changes address on most requests.
	disposable bool
	// text: most of its exchanges carry prompt text (or its signature), so
	// a harvest's member would hold its templates.
	text bool
	// sends: among those families are what it sends or who it says it is
	// (a template, a system prompt, a card, a signup address), not only
	// where it sends from and with what client, which a carrier NAT, a
	// residential proxy exit or a popular client build share with
	// strangers.
	sends bool
}

// points are the own evidence in one number: one per family, and one for
// a disposable account.
func (w own) points() int {
	p := min(w.families, 2)
	if w.disposable {
		p++
	}
	return p
}

// Days after signing up within which a first request marks a fresh
// account, and the share of requests with a new address that marks a
// rotating one, for own evidence.
const (
	freshDays     = 7
	rotatingShare = 0.5
)

// Evidence families (link.Kind.Family) of what an account sends and of
// who it says it is.
const (
	familySent    = 0
	familyAccount = 5
)

// institutionShare: an e-mail domain held by at most this share of the
// accounts that give one is an institution's, whose members are a team.
const institutionShare = 0.02

// teams tells an account's team: its declared organisation, else its
// institution's e-mail domain, else the account itself. An object only
// one team's members share (their card, their office address, their
// product's prompt) is evidence of the team, not of the campaign a partial
// picture put it in.
type teams struct {
	domains    map[uint32]int // accounts per e-mail domain
	withDomain int
}

func (e *Engine) teams() teams {
	t := teams{domains: map[uint32]int{}}
	for acct := 1; acct <= e.store.NumAccounts(); acct++ {
		if d := e.store.Info[acct].EmailDomain; d != 0 {
			t.domains[d]++
			t.withDomain++
		}
	}
	return t
}

// of is acct's team. An institution's domain (a university, a company) is
// held by a few; a webmail provider's by a large share of everyone, and it
// makes no team.
func (t teams) of(e *Engine, acct uint32) uint64 {
	if org := e.store.Org(acct); org != 0 {
		return uint64(org)
	}
	if d := e.store.Info[acct].EmailDomain; d != 0 && float64(t.domains[d]) <= institutionShare*float64(t.withDomain) {
		return 1<<63 | uint64(d)
	}
	return uint64(acct) << 32
}

// holding is, for one object members of the acted-on campaigns hold, how
// many hold it and how many of them belong to the team that holds most of
// it (found by majority vote): holders of more than one team when most < n.
type holding struct {
	n, most, votes int32
	team           uint64
}

// holdings gathers the holding of every object members of the campaigns
// scoring at least min hold.
func (e *Engine) holdings(a *detect.Analysis, min float64, tm teams) map[uint32]*holding {
	o := a.Graph.Objects
	held := map[uint32]*holding{}
	for pass := 0; pass < 2; pass++ {
		for _, c := range a.Report.Campaigns {
			if c.Result.Score < min {
				continue
			}
			for _, acct := range c.Accounts {
				team := tm.of(e, acct)
				for _, ob := range o.Of(acct) {
					h := held[ob]
					switch {
					case h == nil:
						held[ob] = &holding{n: 1, votes: 1, team: team}
					case pass == 1:
						if h.team == team {
							h.most++
						}
					case h.votes == 0:
						h.n++
						h.team, h.votes = team, 1
					case h.team == team:
						h.n++
						h.votes++
					default:
						h.n++
						h.votes--
					}
				}
			}
		}
	}
	return held
}

// rareCore reports, for each of c's core objects, whether holding it is
// evidence against a member. It must count as evidence and not be an
// e-mail domain: a domain names an institution or a provider that
// strangers share (a fleet registers with a university's addresses for
// its easy verification, and that university's students share them).
//
// It must be rare: held by at most Policy.IndicatorOutside accounts
// outside the acted-on campaigns, or a tenth as many as inside. A public
// prompt or a carrier address that the campaign shares with the crowd says
// nothing of a member.
//
// And it must tie teams together, unless the campaign is that
// organisation harvesting (score.Result.Harvest):
//   - members of more than one team hold it;
//   - no one team holds all of it but one holder: a newcomer who signed
//     up on a lab's campus network shares that address with the lab, and
//     ties neither to anyone else;
//   - within c, not only one declared organisation holds it: an honest
//     company whose product prompt another campaign's wrapper happens to
//     match holds it with strangers, but with no one of the campaign a
//     partial picture put it in.
func (e *Engine) rareCore(a *detect.Analysis, c *report.Campaign, held map[uint32]*holding, tm teams) []bool {
	o := a.Graph.Objects
	first := make([]uint64, len(c.Core)) // the first team of c holding it, + 1
	mixed := make([]bool, len(c.Core))
	for _, acct := range c.Accounts {
		team := tm.of(e, acct) + 1
		each(o.Of(acct), c.Core, func(j int) {
			if first[j] == 0 {
				first[j] = team
			} else if first[j] != team {
				mixed[j] = true
			}
		})
	}
	rare := make([]bool, len(c.Core))
	for j, ob := range c.Core {
		k := o.Kind[ob]
		h := held[ob]
		if !k.CountsAsEvidence() || k == link.KindEmailDomain || h == nil {
			continue
		}
		if c.Result.Harvest < 0.5 {
			oneOrg := !mixed[j] && first[j]-1 < 1<<32 // tm.of gives an organisation its own id
			if h.most == h.n || h.most > 1 && h.n-h.most <= 1 || oneOrg {
				continue
			}
		}
		out := int(o.DF[ob]) - int(h.n)
		rare[j] = out <= e.opt.Policy.IndicatorOutside || float64(out) <= 0.1*float64(h.n)
	}
	return rare
}

// each calls f with the index in core of every element objs and core
// share: a merge of two sorted lists (of objects, or of accounts).
func each(objs, core []uint32, f func(j int)) {
	i, j := 0, 0
	for i < len(objs) && j < len(core) {
		switch {
		case objs[i] < core[j]:
			i++
		case objs[i] > core[j]:
			j++
		default:
			f(j)
			i++
			j++
		}
	}
}

// sendShares is, per account, the share of its exchanges with text that
// send a rare core template of its campaign: camp is each account's index
// in a.Report.Campaigns, or -1, and rare each campaign's rareCore (nil for
// those not acted on). One pass over the template column, only when some
// acted-on campaign has a rare template; all zero otherwise.
func (e *Engine) sendShares(a *detect.Analysis, camp []int32, rare [][]bool) []float32 {
	o := a.Graph.Objects
	tmpl := map[uint64]struct{}{} // campaign index << 32 | template id
	for ci, r := range rare {
		for j, ob := range a.Report.Campaigns[ci].Core {
			if r != nil && r[j] && o.Kind[ob] == link.KindTemplate {
				tmpl[uint64(ci)<<32|o.Raw[ob]] = struct{}{}
			}
		}
	}
	share := make([]float32, len(camp))
	if len(tmpl) == 0 {
		return share
	}
	s := e.store
	hits := make([]uint32, len(camp))
	texts := make([]uint32, len(camp))
	for i, t := range s.Tmpl {
		if t == 0 {
			continue
		}
		acct := s.Acct[i]
		ci := camp[acct]
		if ci < 0 {
			continue
		}
		texts[acct]++
		if _, ok := tmpl[uint64(ci)<<32|uint64(t)]; ok {
			hits[acct]++
		}
	}
	for acct, n := range texts {
		if hits[acct] >= minSendHits {
			share[acct] = float32(hits[acct]) / float32(n)
		}
	}
	return share
}

// A template a member holds is its own evidence only when it sends the
// campaign's rare templates in at least minSendShare of its exchanges with
// text, and at least minSendHits times. A harvest's member sends little
// else; an honest customer who pasted a public benchmark prompt the
// harness also uses, before the crowd has been seen sending it, sent it
// once or twice among its own work.
const (
	minSendShare = 0.1
	minSendHits  = 2
)

// ownEvidence judges member acct of campaign c from c's rareCore and the
// share of its text that sends them (sendShares). cards counts c's members
// per declared organisation and card (teamKey).
func (e *Engine) ownEvidence(a *detect.Analysis, c *report.Campaign, acct uint32, rare []bool, sendShare float32, cards map[uint64]int) own {
	o := a.Graph.Objects
	var fams uint8
	for _, ob := range o.Of(acct) {
		j, core := slices.BinarySearch(c.Core, ob)
		if !core || !rare[j] {
			continue
		}
		k := o.Kind[ob]
		if k == link.KindTemplate && sendShare < minSendShare {
			continue
		}
		fams |= 1 << k.Family()
	}
	f := e.store.Features(acct)
	w := own{families: bits.OnesCount8(fams), sends: fams&(1<<familySent|1<<familyAccount) != 0, text: f.Text >= 0.5,
		disposable: !math.IsNaN(f.AgeDays) && f.AgeDays < freshDays || f.AddressChange >= rotatingShare}
	// Members of one declared team that pays as itself are a customer's
	// staff: a team that signs up together, or leaves through its
	// company's rotating egress pool, shows no throwaway account, unless
	// the campaign is that organisation harvesting. (A fleet's fake
	// companies do not share one card.)
	if k := e.teamKey(acct); k != 0 && cards[k] >= 2 && c.Result.Harvest < 0.5 {
		w.disposable = false
	}
	return w
}

// teamKey is acct's declared organisation with its card, or 0 when it
// declares no organisation or pays with no card.
func (e *Engine) teamKey(acct uint32) uint64 {
	org, card := e.store.Org(acct), e.store.Info[acct].Payment
	if org == 0 || card == 0 {
		return 0
	}
	return uint64(org)<<32 | uint64(card)
}

// ladder is the action for a member of a campaign scoring at least
// BlockScore, given the rounds it has been a member (streak, forgiving
// short gaps; run, in a row) and the rounds that have acted on its
// campaign. Block only on its own evidence and a tie to the campaign's
// core (containment), when:
//   - it has BlockOwn points, confirmed over ConfirmRounds rounds;
//   - it is one point short, held over SettleRounds rounds in a row; for an
//     account that sends text that point must be a template or an
//     account-row object, since a harvest's member holds its templates;
//   - what it sends or its account row ties it to the campaign, and it
//     joins one that rounds have confirmed with a point more than
//     BlockOwn, or one acted on for SettleRounds rounds with BlockOwn: a
//     fresh account joining an established operation need not wait for
//     its own second round.
//
// Throttle on own evidence not yet confirmed; shape a member with some
// evidence, or one confirmed over rounds without any; watch the rest.
func (p Policy) ladder(w own, streak, run, campaignRounds int, containment float64) Action {
	pts := w.points()
	tied := containment >= p.ThrottleBelow
	switch {
	case tied && pts >= p.BlockOwn && streak >= p.ConfirmRounds,
		tied && pts > 0 && pts == p.BlockOwn-1 && run >= p.SettleRounds && (w.sends || !w.text),
		tied && w.sends && p.BlockOwn > 0 && (pts > p.BlockOwn && campaignRounds >= p.ConfirmRounds ||
			pts >= p.BlockOwn && campaignRounds >= p.SettleRounds):
		return Block
	case pts >= p.BlockOwn && p.BlockOwn > 0:
		return Throttle
	case pts > 0 || streak >= p.ConfirmRounds:
		return Shape
	}
	return Watch
}

// ownWords says what a member's own evidence is, for its reasons.
func ownWords(w own) string {
	var parts []string
	switch w.families {
	case 0:
		parts = append(parts, "holds none of the campaign's objects that are rare outside it")
	case 1:
		parts = append(parts, "holds the campaign's rare objects of one evidence family")
	default:
		parts = append(parts, fmt.Sprintf("holds the campaign's rare objects of %d evidence families", w.families))
	}
	if w.disposable {
		parts = append(parts, "its account is fresh or rotates addresses")
	}
	return "its own evidence: " + joinAnd(parts)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	s := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		s += ", " + p
	}
	return s + " and " + parts[len(parts)-1]
}

// decideCampaigns turns a round's campaigns into decisions, lifts the
// automatic decisions the round no longer supports, and returns the
// members (store ids) of acted-on campaigns with some own evidence, whose
// objects alone may become indicators. Caller holds mu.
func (e *Engine) decideCampaigns(a *detect.Analysis, doc *findings.Document, now time.Time) (evident map[uint32]bool, member map[string]string) {
	pol := e.opt.Policy
	n := e.store.NumAccounts()
	e.decided = make([]bool, n+1)
	streak := make([]uint16, n+1)
	run := make([]uint16, n+1) // rounds in a row, no gap forgiven
	absent := make([]uint16, n+1)
	member = map[string]string{}
	evident = map[uint32]bool{}
	tm := e.teams()
	held := e.holdings(a, pol.BlockScore, tm)
	acting := map[string]bool{} // campaign ids this round acts on
	placed := map[string]bool{} // accounts this round decided
	camp := make([]int32, n+1)  // index of an acted-on campaign holding it, or -1
	rare := make([][]bool, len(a.Report.Campaigns))
	for i := range camp {
		camp[i] = -1
	}
	for ci, c := range a.Report.Campaigns {
		if c.Result.Score >= pol.BlockScore {
			rare[ci] = e.rareCore(a, &c, held, tm)
			for _, acct := range c.Accounts {
				camp[acct] = int32(ci)
			}
		}
	}
	shares := e.sendShares(a, camp, rare)
	// Grace: a member of an acted-on campaign that this round does not
	// place in one keeps its standing and its count for LiftRounds-1
	// rounds (see Policy.LiftRounds).
	grace := map[string]bool{}
	for acct := 1; acct < min(len(e.streak), n+1); acct++ {
		if e.streak[acct] == 0 || camp[acct] >= 0 {
			continue
		}
		if gone := e.absent[acct] + 1; int(gone) < pol.LiftRounds {
			streak[acct], absent[acct] = e.streak[acct], gone
			grace[e.store.Accounts.String(uint32(acct))] = true
			e.decided[acct] = true
		}
	}
	shape := pol.shapeSpec()
	for ci, c := range a.Report.Campaigns {
		fc := &doc.Campaigns[ci]
		reason := fmt.Sprintf("member of campaign %s (score %.2f, %d accounts)", fc.ID, fc.Score, len(fc.Accounts))
		cards := map[uint64]int{} // members per declared organisation and card
		for _, acct := range c.Accounts {
			if k := e.teamKey(acct); k != 0 {
				cards[k]++
			}
		}
		if c.Result.Score >= pol.BlockScore {
			acting[fc.ID] = true
		}
		for i, acct := range c.Accounts {
			name := e.store.Accounts.String(acct)
			member[name] = fc.ID
			placed[name] = true
			e.decided[acct] = true
			if c.Result.Score < pol.BlockScore {
				if !grace[name] {
					e.Decisions.Round(Decision{AccountID: name, Action: Watch, Reasons: []string{reason + ", below the blocking score"},
						CampaignID: fc.ID, Source: SourceCampaign, At: now, Expires: now.Add(pol.WatchTTL)})
				}
				continue
			}
			if int(acct) < len(e.streak) {
				streak[acct] = e.streak[acct]
				if e.absent[acct] == 0 {
					run[acct] = e.run[acct]
				}
			}
			streak[acct]++
			run[acct]++
			w := e.ownEvidence(a, &c, acct, rare[ci], shares[acct], cards)
			act := pol.ladder(w, int(streak[acct]), int(run[acct]), e.acted[fc.ID].rounds+1, float64(c.Containment[i]))
			if w.points() > 0 {
				evident[acct] = true
			}
			e.suspect.forget(acct, name)
			reasons := []string{reason, ownWords(w)}
			reasons = append(reasons, fc.Evidence[:min(2, len(fc.Evidence))]...)
			d := Decision{AccountID: name, Action: act, Reasons: reasons, CampaignID: fc.ID,
				Source: SourceCampaign, At: now, Expires: now.Add(pol.BlockTTL)}
			if act == Watch {
				d.Expires = now.Add(pol.WatchTTL)
			}
			if act == Shape || act == Throttle {
				d.Shape = shape
			}
			e.Decisions.Round(d)
		}
	}
	e.streak, e.run, e.absent = streak, run, absent
	e.noteActing(acting)
	// What the round no longer supports is lifted: a campaign decision on
	// an account no campaign holds now, and an indicator block pointing at
	// a campaign the round no longer acts on. (An indicator block on an
	// account no round has placed yet stands: its traffic since is not
	// served, so no round can see more of it.)
	e.Decisions.AutoStanding(now, func(name string, d Decision) {
		if placed[name] || grace[name] || d.Action == Allow || d.Source == SourceOperator {
			return
		}
		switch {
		case d.Source == SourceCampaign && d.Action > Watch:
			why := fmt.Sprintf("lifted: the round at %s no longer places it in campaign %s", now.Format(time.RFC3339), d.CampaignID)
			if !slices.ContainsFunc(doc.Campaigns, func(c findings.Campaign) bool { return c.ID == d.CampaignID }) {
				why = fmt.Sprintf("lifted: the round at %s no longer reports campaign %s", now.Format(time.RFC3339), d.CampaignID)
			}
			e.Decisions.Lift(name, now, why)
		case d.Source == SourceIndicator && e.acted[d.CampaignID].ago == 0:
			e.Decisions.Lift(name, now, fmt.Sprintf("lifted: the round at %s no longer acts on campaign %s, whose indicators it matched", now.Format(time.RFC3339), d.CampaignID))
		}
	})
	for _, c := range a.Report.Dismissed {
		if c.Result.Score < pol.WatchScore {
			continue
		}
		reason := fmt.Sprintf("in a group that scored %.2f, below the campaign threshold", c.Result.Score)
		for _, acct := range c.Accounts {
			if e.decided[acct] {
				continue
			}
			e.Decisions.SetAuto(Decision{AccountID: e.store.Accounts.String(acct), Action: Watch,
				Reasons: []string{reason}, Source: SourceCampaign, At: now, Expires: now.Add(pol.WatchTTL)})
		}
	}
	return evident, member
}

// acted is what the engine remembers of a campaign rounds have acted on.
type acted struct {
	ago    int // rounds since one last acted on it: 1 for this round
	rounds int // rounds that acted on it
}

// noteActing records the campaigns this round acts on, and forgets those
// no round has acted on for LiftRounds rounds: a campaign not acted on
// lately has the zero acted.
func (e *Engine) noteActing(acting map[string]bool) {
	for id, a := range e.acted {
		if a.ago+1 > e.opt.Policy.LiftRounds {
			delete(e.acted, id)
		} else {
			a.ago++
			e.acted[id] = a
		}
	}
	for id := range acting {
		a := e.acted[id]
		a.ago, a.rounds = 1, a.rounds+1
		e.acted[id] = a
	}
}
