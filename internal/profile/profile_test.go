package profile

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
)

func TestSecRoundTrip(t *testing.T) {
	for _, ts := range []time.Time{
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 4, 22, 13, 45, 7, 0, time.UTC),
		time.Date(2100, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		if got := SecToUnixNano(ToSec(ts.UnixNano())); got != ts.UnixNano() {
			t.Errorf("%s: round trip gave %s", ts, time.Unix(0, got).UTC())
		}
	}
	if ToSec(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()) != 0 {
		t.Error("times before the epoch must clamp to 0")
	}
}

func TestMaxTokBucketMonotonic(t *testing.T) {
	prev := uint8(0)
	for v := int64(0); v < 1<<21; v += 1 + v/64 {
		b := MaxTokBucket(v)
		if b < prev {
			t.Fatalf("bucket of %d is %d, below %d for a smaller value", v, b, prev)
		}
		prev = b
	}
	// Two buckets per power of two: 4096 and 8192 are two buckets apart.
	if d := int(MaxTokBucket(8192)) - int(MaxTokBucket(4096)); d != 2 {
		t.Fatalf("buckets of 4096 and 8192 differ by %d, want 2", d)
	}
	if MaxTokBucket(math.MaxInt64) == 0 {
		t.Fatal("huge budget got the absent bucket")
	}
}

func TestEncodeIP(t *testing.T) {
	s := NewStore(0)
	f := func(addr string, want uint32, prefix string) {
		t.Helper()
		a := netip.MustParseAddr(addr)
		v := s.EncodeIP(a)
		if want != 0 && v != want {
			t.Fatalf("EncodeIP(%s) = %#x, want %#x", addr, v, want)
		}
		if got := s.Addr(v); got != a {
			t.Fatalf("Addr(EncodeIP(%s)) = %s", addr, got)
		}
		if got := PrefixString(s.PrefixKey(v)); got != prefix {
			t.Fatalf("prefix of %s = %q, want %q", addr, got, prefix)
		}
	}
	f("203.0.113.7", 0xCB007107, "203.0.113.0/24")
	f("2001:db8:1:2::5", 0, "2001:db8:1::/48")
	f("241.1.2.3", 0, "241.1.2.0/24") // reserved range goes through the table
	f("2001:db8:1:2::5", ip6Tag, "2001:db8:1::/48")
	if s.EncodeIP(netip.Addr{}) != 0 || s.EncodeIP(netip.MustParseAddr("0.0.0.0")) != 0 {
		t.Fatal("absent and unspecified addresses must encode as 0")
	}
}

func TestTop2KeepsHeavyHitters(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for trial := 0; trial < 200; trial++ {
		var tp top2
		heavy := uint32(1 + r.IntN(5))
		n := 50 + r.IntN(500)
		hits := 0
		for i := 0; i < n; i++ {
			if r.Float64() < 0.4 {
				tp.add(heavy)
				hits++
			} else {
				tp.add(uint32(10 + r.IntN(1000)))
			}
		}
		if 3*hits <= n {
			continue // the guarantee is for more than a third
		}
		// Misra–Gries with two counters keeps anything above a third.
		found := false
		for _, v := range tp.Values() {
			found = found || v == heavy
		}
		if !found {
			t.Fatalf("trial %d: heavy value %d (40%%) lost: %v", trial, heavy, tp.Values())
		}
	}
}

func TestSketches(t *testing.T) {
	for _, n := range []int{1, 10, 100, 1000, 5000} {
		var h hll
		for i := 0; i < n; i++ {
			h.add(uint64(i) * 7919)
			h.add(uint64(i) * 7919) // duplicates do not count
		}
		if got := h.Count(); math.Abs(got-float64(n)) > 0.3*float64(n)+1 {
			t.Errorf("hll of %d distinct = %.0f", n, got)
		}
	}
	var l linear
	for i := uint32(1); i <= 5; i++ {
		l.add(i)
	}
	if got := l.Count(); got < 4 || got > 7 {
		t.Errorf("linear count of 5 = %.1f", got)
	}
}

// addAt feeds one exchange of account acct at the given offset.
func addAt(s *Store, acct string, sec int64, mutate func(*record.Exchange)) {
	e := record.Exchange{TS: (Epoch + 26*365*86400 + sec) * 1e9, AccountID: acct}
	if mutate != nil {
		mutate(&e)
	}
	x := Signals{AcctHash: dict.Hash(acct), ModelHash: dict.Hash(e.Model), UAHash: dict.Hash(e.UserAgent), FPHash: dict.Hash(e.ClientFP)}
	s.Add(&e, &x)
}

func TestOrphanTurns(t *testing.T) {
	s := NewStore(0)
	// A real conversation grows 1, 3, 5 within minutes.
	for i, turns := range []int64{1, 3, 5} {
		addAt(s, "human", int64(i)*60, func(e *record.Exchange) { e.Turns, e.Has = turns, record.HasTurns })
	}
	// A harness sends whole five-turn conversations, hours apart.
	for i := 0; i < 3; i++ {
		addAt(s, "harness", int64(i)*3*3600, func(e *record.Exchange) { e.Turns, e.Has = 5, record.HasTurns })
	}
	id, _ := s.Accounts.Lookup("human")
	if b := s.Behaviour[id]; b.MultiTurn != 2 || b.OrphanTurns != 0 {
		t.Errorf("human: multi %d orphan %d, want 2 and 0", b.MultiTurn, b.OrphanTurns)
	}
	id, _ = s.Accounts.Lookup("harness")
	if b := s.Behaviour[id]; b.MultiTurn != 3 || b.OrphanTurns != 3 {
		t.Errorf("harness: multi %d orphan %d, want 3 and 3", b.MultiTurn, b.OrphanTurns)
	}
}

func TestRegularityAndChurn(t *testing.T) {
	s := NewStore(0)
	r := rand.New(rand.NewPCG(9, 9))
	sec := int64(0)
	for i := 0; i < 400; i++ {
		sec += 300 // a metronome, every five minutes
		ip := netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)})
		addAt(s, "metronome", sec, func(e *record.Exchange) { e.IP, e.Has = ip, record.HasIP })
	}
	sec = 0
	for i := 0; i < 400; i++ {
		if r.IntN(10) == 0 {
			sec += int64(r.IntN(5000)) // bursts with pauses
		} else {
			sec += int64(1 + r.IntN(20))
		}
		addAt(s, "bursty", sec, func(e *record.Exchange) { e.IP, e.Has = netip.MustParseAddr("10.9.9.9"), record.HasIP })
	}
	m, _ := s.Accounts.Lookup("metronome")
	b, _ := s.Accounts.Lookup("bursty")
	fm, fb := s.Features(m), s.Features(b)
	if !(fm.GapCV < 0.1 && fb.GapCV > 1.5) {
		t.Errorf("gap CV: metronome %.2f (want < 0.1), bursty %.2f (want > 1.5)", fm.GapCV, fb.GapCV)
	}
	if fm.AddressChange < 0.99 || fb.AddressChange != 0 {
		t.Errorf("address change: rotating %.2f (want 1), fixed %.2f (want 0)", fm.AddressChange, fb.AddressChange)
	}
	if fm.Addresses < 300 || fb.Addresses > 2 {
		t.Errorf("distinct addresses: rotating %.0f, fixed %.0f", fm.Addresses, fb.Addresses)
	}
}

func TestFinishBudgetsAndClients(t *testing.T) {
	s := NewStore(0)
	// Thirty accounts claim one SDK with its usual fingerprint; one claims it
	// from another TLS stack and always asks for the largest budget.
	for i := 0; i < 30; i++ {
		acct := string(rune('a'+i%26)) + string(rune('a'+i/26))
		for j := 0; j < 40; j++ {
			addAt(s, acct, int64(j*100), func(e *record.Exchange) {
				e.Model, e.UserAgent, e.ClientFP, e.MaxTokens = "m", "sdk/1.0", "fp-python", 1024
				e.Has = record.HasModel | record.HasUserAgent | record.HasClientFP | record.HasMaxTokens
			})
		}
	}
	for j := 0; j < 40; j++ {
		addAt(s, "odd", int64(j*100), func(e *record.Exchange) {
			e.Model, e.UserAgent, e.ClientFP, e.MaxTokens = "m", "sdk/1.0", "fp-go", 64000
			e.Has = record.HasModel | record.HasUserAgent | record.HasClientFP | record.HasMaxTokens
		})
	}
	s.Finish(nil)
	odd, _ := s.Accounts.Lookup("odd")
	normal, _ := s.Accounts.Lookup("aa")
	fo, fn := s.Features(odd), s.Features(normal)
	if fo.MaxBudget != 1 || fn.MaxBudget != 0 {
		t.Errorf("max budget share: odd %.2f (want 1), normal %.2f (want 0)", fo.MaxBudget, fn.MaxBudget)
	}
}

// TestFinishBudgetsSplit: the per-range histograms and counts of
// finishBudgets, summed, give what one pass over the columns gives, on
// random budgets over several models split over several cores.
func TestFinishBudgetsSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	s := NewStore(0)
	models := []string{"m1", "m2", "m3"}
	for i := 0; i < 20000; i++ {
		acct := "a" + strconv.Itoa(r.IntN(300))
		addAt(s, acct, int64(i), func(e *record.Exchange) {
			e.Model, e.Has = models[r.IntN(len(models))], record.HasModel
			if r.IntN(5) != 0 {
				e.MaxTokens, e.Has = 1+r.Int64N(int64(1)<<r.IntN(17)), e.Has|record.HasMaxTokens
			}
		})
	}
	// One pass, as the definition reads.
	hist := map[uint16]*[2 * maxTokBuckets]uint32{}
	for i, b := range s.MaxTokB {
		if b != 0 {
			if hist[s.Model[i]] == nil {
				hist[s.Model[i]] = new([2 * maxTokBuckets]uint32)
			}
			hist[s.Model[i]][b]++
		}
	}
	top := map[uint16]int{}
	for m, h := range hist {
		var total, above uint32
		for _, c := range h {
			total += c
		}
		for b := len(h) - 1; b > 0; b-- {
			if above += h[b]; above > total/1000 {
				top[m] = b
				break
			}
		}
	}
	want := make([]uint32, len(s.Behaviour))
	for i, b := range s.MaxTokB {
		if b != 0 && int(b)+2 >= top[s.Model[i]] {
			want[s.Acct[i]]++
		}
	}
	defer func(old int) { minBudgetSpan = old }(minBudgetSpan)
	minBudgetSpan = 3000
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // three uneven ranges
	s.Finish(nil)
	for a := range want {
		if got := s.Behaviour[a].MaxBudget; got != want[a] {
			t.Fatalf("account %d: MaxBudget %d, one pass gives %d", a, got, want[a])
		}
	}
	if slices.Max(want) == 0 {
		t.Fatal("no account near the budget top: the test checks nothing")
	}
}

// TestMaxTokBucketTable: the threshold table gives the buckets of the
// definition, round(√2·2^l) computed in floating point, at every threshold
// and beside it, and on random budgets.
func TestMaxTokBucketTable(t *testing.T) {
	def := func(v int64) uint8 {
		if v <= 1 {
			return 1
		}
		l := 63 - bits.LeadingZeros64(uint64(v))
		b := 2 * l
		if v >= int64(math.Round(math.Sqrt2*float64(int64(1)<<l))) {
			b++
		}
		if b+1 >= maxTokBuckets*2 {
			return maxTokBuckets*2 - 1
		}
		return uint8(b + 1)
	}
	vs := []int64{math.MinInt64, -1, 0, 1, 2, 3, math.MaxInt64}
	for l := 1; l < 63; l++ {
		h := halfSteps[l]
		vs = append(vs, h-1, h, h+1, int64(1)<<l, int64(1)<<l-1)
	}
	r := rand.New(rand.NewPCG(2, 2))
	for range 100000 {
		vs = append(vs, r.Int64N(int64(1)<<r.IntN(63)))
	}
	for _, v := range vs {
		if got, want := MaxTokBucket(v), def(v); got != want {
			t.Fatalf("MaxTokBucket(%d) = %d, definition %d", v, got, want)
		}
	}
}

// TestEncodeIPForMatchesEncodeIP: the per-account last-address shortcut
// gives every exchange the column value EncodeIP gives it, on accounts
// that alternate between IPv4 and a few IPv6 addresses.
func TestEncodeIPForMatchesEncodeIP(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	addrs := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("240.0.0.9"), netip.MustParseAddr("::")}
	for i := range 40 {
		addrs = append(addrs, netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(i)}))
	}
	s, ref := NewStore(0), NewStore(0)
	last := make([]lastAddr, 5)
	for range 20000 {
		a := addrs[r.IntN(len(addrs))]
		if r.IntN(2) == 0 {
			a = addrs[3+r.IntN(3)] // mostly a few repeated addresses
		}
		acct := r.IntN(len(last))
		if got, want := s.encodeIPFor(a, &last[acct]), ref.EncodeIP(a); got != want {
			t.Fatalf("%v for account %d: %#x, EncodeIP %#x", a, acct, got, want)
		}
	}
}

// TestCachedKeyID: the two-key cache gives every exchange the id the key
// dictionary gives, for accounts that alternate, rotate and repeat keys.
func TestCachedKeyID(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	d, ref := dict.NewSmall(), dict.New(0)
	type slots struct{ last, prev lastID }
	accts := make([]slots, 6)
	for range 20000 {
		a := r.IntN(len(accts))
		var k string
		switch a % 3 {
		case 0: // one key
			k = "key-" + strconv.Itoa(a)
		case 1: // two keys in turn, now and then a third
			k = "key-" + strconv.Itoa(a) + "-" + strconv.Itoa(r.IntN(2)+2*b2i(r.IntN(10) == 0))
		default: // many
			k = "key-" + strconv.Itoa(a) + "-" + strconv.Itoa(r.IntN(50))
		}
		if got, want := cachedKeyID(d, &accts[a].last, &accts[a].prev, dict.Hash(k), dict.Check(k), k), ref.ID(k); got != want {
			t.Fatalf("%s: cached %d, dictionary %d", k, got, want)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestAccountLayout holds Account to the layout Store.Warm relies on: a
// whole number of cache lines (so that every record of the table starts
// on one), the fields every exchange updates within the first six, and
// Warm's loads one in each of the first ten lines.
func TestAccountLayout(t *testing.T) {
	var a Account
	const line = 64
	if size := unsafe.Sizeof(a); size%line != 0 {
		t.Fatalf("Account is %d bytes, not a whole number of %d-byte lines", size, line)
	}
	ty := reflect.TypeOf(a)
	for _, name := range []string{"N", "First", "Last", "lastDay", "lastIP", "lastASN", "WithAddress", "gapN", "gapMean", "gapM2",
		"InTokens", "OutTokens", "Capabilities", "WithMaxTokens", "UA", "FP", "ASN", "Org", "Key", "Model", "MaxTok",
		"UAs", "FPs", "ASNs", "KeysSeen", "lastUA", "lastFP", "lastModel", "lastOrg", "lastKey", "turnSec", "turnN", "turnPos"} {
		f, ok := ty.FieldByName(name)
		if !ok {
			t.Fatalf("no field %s", name)
		}
		if end := f.Offset + f.Type.Size(); end > 6*line {
			t.Errorf("%s ends at byte %d, past the six lines every exchange updates", name, end)
		}
	}
	base := uintptr(unsafe.Pointer(&a))
	warmed := map[uintptr]bool{}
	for _, p := range []unsafe.Pointer{unsafe.Pointer(&a.N), unsafe.Pointer(&a.Capabilities[0]), unsafe.Pointer(&a.ASN.n[0]),
		unsafe.Pointer(&a.MaxTok.n[0]), unsafe.Pointer(&a.lastFP.id), unsafe.Pointer(&a.turnSec[0]), unsafe.Pointer(&a.Hours[0]),
		unsafe.Pointer(&a.Hours[16]), unsafe.Pointer(&a.Addresses[32]), unsafe.Pointer(&a.Addresses[96])} {
		warmed[(uintptr(p)-base)/line] = true
	}
	for l := uintptr(0); l < 10; l++ {
		if !warmed[l] {
			t.Errorf("Warm reads nothing in line %d", l)
		}
	}
	hours, _ := ty.FieldByName("Hours")
	addrs, _ := ty.FieldByName("Addresses")
	if end := addrs.Offset + addrs.Type.Size(); hours.Offset < 6*line || end > 10*line {
		t.Errorf("Hours and Addresses span bytes %d to %d, not within lines 6 to 9 that Warm reads", hours.Offset, end)
	}
}

// TestTemplateColumnStartsAtFirstTemplate: the template column stays empty
// while no exchange has a template, then lines up with the other columns,
// the exchanges before the first template reading as none.
func TestTemplateColumnStartsAtFirstTemplate(t *testing.T) {
	for _, reserve := range []int{0, 8} {
		s := NewStore(0)
		s.Reserve(reserve)
		add := func(tmpl uint32) {
			e := record.Exchange{TS: 1777000000e9, AccountID: "a"}
			s.Add(&e, &Signals{AcctHash: dict.Hash("a"), Template: tmpl})
		}
		add(0)
		add(0)
		if len(s.Tmpl) != 0 {
			t.Fatalf("reserve %d: %d template entries before any template", reserve, len(s.Tmpl))
		}
		add(7)
		add(0)
		add(9)
		if want := []uint32{0, 0, 7, 0, 9}; !slices.Equal(s.Tmpl, want) {
			t.Fatalf("reserve %d: template column %v, want %v", reserve, s.Tmpl, want)
		}
		if len(s.Tmpl) != s.Len() {
			t.Fatalf("reserve %d: %d template entries for %d exchanges", reserve, len(s.Tmpl), s.Len())
		}
	}
}
