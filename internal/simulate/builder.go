package simulate

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate/textgen"
)

// builder creates accounts, egresses, clients and families for the
// populations of one run. Honest populations and campaigns share its helpers,
// so ids, domains, addresses and clients are made the same way for both.
type builder struct {
	s        *Sim
	r        *rand.Rand
	ids      *idGen
	accounts []*account
	labelIdx map[string]int32
	uniDom   map[int32]string
	// lookVol scales the volume of look-alike groups; vol the volume of
	// individual users (scenario calibration).
	lookVol float64
	vol     float64
	// homes are the home lines of honest consumers and carrier-NAT users,
	// which campaign proxy pools may resell (exit_overlap).
	homes []*egress
}

func newBuilder(s *Sim) *builder {
	return &builder{
		s:        s,
		r:        newRand(hash2(s.seed, saltPopulation), 3),
		ids:      newIDGen(s.seed),
		labelIdx: map[string]int32{},
		uniDom:   map[int32]string{},
		lookVol:  1,
		vol:      1,
	}
}

func (b *builder) label(l string) int32 {
	if i, ok := b.labelIdx[l]; ok {
		return i
	}
	b.s.labels = append(b.s.labels, l)
	i := int32(len(b.s.labels) - 1)
	b.labelIdx[l] = i
	return i
}

// newAccount makes an account with a fresh id and one or more API keys,
// active from its creation (or the period start) to the period end.
func (b *builder) newAccount(label string, created int64, keys int) *account {
	a := &account{
		id:      b.ids.next("acct_"),
		label:   b.label(label),
		camp:    -1,
		created: created,
		pActive: 1,
		sigma:   0.5,
		last:    int32(b.s.days - 1),
		phase:   b.r.Float64(),
		maxTok:  b.maxTokHabit(),
	}
	if created > b.s.start {
		a.first = int32((created - b.s.start) / 86400)
	}
	for i := 0; i < max(1, keys); i++ {
		a.keys = append(a.keys, b.ids.next("key_"))
	}
	a.explicitThinking = b.r.Float64() < 0.35
	b.accounts = append(b.accounts, a)
	return a
}

// maxTokHabit is the max_tokens a person or app typically hard-codes.
var maxTokHabits = newChooser(w(0.12, int64(1024)), w(0.18, int64(2048)), w(0.25, int64(4096)), w(0.22, int64(8192)),
	w(0.1, int64(16000)), w(0.05, int64(500)), w(0.04, int64(32000)), w(0.04, int64(64000)))

func (b *builder) maxTokHabit() int64 { return maxTokHabits.pick(b.r.Float64()) }

// setClient gives a an SDK from mix and the request habits that follow.
func (b *builder) setClient(a *account, m *clientMix, proxy runtimeID) {
	a.cl = newClient(b.r, m, a.created, proxy)
	a.sendsMax = b.r.Float64() < sdkDefs[a.cl.sdk].maxTokens
}

// createdBefore is a signup time up to days before the period start.
func (b *builder) createdBefore(days float64) int64 {
	return b.s.start - int64(b.r.Float64()*days*86400) - 3600
}

// createdDuring is a signup time inside the period, at a human hour.
func (b *builder) createdDuring() int64 {
	d := b.r.IntN(b.s.days)
	return b.s.dayStart(d) + int64(b.r.IntN(86400))
}

// createdMix: most accounts existed before the period, some sign up during it.
func (b *builder) createdMix(newShare float64) int64 {
	if b.r.Float64() < newShare {
		return b.createdDuring()
	}
	return b.createdBefore(700 * math.Pow(b.r.Float64(), 0.7))
}

// churn ends a's activity early with probability p.
func (b *builder) churn(a *account, p float64) {
	if b.r.Float64() < p {
		a.last = max(a.first, a.first+int32(b.r.Float64()*float64(a.last-a.first)))
	}
}

// Egress helpers.

func (b *builder) homeEgress(ci int) *egress {
	ai := b.s.world.pickAS(b.r, asResidential, ci)
	return &egress{kind: egHome, as: ai, key: b.r.Uint64(), lease: 2 + int(lognormMedian(b.r, 14, 0.9)),
		v6: b.r.Float64() < b.s.world.as[ai].v6share}
}

func (b *builder) mobileEgress(ci int) *egress {
	ai := b.s.world.pickAS(b.r, asMobile, ci)
	return &egress{kind: egMobile, as: ai, key: b.r.Uint64(), v6: b.r.Float64() < b.s.world.as[ai].v6share}
}

func (b *builder) fixed(addrs []addrAS) *egress {
	return &egress{kind: egFixed, key: b.r.Uint64(), addrs: addrs}
}

// shareExits makes a share exit_overlap of p's exits honest consumers'
// home lines in p's networks (none when the knob is 0 or no such home
// exists). It draws nothing.
func (b *builder) shareExits(p *pool, k knobValues) {
	v := k["exit_overlap"]
	if v <= 0 {
		return
	}
	in := map[int32]bool{}
	for _, ai := range p.ases {
		in[ai] = true
	}
	for _, h := range b.homes {
		if in[h.as] {
			p.homes = append(p.homes, h)
		}
	}
	if len(p.homes) > 0 {
		p.overlap = v
	}
}

// cloudVMs is a small set of fixed cloud (or hosting) addresses.
func (b *builder) cloudVMs(n int) *egress {
	kind := asCloud
	if b.r.Float64() < 0.25 {
		kind = asHosting
	}
	ai := b.s.world.pickAS(b.r, kind, -1)
	return b.fixed(b.s.world.fixedAddrs(b.r, ai, n))
}

// cloudPool is a serverless or NAT range of one cloud: a new address for
// many requests.
func (b *builder) cloudPool(size uint64) *egress {
	ai := b.s.world.pickAS(b.r, asCloud, -1)
	return &egress{kind: egPool, key: b.r.Uint64(), pool: b.s.world.newPool(b.r, size, []int32{ai}, nil, 0), perRequest: true}
}

// vpn is an egress through a commercial VPN: a few hosting networks, a
// shared exit per connection. Honest people use them too, which is why a
// datacenter address proves little.
func (b *builder) vpn() *egress {
	if b.s.vpns == nil {
		for i := 0; i < 3; i++ {
			var ases []int32
			for j := 0; j < 2+b.r.IntN(4); j++ {
				ases = append(ases, b.s.world.pickAS(b.r, asHosting, -1))
			}
			b.s.vpns = append(b.s.vpns, b.s.world.newPool(b.r, uint64(300+b.r.IntN(3000)), ases, nil, 0.05))
		}
	}
	return &egress{kind: egPool, key: b.r.Uint64(), pool: b.s.vpns[b.r.IntN(len(b.s.vpns))]}
}

// setEgress installs up to three egresses with weights.
func (a *account) setEgress(eg []*egress, weights ...float64) {
	copy(a.eg[:], eg)
	if len(eg) > 1 {
		a.egC = makeCDF(weights...)
	}
}

// signup records the signup address from a's first egress at creation.
func (b *builder) signup(a *account) {
	eg := a.eg[0]
	if a.venue != nil {
		eg = a.venue
	}
	d := int((a.created - b.s.start) / 86400)
	a.signupIP = b.s.world.address(eg, d, a.created, b.r.Uint64(), 0).ip
}

// Naming: e-mail domains of people, universities and companies.

var syllables = []string{"ka", "lo", "mi", "ra", "ven", "tor", "sa", "bel", "qui", "do", "ne", "zan", "fi", "gro", "ly", "mar", "pen", "so", "tek", "vi", "hal", "ro", "nu", "cor", "da", "lin", "ex", "al", "or", "sen"}

func (b *builder) word(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(syllables[b.r.IntN(len(syllables))])
	}
	return sb.String()
}

var freeMail = newChooser(w(0.55, "gmail.com"), w(0.12, "outlook.com"), w(0.06, "hotmail.com"), w(0.06, "yahoo.com"),
	w(0.07, "icloud.com"), w(0.05, "proton.me"), w(0.03, "gmx.de"), w(0.02, "naver.com"), w(0.02, "yandex.com"), w(0.02, "mail.com"))

func (b *builder) freeMail() string { return freeMail.pick(b.r.Float64()) }

// uniDomain is the e-mail domain of university AS ai, made once.
func (b *builder) uniDomain(ai int32) string {
	if d, ok := b.uniDom[ai]; ok {
		return d
	}
	cc := ""
	if ci := b.s.world.as[ai].country; ci >= 0 {
		cc = countries[ci].code
	}
	name := b.word(2 + b.r.IntN(2))
	var d string
	switch cc {
	case "US":
		d = name + ".edu"
	case "GB":
		d = name + ".ac.uk"
	case "JP", "KR", "IN":
		d = name + ".ac." + strings.ToLower(cc)
	case "DE", "CH", "NL", "SE", "PL", "IT", "ES", "FR":
		d = "uni-" + name + "." + strings.ToLower(cc)
	default:
		d = name + ".edu." + strings.ToLower(cc)
	}
	b.uniDom[ai] = d
	return d
}

var tlds = newChooser(w(0.4, ".com"), w(0.2, ".io"), w(0.25, ".ai"), w(0.1, ".dev"), w(0.05, ".co"))

func (b *builder) companyDomain() string { return b.word(2+b.r.IntN(2)) + tlds.pick(b.r.Float64()) }

// card returns a new payment fingerprint.
func (b *builder) card() string { return b.ids.next("pm_") }

// org returns a new organisation id.
func (b *builder) org() string { return b.ids.next("org_") }

// newFamily draws a template family; with text on, the generator writes it.
func (b *builder) newFamily(c record.Capability, system bool, style string) *family {
	return b.s.drawFamily(b.r, c, system, style)
}

// drawFamily draws a template family from r; with text on, the generator
// writes it.
func (s *Sim) drawFamily(r *rand.Rand, c record.Capability, system bool, style string) *family {
	f := &family{cap: c, system: system}
	sh := &capShapes[c]
	f.inBase = lognormMedian(r, sh.inMedian*1.4, 0.6)
	if sh.toolsP >= 1 || r.Float64() < sh.toolsP {
		f.tools = 4 + r.IntN(36)
	}
	// The family's own seed is drawn whether text is on or not, so that
	// --no-text changes nothing but the text.
	seed := r.Uint64()
	if s.text != nil {
		fr := newRand(hash3(s.seed, saltFamily, seed), 5)
		f.tg = s.text.NewFamily(fr, c, textgen.FamilyOptions{System: system, Style: style})
	}
	return f
}

// families draws n families of capability c.
func (b *builder) families(c record.Capability, n int, systemP float64, style string) []*family {
	out := make([]*family, n)
	for i := range out {
		out[i] = b.newFamily(c, b.r.Float64() < systemP, style)
	}
	return out
}
