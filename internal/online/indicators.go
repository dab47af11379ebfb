package online

import (
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"sync"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/link"
)

// Indicator families, as bits: what an account sends, where it comes from,
// with what client, and who it says it is. They mirror link's evidence
// families, so "two independent families" means the same thing here as in
// a link between two accounts.
const (
	famContent uint8 = 1 << iota
	famWhere
	famClient
	famAccount
)

// indicators index the characteristic objects of the campaigns the last
// round blocked. Only objects that at least Policy.IndicatorPurity of their
// holders are members of, and at most Policy.IndicatorOutside accounts
// outside them hold, enter, so an indicator says "this campaign" and not
// "a crowd the campaign hides in".
type indicators struct {
	campaigns []string
	templates map[uint32]int32     // resolved template or system prompt id
	addrs     map[netip.Addr]int32 // addresses members used
	fps       map[uint64]int32     // dict.Hash of client fingerprints
	clients   map[uint64]int32     // clientKey of user agent and fingerprint
	payments  map[uint64]int32     // dict.Hash of payment fingerprints
	signups   map[netip.Addr]int32 // signup addresses
	domains   map[uint64]int32     // dict.Hash of e-mail domains
}

// clientKey combines the hashes of a user agent and a fingerprint.
func clientKey(ua, fp uint64) uint64 { return dict.Mix(ua ^ dict.Mix(fp)) }

// suspicion is what an undecided account has matched so far.
type suspicion struct {
	campaign string // id, not index: indices change every round
	fam      uint8
	reasons  []string
	fams     []uint8 // the family of each reason
}

// buildIndicators indexes the core objects of the members with some own
// evidence (evident) that are pure: members without any (an honest
// customer swept in by a public prompt) count as outside, so what they
// share with the campaign never becomes an indicator.
func (e *Engine) buildIndicators(a *detect.Analysis, doc *findings.Document, evident map[uint32]bool) *indicators {
	s, o := e.store, a.Graph.Objects
	ind := &indicators{templates: map[uint32]int32{}, addrs: map[netip.Addr]int32{}, fps: map[uint64]int32{},
		clients: map[uint64]int32{}, payments: map[uint64]int32{}, signups: map[netip.Addr]int32{}, domains: map[uint64]int32{}}
	// Purity is judged against the members of every reported campaign
	// together: early rounds can report one operation in several pieces,
	// and an object the pieces share is no less theirs.
	held := map[uint32]int{}
	owner := map[uint32]int32{}
	for ci, c := range a.Report.Campaigns {
		ind.campaigns = append(ind.campaigns, doc.Campaigns[ci].ID)
		if c.Result.Score < e.opt.Policy.BlockScore {
			continue // not blocked, so its objects block nobody
		}
		for _, acct := range c.Accounts {
			if !evident[acct] {
				continue
			}
			for _, ob := range o.Of(acct) {
				if _, ok := slices.BinarySearch(c.Core, ob); ok {
					if _, seen := owner[ob]; !seen {
						owner[ob] = int32(ci)
					}
				}
				held[ob]++
			}
		}
	}
	for ob, idx := range owner {
		if float64(held[ob]) < e.opt.Policy.IndicatorPurity*float64(o.DF[ob]) || int(o.DF[ob])-held[ob] > e.opt.Policy.IndicatorOutside {
			continue
		}
		raw := o.Raw[ob]
		switch o.Kind[ob] {
		case link.KindTemplate, link.KindSystemPrompt:
			ind.templates[uint32(raw)] = idx
		case link.KindAddressDay:
			if ad := s.Addr(uint32(raw >> 16)); ad.IsValid() {
				ind.addrs[ad] = idx
			}
		case link.KindFingerprint:
			ind.fps[dict.Hash(s.Fingerprints.String(uint32(raw)))] = idx
		case link.KindClient:
			ua, fp := s.UserAgents.String(uint32(raw>>32)), s.Fingerprints.String(uint32(raw))
			ind.clients[clientKey(dict.Hash(ua), dict.Hash(fp))] = idx
		case link.KindPayment:
			ind.payments[dict.Hash(s.Payments.String(uint32(raw)))] = idx
		case link.KindSignupIP:
			if ad := s.Addr(uint32(raw)); ad.IsValid() {
				ind.signups[ad] = idx
			}
		case link.KindEmailDomain:
			ind.domains[dict.Hash(s.EmailDomains.String(uint32(raw)))] = idx
		}
	}
	if len(ind.campaigns) == 0 {
		return nil
	}
	return ind
}

// matchExchange tests the exchange just added (e.rec, e.sig) of account id
// against the indicators. Caller holds mu.
func (e *Engine) matchExchange(id uint32) {
	ind := e.ind.Load()
	if ind == nil {
		return
	}
	if t := e.sig.Profile.Template; t != 0 {
		if ci, ok := ind.templates[e.tmpl.Find(t)]; ok {
			e.suspectOf(id, ci, famContent, "sends a prompt template of campaign %s")
		}
	}
	if t := e.sig.Profile.System; t != 0 {
		if ci, ok := ind.templates[e.tmpl.Find(t)]; ok {
			e.suspectOf(id, ci, famContent, "uses the system prompt of campaign %s")
		}
	}
	if ad, ok := addrOf(&e.rec); ok {
		if ci, ok := ind.addrs[ad]; ok {
			e.suspectOf(id, ci, famWhere, "comes from an address campaign %s used")
		}
	}
	if h := e.sig.Profile.FPHash; h != 0 {
		if ci, ok := ind.fps[h]; ok {
			e.suspectOf(id, ci, famClient, "presents the client fingerprint of campaign %s")
		} else if ci, ok := ind.clients[clientKey(e.sig.Profile.UAHash, h)]; ok {
			e.suspectOf(id, ci, famClient, "uses the client (user agent with TLS fingerprint) of campaign %s")
		}
	}
}

// matchAccount tests account id's table row against the indicators.
// Caller holds mu.
func (e *Engine) matchAccount(id uint32) {
	ind := e.ind.Load()
	if ind == nil || int(id) < len(e.decided) && e.decided[id] {
		return
	}
	in := &e.store.Info[id]
	if in.Payment != 0 {
		if ci, ok := ind.payments[dict.Hash(e.store.Payments.String(in.Payment))]; ok {
			e.suspectOf(id, ci, famAccount, "pays with a card campaign %s uses")
		}
	}
	if in.SignupIP != 0 {
		if ci, ok := ind.signups[e.store.Addr(in.SignupIP)]; ok {
			e.suspectOf(id, ci, famAccount, "signed up from an address campaign %s signed up from")
		}
	}
	if in.EmailDomain != 0 {
		if ci, ok := ind.domains[dict.Hash(e.store.EmailDomains.String(in.EmailDomain))]; ok {
			e.suspectOf(id, ci, famAccount, "has an e-mail domain only campaign %s uses")
		}
	}
}

// suspects are the undecided accounts that matched some indicators. They
// have their own lock because /v1/check reads them and must not wait for a
// detection round to finish.
type suspects struct {
	mu     sync.RWMutex
	byID   map[uint32]*suspicion
	byName map[string]*suspicion
}

func newSuspects() *suspects {
	return &suspects{byID: map[uint32]*suspicion{}, byName: map[string]*suspicion{}}
}

// forget drops an account that a campaign decision now covers.
func (ss *suspects) forget(id uint32, name string) {
	ss.mu.Lock()
	delete(ss.byID, id)
	delete(ss.byName, name)
	ss.mu.Unlock()
}

// get returns a copy of an account's suspicion, or nil.
func (ss *suspects) get(name string) *suspicion {
	ss.mu.RLock()
	defer ss.mu.RUnlock()
	s := ss.byName[name]
	if s == nil {
		return nil
	}
	c := *s
	c.reasons = slices.Clone(s.reasons)
	c.fams = slices.Clone(s.fams)
	return &c
}

// suspectOf records a match and blocks the account once it matches enough
// families of one campaign. Caller holds mu.
func (e *Engine) suspectOf(id uint32, ci int32, fam uint8, why string) {
	ind := e.ind.Load()
	ss := e.suspect
	ss.mu.Lock()
	s := ss.byID[id]
	if s == nil {
		s = &suspicion{campaign: ind.campaigns[ci]}
		ss.byID[id] = s
		ss.byName[e.store.Accounts.String(id)] = s
	}
	if s.campaign != ind.campaigns[ci] || s.fam&fam != 0 {
		ss.mu.Unlock()
		return
	}
	s.fam |= fam
	s.reasons = append(s.reasons, fmt.Sprintf(why, ind.campaigns[ci]))
	s.fams = append(s.fams, fam)
	done := bits.OnesCount8(s.fam) >= e.opt.Policy.IndicatorFamilies
	reasons := slices.Clone(s.reasons)
	ss.mu.Unlock()
	if !done {
		return
	}
	for int(id) >= len(e.decided) {
		e.decided = append(e.decided, false)
	}
	e.decided[id] = true
	now := e.Now()
	e.Decisions.SetAuto(Decision{AccountID: e.store.Accounts.String(id), Action: Block, Reasons: reasons,
		CampaignID: s.campaign, Source: SourceIndicator, At: now, Expires: now.Add(e.opt.Policy.BlockTTL)})
}

// CheckRequest is one gateway request to judge.
type CheckRequest struct {
	AccountID string `json:"account_id"`
	IP        string `json:"ip,omitempty"`
	ClientFP  string `json:"client_fp,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
	Prompt    string `json:"prompt,omitempty"`
}

// CheckAnswer is what the gateway should do, and for how long it may cache
// the answer.
type CheckAnswer struct {
	Action     Action   `json:"action"`
	Reasons    []string `json:"reasons"`
	CampaignID string   `json:"campaign_id,omitempty"`
	TTLSeconds int64    `json:"ttl_seconds"`
	Source     string   `json:"source"`
	// Shape says what to cut from the request when the action is shape
	// or throttle.
	Shape *ShapeSpec `json:"shape,omitempty"`
}

// Check judges one request. It reads only the decision table, the indicator
// index and the account's earlier matches, none of which a detection round
// holds locked, so it answers in microseconds even mid-round. A request
// that brings the account's indicator matches to the blocking threshold
// blocks the account, as an ingested exchange would.
func (e *Engine) Check(r CheckRequest) CheckAnswer {
	now := e.Now()
	ans, decided := e.opt.Policy.Answer(e.Decisions.Get(r.AccountID, now), now)
	if decided {
		return ans
	}
	ind := e.ind.Load()
	if ind == nil {
		return ans
	}
	var fam uint8
	camp := ""
	var reasons []string
	add := func(c int32, f uint8, why string) {
		id := ind.campaigns[c]
		if camp != "" && id != camp || fam&f != 0 {
			return
		}
		camp, fam = id, fam|f
		reasons = append(reasons, fmt.Sprintf(why, id))
	}
	if r.IP != "" {
		if ad, err := netip.ParseAddr(r.IP); err == nil {
			if c, ok := ind.addrs[ad.Unmap()]; ok {
				add(c, famWhere, "comes from an address campaign %s used")
			}
		}
	}
	if r.ClientFP != "" {
		if c, ok := ind.fps[dict.Hash(r.ClientFP)]; ok {
			add(c, famClient, "presents the client fingerprint of campaign %s")
		} else if c, ok := ind.clients[clientKey(dict.Hash(r.UserAgent), dict.Hash(r.ClientFP))]; ok && r.UserAgent != "" {
			add(c, famClient, "uses the client (user agent with TLS fingerprint) of campaign %s")
		}
	}
	// The request's address and client are network-level: a carrier NAT
	// or a corporate TLS proxy shares both with strangers. They can complete
	// a block only for an account whose own traffic or account row already
	// matched the campaign at ingest.
	s := e.suspect.get(r.AccountID)
	if s == nil || camp != "" && s.campaign != camp {
		return ans
	}
	for i, why := range s.reasons {
		if f := s.fams[i]; fam&f == 0 {
			reasons = append(reasons, why)
			fam |= f
		}
	}
	camp = s.campaign
	if bits.OnesCount8(fam) < e.opt.Policy.IndicatorFamilies {
		return ans // one family is not evidence of an operator; say nothing
	}
	ans.CampaignID = camp
	ans.Reasons = reasons
	ans.Source = SourceIndicator
	ans.Action = Block
	ans.TTLSeconds = int64(e.opt.Policy.BlockTTL.Seconds())
	e.Decisions.SetAuto(Decision{AccountID: r.AccountID, Action: Block, Reasons: reasons, CampaignID: camp,
		Source: SourceIndicator, At: now, Expires: now.Add(e.opt.Policy.BlockTTL)})
	return ans
}
