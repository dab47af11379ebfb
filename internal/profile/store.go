// Package profile is the per-account stage of the pipeline. It keeps what
// detection needs of every exchange as dictionary-encoded columns (about 19
// bytes an exchange: time, account, address, template, model, output
// budget) and, as exchanges arrive, a fixed-size behaviour record per
// account: volume, hours, days, regularity, addresses and networks, client
// claims, capability mix, extraction markers, budgets, conversation shape,
// moves to new models. Features computes the derived per-account figures.
//
// Everything here is updated by one goroutine, in input order, so that ids
// and results are deterministic; the expensive per-exchange work (text
// classification, signatures, hashing) happens before, in parallel.
package profile

import (
	"encoding/binary"
	"math"
	"math/bits"
	"net/netip"
	"sync/atomic"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
)

// Epoch is the origin of the uint32 second timestamps in the columns
// (2000-01-01T00:00:00Z): 136 years of range at 4 bytes an exchange.
const Epoch = 946684800

// ToSec converts unix nanoseconds to column seconds, clamped to the range.
func ToSec(ns int64) uint32 {
	s := ns/1e9 - Epoch
	if ns < 0 && ns%1e9 != 0 {
		s--
	}
	if s < 0 {
		return 0
	}
	if s > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(s)
}

// SecToUnixNano converts column seconds back to unix nanoseconds.
func SecToUnixNano(s uint32) int64 { return (int64(s) + Epoch) * 1e9 }

// Signals is what the per-exchange stage computed for one exchange, in
// parallel, before the exchange reaches the store.
type Signals struct {
	Capability record.Capability
	Markers    uint8 // extraction marker bits (internal/signals/extraction)
	// Text is whether the exchange has prompt or system text or a
	// signature (signals.HasText), which is when its template pair is set:
	// kept here so the store's goroutine need not read the record for it.
	Text     bool
	Template uint32 // prompt template id; 0 when there was no prompt text or signature
	System   uint32 // system prompt template id; 0 when none
	// dict.Hash of the string fields, so the consumer only does map lookups.
	AcctHash, UAHash, FPHash, ModelHash, OrgHash, KeyHash uint64
	// AcctCheck is dict.Check of the account id (0: not computed), the
	// second hash that confirms a dictionary hit without reading the bytes.
	AcctCheck uint64
	// KeyCheck is dict.Check of the API key id (0: not computed): a log
	// has about as many keys as accounts, so the key dictionary's cache
	// misses often, and the consumer would otherwise hash the key's bytes,
	// long out of cache by then, for the check.
	KeyCheck uint64
}

// maxTokBuckets is the number of powers of two MaxTokBucket covers.
const maxTokBuckets = 64

// ip6Tag marks an IP column value as an index into the IPv6 table rather
// than an IPv4 address. 240.0.0.0/4 is reserved and never routed, so real
// IPv4 clients never collide with it (any that do are stored as IPv6 are).
const ip6Tag = 0xF0000000

// Store holds the columns and per-account records of one analysis.
type Store struct {
	Accounts                                         *dict.Strings
	UserAgents, Fingerprints, Models, Orgs, Keys     *dict.Small
	EmailDomains, Payments, Countries, Verifications *dict.Strings

	ip6     addrTable
	ip6List []netip.Addr

	// Columns, one entry per exchange, in input order.
	Sec  []uint32 // seconds since Epoch
	Acct []uint32 // account id
	IP   []uint32 // EncodeIP of the client address; 0 when absent
	Tmpl []uint32 // prompt template id (resolve merges with the template clusterer)
	// Tmpl stays empty until the first exchange with a template, and from
	// then on is as long as the other columns: an exchange beyond its
	// length has no template. A log without text (most are) then costs no
	// column of zeros, a fifth of the columns' memory.
	Model   []uint16 // model id (saturates at 65535)
	MaxTokB []uint8  // MaxTokBucket of max_tokens; 0 when absent

	// Per account, indexed by account id (index 0 is unused).
	Behaviour []Account
	Info      []Info

	releases []uint32 // model id → release second; 0 when unknown

	FirstSec, LastSec uint32
}

// NewStore returns an empty store; hint is the expected number of exchanges.
func NewStore(hint int) *Store {
	return &Store{
		Accounts: dict.New(1024), UserAgents: dict.NewSmall(), Fingerprints: dict.NewSmall(),
		Models: dict.NewSmall(), Orgs: dict.NewSmall(), Keys: dict.NewSmall(),
		EmailDomains: dict.New(256), Payments: dict.New(1024), Countries: dict.New(64), Verifications: dict.New(8),
		Sec:       make([]uint32, 0, hint),
		Acct:      make([]uint32, 0, hint),
		IP:        make([]uint32, 0, hint),
		Tmpl:      make([]uint32, 0, hint),
		Model:     make([]uint16, 0, hint),
		MaxTokB:   make([]uint8, 0, hint),
		Behaviour: make([]Account, 1, 1024),
		Info:      make([]Info, 1, 1024),
		FirstSec:  math.MaxUint32,
	}
}

// Reserve makes room in the columns for n more exchanges. An estimate that
// is too high costs address space rather than resident memory (the runtime
// takes fresh pages from the kernel, which only become resident when
// written), though the collector counts it as live heap and so collects
// later. One that is too low costs what it saves: the columns grow by
// copying, about four times their final size in all at tens of millions of
// exchanges.
func (s *Store) Reserve(n int) {
	if n <= 0 {
		return
	}
	s.Sec = reserve(s.Sec, n)
	s.Acct = reserve(s.Acct, n)
	s.IP = reserve(s.IP, n)
	s.Tmpl = reserve(s.Tmpl, n)
	s.Model = reserve(s.Model, n)
	s.MaxTokB = reserve(s.MaxTokB, n)
}

// ReserveAccounts makes room for n more accounts: an account record is
// hundreds of bytes, and the table of a large log grows to a hundred
// megabytes and more, which doubling would copy.
func (s *Store) ReserveAccounts(n int) {
	if n <= 0 {
		return
	}
	s.Behaviour = reserve(s.Behaviour, n)
	s.Info = reserve(s.Info, n)
	s.Accounts.Reserve(n)
}

// reserve is slices.Grow without its clearing of the new capacity, which
// would make every reserved page resident: make hands back fresh pages
// from the kernel as they are, already zero.
func reserve[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	t := make([]T, len(s), len(s)+n)
	copy(t, s)
	return t
}

// appendTemplate appends exchange Len()-1's template, first padding the
// template column with the zeros of the exchanges before it.
func (s *Store) appendTemplate(t uint32) {
	if n := len(s.Sec) - 1; len(s.Tmpl) < n {
		// The compiler extends in place, zeroed, without the temporary.
		s.Tmpl = append(s.Tmpl, make([]uint32, n-len(s.Tmpl))...)
	}
	s.Tmpl = append(s.Tmpl, t)
}

// Len is the number of exchanges stored.
func (s *Store) Len() int { return len(s.Sec) }

// NumAccounts is the number of account ids in use (ids are 1..NumAccounts).
func (s *Store) NumAccounts() int { return len(s.Behaviour) - 1 }

// EncodeIP turns an address into its column value.
func (s *Store) EncodeIP(a netip.Addr) uint32 {
	if !a.IsValid() || a.IsUnspecified() {
		return 0
	}
	if a.Is4() {
		b := a.As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		if v&ip6Tag != ip6Tag {
			return v
		}
	}
	next := uint32(len(s.ip6List))
	full := next >= 1<<28-1
	if full {
		next = 1<<28 - 1 // table full: further addresses share the last number
	}
	id, added := s.ip6.find(a, next)
	if added && !full {
		s.ip6List = append(s.ip6List, a)
	}
	return ip6Tag | id
}

// lastAddr is the IPv6 address an account used last, with its column
// value (0: none yet).
type lastAddr struct {
	hi, lo uint64
	v      uint32
}

// encodeIPFor is EncodeIP for an exchange of the account whose last IPv6
// address is last. Two exchanges in three from an IPv6 account repeat its
// previous address, and comparing 16 bytes in the account's record saves
// a probe of the address table, which at millions of addresses misses the
// cache every time.
func (s *Store) encodeIPFor(a netip.Addr, last *lastAddr) uint32 {
	if !a.Is6() {
		return s.EncodeIP(a)
	}
	b := a.As16()
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	if last.v != 0 && last.hi == hi && last.lo == lo {
		return last.v
	}
	v := s.EncodeIP(a)
	*last = lastAddr{hi: hi, lo: lo, v: v}
	return v
}

// Addr decodes a column value back into an address.
func (s *Store) Addr(v uint32) netip.Addr {
	if v == 0 {
		return netip.Addr{}
	}
	if v&ip6Tag == ip6Tag {
		i := v &^ ip6Tag
		if int(i) < len(s.ip6List) {
			return s.ip6List[i]
		}
		return netip.Addr{}
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// PrefixKey is a 64-bit key of the network an address belongs to: its /24
// for IPv4, its /48 for IPv6, the sizes providers allocate to one site.
func (s *Store) PrefixKey(v uint32) uint64 {
	if v == 0 {
		return 0
	}
	if v&ip6Tag != ip6Tag {
		return 1<<40 | uint64(v>>8)
	}
	a := s.Addr(v)
	if !a.IsValid() {
		return 0
	}
	if a.Is4() {
		b := a.As4()
		return 1<<40 | uint64(b[0])<<16 | uint64(b[1])<<8 | uint64(b[2])
	}
	b := a.As16()
	return 2<<56 | uint64(b[0])<<40 | uint64(b[1])<<32 | uint64(b[2])<<24 | uint64(b[3])<<16 | uint64(b[4])<<8 | uint64(b[5])
}

// PrefixString renders a PrefixKey for reports ("203.0.113.0/24").
func PrefixString(k uint64) string {
	switch k >> 56 {
	case 0:
		v := uint32(k & 0xFFFFFF)
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 16), byte(v >> 8), byte(v), 0}), 24).String()
	case 2:
		var b [16]byte
		for i := 0; i < 6; i++ {
			b[i] = byte(k >> (40 - 8*i))
		}
		return netip.PrefixFrom(netip.AddrFrom16(b), 48).String()
	}
	return ""
}

// MaxTokBucket maps an output budget to a 1-byte log scale with two
// sub-buckets per power of two (1 = budget 0 or 1, larger values grow by √2).
func MaxTokBucket(v int64) uint8 {
	if v <= 1 {
		return 1
	}
	l := 63 - bits.LeadingZeros64(uint64(v))
	b := 2 * l
	if v >= halfSteps[l] {
		b++
	}
	if b+1 >= maxTokBuckets*2 {
		return maxTokBuckets*2 - 1
	}
	return uint8(b + 1)
}

// halfSteps[l] is where MaxTokBucket's upper sub-bucket of 2^l begins,
// round(√2·2^l): a table, since the bucket is taken for every exchange.
var halfSteps = func() (t [63]int64) {
	for l := range t {
		t[l] = int64(math.Round(math.Sqrt2 * float64(int64(1)<<l)))
	}
	return t
}()

// AddModel records a model release.
func (s *Store) AddModel(m *record.ModelRelease) {
	id := s.Models.ID(m.Model)
	for len(s.releases) <= int(id) {
		s.releases = append(s.releases, 0)
	}
	s.releases[id] = ToSec(m.ReleasedAt)
}

// Release returns the release second of model id, and whether it is known.
func (s *Store) Release(id uint32) (uint32, bool) {
	if int(id) < len(s.releases) && s.releases[id] != 0 {
		return s.releases[id], true
	}
	return 0, false
}

// accountID returns the id of an account, growing the per-account slices.
func (s *Store) accountID(h, check uint64, name string) uint32 {
	var id uint32
	if check != 0 {
		id = s.Accounts.IDChecked(h, check, name)
	} else {
		id = s.Accounts.IDHash(h, name)
	}
	for int(id) >= len(s.Behaviour) {
		s.Behaviour = append(s.Behaviour, Account{})
		s.Info = append(s.Info, Info{})
	}
	return id
}

// AddAccount records a row of the account table.
func (s *Store) AddAccount(a *record.Account) {
	id := s.accountID(dict.Hash(a.AccountID), 0, a.AccountID)
	s.Info[id] = Info{
		Known:        true,
		Created:      ToSec(a.CreatedAt),
		HasCreated:   a.CreatedAt != 0,
		Org:          s.Orgs.ID(a.OrgID),
		EmailDomain:  s.EmailDomains.ID(a.EmailDomain),
		Payment:      s.Payments.ID(a.PaymentFP),
		Country:      s.Countries.ID(a.Country),
		Verification: s.Verifications.ID(a.Verification),
		SignupIP:     s.EncodeIP(a.SignupIP),
	}
}

// Add stores one exchange and updates its account's behaviour. Only the
// store's goroutine may call it.
func (s *Store) Add(e *record.Exchange, x *Signals) {
	s.AddTo(s.AccountID(e, x), e, x)
}

// AccountID returns the id of e's account, adding the account when new.
// With Warm and AddTo it lets a caller split Add over a batch.
func (s *Store) AccountID(e *record.Exchange, x *Signals) uint32 {
	return s.accountID(x.AcctHash, x.AcctCheck, e.AccountID)
}

// warmSink keeps Warm's loads from being optimised away; atomic, since
// stores in different goroutines warm at once.
var warmSink atomic.Uint32

// Warm reads a word from each of the first ten cache lines of the
// behaviour records of the given accounts: the lines an exchange updates
// (see the layout of Account). The loads are independent, so the
// processor overlaps their cache misses; AddTo, which updates one record
// after another, then finds them in cache. At full scale the records are
// a hundred megabytes touched at random, and Add spent most of its time
// waiting for them. (Prefetch instructions instead of loads measured a
// little slower: ten per record queue behind each other.)
func (s *Store) Warm(ids []uint32) {
	var sum uint32
	for _, id := range ids {
		b := &s.Behaviour[id]
		sum += b.N + b.Capabilities[0] + b.ASN.n[0] + b.MaxTok.n[0] + b.lastFP.id + b.turnSec[0] +
			b.Hours[0] + b.Hours[16] + uint32(b.Addresses[32]) + uint32(b.Addresses[96])
	}
	warmSink.Add(sum)
}

// PrefetchAccount starts loading the account dictionary's slot for the
// account-id hash h, a few records before AccountID looks it up.
func (s *Store) PrefetchAccount(h uint64) { s.Accounts.Prefetch(h) }

// AddTo is Add for an exchange whose account id AccountID returned.
func (s *Store) AddTo(id uint32, e *record.Exchange, x *Signals) {
	sec := ToSec(e.TS)
	b := &s.Behaviour[id]
	ip := uint32(0)
	if e.Has&record.HasIP != 0 {
		ip = s.encodeIPFor(e.IP, &b.lastV6)
	}
	model := uint32(0)
	if e.Has&record.HasModel != 0 {
		model = cachedID(s.Models, &b.lastModel, x.ModelHash, e.Model)
	}
	mb := uint8(0)
	if e.Has&record.HasMaxTokens != 0 {
		mb = MaxTokBucket(e.MaxTokens)
	}
	s.Sec = append(s.Sec, sec)
	s.Acct = append(s.Acct, id)
	s.IP = append(s.IP, ip)
	if x.Template != 0 || len(s.Tmpl) > 0 {
		s.appendTemplate(x.Template)
	}
	s.Model = append(s.Model, uint16(min(model, math.MaxUint16)))
	s.MaxTokB = append(s.MaxTokB, mb)
	s.FirstSec = min(s.FirstSec, sec)
	s.LastSec = max(s.LastSec, sec)

	var ua, fp, org, key uint32
	if e.Has&record.HasUserAgent != 0 {
		ua = cachedID(s.UserAgents, &b.lastUA, x.UAHash, e.UserAgent)
	}
	if e.Has&record.HasClientFP != 0 {
		fp = cachedID(s.Fingerprints, &b.lastFP, x.FPHash, e.ClientFP)
	}
	if e.Has&record.HasOrgID != 0 {
		org = cachedID(s.Orgs, &b.lastOrg, x.OrgHash, e.OrgID)
	}
	if e.Has&record.HasAPIKeyID != 0 {
		key = cachedKeyID(s.Keys, &b.lastKey, &b.prevKey, x.KeyHash, x.KeyCheck, e.APIKeyID)
	}
	b.add(s, e, x, sec, ip, model, ua, fp, org, key, mb)
}

// cachedIDChecked is cachedID with v's check hash c (0: not computed).
func cachedIDChecked(d *dict.Small, last *lastID, h, c uint64, v string) uint32 {
	if last.id != 0 && last.hash == h {
		return last.id
	}
	*last = lastID{hash: h, id: d.IDChecked(h, c, v)}
	return last.id
}

// cachedKeyID is cachedIDChecked for API keys, which it tries against the
// account's last two: an account that alternates between two keys (one in
// six exchanges at scale 1) would otherwise send every other exchange to
// the key dictionary, which is as large as the account table and misses
// the cache.
func cachedKeyID(d *dict.Small, last, prev *lastID, h, c uint64, v string) uint32 {
	if last.id != 0 && last.hash == h {
		return last.id
	}
	if prev.id != 0 && prev.hash == h {
		*last, *prev = *prev, *last
		return last.id
	}
	*prev = *last
	*last = lastID{hash: h, id: d.IDChecked(h, c, v)}
	return last.id
}

// cachedID is d.IDHash(h, v) that first tries the id the account used last.
func cachedID(d *dict.Small, last *lastID, h uint64, v string) uint32 {
	return cachedIDChecked(d, last, h, 0, v)
}
