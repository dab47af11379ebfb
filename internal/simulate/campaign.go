package simulate

import (
	"math"

	"github.com/distillguard/distillguard/internal/record"
)

// Campaigns: an operator with a pool of accounts made in waves through easy
// verification paths, shared cards, proxy exits, a harness sending templated
// prompts aimed at a narrow capability, 24/7 load-balanced timing and a fast
// move to a new model. Every trait is a knob, and every trait is imperfect:
// some accounts are aged, some cards unshared, the harness speaks popular
// SDKs, and a reseller's ordinary customers share the accounts.

// campaignSpec is one campaign of a scenario, at scale 1.
type campaignSpec struct {
	id, style   string
	accounts    int
	minAccounts int
	exchanges   float64
	from, to    string // first and last day, inclusive (YYYY-MM-DD)
	// caps is the overall capability mix the campaign shows at the default
	// camouflage; the harness mix is derived from it.
	caps      [numCaps]float64
	cotFactor float64 // multiplier on the cot knob
	refusal   float64 // extra refusal rate ("safe" rewrites of sensitive queries)
	orgFactor float64 // multiplier on the org_share knob
	vmShare   float64 // share of accounts on the operator's own cloud VMs
	operTZ    int32   // operator's UTC offset, minutes
	// factors multiply knobs for this campaign only (the result is kept in
	// the knob's range): a style's own strength of a trait, still moved by
	// the knob.
	factors map[string]float64
}

// capsCamouflage is what a reseller's ordinary customers ask for.
var capsCamouflage = caps(0.4, 0.3, 0.08, 0.02, 0.12, 0.03, 0.05)

// defaultCamouflage is the camouflage the campaign caps are calibrated at.
const defaultCamouflage = 0.1

// harnessCaps derives the harness's own capability mix so that, at the
// default camouflage, the campaign's overall mix is spec.caps. Other
// camouflage values shift the overall mix toward the customers' one, as
// they would in reality.
func harnessCaps(target [numCaps]float64) [numCaps]float64 {
	var h [numCaps]float64
	for c := range h {
		h[c] = math.Max(0, (target[c]-defaultCamouflage*capsCamouflage[c])/(1-defaultCamouflage))
	}
	return h
}

// popular SDKs a harness claims to be.
var harnessSDKs = newChooser(w(0.45, sdkPython), w(0.2, sdkOpenAIPy), w(0.15, sdkHTTPX), w(0.1, sdkNode), w(0.1, sdkLangChain))

// Countries campaign accounts claim (served regions the proxies can exit in).
var claimedCountries = newChooser(w(0.3, "US"), w(0.1, "SG"), w(0.08, "JP"), w(0.06, "KR"), w(0.08, "GB"), w(0.06, "DE"),
	w(0.06, "CA"), w(0.05, "AU"), w(0.05, "IN"), w(0.04, "MY"), w(0.04, "TW"), w(0.04, "VN"), w(0.04, "BR"))

// buildCampaign makes the accounts and plan of one campaign.
func (b *builder) buildCampaign(spec *campaignSpec, k knobValues) error {
	switch spec.style {
	case "front-company":
		return b.buildFront(spec, k)
	case "drip":
		return b.buildDrip(spec, k)
	}
	s := b.s
	scale := s.opt.Scale
	from, err := dayOf(s, spec.from)
	if err != nil {
		return err
	}
	to, err := dayOf(s, spec.to)
	if err != nil {
		return err
	}
	// The plan is made over the campaign's whole window; a period that
	// clips the window keeps only its days, at their planned volume.
	if max(from, 0) > min(to, s.days-1) {
		return errPeriod(spec.id)
	}
	// Floors keep small campaigns detectable in principle at small scales;
	// a floored campaign keeps its per-account volume.
	scaled := float64(spec.accounts) * scale
	n := max(spec.minAccounts, int(math.Round(scaled)))
	volume := spec.exchanges * scale * k["per_account"]
	if float64(n) > scaled && scaled > 0 {
		volume *= float64(n) / scaled
	}
	span := to - from + 1

	plan := &campaignPlan{id: spec.id, style: spec.style, daily: make([]float64, s.days), weight: make([]float64, s.days)}
	// Start on the first day's operator morning, stop on the last day's
	// evening.
	plan.startUS = (int64(from)*86400 + int64(9*3600-int(spec.operTZ)*60+b.r.IntN(3*3600))) * 1e6
	plan.endUS = (int64(to)*86400 + int64(17*3600-int(spec.operTZ)*60+b.r.IntN(4*3600))) * 1e6
	campIdx := int32(len(s.plans))
	s.plans = append(s.plans, plan)

	jitter := k["jitter"]
	camo := k["camouflage"]
	tz := spec.operTZ

	// The harness.
	h := &behavior{
		caps:        capsFrom(harnessCaps(spec.caps)),
		timing:      newTiming(curveProduct, curveProduct, 1-0.3*jitter, 1-jitter, 0.02+0.5*jitter),
		familyShare: 0.97,
		paraphrase:  k["paraphrase"],
		singleShot:  true,
		synthetic:   k["synthetic"],
		sessScale:   0.5,
		cot:         clampF(k["cot"]*spec.cotFactor, 0, 1),
		thinking:    1.8,
		bigBudget:   k["big_budget"],
		outScale:    1.6,
		refusal:     spec.refusal,
		systemP:     0.5,
		rateLimit:   0.004,
		retries:     3,
	}
	hc := harnessCaps(spec.caps)
	nf := int(math.Max(1, math.Round(k["harness_families"])))
	for c := range hc {
		if hc[c] <= 0.005 {
			continue
		}
		for i := 0; i < nf; i++ {
			// Half the templates are written as extraction prompts, half
			// imitate the ordinary shapes of their capability (benchmarks,
			// agent scaffolds, pipelines), as operators who blend in do.
			style := ""
			if b.r.Float64() < 0.5 {
				style = "harvest"
			}
			h.families[c] = append(h.families[c], b.newFamily(record.Capability(c), b.r.Float64() < 0.5, style))
		}
	}
	b.publicTemplates(h, campIdx, k)
	// What the reseller's own customers send through the same accounts.
	camoB := humanBehavior(capsCamouflage, timeProduct)
	camoB.passThrough, camoB.systemP, camoB.resumed = &mixEndUsers, 0.4, 0.1
	camoB.models = &modelPrefs{tiers: makeCDF(0.5, 0.35, 0.15), lag: 5 * 86400, share: 0.7}

	// Harness deployments: each a client stack (SDK, version, runtime).
	nh := int(math.Max(1, math.Round(k["harnesses"])))
	type deployment struct{ cl client }
	deps := make([]deployment, nh)
	start := s.dayStart(from)
	for i := range deps {
		m := clientMix{lagDays: 3}
		cl := clientFor(b.r, harnessSDKs.pick(b.r.Float64()), &m, start, 0)
		cl.fp = fpOf(sdkDefs[cl.sdk].runtimes[0], b.r.Float64())
		if b.r.Float64() < 0.7 {
			cl.pinned, cl.pinnedAt = true, start-int64(b.r.Float64()*30*86400)
		}
		deps[i].cl = cl
	}

	// Exits: residential proxies across served countries, and datacenters.
	poolSize := k["proxy_pool"]
	if poolSize < 1000 {
		poolSize *= volume
	}
	var resASes []int32
	var resW []float64
	for ci := range countries {
		for _, ai := range s.world.byCountry[ci][asResidential] {
			resASes = append(resASes, ai)
			resW = append(resW, countries[ci].weight)
		}
		for _, ai := range s.world.byCountry[ci][asMobile] {
			resASes = append(resASes, ai)
			resW = append(resW, countries[ci].weight*0.1)
		}
	}
	resPool := s.world.newPool(b.r, uint64(poolSize), resASes, resW, 0.08)
	b.shareExits(resPool, k)
	dcASes := append(append([]int32{}, s.world.byKind[asHosting]...), s.world.byKind[asCloud]...)
	dcPool := s.world.newPool(b.r, uint64(math.Max(50, poolSize/3)), dcASes, nil, 0.02)
	resEg := &egress{kind: egPool, key: b.r.Uint64(), pool: resPool, perRequest: true}
	dcEg := &egress{kind: egPool, key: b.r.Uint64(), pool: dcPool, perRequest: true}
	dc := k["dc_share"]

	// Creation waves, and the universities whose e-mail addresses the
	// operator can buy.
	waves := int(math.Max(1, math.Round(k["waves"])))
	waveDay := make([]int, waves)
	for i := range waveDay {
		if i == 0 {
			waveDay[i] = from - 1
		} else {
			waveDay[i] = from + int(float64(i)*float64(max(1, span-7))/float64(waves))
		}
	}
	var unis []int32
	for i := 0; i < 8; i++ {
		unis = append(unis, s.world.pickAS(b.r, asUniversity, -1))
	}
	aged := k["aged_share"]
	ageDays := k["account_age_days"]
	if ageDays <= 0 {
		aged = 0
	}
	easy := k["easy_verification"]
	orgShare := clampF(k["org_share"]*spec.orgFactor, 0, 1)
	switchShare := k["model_switch"]

	geoPools := map[int]*pool{}
	var accts []*account
	var org, orgDomain string
	orgLeft := 0
	for i := 0; i < n; i++ {
		wv := 0
		if i >= int(0.35*float64(n)) {
			wv = 1 + b.r.IntN(max(1, waves-1))
			if waves == 1 {
				wv = 0
			}
		}
		wd := waveDay[wv]
		var created int64
		isAged := b.r.Float64() < aged
		if isAged {
			created = s.dayStart(from) - int64((14+b.r.Float64()*math.Max(0, ageDays-14))*86400) - int64(b.r.IntN(86400))
		} else {
			// A wave is a few mornings' work for the operator's signup
			// scripts; the first, before the campaign starts, takes longer.
			dur := 2
			if wv == 0 {
				dur = 5
			}
			created = s.dayStart(wd-b.r.IntN(dur)) + int64(9*3600-int(tz)*60) + int64(b.r.IntN(4*3600))
		}
		a := b.newAccount(spec.id, created, 1+b.r.IntN(2))
		a.camp = campIdx
		a.first = int32(max(from, wd+b.r.IntN(3)))
		if isAged {
			a.first = int32(max(from, waveDay[b.r.IntN(waves)]+b.r.IntN(3)))
		}
		a.last = int32(to)
		if b.r.Float64() < 0.45 {
			a.last = int32(min(to, int(a.first)+10+b.r.IntN(26)))
		}
		if a.created > s.dayStart(int(a.first)) {
			a.first++
		}
		if a.first > a.last {
			a.first = a.last
		}
		a.rate = lognormMean(b.r, 1, 0.35)
		a.pActive = 1 - 0.15*jitter
		a.sigma = 0.08 + 0.5*jitter
		a.tz = tz
		a.beh[0], a.beh[1], a.mix2 = h, camoB, camo
		dep := deps[b.r.IntN(nh)]
		a.cl = dep.cl
		if b.r.Float64() < k["ua_spoof"] {
			// The UA says a popular SDK; the TLS stack is the harness's own.
			a.cl.fp = fpOf([]runtimeID{rtGo, rtRust, rtCurlLinux, rtNode}[b.r.IntN(4)], b.r.Float64())
		}
		// Whether max_tokens is sent is the client library's habit, for
		// harnesses as for everyone (the harness sets it large when it can).
		a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
		// The operator flips its pool to a new model within hours; the
		// knob is the share of harness traffic moved, of which the
		// flagship tier carries 90%.
		a.models = modelPrefs{tiers: makeCDF(0.9, 0.1, 0), lag: int64(1800 + b.r.Float64()*7.5*3600), share: math.Min(1, switchShare/0.9)}
		a.country = claimedCountries.pick(b.r.Float64())
		switch {
		case b.r.Float64() < spec.vmShare:
			a.setEgress([]*egress{b.cloudVMs(1 + b.r.IntN(3)), resEg}, 0.7, 0.3)
		case b.r.Float64() < k["sticky_exits"]:
			// A sticky, geo-targeted proxy session: an exit in the claimed
			// country, kept for hours, like a home line that changes often.
			ci := countryIndex(a.country)
			p := geoPools[ci]
			if p == nil {
				var ases []int32
				var w []float64
				for _, ai := range s.world.byCountry[ci][asResidential] {
					ases, w = append(ases, ai), append(w, 1)
				}
				for _, ai := range s.world.byCountry[ci][asMobile] {
					ases, w = append(ases, ai), append(w, 0.15)
				}
				p = s.world.newPool(b.r, uint64(math.Max(1000, poolSize*countries[ci].weight)), ases, w, 0.08)
				b.shareExits(p, k)
				geoPools[ci] = p
			}
			sticky := &egress{kind: egPool, key: b.r.Uint64(), pool: p, sticky: int64(3600 * (1 + b.r.IntN(24)))}
			a.setEgress([]*egress{sticky, dcEg}, 1-dc/2, dc/2)
		default:
			a.setEgress([]*egress{resEg, dcEg}, 1-dc, dc)
		}
		// Verification path and e-mail.
		a.verification, a.email = "none", b.freeMail()
		if b.r.Float64() < easy {
			switch u := b.r.Float64(); {
			case u < 0.45:
				a.verification, a.email = "education", b.uniDomain(unis[b.r.IntN(len(unis))])
			case u < 0.7:
				a.verification = "research"
			default:
				a.verification = "startup"
			}
		}
		if b.r.Float64() < orgShare {
			if orgLeft == 0 {
				org, orgDomain, orgLeft = b.org(), b.companyDomain(), 1+b.r.IntN(5)
			}
			a.org, a.email = org, orgDomain
			orgLeft--
			if a.verification != "none" {
				a.verification = "startup"
				if b.r.Float64() < 0.15 {
					a.verification = "enterprise"
				}
			}
		}
		accts = append(accts, a)
	}
	b.assignCards(accts, k["accounts_per_card"], k["unshared_cards"])
	for _, a := range accts {
		b.signup(a)
	}

	// The plan: ramp up, plateau, day-to-day noise, and a weekend dip that
	// appears only as the operator imitates people.
	total := 0.0
	daily := make([]float64, span)
	for d := from; d <= to; d++ {
		f := b.dayShape(d, from, tz, 1-0.3*jitter)
		daily[d-from] = f
		total += f
		if d < 0 || d >= s.days {
			continue
		}
		for _, a := range accts {
			if int32(d) >= a.first && int32(d) <= a.last {
				plan.weight[d] += a.rate
			}
		}
	}
	for d := max(from, 0); d <= min(to, s.days-1); d++ {
		if plan.weight[d] > 0 {
			plan.daily[d] = daily[d-from] * volume / total
		}
	}
	return nil
}

// assignCards gives accounts payment fingerprints: some have their own, some
// run on programme credits with no card, the rest share cards in groups of
// about perCard.
func (b *builder) assignCards(accts []*account, perCard, unshared float64) {
	var shared []*account
	for _, a := range accts {
		switch {
		case a.verification != "none" && a.verification != "startup" && b.r.Float64() < 0.25:
			// Programme credits: no card on file.
		case b.r.Float64() < unshared:
			a.payment = b.card()
		default:
			shared = append(shared, a)
		}
	}
	b.r.Shuffle(len(shared), func(i, j int) { shared[i], shared[j] = shared[j], shared[i] })
	for i := 0; i < len(shared); {
		size := 1 + poisson(b.r, math.Max(0, perCard-1))
		card := b.card()
		for j := 0; j < size && i < len(shared); j++ {
			shared[i].payment = card
			i++
		}
	}
}

// dayShape is the volume factor of a campaign's day d (from its first day
// from): a ramp over the first three days, day-to-day noise, and weekend
// on the operator's weekend (tz its UTC offset in minutes).
func (b *builder) dayShape(d, from int, tz int32, weekend float64) float64 {
	f := 1.0
	switch d - from {
	case 0:
		f = 0.35
	case 1:
		f = 0.65
	case 2:
		f = 0.9
	}
	f *= lognormMean(b.r, 1, 0.08)
	if wd := b.s.weekday(d, tz); wd == 0 || wd == 6 {
		f *= weekend
	}
	return f
}
