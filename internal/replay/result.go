package replay

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/record"
)

// Schema is the value of the "schema" field of a replay result.
const Schema = "distillguard-replay/v1"

// Result is what one replay measured.
type Result struct {
	Schema   string  `json:"schema"`
	Scenario string  `json:"scenario"`
	Seed     int64   `json:"seed"`
	Scale    float64 `json:"scale"`
	Dir      string  `json:"dir"`
	Server   string  `json:"server"`
	Speed    float64 `json:"speed"` // data seconds per wall second; 0 as fast as possible
	Batch    int     `json:"batch"`
	// SpanSeconds is the most data time one batch may span: Options.Span,
	// or Speed × Tick when that is less.
	SpanSeconds float64 `json:"span_seconds"`
	Sync        bool    `json:"sync"`
	// Text: the exchanges carried prompt text (the targets differ).
	Text bool `json:"text"`

	Totals    Totals     `json:"totals"`
	Campaigns []Campaign `json:"campaigns"`
	// Honest has one row per honest category of the truth, sorted by name.
	Honest []Category `json:"honest"`
	// HonestTotal sums Honest.
	HonestTotal Category `json:"honest_total"`
	Check       Check    `json:"check"`

	// LiveRound is the server's answer to the round replay asked for once
	// everything was posted (POST /v1/rounds); nil when it could not be
	// had (see Warnings).
	LiveRound *RoundAnswer `json:"live_round,omitempty"`
	// Live is what that round found (GET /v1/campaigns). It is left out of
	// the JSON result, which it would dwarf; Options.Keep writes it to
	// live.json.
	Live *findings.Document `json:"-"`
	// Convergence compares Live with detect on the data the server was
	// given, when the caller ran it (AddConvergence).
	Convergence *findings.Agreement `json:"convergence,omitempty"`

	// Targets are the verdicts of ApplyTargets; Pass is true when all hold.
	Targets  []Verdict `json:"targets"`
	Pass     bool      `json:"pass"`
	Warnings []string  `json:"warnings,omitempty"`
}

// Totals count the whole replay.
type Totals struct {
	Read        int64 `json:"read"`         // exchanges read from the log
	Rejected    int64 `json:"rejected"`     // malformed lines skipped (log, accounts, models)
	Posted      int64 `json:"posted"`       // exchanges served and posted
	Blocked     int64 `json:"blocked"`      // exchanges not served: the account was blocked
	PostedBytes int64 `json:"posted_bytes"` // bytes of exchange bodies posted
	Batches     int64 `json:"batches"`      // POSTs to /v1/exchanges
	Accounts    int64 `json:"accounts"`     // account rows posted
	Models      int64 `json:"models"`       // model rows posted
	Decisions   int64 `json:"decisions"`    // decision changes received
	// FirstTS and LastTS are the data times of the first and last exchange
	// read, unix nanoseconds; the JSON has them as RFC 3339 in First and Last.
	FirstTS            int64   `json:"-"`
	LastTS             int64   `json:"-"`
	First              string  `json:"first"`
	Last               string  `json:"last"`
	WallSeconds        float64 `json:"wall_seconds"`
	ExchangesPerSecond float64 `json:"exchanges_per_second"` // posted per wall second
}

// Campaign is how one true campaign fared.
type Campaign struct {
	ID       string `json:"id"`
	Style    string `json:"style"`
	Accounts int    `json:"accounts"` // accounts truth labels with it
	Blocked  int    `json:"blocked"`  // of them, ever blocked
	// Exchanges counts its exchanges read (attempted); Served those served.
	Exchanges      int64  `json:"exchanges"`
	Served         int64  `json:"served"`
	ServedAfterDay int64  `json:"served_after_day"` // served more than 24 h after First
	First          string `json:"first"`            // its first exchange
	// Blocked90At is when 90% of its accounts had had a block decision
	// (each account's first block `at`); null when that never happened.
	Blocked90At *string  `json:"blocked_90_at"`
	HoursTo90   *float64 `json:"hours_to_90"` // from First to Blocked90At
	// LateAccounts counts its accounts that came into being (created_at,
	// else first exchange) more than 24 h after its first exchange: no
	// server can block those within 24 h of the campaign's start.
	LateAccounts int `json:"late_accounts"`
	// DayOneAccounts counts its accounts that sent within 24 h of its
	// first exchange, and DayOneBlocked those of them blocked within those
	// 24 h: the accounts a server could have blocked on the first day.
	DayOneAccounts int `json:"day_one_accounts"`
	DayOneBlocked  int `json:"day_one_blocked"`
	// ActiveHours is the time from its first to its last exchange read.
	ActiveHours float64 `json:"active_hours"`
	// AccountHoursToBlockP90 is the 90th percentile, over its accounts that
	// sent anything, of the hours from an account's own first exchange to
	// its first block (0 when blocked before it sent); null when more than
	// 10% of them were never blocked.
	AccountHoursToBlockP90 *float64 `json:"account_hours_to_block_p90"`
	// ServedShare is Served / Exchanges; ServedAfterDayShare is
	// ServedAfterDay / Exchanges. Both are 0 without exchanges.
	ServedShare         float64 `json:"served_share"`
	ServedAfterDayShare float64 `json:"served_after_day_share"`
}

// Category is how the server treated one honest category: accounts ever
// watched, throttled or blocked, and exchanges not served.
type Category struct {
	Category  string `json:"category"`
	Accounts  int    `json:"accounts"`
	Watched   int    `json:"watched"`
	Shaped    int    `json:"shaped"`
	Throttled int    `json:"throttled"`
	Blocked   int    `json:"blocked"`
	Exchanges int64  `json:"exchanges"`  // attempted
	NotServed int64  `json:"not_served"` // attempted while blocked
	// BlockedAccounts names the blocked accounts (up to 20).
	BlockedAccounts []string `json:"blocked_accounts,omitempty"`
}

// Check is the latency of the sampled POST /v1/check calls, in milliseconds.
type Check struct {
	Sample  int              `json:"sample"` // one exchange in Sample was checked; 0 none
	Calls   int              `json:"calls"`
	P50Ms   float64          `json:"p50_ms"`
	P99Ms   float64          `json:"p99_ms"`
	MaxMs   float64          `json:"max_ms"`
	Actions map[string]int64 `json:"actions,omitempty"` // answers by action
}

// Targets are what a replay must achieve.
type Targets struct {
	// MinDayOneBlocked: every campaign has at least this share of its
	// day-one accounts (those that sent within 24 h of its first
	// exchange) blocked within those 24 h. Accounts that came later
	// cannot be blocked in its first day by any server; the literal
	// figure (hours until 90% of all its accounts were blocked) is
	// reported beside it.
	MinDayOneBlocked float64
	// MaxServedAfterDay: every campaign has less than this share of its
	// exchanges served more than 24 h after its first exchange.
	MaxServedAfterDay float64
	// MaxAccountHoursP90: every campaign active for at least a day has
	// the 90th percentile of hours from an account's first exchange to
	// its block at most this.
	MaxAccountHoursP90 float64
	// MaxHonestBlocked and MaxHonestThrottled: at most these shares of the
	// honest accounts are ever blocked, or ever throttled.
	MaxHonestBlocked   float64
	MaxHonestThrottled float64
}

// DefaultTargets are the project's targets: 90% of the day-one accounts
// blocked within 24 h, under 5% of a campaign's exchanges served after its
// first day, an account blocked within 12 h of its first exchange (p90),
// and at most 0.1% of honest accounts blocked with text (0.2% without:
// metadata alone says less of each account) and 0.5% throttled.
func DefaultTargets(text bool) Targets {
	t := Targets{MinDayOneBlocked: 0.9, MaxServedAfterDay: 0.05, MaxAccountHoursP90: 12, MaxHonestBlocked: 0.002, MaxHonestThrottled: 0.005}
	if text {
		t.MaxHonestBlocked = 0.001
	}
	return t
}

// Verdict is one target's outcome.
type Verdict struct {
	Target string `json:"target"`
	Pass   bool   `json:"pass"`
	Detail string `json:"detail"`
}

// maxNamed bounds the blocked honest accounts named per category.
const maxNamed = 20

// result computes the figures from the runner's counts.
func (r *runner) result() *Result {
	t := r.sc.truth
	tot := r.tot
	if tot.FirstTS != 0 {
		tot.First, tot.Last = record.FormatTime(tot.FirstTS), record.FormatTime(tot.LastTS)
	}
	if tot.WallSeconds > 0 {
		tot.ExchangesPerSecond = float64(tot.Posted) / tot.WallSeconds
	}
	tot.Rejected += r.sc.rejected
	res := &Result{
		Schema: Schema, Scenario: t.Scenario, Seed: t.Seed, Scale: t.Scale,
		Dir: r.opt.Dir, Server: r.opt.Server, Speed: r.opt.Speed, Batch: r.opt.Batch, SpanSeconds: time.Duration(r.tickData).Seconds(), Sync: r.opt.Sync, Text: r.text,
		Totals:    tot,
		Campaigns: []Campaign{},
		Honest:    []Category{},
		Warnings:  r.warnings,
		LiveRound: r.liveRound,
		Live:      r.live,
	}

	blocks := make([][]int64, len(r.camps))
	delays := make([][]float64, len(r.camps)) // per account that sent: hours to its block, +Inf if never
	late := make([]int, len(r.camps))
	dayOne := make([]int, len(r.camps))
	dayOneBlocked := make([]int, len(r.camps))
	cats := map[string]*Category{}
	ids := make([]string, 0, len(r.accts))
	for id := range r.accts {
		ids = append(ids, id)
	}
	sort.Strings(ids) // blocked accounts are named in a stable order
	for _, id := range ids {
		a := r.accts[id]
		if i := a.campaign; i >= 0 {
			if a.everBlock {
				blocks[i] = append(blocks[i], a.firstBlock)
			}
			born := a.created
			if born == 0 {
				born = a.firstSeen
			}
			if start := r.camps[i].start; born != 0 && start != 0 && born > start+int64(24*time.Hour) {
				late[i]++
			}
			if start := r.camps[i].start; a.attempted > 0 && start != 0 && a.firstSeen <= start+int64(24*time.Hour) {
				dayOne[i]++
				if a.everBlock && a.firstBlock <= start+int64(24*time.Hour) {
					dayOneBlocked[i]++
				}
			}
			if a.attempted > 0 {
				d := math.Inf(1)
				if a.everBlock {
					d = max(0, float64(a.firstBlock-a.firstSeen)/float64(time.Hour))
				}
				delays[i] = append(delays[i], d)
			}
			continue
		}
		label := a.label
		if label == "" {
			label = "(unknown)"
		}
		c := cats[label]
		if c == nil {
			c = &Category{Category: label}
			cats[label] = c
		}
		c.Accounts++
		c.Exchanges += a.attempted
		c.NotServed += a.attempted - a.served
		if a.everWatch {
			c.Watched++
		}
		if a.everShape {
			c.Shaped++
		}
		if a.everThrottle {
			c.Throttled++
		}
		if a.everBlock {
			c.Blocked++
			if len(c.BlockedAccounts) < maxNamed {
				c.BlockedAccounts = append(c.BlockedAccounts, id)
			}
		}
	}
	for _, c := range cats {
		res.Honest = append(res.Honest, *c)
	}
	sort.Slice(res.Honest, func(i, j int) bool { return res.Honest[i].Category < res.Honest[j].Category })
	res.HonestTotal.Category = "total"
	for _, c := range res.Honest {
		h := &res.HonestTotal
		h.Accounts += c.Accounts
		h.Watched += c.Watched
		h.Shaped += c.Shaped
		h.Throttled += c.Throttled
		h.Blocked += c.Blocked
		h.Exchanges += c.Exchanges
		h.NotServed += c.NotServed
	}

	for i, cs := range r.camps {
		c := Campaign{
			ID: cs.id, Style: cs.style, Accounts: cs.accounts, Blocked: len(blocks[i]),
			Exchanges: cs.attempted, Served: cs.served, ServedAfterDay: cs.servedAfterDay,
			LateAccounts: late[i], DayOneAccounts: dayOne[i], DayOneBlocked: dayOneBlocked[i],
		}
		if cs.lastRead > cs.start && cs.start != 0 {
			c.ActiveHours = float64(cs.lastRead-cs.start) / float64(time.Hour)
		}
		if d := delays[i]; len(d) > 0 {
			sort.Float64s(d)
			if p90 := d[(9*len(d)+9)/10-1]; !math.IsInf(p90, 1) {
				c.AccountHoursToBlockP90 = &p90
			}
		}
		if c.Accounts > 0 && 10*c.LateAccounts > c.Accounts {
			res.Warnings = append(res.Warnings, fmt.Sprintf(
				"%s: %d of its %d accounts came into being more than 24 h after its first exchange, so 90%% of it cannot be blocked within 24 h of its start; the per-account figure (p90 hours from an account's first exchange to its block) is the fairer measure",
				c.ID, c.LateAccounts, c.Accounts))
		}
		if cs.start != 0 {
			c.First = record.FormatTime(cs.start)
		}
		if c.Exchanges > 0 {
			c.ServedShare = float64(c.Served) / float64(c.Exchanges)
			c.ServedAfterDayShare = float64(c.ServedAfterDay) / float64(c.Exchanges)
		}
		if at, ok := ninetyPercent(blocks[i], cs.accounts); ok {
			s := record.FormatTime(at)
			h := float64(at-cs.start) / float64(time.Hour)
			c.Blocked90At, c.HoursTo90 = &s, &h
		}
		res.Campaigns = append(res.Campaigns, c)
	}

	res.Check.Sample = r.opt.CheckSample
	if len(r.checks) > 0 {
		res.Check.Calls = len(r.checks)
		p := percentiles(r.checks, 0.50, 0.99, 1)
		res.Check.P50Ms, res.Check.P99Ms, res.Check.MaxMs = ms(p[0]), ms(p[1]), ms(p[2])
		res.Check.Actions = r.checkActions
	}

	if tot.Decisions > 0 && tot.FirstTS != 0 {
		const slack = int64(24 * time.Hour)
		if r.decAtMin < tot.FirstTS-slack || r.decAtMax > tot.LastTS+slack {
			res.Warnings = append(res.Warnings, fmt.Sprintf(
				"decision times (%s .. %s) fall outside the data's time span (%s .. %s): is the server running with --clock data? The hours to 90%% blocked are meaningless otherwise",
				record.FormatTime(r.decAtMin), record.FormatTime(r.decAtMax), tot.First, tot.Last))
		}
	}
	return res
}

// ninetyPercent returns the time by which 90% of n accounts (rounded up)
// had been blocked, given each blocked account's first block time.
func ninetyPercent(firstBlocks []int64, n int) (int64, bool) {
	need := (9*n + 9) / 10 // ⌈0.9 n⌉
	if n == 0 || len(firstBlocks) < need {
		return 0, false
	}
	s := append([]int64(nil), firstBlocks...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[need-1], true
}

// percentiles returns the nearest-rank percentiles qs (0..1) of ds.
func percentiles(ds []time.Duration, qs ...float64) []time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	out := make([]time.Duration, len(qs))
	for i, q := range qs {
		k := int(q*float64(len(s))+0.999999999) - 1 // ⌈q n⌉ - 1
		out[i] = s[min(max(k, 0), len(s)-1)]
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// ApplyTargets grades r against t, replacing r.Targets and r.Pass. A
// scenario without campaigns meets the campaign targets trivially.
func (r *Result) ApplyTargets(t Targets) {
	r.Targets = r.Targets[:0]
	add := func(target string, misses []string, ok string) {
		v := Verdict{Target: target, Pass: len(misses) == 0, Detail: ok}
		if !v.Pass {
			v.Detail = fmt.Sprintf("%d of %d campaigns miss it: %s", len(misses), len(r.Campaigns), strings.Join(misses, "; "))
		}
		r.Targets = append(r.Targets, v)
	}

	var miss []string
	worst, worstID := 2.0, ""
	for _, c := range r.Campaigns {
		share := 1.0
		if c.DayOneAccounts > 0 {
			share = float64(c.DayOneBlocked) / float64(c.DayOneAccounts)
		}
		if share < t.MinDayOneBlocked {
			miss = append(miss, fmt.Sprintf("%s %d of %d", c.ID, c.DayOneBlocked, c.DayOneAccounts))
		} else if share < worst {
			worst, worstID = share, c.ID
		}
	}
	ok := "no campaigns"
	if len(r.Campaigns) > 0 {
		ok = fmt.Sprintf("all %d campaigns meet it; lowest %s %.0f%%", len(r.Campaigns), worstID, 100*worst)
	}
	add(fmt.Sprintf("%g%% of each campaign's day-one accounts blocked within 24h of its start", 100*t.MinDayOneBlocked), miss, ok)

	miss, worst, worstID = nil, -1, ""
	for _, c := range r.Campaigns {
		if c.ServedAfterDayShare >= t.MaxServedAfterDay {
			miss = append(miss, fmt.Sprintf("%s %.2f%%", c.ID, 100*c.ServedAfterDayShare))
		} else if c.ServedAfterDayShare > worst {
			worst, worstID = c.ServedAfterDayShare, c.ID
		}
	}
	ok = "no campaigns"
	if len(r.Campaigns) > 0 {
		ok = fmt.Sprintf("all %d campaigns meet it; highest %s %.2f%%", len(r.Campaigns), worstID, 100*worst)
	}
	add(fmt.Sprintf("under %g%% of each campaign's exchanges served after its first day", 100*t.MaxServedAfterDay), miss, ok)

	miss, worst, worstID = nil, -1, ""
	n := 0
	for _, c := range r.Campaigns {
		if c.ActiveHours < 24 {
			continue
		}
		n++
		switch p := c.AccountHoursToBlockP90; {
		case p == nil:
			miss = append(miss, fmt.Sprintf("%s never (%d of %d accounts blocked)", c.ID, c.Blocked, c.Accounts))
		case *p > t.MaxAccountHoursP90:
			miss = append(miss, fmt.Sprintf("%s %.1fh", c.ID, *p))
		case *p > worst:
			worst, worstID = *p, c.ID
		}
	}
	ok = "no campaign active for a day"
	if n > 0 {
		ok = fmt.Sprintf("all %d campaigns active for a day meet it; slowest %s %.1fh", n, worstID, worst)
	}
	add(fmt.Sprintf("p90 of hours from an account's first exchange to its block at most %gh", t.MaxAccountHoursP90), miss, ok)

	h := r.HonestTotal
	share := func(k int) float64 {
		if h.Accounts == 0 {
			return 0
		}
		return float64(k) / float64(h.Accounts)
	}
	v := Verdict{
		Target: fmt.Sprintf("at most %g%% of honest accounts blocked", 100*t.MaxHonestBlocked),
		Pass:   share(h.Blocked) <= t.MaxHonestBlocked,
		Detail: fmt.Sprintf("%d of %d honest accounts blocked (%.2f%%)", h.Blocked, h.Accounts, 100*share(h.Blocked)),
	}
	if h.Blocked > 0 {
		var parts []string
		for _, c := range r.Honest {
			if c.Blocked > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", c.Category, c.Blocked))
			}
		}
		v.Detail += " (" + strings.Join(parts, ", ") + ")"
	}
	r.Targets = append(r.Targets, v)
	r.Targets = append(r.Targets, Verdict{
		Target: fmt.Sprintf("at most %g%% of honest accounts throttled", 100*t.MaxHonestThrottled),
		Pass:   share(h.Throttled) <= t.MaxHonestThrottled,
		Detail: fmt.Sprintf("%d of %d honest accounts throttled (%.2f%%); %d shaped", h.Throttled, h.Accounts, 100*share(h.Throttled), h.Shaped),
	})

	r.Pass = true
	for _, v := range r.Targets {
		r.Pass = r.Pass && v.Pass
	}
}

// AddVerdict appends v to the verdicts and updates Pass: a target graded
// outside ApplyTargets (which replaces the verdicts: call it first).
func (r *Result) AddVerdict(v Verdict) {
	r.Targets = append(r.Targets, v)
	r.Pass = true
	for _, v := range r.Targets {
		r.Pass = r.Pass && v.Pass
	}
}

// ConvergenceTarget is the convergence verdict's target at tolerance (the
// share of a campaign's members that may differ).
func ConvergenceTarget(tolerance float64) string {
	return fmt.Sprintf("live campaigns equal detect's on the served data (same campaigns, members within %g%%)", 100*tolerance)
}

// AddConvergence records a, the live campaigns compared with detect's on
// the data the server was given, and its verdict.
func (r *Result) AddConvergence(a findings.Agreement) {
	r.Convergence = &a
	r.AddVerdict(Verdict{Target: ConvergenceTarget(a.Tolerance), Pass: a.Agrees, Detail: a.Summary()})
}
