// Package online is the detection engine fed live. It keeps the same
// per-account state the batch command builds (internal/profile), adds each
// journaled batch to it in journal order, and on a schedule runs the batch
// command's later stages on it (detect.Analyze: link, form, score, report).
// Each round turns campaigns into decisions for gateways, keeps campaign ids
// stable as campaigns grow, and indexes the campaign's strongest indicators
// so that a replacement account is blocked on its first exchanges instead of
// at the next round.
//
// Everything that changes the state happens on one goroutine, in journal
// order, so a restart that replays the journal rebuilds the same state and,
// on the data clock, the same decisions.
package online

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/signals"
)

// Kind is the type of a record the engine applies. The values are also the
// journal's record kinds, and the NATS transport's, so every way in carries
// the same records.
type Kind uint8

// Record kinds.
const (
	KindExchanges Kind = 1 // JSON Lines of formats-v1 exchanges
	KindAccounts  Kind = 2 // JSON Lines of account rows
	KindModels    Kind = 3 // JSON Lines of model releases
	KindOperator  Kind = 4 // one operator Decision as JSON
)

// Policy turns detection results into actions: which, and for how long.
type Policy struct {
	// BlockTTL is how long a campaign member stays blocked after the last
	// round that found it; every round renews it.
	BlockTTL time.Duration `json:"block_ttl"`
	// BlockScore: only a campaign scoring at least this is acted on with
	// throttle and block; a reported campaign below it is watched. A round
	// sees a partial picture, and an honest group (a lab in its first week,
	// a hackathon) can cross the report threshold for a few rounds; the
	// operations the simulator and the disclosures describe score far
	// higher from their first day.
	BlockScore float64 `json:"block_score"`
	// ThrottleBelow: a member whose containment in the campaign's
	// characteristic objects is below this is throttled, not blocked — a
	// weaker tie, so a milder action.
	ThrottleBelow float64 `json:"throttle_below"`
	// ConfirmRounds: a member is blocked only once it has been in a
	// reported campaign this many rounds in a row; before that it is
	// throttled. Early rounds see little traffic, and an honest account
	// swept into one round's campaign is usually out of the next one.
	ConfirmRounds int `json:"confirm_rounds"`
	// BlockOwn is the own evidence a member needs to be throttled or
	// blocked, not only shaped: a point for each evidence family in which
	// it holds campaign objects that are rare outside the campaign, and
	// one for a fresh or address-rotating account. The group's score
	// alone never blocks anyone: partial data sweeps honest customers
	// into groups.
	BlockOwn int `json:"block_own"`
	// SettleRounds: a member one point short of BlockOwn that a campaign
	// has held this many rounds in a row is blocked: a harness whose
	// objects the crowd shares still settles into its campaign, while a
	// partial picture's honest strays drift in and out.
	SettleRounds int `json:"settle_rounds"`
	// LiftRounds: a member's campaign decision is lifted, and its rounds
	// in the campaign forgotten, only once this many rounds in a row no
	// longer place it in a campaign that is acted on; a campaign's
	// indicator blocks likewise. A small campaign on partial data falls
	// below the bar for a round and is back in the next; one such round
	// must not free its members nor restart their count.
	LiftRounds int `json:"lift_rounds"`
	// ShapeMaxOutputTokens is the output budget a shaped account's
	// requests are capped at; shaped requests also get no visible
	// reasoning and no extended thinking (see ShapeSpec).
	ShapeMaxOutputTokens int `json:"shape_max_output_tokens"`
	// WatchScore: accounts of a candidate that was not reported but scored
	// at least this are watched (gateways may log more or sample them).
	WatchScore float64 `json:"watch_score"`
	// WatchTTL is how long a watch lasts.
	WatchTTL time.Duration `json:"watch_ttl"`
	// IndicatorFamilies: a new account is blocked when it shares
	// indicators of a blocked campaign from at least this many independent
	// families (what it sends, where from, with what client, who it says it
	// is) — the same rule that makes a link between accounts.
	IndicatorFamilies int `json:"indicator_families"`
	// IndicatorPurity: an object becomes an indicator only if at least this
	// share of the accounts holding it are members of the campaign, so an
	// indicator points at the campaign and at nobody else.
	IndicatorPurity float64 `json:"indicator_purity"`
	// IndicatorOutside: an object that more than this many accounts outside
	// the blocked campaigns hold is common in the background (a public
	// benchmark prompt, a popular client build, a consumer ISP address that
	// is also a proxy exit) and is never an indicator, however pure it is
	// in proportion: a stranger who shares it shares it with a crowd.
	IndicatorOutside int `json:"indicator_outside"`
	// CheckTTL is how long a gateway may cache an allow answer.
	CheckTTL time.Duration `json:"check_ttl"`
}

// DefaultPolicy is the policy when none is configured.
func DefaultPolicy() Policy {
	return Policy{
		BlockTTL: 7 * 24 * time.Hour, BlockScore: 0.8, ThrottleBelow: 0.3, ConfirmRounds: 2, BlockOwn: 2, SettleRounds: 6, LiftRounds: 3, ShapeMaxOutputTokens: 1024,
		WatchScore: 0.5, WatchTTL: 24 * time.Hour,
		IndicatorFamilies: 2, IndicatorPurity: 0.9, IndicatorOutside: 3, CheckTTL: time.Minute,
	}
}

// Options configure an engine.
type Options struct {
	Config *detect.Config // nil: detect.Defaults()
	Policy Policy
	// DataClock makes the engine's clock the latest exchange time applied,
	// so a replayed scenario is judged as if live; otherwise the wall clock.
	DataClock bool
	// Every is the time between detection rounds (data time on the data
	// clock). 0 means one hour.
	Every time.Duration
	// Now is the wall clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
	// MaxSkew: an exchange dated more than this after the wall clock is
	// set aside, on either clock. No real exchange comes from the future,
	// and on the data clock one such timestamp would carry the clock, and
	// every decision's expiry, decades ahead. 0 means DefaultMaxSkew.
	MaxSkew time.Duration
	// MaxLate: on the data clock, an exchange dated more than this before
	// the clock is set aside. A replay feeds exchanges in time order, so a
	// record far behind is a stray; kept, it would stretch the state back
	// to its date. 0 means DefaultMaxLate; a negative value turns the bound
	// off, for a feed that is not in time order (a cluster's rows stream
	// interleaves partitions that may lag one another by days).
	MaxLate time.Duration
	// MaxAccounts bounds the accounts the engine tracks (admission
	// control: each costs memory until the bounded-state window drops it).
	// Records that would add an account beyond it are set aside and
	// counted. 0 means no bound.
	MaxAccounts int
}

// Defaults of the clock tolerances (Options.MaxSkew and MaxLate).
const (
	DefaultMaxSkew = time.Hour
	DefaultMaxLate = 7 * 24 * time.Hour
)

// SetAside is why a record the journal holds was not applied.
type SetAside uint8

// Reasons a record is set aside; the names are the metrics' labels.
const (
	AsideFuture   SetAside = iota // dated beyond the wall clock by more than MaxSkew
	AsideLate                     // dated behind the data clock by more than MaxLate
	AsideAccounts                 // would add an account beyond MaxAccounts
	nAside
)

var asideNames = [nAside]string{"future", "late", "account_limit"}

// String is the reason's label.
func (r SetAside) String() string { return asideNames[r] }

// RoundStats describe one detection round, for logs and metrics.
type RoundStats struct {
	At        time.Time
	Exchanges int
	Accounts  int
	Campaigns int
	Blocked   int
	Took      time.Duration
}

// Engine is the online detection state. Apply and Round run on one
// goroutine; the read methods may be called from any.
type Engine struct {
	opt Options
	cfg *detect.Config

	mu    sync.RWMutex // guards the state below against readers
	store *profile.Store
	tmpl  *signals.Templates
	x     *signals.Extractor
	dec   ingest.Decoder
	rec   record.Exchange
	sig   signals.Exchange
	acc   record.Account
	mod   record.ModelRelease
	next  time.Time // data clock: when the next round is due
	ids   []idEntry // campaigns of the last rounds, for stable ids
	taken map[string]bool
	// acted remembers, per campaign id, the rounds that acted on it, for
	// LiftRounds rounds after the last one (see noteActing).
	acted map[string]acted
	// decided marks accounts (store ids) that a campaign decision covers,
	// so the per-exchange indicator test skips them cheaply.
	decided []bool
	// streak counts, per account, the rounds it was a member of an
	// acted-on campaign, and absent the rounds in a row since it last was
	// (see Policy.LiftRounds).
	streak  []uint16
	run     []uint16 // rounds in a row it was a member, with no gap
	absent  []uint16
	suspect *suspects

	clock   atomic.Int64 // data clock, unix ns
	nex     atomic.Int64 // exchanges applied
	nacct   atomic.Int64 // accounts known
	applied atomic.Uint64
	rounds  atomic.Uint64
	// aside counts records set aside by reason; asideLogged is the total
	// already reported in a log line, so a flood of them logs once a round.
	aside       [nAside]atomic.Int64
	asideLogged int64
	// latest is the newest exchange time the batch being applied may
	// hold (unix ns): the wall clock plus MaxSkew, read once a batch
	// rather than once an exchange.
	latest int64
	snap   atomic.Pointer[Snapshot]
	ind    atomic.Pointer[indicators]

	// Decisions is the table gateways read.
	Decisions *Decisions
	// OnRound, if set, is called after every round (on the apply goroutine).
	OnRound func(RoundStats)
}

// Snapshot is what the latest round found.
type Snapshot struct {
	Findings *findings.Document
	Round    uint64
	At       time.Time
	// member maps an account id to its campaign id, for account views.
	member map[string]string
}

// debugRound, when set by a diagnostic test, sees every round's analysis,
// after its indicators are indexed.
var debugRound func(*Engine, *detect.Analysis, time.Time)

// idEntry remembers one campaign of the last rounds.
type idEntry struct {
	id       string
	accounts []uint32 // sorted store ids
	// gone is the rounds in a row that have not reported it: a campaign
	// that drops below the bar for a round keeps its id when it is back.
	gone int
}

// New returns an empty engine.
func New(opt Options) *Engine {
	if opt.Config == nil {
		opt.Config = detect.Defaults()
	}
	if opt.Policy == (Policy{}) {
		opt.Policy = DefaultPolicy()
	}
	if opt.Every <= 0 {
		opt.Every = time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxSkew <= 0 {
		opt.MaxSkew = DefaultMaxSkew
	}
	if opt.MaxLate == 0 {
		opt.MaxLate = DefaultMaxLate
	}
	e := &Engine{
		opt: opt, cfg: opt.Config,
		store: profile.NewStore(0), tmpl: signals.NewTemplates(), x: signals.NewExtractor(),
		taken: map[string]bool{}, acted: map[string]acted{}, suspect: newSuspects(),
		Decisions: NewDecisions(),
	}
	e.snap.Store(&Snapshot{Findings: emptyFindings(), member: map[string]string{}})
	return e
}

// Now is the engine's clock: the latest exchange time on the data clock
// (the wall clock before any exchange), else the wall clock.
func (e *Engine) Now() time.Time {
	if e.opt.DataClock {
		if ns := e.clock.Load(); ns != 0 {
			return time.Unix(0, ns).UTC()
		}
	}
	return e.opt.Now().UTC()
}

// Applied is the journal seq of the last batch applied.
func (e *Engine) Applied() uint64 { return e.applied.Load() }

// Rounds is how many detection rounds have run.
func (e *Engine) Rounds() uint64 { return e.rounds.Load() }

// Snapshot returns what the latest round found.
func (e *Engine) Snapshot() *Snapshot { return e.snap.Load() }

// Apply adds one journal record to the state. Records must arrive in
// journal order; the payload is not retained. Lines that do not decode are
// skipped (the server validated them before journaling, so there are none
// unless the journal was written by another version).
func (e *Engine) Apply(seq uint64, kind Kind, payload []byte) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() {
		e.nex.Store(int64(e.store.Len()))
		e.nacct.Store(int64(e.store.NumAccounts()))
		e.applied.Store(seq)
	}()
	switch kind {
	case KindExchanges:
		e.latest = e.opt.Now().Add(e.opt.MaxSkew).UnixNano()
		e.forLines(payload, func(line []byte) {
			e.rec = record.Exchange{}
			if e.dec.DecodeExchange(line, &e.rec) != nil {
				return
			}
			e.addExchange()
		})
	case KindAccounts:
		e.forLines(payload, func(line []byte) {
			e.acc = record.Account{}
			if e.dec.DecodeAccount(line, &e.acc) != nil {
				return
			}
			if !e.admit(e.acc.AccountID) {
				return
			}
			e.store.AddAccount(&e.acc)
			if id, ok := e.store.Accounts.Lookup(e.acc.AccountID); ok {
				e.matchAccount(id)
			}
		})
	case KindModels:
		e.forLines(payload, func(line []byte) {
			e.mod = record.ModelRelease{}
			if e.dec.DecodeModel(line, &e.mod) == nil {
				e.store.AddModel(&e.mod)
			}
		})
	case KindOperator:
		var d Decision
		if err := json.Unmarshal(payload, &d); err != nil {
			return fmt.Errorf("journal record %d: operator decision: %w", seq, err)
		}
		e.Decisions.SetOperator(d)
	default:
		return fmt.Errorf("journal record %d has unknown kind %d", seq, kind)
	}
	return nil
}

func (e *Engine) forLines(payload []byte, f func([]byte)) {
	ingest.Lines(payload, func(no int64, line []byte) {
		if no%256 == 0 {
			runtime.Gosched() // a batch takes milliseconds; let /v1/check in between
		}
		e.dec.Reset(0)
		f(line)
	})
}

// addExchange runs a due round first (data clock), then adds e.rec,
// unless its time or its account is one the engine must not take.
func (e *Engine) addExchange() {
	ts := e.rec.TS
	if ts > e.latest {
		e.setAside(AsideFuture, ts)
		return
	}
	if e.opt.DataClock && e.opt.MaxLate > 0 {
		if c := e.clock.Load(); c != 0 && ts < c-int64(e.opt.MaxLate) {
			e.setAside(AsideLate, ts)
			return
		}
	}
	if !e.admit(e.rec.AccountID) {
		return
	}
	if e.opt.DataClock {
		if e.next.IsZero() {
			e.next = time.Unix(0, ts).Truncate(e.opt.Every).Add(e.opt.Every)
		}
		if ts >= e.next.UnixNano() {
			// One round at the latest boundary the exchange has passed,
			// however many steps it skipped: the state did not change in
			// between, so the skipped rounds would only repeat it (and a
			// leap of years would mean millions of them).
			due := time.Unix(0, ts).Truncate(e.opt.Every)
			if skipped := due.Sub(e.next) / e.opt.Every; skipped > 0 {
				e.opt.Logger.Info("data clock leapt ahead; one round stands for the skipped ones",
					"from", e.next, "to", due, "skipped_rounds", int64(skipped))
			}
			e.clock.Store(due.UnixNano())
			e.round(due)
			e.next = due.Add(e.opt.Every)
		}
		if ts > e.clock.Load() {
			e.clock.Store(ts)
		}
	}
	e.sig = signals.Exchange{}
	e.x.Extract(&e.rec, &e.sig)
	e.tmpl.Assign(&e.rec, &e.sig)
	e.store.Add(&e.rec, &e.sig.Profile)
	id := e.store.Acct[e.store.Len()-1]
	if int(id) < len(e.decided) && e.decided[id] {
		return
	}
	e.matchExchange(id)
}

// admit reports whether the engine may take a record of account name: a
// known account always, a new one while the account bound has room.
func (e *Engine) admit(name string) bool {
	if e.opt.MaxAccounts <= 0 || e.store.NumAccounts() < e.opt.MaxAccounts {
		return true
	}
	if _, ok := e.store.Accounts.Lookup(name); ok {
		return true
	}
	e.setAside(AsideAccounts, 0)
	return false
}

// setAside counts a record not applied, and logs the first of a run of
// them at once (the rest are summed up by the next round's log line).
func (e *Engine) setAside(r SetAside, ts int64) {
	if e.aside[r].Add(1) == 1 || e.asideTotal() == e.asideLogged+1 {
		attrs := []any{"reason", r.String(), "data_clock", e.Now()}
		if ts != 0 {
			attrs = append(attrs, "ts", time.Unix(0, ts).UTC())
		}
		e.opt.Logger.Warn("record set aside", attrs...)
		e.asideLogged = e.asideTotal()
	}
}

func (e *Engine) asideTotal() int64 {
	var n int64
	for i := range e.aside {
		n += e.aside[i].Load()
	}
	return n
}

// Full reports whether the engine tracks as many accounts as it may
// (Options.MaxAccounts).
func (e *Engine) Full() bool {
	return e.opt.MaxAccounts > 0 && int(e.nacct.Load()) >= e.opt.MaxAccounts
}

// NewAccount returns the first account of a batch (exchanges or account
// rows, as journaled) that the engine does not know, if any: what a full
// engine would set aside, so that ingest can refuse it while the sender
// can still act on the answer.
func (e *Engine) NewAccount(kind Kind, payload []byte) (string, bool) {
	var d ingest.Decoder
	var ex record.Exchange
	var ac record.Account
	e.mu.RLock()
	defer e.mu.RUnlock()
	found, name := false, ""
	ingest.Lines(payload, func(_ int64, line []byte) {
		if found {
			return
		}
		d.Reset(0)
		var id string
		switch kind {
		case KindExchanges:
			if d.DecodeExchange(line, &ex) != nil {
				return
			}
			id = ex.AccountID
		case KindAccounts:
			if d.DecodeAccount(line, &ac) != nil {
				return
			}
			id = ac.AccountID
		default:
			return
		}
		if _, ok := e.store.Accounts.Lookup(id); !ok {
			found, name = true, strings.Clone(id)
		}
	})
	return name, found
}

// Aside returns how many records have been set aside, by reason label.
func (e *Engine) Aside() map[string]int64 {
	m := make(map[string]int64, nAside)
	for i := range e.aside {
		m[SetAside(i).String()] = e.AsideCount(SetAside(i))
	}
	return m
}

// AsideCount returns how many records have been set aside for reason r.
func (e *Engine) AsideCount(r SetAside) int64 { return e.aside[r].Load() }

// Round runs a detection round now (wall clock mode calls it on a timer).
func (e *Engine) Round() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.round(e.Now())
}

// round runs link, form and score on the state and turns the result into
// decisions. Caller holds mu.
func (e *Engine) round(now time.Time) {
	if e.store.Len() == 0 {
		return
	}
	t0 := time.Now()
	a, err := detect.Analyze(e.store, e.tmpl, e.cfg, now, nil, nil)
	if err != nil {
		e.opt.Logger.Error("detection round failed", "err", err)
		return
	}
	n := e.rounds.Add(1)
	doc := a.Findings
	e.stableIDs(a.Report.Campaigns, doc)

	blocked, member := e.decideCampaigns(a, doc, now)
	e.Decisions.Expire(now)
	e.ind.Store(e.buildIndicators(a, doc, blocked))
	if debugRound != nil {
		debugRound(e, a, now)
	}
	e.snap.Store(&Snapshot{Findings: doc, Round: n, At: now, member: member})
	st := RoundStats{At: now, Exchanges: e.store.Len(), Accounts: e.store.NumAccounts(), Campaigns: len(doc.Campaigns),
		Blocked: e.Decisions.Counts(now)[Block], Took: time.Since(t0)}
	e.opt.Logger.Info("detection round", "round", n, "at", now, "exchanges", st.Exchanges, "accounts", st.Accounts,
		"campaigns", st.Campaigns, "blocked", st.Blocked, "took", st.Took)
	if tot := e.asideTotal(); tot > e.asideLogged {
		e.opt.Logger.Warn("records set aside since the last report", "count", tot-e.asideLogged, "by_reason", e.Aside())
		e.asideLogged = tot
	}
	if e.OnRound != nil {
		e.OnRound(st)
	}
}

// stableIDs gives each campaign the id of the previous round's campaign it
// overlaps most (at least half of the smaller of the two), so ids stay put
// as campaigns grow, and renames the findings to match.
func (e *Engine) stableIDs(camps []report.Campaign, doc *findings.Document) {
	type match struct {
		cur, prev int
		overlap   float64
	}
	var ms []match
	for ci, c := range camps {
		for pi, p := range e.ids {
			inter := intersect(c.Accounts, p.accounts)
			if inter == 0 {
				continue
			}
			ov := float64(inter) / float64(min(len(c.Accounts), len(p.accounts)))
			if ov >= 0.5 {
				ms = append(ms, match{ci, pi, ov})
			}
		}
	}
	slices.SortStableFunc(ms, func(x, y match) int {
		switch {
		case x.overlap > y.overlap:
			return -1
		case x.overlap < y.overlap:
			return 1
		}
		return 0
	})
	ids := make([]string, len(camps))
	usedPrev := make([]bool, len(e.ids))
	for _, m := range ms {
		if ids[m.cur] == "" && !usedPrev[m.prev] {
			ids[m.cur], usedPrev[m.prev] = e.ids[m.prev].id, true
		}
	}
	next := make([]idEntry, len(camps), len(camps)+len(e.ids))
	for ci, c := range camps {
		if ids[ci] == "" {
			id := c.ID
			for k := 2; e.taken[id]; k++ { // a new campaign never reuses an id
				id = fmt.Sprintf("%s-%d", c.ID, k)
			}
			ids[ci] = id
		}
		e.taken[ids[ci]] = true
		doc.Campaigns[ci].ID = ids[ci]
		for j := range doc.Accounts {
			if doc.Accounts[j].Campaign == c.ID {
				doc.Accounts[j].Campaign = ids[ci]
			}
		}
		next[ci] = idEntry{id: ids[ci], accounts: c.Accounts}
	}
	for pi, p := range e.ids {
		if !usedPrev[pi] && p.gone+1 < e.opt.Policy.LiftRounds {
			p.gone++
			next = append(next, p)
		}
	}
	e.ids = next
}

func intersect(a, b []uint32) int {
	n := 0
	each(a, b, func(int) { n++ })
	return n
}

// AccountView is what the engine knows of one account.
type AccountView struct {
	AccountID  string   `json:"account_id"`
	Exchanges  int64    `json:"exchanges"`
	FirstSeen  string   `json:"first_seen,omitempty"`
	LastSeen   string   `json:"last_seen,omitempty"`
	CampaignID string   `json:"campaign_id,omitempty"`
	Decision   Decision `json:"decision"`
	Suspicion  []string `json:"indicator_matches,omitempty"`
}

// Account returns the view of one account, and whether it is known.
func (e *Engine) Account(name string) (AccountView, bool) {
	v := AccountView{AccountID: name, Decision: e.Decisions.Get(name, e.Now())}
	v.CampaignID = e.snap.Load().member[name]
	e.mu.RLock()
	defer e.mu.RUnlock()
	id, ok := e.store.Accounts.Lookup(name)
	if !ok {
		return v, v.Decision.Action != Allow
	}
	b := &e.store.Behaviour[id]
	v.Exchanges = int64(b.N)
	if b.N > 0 {
		v.FirstSeen = record.FormatTime(profile.SecToUnixNano(b.First))
		v.LastSeen = record.FormatTime(profile.SecToUnixNano(b.Last))
	}
	if s := e.suspect.get(name); s != nil {
		v.Suspicion = s.reasons
	}
	return v, true
}

// Stats are the engine's counters.
type Stats struct {
	Exchanges int    `json:"exchanges"`
	Accounts  int    `json:"accounts"`
	Applied   uint64 `json:"applied_seq"`
	Rounds    uint64 `json:"rounds"`
	LastRound string `json:"last_round_at,omitempty"`
	Campaigns int    `json:"campaigns"`
	Clock     string `json:"clock"`
	// SetAside counts journaled records not applied, by reason: dated too
	// far in the future or behind the data clock, or over the account
	// bound (see Options).
	SetAside map[string]int64 `json:"set_aside"`
}

// Stats returns the counters.
func (e *Engine) Stats() Stats {
	s := e.snap.Load()
	st := Stats{Applied: e.applied.Load(), Rounds: e.rounds.Load(), Campaigns: len(s.Findings.Campaigns),
		Clock: e.Now().Format(time.RFC3339), SetAside: e.Aside()}
	if !s.At.IsZero() {
		st.LastRound = s.At.Format(time.RFC3339)
	}
	st.Exchanges, st.Accounts = int(e.nex.Load()), int(e.nacct.Load())
	return st
}

func emptyFindings() *findings.Document {
	return &findings.Document{Schema: findings.Schema, GeneratedAt: time.Now().UTC().Format(time.RFC3339),
		Campaigns: []findings.Campaign{}, Accounts: []findings.Account{}}
}

// addrOf returns an exchange's client address, if any.
func addrOf(r *record.Exchange) (netip.Addr, bool) {
	if r.Has&record.HasIP == 0 || !r.IP.IsValid() {
		return netip.Addr{}, false
	}
	return r.IP.Unmap(), true
}
