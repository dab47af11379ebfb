// Package score is where a candidate campaign is judged. It measures the
// candidate against the background (every account outside all candidates)
// on five families of evidence — extraction content, evasive
// infrastructure, concealed coordination, account hygiene, timing — and on
// mitigating evidence that marks an honest look-alike: one declared
// organisation paying with one instrument from stable infrastructure. Each
// measurement becomes a strength in [0, 1] and a sentence with its figure;
// the families combine into one score. Nothing here knows an account id or
// a name: honest look-alikes are suppressed by evidence, never by a list.
package score

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

// Config holds scoring parameters.
type Config struct {
	// Weights of the evidence families in the logistic score.
	Content, Infrastructure, Coordination, Hygiene, Timing float64
	// Bias is the logistic intercept: the log-odds of a candidate with no
	// evidence at all.
	Bias float64
	// Mitigation is how much a declared, single-payer, stable organisation
	// lowers the log-odds.
	Mitigation float64
	// Threshold is the score at which a candidate is reported.
	Threshold float64
	// MinFamilies is how many families must each reach FamilyFloor: a
	// campaign is never one odd habit.
	MinFamilies int
	FamilyFloor float64
	// RequireActivity demands that content or infrastructure evidence be
	// among them: coordination and fresh accounts alone describe a
	// hackathon as well as a hydra.
	RequireActivity float64
	// RequireCoordination demands coordination evidence: a campaign is many
	// accounts acting as one; a group of individually odd accounts that do
	// not act together (an embedded-key app's users, heavy mobile users) is
	// not one.
	RequireCoordination float64
	// RequireOperator demands evidence of an operator, not only of shared
	// software: evasive infrastructure, account hygiene, or accounts that
	// share cards or exits while claiming to be unrelated. Shared templates,
	// a shared system prompt, one client build, the same budgets and the
	// same rush to a new model are what every user of one popular agent
	// shows; they describe software, and a crowd of its users is no
	// campaign, whatever its size.
	RequireOperator float64
	// MinAccounts mirrors campaign.Config.MinAccounts.
	MinAccounts int
}

// Family names, in report order.
var Families = []string{"content", "infrastructure", "coordination", "hygiene", "timing"}

// Signal is one measured piece of evidence.
type Signal struct {
	Family   string
	Strength float64 // 0 … 1
	Sentence string  // with its figure
}

// Result is the judgement of one candidate.
type Result struct {
	Score      float64
	Campaign   bool
	Families   map[string]float64
	Mitigation float64
	// Operator is the strongest evidence of an operator behind the group
	// (see Config.RequireOperator), 0 … 1.
	Operator float64
	// Harvest is how much the group is one declared organisation
	// harvesting reasoning at many times the heaviest customers' volume
	// (a front company), 0 … 1.
	Harvest float64
	// Dismissal says, for a group that is not a campaign, which test it
	// failed, in words for the findings; empty for a campaign.
	Dismissal string
	Signals   []Signal // strongest first
	// Siblings are accounts outside the group that present its
	// contradicted client claim with its unusual max_tokens and send in
	// its hours: the same harness, which linking did not tie to the
	// members. Set only when most of the group's accounts contradict
	// their client claim.
	Siblings []uint32
	Stats    Stats
}

// Stats are the campaign's aggregate figures.
type Stats struct {
	Accounts     int
	Exchanges    int64
	FirstSec     uint32
	LastSec      uint32
	Capabilities [record.NumCapabilities]float64
}

// Background is what a candidate is compared with: every account outside
// it. Population sums and per-account figures are gathered once; Excluding
// then removes one candidate's accounts, so each candidate is measured
// against everyone else and a large campaign does not raise its own bar.
type Background struct {
	accounts      int
	markers       [8]float64
	maxBudget     float64
	thinking      float64
	orphan        float64
	outputRatio   float64
	capabilities  [record.NumCapabilities]float64
	addressChange float64 // median over accounts with enough traffic
	networkChange float64
	networks      float64
	mismatch      float64
	fresh         float64
	hourEntropy   float64
	gapCV         float64
	newModel      float64
	heavy         float64 // exchanges of the 99th-percentile account
	// Per-account medians, which a few heavy groups cannot move: what a
	// typical customer does.
	typical         struct{ cot, format, transcript, thinking, maxBudget, outPerExchange float64 }
	verificationPop map[uint32]float64

	pop *population
}

// population holds what Excluding needs.
type population struct {
	agg                     profile.Account
	traffic                 []uint32 // accounts with at least minTraffic exchanges
	churn, netChange        []float64
	nets, hours, cv         []float64
	cot, format, transcript []float64
	think, maxBudget        []float64
	outPerExchange          []float64
	grouped                 []bool // by account id: held by a linked group (set by Witnesses)
	mismatch, fresh         []bool
	clientKnown             []bool
	hasAge                  []bool
	clients                 *clients
	verification            []uint32 // per account, 0 when unknown
	domainDF                map[uint32]int
	budgetDF                map[uint32]int // accounts by their most common max_tokens
	withBudget              int
	active                  int
}

// minTraffic is the number of exchanges an account needs before its
// per-account medians (address churn, hour entropy, regularity) mean
// anything.
const minTraffic = 20

// NewPopulation gathers the figures of every account of s.
func NewPopulation(s *profile.Store) *Background {
	n := s.NumAccounts()
	p := &population{fresh: make([]bool, n+1), hasAge: make([]bool, n+1),
		verification: make([]uint32, n+1), domainDF: map[uint32]int{}, budgetDF: map[uint32]int{},
		clients: newClients(s)}
	p.mismatch, p.clientKnown = p.clients.alone()
	for a := uint32(1); a <= uint32(n); a++ {
		b := &s.Behaviour[a]
		if in := s.Info[a]; in.Known {
			p.verification[a] = in.Verification
			if in.EmailDomain != 0 {
				p.domainDF[in.EmailDomain]++
			}
		}
		if b.N == 0 {
			continue
		}
		p.active++
		addCounts(&p.agg, b)
		if v := s.TopBudget(a); v != 0 {
			p.budgetDF[v]++
			p.withBudget++
		}
		f := s.Features(a)
		if b.N >= minTraffic {
			p.traffic = append(p.traffic, a)
			p.churn = append(p.churn, f.AddressChange)
			p.netChange = append(p.netChange, f.NetworkChange)
			p.nets = append(p.nets, f.Networks)
			p.hours = append(p.hours, f.HourEntropy)
			p.cv = append(p.cv, f.GapCV)
			p.cot = append(p.cot, f.Markers[markerCoT])
			p.format = append(p.format, f.Markers[markerFormat])
			p.transcript = append(p.transcript, f.Markers[markerTranscript])
			p.think = append(p.think, f.Thinking)
			p.maxBudget = append(p.maxBudget, f.MaxBudget)
			p.outPerExchange = append(p.outPerExchange, float64(b.OutTokens)/float64(b.N))
		}
		if !math.IsNaN(f.AgeDays) {
			p.hasAge[a] = true
			p.fresh[a] = f.AgeDays < freshDays
		}
	}
	return (&Background{pop: p}).Excluding(s, nil)
}

// Witnesses returns the background with the accounts of each group, which
// act as one, counted as one witness of which TLS stacks each client claim
// comes with (see clients), and the typical account's habits measured on
// accounts outside every group. Call it once the candidates are formed.
func (bg *Background) Witnesses(s *profile.Store, groups [][]uint32) *Background {
	np := *bg.pop
	np.clients = bg.pop.clients.witnesses(groups)
	np.mismatch, np.clientKnown = np.clients.alone()
	// The typical account is one that no linked group holds: a crowd of
	// one agent's users can be a large share of all accounts, and would
	// make its own habits (the largest budgets, long answers) typical.
	np.grouped = make([]bool, len(bg.pop.mismatch))
	for _, g := range groups {
		for _, a := range g {
			np.grouped[a] = true
		}
	}
	return (&Background{pop: &np}).Excluding(s, nil)
}

// leaveOutShare: candidates smaller than this share of all active accounts
// are measured against the whole population, which they cannot move; larger
// ones get a background without their own accounts. Hundreds of small
// linked groups would otherwise each cost a pass over every account.
const leaveOutShare = 0.01

// For returns the background a candidate with these accounts is measured
// against.
func (bg *Background) For(s *profile.Store, members []uint32) *Background {
	if float64(len(members)) < leaveOutShare*float64(bg.pop.active) {
		// A few accounts can still carry much of the traffic (a front
		// company's handful of very heavy accounts): they would set
		// their own bar.
		var n uint32
		for _, a := range members {
			n += s.Behaviour[a].N
		}
		if float64(n) < leaveOutShare*float64(bg.pop.agg.N) {
			return bg
		}
	}
	return bg.Excluding(s, members)
}

// Excluding returns the background without the given accounts.
func (bg *Background) Excluding(s *profile.Store, members []uint32) *Background {
	p := bg.pop
	out := &Background{pop: p, verificationPop: map[uint32]float64{}}
	in := make([]bool, len(p.mismatch)) // by account id: a member
	agg := p.agg
	for _, a := range members {
		in[a] = true
		subCounts(&agg, &s.Behaviour[a])
	}
	n := float64(agg.N)
	if n > 0 {
		for i := range out.markers {
			out.markers[i] = float64(agg.Markers[i]) / n
		}
		for c := range out.capabilities {
			out.capabilities[c] = float64(agg.Capabilities[c]) / n
		}
		out.thinking = float64(agg.Thinking) / n
	}
	if agg.WithMaxTokens > 0 {
		out.maxBudget = float64(agg.MaxBudget) / float64(agg.WithMaxTokens)
	}
	if agg.MultiTurn > 0 {
		out.orphan = float64(agg.OrphanTurns) / float64(agg.MultiTurn)
	}
	if agg.InTokens > 0 {
		out.outputRatio = float64(agg.OutTokens) / float64(agg.InTokens)
	}
	if agg.InReleaseWindow > 0 {
		out.newModel = float64(agg.NewModel24h) / float64(agg.InReleaseWindow)
	}
	var churn, netChange, nets, hours, cv []float64
	var cot, format, transcript, think, maxBudget, outPer []float64
	for i, a := range p.traffic {
		if in[a] {
			continue
		}
		if p.grouped == nil || !p.grouped[a] {
			cot = append(cot, p.cot[i])
			format = append(format, p.format[i])
			transcript = append(transcript, p.transcript[i])
			think = append(think, p.think[i])
			maxBudget = append(maxBudget, p.maxBudget[i])
			outPer = append(outPer, p.outPerExchange[i])
		}
		churn = append(churn, p.churn[i])
		netChange = append(netChange, p.netChange[i])
		nets = append(nets, p.nets[i])
		hours = append(hours, p.hours[i])
		cv = append(cv, p.cv[i])
	}
	out.typical.cot = orZero(profile.Percentile(cot, 0.5))
	out.typical.format = orZero(profile.Percentile(format, 0.5))
	out.typical.transcript = orZero(profile.Percentile(transcript, 0.5))
	out.typical.thinking = orZero(profile.Percentile(think, 0.5))
	out.typical.maxBudget = orZero(profile.Percentile(maxBudget, 0.5))
	out.typical.outPerExchange = orZero(profile.Percentile(outPer, 0.5))
	out.addressChange = orZero(profile.Percentile(churn, 0.5))
	out.networkChange = orZero(profile.Percentile(netChange, 0.5))
	out.networks = orZero(profile.Percentile(nets, 0.5))
	// NaN when no background account sends enough to have a rhythm: an
	// unknown figure, not a background that sends in one hour.
	out.hourEntropy = profile.Percentile(hours, 0.5)
	out.gapCV = profile.Percentile(cv, 0.5)
	var mism, clientKnown, withAge, fresh, known float64
	var volumes []float64
	for a := 1; a < len(p.mismatch); a++ {
		if in[uint32(a)] {
			continue
		}
		if n := s.Behaviour[a].N; n > 0 {
			out.accounts++
			volumes = append(volumes, float64(n))
		}
		if p.clientKnown[a] {
			clientKnown++
			if p.mismatch[a] {
				mism++
			}
		}
		if p.hasAge[a] {
			withAge++
			if p.fresh[a] {
				fresh++
			}
		}
		if v := p.verification[a]; v != 0 || s.Info[a].Known {
			known++
			out.verificationPop[v]++
		}
	}
	out.heavy = orZero(profile.Percentile(volumes, 0.99))
	if clientKnown > 0 {
		out.mismatch = mism / clientKnown
	}
	if withAge > 0 {
		out.fresh = fresh / withAge
	}
	for k, v := range out.verificationPop {
		out.verificationPop[k] = v / max(known, 1)
	}
	return out
}

func orZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// freshDays: an account this young at its first request was made for the job.
const freshDays = 7

func subCounts(dst, b *profile.Account) {
	var neg profile.Account
	addCounts(&neg, b)
	dst.N -= neg.N
	for i := range dst.Markers {
		dst.Markers[i] -= neg.Markers[i]
	}
	for c := range dst.Capabilities {
		dst.Capabilities[c] -= neg.Capabilities[c]
	}
	dst.Thinking -= neg.Thinking
	dst.WithTools -= neg.WithTools
	dst.WithImages -= neg.WithImages
	dst.MaxBudget -= neg.MaxBudget
	dst.WithMaxTokens -= neg.WithMaxTokens
	dst.MultiTurn -= neg.MultiTurn
	dst.OrphanTurns -= neg.OrphanTurns
	dst.InTokens -= neg.InTokens
	dst.OutTokens -= neg.OutTokens
	dst.NewModel24h -= neg.NewModel24h
	dst.InReleaseWindow -= neg.InReleaseWindow
	dst.StopMax -= neg.StopMax
	dst.WithText -= neg.WithText
}

func addCounts(dst, b *profile.Account) {
	dst.N += b.N
	for i := range dst.Markers {
		dst.Markers[i] += b.Markers[i]
	}
	for c := range dst.Capabilities {
		dst.Capabilities[c] += b.Capabilities[c]
	}
	dst.Thinking += b.Thinking
	dst.WithTools += b.WithTools
	dst.WithImages += b.WithImages
	dst.MaxBudget += b.MaxBudget
	dst.WithMaxTokens += b.WithMaxTokens
	dst.MultiTurn += b.MultiTurn
	dst.OrphanTurns += b.OrphanTurns
	dst.InTokens += b.InTokens
	dst.OutTokens += b.OutTokens
	dst.NewModel24h += b.NewModel24h
	dst.InReleaseWindow += b.InReleaseWindow
	dst.StopMax += b.StopMax
	dst.WithText += b.WithText
}

// Input is one candidate to judge.
type Input struct {
	Accounts []uint32
	// TemplateShare is the share of the candidate's exchanges that use one
	// of its core templates; NaN when it sent no text or signatures.
	TemplateShare float64
	CoreTemplates int
	// SharedAddressAccounts is how many accounts hold one of its core
	// address or prefix objects.
	SharedAddressAccounts int
	// Cohesion is the mean share of its accounts holding each of its three
	// most-held core objects: how much its accounts act as one.
	Cohesion float64
}

// Judge scores one candidate.
func Judge(s *profile.Store, bg *Background, in *Input, cfg *Config) *Result {
	r := &Result{Families: map[string]float64{}}
	var agg profile.Account
	var churn, netChange, nets, hours, cvs, ages []float64
	var withAge, fresh float64
	st := &r.Stats
	st.Accounts = len(in.Accounts)
	st.FirstSec = math.MaxUint32
	for _, a := range in.Accounts {
		b := &s.Behaviour[a]
		if b.N == 0 {
			continue
		}
		addCounts(&agg, b)
		st.Exchanges += int64(b.N)
		st.FirstSec = min(st.FirstSec, b.First)
		st.LastSec = max(st.LastSec, b.Last)
		f := s.Features(a)
		if b.N >= minTraffic {
			churn = append(churn, f.AddressChange)
			netChange = append(netChange, f.NetworkChange)
			nets = append(nets, f.Networks)
			hours = append(hours, f.HourEntropy)
			cvs = append(cvs, f.GapCV)
		}
		if !math.IsNaN(f.AgeDays) {
			withAge++
			ages = append(ages, f.AgeDays)
			if f.AgeDays < freshDays {
				fresh++
			}
		}
	}
	n := float64(agg.N)
	if n == 0 {
		return r
	}
	for c := range st.Capabilities {
		st.Capabilities[c] = float64(agg.Capabilities[c]) / n
	}
	add := func(fam string, strength float64, format string, args ...any) {
		if strength <= 0 || math.IsNaN(strength) {
			return
		}
		r.Signals = append(r.Signals, Signal{Family: fam, Strength: math.Min(strength, 1), Sentence: fmt.Sprintf(format, args...)})
	}
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

	// Content: what the accounts ask for.
	markerNames := []string{"ask for the full step-by-step reasoning", "ask the model to grade or judge answers", "embed a synthetic multi-turn transcript in one prompt", "ask for a \"safe\" rewrite of a sensitive request"}
	for i, name := range markerNames {
		x := float64(agg.Markers[i]) / n
		add("content", ramp(x-bg.markers[i], 0.05, 0.35), "%s of its exchanges %s (background %s)", pct(x), name, pct(bg.markers[i]))
	}
	if agg.WithMaxTokens > 0 {
		x := float64(agg.MaxBudget) / float64(agg.WithMaxTokens)
		add("content", 0.8*excess(x, bg.maxBudget, 0.4), "%s of requests set max_tokens near the largest budget seen for the model (background %s)", pct(x), pct(bg.maxBudget))
	}
	if agg.MultiTurn > 0 && float64(agg.MultiTurn) >= 0.05*n {
		x := float64(agg.OrphanTurns) / float64(agg.MultiTurn)
		add("content", 0.7*excess(x, bg.orphan, 0.4), "%s of its multi-turn requests arrive whole, without their earlier turns (background %s)", pct(x), pct(bg.orphan))
	}
	div := jsDivergence(st.Capabilities[:], bg.capabilities[:])
	add("content", 0.5*ramp(div, 0.1, 0.4), "its capability mix (%s) differs from the background's (divergence %.2f)", topCaps(st.Capabilities), div)
	if bg.outputRatio > 0 && agg.InTokens > 0 {
		x := float64(agg.OutTokens) / float64(agg.InTokens)
		add("content", 0.5*ramp(math.Log2(x/bg.outputRatio), 1, 3), "it draws %.1f output tokens per input token (background %.1f)", x, bg.outputRatio)
	}
	thinking := float64(agg.Thinking) / n
	add("content", 0.4*excess(thinking, bg.thinking, 0.5), "%s of requests ask for extended thinking (background %s)", pct(thinking), pct(bg.thinking))

	// Infrastructure: how the accounts reach the API.
	if len(churn) > 0 {
		// Moving between networks is what proxies do; moving between the
		// addresses of one corporate or carrier pool is not.
		x := profile.Percentile(netChange, 0.5)
		add("infrastructure", excess(x, bg.networkChange, 0.5), "its accounts change network (ASN) on %s of requests (median; background %s)", pct(x), pct(bg.networkChange))
		x = profile.Percentile(churn, 0.5)
		add("infrastructure", 0.4*excess(x, bg.addressChange, 0.5), "its accounts change address on %s of requests (median; background %s)", pct(x), pct(bg.addressChange))
		nx := profile.Percentile(nets, 0.5)
		if bg.networks > 0 {
			add("infrastructure", 0.7*ramp(math.Log2(nx/bg.networks), 1, 4), "a median account reaches the API from %.0f networks (background %.0f)", nx, bg.networks)
		}
	}
	clk := clockOf(s, in.Accounts)
	siblings := bg.pop.clients.siblings(s, in.Accounts, clk)
	if mism, known := bg.pop.clients.mismatched(in.Accounts, siblings); known > 0 {
		mx := float64(mism) / float64(known)
		// A share of the accounts whose claim others can judge: when
		// only a few of them can be (the rest claim a client nobody
		// outside claims, as a crowd of one new agent's users does on
		// its first days), a share of those few is not the group's.
		judged := float64(known) / float64(len(in.Accounts))
		add("infrastructure", 0.6*excess(mx, bg.mismatch, 0.5)*ramp(judged, 0.1, 0.3), "%s of its accounts claim a client whose TLS fingerprint contradicts the claim (of the %d of %d whose claim others can judge): the other accounts making it do not show that fingerprint, or it is another kind of client's (background %s)", pct(mx), known, len(in.Accounts), pct(bg.mismatch))
		if mx >= 0.5 && judged >= 0.3 {
			r.Siblings = onClock(s, clk, siblings)
		}
	}

	// Coordination: many accounts that claim to be unrelated. opCoord is
	// the part that only an operator leaves (shared cards, shared exits),
	// as against shared tooling (templates, cohesion in what is sent).
	var opCoord float64
	orgs := distinct(in.Accounts, s.Org)
	cards := distinct(in.Accounts, func(a uint32) uint32 { return s.Info[a].Payment })
	domains := distinct(in.Accounts, func(a uint32) uint32 { return s.Info[a].EmailDomain })
	size := ramp(math.Log(float64(len(in.Accounts))/float64(cfg.MinAccounts)), 0, math.Log(40))
	declared := declaredShare(s, in.Accounts, bg.pop.domainDF, s.NumAccounts())
	concealed := 1 - declared
	cohesion := ramp(in.Cohesion, 0.3, 0.8)
	add("coordination", size*concealed*cohesion, "%d accounts act as one (their three most shared indicators are each held by %.0f%% of them on average) while declaring %d organisations, %d e-mail domains and %d payment instruments; only %s belong to a declared team that pays as itself", len(in.Accounts), 100*in.Cohesion, orgs, domains, cards, pct(declared))
	if in.SharedAddressAccounts > 0 {
		// Sharing an exit is coordination, not evasion: a lab behind one
		// NAT shares one too, but declares who it is.
		x := float64(in.SharedAddressAccounts) / float64(len(in.Accounts))
		exits := 0.5 * concealed * ramp(x, 0.2, 0.8)
		opCoord = 1 - (1-opCoord)*(1-exits)
		add("coordination", exits, "%s of its accounts share exit addresses or /24 networks on the same day", pct(x))
	}
	if ts := in.TemplateShare; !math.IsNaN(ts) {
		// Shared templates are shared tooling: a pipeline, a starter kit
		// and a harness all have them. Evidence of one hidden operator
		// only when the accounts do not declare themselves.
		add("coordination", 0.7*concealed*ramp(ts, 0.25, 0.75), "%s of its exchanges follow %d templates its accounts share", pct(ts), in.CoreTemplates)
	}
	shared := sharedCards(s, in.Accounts)
	opCoord = 1 - (1-opCoord)*(1-0.8*ramp(shared, 0.1, 0.5))
	add("coordination", 0.8*ramp(shared, 0.1, 0.5), "%s of its accounts pay with a card another of its accounts, declaring a different identity, also uses", pct(shared))
	if utc, local, spread := clk.utc, clk.local, clk.spread; clk.counted >= cfg.MinAccounts {
		// One clock behind many claimed zones is an operator's: people
		// keep their own hours.
		clock := 0.8 * concealed * ramp(utc-local, 0.08, 0.25) * ramp(spread, 0.2, 0.5)
		opCoord = 1 - (1-opCoord)*(1-clock)
		add("coordination", clock, "%s of its accounts claim a country three or more time zones from the others', yet %s of its traffic falls in the same %d hours of UTC against %s in any %d hours of their claimed local time: one clock, not many people's",
			pct(spread), pct(utc), clockWindow, pct(local), clockWindow)
	}
	if v, x, bgShare, ok := oddBudget(s, in.Accounts, siblings, bg.pop); ok && agg.WithMaxTokens > 0 && float64(agg.MaxBudget) < 0.5*float64(agg.WithMaxTokens) {
		// A budget people do not pick, hard-coded in one harness: shared
		// tooling, like a template, and evidence of one hidden operator
		// only when the accounts do not declare themselves. The model's
		// largest budget is measured above, not here.
		add("coordination", 0.6*concealed*ramp(x, 0.3, 0.7)*(1-ramp(bgShare, 0.01, 0.05)),
			"%s of its accounts send max_tokens %d, which %s of other accounts use", pct(x), v, pct(bgShare))
	}
	light := float64(agg.N) / float64(len(in.Accounts))
	add("coordination", 0.3*size*cohesion*ramp(float64(agg.N), 1000, 20000)*ramp(1000/light, 0.5, 2), "%d exchanges in all, %.0f an account: each account light, the operation heavy", agg.N, light)

	// Hygiene: how the accounts came to be.
	if withAge > 0 {
		x := fresh / withAge
		add("hygiene", excess(x, bg.fresh, 0.5), "%s of its accounts made their first request within %d days of signing up (background %s; median age %.0f days)", pct(x), freshDays, pct(bg.fresh), profile.Percentile(ages, 0.5))
	}
	burst := signupBurst(s, in.Accounts)
	add("hygiene", ramp(burst, 0.2, 0.7), "%s of its accounts were created in bursts within hours of one another", pct(burst))
	if v, share := topVerification(s, in.Accounts); share > 0 {
		pop := bg.verificationPop[v]
		add("hygiene", 0.6*ramp(share/max(pop, 0.01), 2, 6)*ramp(share, 0.3, 0.7), "%s of its accounts were verified through %q (background %s)", pct(share), s.Verifications.String(v), pct(pop))
	}

	// Timing: how the accounts send.
	if len(hours) > 0 {
		x := profile.Percentile(hours, 0.5)
		if !math.IsNaN(bg.hourEntropy) {
			add("timing", ramp(x-bg.hourEntropy, 0.05, 0.2), "its accounts send around the clock (hour-of-day entropy %.2f per account; background %.2f)", x, bg.hourEntropy)
		}
		cv := profile.Percentile(cvs, 0.5)
		if !math.IsNaN(cv) && !math.IsNaN(bg.gapCV) {
			add("timing", 0.6*ramp(bg.gapCV-cv, 0.3, 1.2), "their requests arrive evenly spaced (gap variation %.2f; background %.2f), as a dispatcher sends", cv, bg.gapCV)
		}
	}
	if agg.InReleaseWindow >= 50 {
		x := float64(agg.NewModel24h) / float64(agg.InReleaseWindow)
		add("timing", ramp(x-bg.newModel, 0.15, 0.4), "within 24 h of a model release it sent %s of its traffic to the new model (background %s)", pct(x), pct(bg.newModel))
	}

	// Mitigation: one declared organisation paying with one instrument from
	// stable infrastructure is a customer, not a hydra.
	stable := 1.0
	if len(nets) > 0 {
		// A company, lab or eval shop reaches the API from a handful of
		// networks; a proxy-rotating fleet from a hundred.
		stable = 1 - ramp(profile.Percentile(nets, 0.5), 4, 20)
	}
	consistent := 1 - shared // cards shared only within one declared identity
	if cards == 0 {
		consistent = 0.5 // no payment data: neither for nor against
	}
	r.Mitigation = ramp(declared, 0.6, 0.9) * (0.5 + 0.5*consistent) * (0.5 + 0.5*stable)

	// A front company: the same declaration that excuses a customer's
	// accounts makes them one operator's, and what that operator does at
	// that volume is the question. Extraction at many times the heaviest
	// customers' volume is a harvest, whoever pays for it.
	var harvest float64
	if declared >= 0.9 && bg.heavy > 0 {
		// Harvest scale: the organisation's traffic is many times the
		// heaviest customers' (8× to 22× the 99th-percentile account),
		// and each of its accounts heavier than they are (1.4× to 2.8×),
		// however it divides the work among its accounts.
		volume := ramp(math.Log2(float64(agg.N)/bg.heavy), 3, 4.5) * ramp(math.Log2(light/bg.heavy), 0.5, 1.5)
		what, reaped := harvested(&agg, bg)
		harvest = reaped * volume
		if harvest > 0 {
			add("coordination", declared*harvest, "one declared organisation (%d organisations, %d e-mail domains, %d payment instruments) runs these %d accounts, which sent %d exchanges, %.0f an account, %.0f times the heaviest 1%% of other accounts (%.0f); %s",
				orgs, domains, cards, len(in.Accounts), agg.N, light, light/bg.heavy, bg.heavy, what)
			r.Mitigation *= 1 - ramp(harvest, 0, 0.6)
		}
	}

	// Combine: within a family, noisy-OR; across families, logistic.
	for _, f := range Families {
		if x := noisyOr(r.Signals, f); x > 0 {
			r.Families[f] = x
		}
	}
	z := cfg.Bias + cfg.Content*r.Families["content"] + cfg.Infrastructure*r.Families["infrastructure"] +
		cfg.Coordination*r.Families["coordination"] + cfg.Hygiene*r.Families["hygiene"] + cfg.Timing*r.Families["timing"] -
		cfg.Mitigation*r.Mitigation
	r.Score = 1 / (1 + math.Exp(-z))
	strong := 0
	for _, f := range Families {
		if r.Families[f] >= cfg.FamilyFloor {
			strong++
		}
	}
	active := math.Max(r.Families["content"], r.Families["infrastructure"])
	// One declared organisation is one operator by its own account.
	r.Harvest = declared * harvest
	r.Operator = max(r.Families["infrastructure"], r.Families["hygiene"], opCoord, r.Harvest)
	switch {
	case r.Score < cfg.Threshold:
		r.Dismissal = fmt.Sprintf("the group scored %.2f, below the threshold", r.Score)
	default:
		r.Dismissal = gate(r, cfg, len(in.Accounts), strong, active)
	}
	r.Campaign = r.Dismissal == ""

	sort.SliceStable(r.Signals, func(i, j int) bool { return r.Signals[i].Strength > r.Signals[j].Strength })
	return r
}

// gate returns why a group that scored above the threshold is still not a
// campaign, or "" when it is one.
func gate(r *Result, cfg *Config, accounts, strong int, active float64) string {
	switch {
	case accounts < cfg.MinAccounts && (r.Harvest < 0.5 || accounts < MinTeam):
		// A handful of accounts is a customer, however heavy, unless
		// they are one organisation's harvest: then the operation is the
		// campaign, whatever the number of its accounts.
		return fmt.Sprintf("its %d accounts are too few to call a campaign (score %.2f)", accounts, r.Score)
	case strong < cfg.MinFamilies:
		return fmt.Sprintf("only %d evidence family is strong, and a campaign is never one odd habit (score %.2f)", strong, r.Score)
	case active < cfg.RequireActivity:
		return fmt.Sprintf("nothing in what its accounts send or how they reach the API stands out (score %.2f)", r.Score)
	case r.Families["coordination"] < cfg.RequireCoordination:
		return fmt.Sprintf("its accounts are each unusual but do not act together (score %.2f)", r.Score)
	case r.Operator < cfg.RequireOperator:
		return fmt.Sprintf("what its accounts share is software and content (templates, a system prompt, a client build, budgets), "+
			"and no evasive infrastructure, account hygiene, or cards or exits shared across identities tie them to one operator "+
			"(score %.2f; operator evidence %.2f)", r.Score, r.Operator)
	}
	return ""
}

// Extraction marker bits (internal/signals/extraction) the harvest test reads.
const (
	markerCoT        = 0 // asks for the full reasoning
	markerFormat     = 5 // asks for the reasoning apart from the answer
	markerTranscript = 2 // embeds a synthetic multi-turn transcript in one prompt
)

// harvested measures how much a group's traffic is a reasoning harvest
// rather than a customer's heavy work, against the typical customer. A
// harvest wants the richest answers: it asks for the largest budget the
// model allows. With prompt text, its requests also ask for the full
// reasoning, or for the reasoning apart from the answer, in well over a
// quarter of its requests more than a typical account does; an agent
// platform's or a pipeline's heavy work asks now and then at most, and an
// evaluation lab that asks (benchmarks with "think step by step") runs at
// the fixed, ordinary budgets that keep its results comparable. Without text: the
// largest budgets and long answers at once, the more so with extended
// thinking on.
func harvested(agg *profile.Account, bg *Background) (string, float64) {
	n := float64(agg.N)
	thinking := float64(agg.Thinking) / n
	var budget float64
	if agg.WithMaxTokens > 0 {
		budget = float64(agg.MaxBudget) / float64(agg.WithMaxTokens)
	}
	largest := ramp(budget-bg.typical.maxBudget, 0.2, 0.5)
	if float64(agg.WithText) >= 0.5*n {
		cot := float64(agg.Markers[markerCoT]) / n
		format := float64(agg.Markers[markerFormat]) / n
		// Synthetic transcripts (turns written for the model, sent whole in
		// one prompt) are how a harvest makes multi-turn training data;
		// with the reasoning asked for, they mark one at a lower share.
		transcript := float64(agg.Markers[markerTranscript]) / n
		asks := max(ramp(cot-bg.typical.cot, 0.25, 0.45), ramp(format-bg.typical.format, 0.25, 0.45),
			ramp(cot-bg.typical.cot, 0.15, 0.4)*ramp(transcript-bg.typical.transcript, 0.1, 0.2))
		x := largest * asks
		return fmt.Sprintf("%.0f%% of its requests ask for the full reasoning and %.0f%% for the reasoning apart from the answer, %.0f%% for the largest budget (a typical account: %.0f%%, %.0f%% and %.0f%%)",
			100*cot, 100*format, 100*budget, 100*bg.typical.cot, 100*bg.typical.format, 100*bg.typical.maxBudget), x
	}
	out := float64(agg.OutTokens) / n
	x := largest * (0.6 + 0.4*ramp(thinking-bg.typical.thinking, 0.1, 0.4))
	if bg.typical.outPerExchange > 0 {
		x *= ramp(math.Log2(out/bg.typical.outPerExchange), 0.5, 1.5)
	} else {
		x = 0
	}
	return fmt.Sprintf("%.0f%% of its requests ask for extended thinking and %.0f%% for the largest budget, and its answers run to %.0f tokens (a typical account: %.0f%%, %.0f%%, %.0f tokens)",
		100*thinking, 100*budget, out, 100*bg.typical.thinking, 100*bg.typical.maxBudget, bg.typical.outPerExchange), x
}

// noisyOr combines the strengths of one family's signals.
func noisyOr(sigs []Signal, family string) float64 {
	p := 1.0
	for _, sg := range sigs {
		if sg.Family == family {
			p *= 1 - sg.Strength
		}
	}
	return 1 - p
}

// MinTeam is the fewest accounts of a declared organisation judged as a
// front company.
const MinTeam = 3

// excess is how far x exceeds the background bg, as a fraction of scale.
func excess(x, bg, scale float64) float64 { return ramp(x-bg, 0, scale) }

// ramp maps x linearly from lo (0) to hi (1), clamped.
func ramp(x, lo, hi float64) float64 {
	if math.IsNaN(x) || x <= lo {
		return 0
	}
	if x >= hi {
		return 1
	}
	return (x - lo) / (hi - lo)
}

// distinct is the number of distinct non-zero values val takes over accts.
func distinct(accts []uint32, val func(uint32) uint32) int {
	seen := map[uint32]bool{}
	for _, a := range accts {
		if v := val(a); v != 0 {
			seen[v] = true
		}
	}
	return len(seen)
}

// declaredShare is the share of accounts that belong to a declared team: at
// least two accounts sharing an organisation, or an e-mail domain that is
// not a mass mail provider's (a company's or a university's: fewer than
// affiliationShare of all accounts use it), whose payment instruments no
// account outside the team uses.
// A lab, an eval shop or a company declares who it is and pays as itself; a
// hydra spreads its accounts over identities and lets its cards cross them.
func declaredShare(s *profile.Store, accts []uint32, domainDF map[uint32]int, population int) float64 {
	covered := map[uint32]bool{}
	for _, u := range DeclaredTeams(s, accts, domainDF, population) {
		for _, a := range u {
			covered[a] = true
		}
	}
	return float64(len(covered)) / float64(max(len(accts), 1))
}

// DeclaredTeams returns the declared teams among accts: two or more
// accounts sharing an organisation, or an affiliation's e-mail domain,
// whose payment instruments no account of accts outside the team uses.
// Teams may overlap (an organisation and its domain).
func DeclaredTeams(s *profile.Store, accts []uint32, domainDF map[uint32]int, population int) [][]uint32 {
	domainIn := map[uint32]int{}
	for _, a := range accts {
		if d := s.Info[a].EmailDomain; d != 0 {
			domainIn[d]++
		}
	}
	units := map[uint64][]uint32{}
	for _, a := range accts {
		if o := s.Org(a); o != 0 {
			k := uint64(1)<<32 | uint64(o)
			units[k] = append(units[k], a)
		}
		if d := s.Info[a].EmailDomain; d != 0 && domainIn[d] >= 2 && float64(domainDF[d]) < affiliationShare*float64(population) {
			k := uint64(2)<<32 | uint64(d)
			units[k] = append(units[k], a)
		}
	}
	cardHolders := map[uint32][]uint32{}
	for _, a := range accts {
		if p := s.Info[a].Payment; p != 0 {
			cardHolders[p] = append(cardHolders[p], a)
		}
	}
	keys := make([]uint64, 0, len(units))
	for k := range units {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var teams [][]uint32
	for _, k := range keys {
		members := units[k]
		if len(members) < 2 {
			continue
		}
		in := make(map[uint32]bool, len(members))
		for _, a := range members {
			in[a] = true
		}
		consistent := true
		for _, a := range members {
			for _, b := range cardHolders[s.Info[a].Payment] {
				if s.Info[a].Payment != 0 && !in[b] {
					consistent = false
				}
			}
		}
		if consistent {
			teams = append(teams, members)
		}
	}
	return teams
}

// Teams is DeclaredTeams with the population's e-mail domain counts.
func (bg *Background) Teams(s *profile.Store, accts []uint32) [][]uint32 {
	return DeclaredTeams(s, accts, bg.pop.domainDF, s.NumAccounts())
}

// affiliationShare: an e-mail domain used by fewer than this share of all
// accounts names an affiliation (a company, a university); above it, a mail
// provider everyone uses.
const affiliationShare = 0.05

// sharedCards is the share of accounts whose payment instrument another
// account of the set also uses while declaring a different org or e-mail
// domain: one wallet behind identities that claim to be unrelated.
func sharedCards(s *profile.Store, accts []uint32) float64 {
	byCard := map[uint32][]uint32{}
	for _, a := range accts {
		if p := s.Info[a].Payment; p != 0 {
			byCard[p] = append(byCard[p], a)
		}
	}
	n := 0
	for _, as := range byCard {
		if len(as) < 2 {
			continue
		}
		ids := map[[2]uint32]bool{}
		for _, a := range as {
			ids[[2]uint32{s.Org(a), s.Info[a].EmailDomain}] = true
		}
		if len(ids) > 1 {
			n += len(as)
		}
	}
	return float64(n) / float64(max(len(accts), 1))
}

// oddBudget returns the most common of the accounts' usual max_tokens
// values, the share of accounts (of those that send one) whose usual value
// it is, and its share among the other accounts of the population, the
// group's siblings left out.
func oddBudget(s *profile.Store, accts, siblings []uint32, p *population) (v uint32, share, bgShare float64, ok bool) {
	own := map[uint32]int{}
	with := 0
	for _, a := range accts {
		if b := s.TopBudget(a); b != 0 {
			own[b]++
			with++
		}
	}
	best := 0
	for b, n := range own {
		if n > best || n == best && b < v {
			v, best = b, n
		}
	}
	if best == 0 {
		return 0, 0, 0, false
	}
	sib := 0
	for _, a := range siblings {
		if s.TopBudget(a) == v {
			sib++
		}
	}
	others := p.withBudget - with - sib
	if others <= 0 {
		return v, float64(best) / float64(with), 0, false
	}
	return v, float64(best) / float64(with), float64(p.budgetDF[v]-best-sib) / float64(others), true
}

// signupBurst is the share of accounts created within six hours of at
// least max(3, 5%) other accounts of the set.
func signupBurst(s *profile.Store, accts []uint32) float64 {
	var ts []uint32
	for _, a := range accts {
		if in := s.Info[a]; in.HasCreated {
			ts = append(ts, in.Created)
		}
	}
	if len(ts) < 4 {
		return 0
	}
	slices.Sort(ts)
	need := max(3, len(accts)/20)
	const w = 6 * 3600
	inBurst := 0
	lo, hi := 0, 0
	for i, t := range ts {
		for ts[lo]+w < t {
			lo++
		}
		for hi+1 < len(ts) && ts[hi+1] <= t+w {
			hi++
		}
		_ = i
		if hi-lo >= need {
			inBurst++
		}
	}
	return float64(inBurst) / float64(len(accts))
}

func topVerification(s *profile.Store, accts []uint32) (uint32, float64) {
	counts := map[uint32]int{}
	for _, a := range accts {
		if in := s.Info[a]; in.Known && in.Verification != 0 {
			counts[in.Verification]++
		}
	}
	best, bestN := uint32(0), 0
	for v, c := range counts {
		if c > bestN || (c == bestN && v < best) {
			best, bestN = v, c
		}
	}
	return best, float64(bestN) / float64(max(len(accts), 1))
}

// jsDivergence is the Jensen–Shannon divergence (natural log, 0 … ln 2).
func jsDivergence(p, q []float64) float64 {
	d := 0.0
	for i := range p {
		m := (p[i] + q[i]) / 2
		if p[i] > 0 {
			d += 0.5 * p[i] * math.Log(p[i]/m)
		}
		if q[i] > 0 {
			d += 0.5 * q[i] * math.Log(q[i]/m)
		}
	}
	return d
}

// topCaps renders the three largest capability shares.
func topCaps(c [record.NumCapabilities]float64) string {
	idx := []int{0, 1, 2, 3, 4, 5, 6}
	sort.SliceStable(idx, func(i, j int) bool { return c[idx[i]] > c[idx[j]] })
	out := ""
	for i, k := range idx[:3] {
		if c[k] == 0 {
			break
		}
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s %.0f%%", record.Capability(k), 100*c[k])
	}
	return out
}
