package simulate

import (
	"math/rand/v2"
	"net/netip"
)

// The address world: countries, the autonomous systems that serve them, and
// the prefixes each AS owns. Every address the simulator writes is drawn from
// a prefix of the AS it writes beside it, so IP and ASN always agree, as they
// do when a provider's edge enriches its logs from a routing table.

// asKind says what kind of network an AS is.
type asKind uint8

const (
	asResidential asKind = iota // home broadband ISP (also sells business lines)
	asMobile                    // mobile carrier, IPv4 behind carrier-grade NAT
	asCloud                     // large cloud provider, many regions
	asHosting                   // small hosting / VPS / datacenter provider
	asUniversity                // university network, NAT at the border
	asCorporate                 // a company with its own address space
	asSecurity                  // cloud security gateway (TLS-terminating proxy service)
	numASKinds
)

// country is one place users and ISPs live in.
type country struct {
	code   string
	weight float64 // share of the honest population
	tz     []int   // UTC offsets in minutes
	tzw    []float64
	v6     float64 // share of home lines that reach the API over IPv6
	isps   int
	mobile int
	unis   int
}

// countries lists the markets of the simulated provider; its served regions
// only (the provider does not serve some regions, which is why operators from
// there buy proxies).
var countries = []country{
	{"US", 0.27, []int{-300, -360, -420, -480}, []float64{0.47, 0.29, 0.07, 0.17}, 0.50, 4, 3, 8},
	{"IN", 0.08, []int{330}, nil, 0.60, 3, 3, 4},
	{"GB", 0.05, []int{0}, nil, 0.40, 3, 3, 4},
	{"DE", 0.05, []int{60}, nil, 0.60, 3, 3, 4},
	{"FR", 0.03, []int{60}, nil, 0.70, 3, 3, 3},
	{"BR", 0.04, []int{-180}, nil, 0.45, 3, 3, 3},
	{"JP", 0.04, []int{540}, nil, 0.50, 3, 3, 3},
	{"CA", 0.03, []int{-300, -480}, []float64{0.6, 0.4}, 0.40, 2, 2, 3},
	{"KR", 0.03, []int{540}, nil, 0.20, 2, 3, 3},
	{"AU", 0.02, []int{600}, nil, 0.35, 2, 2, 2},
	{"ES", 0.02, []int{60}, nil, 0.30, 2, 2, 2},
	{"IT", 0.02, []int{60}, nil, 0.20, 2, 2, 2},
	{"NL", 0.02, []int{60}, nil, 0.50, 2, 2, 2},
	{"SE", 0.01, []int{60}, nil, 0.30, 2, 2, 1},
	{"PL", 0.015, []int{60}, nil, 0.30, 2, 2, 2},
	{"CH", 0.01, []int{60}, nil, 0.45, 2, 2, 1},
	{"SG", 0.02, []int{480}, nil, 0.40, 2, 2, 2},
	{"ID", 0.02, []int{420}, nil, 0.30, 2, 3, 2},
	{"VN", 0.015, []int{420}, nil, 0.50, 2, 2, 1},
	{"PH", 0.01, []int{480}, nil, 0.20, 2, 2, 1},
	{"TW", 0.015, []int{480}, nil, 0.40, 2, 2, 2},
	{"MY", 0.01, []int{480}, nil, 0.50, 2, 2, 1},
	{"TH", 0.01, []int{420}, nil, 0.45, 2, 2, 1},
	{"MX", 0.02, []int{-360}, nil, 0.40, 2, 2, 2},
	{"AR", 0.01, []int{-180}, nil, 0.15, 2, 2, 1},
	{"CO", 0.01, []int{-300}, nil, 0.10, 2, 2, 1},
	{"TR", 0.015, []int{180}, nil, 0.05, 2, 2, 2},
	{"IL", 0.01, []int{120}, nil, 0.40, 2, 2, 1},
	{"AE", 0.01, []int{240}, nil, 0.30, 1, 2, 1},
	{"NG", 0.01, []int{60}, nil, 0.05, 2, 2, 1},
	{"ZA", 0.008, []int{120}, nil, 0.05, 2, 2, 1},
	{"KE", 0.005, []int{180}, nil, 0.05, 1, 2, 1},
	{"UA", 0.008, []int{120}, nil, 0.10, 2, 2, 1},
	{"PK", 0.01, []int{300}, nil, 0.05, 2, 2, 1},
	{"NZ", 0.004, []int{720}, nil, 0.35, 1, 2, 1},
}

// autonomousSystem is one AS with its prefixes.
type autonomousSystem struct {
	asn     int64
	kind    asKind
	country int // index into countries, -1 for global networks
	v4      []netip.Prefix
	v4cum   []uint64 // cumulative host counts, to pick hosts uniformly
	v6      netip.Prefix
	nat     []netip.Addr // border NAT / egress addresses (universities, corporations, carriers)
	v6share float64      // share of its users on IPv6
}

// world is the synthetic Internet of one run. It is immutable after build.
type world struct {
	as        []autonomousSystem
	byKind    [numASKinds][]int32
	byCountry [][numASKinds][]int32
	countryC  cdf // honest population by country
}

// buildWorld synthesises ASes and prefixes from seed. Address space comes
// from public IPv4 /8s (reserved and special ranges excluded) and IPv6 /32s
// under 2000::/3 (documentation range excluded).
func buildWorld(seed uint64) *world {
	r := newRand(hash2(seed, saltWorld), 2)
	w := &world{byCountry: make([][numASKinds][]int32, len(countries))}
	alloc := newV4Alloc(r)
	usedASN := map[int64]bool{}
	usedV6 := map[uint32]bool{}
	newAS := func(kind asKind, ci int, nPrefix, minBits, maxBits int) *autonomousSystem {
		var asn int64
		for asn == 0 || usedASN[asn] || asn == 23456 {
			if r.Float64() < 0.75 {
				asn = 1000 + r.Int64N(63000)
			} else {
				asn = 131072 + r.Int64N(270000)
			}
		}
		usedASN[asn] = true
		a := autonomousSystem{asn: asn, kind: kind, country: ci}
		for i := 0; i < nPrefix; i++ {
			a.v4 = append(a.v4, alloc.next(minBits+r.IntN(maxBits-minBits+1)))
		}
		var hi uint32
		for hi == 0 || usedV6[hi] || hi == 0x20010db8 {
			top := []uint32{0x2001, 0x2400, 0x2403, 0x2600, 0x2604, 0x2800, 0x2a00, 0x2a02, 0x2c0f}[r.IntN(9)]
			hi = top<<16 | uint32(r.IntN(1<<16))
		}
		usedV6[hi] = true
		var b [16]byte
		b[0], b[1], b[2], b[3] = byte(hi>>24), byte(hi>>16), byte(hi>>8), byte(hi)
		a.v6 = netip.PrefixFrom(netip.AddrFrom16(b), 32)
		var cum uint64
		for _, p := range a.v4 {
			cum += 1 << (32 - p.Bits())
			a.v4cum = append(a.v4cum, cum)
		}
		w.as = append(w.as, a)
		idx := int32(len(w.as) - 1)
		w.byKind[kind] = append(w.byKind[kind], idx)
		if ci >= 0 {
			w.byCountry[ci][kind] = append(w.byCountry[ci][kind], idx)
		}
		return &w.as[len(w.as)-1]
	}
	weights := make([]float64, len(countries))
	for ci, c := range countries {
		weights[ci] = c.weight
		for i := 0; i < c.isps; i++ {
			a := newAS(asResidential, ci, 6+r.IntN(20), 14, 19)
			a.v6share = clampF(c.v6+0.15*r.NormFloat64(), 0, 0.9)
		}
		for i := 0; i < c.mobile; i++ {
			// The first prefix is the carrier-grade NAT pool: a few hundred
			// public addresses shared by every subscriber.
			a := newAS(asMobile, ci, 1, 23, 24)
			a.v4 = append(a.v4, alloc.next(22))
			var cum uint64
			a.v4cum = a.v4cum[:0]
			for _, p := range a.v4 {
				cum += 1 << (32 - p.Bits())
				a.v4cum = append(a.v4cum, cum)
			}
			a.v6share = clampF(c.v6+0.2+0.1*r.NormFloat64(), 0, 0.95)
		}
		for i := 0; i < c.unis; i++ {
			a := newAS(asUniversity, ci, 1, 16, 20)
			for j := 0; j < 1+r.IntN(4); j++ {
				a.nat = append(a.nat, hostIn(a, r.Uint64()))
			}
			a.v6share = 0.2 * r.Float64()
		}
		for i := 0; i < 1+c.isps/2; i++ {
			newAS(asHosting, ci, 1+r.IntN(4), 20, 24)
		}
	}
	for i := 0; i < 9; i++ {
		newAS(asCloud, -1, 20+r.IntN(40), 14, 20)
	}
	for i := 0; i < 12; i++ {
		newAS(asHosting, -1, 2+r.IntN(8), 19, 23)
	}
	for i := 0; i < 3; i++ {
		newAS(asSecurity, -1, 4+r.IntN(8), 20, 22)
	}
	for i := 0; i < 60; i++ {
		ci := makeCDF(weights...).pick(r.Float64())
		a := newAS(asCorporate, ci, 1, 22, 24)
		for j := 0; j < 1+r.IntN(3); j++ {
			a.nat = append(a.nat, hostIn(a, r.Uint64()))
		}
	}
	w.countryC = makeCDF(weights...)
	return w
}

// v4Alloc hands out non-overlapping IPv4 prefixes from public /8s.
type v4Alloc struct {
	blocks []uint32 // first octets still usable
	cursor map[uint32]uint32
	r      *rand.Rand
}

func newV4Alloc(r *rand.Rand) *v4Alloc {
	reserved := map[uint32]bool{0: true, 10: true, 100: true, 127: true, 169: true, 172: true, 192: true, 198: true, 203: true,
		6: true, 7: true, 11: true, 21: true, 22: true, 26: true, 28: true, 29: true, 30: true, 33: true, 55: true, 214: true, 215: true}
	a := &v4Alloc{cursor: map[uint32]uint32{}, r: r}
	for o := uint32(1); o < 224; o++ {
		if !reserved[o] {
			a.blocks = append(a.blocks, o)
		}
	}
	return a
}

// next returns a fresh prefix of the given length in a random usable /8.
func (a *v4Alloc) next(bits int) netip.Prefix {
	size := uint32(1) << (32 - bits)
	for {
		i := a.r.IntN(len(a.blocks))
		o := a.blocks[i]
		c := a.cursor[o]
		// Leave random gaps so that neighbouring prefixes do not belong to
		// consecutive ASes in allocation order.
		c += uint32(a.r.IntN(4)) << 16
		c = (c + size - 1) &^ (size - 1)
		if c+size > 1<<24 || c+size < c {
			a.blocks = append(a.blocks[:i], a.blocks[i+1:]...)
			continue
		}
		a.cursor[o] = c + size
		v := o<<24 | c
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits)
	}
}

// hostIn returns an IPv4 host address of a chosen by h, uniform over a's
// address space, never the first or last address of a prefix.
func hostIn(a *autonomousSystem, h uint64) netip.Addr {
	total := a.v4cum[len(a.v4cum)-1]
	// Multiply-shift maps h onto [0, total) without a division; total is
	// below 2^32.
	x := (h >> 32) * total >> 32
	i := 0
	for x >= a.v4cum[i] {
		i++
	}
	var base uint64
	if i > 0 {
		base = a.v4cum[i-1]
	}
	p := a.v4[i]
	size := uint64(1) << (32 - p.Bits())
	off := (x - base) & (size - 1)
	if off == 0 {
		off = 1
	}
	if off == size-1 {
		off = size - 2
	}
	b := p.Addr().As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += uint32(off)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// v6In returns an IPv6 address of a: the /64 chosen by subnet, the interface
// id by iid (privacy addresses change it often, the /64 stays).
func v6In(a *autonomousSystem, subnet, iid uint64) netip.Addr {
	b := a.v6.Addr().As16()
	s := uint32(subnet)
	b[4], b[5], b[6], b[7] = byte(s>>24), byte(s>>16), byte(s>>8), byte(s)
	for i := 0; i < 8; i++ {
		b[8+i] = byte(iid >> (56 - 8*i))
	}
	if iid == 0 {
		b[15] = 1
	}
	return netip.AddrFrom16(b)
}

// pickAS returns a random AS of kind in country ci, falling back to any AS
// of that kind when the country has none.
func (w *world) pickAS(r *rand.Rand, kind asKind, ci int) int32 {
	if ci >= 0 {
		if l := w.byCountry[ci][kind]; len(l) > 0 {
			return l[r.IntN(len(l))]
		}
	}
	l := w.byKind[kind]
	return l[r.IntN(len(l))]
}

// pickCountry draws a country by honest population share.
func (w *world) pickCountry(r *rand.Rand) int { return w.countryC.pick(r.Float64()) }

// tzOf draws a UTC offset (minutes) for someone in country ci.
func tzOf(r *rand.Rand, ci int) int {
	c := &countries[ci]
	if len(c.tz) == 1 {
		return c.tz[0]
	}
	return c.tz[makeCDF(c.tzw...).pick(r.Float64())]
}

// countryIndex returns the index of code in countries, or -1.
func countryIndex(code string) int {
	for i, c := range countries {
		if c.code == code {
			return i
		}
	}
	return -1
}

// egressKind is how a client reaches the API.
type egressKind uint8

const (
	egHome   egressKind = iota // home line: IPv4 changes every lease, IPv6 /64 stable longer
	egMobile                   // carrier: shared CGNAT IPv4 per session, IPv6 /64 per day
	egFixed                    // fixed addresses: corporate egress, university NAT, VM, venue
	egPool                     // a large pool: proxy network exits, serverless / NAT ranges
)

// addrAS is an address with the AS that announces it.
type addrAS struct {
	ip  netip.Addr
	asn int64
}

// pool is a large virtual address pool. Address k is derived from (key, k)
// rather than stored, so pools of millions cost nothing.
type pool struct {
	size uint64
	key  uint64
	ases []int32
	asC  cdf
	v6   float64 // share of exits that are IPv6
	// overlap is the share of exits that are one of homes: honest
	// consumers' home lines inside the pool's networks, which a
	// residential proxy network resells (exit_overlap). Such an exit has
	// the home's address of the day, the one its owner sends from.
	overlap float64
	homes   []*egress
}

// egress is one way out to the API for one client (or a group sharing it).
type egress struct {
	kind       egressKind
	as         int32 // home, mobile
	key        uint64
	lease      int // home: days an IPv4 lease lasts
	v6         bool
	addrs      []addrAS // fixed
	pool       *pool
	perRequest bool  // pool: a new exit for every request instead of per session
	sticky     int64 // pool: keep one exit for this many seconds (sticky proxy sessions)
}

// address returns the client address for one exchange: day is the day
// index, sec the unix second, sess the session key, step the exchange within
// the session.
func (w *world) address(e *egress, day int, sec int64, sess uint64, step int) addrAS {
	switch e.kind {
	case egHome:
		a := &w.as[e.as]
		if e.v6 {
			// A delegated /64 that stays for months; the interface id rotates daily.
			return addrAS{v6In(a, hash2(e.key, uint64(day/90)), hash3(e.key, uint64(day), saltAddress)), a.asn}
		}
		phase := int(e.key % uint64(e.lease))
		return addrAS{hostIn(a, hash3(e.key, uint64((day+phase)/e.lease), saltAddress)), a.asn}
	case egMobile:
		a := &w.as[e.as]
		if e.v6 {
			return addrAS{v6In(a, hash3(e.key, uint64(day), 1), hash2(sess, saltAddress)), a.asn}
		}
		// Carrier NAT: the session's flows map to one of the pool's few
		// hundred public addresses, shared with every other subscriber.
		p := a.v4[0]
		size := uint64(1) << (32 - p.Bits())
		off := 1 + hash2(sess, saltAddress)%(size-2)
		b := p.Addr().As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) + uint32(off)
		return addrAS{netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), a.asn}
	case egFixed:
		if len(e.addrs) == 1 {
			return e.addrs[0]
		}
		return e.addrs[hash2(sess, e.key)%uint64(len(e.addrs))]
	default:
		p := e.pool
		h := hash2(sess, e.key)
		switch {
		case e.sticky > 0:
			h = hash3(e.key, uint64(sec/e.sticky), saltAddress)
		case e.perRequest:
			h = hash3(sess, uint64(step), e.key)
		}
		k := h % p.size
		if p.overlap > 0 && chance(hash3(p.key, k, saltOverlap), p.overlap) {
			home := p.homes[hash3(k, p.key, saltOverlap)%uint64(len(p.homes))]
			return w.address(home, day, sec, sess, step)
		}
		return w.poolAddr(p, k)
	}
}

// poolAddr is exit k of p.
func (w *world) poolAddr(p *pool, k uint64) addrAS {
	h := hash2(p.key, k)
	a := &w.as[p.ases[p.asC.pick(unit(h))]]
	if p.v6 > 0 && chance(mix64(h^saltAddress), p.v6) {
		return addrAS{v6In(a, mix64(h), mix64(h+1)), a.asn}
	}
	return addrAS{hostIn(a, mix64(h+2)), a.asn}
}

// fixedAddrs draws n fixed addresses inside AS index ai.
func (w *world) fixedAddrs(r *rand.Rand, ai int32, n int) []addrAS {
	a := &w.as[ai]
	out := make([]addrAS, n)
	for i := range out {
		out[i] = addrAS{hostIn(a, r.Uint64()), a.asn}
	}
	return out
}

// natAddrs returns the border NAT addresses of a university or corporate AS.
func (w *world) natAddrs(ai int32) []addrAS {
	a := &w.as[ai]
	out := make([]addrAS, len(a.nat))
	for i, ip := range a.nat {
		out[i] = addrAS{ip, a.asn}
	}
	return out
}

// newPool builds a pool of size exits spread over the given ASes.
func (w *world) newPool(r *rand.Rand, size uint64, ases []int32, weights []float64, v6 float64) *pool {
	if size < 1 {
		size = 1
	}
	if weights == nil {
		weights = make([]float64, len(ases))
		for i := range weights {
			weights[i] = 1
		}
	}
	return &pool{size: size, key: r.Uint64(), ases: ases, asC: makeCDF(weights...), v6: v6}
}
