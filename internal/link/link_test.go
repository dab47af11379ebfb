package link

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

func testConfig() *Config {
	c := &Config{
		WindowSeconds: 86400, AddressCap: 12, PrefixCap: 12, SetMassCap: 8,
		CandidateMinWeight: 1, ObjectPairs: 40, ObjectSample: 3,
		MinSimilarity: 0.08, MinShared: 5, MinFamilies: 2,
	}
	for k := Kind(1); k < NumKinds; k++ {
		c.KindWeight[k] = 1
	}
	return c
}

type fakeAccount struct {
	name      string
	n         int
	ua, fp    string
	ip        func(i int) string
	template  func(i int) uint32
	card      string
	verified  string
	createdAt int64
}

// build feeds accounts into a store, one exchange an hour each.
func build(accts []fakeAccount) *profile.Store {
	s := profile.NewStore(0)
	base := int64(1777000000)
	for _, a := range accts {
		if a.card != "" || a.verified != "" {
			s.AddAccount(&record.Account{AccountID: a.name, PaymentFP: a.card, Verification: a.verified, CreatedAt: a.createdAt})
		}
		for i := 0; i < a.n; i++ {
			e := record.Exchange{TS: (base + int64(i)*3600) * 1e9, AccountID: a.name, UserAgent: a.ua, ClientFP: a.fp,
				Has: record.HasUserAgent | record.HasClientFP}
			if a.ip != nil {
				e.IP, e.Has = netip.MustParseAddr(a.ip(i)), e.Has|record.HasIP
			}
			x := profile.Signals{AcctHash: dict.Hash(a.name), UAHash: dict.Hash(a.ua), FPHash: dict.Hash(a.fp)}
			if a.template != nil {
				x.Template = a.template(i)
			}
			s.Add(&e, &x)
		}
	}
	s.Finish(nil)
	return s
}

// population adds honest accounts with their own clients, addresses and
// templates, so that rarity weights mean something.
func population(n int) []fakeAccount {
	var out []fakeAccount
	for i := 0; i < n; i++ {
		i := i
		out = append(out, fakeAccount{
			name: fmt.Sprintf("honest-%d", i), n: 10,
			ua: fmt.Sprintf("sdk/%d", i%7), fp: fmt.Sprintf("fp-%d", i%5),
			ip:       func(int) string { return fmt.Sprintf("10.%d.%d.1", i/200, i%200) },
			template: func(j int) uint32 { return uint32(100000 + i*100 + j) },
		})
	}
	return out
}

func edgeBetween(g *Graph, s *profile.Store, a, b string) bool {
	x, _ := s.Accounts.Lookup(a)
	y, _ := s.Accounts.Lookup(b)
	if x > y {
		x, y = y, x
	}
	for _, e := range g.Edges {
		if e.A == x && e.B == y {
			return true
		}
	}
	return false
}

func TestEdges(t *testing.T) {
	accts := population(300)
	// Two accounts of one harness: same rare client, same templates.
	harness := func(name string) fakeAccount {
		return fakeAccount{name: name, n: 30, ua: "harness/1", fp: "fp-harness",
			ip:       func(i int) string { return fmt.Sprintf("192.0.%d.%d", i%250, len(name)+i) },
			template: func(i int) uint32 { return uint32(1 + i%5) }}
	}
	accts = append(accts, harness("h1"), harness("h2"))
	// Two strangers behind one NAT on the same day: one shared address, nothing else.
	nat := func(name string, tmpl uint32) fakeAccount {
		return fakeAccount{name: name, n: 5, ua: "app/" + name, fp: "fp-" + name,
			ip: func(int) string { return "198.51.100.9" }, template: func(i int) uint32 { return tmpl + uint32(i) }}
	}
	accts = append(accts, nat("n1", 5000), nat("n2", 6000))
	// Two accounts paying with one card, otherwise unalike: one family only.
	accts = append(accts,
		fakeAccount{name: "c1", n: 5, ua: "x/1", fp: "fx1", card: "card-1"},
		fakeAccount{name: "c2", n: 5, ua: "x/2", fp: "fx2", card: "card-1"})
	s := build(accts)
	g := Build(s, testConfig())
	if !edgeBetween(g, s, "h1", "h2") {
		t.Error("two accounts of one harness are not linked")
	}
	if edgeBetween(g, s, "n1", "n2") {
		t.Error("two strangers behind one NAT are linked by the address alone")
	}
	if edgeBetween(g, s, "c1", "c2") {
		t.Error("a shared card alone (one evidence family) made an edge")
	}
	for _, e := range g.Edges {
		a, b := s.Accounts.String(e.A), s.Accounts.String(e.B)
		if a[:2] == "ho" && b[:2] == "ho" {
			t.Fatalf("honest accounts %s and %s linked", a, b)
		}
	}
}

// TestAddressCap: an address shared by more accounts in a window than the
// cap is a gateway and yields no object.
func TestAddressCap(t *testing.T) {
	var accts []fakeAccount
	for i := 0; i < 20; i++ {
		accts = append(accts, fakeAccount{name: fmt.Sprint("m", i), n: 2, ua: "app", fp: "fp",
			ip: func(int) string { return "100.64.0.1" }})
	}
	for i := 0; i < 3; i++ {
		accts = append(accts, fakeAccount{name: fmt.Sprint("s", i), n: 2, ua: "app", fp: "fp",
			ip: func(int) string { return "203.0.113.50" }})
	}
	s := build(accts)
	cfg := testConfig()
	g := Build(s, cfg)
	found := map[string]bool{}
	for i, k := range g.Objects.Kind {
		if k == KindAddressDay {
			_, v := g.Objects.Describe(s, uint32(i))
			found[v] = true
		}
	}
	if found["100.64.0.1"] {
		t.Error("an address shared by 20 accounts in a day (cap 12) became an object")
	}
	if !found["203.0.113.50"] {
		t.Error("an address shared by 3 accounts in a day did not become an object")
	}
}

// TestSimilaritySymmetric is a property test over random object sets.
func TestSimilaritySymmetric(t *testing.T) {
	s := build(population(200))
	g := Build(s, testConfig())
	r := rand.New(rand.NewPCG(1, 1))
	cfg := testConfig()
	for i := 0; i < 2000; i++ {
		a, b := uint32(1+r.IntN(s.NumAccounts())), uint32(1+r.IntN(s.NumAccounts()))
		s1, w1 := Similarity(g.Objects, a, b, cfg)
		s2, w2 := Similarity(g.Objects, b, a, cfg)
		if s1 != s2 || w1 != w2 || s1 < 0 || s1 > 1 {
			t.Fatalf("Similarity(%d,%d) = %v,%v but reversed %v,%v", a, b, s1, w1, s2, w2)
		}
		if a == b && s.Behaviour[a].N > 0 && len(g.Objects.Of(a)) > 0 && s1 != 1 {
			t.Fatalf("self-similarity of %d is %v", a, s1)
		}
	}
}

// TestPopularObjectRing: a popular object proposes a ring per holder, which
// keeps all holders connected without a quadratic number of pairs.
func TestPopularObjectRing(t *testing.T) {
	o := &Objects{Kind: []Kind{KindTemplate}, Weight: []float32{3}, DF: []uint32{500}}
	o.Off = make([]uint32, 502)
	for a := 1; a <= 500; a++ {
		o.Obj = append(o.Obj, 0)
		o.Off[a+1] = uint32(a)
	}
	o.Off[0], o.Off[1] = 0, 0
	cfg := testConfig()
	pairs := candidates(o, cfg)
	if len(pairs) > 500*cfg.ObjectSample {
		t.Fatalf("%d pairs for 500 holders, want at most %d", len(pairs), 500*cfg.ObjectSample)
	}
	u := NewUnionFind(502)
	for _, p := range pairs {
		u.Union(uint32(p>>32), uint32(p))
	}
	root := u.Find(1)
	for a := uint32(2); a <= 500; a++ {
		if u.Find(a) != root {
			t.Fatalf("holder %d not connected to the others", a)
		}
	}
}

// referenceSimilarity is similarity as a plain merge over both object
// lists, looking up every object and summing the union as it goes: the
// definition the per-account totals and the search must reproduce.
func referenceSimilarity(o *Objects, a, b uint32, cfg *Config) (sim, shared float64, families int) {
	x, y := o.Of(a), o.Of(b)
	var ov overlap
	alone := func(ob uint32) {
		if w, k := float64(o.Weight[ob]), o.Kind[ob]; k.IsSet() {
			ov.setUnion[SetIndex(k)] += w
		} else {
			ov.union += w
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case j >= len(y) || (i < len(x) && x[i] < y[j]):
			alone(x[i])
			i++
		case i >= len(x) || y[j] < x[i]:
			alone(y[j])
			j++
		default:
			alone(x[i])
			ov.sharedObject(float64(o.Weight[x[i]]), o.Kind[x[i]])
			i++
			j++
		}
	}
	return ov.result(o, a, b, cfg)
}

// TestSimilarityMatchesReference: the totals-based similarity (which reads
// only shared objects, and gallops through a much longer list) gives what
// the plain merge gives, on random pairs and on pairs that share objects.
func TestSimilarityMatchesReference(t *testing.T) {
	s := build(population(300))
	cfg := testConfig()
	g := Build(s, cfg)
	o := g.Objects
	r := rand.New(rand.NewPCG(7, 7))
	var m marker
	check := func(a, b uint32) {
		t.Helper()
		s1, w1, f1 := similarity(o, a, b, cfg)
		s2, w2, f2 := referenceSimilarity(o, a, b, cfg)
		if math.Abs(s1-s2) > 1e-9 || math.Abs(w1-w2) > 1e-9*max(1, w2) || f1 != f2 {
			t.Fatalf("similarity(%d,%d) = %v,%v,%d; reference %v,%v,%d", a, b, s1, w1, f1, s2, w2, f2)
		}
		// The marked path verify takes counts in the same order: equal to
		// the bit, whichever account was marked before.
		m.load(o, a)
		if s3, w3, f3 := similarityMarked(o, &m, a, b, cfg); s3 != s1 || w3 != w1 || f3 != f1 {
			t.Fatalf("similarityMarked(%d,%d) = %v,%v,%d; similarity %v,%v,%d", a, b, s3, w3, f3, s1, w1, f1)
		}
	}
	n := s.NumAccounts()
	for i := 0; i < 3000; i++ {
		check(uint32(1+r.IntN(n)), uint32(1+r.IntN(n)))
	}
	sharing := 0
	for _, p := range candidates(o, cfg) {
		a, b := uint32(p>>32), uint32(p)
		check(a, b)
		if _, w, _ := similarity(o, a, b, cfg); w > 0 {
			sharing++
		}
	}
	if sharing == 0 {
		t.Fatal("no candidate pair shares weight: the shared-object path went untested")
	}
}

// TestSimilarityGallop: a heavy account against a light one (the search
// path) agrees with the plain merge.
func TestSimilarityGallop(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	o := &Objects{}
	const nobj = 2000
	for i := 0; i < nobj; i++ {
		k := []Kind{KindAddressDay, KindTemplate, KindClient, KindFingerprint, KindNetwork}[r.IntN(5)]
		o.Kind = append(o.Kind, k)
		o.Weight = append(o.Weight, float32(0.5+3*r.Float64()))
	}
	heavy, light := map[uint32]bool{}, map[uint32]bool{}
	for len(heavy) < 900 {
		heavy[uint32(r.IntN(nobj))] = true
	}
	for len(light) < 12 {
		light[uint32(r.IntN(nobj))] = true
	}
	o.Off = []uint32{0}
	for _, set := range []map[uint32]bool{heavy, light} {
		for ob := uint32(0); ob < nobj; ob++ {
			if set[ob] {
				o.Obj = append(o.Obj, ob)
			}
		}
		o.Off = append(o.Off, uint32(len(o.Obj)))
	}
	cfg := testConfig()
	for _, ab := range [][2]uint32{{0, 1}, {1, 0}} {
		s1, w1, f1 := similarity(o, ab[0], ab[1], cfg)
		s2, w2, f2 := referenceSimilarity(o, ab[0], ab[1], cfg)
		if math.Abs(s1-s2) > 1e-9 || math.Abs(w1-w2) > 1e-9 || f1 != f2 {
			t.Fatalf("similarity%v = %v,%v,%d; reference %v,%v,%d", ab, s1, w1, f1, s2, w2, f2)
		}
	}
}

// TestSortKeys checks the radix sort against the standard library on
// shapes that exercise its skipped digits, short inputs and equal keys.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var scratch []uint64
	for _, tc := range []struct {
		name string
		n    int
		gen  func() uint64
	}{
		{"empty", 0, r.Uint64},
		{"short", 200, r.Uint64},
		{"full 64-bit", 5000, r.Uint64},
		{"address and account", 20000, func() uint64 { return uint64(r.IntN(3_000_000))<<32 | uint64(r.IntN(150_000)) }},
		{"one address", 3000, func() uint64 { return 7<<32 | uint64(r.IntN(1000)) }},
		{"all equal", 1000, func() uint64 { return 42 }},
		{"high bits only", 4000, func() uint64 { return uint64(r.IntN(4)) << 62 }},
	} {
		keys := make([]uint64, tc.n)
		for i := range keys {
			keys[i] = tc.gen()
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		var got []uint64
		got, scratch = sortKeys(keys, scratch)
		if !slices.Equal(got, want) {
			t.Errorf("%s: radix sort differs from slices.Sort", tc.name)
		}
	}
}

// TestSetKinds: SetKinds lists exactly the many-valued kinds, in kind
// order, each at its SetIndex; similarity's sums rely on both.
func TestSetKinds(t *testing.T) {
	n := 0
	for k := Kind(1); k < NumKinds; k++ {
		if !k.IsSet() {
			continue
		}
		if i := SetIndex(k); SetKinds[i] != k {
			t.Errorf("%v: SetIndex %d holds %v", k, i, SetKinds[i])
		}
		n++
	}
	if n != NumSetKinds {
		t.Errorf("%d set kinds, NumSetKinds is %d", n, NumSetKinds)
	}
	for i := 1; i < NumSetKinds; i++ {
		if SetKinds[i-1] >= SetKinds[i] {
			t.Errorf("SetKinds out of kind order: %v", SetKinds)
		}
	}
}

// TestCandidatesSplit: however many cores the pairs are proposed on, the
// candidates are the same set, and a popular object's ring is part of it.
func TestCandidatesSplit(t *testing.T) {
	s := build(population(300))
	cfg := testConfig()
	o := Build(s, cfg).Objects
	cfg.Workers = 1
	want := candidates(o, cfg)
	if len(want) == 0 {
		t.Fatal("no candidates: the test checks nothing")
	}
	for _, w := range []int{2, 3, 5} {
		cfg.Workers = w
		if got := candidates(o, cfg); !slices.Equal(got, want) {
			t.Fatalf("%d workers: %d candidates, one worker %d", w, len(got), len(want))
		}
	}
}

// TestMergeSorted: merging sorted lists of distinct keys gives the sorted
// distinct keys of all of them.
func TestMergeSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for n := 0; n < 200; n++ {
		var lists [][]uint64
		var all []uint64
		for range r.IntN(6) {
			var l []uint64
			for range r.IntN(50) {
				l = append(l, uint64(r.IntN(80)))
			}
			slices.Sort(l)
			l = slices.Compact(l)
			lists = append(lists, l)
			all = append(all, l...)
		}
		slices.Sort(all)
		all = slices.Compact(all)
		if got := mergeSorted(lists); !slices.Equal(got, all) && len(all)+len(got) > 0 {
			t.Fatalf("mergeSorted(%v) = %v, want %v", lists, got, all)
		}
	}
}

// TestBuildSplit: the linking stage gives the same objects and edges
// however many cores it runs on (co-activity's counting sort and windows,
// the pair proposals, verification).
func TestBuildSplit(t *testing.T) {
	accts := population(300)
	// Six accounts of one harness behind a few shared addresses, over
	// several days: co-activity objects and edges.
	for h := range 6 {
		accts = append(accts, fakeAccount{name: fmt.Sprintf("h%d", h), n: 80, ua: "harness/1", fp: "fp-harness",
			ip:       func(i int) string { return fmt.Sprintf("192.0.2.%d", (i+h)%4) },
			template: func(i int) uint32 { return uint32(1 + i%5) }})
	}
	s := build(accts)
	cfg := testConfig()
	cfg.Workers = 1
	want := Build(s, cfg)
	if len(want.Edges) == 0 || len(want.Objects.Kind) == 0 {
		t.Fatal("no edges or objects: the test checks nothing")
	}
	for _, w := range []int{2, 3} {
		cfg.Workers = w
		got := Build(s, cfg)
		if !reflect.DeepEqual(got.Objects, want.Objects) || !slices.Equal(got.Edges, want.Edges) {
			t.Fatalf("%d workers: %d objects, %d edges; one worker %d, %d", w, len(got.Objects.Kind), len(got.Edges), len(want.Objects.Kind), len(want.Edges))
		}
	}
}

// TestKindTraitsMatchDefinitions: the tabulated kind predicates answer as
// the definitions they are built from, for every kind byte.
func TestKindTraitsMatchDefinitions(t *testing.T) {
	for i := 0; i < 256; i++ {
		k := Kind(i)
		if k.Family() != k.family() || k.coarse() != k.isCoarse() || k.CountsAsEvidence() != k.countsAsEvidence() ||
			k.IsSet() != k.isSet() || SetIndex(k) != setIndex(k) {
			t.Errorf("kind %d: table %d %v %v %v %d, definitions %d %v %v %v %d", i,
				k.Family(), k.coarse(), k.CountsAsEvidence(), k.IsSet(), SetIndex(k),
				k.family(), k.isCoarse(), k.countsAsEvidence(), k.isSet(), setIndex(k))
		}
		for _, w := range []float64{0, FingerprintMinWeight - 1e-9, FingerprintMinWeight, 3} {
			f := k.family()
			if want := (f == 3 || f == 4) && w >= FingerprintMinWeight; k.IsFingerprint(w) != want {
				t.Errorf("kind %d weight %v: IsFingerprint %v, want %v", i, w, k.IsFingerprint(w), want)
			}
		}
	}
}

// TestWindowsRunsMatchBuckets: in a time-ordered log, each window's runs
// of the columns list the same (address, account) keys in the same order
// as the counting sort that any log can take; an unordered log takes the
// counting sort.
func TestWindowsRunsMatchBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	s := profile.NewStore(0)
	sec := int64(1777000000)
	for i := 0; i < 5000; i++ {
		sec += int64(r.IntN(300)) // some exchanges share a second
		name := fmt.Sprintf("a%d", r.IntN(40))
		e := record.Exchange{TS: sec * 1e9, AccountID: name}
		if r.IntN(5) > 0 { // a fifth without an address
			e.IP, e.Has = netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(4)), byte(r.IntN(8))}), record.HasIP
		}
		s.Add(&e, &profile.Signals{AcctHash: dict.Hash(name)})
	}
	const w = 86400
	lo, hi := s.FirstSec/w, s.LastSec/w
	nw := int(hi-lo) + 1
	if nw < 5 {
		t.Fatalf("only %d windows: the test checks little", nw)
	}
	runs := windowsOf(s, w, lo, nw, 2)
	if runs.run == nil {
		t.Fatal("a time-ordered log was bucketed")
	}
	buckets := bucketWindows(s, w, lo, nw, 3)
	total := 0
	for b := 0; b < nw; b++ {
		got, want := runs.keys(s, b, 32, nil), buckets.keys(s, b, 32, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("window %d: runs give %d keys, buckets %d", b, len(got), len(want))
		}
		total += len(got)
	}
	withIP := 0
	for _, ip := range s.IP {
		withIP += b2i(ip != 0)
	}
	if total != withIP {
		t.Fatalf("windows list %d exchanges, %d have an address", total, withIP)
	}
	s.Sec[10] = s.Sec[11] + 1
	if windowsOf(s, w, lo, nw, 2).run != nil {
		t.Fatal("an unordered log was taken as runs")
	}
}
