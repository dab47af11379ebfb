package simulate

import (
	"math"
	"net/netip"

	"github.com/distillguard/distillguard/internal/record"
)

// Two attacks that hide differently from the hydra (research.md, end of
// "Honest look-alikes"):
//
//   - front-company: a declared organisation with one card, one stable cloud
//     subnet and a handful of very heavy accounts harvesting reasoning. It
//     pays as itself; with ~six accounts it is barely a group.
//   - drip: hundreds of bought, aged accounts, each with its own card and its
//     own sticky residential exit, a few exchanges a day in one timezone's
//     working hours, paraphrased requests for full reasoning mixed with
//     ordinary traffic. What they share is subtle: an unusual output budget,
//     a TLS stack that contradicts the claimed client, the same intent, the
//     same hours.
//
// Existing knobs drive them where the trait exists (camouflage, cot,
// paraphrase, synthetic, big_budget, jitter, harnesses, model_switch,
// per_account, harness_families, proxy_pool, sticky_exits, ua_spoof,
// account_age_days); traits they do not have ignore their knob (waves,
// aged_share, accounts_per_card, unshared_cards, org_share,
// easy_verification, dc_share; ua_spoof for the front company, which shows
// its real client).

// knob returns knob name for this campaign: the run's value times the
// campaign's factor for it, kept inside the knob's range.
func (spec *campaignSpec) knob(k knobValues, name string) float64 {
	v := k[name]
	if f, ok := spec.factors[name]; ok {
		v *= f
		if info, ok := knobInfo(name); ok {
			v = clampF(v, info.Min, info.Max)
		}
	}
	return v
}

func knobInfo(name string) (KnobInfo, bool) {
	for _, kn := range knobs {
		if kn.Name == name {
			return kn, true
		}
	}
	return KnobInfo{}, false
}

// newPlan registers a campaign plan over days from..to (operator hours).
func (b *builder) newPlan(spec *campaignSpec, from, to int) (*campaignPlan, int32) {
	s := b.s
	plan := &campaignPlan{id: spec.id, style: spec.style, daily: make([]float64, s.days), weight: make([]float64, s.days)}
	plan.startUS = (int64(from)*86400 + int64(9*3600-int(spec.operTZ)*60+b.r.IntN(3*3600))) * 1e6
	plan.endUS = (int64(to)*86400 + int64(17*3600-int(spec.operTZ)*60+b.r.IntN(4*3600))) * 1e6
	s.plans = append(s.plans, plan)
	return plan, int32(len(s.plans) - 1)
}

// harvestFamilies gives h nf template families per capability of hc above
// a trace; harvest is the share written as extraction prompts.
func (b *builder) harvestFamilies(h *behavior, hc [numCaps]float64, nf int, harvest float64) {
	for c := range hc {
		if hc[c] <= 0.005 {
			continue
		}
		for i := 0; i < nf; i++ {
			style := ""
			if b.r.Float64() < harvest {
				style = "harvest"
			}
			h.families[c] = append(h.families[c], b.newFamily(record.Capability(c), b.r.Float64() < 0.5, style))
		}
	}
}

// specDays returns the campaign's first and last day indexes.
func (b *builder) specDays(spec *campaignSpec) (int, int, error) {
	from, err := dayOf(b.s, spec.from)
	if err != nil {
		return 0, 0, err
	}
	to, err := dayOf(b.s, spec.to)
	if err != nil {
		return 0, 0, err
	}
	if max(from, 0) > min(to, b.s.days-1) {
		return 0, 0, errPeriod(spec.id)
	}
	return from, to, nil
}

// fillPlan spreads perDay(d) expected exchanges over days from..to: a ramp
// over the first three days, day-to-day noise, and weekend for the share of
// a weekday's volume on the operator's weekend.
func (b *builder) fillPlan(plan *campaignPlan, accts []*account, from, to int, tz int32, weekend float64, perDay func(d int) float64) {
	s := b.s
	for d := from; d <= to; d++ {
		f := b.dayShape(d, from, tz, weekend)
		if d < 0 || d >= s.days {
			continue
		}
		for _, a := range accts {
			if int32(d) >= a.first && int32(d) <= a.last {
				plan.weight[d] += a.rate
			}
		}
		if plan.weight[d] > 0 {
			plan.daily[d] = f * perDay(d)
		}
	}
}

// buildFront makes a front company: one organisation, one card, one cloud
// /24, front_accounts very heavy accounts.
func (b *builder) buildFront(spec *campaignSpec, k knobValues) error {
	s := b.s
	from, to, err := b.specDays(spec)
	if err != nil {
		return err
	}
	n := int(math.Round(k["front_accounts"]))
	// A handful of accounts at their real weight whatever the scale: the
	// company is what it is.
	volume := spec.exchanges * k["per_account"]
	plan, campIdx := b.newPlan(spec, from, to)
	tz := spec.operTZ
	jitter := k["jitter"]

	// The harvesting jobs: long agent and coding tasks and reasoning, asked
	// for in formats that put the reasoning apart from the answer, at the
	// largest budgets, with thinking.
	hc := harnessCaps(spec.caps)
	h := &behavior{
		caps:        capsFrom(hc),
		timing:      newTiming(curveProduct, curveProduct, 1-0.3*jitter, 1-jitter, 0.02+0.5*jitter),
		familyShare: 0.97,
		paraphrase:  spec.knob(k, "paraphrase"),
		singleShot:  true,
		synthetic:   spec.knob(k, "synthetic"),
		sessScale:   1,
		cot:         clampF(spec.knob(k, "cot")*spec.cotFactor, 0, 1),
		thinking:    2.5,
		bigBudget:   spec.knob(k, "big_budget"),
		outScale:    1.6,
		refusal:     spec.refusal,
		systemP:     0.8,
		rateLimit:   0.02,
		retries:     4,
	}
	b.harvestFamilies(h, hc, int(math.Max(1, math.Round(k["harness_families"]))), 0.8)
	b.publicTemplates(h, campIdx, k)
	// Its cover: the company's own small product, sent the same way.
	cover := humanBehavior(capsCamouflage, timeProduct)
	cover.systemP, cover.resumed = 0.8, 0.1

	// Deployments: its real client stacks, shown as they are.
	nh := int(math.Max(1, math.Round(k["harnesses"])))
	start := s.dayStart(from)
	deps := make([]client, nh)
	for i := range deps {
		m := clientMix{lagDays: 5}
		deps[i] = clientFor(b.r, harnessSDKs.pick(b.r.Float64()), &m, start, 0)
		if b.r.Float64() < 0.7 {
			deps[i].pinned, deps[i].pinnedAt = true, start-int64(b.r.Float64()*30*86400)
		}
	}

	// One stable cloud subnet: a few VMs in one /24 of one cloud AS.
	ai := s.world.pickAS(b.r, asCloud, -1)
	base := hostIn(&s.world.as[ai], b.r.Uint64()).As4()
	var addrs []addrAS
	for _, last := range b.r.Perm(250)[:4+b.r.IntN(9)] {
		base[3] = byte(2 + last)
		addrs = append(addrs, addrAS{ip: netip.AddrFrom4(base), asn: s.world.as[ai].asn})
	}
	eg := b.fixed(addrs)

	// The declared company.
	org, domain, card := b.org(), b.companyDomain(), b.card()
	country := claimedCountries.pick(b.r.Float64())
	verification := []string{"startup", "enterprise"}[b.r.IntN(2)]
	ageDays := k["account_age_days"]
	founded := s.dayStart(from) - int64((7+b.r.Float64()*math.Max(0, ageDays-7))*86400)
	switchShare := k["model_switch"]
	accts := make([]*account, n)
	for i := range accts {
		created := founded + int64(b.r.IntN(10*86400))
		if i == 0 {
			created = founded
		}
		created = min(created, s.dayStart(from)-3600)
		a := b.newAccount(spec.id, created, 2+b.r.IntN(6))
		accts[i] = a
		a.camp = campIdx
		a.first, a.last = int32(max(from, 0)), int32(to)
		a.rate = lognormMean(b.r, 1, 0.25)
		a.pActive = 1 - 0.1*jitter
		a.sigma = 0.08 + 0.4*jitter
		a.tz = tz
		a.beh[0], a.beh[1], a.mix2 = h, cover, spec.knob(k, "camouflage")
		a.cl = deps[b.r.IntN(nh)]
		a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
		a.models = modelPrefs{tiers: makeCDF(0.9, 0.1, 0), lag: int64(1800 + b.r.Float64()*7.5*3600), share: math.Min(1, switchShare/0.9)}
		a.country, a.org, a.email, a.payment, a.verification = country, org, domain, card, verification
		a.setEgress([]*egress{eg})
		b.signup(a)
	}
	weekend := 1 - 0.3*jitter
	span := 0.0
	for d := from; d <= to; d++ {
		if wd := s.weekday(d, tz); wd == 0 || wd == 6 {
			span += weekend
		} else {
			span++
		}
	}
	b.fillPlan(plan, accts, from, to, tz, weekend, func(int) float64 { return volume / span })
	return nil
}

// dripBudgets are the unusual max_tokens a drip operator may hard-code:
// not a habit of people, not a model's ceiling, above the thinking floor.
var dripBudgets = []int64{20480, 24576, 28672, 30000}

// buildDrip makes a slow drip: many aged accounts, each with its own card
// and sticky residential exit, a few exchanges a day in the operator's
// working hours.
func (b *builder) buildDrip(spec *campaignSpec, k knobValues) error {
	s := b.s
	from, to, err := b.specDays(spec)
	if err != nil {
		return err
	}
	n := max(spec.minAccounts, int(math.Round(float64(spec.accounts)*s.opt.Scale)))
	plan, campIdx := b.newPlan(spec, from, to)
	tz := spec.operTZ
	jitter := k["jitter"]
	daily := k["drip_daily"] * k["per_account"]

	// Working hours of the operator's timezone, weekdays; the weekend is
	// left to the plan.
	tm := newTiming(curveWorker, curveWorkerWE, 1, 0, 0)
	hc := harnessCaps(spec.caps)
	h := &behavior{
		caps:        capsFrom(hc),
		timing:      tm,
		familyShare: 0.95,
		paraphrase:  spec.knob(k, "paraphrase"),
		singleShot:  true,
		synthetic:   spec.knob(k, "synthetic"),
		sessScale:   1,
		cot:         clampF(spec.knob(k, "cot")*spec.cotFactor, 0, 1),
		thinking:    1.8,
		bigBudget:   spec.knob(k, "big_budget"),
		outScale:    1.4,
		refusal:     spec.refusal,
		systemP:     0.3,
		rateLimit:   0.002,
		retries:     2,
	}
	b.harvestFamilies(h, hc, int(math.Max(1, math.Round(k["harness_families"]))), 0.5)
	b.publicTemplates(h, campIdx, k)
	// The same harness sending the operator's unusual max_tokens: it never
	// asks for the model maximum.
	odd := *h
	odd.bigBudget = 0
	oddBudget := dripBudgets[b.r.IntN(len(dripBudgets))]
	// Ordinary-looking traffic from the same accounts, in the same hours.
	plain := humanBehavior(capsDev, tm)

	// Deployments: each claims a popular SDK; spoofed accounts run the
	// deployment's own TLS stack, another runtime's.
	nh := int(math.Max(1, math.Round(k["harnesses"])))
	start := s.dayStart(from)
	type deployment struct {
		cl    client
		spoof string
	}
	deps := make([]deployment, nh)
	for i := range deps {
		m := clientMix{lagDays: 3}
		cl := clientFor(b.r, harnessSDKs.pick(b.r.Float64()), &m, start, 0)
		if b.r.Float64() < 0.7 {
			cl.pinned, cl.pinnedAt = true, start-int64(b.r.Float64()*30*86400)
		}
		rt := []runtimeID{rtGo, rtRust, rtCurlLinux}[b.r.IntN(3)]
		deps[i] = deployment{cl, fpOf(rt, b.r.Float64())}
	}

	// Sticky residential exits in each account's claimed country.
	poolSize := k["proxy_pool"]
	if poolSize < 1000 {
		poolSize *= daily * float64(n) * float64(to-from+1)
	}
	geoPools := map[int]*pool{}
	sticky := spec.knob(k, "sticky_exits")
	spoof := spec.knob(k, "ua_spoof")
	oddShare := k["odd_budget"]
	camo := spec.knob(k, "camouflage")
	switchShare := k["model_switch"]
	ageDays := k["account_age_days"]
	accts := make([]*account, n)
	for i := range accts {
		// Bought: made by others, at least a month before, at any hour.
		created := s.dayStart(from) - int64((30+b.r.Float64()*ageDays)*86400) - int64(b.r.IntN(86400))
		a := b.newAccount(spec.id, created, 1)
		accts[i] = a
		a.camp = campIdx
		a.first = int32(max(0, from+b.r.IntN(7)))
		a.last = int32(to)
		if b.r.Float64() < 0.2 {
			a.last = int32(min(to, int(a.first)+14+b.r.IntN(21)))
		}
		a.first = min(a.first, a.last)
		a.rate = lognormMean(b.r, 1, 0.3)
		a.pActive = 0.8 - 0.2*jitter
		a.sigma = 0.3 + 0.4*jitter
		a.tz = tz
		a.beh[0], a.beh[1], a.mix2 = h, plain, camo
		dep := deps[b.r.IntN(nh)]
		a.cl = dep.cl
		if b.r.Float64() < spoof {
			a.cl.fp = dep.spoof
		}
		a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
		if b.r.Float64() < oddShare {
			// Sent or not as the claimed client library habitually does:
			// presence never depends on who sends.
			a.beh[0], a.maxTok = &odd, oddBudget
		}
		a.models = modelPrefs{tiers: makeCDF(0.9, 0.1, 0), lag: int64(1800 + b.r.Float64()*20*3600), share: math.Min(1, switchShare/0.9)}
		a.country = claimedCountries.pick(b.r.Float64())
		ci := countryIndex(a.country)
		p := geoPools[ci]
		if p == nil {
			var ases []int32
			var wts []float64
			for _, ai := range s.world.byCountry[ci][asResidential] {
				ases, wts = append(ases, ai), append(wts, 1)
			}
			p = s.world.newPool(b.r, uint64(math.Max(1000, poolSize*countries[ci].weight)), ases, wts, 0.08)
			b.shareExits(p, k)
			geoPools[ci] = p
		}
		if b.r.Float64() < sticky {
			// Its own exit, kept for days like a home line.
			a.setEgress([]*egress{{kind: egPool, key: b.r.Uint64(), pool: p, sticky: int64(86400 * (2 + b.r.IntN(6)))}})
		} else {
			a.setEgress([]*egress{{kind: egPool, key: b.r.Uint64(), pool: p}})
		}
		a.email, a.payment, a.verification = b.freeMail(), b.card(), "none"
		b.signup(a)
	}
	// A weekday's volume is the accounts' daily habit; the weekend is
	// mostly off.
	b.fillPlan(plan, accts, from, to, tz, 0.1, func(d int) float64 { return daily * plan.weight[d] * (0.8 - 0.2*jitter) })
	return nil
}
