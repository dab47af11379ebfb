package simulate

import (
	"math"

	"github.com/distillguard/distillguard/internal/record"
)

// Honest populations. Each is a recipe that makes accounts with the same
// builder helpers a campaign uses. The look-alikes of research.md (pipelines,
// university labs, coding-agent platforms, carrier NAT, hackathons, eval labs,
// gateways) are here at full strength: they are where false positives come
// from, so they must be as hard as the real ones.

// Client mixes per population.
var (
	mixConsumer = mix(20, 0.25, w(0.25, sdkElectron), w(0.18, sdkBrowser), w(0.1, sdkPython), w(0.08, sdkNode),
		w(0.1, sdkOpenAIPy), w(0.06, sdkOpenAINode), w(0.08, sdkIOSApp), w(0.07, sdkOkHTTP), w(0.04, sdkLiteLLM), w(0.04, sdkLangChain))
	mixMobile = mix(7, 0.05, w(0.5, sdkOkHTTP), w(0.45, sdkIOSApp), w(0.05, sdkBrowser))
	mixDev    = mix(14, 0.2, w(0.3, sdkPython), w(0.17, sdkNode), w(0.1, sdkOpenAIPy), w(0.05, sdkOpenAINode), w(0.05, sdkHTTPX),
		w(0.04, sdkRequests), w(0.06, sdkCurl), w(0.05, sdkGo), w(0.06, sdkLangChain), w(0.08, sdkCLI), w(0.02, sdkJava), w(0.02, sdkReqwest))
	mixStudent = mix(25, 0.3, w(0.4, sdkPython), w(0.15, sdkOpenAIPy), w(0.1, sdkNode), w(0.1, sdkRequests), w(0.05, sdkCurl),
		w(0.1, sdkLangChain), w(0.1, sdkCLI))
	mixStartup = mix(10, 0.3, w(0.35, sdkPython), w(0.25, sdkNode), w(0.1, sdkOpenAIPy), w(0.07, sdkOpenAINode), w(0.1, sdkLangChain),
		w(0.05, sdkLiteLLM), w(0.08, sdkGo))
	mixEnterprise = mix(45, 0.5, w(0.3, sdkPython), w(0.2, sdkJava), w(0.15, sdkNode), w(0.1, sdkLangChain), w(0.1, sdkBrowser),
		w(0.05, sdkGo), w(0.1, sdkOpenAIPy))
	mixPipeline = mix(60, 0.7, w(0.5, sdkPython), w(0.25, sdkJava), w(0.25, sdkGo))
	mixResearch = mix(30, 0.4, w(0.55, sdkPython), w(0.15, sdkOpenAIPy), w(0.1, sdkHTTPX), w(0.1, sdkRequests), w(0.1, sdkLangChain))
	mixPlatform = mix(2, 0, w(0.5, sdkNode), w(0.3, sdkPython), w(0.2, sdkGo))
	mixGateway  = mix(7, 0.2, w(0.45, sdkLiteLLM), w(0.35, sdkGoHTTP), w(0.2, sdkNode))
	mixHack     = mix(1, 1, w(0.5, sdkPython), w(0.4, sdkNode), w(0.1, sdkCLI))
	mixEval     = mix(20, 0.4, w(0.7, sdkPython), w(0.2, sdkHTTPX), w(0.1, sdkOpenAIPy))
	// mixAppUsers is what end users of a client-side app run.
	mixAppUsers = mix(10, 0, w(0.4, sdkOkHTTP), w(0.35, sdkIOSApp), w(0.25, sdkBrowser))
	// mixEndUsers is what end users of a relay or gateway run.
	mixEndUsers = mix(15, 0, w(0.25, sdkPython), w(0.15, sdkNode), w(0.15, sdkOpenAIPy), w(0.1, sdkOpenAINode), w(0.1, sdkElectron),
		w(0.05, sdkBrowser), w(0.05, sdkHTTPX), w(0.05, sdkCurl), w(0.05, sdkLangChain), w(0.05, sdkCLI))
)

func init() {
	mixDev.noUAShare = 0.01
	mixPipeline.noUAShare = 0.02
}

// caps is shorthand for a capability share vector.
func caps(general, coding, agentic, long, reasoning, grading, vision float64) [numCaps]float64 {
	var v [numCaps]float64
	v[record.General], v[record.Coding], v[record.Agentic], v[record.LongHorizon] = general, coding, agentic, long
	v[record.Reasoning], v[record.Grading], v[record.Vision] = reasoning, grading, vision
	return v
}

// Shared behaviours of individual people.
var (
	capsConsumer = caps(0.55, 0.1, 0.03, 0.01, 0.1, 0.01, 0.1)
	capsDev      = caps(0.2, 0.45, 0.12, 0.04, 0.1, 0.04, 0.05)
	capsStudent  = caps(0.3, 0.35, 0.02, 0.0, 0.25, 0.01, 0.07)
	capsResearch = caps(0.2, 0.25, 0.1, 0.0, 0.3, 0.08, 0.07)
	capsWorker   = caps(0.4, 0.3, 0.08, 0.03, 0.1, 0.03, 0.06)
)

func humanBehavior(c [numCaps]float64, t *timing) *behavior {
	return &behavior{caps: capsFrom(c), timing: t, resumed: 0.05, sessScale: 1, cot: 0.03, thinking: 1,
		bigBudget: 0.02, outScale: 1, systemP: 0.3, rateLimit: 0.002, retries: 2}
}

// popSpec is one honest population: either individuals (accounts at scale
// 1) or groups (instances at scale 1, each made by group).
type popSpec struct {
	label     string
	accounts  float64
	groups    float64
	minGroups int  // floor on instances, whatever the scale
	lookalike bool // group volume follows builder.lookVol
	person    func(b *builder, label string)
	group     func(b *builder, label string)
}

var honestPops = []popSpec{
	{label: "consumer", accounts: 55000, person: (*builder).consumer},
	{label: "carrier-nat", accounts: 18000, person: (*builder).mobileUser},
	{label: "developer", accounts: 25000, person: (*builder).developer},
	{label: "student", accounts: 10000, person: (*builder).student},
	{label: "researcher", accounts: 3000, person: (*builder).researcher},
	{label: "startup", groups: 700, minGroups: 2, group: (*builder).startup},
	{label: "enterprise", groups: 150, minGroups: 1, group: (*builder).enterprise},
	{label: "enterprise-pipeline", groups: 6, minGroups: 1, lookalike: true, group: (*builder).pipeline},
	{label: "university-lab", groups: 15, minGroups: 1, lookalike: true, group: (*builder).uniLab},
	{label: "coding-agent-platform", groups: 4, minGroups: 1, lookalike: true, group: (*builder).platform},
	{label: "hackathon", groups: 2, minGroups: 1, lookalike: true, group: (*builder).hackathon},
	{label: "eval-lab", groups: 4, minGroups: 1, lookalike: true, group: (*builder).evalLab},
	{label: "gateway", groups: 3, minGroups: 1, lookalike: true, group: (*builder).gateway},
	{label: "client-side-app", groups: 40, minGroups: 1, lookalike: true, group: (*builder).clientApp},
}

// pActive draws a per-account share of active days around mean.
func (b *builder) pActive(mean float64) float64 {
	return clampF(lognormMean(b.r, mean, 0.7), 0.02, 0.95)
}

func (b *builder) consumer(label string) {
	ci := b.s.world.pickCountry(b.r)
	a := b.newAccount(label, b.createdMix(0.3), 1+b.r.IntN(2))
	a.country, a.tz = countries[ci].code, int32(tzOf(b.r, ci))
	if b.r.Float64() < 0.08 {
		a.setEgress([]*egress{b.homeEgress(ci), b.mobileEgress(ci), b.vpn()}, 0.45, 0.15, 0.4)
	} else {
		a.setEgress([]*egress{b.homeEgress(ci), b.mobileEgress(ci)}, 0.85, 0.15)
	}
	b.homes = append(b.homes, a.eg[0])
	b.setClient(a, &mixConsumer, 0)
	a.beh[0] = b.s.shared.consumer
	a.models = honestPrefs(b.r, 0.5, 0.35, 0.15, 10)
	a.rate = lognormMean(b.r, 6*b.vol, 0.9)
	a.pActive, a.sigma = b.pActive(0.12), 0.7
	b.churn(a, 0.2)
	a.email, a.payment, a.verification = b.freeMail(), b.card(), "none"
	b.signup(a)
}

func (b *builder) mobileUser(label string) {
	ci := b.s.world.pickCountry(b.r)
	a := b.newAccount(label, b.createdMix(0.3), 1)
	a.country, a.tz = countries[ci].code, int32(tzOf(b.r, ci))
	a.setEgress([]*egress{b.mobileEgress(ci), b.homeEgress(ci)}, 0.85, 0.15)
	b.homes = append(b.homes, a.eg[1])
	b.setClient(a, &mixMobile, 0)
	a.beh[0] = b.s.shared.mobile
	a.models = honestPrefs(b.r, 0.4, 0.4, 0.2, 7)
	a.rate = lognormMean(b.r, 5*b.vol, 0.9)
	a.pActive, a.sigma = b.pActive(0.12), 0.7
	b.churn(a, 0.2)
	a.email, a.payment, a.verification = b.freeMail(), b.card(), "none"
	b.signup(a)
}

func (b *builder) developer(label string) {
	ci := b.s.world.pickCountry(b.r)
	a := b.newAccount(label, b.createdMix(0.25), 1+b.r.IntN(3))
	a.country, a.tz = countries[ci].code, int32(tzOf(b.r, ci))
	third := b.mobileEgress(ci)
	if b.r.Float64() < 0.1 {
		third = b.vpn()
	}
	a.setEgress([]*egress{b.homeEgress(ci), b.cloudVMs(1 + b.r.IntN(2)), third}, 0.65, 0.25, 0.1)
	b.setClient(a, &mixDev, 0)
	a.beh[0] = b.s.shared.dev
	if b.r.Float64() < 0.25 {
		// A side project: a few templates of its own, used alongside chat.
		bh := *b.s.shared.dev
		c := record.Capability(bh.caps.pick(b.r.Float64()))
		bh.families[c] = b.families(c, 1+b.r.IntN(2), 0.6, "side-project")
		bh.familyShare = 0.6
		a.beh[0] = &bh
	}
	a.models = honestPrefs(b.r, 0.6, 0.3, 0.1, 5)
	a.rate = lognormMean(b.r, 10*b.vol, 1.3)
	a.pActive, a.sigma = b.pActive(0.25), 0.8
	b.churn(a, 0.15)
	b.developerIdentity(a, 0.3, 0.1)
}

// developerIdentity gives a developer's account its sign-up: a mass mail
// provider's address, or its employer's with probability company; its own
// card; the startup verification path with probability startup.
func (b *builder) developerIdentity(a *account, company, startup float64) {
	a.email = b.freeMail()
	if b.r.Float64() < company {
		a.email = b.companyDomain()
	}
	a.payment, a.verification = b.card(), "none"
	if b.r.Float64() < startup {
		a.verification = "startup"
	}
	b.signup(a)
}

func (b *builder) student(label string) {
	ci := b.s.world.pickCountry(b.r)
	uni := b.s.world.pickAS(b.r, asUniversity, ci)
	a := b.newAccount(label, b.createdMix(0.35), 1)
	a.country, a.tz = countries[ci].code, int32(tzOf(b.r, ci))
	a.setEgress([]*egress{b.fixed(b.s.world.natAddrs(uni)), b.homeEgress(ci), b.mobileEgress(ci)}, 0.45, 0.35, 0.2)
	b.setClient(a, &mixStudent, 0)
	a.beh[0] = b.s.shared.student
	a.models = honestPrefs(b.r, 0.3, 0.4, 0.3, 15)
	a.rate = lognormMean(b.r, 5*b.vol, 0.9)
	a.pActive, a.sigma = b.pActive(0.18), 0.7
	b.churn(a, 0.25)
	a.email, a.verification = b.uniDomain(uni), "education"
	if b.r.Float64() < 0.3 {
		a.email, a.verification = b.freeMail(), "none"
	}
	if b.r.Float64() < 0.5 {
		a.payment = b.card()
	}
	b.signup(a)
}

func (b *builder) researcher(label string) {
	ci := b.s.world.pickCountry(b.r)
	uni := b.s.world.pickAS(b.r, asUniversity, ci)
	a := b.newAccount(label, b.createdMix(0.2), 1+b.r.IntN(2))
	a.country, a.tz = countries[ci].code, int32(tzOf(b.r, ci))
	a.setEgress([]*egress{b.fixed(b.s.world.natAddrs(uni)), b.homeEgress(ci), b.cloudVMs(1)}, 0.4, 0.3, 0.3)
	b.setClient(a, &mixResearch, 0)
	a.beh[0] = b.s.shared.research
	if b.r.Float64() < 0.4 {
		bh := *b.s.shared.research
		bh.families[record.Reasoning] = b.families(record.Reasoning, 1+b.r.IntN(2), 0.3, "experiment")
		bh.familyShare = 0.5
		bh.cot = 0.3
		a.beh[0] = &bh
	}
	a.models = honestPrefs(b.r, 0.5, 0.3, 0.2, 6)
	a.rate = lognormMean(b.r, 14*b.vol, 1.1)
	a.pActive, a.sigma = b.pActive(0.3), 0.8
	a.email = b.uniDomain(uni)
	switch u := b.r.Float64(); {
	case u < 0.45:
		a.verification = "research"
	case u < 0.8:
		a.verification = "education"
	default:
		a.verification, a.email = "none", b.freeMail()
	}
	if b.r.Float64() < 0.6 {
		a.payment = b.card()
	}
	b.signup(a)
}

// orgClient picks one SDK (and often one pinned version) for a whole
// organisation: companies standardise.
func (b *builder) orgClient(accts []*account, m *clientMix, proxy runtimeID, same float64) {
	base := newClient(b.r, m, accts[0].created, proxy)
	for _, a := range accts {
		if b.r.Float64() < same {
			a.cl = base
		} else {
			b.setClient(a, m, proxy)
		}
		a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
	}
}

func (b *builder) startup(label string) { b.company(label, false) }

// clientApp is a product that calls the API straight from its users' phones
// and browsers with an embedded key: one or two accounts, addresses from
// every ISP of its markets, end users' User-Agents and TLS stacks. It is the
// honest look-alike of rotating residential proxies.
func (b *builder) clientApp(label string) { b.company(label, true) }

func (b *builder) company(label string, clientSide bool) {
	ci := b.s.world.pickCountry(b.r)
	tz := int32(tzOf(b.r, ci))
	org, domain, card := b.org(), b.companyDomain(), b.card()
	founded := b.createdMix(0.15)
	var orgEg *egress
	switch u := b.r.Float64(); {
	case clientSide:
		orgEg = b.endUserEgress(ci)
	case u < 0.6:
		orgEg = b.cloudVMs(1 + b.r.IntN(4))
	case u < 0.85:
		orgEg = b.cloudPool(uint64(200 + b.r.IntN(3000)))
	default:
		orgEg = b.homeEgress(ci)
	}
	// The product: one or two capabilities served through templates.
	prod := &behavior{timing: timeProduct, sessScale: 1, cot: 0.05, thinking: 0.8, bigBudget: 0.05, outScale: 1,
		systemP: 0.9, rateLimit: 0.006, retries: 2, familyShare: 0.8, paraphrase: 0.05, resumed: 0.1}
	cv := caps(0.1, 0.05, 0.02, 0, 0.03, 0.01, 0.02)
	for i := 0; i < 1+b.r.IntN(2); i++ {
		c := []record.Capability{record.General, record.Coding, record.Agentic, record.Reasoning, record.Vision, record.Grading}[b.r.IntN(6)]
		cv[c] += 0.5 + b.r.Float64()
		prod.families[c] = append(prod.families[c], b.families(c, 1+b.r.IntN(3), 0.9, "product")...)
	}
	prod.caps = capsFrom(cv)
	prod.singleShot = b.r.Float64() < 0.5
	if clientSide {
		prod.passThrough, prod.passFP, prod.singleShot = &mixAppUsers, true, false
	}
	n := 1 + b.r.IntN(6)
	rate := 20 * b.vol
	if clientSide {
		n, rate = 1+b.r.IntN(2), 250*b.lookVol
	}
	accts := make([]*account, n)
	for i := range accts {
		a := b.newAccount(label, founded+int64(b.r.IntN(90*86400)), 1+b.r.IntN(4))
		accts[i] = a
		a.org, a.country, a.tz = org, countries[ci].code, tz
		a.setEgress([]*egress{orgEg, b.homeEgress(ci)}, 0.85, 0.15)
		a.beh[0], a.beh[1], a.mix2 = prod, b.s.shared.dev, 0.15
		a.models = honestPrefs(b.r, 0.5, 0.35, 0.15, 3)
		a.rate = lognormMean(b.r, rate, 1.2)
		a.pActive, a.sigma = b.pActive(0.8), 0.5
		if clientSide {
			a.setEgress([]*egress{orgEg})
			a.beh[1], a.mix2 = nil, 0
			a.pActive = 0.97
		}
		a.email = domain
		a.payment = card
		if b.r.Float64() < 0.1 {
			a.payment = b.card()
		}
		a.verification = "none"
		if b.r.Float64() < 0.4 {
			a.verification = "startup"
		}
	}
	b.orgClient(accts, &mixStartup, 0, 0.7)
	for _, a := range accts {
		b.signup(a)
	}
}

func (b *builder) enterprise(label string) {
	ci := b.s.world.pickCountry(b.r)
	tz := int32(tzOf(b.r, ci))
	org, domain, card := b.org(), b.companyDomain(), b.card()
	var orgEg *egress
	var proxy runtimeID
	switch u := b.r.Float64(); {
	case u < 0.4:
		orgEg = b.fixed(b.s.world.natAddrs(b.s.world.pickAS(b.r, asCorporate, ci)))
	case u < 0.7:
		// A cloud security gateway: egress from the vendor's ranges, and the
		// provider sees the vendor's TLS handshake.
		sec := b.s.world.pickAS(b.r, asSecurity, -1)
		orgEg = &egress{kind: egPool, key: b.r.Uint64(), pool: b.s.world.newPool(b.r, uint64(20+b.r.IntN(200)), []int32{sec}, nil, 0)}
		proxy = []runtimeID{rtProxyA, rtProxyB, rtProxyC}[b.r.IntN(3)]
	default:
		orgEg = b.fixed(b.s.world.fixedAddrs(b.r, b.s.world.pickAS(b.r, asResidential, ci), 2+b.r.IntN(5)))
	}
	n := 5 + b.r.IntN(36)
	created := b.createdBefore(500)
	for i := 0; i < n; i++ {
		a := b.newAccount(label, created+int64(b.r.IntN(200*86400)), 1)
		a.org, a.country, a.tz = org, countries[ci].code, tz
		a.setEgress([]*egress{orgEg, b.homeEgress(ci)}, 0.8, 0.2)
		b.setClient(a, &mixEnterprise, proxy)
		a.beh[0] = b.s.shared.worker
		a.models = honestPrefs(b.r, 0.5, 0.4, 0.1, 30)
		a.rate = lognormMean(b.r, 8*b.vol, 1.0)
		a.pActive, a.sigma = b.pActive(0.45), 0.6
		a.email, a.payment = domain, card
		a.verification = "enterprise"
		if b.r.Float64() < 0.4 {
			a.verification = "none"
		}
		b.signup(a)
	}
}

// pipeline: one template, huge steady volume, many service accounts of one
// org, often behind a TLS-terminating corporate proxy.
func (b *builder) pipeline(label string) {
	ci := countryIndex([]string{"US", "US", "DE", "GB", "JP", "IN", "FR", "CA"}[b.r.IntN(8)])
	tz := int32(tzOf(b.r, ci))
	org, domain, card := b.org(), b.companyDomain(), b.card()
	var eg *egress
	var proxy runtimeID
	if b.r.Float64() < 0.5 {
		eg = b.fixed(b.s.world.natAddrs(b.s.world.pickAS(b.r, asCorporate, ci)))
		if b.r.Float64() < 0.5 {
			proxy = []runtimeID{rtProxyA, rtProxyB, rtProxyC}[b.r.IntN(3)]
		}
	} else {
		eg = b.cloudVMs(2 + b.r.IntN(6))
	}
	c := []record.Capability{record.General, record.General, record.Coding, record.Reasoning, record.Vision, record.Grading}[b.r.IntN(6)]
	tm := newTiming(curveFlat, curveFlat, 0.9, 0.4, 0.3)
	if b.r.Float64() < 0.35 {
		tm = newTiming(curveNightly, curveNightly, 1, 0.6, 0.2)
	}
	bh := &behavior{timing: tm, singleShot: true, familyShare: 1, sessScale: 1, thinking: 0.3, outScale: 0.6,
		rateLimit: 0.015, retries: 3}
	var cv [numCaps]float64
	cv[c] = 1
	bh.caps = capsFrom(cv)
	bh.families[c] = []*family{b.newFamily(c, true, "pipeline")}
	models := honestPrefs(b.r, 0.4, 0.3, 0.3, 60)
	models.share = 1
	maxTok := []int64{256, 512, 1024, 2048}[b.r.IntN(4)]
	n := 8 + b.r.IntN(33)
	volume := lognormMedian(b.r, 4000, 0.6) * b.lookVol
	created := b.createdBefore(400)
	accts := make([]*account, n)
	for i := range accts {
		a := b.newAccount(label, created+int64(b.r.IntN(60*86400)), 1+b.r.IntN(3))
		accts[i] = a
		a.org, a.country, a.tz = org, countries[ci].code, tz
		a.setEgress([]*egress{eg})
		a.beh[0] = bh
		a.models = models
		a.maxTok = maxTok
		a.rate = volume / float64(n) * (0.8 + 0.4*b.r.Float64())
		a.pActive, a.sigma = 0.99, 0.1
		a.email, a.payment, a.verification = domain, card, "enterprise"
	}
	b.orgClient(accts, &mixPipeline, proxy, 1)
	for _, a := range accts {
		b.signup(a)
	}
}

// uniLab: a lab running public benchmarks with "let's think step by step"
// behind its university's NAT address.
func (b *builder) uniLab(label string) {
	ci := b.s.world.pickCountry(b.r)
	tz := int32(tzOf(b.r, ci))
	uni := b.s.world.pickAS(b.r, asUniversity, ci)
	nat := b.s.world.natAddrs(uni)
	natEg := b.fixed(nat[:1])
	bh := &behavior{timing: newTiming(curveFlat, curveFlat, 1, 0.3, 0.5), singleShot: true, familyShare: 0.95,
		sessScale: 1, cot: 0.85, thinking: 1.5, bigBudget: 0.05, outScale: 1, rateLimit: 0.02, retries: 4,
		caps: capsFrom(caps(0.2, 0.2, 0, 0, 0.5, 0.1, 0))}
	bh.families[record.Reasoning] = b.families(record.Reasoning, 2+b.r.IntN(3), 0.2, "benchmark-math")
	bh.families[record.Coding] = b.families(record.Coding, 1+b.r.IntN(2), 0.2, "benchmark-code")
	bh.families[record.General] = b.families(record.General, 1+b.r.IntN(2), 0.2, "benchmark-qa")
	bh.families[record.Grading] = b.families(record.Grading, 1, 0.5, "benchmark-judge")
	card := b.card()
	maxTok := []int64{2048, 4096, 8192}[b.r.IntN(3)]
	n := 3 + b.r.IntN(13)
	for i := 0; i < n; i++ {
		a := b.newAccount(label, b.createdBefore(300), 1+b.r.IntN(2))
		a.country, a.tz = countries[ci].code, tz
		a.setEgress([]*egress{natEg, b.homeEgress(ci)}, 0.85, 0.15)
		b.setClient(a, &mixResearch, 0)
		a.beh[0], a.beh[1], a.mix2 = bh, b.s.shared.research, 0.15
		a.models = honestPrefs(b.r, 1, 1, 1, 2)
		a.maxTok = maxTok
		a.rate = lognormMean(b.r, 400*b.lookVol, 0.8)
		a.pActive, a.sigma = b.pActive(0.3), 0.6
		a.email = b.uniDomain(uni)
		a.verification = []string{"education", "research"}[b.r.IntN(2)]
		switch u := b.r.Float64(); {
		case u < 0.5:
			a.payment = card
		case u < 0.8:
		default:
			a.payment = b.card()
		}
		b.signup(a)
	}
}

// platform: a coding-agent product whose whole user base runs through one
// or a few accounts: very high agentic, long-horizon traffic.
func (b *builder) platform(label string) {
	ci := countryIndex([]string{"US", "US", "US", "GB", "DE", "SG", "IL"}[b.r.IntN(7)])
	org, domain, card := b.org(), b.companyDomain(), b.card()
	eg := b.cloudVMs(8 + b.r.IntN(33))
	bh := &behavior{timing: newTiming(curveProduct, curveProduct, 0.85, 0, 0), familyShare: 0.9, sessScale: 1.2,
		cot: 0.02, thinking: 1.5, bigBudget: 0.7, outScale: 1.2, systemP: 1, rateLimit: 0.01, retries: 3,
		caps: capsFrom(caps(0, 0.3, 0.45, 0.25, 0, 0, 0))}
	for _, c := range []record.Capability{record.Coding, record.Agentic, record.LongHorizon} {
		bh.families[c] = b.families(c, 1+b.r.IntN(2), 1, "agent-platform")
	}
	bh.models = &modelPrefs{tiers: makeCDF(0.8, 0.2, 0), lag: int64(3600 * (2 + 20*b.r.Float64())), share: 0.85}
	n := 1 + b.r.IntN(3)
	volume := lognormMedian(b.r, 3500, 0.5) * b.lookVol
	accts := make([]*account, n)
	for i := range accts {
		a := b.newAccount(label, b.createdBefore(300), 5+b.r.IntN(16))
		accts[i] = a
		a.org, a.country, a.tz = org, countries[ci].code, int32(tzOf(b.r, ci))
		a.setEgress([]*egress{eg})
		a.beh[0] = bh
		a.models = *bh.models
		a.rate = volume / float64(n)
		a.pActive, a.sigma = 1, 0.15
		a.email, a.payment, a.verification = domain, card, []string{"enterprise", "startup"}[b.r.IntN(2)]
	}
	b.orgClient(accts, &mixPlatform, 0, 1)
	for _, a := range accts {
		a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
		b.signup(a)
	}
}

// hackathon: hundreds of accounts made the same morning at one venue, busy
// for two days on a starter kit, then mostly quiet.
func (b *builder) hackathon(label string) {
	ci := b.s.world.pickCountry(b.r)
	tz := int32(tzOf(b.r, ci))
	var venue *egress
	if b.r.Float64() < 0.5 {
		venue = b.fixed(b.s.world.natAddrs(b.s.world.pickAS(b.r, asUniversity, ci))[:1])
	} else {
		venue = b.fixed(b.s.world.fixedAddrs(b.r, b.s.world.pickAS(b.r, asResidential, ci), 1+b.r.IntN(2)))
	}
	day := 2 + b.r.IntN(max(1, b.s.days-5))
	morning := b.s.dayStart(day) + int64(8*3600-int(tz)*60)
	bh := humanBehavior(caps(0.2, 0.4, 0.25, 0, 0.05, 0, 0.1), timeDev)
	bh.families[record.Coding] = b.families(record.Coding, 2, 1, "starter-kit")
	bh.families[record.Agentic] = b.families(record.Agentic, 1, 1, "starter-kit")
	bh.familyShare = 0.5
	kit := newClient(b.r, &mixHack, morning, 0)
	sponsor := b.companyDomain()
	uni := b.s.world.pickAS(b.r, asUniversity, ci)
	n := 150 + b.r.IntN(251)
	for i := 0; i < n; i++ {
		a := b.newAccount(label, morning+int64(b.r.IntN(3*3600)), 1)
		a.country, a.tz = countries[ci].code, tz
		a.venue, a.venueFrom, a.venueTo = venue, int32(day), int32(day+1)
		a.venueRate = lognormMean(b.r, 60*math.Max(b.lookVol, 0.5), 0.7)
		a.setEgress([]*egress{b.homeEgress(ci)})
		a.cl = kit
		a.cl.fp = fpOf(sdkDefs[kit.sdk].runtimes[0], b.r.Float64())
		a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
		a.beh[0] = bh
		a.models = honestPrefs(b.r, 0.6, 0.3, 0.1, 1)
		a.rate, a.pActive, a.sigma = 5*b.vol, 0.15, 0.7
		if b.r.Float64() < 0.75 {
			a.last = int32(day + 1)
		}
		switch u := b.r.Float64(); {
		case u < 0.75:
			a.email = b.freeMail()
		case u < 0.9:
			a.email = b.uniDomain(uni)
		default:
			a.email = sponsor
		}
		a.verification = "none"
		if b.r.Float64() < 0.2 {
			a.verification = "education"
		}
		if b.r.Float64() < 0.2 {
			a.payment = b.card()
		}
		b.signup(a)
	}
}

// evalLab: rubric grading and judging at volume, in batch runs.
func (b *builder) evalLab(label string) {
	ci := countryIndex([]string{"US", "US", "GB", "DE", "CA", "SG"}[b.r.IntN(6)])
	org, domain, card := b.org(), b.companyDomain(), b.card()
	eg := b.cloudVMs(1 + b.r.IntN(6))
	bh := &behavior{timing: newTiming(curveWorker, curveWorkerWE, 0.5, 0.5, 0.4), singleShot: true, familyShare: 0.9,
		sessScale: 1, cot: 0.3, thinking: 1, bigBudget: 0.1, outScale: 1, rateLimit: 0.02, retries: 4,
		caps: capsFrom(caps(0.05, 0.1, 0, 0, 0.25, 0.6, 0))}
	bh.families[record.Grading] = b.families(record.Grading, 2+b.r.IntN(3), 0.7, "rubric-judge")
	bh.families[record.Reasoning] = b.families(record.Reasoning, 1+b.r.IntN(2), 0.3, "benchmark-math")
	n := 2 + b.r.IntN(7)
	accts := make([]*account, n)
	tz := int32(tzOf(b.r, ci))
	for i := range accts {
		a := b.newAccount(label, b.createdBefore(400), 1+b.r.IntN(4))
		accts[i] = a
		a.org, a.country, a.tz = org, countries[ci].code, tz
		a.setEgress([]*egress{eg})
		a.beh[0] = bh
		a.models = honestPrefs(b.r, 1, 0.7, 0.5, 1)
		a.maxTok = []int64{512, 1024, 2048}[b.r.IntN(3)]
		a.rate = lognormMean(b.r, 900*b.lookVol, 0.7)
		a.pActive, a.sigma = b.pActive(0.5), 0.5
		a.email, a.payment, a.verification = domain, card, []string{"research", "startup"}[b.r.IntN(2)]
	}
	b.orgClient(accts, &mixEval, 0, 0.8)
	for _, a := range accts {
		b.signup(a)
	}
}

// gateway: an honest reseller or router: one account, many end users.
func (b *builder) gateway(label string) {
	ci := countryIndex([]string{"US", "US", "SG", "DE", "GB", "NL"}[b.r.IntN(6)])
	org, domain, card := b.org(), b.companyDomain(), b.card()
	eg := b.cloudVMs(4 + b.r.IntN(13))
	bh := humanBehavior(caps(0.4, 0.28, 0.1, 0.03, 0.1, 0.02, 0.07), timeProduct)
	bh.resumed, bh.systemP, bh.rateLimit, bh.retries = 0.1, 0.4, 0.01, 2
	if b.r.Float64() < 0.5 {
		bh.passThrough = &mixEndUsers
	}
	n := 1 + b.r.IntN(2)
	volume := lognormMedian(b.r, 4500, 0.5) * b.lookVol
	accts := make([]*account, n)
	for i := range accts {
		a := b.newAccount(label, b.createdBefore(300), 2+b.r.IntN(9))
		accts[i] = a
		a.org, a.country, a.tz = org, countries[ci].code, int32(tzOf(b.r, ci))
		a.setEgress([]*egress{eg})
		a.beh[0] = bh
		a.models = honestPrefs(b.r, 1, 1, 0.6, 1)
		a.rate = volume / float64(n)
		a.pActive, a.sigma = 1, 0.12
		a.email, a.payment = domain, card
		a.verification = []string{"startup", "none"}[b.r.IntN(2)]
	}
	b.orgClient(accts, &mixGateway, 0, 1)
	for _, a := range accts {
		b.signup(a)
	}
}

// endUserEgress is the address space of an app's end users: the home and
// mobile networks of its home market and of 2-13 others, a new address for
// every conversation.
func (b *builder) endUserEgress(ci int) *egress {
	var ases []int32
	var wts []float64
	markets := []int{ci}
	for i := 0; i < 2+b.r.IntN(12); i++ {
		markets = append(markets, b.s.world.pickCountry(b.r))
	}
	for _, c := range markets {
		for _, ai := range b.s.world.byCountry[c][asResidential] {
			ases, wts = append(ases, ai), append(wts, 1)
		}
		for _, ai := range b.s.world.byCountry[c][asMobile] {
			ases, wts = append(ases, ai), append(wts, 0.8)
		}
	}
	return &egress{kind: egPool, key: b.r.Uint64(), pool: b.s.world.newPool(b.r, uint64(20000+b.r.IntN(200000)), ases, wts, 0.3)}
}
