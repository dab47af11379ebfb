// Package link is where accounts are linked. Every account is described by
// the objects it touches — templates it sends, addresses it shares with
// other accounts on the same day, its client, its request shape, the days it
// starts and stops, its card, signup address and hour, e-mail domain, org —
// each object weighted by how rare it is (inverse document frequency over
// accounts), and accounts that share enough rare objects are joined by an
// edge. Candidate pairs come from MinHash LSH over these object sets, so the
// cost grows with accounts, not with pairs; every candidate is verified with
// an exact weighted similarity before it becomes an edge.
//
// Popular objects cannot glue the world together: an address shared by more
// accounts in a day than a carrier NAT cap allows is dropped (SynchroTrap's
// rule), every weight falls with the object's popularity, and an edge needs
// a minimum absolute shared weight as well as a minimum similarity.
package link

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/distillguard/distillguard/internal/parallel"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

// Kind is the type of an object accounts can share.
type Kind uint8

// Object kinds. Set kinds may occur many times per account (one per
// template, one per address-day); the others at most a few times.
const (
	KindTemplate Kind = iota + 1
	KindSystemPrompt
	KindAddressDay
	KindPrefixDay
	KindFingerprint
	KindUserAgent
	KindClient
	KindNetwork
	KindRequestShape
	KindContentShape
	KindToolShape
	KindFirstDay
	KindLastDay
	KindRhythm
	KindPayment
	KindSignupIP
	KindSignupPrefix
	KindSignupHour
	KindEmailDomain
	KindVerification
	KindCountry
	KindOrg
	NumKinds
)

var kindNames = [NumKinds]string{
	KindTemplate:     "template",
	KindSystemPrompt: "system_prompt",
	KindAddressDay:   "ip",
	KindPrefixDay:    "ip-prefix",
	KindFingerprint:  "client_fp",
	KindUserAgent:    "user_agent",
	KindClient:       "client",
	KindNetwork:      "asn",
	KindRequestShape: "request_shape",
	KindContentShape: "content_shape",
	KindToolShape:    "tool_shape",
	KindFirstDay:     "first_active_day",
	KindLastDay:      "last_active_day",
	KindRhythm:       "rhythm",
	KindPayment:      "payment_fp",
	KindSignupIP:     "signup_ip",
	KindSignupPrefix: "signup_prefix",
	KindSignupHour:   "signup_hour",
	KindEmailDomain:  "email_domain",
	KindVerification: "verification",
	KindCountry:      "country",
	KindOrg:          "org",
}

// String is the indicator type used in findings.
func (k Kind) String() string {
	if k < NumKinds && kindNames[k] != "" {
		return kindNames[k]
	}
	return "kind" + strconv.Itoa(int(k))
}

// kindTrait is what the predicates below say of one kind, tabulated:
// verification and campaign formation ask them of every shared object,
// hundreds of millions of times at full scale, and one load from a table
// indexed by the kind's byte costs less than their switches and calls.
// The lower-case functions with the definitions (family, isCoarse,
// countsAsEvidence, isSet, setIndex) build the table.
type kindTrait struct {
	family   int8
	setIndex int8
	isSet    bool
	evidence bool
	coarse   bool
}

var kindTraits = func() (t [256]kindTrait) {
	for i := range t {
		k := Kind(i)
		t[i] = kindTrait{family: int8(k.family()), setIndex: int8(setIndex(k)), isSet: k.isSet(),
			evidence: k.countsAsEvidence(), coarse: k.isCoarse()}
	}
	return t
}()

// Family groups kinds that are not independent evidence of one another:
// an address and its /24 say the same thing twice.
func (k Kind) Family() int { return int(kindTraits[k].family) }

func (k Kind) family() int {
	switch k {
	case KindTemplate, KindSystemPrompt:
		return 0 // what is sent
	case KindAddressDay, KindPrefixDay, KindNetwork:
		return 1 // where from
	case KindFingerprint, KindUserAgent, KindClient:
		return 2 // with what client
	case KindRequestShape, KindContentShape, KindToolShape, KindRhythm:
		return 3 // how it behaves
	case KindFirstDay, KindLastDay:
		return 4 // when it lived
	}
	return 5 // who it says it is: the account table
}

// NumFamilies is the number of evidence families.
const NumFamilies = 6

// Independent reports whether a family is independent evidence of an
// operator. Behaviour shapes and active days are coarse buckets that
// strangers fall into together by chance, so they add weight to a link but
// never count as its second family.
func Independent(family int) bool { return family != 3 && family != 4 }

// coarse reports whether a kind's values are coarse buckets or categories
// (a handful to a few hundred possible values): its rarity is capped,
// because being one of few accounts in a bucket is mostly chance.
func (k Kind) coarse() bool { return kindTraits[k].coarse }

func (k Kind) isCoarse() bool {
	switch k {
	case KindVerification, KindCountry, KindNetwork, KindSignupPrefix:
		return true
	}
	f := k.family()
	return f == 3 || f == 4
}

// FingerprintKinds is how many distinct behaviour and lifetime kinds two
// accounts must match for the match to count as one evidence family, a
// behavioural fingerprint: one coarse bucket in common is chance, the same
// request shape, content shape, tool shape, rhythm and active days at once
// is a harness.
const FingerprintKinds = 3

// FingerprintMinWeight is the weight a matched behaviour or lifetime bucket
// needs to count toward a fingerprint: a bucket most accounts fall into
// (the default shape of light users) matches everyone and proves nothing.
const FingerprintMinWeight = 0.5

// IsFingerprint reports whether a shared object of kind k and weight w
// counts toward a behavioural fingerprint.
func (k Kind) IsFingerprint(w float64) bool {
	f := kindTraits[k].family
	return (f == 3 || f == 4) && w >= FingerprintMinWeight
}

// CountsAsEvidence reports whether sharing an object of kind k counts
// toward the independent evidence families a link or a membership needs:
// not coarse kinds, and not /24-days, which residential proxy ranges make
// many operators share.
func (k Kind) CountsAsEvidence() bool { return kindTraits[k].evidence }

func (k Kind) countsAsEvidence() bool {
	return Independent(k.family()) && !k.isCoarse() && k != KindPrefixDay
}

// maxCoarseRarity caps the rarity weight of coarse kinds at ln 10: a bucket
// rarer than one account in ten says no more than that.
var maxCoarseRarity = math.Log(10)

// IsSet reports whether an account can hold many objects of kind k, whose
// similarity is then judged as one share rather than object by object.
func (k Kind) IsSet() bool { return kindTraits[k].isSet }

func (k Kind) isSet() bool {
	return k == KindTemplate || k == KindAddressDay || k == KindPrefixDay
}

// object is one distinct shareable object.
type object struct {
	kind Kind
	raw  uint64 // kind-specific value (template id, address, day, dictionary id…)
}

// Objects is the account × object incidence, in compressed rows: account
// a's objects are Obj[Off[a]:Off[a+1]], sorted by object index. Only objects
// held by at least two accounts are kept; an object nobody shares cannot
// link anything.
type Objects struct {
	Off    []uint32
	Obj    []uint32
	Kind   []Kind    // per object index
	Raw    []uint64  // per object index
	DF     []uint32  // accounts holding the object
	Weight []float32 // rarity weight, type weight included
	// PrivateAddress is, per account, the weight of its address-days no
	// other account shares. Similarity counts it in the address block: a
	// home user whose address a proxy exit used on two of thirty days
	// shares two of thirty address-days, not two of two. Templates get no
	// such term, since a camouflaged account's private traffic is exactly
	// what must not dilute it.
	PrivateAddress []float32

	// Per account, the weight of its objects of each many-valued kind and
	// of its single objects, in one cache line, so that similarity reads
	// weights and kinds only for the objects two accounts share: the merge
	// of two object lists then touches no per-object array, which at full
	// scale cost a cache miss per element.
	totOnce sync.Once
	tot     []accountTotals
	// incWeight and incKind are Weight and Kind copied beside each
	// incidence, parallel to Obj: a shared object's weight is then read
	// from the list being merged, which is already in cache, rather than
	// from the per-object arrays, a miss apiece.
	incWeight []float32
	incKind   []Kind
}

// accountTotals is one account's object weight by kind class.
type accountTotals struct {
	set    [NumSetKinds]float64 // indexed by SetIndex
	single float64
}

// NumSetKinds is the number of kinds for which IsSet holds: the
// many-valued kinds, whose weights similarity and containment keep apart.
const NumSetKinds = 3

// SetKinds are the many-valued kinds, by SetIndex, which follows kind
// order (sums over them run in that order, as they always have).
var SetKinds = [NumSetKinds]Kind{KindTemplate, KindAddressDay, KindPrefixDay}

// SetIndex numbers the many-valued kinds 0..NumSetKinds-1.
func SetIndex(k Kind) int { return int(kindTraits[k].setIndex) }

func setIndex(k Kind) int {
	switch k {
	case KindTemplate:
		return 0
	case KindAddressDay:
		return 1
	}
	return 2 // KindPrefixDay
}

// totals fills tot once.
func (o *Objects) totals() {
	o.totOnce.Do(func() {
		n := max(len(o.Off)-1, 0)
		o.tot = make([]accountTotals, n)
		o.incWeight = make([]float32, len(o.Obj))
		o.incKind = make([]Kind, len(o.Obj))
		for i, ob := range o.Obj {
			o.incWeight[i], o.incKind[i] = o.Weight[ob], o.Kind[ob]
		}
		for a := 0; a < n; a++ {
			t := &o.tot[a]
			for _, ob := range o.Obj[o.Off[a]:o.Off[a+1]] {
				w := float64(o.Weight[ob])
				if k := o.Kind[ob]; k.IsSet() {
					t.set[SetIndex(k)] += w
				} else {
					t.single += w
				}
			}
		}
	})
}

// Of returns account a's object indices.
func (o *Objects) Of(a uint32) []uint32 { return o.Obj[o.Off[a]:o.Off[a+1]] }

// Incidences returns account a's object indices with each one's weight
// and kind beside it. A pass over every account's objects that read
// Weight and Kind by object would take a cache miss apiece at full scale;
// these are read in order.
func (o *Objects) Incidences(a uint32) (objs []uint32, w []float32, k []Kind) {
	o.totals()
	lo, hi := o.Off[a], o.Off[a+1]
	return o.Obj[lo:hi], o.incWeight[lo:hi], o.incKind[lo:hi]
}

// Totals returns the weight of account a's objects of each many-valued
// kind (indexed by SetIndex) and of its single objects, summed in Of's
// order.
func (o *Objects) Totals(a uint32) (set [NumSetKinds]float64, single float64) {
	o.totals()
	t := &o.tot[a]
	return t.set, t.single
}

// Describe renders an object for reports.
func (o *Objects) Describe(s *profile.Store, i uint32) (kind, value string) {
	k, raw := o.Kind[i], o.Raw[i]
	switch k {
	case KindTemplate, KindSystemPrompt:
		return k.String(), fmt.Sprintf("T%06x", raw)
	case KindAddressDay:
		return "ip", s.Addr(uint32(raw >> 16)).String()
	case KindPrefixDay:
		if p := raw >> 16; p&(1<<31) == 0 {
			return "ipv4-prefix", profile.PrefixString(p)
		}
		return "ipv6-prefix", fmt.Sprintf("/48 #%08x", uint32(raw>>16))
	case KindFingerprint:
		return k.String(), s.Fingerprints.String(uint32(raw))
	case KindUserAgent:
		return k.String(), s.UserAgents.String(uint32(raw))
	case KindClient:
		return k.String(), s.UserAgents.String(uint32(raw>>32)) + " with " + s.Fingerprints.String(uint32(raw))
	case KindNetwork:
		return k.String(), "AS" + strconv.FormatUint(raw, 10)
	case KindFirstDay, KindLastDay:
		return k.String(), dayString(uint32(raw))
	case KindPayment:
		return k.String(), s.Payments.String(uint32(raw))
	case KindSignupIP:
		return k.String(), s.Addr(uint32(raw)).String()
	case KindSignupPrefix:
		return k.String(), profile.PrefixString(raw)
	case KindSignupHour:
		return k.String(), hourString(uint32(raw))
	case KindEmailDomain:
		return k.String(), s.EmailDomains.String(uint32(raw))
	case KindVerification:
		return k.String(), s.Verifications.String(uint32(raw))
	case KindCountry:
		return k.String(), s.Countries.String(uint32(raw))
	case KindOrg:
		return k.String(), s.Orgs.String(uint32(raw))
	}
	return k.String(), fmt.Sprintf("%x", raw)
}

func dayString(day uint32) string {
	ns := profile.SecToUnixNano(day * 86400)
	return record.FormatTime(ns)[:10]
}

func hourString(hour uint32) string {
	ns := profile.SecToUnixNano(hour * 3600)
	return record.FormatTime(ns)[:13] + ":00Z"
}

// pair is one (account, object) incidence while objects are collected.
type pair struct {
	obj  object
	acct uint32
}

// collector gathers incidences and turns them into Objects. They arrive
// by the million from several goroutines, so they are kept in fixed-size
// blocks — growing one slice would copy them again at every doubling — and
// laid out once, in build.
type collector struct {
	blocks [][]pair
	n      int
}

const collectorBlock = 1 << 16

func (c *collector) add(a uint32, k Kind, raw uint64) {
	if len(c.blocks) == 0 || len(c.blocks[len(c.blocks)-1]) == collectorBlock {
		c.blocks = append(c.blocks, make([]pair, 0, collectorBlock))
	}
	last := &c.blocks[len(c.blocks)-1]
	*last = append(*last, pair{obj: object{kind: k, raw: raw}, acct: a})
	c.n++
}

// take moves another collector's incidences into c.
func (c *collector) take(from *collector) {
	c.blocks = append(c.blocks, from.blocks...)
	c.n += from.n
	*from = collector{}
}

// build sorts the incidences, drops duplicates and unshared objects, and
// weights each object by rarity: typeWeight × ln((N+1)/(df+1)), so an object
// most accounts hold weighs almost nothing.
func (c *collector) build(accounts int, cfg *Config) *Objects {
	// Lay the incidences out grouped by kind (a counting sort: kinds are
	// few), then sort each kind's run by value and account, the kinds in
	// parallel, largest first.
	var start [NumKinds + 1]int
	for _, b := range c.blocks {
		for i := range b {
			start[b[i].obj.kind+1]++
		}
	}
	for k := 1; k <= int(NumKinds); k++ {
		start[k] += start[k-1]
	}
	ps := make([]pair, c.n)
	at := start
	for i, b := range c.blocks {
		for _, p := range b {
			ps[at[p.obj.kind]] = p
			at[p.obj.kind]++
		}
		c.blocks[i] = nil
	}
	kinds := make([]Kind, 0, NumKinds)
	for k := Kind(0); k < NumKinds; k++ {
		if start[k+1] > start[k] {
			kinds = append(kinds, k)
		}
	}
	slices.SortFunc(kinds, func(x, y Kind) int { return (start[y+1] - start[y]) - (start[x+1] - start[x]) })
	parallel.Each(cfg.workers(), len(kinds), func(_, i int) {
		k := kinds[i]
		slices.SortFunc(ps[start[k]:start[k+1]], func(x, y pair) int {
			if x.obj.raw != y.obj.raw {
				if x.obj.raw < y.obj.raw {
					return -1
				}
				return 1
			}
			return int(x.acct) - int(y.acct)
		})
	})
	ps = slices.Compact(ps)
	o := &Objects{}
	n := float64(accounts)
	counts := make([]uint32, accounts+2)
	// First pass: objects with df >= 2 get indices; incidences per account.
	type inc struct{ acct, obj uint32 }
	incs := make([]inc, 0, len(ps))
	for i := 0; i < len(ps); {
		j := i + 1
		for j < len(ps) && ps[j].obj == ps[i].obj {
			j++
		}
		if df := j - i; df >= 2 {
			idx := uint32(len(o.Kind))
			k := ps[i].obj.kind
			o.Kind = append(o.Kind, k)
			o.Raw = append(o.Raw, ps[i].obj.raw)
			o.DF = append(o.DF, uint32(df))
			rarity := math.Log((n + 1) / float64(df+1))
			if k.coarse() {
				rarity = math.Min(rarity, maxCoarseRarity)
			}
			w := cfg.KindWeight[k] * rarity
			o.Weight = append(o.Weight, float32(max(w, 0)))
			for _, p := range ps[i:j] {
				incs = append(incs, inc{p.acct, idx})
				counts[p.acct+1]++
			}
		}
		i = j
	}
	c.blocks = nil
	o.Off = make([]uint32, accounts+2)
	for a := 1; a < len(counts); a++ {
		o.Off[a] = o.Off[a-1] + counts[a]
	}
	o.Obj = make([]uint32, len(incs))
	fill := slices.Clone(o.Off)
	for _, x := range incs {
		o.Obj[fill[x.acct]] = x.obj
		fill[x.acct]++
	}
	for a := 0; a <= accounts; a++ {
		slices.Sort(o.Obj[o.Off[a]:o.Off[a+1]])
	}
	return o
}
